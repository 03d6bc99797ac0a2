#include "grip/store/schema.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "grip/core/errors.hpp"

namespace grip::store {
namespace {

// Migration 1: the tables ingest writes. Feature tables are registered as layers once the store's
// CRS is known. Table definitions are in GeoPackage terms; Database::ddl() translates them.
constexpr const char* kMigration1 = R"SQL(
CREATE TABLE grip_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per file stored. content_hash identifies a file by its bytes, so a second ingest of the
-- same file is recognised whatever its name; superseded_at marks batches whose rows were replaced.
CREATE TABLE ingest_batches (
  batch_id INTEGER PRIMARY KEY AUTOINCREMENT, file_name TEXT NOT NULL, file_path TEXT NOT NULL,
  content_hash TEXT NOT NULL, bytes INTEGER NOT NULL, format TEXT NOT NULL, dataset TEXT NOT NULL,
  rows_read INTEGER NOT NULL, rows_stored INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,
  rows_replaced INTEGER NOT NULL DEFAULT 0, ingested_at TEXT NOT NULL, grip_version TEXT NOT NULL,
  superseded_by INTEGER REFERENCES ingest_batches(batch_id),
  -- A batch's rows are inserted together, so they lie in one fid range of their table: finding them
  -- is a rowid range scan, with no index on batch_id for every ingested row to maintain.
  first_fid INTEGER, last_fid INTEGER);
CREATE INDEX ingest_batches_hash ON ingest_batches(content_hash);
CREATE INDEX ingest_batches_dataset ON ingest_batches(dataset);

-- Crime and incident records: one point each, in the store's CRS (x, y repeat the geometry so that
-- analyses read plain columns). The dataset is the batch's. Time: month-resolution sources
-- (data.police.uk) have only `month`; time-stamped ones have occurred_from, and occurred_to when the
-- time is a window (aoristic). Kept lean because ingest writes every byte of it.
CREATE TABLE incidents (
  fid INTEGER PRIMARY KEY, geom POINT NOT NULL,
  batch_id INTEGER NOT NULL,  -- ingest_batches.batch_id; no FK clause, which costs a lookup per row
  source_line INTEGER NOT NULL, source_id TEXT,
  month TEXT NOT NULL, occurred_from TEXT, occurred_to TEXT,
  category TEXT NOT NULL, offence TEXT, location TEXT, lsoa_code TEXT, lsoa_name TEXT,
  force TEXT, outcome TEXT, context TEXT, x REAL NOT NULL, y REAL NOT NULL,
  outside_km REAL);  -- set when the point lies beyond the tolerance around the force area

-- Stop and search records keep only what patrol outcomes need: no gender or age; of ethnicity only the
-- self-defined top-level group (migration 13).
-- month is the data.police.uk month the record was published under; occurred_at its own time.
CREATE TABLE stop_searches (
  fid INTEGER PRIMARY KEY, geom POINT NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES ingest_batches(batch_id),
  source_line INTEGER NOT NULL, month TEXT NOT NULL, occurred_at TEXT NOT NULL,
  search_type TEXT, part_of_operation TEXT, operation_name TEXT, legislation TEXT, object_of_search TEXT,
  outcome TEXT, outcome_linked_to_object TEXT, force TEXT, x REAL NOT NULL, y REAL NOT NULL, outside_km REAL);

-- The (dataset, month, force) groups each batch holds: a newer copy of a group replaces it. Kept
-- apart from the rows so that finding the rows to replace is an index lookup by batch.
CREATE TABLE batch_groups (
  batch_id INTEGER NOT NULL REFERENCES ingest_batches(batch_id), dataset TEXT NOT NULL, month TEXT NOT NULL,
  force TEXT NOT NULL, PRIMARY KEY (dataset, month, force, batch_id));

-- Boundaries: districts (community safety partnership areas), LSOAs, precincts.
CREATE TABLE areas (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES ingest_batches(batch_id),
  kind TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, parent_code TEXT, parent_name TEXT,
  area_m2 REAL NOT NULL, min_x REAL, min_y REAL, max_x REAL, max_y REAL,
  UNIQUE (kind, code));

-- Rows refused one by one, with where they came from and why; nothing is silently dropped.
CREATE TABLE rejects (
  reject_id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id INTEGER NOT NULL REFERENCES ingest_batches(batch_id),
  file_name TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, raw TEXT NOT NULL);
CREATE INDEX rejects_batch ON rejects(batch_id);

-- Harm weights and victim/police-generated flags in force when data was last ingested.
CREATE TABLE categories (
  category TEXT PRIMARY KEY, harm_weight REAL NOT NULL, origin TEXT NOT NULL, basis TEXT NOT NULL);

)SQL";

