// PostGIS holds incidents as a narrow table and a dictionary of its repeated texts behind a view
// named `incidents` (postgres_incident_layout.hpp). Every test reads the server with SQL of its
// own and compares with the texts it wrote, never with the engine's own reading.
#include "grip/store/postgres_incident_layout.hpp"

#include <gdal.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "grip/ingest/ingest_files.hpp"
#include "grip/store/store.hpp"
#include "store/postgres_test_base.hpp"
#include "support/test_support.hpp"

namespace grip::test {
namespace {

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

class PostgresIncidentLayout : public PostgresTest {
 protected:
  std::filesystem::path write_csv(const std::string& name, const std::string& rows) {
    const auto path = dir / name;
    std::ofstream(path) << kHeader << rows;
    return path;
  }
  ingest::IngestSummary ingest(const std::vector<std::filesystem::path>& files) {
    store::Store store(database().locator());
    return ingest::ingest_files(store, files, ingest::IngestOptions{});
  }
  // Every row of the view, one line each, in fid order: what a reader of `incidents` sees.
  std::string view_rows() const {
    return value(
        "SELECT string_agg(concat_ws('|', month, category, location, lsoa_code, lsoa_name, force, outcome, "
        "coalesce(context, 'NULL')), E'\\n' ORDER BY fid) FROM incidents");
  }
  // The parent's GiST index is valid, and how many partitions have one attached to it.
  std::string index_state() const {
    return value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'incidents_geom_gist'::regclass") + "," +
           value(
               "SELECT count(*) FROM pg_inherits a JOIN pg_index x ON x.indexrelid = a.inhrelid JOIN "
               "pg_inherits p ON p.inhrelid = x.indrelid AND p.inhparent = 'incident_rows'::regclass "
               "WHERE a.inhparent = 'incidents_geom_gist'::regclass");
  }
  ScratchDir dir;
};

TEST_F(PostgresIncidentLayout, TextsAreHeldOnceAndTheViewGivesEveryRowItsOwnBack) {
  const auto file =
      write_csv("2025-01-essex-street.csv",
                "a,2025-01,Essex Police,Essex Police,0.47,51.73,On or near High Street,E01021585,"
                "Chelmsford 011A,Robbery,Under investigation,\n"
                "b,2025-01,Essex Police,Essex Police,0.48,51.74,On or near High Street,E01021585,"
                "Chelmsford 011A,Burglary,Unable to prosecute suspect,\n"
                "c,2025-01,Essex Police,Essex Police,0.49,51.75,\"On or near Mill Lane, East\","
                "E01021586,Chelmsford 011B,Robbery,Under investigation,Seen on CCTV\n");
  const auto summary = ingest({file});
  ASSERT_EQ(summary.files.at(0).rows_stored, 3) << summary.files.at(0).message;

  EXPECT_EQ(value("SELECT relkind FROM pg_class WHERE relname = 'incidents'"), "v");
  EXPECT_EQ(
      view_rows(),
      "2025-01|Robbery|On or near High Street|E01021585|Chelmsford 011A|Essex Police|Under investigation|"
      "NULL\n"
      "2025-01|Burglary|On or near High Street|E01021585|Chelmsford 011A|Essex Police|Unable to prosecute "
      "suspect|NULL\n"
      "2025-01|Robbery|On or near Mill Lane, East|E01021586|Chelmsford 011B|Essex Police|Under "
      "investigation|Seen on CCTV");
  // The texts by hand: 2 locations, 2 LSOA codes, 2 LSOA names, 1 force, 2 outcomes, 1 context.
  EXPECT_EQ(value("SELECT count(*) FROM incident_texts"), "10");
  EXPECT_EQ(value("SELECT count(DISTINCT text_id) FROM incident_texts"), "10");
  EXPECT_EQ(value("SELECT count(*) FROM incident_texts WHERE text = 'On or near High Street'"), "1");
  EXPECT_EQ(value("SELECT count(*) FROM information_schema.columns WHERE table_name = 'incident_rows' AND "
                  "column_name IN ('location', 'lsoa_code', 'lsoa_name', 'force', 'outcome', 'context')"),
            "0");
  EXPECT_EQ(value("SELECT count(*) FROM incident_rows WHERE context_id IS NULL"), "2");

  // GDAL (and so QGIS's PostGIS reading through it) opens the view as a point layer in the CRS.
  GDALAllRegister();
  GDALDatasetH dataset =
      GDALOpenEx(db->gdal_name().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(dataset, nullptr);
  OGRLayerH layer = GDALDatasetGetLayerByName(dataset, "incidents");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(layer, 1), 3);
  EXPECT_EQ(wkbFlatten(OGR_L_GetGeomType(layer)), wkbPoint);
  OGR_L_SetAttributeFilter(layer, "location = 'On or near Mill Lane, East'");
  OGRFeatureH feature = OGR_L_GetNextFeature(layer);
  ASSERT_NE(feature, nullptr);
  EXPECT_STREQ(OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "context")), "Seen on CCTV");
  OGR_F_Destroy(feature);
  GDALClose(dataset);
}

