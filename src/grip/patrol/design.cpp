#include "grip/patrol/design.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "grip/core/errors.hpp"
#include "grip/patrol/plan_calendar.hpp"

namespace grip::patrol {
namespace {

void require_input(const DesignInput& input) {
  if (input.days < 1 || input.days > 366)
    throw UsageError(fmt::format("a design needs 1..366 days, not {}", input.days));
  if (!(input.treated_share > 0 && input.treated_share < 1))
    throw UsageError(fmt::format("treated share must be between 0 and 1, not {}", input.treated_share));
  if (!input.pre_period_harm.empty() && input.pre_period_harm.size() != input.hotspot_ids.size())
    throw UsageError("design: one pre-period harm per hotspot");
}

// Picks `take` of the indices at random (partial Fisher–Yates).
std::vector<int> pick(std::vector<int> indices, std::size_t take, PlanRandom& random) {
  for (std::size_t i = 0; i < take; ++i) std::swap(indices[i], indices[i + random.below(indices.size() - i)]);
  indices.resize(take);
  return indices;
}

Design crossover(const DesignInput& input, Design design) {
  const auto blocks = design_blocks(input.first_day, input.days);
  std::map<int, std::vector<int>> days_of_block;
  for (int d = 0; d < input.days; ++d) days_of_block[blocks[d]].push_back(d);
  PlanRandom random(input.seed);
  for (std::size_t h = 0; h < input.hotspot_ids.size(); ++h) {
    for (const auto& [block, days] : days_of_block) {
      const double target = input.treated_share * static_cast<double>(days.size());
      auto treated = static_cast<std::size_t>(std::floor(target));
      if (random.uniform() < target - std::floor(target)) ++treated;
      for (const int d : pick(days, treated, random)) design.treated[h][d] = true;
    }
  }
  return design;
}

Design rct(const DesignInput& input, Design design) {
  std::vector<int> order(input.hotspot_ids.size());
  std::iota(order.begin(), order.end(), 0);
  const auto harm = [&](int h) { return input.pre_period_harm.empty() ? 0.0 : input.pre_period_harm[h]; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return harm(a) != harm(b) ? harm(a) > harm(b) : input.hotspot_ids[a] < input.hotspot_ids[b];
  });
  PlanRandom random(input.seed);
  for (std::size_t i = 0; i < order.size(); i += 2) {
    const bool first_treated = random.uniform() < 0.5;
    const int treated =
        i + 1 < order.size() ? (first_treated ? order[i] : order[i + 1]) : (first_treated ? order[i] : -1);
    if (treated >= 0) design.treated[treated].assign(input.days, true);
  }
  return design;
}

}  // namespace

const char* to_string(DesignKind kind) noexcept {
  switch (kind) {
    case DesignKind::kNone:
      return "none";
    case DesignKind::kCrossover:
      return "crossover";
    case DesignKind::kRct:
      return "rct";
  }
  return "none";
}

DesignKind parse_design_kind(const std::string& text) {
  if (text == "none" || text.empty()) return DesignKind::kNone;
  if (text == "crossover") return DesignKind::kCrossover;
  if (text == "rct") return DesignKind::kRct;
  throw UsageError(fmt::format("unknown design '{}': use none, crossover or rct", text));
}

std::vector<int> design_blocks(const std::string& first_day, int days) {
  const auto first = parse_plan_day(first_day);
  std::vector<int> blocks(static_cast<std::size_t>(std::max(days, 0)));
  for (int d = 0; d < days; ++d) {
    const bool weekend = weekday_index(first + std::chrono::days{d}) >= 5;
    blocks[d] = 2 * (d / 7) + (weekend ? 1 : 0);
  }
  return blocks;
}

Design make_design(DesignKind kind, const DesignInput& input) {
  require_input(input);
  Design design;
  design.kind = kind;
  design.seed = input.seed;
  design.first_day = input.first_day;
  design.days = input.days;
  design.hotspot_ids = input.hotspot_ids;
  design.treated_share = kind == DesignKind::kCrossover ? input.treated_share
                         : kind == DesignKind::kRct     ? 0.5
                                                        : 1.0;
  design.treated.assign(input.hotspot_ids.size(), std::vector<bool>(input.days, kind == DesignKind::kNone));
  if (kind == DesignKind::kCrossover) design = crossover(input, std::move(design));
  if (kind == DesignKind::kRct) design = rct(input, std::move(design));
  design.hash = design_hash(design);
  return design;
}

std::string canonical_text(const Design& design) {
  std::string text =
      fmt::format("grip-design v1\nkind={}\nseed={}\nfirst_day={}\ndays={}\nshare={}\n",
                  to_string(design.kind), design.seed, design.first_day, design.days, design.treated_share);
  std::vector<std::size_t> order(design.hotspot_ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return design.hotspot_ids[a] < design.hotspot_ids[b]; });
  for (const auto h : order) {
    for (int d = 0; d < design.days; ++d)
      text += fmt::format("{}\t{}\t{}\n", design.hotspot_ids[h], d, design.treated[h][d] ? 'T' : 'C');
  }
  return text;
}

std::string design_hash(const Design& design) {
  const auto text = canonical_text(design);
  const XXH128_hash_t hash = XXH3_128bits(text.data(), text.size());
  return fmt::format("xxh3-128:{:016x}{:016x}", hash.high64, hash.low64);
}

}  // namespace grip::patrol
