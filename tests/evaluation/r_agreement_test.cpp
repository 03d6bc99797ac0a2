// The same counts through R (poisson.test, glm quasipoisson, MASS::glm.nb, p.adjust) and through
// Grip's kernels. Skips, saying why, only when Rscript is not installed (scripts/install-deps
// installs r-base-core and r-cran-mass; CI has them).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "grip/evaluation/multiple_testing.hpp"
#include "grip/evaluation/overdispersion.hpp"
#include "grip/evaluation/rate_change.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip::evaluation;

bool have_rscript() { return std::system("command -v Rscript >/dev/null 2>&1") == 0; }

std::vector<double> run_r(const std::string& script) {
  grip::test::ScratchDir dir;
  const auto file = dir.write("check.R", script);
  const std::string command = "Rscript --vanilla " + file.string() + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string text;
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe)) text += buffer;
  const int status = pipe ? ::pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << text;
  std::vector<double> values;
  std::istringstream in(text);
  double v = 0;
  while (in >> v) values.push_back(v);
  return values;
}

TEST(RAgreement, PoissonTestOnTheSameCounts) {
  if (!have_rscript()) GTEST_SKIP() << "Rscript is not installed (scripts/install-deps installs r-base-core)";
  struct Case {
    std::int64_t before, after;
    double t0, t1;
  };
  const std::vector<Case> cases = {
      {207, 110, 1, 1}, {30, 45, 12, 6}, {3, 0, 1, 1}, {1200, 1130, 12, 12}, {17, 5, 6, 4}};
  std::string script = "options(digits = 15)\n";
  for (const auto& c : cases)
    script += "r <- poisson.test(c(" + std::to_string(c.after) + ", " + std::to_string(c.before) + "), c(" +
              std::to_string(c.t1) + ", " + std::to_string(c.t0) +
              "))\ncat(sprintf('%.15g %.15g %.15g\\n', r$conf.int[1], r$conf.int[2], r$p.value))\n";
  const auto values = run_r(script);
  ASSERT_EQ(values.size(), cases.size() * 3);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto r = rate_change(cases[i].before, cases[i].after, cases[i].t0, cases[i].t1);
    EXPECT_NEAR(r.exact.low, values[3 * i], 1e-8 * (1 + values[3 * i])) << i;
    if (std::isfinite(values[3 * i + 1])) {
      EXPECT_NEAR(r.exact.high, values[3 * i + 1], 1e-8 * (1 + values[3 * i + 1])) << i;
    }
    EXPECT_NEAR(r.exact_p, values[3 * i + 2], 1e-9 * (1 + values[3 * i + 2])) << i;
  }
}

TEST(RAgreement, QuasiPoissonAndNegativeBinomialOnTheSameSeries) {
  if (!have_rscript()) GTEST_SKIP() << "Rscript is not installed (scripts/install-deps installs r-base-core)";
  const std::vector<double> before = {31, 22, 40, 18, 35, 27, 44, 25, 30, 38, 20, 33};
  const std::vector<double> after = {21, 30, 14, 26, 19, 12, 28, 17, 23, 15, 25, 18};
  std::string y;
  for (const double v : before) y += std::to_string(static_cast<int>(v)) + ",";
  for (const double v : after) y += std::to_string(static_cast<int>(v)) + ",";
  y.pop_back();
  const auto values = run_r(
      "suppressMessages(library(MASS))\ny <- c(" + y +
      ")\nper <- factor(rep(0:1, each = 12))\ntight <- glm.control(epsilon = 1e-14, maxit = 200)\n"
      "q <- summary(glm(y ~ per, family = quasipoisson, control = tight))\n"
      "cat(sprintf('%.15g %.15g %.15g %.15g\\n', coef(q)[2, 1], coef(q)[2, 2], coef(q)[2, 4], "
      "q$dispersion))\n"
      "n <- glm.nb(y ~ per, control = tight); s <- summary(n)\n"
      "cat(sprintf('%.15g %.15g %.15g %.15g\\n', coef(s)[2, 1], coef(s)[2, 2], coef(s)[2, 4], n$theta))\n"
      "cat(sprintf('%.15g\\n', p.adjust(c(0.012, 0.3, 0.04, 0.001), 'holm')))\n");
  ASSERT_EQ(values.size(), 12u);
  const auto quasi = quasi_poisson(before, after);
  EXPECT_NEAR(std::log(quasi.rate_ratio), values[0], 1e-10);
  EXPECT_NEAR(quasi.log_ratio_se, values[1], 1e-8);
  EXPECT_NEAR(quasi.p, values[2], 1e-8);
  EXPECT_NEAR(quasi.dispersion, values[3], 1e-8);
  const auto nb = negative_binomial(before, after);
  EXPECT_NEAR(std::log(nb.rate_ratio), values[4], 1e-8);
  EXPECT_NEAR(nb.log_ratio_se, values[5], 1e-8);
  EXPECT_NEAR(nb.p, values[6], 1e-8);
  EXPECT_NEAR(nb.theta, values[7], 1e-5 * values[7]);
  const std::vector<double> p = {0.012, 0.3, 0.04, 0.001};
  const auto holm = holm_adjust(p);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(holm[i], values[8 + i], 1e-12);
}

}  // namespace
