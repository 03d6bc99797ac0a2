#include "grip/patrol/gps_ingest.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <deque>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "grip/core/errors.hpp"
#include "grip/core/officer_pseudonym.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/geo/projection.hpp"
#include "grip/ingest/source_text.hpp"
#include "grip/patrol/fix_buckets.hpp"
#include "grip/patrol/hotspot_zones.hpp"
#include "grip/store/gps_tables.hpp"
#include "grip/store/hotspot_tables.hpp"

namespace grip::patrol {
namespace {

const std::vector<std::string> kOfficerNames = {"officer_id", "officer", "device_id", "device", "callsign",
                                                "radio_id",   "unit_id", "collar",    "badge"};
const std::vector<std::string> kTimeNames = {"time",        "timestamp", "datetime",
                                             "recorded_at", "fix_time",  "time_utc"};
const std::vector<std::string> kLongitudeNames = {"longitude", "lon", "lng", "long"};
const std::vector<std::string> kLatitudeNames = {"latitude", "lat"};
const std::vector<std::string> kEastingNames = {"easting", "x"};
const std::vector<std::string> kNorthingNames = {"northing", "y"};
const std::vector<std::string> kAccuracyNames = {"accuracy_m", "accuracy", "horizontal_accuracy", "hacc"};
constexpr std::size_t kPingBuckets = 64;

// Splits one CSV line (RFC 4180 quotes, no line breaks inside a field: a ping file has none).
// Quoted fields are unescaped into `unquoted`, a deque so earlier views stay valid.
std::vector<std::string_view> split_line(std::string_view line, std::deque<std::string>& unquoted) {
  std::vector<std::string_view> fields;
  unquoted.clear();
  std::size_t pos = 0;
  while (true) {
    if (pos < line.size() && line[pos] == '"') {
      std::string& value = unquoted.emplace_back();
      for (++pos; pos < line.size(); ++pos) {
        if (line[pos] != '"') {
          value.push_back(line[pos]);
        } else if (pos + 1 < line.size() && line[pos + 1] == '"') {
          value.push_back('"');
          ++pos;
        } else {
          ++pos;
          break;
        }
      }
      fields.emplace_back(value);
    } else {
      const std::size_t comma = line.find(',', pos);
      fields.push_back(
          line.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    }
    const std::size_t comma = line.find(',', pos);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return fields;
}

int find(const std::vector<std::string>& header, const std::vector<std::string>& names) {
  for (const std::string& name : names)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
  return -1;
}

struct Columns {
  int officer = -1, time = -1, lon = -1, lat = -1, east = -1, north = -1, accuracy = -1;
  [[nodiscard]] bool geographic() const { return lon >= 0 && lat >= 0; }
  [[nodiscard]] bool complete() const {
    return officer >= 0 && time >= 0 && (geographic() || (east >= 0 && north >= 0));
  }
};

Columns columns_of(const std::vector<std::string>& header) {
  Columns c;
  c.officer = find(header, kOfficerNames);
  c.time = find(header, kTimeNames);
  c.lon = find(header, kLongitudeNames);
  c.lat = find(header, kLatitudeNames);
  c.east = find(header, kEastingNames);
  c.north = find(header, kNorthingNames);
  c.accuracy = find(header, kAccuracyNames);
  return c;
}

std::vector<std::string> header_keys(std::string_view line) {
  std::deque<std::string> unquoted;
  std::vector<std::string> keys;
  for (std::string_view field : split_line(line, unquoted)) keys.push_back(lower_trimmed(field));
  return keys;
}

bool parse_number(std::string_view text, double& value) {
  text = trim(text);
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() && std::isfinite(value);
}

std::string iso(long long seconds) { return format_iso(civil_time_in_zone(seconds, "UTC")) + "Z"; }

}  // namespace

bool looks_like_ping_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return false;
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto keys = header_keys(line);
  for (const std::string& key : keys)
    if (key.find("crime") != std::string::npos || key == "category" || key == "offence") return false;
  return columns_of(keys).complete();
}

namespace {

// One ping file read in blocks: header, rows turned into fixes spread over officer buckets, the
// raw ids replaced by pseudonyms as each row is read, every byte hashed and checked to be text.
struct PingFileReader {
  static constexpr std::size_t kBlockBytes = std::size_t{8} << 20;

