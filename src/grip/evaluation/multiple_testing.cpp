#include "grip/evaluation/multiple_testing.hpp"

#include "grip/hotspot/fdr.hpp"

namespace grip::evaluation {

std::vector<double> holm_adjust(std::span<const double> p_values) {
  return hotspot::adjust_p_values(p_values, hotspot::PAdjust::kHolm);
}

}  // namespace grip::evaluation
