// The HTML report from a small hand-made run: banner for synthetic data, escaping of names taken
// from the data, Leaflet inlined (when the build had npm) and nothing fetched from the network
// unless a basemap was asked for, and markup whose key elements open and close in balance.
#include "grip/report/hotspot_report.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/report/concentration_chart.hpp"
#include "grip/report/map_geometry.hpp"
#include "grip/report/web_assets.hpp"
#include "support/test_support.hpp"

namespace grip::report {
namespace {

using hotspot::HotspotArea;
using hotspot::HotspotRun;

constexpr const char* kEvilName = "Chelmsford: On or near <script>alert(1)</script> & \"Quay\"";

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
void put_f64(std::vector<std::uint8_t>& out, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

// ISO WKB MULTIPOLYGON (little-endian) of one axis-aligned rectangle.
std::vector<std::uint8_t> rectangle_wkb(double x0, double y0, double x1, double y1) {
  std::vector<std::uint8_t> wkb = {1};
  put_u32(wkb, 6);  // MultiPolygon
  put_u32(wkb, 1);
  wkb.push_back(1);
  put_u32(wkb, 3);  // Polygon
  put_u32(wkb, 1);  // one ring
  put_u32(wkb, 5);
  const double ring[5][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  for (const auto& point : ring) {
    put_f64(wkb, point[0]);
    put_f64(wkb, point[1]);
  }
  return wkb;
}

// Gives the area the rectangle as its polygon and bounds.
void set_rectangle(HotspotArea& area, double x0, double y0, double x1, double y1) {
  area.wkb = rectangle_wkb(x0, y0, x1, y1);
  area.min_x = x0;
  area.min_y = y0;
  area.max_x = x1;
  area.max_y = y1;
}

hotspot::ConcentrationSummary curve(double top1, double top5, double top10, std::size_t units) {
  hotspot::ConcentrationSummary summary;
  summary.units = units;
  summary.total = 100;
  summary.top_1_percent = top1;
  summary.top_5_percent = top5;
  summary.top_10_percent = top10;
  summary.gini = 0.8;
  for (int i = 0; i <= 200; ++i) {
    const double x = i / 200.0;
    summary.curve.emplace_back(x, 1.0 - (1.0 - x) * (1.0 - x) * (1.0 - x) * (1.0 - x));
  }
  return summary;
}

// A 30 × 20 grid of 100 m cells near Chelmsford (British National Grid) with one density peak,
// one selected hotspot whose name carries markup, and one runner-up.
HotspotRun sample_run() {
  HotspotRun run;
  run.run_id = 7;
  run.created = "2024-05-01T10:00:00Z";
  run.crs_code = "EPSG:27700";
  run.grid = geo::Grid(570'000, 206'000, 100, 30, 20);
  run.months = {"2018-01", "2018-02"};
  run.crime_types = {"Violence and sexual offences", "Robbery"};
  run.bandwidth_m = 300;
  run.bandwidth_source = "given";
  run.incidents_used = 1234;
  run.force_harm = 5000;
  run.force_ranking_harm = 4500;
  run.study_area = {"extent of the data", 0, 600, 6'000'000};
  run.settings_text = {
      {"cell size", "100 m (given)"}, {"top N", "15 (default)"}, {"crime types", "<all> & more"}};
  run.notes = {"3 incidents outside the study area <ignored>"};
  const std::size_t n = run.grid.cell_count();
  run.cells.in_study_area.assign(n, 1);
  run.cells.kde_density.assign(n, 0.0);
  for (std::size_t cell = 0; cell < n; ++cell) {
    const auto centre = run.grid.cell_centre(cell);
    const double dx = centre.x - 571'000;
    const double dy = centre.y - 207'000;
    const double d2 = dx * dx + dy * dy;
    if (d2 < 600.0 * 600.0) run.cells.kde_density[cell] = 1e-4 * (1.0 - d2 / (600.0 * 600.0));
  }
  run.cell_concentration = curve(0.2, 0.45, 0.6, 600);
  run.street_concentration = curve(0.3, 0.55, 0.7, 250);

  HotspotArea chosen;
  chosen.id = "H01";
  chosen.rank = 1;
  chosen.selected = true;
  chosen.name = kEvilName;
  chosen.district = "Chelmsford";
  set_rectangle(chosen, 570'800, 206'800, 571'200, 207'200);
  chosen.area_m2 = 160'000;
  chosen.harm = 1500;
  chosen.share_of_force_harm = 0.3;
  chosen.incidents = 80;
  chosen.counts_by_type = {{"Violence and sexual offences", 70}, {"Robbery <armed>", 10}};
  chosen.cells_by_trend[static_cast<std::size_t>(hotspot::EmergingCategory::kPersistent)] = 12;
  chosen.review = hotspot::ReviewHint::kKeep;
  chosen.explanation = "Rank 1 by harm; 30 % of the force's harm in 0.16 km²";
  HotspotArea runner_up = chosen;
  runner_up.id = "C01";
  runner_up.rank = 2;
  runner_up.selected = false;
  runner_up.name = "Chelmsford: On or near Moulsham Street";
  set_rectangle(runner_up, 572'000, 207'000, 572'300, 207'300);
  runner_up.explanation = "Within 500 m of H01";
  run.hotspots = {chosen, runner_up};
  run.candidates_total = 2;
  return run;
}

// Removes what lies between each opening and closing tag of `element`, keeping the tags, so
// counting tags is not confused by markup-like text inside scripts and styles.
std::string without_contents(std::string page, const std::string& element) {
  const std::string open = "<" + element;
  const std::string close = "</" + element + ">";
  std::size_t at = 0;
  while ((at = page.find(open, at)) != std::string::npos) {
    const std::size_t body = page.find('>', at);
    const std::size_t end = page.find(close, body);
    if (body == std::string::npos || end == std::string::npos) break;
    page.erase(body + 1, end - body - 1);
    at = body + 1 + close.size();
  }
  return page;
}

std::size_t count(const std::string& text, const std::regex& pattern) {
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), pattern), std::sregex_iterator()));
}

