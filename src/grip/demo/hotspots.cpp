#include "grip/demo/hotspots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string_view>

namespace grip::demo {
namespace {

constexpr double kCentreFraction = 0.75;       // share of hotspots in town centres
constexpr double kMinimumSeparationM = 500.0;  // between hotspot centres
constexpr std::array<std::string_view, 6> kNightPlaces{"Nightclub",    "Bus/Coach Station", "Shopping Area",
                                                       "Parking Area", "Pedestrian Subway", "Petrol Station"};
constexpr std::array<std::string_view, 4> kEstatePlaces{"Park/Open Space", "Shopping Area", "Parking Area",
                                                        "Sports/Recreation Area"};

// Hotspots per town: largest remainder on population, at least one each.
std::vector<int> share_out(const std::vector<Settlement>& settlements) {
  std::vector<std::size_t> towns;
  double population = 0.0;
  for (std::size_t i = 0; i < settlements.size(); ++i) {
    if (settlements[i].is_town) {
      towns.push_back(i);
      population += settlements[i].population;
    }
  }
  std::vector<int> counts(settlements.size(), 0);
  const int spare = kHotspotCount - static_cast<int>(towns.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  int given = 0;
  for (const std::size_t town : towns) {
    const double exact = spare * settlements[town].population / population;
    counts[town] = 1 + static_cast<int>(exact);
    given += static_cast<int>(exact);
    remainders.emplace_back(exact - std::floor(exact), town);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t i = 0; given < spare && i < remainders.size(); ++i, ++given)
    ++counts[remainders[i].second];
  return counts;
}

LocalPoint polar(LocalPoint origin, double r, double theta) {
  return {origin.x + r * std::cos(theta), origin.y + r * std::sin(theta)};
}

}  // namespace

std::vector<Hotspot> plant_hotspots(Geography& geography, Random& random) {
  const std::vector<int> counts = share_out(geography.settlements);
  std::vector<Hotspot> hotspots;
  for (std::size_t town = 0; town < counts.size(); ++town) {
    const Settlement& settlement = geography.settlements[town];
    int night = 0;
    int estate = 0;
    for (int i = 0; i < counts[town]; ++i) {
      const bool in_centre = i == 0 || random.chance(kCentreFraction);
      Hotspot hotspot;
      hotspot.settlement = town;
      hotspot.night_time_economy = in_centre;
      hotspot.radius_m = random.uniform(100.0, 200.0);
      for (int attempt = 0; attempt < 200; ++attempt) {
        const double r = in_centre ? std::min(std::abs(random.normal(0.0, 0.15 * settlement.radius_m)),
                                              0.5 * settlement.radius_m)
                                   : random.uniform(0.3, 0.8) * settlement.radius_m;
        hotspot.centre = polar(settlement.centre, r, random.uniform(0.0, 2.0 * std::numbers::pi));
        const bool clear = std::all_of(hotspots.begin(), hotspots.end(), [&](const Hotspot& other) {
          return distance_m(other.centre, hotspot.centre) >= kMinimumSeparationM;
        });
        if (clear && inside_county(hotspot.centre)) break;
      }
      hotspot.name = in_centre ? fmt::format("{} night-time economy {}", settlement.name, ++night)
                               : fmt::format("{} estate {}", settlement.name, ++estate);
      hotspots.push_back(std::move(hotspot));
    }
  }

  // Violence shares: the biggest towns' first hotspots get the largest weights.
  std::vector<double> weights(hotspots.size());
  double total = 0.0;
  for (std::size_t k = 0; k < hotspots.size(); ++k) {
    weights[k] = 1.0 / std::pow(static_cast<double>(k + 1), 0.7);
    total += weights[k];
  }
  std::vector<std::size_t> order(hotspots.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  // Town centre hotspots of big towns first (stable: towns are already largest first).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return hotspots[a].night_time_economy && !hotspots[b].night_time_economy;
  });
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    hotspots[order[rank]].violence_share = kHotspotViolenceShare * weights[rank] / total;
  }

  // Snap points on a lattice of spacing radius/2 inside 85% of the radius.
  for (const Hotspot& hotspot : hotspots) {
    const Settlement& settlement = geography.settlements[hotspot.settlement];
    const double step = hotspot.radius_m / 2.0;
    const double reach = 0.85 * hotspot.radius_m;
    const double tilt = random.uniform(0.0, std::numbers::pi / 2.0);
    for (int i = -2; i <= 2; ++i) {
      for (int j = -2; j <= 2; ++j) {
        const double u = i * step;
        const double v = j * step;
        if (std::hypot(u, v) > reach) continue;
        const LocalPoint at{hotspot.centre.x + u * std::cos(tilt) - v * std::sin(tilt),
                            hotspot.centre.y + u * std::sin(tilt) + v * std::cos(tilt)};
        std::string place;
        if (random.chance(0.4)) {
          place = settlement.central_streets[static_cast<std::size_t>(
              random.index(static_cast<std::int64_t>(settlement.central_streets.size())))];
        } else if (hotspot.night_time_economy) {
          place = kNightPlaces[static_cast<std::size_t>(random.index(kNightPlaces.size()))];
        } else {
          place = kEstatePlaces[static_cast<std::size_t>(random.index(kEstatePlaces.size()))];
        }
        if (!inside_county(at)) continue;
        SnapPoint point;
        point.at = at;
        point.location = fmt::format("On or near {}", place);
        point.settlement = hotspot.settlement;
        geography.snap_points.push_back(std::move(point));
      }
    }
  }
  return hotspots;
}

LocalPoint point_in_hotspot(const Hotspot& hotspot, Random& random) {
  const double r = 0.85 * hotspot.radius_m * std::sqrt(random.uniform());
  return polar(hotspot.centre, r, random.uniform(0.0, 2.0 * std::numbers::pi));
}

}  // namespace grip::demo
