"""What the browser tests run against, made once per run (issue 14 and issue 10).

A demo store (`grip demo --out DIR`: hotspots, plans, GPS visits, outcomes), one account per role
(`grip users add NAME --role ROLE --password-file F`), `grip serve` on a free loopback port with the
checkout's web/static, the hotspot HTML report (`grip hotspots --html`, on a copy of the store so
the served store keeps the demo's run), and headless Chromium driven by Debian's chromedriver.
Screenshots and PDFs go to $GRIP_ARTIFACTS (default build/browser-artifacts/).
"""

import base64
import json
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROLES = ["viewer", "officer", "supervisor", "analyst", "admin"]
PASSWORD = "browser test password 1"
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = (1280, 900)


def artifacts_dir():
    return pathlib.Path(os.environ.get("GRIP_ARTIFACTS", ROOT / "build" / "browser-artifacts")).resolve()


def log(message):
    print(f"[browser] {message}", file=sys.stderr, flush=True)


class Stack:
    def __init__(self):
        self.grip = pathlib.Path(os.environ.get("GRIP_CLI", ROOT / "build" / "grip")).resolve()
        self.web_root = pathlib.Path(os.environ.get("GRIP_WEB_ROOT", ROOT / "web" / "static")).resolve()
        self.artifacts = artifacts_dir()
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.axe_js = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
        if not self.grip.exists():
            raise RuntimeError(f"{self.grip}: not built (scripts/build)")
        if not self.axe_js.exists():
            raise RuntimeError(f"{self.axe_js}: missing (cd tests/browser && npm ci)")
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="grip-browser-"))
        self.server = None
        self.drivers = []
        # GRIP_TEST_ENGINE=postgis: the stores are databases of the test cluster (GRIP_TEST_PG).
        self.postgis = os.environ.get("GRIP_TEST_ENGINE") == "postgis"
        self.databases = []
        if self.postgis and not os.environ.get("GRIP_TEST_PG"):
            raise RuntimeError("GRIP_TEST_ENGINE=postgis needs GRIP_TEST_PG (scripts/pg-test-cluster env)")
        self.server_log = self.work / "serve.log"

    # --- set-up ------------------------------------------------------------------------------

    def run_grip(self, *args, check=True):
        started = time.monotonic()
        done = subprocess.run([str(self.grip), *map(str, args)], capture_output=True, text=True)
        if check and done.returncode != 0:
            raise RuntimeError(f"grip {' '.join(map(str, args))}: exit {done.returncode}\n{done.stdout}{done.stderr}")
        log(f"grip {' '.join(map(str, args[:3]))} ... {time.monotonic() - started:.1f} s")
        return done

    def start(self):
        demo = self.work / "demo"
        if self.postgis:
            # The demo straight into a database of the test cluster; the report's copy is a
            # clone of it (CREATE DATABASE ... TEMPLATE), as the GeoPackage copy is a file copy.
            self.db = self.create_database("")
            self.run_grip("--db", self.db, "-q", "demo", "--out", demo)
            report_store = self.create_database(self.databases[0])
        else:
            reuse = os.environ.get("GRIP_BROWSER_DEMO")  # a `grip demo --out` folder to copy (development)
            if reuse:
                shutil.copytree(reuse, demo)
            else:
                self.run_grip("-q", "demo", "--out", demo)
            self.db = demo / "synthetic-county.gpkg"
            report_store = self.work / "report-store.gpkg"
            shutil.copyfile(self.db, report_store)
        self.report_html = self.work / "hotspots-report.html"
        self.run_grip("--db", report_store, "-q", "hotspots", "--html", self.report_html)
        password_file = self.work / "password.txt"
        password_file.write_text(PASSWORD + "\n")
        for role in ROLES:
            self.run_grip("--db", self.db, "users", "add", f"{role}1", "--role", role,
                          "--password-file", password_file)
        # officer1 patrols with the plan's first team: the only tasking sheet the server gives them.
        self.officer_team = self.store_value("SELECT min(team) FROM patrol_visits")
        self.run_grip("--db", self.db, "users", "set-team", "officer1", self.officer_team)
        self.start_server()

    def psql(self, sql, database="postgres"):
        conninfo = re.sub(r"dbname=\S+", f"dbname={database}", os.environ["GRIP_TEST_PG"])
        done = subprocess.run(["psql", conninfo, "-AtX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"psql {sql}: {done.stderr}")
        return done.stdout

    def create_database(self, template):
        name = f"grip_browser_{os.getpid()}_{len(self.databases)}"
        self.psql(f"CREATE DATABASE {name} TEMPLATE {template or 'grip_template'}")
        self.databases.append(name)
        return "PG:" + re.sub(r"dbname=\S+", f"dbname={name}", os.environ["GRIP_TEST_PG"])

    def start_server(self):
        args = [str(self.grip), "--db", str(self.db), "serve", "--listen", "127.0.0.1:0",
                "--web-root", str(self.web_root)]
        self.server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(self.server_log, "w"), text=True)
        line = self.server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            raise RuntimeError(f"grip serve did not start: {line!r}\n{self.server_log.read_text()}")
        self.base = f"http://127.0.0.1:{match.group(1)}"
        log(f"grip serve on {self.base}, web root {self.web_root}")

    def stop(self):
        for driver in self.drivers:
            try:
                driver.quit()
            except Exception as error:  # the browser may have died; the test already failed then
                log(f"chromedriver quit: {error}")
        self.drivers = []
        failure = None
        if self.server is not None:
            self.server.terminate()
            code = self.server.wait(timeout=30)
            self.server = None
            if code != 0:
                failure = f"grip serve exited {code}: {self.server_log.read_text()[-2000:]}"
        for name in self.databases:
            self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.databases = []
        if os.environ.get("GRIP_BROWSER_KEEP"):
            log(f"kept {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)
        if failure:
            raise RuntimeError(failure)

    # --- browsers ----------------------------------------------------------------------------

    def browser(self):
        """A fresh headless Chromium (its own profile: no cookies shared with other browsers)."""
        options = Options()
        options.binary_location = os.environ.get("GRIP_CHROMIUM", shutil.which("chromium") or "chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(os.environ.get("GRIP_CHROMEDRIVER", shutil.which("chromedriver") or "chromedriver"))
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(60)
        self.drivers.append(driver)
        return driver

    def close(self, driver):
        self.drivers.remove(driver)
        driver.quit()

    def sign_in_by_fetch(self, driver, role):
        """Signs in through the browser's own fetch (the page's origin): the cookie lands in it."""
        driver.get(self.base + "/")
        return driver.execute_async_script(
            """const done = arguments[arguments.length - 1];
            fetch('/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
                             body: JSON.stringify({name: arguments[0], password: arguments[1]})})
              .then(r => r.json().then(b => done({status: r.status, body: b})))
              .catch(e => done({status: -1, body: String(e)}));""",
            f"{role}1", PASSWORD)

    @staticmethod
    def fetch_status(driver, method, path, body=None):
        """Status of a same-origin fetch from the page (cookies included, CSRF from /api/me)."""
        return driver.execute_async_script(
            """const [method, path, body, done] = arguments;
            const go = csrf => fetch(path, {method, credentials: 'same-origin',
                headers: Object.assign({'Content-Type': 'application/json'}, csrf ? {'X-CSRF-Token': csrf} : {}),
                body: method === 'GET' ? undefined : JSON.stringify(body || {})})
              .then(r => r.text().then(t => done({status: r.status, text: t})))
              .catch(e => done({status: -1, text: String(e)}));
            fetch('/api/me', {credentials: 'same-origin'})
              .then(r => r.ok ? r.json() : {}).then(me => go(me.csrf_token)).catch(() => go(null));""",
            method, path, body)

    # --- checks shared by the tests ----------------------------------------------------------

    @staticmethod
    def console_errors(driver):
        """SEVERE browser-log entries since the last call (reading the log empties it)."""
        return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]

    def axe(self, driver):
        """axe-core on the current page: the violations with impact serious or critical."""
        if not driver.execute_script("return typeof window.axe !== 'undefined'"):
            driver.execute_script(self.axe_js.read_text())
        result = driver.execute_async_script(
            """const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
              .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));""")
        return [v for v in result if v["impact"] in ("serious", "critical")]

    def screenshot(self, driver, name):
        path = self.artifacts / f"{name}.png"
        driver.save_screenshot(str(path))
        return path

    def print_pdf(self, driver, name):
        printed = driver.execute_cdp_cmd("Page.printToPDF", {
            "printBackground": True, "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})
        data = base64.b64decode(printed["data"])
        path = self.artifacts / f"{name}.pdf"
        path.write_bytes(data)
        return path, data

    def phone(self, driver):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})

    def pages(self):
        """The dashboard's HTML pages in the web root, by file name."""
        return sorted(p.name for p in self.web_root.glob("*.html"))

    def page_with(self, element_id):
        """The first page whose HTML names element_id as an id (None when no page has it yet)."""
        for name in self.pages():
            if re.search(r"""id\s*=\s*["']""" + re.escape(element_id) + r"""["']""",
                         (self.web_root / name).read_text(errors="replace")):
                return name
        return None

    def store_row(self, sql, outcome_id):
        """One row of the served store for an integer key (`?` in sql), read with the engine's own
        client (Python's sqlite3, read-only, or psql), not with Grip."""
        if self.postgis:
            line = self.psql(sql.replace("?", str(int(outcome_id))), self.databases[0]).rstrip("\n")
            return tuple(line.split("|")) if line else None
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            return connection.execute(sql, (outcome_id,)).fetchone()
        finally:
            connection.close()

    def store_value(self, sql):
        """One value of the served store, read with the engine's own client, not with Grip."""
        if self.postgis:
            return self.psql(sql, self.databases[0]).rstrip("\n")
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            return connection.execute(sql).fetchone()[0]
        finally:
            connection.close()

    def store_exec(self, sql):
        """Changes the served store with the engine's own client (a test's fixture, undone by it)."""
        if self.postgis:
            self.psql(sql, self.databases[0])
            return
        connection = sqlite3.connect(str(self.db), timeout=30)
        try:
            connection.execute(sql)
            connection.commit()
        finally:
            connection.close()

    def write_summary(self, name, value):
        (self.artifacts / f"{name}.json").write_text(json.dumps(value, indent=2) + "\n")


STACK = None


def stack():
    """The run's one Stack, started on first use."""
    global STACK
    if STACK is None:
        STACK = Stack()
        try:
            STACK.start()
        except BaseException:
            STACK.stop()
            raise
    return STACK
