#include "grip/patrol/return_stop_searches.hpp"

#include <cmath>
#include <map>

#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/patrol/dosage_report.hpp"
#include "grip/patrol/stop_search_matching.hpp"

namespace grip::patrol {
namespace {

using nlohmann::json;

json share(std::int64_t part, std::int64_t whole) {
  return whole == 0
             ? json(nullptr)
             : json(std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 1000);
}

bool is_linked(const std::string& text) { return text == "True" || text == "true"; }

// "A no further action disposal" (since 2019) and "Nothing found - no further action" (before).
bool is_no_further_action(const std::string& outcome) {
  return lower_trimmed(outcome).find("no further action") != std::string::npos;
}

}  // namespace

StopSearchSection stop_search_section(store::Store& store, const std::string& month,
                                      const store::SelectedHotspots& selected, const PatrolZones& zones,
                                      const std::vector<store::OutcomeRow>& recorded,
                                      const std::string& time_zone) {
  StopSearchSection section;
  section.published_per_hotspot.assign(selected.hotspots.size(), 0);
  section.matched_per_hotspot.assign(selected.hotspots.size(), 0);
  std::map<std::string, std::int64_t> by_object, by_outcome;
  struct Group {
    std::int64_t searches = 0, linked = 0, no_further_action = 0;
  };
  std::map<std::string, Group> by_group;
  std::int64_t linked = 0;
  std::vector<SearchAt> published;
  std::vector<std::int64_t> published_fids;
  std::vector<std::size_t> published_zone;
  for (const auto& s : store::read_stop_searches_in_month(store, month)) {
    const std::int32_t zone = zones.zone_of(s.x, s.y);
    if (zone == PatrolZones::kOutside) continue;
    const auto z = static_cast<std::size_t>(zone);
    ++section.published_per_hotspot[z];
    ++section.published;
    ++by_object[s.object_of_search.empty() ? "(not given)" : s.object_of_search];
    ++by_outcome[s.outcome.empty() ? "(not given)" : s.outcome];
    linked += is_linked(s.outcome_linked_to_object) ? 1 : 0;
    Group& g = by_group[s.ethnicity_group.empty() ? "(not recorded)" : s.ethnicity_group];
    ++g.searches;
    g.linked += is_linked(s.outcome_linked_to_object) ? 1 : 0;
    g.no_further_action += is_no_further_action(s.outcome) ? 1 : 0;
    if (const auto utc = local_time_to_utc(s.occurred_at, time_zone)) {
      published.push_back({selected.hotspots[z].id, *utc});
      published_fids.push_back(s.fid);
      published_zone.push_back(z);
    }
  }
  std::vector<SearchAt> mine;
  std::vector<std::int64_t> mine_ids;
  for (const auto& o : recorded) {
    if (o.kind != "stop_search") continue;
    if (const auto utc = parse_utc_instant(o.occurred_at)) {
      mine.push_back({o.hotspot_id, *utc});
      mine_ids.push_back(o.outcome_id);
    }
  }
  json pairs = json::array();
  for (const auto& [r, p] : match_recorded_searches(mine, published)) {
    ++section.matched;
    ++section.matched_per_hotspot[published_zone[p]];
    pairs.push_back({{"outcome_id", mine_ids[r]}, {"stop_search_fid", published_fids[p]}});
  }
  json groups = json::object();
  for (const auto& [name, g] : by_group) {
    groups[name] = {{"searches", g.searches},
                    {"share_of_searches", share(g.searches, section.published)},
                    {"outcome_linked_share", share(g.linked, g.searches)},
                    {"no_further_action_share", share(g.no_further_action, g.searches)}};
  }
  section.figures = {
      {"in_hotspots", section.published},
      {"by_object_of_search", by_object},
      {"by_outcome", by_outcome},
      {"outcome_linked_to_object", linked},
      {"linked_share", share(linked, section.published)},
      {"by_self_defined_ethnicity", groups},
      {"ethnicity_note",
       "self-defined ethnicity, top-level group only; no rates per head of population (the store holds no "
       "population by group)"},
      {"recorded_also_published", section.matched},
      {"recorded_also_published_pairs", pairs},
      {"match_tolerance_s", kDefaultSearchMatchToleranceS}};
  return section;
}

}  // namespace grip::patrol
