"""Issue 10: the self-contained hotspot report (`grip hotspots --html`) in headless Chromium.

Opened from file:// with no server and no network: no console errors, Leaflet's map container,
and the hotspot layer drawn as SVG paths, one per selected hotspot at least (the report's table
lists them; counted from the report's own table rows, not from the map code).
"""

import re
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_stack import stack


class HotspotReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = stack()
        cls.driver = cls.stack.browser()

    @classmethod
    def tearDownClass(cls):
        cls.stack.close(cls.driver)

    def test_report_opens_without_console_errors_and_maps_the_hotspots(self):
        html = self.stack.report_html.read_text()
        self.assertNotRegex(html, r"<script[^>]+src=", "the report must inline its scripts (self-contained)")
        self.assertNotRegex(html, r"<link[^>]+href=\"https?:", "the report must not fetch stylesheets")
        self.driver.get(self.stack.report_html.as_uri())
        WebDriverWait(self.driver, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-container .leaflet-overlay-pane path"))
        paths = self.driver.find_elements(By.CSS_SELECTOR, ".leaflet-container .leaflet-overlay-pane path")
        self.stack.screenshot(self.driver, "report-hotspots")
        errors = self.stack.console_errors(self.driver)
        self.assertEqual(errors, [], "console errors in the hotspot report")
        # The selection table's hotspot ids (H01, H02, ...) in the HTML source: each has a shape.
        hotspot_ids = set(re.findall(r">(H\d{2,})<", html))
        self.assertGreater(len(hotspot_ids), 0, "no hotspot ids found in the report's table")
        self.assertGreaterEqual(len(paths), len(hotspot_ids),
                                f"{len(paths)} map shapes for {len(hotspot_ids)} hotspots")
        visible = [p for p in paths if p.size["width"] > 0 and p.size["height"] > 0]
        self.assertGreaterEqual(len(visible), len(hotspot_ids), "hotspot shapes of zero size")

    def test_report_lists_its_six_layers_and_its_labels_do_not_overprint(self):
        """Issue 10: the layers control names each overlay, and at the opening view no two hotspot
        labels overlap on screen (each shows only from the zoom at which it overprints no other)."""
        self.driver.get(self.stack.report_html.as_uri())
        WebDriverWait(self.driver, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label"))
        names = [label.text.strip() for label in
                 self.driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label")]
        for name in ["Hotspots", "Gi* bins", "Emerging classes", "Boundaries", "Incidents", "Forecast"]:
            self.assertIn(name, names, f"the layers control lists {names}")
        rects = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('.grip-label-text')).map(function (e) {"
            " var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
            ".filter(function (r) { return r[2] > r[0] && r[3] > r[1]; });")
        self.assertGreater(len(rects), 0, "no hotspot label is shown at the opening view")
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
                self.assertFalse(overlap, f"labels overprint: {a} and {b}")
        self.stack.screenshot(self.driver, "report-layers-and-labels")
        self.assertEqual(self.stack.console_errors(self.driver), [], "console errors in the hotspot report")


if __name__ == "__main__":
    unittest.main()
