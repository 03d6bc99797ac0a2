// The Chicago daily backtest: 102,853 aggravated assaults 2010-2016, 150 m cells over the 25 police
// districts (ingested as grip ingest --code-field district --name-field name would), day windows, every
// base model the data supports and the ensemble, grip backtest's defaults (28 scored days after 7
// warm-up, 7 years of history at each origin). Target: under 120 s CPU on one core (taskset -c 1);
// most of it is the learned models' fits. The store is ingested once before timing; the timed part
// reads it and runs the backtest. Counters: the default's E/O and its E/O before the seasonal index.
// Measured (taskset -c 1, load 5-6): 120 s CPU, 147 s wall, 35 origins over 2,557 days, 27,055
// cells, 12 models; the default long-run-mean's E/O 1.009 (1.050 before the seasonal index).
// Run: taskset -c 1 ./build/chicago_backtest_bench   (one iteration, fixed in the registration)
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "grip/forecast/backtest.hpp"
#include "grip/forecast/forecast_data.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/store/store.hpp"

namespace {

namespace fs = std::filesystem;

const std::string& chicago_store() {
  static const std::string path = [] {
    const fs::path store_path = fs::temp_directory_path() / "grip-chicago-backtest-bench.gpkg";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(store_path.string() + suffix);
    grip::store::Store store(store_path.string());
    const fs::path shared = GRIP_SHARED_DATA;
    // GRIP_SHARED_DATA is <source>/../shared/data: the source tree is three levels up, lexically.
    const fs::path source = shared.parent_path().parent_path().parent_path();
    grip::ingest::IngestOptions districts;
    districts.boundaries.code_field = "district";
    districts.boundaries.name_field = "name";
    (void)grip::ingest::ingest_files(store, {shared / "incidents" / "chicago-police-districts.geojson"},
                                     districts);
    grip::ingest::IngestOptions assaults;
    assaults.mapping_path = (source / "examples" / "chicago-assaults.mapping.json").string();
    (void)grip::ingest::ingest_files(
        store, {shared / "incidents" / "chicago-aggravated-assaults-2010-2016.csv"}, assaults);
    return store_path.string();
  }();
  return path;
}

void BM_ChicagoDailyBacktest(benchmark::State& state) {
  const auto& path = chicago_store();
  for (auto _ : state) {
    grip::store::Store store(path);
    grip::forecast::ForecastSettings settings;
    settings.window = grip::forecast::WindowKind::kDay;
    const auto data = grip::forecast::load_forecast_data(store, settings);
    const auto result = grip::forecast::run_backtest(data, {});
    benchmark::DoNotOptimize(result.best_model.data());
    state.counters["windows"] = static_cast<double>(data.windows.size());
    state.counters["origins"] =
        static_cast<double>(result.scored_windows.size() + result.warmup_windows.size());
    state.counters["models"] = static_cast<double>(result.models.size());
    state.counters["cells"] = static_cast<double>(data.cells());
    for (const auto& m : result.models) {
      if (m.name != result.best_model) continue;
      state.counters["default_E/O"] = m.expected_over_observed;
      state.counters["default_E/O_isotonic"] = m.isotonic_expected_over_observed;
    }
  }
}
BENCHMARK(BM_ChicagoDailyBacktest)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
