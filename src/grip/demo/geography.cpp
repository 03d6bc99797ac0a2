#include "grip/demo/geography.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <string_view>
#include <tuple>

namespace grip::demo {
namespace {

constexpr double kEarthRadiusM = 6'371'008.8;
constexpr double kDegree = std::numbers::pi / 180.0;

// Town populations (largest first) and the village count; 4 districts seated on the 4 largest.
constexpr std::array<double, 5> kTownPopulations{110'000.0, 65'000.0, 40'000.0, 25'000.0, 15'000.0};
constexpr int kVillageCount = 10;
constexpr std::size_t kDistrictCount = 4;
constexpr double kSnapSpacingM = 200.0;
constexpr double kMsoaCellM = 3'000.0;
constexpr double kLsoaCellM = 1'000.0;

constexpr std::array<std::string_view, 44> kStreetStems{
    "Mill",     "Church",   "Station",   "Victoria",    "Albert",    "Queen's",    "King's",    "Park",
    "Manor",    "Orchard",  "Chapel",    "School",      "Meadow",    "Willow",     "Oak",       "Elm",
    "Ash",      "Beech",    "Cedar",     "Hawthorn",    "Rectory",   "Vicarage",   "Brook",     "Bridge",
    "Castle",   "Abbey",    "Priory",    "Grange",      "Nelson",    "Wellington", "York",      "Windsor",
    "Stanley",  "Cromwell", "Granville", "Springfield", "Highfield", "Westfield",  "Fairfield", "Hollow",
    "Foxglove", "Kestrel",  "Heron",     "Saxon"};
constexpr std::array<std::string_view, 12> kStreetKinds{"Lane",    "Road",  "Street",  "Close",
                                                        "Avenue",  "Way",   "Drive",   "Crescent",
                                                        "Gardens", "Grove", "Terrace", "Place"};
constexpr std::array<std::string_view, 6> kCentralStreets{"High Street",   "Market Place",  "Station Road",
                                                          "Bridge Street", "Church Street", "London Road"};
constexpr std::array<std::string_view, 11> kPlaces{"Parking Area",
                                                   "Supermarket",
                                                   "Shopping Area",
                                                   "Petrol Station",
                                                   "Sports/Recreation Area",
                                                   "Park/Open Space",
                                                   "Bus/Coach Station",
                                                   "Nightclub",
                                                   "Hospital",
                                                   "Police Station",
                                                   "Further/Higher Educational Building"};

std::string on_or_near(std::string_view place) { return fmt::format("On or near {}", place); }

LocalPoint random_in_county(Random& random, double margin_m) {
  return {random.uniform(-kHalfWidthM + margin_m, kHalfWidthM - margin_m),
          random.uniform(-kHalfHeightM + margin_m, kHalfHeightM - margin_m)};
}

// Places a settlement at least `clearance_m` (plus both radii) from every earlier one.
LocalPoint place_clear_of(Random& random, const std::vector<Settlement>& placed, double radius_m,
                          double clearance_m) {
  LocalPoint best{};
  double best_gap = -1e300;
  for (int attempt = 0; attempt < 500; ++attempt) {
    const LocalPoint candidate = random_in_county(random, radius_m + 1'000.0);
    double gap = 1e300;
    for (const Settlement& other : placed) {
      gap = std::min(gap, distance_m(candidate, other.centre) - other.radius_m - radius_m);
    }
    if (gap >= clearance_m) return candidate;
    if (gap > best_gap) {
      best_gap = gap;
      best = candidate;
    }
  }
  return best;
}

std::vector<Settlement> place_settlements(Random& random) {
  std::vector<Settlement> settlements;
  for (std::size_t i = 0; i < kTownPopulations.size(); ++i) {
    Settlement town;
    town.name = fmt::format("Synthetic Town {}", static_cast<char>('A' + i));
    town.population = kTownPopulations[i];
    town.radius_m = 3'900.0 * std::sqrt(town.population / kTownPopulations[0]);
    town.is_town = true;
    town.centre = place_clear_of(random, settlements, town.radius_m, 2'500.0);
    settlements.push_back(std::move(town));
  }
  for (int i = 0; i < kVillageCount; ++i) {
    Settlement village;
    village.name = fmt::format("Synthetic Village {}", i + 1);
    village.population = random.uniform(800.0, 4'000.0);
    village.radius_m = 300.0 + 0.1 * village.population;
    village.centre = place_clear_of(random, settlements, village.radius_m, 1'500.0);
    settlements.push_back(std::move(village));
  }
  return settlements;
}

// Sutherland-Hodgman: keeps the part of a convex polygon where a.x*x + a.y*y <= limit.
std::vector<LocalPoint> clip_half_plane(const std::vector<LocalPoint>& polygon, LocalPoint a, double limit) {
  std::vector<LocalPoint> clipped;
  const auto side = [&](LocalPoint p) { return a.x * p.x + a.y * p.y - limit; };
  for (std::size_t i = 0; i < polygon.size(); ++i) {
    const LocalPoint p = polygon[i];
    const LocalPoint q = polygon[(i + 1) % polygon.size()];
    const double sp = side(p);
    const double sq = side(q);
    if (sp <= 0.0) clipped.push_back(p);
    if ((sp < 0.0 && sq > 0.0) || (sp > 0.0 && sq < 0.0)) {
      const double t = sp / (sp - sq);
      clipped.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
    }
  }
  return clipped;
}

std::vector<District> make_districts(const std::vector<Settlement>& settlements) {
  std::vector<District> districts;
  for (std::size_t i = 0; i < kDistrictCount; ++i) {
    District district;
    district.code = fmt::format("S0090{:04d}", i + 1);
    district.name = fmt::format("Synthetic District {}", static_cast<char>('A' + i));
    district.seat = settlements[i].centre;
    districts.push_back(std::move(district));
  }
  for (District& district : districts) {
    std::vector<LocalPoint> cell{{-kHalfWidthM, -kHalfHeightM},
                                 {kHalfWidthM, -kHalfHeightM},
                                 {kHalfWidthM, kHalfHeightM},
                                 {-kHalfWidthM, kHalfHeightM}};
    for (const District& other : districts) {
      if (&other == &district) continue;
      // Nearer to this seat than the other: 2 p.(o - s) <= |o|^2 - |s|^2.
      const LocalPoint s = district.seat;
      const LocalPoint o = other.seat;
      cell = clip_half_plane(cell, {2.0 * (o.x - s.x), 2.0 * (o.y - s.y)},
                             o.x * o.x + o.y * o.y - s.x * s.x - s.y * s.y);
    }
    district.boundary = std::move(cell);
  }
  return districts;
}

// Street names for one settlement, drawn without repeats until the pool runs out.
class StreetNamer {
 public:
  explicit StreetNamer(Random& random) : random_(random) {
    for (const auto stem : kStreetStems) {
      for (const auto kind : kStreetKinds) pool_.push_back(fmt::format("{} {}", stem, kind));
    }
  }
  std::string next() {
    if (pool_.empty()) return fmt::format("{} {}", kStreetStems[0], kStreetKinds[0]);
    const auto pick = static_cast<std::size_t>(random_.index(static_cast<std::int64_t>(pool_.size())));
    std::string name = std::move(pool_[pick]);
    pool_[pick] = std::move(pool_.back());
    pool_.pop_back();
    return name;
  }

 private:
  Random& random_;
  std::vector<std::string> pool_;
};

void add_point(Geography& geography, std::size_t settlement, LocalPoint at, std::string location) {
  if (!inside_county(at)) return;
  SnapPoint point;
  point.at = at;
  point.location = std::move(location);
  point.settlement = settlement;
  geography.snap_points.push_back(std::move(point));
}

// A rotated grid of streets clipped to the settlement's disc, cut into named stretches, with a
// snap point about every 200 m; the stretches that pass through the centre get the central names.
void lay_streets(Geography& geography, std::size_t index, Random& random) {
  Settlement& settlement = geography.settlements[index];
  StreetNamer namer(random);
  const double spacing = random.uniform(220.0, 300.0);
  const double angle = random.uniform(0.0, std::numbers::pi / 2.0);
  const double radius = settlement.radius_m;
  const auto lines = static_cast<int>(radius / spacing);
  std::size_t central_used = 0;
  for (int direction = 0; direction < 2; ++direction) {
    const double a = angle + direction * std::numbers::pi / 2.0;
    const LocalPoint along{std::cos(a), std::sin(a)};
    const LocalPoint across{-along.y, along.x};
    for (int k = -lines; k <= lines; ++k) {
      const double offset = k * spacing + random.uniform(-0.15, 0.15) * spacing;
      const double half = std::sqrt(std::max(0.0, radius * radius - offset * offset));
      if (half < spacing / 2.0) continue;
      double start = -half;
      while (start < half) {
        const double stretch = std::min(half - start, random.uniform(600.0, 1'200.0));
        const bool central = std::abs(offset) < 0.12 * radius && start <= 0.0 && start + stretch >= 0.0 &&
                             central_used < kCentralStreets.size();
        std::string name = central ? std::string(kCentralStreets[central_used++]) : namer.next();
        if (central) settlement.central_streets.push_back(name);
        for (double s = start + random.uniform(0.0, kSnapSpacingM); s < start + stretch; s += kSnapSpacingM) {
          const double wobble = random.uniform(-15.0, 15.0);
          const LocalPoint at{settlement.centre.x + along.x * s + across.x * (offset + wobble),
                              settlement.centre.y + along.y * s + across.y * (offset + wobble)};
          add_point(geography, index, at, on_or_near(name));
        }
        start += stretch;
      }
    }
  }
  if (settlement.central_streets.empty()) settlement.central_streets.emplace_back(kCentralStreets[0]);
  // Named places (car parks, supermarkets, ...) cluster towards the centre, as in the real data.
  const auto places = std::max<std::int64_t>(1, static_cast<std::int64_t>(settlement.population / 4'000.0));
  for (std::int64_t i = 0; i < places; ++i) {
    const double r = std::min(std::abs(random.normal(0.0, 0.35 * radius)), 0.95 * radius);
    const double theta = random.uniform(0.0, 2.0 * std::numbers::pi);
    const LocalPoint at{settlement.centre.x + r * std::cos(theta), settlement.centre.y + r * std::sin(theta)};
    add_point(geography, index, at,
              on_or_near(kPlaces[static_cast<std::size_t>(random.index(kPlaces.size()))]));
  }
}

std::string msoa_letter_suffix(std::size_t number, std::size_t letter) {
  return fmt::format("{:03d}{}", number, static_cast<char>('A' + letter));
}

}  // namespace

LonLat to_lonlat(LocalPoint point) {
  const double metres_per_degree_lat = kEarthRadiusM * kDegree;
  const double metres_per_degree_lon = metres_per_degree_lat * std::cos(kCentreLatitude * kDegree);
  return {kCentreLongitude + point.x / metres_per_degree_lon,
          kCentreLatitude + point.y / metres_per_degree_lat};
}

double distance_m(LocalPoint a, LocalPoint b) { return std::hypot(a.x - b.x, a.y - b.y); }

bool inside_county(LocalPoint point) {
  return std::abs(point.x) <= kHalfWidthM && std::abs(point.y) <= kHalfHeightM;
}

Geography build_geography(Random& random) {
  Geography geography;
  geography.settlements = place_settlements(random);
  geography.districts = make_districts(geography.settlements);
  for (std::size_t i = 0; i < geography.settlements.size(); ++i) lay_streets(geography, i, random);
  return geography;
}

std::size_t district_of(const Geography& geography, LocalPoint point) {
  std::size_t best = 0;
  double best_distance = 1e300;
  for (std::size_t i = 0; i < geography.districts.size(); ++i) {
    const double d = distance_m(point, geography.districts[i].seat);
    if (d < best_distance) {
      best_distance = d;
      best = i;
    }
  }
  return best;
}

void finish_geography(Geography& geography) {
  // LSOAs: 1 km cells grouped into 3 km MSOA cells, each within one district; MSOAs numbered
  // north to south then west to east inside their district, LSOAs lettered the same way.
  using Cell = std::tuple<std::size_t, std::int64_t, std::int64_t>;  // district, row from north, column
  const auto cell_of = [](std::size_t district, LocalPoint p, double size) {
    return Cell{district, -static_cast<std::int64_t>(std::floor(p.y / size)),
                static_cast<std::int64_t>(std::floor(p.x / size))};
  };
  std::map<Cell, std::map<Cell, std::vector<std::size_t>>> msoas;
  for (std::size_t i = 0; i < geography.snap_points.size(); ++i) {
    SnapPoint& point = geography.snap_points[i];
    point.district = district_of(geography, point.at);
    msoas[cell_of(point.district, point.at, kMsoaCellM)][cell_of(point.district, point.at, kLsoaCellM)]
        .push_back(i);
  }
  geography.lsoas.clear();
  std::vector<std::size_t> msoa_numbers(geography.districts.size(), 0);
  for (const auto& [msoa_cell, lsoa_cells] : msoas) {
    const std::size_t district = std::get<0>(msoa_cell);
    const std::size_t number = ++msoa_numbers[district];
    std::size_t letter = 0;
    for (const auto& [lsoa_cell, members] : lsoa_cells) {
      Lsoa lsoa;
      lsoa.code = fmt::format("S019{:05d}", geography.lsoas.size() + 1);
      lsoa.name =
          fmt::format("{} {}", geography.districts[district].name, msoa_letter_suffix(number, letter++));
      for (const std::size_t member : members) geography.snap_points[member].lsoa = geography.lsoas.size();
      geography.lsoas.push_back(std::move(lsoa));
    }
  }

  // Weights: residential mildly denser towards the centre; the centre pull falls off over a
  // quarter of the settlement's radius. Each normalised to the settlement's population.
  std::vector<double> residential_total(geography.settlements.size(), 0.0);
  std::vector<double> centre_total(geography.settlements.size(), 0.0);
  for (SnapPoint& point : geography.snap_points) {
    const Settlement& settlement = geography.settlements[point.settlement];
    const double r = distance_m(point.at, settlement.centre) / settlement.radius_m;
    point.residential_weight = 0.6 + 0.8 * std::exp(-r);
    point.centre_weight = std::exp(-r / 0.25);
    residential_total[point.settlement] += point.residential_weight;
    centre_total[point.settlement] += point.centre_weight;
  }
  for (SnapPoint& point : geography.snap_points) {
    const double population = geography.settlements[point.settlement].population;
    point.residential_weight *= population / residential_total[point.settlement];
    point.centre_weight *= population / centre_total[point.settlement];
  }
}

}  // namespace grip::demo