  PingFileReader(const std::filesystem::path& file, const OfficerPseudonymiser& pseudonymiser,
                 GpsIngestSummary& s)
      : name(file.string()), pseudonymiser_(pseudonymiser), summary(s) {}

  // Reads the whole file into `buckets`; returns the content hash.
  std::string read(const std::filesystem::path& file, FixBuckets& buckets) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(name, 0, "cannot open file");
    ingest::ContentHasher hasher;
    std::string buffer;
    bool start = true;
    std::size_t body_bytes = 0;
    while (true) {
      const std::size_t old = buffer.size();
      buffer.resize(old + kBlockBytes);
      in.read(buffer.data() + old, static_cast<std::streamsize>(kBlockBytes));
      const auto got = static_cast<std::size_t>(in.gcount());
      buffer.resize(old + got);
      hasher.update(std::string_view(buffer).substr(old, got));
      const bool at_end = got < kBlockBytes;
      if (start && (buffer.size() >= 3 || at_end)) {
        if (buffer.rfind("\xEF\xBB\xBF", 0) == 0) buffer.erase(0, 3);
        start = false;
      }
      std::size_t end = buffer.size();
      if (!at_end) {
        const std::size_t newline = buffer.rfind('\n');
        if (newline == std::string::npos) continue;  // a line longer than a block: read on
        end = newline + 1;
      }
      const std::string_view lines(buffer.data(), end);
      ingest::require_text(lines, name, line_number_ + 1);
      body_bytes += lines.size();
      read_lines(lines, buckets);
      buffer.erase(0, end);
      if (at_end) break;
    }
    if (body_bytes == 0) throw InputError(name, 0, "file is empty");
    if (!header_seen_) throw InputError(name, 1, "no header line");
    officer_index_.clear();  // the raw ids are no longer needed: only pseudonyms go further
    return hasher.hex();
  }

  const std::string name;
  Columns columns;
  std::vector<std::string> officer_pseudonyms;

 private:
  void read_lines(std::string_view lines, FixBuckets& buckets) {
    std::size_t pos = 0;
    while (pos < lines.size()) {
      const std::size_t end = lines.find('\n', pos);
      std::string_view line =
          lines.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
      pos = end == std::string_view::npos ? lines.size() : end + 1;
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!header_seen_) {
        header(line);
        continue;
      }
      if (trim(line).empty()) continue;
      row(line, buckets);
    }
  }

  void header(std::string_view line) {
    header_seen_ = true;
    keys_ = header_keys(line);
    columns = columns_of(keys_);
    if (!columns.complete()) {
      throw InputError(name, 1,
                       "a ping file needs an officer or device id column (" + kOfficerNames[0] + ", " +
                           kOfficerNames[2] +
                           "...), a time column (time, timestamp...) and longitude/latitude "
                           "or easting/northing");
    }
  }

  void reject(const char* reason) {
    ++summary.rows_rejected;
    if (summary.reject_examples.size() < 5)
      summary.reject_examples.push_back(fmt::format("line {}: {}", line_number_, reason));
  }

  void row(std::string_view line, FixBuckets& buckets) {
    ++summary.rows_read;
    const auto fields = split_line(line, unquoted_);
    if (fields.size() != keys_.size()) return reject("wrong number of fields");
    const std::string_view raw_id = trim(fields[static_cast<std::size_t>(columns.officer)]);
    if (raw_id.empty()) return reject("no officer or device id");
    const auto when = parse_utc_instant(fields[static_cast<std::size_t>(columns.time)]);
    if (!when) return reject("unreadable time");
    double a = 0, b = 0, accuracy = 0;
    const int first = columns.geographic() ? columns.lon : columns.east;
    const int second = columns.geographic() ? columns.lat : columns.north;
    if (!parse_number(fields[static_cast<std::size_t>(first)], a) ||
        !parse_number(fields[static_cast<std::size_t>(second)], b) ||
        (columns.geographic() && (a < -180 || a > 180 || b < -90 || b > 90))) {
      return reject("unreadable position");
    }
    if (columns.accuracy >= 0) {
      const std::string_view text = trim(fields[static_cast<std::size_t>(columns.accuracy)]);
      if (!text.empty() && (!parse_number(text, accuracy) || accuracy < 0))
        return reject("unreadable accuracy");
    }
    auto [it, added] =
        officer_index_.try_emplace(std::string(raw_id), static_cast<std::uint32_t>(officer_index_.size()));
    if (added) officer_pseudonyms.push_back(pseudonymiser_.pseudonym(raw_id));
    buckets.add({it->second, *when, a, b, accuracy});
  }

