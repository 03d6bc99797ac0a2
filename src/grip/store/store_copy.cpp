#include "grip/store/store_copy.hpp"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "grip/core/errors.hpp"
#include "grip/store/schema.hpp"
#include "grip/store/store.hpp"
#include "grip/store/wkb.hpp"

namespace grip::store {
namespace {

// The migration writes it on the target; it is not data.
constexpr const char* kSchemaVersionTable = "grip_schema_version";

// One table as both sides read it: its columns and the SELECT that returns them in key order.
struct TablePlan {
  std::string table;
  std::vector<TableColumn> columns;
  std::string select;
};

TablePlan plan_table(Database& database, const std::string& table) {
  TablePlan plan{table, database.table_columns(table), {}};
  if (plan.columns.empty())
    throw StoreError("store " + database.location() + ": table " + table + " has no columns");
  std::vector<const TableColumn*> key;
  for (const auto& column : plan.columns) {
    if (column.key_position > 0) key.push_back(&column);
  }
  std::sort(key.begin(), key.end(), [](auto* a, auto* b) { return a->key_position < b->key_position; });
  if (key.empty()) {
    for (const auto& column : plan.columns) key.push_back(&column);  // no key: every column decides
  }
  std::string names, order;
  for (const auto& column : plan.columns) names += (names.empty() ? "" : ", ") + column.name;
  for (const auto* column : key) order += (order.empty() ? "" : ", ") + database.ordered_by_bytes(*column);
  plan.select = "SELECT " + names + " FROM " + table + " ORDER BY " + order;
  return plan;
}

// XXH3-64 over a stream of typed values. Each value is a tag byte and, for variable-length ones,
// its length first, so no two different rows hash the same bytes.
class ValueHasher {
 public:
  ValueHasher() : state_(XXH3_createState(), XXH3_freeState) {
    if (!state_ || XXH3_64bits_reset(state_.get()) != XXH_OK) throw std::bad_alloc();
  }
  void add_null() { tag('n'); }
  void add_int(std::int64_t value) { number('i', value); }
  void add_double(double value) { number('r', value); }
  void add_text(std::string_view text) { bytes('t', text.data(), text.size()); }
  void add_wkb(const std::vector<std::uint8_t>& little_endian) {
    bytes('g', little_endian.data(), little_endian.size());
  }
  [[nodiscard]] std::string hex() const {
    char digits[17];
    const auto value = static_cast<unsigned long long>(XXH3_64bits_digest(state_.get()));
    std::snprintf(digits, sizeof digits, "%016llx", value);
    return digits;
  }

