// Sign-in page and home: the pages this account's role may open.
"use strict";

(async () => {
  const form = document.getElementById("login-form");
  const who = await Grip.me(true);
  if (who) return showHome(who);
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Grip.message("");
    const name = document.getElementById("login-name").value.trim();
    const password = document.getElementById("login-password").value;
    try {
      const response = await fetch("/login", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ name, password }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.error || "sign-in failed");
      const next = Grip.param("next");
      // Only a same-site path is followed (no //host or scheme).
      location.href = next.startsWith("/") && !next.startsWith("//") ? next : "/index.html";
    } catch (error) {
      Grip.message(error.message);
    }
  });

  function showHome(me) {
    Grip.nav(me);
    document.getElementById("home").hidden = false;
    document.getElementById("home-who").textContent = "Signed in as " + me.name + " (" + me.role + ").";
    const links = document.getElementById("home-links");
    for (const a of document.querySelectorAll("#nav li a")) {
      links.appendChild(Grip.el("li", {}, [Grip.el("a", { href: a.getAttribute("href"), text: a.textContent })]));
    }
  }
})();
