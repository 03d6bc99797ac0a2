// The plain event a forecast kernel takes: a location in projected metres and a time in days
// (any origin; only differences matter). Kernels validate that every field is finite.
#pragma once

#include <span>

namespace grip::forecast {

struct Event {
  double x = 0.0;  // metres, projected
  double y = 0.0;  // metres, projected
  double t = 0.0;  // days
};

// Throws grip::UsageError naming `what`, the index and the value of the first event with a
// coordinate or time that is not finite.
void check_events(std::span<const Event> events, const char* what);

}  // namespace grip::forecast
