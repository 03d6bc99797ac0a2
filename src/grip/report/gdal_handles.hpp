// GDAL set up for the report writers: drivers registered once, datasets that close themselves,
// and GDAL's own error and warning messages caught while a writer runs (instead of printed to
// stderr), so they can go into a grip::InputError or the writer's warnings.
#pragma once

#include <gdal_priv.h>

#include <memory>
#include <string>
#include <vector>

namespace grip::report {

void register_gdal_drivers();

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// While alive, collects GDAL's messages on this thread (nested handlers are fine).
class GdalMessages {
 public:
  GdalMessages();
  ~GdalMessages();
  GdalMessages(const GdalMessages&) = delete;
  GdalMessages& operator=(const GdalMessages&) = delete;

  [[nodiscard]] const std::vector<std::string>& errors() const noexcept { return errors_; }
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  // The errors so far joined with "; ", or `fallback` when GDAL said nothing.
  [[nodiscard]] std::string error_text(const std::string& fallback) const;
  void clear() noexcept;

  // GDAL's callback; public only so the C handler can reach it.
  void add(bool is_error, const char* message);

 private:
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
};

}  // namespace grip::report
