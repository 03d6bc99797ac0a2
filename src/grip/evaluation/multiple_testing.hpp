// Several outcomes reported together (each crime type of an evaluation) are adjusted with Holm's
// step-down method (Holm 1979): sort the m p-values ascending, adjusted p(i) = max over j ≤ i of
// min(1, (m − j + 1)·p(j)). It controls the family-wise error rate whatever the dependence between
// outcomes. The arithmetic is hotspot/fdr.hpp's (R's p.adjust(p, "holm")), reused, not repeated.
#pragma once

#include <span>
#include <vector>

namespace grip::evaluation {

// Adjusted p-values in the input's order; NaN inputs stay NaN and do not count towards m.
[[nodiscard]] std::vector<double> holm_adjust(std::span<const double> p_values);

}  // namespace grip::evaluation
