// The bytes of the web libraries inlined into HTML reports, defined in a source that the build
// generates (cmake/generate_web_assets.cmake) only when the npm packages were installed; read them
// through web_assets.hpp, which knows whether they exist.
#pragma once

#include <cstddef>

namespace grip::report::embedded {

extern const char kLeafletVersion[];
extern const unsigned char kLeafletJs[];
extern const std::size_t kLeafletJsSize;
extern const unsigned char kLeafletCss[];
extern const std::size_t kLeafletCssSize;
extern const unsigned char kLeafletLicense[];
extern const std::size_t kLeafletLicenseSize;

}  // namespace grip::report::embedded
