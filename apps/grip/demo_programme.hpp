// Step 8 of `grip demo`: a SYNTHETIC programme year after the plan start with a planted 20 % fall of
// serious violence and robbery in the selected hotspots (optionally displaced into their 250 m
// buffer), ingested as data.police.uk street files and evaluated by `grip evaluate`'s own code over
// explicit periods; the verdict is printed beside the planted truth.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "grip/demo/programme.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/store/store.hpp"

namespace grip::cli {

struct DemoProgramme {
  demo::ProgrammeOptions options;
  demo::ProgrammeTruth truth;
  std::filesystem::path folder;
  evaluation::EvaluationResult result;
};

[[nodiscard]] DemoProgramme run_demo_programme(store::Store& store, const demo::CountyOptions& county,
                                               double displaced_share, const std::filesystem::path& out);
[[nodiscard]] nlohmann::json demo_programme_json(const DemoProgramme& programme);
[[nodiscard]] std::string demo_programme_text(const DemoProgramme& programme);

}  // namespace grip::cli
