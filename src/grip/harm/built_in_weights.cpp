// The default harm table: one Cambridge Crime Harm Index value (days of imprisonment at the Sentencing
// Council starting point for a first offender; Sherman, Neyroud & Neyroud 2016, Policing 10(3):171-183,
// doi:10.1093/police/paw003) for each of the 14 data.police.uk street crime types. A data.police.uk type
// spans many Home Office offences, so each value is the CCHI of one representative Police Recorded Crime
// offence subgroup (the median CCHI of its offences in the CCHI 2026 update); docs/harm-weights.md shows
// why each was chosen and which are approximations. Users with better local data override the table.
#include <utility>
#include <vector>

#include "grip/harm/harm_index.hpp"

namespace grip::harm {

HarmIndex HarmIndex::built_in() {
  constexpr Origin kVictim = Origin::kVictimGenerated;
  constexpr Origin kPolice = Origin::kPoliceGenerated;
  std::vector<CategoryWeight> table = {
      // Not a notifiable crime, so outside every sentencing-based index; 0 keeps ASB off harm maps
      // instead of inventing a number. Override it if a force wants nuisance on the map.
      {"Anti-social behaviour", 0.0, kVictim, "no CCHI value: ASB incidents are not crimes"},
      {"Bicycle theft", 2.0, kVictim, "CCHI, PRC subgroup 'Bicycle theft'"},
      // Residential burglary is most of the type; non-residential (183.5) would lower it.
      {"Burglary", 273.5, kVictim, "CCHI, PRC subgroup 'Residential burglary' (non-residential 183.5)"},
      // Criminal damage outnumbers arson (185) many times over.
      {"Criminal damage and arson", 2.0, kVictim, "CCHI, PRC subgroup 'Criminal damage' (arson 185)"},
      // Found by stop and search and warrants: counts say where police looked.
      {"Drugs", 3.0, kPolice, "CCHI, PRC subgroup 'Possession of drugs' (trafficking 5)"},
      // Miscellaneous crimes against society (handling, going equipped, bail and court offences):
      // mostly brought to light by police activity rather than reported by a victim.
      {"Other crime", 10.0, kPolice, "CCHI, PRC subgroup 'Miscellaneous crimes against society'"},
      {"Other theft", 2.0, kVictim, "CCHI, PRC subgroup 'Other theft offences'"},
      // Knife and weapon carrying is found by searches; Sherman et al. exclude such proactive finds.
      {"Possession of weapons", 273.75, kPolice, "CCHI, PRC subgroup 'Possession of weapons offences'"},
      {"Public order", 7.5, kVictim, "CCHI, PRC subgroup 'Public order offences'"},
      {"Robbery", 365.0, kVictim, "CCHI, PRC subgroups 'Robbery of personal/business property' (both 365)"},
      {"Shoplifting", 1.0, kVictim, "CCHI, PRC subgroup 'Shoplifting'"},
      {"Theft from the person", 2.0, kVictim, "CCHI, PRC subgroup 'Theft from the person'"},
      {"Vehicle crime", 5.0, kVictim, "CCHI, PRC subgroup 'Vehicle offences'"},
      // A mix from stalking (10) to homicide (5,475); the injury subgroup is the representative
      // (judgement, see docs/harm-weights.md) because Grip targets serious violence.
      {"Violence and sexual offences", 365.0, kVictim,
       "CCHI, PRC subgroup 'Violence with injury' (range 10 to 5,475; judgement)"},
  };
  return HarmIndex(std::move(table),
                   "Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016; CCHI 2026 update), "
                   "days of imprisonment per offence");
}

}  // namespace grip::harm
