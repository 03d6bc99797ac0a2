// Dosage and compliance charts from GET /api/dosage: planned visits of the latest plan against
// GPS-delivered ones, per day, hotspot and shift (aggregated: no officer pseudonyms).
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const el = Grip.el;
  const charts = [];
  const from = document.getElementById("dosage-from"), to = document.getElementById("dosage-to");
  from.value = Grip.param("from");
  to.value = Grip.param("to");
  document.getElementById("dosage-controls").addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });
  const percent = (v) => (v === null || v === undefined ? "–" : Grip.number(100 * v, 0) + " %");
  const columns = (key, label) => [
    { key, label },
    { key: "planned", label: "Planned" },
    { key: "delivered", label: "Delivered" },
    { key: "compliance", label: "Compliance", format: percent },
    { key: "gps_visits", label: "GPS visits" },
    { key: "minutes", label: "Minutes", format: (v, r) => Grip.number(v, 0) + " (" + Grip.number(r.minutes_low, 0) + "–" + Grip.number(r.minutes_high, 0) + ")" },
  ];
  const barChart = (canvas, rows, key) => new Chart(document.getElementById(canvas), {
    type: "bar",
    data: {
      labels: rows.map((r) => r[key]),
      datasets: [
        { label: "Planned", data: rows.map((r) => r.planned), backgroundColor: "#9aa5b1" },
        { label: "Delivered (planned visits with a GPS visit)", data: rows.map((r) => r.delivered), backgroundColor: "#0b5cad" },
        { label: "All GPS visits", data: rows.map((r) => r.gps_visits), backgroundColor: "#2b7a0b88" },
      ],
    },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "visits" } } } },
  });

  async function show() {
    Grip.message("");
    while (charts.length) charts.pop().destroy();
    const query = new URLSearchParams();
    if (from.value) query.set("from", from.value);
    if (to.value) query.set("to", to.value);
    let d;
    try {
      d = await Grip.api("/api/dosage?" + query.toString());
    } catch (error) {
      return Grip.message(error.message);
    }
    document.getElementById("dosage-note").textContent = (d.plan_id ? "Latest plan " + d.plan_id : "No plan stored") +
      ". A planned visit counts as delivered when a GPS visit of that hotspot overlaps it within " + d.tolerance_minutes +
      " minutes; minutes are the midpoint with the interval the ping rate allows. Times in " + d.time_zone + ".";
    const t = d.totals;
    const figure = (value, label) => el("div", { class: "figure" }, [el("div", { class: "value", text: value }), el("div", { class: "label", text: label })]);
    Grip.clear(document.getElementById("dosage-totals")).appendChild(el("div", { class: "figures" }, [
      figure(Grip.number(t.planned, 0), "planned visits"),
      figure(Grip.number(t.delivered, 0), "delivered"),
      figure(percent(t.compliance), "compliance"),
      figure(Grip.number(t.gps_visits, 0), "GPS visits"),
      figure(Grip.number(t.minutes / 60, 1) + " h", "patrol time (" + Grip.number(t.minutes_low / 60, 1) + "–" + Grip.number(t.minutes_high / 60, 1) + " h)"),
    ]));
    charts.push(barChart("dosage-day-chart", d.by_day, "date"));
    charts.push(barChart("dosage-hotspot-chart", d.by_hotspot, "hotspot_id"));
    document.getElementById("dosage-hotspot-table").replaceWith(Grip.table("dosage-hotspot-table", columns("hotspot_id", "Hotspot"), d.by_hotspot));
    document.getElementById("dosage-shift-table").replaceWith(Grip.table("dosage-shift-table", columns("shift", "Shift"), d.by_shift));
  }
  show();
})();