  const OfficerPseudonymiser& pseudonymiser_;
  GpsIngestSummary& summary;
  bool header_seen_ = false;
  std::int64_t line_number_ = 0;
  std::vector<std::string> keys_;
  std::deque<std::string> unquoted_;
  std::unordered_map<std::string, std::uint32_t> officer_index_;
};

void add_counts(CleaningCounts& total, const CleaningCounts& part) {
  total.kept += part.kept;
  total.imprecise += part.imprecise;
  total.duplicate += part.duplicate;
  total.jump += part.jump;
  total.outside += part.outside;
}

}  // namespace

GpsIngestSummary ingest_ping_csv(store::Store& store, const std::filesystem::path& file,
                                 const GpsIngestOptions& options) {
  GpsIngestSummary summary;
  summary.file = file.string();
  store::WriteTransaction transaction(store);
  const store::SelectedHotspots selected = store::read_selected_hotspots(store);
  if (selected.run_id == 0 || selected.hotspots.empty()) {
    throw UsageError("no selected hotspots in " + store.path() +
                     ": run 'grip hotspots' before ingesting patrol GPS, which is measured against them");
  }
  const auto crs = store.crs();
  if (!crs) throw UsageError(store.path() + " has no CRS yet: ingest incidents first");
  const PatrolZones zones(hotspot_zone_polygons(selected), options.buffer_m);
  const OfficerPseudonymiser pseudonymiser(store::read_or_create_pseudonym_key(store));

  // Pass 1: rows to fixes, by officer bucket (fix_buckets.hpp), in bounded memory.
  FixBuckets buckets(kPingBuckets);
  PingFileReader reader(file, pseudonymiser, summary);
  const std::string content_hash = reader.read(file, buckets);
  if (const auto previous = store::find_gps_batch(store, content_hash)) {
    summary = GpsIngestSummary{};
    summary.file = file.string();
    summary.already_ingested = true;
    summary.batch_id = *previous;
    return summary;
  }
  // Pass 2: each bucket projected, cleaned, assigned to hotspots and cut into visits.
  const geo::Projector projector(crs->code);
  std::vector<store::GpsVisitRow> rows;
  for (std::size_t bucket = 0; bucket < buckets.buckets(); ++bucket) {
    std::vector<GpsFix> fixes = buckets.take(bucket);
    if (fixes.empty()) continue;
    std::vector<double> xs(fixes.size()), ys(fixes.size());
    if (reader.columns.geographic()) {
      for (std::size_t i = 0; i < fixes.size(); ++i) xs[i] = fixes[i].x, ys[i] = fixes[i].y;
      projector.forward(xs, ys);
      for (std::size_t i = 0; i < fixes.size(); ++i) fixes[i].x = xs[i], fixes[i].y = ys[i];
    }
    add_counts(summary.cleaning, clean_fixes(fixes, options.cleaning));
    xs.resize(fixes.size());
    ys.resize(fixes.size());
    for (std::size_t i = 0; i < fixes.size(); ++i) xs[i] = fixes[i].x, ys[i] = fixes[i].y;
    std::vector<std::int32_t> zone_ids(fixes.size());
    zones.assign(xs, ys, zone_ids);
    for (const Visit& v : detect_visits(fixes, zone_ids, options.visits)) {
      store::GpsVisitRow row;
      row.hotspot_id = selected.hotspots[static_cast<std::size_t>(v.zone)].id;
      row.officer = reader.officer_pseudonyms[v.officer];
      row.first_in = iso(v.first_in_s);
      row.last_in = iso(v.last_in_s);
      row.entry_earliest = iso(v.entry_earliest_s);
      row.exit_latest = iso(v.exit_latest_s);
      row.minutes = v.minutes;
      row.minutes_low = v.minutes_low;
      row.minutes_high = v.minutes_high;
      row.fixes = v.fixes;
      row.verified = v.verified;
      rows.push_back(std::move(row));
      summary.verified += v.verified ? 1 : 0;
      summary.in_koper_band += v.in_koper_band() ? 1 : 0;
      summary.minutes += v.minutes;
      summary.minutes_low += v.minutes_low;
      summary.minutes_high += v.minutes_high;
    }
    if (options.keep_pings_days > 0) buckets.put(bucket, fixes);
  }
  summary.officers = static_cast<std::int64_t>(reader.officer_pseudonyms.size());
  summary.visits = static_cast<std::int64_t>(rows.size());
  summary.hotspot_run_id = selected.run_id;

  store::GpsBatchRow batch;
  batch.file = reader.name;
  batch.content_hash = content_hash;
  batch.ingested_at = utc_now_iso();
  batch.hotspot_run_id = selected.run_id;
  batch.rows_read = summary.rows_read;
  batch.rows_rejected = summary.rows_rejected;
  batch.fixes_kept = summary.cleaning.kept;
  batch.dropped_imprecise = summary.cleaning.imprecise;
  batch.dropped_duplicate = summary.cleaning.duplicate;
  batch.dropped_jump = summary.cleaning.jump;
  batch.dropped_outside = summary.cleaning.outside;
  batch.officers = summary.officers;
  batch.visits = summary.visits;
  batch.buffer_m = options.buffer_m;
  batch.bridge_s = options.visits.bridge_s;
  summary.batch_id = store::write_gps_batch(store, batch, rows);
  // Pass 3, only under a retention setting: the cleaned fixes, bucket by bucket.
  if (options.keep_pings_days > 0) {
    const auto now = parse_utc_instant(utc_now_iso());
    const long long keep_s = options.keep_pings_days * 86400;
    for (std::size_t bucket = 0; bucket < buckets.buckets(); ++bucket) {
      std::vector<store::GpsPingRow> pings;
      for (const GpsFix& f : buckets.take(bucket)) {
        if (now && f.time_s + keep_s <= *now) continue;
        pings.push_back({reader.officer_pseudonyms[f.officer], iso(f.time_s), iso(f.time_s + keep_s), f.x,
                         f.y, f.accuracy_m});
      }
      if (pings.empty()) continue;
      store::write_gps_pings(store, summary.batch_id, pings);
      summary.pings_kept += static_cast<std::int64_t>(pings.size());
    }
  }
  transaction.commit();
  return summary;
}

