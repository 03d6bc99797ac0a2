// Tests of the synthetic county generator: reproducibility, exact real-data headers, RFC 4180
// row shape, and that the planted truth (hotspot concentration, weekend-night timing) is really
// in the files. Distances use the test's own haversine and days its own day-of-week rule.
#include "grip/demo/synthetic_county.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

namespace fs = std::filesystem;
using grip::demo::CountyOptions;
using grip::demo::SyntheticCounty;
using grip::demo::write_synthetic_county;

constexpr const char* kStreetHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context";
constexpr const char* kStopSearchHeader =
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing";

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string first_line(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  return line;
}

// RFC 4180 records of a whole file (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!field.empty() || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRadius = 6'371'008.8;
  constexpr double kDeg = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kDeg;
  const double dlon = (lon2 - lon1) * kDeg;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kRadius * std::asin(std::sqrt(a));
}

// The day of a "YYYY-MM-DDTHH:MM:SS" local date-time.
std::chrono::sys_days day_of(const std::string& when) {
  return std::chrono::sys_days{
      std::chrono::year_month_day{std::chrono::year{std::stoi(when.substr(0, 4))},
                                  std::chrono::month{static_cast<unsigned>(std::stoi(when.substr(5, 2)))},
                                  std::chrono::day{static_cast<unsigned>(std::stoi(when.substr(8, 2)))}}};
}

// A folder of its own under the system temp folder, removed when done. The name is unique per
// process, since ctest runs each test in its own process, several at once.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) {
    std::random_device entropy;
    path_ = fs::temp_directory_path() /
            ("grip-demo-test-" + name + "-" + std::to_string(entropy()) + "-" + std::to_string(entropy()));
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored_because_cleanup_is_best_effort;
    fs::remove_all(path_, ignored_because_cleanup_is_best_effort);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<fs::path> all_files(const SyntheticCounty& county) {
  std::vector<fs::path> files = county.street_csvs;
  files.insert(files.end(), county.stop_search_csvs.begin(), county.stop_search_csvs.end());
  for (const fs::path& path :
       {county.incidents_csv, county.incidents_mapping, county.districts_geojson, county.readme}) {
    files.push_back(path);
  }
  return files;
}

// The data rows of every month's street CSV that have coordinates.
std::vector<std::vector<std::string>> located_street_rows(const SyntheticCounty& county) {
  std::vector<std::vector<std::string>> rows;
  for (const fs::path& path : county.street_csvs) {
    auto records = parse_csv(read_all(path));
    for (std::size_t i = 1; i < records.size(); ++i) {
      if (!records[i][4].empty()) rows.push_back(std::move(records[i]));
    }
  }
  return rows;
}

// The data rows of the time-stamped extract.
std::vector<std::vector<std::string>> incident_rows(const SyntheticCounty& county) {
  auto records = parse_csv(read_all(county.incidents_csv));
  records.erase(records.begin());
  return records;
}

// One county with the default options shared by the read-only tests; generated once a process.
const SyntheticCounty& default_county() {
  static const ScratchDir dir("default");
  static const SyntheticCounty county = write_synthetic_county(CountyOptions{}, dir.path());
  return county;
}

TEST(SyntheticCounty, SameSeedWritesIdenticalBytes) {
  CountyOptions options;
  options.months = 3;
  const ScratchDir dir_a("same-a");
  const ScratchDir dir_b("same-b");
  const SyntheticCounty first = write_synthetic_county(options, dir_a.path());
  const SyntheticCounty second = write_synthetic_county(options, dir_b.path());
  const auto a = all_files(first);
  const auto b = all_files(second);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].filename(), b[i].filename());
    EXPECT_EQ(read_all(a[i]), read_all(b[i])) << a[i].filename();
  }
}

