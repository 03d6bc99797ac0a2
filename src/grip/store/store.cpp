#include "grip/store/store.hpp"

#include "grip/core/errors.hpp"
#include "grip/store/schema.hpp"

namespace grip::store {
namespace {
struct FeatureLayer {
  const char* table;
  const char* geometry_type;
  const char* description;
};
constexpr FeatureLayer kFeatureLayers[] = {
    {"incidents", "POINT", "Crime and incident records (Grip)"},
    {"stop_searches", "POINT", "Stop and search records, without personal descriptors (Grip)"},
    {"areas", "MULTIPOLYGON", "Boundaries: districts, LSOAs, precincts (Grip)"},
};
}  // namespace

Store::Store(const std::string& locator) : database_(open_database(locator)) {
  migrate(*database_);
  if (const auto known = crs()) database_->use_srid(known->epsg);
}

std::optional<StoreCrs> Store::crs() {
  // Read each time, not cached: a refused file's savepoint rollback can take a new CRS away again.
  const auto epsg = setting("crs_epsg");
  if (!epsg) return std::nullopt;
  return StoreCrs{std::stoi(*epsg), "EPSG:" + *epsg, setting("crs_name").value_or("")};
}

void Store::set_crs(int epsg, const std::string& name, const std::string& wkt, const std::string& reason) {
  if (crs()) throw StoreError("the store's CRS is already set; it cannot change");
  database_->register_crs(epsg, name, wkt, reason);
  database_->use_srid(epsg);
  put_setting("crs_epsg", std::to_string(epsg));
  put_setting("crs_name", name);
  put_setting("crs_reason", reason);
  for (const auto& layer : kFeatureLayers)
    register_feature_layer(layer.table, layer.geometry_type, layer.description);
}

void Store::register_feature_layer(const std::string& table, const std::string& geometry_type,
                                   const std::string& description) {
  const auto store_crs = crs();
  if (!store_crs)
    throw StoreError("cannot register layer " + table + " before the store has a CRS (ingest data first)");
  const std::string marked = is_synthetic() ? "SYNTHETIC demo data. " + description : description;
  database_->register_feature_layer(table, geometry_type, store_crs->epsg, marked);
}

void Store::register_attribute_table(const std::string& table, const std::string& description) {
  const std::string marked = is_synthetic() ? "SYNTHETIC demo data. " + description : description;
  database_->register_attribute_table(table, marked);
}

void Store::extend_layer(const std::string& table, const Envelope& bounds) {
  database_->update_layer_bounds(table, bounds, false);
}

std::optional<std::string> Store::setting(const std::string& key) {
  auto query = database_->prepare("SELECT value FROM grip_settings WHERE key = ?");
  query->bind(1, std::string_view(key));
  if (!query->step()) return std::nullopt;
  return query->column_text(0);
}

void Store::put_setting(const std::string& key, const std::string& value) {
  auto upsert = database_->prepare(
      "INSERT INTO grip_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
      "excluded.value");
  upsert->bind(1, std::string_view(key)).bind(2, std::string_view(value));
  upsert->step();
}

bool Store::is_synthetic() { return setting("synthetic").value_or("") == "true"; }

std::int64_t Store::count_rows(const std::string& table, const std::string& where) {
  auto query = database_->prepare("SELECT count(*) FROM " + table + (where.empty() ? "" : " WHERE " + where));
  query->step();
  return query->column_int(0);
}

WriteTransaction::WriteTransaction(Store& store) : database_(store.database()) { database_.begin_write(); }
WriteTransaction::~WriteTransaction() {
  if (open_) database_.rollback();
}
void WriteTransaction::commit() {
  database_.commit();
  open_ = false;
}

ReadTransaction::ReadTransaction(Store& store) : database_(store.database()) { database_.begin_read(); }
ReadTransaction::~ReadTransaction() { database_.rollback(); }

Savepoint::Savepoint(Store& store, std::string name) : database_(store.database()), name_(std::move(name)) {
  database_.savepoint(name_);
}
Savepoint::~Savepoint() {
  if (!open_) return;
  // Never throws from a destructor: a failed rollback here is followed by the transaction's own.
  try {
    database_.rollback_to(name_);
    database_.release(name_);
  } catch (const StoreError&) {
  }
}
void Savepoint::release() {
  database_.release(name_);
  open_ = false;
}
void Savepoint::rollback() {
  open_ = false;
  database_.rollback_to(name_);
  database_.release(name_);
}

}  // namespace grip::store
