#include "grip/ingest/ingest_files.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "grip/core/errors.hpp"
#include "grip/harm/harm_index.hpp"
#include "grip/ingest/batch_writer.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/incident_csv.hpp"
#include "grip/ingest/placement.hpp"
#include "grip/ingest/police_uk_stop_search.hpp"
#include "grip/ingest/police_uk_street.hpp"

namespace grip::ingest {
namespace fs = std::filesystem;
namespace {

bool is_mapping_file(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 13 && name.ends_with(".mapping.json");
}

bool is_candidate(const fs::path& path) {
  if (is_mapping_file(path)) return false;
  return lower_trimmed(path.extension().string()) == ".csv" || has_boundary_extension(path);
}

// Everything one ingest shares: the store, its CRS once known, and the projector into it.
class Session {
 public:
  Session(store::Store& store, const IngestOptions& options) : store_(store), options_(options) {
    if (auto crs = store_.crs()) open_projector(crs->code);
  }

  void ensure_crs(const geo::CrsChoice& choice, IngestSummary& summary) {
    if (projector_) return;
    open_projector(choice.code);
    store_.set_crs(choice.epsg, projector_->target_name(), projector_->target_wkt(), choice.reason);
    summary.crs_chosen_now = true;
  }

  [[nodiscard]] bool has_crs() const { return projector_ != nullptr; }
  // After a refused file is rolled back, the CRS it chose (if any) is gone from the store too.
  void forget_uncommitted_crs() {
    if (!store_.crs()) {
      projector_.reset();
      projection_cache_.entries.clear();
    }
  }
  [[nodiscard]] const std::string& crs_code() const { return crs_code_; }

  // The CRS a new store takes for this file: the user's, else BNG for UK data, else local UTM.
  [[nodiscard]] geo::CrsChoice choose_crs(bool uk_source,
                                          std::optional<std::pair<double, double>> centre) const {
    if (options_.crs) return geo::crs_from_user(*options_.crs);
    if (uk_source || (centre && geo::in_great_britain(centre->first, centre->second))) {
      return geo::british_national_grid();
    }
    if (!centre) return geo::british_national_grid();
    return geo::utm_zone_for(centre->first, centre->second);
  }

  PlacementRules placement_rules() {
    PlacementRules rules;
    rules.to_store = projector_.get();
    rules.cache = &projection_cache_;
    rules.store_crs_code = crs_code_;
    rules.max_outside_m = options_.max_outside_km * 1000;
    rules.reject_outside = options_.reject_outside;
    // Asked once, not once a file: only a boundary file changes it (forget_areas_extent()).
    if (!areas_extent_) areas_extent_ = store::areas_extent(store_);
    if (const auto& areas = *areas_extent_) {
      rules.force_area = Extent{areas->min_x, areas->min_y, areas->max_x, areas->max_y};
    }
    return rules;
  }
  void forget_areas_extent() { areas_extent_.reset(); }

  // What this ingest stored, so the finish needs no scan of the layers.
  struct Bounds {
    double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
    void add(double x, double y) {
      min_x = std::min(min_x, x);
      min_y = std::min(min_y, y);
      max_x = std::max(max_x, x);
      max_y = std::max(max_y, y);
    }
    [[nodiscard]] bool empty() const { return min_x > max_x; }
  };
  void note_stored(const ParsedFile& parsed) {
    for (const auto& record : parsed.incidents) incident_bounds.add(record.where.x, record.where.y);
    for (const auto& record : parsed.stop_searches) stop_search_bounds.add(record.where.x, record.where.y);
  }
  Bounds incident_bounds, stop_search_bounds;
  std::set<std::string, std::less<>> categories_seen;
  bool areas_changed = false;

  store::Store& store() { return store_; }
  const IngestOptions& options() const { return options_; }

 private:
  void open_projector(const std::string& code) {
    projector_ = std::make_unique<geo::Projector>(code);
    crs_code_ = code;
  }

