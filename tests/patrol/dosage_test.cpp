// Dosage from GPS: pseudonyms against RFC 4231's published HMAC values, zones and cleaning on
// hand-worked cases, and visits against an independent track simulator whose true time in the
// hotspot is known to the second.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "grip/core/errors.hpp"
#include "grip/core/officer_pseudonym.hpp"
#include "grip/patrol/gps_cleaning.hpp"
#include "grip/patrol/patrol_zones.hpp"
#include "grip/patrol/visit_detection.hpp"

namespace grip::patrol {
namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  char buffer[3];
  for (std::uint8_t b : bytes) {
    std::snprintf(buffer, sizeof buffer, "%02x", b);
    out += buffer;
  }
  return out;
}

TEST(OfficerPseudonym, HmacMatchesRfc4231) {
  const std::vector<std::uint8_t> key1(20, 0x0b);
  EXPECT_EQ(hex(hmac_sha256(key1, "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  const std::vector<std::uint8_t> key2 = {'J', 'e', 'f', 'e'};
  EXPECT_EQ(hex(hmac_sha256(key2, "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(OfficerPseudonym, StableUnderOneKeyDifferentUnderAnotherAndNeverTheId) {
  const PseudonymKey key = generate_pseudonym_key(), other = generate_pseudonym_key();
  EXPECT_NE(key, other);
  const OfficerPseudonymiser a(key), b(other);
  EXPECT_EQ(a.pseudonym("PC 1234"), a.pseudonym("  PC 1234 "));
  EXPECT_NE(a.pseudonym("PC 1234"), a.pseudonym("PC 1235"));
  EXPECT_NE(a.pseudonym("PC 1234"), b.pseudonym("PC 1234"));
  EXPECT_EQ(a.pseudonym("PC 1234").size(), 4u + 24u);
  EXPECT_EQ(a.pseudonym("PC 1234").find("1234"), std::string::npos);
  EXPECT_EQ(a.pseudonym("PC 1234").substr(4), hex(hmac_sha256(key, "PC 1234")).substr(0, 24));
  EXPECT_THROW((void)a.pseudonym("   "), UsageError);
}

ZonePolygon square(double x0, double y0, double size) {
  return {{{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}}}};
}

TEST(PatrolZones, InsideWithinTheBufferAndOutside) {
  const PatrolZones zones({square(0, 0, 100), square(1000, 0, 100)}, 25);
  EXPECT_EQ(zones.zone_of(50, 50), 0);
  EXPECT_EQ(zones.zone_of(124, 50), 0);    // 24 m east of the edge
  EXPECT_EQ(zones.zone_of(126, 50), -1);   // 26 m
  EXPECT_EQ(zones.zone_of(117, 117), 0);   // corner: 17·√2 = 24.0 m
  EXPECT_EQ(zones.zone_of(119, 119), -1);  // 26.9 m from the corner, inside the buffered box
  EXPECT_EQ(zones.zone_of(1050, -20), 1);
  EXPECT_EQ(zones.zone_of(-5000, 50), -1);
  EXPECT_EQ(zones.zone_of(std::nan(""), 50), -1);
}

TEST(PatrolZones, HolesAreOutsideAndTheNearerOfTwoBufferedZonesWins) {
  ZonePolygon ring = square(0, 0, 300);
  ring.rings.push_back({{100, 100}, {200, 100}, {200, 200}, {100, 200}});
  const PatrolZones with_hole({ring}, 10);
  EXPECT_EQ(with_hole.zone_of(150, 150), -1);  // 50 m into the hole
  EXPECT_EQ(with_hole.zone_of(105, 150), 0);   // 5 m into the hole: within the buffer
  EXPECT_EQ(with_hole.zone_of(50, 150), 0);
  // Two squares 30 m apart with 25 m buffers: the gap's fixes go to the nearer square.
  const PatrolZones close({square(0, 0, 100), square(130, 0, 100)}, 25);
  EXPECT_EQ(close.zone_of(110, 50), 0);
  EXPECT_EQ(close.zone_of(120, 50), 1);
  EXPECT_EQ(close.zone_of(115, 50), 0);  // equidistant: the lower index
}

TEST(GpsCleaning, CountsEveryReasonAndKeepsRealMoves) {
  std::vector<GpsFix> fixes = {{1, 100, 0, 0, 5},    {1, 110, 10, 0, 5},
                               {1, 110, 11, 0, 5},                          // duplicate second
                               {1, 120, 5000, 0, 5},                        // spike: 490 m/s both ways
                               {1, 130, 20, 0, 5},   {1, 140, 30, 0, 250},  // imprecise
                               {2, 50, 0, 0, 0},     {2, 10, 0, 0, 0},      // out of order: sorted
                               {2, 60, 900, 0, 0},   {2, 70, 1300, 0, 0},   // a car: 90 m/s but then 40 m/s
                               {3, 0, 900'000, 0, 0}};                      // outside the force area
  CleaningRules rules;
  rules.force_area = CleaningRules::Box{-1000, -1000, 10'000, 10'000};
  const CleaningCounts counts = clean_fixes(fixes, rules);
  EXPECT_EQ(counts.duplicate, 1);
  EXPECT_EQ(counts.jump, 1);
  EXPECT_EQ(counts.imprecise, 1);
  EXPECT_EQ(counts.outside, 1);
  EXPECT_EQ(counts.kept, 7);
  ASSERT_EQ(fixes.size(), 7u);
  EXPECT_EQ(fixes[3].officer, 2u);
  EXPECT_EQ(fixes[3].time_s, 10);
  EXPECT_EQ(fixes[5].x, 900);  // 90 m/s from the last kept fix, but the next fix agrees with it
}

TEST(VisitDetection, HandWorkedVisitWithGapsAndAStepOut) {
  // Officer 7: outside at 0 s, in zone 4 at 60, 120, a step out at 200, in at 300, out at 400.
  const std::vector<GpsFix> fixes = {{7, 0, 0, 0, 0},   {7, 60, 0, 0, 0},  {7, 120, 0, 0, 0},
                                     {7, 200, 0, 0, 0}, {7, 300, 0, 0, 0}, {7, 400, 0, 0, 0}};
  const std::vector<std::int32_t> zones = {-1, 4, 4, -1, 4, -1};
  const auto visits = detect_visits(fixes, zones);
  ASSERT_EQ(visits.size(), 1u);
  const Visit& v = visits[0];
  EXPECT_EQ(v.zone, 4);
  EXPECT_EQ(v.fixes, 3);
  EXPECT_EQ(v.first_in_s, 60);
  EXPECT_EQ(v.last_in_s, 300);
  EXPECT_DOUBLE_EQ(v.minutes_low, 4.0);          // 300 − 60 s
  EXPECT_DOUBLE_EQ(v.minutes_high, 400.0 / 60);  // 400 − 0 s
  EXPECT_DOUBLE_EQ(v.minutes, 320.0 / 60);       // 350 − 30 s
  EXPECT_TRUE(v.verified);
  EXPECT_FALSE(v.in_koper_band());
  // The same with a bridge shorter than the 180 s step out: two visits.
  VisitRules short_bridge;
  short_bridge.bridge_s = 150;
  EXPECT_EQ(detect_visits(fixes, zones, short_bridge).size(), 2u);
}

TEST(VisitDetection, ALoneCameraFixIsNotFifteenMinutes) {
  // A camera buffering: one fix every 15 minutes, one of them in the hotspot.
  const std::vector<GpsFix> fixes = {{1, 0, 0, 0, 0}, {1, 900, 0, 0, 0}, {1, 1800, 0, 0, 0}};
  const auto visits = detect_visits(fixes, std::vector<std::int32_t>{-1, 0, -1});
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_EQ(visits[0].minutes_low, 0.0);
  EXPECT_EQ(visits[0].minutes_high, 30.0);
  EXPECT_FALSE(visits[0].verified);
}

// An independent simulator: an officer walks at 1.5 m/s from 400 m west of a 150 m square hotspot
// to its middle, wanders inside for `stay_s`, and walks out north. The true time inside the 25 m
// buffer comes from the track at one-second steps; fixes are sampled every `period_s` (random
// phase) with Gaussian noise, reporting an accuracy of 3σ.
struct Track {
  std::vector<GpsFix> fixes;
  double true_minutes = 0;
};

Track simulate(std::mt19937_64& random, std::int64_t stay_s, std::int64_t period_s, double sigma) {
  constexpr double kSpeed = 1.5, kBuffer = 25, kSize = 150;
  std::vector<std::pair<double, double>> path;
  double x = -400, y = 75;
  while (x < 75) path.emplace_back(x += kSpeed, y);
  std::uniform_real_distribution<double> step(-1.0, 1.0);
  for (std::int64_t t = 0; t < stay_s; ++t) {
    x = std::clamp(x + step(random), 20.0, 130.0);
    y = std::clamp(y + step(random), 20.0, 130.0);
    path.emplace_back(x, y);
  }
  while (y < 500) path.emplace_back(x, y += kSpeed);
  const auto distance_out = [&](double px, double py) {
    const double dx = std::max({0.0, -px, px - kSize}), dy = std::max({0.0, -py, py - kSize});
    return std::hypot(dx, dy);
  };
  std::int64_t entry = -1, exit = -1;
  for (std::size_t t = 0; t < path.size(); ++t) {
    if (distance_out(path[t].first, path[t].second) <= kBuffer) {
      if (entry < 0) entry = static_cast<std::int64_t>(t);
      exit = static_cast<std::int64_t>(t);
    }
  }
  Track track;
  track.true_minutes = static_cast<double>(exit - entry) / 60.0;
  std::normal_distribution<double> noise(0, sigma > 0 ? sigma : 1);
  std::uniform_int_distribution<std::int64_t> phase(0, period_s - 1);
  for (auto t = static_cast<std::size_t>(phase(random)); t < path.size();
       t += static_cast<std::size_t>(period_s)) {
    const double nx = sigma > 0 ? noise(random) : 0, ny = sigma > 0 ? noise(random) : 0;
    track.fixes.push_back({0, 1'700'000'000 + static_cast<std::int64_t>(t), path[t].first + nx,
                           path[t].second + ny, 3 * sigma});
  }
  return track;
}

TEST(VisitDetection, IntervalsCoverTheSimulatedTruthAtEveryPingRate) {
  const PatrolZones zones({square(0, 0, 150)}, 25);
  std::mt19937_64 random(12);
  for (const std::int64_t period : {5, 10, 30, 60}) {
    for (const double sigma : {0.0, 5.0, 10.0}) {
      int runs = 0, covered = 0, verified = 0, single = 0;
      double worst_error = 0;
      for (const std::int64_t stay : {480, 720, 1200}) {
        for (int seed = 0; seed < 15; ++seed) {
          Track track = simulate(random, stay, period, sigma);
          (void)clean_fixes(track.fixes);
          std::vector<std::int32_t> ids(track.fixes.size());
          std::vector<double> xs, ys;
          for (const GpsFix& f : track.fixes) {
            xs.push_back(f.x);
            ys.push_back(f.y);
          }
          zones.assign(xs, ys, ids);
          const auto visits = detect_visits(track.fixes, ids);
          ++runs;
          if (visits.size() != 1) continue;
          ++single;
          const Visit& v = visits[0];
          if (v.minutes_low <= track.true_minutes && track.true_minutes <= v.minutes_high) ++covered;
          if (v.verified) ++verified;
          worst_error = std::max(worst_error, std::abs(v.minutes - track.true_minutes));
        }
      }
      SCOPED_TRACE("period " + std::to_string(period) + " s, sigma " + std::to_string(sigma) + " m");
      EXPECT_EQ(single, runs) << "one walk-in visit must give one visit";
      EXPECT_GE(covered, runs - (sigma > 0 ? 1 : 0)) << "interval misses the truth";
      if (period <= 30) {
        EXPECT_EQ(verified, runs);
      }
      // Each end can be off by half a period plus the noise walked at 1.5 m/s.
      EXPECT_LE(worst_error, (static_cast<double>(period) + 2 * 3 * sigma / 1.5) / 60.0);
    }
  }
}

TEST(VisitDetection, SparseCameraFixesGiveWideUnverifiedVisits) {
  const PatrolZones zones({square(0, 0, 150)}, 25);
  std::mt19937_64 random(99);
  for (int seed = 0; seed < 20; ++seed) {
    Track track = simulate(random, 720, 900, 5);
    (void)clean_fixes(track.fixes);
    std::vector<std::int32_t> ids;
    for (const GpsFix& f : track.fixes) ids.push_back(zones.zone_of(f.x, f.y));
    for (const Visit& v : detect_visits(track.fixes, ids)) {
      EXPECT_FALSE(v.verified);
      EXPECT_LE(v.minutes_low, track.true_minutes);
      EXPECT_GE(v.minutes_high, track.true_minutes);
    }
  }
}

}  // namespace
}  // namespace grip::patrol

namespace grip::patrol {
namespace {

TEST(VisitDetection, ACameraGapInsideAVisitJoinsItButCountsOnlyAsPossible) {
  // In at 0, 10, 20 s; the camera buffers; in again at 920, 930 s; out at 940 s (before: out at -10 s).
  const std::vector<GpsFix> fixes = {{1, -10, 0, 0, 0}, {1, 0, 0, 0, 0},   {1, 10, 0, 0, 0}, {1, 20, 0, 0, 0},
                                     {1, 920, 0, 0, 0}, {1, 930, 0, 0, 0}, {1, 940, 0, 0, 0}};
  const auto visits = detect_visits(fixes, std::vector<std::int32_t>{-1, 2, 2, 2, 2, 2, -1});
  ASSERT_EQ(visits.size(), 1u);
  const Visit& v = visits[0];
  EXPECT_EQ(v.fixes, 5);
  EXPECT_DOUBLE_EQ(v.minutes_low, 30.0 / 60);             // 930 − 0 − the 900 s gap
  EXPECT_DOUBLE_EQ(v.minutes_high, 950.0 / 60);           // 940 − (−10)
  EXPECT_DOUBLE_EQ(v.minutes, (935.0 + 5.0 - 450) / 60);  // exit_mid 935, entry_mid −5, half the gap
  EXPECT_FALSE(v.verified);
}

}  // namespace
}  // namespace grip::patrol
