// Which (month, force) groups of a data.police.uk file replace the rows older copies left. A file
// replaces only the groups it really covers, so one stray row dated another month cannot wipe
// that month (docs/ingest.md, "Replacement rules"):
//   covers(group)  ⇔  group rows ≥ 50 % of the rows the file stores, or the group's month is the
//                     month in the file's data.police.uk name (YYYY-MM-force-street.csv);
//   too large      ⇔  removed > 2 × added, or removed − added > 1,000 (refused without --replace).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grip/ingest/records.hpp"
#include "grip/store/batch_tables.hpp"

namespace grip::ingest {

using store::MonthGroup;

inline constexpr double kCoveringShare = 0.5;
inline constexpr std::int64_t kLargeNetRemoval = 1000;
inline constexpr std::int64_t kLargeRemovalFactor = 2;

// "2018-03" from "2018-03-essex-street.csv" or "2018-03-essex-stop-and-search.csv", else nothing.
[[nodiscard]] std::optional<std::string> month_in_file_name(std::string_view file_name);

[[nodiscard]] bool file_covers(std::int64_t group_rows, std::int64_t file_rows, bool named_month);
// A replacement that removes far more rows than it adds looks like a cut-off or partial file.
[[nodiscard]] bool removes_far_more(std::int64_t removed, std::int64_t added);

struct GroupPlan {
  MonthGroup group;
  std::int64_t incoming = 0;  // rows of the group in this file
  std::int64_t stored = 0;    // rows of the group the store holds now
  bool covered = false;       // this file replaces the stored rows of the group
};

// The file's groups in order, with their counts and whether the file covers each.
[[nodiscard]] std::vector<GroupPlan> plan_month_groups(const ParsedFile& parsed, std::string_view file_name,
                                                       const std::map<MonthGroup, std::int64_t>& stored);
// The groups of a parsed file (no store needed).
[[nodiscard]] std::map<MonthGroup, std::int64_t> month_groups(const ParsedFile& parsed);

}  // namespace grip::ingest
