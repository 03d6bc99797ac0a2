#include "grip/core/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "grip/core/errors.hpp"

namespace grip {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStoreSiblings[] = {"", "-wal", "-shm", "-journal"};

// Follows a chain of symlinks by hand: weakly_canonical() stops at a dangling link, and a link to
// a store sibling that does not exist yet (the -wal between commands) is dangling.
fs::path resolved(const fs::path& path) {
  std::error_code error;
  fs::path current = fs::absolute(path, error);
  for (int hops = 0; hops < 40 && fs::is_symlink(current, error); ++hops) {
    const fs::path link = fs::read_symlink(current, error);
    if (error) break;
    current = link.is_absolute() ? link : current.parent_path() / link;
  }
  const fs::path canonical = fs::weakly_canonical(current, error);
  return error ? current.lexically_normal() : canonical;
}

bool same_inode(const fs::path& a, const fs::path& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

std::string system_reason(int error_number) { return std::strerror(error_number); }

std::string with_extension(const fs::path& path, const std::string& extension) {
  fs::path changed = path;
  changed.replace_extension(extension);
  return changed.string();
}

}  // namespace

bool is_file_locator(std::string_view store_locator) {
  return store_locator.find("://") == std::string_view::npos && !store_locator.starts_with("postgresql:") &&
         !store_locator.starts_with("postgres:") && !store_locator.starts_with("PG:") &&
         !store_locator.starts_with("service=");
}

void check_output_path(const fs::path& output, std::string_view option, std::string_view store_locator) {
  const std::string named = std::string(option) + " " + output.string();
  const fs::path out = resolved(output);
  if (is_file_locator(store_locator) && !store_locator.empty()) {
    const fs::path store = resolved(fs::path(store_locator));
    for (const char* suffix : kStoreSiblings) {
      const fs::path sibling = store.string() + suffix;
      if (out == sibling || same_inode(out, sibling)) {
        throw UsageError(named + ": that is " + (*suffix ? "a working file of " : "") + "the store " +
                         std::string(store_locator) +
                         "; writing there would destroy it. Choose another output file");
      }
    }
  }
  std::error_code error;
  const auto status = fs::status(out, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    const char* what = fs::is_directory(status)        ? "a folder"
                       : fs::is_fifo(status)           ? "a FIFO"
                       : fs::is_character_file(status) ? "a device"
                       : fs::is_block_file(status)     ? "a device"
                                                       : "not a regular file";
    throw UsageError(named + ": it exists and is " + what +
                     ", not a file Grip can replace. Choose a file name");
  }
}

PendingOutput::PendingOutput(fs::path target, std::vector<std::string> sidecars)
    : target_(std::move(target)), sidecars_(std::move(sidecars)) {
  static std::atomic<unsigned> counter{0};
  const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  // Hidden, unique to this process and call, and with the target's extension: GDAL picks sidecar
  // names from it, and a reader listing the folder does not take it for a finished file.
  temporary_ = folder / ("." + target_.stem().string() + ".grip-" + std::to_string(::getpid()) + "-" +
                         std::to_string(counter++) + ".partial" + target_.extension().string());
}

PendingOutput::PendingOutput(PendingOutput&& other) noexcept
    : target_(std::move(other.target_)),
      temporary_(std::move(other.temporary_)),
      sidecars_(std::move(other.sidecars_)),
      done_(other.done_) {
  other.done_ = true;
}

PendingOutput::~PendingOutput() {
  if (done_) return;
  std::error_code ignored;
  fs::remove(temporary_, ignored);
  for (const auto& sidecar : sidecars_) fs::remove(with_extension(temporary_, sidecar), ignored);
}

void PendingOutput::commit() {
  if (done_) return;
  std::error_code error;
  if (!fs::is_regular_file(temporary_, error)) {
    throw OutputError(target_.string() + ": the writer produced no file");
  }
  for (const auto& sidecar : sidecars_) {
    const fs::path from = with_extension(temporary_, sidecar);
    const fs::path to = with_extension(target_, sidecar);
    if (fs::exists(from, error)) {
      fs::rename(from, to, error);
      if (error) throw OutputError(to.string() + ": cannot move the new file into place: " + error.message());
    } else {
      fs::remove(to, error);  // a stale companion of the old target (e.g. a spatial index)
    }
  }
  fs::rename(temporary_, target_, error);
  if (error)
    throw OutputError(target_.string() + ": cannot move the new file into place: " + error.message());
  done_ = true;
}

void make_output_folder(const fs::path& folder, const fs::path& for_output) {
  if (folder.empty()) return;
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) {
    throw OutputError(for_output.string() + ": cannot create the folder " + folder.string() + ": " +
                      error.message());
  }
}

void write_bytes(const fs::path& file, std::string_view bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw OutputError(file.string() + ": cannot create: " + system_reason(errno));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int reason = n < 0 ? errno : ENOSPC;
      ::close(fd);
      throw OutputError(file.string() + ": cannot write: " + system_reason(reason));
    }
    written += static_cast<std::size_t>(n);
  }
  // A full disk may only show at the flush (delayed allocation); devices and pipes cannot sync.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    const int reason = errno;
    ::close(fd);
    throw OutputError(file.string() + ": cannot write: " + system_reason(reason));
  }
  if (::close(fd) != 0) throw OutputError(file.string() + ": cannot write: " + system_reason(errno));
}

void write_output_file(const fs::path& target, std::string_view bytes) {
  PendingOutput pending(target);
  write_bytes(pending.temporary(), bytes);
  pending.commit();
}

}  // namespace grip
