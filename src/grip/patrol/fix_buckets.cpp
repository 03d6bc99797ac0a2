#include "grip/patrol/fix_buckets.hpp"

#include <random>
#include <string>
#include <system_error>

#include "grip/core/errors.hpp"

namespace grip::patrol {

FixBuckets::FixBuckets(std::size_t buckets) : buffers_(buckets == 0 ? 1 : buckets), files_(buffers_.size()) {}

FixBuckets::~FixBuckets() {
  for (std::FILE* f : files_)
    if (f != nullptr) std::fclose(f);
  if (!dir_.empty()) {
    std::error_code ignored;  // a temporary folder left behind is not worth failing an ingest for
    std::filesystem::remove_all(dir_, ignored);
  }
}

void FixBuckets::add(const GpsFix& fix) {
  const std::size_t bucket = fix.officer % buffers_.size();
  auto& buffer = buffers_[bucket];
  buffer.push_back(fix);
  if (buffer.size() >= kBufferFixes) spill(bucket);
}

void FixBuckets::spill(std::size_t bucket) {
  auto& buffer = buffers_[bucket];
  if (buffer.empty()) return;
  if (files_[bucket] == nullptr) {
    if (dir_.empty()) {
      std::random_device random;
      dir_ = std::filesystem::temp_directory_path() /
             ("grip-pings-" + std::to_string(random()) + "-" + std::to_string(random()));
      std::filesystem::create_directories(dir_);
    }
    const std::filesystem::path file = dir_ / ("bucket-" + std::to_string(bucket));
    files_[bucket] = std::fopen(file.c_str(), "w+b");
    if (files_[bucket] == nullptr) throw InputError(file.string(), 0, "cannot create a temporary file");
  }
  if (std::fwrite(buffer.data(), sizeof(GpsFix), buffer.size(), files_[bucket]) != buffer.size())
    throw InputError(dir_.string(), 0, "cannot write a temporary file (disk full?)");
  spilled_ += buffer.size();
  buffer.clear();
}

std::vector<GpsFix> FixBuckets::take(std::size_t bucket) {
  std::vector<GpsFix> fixes;
  if (std::FILE* f = files_[bucket]) {
    std::fseek(f, 0, SEEK_END);
    const long bytes = std::ftell(f);
    fixes.resize(static_cast<std::size_t>(bytes) / sizeof(GpsFix));
    std::rewind(f);
    if (std::fread(fixes.data(), sizeof(GpsFix), fixes.size(), f) != fixes.size())
      throw InputError(dir_.string(), 0, "cannot read back a temporary file");
    std::fclose(f);
    files_[bucket] = nullptr;
    std::error_code ignored;
    std::filesystem::remove(dir_ / ("bucket-" + std::to_string(bucket)), ignored);
  }
  auto& buffer = buffers_[bucket];
  fixes.insert(fixes.end(), buffer.begin(), buffer.end());
  buffer.clear();
  buffer.shrink_to_fit();
  return fixes;
}

void FixBuckets::put(std::size_t bucket, std::span<const GpsFix> fixes) {
  auto& buffer = buffers_[bucket];
  buffer.clear();
  for (const GpsFix& fix : fixes) {
    buffer.push_back(fix);
    if (buffer.size() >= kBufferFixes) spill(bucket);
  }
}

}  // namespace grip::patrol