 private:
  void tag(char kind) { XXH3_64bits_update(state_.get(), &kind, 1); }
  // Integers in decimal, doubles as their shortest round-trip text: what both engines agree on.
  template <typename Number>
  void number(char kind, Number value) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    bytes(kind, text, static_cast<std::size_t>(end - text));
  }
  void bytes(char kind, const void* data, std::size_t size) {
    tag(kind);
    const auto length = static_cast<std::uint64_t>(size);
    XXH3_64bits_update(state_.get(), &length, sizeof length);
    XXH3_64bits_update(state_.get(), data, size);
  }

  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state_;
};

// What a read of a table gives: the rows seen and the bounds of its geometries.
struct TableRead {
  std::int64_t rows = 0;
  std::optional<Envelope> bounds;
};

void grow(std::optional<Envelope>& bounds, const Envelope& more) {
  if (!bounds) {
    bounds = more;
    return;
  }
  bounds->min_x = std::min(bounds->min_x, more.min_x);
  bounds->max_x = std::max(bounds->max_x, more.max_x);
  bounds->min_y = std::min(bounds->min_y, more.min_y);
  bounds->max_y = std::max(bounds->max_y, more.max_y);
}

// Reads every row in key order through the engine interface, hashing each value; with a sink,
// writes each row to it as well. The one reader both sides of the verification use.
TableRead read_table(Database& database, const TablePlan& plan, ValueHasher& hasher, RowSink* sink) {
  TableRead read;
  auto query = database.prepare(plan.select);
  std::vector<std::string> texts(plan.columns.size());  // valid until the sink's end_row()
  while (query->step()) {
    for (std::size_t i = 0; i < plan.columns.size(); ++i) {
      const int index = static_cast<int>(i);
      if (query->column_is_null(index)) {
        hasher.add_null();
        if (sink) sink->add_null();
        continue;
      }
      switch (plan.columns[i].kind) {
        case ColumnKind::kInteger: {
          const std::int64_t value = query->column_int(index);
          hasher.add_int(value);
          if (sink) sink->add(value);
          break;
        }
        case ColumnKind::kReal: {
          const double value = query->column_double(index);
          hasher.add_double(value);
          if (sink) sink->add(value);
          break;
        }
        case ColumnKind::kText:
          texts[i] = query->column_text(index);
          hasher.add_text(texts[i]);
          if (sink) sink->add(std::string_view(texts[i]));
          break;
        case ColumnKind::kGeometry: {
          const auto wkb = query->column_geometry(index);
          WkbSummary summary;
          try {
            summary = summarize_wkb(wkb);
          } catch (const std::invalid_argument& error) {
            throw StoreError("store " + database.location() + ": table " + plan.table + ", row " +
                             std::to_string(read.rows + 1) + ": " + error.what());
          }
          hasher.add_wkb(summary.little_endian);
          if (summary.envelope) grow(read.bounds, *summary.envelope);
          if (!sink) break;
          if (summary.point) {
            sink->add_point(summary.point->x, summary.point->y);
          } else {
            sink->add_geometry(wkb, summary.envelope.value_or(Envelope{0, 0, 0, 0}));
          }
          break;
        }
      }
    }
    if (sink) sink->end_row();
    ++read.rows;
  }
  return read;
}

std::int64_t count_rows(Database& database, const std::string& table) {
  auto query = database.prepare("SELECT count(*) FROM " + table);
  query->step();
  return query->column_int(0);
}

// Tables in an order where every table comes after those its foreign keys point at (a table
// pointing at itself is checked at the end of its own COPY), ties by name.
std::vector<std::string> copy_order(Database& database) {
  std::map<std::string, std::set<std::string>> waiting_for;
  for (const auto& table : database.grip_tables()) {
    if (table == kSchemaVersionTable) continue;
    waiting_for[table];
  }
  for (auto& [table, parents] : waiting_for) {
    for (const auto& parent : database.referenced_tables(table)) {
      if (parent != table && waiting_for.contains(parent)) parents.insert(parent);
    }
  }
  std::vector<std::string> order;
  while (!waiting_for.empty()) {
    const auto ready = std::find_if(waiting_for.begin(), waiting_for.end(),
                                    [](const auto& entry) { return entry.second.empty(); });
    if (ready == waiting_for.end()) {
      throw StoreError("store " + database.location() + ": the tables' foreign keys form a cycle");
    }
    const std::string table = ready->first;
    order.push_back(table);
    waiting_for.erase(ready);
    for (auto& [other, parents] : waiting_for) parents.erase(table);
  }
  return order;
}

void require_same_columns(const TablePlan& source, const TablePlan& target, const std::string& location) {
  const auto shape = [](const TablePlan& plan) {
    std::vector<std::pair<std::string, ColumnKind>> out;
    for (const auto& column : plan.columns) out.emplace_back(column.name, column.kind);
    std::sort(out.begin(), out.end());
    return out;
  };
  if (shape(source) != shape(target)) {
    throw StoreError("store " + location + ": table " + source.table +
                     " has other columns than in the source; both must be at schema version " +
                     std::to_string(latest_schema_version()));
  }
}

// The single integer key a generated-key sequence follows, or empty.
std::string generated_key(const TablePlan& plan) {
  std::string key;
  int parts = 0;
  for (const auto& column : plan.columns) {
    if (column.key_position == 0) continue;
    ++parts;
    if (column.kind == ColumnKind::kInteger) key = column.name;
  }
  return parts == 1 ? key : std::string();
}

// The target's write transaction, with bulk-load tuning around it; rolled back unless committed.
class TargetWrite {
 public:
  explicit TargetWrite(Database& database) : database_(database) {
    database_.begin_bulk_load();
    database_.begin_write();
  }
  ~TargetWrite() {
    if (open_) database_.rollback();
    database_.end_bulk_load();
  }
  TargetWrite(const TargetWrite&) = delete;
  TargetWrite& operator=(const TargetWrite&) = delete;
  void commit() {
    database_.commit();
    open_ = false;
  }