std::string to_text(const GpsIngestSummary& s) {
  if (s.already_ingested) {
    return fmt::format("{}  [patrol GPS]  already ingested as GPS batch {}; nothing added\n", s.file,
                       s.batch_id);
  }
  std::string out = fmt::format("{}  [patrol GPS]  GPS batch {}, measured against hotspot run {}\n", s.file,
                                s.batch_id, s.hotspot_run_id);
  out += fmt::format(
      "  rows read {}, rejected {}; fixes kept {}, dropped: {} imprecise, {} duplicate, {} jump, {} "
      "outside\n",
      s.rows_read, s.rows_rejected, s.cleaning.kept, s.cleaning.imprecise, s.cleaning.duplicate,
      s.cleaning.jump, s.cleaning.outside);
  for (const std::string& example : s.reject_examples) out += "    rejected " + example + "\n";
  out += fmt::format(
      "  {} officers (pseudonymised; raw ids not stored), {} hotspot visits, {} verified, {} in the 10-15 "
      "minute "
      "Koper band\n",
      s.officers, s.visits, s.verified, s.in_koper_band);
  out += fmt::format("  minutes in hotspots {:.0f} (interval {:.0f} to {:.0f}); {}\n", s.minutes,
                     s.minutes_low, s.minutes_high,
                     s.pings_kept > 0 ? fmt::format("{} cleaned fixes kept until they expire", s.pings_kept)
                                      : std::string("raw fixes not kept"));
  return out;
}

std::int64_t purge_expired_pings(store::Store& store, long long now_s) {
  store::WriteTransaction transaction(store);
  const std::int64_t purged = store::purge_expired_gps_pings(store, iso(now_s));
  transaction.commit();
  return purged;
}

}  // namespace grip::patrol