void expect_balanced(const std::string& page) {
  const std::string markup = without_contents(without_contents(page, "script"), "style");
  for (const char* element :
       {"html",  "head", "body", "header", "main",  "footer", "section", "table",   "thead",
        "tbody", "tr",   "td",   "th",     "svg",   "script", "style",   "details", "summary",
        "ul",    "li",   "div",  "p",      "title", "h1",     "h2",      "text",    "path"}) {
    const std::size_t opened = count(markup, std::regex(std::string("<") + element + "[\\s>]"));
    const std::size_t closed = count(markup, std::regex(std::string("</") + element + ">"));
    const std::size_t self_closed = count(markup, std::regex(std::string("<") + element + "\\b[^>]*/>"));
    EXPECT_EQ(opened, closed + self_closed)
        << "<" << element << "> opened " << opened << " times, closed " << closed;
  }
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
}

// The page with Leaflet's own text taken out: what Grip itself wrote.
std::string grip_text(std::string page) {
  for (const auto asset : {leaflet_js(), leaflet_css(), leaflet_license()}) {
    if (asset.empty()) continue;
    const std::size_t at = page.find(asset);
    if (at != std::string::npos) page.erase(at, asset.size());
  }
  return page;
}

TEST(HotspotReport, ShowsTheSyntheticBannerOnlyForSyntheticData) {
  const auto run = sample_run();
  ReportOptions options;
  options.synthetic_data = true;
  const std::string synthetic = render_hotspot_report(run, options);
  EXPECT_NE(synthetic.find("class=\"synthetic-banner\""), std::string::npos);
  EXPECT_NE(synthetic.find("SYNTHETIC DATA"), std::string::npos);
  EXPECT_NE(synthetic.find("<title>[SYNTHETIC DATA]"), std::string::npos);
  options.synthetic_data = false;
  const std::string real = render_hotspot_report(run, options);
  EXPECT_EQ(real.find("SYNTHETIC DATA"), std::string::npos);
}