 private:
  Database& database_;
  bool open_ = true;
};

void refuse_unless_empty(Database& target) {
  if (!target.is_empty()) {
    throw UsageError("--to " + target.location() +
                     " is not empty; grip store copy only writes into a new file or an empty database "
                     "(nothing was changed)");
  }
}

// Copies the source's CRS and layer registrations onto the target (before the rows, so PostGIS
// columns get their SRID while still empty).
void copy_catalogue(Store& source, Database& target) {
  const auto crs = source.crs();
  if (crs) {
    target.register_crs(crs->epsg, crs->name, source.database().crs_definition(crs->epsg),
                        source.setting("crs_reason").value_or(""));
    target.use_srid(crs->epsg);
  }
  for (const auto& layer : source.database().layers()) {
    if (layer.geometry_type.empty()) {
      target.register_attribute_table(layer.table, layer.description);
    } else if (crs) {
      target.register_feature_layer(layer.table, layer.geometry_type, crs->epsg, layer.description);
    }
  }
}

}  // namespace

std::string table_checksum(Database& database, const std::string& table) {
  ValueHasher hasher;
  (void)read_table(database, plan_table(database, table), hasher, nullptr);
  return hasher.hex();
}

CopyReport copy_store(const std::string& from, const std::string& to, const CopyProgress& progress) {
  const auto started = std::chrono::steady_clock::now();
  if (from == to) throw UsageError("--from and --to name the same store");
  std::error_code error;
  if (!is_postgres_locator(from) && !std::filesystem::is_regular_file(from, error)) {
    throw UsageError("--from " + from + ": no such store file");
  }
  // The target is checked before the source is opened, so a refusal changes nothing anywhere.
  auto target = open_database(to);
  refuse_unless_empty(*target);
  Store source(from);

  CopyReport report;
  report.source = source.path();
  report.target = target->location();
  report.source_engine = source.engine();
  report.target_engine = target->engine();

  ReadTransaction snapshot(source);
  TargetWrite write(*target);
  refuse_unless_empty(*target);  // again under the write lock: another command may have been first
  apply_migrations(*target);
  target->defer_foreign_keys();
  copy_catalogue(source, *target);

  const auto tables = copy_order(source.database());
  std::vector<std::string> target_tables = target->grip_tables();
  std::erase(target_tables, kSchemaVersionTable);
  std::vector<std::string> sorted = tables;
  std::sort(sorted.begin(), sorted.end());
  std::sort(target_tables.begin(), target_tables.end());
  if (sorted != target_tables) {
    throw StoreError("store " + report.source + " holds other tables than a new store at schema version " +
                     std::to_string(latest_schema_version()));
  }
  const auto registered = source.database().layers();
  for (const auto& table : tables) {
    const TablePlan plan = plan_table(source.database(), table);
    require_same_columns(plan, plan_table(*target, table), report.target);
    TableCopy copy{table, count_rows(source.database(), table), 0, {}, {}};
    std::vector<std::string> names;
    for (const auto& column : plan.columns) names.push_back(column.name);
    ValueHasher hasher;
    auto sink = target->bulk_insert(table, names);
    const TableRead read = read_table(source.database(), plan, hasher, sink.get());
    sink->finish();
    copy.source_checksum = hasher.hex();
    if (read.rows != copy.source_rows) {
      throw StoreError("store " + report.source + ": table " + table + " gave " + std::to_string(read.rows) +
                       " rows of " + std::to_string(copy.source_rows) + " counted");
    }
    if (const std::string key = generated_key(plan); !key.empty()) target->advance_generated_keys(table, key);
    const bool is_layer = std::any_of(registered.begin(), registered.end(),
                                      [&](const LayerEntry& layer) { return layer.table == table; });
    if (read.bounds && is_layer) target->update_layer_bounds(table, *read.bounds, true);
    report.tables.push_back(std::move(copy));
    if (progress) progress(table, read.rows);
  }

  // Verification, inside the target's transaction: counted and read back as the source was.
  bool all_match = true;
  for (auto& copy : report.tables) {
    copy.target_rows = count_rows(*target, copy.table);
    copy.target_checksum = table_checksum(*target, copy.table);
    all_match = all_match && copy.matches();
  }
  if (all_match) {
    write.commit();
    report.committed = true;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace grip::store
