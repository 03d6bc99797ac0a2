// Every file Grip writes for a user (CSV, HTML report, layer exports) goes through here, so two
// promises hold for all of them: an output never lands on the store (the store is the user's
// data; a report is cheap to redo), and an output is either complete or absent. Files are written
// beside the target under a temporary name and renamed into place only when complete, so a full
// disk or a failed writer leaves the old target as it was and no half-written file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace grip {

// True when the store locator names a local file; false for a database URI (postgresql://...),
// with which no output file can collide.
[[nodiscard]] bool is_file_locator(std::string_view store_locator);

// Refuses, with grip::UsageError naming `option` and the path, an output that resolves to the
// store (after symlinks, "." and "..", or as the same device and inode: a hard link), to one of
// the store's -wal, -shm or -journal siblings, or to an existing thing that is not a regular file
// (a device such as /dev/full, a FIFO, a folder).
void check_output_path(const std::filesystem::path& output, std::string_view option,
                       std::string_view store_locator);

// A file (with optional sidecars, e.g. a Shapefile's .dbf and .shx) written under a temporary
// name beside its target. commit() renames it into place; until then, and if commit() is never
// reached, the target is untouched and the destructor removes the temporary files.
class PendingOutput {
 public:
  // `sidecars`: extensions (".dbf") of companion files a writer may create beside the main file;
  // on commit each is renamed with it, and a sidecar of the old target that the new one lacks is
  // removed so no stale index or projection file is left next to the new data.
  explicit PendingOutput(std::filesystem::path target, std::vector<std::string> sidecars = {});
  ~PendingOutput();
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;
  PendingOutput(PendingOutput&& other) noexcept;
  PendingOutput& operator=(PendingOutput&&) = delete;

  // Where the writer writes: same folder and extension as the target, a hidden temporary name.
  // The folder is not created here: callers decide whether a missing folder is a mistake.
  [[nodiscard]] const std::filesystem::path& temporary() const noexcept { return temporary_; }
  [[nodiscard]] const std::filesystem::path& target() const noexcept { return target_; }
  // Renames the temporary file(s) onto the target. Throws grip::OutputError.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::vector<std::string> sidecars_;
  bool done_ = false;
};

// Creates `folder` and its parents if missing; grip::OutputError naming `for_output` otherwise.
void make_output_folder(const std::filesystem::path& folder, const std::filesystem::path& for_output);

// Writes `bytes` to `file` (created or truncated), checking open, every write, the flush to disk
// and the close. Throws grip::OutputError naming the file and the system's reason (e.g. "No space
// left on device").
void write_bytes(const std::filesystem::path& file, std::string_view bytes);

// write_bytes() to a temporary file beside `target`, then renamed onto it. Throws grip::OutputError.
void write_output_file(const std::filesystem::path& target, std::string_view bytes);

}  // namespace grip