  store::Store& store_;
  const IngestOptions& options_;
  std::unique_ptr<geo::Projector> projector_;
  std::string crs_code_;
  ProjectionCache projection_cache_;
  std::optional<std::optional<store::Envelope>> areas_extent_;  // empty until asked
};

std::optional<IncidentMapping> mapping_for(const fs::path& file, const CsvTable& table,
                                           const IngestOptions& options, std::string& note) {
  if (options.mapping_path) {
    auto mapping = load_incident_mapping(*options.mapping_path);
    if (mapping_fits(mapping, table)) {
      note = "mapping " + *options.mapping_path;
      return mapping;
    }
    // A mapping the user named but that does not fit is a mistake to report, not to guess around.
    if (!is_police_uk_street(table) && !is_police_uk_stop_search(table)) {
      throw InputError(file.string(), 1,
                       "header lacks the column(s) " + missing_columns(mapping, table) + " that " +
                           *options.mapping_path + " names");
    }
  }
  fs::path beside = file;
  beside.replace_extension(".mapping.json");
  if (fs::exists(beside)) {
    auto mapping = load_incident_mapping(beside.string());
    if (!mapping_fits(mapping, table)) {
      throw InputError(file.string(), 1,
                       "header lacks the column(s) " + missing_columns(mapping, table) + " that " +
                           beside.string() + " names");
    }
    note = "mapping " + beside.string();
    return mapping;
  }
  if (auto guessed = guess_incident_mapping(table)) {
    guessed->name = file.stem().string();
    note = "columns recognised by name (no mapping file; offences stored as their own categories)";
    return guessed;
  }
  return std::nullopt;
}

ParsedFile parse_csv(const SourceText& source, const CsvTable& table, const IngestOptions& options,
                     std::string& note) {
  if (is_police_uk_street(table)) return read_police_uk_street(table);
  if (is_police_uk_stop_search(table)) return read_police_uk_stop_search(table, source.name);
  if (auto mapping = mapping_for(source.path, table, options, note))
    return read_incident_csv(table, *mapping);
  std::string header;
  for (const auto& name : table.header()) header += (header.empty() ? "" : ",") + name;
  throw InputError(source.name, 1,
                   "not a known format: the header '" + header.substr(0, 200) +
                       "' is neither data.police.uk street nor stop-and-search, and no mapping fits it "
                       "(give --mapping FILE)");
}

// Counts runs of equal values (a file's rows come a month at a time) into `counts`.
class RunCounter {
 public:
  explicit RunCounter(std::unordered_map<std::string_view, std::int64_t>& counts) : counts_(counts) {}
  ~RunCounter() { end_run(); }
  void add(std::string_view value) {
    if (run_ > 0 && value == value_) {
      ++run_;
      return;
    }
    end_run();
    value_ = value;
    run_ = 1;
  }

