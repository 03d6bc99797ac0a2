#include "grip/demo/random.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace grip::demo {

Random Random::fork(std::uint64_t stream) {
  // SplitMix64 finaliser of (next draw, stream) gives well-separated child seeds.
  std::uint64_t z = engine_() ^ (stream * 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return Random(z ^ (z >> 31));
}

double Random::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

std::int64_t Random::index(std::int64_t count) {
  if (count <= 0) throw std::invalid_argument("Random::index needs a positive count");
  const auto n = static_cast<std::int64_t>(uniform() * static_cast<double>(count));
  return std::min(n, count - 1);
}

double Random::normal(double mean, double sd) {
  // Box-Muller; 1 - u keeps the logarithm finite.
  const double u1 = 1.0 - uniform();
  const double u2 = uniform();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Random::exponential(double rate) { return -std::log(1.0 - uniform()) / rate; }

std::int64_t Random::poisson(double mean) {
  if (mean <= 0.0) return 0;
  if (mean > 50.0) {
    const double draw = std::round(normal(mean, std::sqrt(mean)));
    return draw < 0.0 ? 0 : static_cast<std::int64_t>(draw);
  }
  const double u = uniform();
  double probability = std::exp(-mean);
  double cumulative = probability;
  std::int64_t k = 0;
  while (u >= cumulative && k < 1000) {
    ++k;
    probability *= mean / static_cast<double>(k);
    cumulative += probability;
  }
  return k;
}

std::size_t Random::weighted(std::span<const double> weights) {
  double total = 0.0;
  for (const double w : weights) total += w;
  if (weights.empty() || !(total > 0.0)) throw std::invalid_argument("Random::weighted needs a positive sum");
  double target = uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    target -= weights[i];
    if (target < 0.0) return i;
  }
  return weights.size() - 1;
}

WeightedTable::WeightedTable(std::span<const double> weights) {
  cumulative_.reserve(weights.size());
  double running = 0.0;
  for (const double w : weights) {
    running += w;
    cumulative_.push_back(running);
  }
  if (cumulative_.empty() || !(running > 0.0)) {
    throw std::invalid_argument("WeightedTable needs weights with a positive sum");
  }
}

std::size_t WeightedTable::draw(Random& random) const {
  const double target = random.uniform() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

}  // namespace grip::demo
