"""Issue 14: the dashboard in headless Chromium, one fresh browser per role.

- Signing in works for each role through the sign-in form (#login-form), and /api/me then names
  that role; signed out, every page leads to the sign-in form and every /api route is 401.
- What each role may do, asked through the browser's own fetch (cookie and CSRF token as a page
  sends them). The expected statuses are written here from the issue's rules (admin: accounts and
  audit; analyst: analyses; supervisor: plans, dosage, sign-off; officer: tasking and logging
  outcomes and actions; viewer: returns and evaluation, no personal data), not read from the
  server's route table. A write a role may make is probed with an unknown field, so it is refused
  with 400 after the role check and changes nothing.
- Every page loads for every role with no SEVERE console entry other than the 403 of a route that
  role may not use (a viewer who types /admin.html), with a screenshot kept; as viewer and as admin
  every page passes axe-core with no serious or critical violation.
- Personal data: no officer pseudonym in a viewer's or officer's pages or API answers; no audit
  rows on a non-admin's pages.
- The map shows its layers, an outcome is logged at 375 x 812 and is then in the store, and the
  tasking sheet prints to a non-empty PDF.
- An officer's tasking page shows their own team's sheet only, with no team picker, and asking for
  another team is 403; an analyst drops a hotspot from its page with a reason and the map then
  lists one hotspot fewer, with the edit named (the hotspot is put back afterwards).
"""

import json
import re
import time
import unittest

from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser_stack import PASSWORD, ROLES, stack

EVERYONE = set(ROLES)
STAFF = {"officer", "supervisor", "analyst", "admin"}
MANAGERS = {"supervisor", "analyst", "admin"}
ADMIN = {"admin"}
ANALYSTS = {"analyst", "admin"}
# GET route (query included) -> roles that may call it; everyone else signed in gets 403.
READS = {
    "/api/me": EVERYONE,
    "/api/openapi.json": EVERYONE,
    "/api/hotspots": EVERYONE,
    "/api/gi-bins": EVERYONE,
    "/api/forecast": EVERYONE,
    "/api/areas?kind=district": EVERYONE,
    "/api/hotspot?id={hotspot}": EVERYONE,
    "/api/actions": EVERYONE,
    "/api/return": EVERYONE,
    "/api/evaluation": EVERYONE,
    "/api/tasking": STAFF,
    "/api/plan": MANAGERS,
    "/api/dosage": MANAGERS,
    "/api/gps-visits": MANAGERS,
    "/api/users": ADMIN,
    "/api/audit": ADMIN,
    "/api/jobs": ANALYSTS,
}
WRITES = {
    "/api/actions": STAFF,
    "/api/outcomes": STAFF,
    "/api/return/sign-off": {"supervisor"},
    "/api/users": ADMIN,
    "/api/users/role": ADMIN,
    "/api/users/disable": ADMIN,
    "/api/users/team": ADMIN,
    "/api/hotspots/selection": ANALYSTS,
    "/api/jobs/ingest": ANALYSTS,
    "/api/jobs/hotspots": ANALYSTS,
}
# Officer pseudonyms are "off-" + hex (patrol pseudonyms); none may reach a viewer or an officer.
PSEUDONYM = re.compile(r"\boff-[0-9a-f]{6,}")
AUDIT_WORDS = re.compile(r"\b(login_failed|view_personal|action_add|account_locked)\b")


def settle(driver, seconds=0.4):
    """Lets the page's own fetches finish: the document is complete, then a short pause."""
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(seconds)


def path_of(route):
    return route.split("?")[0]


