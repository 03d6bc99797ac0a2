// Bounded memory for a ping file too large to hold (issue 12): fixes are spread over buckets by
// officer (officer index mod bucket count), each bucket a buffer that spills to a temporary file
// when full. Every per-officer step (cleaning, zone assignment, visit detection) then runs one
// bucket at a time, which gives the same visits as running on the whole file, since no step looks
// across officers. Memory: the buffers (buckets × kBufferFixes × 40 bytes) plus the largest bucket.
// The temporary files (in the system's temp directory, removed on destruction) hold pseudonymous
// officer indices, never a raw id.
#pragma once

#include <cstdio>
#include <filesystem>
#include <span>
#include <vector>

#include "grip/patrol/gps_cleaning.hpp"

namespace grip::patrol {

class FixBuckets {
 public:
  static constexpr std::size_t kBufferFixes = 4096;

  explicit FixBuckets(std::size_t buckets);
  ~FixBuckets();
  FixBuckets(const FixBuckets&) = delete;
  FixBuckets& operator=(const FixBuckets&) = delete;

  [[nodiscard]] std::size_t buckets() const { return buffers_.size(); }
  void add(const GpsFix& fix);
  // Every fix of the bucket, spilled ones first, in the order added.
  [[nodiscard]] std::vector<GpsFix> take(std::size_t bucket);
  // Replaces the bucket's fixes (e.g. with the cleaned ones) for a later take().
  void put(std::size_t bucket, std::span<const GpsFix> fixes);
  [[nodiscard]] std::size_t spilled_fixes() const { return spilled_; }

 private:
  void spill(std::size_t bucket);
  std::filesystem::path dir_;
  std::vector<std::vector<GpsFix>> buffers_;
  std::vector<std::FILE*> files_;
  std::size_t spilled_ = 0;
};

}  // namespace grip::patrol
