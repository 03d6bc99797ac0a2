// The PostgreSQL store locators Grip accepts (postgresql://..., postgres://..., service=NAME,
// PG:<conninfo>), turned into what libpq and GDAL take and what messages may show.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

namespace grip::store {

// What PQconnectdb takes: the locator without GDAL's `PG:` prefix.
[[nodiscard]] std::string conninfo_of(std::string_view locator);

// The locator with any password removed (URI user:password@, ?password=, password=... keyword).
[[nodiscard]] std::string without_password(std::string_view locator);

// "PG:host='...' port='...' dbname='...' ..." from an open connection's settings, the keyword
// form GDAL's PostgreSQL driver (and so QGIS) opens. It carries a password the user gave, since
// GDAL must connect too: never print it.
[[nodiscard]] std::string gdal_conninfo(PGconn* conn);

}  // namespace grip::store
