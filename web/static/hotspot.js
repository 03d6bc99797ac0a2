// A hotspot's page: figures, the selection's edit history (and, for analysts and admins, a control
// to drop it from or add it to the selection: POST /api/hotspots/selection; the server refuses
// everyone else regardless), monthly trend, hour-of-week profile, counts by type, dosage, outcomes
// and the actions log, from GET /api/hotspot?id=.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const id = Grip.param("id");
  if (!id) return Grip.message("Open this page from the map: it needs ?id= (e.g. hotspot.html?id=H01).");
  let h;
  try {
    h = await Grip.api("/api/hotspot?id=" + encodeURIComponent(id));
  } catch (error) {
    return Grip.message(error.message);
  }
  const el = Grip.el;
  document.title = h.id + " " + h.name + " · Grip";
  document.getElementById("page-title").textContent = h.id + " · " + h.name;

  const figure = (value, label) => el("div", { class: "figure" }, [el("div", { class: "value", text: value }), el("div", { class: "label", text: label })]);
  document.getElementById("hotspot-summary").appendChild(el("div", {}, [
    el("p", { text: [h.district, h.street_label].filter(Boolean).join(" · ") + " — rank " + h.rank + (h.selected ? " (selected)" : " (runner-up)") + ", " + h.first_month + " to " + h.last_month }),
    el("div", { class: "figures" }, [
      figure(Grip.number(h.incidents, 0), "incidents"),
      figure(Grip.number(h.harm, 0), "harm"),
      figure(Grip.number(100 * h.share_of_force_harm, 2) + " %", "of the force's harm"),
      figure(Grip.number(h.area_m2 / 10000, 2) + " ha", "area"),
      figure(Grip.number(h.peak_gi_z, 2), "peak Gi* z"),
    ]),
    h.explanation ? el("p", { class: "note", text: h.explanation }) : null,
  ]));

  const editBox = document.getElementById("selection-edit");
  if (h.selection_edits.length) {
    editBox.appendChild(Grip.table("selection-edits-table", [
      { key: "at", label: "When" },
      { key: "change", label: "Change", format: (v) => (v === "add" ? "added" : "dropped") },
      { key: "by", label: "By", format: (v) => v || "an analyst" },
      { key: "reason", label: "Why" },
    ], h.selection_edits, "Edits of the selection"));
  }
  if (["analyst", "admin"].includes(me.role)) {
    const change = h.selected ? "drop" : "add";
    const reason = el("textarea", { id: "selection-reason", maxlength: "500", required: true });
    const form = el("form", { id: "selection-form", class: "card" }, [
      el("h2", { text: h.selected ? "Drop from the selection" : "Add to the selection" }),
      el("label", { for: "selection-reason", text: "Why (kept with your name and the time; up to 500 characters)" }),
      reason,
      el("button", { type: "submit", id: "selection-submit", text: h.selected ? "Drop " + h.id : "Add " + h.id }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const done = await Grip.api("/api/hotspots/selection", { body: { hotspot_id: h.id, change, reason: reason.value.trim() } });
        Grip.message(h.id + (change === "add" ? " added to" : " dropped from") + " the selection; " + done.selected_after + " hotspots now selected.", "ok");
        form.remove();
      } catch (error) {
        Grip.message(error.message);
      }
    });
    editBox.appendChild(form);
  }

  new Chart(document.getElementById("trend-chart"), {
    type: "line",
    data: {
      labels: h.trend.months,
      datasets: [
        { label: "All incidents", data: h.trend.incidents, borderColor: "#0b5cad", backgroundColor: "#0b5cad33", tension: 0.2 },
        { label: "Serious violence", data: h.trend.serious_violence, borderColor: "#a4161a", backgroundColor: "#a4161a33", tension: 0.2 },
      ],
    },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "incidents" } } } },
  });

  const how = h.hour_of_week;
  document.getElementById("hour-of-week-note").textContent = how.note || "";
  if (how.available) {
    const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const labels = how.shares.map((_, i) => days[Math.floor(i / 24)] + " " + String(i % 24).padStart(2, "0"));
    new Chart(document.getElementById("hour-of-week-chart"), {
      type: "bar",
      data: {
        labels,
        datasets: [
          { type: "bar", label: "This hotspot", data: how.shares.map((v) => 100 * v), backgroundColor: "#0b5cadaa" },
          { type: "line", label: "Force", data: how.force_shares.map((v) => 100 * v), borderColor: "#555", pointRadius: 0, borderWidth: 1 },
        ],
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { title: { display: true, text: "% of the week's harm" } }, x: { ticks: { maxTicksLimit: 14 } } } },
    });
  }

  const counts = Object.entries(h.counts_by_type || {}).map(([type, n]) => ({ type, n })).sort((a, b) => b.n - a.n);
  document.getElementById("counts-table").replaceWith(Grip.table("counts-table", [{ key: "type", label: "Crime type" }, { key: "n", label: "Incidents" }], counts));

  const d = h.dosage;
  const dosage = document.getElementById("dosage-summary");
  dosage.appendChild(el("div", { class: "figures" }, [
    figure(Grip.number(d.visits, 0), "GPS visits"),
    figure(Grip.number(d.minutes, 0) + " min", "patrol minutes (" + Grip.number(d.minutes_low, 0) + "–" + Grip.number(d.minutes_high, 0) + ")"),
    figure(Grip.number(d.planned_visits, 0), "planned visits (latest plan)"),
  ]));
  dosage.appendChild(Grip.table("dosage-table", [
    { key: "month", label: "Month" }, { key: "planned_visits", label: "Planned" }, { key: "visits", label: "GPS visits" },
    { key: "minutes", label: "Minutes", format: (v) => Grip.number(v, 0) },
  ], d.by_month));
  if (d.visits_by_officer) {
    const rows = Object.entries(d.visits_by_officer).map(([officer, visits]) => ({ officer, visits }));
    dosage.appendChild(Grip.table("officer-visits-table", [{ key: "officer", label: "Officer (pseudonym)" }, { key: "visits", label: "Visits" }], rows,
      "Visits by officer (personal data: this view is audited)"));
  }

  const outcomes = document.getElementById("outcomes");
  const countRows = Object.entries(h.outcomes.counts).map(([kind, n]) => ({ kind, n }));
  outcomes.appendChild(Grip.table("outcome-counts-table", [{ key: "kind", label: "Outcome" }, { key: "n", label: "Recorded" }], countRows));
  if (h.outcomes.rows) {
    outcomes.appendChild(Grip.table("outcomes-table", [
      { key: "occurred_at", label: "When" }, { key: "kind", label: "Outcome" }, { key: "weapon_type", label: "Weapon" },
      { key: "people_through", label: "People through arch" }, { key: "detections", label: "Detections" },
      { key: "linked_to_visit", label: "During a GPS visit", format: (v) => (v ? "yes" : "no") }, { key: "notes", label: "Notes" },
    ], h.outcomes.rows));
  }

  document.getElementById("actions-table").replaceWith(Grip.table("actions-table", [
    { key: "opened", label: "Opened" }, { key: "kind", label: "Action" }, { key: "owner", label: "Owner" },
    { key: "status", label: "Status" }, { key: "partner", label: "Partner" }, { key: "closed", label: "Closed" }, { key: "notes", label: "Notes" },
  ], h.actions));
})();