TEST(SyntheticCounty, DifferentSeedWritesDifferentData) {
  CountyOptions options;
  options.months = 1;
  const ScratchDir dir_a("seed-a");
  const ScratchDir dir_b("seed-b");
  const SyntheticCounty first = write_synthetic_county(options, dir_a.path());
  options.seed += 1;
  const SyntheticCounty second = write_synthetic_county(options, dir_b.path());
  EXPECT_NE(read_all(first.street_csvs[0]), read_all(second.street_csvs[0]));
  EXPECT_NE(read_all(first.incidents_csv), read_all(second.incidents_csv));
  EXPECT_NE(read_all(first.districts_geojson), read_all(second.districts_geojson));
  EXPECT_NE(first.hotspots[0].longitude, second.hotspots[0].longitude);
}

TEST(SyntheticCounty, WritesTheExpectedFiles) {
  const SyntheticCounty& county = default_county();
  ASSERT_EQ(county.street_csvs.size(), 12u);
  ASSERT_EQ(county.stop_search_csvs.size(), 12u);
  EXPECT_EQ(county.street_csvs.front().filename(), "synthetic-2025-01-street.csv");
  EXPECT_EQ(county.street_csvs.back().filename(), "synthetic-2025-12-street.csv");
  EXPECT_EQ(county.stop_search_csvs.front().filename(), "synthetic-2025-01-stop-and-search.csv");
  for (const fs::path& path : all_files(county)) EXPECT_TRUE(fs::exists(path)) << path;
  EXPECT_EQ(county.hotspots.size(), 15u);
  EXPECT_DOUBLE_EQ(county.triggering.theta, 0.3);
  EXPECT_GT(county.street_rows, 100'000);
  EXPECT_LT(county.street_rows, 140'000);
  EXPECT_GT(county.incident_rows, 5'000);
  EXPECT_NE(read_all(county.readme).find("SYNTHETIC DATA"), std::string::npos);
  EXPECT_NE(read_all(county.incidents_mapping).find("SYNTHETIC DATA"), std::string::npos);
  EXPECT_NE(read_all(county.districts_geojson).find("\"LAD_CODE\""), std::string::npos);
}

TEST(SyntheticCounty, HeadersEqualTheLiteralHeaders) {
  const SyntheticCounty& county = default_county();
  for (const fs::path& path : county.street_csvs) EXPECT_EQ(first_line(path), kStreetHeader) << path;
  for (const fs::path& path : county.stop_search_csvs) EXPECT_EQ(first_line(path), kStopSearchHeader) << path;
  EXPECT_EQ(first_line(county.incidents_csv),
            "incident_id,offence,occurred_from,occurred_to,longitude,latitude");
}

TEST(SyntheticCounty, HeadersEqualTheRealDataHeaders) {
  const fs::path real = fs::path(GRIP_SHARED_DATA) / "police-uk";
  if (!fs::exists(real)) GTEST_SKIP() << "no real data at " << real;
  const SyntheticCounty& county = default_county();
  int compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(real)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with("-street.csv")) {
      EXPECT_EQ(first_line(county.street_csvs[0]), first_line(entry.path())) << name;
      ++compared;
    } else if (name.ends_with("-stop-and-search.csv")) {
      EXPECT_EQ(first_line(county.stop_search_csvs[0]), first_line(entry.path())) << name;
      ++compared;
    }
  }
  if (compared == 0) GTEST_SKIP() << "no data.police.uk files under " << real;
}

TEST(SyntheticCounty, EveryStreetRowHasTwelveFieldsAndSaysSynthetic) {
  const SyntheticCounty& county = default_county();
  std::int64_t rows = 0;
  std::int64_t without_location = 0;
  std::int64_t asb_with_id = 0;
  for (const fs::path& path : county.street_csvs) {
    const auto records = parse_csv(read_all(path));
    ASSERT_FALSE(records.empty());
    for (std::size_t i = 1; i < records.size(); ++i) {
      const auto& r = records[i];
      ASSERT_EQ(r.size(), 12u) << path << " record " << i;
      EXPECT_EQ(r[3], "Synthetic County Police (SYNTHETIC)");
      EXPECT_EQ(r[11], "SYNTHETIC DATA");
      EXPECT_EQ(r[1], path.filename().string().substr(10, 7));
      if (r[9] == "Anti-social behaviour") {
        asb_with_id += r[0].empty() ? 0 : 1;
      } else {
        EXPECT_EQ(r[0].size(), 64u);
      }
      if (r[4].empty()) {
        ++without_location;
        EXPECT_TRUE(r[5].empty());
      } else {
        EXPECT_EQ(r[4].size() - r[4].find('.') - 1, 6u) << r[4];
        EXPECT_TRUE(r[6].starts_with("On or near ")) << r[6];
      }
      ++rows;
    }
  }
  EXPECT_EQ(rows, county.street_rows);
  EXPECT_EQ(asb_with_id, 0);
  const double share = static_cast<double>(without_location) / static_cast<double>(rows);
  EXPECT_GT(share, 0.002);
  EXPECT_LT(share, 0.01);
}

TEST(SyntheticCounty, EveryStopSearchRowHasFifteenFields) {
  const SyntheticCounty& county = default_county();
  for (const fs::path& path : county.stop_search_csvs) {
    const auto records = parse_csv(read_all(path));
    ASSERT_GT(records.size(), 100u);
    for (std::size_t i = 1; i < records.size(); ++i) {
      ASSERT_EQ(records[i].size(), 15u) << path << " record " << i;
      EXPECT_EQ(records[i][1].size(), 25u) << records[i][1];  // 2025-01-03T22:15:00+00:00
      EXPECT_TRUE(records[i][1].ends_with("+00:00"));
    }
  }
}

TEST(SyntheticCounty, PlantedHotspotsConcentrateViolence) {
  const SyntheticCounty& county = default_county();
  std::int64_t violence = 0;
  std::int64_t violence_in_hotspots = 0;
  std::int64_t other = 0;
  std::int64_t other_in_hotspots = 0;
  for (const auto& r : located_street_rows(county)) {
    const double lon = std::stod(r[4]);
    const double lat = std::stod(r[5]);
    bool inside = false;
    for (const auto& hotspot : county.hotspots) {
      inside = inside || haversine_m(lon, lat, hotspot.longitude, hotspot.latitude) <= hotspot.radius_m;
    }
    if (r[9] == "Violence and sexual offences") {
      ++violence;
      violence_in_hotspots += inside ? 1 : 0;
    } else if (r[9] == "Vehicle crime" || r[9] == "Burglary") {
      ++other;
      other_in_hotspots += inside ? 1 : 0;
    }
  }
  double hotspot_area = 0.0;
  for (const auto& hotspot : county.hotspots)
    hotspot_area += std::numbers::pi * hotspot.radius_m * hotspot.radius_m;
  const double area_share = hotspot_area / (40'000.0 * 30'000.0);
  const double violence_share = static_cast<double>(violence_in_hotspots) / static_cast<double>(violence);
  const double other_share = static_cast<double>(other_in_hotspots) / static_cast<double>(other);
  // Under 0.2% of the county's area holds over a third of its violence.
  EXPECT_LT(area_share, 0.002);
  EXPECT_GT(violence_share, 0.33);
  EXPECT_GT(violence_share, 100.0 * area_share);
  // Property crime at home is not drawn there.
  EXPECT_LT(other_share, violence_share / 4.0);
}

TEST(SyntheticCounty, TopFivePercentOfPlacesHoldAboutHalfOfViolence) {
  const SyntheticCounty& county = default_county();
  std::map<std::string, std::int64_t> per_place;
  std::int64_t violence = 0;
  for (const auto& r : located_street_rows(county)) {
    if (r[9] == "Violence and sexual offences") ++violence;
    per_place[r[4] + "," + r[5]] += r[9] == "Violence and sexual offences" ? 1 : 0;
  }
  std::vector<std::int64_t> counts;
  for (const auto& [place, count] : per_place) counts.push_back(count);
  std::sort(counts.rbegin(), counts.rend());
  const std::size_t top = counts.size() / 20;
  std::int64_t in_top = 0;
  for (std::size_t i = 0; i < top; ++i) in_top += counts[i];
  const double share = static_cast<double>(in_top) / static_cast<double>(violence);
  EXPECT_GT(share, 0.40);
  EXPECT_LT(share, 0.75);
}

TEST(SyntheticCounty, WeekendNightsAreBusierThanUniform) {
  const SyntheticCounty& county = default_county();
  std::int64_t violence = 0;
  std::int64_t weekend_night = 0;
  for (const auto& r : incident_rows(county)) {
    ASSERT_EQ(r.size(), 6u);
    if (r[1].find("bodily harm") == std::string::npos) continue;
    const std::string& when = r[2];                                            // YYYY-MM-DDTHH:MM:SS
    const unsigned weekday = std::chrono::weekday{day_of(when)}.c_encoding();  // 0 = Sunday
    const int hour = std::stoi(when.substr(11, 2));
    // Friday 18:00 - Saturday 06:00 and Saturday 18:00 - Sunday 06:00: 24 of 168 hours.
    const bool night =
        ((weekday == 5 || weekday == 6) && hour >= 18) || ((weekday == 6 || weekday == 0) && hour < 6);
    ++violence;
    weekend_night += night ? 1 : 0;
  }
  ASSERT_GT(violence, 1'000);
  const double share = static_cast<double>(weekend_night) / static_cast<double>(violence);
  EXPECT_GT(share, 1.5 * 24.0 / 168.0);
}

// Pairs of events less than a day and 100 m apart; events sorted by time.
struct TimedPoint {
  double day;
  double longitude;
  double latitude;
};

std::int64_t near_repeat_pairs(std::vector<TimedPoint> events) {
  std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  std::int64_t pairs = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    for (std::size_t j = i + 1; j < events.size() && events[j].day - events[i].day < 1.0; ++j) {
      pairs += haversine_m(events[i].longitude, events[i].latitude, events[j].longitude, events[j].latitude) <
               100.0;
    }
  }
  return pairs;
}

TEST(SyntheticCounty, SeriousViolenceHasNearRepeats) {
  const SyntheticCounty& county = default_county();
  std::vector<TimedPoint> events;
  for (const auto& r : incident_rows(county)) {
    if (r[1].starts_with("Burglary")) continue;
    const double day = static_cast<double>(day_of(r[2]).time_since_epoch().count()) +
                       (std::stoi(r[2].substr(11, 2)) * 60 + std::stoi(r[2].substr(14, 2))) / 1440.0;
    events.push_back({day, std::stod(r[4]), std::stod(r[5])});
  }
  // The same places with their times permuted (i -> 7919 i mod n, which scatters neighbours in
  // time): same spatial and temporal marginals, no space-time interaction (Knox's comparison).
  ASSERT_NE(events.size() % 7919, 0u);
  std::vector<TimedPoint> decoupled = events;
  for (std::size_t i = 0; i < events.size(); ++i) decoupled[i].day = events[(i * 7919) % events.size()].day;
  const std::int64_t observed = near_repeat_pairs(events);
  const std::int64_t expected = near_repeat_pairs(decoupled);
  EXPECT_GT(static_cast<double>(observed), 1.5 * static_cast<double>(expected));
}

TEST(SyntheticCounty, IncidentExtractHasWindowsForBurglaries) {
  const SyntheticCounty& county = default_county();
  std::int64_t burglaries = 0;
  std::int64_t windows = 0;
  for (const auto& r : incident_rows(county)) {
    EXPECT_TRUE(r[0].starts_with("SYN-"));
    EXPECT_EQ(r[2].size(), 19u);
    if (!r[3].empty()) {
      EXPECT_LT(r[2], r[3]);
    }
    if (r[1].starts_with("Burglary")) {
      ++burglaries;
      windows += r[3].empty() ? 0 : 1;
    }
  }
  ASSERT_GT(burglaries, 1'000);
  EXPECT_GT(static_cast<double>(windows) / static_cast<double>(burglaries), 0.6);
}

TEST(SyntheticCounty, RejectsOptionsOutOfRange) {
  const ScratchDir dir("bad");
  CountyOptions options;
  options.months = 0;
  EXPECT_THROW((void)write_synthetic_county(options, dir.path()), grip::UsageError);
  options = CountyOptions{};
  options.first_month = 13;
  EXPECT_THROW((void)write_synthetic_county(options, dir.path()), grip::UsageError);
  options = CountyOptions{};
  options.crime_scale = 0.0;
  EXPECT_THROW((void)write_synthetic_county(options, dir.path()), grip::UsageError);
}

}  // namespace