 private:
  void end_run() {
    if (run_ > 0) counts_[value_] += run_;
    run_ = 0;
  }
  std::unordered_map<std::string_view, std::int64_t>& counts_;
  std::string_view value_;
  std::int64_t run_ = 0;
};

// The file's rows counted by category and month for its summary; the incidents' categories are
// added to `categories_seen`.
void count_stored(const ParsedFile& parsed, FileSummary& summary,
                  std::set<std::string, std::less<>>& categories_seen) {
  // Counted by view first: a file has a handful of categories and months but up to a million
  // rows, and a std::string key per row cost a second on the national year.
  std::unordered_map<std::string_view, std::int64_t> by_category, by_month;
  {
    RunCounter months(by_month);
    for (const auto& record : parsed.incidents) {
      ++by_category[record.category];
      months.add(record.month);
    }
  }
  for (const auto& [category, rows] : by_category) {
    summary.stored_by_category[std::string(category)] += rows;
    if (!categories_seen.contains(category)) categories_seen.emplace(category);
  }
  by_category.clear();
  {
    RunCounter months(by_month);
    for (const auto& record : parsed.stop_searches) {
      ++by_category[record.search_type];
      months.add(record.month);
    }
  }
  for (const auto& [type, rows] : by_category)
    summary.stored_by_category["Stop and search: " + std::string(type)] += rows;
  for (const auto& [month, rows] : by_month) summary.stored_by_month[std::string(month)] += rows;
  for (const auto& reject : parsed.rejects) ++summary.rejected_by_reason[reject.reason];
  summary.unmapped_offences = parsed.unmapped_offences;
}

void record_counts(const BatchCounts& counts, std::int64_t rows_read, std::size_t rejected,
                   FileSummary& summary) {
  summary.batch_id = counts.batch_id;
  summary.rows_read = rows_read;
  summary.rows_stored = counts.stored;
  summary.rows_rejected = static_cast<std::int64_t>(rejected);
  summary.rows_replaced = counts.replaced;
}

// A CSV read through a mapping is identified by its bytes and the mapping's: loading the same
// extract again with a corrected mapping is new work, not "already ingested".
void include_mapping_in_identity(SourceText& source, const IngestOptions& options) {
  if (has_boundary_extension(source.path)) return;
  // data.police.uk files are read by their own schema whatever mapping is given.
  const std::string header = lower_trimmed(source.body().substr(0, source.body().find('\n')));
  if (header.find("crime id") != std::string::npos || header.find("object of search") != std::string::npos)
    return;
  fs::path mapping = source.path;
  mapping.replace_extension(".mapping.json");
  if (options.mapping_path) {
    mapping = *options.mapping_path;
  } else if (!fs::exists(mapping)) {
    return;
  }
  const SourceText mapping_text = read_source(mapping);
  source.content_hash = content_hash(source.content_hash + mapping_text.content_hash);
}

// Moves the last row to the rejects when the file ends without a line end: it may have been cut
// inside its last field. Kept in the rejects with its raw text, so nothing is lost.
void reject_unterminated_last_row(const CsvTable& table, ParsedFile& parsed) {
  if (!table.last_row_unterminated()) return;
  const std::int64_t line = table.line(table.rows() - 1);
  std::string raw;  // the record's raw text, where its reader blanked personal fields, not the table's
  const auto on_line = [line, &raw](const auto& record) {
    if (record.line == line) raw = record.raw;
    return record.line == line;
  };
  const bool stored =
      std::erase_if(parsed.incidents, on_line) + std::erase_if(parsed.stop_searches, on_line) > 0;
  if (stored) {
    parsed.rejects.push_back({line, "last row has no line end",
                              "the file may be cut off inside this row; check it against the source",
                              std::move(raw)});
  }
}

// A file read, hashed and, for a table, checked and parsed, on the read-ahead thread, so the
// store takes one file's rows while the next is parsed. The parse (or the InputError it threw)
// is used only if the file is new to the store: a copy ingested before is skipped unread, as
// before. Held by pointer: the table and the parsed rows point into `source`'s bytes.
struct PreparedFile {
  SourceText source;
  std::unique_ptr<CsvTable> table;
  std::optional<ParsedFile> parsed;
  std::string note;  // how the file was read (a mapping's name), for its summary line
  std::exception_ptr parse_error;
  // Set when the rows were placed ahead, on a worker, while the file before was written
  // (place_ahead); an error from that placement is raised only if the file is stored.
  bool placed = false;
  std::int64_t rows_outside = 0;
  std::exception_ptr place_error;
};

std::unique_ptr<PreparedFile> prepare_file(const fs::path& path, const IngestOptions& options) {
  auto prepared = std::make_unique<PreparedFile>();
  prepared->source = read_source(path);
  include_mapping_in_identity(prepared->source, options);
  if (has_boundary_extension(path)) return prepared;
  try {
    const SourceText& source = prepared->source;
    require_text(source);
    prepared->table = std::make_unique<CsvTable>(source.body(), source.name);
    ParsedFile parsed = parse_csv(source, *prepared->table, options, prepared->note);
    reject_unterminated_last_row(*prepared->table, parsed);
    prepared->parsed = std::move(parsed);
  } catch (...) {
    prepared->parse_error = std::current_exception();
  }
  return prepared;
}

// Places the next file's rows on a worker once its parse is done, with rules fixed now. Only for
// rules that cannot change while the current file is written: a CRS chosen by an earlier file
// (a refused file's rollback can take away only a CRS it chose itself), and no boundary file in
// between. The worker is the only user of the projector and the projection cache until the
// returned future is waited for, which the next iteration does before anything else.
std::future<std::unique_ptr<PreparedFile>> place_ahead(std::future<std::unique_ptr<PreparedFile>> parsing,
                                                       PlacementRules rules) {
  return std::async(std::launch::async, [parsing = std::move(parsing), rules = std::move(rules)]() mutable {
    std::unique_ptr<PreparedFile> prepared = parsing.get();
    if (!prepared->parse_error && prepared->parsed) {
      try {
        prepared->rows_outside = place(*prepared->parsed, rules);
      } catch (...) {
        prepared->place_error = std::current_exception();
      }
      prepared->placed = true;
    }
    return prepared;
  });
}

// The first half of a table file: its CRS (for the first file) and its rows placed.
void place_table_file(Session& session, PreparedFile& prepared, FileSummary& summary, IngestSummary& all) {
  if (prepared.parse_error) std::rethrow_exception(prepared.parse_error);
  ParsedFile& parsed = *prepared.parsed;
  summary.message = prepared.note;
  summary.format = to_string(parsed.format);
  summary.dataset = parsed.dataset;
  if (!session.has_crs()) {
    // Chosen from the first file with a position (or --crs): a file whose rows all lack
    // coordinates must not fix the store's CRS for data that comes later.
    const auto centre = median_position(parsed);
    if (centre || session.options().crs) {
      std::optional<std::pair<double, double>> lon_lat;
      if (centre) lon_lat = std::pair{centre->longitude, centre->latitude};
      session.ensure_crs(session.choose_crs(parsed.format != Format::kIncidentCsv, lon_lat), all);
    }
  }
  if (prepared.place_error) std::rethrow_exception(prepared.place_error);
  summary.rows_outside_force_area =
      prepared.placed ? prepared.rows_outside : place(parsed, session.placement_rules());
}

// The second half: the placed rows written as a batch, and counted.
void store_table_file(Session& session, PreparedFile& prepared, FileSummary& summary) {
  ParsedFile& parsed = *prepared.parsed;
  record_counts(write_batch(session.store(), prepared.source, parsed, session.options().confirm_replace,
                            summary.message),
                parsed.rows_read, parsed.rejects.size(), summary);
  count_stored(parsed, summary, session.categories_seen);
  session.note_stored(parsed);
}

void ingest_boundary_file(Session& session, const SourceText& source, FileSummary& summary,
                          IngestSummary& all) {
  summary.format = to_string(Format::kBoundaries);
  session.forget_areas_extent();  // stored or rolled back, the areas are no longer what was read
  if (!session.has_crs()) session.ensure_crs(session.choose_crs(false, boundary_centre(source.path)), all);
  const ParsedBoundaries parsed =
      read_boundaries(source.path, session.crs_code(), session.options().boundaries);
  BoundaryPlacement placement = parsed.placement;  // boundary_checks.hpp
  if (const auto incidents = store::incidents_extent(session.store())) {
    placement.incidents = Extent{incidents->min_x, incidents->min_y, incidents->max_x, incidents->max_y};
  }
  if (const auto problem = boundary_placement_problem(placement)) throw InputError(source.name, 0, *problem);
  summary.dataset = parsed.kind;
  summary.message = "areas of kind '" + parsed.kind + "', code from '" + parsed.code_field +
                    "', name from '" + parsed.name_field + "'";
  if (parsed.merged_features > 0) {
    summary.message += "; " + std::to_string(parsed.merged_features) +
                       " features repeated an earlier feature's code and were merged into its area";
  }
  if (!parsed.repaired_codes.empty()) {
    summary.message += "; " + std::to_string(parsed.repaired_codes.size()) +
                       " areas with an invalid (self-intersecting) outline repaired with GEOS MakeValid: " +
                       parsed.repaired_codes.front() + (parsed.repaired_codes.size() > 1 ? ", ..." : "");
  }
  const BatchCounts counts = write_boundary_batch(session.store(), source, parsed);
  record_counts(counts, parsed.features_read, parsed.rejects.size(), summary);
  summary.stored_by_category[parsed.kind] = counts.stored;
  session.areas_changed = true;
  for (const auto& reject : parsed.rejects) ++summary.rejected_by_reason[reject.reason];
}

// The harm index in force is written with the data, so every later analysis reads the same weights;
// categories the data has but the index lacks are listed with weight 0 and say so.
void write_categories(store::Store& store, const IngestOptions& options,
                      const std::set<std::string, std::less<>>& categories_seen) {
  auto index = harm::HarmIndex::built_in();
  if (options.harm_weights_path) index = harm::HarmIndex::with_overrides(index, *options.harm_weights_path);
  std::vector<store::CategoryRow> weights, unknown;
  for (const auto& weight : index.categories()) {
    weights.push_back({weight.category, weight.harm_weight, harm::to_string(weight.origin), weight.basis});
  }
  for (const auto& category : categories_seen) {
    if (index.find(category)) continue;
    unknown.push_back(
        {category, 0.0, "unknown", "not in the harm index: weight 0 until given in --harm-weights"});
  }
  store::write_categories(store, weights);
  store::add_missing_categories(store, unknown);
  store.put_setting("harm_index", index.description());
}

}  // namespace

std::vector<fs::path> expand_inputs(const std::vector<fs::path>& paths) {
  std::vector<fs::path> boundaries, tables;
  const auto add = [&](const fs::path& file) {
    (has_boundary_extension(file) ? boundaries : tables).push_back(file);
  };
  for (const auto& path : paths) {
    if (fs::is_directory(path)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.is_regular_file() && is_candidate(entry.path())) found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      for (const auto& file : found) add(file);
    } else if (fs::exists(path)) {
      add(path);
    } else {
      throw InputError(path.string(), 0, "no such file or folder");
    }
  }
  boundaries.insert(boundaries.end(), tables.begin(), tables.end());
  return boundaries;
}

