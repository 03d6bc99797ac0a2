#include "grip/store/postgres_spatial_index.hpp"

#include <poll.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

// One of the connections that build partitions' indexes at once, with its share of them.
struct Builder {
  std::unique_ptr<PgConnection> connection;
  std::vector<std::size_t> share;  // indexes into the partitions, built in this order
  std::size_t next = 0;            // the next of `share` to send
  std::size_t sent = 0;            // the partition whose build is on the way
  bool busy = false;
  bool built = true;  // no error result yet for the build on the way
  bool failed = false;
};

std::string partition_index(const std::string& partition) { return partition + "_geom_gist"; }

std::string build_sql(PgConnection& connection, const std::string& partition) {
  return "CREATE INDEX IF NOT EXISTS " + connection.identifier(partition_index(partition)) + " ON " +
         connection.identifier(partition) + " USING GIST (geom)";
}

// Sends the builder's next build; false when it has none left.
bool send_next(PgConnection& connection, Builder& builder, const std::vector<std::string>& partitions) {
  if (builder.failed || builder.next == builder.share.size()) return false;
  builder.sent = builder.share[builder.next++];
  builder.built = true;
  builder.busy =
      PQsendQuery(builder.connection->handle(), build_sql(connection, partitions[builder.sent]).c_str()) == 1;
  builder.failed = !builder.busy;
  return builder.busy;
}

// Builds each partition's index on `builders` at once; returns those built, and the first error.
std::vector<std::string> build_at_once(PgConnection& connection, std::vector<Builder>& builders,
                                       const std::vector<std::string>& partitions, std::string& error) {
  std::vector<std::string> built;
  const auto note = [&](const Builder& builder, std::string_view message) {
    if (error.empty())
      error = "the index of " + partitions[builder.sent] + " was not built: " + std::string(trim(message));
  };
  for (auto& builder : builders) {
    if (!send_next(connection, builder, partitions) && builder.failed)
      note(builder, PQerrorMessage(builder.connection->handle()));
  }
  for (;;) {
    std::vector<pollfd> waiting;
    std::vector<Builder*> owners;
    for (auto& builder : builders) {
      if (!builder.busy) continue;
      waiting.push_back(pollfd{PQsocket(builder.connection->handle()), POLLIN, 0});
      owners.push_back(&builder);
    }
    if (waiting.empty()) return built;
    if (poll(waiting.data(), waiting.size(), -1) < 0) continue;  // a signal: wait again
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      if (waiting[i].revents == 0) continue;
      Builder& builder = *owners[i];
      PGconn* conn = builder.connection->handle();
      if (PQconsumeInput(conn) == 0) {
        note(builder, PQerrorMessage(conn));
        builder.busy = false;
        builder.failed = true;
        continue;
      }
      while (builder.busy && PQisBusy(conn) == 0) {
        PGresult* result = PQgetResult(conn);
        if (result == nullptr) {
          builder.busy = false;
          if (builder.built) built.push_back(partitions[builder.sent]);
          if (!send_next(connection, builder, partitions) && builder.failed)
            note(builder, PQerrorMessage(conn));
          break;
        }
        if (PQresultStatus(result) != PGRES_COMMAND_OK) {
          builder.built = false;
          note(builder, PQresultErrorMessage(result));
        }
        PQclear(result);
      }
    }
  }
}

enum class IfAbsent { kCreate, kLeave };

void build_spatial_index(PgConnection& connection, const std::string& table, const std::string& index,
                         const std::string& conninfo, IfAbsent if_absent) {
  const std::string table_name = connection.literal(table);
  const std::string index_name = connection.literal(index);
  // The usual case, an index that is there, costs this one round trip.
  const PgResult state = connection.exec(
      "SELECT c.relkind, (SELECT x.indisvalid FROM pg_index x WHERE x.indexrelid = to_regclass('public.' || "
      "quote_ident(" +
      index_name + "))) FROM pg_class c WHERE c.oid = to_regclass('public.' || quote_ident(" + table_name +
      "))");
  if (PQntuples(state.get()) == 0) connection.fail("create_spatial_index", "there is no table " + table);
  if (PQgetisnull(state.get(), 0, 1) ? if_absent == IfAbsent::kLeave
                                     : PQgetvalue(state.get(), 0, 1)[0] == 't')
    return;
  const std::string gist = " USING GIST (geom)";
  if (PQgetvalue(state.get(), 0, 0)[0] != 'p') {
    connection.exec("CREATE INDEX IF NOT EXISTS " + index + " ON " + table + gist);
    return;
  }
  connection.exec("CREATE INDEX IF NOT EXISTS " + index + " ON ONLY " + table + gist);
  // The partitions without an index attached to the parent's (all of them, on a first build).
  const PgResult missing = connection.exec(
      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = "
      "to_regclass('public.' || quote_ident(" +
      table_name +
      ")) AND NOT EXISTS (SELECT 1 FROM pg_inherits a JOIN pg_index x ON x.indexrelid = a.inhrelid WHERE "
      "a.inhparent = to_regclass('public.' || quote_ident(" +
      index_name + ")) AND x.indrelid = c.oid) ORDER BY c.relname COLLATE \"C\"");
  std::vector<std::string> partitions;
  for (int row = 0; row < PQntuples(missing.get()); ++row)
    partitions.emplace_back(PQgetvalue(missing.get(), row, 0));

  std::vector<Builder> builders;
  if (!conninfo.empty() && partitions.size() > 1) {
    const PgResult workers = connection.exec("SELECT current_setting('max_parallel_maintenance_workers')");
    std::int64_t at_once = 1;
    (void)parse_int(PQgetvalue(workers.get(), 0, 0), at_once);
    at_once = std::clamp<std::int64_t>(at_once, 1, static_cast<std::int64_t>(partitions.size()));
    for (std::int64_t k = 0; k < at_once && at_once > 1; ++k) {
      try {
        // Its own settings are PgConnection's, client_min_messages among them: IF NOT EXISTS on an
        // index that is there says so as a NOTICE, which libpq would print.
        auto extra = std::make_unique<PgConnection>(conninfo, connection.location());
        builders.emplace_back().connection = std::move(extra);
      } catch (const StoreError&) {
        break;  // too many connections, say: fewer builders, or this connection alone
      }
    }
  }
  std::vector<std::string> built;
  std::string error;
  if (builders.size() > 1) {
    for (std::size_t i = 0; i < partitions.size(); ++i) builders[i % builders.size()].share.push_back(i);
    built = build_at_once(connection, builders, partitions, error);
  } else {
    for (const auto& partition : partitions) {
      connection.exec(build_sql(connection, partition));
      built.push_back(partition);
    }
  }
  for (const auto& partition : built) {
    connection.exec("ALTER INDEX " + index + " ATTACH PARTITION " +
                    connection.identifier(partition_index(partition)));
  }
  if (!error.empty()) connection.fail("create_spatial_index", error);
}

}  // namespace

void create_spatial_index(PgConnection& connection, const std::string& table, const std::string& index,
                          const std::string& conninfo) {
  build_spatial_index(connection, table, index, conninfo, IfAbsent::kCreate);
}

void finish_spatial_index(PgConnection& connection, const std::string& table, const std::string& index,
                          const std::string& conninfo) {
  build_spatial_index(connection, table, index, conninfo, IfAbsent::kLeave);
}

}  // namespace grip::store
