// Admin: accounts (list, add, change role, set an officer's team, disable) and the audit log, newest first, 100 at a time.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const el = Grip.el;
  const roles = ["viewer", "officer", "supervisor", "analyst", "admin"];

  async function users() {
    let list;
    try {
      list = await Grip.api("/api/users");
    } catch (error) {
      return Grip.message(error.message);
    }
    document.getElementById("users-table").replaceWith(Grip.table("users-table", [
      { key: "name", label: "Name" },
      { key: "role", label: "Role", format: (role, row) => {
        const select = el("select", { "aria-label": "Role of " + row.name, "data-user": row.name, disabled: row.name === me.name || row.status === "disabled" },
          roles.map((r) => el("option", { value: r, text: r, selected: r === role })));
        select.addEventListener("change", () => change("/api/users/role", { name: row.name, role: select.value }, row.name + " is now " + select.value + "."));
        return select;
      } },
      { key: "team", label: "Team", format: (team, row) => {
        // An officer's tasking shows only this team; empty = none (they see no tasking).
        const input = el("input", { type: "text", maxlength: "100", value: team || "", "aria-label": "Team of " + row.name, "data-team-of": row.name,
          disabled: row.status === "disabled" });
        input.addEventListener("change", () => change("/api/users/team", { name: row.name, team: input.value.trim() },
          input.value.trim() ? row.name + " is now in team " + input.value.trim() + "." : row.name + " now has no team."));
        return input;
      } },
      { key: "status", label: "Status" },
      { key: "created", label: "Created" },
      { key: "name", label: "", format: (name, row) => row.status === "disabled" || name === me.name ? "" :
        el("button", { type: "button", class: "secondary", "data-disable": name, text: "Disable",
          onclick: () => change("/api/users/disable", { name }, name + " is disabled; their sessions are ended.") }) },
    ], list));
  }

  async function change(path, body, done) {
    try {
      await Grip.api(path, { body });
      Grip.message(done, "ok");
    } catch (error) {
      Grip.message(error.message);
    }
    users();
    audit(true);
  }

  document.getElementById("add-user-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = document.getElementById("add-user-name").value.trim();
    const password = document.getElementById("add-user-password");
    const body = { name, role: document.getElementById("add-user-role").value, password: password.value };
    const team = document.getElementById("add-user-team").value.trim();
    if (team) body.team = team;
    change("/api/users", body, "Account " + name + " added.");
    password.value = "";
  });

  let before = null;
  const rows = [];
  async function audit(reset) {
    if (reset) {
      before = null;
      rows.length = 0;
    }
    const query = new URLSearchParams({ limit: "100" });
    if (before) query.set("before_id", String(before));
    let page;
    try {
      page = await Grip.api("/api/audit?" + query.toString());
    } catch (error) {
      return Grip.message(error.message);
    }
    rows.push(...page.rows);
    before = page.next_before_id;
    document.getElementById("audit-older").hidden = !before;
    document.getElementById("audit-table").replaceWith(Grip.table("audit-table", [
      { key: "id", label: "#" }, { key: "at", label: "When" }, { key: "user", label: "Who" },
      { key: "action", label: "What" }, { key: "target", label: "On" }, { key: "detail", label: "Detail" },
    ], rows));
  }
  document.getElementById("audit-older").addEventListener("click", () => audit(false));
  users();
  audit(true);
})();
