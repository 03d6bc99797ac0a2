#include "grip/forecast/events.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::forecast {

void check_events(std::span<const Event> events, const char* what) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (!std::isfinite(e.x) || !std::isfinite(e.y) || !std::isfinite(e.t)) {
      throw UsageError(std::string(what) + ": event " + fmt::format("{}", i) +
                       " has a coordinate or time that is not finite (x=" + fmt::format("{}", e.x) +
                       ", y=" + fmt::format("{}", e.y) + ", t=" + fmt::format("{}", e.t) + ")");
    }
  }
}

}  // namespace grip::forecast
