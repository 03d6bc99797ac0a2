#include "grip/hotspot/selection_edit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/hotspot/select.hpp"

namespace grip::hotspot {
namespace {

double number_or_zero(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_number() ? found->get<double>() : 0.0;
}

// Centroids by hotspot id from the run's result JSON (run_json: hotspots[].centroid = [x, y]).
std::map<std::string, std::pair<double, double>> centroids(const std::string& result_json) {
  std::map<std::string, std::pair<double, double>> out;
  const auto result = nlohmann::json::parse(result_json, nullptr, false);
  if (!result.is_object() || !result.contains("hotspots") || !result["hotspots"].is_array()) return out;
  for (const auto& h : result["hotspots"]) {
    if (!h.is_object() || !h.contains("id") || !h["id"].is_string()) continue;
    const auto& c = h.value("centroid", nlohmann::json());
    if (c.is_array() && c.size() == 2 && c[0].is_number() && c[1].is_number())
      out[h["id"].get<std::string>()] = {c[0].get<double>(), c[1].get<double>()};
  }
  return out;
}

}  // namespace

std::string promotion_refusal(const store::LatestSelection& latest, const std::string& hotspot_id) {
  const auto candidate = std::find_if(latest.areas.begin(), latest.areas.end(),
                                      [&](const auto& a) { return a.hotspot_id == hotspot_id; });
  if (candidate == latest.areas.end()) return "";
  const auto settings = nlohmann::json::parse(latest.settings_json, nullptr, false);
  const double min_distance = settings.is_object() ? number_or_zero(settings, "min_distance_m") : 0.0;
  const double min_gap = settings.is_object() ? number_or_zero(settings, "min_gap_m") : 0.0;
  const auto centres = centroids(latest.result_json);
  const auto mine = centres.find(hotspot_id);
  for (const auto& other : latest.areas) {
    if (!other.selected || other.hotspot_id == hotspot_id) continue;
    const auto theirs = centres.find(other.hotspot_id);
    if (min_distance > 0 && mine != centres.end() && theirs != centres.end()) {
      const double d =
          std::hypot(mine->second.first - theirs->second.first, mine->second.second - theirs->second.second);
      if (d < min_distance) {
        return fmt::format(
            "{}'s centre is {:.0f} m from selected {}'s (the run's minimum distance is {:g} m)", hotspot_id,
            d, other.hotspot_id, min_distance);
      }
    }
    if (min_gap > 0 && !candidate->cells.empty() && !other.cells.empty()) {
      const double gap = edge_gap_m(candidate->cells, other.cells, latest.cell_size_m);
      if (gap < min_gap - 1e-9 || gap == 0.0) {
        return fmt::format("{}'s polygon {} selected {} (the run's minimum gap is {:g} m)", hotspot_id,
                           gap == 0.0 ? std::string("touches") : fmt::format("comes within {:.0f} m of", gap),
                           other.hotspot_id, min_gap);
      }
    }
  }
  return "";
}

SelectionEditResult edit_selection(store::Store& store, const SelectionEditRequest& request,
                                   const std::function<void(const store::SelectionEditRow&)>& before_commit) {
  SelectionEditResult result;
  store::WriteTransaction write(store);
  const auto latest = store::read_latest_selection(store);
  if (latest.run_id == 0) throw UsageError("no hotspot run is stored: run 'grip hotspots' first");
  if (request.change == store::SelectionChange::kAdd) {
    const std::string why = promotion_refusal(latest, request.hotspot_id);
    if (!why.empty()) throw UsageError("cannot add " + request.hotspot_id + ": " + why);
  }
  result.edit.hotspot_id = request.hotspot_id;
  result.edit.change = request.change;
  result.edit.reason = request.reason;
  result.edit.user_name = request.user_name;
  result.edit.at = utc_now_iso();
  store::apply_selection_edit(store, result.edit);
  if (before_commit) before_commit(result.edit);
  write.commit();
  const auto selected =
      std::count_if(latest.areas.begin(), latest.areas.end(), [](const auto& a) { return a.selected; });
  result.selected_after = static_cast<std::size_t>(selected) +
                          (request.change == store::SelectionChange::kAdd ? 1 : 0) -
                          (request.change == store::SelectionChange::kDrop ? 1 : 0);
  return result;
}

}  // namespace grip::hotspot
