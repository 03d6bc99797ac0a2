// The zones `grip evaluate` uses by default, for code that must agree with it about where a point
// falls (the demo's planted programme): treated = the selected areas of the latest hotspot run,
// comparison = every other area of that run (any of them may be a matched comparison), buffers
// of buffer_m around each, in zones.hpp's order.
#pragma once

#include "grip/evaluation/zones.hpp"
#include "grip/store/store.hpp"

namespace grip::evaluation {

// Throws grip::UsageError when no hotspot run with a selected area is stored.
[[nodiscard]] ZoneClassifier latest_run_zone_classifier(store::Store& store,
                                                        double buffer_m = kDefaultBufferM);

}  // namespace grip::evaluation
