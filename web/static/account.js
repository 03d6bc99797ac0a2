// Change one's own password (POST /api/me/password, with the current one); other sessions end.
"use strict";

(async () => {
  const me = await Grip.page();
  if (!me) return;
  document.getElementById("account-who").textContent = "Signed in as " + me.name + " (" + me.role + ") until " + me.expires + ".";
  document.getElementById("password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const current = document.getElementById("password-current");
    const fresh = document.getElementById("password-new");
    const again = document.getElementById("password-again");
    if (fresh.value !== again.value) return Grip.message("The two new passwords differ.");
    try {
      const result = await Grip.api("/api/me/password", { body: { current_password: current.value, new_password: fresh.value } });
      Grip.message("Password changed; " + result.other_sessions_ended + " other session(s) ended.", "ok");
    } catch (error) {
      Grip.message(error.message);
    }
    current.value = fresh.value = again.value = "";
  });
})();
