// Long work in the background: start an ingest or a hotspot run, then follow every job's progress
// (the table polls /api/jobs every two seconds while a job is queued or running).
"use strict";

(async () => {
  const who = await Grip.page();
  if (!who) return;
  const { el, api, message, table } = Grip;
  let timer = null;

  function progress(value, row) {
    const share = Math.round(100 * (row.progress || 0));
    return el("span", {}, [
      el("progress", { max: "100", value: String(share), "aria-label": "progress of job " + row.id }),
      " " + share + " % ",
    ]);
  }

  function outcome(value, row) {
    if (row.state === "failed") return row.message;
    if (row.state !== "done") return row.message;
    const r = row.result || {};
    if (row.kind === "hotspots") return "run " + r.run_id + ": " + r.selected + " selected";
    if (row.kind === "ingest" && r.totals) return "stored " + r.totals.rows_stored + ", rejected " + r.totals.rows_rejected;
    return "done";
  }

  async function refresh() {
    try {
      const jobs = await api("/api/jobs");
      const columns = [
        { key: "id", label: "Job" },
        { key: "kind", label: "What" },
        { key: "owner", label: "Started by" },
        { key: "state", label: "State" },
        { key: "progress", label: "Progress", format: progress },
        { key: "message", label: "Result", format: outcome },
        { key: "submitted", label: "Submitted (UTC)" },
      ];
      const old = document.getElementById("jobs-table");
      old.replaceWith(table("jobs-table", columns, jobs, jobs.length ? null : "No jobs yet"));
      const active = jobs.some((j) => j.state === "queued" || j.state === "running");
      clearTimeout(timer);
      if (active) timer = setTimeout(refresh, 2000);
    } catch (e) {
      message(e.message);
    }
  }

  document.getElementById("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("upload-file");
    const file = input.files && input.files[0];
    if (!file) return message("Choose a file first.");
    try {
      const content = await file.text();
      const started = await api("/api/jobs/ingest", { body: { file_name: file.name, content } });
      message("Ingest of " + file.name + " started as job " + started.job + ".", "ok");
      refresh();
    } catch (e) {
      message(e.message);
    }
  });

  document.getElementById("hotspots-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const top = Number(document.getElementById("hotspots-top").value);
      const cell = Number(document.getElementById("hotspots-cell").value);
      const started = await api("/api/jobs/hotspots", { body: { top, cell_size_m: cell } });
      message("Hotspot run started as job " + started.job + ".", "ok");
      refresh();
    } catch (e) {
      message(e.message);
    }
  });

  refresh();
})();
