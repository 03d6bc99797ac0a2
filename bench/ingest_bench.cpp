// Ingest throughput on the real data.police.uk street CSVs (10 Essex months, ~166,000 rows).
// Target (issue 2): parse + project + store at >= 500,000 rows/s on one core; a time-zone
// conversion < 200 ns (BM_CivilTimeInZone).
//   build/ingest_bench --benchmark_counters_tabular=true
// Stages are timed separately so a regression points at its stage.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <vector>

#include "grip/core/time_text.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/ingest/placement.hpp"
#include "grip/ingest/police_uk_street.hpp"
#include "grip/ingest/source_text.hpp"

namespace fs = std::filesystem;
namespace {

const fs::path kStreet = fs::path(GRIP_SHARED_DATA) / "police-uk" / "street";

std::vector<grip::ingest::SourceText> load_sources() {
  std::vector<grip::ingest::SourceText> sources;
  if (!fs::exists(kStreet)) return sources;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kStreet)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) sources.push_back(grip::ingest::read_source(file));
  return sources;
}

void BM_ParseStreetCsv(benchmark::State& state) {
  const auto sources = load_sources();
  if (sources.empty()) return state.SkipWithError("../shared/data is not present");
  std::int64_t rows = 0;
  for (auto _ : state) {
    for (const auto& source : sources) {
      grip::ingest::require_text(source);
      const grip::ingest::CsvTable table(source.body(), source.name);
      auto parsed = grip::ingest::read_police_uk_street(table);
      rows += parsed.rows_read;
      benchmark::DoNotOptimize(parsed.incidents.data());
    }
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseStreetCsv)->Unit(benchmark::kMillisecond);

void BM_ParseAndProjectStreetCsv(benchmark::State& state) {
  const auto sources = load_sources();
  if (sources.empty()) return state.SkipWithError("../shared/data is not present");
  grip::geo::Projector projector("EPSG:27700");
  grip::ingest::PlacementRules rules;
  rules.to_store = &projector;
  rules.store_crs_code = "EPSG:27700";
  std::int64_t rows = 0;
  for (auto _ : state) {
    grip::ingest::ProjectionCache cache;  // one ingest's cache, as grip ingest keeps it
    rules.cache = &cache;
    for (const auto& source : sources) {
      const grip::ingest::CsvTable table(source.body(), source.name);
      auto parsed = grip::ingest::read_police_uk_street(table);
      grip::ingest::place(parsed, rules);
      rows += parsed.rows_read;
    }
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseAndProjectStreetCsv)->Unit(benchmark::kMillisecond);

// The whole command's work: read files, check, parse, project, write a fresh store, commit.
void BM_IngestStreetCsvIntoStore(benchmark::State& state) {
  if (!fs::exists(kStreet)) return state.SkipWithError("../shared/data is not present");
  const fs::path db = fs::temp_directory_path() / "grip-ingest-bench.gpkg";
  std::int64_t rows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    state.ResumeTiming();
    grip::store::Store store(db.string());
    const auto summary = grip::ingest::ingest_files(store, {kStreet}, {});
    for (const auto& file : summary.files) rows += file.rows_read;
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}
BENCHMARK(BM_IngestStreetCsvIntoStore)->Unit(benchmark::kMillisecond)->Iterations(5);

// A UTC instant to a force's local time: once a row for stop searches (their "+00:00" times),
// incident extracts written with an offset, and GPS fixes. Target: < 200 ns a conversion on one
// core, on any thread (setting TZ for localtime_r, as before, took about 25 us and was not safe).
void BM_CivilTimeInZone(benchmark::State& state) {
  std::int64_t converted = 0;
  long long instant = 1500000000;  // 2017-07-14, walked on by 997 s so both BST and GMT are met
  for (auto _ : state) {
    const grip::CivilDateTime local = grip::civil_time_in_zone(instant, "Europe/London");
    benchmark::DoNotOptimize(local);
    instant += 997;
    ++converted;
  }
  state.counters["per_s"] = benchmark::Counter(static_cast<double>(converted), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CivilTimeInZone);

}  // namespace

BENCHMARK_MAIN();
