// Poisson gradient boosting through XGBoost's C API (xgboost_learner.hpp).
#include "grip/forecast/xgboost_learner.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "grip/core/errors.hpp"

#ifdef GRIP_HAVE_XGBOOST
#include <xgboost/c_api.h>
#endif

namespace grip::forecast {

#ifdef GRIP_HAVE_XGBOOST
namespace {

void check(int status, const char* what) {
  if (status != 0) throw std::runtime_error(fmt::format("XGBoost {} failed: {}", what, XGBGetLastError()));
}

// Frees a DMatrix or Booster handle on every path out.
struct Handles {
  DMatrixHandle train = nullptr, predict = nullptr;
  BoosterHandle booster = nullptr;
  ~Handles() {
    if (booster) XGBoosterFree(booster);
    if (predict) XGDMatrixFree(predict);
    if (train) XGDMatrixFree(train);
  }
};

}  // namespace

bool xgboost_available() noexcept { return true; }

BoostedFit fit_poisson_boosting(std::span<const float> train, std::size_t features,
                                std::span<const float> label, std::span<const float> weight,
                                std::span<const float> predict, bool contributions,
                                const BoostingOptions& options) {
  if (features == 0 || train.size() % features != 0 || predict.size() % features != 0 ||
      label.size() != train.size() / features || weight.size() != label.size() || label.empty()) {
    throw UsageError(
        fmt::format("boosting: {} training values, {} labels, {} weights, {} features do not agree",
                    train.size(), label.size(), weight.size(), features));
  }
  const auto rows = static_cast<bst_ulong>(label.size());
  const auto predict_rows = static_cast<bst_ulong>(predict.size() / features);
  const auto columns = static_cast<bst_ulong>(features);
  Handles h;
  check(
      XGDMatrixCreateFromMat(train.data(), rows, columns, std::numeric_limits<float>::quiet_NaN(), &h.train),
      "training matrix");
  check(XGDMatrixSetFloatInfo(h.train, "label", label.data(), rows), "labels");
  check(XGDMatrixSetFloatInfo(h.train, "weight", weight.data(), rows), "weights");
  check(XGDMatrixCreateFromMat(predict.data(), predict_rows, columns, std::numeric_limits<float>::quiet_NaN(),
                               &h.predict),
        "prediction matrix");
  check(XGBoosterCreate(&h.train, 1, &h.booster), "booster");
  const auto set = [&](const char* name, const std::string& value) {
    check(XGBoosterSetParam(h.booster, name, value.c_str()), name);
  };
  set("objective", "count:poisson");
  set("tree_method", "hist");
  set("max_depth", std::to_string(options.max_depth));
  set("eta", fmt::format("{}", options.eta));
  set("min_child_weight", fmt::format("{}", options.min_child_weight));
  set("max_delta_step", "0.7");
  set("nthread", std::to_string(options.threads));
  set("seed", "0");
  set("verbosity", "0");
  for (int round = 0; round < options.rounds; ++round)
    check(XGBoosterUpdateOneIter(h.booster, round, h.train), "boosting round");
  BoostedFit fit;
  bst_ulong length = 0;
  const float* out = nullptr;
  check(XGBoosterPredict(h.booster, h.predict, 0, 0, 0, &length, &out), "prediction");
  fit.predicted.assign(out, out + length);
  if (contributions) {
    check(XGBoosterPredict(h.booster, h.predict, 4, 0, 0, &length, &out), "contributions");
    fit.contributions.assign(features, std::vector<float>(predict_rows));
    for (bst_ulong r = 0; r < predict_rows; ++r) {
      for (std::size_t f = 0; f < features; ++f) fit.contributions[f][r] = out[r * (columns + 1) + f];
    }
  }
  fit.summary = fmt::format("{} rounds, depth {}, eta {:g}, count:poisson on {} pooled rows", options.rounds,
                            options.max_depth, options.eta, rows);
  return fit;
}

#else

bool xgboost_available() noexcept { return false; }

BoostedFit fit_poisson_boosting(std::span<const float>, std::size_t, std::span<const float>,
                                std::span<const float>, std::span<const float>, bool,
                                const BoostingOptions&) {
  throw UsageError("this Grip was built without XGBoost (install libxgboost-dev and rebuild)");
}

#endif

}  // namespace grip::forecast