// Migration 2: the layers `grip hotspots` writes (src/grip/hotspot/hotspot_layers.cpp). Registered
// as GeoPackage layers by the first run, when the store's CRS is known.
constexpr const char* kMigration2 = R"SQL(
CREATE TABLE hotspot_runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, settings TEXT NOT NULL, result TEXT NOT NULL,
  cell_size_m REAL NOT NULL, bandwidth_m REAL NOT NULL, first_month TEXT NOT NULL, last_month TEXT NOT NULL,
  study_area_m2 REAL NOT NULL, incidents INTEGER NOT NULL, selected INTEGER NOT NULL);

-- Cells of the latest run with any incident or a non-zero Gi* bin (empty cells are not written).
CREATE TABLE hotspot_cells (
  fid INTEGER PRIMARY KEY, geom POLYGON NOT NULL, run_id INTEGER NOT NULL REFERENCES hotspot_runs(run_id),
  cell INTEGER NOT NULL, col INTEGER NOT NULL, row INTEGER NOT NULL, incidents INTEGER NOT NULL, harm REAL NOT NULL,
  ranking_harm REAL NOT NULL, weight REAL NOT NULL, kde_density REAL NOT NULL, kde_expected REAL NOT NULL,
  gi_z REAL, gi_p REAL, gi_p_adjusted REAL, gi_bin INTEGER NOT NULL, trend TEXT NOT NULL, trend_z REAL,
  trend_p REAL, hotspot_id TEXT);
CREATE INDEX hotspot_cells_run ON hotspot_cells(run_id);

-- Hotspot areas of the latest run: selected (selected = 1) and runners-up, with rank and explanation.
CREATE TABLE hotspots (
  fid INTEGER PRIMARY KEY, geom MULTIPOLYGON NOT NULL, run_id INTEGER NOT NULL REFERENCES hotspot_runs(run_id),
  hotspot_id TEXT NOT NULL, rank INTEGER NOT NULL, selected INTEGER NOT NULL, name TEXT NOT NULL,
  district TEXT NOT NULL, street_label TEXT NOT NULL, area_m2 REAL NOT NULL, cells INTEGER NOT NULL,
  harm REAL NOT NULL, ranking_harm REAL NOT NULL, share_of_force_harm REAL NOT NULL, incidents INTEGER NOT NULL,
  counts_by_type TEXT NOT NULL, peak_gi_z REAL, mean_kde_density REAL NOT NULL, trend_cells TEXT NOT NULL,
  review TEXT NOT NULL, review_reason TEXT NOT NULL, explanation TEXT NOT NULL);
CREATE INDEX hotspots_run ON hotspots(run_id);
)SQL";

// Migration 3: what `grip backtest` and `grip forecast` write (src/grip/forecast/forecast_layers.cpp).
constexpr const char* kMigration3 = R"SQL(
-- One row per backtest: settings, the table as JSON and the model chosen as the default.
CREATE TABLE backtest_runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, dataset TEXT NOT NULL, window_kind TEXT NOT NULL,
  cell_size_m REAL NOT NULL, study_area_m2 REAL NOT NULL, metric TEXT NOT NULL, best_model TEXT NOT NULL,
  scored_windows INTEGER NOT NULL, result TEXT NOT NULL);

CREATE TABLE forecast_runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, model TEXT NOT NULL, model_source TEXT NOT NULL,
  dataset TEXT NOT NULL, target_types TEXT NOT NULL, window_kind TEXT NOT NULL, target_window TEXT NOT NULL,
  cell_size_m REAL NOT NULL, study_area_m2 REAL NOT NULL, probability_cut REAL NOT NULL, cells_written INTEGER NOT NULL,
  expected_total REAL NOT NULL, result TEXT NOT NULL);

-- The probability surface of the latest forecast: study-area cells with P >= the run's probability_cut.
CREATE TABLE forecast_cells (
  fid INTEGER PRIMARY KEY, geom POLYGON NOT NULL, run_id INTEGER NOT NULL REFERENCES forecast_runs(run_id),
  cell INTEGER NOT NULL, col INTEGER NOT NULL, row INTEGER NOT NULL, probability REAL NOT NULL,
  probability_uncalibrated REAL NOT NULL, expected REAL NOT NULL, expected_harm REAL NOT NULL, rank INTEGER NOT NULL,
  explanation TEXT);
