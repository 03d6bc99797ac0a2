// Dose-response against its closed form at two dosage levels, Kaplan-Meier and the visit follow-up
// against hand-worked examples.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/evaluation/dose_adjusted.hpp"
#include "grip/evaluation/dose_response.hpp"
#include "grip/evaluation/koper_curve.hpp"

using namespace grip::evaluation;

// With two dosage levels the Poisson fit matches each level's rate exactly, so
// exp(60 β) = (Σy₁/Σe₁)/(Σy₀/Σe₀) and Var(60 β) = φ (1/Σy₁ + 1/Σy₀), φ = Pearson χ² / (n − 2).
TEST(DoseResponse, TwoDosageLevelsGiveTheClosedFormRateRatio) {
  const std::vector<double> counts{5, 12, 19, 3, 7, 11};
  const std::vector<double> minutes{0, 0, 0, 60, 60, 60};
  const std::vector<double> exposures{1, 1, 1, 1, 1, 1};
  const auto fit = dose_response(counts, minutes, exposures);
  // Level 0: mean 12, Pearson (49 + 0 + 49)/12; level 60: mean 7, (16 + 0 + 16)/7; df 4.
  const double phi = (98.0 / 12.0 + 32.0 / 7.0) / 4.0;
  EXPECT_NEAR(fit.dispersion, phi, 1e-9);
  EXPECT_NEAR(fit.rate_ratio, 7.0 / 12.0, 1e-9);
  const double se60 = std::sqrt(phi * (1.0 / 21.0 + 1.0 / 36.0));
  const double t975_4 = 2.7764451051977987;  // qt(0.975, 4)
  EXPECT_NEAR(fit.beta_se * 60.0, se60, 1e-9);
  EXPECT_NEAR(fit.interval.low, 7.0 / 12.0 * std::exp(-t975_4 * se60), 1e-9);
  EXPECT_NEAR(fit.interval.high, 7.0 / 12.0 * std::exp(t975_4 * se60), 1e-9);
  EXPECT_NEAR(fit.alpha, std::log(12.0), 1e-9);
  EXPECT_TRUE(fit.observational);
}

TEST(DoseResponse, ExposureOffsetsScaleTheRates) {
  // Level 0: 30 events over exposure 10 (rate 3); level 60: 12 over 8 (rate 1.5): ratio 0.5.
  const std::vector<double> counts{10, 20, 5, 7};
  const std::vector<double> minutes{0, 0, 60, 60};
  const std::vector<double> exposures{4, 6, 3, 5};
  const auto fit = dose_response(counts, minutes, exposures);
  EXPECT_NEAR(fit.rate_ratio, 0.5, 1e-9);
}

TEST(DoseResponse, RefusesInputsWithoutASlope) {
  const std::vector<double> counts{1, 2, 3}, same{5, 5, 5}, ones{1, 1, 1}, two{1, 2};
  EXPECT_THROW((void)dose_response(counts, same, ones), grip::UsageError);
  EXPECT_THROW((void)dose_response(two, two, two), grip::UsageError);
  const std::vector<double> negative{1, -1, 3}, minutes{0, 10, 20};
  EXPECT_THROW((void)dose_response(negative, minutes, ones), grip::UsageError);
}

// Hand-worked: times 2, 3+, 5, 5, 5+, 8, 10+ (+ censored).
// t=2: 7 at risk, 1 event, S = 6/7; t=5: 5 at risk (the censored 5 still at risk), 2 events,
// S = 6/7 · 3/5 = 18/35; t=8: 2 at risk, 1 event, S = 9/35. Greenwood at 5: S sqrt(1/42 + 2/15).
TEST(KaplanMeier, MatchesTheHandWorkedExample) {
  const std::vector<SurvivalObservation> obs{{5, true},  {2, true}, {10, false}, {3, false},
                                             {5, false}, {8, true}, {5, true}};
  const auto km = kaplan_meier(obs);
  ASSERT_EQ(km.steps.size(), 3u);
  EXPECT_EQ(km.events, 4);
  EXPECT_EQ(km.steps[1].at_risk, 5);
  EXPECT_EQ(km.steps[1].events, 2);
  EXPECT_EQ(km.steps[2].at_risk, 2);
  EXPECT_NEAR(km.survival_at(1.9), 1.0, 1e-12);
  EXPECT_NEAR(km.survival_at(2.0), 6.0 / 7.0, 1e-12);
  EXPECT_NEAR(km.survival_at(4.0), 6.0 / 7.0, 1e-12);
  EXPECT_NEAR(km.survival_at(5.0), 18.0 / 35.0, 1e-12);
  EXPECT_NEAR(km.survival_at(9.0), 9.0 / 35.0, 1e-12);
  EXPECT_NEAR(km.survival_at(100.0), 9.0 / 35.0, 1e-12);
  EXPECT_NEAR(km.se_at(5.0), 18.0 / 35.0 * std::sqrt(1.0 / 42.0 + 2.0 / 15.0), 1e-12);
  EXPECT_NEAR(km.se_at(2.0), 6.0 / 7.0 * std::sqrt(1.0 / 42.0), 1e-12);
  const std::vector<SurvivalObservation> bad{{-1, true}};
  EXPECT_THROW((void)kaplan_meier(bad), grip::UsageError);
}

