// Web libraries built into Grip for its self-contained HTML reports: Leaflet's script, stylesheet
// and licence, installed from npm at build time (web/package.json, cmake/embed_web_assets.cmake).
// A build without npm has none of them; reports then draw their map as inline SVG.
#pragma once

#include <string_view>

namespace grip::report {

[[nodiscard]] bool leaflet_available() noexcept;
// Each empty when Leaflet was not built in.
[[nodiscard]] std::string_view leaflet_version() noexcept;
[[nodiscard]] std::string_view leaflet_js() noexcept;
[[nodiscard]] std::string_view leaflet_css() noexcept;
[[nodiscard]] std::string_view leaflet_license() noexcept;

}  // namespace grip::report
