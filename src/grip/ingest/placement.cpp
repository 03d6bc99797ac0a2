#include "grip/ingest/placement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace grip::ingest {
namespace {

double median(std::vector<double> values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

template <typename Record>
void collect(const std::vector<Record>& records, std::vector<double>& first, std::vector<double>& second) {
  for (const auto& record : records) {
    first.push_back(record.where.longitude);
    second.push_back(record.where.latitude);
  }
}

// Keeps records whose `refusal` is empty; the others become rejects, in the same order.
template <typename Record>
void keep_placed(std::vector<Record>& records, const std::vector<std::string>& refusal,
                 const std::vector<std::string>& detail, std::size_t offset,
                 std::vector<RejectRecord>& rejects) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (refusal[offset + i].empty()) {
      records[kept++] = records[i];
    } else {
      rejects.push_back(
          {records[i].line, refusal[offset + i], detail[offset + i], std::string(records[i].raw)});
    }
  }
  records.resize(kept);
}

}  // namespace

double Extent::distance_to(double x, double y) const {
  const double dx = std::max({min_x - x, 0.0, x - max_x});
  const double dy = std::max({min_y - y, 0.0, y - max_y});
  return std::hypot(dx, dy);
}

std::optional<LonLat> median_position(const ParsedFile& parsed) {
  std::vector<double> lon, lat;
  collect(parsed.incidents, lon, lat);
  collect(parsed.stop_searches, lon, lat);
  if (lon.empty()) return std::nullopt;
  if (parsed.source_crs != "EPSG:4326") {
    geo::Projector to_wgs84("EPSG:4326", parsed.source_crs);
    to_wgs84.forward(lon, lat);
  }
  return LonLat{median(lon), median(lat)};
}

std::size_t ProjectionCache::KeyHash::operator()(const Key& key) const noexcept {
  const std::size_t a = std::hash<double>{}(key.first);
  return a ^ (std::hash<double>{}(key.second) + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

namespace {

// Fills lon/lat (WGS84) and x/y (store CRS) for source pairs, projecting only pairs not yet cached.
void project(const ParsedFile& parsed, const PlacementRules& rules, std::vector<double>& lon,
             std::vector<double>& lat, std::vector<double>& x, std::vector<double>& y) {
  std::vector<double> first, second;
  collect(parsed.incidents, first, second);
  collect(parsed.stop_searches, first, second);
  ProjectionCache local;
  ProjectionCache& cache = rules.cache ? *rules.cache : local;
  // A source CRS other than WGS84 is rare and per file; its pairs are not mixed into the cache.
  const bool wgs84 = parsed.source_crs == "EPSG:4326";
  std::vector<ProjectionCache::Key> missing;
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (wgs84 && cache.entries.contains({first[i], second[i]})) continue;
    missing.push_back({first[i], second[i]});
  }
  std::sort(missing.begin(), missing.end(), [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  });
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  std::vector<double> mlon(missing.size()), mlat(missing.size());
  for (std::size_t i = 0; i < missing.size(); ++i) {
    mlon[i] = missing[i].first;
    mlat[i] = missing[i].second;
  }
  if (!wgs84) {
    geo::Projector to_wgs84("EPSG:4326", parsed.source_crs);
    to_wgs84.forward(mlon, mlat);
  }
  std::vector<double> mx = mlon, my = mlat;
  rules.to_store->forward(mx, my);
  ProjectionCache file_only;
  ProjectionCache& target = wgs84 ? cache : file_only;
  for (std::size_t i = 0; i < missing.size(); ++i)
    target.entries[missing[i]] = {mlon[i], mlat[i], mx[i], my[i]};
  const std::size_t count = first.size();
  lon.resize(count);
  lat.resize(count);
  x.resize(count);
  y.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& p = target.entries.at({first[i], second[i]});
    lon[i] = p.longitude;
    lat[i] = p.latitude;
    x[i] = p.x;
    y[i] = p.y;
  }
}

}  // namespace

std::int64_t place(ParsedFile& parsed, const PlacementRules& rules) {
  if (parsed.incidents.empty() && parsed.stop_searches.empty()) return 0;  // nothing to project
  std::vector<double> lon, lat, x, y;
  project(parsed, rules, lon, lat, x, y);

  const std::size_t count = x.size();
  std::vector<std::string> refusal(count), detail(count);
  std::vector<double> outside_km(count, kNoCoordinate);
  const auto& area = rules.to_store->target_area_of_use();
  std::optional<std::pair<double, double>> centre;
  if (!rules.force_area && count > 0) centre = std::pair{median(x), median(y)};
  std::int64_t flagged = 0;

  for (std::size_t i = 0; i < count; ++i) {
    if (std::isnan(x[i]) || !area.contains(lon[i], lat[i])) {
      refusal[i] = "outside the CRS area of use";
      detail[i] = fmt::format("({:.6f}, {:.6f}) is outside the area where {} is valid", lon[i], lat[i],
                              rules.store_crs_code);
      continue;
    }
    const double distance = rules.force_area ? rules.force_area->distance_to(x[i], y[i])
                                             : std::hypot(x[i] - centre->first, y[i] - centre->second);
    const double limit = rules.force_area ? rules.max_outside_m : rules.max_from_median_m;
    if (distance <= limit) continue;
    ++flagged;
    outside_km[i] = distance / 1000;
    if (rules.reject_outside) {
      refusal[i] = "far outside the force area";
      detail[i] =
          fmt::format("({:.6f}, {:.6f}) is {:.1f} km {} (limit {:.1f} km)", lon[i], lat[i], distance / 1000,
                      rules.force_area ? "outside the loaded boundaries" : "from the file's median position",
                      limit / 1000);
    }
  }
  std::size_t i = 0;
  const auto set_position = [&](Location& where) {
    where = {lon[i], lat[i], x[i], y[i], outside_km[i]};
    ++i;
  };
  for (auto& record : parsed.incidents) set_position(record.where);
  for (auto& record : parsed.stop_searches) set_position(record.where);
  const std::size_t incident_count = parsed.incidents.size();
  keep_placed(parsed.incidents, refusal, detail, 0, parsed.rejects);
  keep_placed(parsed.stop_searches, refusal, detail, incident_count, parsed.rejects);
  std::stable_sort(parsed.rejects.begin(), parsed.rejects.end(),
                   [](const RejectRecord& a, const RejectRecord& b) { return a.line < b.line; });
  return rules.reject_outside ? 0 : flagged;
}

}  // namespace grip::ingest