CREATE INDEX forecast_cells_run ON forecast_cells(run_id);

-- The selected hotspots of the latest hotspot run with the latest forecast's probabilities.
CREATE TABLE forecast_hotspots (
  fid INTEGER PRIMARY KEY, geom MULTIPOLYGON NOT NULL, run_id INTEGER NOT NULL REFERENCES forecast_runs(run_id),
  hotspot_run_id INTEGER NOT NULL, hotspot_id TEXT NOT NULL, name TEXT NOT NULL, cells INTEGER NOT NULL,
  probability REAL NOT NULL, expected REAL NOT NULL, expected_harm REAL NOT NULL, rank INTEGER NOT NULL,
  explanation TEXT NOT NULL);
CREATE INDEX forecast_hotspots_run ON forecast_hotspots(run_id);
)SQL";

// Migration 4: GeoPackage Req 119 wants an INTEGER primary key on every attribute table; the
// category name becomes a unique column instead.
constexpr const char* kMigration4 = R"SQL(
CREATE TABLE categories_v4 (
  id INTEGER PRIMARY KEY AUTOINCREMENT, category TEXT NOT NULL UNIQUE, harm_weight REAL NOT NULL,
  origin TEXT NOT NULL, basis TEXT NOT NULL);
INSERT INTO categories_v4 (category, harm_weight, origin, basis)
  SELECT category, harm_weight, origin, basis FROM categories ORDER BY category;
DROP TABLE categories;
ALTER TABLE categories_v4 RENAME TO categories;
)SQL";

// Migration 5: replaced rows are kept, not deleted, until `grip store vacuum`: a newer copy moves
// the rows (and rejects) it replaces here, tagged with its batch, so `grip ingest --undo BATCH`
// can put them back. fid is the row's own, so a restored row returns to its batch's fid range.
constexpr const char* kMigration5 = R"SQL(
CREATE TABLE superseded_incidents (
  fid INTEGER PRIMARY KEY, geom POINT NOT NULL, batch_id INTEGER NOT NULL,
  source_line INTEGER NOT NULL, source_id TEXT, month TEXT NOT NULL, occurred_from TEXT, occurred_to TEXT,
  category TEXT NOT NULL, offence TEXT, location TEXT, lsoa_code TEXT, lsoa_name TEXT,
  force TEXT, outcome TEXT, context TEXT, x REAL NOT NULL, y REAL NOT NULL, outside_km REAL,
  superseded_by INTEGER NOT NULL);
CREATE INDEX superseded_incidents_by ON superseded_incidents(superseded_by);
CREATE INDEX superseded_incidents_batch ON superseded_incidents(batch_id);

CREATE TABLE superseded_stop_searches (
  fid INTEGER PRIMARY KEY, geom POINT NOT NULL, batch_id INTEGER NOT NULL,
  source_line INTEGER NOT NULL, month TEXT NOT NULL, occurred_at TEXT NOT NULL,
  search_type TEXT, part_of_operation TEXT, operation_name TEXT, legislation TEXT, object_of_search TEXT,
  outcome TEXT, outcome_linked_to_object TEXT, force TEXT, x REAL NOT NULL, y REAL NOT NULL, outside_km REAL,
  superseded_by INTEGER NOT NULL);
CREATE INDEX superseded_stop_searches_by ON superseded_stop_searches(superseded_by);
CREATE INDEX superseded_stop_searches_batch ON superseded_stop_searches(batch_id);

CREATE TABLE superseded_rejects (
  reject_id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, file_name TEXT NOT NULL, line INTEGER NOT NULL,
  reason TEXT NOT NULL, detail TEXT NOT NULL, raw TEXT NOT NULL, superseded_by INTEGER NOT NULL);
CREATE INDEX superseded_rejects_by ON superseded_rejects(superseded_by);
)SQL";

// Migration 6: patrol designs fixed before any patrol (src/grip/patrol/design.hpp), and plans.
// An assignment row is one hotspot-day; the design's hash covers them all, so an edit is detected.
constexpr const char* kMigration6 = R"SQL(
CREATE TABLE patrol_designs (
  design_id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, kind TEXT NOT NULL, seed TEXT NOT NULL,
  first_day TEXT NOT NULL, days INTEGER NOT NULL, treated_share REAL NOT NULL, hotspot_run_id INTEGER NOT NULL,
  hash TEXT NOT NULL);
