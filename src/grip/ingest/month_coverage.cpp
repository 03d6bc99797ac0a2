#include "grip/ingest/month_coverage.hpp"

#include <regex>

namespace grip::ingest {

std::optional<std::string> month_in_file_name(std::string_view file_name) {
  static const std::regex pattern(R"(^(\d{4}-(0[1-9]|1[0-2]))-.+-(street|stop-and-search)\.csv$)",
                                  std::regex::icase);
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(file_name.begin(), file_name.end(), match, pattern)) return std::nullopt;
  return match[1].str();
}

bool file_covers(std::int64_t group_rows, std::int64_t file_rows, bool named_month) {
  if (group_rows <= 0) return false;
  return named_month || static_cast<double>(group_rows) >= kCoveringShare * static_cast<double>(file_rows);
}

bool removes_far_more(std::int64_t removed, std::int64_t added) {
  return removed > kLargeRemovalFactor * added || removed - added > kLargeNetRemoval;
}

std::map<MonthGroup, std::int64_t> month_groups(const ParsedFile& parsed) {
  // Counted in runs: a file's rows come a month and a force at a time, and a map lookup with two
  // new strings for each of its rows cost about a second on the national year.
  std::map<MonthGroup, std::int64_t> groups;
  std::string_view month, force;
  std::int64_t run = 0;
  const auto end_run = [&] {
    if (run > 0) groups[MonthGroup{std::string(month), std::string(force)}] += run;
    run = 0;
  };
  const auto add = [&](const auto& record) {
    if (run > 0 && record.month == month && record.force == force) {
      ++run;
      return;
    }
    end_run();
    month = record.month;
    force = record.force;
    run = 1;
  };
  for (const auto& record : parsed.incidents) add(record);
  end_run();
  for (const auto& record : parsed.stop_searches) add(record);
  end_run();
  return groups;
}

std::vector<GroupPlan> plan_month_groups(const ParsedFile& parsed, std::string_view file_name,
                                         const std::map<MonthGroup, std::int64_t>& stored) {
  const auto named = month_in_file_name(file_name);
  const auto file_rows = static_cast<std::int64_t>(parsed.incidents.size() + parsed.stop_searches.size());
  std::vector<GroupPlan> plan;
  for (const auto& [group, rows] : month_groups(parsed)) {
    const auto found = stored.find(group);
    GroupPlan step{group, rows, found == stored.end() ? 0 : found->second, false};
    step.covered = file_covers(rows, file_rows, named && *named == group.month);
    plan.push_back(std::move(step));
  }
  return plan;
}

}  // namespace grip::ingest
