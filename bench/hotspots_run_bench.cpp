// The whole `grip hotspots` run on real data: all 10 Essex months of data.police.uk street crime
// (../shared/data), 100 m cells over the 14 districts (about 600,000 cells in the grid), quartic KDE
// at 300 m, Gi* with BH, monthly Gi* and trends, candidates, selection, and the writes of all three
// layers in one transaction. TBB is limited to one thread; the monthly Gi* runs on up to four
// (monthly_trend_threads), so on two cores the run uses both. Target: under 1 s.
// Run: ./build-hs/hotspots_run_bench --benchmark_min_time=3
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <filesystem>
#include <memory>

#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/hotspot/hotspot_pipeline.hpp"
#include "grip/ingest/ingest_files.hpp"

namespace {

namespace fs = std::filesystem;

grip::store::Store* essex_store() {
  static std::unique_ptr<grip::store::Store> store = [] {
    const fs::path data = GRIP_SHARED_DATA;
    const fs::path db = fs::temp_directory_path() / "grip-hotspots-bench.gpkg";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
    auto opened = std::make_unique<grip::store::Store>(db.string());
    (void)grip::ingest::ingest_files(
        *opened, {data / "boundaries" / "essex-districts.geojson", data / "police-uk" / "street"},
        grip::ingest::IngestOptions{});
    return opened;
  }();
  return store.get();
}

bool have_data(benchmark::State& state) {
  if (fs::exists(fs::path(GRIP_SHARED_DATA) / "police-uk")) return true;
  state.SkipWithError("no ../shared/data");
  return false;
}

grip::hotspot::HotspotSettings bench_settings(double cell_size) {
  grip::hotspot::HotspotSettings settings;
  settings.cell_size_m = cell_size;
  settings.bandwidth_m = 300.0;
  return settings;
}

void BM_HotspotsRunAndWrite(benchmark::State& state) {
  if (!have_data(state)) return;
  tbb::global_control one_core(tbb::global_control::max_allowed_parallelism, 1);
  auto* store = essex_store();
  const auto settings = bench_settings(static_cast<double>(state.range(0)));
  std::size_t cells = 0;
  for (auto _ : state) {
    auto run = grip::hotspot::run_hotspots(*store, settings);
    const auto written = grip::hotspot::write_hotspot_run(*store, run);
    cells = run.grid.cell_count();
    benchmark::DoNotOptimize(written.run_id);
  }
  state.counters["grid_cells"] = static_cast<double>(cells);
}
BENCHMARK(BM_HotspotsRunAndWrite)->Arg(100)->Arg(250)->Unit(benchmark::kMillisecond);

void BM_HotspotsRunOnly(benchmark::State& state) {
  if (!have_data(state)) return;
  tbb::global_control one_core(tbb::global_control::max_allowed_parallelism, 1);
  auto* store = essex_store();
  const auto settings = bench_settings(static_cast<double>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(grip::hotspot::run_hotspots(*store, settings).hotspots.size());
}
BENCHMARK(BM_HotspotsRunOnly)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