TEST_F(PostgresIncidentLayout, ALaterIngestReusesTheTextsHeldAndAddsOnlyNewOnes) {
  ingest({write_csv("2025-01-essex-street.csv",
                    "a,2025-01,Essex Police,Essex Police,0.47,51.73,On or near High Street,E01021585,"
                    "Chelmsford 011A,Robbery,Under investigation,\n")});
  ASSERT_EQ(value("SELECT count(*) FROM incident_texts"), "5");
  ingest({write_csv("2025-02-essex-street.csv",
                    "b,2025-02,Essex Police,Essex Police,0.47,51.73,On or near High Street,E01021585,"
                    "Chelmsford 011A,Robbery,Under investigation,\n"
                    "c,2025-02,Essex Police,Essex Police,0.47,51.73,On or near Park Road,E01021585,"
                    "Chelmsford 011A,Robbery,Under investigation,\n")});
  EXPECT_EQ(value("SELECT count(*) FROM incident_texts"), "6");
  EXPECT_EQ(value("SELECT count(DISTINCT text_id) FROM incident_texts"), "6");
  EXPECT_EQ(value("SELECT string_agg(location, ',' ORDER BY fid) FROM incidents"),
            "On or near High Street,On or near High Street,On or near Park Road");
}

TEST_F(PostgresIncidentLayout, TextsOfARolledBackSavepointAreGoneAndLaterIdsDoNotClash) {
  { store::Store store(database().locator()); }  // the tables and the view
  db->begin_write();
  const auto add = [&](const std::string& location) {
    auto sink = db->bulk_insert(
        "incidents", {"geom", "batch_id", "source_line", "month", "category", "location", "x", "y"});
    sink->add_point(1, 2);
    sink->add(std::int64_t{1});
    sink->add(std::int64_t{2});
    sink->add("2025-01");
    sink->add("Robbery");
    sink->add(location);
    sink->add(1.0);
    sink->add(2.0);
    sink->end_row();
    sink->finish();
  };
  add("First Street");
  db->savepoint("file");
  add("Rolled Back Street");
  db->rollback_to("file");
  db->release("file");
  add("Rolled Back Street");  // its text went with the savepoint: it must be stored again
  add("Third Street");
  db->commit();
  EXPECT_EQ(value("SELECT string_agg(location, ',' ORDER BY fid) FROM incidents"),
            "First Street,Rolled Back Street,Third Street");
  EXPECT_EQ(value("SELECT count(*) FROM incident_rows r JOIN incident_texts t ON t.text_id = r.location_id"),
            "3");
  EXPECT_EQ(value("SELECT string_agg(text, ',' ORDER BY text) FROM incident_texts"),
            "First Street,Rolled Back Street,Third Street");
  EXPECT_EQ(value("SELECT count(DISTINCT text_id) FROM incident_texts"), "3");
}

TEST_F(PostgresIncidentLayout, SqlOnTheViewInsertsUpdatesAndDeletesRowsAndTexts) {
  { store::Store store(database().locator()); }
  // The view's rules have no RETURNING: a statement on it reports nothing back, so the row is
  // found again by what it holds.
  db->exec(
      "INSERT INTO incidents (geom, batch_id, source_line, month, category, location, force, x, y) VALUES "
      "(ST_SetSRID(ST_MakePoint(1, 2), 27700), 1, 2, '2025-03', 'Robbery', 'Typed Street', 'A Force', 1, 2)");
  const std::string fid = value("SELECT fid FROM incident_rows WHERE source_line = 2");
  ASSERT_FALSE(fid.empty());
  EXPECT_EQ(value("SELECT location || '/' || force || '/' || coalesce(outcome, 'NULL') FROM incidents WHERE "
                  "fid = " +
                  fid),
            "Typed Street/A Force/NULL");
  db->exec("UPDATE incidents SET location = 'Renamed Street' WHERE fid = " + fid);
  EXPECT_EQ(value("SELECT location || '/' || force FROM incidents WHERE fid = " + fid),
            "Renamed Street/A Force");
  EXPECT_EQ(value("SELECT count(*) FROM incident_texts WHERE text = 'Renamed Street'"), "1");
  db->exec("DELETE FROM incidents WHERE fid = " + fid);
  EXPECT_EQ(value("SELECT count(*) FROM incident_rows"), "0");
}

