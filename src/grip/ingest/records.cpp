#include "grip/ingest/records.hpp"

namespace grip::ingest {

const char* to_string(Format format) {
  switch (format) {
    case Format::kPoliceUkStreet:
      return "police.uk street";
    case Format::kPoliceUkStopSearch:
      return "police.uk stop and search";
    case Format::kIncidentCsv:
      return "incident csv";
    case Format::kBoundaries:
      return "boundaries";
  }
  return "";
}

}  // namespace grip::ingest
