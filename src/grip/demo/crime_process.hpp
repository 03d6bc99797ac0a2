// The crimes of the synthetic county, month by month.
//
// Street rows: about 10,000 a month at crime_scale 1 (scaled by days in the month and a 7% summer
// peak), shared between the 14 types by crime_types(). Each event is placed in a planted hotspot
// with its type's hotspot fraction (hotspot chosen by violence share), otherwise at a snap point
// drawn by town-centre or residential weight; then snapped to the nearest snap point.
//
// Time-stamped events (serious violence, robbery, burglary) carry true local times. Serious
// violence and robbery follow a self-exciting (ETAS / Hawkes) process:
//   lambda(s, t) = mu(s, t) + sum_{t_i < t} theta * omega * exp(-omega (t - t_i)) * N2(s - s_i; sigma)
// where mu follows the hour-of-week profile and the placement above, and each event's offspring
// (number ~ Poisson(theta), lag ~ Exponential(omega), displacement ~ isotropic Gaussian sd sigma)
// keep their parent's offence. Background counts are scaled by (1 - theta) so totals match the
// type shares. Burglary is not self-exciting; most burglaries carry an occurred window of 2-14 h.
#pragma once

#include <cstddef>
#include <vector>

#include "grip/demo/calendar.hpp"
#include "grip/demo/geography.hpp"
#include "grip/demo/hotspots.hpp"
#include "grip/demo/random.hpp"
#include "grip/demo/snap_index.hpp"

namespace grip::demo {

struct TriggeringParameters {
  double theta = 0.3;          // expected offspring per event (branching ratio)
  double omega_per_day = 2.0;  // exponential decay rate of the lag: mean lag 1/omega = 12 hours
  double sigma_m = 50.0;       // sd of each coordinate of the offspring's displacement
};

inline constexpr Minute kNoTime = -1;

struct CrimeEvent {
  std::size_t type = 0;   // index into crime_types()
  std::size_t month = 0;  // index into the study months
  std::size_t snap = 0;   // snap point it is published at
  bool timed = false;     // in the force's time-stamped extract
  // Time-stamped events only.
  std::size_t offence = 0;       // index into offences()
  Minute occurred = 0;           // true local time
  Minute occurred_from = 0;      // as recorded: equal to occurred unless a window was recorded
  Minute occurred_to = kNoTime;  // end of the recorded window, kNoTime for a point in time
  LocalPoint at;                 // true location, before snapping
  int generation = 0;            // 0 = background, k = triggered k steps down
};

struct CrimeProcessSettings {
  double crime_scale = 1.0;
  TriggeringParameters triggering;
};

// Events of the whole study period, background events month by month then their offspring.
[[nodiscard]] std::vector<CrimeEvent> generate_crimes(const Geography& geography,
                                                      const std::vector<Hotspot>& hotspots,
                                                      const SnapIndex& snap_index,
                                                      const std::vector<StudyMonth>& months,
                                                      const CrimeProcessSettings& settings, Random& random);

// Expected street rows in a month at crime_scale 1.
[[nodiscard]] double expected_rows(const StudyMonth& month);

// Draws crime locations: in a hotspot (by violence share) or at a snap point by town-centre or
// residential weight. Shared with stop and search.
class Placer {
 public:
  Placer(const Geography& geography, const std::vector<Hotspot>& hotspots, const SnapIndex& snap_index);
  // A true location; in a hotspot with probability hotspot_fraction.
  [[nodiscard]] LocalPoint place(double hotspot_fraction, double centre_fraction, double jitter_m,
                                 Random& random) const;
  [[nodiscard]] std::size_t snap(LocalPoint at) const { return snap_index_.nearest(at); }

 private:
  const Geography& geography_;
  const std::vector<Hotspot>& hotspots_;
  const SnapIndex& snap_index_;
  WeightedTable hotspot_table_;
  WeightedTable centre_table_;
  WeightedTable residential_table_;
};

}  // namespace grip::demo
