// Nearest-snap-point look-up on a uniform grid of buckets: data.police.uk moves every crime to the
// nearest of a finite set of anonymised street points, and so does the generator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "grip/demo/geography.hpp"

namespace grip::demo {

class SnapIndex {
 public:
  explicit SnapIndex(std::span<const SnapPoint> points, double bucket_m = 250.0);
  // Index of the nearest snap point; the index must hold at least one point.
  [[nodiscard]] std::size_t nearest(LocalPoint at) const;

 private:
  [[nodiscard]] std::int64_t column(double x) const;
  [[nodiscard]] std::int64_t row(double y) const;

  std::span<const SnapPoint> points_;
  double bucket_m_;
  double min_x_ = 0.0;
  double min_y_ = 0.0;
  std::int64_t columns_ = 1;
  std::int64_t rows_ = 1;
  std::vector<std::vector<std::size_t>> buckets_;
};

}  // namespace grip::demo