IngestSummary ingest_files(store::Store& store, const std::vector<fs::path>& paths,
                           const IngestOptions& options) {
  const auto files = expand_inputs(paths);
  IngestSummary summary;
  summary.store_path = store.path();
  store::BulkLoad bulk(store);
  store::WriteTransaction transaction(store);
  Session session(store, options);
  // The next file is read, hashed and parsed on a second thread while this one is stored, so
  // the server takes rows without waiting for the client's parse (prepare_file).
  const auto read_ahead = [&](std::size_t i) {
    return i < files.size() ? std::async(std::launch::async, prepare_file, files[i], std::cref(options))
                            : std::future<std::unique_ptr<PreparedFile>>();
  };
  std::future<std::unique_ptr<PreparedFile>> next = read_ahead(0);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::future<std::unique_ptr<PreparedFile>> current = std::move(next);
    next = read_ahead(i + 1);
    if (options.progress) options.progress(i, files.size(), files[i].string());
    FileSummary file;
    file.file = files[i].string();
    const bool crs_settled = session.has_crs();  // chosen by an earlier file: no rollback takes it
    // A savepoint per file: a file refused half-way leaves nothing behind, not even a CRS choice.
    store::Savepoint savepoint(store, "ingest_file");
    try {
      const std::unique_ptr<PreparedFile> prepared = current.get();
      const SourceText& source = prepared->source;
      if (const auto previous = find_previous_copy(store, source.content_hash)) {
        file.status = FileStatus::kAlreadyIngested;
        file.batch_id = previous->batch_id;
        file.message = previous->superseded_by
                           ? "identical to batch " + std::to_string(previous->batch_id) + ", which batch " +
                                 std::to_string(*previous->superseded_by) +
                                 " replaced with a newer copy; not loaded again, so the newer data stays"
                           : "already ingested as batch " + std::to_string(previous->batch_id) + " on " +
                                 previous->ingested_at + "; nothing added";
      } else if (has_boundary_extension(files[i])) {
        ingest_boundary_file(session, source, file, summary);
      } else {
        place_table_file(session, *prepared, file, summary);
        if (crs_settled && i + 1 < files.size() && !has_boundary_extension(files[i + 1])) {
          next = place_ahead(std::move(next), session.placement_rules());
        }
        store_table_file(session, *prepared, file);
      }
      savepoint.release();
    } catch (const InputError& error) {
      savepoint.rollback();
      session.forget_uncommitted_crs();
      file.status = FileStatus::kRefused;
      file.message = error.what();
    }
    summary.files.push_back(std::move(file));
  }
  if (options.progress) options.progress(files.size(), files.size(), "");
  if (session.has_crs()) {
    write_categories(store, options, session.categories_seen);
    if (!session.incident_bounds.empty()) {
      const auto& b = session.incident_bounds;
      store.extend_layer("incidents", {b.min_x, b.max_x, b.min_y, b.max_y});
    }
    if (!session.stop_search_bounds.empty()) {
      const auto& b = session.stop_search_bounds;
      store.extend_layer("stop_searches", {b.min_x, b.max_x, b.min_y, b.max_y});
    }
    if (session.areas_changed) store::refresh_areas_bounds(store);
    const auto crs = store.crs();
    summary.crs_code = crs->code;
    summary.crs_name = crs->name;
    summary.crs_reason = store.setting("crs_reason").value_or("");
  }
  transaction.commit();
  return summary;
}

store::UndoneBatch undo_ingest(store::Store& store, std::int64_t batch_id) {
  store::WriteTransaction transaction(store);
  auto undone = store::undo_batch(store, batch_id);
  transaction.commit();
  return undone;
}

}  // namespace grip::ingest
