// Holm's step-down adjustment (Holm 1979) for several outcomes reported together: sort the m
// p-values ascending, adjusted p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)). Controls the
// family-wise error rate with no assumption on dependence; equals R's p.adjust(p, "holm").
#pragma once

#include <span>
#include <vector>

namespace grip::evaluation {

// Adjusted p-values in the input's order; NaN inputs stay NaN and do not count towards m.
[[nodiscard]] std::vector<double> holm_adjust(std::span<const double> p_values);

}  // namespace grip::evaluation
