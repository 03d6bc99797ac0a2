// Long work from the dashboard, in the background (job_runner.hpp): an uploaded file's ingest
// (POST /api/jobs/ingest) and a hotspot run (POST /api/jobs/hotspots) answer 202 with a job id at
// once; GET /api/jobs lists the jobs and GET /api/job?id= gives one, with its progress, which the
// jobs page polls. Each job opens its own store connection, so the dashboard keeps answering from
// the server's connection while it runs (readers are not blocked on either engine). The upload is
// written to a private temporary folder (0700), ingested exactly as `grip ingest FILE` would, and
// removed when the job ends. Who started each job is audited when it is submitted.
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>

#include "grip/core/errors.hpp"
#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/hotspot/hotspot_pipeline.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/ingest/ingest_summary.hpp"
#include "grip/server/api_handlers.hpp"

namespace grip::server {
namespace {

// Letters, digits, '.', '-', '_'; a CSV or GeoJSON name, no folder part.
void check_upload_name(const std::string& name) {
  const bool shape_ok =
      !name.empty() && name.size() <= 120 && name.front() != '.' &&
      name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
          std::string::npos;
  const auto ends = [&](const char* suffix) { return name.ends_with(suffix); };
  if (!shape_ok || !(ends(".csv") || ends(".geojson") || ends(".json")))
    throw UsageError(
        "file_name must be a plain file name (letters, digits, '.', '-', '_'; up to 120) ending in .csv, "
        ".geojson or .json");
}

// A folder only this process can read, removed with everything in it when the last owner goes.
struct UploadFolder {
  std::filesystem::path path;
  UploadFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "grip-upload-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw OutputError("cannot make a temporary folder for the upload");
    path = pattern;
  }
  ~UploadFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  UploadFolder(const UploadFolder&) = delete;
  UploadFolder& operator=(const UploadFolder&) = delete;
};

ApiResponse accepted(std::int64_t id) {
  return json_response(202, {{"job", id}, {"status", "/api/job?id=" + std::to_string(id)}});
}

ApiResponse busy() {
  return error_response(503, "the server is busy: other jobs are waiting; try again when one has finished");
}

}  // namespace

ApiResponse api_start_ingest(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"file_name", "content"});
  const std::string name = text_field(body, "file_name", 120);
  check_upload_name(name);
  if (!body.contains("content") || !body["content"].is_string())
    throw UsageError("content must be the file's text (a string)");
  const auto& content = body["content"].get_ref<const std::string&>();
  if (content.empty()) throw UsageError("content is empty: nothing to ingest");
  if (content.size() > kMaxUploadBytes)
    throw UsageError(
        fmt::format("content is {} bytes; uploads are limited to {} bytes (use `grip ingest` for "
                    "larger files)",
                    content.size(), kMaxUploadBytes));
  auto folder = std::make_shared<UploadFolder>();
  const auto file = folder->path / name;
  {
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw OutputError("cannot write the upload to " + file.string());
  }
  const std::string db = context.db;
  const auto id =
      context.jobs->submit("ingest", caller.name, [db, folder, file](const JobRunner::Report& report) {
        store::Store store(db);
        ingest::IngestOptions options;
        options.progress = [&](std::size_t index, std::size_t count, const std::string& path) {
          if (index < count)
            report(static_cast<double>(index) / static_cast<double>(count),
                   fmt::format("reading {} ({} of {})", std::filesystem::path(path).filename().string(),
                               index + 1, count));
        };
        const auto summary = ingest::ingest_files(store, {file}, options);
        // A refused file is a failed job, with the ingest's own reason (line and why) as its message.
        for (const auto& f : summary.files)
          if (f.status == ingest::FileStatus::kRefused) {
            std::string reason = f.message;  // without the server's temporary folder
            const std::string folder_prefix = file.parent_path().string() + "/";
            for (auto at = reason.find(folder_prefix); at != std::string::npos;
                 at = reason.find(folder_prefix))
              reason.erase(at, folder_prefix.size());
            throw UsageError(reason);
          }
        json result = ingest::to_json(summary);
        result.erase("store");  // the server's own locator and temporary path are not the caller's business
        for (auto& f : result["files"]) f["file"] = file.filename().string();
        return result;
      });
  if (!id) return busy();
  {
    store::WriteTransaction write(context.store);
    audit_write(context.store, caller.name, "job ingest", name,
                fmt::format("{} bytes, job {}", content.size(), *id));
    write.commit();
  }
  return accepted(*id);
}

ApiResponse api_start_hotspots(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"top", "cell_size_m"});
  hotspot::HotspotSettings settings;
  if (const auto top = integer_field(body, "top", 1, 1000)) settings.top_n = static_cast<std::size_t>(*top);
  if (const auto cell = integer_field(body, "cell_size_m", 1, 10'000))
    settings.cell_size_m = static_cast<double>(*cell);
  const std::string db = context.db;
  const auto id =
      context.jobs->submit("hotspots", caller.name, [db, settings](const JobRunner::Report& report) {
        store::Store store(db);
        report(0.0, "computing hotspots (a run reports no finer progress)");
        auto run = hotspot::run_hotspots(store, settings);
        report(0.9, "writing the layers");
        const auto written = hotspot::write_hotspot_run(store, run);
        (void)written;
        std::int64_t selected = 0;
        for (const auto& area : run.hotspots) selected += area.selected ? 1 : 0;
        return json{
            {"run_id", run.run_id}, {"title", run.title}, {"selected", selected}, {"months", run.months}};
      });
  if (!id) return busy();
  {
    store::WriteTransaction write(context.store);
    audit_write(context.store, caller.name, "job hotspots", "", fmt::format("{}, job {}", body.dump(), *id));
    write.commit();
  }
  return accepted(*id);
}

ApiResponse api_jobs(ApiContext& context, const Caller&, const ApiRequest&) {
  json out = json::array();
  for (const auto& job : context.jobs->list()) out.push_back(to_json(job));
  return json_response(200, out);
}

ApiResponse api_job(ApiContext& context, const Caller&, const ApiRequest& request) {
  const auto id = integer_param(request, "id", 0, 1, std::numeric_limits<std::int32_t>::max());
  const auto job = context.jobs->status(id);
  if (!job)
    return error_response(404, fmt::format("no job {} (finished jobs are kept for a while only)", id));
  return json_response(200, to_json(*job));
}

}  // namespace grip::server
