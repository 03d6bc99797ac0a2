// Mann-Kendall trend test (Mann 1945; Kendall 1975), as used on each cell's series of Gi* z-scores
// in emerging hot spot analysis. S = Σ_{i<j} sign(x_j − x_i);
// Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18 over groups g of t_g tied values;
// z = (S − 1)/√Var if S > 0, (S + 1)/√Var if S < 0, 0 if S = 0 (continuity correction);
// p = 2Φ(−|z|), two-sided. The normal approximation; no serial-correlation adjustment.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace grip::hotspot {

struct MannKendall {
  double s = 0.0;         // Kendall's S
  double variance = 0.0;  // tie-corrected Var(S)
  double z = 0.0;
  double p = 1.0;  // two-sided; 1 when Var(S) = 0 (every value tied)
};

// Throws grip::UsageError for fewer than three values or a value that is not finite.
[[nodiscard]] MannKendall mann_kendall(std::span<const double> series);

// The test on each of several equal-length series stored one after another: series k is
// values[k·periods, (k+1)·periods). A series holding a NaN (a cell outside the study area, or
// with Gi* undefined in some period) gets NaN in every field. Throws grip::UsageError when
// values.size() is not a multiple of periods, and as mann_kendall does otherwise.
[[nodiscard]] std::vector<MannKendall> mann_kendall_each(std::span<const double> values, std::size_t periods);

}  // namespace grip::hotspot
