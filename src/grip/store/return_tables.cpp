#include "grip/store/return_tables.hpp"

namespace grip::store {

std::int64_t write_monthly_return(Store& store, const MonthlyReturnRow& row) {
  auto insert = store.database().prepare(
      "INSERT INTO monthly_returns (month, issued_at, figures, figures_hash, previous_hash, chain_hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING return_id");
  insert->bind(1, std::string_view(row.month)).bind(2, std::string_view(row.issued_at));
  insert->bind(3, std::string_view(row.figures)).bind(4, std::string_view(row.figures_hash));
  insert->bind(5, std::string_view(row.previous_hash)).bind(6, std::string_view(row.chain_hash));
  insert->step();
  const std::int64_t id = insert->column_int(0);
  while (insert->step()) {
  }
  return id;
}

std::vector<MonthlyReturnRow> list_monthly_returns(Store& store) {
  auto query = store.database().prepare(
      "SELECT return_id, month, issued_at, figures, figures_hash, previous_hash, chain_hash "
      "FROM monthly_returns ORDER BY return_id");
  std::vector<MonthlyReturnRow> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_text(1), query->column_text(2), query->column_text(3),
                    query->column_text(4), query->column_text(5), query->column_text(6)});
  }
  return rows;
}

}  // namespace grip::store
