// Displacement or diffusion around treated areas. T treated, C its control, D the buffer around T,
// E the buffer's control (the buffer around C); 0 before, 1 after.
// Weighted displacement difference (WDD; Wheeler & Ratcliffe 2018, Crime Science 7:7): each count
// is divided by its period weight (e.g. months) and area weight (e.g. km²), so unequal periods or
// areas compare as rates; local = (T1 − T0) − (C1 − C0), displacement = (D1 − D0) − (E1 − E0),
// WDD = local + displacement, Poisson variance Σ count / weight², z = WDD / SE. With all weights 1
// this is the paper's test (worked example: WDD −118, SE 39.6, z −2.98).
// Harm (Wheeler's wdd_harm): per crime type WDDs combined as Σ w_k·WDD_k, SE sqrt(Σ w_k²·SE_k²).
// Weighted displacement quotient (WDQ; Bowers & Johnson 2003, J. Quant. Criminol. 19):
// (D1/E1 − D0/E0) / (T1/C1 − T0/C0); > 0 diffusion of benefits, < 0 displacement, meaningful only
// when the success measure T1/C1 − T0/C0 is negative (Grip: by more than its own interval's half-width,
// so a quotient of noise over noise is not read as displacement). Its interval is a delta-method one (each
// ratio's log variance 1/x + 1/y), a Grip addition: the paper gives none.
// Defaults: weights 1, 95 % intervals.
#pragma once

#include <array>
#include <span>

#include "grip/evaluation/rate_change.hpp"

namespace grip::evaluation {

struct PrePost {
  double before = 0.0, after = 0.0;
};
struct DisplacementCounts {
  PrePost treated, control, buffer, buffer_control;
};
struct DisplacementWeights {
  double before_period = 1.0, after_period = 1.0;  // e.g. months in each period
  // treated, control, buffer, buffer control: e.g. km²
  std::array<double, 4> area = {1.0, 1.0, 1.0, 1.0};
};

struct WddResult {
  double local = 0.0, local_se = 0.0;
  double displacement = 0.0, displacement_se = 0.0;
  double total = 0.0, total_se = 0.0;
  double z = 0.0, p = 1.0;
  Interval interval;  // of the total
};

[[nodiscard]] WddResult weighted_displacement_difference(const DisplacementCounts& counts,
                                                         const DisplacementWeights& weights = {},
                                                         double confidence = kDefaultConfidence);

struct WddPart {
  double estimate = 0.0, se = 0.0, weight = 1.0;
};
struct WddHarm {
  double estimate = 0.0, se = 0.0, z = 0.0, p = 1.0;
  Interval interval;
};
[[nodiscard]] WddHarm combine_wdd_harm(std::span<const WddPart> parts,
                                       double confidence = kDefaultConfidence);

struct WdqResult {
  double success_measure = 0.0;  // T1/C1 − T0/C0
  double buffer_measure = 0.0;   // D1/E1 − D0/E0
  double quotient = 0.0;         // NaN when the success measure is 0 or a count is 0
  Interval interval;             // delta method
  bool meaningful = false;       // the treated area clearly improved against its control
};
[[nodiscard]] WdqResult weighted_displacement_quotient(const DisplacementCounts& counts,
                                                       double confidence = kDefaultConfidence);

}  // namespace grip::evaluation