TEST(HotspotReport, EscapesTextFromTheData) {
  const std::string page = render_hotspot_report(sample_run(), {});
  EXPECT_EQ(page.find("<script>alert(1)"), std::string::npos) << "a street name must never become markup";
  EXPECT_EQ(page.find("<armed>"), std::string::npos);
  EXPECT_EQ(page.find("<all>"), std::string::npos);
  EXPECT_EQ(page.find("<ignored>"), std::string::npos);
  EXPECT_NE(page.find("On or near &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Quay&quot;"),
            std::string::npos);
  EXPECT_NE(page.find("Robbery &lt;armed&gt;"), std::string::npos);
  const std::size_t scripts = count(page, std::regex("<script[\\s>]"));
  EXPECT_EQ(scripts, count(page, std::regex("</script>"))) << "no script element closed early by data";
  EXPECT_EQ(scripts, leaflet_available() ? 2u : 0u);
  expect_balanced(page);
}

TEST(HotspotReport, InlinesLeafletOrSaysTheMapIsStatic) {
  const std::string page = render_hotspot_report(sample_run(), {});
  if (leaflet_available()) {
    EXPECT_FALSE(leaflet_version().empty());
    EXPECT_NE(page.find(leaflet_js()), std::string::npos) << "leaflet.js inlined whole";
    EXPECT_NE(page.find(leaflet_css()), std::string::npos) << "leaflet.css inlined whole";
    EXPECT_NE(page.find("L.map(\"map\""), std::string::npos);
    EXPECT_NE(page.find("\"density\":{\"bounds\":"), std::string::npos)
        << "density classes as cell outlines in the map data";
    EXPECT_NE(page.find("\"id\":\"H01\""), std::string::npos) << "hotspot polygons in the map data";
  } else {
    EXPECT_NE(page.find("built without Leaflet"), std::string::npos);
    EXPECT_NE(page.find("class=\"static-map\""), std::string::npos);
  }
  EXPECT_NE(page.find("class=\"concentration-chart\""), std::string::npos);
  EXPECT_NE(page.find("top 1 %: 20.0 %"), std::string::npos);
  EXPECT_NE(page.find("cell size"), std::string::npos) << "the settings table";
  EXPECT_NE(page.find("Within 500 m of H01"), std::string::npos) << "runners-up with their explanation";
}

TEST(HotspotReport, TitleSaysWhatWasRankedAndEachHotspotHasADetailSection) {
  auto run = sample_run();
  run.title = "Hotspots of victim-generated crime, ranked by harm (Cambridge Crime Harm Index days)";
  run.hotspots[0].snap_point_share = 0.4;
  run.hotspots[0].snap_point_label = "On or near Police Station";
  const std::string page = grip_text(render_hotspot_report(run, {}));
  EXPECT_NE(page.find("<h1>" + run.title + "</h1>"), std::string::npos);
  EXPECT_EQ(page.find("Serious violence"), std::string::npos) << "no claim the ranking does not make";
  EXPECT_NE(page.find("<th>Harm (CCHI days)</th>"), std::string::npos);
  // The selection table links each hotspot to its own section, which holds what the table left out.
  EXPECT_NE(page.find("<a href=\"#detail-H01\">H01</a>"), std::string::npos);
  const auto detail = page.find("id=\"detail-H01\"");
  ASSERT_NE(detail, std::string::npos);
  EXPECT_NE(page.find("Rank 1 by harm; 30 % of the force", detail), std::string::npos);
  EXPECT_NE(page.find("Robbery &lt;armed&gt;", detail), std::string::npos);
  EXPECT_NE(page.find("Police Station&#39;: 40 % of harm may be recorded here"), std::string::npos);
  EXPECT_EQ(page.find("id=\"detail-C01\""), std::string::npos) << "runners-up explained in their table";
  EXPECT_NE(page.find("@page { size: A4"), std::string::npos) << "an A4 print stylesheet";
}