CREATE TABLE patrol_assignments (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, design_id INTEGER NOT NULL REFERENCES patrol_designs(design_id),
  hotspot_id TEXT NOT NULL, day INTEGER NOT NULL, treated INTEGER NOT NULL);
CREATE INDEX patrol_assignments_design ON patrol_assignments(design_id);
)SQL";

// Migration 7: patrol plans (`grip plan`, src/grip/patrol/plan_run.hpp): one row per plan with its
// settings, solver figures and where the risk came from, and one row per planned visit.
constexpr const char* kMigration7 = R"SQL(
CREATE TABLE patrol_plans (
  plan_id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, first_day TEXT NOT NULL, days INTEGER NOT NULL,
  seed TEXT NOT NULL, hotspot_run_id INTEGER NOT NULL, design_id INTEGER, design_kind TEXT NOT NULL,
  risk_source TEXT NOT NULL, profile_source TEXT NOT NULL, visits INTEGER NOT NULL, objective REAL NOT NULL,
  bound REAL NOT NULL, gap REAL NOT NULL, solver_status TEXT NOT NULL, settings TEXT NOT NULL);
CREATE TABLE patrol_visits (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, plan_id INTEGER NOT NULL REFERENCES patrol_plans(plan_id),
  hotspot_id TEXT NOT NULL, team TEXT NOT NULL, day INTEGER NOT NULL, shift TEXT NOT NULL,
  starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, risk REAL NOT NULL);
CREATE INDEX patrol_visits_plan ON patrol_visits(plan_id);
)SQL";

// Migration 8: GPS dosage (src/grip/patrol/gps_ingest.hpp). grip_secrets holds the per-store key of
// the officer pseudonyms; it is neither a layer nor an attribute table, so exports never see it.
// Raw fixes are not kept: each ping file leaves a gps_batches row and its visit events. The
// problem-solving log sits beside them (src/grip/store/action_tables.hpp).
constexpr const char* kMigration8 = R"SQL(
CREATE TABLE grip_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE gps_batches (
  batch_id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE,
  ingested_at TEXT NOT NULL, hotspot_run_id INTEGER NOT NULL, rows_read INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL, fixes_kept INTEGER NOT NULL, dropped_imprecise INTEGER NOT NULL,
  dropped_duplicate INTEGER NOT NULL, dropped_jump INTEGER NOT NULL, dropped_outside INTEGER NOT NULL,
  officers INTEGER NOT NULL, visits INTEGER NOT NULL, buffer_m REAL NOT NULL, bridge_s INTEGER NOT NULL);
CREATE TABLE gps_visits (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, batch_id INTEGER NOT NULL REFERENCES gps_batches(batch_id),
  hotspot_run_id INTEGER NOT NULL, hotspot_id TEXT NOT NULL, officer TEXT NOT NULL, first_in TEXT NOT NULL,
  last_in TEXT NOT NULL, entry_earliest TEXT NOT NULL, exit_latest TEXT NOT NULL, minutes REAL NOT NULL,
  minutes_low REAL NOT NULL, minutes_high REAL NOT NULL, fixes INTEGER NOT NULL, verified INTEGER NOT NULL);
CREATE INDEX gps_visits_batch ON gps_visits(batch_id);
-- The problem-solving log: what is being done about each hotspot besides patrol.
CREATE TABLE problem_solving_actions (
  action_id INTEGER PRIMARY KEY AUTOINCREMENT, hotspot_id TEXT NOT NULL, kind TEXT NOT NULL,
  owner TEXT NOT NULL, status TEXT NOT NULL, opened TEXT NOT NULL, closed TEXT, partner TEXT NOT NULL,
  notes TEXT NOT NULL, updated_at TEXT NOT NULL);
)SQL";

// Migration 9: web accounts (`grip users`, `grip serve`, src/grip/server/). Passwords are kept only
// as Argon2id encoded hashes; a session row holds the SHA-256 of its cookie token, never the token.
// The audit log records every write through the server and every view of personal data.
constexpr const char* kMigration9 = R"SQL(
CREATE TABLE users (
  user_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(user_id), csrf_token TEXT NOT NULL,
  created TEXT NOT NULL, expires TEXT NOT NULL);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  audit_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, detail TEXT NOT NULL);
)SQL";

