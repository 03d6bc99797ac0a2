// The PostgreSQL engine's bulk paths on a local server: COPY of a force's year of incidents
// (166,000 rows of 18 columns with a point, as an ingest writes them) in one transaction (also as
// a store's first load, which goes without the primary key until the commit), reading them back
// through the engine's cursor (FETCH 50,000) beside libpq's single-row mode, and the row-at-a-time
// prepared INSERT beside PQexecParams. Target: COPY >= 200,000 rows/s.
//   scripts/pg-test-cluster start && eval "$(scripts/pg-test-cluster env)"
//   build/postgres_copy_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "grip/store/database.hpp"
#include "grip/store/postgres_ewkb.hpp"

namespace {

constexpr int kRows = 166'000;
constexpr int kInsertRows = 5'000;
constexpr int kBritishNationalGrid = 27700;

const char* admin_conninfo() {
  const char* value = std::getenv("GRIP_TEST_PG");
  return value != nullptr && value[0] != '\0' ? value : nullptr;
}

void admin_exec(const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(admin_conninfo()), PQfinish);
  PQclear(PQexec(conn.get(), sql.c_str()));
}

struct IncidentRow {
  std::int64_t source_id, flags;
  std::string crime_id, month, occurred_at, location, lsoa_code, lsoa_name, crime_type, outcome;
  double longitude, latitude, easting, northing, harm;
};

