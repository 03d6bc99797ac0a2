// Editing the latest run's hotspot selection against a hand-built run (store/selection_edit_tables,
// hotspot/selection_edit): the edit flips hotspots.selected and the run's count and leaves one edit
// row; the selection never becomes empty; unknown ids, double drops and adds, and missing or long
// reasons are refused with nothing changed; a runner-up too near a selected hotspot (the run's own
// minimum distance and gap) is refused; the plan's reader then sees the edited selection.
//
// The run (100 m cells, origin 500000 200000; settings: min_distance_m 600, min_gap_m 150):
//   H01 selected,  cells (0,0) (1,0),   centroid (500100, 200050)
//   H02 selected,  cell  (10,0),        centroid (501050, 200050)
//   H03 runner-up, cell  (2,0),         centroid (500250, 200050): 150 m from H01's centre < 600
//   H04 runner-up, cells (12..19, 0),   centroid (501650, 200050): 600 m from H02's (not < 600),
//       but one empty cell (100 m) from H02's cell (10,0): gap 100 m < 150
//   H05 runner-up, cell  (5,8),         centroid (500550, 200850): 918 m and 943 m from H01's and
//       H02's centres; gaps 3 cols and 7 rows of empty cells (>= 300 m): allowed
#include "grip/hotspot/selection_edit.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/geo/projection.hpp"
#include "grip/store/hotspot_tables.hpp"
#include "grip/store/patrol_tables.hpp"
#include "grip/store/selection_edit_tables.hpp"
#include "support/test_support.hpp"