// Visits 0-15, 100-110, 200-205; incidents at 10 (during the first visit), 40, 120, 150; seen to 300.
TEST(KoperCurve, FollowUpRunsFromTheVisitEndToTheNextIncidentOrTheNextVisit) {
  const std::vector<VisitSpan> visits{{0, 15}, {100, 110}, {200, 205}};
  const std::vector<double> incidents{150, 10, 40, 120};
  const auto follow = follow_up_after_visits(visits, incidents, 300);
  ASSERT_EQ(follow.size(), 3u);
  EXPECT_DOUBLE_EQ(follow[0].time, 25.0);
  EXPECT_TRUE(follow[0].event);
  EXPECT_DOUBLE_EQ(follow[1].time, 10.0);
  EXPECT_TRUE(follow[1].event);
  EXPECT_DOUBLE_EQ(follow[2].time, 95.0);
  EXPECT_FALSE(follow[2].event);
  // An incident after the next visit has started belongs to that visit: censored at 100 − 15 = 85.
  const std::vector<double> late{130};
  const auto censored = follow_up_after_visits(visits, late, 300);
  EXPECT_DOUBLE_EQ(censored[0].time, 85.0);
  EXPECT_FALSE(censored[0].event);
  EXPECT_TRUE(censored[1].event);
}

TEST(KoperCurve, BandsByVisitLengthAndReadsTheThirtyMinuteRisk) {
  // Drive-throughs: incidents at 10 and 20 minutes, one censored at 60: 1 − S(30) = 1 − (2/3)(1/2).
  // Koper band: incidents at 45 and 50, one censored at 20: nothing within 30 minutes.
  const std::vector<VisitOutcome> visits{{2, {10, true}},  {3, {20, true}},    {4.9, {60, false}},
                                         {12, {45, true}}, {15.9, {50, true}}, {10, {20, false}}};
  const auto bands = koper_curve(visits);
  ASSERT_EQ(bands.size(), 4u);
  EXPECT_EQ(bands[0].curve.observations, 3);
  EXPECT_NEAR(bands[0].incident_within_horizon, 1.0 - 2.0 / 3.0 * 0.5, 1e-12);
  EXPECT_EQ(bands[1].curve.observations, 0);
  EXPECT_EQ(bands[2].curve.observations, 3);
  EXPECT_NEAR(bands[2].incident_within_horizon, 0.0, 1e-12);
  EXPECT_EQ(bands[3].curve.observations, 0);
}

// Hand-worked Wald scaling: ITT rate ratio 0.8 (0.64 to 1.0) with treated place-days patrolled 15
// minutes each and control ones 3: per 60 minutes, exp(ln 0.8 · 60/12) = 0.8^5 = 0.32768, and the
// interval 0.64^5 = 0.1073741824 to 1.0.
TEST(DoseAdjusted, ScalesTheIttLogRatioByTheDoseDifference) {
  const auto e = grip::evaluation::dose_adjusted_effect(0.8, {0.64, 1.0}, 15.0, 3.0);
  ASSERT_TRUE(e.valid) << e.note;
  EXPECT_NEAR(e.rate_ratio, 0.32768, 1e-12);
  EXPECT_NEAR(e.interval.low, 0.1073741824, 1e-12);
  EXPECT_NEAR(e.interval.high, 1.0, 1e-12);
  // Per 30 minutes: 0.8^2.5.
  EXPECT_NEAR(grip::evaluation::dose_adjusted_effect(0.8, {0.64, 1.0}, 15.0, 3.0, 30.0).rate_ratio,
              std::pow(0.8, 2.5), 1e-12);
}

TEST(DoseAdjusted, RefusesWhenTheArmsGotTheSamePatrolOrAnArmHasNoIncidents) {
  const auto same = grip::evaluation::dose_adjusted_effect(0.8, {0.64, 1.0}, 10.0, 9.5);
  EXPECT_FALSE(same.valid);
  EXPECT_NE(same.note.find("not patrolled differently enough"), std::string::npos) << same.note;
  const auto reversed = grip::evaluation::dose_adjusted_effect(0.8, {0.64, 1.0}, 3.0, 15.0);
  EXPECT_FALSE(reversed.valid);
  const auto none = grip::evaluation::dose_adjusted_effect(0.0, {0.0, 0.5}, 15.0, 3.0);
  EXPECT_FALSE(none.valid);
}
