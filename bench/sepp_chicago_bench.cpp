// SEPP (sepp.hpp) fitted on all 102,853 Chicago aggravated assaults 2010-2016 (to the minute,
// WGS84 to 4 decimals), as the sepp forecast model fits it at an origin: cold start, the study grid's
// box, the period from the first event, the σ floor from the coordinates' precision, at most 100 EM
// iterations, tolerance 1e-5. Target: under 10 s on one core (run with taskset -c 1).
// The store is ingested once before timing (examples/chicago-assaults.mapping.json + the 25 districts).
// Run: taskset -c 1 ./build/sepp_chicago_bench   (one iteration, fixed in the registration)
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "grip/forecast/forecast_data.hpp"
#include "grip/forecast/sepp.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/store/store.hpp"

namespace {

namespace fs = std::filesystem;

const grip::forecast::ForecastData& chicago() {
  static const grip::forecast::ForecastData data = [] {
    const fs::path store_path = fs::temp_directory_path() / "grip-sepp-chicago-bench.gpkg";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(store_path.string() + suffix);
    grip::store::Store store(store_path.string());
    const fs::path shared = GRIP_SHARED_DATA;
    grip::ingest::IngestOptions options;
    // GRIP_SHARED_DATA is <source>/../shared/data: the source tree is three levels up, lexically.
    const fs::path source = shared.parent_path().parent_path().parent_path();
    options.mapping_path = (source / "examples" / "chicago-assaults.mapping.json").string();
    (void)grip::ingest::ingest_files(store, {shared / "incidents" / "chicago-police-districts.geojson"}, {});
    (void)grip::ingest::ingest_files(
        store, {shared / "incidents" / "chicago-aggravated-assaults-2010-2016.csv"}, options);
    grip::forecast::ForecastSettings settings;
    settings.window = grip::forecast::WindowKind::kDay;
    return grip::forecast::load_forecast_data(store, settings);
  }();
  return data;
}

void BM_SeppFitChicago(benchmark::State& state) {
  const auto& data = chicago();
  std::vector<grip::forecast::Event> events;
  for (const auto& e : data.events) {
    if (e.target) events.push_back({e.x, e.y, e.t_days});
  }
  grip::forecast::SeppOptions options;
  options.study_box =
      grip::forecast::StudyBox{data.grid.x0(), data.grid.y0(), data.grid.x_max(), data.grid.y_max()};
  options.max_iterations = 100;
  options.tolerance = 1e-5;
  options.sigma_floor_m = grip::forecast::coordinate_precision(events).quantum_m;
  for (auto _ : state) {
    const auto model = grip::forecast::fit_sepp(events, options);
    benchmark::DoNotOptimize(model.parameters.theta);
    state.counters["events"] = static_cast<double>(events.size());
    state.counters["iterations"] = static_cast<double>(model.iterations);
    state.counters["pairs"] = static_cast<double>(model.candidate_pairs);
    state.counters["theta"] = model.parameters.theta;
    state.counters["omega"] = model.parameters.omega;
    state.counters["sigma_m"] = model.parameters.sigma_m;
    state.counters["floor_m"] = options.sigma_floor_m;
  }
}
BENCHMARK(BM_SeppFitChicago)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
