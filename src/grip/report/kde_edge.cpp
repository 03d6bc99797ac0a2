#include "grip/report/kde_edge.hpp"

#include <fmt/format.h>

namespace grip::report {

KdeEdgeText describe_kde_edge(double edge_loss, double bandwidth_m, double cell_size_m) {
  KdeEdgeText text;
  text.summary = edge_loss < 0 ? fmt::format("gained {:.1f} at its edge", -edge_loss)
                               : fmt::format("lost {:.1f} at its edge", edge_loss);
  if (bandwidth_m < 2 * cell_size_m) {
    text.warning = fmt::format(
        "the KDE bandwidth {:g} m is below 2 cells of {:g} m: the density sampled at cell centres "
        "is a poor estimate{}; give --bandwidth {:g} or more, or a smaller --cell-size",
        bandwidth_m, cell_size_m, edge_loss < 0 ? " (the grid holds more weight than the input)" : "",
        2 * cell_size_m);
  }
  return text;
}

}  // namespace grip::report
