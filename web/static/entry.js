// The phone form: an outcome (POST /api/outcomes) or a problem-solving action (POST /api/actions).
// The server checks every field; its message is shown as it comes.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const el = Grip.el;
  const pad = (n) => String(n).padStart(2, "0");
  const now = new Date();
  const at = document.getElementById("outcome-at");
  at.value = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + "T" + pad(now.getHours()) + ":" + pad(now.getMinutes());

  try {
    const hotspots = await Grip.api("/api/hotspots");
    for (const id of ["outcome-hotspot", "action-hotspot"]) {
      const select = document.getElementById(id);
      for (const f of hotspots.features) {
        select.appendChild(el("option", { value: f.properties.id, text: f.properties.id + " " + f.properties.name }));
      }
      if (Grip.param("hotspot")) select.value = Grip.param("hotspot");
    }
  } catch (error) {
    Grip.message(error.message);
  }

  const kind = document.getElementById("outcome-kind");
  const showFields = () => {
    document.getElementById("weapon-fields").hidden = kind.value !== "weapon_seized";
    document.getElementById("arch-fields").hidden = kind.value !== "arch_deployment";
  };
  kind.addEventListener("change", showFields);
  showFields();

  document.getElementById("outcome-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      hotspot_id: document.getElementById("outcome-hotspot").value,
      kind: kind.value,
      notes: document.getElementById("outcome-notes").value,
    };
    const when = new Date(at.value);
    body.at = Number.isNaN(when.getTime()) ? at.value : when.toISOString().replace(/\.\d{3}Z$/, "Z");
    if (kind.value === "weapon_seized") body.weapon_type = document.getElementById("outcome-weapon").value;
    if (kind.value === "arch_deployment") {
      body.people_through = document.getElementById("outcome-people").value;
      body.detections = document.getElementById("outcome-detections").value;
    }
    const button = document.getElementById("outcome-submit");
    button.disabled = true;
    try {
      const result = await Grip.api("/api/outcomes", { body });
      Grip.message("Outcome " + result.outcome_id + " recorded" + (result.linked_to_visit ? ", linked to a GPS visit." : "."), "ok");
      document.getElementById("outcome-notes").value = "";
    } catch (error) {
      Grip.message(error.message);
    } finally {
      button.disabled = false;
    }
  });

  document.getElementById("action-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      hotspot_id: document.getElementById("action-hotspot").value,
      kind: document.getElementById("action-kind").value,
      owner: document.getElementById("action-owner").value,
      partner: document.getElementById("action-partner").value,
      notes: document.getElementById("action-notes").value,
    };
    const button = document.getElementById("action-submit");
    button.disabled = true;
    try {
      const result = await Grip.api("/api/actions", { body });
      Grip.message("Action " + result.action_id + " recorded.", "ok");
      document.getElementById("action-notes").value = "";
    } catch (error) {
      Grip.message(error.message);
    } finally {
      button.disabled = false;
    }
  });
})();