TEST_F(PostgresIncidentLayout, TheMigrationMovesAWideTablesRowsWithEveryText) {
  db->exec(
      "CREATE TABLE incidents (fid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, geom "
      "geometry(Point), "
      "batch_id BIGINT NOT NULL, source_line BIGINT NOT NULL, source_id TEXT, month TEXT NOT NULL, "
      "occurred_from TEXT, occurred_to TEXT, category TEXT NOT NULL, offence TEXT, location TEXT, lsoa_code "
      "TEXT, lsoa_name TEXT, force TEXT, outcome TEXT, context TEXT, x DOUBLE PRECISION NOT NULL, y DOUBLE "
      "PRECISION NOT NULL, outside_km DOUBLE PRECISION)");
  db->exec(
      "INSERT INTO incidents (geom, batch_id, source_line, month, category, location, lsoa_code, lsoa_name, "
      "force, outcome, context, x, y) VALUES "
      "(ST_MakePoint(1, 2), 1, 2, '2025-01', 'Robbery', 'High St', 'E1', 'Town 1A', 'Force', 'Charged', "
      "NULL, 1, 2), "
      "(ST_MakePoint(3, 4), 1, 3, '2025-01', 'Burglary', 'Low St', 'E1', 'Town 1A', 'Force', NULL, 'Note', "
      "3, 4), "
      "(ST_MakePoint(5, 6), 1, 4, '2025-02', 'Robbery', 'High St', NULL, NULL, 'Force', 'Charged', NULL, 5, "
      "6)");
  const std::string before = view_rows();
  db->begin_write();
  db->exec(store::incident_layout::migration_sql());
  db->commit();
  EXPECT_EQ(value("SELECT relkind FROM pg_class WHERE relname = 'incidents'"), "v");
  EXPECT_EQ(view_rows(), before);
  EXPECT_EQ(view_rows(),
            "2025-01|Robbery|High St|E1|Town 1A|Force|Charged|NULL\n"
            "2025-01|Burglary|Low St|E1|Town 1A|Force|Note\n"
            "2025-02|Robbery|High St|Force|Charged|NULL");
  // High St, Low St, E1, Town 1A, Force, Charged, Note.
  EXPECT_EQ(value("SELECT count(*) FROM incident_texts"), "7");
  // The rewrite after the UPDATE: one live version of each row, and the key still in place.
  EXPECT_EQ(value("SELECT count(*) FROM incident_rows"), "3");
  EXPECT_EQ(
      value(
          "SELECT count(*) FROM pg_constraint WHERE conrelid = 'incident_rows'::regclass AND contype = 'p'"),
      "1");
  // A new row gets the next fid from the table's identity, through the view's default.
  db->exec(
      "INSERT INTO incidents (geom, batch_id, source_line, month, category, x, y) VALUES "
      "(ST_MakePoint(7, 8), 1, 5, '2025-02', 'Robbery', 7, 8)");
  EXPECT_EQ(value("SELECT fid FROM incident_rows WHERE source_line = 5"), "4");
}

// Eight rows at eight places in Chelmsford, so the four partitions of incident_rows each get some.
std::string eight_rows(const std::string& month) {
  std::string rows;
  for (int i = 0; i < 8; ++i) {
    rows += "id" + std::to_string(i) + "," + month + ",Essex Police,Essex Police,0.4" + std::to_string(i) +
            ",51.7" + std::to_string(i) + ",On or near High Street,E01021585,Chelmsford 011A,Robbery,,\n";
  }
  return rows;
}

TEST_F(PostgresIncidentLayout, AFirstIngestIndexesEveryPartitionAndQueriesUseTheIndex) {
  const auto summary = ingest({write_csv("2025-01-essex-street.csv", eight_rows("2025-01"))});
  ASSERT_EQ(summary.files.at(0).rows_stored, 8) << summary.files.at(0).message;
  EXPECT_EQ(value("SELECT relkind FROM pg_class WHERE relname = 'incident_rows'"), "p");
  EXPECT_EQ(value("SELECT count(*) FROM pg_inherits WHERE inhparent = 'incident_rows'::regclass"),
            std::to_string(store::incident_layout::kPartitions));
  // Hash partitioning spreads eight consecutive fids over more than one partition.
  EXPECT_GT(std::stoi(value("SELECT count(DISTINCT tableoid) FROM incident_rows")), 1);
  EXPECT_EQ(index_state(), "t," + std::to_string(store::incident_layout::kPartitions));
  EXPECT_EQ(value("SELECT count(*) FROM pg_constraint WHERE conrelid = 'incident_rows'::regclass AND "
                  "contype = 'p'"),
            "1");
  // A reader of the view's geometry (QGIS asks with &&) is answered from the partitions' indexes.
  const std::string plan = value(
      "SET enable_seqscan = off; EXPLAIN (FORMAT JSON) SELECT fid FROM incidents WHERE geom && "
      "ST_MakeEnvelope(560000, 200000, 580000, 220000, 27700)");
  EXPECT_NE(plan.find("_geom_gist"), std::string::npos) << plan;
  // The store's tables name the view once, and no partition.
  const auto tables = db->grip_tables();
  EXPECT_NE(std::find(tables.begin(), tables.end(), "incidents"), tables.end());
  for (const auto& table : tables) EXPECT_EQ(table.find("incident_rows"), std::string::npos) << table;
}

