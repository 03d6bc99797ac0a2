// A layer's GiST index on PostGIS, for a plain table and for a partitioned one.
//
// PostgreSQL 15 builds a GiST index in one process. A partitioned table's index is one index a
// partition, attached to an index on the parent (CREATE INDEX ... ON ONLY, then ALTER INDEX ...
// ATTACH PARTITION), which is valid once every partition has one attached: so the partitions'
// indexes can be built on several connections at once, each in its own transaction, after a bulk
// load has committed (incident_rows, migration 16: 7.2 s on one connection, 3.7 s on two timed
// in psql, 4.2-4.5 s on two inside an ingest, for the national year on two cores). How many at
// once: the server's max_parallel_maintenance_workers (2 unless its administrator says
// otherwise), the number of extra processes it lets one index build take; four at once on two
// cores took 4.6 s. A build that fails leaves the parent invalid, which the planner does not use
// and the next call here completes.
#pragma once

#include <string>

#include "grip/store/postgres_connection.hpp"

namespace grip::store {

// Creates index `index` (USING GIST (geom)) on `table` unless it exists and is valid. With a
// conninfo, a partitioned table's partitions are indexed on connections of their own, outside any
// transaction of `connection` (which must then be idle, outside a transaction); without one, all
// is done on `connection`, inside its transaction.
void create_spatial_index(PgConnection& connection, const std::string& table, const std::string& index,
                          const std::string& conninfo = std::string());
// The same for an index whose build was cut short (there, not valid); nothing when it is absent.
void finish_spatial_index(PgConnection& connection, const std::string& table, const std::string& index,
                          const std::string& conninfo);

}  // namespace grip::store
