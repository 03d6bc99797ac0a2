// Lookup side of the harm index: category names from different sources differ in case and stray
// spaces ("Anti-social behaviour " in some exports), so matching forgives both, and nothing else.
#include "grip/harm/harm_index.hpp"

#include <algorithm>
#include <utility>

#include "grip/core/text.hpp"

namespace grip::harm {

HarmIndex::HarmIndex(std::vector<CategoryWeight> categories, std::string description)
    : categories_(std::move(categories)), description_(std::move(description)) {}

const CategoryWeight* HarmIndex::find(std::string_view category) const {
  const auto it = std::find_if(categories_.begin(), categories_.end(), [&](const CategoryWeight& entry) {
    return same_category(entry.category, category);
  });
  return it == categories_.end() ? nullptr : &*it;
}

const char* to_string(Origin origin) {
  switch (origin) {
    case Origin::kVictimGenerated:
      return "victim-generated";
    case Origin::kPoliceGenerated:
      return "police-generated";
  }
  return "unknown";
}

bool same_category(std::string_view a, std::string_view b) { return equals_ignoring_case(trim(a), trim(b)); }

}  // namespace grip::harm
