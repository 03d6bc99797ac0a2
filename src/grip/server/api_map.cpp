// The map page's layers: selected hotspots, Gi* bins of the latest run, the latest forecast per
// hotspot and boundary areas, all GeoJSON in WGS84 (RFC 7946) or plain figures keyed by hotspot id.
#include <algorithm>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/server/hotspot_geojson.hpp"
#include "grip/store/incident_tables.hpp"
#include "grip/store/report_read.hpp"
#include "grip/store/web_read_map.hpp"

namespace grip::server {
namespace {

constexpr std::int64_t kMaxBinCells = 50'000;

json empty_collection() { return {{"type", "FeatureCollection"}, {"features", json::array()}}; }

ApiResponse geojson_response(const json& body) { return {200, safe_dump(body), "application/geo+json"}; }

}  // namespace

// The selected hotspots (after analysts' edits) with the run's edit history: each feature's
// "edited" names its latest edit, and "selection_edits" lists them all, dropped hotspots too.
ApiResponse api_hotspots(ApiContext& context, const Caller& caller, const ApiRequest&) {
  store::ReadTransaction read(context.store);
  json collection = hotspots_geojson(context.store);
  const auto run_id = collection.value("run_id", std::int64_t{0});
  const json edits = selection_edits_json(context.store, run_id, sees_personal_data(caller.role));
  for (auto& feature : collection["features"]) {
    feature["properties"]["edited"] = nullptr;
    for (const auto& edit : edits) {
      if (edit["hotspot_id"] == feature["properties"]["id"])
        feature["properties"]["edited"] = edit["summary"];
    }
  }
  collection["selection_edits"] = edits;
  return geojson_response(collection);
}

ApiResponse api_gi_bins(ApiContext& context, const Caller&, const ApiRequest&) {
  json collection = empty_collection();
  const auto crs = context.store.crs();
  if (!crs) return geojson_response(collection);
  const geo::Projector& projector = wgs84_projector(crs->code);
  const auto cells = store::read_gi_bin_cells(context.store, kMaxBinCells + 1);
  collection["truncated"] = cells.size() > static_cast<std::size_t>(kMaxBinCells);
  for (std::size_t i = 0; i < cells.size() && i < static_cast<std::size_t>(kMaxBinCells); ++i) {
    const auto& cell = cells[i];
    collection["features"].push_back({{"type", "Feature"},
                                      {"properties",
                                       {{"gi_bin", cell.gi_bin},
                                        {"gi_z", cell.gi_z},
                                        {"incidents", cell.incidents},
                                        {"hotspot_id", cell.hotspot_id}}},
                                      {"geometry", multipolygon_wgs84(cell.wkb, projector)}});
  }
  return geojson_response(collection);
}

ApiResponse api_forecast(ApiContext& context, const Caller&, const ApiRequest&) {
  auto latest = store::read_latest_forecast_hotspots(context.store);
  std::stable_sort(latest.hotspots.begin(), latest.hotspots.end(),
                   [](const auto& a, const auto& b) { return a.rank < b.rank; });
  json hotspots = json::array();
  for (const auto& h : latest.hotspots) {
    hotspots.push_back({{"hotspot_id", h.hotspot_id},
                        {"name", h.name},
                        {"rank", h.rank},
                        {"cells", h.cells},
                        {"probability", h.probability},
                        {"expected", h.expected},
                        {"expected_harm", h.expected_harm}});
  }
  return json_response(200, {{"run_id", latest.forecast_run},
                             {"created", latest.created},
                             {"model", latest.model},
                             {"window_kind", latest.window_kind},
                             {"target_window", latest.target_window},
                             {"hotspots", hotspots}});
}

ApiResponse api_areas(ApiContext& context, const Caller&, const ApiRequest& request) {
  std::string kind = param(request, "kind", 32);
  if (kind.empty()) kind = "district";
  for (const char c : kind) {
    if (!((c >= 'a' && c <= 'z') || c == '_'))
      throw UsageError("parameter 'kind' must be lower-case letters, e.g. district");
  }
  json collection = empty_collection();
  collection["kind"] = kind;
  const auto crs = context.store.crs();
  if (!crs) return geojson_response(collection);
  const geo::Projector& projector = wgs84_projector(crs->code);
  for (const auto& area : store::read_areas(context.store, kind)) {
    collection["features"].push_back(
        {{"type", "Feature"},
         {"properties", {{"kind", area.kind}, {"code", area.code}, {"name", area.name}}},
         {"geometry", multipolygon_wgs84(area.wkb, projector)}});
  }
  return geojson_response(collection);
}

void check_hotspot_id(const std::string& id) {
  if (id.empty()) throw UsageError("a hotspot id is required (e.g. id=H01)");
  if (id.size() > 32) throw UsageError("hotspot id is longer than 32 characters");
  for (const char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) throw UsageError("hotspot id may hold only letters, digits, '-' and '_'");
  }
}

}  // namespace grip::server
