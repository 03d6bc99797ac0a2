// Shared by every page: sign-in state, the CSRF token, fetch helpers, the navigation by role and
// DOM building with textContent only (no innerHTML), so stored text can never become markup.
"use strict";

const Grip = (() => {
  let mePromise = null;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function message(text, kind) {
    const box = document.getElementById("message");
    if (!box) return;
    box.textContent = text || "";
    box.className = text ? "message " + (kind || "error") : "message";
  }

  async function api(path, options) {
    const opts = options || {};
    const headers = { Accept: "application/json" };
    let body;
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const method = opts.method || (body !== undefined ? "POST" : "GET");
    if (method !== "GET") {
      const me = await Grip.me(true);
      if (me) headers["X-CSRF-Token"] = me.csrf_token;
    }
    const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (response.status === 401 && !opts.allow401) {
      const next = encodeURIComponent(location.pathname + location.search);
      location.href = "/index.html?next=" + next;
      throw new Error("sign in first");
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || "request failed (" + response.status + ")");
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // The signed-in account ({name, role, csrf_token, ...}) or null when signed out.
  function me(quiet) {
    if (!mePromise) {
      mePromise = fetch("/api/me", { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
        (r) => (r.ok ? r.json() : null),
        () => null
      );
    }
    return mePromise.then((m) => {
      if (!m && !quiet) {
        location.href = "/index.html?next=" + encodeURIComponent(location.pathname + location.search);
      }
      return m;
    });
  }

  const pages = [
    { href: "/map.html", label: "Map", roles: ["admin", "analyst", "supervisor", "officer", "viewer"] },
    { href: "/tasking.html", label: "Tasking", roles: ["admin", "analyst", "supervisor", "officer"] },
    { href: "/entry.html", label: "Log outcome", roles: ["admin", "analyst", "supervisor", "officer"] },
    { href: "/dosage.html", label: "Dosage", roles: ["admin", "analyst", "supervisor"] },
    { href: "/return.html", label: "Monthly return", roles: ["admin", "analyst", "supervisor", "officer", "viewer"] },
    { href: "/evaluation.html", label: "Evaluation", roles: ["admin", "analyst", "supervisor", "officer", "viewer"] },
    { href: "/jobs.html", label: "Data and analyses", roles: ["admin", "analyst"] },
    { href: "/admin.html", label: "Admin", roles: ["admin"] },
    { href: "/account.html", label: "Account", roles: ["admin", "analyst", "supervisor", "officer", "viewer"] },
  ];

  function nav(who) {
    const bar = document.getElementById("nav");
    if (!bar) return;
    clear(bar);
    const list = el("ul", {}, []);
    for (const page of pages) {
      if (!who || !page.roles.includes(who.role)) continue;
      const current = location.pathname === page.href;
      list.appendChild(el("li", {}, [el("a", { href: page.href, "aria-current": current ? "page" : null, text: page.label })]));
    }
    bar.appendChild(el("a", { href: "/index.html", class: "brand", text: "Grip" }));
    bar.appendChild(list);
    if (who) {
      const out = el("button", { type: "button", id: "sign-out", class: "link", text: "Sign out (" + who.name + ", " + who.role + ")" });
      out.addEventListener("click", async () => {
        try {
          await api("/logout", { body: {} });
        } finally {
          location.href = "/index.html";
        }
      });
      bar.appendChild(out);
    }
  }

  // Signs the page in (or sends to the sign-in page) and draws the navigation; resolves to me.
  async function page() {
    const who = await me(false);
    if (who) nav(who);
    return who;
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name) || "";
  }

  function number(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    if (typeof value !== "number") return String(value);
    return value.toLocaleString("en-GB", { maximumFractionDigits: digits === undefined ? 1 : digits });
  }

  // A table from rows of objects; columns: [{key, label, format}] (format(value, row) returns text or a node).
  function table(id, columns, rows, caption) {
    const head = el("tr", {}, columns.map((c) => el("th", { scope: "col", text: c.label || c.key })));
    const body = el("tbody", {}, rows.map((row) =>
      el("tr", {}, columns.map((c) => {
        const value = c.format ? c.format(row[c.key], row) : row[c.key];
        return el("td", { class: typeof row[c.key] === "number" ? "num" : null },
          [value instanceof Node ? value : (value === null || value === undefined ? "–" : String(value))]);
      }))
    ));
    return el("table", { id, class: "data" }, [caption ? el("caption", { text: caption }) : null, el("thead", {}, [head]), body]);
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  return { el, clear, message, api, me, nav, page, param, number, table, today };
})();
