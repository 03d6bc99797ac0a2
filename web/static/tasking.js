// Today's tasking sheet per team (GET /api/tasking?team=&date=), printable one team per A4 page;
// for supervisors, analysts and admins also the plan's summary (GET /api/plan) and a team picker.
// An officer sees their own team's sheet only (the server decides; the page shows no picker).
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const el = Grip.el;
  const dateInput = document.getElementById("tasking-date");
  const teamSelect = document.getElementById("tasking-team");
  const ownTeamOnly = me.role === "officer";
  if (ownTeamOnly) {
    document.getElementById("tasking-team-picker").remove();
    document.getElementById("tasking-own-team").textContent = me.team ? "Team: " + me.team : "Your account has no team.";
  }
  const teamValue = () => (ownTeamOnly ? "" : teamSelect.value);
  dateInput.value = Grip.param("date") || Grip.today();
  document.getElementById("tasking-print").addEventListener("click", () => window.print());
  document.getElementById("tasking-controls").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ date: dateInput.value });
    if (teamValue()) query.set("team", teamValue());
    history.replaceState(null, "", "?" + query.toString());
    show();
  });

  if (["supervisor", "analyst", "admin"].includes(me.role)) {
    Grip.api("/api/plan").then((plan) => {
      const box = document.getElementById("plan-summary");
      box.appendChild(el("p", { text: "Plan " + plan.plan_id + " made " + plan.created + ": " + plan.days + " days from " + plan.first_day +
        ", " + plan.visit_count + " visits, teams " + plan.teams.join(", ") + "; design " + plan.design_kind + ", solver " + plan.solver_status + "." }));
    }, () => {});
  }

  async function show() {
    Grip.message("");
    const sheet = Grip.clear(document.getElementById("tasking"));
    let data;
    try {
      const query = new URLSearchParams({ date: dateInput.value });
      if (teamValue()) query.set("team", teamValue());
      data = await Grip.api("/api/tasking?" + query.toString());
    } catch (error) {
      return Grip.message(error.message);
    }
    if (data.message) Grip.message(data.message, "ok");
    if (!ownTeamOnly && teamSelect.options.length === 1) {
      for (const team of data.teams) teamSelect.appendChild(el("option", { value: team, text: team }));
      teamSelect.value = Grip.param("team");
    }
    const teams = data.team ? [data.team] : (ownTeamOnly ? [] : data.teams);
    for (const team of teams) {
      const visits = data.visits.filter((v) => v.team === team);
      const section = el("section", { class: "team-sheet", "data-team": team }, [
        el("h2", { text: team + " — " + data.date }),
        el("p", { class: "note", text: visits.length + " visits. Stay about 15 minutes at each place (Koper curve); record outcomes on the phone form." }),
      ]);
      if (visits.length === 0) {
        section.appendChild(el("p", { text: "No visits planned for this team on this day" + (data.plan_first_date ? " (the plan runs " + data.plan_first_date + " to " + data.plan_last_date + ")." : ".") }));
      } else {
        section.appendChild(Grip.table("tasking-" + team.replace(/[^A-Za-z0-9]+/g, "-"), [
          { key: "starts_at", label: "From", format: (v) => v.slice(11, 16) },
          { key: "ends_at", label: "To", format: (v) => v.slice(11, 16) },
          { key: "shift", label: "Shift" },
          { key: "hotspot_id", label: "Hotspot", format: (v) => el("a", { href: "/hotspot.html?id=" + encodeURIComponent(v), text: v }) },
          { key: "name", label: "Place" },
          { key: "district", label: "District" },
          { key: "point", label: "Lat, lon", format: (p) => (p ? p[1].toFixed(5) + ", " + p[0].toFixed(5) : "–") },
          { key: "done", label: "Done", format: () => "☐" },
        ], visits));
      }
      sheet.appendChild(section);
    }
  }
  show();
})();
