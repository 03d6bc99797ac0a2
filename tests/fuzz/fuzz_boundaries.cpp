// Boundary GeoJSON through GDAL and the boundaries reader (field recognition, reprojection to
// British National Grid, merging by code, MakeValid repair, placement extents). The reader takes
// a path, so each input is written once to a file in /dev/shm.
#include <unistd.h>

#include <fstream>
#include <string>

#include "fuzz_input.hpp"
#include "grip/ingest/boundaries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/dev/shm/grip-fuzz-boundaries-" + std::to_string(getpid()) + ".geojson";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  grip::fuzz::expecting_refusals([&] {
    (void)grip::ingest::boundary_centre(path);
    const auto parsed = grip::ingest::read_boundaries(path, "EPSG:27700", {});
    (void)grip::ingest::boundary_placement_problem(parsed.placement);
  });
  return 0;
}