TEST(HotspotReport, FetchesNothingUnlessABasemapIsGiven) {
  const auto run = sample_run();
  const std::string page = grip_text(render_hotspot_report(run, {}));
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("//cdn"), std::string::npos);
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);

  ReportOptions options;
  options.tile_url = "https://tiles.example.org/{z}/{x}/{y}.png";
  options.tile_attribution = "© Example <contributors>";
  const std::string with_tiles = grip_text(render_hotspot_report(run, options));
  if (leaflet_available()) {
    EXPECT_NE(with_tiles.find("https://tiles.example.org/{z}/{x}/{y}.png"), std::string::npos);
    EXPECT_NE(with_tiles.find("L.tileLayer"), std::string::npos);
    EXPECT_EQ(with_tiles.find("<contributors>"), std::string::npos);
  }
  options.tile_url = "javascript:alert(1)";
  EXPECT_THROW((void)render_hotspot_report(run, options), UsageError);
  options.tile_url = "https://tiles.example.org/tile.png";
  EXPECT_THROW((void)render_hotspot_report(run, options), UsageError) << "no {z}/{x}/{y}";
}

TEST(HotspotReport, StaticMapDrawsHotspotsDensityAndAScaleBar) {
  ReportOptions options;
  options.interactive_map = false;
  const std::string page = render_hotspot_report(sample_run(), options);
  EXPECT_EQ(page.find("<script"), std::string::npos) << "the static page needs no script";
  EXPECT_NE(page.find("class=\"static-map\""), std::string::npos);
  EXPECT_NE(page.find("<path class=\"hotspot selected\""), std::string::npos);
  EXPECT_NE(page.find("<path class=\"hotspot runner-up\""), std::string::npos);
  EXPECT_NE(page.find("class=\"density\" href=\"data:image/png;base64,"), std::string::npos);
  EXPECT_NE(page.find("class=\"scale-bar\""), std::string::npos);
  // The map spans 3 km plus margins: a quarter of it rounds down to a 500 m bar.
  EXPECT_NE(page.find(">500 m</text>"), std::string::npos);
  EXPECT_EQ(grip_text(page).find("http"), std::string::npos);
  expect_balanced(page);
}

TEST(HotspotReport, StaticMapLabelsDoNotOverprint) {
  // Three selected hotspots sharing their north-east corner: each label must find its own place.
  auto run = sample_run();
  auto second = run.hotspots[0];
  second.id = "H02";
  set_rectangle(second, 571'100, 207'100, 571'200, 207'200);
  auto third = run.hotspots[0];
  third.id = "H03";
  set_rectangle(third, 571'150, 207'150, 571'200, 207'200);
  run.hotspots.insert(run.hotspots.begin() + 1, {second, third});
  ReportOptions options;
  options.interactive_map = false;
  const std::string page = render_hotspot_report(run, options);
  const std::regex label(R"re(<text class="hotspot-label" x="([-0-9.]+)" y="([-0-9.]+)">(H0\d)</text>)re");
  struct Box {
    double x0, y0, x1, y1;
  };
  std::vector<Box> boxes;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), label); it != std::sregex_iterator(); ++it) {
    const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
    boxes.push_back({x, y - 10, x + 7.0 * 3, y + 2});  // 3 characters of about 7 px, 12 px high
  }
  ASSERT_EQ(boxes.size(), 3u);
  for (std::size_t a = 0; a < boxes.size(); ++a) {
    for (std::size_t b = a + 1; b < boxes.size(); ++b) {
      const bool apart = boxes[a].x1 <= boxes[b].x0 || boxes[b].x1 <= boxes[a].x0 ||
                         boxes[a].y1 <= boxes[b].y0 || boxes[b].y1 <= boxes[a].y0;
      EXPECT_TRUE(apart) << "labels " << a << " and " << b << " overprint";
    }
  }
}

