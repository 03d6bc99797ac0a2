#include "grip/hotspot/hotspot_incidents.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "grip/hotspot/select.hpp"

namespace grip::hotspot {
namespace {

// Hash for maps keyed by std::string and looked up by string_view, so a row costs no copy.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};
template <typename Value>
using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

// The id of key in ids, handing out the next id to a new key.
template <typename Id>
Id intern(TextMap<Id>& ids, std::string_view key) {
  const auto found = ids.find(key);
  if (found != ids.end()) return found->second;
  return ids.emplace(std::string(key), static_cast<Id>(ids.size())).first->second;
}

template <typename Id>
std::vector<std::string> names_by_id(const TextMap<Id>& ids) {
  std::vector<std::string> names(ids.size());
  for (const auto& [name, id] : ids) names[id] = name;
  return names;
}

template <typename T>
void permute(std::vector<T>& values, const std::vector<std::size_t>& order) {
  std::vector<T> sorted;
  sorted.reserve(values.size());
  for (const auto i : order) sorted.push_back(std::move(values[i]));
  values = std::move(sorted);
}

// Renumbers ids by first appearance and reorders names to match.
template <typename Id>
void renumber_by_first_use(std::vector<Id>& ids, std::vector<std::string>& names) {
  constexpr Id kUnseen = std::numeric_limits<Id>::max();
  std::vector<Id> renumbered(names.size(), kUnseen);
  Id next = 0;
  for (auto& id : ids) {
    if (renumbered[id] == kUnseen) renumbered[id] = next++;
    id = renumbered[id];
  }
  std::vector<std::string> reordered(next);
  for (std::size_t old = 0; old < names.size(); ++old) {
    if (renumbered[old] != kUnseen) reordered[renumbered[old]] = std::move(names[old]);
  }
  names = std::move(reordered);
}

}  // namespace

void restore_fid_order(Incidents& incidents, std::vector<std::int64_t> fid) {
  if (std::is_sorted(fid.begin(), fid.end())) return;
  std::vector<std::size_t> order(fid.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fid[a] < fid[b]; });
  permute(incidents.x, order);
  permute(incidents.y, order);
  permute(incidents.month, order);
  permute(incidents.type, order);
  permute(incidents.location, order);
  permute(incidents.town, order);
  permute(incidents.occurred_from, order);
  renumber_by_first_use(incidents.type, incidents.types);
  renumber_by_first_use(incidents.location, incidents.locations);
  renumber_by_first_use(incidents.town, incidents.towns);
}

Incidents read_incidents(store::Store& store, store::IncidentFilter filter,
                         const std::set<std::string>& types, bool want_history) {
  Incidents incidents;
  std::vector<std::int64_t> fid;
  std::map<std::string, std::uint16_t, std::less<>> month_ids;
  // Category → whether it is one of `types`, and its type id once a kept row has it (ids by first
  // appearance among kept rows): one lookup a row.
  struct CategoryId {
    bool wanted = false;
    std::optional<std::uint16_t> id;
  };
  TextMap<CategoryId> category_ids;
  std::vector<std::string> type_names;
  TextMap<std::uint32_t> location_ids, town_ids;
  TextMap<std::uint32_t> town_of_lsoa;  // LSOA name → town id, so lsoa_town runs once per name
  const std::string from = filter.from_month, to = filter.to_month;
  if (want_history) filter.from_month = "0000-00", filter.to_month = "9999-99";
  std::set<std::pair<double, double>> history;
  const auto keep = [&](const store::IncidentView& incident) {
    if (want_history && !incident.outside_force_area) history.emplace(incident.x, incident.y);
    if (incident.month < from || incident.month > to) return;
    auto category = category_ids.find(incident.category);
    if (category == category_ids.end()) {
      const std::string name(incident.category);
      category = category_ids.emplace(name, CategoryId{types.count(name) > 0, std::nullopt}).first;
    }
    if (!category->second.wanted) return;
    if (incident.outside_force_area) {
      ++incidents.outliers;
      return;
    }
    fid.push_back(incident.fid);
    incidents.x.push_back(incident.x);
    incidents.y.push_back(incident.y);
    const auto month = month_ids.find(incident.month);
    incidents.month.push_back(
        month != month_ids.end()
            ? month->second
            : month_ids.emplace(std::string(incident.month), static_cast<std::uint16_t>(month_ids.size()))
                  .first->second);
    auto& type = category->second.id;
    if (!type) {
      type = static_cast<std::uint16_t>(type_names.size());
      type_names.emplace_back(incident.category);
    }
    incidents.type.push_back(*type);
    incidents.location.push_back(intern(location_ids, incident.location));
    incidents.occurred_from.emplace_back(incident.occurred_from);
    auto town = town_of_lsoa.find(incident.lsoa_name);
    if (town == town_of_lsoa.end()) {
      town = town_of_lsoa
                 .emplace(std::string(incident.lsoa_name), intern(town_ids, lsoa_town(incident.lsoa_name)))
                 .first;
    }
    incidents.town.push_back(town->second);
  };
  store::for_each_incident(store, filter, keep, store::IncidentOrder::kStorage);
  // Month ids were handed out in arrival order; renumber so id order is calendar order.
  std::vector<std::uint16_t> month_rank(month_ids.size());
  for (const auto& [name, id] : month_ids) {
    month_rank[id] = static_cast<std::uint16_t>(incidents.months.size());
    incidents.months.push_back(name);
  }
  for (auto& m : incidents.month) m = month_rank[m];
  incidents.types = std::move(type_names);
  incidents.locations = names_by_id(location_ids);
  incidents.towns = names_by_id(town_ids);
  restore_fid_order(incidents, std::move(fid));
  incidents.history_x.reserve(history.size()), incidents.history_y.reserve(history.size());
  for (const auto& [x, y] : history) incidents.history_x.push_back(x), incidents.history_y.push_back(y);
  return incidents;
}

}  // namespace grip::hotspot
