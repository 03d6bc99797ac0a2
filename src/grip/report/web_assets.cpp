#include "grip/report/web_assets.hpp"

#if defined(GRIP_HAVE_LEAFLET)
#include "grip/report/embedded_web_assets.hpp"
#endif

namespace grip::report {

#if defined(GRIP_HAVE_LEAFLET)
namespace {
std::string_view as_text(const unsigned char* bytes, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(bytes), size};
}
}  // namespace

bool leaflet_available() noexcept { return embedded::kLeafletJsSize > 0 && embedded::kLeafletCssSize > 0; }
std::string_view leaflet_version() noexcept { return embedded::kLeafletVersion; }
std::string_view leaflet_js() noexcept { return as_text(embedded::kLeafletJs, embedded::kLeafletJsSize); }
std::string_view leaflet_css() noexcept { return as_text(embedded::kLeafletCss, embedded::kLeafletCssSize); }
std::string_view leaflet_license() noexcept {
  return as_text(embedded::kLeafletLicense, embedded::kLeafletLicenseSize);
}
#else
bool leaflet_available() noexcept { return false; }
std::string_view leaflet_version() noexcept { return {}; }
std::string_view leaflet_js() noexcept { return {}; }
std::string_view leaflet_css() noexcept { return {}; }
std::string_view leaflet_license() noexcept { return {}; }
#endif

}  // namespace grip::report
