#include "grip/patrol/gps_ingest.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <deque>
#include <fstream>
#include <map>
#include <optional>
#include <unordered_map>

#include "grip/core/errors.hpp"
#include "grip/core/officer_pseudonym.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/geo/projection.hpp"
#include "grip/ingest/source_text.hpp"
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

GpsIngestSummary ingest_ping_csv(store::Store& store, const std::filesystem::path& file,
                                 const GpsIngestOptions& options) {
  const ingest::SourceText source = ingest::read_source(file);
  ingest::require_text(source);
  GpsIngestSummary summary;
  summary.file = source.name;

  store::WriteTransaction transaction(store);
  if (const auto previous = store::find_gps_batch(store, source.content_hash)) {
    summary.already_ingested = true;
    summary.batch_id = *previous;
    return summary;
  }
  const store::SelectedHotspots selected = store::read_selected_hotspots(store);
  if (selected.run_id == 0 || selected.hotspots.empty()) {
    throw UsageError("no selected hotspots in " + store.path() +
                     ": run 'grip hotspots' before ingesting patrol GPS, which is measured against them");
  }
  const auto crs = store.crs();
  if (!crs) throw UsageError(store.path() + " has no CRS yet: ingest incidents first");
  const PatrolZones zones(hotspot_zone_polygons(selected), options.buffer_m);
  const OfficerPseudonymiser pseudonymiser(store::read_or_create_pseudonym_key(store));

  std::string_view body = source.body();
  std::size_t line_end = body.find('\n');
  std::string_view header_line = body.substr(0, line_end);
  if (!header_line.empty() && header_line.back() == '\r') header_line.remove_suffix(1);
  const auto keys = header_keys(header_line);
  const Columns columns = columns_of(keys);
  if (!columns.complete()) {
    throw InputError(source.name, 1,
                     "a ping file needs an officer or device id column (" + kOfficerNames[0] + ", " +
                         kOfficerNames[2] +
                         "...), a time column (time, timestamp...) and longitude/latitude "
                         "or easting/northing");
  }
  std::unordered_map<std::string, std::uint32_t> officer_index;
  std::vector<std::string> officer_pseudonyms;
  std::vector<GpsFix> fixes;
  std::vector<double> lon, lat;
  std::map<std::string, std::int64_t> reject_counts;
  const auto reject = [&](std::int64_t line, const char* reason) {
    ++summary.rows_rejected;
    ++reject_counts[reason];
    if (summary.reject_examples.size() < 5)
      summary.reject_examples.push_back(fmt::format("line {}: {}", line, reason));
  };
  std::deque<std::string> unquoted;
  std::int64_t line_number = 1;
  std::size_t pos = line_end == std::string_view::npos ? body.size() : line_end + 1;
  while (pos < body.size()) {
    ++line_number;
    const std::size_t end = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? body.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    ++summary.rows_read;
    const auto fields = split_line(line, unquoted);
    if (fields.size() != keys.size()) {
      reject(line_number, "wrong number of fields");
      continue;
    }
    const std::string_view raw_id = trim(fields[static_cast<std::size_t>(columns.officer)]);
    if (raw_id.empty()) {
      reject(line_number, "no officer or device id");
      continue;
    }
    const auto when = parse_utc_instant(fields[static_cast<std::size_t>(columns.time)]);
    if (!when) {
      reject(line_number, "unreadable time");
      continue;
    }
    double a = 0, b = 0, accuracy = 0;
    const int first = columns.geographic() ? columns.lon : columns.east;
    const int second = columns.geographic() ? columns.lat : columns.north;
    if (!parse_number(fields[static_cast<std::size_t>(first)], a) ||
        !parse_number(fields[static_cast<std::size_t>(second)], b) ||
        (columns.geographic() && (a < -180 || a > 180 || b < -90 || b > 90))) {
      reject(line_number, "unreadable position");
      continue;
    }
    if (columns.accuracy >= 0) {
      const std::string_view text = trim(fields[static_cast<std::size_t>(columns.accuracy)]);
      if (!text.empty() && (!parse_number(text, accuracy) || accuracy < 0)) {
        reject(line_number, "unreadable accuracy");
        continue;
      }
    }
    auto [it, added] =
        officer_index.try_emplace(std::string(raw_id), static_cast<std::uint32_t>(officer_index.size()));
    if (added) officer_pseudonyms.push_back(pseudonymiser.pseudonym(raw_id));
    fixes.push_back({it->second, *when, a, b, accuracy});
  }
  // The raw ids are no longer needed: only pseudonyms go further.
  officer_index.clear();

  if (columns.geographic()) {
    std::vector<double> xs(fixes.size()), ys(fixes.size());
    for (std::size_t i = 0; i < fixes.size(); ++i) {
      xs[i] = fixes[i].x;
      ys[i] = fixes[i].y;
    }
    geo::Projector(crs->code).forward(xs, ys);
    for (std::size_t i = 0; i < fixes.size(); ++i) {
      fixes[i].x = xs[i];
      fixes[i].y = ys[i];
    }
  }
  summary.cleaning = clean_fixes(fixes, options.cleaning);
  std::vector<double> xs(fixes.size()), ys(fixes.size());
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    xs[i] = fixes[i].x;
    ys[i] = fixes[i].y;
  }
  std::vector<std::int32_t> zone_ids(fixes.size());
  zones.assign(xs, ys, zone_ids);
  const std::vector<Visit> visits = detect_visits(fixes, zone_ids, options.visits);

  std::vector<store::GpsVisitRow> rows;
  rows.reserve(visits.size());
  for (const Visit& v : visits) {
    store::GpsVisitRow row;
    row.hotspot_id = selected.hotspots[static_cast<std::size_t>(v.zone)].id;
    row.officer = officer_pseudonyms[v.officer];
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
  summary.officers = static_cast<std::int64_t>(officer_pseudonyms.size());
  summary.visits = static_cast<std::int64_t>(visits.size());
  summary.hotspot_run_id = selected.run_id;

  store::GpsBatchRow batch;
  batch.file = source.name;
  batch.content_hash = source.content_hash;
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
  out += fmt::format("  minutes in hotspots {:.0f} (interval {:.0f} to {:.0f}); raw fixes not kept\n",
                     s.minutes, s.minutes_low, s.minutes_high);
  return out;
}

}  // namespace grip::patrol