// A fixed-seed year of incidents with the field lengths of the data.police.uk street files.
const std::vector<IncidentRow>& incidents() {
  static const std::vector<IncidentRow> rows = [] {
    std::mt19937_64 random(20240611);
    std::uniform_real_distribution<double> east(550'000, 620'000), north(180'000, 250'000), unit(0, 1);
    const char* types[] = {"Violence and sexual offences", "Anti-social behaviour", "Burglary",
                           "Shoplifting"};
    std::vector<IncidentRow> out(kRows);
    for (int i = 0; i < kRows; ++i) {
      IncidentRow& row = out[static_cast<std::size_t>(i)];
      row.source_id = 1 + i / 16'600;
      row.flags = i % 8;
      row.crime_id = std::to_string(random()) + std::to_string(random());
      row.month = "2023-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(1 + i % 12);
      row.occurred_at = row.month + "-15T00:00:00Z";
      row.location = "On or near Street " + std::to_string(i % 9'000);
      row.lsoa_code = "E0100" + std::to_string(1000 + i % 8'000);
      row.lsoa_name = "Chelmsford 0" + std::to_string(10 + i % 80) + "A";
      row.crime_type = types[i % 4];
      row.outcome = i % 3 == 0 ? "" : "Investigation complete; no suspect identified";
      row.easting = east(random);
      row.northing = north(random);
      row.longitude = 0.2 + unit(random);
      row.latitude = 51.5 + unit(random);
      row.harm = unit(random) * 100;
    }
    return out;
  }();
  return rows;
}

const std::vector<std::string> kColumns = {
    "source_id", "crime_id",   "month",   "occurred_at", "reported_by", "falls_within",
    "longitude", "latitude",   "easting", "northing",    "location",    "lsoa_code",
    "lsoa_name", "crime_type", "outcome", "harm",        "flags",       "geom"};

// One database for the whole run, made from the test cluster's template and dropped at exit.
class BenchDatabase {
 public:
  BenchDatabase() : name_("grip_bench_" + std::to_string(getpid())) {
    admin_exec("CREATE DATABASE " + name_ + " TEMPLATE grip_template");
    locator_ = "PG:" + std::string(admin_conninfo()) + " dbname=" + name_;
    db_ = grip::store::open_postgis(locator_);
    db_->use_srid(kBritishNationalGrid);
    db_->exec(db_->ddl(
        "CREATE TABLE incident (fid INTEGER PRIMARY KEY, source_id INTEGER, crime_id TEXT, month TEXT, "
        "occurred_at DATETIME, reported_by TEXT, falls_within TEXT, longitude REAL, latitude REAL, easting "
        "REAL, "
        "northing REAL, location TEXT, lsoa_code TEXT, lsoa_name TEXT, crime_type TEXT, outcome TEXT, harm "
        "REAL, "
        "flags INTEGER, geom POINT)"));
    db_->register_feature_layer("incident", "POINT", kBritishNationalGrid, "benchmark incidents");
  }
  ~BenchDatabase() {
    db_.reset();
    admin_exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  grip::store::Database& db() { return *db_; }
  // A plain libpq connection to the same database, for the alternatives the engine is compared with.
  [[nodiscard]] std::unique_ptr<PGconn, decltype(&PQfinish)> raw_connection() const {
    return {PQconnectdb(locator_.substr(3).c_str()), PQfinish};
  }
  const std::string& locator() const { return locator_; }

 private:
  std::string name_, locator_;
  std::unique_ptr<grip::store::Database> db_;
};

BenchDatabase* bench_database() {
  static std::unique_ptr<BenchDatabase> database =
      admin_conninfo() ? std::make_unique<BenchDatabase>() : nullptr;
  return database.get();
}

// first_load: as the first ingest into a store loads, in bulk-load mode with the table held
// exclusively (the ingest's layer registration alters it), so the engine drops the primary key
// for the COPY and builds it again before the commit (PgDeferredKeys).
void copy_incidents(grip::store::Database& db, bool first_load = false) {
  if (first_load) db.begin_bulk_load();
  db.begin_write();
  if (first_load) db.exec("LOCK TABLE incident IN ACCESS EXCLUSIVE MODE");
  auto sink = db.bulk_insert("incident", kColumns);
  for (const IncidentRow& row : incidents()) {
    sink->add(row.source_id);
    sink->add(row.crime_id);
    sink->add(row.month);
    sink->add(row.occurred_at);
    sink->add("Essex Police");
    sink->add("Essex Police");
    sink->add(row.longitude);
    sink->add(row.latitude);
    sink->add(row.easting);
    sink->add(row.northing);
    sink->add(row.location);
    sink->add(row.lsoa_code);
    sink->add(row.lsoa_name);
    sink->add(row.crime_type);
    sink->add_or_null(row.outcome);
    sink->add(row.harm);
    sink->add(row.flags);
    sink->add_point(row.easting, row.northing);
    sink->end_row();
  }
  sink->finish();
  db.commit();
  if (first_load) db.end_bulk_load();
}

// Leaves exactly one copy of the rows in the table (called before the timed loop).
void reload(grip::store::Database& db) {
  db.exec("TRUNCATE incident");
  copy_incidents(db);
}

void BM_CopyIncidents(benchmark::State& state) {
  BenchDatabase* database = bench_database();
  if (!database) return state.SkipWithError("GRIP_TEST_PG is not set: run scripts/pg-test-cluster start");
  // Arg 1: with the GIST index register_feature_layer makes (PostGIS then inserts into it row by
  // row); arg 0: without it, to show how much of the time the index maintenance takes.
  const bool spatial_index = state.range(0) == 1;
  const bool first_load = state.range(1) == 1;
  database->db().exec(spatial_index
                          ? "CREATE INDEX IF NOT EXISTS incident_geom_gist ON incident USING GIST (geom)"
                          : "DROP INDEX IF EXISTS incident_geom_gist");
  (void)incidents();
  for (auto _ : state) {
    state.PauseTiming();
    database->db().exec("TRUNCATE incident");
    state.ResumeTiming();
    copy_incidents(database->db(), first_load);
  }
  state.counters["rows/s"] = benchmark::Counter(
      static_cast<double>(kRows) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CopyIncidents)
    ->ArgNames({"spatial_index", "first_load"})
    ->Args({1, 0})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(3);

const char* const kReadAll =
    "SELECT fid, source_id, crime_id, month, occurred_at, longitude, latitude, easting, northing, location, "
    "lsoa_code, crime_type, outcome, harm, flags, geom FROM incident";

void BM_ReadIncidentsThroughCursor(benchmark::State& state) {
  BenchDatabase* database = bench_database();
  if (!database) return state.SkipWithError("GRIP_TEST_PG is not set: run scripts/pg-test-cluster start");
  grip::store::Database& db = database->db();
  reload(db);
  std::int64_t rows = 0;
  double checksum = 0;
  for (auto _ : state) {
    db.begin_read();
    auto query = db.prepare(kReadAll);
    while (query->step()) {
      checksum += static_cast<double>(query->column_int(0) + query->column_int(1) + query->column_int(14));
      checksum += query->column_double(5) + query->column_double(7) + query->column_double(13);
      checksum += static_cast<double>(query->column_text(2).size() + query->column_text(11).size());
      checksum += static_cast<double>(query->column_geometry(15).size());
      ++rows;
    }
    db.commit();
  }
  benchmark::DoNotOptimize(checksum);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadIncidentsThroughCursor)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

// The alternative to a cursor: libpq's single-row mode, one PGresult per row, parsed the same way.
void BM_ReadIncidentsSingleRowMode(benchmark::State& state) {
  BenchDatabase* database = bench_database();
  if (!database) return state.SkipWithError("GRIP_TEST_PG is not set: run scripts/pg-test-cluster start");
  reload(database->db());
  const auto conn = database->raw_connection();
  std::int64_t rows = 0;
  double checksum = 0;
  for (auto _ : state) {
    PQsendQueryParams(conn.get(), kReadAll, 0, nullptr, nullptr, nullptr, nullptr, 0);
    PQsetSingleRowMode(conn.get());
    while (PGresult* result = PQgetResult(conn.get())) {
      if (PQresultStatus(result) == PGRES_SINGLE_TUPLE) {
        for (int column : {0, 1, 14}) {
          std::int64_t number = 0;
          const char* text = PQgetvalue(result, 0, column);
          std::from_chars(text, text + PQgetlength(result, 0, column), number);
          checksum += static_cast<double>(number);
        }
        for (int column : {5, 7, 13}) {
          double number = 0;
          const char* text = PQgetvalue(result, 0, column);
          std::from_chars(text, text + PQgetlength(result, 0, column), number);
          checksum += number;
        }
        // The same copies and geometry decoding the engine's column_text/column_geometry do.
        checksum +=
            static_cast<double>(std::string(PQgetvalue(result, 0, 2), PQgetlength(result, 0, 2)).size() +
                                std::string(PQgetvalue(result, 0, 11), PQgetlength(result, 0, 11)).size());
        checksum +=
            static_cast<double>(grip::store::iso_wkb_from_hex_ewkb(
                                    std::string_view(PQgetvalue(result, 0, 15), PQgetlength(result, 0, 15)))
                                    .size());
        ++rows;
      }
      PQclear(result);
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadIncidentsSingleRowMode)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

// Row-at-a-time writes (not the ingest path): the engine's named prepared statement.
void BM_InsertRowsPrepared(benchmark::State& state) {
  BenchDatabase* database = bench_database();
  if (!database) return state.SkipWithError("GRIP_TEST_PG is not set: run scripts/pg-test-cluster start");
  grip::store::Database& db = database->db();
  db.exec("CREATE TABLE IF NOT EXISTS row_insert (id BIGINT, harm DOUBLE PRECISION, crime_type TEXT)");
  std::int64_t rows = 0;
  for (auto _ : state) {
    db.begin_write();
    auto insert = db.prepare("INSERT INTO row_insert (id, harm, crime_type) VALUES (?, ?, ?)");
    for (int i = 0; i < kInsertRows; ++i) {
      const IncidentRow& row = incidents()[static_cast<std::size_t>(i)];
      insert->bind(1, std::int64_t{i}).bind(2, row.harm).bind(3, row.crime_type);
      insert->step();
      insert->reset();
    }
    db.rollback();
    rows += kInsertRows;
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InsertRowsPrepared)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same rows through PQexecParams (parsed and planned on every call), for comparison.
void BM_InsertRowsExecParams(benchmark::State& state) {
  BenchDatabase* database = bench_database();
  if (!database) return state.SkipWithError("GRIP_TEST_PG is not set: run scripts/pg-test-cluster start");
  grip::store::Database& db = database->db();
  db.exec("CREATE TABLE IF NOT EXISTS row_insert (id BIGINT, harm DOUBLE PRECISION, crime_type TEXT)");
  const auto conn = database->raw_connection();
  std::int64_t rows = 0;
  for (auto _ : state) {
    PQclear(PQexec(conn.get(), "BEGIN"));
    for (int i = 0; i < kInsertRows; ++i) {
      const IncidentRow& row = incidents()[static_cast<std::size_t>(i)];
      const std::string id = std::to_string(i), harm = std::to_string(row.harm);
      const char* values[] = {id.c_str(), harm.c_str(), row.crime_type.c_str()};
      PQclear(PQexecParams(conn.get(), "INSERT INTO row_insert (id, harm, crime_type) VALUES ($1, $2, $3)", 3,
                           nullptr, values, nullptr, nullptr, 0));
    }
    PQclear(PQexec(conn.get(), "ROLLBACK"));
    rows += kInsertRows;
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InsertRowsExecParams)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
