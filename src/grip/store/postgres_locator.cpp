#include "grip/store/postgres_locator.hpp"

#include <array>
#include <memory>

namespace grip::store {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Removes `password=...` (to the next `&`) from a URI's query string.
std::string without_query_password(std::string uri) {
  const std::size_t query = uri.find('?');
  if (query == std::string::npos) return uri;
  std::size_t at = query + 1;
  while (at < uri.size()) {
    const std::size_t end = std::min(uri.find('&', at), uri.size());
    if (uri.compare(at, 9, "password=") == 0) {
      // Take the separator on the left, or the one on the right for the first parameter.
      const std::size_t from = at == query + 1 ? at : at - 1;
      const std::size_t to = at == query + 1 && end < uri.size() ? end + 1 : end;
      uri.erase(from, to - from);
      if (uri.back() == '?') uri.pop_back();
      continue;
    }
    at = end + 1;
  }
  return uri;
}

std::string uri_without_password(std::string_view uri) {
  std::string out(uri);
  const std::size_t authority = out.find("://") + 3;
  const std::size_t authority_end = std::min(out.find_first_of("/?", authority), out.size());
  const std::size_t at_sign = out.rfind('@', authority_end);
  if (at_sign != std::string::npos && at_sign >= authority) {
    const std::size_t colon = out.find(':', authority);
    if (colon < at_sign) out.erase(colon, at_sign - colon);
  }
  return without_query_password(std::move(out));
}

// Keyword conninfo: key = value pairs, a value optionally in single quotes with \' and \\ inside.
std::string keywords_without_password(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = at;
    while (at < text.size() && is_space(text[at])) ++at;
    const std::size_t key_start = at;
    while (at < text.size() && text[at] != '=' && !is_space(text[at])) ++at;
    const std::string_view key = text.substr(key_start, at - key_start);
    while (at < text.size() && is_space(text[at])) ++at;
    if (at < text.size() && text[at] == '=') ++at;
    while (at < text.size() && is_space(text[at])) ++at;
    if (at < text.size() && text[at] == '\'') {
      for (++at; at < text.size() && text[at] != '\''; ++at) {
        if (text[at] == '\\') ++at;
      }
      ++at;
    } else {
      while (at < text.size() && !is_space(text[at])) ++at;
    }
    at = std::min(at, text.size());
    if (key != "password") out.append(text.substr(start, at - start));
  }
  return out;
}

void append_quoted(std::string& out, const char* value) {
  out.push_back('\'');
  for (const char* c = value; *c != '\0'; ++c) {
    if (*c == '\'' || *c == '\\') out.push_back('\\');
    out.push_back(*c);
  }
  out.push_back('\'');
}

}  // namespace

std::string conninfo_of(std::string_view locator) {
  if (locator.starts_with("PG:")) locator.remove_prefix(3);
  return std::string(locator);
}

std::string without_password(std::string_view locator) {
  const std::string_view prefix = locator.starts_with("PG:") ? "PG:" : "";
  const std::string_view conninfo = locator.substr(prefix.size());
  if (conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://")) {
    return std::string(prefix) + uri_without_password(conninfo);
  }
  return std::string(prefix) + keywords_without_password(conninfo);
}

std::string gdal_conninfo(PGconn* conn) {
  // The settings that say which database as whom; the rest are libpq defaults GDAL gets anyway.
  static constexpr std::array<std::string_view, 12> kKept = {"service", "host",    "hostaddr", "port",
                                                             "dbname",  "user",    "password", "passfile",
                                                             "sslmode", "sslcert", "sslkey",   "sslrootcert"};
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfo(conn), PQconninfoFree);
  std::string out = "PG:";
  for (const PQconninfoOption* option = options.get(); option && option->keyword; ++option) {
    if (option->val == nullptr || option->val[0] == '\0') continue;
    bool kept = false;
    for (std::string_view keyword : kKept) kept = kept || keyword == option->keyword;
    if (!kept) continue;
    if (out.size() > 3) out.push_back(' ');
    out.append(option->keyword).push_back('=');
    append_quoted(out, option->val);
  }
  return out;
}

}  // namespace grip::store
