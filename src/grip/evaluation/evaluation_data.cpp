#include "grip/evaluation/evaluation_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/evaluation/did.hpp"
#include "grip/evaluation/zones.hpp"

namespace grip::evaluation {

using std::chrono::year_month;

int month_offset(year_month from, year_month month) { return static_cast<int>((month - from).count()); }

int day_number(std::string_view occurred_from) {
  if (occurred_from.size() < 10) return kNoDay;
  const auto date = parse_date_time(occurred_from.substr(0, 10));
  if (!date) return kNoDay;
  const auto ymd = std::chrono::year{date->year} / std::chrono::month{static_cast<unsigned>(date->month)} /
                   std::chrono::day{static_cast<unsigned>(date->day)};
  return static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::vector<std::string> resolve_crime_types(const std::map<std::string, store::CategoryInfo>& categories,
                                             const std::vector<std::string>& requested) {
  std::vector<std::string> types;
  if (requested.empty()) {
    for (const char* name : kDefaultOutcomeTypes)
      if (categories.count(name)) types.emplace_back(name);
    if (types.empty())
      throw UsageError(
          "none of the default outcomes (violence and sexual offences, robbery, possession of "
          "weapons) is stored; choose --crime-types");
    return types;
  }
  for (const auto& name : requested) {
    if (!categories.count(name)) {
      std::vector<std::string> stored;
      for (const auto& [category, info] : categories) stored.push_back(category);
      throw UsageError(fmt::format("--crime-types: '{}' is not a stored crime type; stored: {}", name,
                                   fmt::join(stored, ", ")));
    }
    if (std::find(types.begin(), types.end(), name) == types.end()) types.push_back(name);
  }
  return types;
}

Periods resolve_periods(store::Store& store, const EvaluationSettings& settings, const std::string& dataset,
                        const std::optional<store::LatestPatrolDesign>& design) {
  Periods p;
  if (!settings.after.empty()) {
    p.after = parse_period(settings.after, "--after");
    p.before = settings.before.empty() ? months_before(p.after, p.after.months())
                                       : parse_period(settings.before, "--before");
    p.source =
        settings.before.empty() ? "--after, against as many months just before" : "--before and --after";
  } else if (!settings.before.empty()) {
    throw UsageError("--before needs --after (the period to compare it with)");
  } else if (design && design->days > 0) {
    const auto first = parse_month(design->first_day.substr(0, 7), "patrol design first day");
    const auto ymd = std::chrono::year_month_day{
        std::chrono::sys_days{std::chrono::year_month_day{first / std::chrono::day{1}}} +
        std::chrono::days{std::stoi(design->first_day.substr(8, 2)) - 1 + design->days - 1}};
    p.after = {first, ymd.year() / ymd.month()};
    p.before = months_before(p.after, p.after.months());
    p.source =
        fmt::format("the programme period of patrol design {} ({} from {}), against as many months before",
                    design->design_id, counted(design->days, "day"), design->first_day);
  } else {
    const auto range = store::incident_month_range(store, dataset);
    if (range.last.empty()) throw UsageError("the store holds no incidents to evaluate");
    const auto first = parse_month(range.first, "first stored month");
    const auto last = parse_month(range.last, "last stored month");
    const int span = static_cast<int>((last - first).count()) + 1;
    const int length = std::min(kDefaultPeriodMonths, span / 2);
    if (length < 1) throw UsageError("only one month is stored: give --before and --after");
    p.after = {last - std::chrono::months{length - 1}, last};
    p.before = months_before(p.after, length);
    p.source =
        length == kDefaultPeriodMonths
            ? "no patrol design stored: the last 12 months stored against the 12 before"
            : fmt::format("no patrol design stored and only {} stored: the last {} against the {} before",
                          counted(span, "month"), length, length);
  }
  if (p.before.last >= p.after.first)
    throw UsageError(
        fmt::format("--before ({}) must end before --after ({}) starts", p.before.label(), p.after.label()));
  return p;
}

Loaded load_points(store::Store& store, const std::string& dataset, const std::vector<std::string>& types,
                   year_month from, year_month to) {
  Loaded loaded;
  loaded.first_month = from;
  loaded.month_has_data.assign(static_cast<std::size_t>(month_offset(from, to) + 1), false);
  std::map<std::string, int, std::less<>> type_index;
  for (std::size_t i = 0; i < types.size(); ++i) type_index[types[i]] = static_cast<int>(i);
  store::IncidentFilter filter;
  filter.dataset = dataset;
  filter.from_month = format_month(from);
  filter.to_month = format_month(to);
  store::for_each_incident(store, filter, [&](const store::IncidentView& incident) {
    const auto month = parse_year_month(incident.month);
    if (!month) return;
    const int offset = month_offset(
        from, std::chrono::year{month->year} / std::chrono::month{static_cast<unsigned>(month->month)});
    if (offset < 0 || offset >= static_cast<int>(loaded.month_has_data.size())) return;
    loaded.month_has_data[static_cast<std::size_t>(offset)] = true;
    const auto type = type_index.find(incident.category);
    if (type == type_index.end()) return;
    if (incident.outside_force_area) {
      ++loaded.outside_force_area;
      return;
    }
    loaded.points.push_back(
        {incident.x, incident.y, offset, type->second, day_number(incident.occurred_from)});
  });
  return loaded;
}

namespace {

geo::RingSet decode(const std::vector<std::uint8_t>& wkb, const std::string& what) {
  try {
    return geo::decode_polygon_blob(wkb);
  } catch (const std::invalid_argument& error) {
    throw StoreError(fmt::format("{}: stored geometry unreadable: {}", what, error.what()));
  }
}

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto id =
        std::string(trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (!id.empty()) ids.push_back(id);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ids;
}

// "district:NAME" or "ids:A,B"; "hotspots" (selected or, for a comparison, none: matching
// happens later); "force"; "none".
}  // namespace

AreaChoice choose_areas(store::Store& store, const store::HotspotAreaSet& hotspots, const std::string& spec,
                        const std::string& option) {
  AreaChoice choice;
  if (spec == "force") {
    choice.everywhere = true;
    choice.description = "the whole force area (every incident of the dataset)";
  } else if (spec == "hotspots") {
    if (hotspots.run_id == 0)
      throw UsageError(option + " hotspots: no hotspot run is stored; run grip hotspots first");
    for (const auto& area : hotspots.areas)
      if (area.selected) {
        choice.shapes.push_back(decode(area.wkb, "hotspot " + area.id));
        choice.ids.push_back(area.id);
      }
    choice.description =
        fmt::format("the {} selected hotspots of hotspot run {}", choice.ids.size(), hotspots.run_id);
  } else if (spec.rfind("district:", 0) == 0) {
    const auto name = std::string(trim(spec.substr(9)));
    for (const auto& area : store::read_areas(store, "district"))
      if (equals_ignoring_case(area.name, name) || area.code == name) {
        choice.shapes.push_back(decode(area.wkb, "district " + area.name));
        choice.ids.push_back(area.name);
      }
    if (choice.ids.empty())
      throw UsageError(fmt::format(
          "{} {}: no stored district of that name or code (grip ingest --boundaries)", option, spec));
    choice.description = "district " + choice.ids.front();
  } else if (spec.rfind("ids:", 0) == 0) {
    for (const auto& id : split_ids(spec.substr(4))) {
      const auto found = std::find_if(hotspots.areas.begin(), hotspots.areas.end(),
                                      [&](const store::HotspotAreaShape& a) { return a.id == id; });
      if (found == hotspots.areas.end())
        throw UsageError(fmt::format("{}: hotspot '{}' is not in the latest hotspot run", option, id));
      choice.shapes.push_back(decode(found->wkb, "hotspot " + id));
      choice.ids.push_back(id);
    }
    if (choice.ids.empty()) throw UsageError(option + " ids: names no hotspot");
    choice.description = "hotspots " + fmt::format("{}", fmt::join(choice.ids, ", "));
  } else if (spec != "none" && spec != "matched") {
    throw UsageError(fmt::format("{} '{}': expected hotspots, force, district:NAME or ids:H01,H02{}", option,
                                 spec, option == "--comparison" ? ", matched or none" : ""));
  }
  return choice;
}

namespace {

// Monthly harm per area over the before period, for matching.
std::vector<std::vector<double>> pre_period_harm(const std::vector<geo::RingSet>& shapes,
                                                 const Loaded& loaded, const MonthPeriod& before,
                                                 const std::vector<double>& harm_of_type,
                                                 const std::vector<bool>& headline_type) {
  const int first = month_offset(loaded.first_month, before.first);
  std::vector<std::vector<double>> harm(shapes.size(),
                                        std::vector<double>(static_cast<std::size_t>(before.months())));
  const ZoneClassifier classifier(shapes, {}, 0.0);
  for (const auto& p : loaded.points) {
    const int m = p.month - first;
    if (m < 0 || m >= before.months() || !headline_type[static_cast<std::size_t>(p.type)]) continue;
    const auto hit = classifier.classify(p.x, p.y);
    if (hit.zone == Zone::kTreated)
      harm[static_cast<std::size_t>(hit.area)][static_cast<std::size_t>(m)] +=
          harm_of_type[static_cast<std::size_t>(p.type)];
  }
  return harm;
}

MatchProfile profile_of(const std::vector<double>& monthly) {
  return {std::accumulate(monthly.begin(), monthly.end(), 0.0), relative_trend(monthly)};
}

}  // namespace

void match_runners_up(const store::HotspotAreaSet& hotspots, const Loaded& loaded, const MonthPeriod& before,
                      const std::vector<double>& harm_of_type, const std::vector<bool>& headline_type,
                      const AreaChoice& treated, AreaChoice& comparison) {
  AreaChoice candidates;
  for (const auto& area : hotspots.areas)
    if (std::find(treated.ids.begin(), treated.ids.end(), area.id) == treated.ids.end()) {
      candidates.shapes.push_back(decode(area.wkb, "hotspot " + area.id));
      candidates.ids.push_back(area.id);
    }
  if (candidates.ids.empty()) {
    comparison.description = "none: the latest hotspot run has no runners-up to match";
    return;
  }
  std::vector<MatchProfile> treated_profiles, candidate_profiles;
  for (const auto& monthly : pre_period_harm(treated.shapes, loaded, before, harm_of_type, headline_type))
    treated_profiles.push_back(profile_of(monthly));
  for (const auto& monthly : pre_period_harm(candidates.shapes, loaded, before, harm_of_type, headline_type))
    candidate_profiles.push_back(profile_of(monthly));
  for (const auto index : match_comparisons(treated_profiles, candidate_profiles)) {
    comparison.shapes.push_back(candidates.shapes[index]);
    comparison.ids.push_back(candidates.ids[index]);
  }
  comparison.description = fmt::format(
      "{} runners-up of hotspot run {} not treated, matched one to one on {} pre-period harm and trend",
      comparison.ids.size(), hotspots.run_id, before.label());
}

}  // namespace grip::evaluation
