// The monthly return (GET /api/return?month=) and its sign-off by a supervisor
// (POST /api/return/sign-off), which issues the hash-chained snapshot and is audited.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const el = Grip.el;
  const monthInput = document.getElementById("return-month");
  const last = new Date();
  last.setDate(1);
  last.setMonth(last.getMonth() - 1);
  monthInput.value = Grip.param("month") || last.getFullYear() + "-" + String(last.getMonth() + 1).padStart(2, "0");
  document.getElementById("return-print").addEventListener("click", () => window.print());
  document.getElementById("return-controls").addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", "?month=" + encodeURIComponent(monthInput.value));
    show();
  });
  const signOff = document.getElementById("sign-off");
  document.getElementById("sign-off-box").hidden = me.role !== "supervisor";
  signOff.addEventListener("click", async () => {
    signOff.disabled = true;
    try {
      const issued = await Grip.api("/api/return/sign-off", { body: { month: monthInput.value } });
      Grip.message("Return " + issued.return_id + " issued for " + issued.month + " (chain " + issued.chain_hash.slice(0, 24) + "…)." +
        (issued.discrepancies.length ? " " + issued.discrepancies.length + " earlier return(s) no longer match their figures." : ""), "ok");
      show(true);
    } catch (error) {
      Grip.message(error.message);
    } finally {
      signOff.disabled = false;
    }
  });

  const cell = (v) => (v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : v);

  async function show(keepMessage) {
    if (!keepMessage) Grip.message("");
    let r;
    try {
      r = await Grip.api("/api/return?month=" + encodeURIComponent(monthInput.value));
    } catch (error) {
      return Grip.message(error.message);
    }
    const f = r.figures;
    const status = Grip.clear(document.getElementById("return-status"));
    status.appendChild(r.signed_off
      ? el("p", { class: "signed", text: "Signed off: " + r.issued.map((i) => "return " + i.return_id + " issued " + i.issued_at + (i.matches_current_figures ? "" : " (figures have changed since)")).join("; ") })
      : el("p", { class: "unsigned", text: "Not signed off yet: the figures below are as they stand now." }));
    const totals = f.totals || {};
    const sv = f.serious_violence || {};
    const figure = (value, label) => el("div", { class: "figure" }, [el("div", { class: "value", text: value }), el("div", { class: "label", text: label })]);
    Grip.clear(document.getElementById("return-summary")).appendChild(el("div", {}, [
      el("div", { class: "figures" }, [
        figure(Grip.number(totals.gps_visits, 0), "GPS patrol visits"),
        figure(Grip.number((totals.gps_minutes || 0) / 60, 1) + " h", "patrol hours"),
        figure(Grip.number(totals.planned_visits, 0), "planned visits"),
        figure(sv.this_month === null || sv.this_month === undefined ? "–" : Grip.number(sv.this_month, 0), "serious violence this month"),
        figure(sv.same_month_last_year === null || sv.same_month_last_year === undefined ? "–" : Grip.number(sv.same_month_last_year, 0), "same month last year"),
        figure(Grip.number((f.actions || {}).opened, 0) + " / " + Grip.number((f.actions || {}).closed, 0), "actions opened / closed"),
      ]),
      sv.note ? el("p", { class: "note", text: sv.note }) : null,
    ]));
    const rows = f.hotspots || [];
    const keys = rows.length ? Object.keys(rows[0]) : [];
    const order = ["hotspot_id", "name"].filter((k) => keys.includes(k)).concat(keys.filter((k) => k !== "hotspot_id" && k !== "name"));
    document.getElementById("return-hotspots").replaceWith(Grip.table("return-hotspots",
      order.map((k) => ({ key: k, label: k.replace(/_/g, " "), format: cell })), rows));
    const ss = f.stop_searches || {};
    const box = Grip.clear(document.getElementById("return-stop-search"));
    box.appendChild(el("p", { text: Grip.number(ss.in_hotspots, 0) + " searches in the hotspots; outcome linked to the object of search: " +
      (ss.linked_share === null || ss.linked_share === undefined ? "–" : Grip.number(100 * ss.linked_share, 0) + " %") +
      "; searches per patrol hour: " + cell(ss.per_patrol_hour) + "." }));
    for (const [key, label] of [["by_object_of_search", "Object of search"], ["by_outcome", "Outcome"]]) {
      const list = Object.entries(ss[key] || {}).map(([name, n]) => ({ name, n }));
      box.appendChild(Grip.table("return-" + key.replace(/_/g, "-"), [{ key: "name", label }, { key: "n", label: "Searches" }], list));
    }
    if (ss.ethnicity_note) box.appendChild(el("p", { class: "note", text: ss.ethnicity_note }));
  }
  show();
})();
