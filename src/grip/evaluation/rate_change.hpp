// Change in a Poisson count between two periods: counts b (before, exposure t0) and a (after,
// exposure t1), rate ratio RR = (a/t1)/(b/t0), percentage change 100·(RR − 1).
// Intervals: Wald on the log scale, exp(log RR ± z·sqrt(1/a + 1/b)); and exact, conditional on
// a + b: a ~ Binomial(a + b, π) with π = RR·t1/(RR·t1 + t0), Clopper–Pearson on π mapped to RR,
// with the two-sided p of R's binom.test (the sum of outcomes no likelier than the one seen), so
// the numbers equal R's poisson.test(c(a, b), c(t1, t0)). The E-test (Krishnamoorthy & Thomson
// 2004, J. Stat. Plan. Inference 119) sums the Poisson probabilities, at the pooled rate, of every
// (x1, x2) whose unpooled z |x1/t1 − x2/t0| / sqrt(x1/t1² + x2/t0²) is at least the one seen.
// Defaults: 95 % intervals, two-sided tests.
#pragma once

#include <cstdint>
#include <string>

namespace grip::evaluation {

inline constexpr double kDefaultConfidence = 0.95;

struct Interval {
  double low = 0.0, high = 0.0;
};

struct RateChange {
  std::int64_t before = 0, after = 0;
  double before_exposure = 1.0, after_exposure = 1.0;
  double rate_ratio = 0.0;      // NaN when before is 0
  double percent_change = 0.0;  // 100·(RR − 1)
  Interval wald;                // NaN when either count is 0
  Interval exact;               // conditional binomial (Clopper–Pearson)
  double exact_p = 1.0;         // conditional binomial, two-sided, H0: RR = 1
  double e_test_p = 1.0;        // E-test, two-sided, H0: equal rates
};

// Throws grip::UsageError unless 0 < confidence < 1; shared by every kernel of the module.
void require_confidence(double confidence);
// The two-sided normal quantile z for the confidence (1.96 for 0.95), after require_confidence.
[[nodiscard]] double normal_quantile(double confidence);
// Two-sided p of a standard normal z.
[[nodiscard]] double normal_two_sided_p(double z);

// Throws grip::UsageError on a negative count, a non-positive exposure or a confidence outside (0, 1).
[[nodiscard]] RateChange rate_change(std::int64_t before, std::int64_t after, double before_exposure = 1.0,
                                     double after_exposure = 1.0, double confidence = kDefaultConfidence);

// Two-sided p of the exact binomial test of k successes in n trials at probability p (binom.test).
[[nodiscard]] double binomial_test_p(std::int64_t k, std::int64_t n, double p);
// Clopper–Pearson interval for a binomial proportion.
[[nodiscard]] Interval clopper_pearson(std::int64_t k, std::int64_t n, double confidence);
// E-test p for k1 events over exposure n1 against k2 over n2 (H0: k1/n1 − k2/n2 = d); 1 when both are 0.
[[nodiscard]] double e_test(std::int64_t k1, std::int64_t k2, double n1 = 1.0, double n2 = 1.0,
                            double d = 0.0);

// "a fall of 7 %, 95 % interval −12 % to −2 %", or "not distinguishable from normal variation
// (+3 %, 95 % interval −5 % to +12 %)" when the interval holds 1. ratio and interval as rate ratios.
[[nodiscard]] std::string verdict(double ratio, const Interval& interval,
                                  double confidence = kDefaultConfidence);

}  // namespace grip::evaluation