class Dashboard(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = stack()
        admin = cls.stack.browser()
        try:
            cls.stack.sign_in_by_fetch(admin, "admin")
            hotspots = json.loads(cls.stack.fetch_status(admin, "GET", "/api/hotspots")["text"])
            cls.hotspot = hotspots["features"][0]["properties"]["id"]
            cls.hotspot_count = len(hotspots["features"])
            cls.plan = json.loads(cls.stack.fetch_status(admin, "GET", "/api/plan")["text"])
        finally:
            cls.stack.close(admin)

    # --- helpers ------------------------------------------------------------------------------

    def signed_in(self, role):
        """A fresh browser signed in as role1 through the sign-in form."""
        driver = self.stack.browser()
        driver.get(self.stack.base + "/index.html")
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "login-form").is_displayed())
        driver.find_element(By.ID, "login-name").send_keys(f"{role}1")
        driver.find_element(By.ID, "login-password").send_keys(PASSWORD)
        driver.find_element(By.ID, "login-submit").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "home-who")
                                        and d.find_element(By.ID, "home-who").text)
        self.assertIn(f"({role})", driver.find_element(By.ID, "home-who").text)
        me = self.stack.fetch_status(driver, "GET", "/api/me")
        self.assertEqual(me["status"], 200)
        self.assertEqual(json.loads(me["text"])["role"], role)
        # Before signing in, index.html's own GET /api/me is 401 (it is how it knows to show the form).
        errors = [e for e in self.stack.console_errors(driver) if not self.expected(e["message"], {"/api/me"}, 401)]
        self.assertEqual(errors, [], f"{role}: console errors while signing in")
        return driver

    def expected(self, message, paths, status):
        """Chromium's log line for a fetch of one of `paths` answered `status`, as expected."""
        match = re.match(re.escape(self.stack.base) + r"(/[^ ?]*)\S* - Failed to load resource: "
                         rf"the server responded with a status of {status}\b", message)
        return match is not None and match.group(1) in paths

    def denied_paths(self, role):
        return {path_of(r) for r, allowed in READS.items() if role not in allowed} | \
               {r for r, allowed in WRITES.items() if role not in allowed}

    def page_url(self, page):
        query = {"hotspot.html": f"?id={self.hotspot}", "tasking.html": f"?date={self.plan['first_day']}"}
        return f"{self.stack.base}/{page}{query.get(page, '')}"

    # --- tests --------------------------------------------------------------------------------

    def test_signed_out_gets_401_from_every_api_route_and_sees_only_the_sign_in_form(self):
        driver = self.stack.browser()
        try:
            driver.get(self.stack.base + "/index.html")
            for route in READS:
                status = self.stack.fetch_status(driver, "GET", route.format(hotspot=self.hotspot))["status"]
                self.assertEqual(status, 401, f"signed out: GET {route}")
            for route in WRITES:
                self.assertEqual(self.stack.fetch_status(driver, "POST", route, {})["status"], 401, f"POST {route}")
            for page in self.stack.pages():
                driver.get(self.page_url(page))
                WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "login-form")
                                                and d.find_element(By.ID, "login-form").is_displayed())
                settle(driver)
                text = driver.find_element(By.TAG_NAME, "body").text
                self.assertNotIn(self.hotspot, text, f"signed out: {page} shows hotspot ids")
                self.assertIsNone(PSEUDONYM.search(driver.page_source), f"signed out: {page} shows a pseudonym")
                self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "table.data tbody tr"), [],
                                 f"signed out: {page} shows a table")
            self.stack.screenshot(driver, "signed-out")
            every_api = {path_of(r) for r in READS} | set(WRITES)
            errors = [e for e in self.stack.console_errors(driver) if not self.expected(e["message"], every_api, 401)]
            self.assertEqual(errors, [], "signed out: console errors")
        finally:
            self.stack.close(driver)

    def test_each_role_sees_what_it_may_and_nothing_else(self):
        for role in ROLES:
            with self.subTest(role=role):
                driver = self.signed_in(role)
                try:
                    self.check_api(driver, role)
                    self.check_pages(driver, role)
                finally:
                    self.stack.close(driver)

    def check_api(self, driver, role):
        for route, allowed in READS.items():
            answer = self.stack.fetch_status(driver, "GET", route.format(hotspot=self.hotspot))
            self.assertEqual(answer["status"], 200 if role in allowed else 403,
                             f"{role}: GET {route}: {answer['text'][:200]}")
            if role in ("viewer", "officer"):
                self.assertIsNone(PSEUDONYM.search(answer["text"]), f"{role}: GET {route} carries an officer pseudonym")
        for route, allowed in WRITES.items():
            answer = self.stack.fetch_status(driver, "POST", route, {"no_such_field": "x"})
            self.assertEqual(answer["status"], 400 if role in allowed else 403,
                             f"{role}: POST {route} with an unknown field: {answer['text'][:200]}")
        denied = self.denied_paths(role)
        errors = [e for e in self.stack.console_errors(driver)
                  if not self.expected(e["message"], denied, 403) and not self.expected(e["message"], set(WRITES), 400)]
        self.assertEqual(errors, [], f"{role}: console errors from the API probes")

    def check_pages(self, driver, role):
        denied = self.denied_paths(role)
        for page in self.stack.pages():
            driver.get(self.page_url(page))
            settle(driver)
            name = page.removesuffix(".html")
            self.stack.screenshot(driver, f"{role}-{name}")
            if role in ("viewer", "admin"):
                violations = self.stack.axe(driver)
                self.stack.write_summary(f"axe-{role}-{name}", violations)
                self.assertEqual(violations, [], f"{role}: axe-core serious/critical violations on {page}")
            errors = [e for e in self.stack.console_errors(driver) if not self.expected(e["message"], denied, 403)]
            self.assertEqual(errors, [], f"{role}: console errors on {page}")
            source = driver.page_source
            if role in ("viewer", "officer"):
                self.assertIsNone(PSEUDONYM.search(source), f"{role}: {page} shows an officer pseudonym")
            if role != "admin":
                self.assertIsNone(AUDIT_WORDS.search(driver.find_element(By.TAG_NAME, "body").text),
                                  f"{role}: {page} shows audit log rows")
                self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr"), [],
                                 f"{role}: {page} lists audit rows")

    def test_map_page_shows_its_layers(self):
        driver = self.signed_in("analyst")
        try:
            driver.get(f"{self.stack.base}/map.html")
            WebDriverWait(driver, 30).until(
                lambda d: len(d.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label")) >= 4)
            settle(driver, 1.0)
            labels = [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label")]
            self.stack.write_summary("map-layers", labels)
            for layer in ("Selected hotspots", "Gi* hot and cold spots", "District boundaries", "Forecast (latest)"):
                self.assertIn(layer, labels, f"map layers: {labels}")
            # The hotspot table beside the map lists every selected hotspot.
            rows = driver.find_elements(By.CSS_SELECTOR, "#hotspot-table tbody tr")
            self.assertEqual(len(rows), self.hotspot_count)
            # Leaflet draws on a canvas here (preferCanvas): switching the hotspot layer off must
            # change the picture, so the layer is drawn, not only listed.
            with_hotspots = self.canvas_ink(driver)
            self.assertGreater(with_hotspots, 1000, "the map canvas is blank")
            self.stack.screenshot(driver, "map-layers")
            self.toggle_layer(driver, "Selected hotspots")
            without = self.canvas_ink(driver)
            self.toggle_layer(driver, "Selected hotspots")
            self.assertNotEqual(with_hotspots, without, "switching the hotspot layer off changed nothing")
            self.assertEqual(self.stack.console_errors(driver), [])
        finally:
            self.stack.close(driver)

    @staticmethod
    def canvas_ink(driver):
        """Non-transparent pixels over every canvas in the map's overlay pane."""
        time.sleep(0.5)
        return driver.execute_script(
            """let ink = 0;
            for (const c of document.querySelectorAll('#map .leaflet-overlay-pane canvas')) {
              const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
            }
            for (const p of document.querySelectorAll('#map .leaflet-overlay-pane path')) ink += 1;
            return ink;""")

    @staticmethod
    def toggle_layer(driver, name):
        """Clicks the layer's checkbox as a user would (fails when something covers it)."""
        for label in driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label"):
            if label.text.strip() == name:
                try:
                    label.find_element(By.CSS_SELECTOR, "input").click()
                except ElementClickInterceptedException as error:
                    raise AssertionError(f"the layer control's '{name}' checkbox cannot be clicked: "
                                         f"{error.msg.splitlines()[0]}") from None
                return
        raise AssertionError(f"no layer {name}")

    def test_tasking_sheet_prints_to_pdf(self):
        driver = self.signed_in("supervisor")
        try:
            driver.get(self.page_url("tasking.html"))
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tasking table tbody tr"))
            settle(driver)
            teams = driver.find_elements(By.CSS_SELECTOR, "#tasking .team-sheet")
            visits = driver.find_elements(By.CSS_SELECTOR, "#tasking table tbody tr")
            self.assertGreater(len(visits), 0)
            self.stack.screenshot(driver, "tasking")
            self.assertEqual(self.stack.console_errors(driver), [])
            path, data = self.stack.print_pdf(driver, "tasking-sheet")
            self.assertTrue(data.startswith(b"%PDF-"), f"{path} is not a PDF")
            self.assertGreater(len(data), 5000, f"{path}: {len(data)} bytes")
            pages = len(re.findall(rb"/Type\s*/Page\b", data))
            # One A4 page per team (the print stylesheet's page break), at least.
            self.assertGreaterEqual(pages, len(teams), f"{path}: {pages} pages for {len(teams)} teams")
        finally:
            self.stack.close(driver)

    def test_officer_sees_only_their_own_team(self):
        team = self.stack.officer_team
        # The demo plans for one team: every other visit goes to a second team for this test only.
        other = "Zulu team"
        plan = "plan_id = (SELECT max(plan_id) FROM patrol_plans)"
        self.stack.store_exec(f"UPDATE patrol_visits SET team = '{other}' WHERE {plan} AND fid % 2 = 0")
        driver = self.signed_in("officer")
        try:
            admin = self.stack.browser()
            try:
                self.stack.sign_in_by_fetch(admin, "admin")
                visits = json.loads(self.stack.fetch_status(admin, "GET", "/api/plan")["text"])["visits"]
            finally:
                self.stack.close(admin)
            self.assertEqual({v["team"] for v in visits}, {team, other})
            day = next(d for d in sorted({v["date"] for v in visits})
                       if {v["team"] for v in visits if v["date"] == d} == {team, other})
            driver.get(f"{self.stack.base}/tasking.html?date={day}")
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tasking .team-sheet"))
            settle(driver)
            sheets = driver.find_elements(By.CSS_SELECTOR, "#tasking .team-sheet")
            self.assertEqual([s.get_attribute("data-team") for s in sheets], [team])
            self.assertEqual(driver.find_elements(By.ID, "tasking-team"), [], "an officer is offered a team picker")
            self.assertIn(team, driver.find_element(By.ID, "tasking-own-team").text)
            rows = driver.find_elements(By.CSS_SELECTOR, "#tasking table tbody tr")
            expected = [v for v in visits if v["team"] == team and v["date"] == day]
            self.assertGreater(len([v for v in visits if v["team"] == other and v["date"] == day]), 0)
            self.assertEqual(len(rows), len(expected))
            self.assertNotIn(other, driver.find_element(By.ID, "tasking").text)
            self.stack.screenshot(driver, "tasking-officer")
            self.assertEqual(self.stack.console_errors(driver), [])
            asked = self.stack.fetch_status(driver, "GET", f"/api/tasking?date={day}&team={other}")
            self.assertEqual(asked["status"], 403, asked["text"])
            self.assertNotIn('"visits"', asked["text"])
        finally:
            self.stack.store_exec(f"UPDATE patrol_visits SET team = '{team}' WHERE team = '{other}'")
            self.stack.close(driver)

    def test_analyst_drops_a_hotspot_and_the_map_shows_one_fewer(self):
        driver = self.signed_in("analyst")
        dropped = None
        try:
            features = json.loads(self.stack.fetch_status(driver, "GET", "/api/hotspots")["text"])["features"]
            self.assertGreater(len(features), 1)
            dropped = features[-1]["properties"]["id"]
            driver.get(f"{self.stack.base}/hotspot.html?id={dropped}")
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "selection-form"))
            settle(driver)
            reason = f"browser test {time.time():.0f}: CCTV now covers it"
            driver.find_element(By.ID, "selection-reason").send_keys(reason)
            driver.find_element(By.ID, "selection-submit").click()
            WebDriverWait(driver, 30).until(lambda d: "dropped from" in d.find_element(By.ID, "message").text)
            driver.get(f"{self.stack.base}/map.html")
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#selection-edits-table tbody tr"))
            settle(driver, 1.0)
            rows = driver.find_elements(By.CSS_SELECTOR, "#hotspot-table tbody tr")
            self.assertEqual(len(rows), len(features) - 1)
            self.assertNotIn(dropped, [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows])
            edits = driver.find_element(By.ID, "selection-edits-table").text
            self.assertIn("dropped by analyst1", edits)
            self.assertIn(reason, edits)
            self.stack.screenshot(driver, "map-after-drop")
            self.assertEqual(self.stack.console_errors(driver), [])
            # A viewer has no control and the server refuses them regardless.
            viewer = self.signed_in("viewer")
            try:
                viewer.get(f"{self.stack.base}/hotspot.html?id={self.hotspot}")
                settle(viewer)
                self.assertEqual(viewer.find_elements(By.ID, "selection-form"), [])
                refused = self.stack.fetch_status(viewer, "POST", "/api/hotspots/selection",
                                                  {"hotspot_id": self.hotspot, "change": "drop", "reason": "x"})
                self.assertEqual(refused["status"], 403)
            finally:
                self.stack.close(viewer)
        finally:
            if dropped:
                back = self.stack.fetch_status(driver, "POST", "/api/hotspots/selection",
                                               {"hotspot_id": dropped, "change": "add", "reason": "browser test: put back"})
                self.assertEqual(back["status"], 200, back["text"])
            self.stack.close(driver)

    def weapon_counts(self, driver):
        detail = json.loads(self.stack.fetch_status(driver, "GET", f"/api/hotspot?id={self.hotspot}")["text"])
        self.assertNotIn("rows", detail["outcomes"], "an officer is sent the outcome rows (personal data)")
        return detail["outcomes"]["counts"].get("weapon_seized", 0)

    def test_officer_logs_an_outcome_on_a_phone(self):
        driver = self.signed_in("officer")
        try:
            self.stack.phone(driver)
            driver.get(f"{self.stack.base}/entry.html?hotspot={self.hotspot}")
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#outcome-hotspot option"))
            settle(driver)
            self.assertEqual(driver.execute_script("return window.innerWidth"), 375)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            self.assertLessEqual(width, 375, "the entry page scrolls sideways at 375 px")
            submit = driver.find_element(By.ID, "outcome-submit")
            self.assertGreaterEqual(submit.size["height"], 40, "the submit button is smaller than a finger")
            Select(driver.find_element(By.ID, "outcome-kind")).select_by_value("weapon_seized")
            Select(driver.find_element(By.ID, "outcome-weapon")).select_by_value("knife")
            note = f"phone test {time.time():.0f}"
            driver.find_element(By.ID, "outcome-notes").send_keys(note)
            counts_before = self.weapon_counts(driver)
            self.stack.screenshot(driver, "phone-outcome-form")
            submit.click()
            WebDriverWait(driver, 30).until(lambda d: "recorded" in d.find_element(By.ID, "message").text)
            message = driver.find_element(By.ID, "message").text
            self.stack.screenshot(driver, "phone-outcome-recorded")
            outcome_id = int(re.search(r"Outcome (\d+) recorded", message).group(1))
            # The officer's own view: one more weapon seizure at the hotspot (counts only, no rows).
            self.assertEqual(self.weapon_counts(driver), counts_before + 1)
            # The row itself, read with the engine's own client, not through Grip.
            row = self.stack.store_row(
                "SELECT kind, weapon_type, hotspot_id, notes FROM outcomes WHERE outcome_id = ?", outcome_id)
            self.assertEqual(row, ("weapon_seized", "knife", self.hotspot, note))
            self.assertEqual(self.stack.console_errors(driver), [])
        finally:
            self.stack.close(driver)


if __name__ == "__main__":
    unittest.main()
