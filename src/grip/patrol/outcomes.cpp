#include "grip/patrol/outcomes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <optional>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/geo/projection.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/source_text.hpp"

namespace grip::patrol {
namespace {

std::string iso(long long seconds) { return format_iso(civil_time_in_zone(seconds, "UTC")) + "Z"; }

// What is wrong with an outcome, or "" (the CLI and the importer refuse the same things).
std::string problem_with(const OutcomeInput& o, std::optional<long long>& when) {
  const auto& kinds = outcome_kinds();
  if (std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end())
    return "kind '" + o.kind + "' is not one of arrest, stop_search, weapon_seized, arch_deployment";
  when = parse_utc_instant(o.at);
  if (!when) return "time '" + o.at + "' is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])";
  if (o.kind == "weapon_seized" && trim(o.weapon_type).empty())
    return "weapon_seized needs a weapon type (knife, firearm, blunt, other...)";
  if (o.kind != "weapon_seized" && !o.weapon_type.empty()) return "weapon type is for weapon_seized only";
  if (o.kind == "arch_deployment") {
    if (!o.people_through || !o.detections) return "arch_deployment needs people through and detections";
    if (*o.people_through < 0 || *o.detections < 0)
      return "people through and detections must not be negative";
    if (*o.detections > *o.people_through) return "more detections than people through the arch";
  } else if (o.people_through || o.detections) {
    return "people through and detections are for arch_deployment only";
  }
  if (o.notes.size() > 4000 || o.weapon_type.size() > 100)
    return "notes over 4,000 or weapon type over 100 characters";
  for (const char c : o.notes + o.weapon_type)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return "a control character in the text";
  return {};
}

// Links each outcome to the earliest visit of its hotspot whose widest interval holds its time.
std::int64_t link_to_visits(store::Store& store, std::vector<store::OutcomeRow>& rows,
                            const std::vector<long long>& times) {
  const auto windows = store::read_gps_visit_windows(store);
  std::int64_t linked = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const auto& w : windows) {
      if (w.hotspot_id != rows[i].hotspot_id) continue;
      const auto from = parse_utc_instant(w.entry_earliest), to = parse_utc_instant(w.exit_latest);
      if (from && to && *from <= times[i] && times[i] <= *to) {
        rows[i].gps_visit_fid = w.fid;
        ++linked;
        break;
      }
    }
  }
  return linked;
}

store::SelectedHotspots require_hotspots(store::Store& store) {
  store::SelectedHotspots selected = store::read_selected_hotspots(store);
  if (selected.run_id == 0 || selected.hotspots.empty())
    throw UsageError("no selected hotspots in " + store.path() +
                     ": run 'grip hotspots' before recording outcomes");
  return selected;
}

OutcomeSummary store_rows(store::Store& store, std::vector<store::OutcomeRow>& rows,
                          const std::vector<long long>& times) {
  OutcomeSummary summary;
  summary.linked_to_visit = link_to_visits(store, rows, times);
  summary.ids = store::add_outcomes(store, rows, utc_now_iso());
  summary.recorded = static_cast<std::int64_t>(rows.size());
  return summary;
}

std::optional<std::int64_t> parse_count(std::string_view text, bool& ok) {
  text = trim(text);
  ok = true;
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  ok = result.ec == std::errc() && result.ptr == text.data() + text.size();
  return value;
}

}  // namespace

const std::vector<std::string>& outcome_kinds() {
  static const std::vector<std::string> kinds = {"arrest", "stop_search", "weapon_seized", "arch_deployment"};
  return kinds;
}

OutcomeSummary record_outcome(store::Store& store, const OutcomeInput& input,
                              const std::function<void(std::int64_t id)>& before_commit) {
  std::optional<long long> when;
  if (const std::string problem = problem_with(input, when); !problem.empty()) throw UsageError(problem);
  store::WriteTransaction transaction(store);
  const auto selected = require_hotspots(store);
  if (std::none_of(selected.hotspots.begin(), selected.hotspots.end(),
                   [&](const auto& h) { return h.id == input.hotspot_id; }))
    throw UsageError("hotspot '" + input.hotspot_id + "' is not a selected hotspot of the latest run");
  std::vector<store::OutcomeRow> rows(1);
  rows[0] = {0,
             input.kind,
             iso(*when),
             input.hotspot_id,
             0,
             input.weapon_type,
             input.people_through,
             input.detections,
             input.notes,
             "cli"};
  const std::vector<long long> times = {*when};
  OutcomeSummary summary = store_rows(store, rows, times);
  if (before_commit) before_commit(summary.ids.empty() ? 0 : summary.ids.front());
  transaction.commit();
  return summary;
}

