// How PostGIS holds `incidents`: a narrow table and a dictionary of its repeated texts, behind a
// view with the table's old name and columns (schema migration 15; the GeoPackage keeps one table).
//
// COPY's cost on the server grows with the bytes of heap it writes: on the national year (6.5 M
// rows, 337 bytes a row) it was 11 s of a 23 s ingest, most of it in extending and filling pages.
// Six text columns (location, LSOA code and name, force, outcome, context) hold few distinct values
// (about 50,000 on the national year) but 146 bytes a row; as 4-byte ids into incident_texts they
// take 24, and the GiST build after the load reads the narrower heap too.
//
//   incident_rows   fid, geom, ... as before, and location_id ... context_id (INTEGER); from
//                   migration 17 category_id too, and no x or y
//   incident_texts  text_id INTEGER PRIMARY KEY, text TEXT NOT NULL (a text may appear twice:
//                   the view only follows ids, so no uniqueness is needed and none is checked)
//   incidents       VIEW: incident_rows LEFT JOIN incident_texts once per id column. PostgreSQL
//                   drops a join whose column a query does not read (text_id is the key), so a
//                   read of fid, geom and month scans incident_rows alone.
//
// Migration 16 splits incident_rows by HASH (fid) into kPartitions partitions, incident_rows_p0 ...:
// PostgreSQL 15 builds a GiST index on one core, and the national year's took 7.2 s of a 21.6 s
// ingest after the load had committed. One index a partition, built on several connections at once
// and attached to the table's (postgres_spatial_index.hpp), took 3.7 s on two cores. The key stays
// fid (a partitioned table's key must hold its partition key), and a read in fid order is a merge
// of the partitions' keys.
//
// Migration 17 narrows the row again: x and y repeat the point geometry (the view gives them as
// ST_X(geom) and ST_Y(geom), the same doubles, since both are the point's coordinates as stored),
// and category becomes category_id, a seventh id into incident_texts. That took the national
// year's heap from 1,406 to 1,188 MB and its COPY from 10.0 to 8.5 s. A write through the view
// keeps the geometry; its x and y are not stored, and Grip writes them equal to it.
//
// Readers use `incidents` unchanged. Writers: bulk_insert("incidents") is translated by the engine
// (IncidentRowSink: ids looked up in a dictionary read once a transaction, new texts given the
// next ids and copied into incident_texts after the rows); SQL INSERT, UPDATE and DELETE on the
// view are rewritten by rules into the same on incident_rows, new texts through the function
// grip_incident_text(). New ids are max + 1: every Grip writer holds the store's writer lock
// (kWriterLockKey), so no two count at once, and the primary key refuses a clash with anyone else.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace grip::store::incident_layout {

inline constexpr const char* kView = "incidents";
inline constexpr const char* kRows = "incident_rows";
inline constexpr const char* kTexts = "incident_texts";
// Partitions of incident_rows (migration 16): more than a 2-core server builds at once, so a
// bigger one can build more.
inline constexpr int kPartitions = 4;

// The view's columns that incident_rows holds as ids, each in column <name>_id (migration 17).
inline constexpr std::array<std::string_view, 7> kTextColumns = {
    "category", "location", "lsoa_code", "lsoa_name", "force", "outcome", "context"};
// The view's columns computed from geom, which incident_rows does not hold (migration 17).
inline constexpr std::array<std::string_view, 2> kPointColumns = {"x", "y"};

[[nodiscard]] bool is_text_column(std::string_view column);
[[nodiscard]] bool is_point_column(std::string_view column);

// Migration 15 on PostGIS: moves an existing incidents table (with any rows) to the layout above,
// leaving the view without a comment (the caller moves the table's).
[[nodiscard]] std::string migration_sql();
// Migration 16 on PostGIS: incident_rows (with any rows, its key, identity and spatial index)
// becomes a table partitioned by HASH (fid); the view is made again, without a comment.
[[nodiscard]] std::string partition_sql();
// Migration 17 on PostGIS: category becomes an id and x, y go (rows kept, the table rewritten);
// the view is made again, without a comment.
[[nodiscard]] std::string narrow_sql();
// DROP and CREATE of the view of the current layout, its fid default and its rules (not its
// comment, which the caller gives). Run by migration 17, and again around giving incident_rows.geom
// its CRS: a view that reads a column blocks a change of its type.
[[nodiscard]] std::string create_view_sql();
[[nodiscard]] std::string drop_view_sql();

}  // namespace grip::store::incident_layout
