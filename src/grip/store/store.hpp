// A Grip project store: one SQLite file that is also an OGC GeoPackage, so QGIS, ArcGIS and
// ogrinfo open its layers directly. Opening applies migrations and switches on WAL, so readers
// never block the writer and an interrupted command leaves the file as it was before it.
#pragma once

#include <optional>
#include <string>

#include "grip/geo/projection.hpp"
#include "grip/store/sqlite.hpp"

namespace grip::store {

struct StoreCrs {
  int epsg = 0;
  std::string code;  // "EPSG:27700"
  std::string name;  // "OSGB36 / British National Grid"
};

class Store {
 public:
  explicit Store(const std::string& path);

  [[nodiscard]] Connection& connection() noexcept { return connection_; }
  [[nodiscard]] const std::string& path() const noexcept { return connection_.path(); }

  // The metric CRS every geometry in the store uses; empty until the first data arrives.
  [[nodiscard]] std::optional<StoreCrs> crs();
  // Records the CRS and registers the feature layers with it. Call inside the command's transaction.
  void set_crs(const geo::CrsChoice& choice, const geo::Projector& projector);

  // Registers a table the caller created as a GeoPackage layer in the store's CRS, so QGIS and
  // ogrinfo list it (geometry_type: POINT, POLYGON, MULTIPOLYGON...). Does nothing if already there.
  void register_feature_layer(const std::string& table, const std::string& geometry_type,
                              const std::string& description);
  void register_attribute_table(const std::string& table, const std::string& description);

  // Refreshes a layer's bounds and change time in gpkg_contents after a write (QGIS zooms to these).
  void touch_layer(const std::string& table);
  // The same, growing the recorded bounds to take in new points without scanning the layer. Bounds
  // are a viewer's hint: after a replacement they may be a little larger than the data, never smaller.
  void extend_layer(const std::string& table, double min_x, double min_y, double max_x, double max_y);

  // Bulk loads write straight to the file under a rollback journal when no other connection has the
  // store open (WAL would write every page twice: once to the log, once at checkpoint). A killed
  // process still leaves a hot journal that the next open rolls back. Back to WAL when done; if
  // another process holds the store, the switch is refused by SQLite and the load simply uses WAL.
  class BulkLoad {
   public:
    explicit BulkLoad(Store& store);
    ~BulkLoad();
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;

   private:
    Store& store_;
  };

  [[nodiscard]] std::optional<std::string> setting(const std::string& key);
  void put_setting(const std::string& key, const std::string& value);
  [[nodiscard]] std::int64_t count_rows(const std::string& table, const std::string& where = "");

 private:
  Connection connection_;
};

}  // namespace grip::store