OutcomeSummary import_outcomes_csv(store::Store& store, const std::filesystem::path& file) {
  const ingest::SourceText source = ingest::read_source(file);
  ingest::require_text(source);
  const ingest::CsvTable table(source.body(), source.name);
  const int kind = table.find_column("kind"), at = table.find_column("occurred_at"),
            lon = table.find_column("longitude"), lat = table.find_column("latitude");
  if (kind < 0 || at < 0 || lon < 0 || lat < 0)
    throw InputError(source.name, 1, "an outcomes file needs columns kind,occurred_at,longitude,latitude");
  const int weapon = table.find_column("weapon_type"), people = table.find_column("people_through"),
            detections = table.find_column("detections"), notes = table.find_column("notes");
  const auto text_of = [&](std::size_t row, int column) {
    return column < 0 ? std::string() : std::string(trim(table.field(row, static_cast<std::size_t>(column))));
  };

  store::WriteTransaction transaction(store);
  const auto selected = require_hotspots(store);
  const auto crs = store.crs();
  if (!crs) throw UsageError(store.path() + " has no CRS yet: ingest incidents first");
  const PatrolZones zones(hotspot_zone_polygons(selected));

  std::vector<store::OutcomeRow> rows;
  std::vector<long long> times;
  std::vector<double> xs, ys;
  std::vector<std::int64_t> lines;
  std::int64_t bad = 0, first_line = 0;
  std::string first_reason;
  const auto refuse = [&](std::int64_t line, std::string reason) {
    if (bad++ == 0 || line < first_line) {
      first_line = line;
      first_reason = std::move(reason);
    }
  };
  for (std::size_t r = 0; r < table.rows(); ++r) {
    OutcomeInput input{text_of(r, kind), text_of(r, at), "", text_of(r, weapon), text_of(r, notes), {}, {}};
    bool ok_people = true, ok_detections = true;
    input.people_through = parse_count(text_of(r, people), ok_people);
    input.detections = parse_count(text_of(r, detections), ok_detections);
    if (!ok_people || !ok_detections) {
      refuse(table.line(r), "people_through and detections must be whole numbers");
      continue;
    }
    std::optional<long long> when;
    if (std::string problem = problem_with(input, when); !problem.empty()) {
      refuse(table.line(r), std::move(problem));
      continue;
    }
    double x = 0, y = 0;
    const std::string lon_text = text_of(r, lon), lat_text = text_of(r, lat);
    const auto xr = std::from_chars(lon_text.data(), lon_text.data() + lon_text.size(), x);
    const auto yr = std::from_chars(lat_text.data(), lat_text.data() + lat_text.size(), y);
    if (xr.ec != std::errc() || yr.ec != std::errc() || xr.ptr != lon_text.data() + lon_text.size() ||
        yr.ptr != lat_text.data() + lat_text.size() || x < -180 || x > 180 || y < -90 || y > 90) {
      refuse(table.line(r), "unreadable longitude/latitude");
      continue;
    }
    rows.push_back({0, input.kind, iso(*when), "", 0, input.weapon_type, input.people_through,
                    input.detections, input.notes, source.name});
    times.push_back(*when);
    xs.push_back(x);
    ys.push_back(y);
    lines.push_back(table.line(r));
  }
  geo::Projector(crs->code).forward(xs, ys);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::int32_t zone =
        std::isfinite(xs[i]) && std::isfinite(ys[i]) ? zones.zone_of(xs[i], ys[i]) : PatrolZones::kOutside;
    if (zone == PatrolZones::kOutside) {
      refuse(lines[i], "the point is in no selected hotspot (nor within 25 m of one)");
      continue;
    }
    rows[i].hotspot_id = selected.hotspots[static_cast<std::size_t>(zone)].id;
  }
  if (bad > 0) {
    throw InputError(source.name, first_line,
                     first_reason +
                         (bad > 1 ? fmt::format(" (and {} more bad rows)", bad - 1) : std::string()) +
                         "; nothing was stored");
  }
  OutcomeSummary summary = store_rows(store, rows, times);
  transaction.commit();
  return summary;
}

}  // namespace grip::patrol
