// The store's schema: the GeoPackage core tables and Grip's own tables, created by numbered
// migrations applied on open. A store written by an older Grip is brought up to date in one
// transaction; a store from a newer Grip is refused rather than misread.
#pragma once

#include "grip/store/sqlite.hpp"

namespace grip::store {

inline constexpr int kGeoPackageApplicationId = 0x47504B47;  // "GPKG"
inline constexpr int kGeoPackageVersion = 10300;             // GeoPackage 1.3

// The newest schema version this build knows.
[[nodiscard]] int latest_schema_version();

// Throws StoreError, reading only, when the file holds tables but is not a Grip store. True when empty.
bool require_grip_store_or_empty(Connection& connection);

// Returns the schema version found before migrating (0 for a new store).
int migrate(Connection& connection);

}  // namespace grip::store
