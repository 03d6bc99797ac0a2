// Portable random draws for the synthetic county. The standard library's distributions may give
// different numbers on different standard libraries, so the generator uses std::mt19937_64 (whose
// output the standard fixes) and draws everything through these few inverse-CDF / Box-Muller
// methods. The same seed therefore gives byte-identical files everywhere.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace grip::demo {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // A child stream for one part of the generator, so adding draws to one part does not shift
  // every other part's numbers.
  [[nodiscard]] Random fork(std::uint64_t stream);

  [[nodiscard]] std::uint64_t bits() { return engine_(); }
  // Uniform on [0, 1), 53 bits.
  [[nodiscard]] double uniform();
  [[nodiscard]] double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [0, count); count must be positive.
  [[nodiscard]] std::int64_t index(std::int64_t count);
  [[nodiscard]] bool chance(double probability) { return uniform() < probability; }
  [[nodiscard]] double normal(double mean, double sd);
  [[nodiscard]] double exponential(double rate);
  // Poisson by inversion for small means, normal approximation (rounded, floored at 0) above 50.
  [[nodiscard]] std::int64_t poisson(double mean);
  // Index i with probability weights[i] / sum; weights must be non-negative with a positive sum.
  [[nodiscard]] std::size_t weighted(std::span<const double> weights);

 private:
  std::mt19937_64 engine_;
};

// Cumulative weights for repeated weighted draws by binary search.
class WeightedTable {
 public:
  WeightedTable() = default;
  explicit WeightedTable(std::span<const double> weights);
  [[nodiscard]] std::size_t draw(Random& random) const;
  [[nodiscard]] bool empty() const { return cumulative_.empty(); }
  [[nodiscard]] double total() const { return cumulative_.empty() ? 0.0 : cumulative_.back(); }

 private:
  std::vector<double> cumulative_;
};

}  // namespace grip::demo
