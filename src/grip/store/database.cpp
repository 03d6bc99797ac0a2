#include "grip/store/database.hpp"

namespace grip::store {

const char* to_string(Engine engine) noexcept {
  switch (engine) {
    case Engine::kGeoPackage:
      return "GeoPackage";
    case Engine::kPostgis:
      return "PostgreSQL/PostGIS";
  }
  return "unknown";
}

bool is_postgres_locator(std::string_view locator) noexcept {
  return locator.starts_with("postgresql://") || locator.starts_with("postgres://") ||
         locator.starts_with("service=") || locator.starts_with("PG:");
}

std::unique_ptr<Database> open_database(const std::string& locator) {
  return is_postgres_locator(locator) ? open_postgis(locator) : open_geopackage(locator);
}

std::int64_t Database::last_fid(const std::string& table) {
  auto query = prepare("SELECT COALESCE(MAX(fid), 0) FROM " + table);
  query->step();
  return query->column_int(0);
}

}  // namespace grip::store