// A build cut short (the parent's index there, one partition's attached) leaves an index the
// planner does not use; the next ingest finishes it rather than taking it as there.
TEST_F(PostgresIncidentLayout, AnUnfinishedSpatialIndexIsFinishedByTheNextIngest) {
  ingest({write_csv("2025-01-essex-street.csv", eight_rows("2025-01"))});
  const auto conninfo = database().conninfo();
  pg_value(
      conninfo,
      "DROP INDEX incidents_geom_gist; CREATE INDEX incidents_geom_gist ON ONLY incident_rows USING GIST "
      "(geom); CREATE INDEX incident_rows_p0_geom_gist ON incident_rows_p0 USING GIST (geom); ALTER INDEX "
      "incidents_geom_gist ATTACH PARTITION incident_rows_p0_geom_gist");
  ASSERT_EQ(index_state(), "f,1");
  const auto later = ingest({write_csv("2025-02-essex-street.csv", eight_rows("2025-02"))});
  ASSERT_EQ(later.files.at(0).rows_stored, 8) << later.files.at(0).message;
  EXPECT_EQ(index_state(), "t," + std::to_string(store::incident_layout::kPartitions));
}

TEST_F(PostgresIncidentLayout, PartitioningKeepsEveryRowTheKeyTheIdentityAndTheSpatialIndex) {
  db->exec(
      "CREATE TABLE incidents (fid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, geom "
      "geometry(Point, 27700), batch_id BIGINT NOT NULL, source_line BIGINT NOT NULL, source_id TEXT, month "
      "TEXT NOT NULL, occurred_from TEXT, occurred_to TEXT, category TEXT NOT NULL, offence TEXT, location "
      "TEXT, lsoa_code TEXT, lsoa_name TEXT, force TEXT, outcome TEXT, context TEXT, x DOUBLE PRECISION NOT "
      "NULL, y DOUBLE PRECISION NOT NULL, outside_km DOUBLE PRECISION)");
  std::string values;
  for (int i = 1; i <= 9; ++i) {
    const std::string n = std::to_string(i);
    values += std::string(i > 1 ? ", " : "") + "(ST_SetSRID(ST_MakePoint(" + n + ", " + n + "), 27700), 1, " +
              n + ", '2025-0" + n + "', 'Robbery', 'Street " + n + "', " + n + ", " + n + ")";
  }
  db->exec("INSERT INTO incidents (geom, batch_id, source_line, month, category, location, x, y) VALUES " +
           values);
  db->begin_write();
  db->exec(store::incident_layout::migration_sql());
  db->exec("CREATE INDEX incidents_geom_gist ON incident_rows USING GIST (geom)");
  db->commit();
  const std::string before = view_rows();
  db->begin_write();
  db->exec(store::incident_layout::partition_sql());
  db->commit();
  EXPECT_EQ(value("SELECT relkind FROM pg_class WHERE relname = 'incident_rows'"), "p");
  EXPECT_EQ(view_rows(), before);
  EXPECT_EQ(
      value("SELECT string_agg(fid || ':' || location, ',' ORDER BY fid) FROM incidents"),
      "1:Street 1,2:Street 2,3:Street 3,4:Street 4,5:Street 5,6:Street 6,7:Street 7,8:Street 8,9:Street 9");
  EXPECT_EQ(value("SELECT count(*) FROM pg_constraint WHERE conrelid = 'incident_rows'::regclass AND "
                  "contype = 'p'"),
            "1");
  EXPECT_EQ(index_state(), "t," + std::to_string(store::incident_layout::kPartitions));
  EXPECT_EQ(value("SELECT count(*) FROM pg_class WHERE relname = 'incident_rows_unpartitioned'"), "0");
  // A new row through the view takes the fid after the old identity's last.
  db->exec(
      "INSERT INTO incidents (geom, batch_id, source_line, month, category, x, y) VALUES "
      "(ST_SetSRID(ST_MakePoint(7, 8), 27700), 1, 10, '2025-02', 'Robbery', 7, 8)");
  EXPECT_EQ(value("SELECT fid FROM incidents WHERE source_line = 10"), "10");
}

}  // namespace
}  // namespace grip::test
