// `grip users add|list|disable|set-team`: web accounts for `grip serve` (src/grip/server/).
// Passwords come from a prompt without echo (asked twice) or the first line of --password-file;
// only their Argon2id hash is stored. An officer's team (--team, set-team) decides the only tasking
// sheet the dashboard shows them.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/server/access.hpp"
#include "grip/server/password.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::cli {
namespace {

std::string read_password_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open the password file");
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) throw InputError(path, 1, "the first line (the password) is empty");
  return line;
}

std::string prompt_password(const std::string& prompt) {
  if (isatty(STDIN_FILENO) == 0)
    throw UsageError("no terminal to ask for a password: use --password-file FILE");
  termios old_mode{};
  tcgetattr(STDIN_FILENO, &old_mode);
  termios silent = old_mode;
  silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  std::cerr << prompt << std::flush;
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::cerr << "\n";
  return line;
}

void check_team(const std::string& team) {
  if (const auto problem = server::team_problem(team); !problem.empty())
    throw UsageError("team '" + team + "' " + problem);
}

std::string role_list() {
  std::string out;
  for (const auto role : server::all_roles())
    out += (out.empty() ? "" : ", ") + std::string(server::to_string(role));
  return out;
}

}  // namespace

Action add_users_command(CLI::App& app, const GlobalOptions& global) {
  auto* group = app.add_subcommand("users", "Web accounts for grip serve: add, list, disable, set-team");
  group->require_subcommand(1);

  struct AddOptions {
    std::string name, role, password_file, team;
  };
  auto add_options = std::make_shared<AddOptions>();
  auto* add = group->add_subcommand("add", "Add an account (password from a prompt or --password-file)");
  add->add_option("name", add_options->name, "Account name: letters, digits, . _ - (up to 64)")->required();
  add->add_option("--role", add_options->role, "One of: " + role_list())->required();
  add->add_option("--password-file", add_options->password_file,
                  "Read the password from the first line of FILE instead of a prompt");
  add->add_option(
      "--team", add_options->team,
      "Patrol team as the plan names it; an officer's tasking shows only this team (default: none, "
      "so an officer sees no tasking until it is set)");

  auto* list = group->add_subcommand("list", "List accounts with role and lock state (never hashes)");
  auto disable_name = std::make_shared<std::string>();
  auto* disable = group->add_subcommand("disable", "Disable an account and end its sessions");
  disable->add_option("name", *disable_name, "Account name")->required();
  auto team_args = std::make_shared<std::pair<std::string, std::string>>();
  auto* set_team =
      group->add_subcommand("set-team", "Set or change an account's patrol team (\"\" clears it)");
  set_team->add_option("name", team_args->first, "Account name")->required();
  set_team->add_option("team", team_args->second, "Team as the plan names it, e.g. \"Team A\"")->required();

  return [=, &global] {
    store::Store store(global.db);
    if (add->parsed()) {
      const auto& name = add_options->name;
      bool name_ok = !name.empty() && name.size() <= 64;
      for (const char c : name) {
        name_ok =
            name_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
      }
      if (!name_ok) throw UsageError("name '" + name + "': letters, digits, . _ - only, up to 64");
      if (!server::parse_role(add_options->role)) {
        throw UsageError("--role '" + add_options->role + "': one of " + role_list());
      }
      std::string password;
      if (!add_options->password_file.empty()) {
        password = read_password_file(add_options->password_file);
      } else {
        password = prompt_password("Password for " + name + ": ");
        if (prompt_password("Again: ") != password) throw UsageError("the two passwords differ");
      }
      server::check_new_password(password);
      check_team(add_options->team);
      store::UserRow row;
      row.name = name;
      row.role = add_options->role;
      row.team = add_options->team;
      row.password_hash = server::hash_password(password);
      row.created = utc_now_iso();
      store::WriteTransaction write(store);
      if (!store::add_user(store, row)) throw UsageError("user '" + name + "' exists already");
      store::add_audit(store, {0, row.created, "(cli)", "user_add", "user:" + name,
                               "role " + row.role + (row.team.empty() ? "" : ", team " + row.team)});
      write.commit();
      if (!global.quiet) {
        std::cout << fmt::format("Added user {} ({}{}).\n", name, row.role,
                                 row.team.empty() ? "" : ", team " + row.team);
      }
      return 0;
    }
    if (set_team->parsed()) {
      const auto& [name, team] = *team_args;
      check_team(team);
      store::WriteTransaction write(store);
      if (!store::set_user_team(store, name, team)) throw UsageError("no user '" + name + "'");
      store::add_audit(store, {0, utc_now_iso(), "(cli)", "user_team", "user:" + name,
                               team.empty() ? "no team" : "team " + team});
      write.commit();
      if (!global.quiet) {
        std::cout << (team.empty() ? fmt::format("User {} now has no team.\n", name)
                                   : fmt::format("User {} is now in team {}.\n", name, team));
      }
      return 0;
    }
    if (disable->parsed()) {
      store::WriteTransaction write(store);
      const std::string& name = *disable_name;
      if (!store::disable_user(store, name)) throw UsageError("no user '" + name + "'");
      store::add_audit(store, {0, utc_now_iso(), "(cli)", "user_disable", "user:" + name, ""});
      write.commit();
      if (!global.quiet) std::cout << fmt::format("Disabled user {}; their sessions have ended.\n", name);
      return 0;
    }
    (void)list;
    std::vector<store::UserRow> rows;
    {
      store::ReadTransaction read(store);
      rows = store::list_users(store);
    }
    if (global.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& u : rows) {
        out.push_back({{"name", u.name},
                       {"role", u.role},
                       {"team", u.team.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.team)},
                       {"disabled", u.disabled},
                       {"locked_until", u.locked_until},
                       {"created", u.created}});
      }
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    std::cout << fmt::format("{:<24} {:<11} {:<9} {:<20} {}\n", "name", "role", "state", "created", "team");
    for (const auto& u : rows) {
      const std::string state = u.disabled ? "disabled" : (u.locked_until.empty() ? "active" : "locked");
      std::cout << fmt::format("{:<24} {:<11} {:<9} {:<20} {}\n", u.name, u.role, state, u.created,
                               u.team.empty() ? "-" : u.team);
    }
    return 0;
  };
}

}  // namespace grip::cli