// Migration 10 (issue 12): patrol outcomes (src/grip/store/outcome_tables.hpp), each linked to a
// hotspot and, where place and time allow, to a gps_visits fid; and issued monthly returns, each a snapshot
// of its figures with a hash chained to the return issued before it (src/grip/patrol/monthly_return.hpp).
constexpr const char* kMigration10 = R"SQL(
CREATE TABLE outcomes (
  outcome_id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, occurred_at TEXT NOT NULL,
  hotspot_id TEXT NOT NULL, gps_visit_fid INTEGER, weapon_type TEXT NOT NULL, people_through INTEGER,
  detections INTEGER, notes TEXT NOT NULL, source TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE monthly_returns (
  return_id INTEGER PRIMARY KEY AUTOINCREMENT, month TEXT NOT NULL, issued_at TEXT NOT NULL,
  figures TEXT NOT NULL, figures_hash TEXT NOT NULL, previous_hash TEXT NOT NULL, chain_hash TEXT NOT NULL);
)SQL";

// Migration 11 (issue 12): officers' self-reported patrol hours (src/grip/patrol/self_reported_hours.hpp),
// the officer pseudonymised at import with the store's key, as in gps_visits; checked against GPS hours.
constexpr const char* kMigration11 = R"SQL(
CREATE TABLE self_reported_hours (
  report_id INTEGER PRIMARY KEY AUTOINCREMENT, officer TEXT NOT NULL, day TEXT NOT NULL,
  hotspot_id TEXT NOT NULL, team TEXT NOT NULL, hours REAL NOT NULL, source TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE INDEX self_reported_hours_day ON self_reported_hours(day);
)SQL";

// Migration 12 (issue 12): raw pings kept only under an explicit retention setting
// (`grip ingest --keep-pings-days N`): the cleaned fix with its pseudonymous officer, time, position in
// the store's CRS and accuracy, nothing else, and the instant it expires; every ingest and `grip store
// purge` delete the expired ones.
constexpr const char* kMigration12 = R"SQL(
CREATE TABLE gps_pings (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, batch_id INTEGER NOT NULL REFERENCES gps_batches(batch_id),
  officer TEXT NOT NULL, fix_time TEXT NOT NULL, x REAL NOT NULL, y REAL NOT NULL, accuracy_m REAL NOT NULL,
  expires_at TEXT NOT NULL);
CREATE INDEX gps_pings_expiry ON gps_pings(expires_at);
)SQL";

// Migration 13 (issue 12): the top-level group of a stop search's self-defined ethnicity ("White",
// "Black", "Asian", "Mixed", "Other", "Not stated"; src/grip/ingest/police_uk_stop_search.hpp), for the
// scrutiny panel's breakdown. Only the group: never the detailed category, gender, age or free text.
// NULL for rows ingested before it (or from files without the column).
constexpr const char* kMigration13 = R"SQL(
ALTER TABLE stop_searches ADD COLUMN ethnicity_group TEXT;
ALTER TABLE superseded_stop_searches ADD COLUMN ethnicity_group TEXT;
)SQL";

// Migration 14 (issue 14): an officer's team on their account (NULL = no team; GET /api/tasking
// then shows them nothing until an admin sets it), and analysts' edits of the latest hotspot run's
// selection (src/grip/store/selection_edit_tables.hpp): who dropped or added which hotspot, when and
// why. The edit itself is hotspots.selected; this table is its history.
constexpr const char* kMigration14 = R"SQL(
ALTER TABLE users ADD COLUMN team TEXT;
CREATE TABLE hotspot_selection_edits (
  edit_id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, hotspot_id TEXT NOT NULL,
  kind TEXT NOT NULL, reason TEXT NOT NULL, user_name TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX hotspot_selection_edits_run ON hotspot_selection_edits(run_id);
)SQL";

// Migration 15: nothing shared. On PostGIS, incidents becomes a narrow table and a dictionary of
// its repeated texts behind a view of the same name (postgres_incident_layout.hpp, which says why);
// the GeoPackage keeps its one table.
constexpr const char* kMigration15 = "";

// Migration 16: nothing shared. On PostGIS, the narrow incident table is partitioned by fid, so its
// spatial index builds on several cores (postgres_incident_layout.hpp).
constexpr const char* kMigration16 = "";

