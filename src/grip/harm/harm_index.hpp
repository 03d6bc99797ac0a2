// Harm weights per crime category: how many days of imprisonment one offence of the category is worth
// under the Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016), so that a hotspot map can
// rank places by harm rather than by counts. Each category also says whether its records are mostly
// victim-generated (reported by the public) or police-generated (found by proactive policing, so
// targeting on them measures where police looked). The default table, its mapping from the index to
// the 14 data.police.uk crime types and every approximation in it are in docs/harm-weights.md.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grip::harm {

enum class Origin { kVictimGenerated, kPoliceGenerated };

struct CategoryWeight {
  std::string category;    // as the source spells it, e.g. "Violence and sexual offences"
  double harm_weight = 0;  // days of imprisonment per offence (CCHI units); never negative
  Origin origin = Origin::kVictimGenerated;
  std::string basis;  // short note of the index offence(s) or override line the weight came from
};

class HarmIndex {
 public:
  // The cited default table for the 14 data.police.uk street crime types.
  [[nodiscard]] static HarmIndex built_in();

  // Reads a CSV override file with header `category,harm_weight[,origin]` (origin = victim|police;
  // blank lines and lines starting with '#' are skipped). Each row replaces the category of `base`
  // with the same name (keeping its origin when the row gives none) or adds a new one (which must
  // give an origin). Any bad row throws grip::InputError naming the file and its 1-based line.
  [[nodiscard]] static HarmIndex with_overrides(const HarmIndex& base, const std::string& path);

  // Case-insensitive, ignores leading and trailing spaces. nullptr for a category the index lacks:
  // the caller decides (skip and count it, or stop), because any silent default weight would bias
  // the harm map.
  [[nodiscard]] const CategoryWeight* find(std::string_view category) const;

  [[nodiscard]] std::span<const CategoryWeight> categories() const { return categories_; }
  [[nodiscard]] const std::string& description() const { return description_; }

 private:
  HarmIndex(std::vector<CategoryWeight> categories, std::string description);

  std::vector<CategoryWeight> categories_;
  std::string description_;
};

// "victim-generated" / "police-generated".
[[nodiscard]] const char* to_string(Origin origin);

// Two category names are the same if they match ignoring ASCII case and surrounding spaces.
[[nodiscard]] bool same_category(std::string_view a, std::string_view b);

}  // namespace grip::harm
