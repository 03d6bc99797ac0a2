#include "grip/demo/national_year.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/demo/crime_types.hpp"
#include "grip/demo/csv_text.hpp"
#include "grip/demo/police_uk_writers.hpp"
#include "grip/demo/random.hpp"

namespace grip::demo {
namespace {

constexpr double kWest = -4.2, kEast = 1.3, kSouth = 50.7, kNorth = 54.4;
constexpr double kMetresPerDegreeLat = 111'200.0;
constexpr int kRows = 6;  // bands of forces from south to north
constexpr int kTownsPerForce = 6;
constexpr int kSnapPointsPerForce = 4'000;
constexpr int kHotspotsPerForce = 3;
constexpr double kHotspotShareOfViolence = 0.08;  // of a force's violence, across its hotspots

struct Box {
  double west, south, east, north;
};

struct SnapPoint {
  double longitude, latitude;
  std::string location, lsoa_code, lsoa_name;
};

struct Force {
  std::string name, slug;
  Box box;
  std::vector<SnapPoint> points;
  WeightedTable centre_weights, home_weights;  // over points: town centres vs everywhere people live
  std::vector<std::size_t> hotspots;           // indices of points
};

double metres_per_degree_lon(double latitude) {
  return kMetresPerDegreeLat * std::cos(latitude * std::numbers::pi / 180.0);
}

// Rows of forces from south to north; the last rows take one force more when the count does not
// divide evenly, so 43 forces are 7, 7, 7, 7, 7, 8.
std::vector<Box> force_boxes(int forces) {
  std::vector<Box> boxes;
  const int rows = std::min(kRows, forces);
  const double height = (kNorth - kSouth) / rows;
  for (int r = 0; r < rows; ++r) {
    const int in_row = forces / rows + (r >= rows - forces % rows ? 1 : 0);
    const double width = (kEast - kWest) / in_row;
    for (int c = 0; c < in_row; ++c) {
      boxes.push_back(
          {kWest + c * width, kSouth + r * height, kWest + (c + 1) * width, kSouth + (r + 1) * height});
    }
  }
  return boxes;
}

double box_area_km2(const Box& box) {
  const double middle = (box.south + box.north) / 2;
  return (box.east - box.west) * metres_per_degree_lon(middle) * (box.north - box.south) *
         kMetresPerDegreeLat / 1e6;
}

Force make_force(int index, const Box& box, Random& random) {
  Force force;
  force.name = fmt::format("Synthetic Force {:02d} (SYNTHETIC)", index + 1);
  force.slug = fmt::format("synthetic-force-{:02d}", index + 1);
  force.box = box;
  const double lon_m = metres_per_degree_lon((box.south + box.north) / 2);
  struct Town {
    double longitude, latitude, spread_m;
  };
  std::vector<Town> towns;
  for (int t = 0; t < kTownsPerForce; ++t) {
    towns.push_back({random.uniform(box.west + 0.05, box.east - 0.05),
                     random.uniform(box.south + 0.05, box.north - 0.05), random.uniform(800.0, 3'000.0)});
  }
  std::vector<double> centre, home;
  for (int p = 0; p < kSnapPointsPerForce; ++p) {
    SnapPoint point;
    double centre_weight = 0.0;
    if (random.chance(0.85)) {  // in a town: Gaussian about its centre, clipped to the force
      const auto& town = towns[static_cast<std::size_t>(random.uniform(0.0, kTownsPerForce - 1e-9))];
      const double dx = random.normal(0.0, town.spread_m), dy = random.normal(0.0, town.spread_m);
      point.longitude = std::clamp(town.longitude + dx / lon_m, box.west + 1e-4, box.east - 1e-4);
      point.latitude =
          std::clamp(town.latitude + dy / kMetresPerDegreeLat, box.south + 1e-4, box.north - 1e-4);
      centre_weight = std::exp(-(dx * dx + dy * dy) / (2.0 * 400.0 * 400.0));
    } else {
      point.longitude = random.uniform(box.west, box.east);
      point.latitude = random.uniform(box.south, box.north);
    }
    point.location = fmt::format("On or near Synthetic Street {}", p + 1);
    // LSOA-like areas: 2 km cells of the force.
    const auto col = static_cast<int>((point.longitude - box.west) * lon_m / 2'000.0);
    const auto row = static_cast<int>((point.latitude - box.south) * kMetresPerDegreeLat / 2'000.0);
    point.lsoa_code = fmt::format("S01{:02d}{:03d}{:03d}", index + 1, col % 1000, row % 1000);
    point.lsoa_name = fmt::format("{} {:03d}{:03d}", force.slug, col % 1000, row % 1000);
    force.points.push_back(std::move(point));
    centre.push_back(0.02 + centre_weight);
    home.push_back(1.0);
  }
  force.centre_weights = WeightedTable(centre);
  force.home_weights = WeightedTable(home);
  for (int h = 0; h < kHotspotsPerForce; ++h) force.hotspots.push_back(force.centre_weights.draw(random));
  return force;
}

std::string street_month(const Force& force, int year, int month, double rows_per_month, Random& random) {
  const auto types = crime_types();
  std::vector<double> type_shares;
  for (const auto& type : types) type_shares.push_back(type.share);
  const WeightedTable type_table(type_shares);
  const std::string label = fmt::format("{}-{:02d}", year, month);
  const auto rows = random.poisson(rows_per_month);
  std::string out;
  out.reserve(static_cast<std::size_t>(rows) * 200);
  out.append(kStreetHeader).push_back('\n');
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto& type = types[type_table.draw(random)];
    const bool violence = type.name == "Violence and sexual offences" || type.name == "Robbery";
    std::size_t point = 0;
    if (violence && random.chance(kHotspotShareOfViolence)) {
      point = force.hotspots[static_cast<std::size_t>(random.uniform(0.0, kHotspotsPerForce - 1e-9))];
    } else {
      point = random.chance(type.centre_fraction) ? force.centre_weights.draw(random)
                                                  : force.home_weights.draw(random);
    }
    const auto& where = force.points[point];
    const std::string id = type.name == "Anti-social behaviour" ? std::string() : hex_id(random);
    const auto outcomes = outcome_mix(type.outcomes);
    std::string_view outcome;
    if (!outcomes.empty()) {
      std::vector<double> weights;
      for (const auto& entry : outcomes) weights.push_back(entry.weight);
      outcome = outcomes[random.weighted(weights)].text;
    }
    append_csv_row(out, {id, label, force.name, force.name, format_degrees(where.longitude),
                         format_degrees(where.latitude), where.location, where.lsoa_code, where.lsoa_name,
                         type.name, outcome, "SYNTHETIC"});
  }
  return out;
}

std::string forces_geojson(const std::vector<Force>& forces) {
  std::string out = "{\"type\":\"FeatureCollection\",\"name\":\"synthetic_national_forces\",\"features\":[\n";
  for (std::size_t f = 0; f < forces.size(); ++f) {
    const auto& b = forces[f].box;
    out += fmt::format(
        "{}{{\"type\":\"Feature\",\"properties\":{{\"LAD_CODE\":\"S09{:06d}\",\"LAD_NAME\":\"{}\"}},"
        "\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}}"
        "\n",
        f == 0 ? "" : ",", f + 1, forces[f].name, b.west, b.south, b.east, b.south, b.east, b.north, b.west,
        b.north, b.west, b.south);
  }
  return out + "]}\n";
}

}  // namespace

NationalYear write_national_year(const NationalOptions& options, const std::filesystem::path& out_dir) {
  if (options.forces < 1 || options.forces > 100) throw UsageError("national year: forces must be 1-100");
  if (options.months < 1 || options.months > 24) throw UsageError("national year: months must be 1-24");
  if (!(options.rows_per_force_month >= 1 && options.rows_per_force_month <= 1e6)) {
    throw UsageError("national year: rows per force and month must be 1-1,000,000");
  }
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) throw UsageError("cannot create " + out_dir.string() + ": " + error.message());
  Random random(options.seed);
  NationalYear year;
  std::vector<Force> forces;
  const auto boxes = force_boxes(options.forces);
  for (int f = 0; f < options.forces; ++f) {
    Random force_random = random.fork(static_cast<std::uint64_t>(f) + 1);
    forces.push_back(make_force(f, boxes[static_cast<std::size_t>(f)], force_random));
    year.area_km2 += box_area_km2(boxes[static_cast<std::size_t>(f)]);
  }
  year.forces_geojson = out_dir / "synthetic-national-forces.geojson";
  write_text_file(year.forces_geojson, forces_geojson(forces));
  for (int m = 0; m < options.months; ++m) {
    const int month = m % 12 + 1, calendar_year = options.year + m / 12;
    for (std::size_t f = 0; f < forces.size(); ++f) {
      Random month_random = random.fork(1000 + static_cast<std::uint64_t>(m) * 1000 + f);
      const auto text =
          street_month(forces[f], calendar_year, month, options.rows_per_force_month, month_random);
      const auto path =
          out_dir / fmt::format("{}-{:02d}-{}-street.csv", calendar_year, month, forces[f].slug);
      write_text_file(path, text);
      year.street_csvs.push_back(path);
      year.street_rows += static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) - 1;
    }
  }
  return year;
}

}  // namespace grip::demo
