// Options `grip profile` and `grip plan` share: which incidents make the hour-of-week profile, or
// which supplied / learned profile replaces it, and the smoothing and shrinkage.
#pragma once

#include <CLI/CLI.hpp>

#include "grip/patrol/plan_run.hpp"
#include "option_checks.hpp"

namespace grip::cli {

inline void add_profile_options(CLI::App& command, patrol::ProfileOptions& options,
                                std::string& profile_file) {
  command.add_option("--dataset", options.dataset, "Incidents of this dataset only (default: every dataset)");
  command.add_option(
      "--profile", profile_file,
      "Force-wide profile to use instead of the data's (month-only data such as data.police.uk "
      "needs one): 168 values Monday 00:00 first, as a JSON array or a CSV (one value a line, or "
      "the force_share column of grip profile --csv)");
  command.add_option("--profile-dataset", options.profile_dataset,
                     "Learn the force-wide profile from this time-stamped dataset in the store instead");
  command
      .add_option("--shrinkage", options.shrinkage_k,
                  "k of the shrinkage toward the force profile: a hotspot with n incidents keeps n/(n+k) of "
                  "its own shape")
      ->capture_default_str()
      ->check(number_in(0.0, 1e6));
  command
      .add_option("--smoothing", options.smoothing_half_width,
                  "Half-width in hours of the circular triangular smoothing (0 = none)")
      ->capture_default_str()
      ->check(whole_number(0, 12));
}

inline void resolve_profile_file(patrol::ProfileOptions& options, const std::string& profile_file) {
  if (!profile_file.empty()) options.profile_file = profile_file;
}

}  // namespace grip::cli
