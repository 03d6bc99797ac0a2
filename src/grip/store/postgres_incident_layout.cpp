#include "grip/store/postgres_incident_layout.hpp"

#include <algorithm>
#include <span>

namespace grip::store::incident_layout {
namespace {

// The view's columns in the order `incidents` always had (schema.cpp, migration 1).
constexpr std::array<std::string_view, 19> kViewColumns = {
    "fid",         "geom",     "batch_id", "source_line", "source_id", "month",     "occurred_from",
    "occurred_to", "category", "offence",  "location",    "lsoa_code", "lsoa_name", "force",
    "outcome",     "context",  "x",        "y",           "outside_km"};

// What incident_rows held of the view's columns after a migration: which as text ids, and whether
// x and y. A migration makes the view of the layout it leaves, so 15 and 16 run on an old store
// before 17 as they always did.
struct RowLayout {
  std::span<const std::string_view> text_columns;
  bool holds_point_columns;
};

constexpr std::array<std::string_view, 6> kTextColumns15 = {"location", "lsoa_code", "lsoa_name",
                                                            "force",    "outcome",   "context"};
constexpr RowLayout kLayout15{kTextColumns15, true};
constexpr RowLayout kLayout17{kTextColumns, false};

bool contains(std::span<const std::string_view> columns, std::string_view column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

std::string id_column(std::string_view column) { return std::string(column) + "_id"; }

// What incident_rows stores for a view column: the column itself or its text's id.
std::string stored_value(const RowLayout& layout, std::string_view column, std::string_view row) {
  if (contains(layout.text_columns, column))
    return "grip_incident_text(" + std::string(row) + "." + std::string(column) + ")";
  return std::string(row) + "." + std::string(column);
}

std::string stored_column(const RowLayout& layout, std::string_view column) {
  return contains(layout.text_columns, column) ? id_column(column) : std::string(column);
}

std::string create_view_sql(const RowLayout& layout);

}  // namespace

bool is_text_column(std::string_view column) { return contains(kTextColumns, column); }

bool is_point_column(std::string_view column) { return contains(kPointColumns, column); }

std::string migration_sql() {
  std::string sql =
      "CREATE TABLE incident_texts (text_id INTEGER PRIMARY KEY, text TEXT NOT NULL);\n"
      "CREATE INDEX incident_texts_by_text ON incident_texts (text);\n"
      // Ids for the rules' inserts (the engine's COPY path counts its own, under the same lock).
      "CREATE FUNCTION grip_incident_text(value TEXT) RETURNS INTEGER LANGUAGE plpgsql AS $$\n"
      "DECLARE found INTEGER;\n"
      "BEGIN\n"
      "  IF value IS NULL THEN RETURN NULL; END IF;\n"
      "  SELECT min(text_id) INTO found FROM incident_texts WHERE text = value;\n"
      "  IF found IS NULL THEN\n"
      "    SELECT COALESCE(max(text_id), 0) + 1 INTO found FROM incident_texts;\n"
      "    INSERT INTO incident_texts (text_id, text) VALUES (found, value);\n"
      "  END IF;\n"
      "  RETURN found;\n"
      "END $$;\n"
      "INSERT INTO incident_texts (text_id, text) SELECT row_number() OVER (ORDER BY t COLLATE \"C\"), t "
      "FROM (SELECT DISTINCT t FROM incidents, LATERAL (VALUES ";
  for (std::size_t i = 0; i < kTextColumns15.size(); ++i)
    sql += (i ? ", (" : "(") + std::string(kTextColumns15[i]) + ")";
  sql += ") AS v(t) WHERE t IS NOT NULL) AS d;\n";
  sql += "ALTER TABLE incidents RENAME TO incident_rows;\nALTER TABLE incident_rows ";
  for (std::size_t i = 0; i < kTextColumns15.size(); ++i)
    sql += (i ? ", ADD COLUMN " : "ADD COLUMN ") + id_column(kTextColumns15[i]) + " INTEGER";
  sql += ";\nUPDATE incident_rows SET ";
  for (std::size_t i = 0; i < kTextColumns15.size(); ++i) {
    const std::string column(kTextColumns15[i]);
    sql += (i ? ", " : "") + id_column(column) +
           " = (SELECT min(text_id) FROM incident_texts WHERE text = " + column + ")";
  }
  sql += ";\nALTER TABLE incident_rows ";
  for (std::size_t i = 0; i < kTextColumns15.size(); ++i)
    sql += (i ? ", DROP COLUMN " : "DROP COLUMN ") + std::string(kTextColumns15[i]);
  // DROP COLUMN only hides the texts: the rows the UPDATE wrote still carry them until a rewrite.
  // CLUSTER (allowed inside a transaction, unlike VACUUM FULL) rewrites a store that has rows.
  sql +=
      ";\nDO $$ DECLARE key regclass; BEGIN\n"
      "  SELECT conindid::regclass INTO key FROM pg_constraint WHERE conrelid = 'incident_rows'::regclass "
      "AND contype = 'p';\n"
      "  IF key IS NOT NULL AND EXISTS (SELECT 1 FROM incident_rows) THEN\n"
      "    EXECUTE format('CLUSTER incident_rows USING %s', key);\n"
      "  END IF;\n"
      "END $$";
  sql += ";\nCOMMENT ON TABLE incident_rows IS NULL;\n";
  sql += create_view_sql(kLayout15);
  return sql;
}

std::string partition_sql() {
  std::string sql = drop_view_sql();
  // The table and its key and index move aside under other names, so the new ones take theirs.
  sql +=
      "ALTER TABLE incident_rows RENAME TO incident_rows_unpartitioned;\n"
      "DO $$ DECLARE key TEXT; BEGIN\n"
      "  SELECT conname INTO key FROM pg_constraint WHERE conrelid = "
      "'incident_rows_unpartitioned'::regclass AND contype = 'p';\n"
      "  IF key IS NOT NULL THEN\n"
      "    EXECUTE format('ALTER TABLE incident_rows_unpartitioned RENAME CONSTRAINT %I TO "
      "incident_rows_unpartitioned_pkey', key);\n"
      "  END IF;\n"
      "END $$;\n"
      "ALTER INDEX IF EXISTS incidents_geom_gist RENAME TO incident_rows_unpartitioned_geom_gist;\n"
      // LIKE keeps the columns in order with their types (geometry's SRID too), NOT NULLs, defaults
      // and the identity, which gets a sequence of its own.
      "CREATE TABLE incident_rows (LIKE incident_rows_unpartitioned INCLUDING DEFAULTS INCLUDING IDENTITY "
      "INCLUDING CONSTRAINTS) PARTITION BY HASH (fid);\n";
  for (int part = 0; part < kPartitions; ++part) {
    sql += "CREATE TABLE incident_rows_p" + std::to_string(part) +
           " PARTITION OF incident_rows FOR VALUES WITH (MODULUS " + std::to_string(kPartitions) +
           ", REMAINDER " + std::to_string(part) + ");\n";
  }
  sql +=
      "ALTER TABLE incident_rows ADD CONSTRAINT incidents_pkey PRIMARY KEY (fid);\n"
      "INSERT INTO incident_rows SELECT * FROM incident_rows_unpartitioned;\n"
      // New rows go on from where the old identity stopped, and a spatial index stays one.
      "DO $$ DECLARE old_sequence TEXT := pg_get_serial_sequence('incident_rows_unpartitioned', 'fid');\n"
      "  next_value BIGINT; called BOOLEAN;\n"
      "BEGIN\n"
      "  EXECUTE format('SELECT last_value, is_called FROM %s', old_sequence) INTO next_value, called;\n"
      "  PERFORM setval(pg_get_serial_sequence('incident_rows', 'fid'), next_value, called);\n"
      "  IF to_regclass('public.incident_rows_unpartitioned_geom_gist') IS NOT NULL THEN\n"
      "    CREATE INDEX incidents_geom_gist ON incident_rows USING GIST (geom);\n"
      "  END IF;\n"
      "END $$;\n"
      "DROP TABLE incident_rows_unpartitioned;\n";
  sql += create_view_sql(kLayout15);
  return sql;
}

std::string narrow_sql() {
  std::string sql = drop_view_sql();
  // Each category not yet in the dictionary gets the next id, in byte order as migration 15 gave.
  sql +=
      "INSERT INTO incident_texts (text_id, text) SELECT (SELECT COALESCE(max(text_id), 0) FROM "
      "incident_texts) + row_number() OVER (ORDER BY category COLLATE \"C\"), category FROM (SELECT "
      "DISTINCT category FROM incident_rows r WHERE NOT EXISTS (SELECT 1 FROM incident_texts t WHERE "
      "t.text = r.category)) AS d;\n"
      "ALTER TABLE incident_rows ADD COLUMN category_id INTEGER;\n"
      "UPDATE incident_rows r SET category_id = c.id FROM (SELECT text, min(text_id) AS id FROM "
      "incident_texts GROUP BY text) AS c WHERE c.text = r.category;\n"
      "ALTER TABLE incident_rows ALTER COLUMN category_id SET NOT NULL, DROP COLUMN category, DROP COLUMN "
      "x, DROP COLUMN y;\n"
      // As in migration 15, the rows the UPDATE wrote still carry the dropped values until a
      // rewrite; CLUSTER of a partitioned table cannot run in a transaction, of a partition it can.
      "DO $$ DECLARE part regclass; key regclass; BEGIN\n"
      "  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'incident_rows'::regclass "
      "LOOP\n"
      "    SELECT indexrelid::regclass INTO key FROM pg_index WHERE indrelid = part AND indisprimary;\n"
      "    IF key IS NOT NULL AND EXISTS (SELECT 1 FROM incident_rows WHERE tableoid = part) THEN\n"
      "      EXECUTE format('CLUSTER %s USING %s', part, key);\n"
      "    END IF;\n"
      "  END LOOP;\n"
      "END $$;\n";
  sql += create_view_sql(kLayout17);
  return sql;
}

std::string drop_view_sql() { return "DROP VIEW IF EXISTS incidents;\n"; }

std::string create_view_sql() { return create_view_sql(kLayout17); }

namespace {

std::string create_view_sql(const RowLayout& layout) {
  std::string select = "CREATE VIEW incidents AS SELECT ";
  std::string joins;
  int joined = 0;
  for (std::size_t i = 0; i < kViewColumns.size(); ++i) {
    const std::string column(kViewColumns[i]);
    if (i) select += ", ";
    if (contains(layout.text_columns, column)) {
      const std::string alias = "t" + std::to_string(++joined);
      select += alias + ".text AS " + column;
      joins += " LEFT JOIN incident_texts " + alias + " ON " + alias + ".text_id = r." + id_column(column);
    } else if (!layout.holds_point_columns && is_point_column(column)) {
      select += std::string(column == "x" ? "ST_X" : "ST_Y") + "(r.geom) AS " + column;
    } else {
      select += "r." + column;
    }
  }
  std::string sql = drop_view_sql() + select + " FROM incident_rows r" + joins + ";\n";
  // An INSERT that gives no fid gets the table's own identity value, as on the table.
  sql +=
      "DO $$ BEGIN EXECUTE format('ALTER VIEW incidents ALTER COLUMN fid SET DEFAULT nextval(%L)', "
      "pg_get_serial_sequence('incident_rows', 'fid')); END $$;\n";
  std::string names, values, sets;
  for (const std::string_view column : kViewColumns) {
    if (!layout.holds_point_columns && is_point_column(column)) continue;
    const char* comma = names.empty() ? "" : ", ";
    names += comma + stored_column(layout, column);
    values += comma + stored_value(layout, column, "NEW");
    sets += comma + stored_column(layout, column) + " = " + stored_value(layout, column, "NEW");
  }
  sql += "CREATE RULE incidents_insert AS ON INSERT TO incidents DO INSTEAD INSERT INTO incident_rows (" +
         names + ") VALUES (" + values + ");\n";
  sql += "CREATE RULE incidents_update AS ON UPDATE TO incidents DO INSTEAD UPDATE incident_rows SET " +
         sets + " WHERE fid = OLD.fid;\n";
  sql +=
      "CREATE RULE incidents_delete AS ON DELETE TO incidents DO INSTEAD DELETE FROM incident_rows WHERE fid "
      "= OLD.fid;\n";
  return sql;
}

}  // namespace
}  // namespace grip::store::incident_layout
