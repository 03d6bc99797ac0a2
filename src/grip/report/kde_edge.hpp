// How the KDE's edge effect is told to the user. The kernel mass that falls outside the grid is
// "lost at its edge". With a bandwidth under about two cells, evaluating the density at cell
// centres over- or under-samples the kernel, and the grid can hold more than the input weight: a
// negative loss. That is said as "gained", with a warning that the density is then a poor
// estimate, instead of printing a negative loss.
#pragma once

#include <optional>
#include <string>

namespace grip::report {

struct KdeEdgeText {
  std::string summary;                 // "lost 12.5 at its edge" or "gained 1538.4 at its edge"
  std::optional<std::string> warning;  // set when the bandwidth is under two cells
};

[[nodiscard]] KdeEdgeText describe_kde_edge(double edge_loss, double bandwidth_m, double cell_size_m);

}  // namespace grip::report
