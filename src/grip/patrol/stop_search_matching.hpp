// Stop searches recorded twice (issue 12): once by officers with `grip outcomes` (kind stop_search,
// at a hotspot) and once in the force's data.police.uk publication. A recorded search and a
// published one are the same search when they are at the same place, within the tolerance, and
// within `tolerance_s` (default 30 min) of each other in time. Place: a recorded outcome keeps only
// its hotspot, and data.police.uk moves each search to an anonymised "on or near" point, so the
// tolerance in space is the hotspot itself (its polygon grown by the 25 m buffer that holds the
// published point). Matching is one-to-one and greedy by the smallest time difference (ties: the
// earlier recorded, then the earlier published). The monthly return counts each matched pair once.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace grip::patrol {

inline constexpr std::int64_t kDefaultSearchMatchToleranceS = 1800;

struct SearchAt {
  std::string hotspot_id;
  std::int64_t time_s = 0;  // UTC seconds
};

// Pairs (recorded index, published index), in recorded order.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> match_recorded_searches(
    std::span<const SearchAt> recorded, std::span<const SearchAt> published,
    std::int64_t tolerance_s = kDefaultSearchMatchToleranceS);

}  // namespace grip::patrol
