#include "grip/patrol/stop_search_matching.hpp"

#include <algorithm>
#include <tuple>

namespace grip::patrol {

std::vector<std::pair<std::size_t, std::size_t>> match_recorded_searches(std::span<const SearchAt> recorded,
                                                                         std::span<const SearchAt> published,
                                                                         std::int64_t tolerance_s) {
  std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> candidates;
  for (std::size_t r = 0; r < recorded.size(); ++r) {
    for (std::size_t p = 0; p < published.size(); ++p) {
      if (recorded[r].hotspot_id != published[p].hotspot_id) continue;
      const std::int64_t gap = std::llabs(recorded[r].time_s - published[p].time_s);
      if (gap <= tolerance_s) candidates.emplace_back(gap, r, p);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<bool> r_used(recorded.size(), false), p_used(published.size(), false);
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (const auto& [gap, r, p] : candidates) {
    if (r_used[r] || p_used[p]) continue;
    r_used[r] = p_used[p] = true;
    pairs.emplace_back(r, p);
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

}  // namespace grip::patrol
