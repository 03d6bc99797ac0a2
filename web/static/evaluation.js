// The evaluation (GET /api/evaluation: `grip evaluate` with its defaults): rate ratios with their
// intervals and verdicts per outcome, and the headline outcome's monthly counts by zone.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const el = Grip.el;
  const box = document.getElementById("evaluation");
  let body;
  try {
    body = await Grip.api("/api/evaluation");
  } catch (error) {
    return Grip.message(error.message);
  }
  if (!body.available) {
    box.appendChild(el("p", { text: "No evaluation can be run yet: " + body.reason }));
    return;
  }
  const e = body.evaluation;
  const interval = (i) => (i && i.low !== null && i.low !== undefined ? Grip.number(i.low, 2) + "–" + Grip.number(i.high, 2) : "–");
  box.appendChild(el("p", { text: "Treated: " + e.areas + ". Comparison: " + e.comparison + ". Before " + e.before + ", after " + e.after +
    " (" + e.period_source + "); dataset " + e.dataset + "." }));
  box.appendChild(Grip.table("evaluation-table", [
    { key: "name", label: "Outcome" },
    { key: "rate_ratio", label: "Rate ratio", format: (v) => Grip.number(v, 2) },
    { key: "percent_change", label: "Change", format: (v) => (v === null || v === undefined ? "–" : Grip.number(v, 1) + " %") },
    { key: "headline_interval", label: "Interval", format: interval },
    { key: "headline_p", label: "p", format: (v) => Grip.number(v, 3) },
    { key: "verdict", label: "Verdict", format: (v) => el("span", { class: "verdict", text: v }) },
    { key: "note", label: "Note" },
  ], e.outcomes));
  const headline = e.outcomes[0];
  if (headline && headline.monthly && headline.monthly.length) {
    const zones = Object.keys(headline.monthly[0]).filter((k) => k !== "month" && k !== "has_data");
    const colours = ["#a4161a", "#0b5cad", "#2b7a0b", "#6a3d9a", "#b15928"];
    new Chart(document.getElementById("evaluation-chart"), {
      type: "line",
      data: {
        labels: headline.monthly.map((m) => m.month),
        datasets: zones.map((z, i) => ({ label: z, data: headline.monthly.map((m) => (m.has_data ? m[z].count : null)), borderColor: colours[i % colours.length], tension: 0.2 })),
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
    });
  }
  const notes = document.getElementById("evaluation-notes");
  for (const note of e.notes || []) notes.appendChild(el("p", { class: "note", text: note }));
})();
