// The hotspot kernels end to end on real data: Essex Police's 2018 violence and sexual offences
// from data.police.uk (../shared/data/police-uk/street), located by a local equirectangular
// projection that is plenty for these checks (the ingest and geo layers own real projection).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "grip/geo/grid.hpp"
#include "grip/hotspot/concentration.hpp"
#include "grip/hotspot/delineate.hpp"
#include "grip/hotspot/fdr.hpp"
#include "grip/hotspot/gistar.hpp"
#include "grip/hotspot/kde.hpp"

namespace {

namespace fs = std::filesystem;
using namespace grip::hotspot;

struct Violence {
  std::vector<double> xs;
  std::vector<double> ys;
};

Violence read_essex_violence() {
  const fs::path folder = fs::path(GRIP_SHARED_DATA) / "police-uk" / "street";
  Violence violence;
  if (!fs::exists(folder)) {
    return violence;
  }
  constexpr double kEarthRadius = 6'371'000.0;
  constexpr double kLon0 = 0.5;
  constexpr double kLat0 = 51.75;
  const double metres_per_degree = kEarthRadius * std::numbers::pi / 180.0;
  const double cos_lat0 = std::cos(kLat0 * std::numbers::pi / 180.0);
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::ifstream in(entry.path());
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> fields;
      std::stringstream row(line);
      std::string field;
      while (std::getline(row, field, ',')) {
        fields.push_back(field);
      }
      if (fields.size() < 10 || fields[4].empty() || fields[5].empty() ||
          fields[9].rfind("Violence and sexual offences", 0) != 0) {
        continue;
      }
      const double lon = std::stod(fields[4]);
      const double lat = std::stod(fields[5]);
      violence.xs.push_back((lon - kLon0) * metres_per_degree * cos_lat0);
      violence.ys.push_back((lat - kLat0) * metres_per_degree);
    }
  }
  return violence;
}

TEST(EssexHotspots, KernelsAgreeOnRealViolence) {
  const Violence violence = read_essex_violence();
  if (violence.xs.empty()) {
    GTEST_SKIP() << "no data at " << GRIP_SHARED_DATA;
  }
  ASSERT_GT(violence.xs.size(), 30'000u);
  const auto [xmin, xmax] = std::minmax_element(violence.xs.begin(), violence.xs.end());
  const auto [ymin, ymax] = std::minmax_element(violence.ys.begin(), violence.ys.end());
  // 100 m cells over the incidents with a kilometre of margin, so no kernel mass is lost.
  const auto grid =
      grip::geo::Grid::covering(*xmin - 1000.0, *ymin - 1000.0, *xmax + 1000.0, *ymax + 1000.0, 100.0);

  // KDE: expected counts add up to the incidents, less only the cell-centre sampling error.
  const auto surface = kernel_density(grid, violence.xs, violence.ys, {}, {KernelShape::kQuartic, 300.0});
  EXPECT_EQ(surface.total_weight, static_cast<double>(violence.xs.size()));
  EXPECT_NEAR(surface.weight_in_grid, surface.total_weight, 1e-3 * surface.total_weight);

  // Gi* on counts per cell: the busiest cell is a hot spot at 99 % after BH, and hot cells group
  // into a modest number of areas.
  const auto counts = grip::geo::bin_points(grid, violence.xs, violence.ys);
  EXPECT_EQ(counts.points_outside, 0u);
  const auto gi = gi_star(grid, counts.per_cell);
  const auto bins = gi_bins(gi.z, gi.p);
  const auto busiest = static_cast<std::size_t>(
      std::max_element(counts.per_cell.begin(), counts.per_cell.end()) - counts.per_cell.begin());
  EXPECT_EQ(bins[busiest], 3);
  std::vector<std::uint8_t> hot(bins.size());
  std::size_t hot_cells = 0;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    hot[i] = bins[i] == 3 ? 1 : 0;
    hot_cells += hot[i];
  }
  const auto areas = connected_cells(grid, hot);
  EXPECT_GT(areas.groups.size(), 5u);
  EXPECT_LT(areas.groups.size(), hot_cells);

  // The law of crime concentration at street-location level (Weisburd 2015): a small share of
  // the snap points holds a large share of the violence.
  std::map<std::pair<double, double>, double> per_location;
  for (std::size_t i = 0; i < violence.xs.size(); ++i) {
    per_location[{violence.xs[i], violence.ys[i]}] += 1.0;
  }
  std::vector<double> location_counts;
  for (const auto& [location, count] : per_location) {
    location_counts.push_back(count);
  }
  const auto concentrated = concentration(location_counts);
  EXPECT_GT(concentrated.top_5_percent, 0.25);
  EXPECT_GT(concentrated.gini, 0.4);
  RecordProperty("violence", static_cast<int>(violence.xs.size()));
  RecordProperty("hot_cells_99", static_cast<int>(hot_cells));
  RecordProperty("hot_areas", static_cast<int>(areas.groups.size()));
  RecordProperty("top_5_percent_of_locations", std::to_string(concentrated.top_5_percent));
  RecordProperty("gini_of_locations", std::to_string(concentrated.gini));
}

}  // namespace
