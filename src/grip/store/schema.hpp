// The store's schema: Grip's tables, created by numbered migrations applied on open, the same on
// both engines (definitions in GeoPackage terms, translated by Database::ddl()). A store written by
// an older Grip is brought up to date in one transaction; one from a newer Grip is refused.
#pragma once

#include "grip/store/database.hpp"

namespace grip::store {

// The newest schema version this build knows.
[[nodiscard]] int latest_schema_version();

// Returns the schema version found before migrating (0 for a new store).
int migrate(Database& database);
// The migrations alone, inside a write transaction the caller holds (`grip store copy` creates
// and fills a store in one transaction). Returns the version found before.
int apply_migrations(Database& database);

}  // namespace grip::store
