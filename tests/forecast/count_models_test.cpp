// The learned count models' new terms on data built in the test: other crime types as separate
// leading indicators (a public-order burst in a cell precedes violence there), terms the data cannot
// inform dropped by name, the district rate as a place feature, and nb-glm's fitted θ.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "forecast/forecast_fixture.hpp"
#include "grip/forecast/forecast_model.hpp"

namespace {

using namespace grip::forecast;
using grip::test::add_event;
using grip::test::make_data;

// 6 × 6 cells, 9 month windows. In window w, 6 cells (a different set each window) get 3 public-order
// incidents; in window w + 1 the same cells get 2 violent incidents each. One more violent incident
// lands in cell 11·w mod 36. Cells 0-17 are district 0, cells 18-35 district 1.
ForecastData leading_indicator_data(bool districts) {
  auto data = make_data(6, 6, 9, 30.0, false);
  data.types = {"Violence and sexual offences", "Public order"};
  for (std::uint32_t w = 0; w < 9; ++w) {
    for (std::size_t k = 0; k < 6; ++k) {
      const std::size_t cell = (w * 7 + k * 5) % 36;
      for (int i = 0; i < 3; ++i) add_event(data, cell, w, 0.5, false);
      if (w + 1 < 9)
        for (int i = 0; i < 2; ++i) add_event(data, cell, w + 1);
    }
    add_event(data, (11 * w) % 36, w);
  }
  if (districts) {
    for (std::size_t c = 0; c < 36; ++c) data.district_of_cell.push_back(c < 18 ? 0 : 1);
  }
  data.index_events();
  return data;
}

std::map<std::string, std::string> fitted_of(const ModelForecast& forecast) {
  return {forecast.fitted.begin(), forecast.fitted.end()};
}

TEST(CountModels, OtherCrimeTypesAreSeparateLeadingIndicators) {
  const auto data = leading_indicator_data(false);
  const auto forecast = make_model("poisson-glm", {}, WindowKind::kMonth)->forecast(data.history(8));
  auto fitted = fitted_of(forecast);
  ASSERT_EQ(fitted["beta public order"].find("dropped"), std::string::npos) << fitted["beta public order"];
  EXPECT_GT(std::stod(fitted["beta public order"]), 0.5);
  for (const char* absent : {"beta anti-social behaviour", "beta possession of weapons", "beta drugs",
                             "beta other crime types", "beta district rate", "beta LSOA rate"}) {
    EXPECT_EQ(fitted[absent], "dropped (constant on every row)") << absent;
  }
  // The cells with public order in the last window (window 7) are forecast above the rest.
  const std::size_t flagged = (7 * 7) % 36, quiet = (7 * 7 + 1) % 36;
  EXPECT_GT(forecast.expected[flagged], 2.0 * forecast.expected[quiet]);
}

TEST(CountModels, DistrictRateIsAPlaceFeatureWhenAreasAreKnown) {
  const auto data = leading_indicator_data(true);
  const auto fitted = fitted_of(make_model("poisson-glm", {}, WindowKind::kMonth)->forecast(data.history(8)));
  EXPECT_EQ(fitted.at("beta district rate").find("dropped"), std::string::npos)
      << fitted.at("beta district rate");
  EXPECT_TRUE(std::isfinite(std::stod(fitted.at("beta district rate"))));
}

TEST(CountModels, NegativeBinomialGlmReportsItsDispersion) {
  const auto data = leading_indicator_data(false);
  const auto forecast = make_model("nb-glm", {}, WindowKind::kMonth)->forecast(data.history(8));
  const auto fitted = fitted_of(forecast);
  ASSERT_TRUE(fitted.count("theta"));
  EXPECT_GT(std::stod(fitted.at("beta public order")), 0.5);
  for (double lambda : forecast.expected) EXPECT_TRUE(std::isfinite(lambda) && lambda >= 0);
}

}  // namespace
