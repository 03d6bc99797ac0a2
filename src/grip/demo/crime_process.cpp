#include "grip/demo/crime_process.hpp"

#include <cmath>
#include <numbers>

#include "grip/demo/crime_types.hpp"

namespace grip::demo {
namespace {

constexpr double kRowsPerMonth = 10'000.0;
constexpr double kSummerPeak = 0.07;
constexpr double kTimedJitterM = 40.0;  // true locations scatter about their street point

struct WindowRule {
  double probability;
  double shortest_min;
  double longest_min;
};

WindowRule window_rule(TimedKind kind) {
  switch (kind) {
    case TimedKind::kSeriousViolence:
      return {0.08, 30.0, 180.0};
    case TimedKind::kRobbery:
      return {0.05, 15.0, 60.0};
    case TimedKind::kBurglary:
      return {0.75, 120.0, 840.0};
  }
  return {0.0, 0.0, 0.0};
}

TimeProfile time_profile(TimedKind kind) {
  switch (kind) {
    case TimedKind::kSeriousViolence:
      return TimeProfile::kNightEconomy;
    case TimedKind::kRobbery:
      return TimeProfile::kStreet;
    case TimedKind::kBurglary:
      return TimeProfile::kDaytime;
  }
  return TimeProfile::kStreet;
}

std::size_t month_of(const std::vector<StudyMonth>& months, Minute minute) {
  std::size_t index = 0;
  while (index + 1 < months.size() && minute >= months[index + 1].start) ++index;
  return index;
}

std::size_t draw_offence(TimedKind kind, Random& random) {
  std::vector<double> weights;
  for (const OffenceInfo& offence : offences())
    weights.push_back(offence.kind == kind ? offence.weight : 0.0);
  return random.weighted(weights);
}

// Records a window around the true time for some events, clamped to the study period.
void record_window(CrimeEvent& event, TimedKind kind, Minute period_start, Random& random) {
  event.occurred_from = event.occurred;
  event.occurred_to = kNoTime;
  const WindowRule rule = window_rule(kind);
  if (!random.chance(rule.probability)) return;
  const auto width = static_cast<Minute>(std::round(random.uniform(rule.shortest_min, rule.longest_min)));
  const auto before = static_cast<Minute>(std::round(random.uniform() * static_cast<double>(width)));
  event.occurred_from = std::max(period_start, event.occurred - before);
  event.occurred_to = event.occurred_from + width;
}

class Generator {
 public:
  Generator(const Placer& placer, const std::vector<StudyMonth>& months, const CrimeProcessSettings& settings,
            Random& random)
      : placer_(placer), months_(months), settings_(settings), random_(random) {}

  void untimed(std::size_t type, std::size_t month, std::int64_t count) {
    const CrimeTypeInfo& info = crime_types()[type];
    for (std::int64_t i = 0; i < count; ++i) {
      CrimeEvent event;
      event.type = type;
      event.month = month;
      event.snap = placer_.snap(placer_.place(info.hotspot_fraction, info.centre_fraction, 0.0, random_));
      events_.push_back(event);
    }
  }

  void timed(TimedKind kind, std::size_t type, std::size_t month, std::int64_t count) {
    const CrimeTypeInfo& info = crime_types()[type];
    const MonthClock clock(months_[month], time_profile(kind));
    for (std::int64_t i = 0; i < count; ++i) {
      CrimeEvent event;
      event.type = type;
      event.month = month;
      event.timed = true;
      event.offence = draw_offence(kind, random_);
      event.occurred = clock.draw(random_);
      event.at = placer_.place(info.hotspot_fraction, info.centre_fraction, kTimedJitterM, random_);
      event.snap = placer_.snap(event.at);
      record_window(event, kind, months_.front().start, random_);
      events_.push_back(event);
    }
  }

