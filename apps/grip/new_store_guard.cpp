// A failed command must not leave an empty grip.gpkg behind (`grip hotspots` in an empty folder
// used to create one). Only a store file this process created, and only while it holds no data,
// is removed; a store that existed before, or that a failed command still filled (ingest keeps the
// files it could read), is never touched.
#include <filesystem>
#include <system_error>

#include "commands.hpp"
#include "grip/core/output_file.hpp"
#include "grip/store/store.hpp"

namespace grip::cli {
namespace fs = std::filesystem;

NewStoreGuard::NewStoreGuard(std::string locator) : locator_(std::move(locator)) {
  std::error_code error;
  watching_ = is_file_locator(locator_) && !fs::exists(fs::symlink_status(locator_, error));
}

void NewStoreGuard::command_failed() noexcept {
  if (!watching_) return;
  std::error_code error;
  if (!fs::is_regular_file(locator_, error)) return;
  try {
    // No CRS means no data arrived: the CRS is set with the first rows stored (store.hpp).
    const bool empty = !store::Store(locator_).crs().has_value();
    if (!empty) return;
  } catch (const std::exception&) {
    return;  // not readable as a store: leave it for the user to see
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(locator_ + suffix, error);
}

}  // namespace grip::cli