namespace {

using grip::store::SelectionChange;

constexpr double kX0 = 500000, kY0 = 200000, kCell = 100;

struct Area {
  std::string id;
  bool selected;
  std::vector<std::pair<std::int64_t, std::int64_t>> cells;
  double cx, cy;
};

const std::vector<Area>& areas() {
  static const std::vector<Area> all = {
      {"H01", true, {{0, 0}, {1, 0}}, 500100, 200050},
      {"H02", true, {{10, 0}}, 501050, 200050},
      {"H03", false, {{2, 0}}, 500250, 200050},
      {"H04",
       false,
       {{12, 0}, {13, 0}, {14, 0}, {15, 0}, {16, 0}, {17, 0}, {18, 0}, {19, 0}},
       501650,
       200050},
      {"H05", false, {{5, 8}}, 500550, 200850},
  };
  return all;
}

std::vector<std::uint8_t> square_wkb(std::int64_t col, std::int64_t row, bool multi) {
  std::vector<std::uint8_t> wkb;
  const auto put = [&](const void* bytes, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(bytes);
    for (std::size_t i = 0; i < n; ++i) wkb.push_back(b[i]);
  };
  const std::uint8_t little = 1;
  const std::uint32_t multipolygon = 6, one = 1, polygon = 3, points = 5;
  if (multi) put(&little, 1), put(&multipolygon, 4), put(&one, 4);
  put(&little, 1), put(&polygon, 4), put(&one, 4), put(&points, 4);
  const double x0 = kX0 + static_cast<double>(col) * kCell, y0 = kY0 + static_cast<double>(row) * kCell;
  const double xy[] = {x0, y0, x0 + kCell, y0, x0 + kCell, y0 + kCell, x0, y0 + kCell, x0, y0};
  put(xy, sizeof xy);
  return wkb;
}

class SelectionEdit : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_ / "selection.gpkg";
    store_ = std::make_unique<grip::store::Store>(grip::test::store_locator(db_));
    const grip::geo::Projector projector("EPSG:27700");
    {
      grip::store::WriteTransaction write(*store_);
      store_->set_crs(27700, projector.target_name(), projector.target_wkt(), "test");
      write.commit();
    }
    grip::store::WriteTransaction write(*store_);
    grip::store::HotspotLayerWriter writer(*store_);
    grip::store::HotspotRunRow run;
    run.created = "2024-01-01T00:00:00Z";
    run.first_month = run.last_month = "2023-12";
    run.cell_size_m = kCell;
    run.settings_json = R"({"min_distance_m": 600, "min_gap_m": 150, "cell_size_m": 100})";
    nlohmann::json result = {{"hotspots", nlohmann::json::array()}};
    for (const auto& a : areas()) result["hotspots"].push_back({{"id", a.id}, {"centroid", {a.cx, a.cy}}});
    run.result_json = result.dump();
    run.selected = 2;
    writer.add_run(run);
    std::int64_t cell_number = 0;
    for (const auto& a : areas()) {
      for (const auto& [col, row] : a.cells) {
        const auto wkb = square_wkb(col, row, false);
        grip::store::HotspotCellRow cell;
        cell.wkb = wkb;
        const double x = kX0 + static_cast<double>(col) * kCell, y = kY0 + static_cast<double>(row) * kCell;
        cell.envelope = {x, x + kCell, y, y + kCell};
        cell.cell = cell_number++;
        cell.col = col;
        cell.row = row;
        cell.incidents = 3;
        cell.gi_bin = 3;
        cell.trend = "none";
        cell.hotspot_id = a.id;
        writer.add_cell(cell);
      }
    }
    std::int64_t rank = 0;
    for (const auto& a : areas()) {
      const auto wkb = square_wkb(a.cells.front().first, a.cells.front().second, true);
      grip::store::HotspotAreaRow area;
      area.wkb = wkb;
      area.envelope = {a.cx - 50, a.cx + 50, a.cy - 50, a.cy + 50};
      area.hotspot_id = area.name = a.id;
      area.district = area.street_label = area.review = area.review_reason = area.explanation = "";
      area.counts_by_type_json = area.trend_cells_json = "{}";
      area.rank = ++rank;
      area.selected = a.selected ? 1 : 0;
      writer.add_area(area);
    }
    writer.finish({kX0, kX0 + 2000, kY0, kY0 + 1000});
    write.commit();
  }

  std::int64_t count(const std::string& sql) { return grip::test::query_int(db_, sql); }
  grip::store::SelectionEditRow edit(const std::string& id, SelectionChange change,
                                     const std::string& reason) {
    grip::store::SelectionEditRow row;
    row.hotspot_id = id;
    row.change = change;
    row.reason = reason;
    row.user_name = "analyst1";
    row.at = "2024-02-01T09:30:00Z";
    return row;
  }
  // Applies inside its own write transaction, as the callers do.
  void apply(grip::store::SelectionEditRow row) {
    grip::store::WriteTransaction write(*store_);
    grip::store::apply_selection_edit(*store_, row);
    write.commit();
  }
  std::vector<std::string> plan_hotspots() {
    grip::store::ReadTransaction read(*store_);
    std::vector<std::string> ids;
    for (const auto& h : grip::store::read_plan_hotspots(*store_).hotspots) ids.push_back(h.id);
    return ids;
  }

  grip::test::ScratchDir dir_;
  std::filesystem::path db_;
  std::unique_ptr<grip::store::Store> store_;
};

TEST_F(SelectionEdit, DropFlipsTheFlagAndTheCountAndKeepsTheEditRow) {
  apply(edit("H01", SelectionChange::kDrop,
             "CCTV installed and a PCSO posted; patrol time better spent elsewhere"));
  EXPECT_EQ(count("SELECT selected FROM hotspots WHERE hotspot_id = 'H01'"), 0);
  EXPECT_EQ(count("SELECT selected FROM hotspot_runs"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits"), 1);
  EXPECT_EQ(
      grip::test::query_text(
          db_,
          "SELECT hotspot_id || '|' || kind || '|' || user_name || '|' || at || '|' || reason "
          "FROM hotspot_selection_edits"),
      "H01|drop|analyst1|2024-02-01T09:30:00Z|CCTV installed and a PCSO posted; patrol time better spent "
      "elsewhere");
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits WHERE run_id = (SELECT max(run_id) FROM "
                  "hotspot_runs)"),
            1);
  // The plan's reader (and so the plan, the map and the return) sees the edited selection.
  EXPECT_EQ(plan_hotspots(), std::vector<std::string>{"H02"});
  grip::store::ReadTransaction read(*store_);
  const auto edits =
      grip::store::list_selection_edits(*store_, grip::store::read_latest_selection(*store_).run_id);
  ASSERT_EQ(edits.size(), 1U);
  EXPECT_EQ(edits[0].change, SelectionChange::kDrop);
}

TEST_F(SelectionEdit, TheSelectionNeverBecomesEmpty) {
  apply(edit("H01", SelectionChange::kDrop, "reason one"));
  try {
    apply(edit("H02", SelectionChange::kDrop, "reason two"));
    FAIL() << "the last selected hotspot was dropped";
  } catch (const grip::UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("may not be empty"), std::string::npos) << error.what();
  }
  EXPECT_EQ(count("SELECT selected FROM hotspots WHERE hotspot_id = 'H02'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits"), 1);
}