  // Offspring of every self-exciting event, breadth first; new offspring join the queue.
  void trigger() {
    const TriggeringParameters& p = settings_.triggering;
    const double lag_rate_per_minute = p.omega_per_day / (24.0 * 60.0);
    for (std::size_t parent = 0; parent < events_.size(); ++parent) {
      if (!events_[parent].timed) continue;
      const TimedKind kind = offences()[events_[parent].offence].kind;
      if (kind == TimedKind::kBurglary) continue;
      const std::int64_t children = random_.poisson(p.theta);
      for (std::int64_t c = 0; c < children; ++c) {
        const CrimeEvent& mother = events_[parent];
        CrimeEvent child = mother;
        child.occurred =
            mother.occurred + static_cast<Minute>(std::round(random_.exponential(lag_rate_per_minute)));
        child.at = {mother.at.x + random_.normal(0.0, p.sigma_m),
                    mother.at.y + random_.normal(0.0, p.sigma_m)};
        child.generation = mother.generation + 1;
        if (child.occurred >= months_.back().end || !inside_county(child.at)) continue;
        child.month = month_of(months_, child.occurred);
        child.snap = placer_.snap(child.at);
        record_window(child, kind, months_.front().start, random_);
        events_.push_back(child);
      }
    }
  }

  std::vector<CrimeEvent> take() { return std::move(events_); }

 private:
  const Placer& placer_;
  const std::vector<StudyMonth>& months_;
  const CrimeProcessSettings& settings_;
  Random& random_;
  std::vector<CrimeEvent> events_;
};

}  // namespace

double expected_rows(const StudyMonth& month) {
  const double season = 1.0 + kSummerPeak * std::cos(2.0 * std::numbers::pi * (month.month - 7) / 12.0);
  return kRowsPerMonth * month.days() / 30.4375 * season;
}

Placer::Placer(const Geography& geography, const std::vector<Hotspot>& hotspots, const SnapIndex& snap_index)
    : geography_(geography), hotspots_(hotspots), snap_index_(snap_index) {
  std::vector<double> shares;
  for (const Hotspot& hotspot : hotspots) shares.push_back(hotspot.violence_share);
  hotspot_table_ = WeightedTable(shares);
  std::vector<double> centre;
  std::vector<double> residential;
  for (const SnapPoint& point : geography.snap_points) {
    centre.push_back(point.centre_weight);
    residential.push_back(point.residential_weight);
  }
  centre_table_ = WeightedTable(centre);
  residential_table_ = WeightedTable(residential);
}

LocalPoint Placer::place(double hotspot_fraction, double centre_fraction, double jitter_m,
                         Random& random) const {
  if (random.chance(hotspot_fraction))
    return point_in_hotspot(hotspots_[hotspot_table_.draw(random)], random);
  const WeightedTable& table = random.chance(centre_fraction) ? centre_table_ : residential_table_;
  LocalPoint at = geography_.snap_points[table.draw(random)].at;
  if (jitter_m > 0.0) {
    at.x += random.normal(0.0, jitter_m);
    at.y += random.normal(0.0, jitter_m);
  }
  return at;
}

std::vector<CrimeEvent> generate_crimes(const Geography& geography, const std::vector<Hotspot>& hotspots,
                                        const SnapIndex& snap_index, const std::vector<StudyMonth>& months,
                                        const CrimeProcessSettings& settings, Random& random) {
  const Placer placer(geography, hotspots, snap_index);
  Generator generator(placer, months, settings, random);
  const std::size_t violence = crime_type_index("Violence and sexual offences");
  const std::size_t robbery = crime_type_index("Robbery");
  const std::size_t burglary = crime_type_index("Burglary");
  const double background = 1.0 - settings.triggering.theta;
  for (std::size_t m = 0; m < months.size(); ++m) {
    const double rows = expected_rows(months[m]) * settings.crime_scale;
    for (std::size_t type = 0; type < kCrimeTypeCount; ++type) {
      const double expected = rows * crime_types()[type].share;
      if (type == violence) {
        generator.untimed(type, m, random.poisson(expected * (1.0 - kSeriousShareOfViolence)));
        generator.timed(TimedKind::kSeriousViolence, type, m,
                        random.poisson(expected * kSeriousShareOfViolence * background));
      } else if (type == robbery) {
        generator.timed(TimedKind::kRobbery, type, m, random.poisson(expected * background));
      } else if (type == burglary) {
        generator.timed(TimedKind::kBurglary, type, m, random.poisson(expected));
      } else {
        generator.untimed(type, m, random.poisson(expected));
      }
    }
  }
  generator.trigger();
  return generator.take();
}

}  // namespace grip::demo
