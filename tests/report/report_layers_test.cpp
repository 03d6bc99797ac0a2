// The report's map layers against the store they came from: the map data parsed out of the page
// holds the overlays by their exact names, as many boundary features as stored areas, as many Gi*
// bin cells as stored hotspot_cells with a non-zero bin, and the stored forecast's values; the
// static map draws boundaries and bins too. Legends state readable units.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/hotspot/hotspot_pipeline.hpp"
#include "grip/report/concentration_chart.hpp"
#include "grip/report/hotspot_report.hpp"
#include "grip/report/report_map.hpp"
#include "grip/report/web_assets.hpp"
#include "grip/store/forecast_tables.hpp"
#include "support/test_support.hpp"

namespace grip::report {
namespace {

namespace fs = std::filesystem;

nlohmann::json map_data(const std::string& page) {
  const std::string marker = "var GRIP_MAP_DATA = ";
  const auto at = page.find(marker);
  if (at == std::string::npos) return nullptr;
  const auto end = page.find(";\n", at);
  return nlohmann::json::parse(page.substr(at + marker.size(), end - at - marker.size()));
}

std::size_t count_of(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

// The small Chelmsford store with the Essex districts, one hotspot run written, and a forecast for
// its selected hotspots written by hand (probabilities 0.8125, 0.375, then 0.5).
class ReportLayers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!test::have_shared_data()) return;
    scratch_ = std::make_unique<test::ScratchDir>();
    db_ = test::make_small_store(*scratch_);
    const auto ingest =
        test::run_grip({"--db", db_.string(), "-q", "ingest",
                        (test::shared_data() / "boundaries" / "essex-districts.geojson").string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    store::Store store(test::store_locator(db_));
    hotspot::HotspotSettings settings;
    settings.bandwidth_m = 300;
    settings.top_n = 3;
    run_ = std::make_unique<hotspot::HotspotRun>(hotspot::run_hotspots(store, settings));
    (void)hotspot::write_hotspot_run(store, *run_);
    store::WriteTransaction transaction(store);
    store::ForecastLayerWriter writer(store);
    store::ForecastRunRow row;
    row.created = "2018-04-01T00:00:00Z";
    row.model = "hand";
    row.model_source = "test";
    row.dataset = "police.uk street";
    row.target_types = "Robbery";
    row.window_kind = "month";
    row.target_window = "2018-04";
    row.result_json = "{}";
    (void)writer.add_run(row);
    std::size_t written = 0;
    for (const auto& area : run_->hotspots) {
      if (!area.selected) continue;
      store::ForecastHotspotRow hotspot;
      hotspot.hotspot_run_id = run_->run_id;
      hotspot.hotspot_id = area.id;
      hotspot.cells = static_cast<std::int64_t>(area.cells.size());
      hotspot.probability = written == 0 ? 0.8125 : written == 1 ? 0.375 : 0.5;
      hotspot.expected = 1.5 + static_cast<double>(written);
      hotspot.expected_harm = 10.0;
      hotspot.rank = static_cast<std::int64_t>(written + 1);
      hotspot.explanation = "hand-made";
      writer.add_hotspot(hotspot);
      ++written;
    }
    writer.finish({run_->grid.x0(), run_->grid.x_max(), run_->grid.y0(), run_->grid.y_max()});
    transaction.commit();
    forecast_written_ = written;
    options_ = std::make_unique<ReportOptions>(report_options_from_store(store, *run_));
  }
  static void TearDownTestSuite() {
    options_.reset();
    run_.reset();
    scratch_.reset();
  }
  void SetUp() override {
    if (!scratch_) GTEST_SKIP() << "no real data at " << test::shared_data();
  }
  static std::unique_ptr<test::ScratchDir> scratch_;
  static fs::path db_;
  static std::unique_ptr<hotspot::HotspotRun> run_;
  static std::unique_ptr<ReportOptions> options_;
  static std::size_t forecast_written_;
};
std::unique_ptr<test::ScratchDir> ReportLayers::scratch_;
fs::path ReportLayers::db_;
std::unique_ptr<hotspot::HotspotRun> ReportLayers::run_;
std::unique_ptr<ReportOptions> ReportLayers::options_;
std::size_t ReportLayers::forecast_written_ = 0;

TEST_F(ReportLayers, TheMapHasTheSixOverlaysAndTheStoredFeatures) {
  if (!leaflet_available()) GTEST_SKIP() << "built without Leaflet";
  const std::string page = render_hotspot_report(*run_, *options_);
  EXPECT_NE(page.find("<div id=\"map\""), std::string::npos);
  for (const char* name :
       {"Hotspots", "Gi* bins", "Emerging classes", "Boundaries", "Incidents", "Forecast"}) {
    EXPECT_NE(page.find(std::string("overlays[\"") + name + "\"]"), std::string::npos) << name;
    EXPECT_NE(page.find(std::string("data-legend=\"") + name + "\""), std::string::npos)
        << "legend of " << name;
  }
  EXPECT_EQ(page.find(" onclick="), std::string::npos) << "no inline event handlers";
  EXPECT_EQ(page.find(" onload="), std::string::npos);
  const auto data = map_data(page);
  ASSERT_TRUE(data.is_object());

  EXPECT_EQ(static_cast<std::int64_t>(data["boundaries"].size()),
            test::query_int(db_, "SELECT count(*) FROM areas WHERE kind = 'district'"));
  EXPECT_EQ(data["boundaries"].size(), 14u) << "the Essex districts";

  std::map<int, std::int64_t> bin_cells;
  for (const auto& bin : data["bins"]) bin_cells[bin["value"].get<int>()] += bin["cells"].get<std::int64_t>();
  std::int64_t drawn = 0;
  for (const auto& [value, cells] : bin_cells) {
    EXPECT_NE(value, 0);
    EXPECT_EQ(cells, test::query_int(
                         db_, "SELECT count(*) FROM hotspot_cells WHERE gi_bin = " + std::to_string(value)))
        << "bin " << value;
    drawn += cells;
  }
  EXPECT_EQ(drawn, test::query_int(db_, "SELECT count(*) FROM hotspot_cells WHERE gi_bin <> 0"));
  EXPECT_GT(drawn, 0);

  // Density drawn as cells, by class: every in-area cell with any density, and the top class about
  // the top 1 % of them (a quantile class: ties go to the higher class).
  ASSERT_TRUE(data["density"].is_object());
  std::int64_t density_cells = 0;
  std::vector<double> positive;
  for (const auto& c : data["density"]["classes"]) density_cells += c["cells"].get<std::int64_t>();
  for (std::size_t cell = 0; cell < run_->cells.kde_density.size(); ++cell)
    if ((run_->cells.in_study_area.empty() || run_->cells.in_study_area[cell] != 0) &&
        run_->cells.kde_density[cell] > 0.0)
      positive.push_back(run_->cells.kde_density[cell]);
  EXPECT_EQ(density_cells, static_cast<std::int64_t>(positive.size()));
  ASSERT_GT(positive.size(), 50u);
  // The top class starts at the 99th percentile (index 0.99 (n - 1) of the sorted densities).
  std::sort(positive.begin(), positive.end());
  const double top_from = positive[static_cast<std::size_t>(0.99 * static_cast<double>(positive.size() - 1))];
  EXPECT_EQ(data["density"]["classes"].back()["cells"].get<std::int64_t>(),
            std::count_if(positive.begin(), positive.end(), [&](double d) { return d >= top_from; }));

  // Incidents: every analysed incident at its location, summed back to the run's count.
  std::int64_t incidents = 0;
  const auto& points = data["incidents"]["points"];
  ASSERT_EQ(points.size() % 5, 0u);
  for (std::size_t i = 2; i < points.size(); i += 5) incidents += points[i].get<std::int64_t>();
  EXPECT_EQ(incidents, run_->incidents_used);
  EXPECT_EQ(data["incidents"]["min_zoom"], kIncidentMinZoom);

  ASSERT_GE(forecast_written_, 1u) << "the small store selects at least one hotspot";
  ASSERT_TRUE(data["forecast"].is_object());
  ASSERT_EQ(data["forecast"]["hotspots"].size(), forecast_written_);
  EXPECT_DOUBLE_EQ(data["forecast"]["hotspots"][0]["probability"].get<double>(), 0.8125);
  if (forecast_written_ > 1) {
    EXPECT_DOUBLE_EQ(data["forecast"]["hotspots"][1]["probability"].get<double>(), 0.375);
  }
  EXPECT_EQ(
      data["forecast"]["hotspots"][0]["probability"].get<double>(),
      std::stod(test::query_text(db_, "SELECT probability FROM forecast_hotspots ORDER BY fid LIMIT 1")));
  // The first hotspot's detail section quotes it.
  EXPECT_NE(page.find("81.2 % chance of at least one incident in the month 2018-04; expected 1.50 incidents"),
            std::string::npos);
}

TEST_F(ReportLayers, AForecastForOtherHotspotsIsNotQuotedAsThisRunsOwn) {
  // Made for an earlier run with the same hotspots (a rerun with the same settings): quoted, saying so.
  auto rerun = *options_;
  rerun.layers.forecast.hotspot_run_id = run_->run_id - 1;
  const std::string same = render_hotspot_report(*run_, rerun);
  EXPECT_NE(same.find("81.2 % chance"), std::string::npos);
  EXPECT_NE(same.find("whose selected hotspots are these"), std::string::npos);
  // Made for other polygons: drawn in its layer, never quoted as this run's.
  ASSERT_GE(run_->hotspots.size(), 2u);
  auto other = rerun;
  auto& first = other.layers.forecast.hotspots.front();
  for (const auto& area : run_->hotspots) {
    if (area.id != first.hotspot_id) first.wkb = area.wkb;  // another hotspot's polygon
  }
  const std::string page = render_hotspot_report(*run_, other);
  EXPECT_EQ(page.find("81.2 % chance"), std::string::npos);
  EXPECT_NE(page.find("none for this run"), std::string::npos);
  if (leaflet_available()) {
    EXPECT_NE(page.find("not this run"), std::string::npos) << "the legend says whose forecast it is";
  }
  auto none = *options_;
  none.layers.forecast = {};
  EXPECT_NE(render_hotspot_report(*run_, none).find("none stored (run grip forecast"), std::string::npos);
}

TEST_F(ReportLayers, TheStaticMapDrawsBoundariesAndGiBins) {
  auto options = *options_;
  options.interactive_map = false;
  const std::string page = render_hotspot_report(*run_, options);
  const auto map_start = page.find("<svg class=\"static-map\"");
  ASSERT_NE(map_start, std::string::npos);
  const std::string map = page.substr(map_start, page.find("</svg>", map_start) - map_start);
  EXPECT_EQ(static_cast<std::int64_t>(count_of(map, "<path class=\"boundary\"")),
            test::query_int(db_, "SELECT count(*) FROM areas WHERE kind = 'district'"));
  const auto bins =
      test::query_int(db_, "SELECT count(DISTINCT gi_bin) FROM hotspot_cells WHERE gi_bin <> 0");
  EXPECT_EQ(static_cast<std::int64_t>(count_of(map, "<path class=\"gi-bin\"")), bins) << "one path per bin";
  EXPECT_EQ(page.find("<script"), std::string::npos);
}

TEST_F(ReportLayers, MonthOnlyDataSaysWhyThereIsNoHourOfWeekChart) {
  const std::string page = render_hotspot_report(*run_, *options_);
  EXPECT_NE(page.find("No hour-of-week chart: the data records only the month"), std::string::npos);
  const auto detail = page.find("id=\"detail-H01\"");
  ASSERT_NE(detail, std::string::npos);
  EXPECT_NE(page.find("<svg class=\"detail-map\"", detail), std::string::npos)
      << "each hotspot's page has its map";
  EXPECT_NE(page.find("No hour-of-week chart", detail), std::string::npos);
  EXPECT_NE(page.find("article.hotspot-detail { break-before: page;"), std::string::npos)
      << "one A4 page each";
}

TEST(IncidentCap, AboveTheCapLocationsNearAHotspotComeFirstThenTheBusiest) {
  hotspot::HotspotRun run;
  hotspot::HotspotArea area;
  area.min_x = 1000, area.min_y = 1000, area.max_x = 1300, area.max_y = 1300;
  run.hotspots = {area};
  std::vector<IncidentLocation> locations;
  // Ten quiet locations 400 m from the hotspot's box (inside the 500 m margin), then the cap's worth
  // of far ones with 2 incidents and five far ones with 1: the five quietest far ones go.
  for (int i = 0; i < 10; ++i) locations.push_back({1700.0, 1000.0 + i, 1, "near", "Robbery"});
  for (std::size_t i = 0; i + 10 < kMaxIncidentLocations; ++i)
    locations.push_back({50'000.0 + static_cast<double>(i), 50'000.0, 2, "far", "Robbery"});
  for (int i = 0; i < 5; ++i) locations.push_back({90'000.0 + i, 90'000.0, 1, "quiet", "Robbery"});
  const auto kept = cap_incident_locations(locations, run);
  ASSERT_EQ(kept.size(), kMaxIncidentLocations);
  EXPECT_EQ(std::count_if(kept.begin(), kept.end(), [](const auto& l) { return l.location == "near"; }), 10);
  EXPECT_EQ(std::count_if(kept.begin(), kept.end(), [](const auto& l) { return l.location == "quiet"; }), 0);
  locations.resize(100);
  EXPECT_EQ(cap_incident_locations(locations, run).size(), 100u) << "under the cap: all kept";
}

TEST(ReportLegend, DensityIsPerSquareKilometreWithoutExponents) {
  EXPECT_EQ(per_km2(1.12e-05), "11.2");
  EXPECT_EQ(per_km2(1.12e-09), "0.00112");
  EXPECT_EQ(per_km2(1.2345e-02), "12,345");
  EXPECT_EQ(per_km2(0), "0");
  DensityScale scale;
  scale.classes.push_back({1.12e-05, {255, 0, 0, 255}, "top 1 %"});
  const auto legend = density_legend_html(scale, "harm");
  EXPECT_NE(legend.find("top 1 % (\xE2\x89\xA5 11.2 per km\xC2\xB2)"), std::string::npos) << legend;
  EXPECT_NE(legend.find("CCHI days of harm per km\xC2\xB2"), std::string::npos);
  EXPECT_EQ(legend.find("e-05"), std::string::npos);
}

TEST(ConcentrationChartLabels, TheMarkLabelsDoNotOverprint) {
  hotspot::ConcentrationSummary cells;
  cells.units = 1000;
  cells.top_1_percent = 0.30, cells.top_5_percent = 0.31, cells.top_10_percent = 0.32;
  for (int i = 0; i <= 200; ++i) cells.curve.emplace_back(i / 200.0, std::min(1.0, 0.3 + i / 200.0));
  const std::string svg = concentration_curve_svg(cells, {});
  const std::regex label(R"re(<text class="mark-label" x="([-0-9.]+)" y="([-0-9.]+)">top)re");
  std::vector<double> ys;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator(); ++it)
    ys.push_back(std::stod((*it)[2]));
  ASSERT_EQ(ys.size(), 3u);
  for (std::size_t i = 1; i < ys.size(); ++i) EXPECT_GE(ys[i] - ys[i - 1], 14.0) << "a 12 px line each";
}

}  // namespace
}  // namespace grip::report