TEST_F(SelectionEdit, UnknownIdsWrongStatesAndBadReasonsChangeNothing) {
  const std::vector<std::pair<grip::store::SelectionEditRow, std::string>> refused = {
      {edit("H99", SelectionChange::kDrop, "x"), "no hotspot 'H99'"},
      {edit("H99", SelectionChange::kAdd, "x"), "no hotspot 'H99'"},
      {edit("H03", SelectionChange::kDrop, "x"), "not selected"},
      {edit("H02", SelectionChange::kAdd, "x"), "selected already"},
      {edit("H01", SelectionChange::kDrop, ""), "reason is required"},
      {edit("H01", SelectionChange::kDrop, std::string(501, 'r')), "at most 500"},
  };
  for (const auto& [row, named] : refused) {
    try {
      apply(row);
      ADD_FAILURE() << row.hotspot_id << " " << to_string(row.change) << " was accepted";
    } catch (const grip::UsageError& error) {
      EXPECT_NE(std::string(error.what()).find(named), std::string::npos) << error.what();
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM hotspots WHERE selected = 1"), 2);
  EXPECT_EQ(count("SELECT selected FROM hotspot_runs"), 2);
  // 500 bytes is allowed.
  apply(edit("H01", SelectionChange::kDrop, std::string(500, 'r')));
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits"), 1);
}

TEST_F(SelectionEdit, ARunnerUpObeysTheRunsSpacingRules) {
  const auto refusal = [&](const std::string& id) {
    grip::store::ReadTransaction read(*store_);
    return grip::hotspot::promotion_refusal(grip::store::read_latest_selection(*store_), id);
  };
  EXPECT_NE(refusal("H03").find("150 m from selected H01"), std::string::npos) << refusal("H03");
  EXPECT_NE(refusal("H04").find("comes within 100 m of selected H02"), std::string::npos) << refusal("H04");
  EXPECT_EQ(refusal("H05"), "");

  const grip::hotspot::SelectionEditRequest too_near{"H04", SelectionChange::kAdd, "busy night-time economy",
                                                     "analyst1"};
  EXPECT_THROW((void)grip::hotspot::edit_selection(*store_, too_near), grip::UsageError);
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits"), 0);

  int audited = 0;
  const grip::hotspot::SelectionEditRequest fine{"H05", SelectionChange::kAdd, "new licensed premises",
                                                 "analyst1"};
  const auto result = grip::hotspot::edit_selection(*store_, fine, [&](const auto&) { ++audited; });
  EXPECT_EQ(result.selected_after, 3U);
  EXPECT_EQ(audited, 1);
  EXPECT_EQ(count("SELECT count(*) FROM hotspot_selection_edits WHERE kind = 'add' AND hotspot_id = 'H05'"),
            1);
  EXPECT_EQ(plan_hotspots(), (std::vector<std::string>{"H01", "H02", "H05"}));
  // Once H01 is dropped, H03 (too near only to H01) may come in.
  (void)grip::hotspot::edit_selection(*store_, {"H01", SelectionChange::kDrop, "moved on", "analyst1"});
  EXPECT_EQ(refusal("H03"), "");
}

}  // namespace