TEST(HotspotReport, WritesTheFileAndRefusesAnUnwritablePath) {
  test::ScratchDir dir;
  write_hotspot_report(sample_run(), {}, dir / "report.html");
  const std::string written = test::read_file(dir / "report.html");
  EXPECT_EQ(written, render_hotspot_report(sample_run(), {}));
  EXPECT_EQ(
      std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()),
      1)
      << "no temporary file left beside the report";
  EXPECT_THROW(write_hotspot_report(sample_run(), {}, dir / "no-folder" / "report.html"), OutputError);
}

TEST(HotspotReport, ReadsTheSyntheticFlagFromTheStore) {
  test::ScratchDir dir;
  store::Store store(grip::test::store_locator((dir / "store.gpkg")));
  EXPECT_FALSE(report_options_from_store(store).synthetic_data);
  store.put_setting("synthetic", "true");
  EXPECT_TRUE(report_options_from_store(store).synthetic_data);
}

TEST(HotspotReport, RefusesCellsThatDoNotMatchTheGrid) {
  auto run = sample_run();
  run.cells.kde_density.pop_back();
  EXPECT_THROW((void)render_hotspot_report(run, {}), UsageError);
}

TEST(MapGeometry, HotspotPolygonsComeBackAsLongitudeLatitude) {
  auto polygons = polygons_from_wkb(rectangle_wkb(570'800, 206'800, 571'200, 207'200));
  ASSERT_EQ(polygons.size(), 1u);
  ASSERT_EQ(polygons[0].size(), 1u);
  ASSERT_EQ(polygons[0][0].size(), 5u);
  EXPECT_DOUBLE_EQ(polygons[0][0][2].x, 571'200);
  EXPECT_DOUBLE_EQ(polygons[0][0][2].y, 207'200);
  const geo::Projector to_bng("EPSG:27700");
  to_longitude_latitude(polygons, to_bng);
  // Back through the forward projection gives the corner again (to a millimetre).
  std::vector<double> xs = {polygons[0][0][2].x};
  std::vector<double> ys = {polygons[0][0][2].y};
  EXPECT_NEAR(xs[0], 0.47, 0.02) << "Chelmsford is near 0.47° E";
  EXPECT_NEAR(ys[0], 51.74, 0.02);
  to_bng.forward(xs, ys);
  EXPECT_NEAR(xs[0], 571'200, 1e-3);
  EXPECT_NEAR(ys[0], 207'200, 1e-3);
  EXPECT_TRUE(polygons_from_wkb({}).empty());
  const std::vector<std::uint8_t> garbage = {1, 2, 3};
  EXPECT_THROW((void)polygons_from_wkb(garbage), UsageError);
}

TEST(ConcentrationChart, DrawsBothCurvesAndTheMarks) {
  const std::string svg = concentration_curve_svg(curve(0.2, 0.45, 0.6, 600), curve(0.3, 0.5, 0.7, 40));
  EXPECT_EQ(count(svg, std::regex("<polyline class=\"curve")), 2u);
  EXPECT_EQ(count(svg, std::regex("<circle class=\"mark\"")), 3u);
  EXPECT_NE(svg.find("top 5 %: 45.0 %"), std::string::npos);
  EXPECT_NE(svg.find("40 street locations"), std::string::npos);
  const std::string cells_only = concentration_curve_svg(curve(0.2, 0.45, 0.6, 600), {});
  EXPECT_EQ(count(cells_only, std::regex("<polyline class=\"curve")), 1u);
  EXPECT_EQ(cells_only.find("street locations"), std::string::npos);
}

}  // namespace
}  // namespace grip::report
