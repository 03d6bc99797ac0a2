// Issued monthly returns (issue 12): each return is a snapshot of its figures (JSON text) with
// figures_hash over that text, previous_hash (the chain_hash of the return issued before it, ""
// for the first) and chain_hash over both, so an issued figure cannot be rewritten silently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct MonthlyReturnRow {
  std::int64_t return_id = 0;
  std::string month, issued_at, figures, figures_hash, previous_hash, chain_hash;
};

// Inside the caller's WriteTransaction; returns the new id.
std::int64_t write_monthly_return(Store& store, const MonthlyReturnRow& row);
// Every issued return in issue order (return_id).
[[nodiscard]] std::vector<MonthlyReturnRow> list_monthly_returns(Store& store);

}  // namespace grip::store
