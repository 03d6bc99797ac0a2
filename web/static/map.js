// The map page: Leaflet with layers hotspots, Gi* bins, forecast and district boundaries, a
// legend, and a basemap only when the server was started with --basemap-url.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  const map = L.map("map", { zoomSnap: 0.25 });
  // Hotspots and districts as SVG (one element each); the many Gi* cells on a canvas.
  const canvas = L.canvas();
  const overlays = {};
  const control = L.control.layers(null, null, { collapsed: false }).addTo(map);
  if (me.basemap_url) {
    L.tileLayer(me.basemap_url, { maxZoom: 19, attribution: me.basemap_attribution || "" }).addTo(map);
  } else {
    document.getElementById("map-note").textContent = "No basemap is configured (grip serve --basemap-url), so the map shows Grip's layers only.";
  }

  // Leaflet sets string content as HTML: stored text goes in as a text-only element instead.
  const text = (value) => Grip.el("span", { text: value });
  const binColour = { 3: "#b2182b", 2: "#ef8a62", 1: "#fddbc7", "-1": "#d1e5f0", "-2": "#67a9cf", "-3": "#2166ac" };
  const [hotspots, bins, forecast, districts] = await Promise.all([
    Grip.api("/api/hotspots"),
    Grip.api("/api/gi-bins"),
    Grip.api("/api/forecast"),
    Grip.api("/api/areas?kind=district"),
  ]).catch((error) => {
    Grip.message(error.message);
    return [null, null, null, null];
  });
  if (!hotspots) return;

  const forecastById = {};
  for (const f of (forecast && forecast.hotspots) || []) forecastById[f.hotspot_id] = f;

  const districtLayer = L.geoJSON(districts, {
    style: { color: "#6a3d9a", weight: 2, dashArray: "6 4", fill: false },
    onEachFeature: (feature, layer) => layer.bindTooltip(text(feature.properties.name)),
  });
  const binLayer = L.geoJSON(bins, {
    renderer: canvas,
    style: (f) => ({ stroke: false, fillColor: binColour[f.properties.gi_bin] || "#999", fillOpacity: 0.6 }),
    onEachFeature: (feature, layer) => {
      const p = feature.properties;
      layer.bindTooltip(text("Gi* bin " + p.gi_bin + " (z " + Grip.number(p.gi_z, 2) + "), " + p.incidents + " incidents"));
    },
  });
  const maxProbability = Math.max(0.0001, ...Object.values(forecastById).map((f) => f.probability));
  const forecastLayer = L.geoJSON(hotspots, {
    style: (f) => {
      const figures = forecastById[f.properties.id];
      const share = figures ? figures.probability / maxProbability : 0;
      return { stroke: false, fillColor: "#ffd92f", fillOpacity: figures ? 0.15 + 0.6 * share : 0 };
    },
    onEachFeature: (feature, layer) => {
      const figures = forecastById[feature.properties.id];
      layer.bindTooltip(text(figures
        ? feature.properties.id + ": P(crime) " + Grip.number(figures.probability, 3) + ", expected " + Grip.number(figures.expected, 2)
        : feature.properties.id + ": no forecast"));
    },
  });
  const hotspotLayer = L.geoJSON(hotspots, {
    style: { color: "#111", weight: 2, fillOpacity: 0.05 },
    onEachFeature: (feature, layer) => {
      const p = feature.properties;
      const link = Grip.el("a", { href: "/hotspot.html?id=" + encodeURIComponent(p.id), text: p.id + " " + p.name });
      layer.bindPopup(Grip.el("div", {}, [Grip.el("strong", {}, [link]), Grip.el("div", { text: "Rank " + p.rank })]));
    },
  });

  for (const [name, layer, on] of [
    ["District boundaries", districtLayer, true],
    ["Gi* hot and cold spots", binLayer, true],
    ["Forecast (latest)", forecastLayer, false],
    ["Selected hotspots", hotspotLayer, true],
  ]) {
    overlays[name] = layer;
    control.addOverlay(layer, name);
    if (on) layer.addTo(map);
  }
  hotspotLayer.bringToFront();

  const bounds = hotspotLayer.getBounds().isValid() ? hotspotLayer.getBounds() : districtLayer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.2));
  else map.setView([52.5, -1.5], 6);

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const rows = [
      ["hotspot", "Selected hotspot"],
      ["district", "District boundary"],
      ["forecast", "Forecast: darker = likelier" + (forecast && forecast.model ? " (" + forecast.model + ", " + forecast.target_window + ")" : "")],
      ["hot3", "Gi* hot spot, 99 %"], ["hot2", "Gi* hot spot, 95 %"], ["hot1", "Gi* hot spot, 90 %"],
      ["cold1", "Gi* cold spot, 90 %"], ["cold2", "Gi* cold spot, 95 %"], ["cold3", "Gi* cold spot, 99 %"],
    ];
    return Grip.el("div", { id: "legend", class: "legend" },
      rows.map(([cls, label]) => Grip.el("div", {}, [Grip.el("span", { class: "swatch " + cls }), label])));
  };
  legend.addTo(map);
  if (bins && bins.truncated) Grip.message("Only the first 50,000 Gi* cells are drawn.", "ok");

  const rows = hotspots.features.map((f) => {
    const figures = forecastById[f.properties.id] || {};
    return { id: f.properties.id, name: f.properties.name, rank: f.properties.rank, probability: figures.probability, expected: figures.expected,
      edited: f.properties.edited };
  });
  const tableNode = Grip.table("hotspot-table", [
    { key: "rank", label: "Rank" },
    { key: "id", label: "Hotspot", format: (v) => Grip.el("a", { href: "/hotspot.html?id=" + encodeURIComponent(v), text: v }) },
    { key: "name", label: "Name" },
    { key: "probability", label: "Forecast P", format: (v) => Grip.number(v, 3) },
    { key: "expected", label: "Forecast expected", format: (v) => Grip.number(v, 2) },
    { key: "edited", label: "Selection edited", format: (v) => (v ? "edited: " + v : "") },
  ], rows);
  document.getElementById("hotspot-table").replaceWith(tableNode);
  // Analysts' edits of the run's selection, dropped hotspots too (they are not on the map).
  const edits = hotspots.selection_edits || [];
  if (edits.length) {
    document.getElementById("selection-edits").appendChild(Grip.table("selection-edits-table", [
      { key: "hotspot_id", label: "Hotspot", format: (v) => Grip.el("a", { href: "/hotspot.html?id=" + encodeURIComponent(v), text: v }) },
      { key: "summary", label: "Edit", format: (v) => "edited: " + v },
    ], edits, "Edits of the selection (latest run)"));
  }
})();
