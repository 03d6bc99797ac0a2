#include "grip/hotspot/emerging.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>

namespace grip::hotspot {

EmergingCategory classify_emerging(std::span<const std::int8_t> bins, const MannKendall& trend) noexcept {
  const std::size_t n = bins.size();
  if (n == 0) return EmergingCategory::kNoPattern;
  std::size_t hot = 0;
  bool ever_cold = false;
  for (const auto bin : bins) {
    if (bin >= kEmergingMinBin) ++hot;
    if (bin <= -kEmergingMinBin) ever_cold = true;
  }
  if (hot == 0) return EmergingCategory::kNoPattern;
  const bool final_hot = bins[n - 1] >= kEmergingMinBin;
  const auto needed = static_cast<std::size_t>(std::ceil(kMostlyHotShare * static_cast<double>(n) - 1e-9));
  const bool mostly_hot = hot >= needed;
  if (!final_hot) return mostly_hot ? EmergingCategory::kHistorical : EmergingCategory::kNoPattern;
  if (mostly_hot) {
    const bool tested = n >= 3 && !std::isnan(trend.p) && !std::isnan(trend.z);
    if (tested && trend.p < kTrendAlpha && trend.z > 0) return EmergingCategory::kIntensifying;
    if (tested && trend.p < kTrendAlpha && trend.z < 0) return EmergingCategory::kDiminishing;
    return EmergingCategory::kPersistent;
  }
  if (hot == 1) return EmergingCategory::kNew;
  std::size_t run = 0;
  while (run < n && bins[n - 1 - run] >= kEmergingMinBin) ++run;
  if (run >= 2 && run == hot) return EmergingCategory::kConsecutive;
  return ever_cold ? EmergingCategory::kOscillating : EmergingCategory::kSporadic;
}

const char* to_string(EmergingCategory category) noexcept {
  switch (category) {
    case EmergingCategory::kNoPattern:
      return "no pattern";
    case EmergingCategory::kNew:
      return "new";
    case EmergingCategory::kConsecutive:
      return "consecutive";
    case EmergingCategory::kIntensifying:
      return "intensifying";
    case EmergingCategory::kPersistent:
      return "persistent";
    case EmergingCategory::kDiminishing:
      return "diminishing";
    case EmergingCategory::kSporadic:
      return "sporadic";
    case EmergingCategory::kOscillating:
      return "oscillating";
    case EmergingCategory::kHistorical:
      return "historical";
  }
  return "no pattern";
}

namespace {
bool same_text_ignoring_case(const std::string& text, std::string_view name) {
  return text.size() == name.size() && std::equal(text.begin(), text.end(), name.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}
}  // namespace

bool is_serious_violence(const std::string& category) {
  for (const char* name : kSeriousViolenceTypes) {
    if (same_text_ignoring_case(category, name)) return true;
  }
  return false;
}

bool is_weapons_possession(const std::string& category) {
  return same_text_ignoring_case(category, "Possession of weapons");
}

const char* to_string(ReviewHint hint) noexcept {
  switch (hint) {
    case ReviewHint::kKeep:
      return "keep";
    case ReviewHint::kReview:
      return "review";
    case ReviewHint::kDrop:
      return "drop";
    case ReviewHint::kTooFewToTell:
      return "too few to tell";
  }
  return "review";
}

}  // namespace grip::hotspot
