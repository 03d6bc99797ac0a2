// A stored design reads back with its hash; an edit of one assignment row is refused.
#include "grip/patrol/design_store.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/store/store.hpp"
#include "support/test_support.hpp"

namespace {
using namespace grip::patrol;

TEST(DesignStore, ReadsBackAndRefusesAnEditedAssignment) {
  grip::test::ScratchDir scratch;
  const auto path = scratch / "design.gpkg";
  DesignInput in;
  in.hotspot_ids = {"H1", "H2", "H3"};
  in.first_day = "2024-05-01";
  in.days = 10;
  in.seed = 77;
  const auto design = make_design(DesignKind::kCrossover, in);
  std::int64_t id = 0;
  {
    grip::store::Store store(grip::test::store_locator(path));
    grip::store::WriteTransaction transaction(store);
    id = store_design(store, design, 1);
    transaction.commit();
  }
  {
    grip::store::Store store(grip::test::store_locator(path));
    const auto loaded = load_design(store, id);
    EXPECT_EQ(loaded.hash, design.hash);
    EXPECT_EQ(loaded.treated, design.treated);
  }
  // An independent client flips one control day to treated (or back).
  const auto flipped =
      grip::test::query_int(path, "SELECT fid FROM patrol_assignments WHERE hotspot_id = 'H2' AND day = 4");
  ASSERT_GT(flipped, 0);
  grip::test::exec_sql(
      path, "UPDATE patrol_assignments SET treated = 1 - treated WHERE fid = " + std::to_string(flipped));
  grip::store::Store store(grip::test::store_locator(path));
  EXPECT_THROW((void)load_design(store, id), grip::StoreError);
}

}  // namespace