// Migration 17: nothing shared. On PostGIS, the narrow incident table keeps category as an id too,
// and x and y no longer (the view gives them from geom; postgres_incident_layout.hpp).
constexpr const char* kMigration17 = "";

struct Migration {
  const char* ddl;
  // Attribute tables the migration adds, registered with the engine's catalogue.
  std::vector<std::pair<const char*, const char*>> attribute_tables;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {kMigration1,
       {{"ingest_batches", "Files ingested, with counts (Grip)"},
        {"rejects", "Rows refused at ingest, with file, line and reason (Grip)"},
        {"categories", "Harm weights and victim/police-generated flags (Grip)"}}},
      {kMigration2, {}},
      {kMigration3, {}},
      {kMigration4, {{"categories", "Harm weights and victim/police-generated flags (Grip)"}}},
      {kMigration5, {}},
      {kMigration6,
       {{"patrol_designs", "Randomised patrol designs with seed and hash, fixed before patrols (Grip)"},
        {"patrol_assignments", "Treated and control hotspot-days of each patrol design (Grip)"}}},
      {kMigration7,
       {{"patrol_plans", "Patrol plans: settings, solver objective and gap, risk source (Grip)"},
        {"patrol_visits", "Planned hotspot visits: hotspot, team, shift, start and end (Grip)"}}},
      {kMigration8,
       {{"gps_batches", "GPS ping files turned into visits, with counts of dropped fixes (Grip)"},
        {"gps_visits", "Hotspot visits from GPS, pseudonymous officer, minutes with an interval (Grip)"},
        {"problem_solving_actions", "Problem-solving actions per hotspot: CCTV, lighting, partners (Grip)"}}},
      {kMigration9, {}},
      {kMigration10,
       {{"outcomes", "Patrol outcomes: arrests, stop searches, weapons, arch deployments (Grip)"},
        {"monthly_returns", "Issued monthly returns: figures with a chained hash (Grip)"}}},
      {kMigration11,
       {{"self_reported_hours", "Officers' self-reported patrol hours, pseudonymous officer (Grip)"}}},
      {kMigration12, {}},
      {kMigration13, {}},
      {kMigration14,
       {{"hotspot_selection_edits",
         "Analysts' edits of the latest hotspot selection: who, when, why (Grip)"}}},
      {kMigration15, {}},
      {kMigration16, {}},
      {kMigration17, {}},
  };
  return all;
}

// 0 for a store without the version table (a new one); creates the table only when asked to.
int read_version(Database& database, bool create) {
  if (create) {
    database.exec(database.ddl("CREATE TABLE IF NOT EXISTS grip_schema_version (version INTEGER NOT NULL)"));
  } else {
    const auto tables = database.grip_tables();
    if (std::find(tables.begin(), tables.end(), "grip_schema_version") == tables.end()) return 0;
  }
  auto query = database.prepare("SELECT MAX(version) FROM grip_schema_version");
  return query->step() && !query->column_is_null(0) ? static_cast<int>(query->column_int(0)) : 0;
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

int migrate(Database& database) {
  // Most opens find the store up to date: read the version without taking the write lock, so a
  // command started beside a long ingest does not queue behind it just to learn that.
  if (!database.is_empty()) {
    database.begin_read();
    const int current = read_version(database, false);
    database.commit();
    if (current == latest_schema_version()) return current;
  }
  database.begin_write();
  try {
    const int found = apply_migrations(database);
    database.commit();
    return found;
  } catch (...) {
    database.rollback();
    throw;
  }
}

int apply_migrations(Database& database) {
  const bool empty = database.is_empty();
  if (empty) database.create_catalogue();
  const int found = read_version(database, true);
  if (found > latest_schema_version()) {
    throw StoreError(database.location() + " has schema version " + std::to_string(found) +
                     ", newer than this Grip understands (" + std::to_string(latest_schema_version()) +
                     "); upgrade Grip");
  }
  for (int version = found + 1; version <= latest_schema_version(); ++version) {
    const auto& migration = migrations()[static_cast<std::size_t>(version - 1)];
    if (*migration.ddl != '\0') database.exec(database.ddl(migration.ddl));
    database.migrate_layout(version);
    for (const auto& [table, description] : migration.attribute_tables) {
      database.register_attribute_table(table, description);
    }
    database.exec("INSERT INTO grip_schema_version (version) VALUES (" + std::to_string(version) + ")");
  }
  return found;
}

}  // namespace grip::store
