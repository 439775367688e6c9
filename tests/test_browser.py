"""The exported map in a real headless Chromium, with the network blocked.

Debian's chromium (``/usr/bin/chromium``, installed by ``.ci/run``) is driven by Playwright;
every request other than the ``file://`` page itself is refused and recorded.  The page must
draw every country and marker, fetch nothing, run no script from an article, and its default
marker icon must load (a data URI, not a broken image).  Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import pytest

from geo import aggregate as ag
from geo import export, maps
from geo.records import Article

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

EVIL = Article(
    id="evil.txt",
    title="<img src=x onerror=alert(1)> Sommet",
    published="2024-07-03",
    lang="fr",
    text=(
        "Vladimir Poutine est arrivé mercredi à Astana <script>alert(1)</script> au Kazakhstan.\n"
        "Les présidents <img src=x onerror=alert(1)> se rendront ensuite à Pékin & Moscou.\n"
    ),
)

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run "
        "the browser tests; .ci/run does",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page opened from a file with every other request blocked and recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 860})
        self.page.route("**/*", self._route)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("document.querySelectorAll('path.geo-country').length > 0")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def offsite(self) -> list[str]:
        return self.blocked + [u for u in self.requests if not u.startswith(("file:", "data:"))]


@pytest.fixture(scope="module")
def parsed():
    return ag.parsed_articles() + ag.parsed_articles([EVIL])


@pytest.fixture(scope="module")
def exported(parsed, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "map.html"
    export.write_html(maps.build_map(parsed, org="sco", on="2024-07-04"), path)
    return path


@pytest.fixture(scope="module")
def page(browser, exported):
    opened = Page(browser, exported)
    yield opened
    opened.page.close()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / name))
    assert os.path.getsize(ARTIFACTS / name) > 10_000


def test_the_map_renders_every_country_and_marker_offline(page, parsed) -> None:
    assert page.count(".leaflet-container") == 1
    assert page.count("path.geo-country") == 236
    places = ag.places_geojson(parsed)["features"]
    assert page.count("path.geo-mention") == len(places)
    events = ag.meeting_events_geojson(ag.article_meetings(parsed))["features"]
    assert page.count("path.geo-meeting") == sum(1 for e in events if e["geometry"])
    catalog = ag.catalog_geojson()["features"]
    assert page.count("path.geo-catalog") == sum(1 for c in catalog if c["geometry"])
    assert page.count("path.geo-timeline") == 0  # off until switched on
    assert page.count(".leaflet-control-layers-overlays label") == 5
    assert page.count(".geo-legend") == 1
    assert page.count("img") == 0  # vector markers only
    assert page.offsite() == []
    assert page.errors == []
    _screenshot(page, "map.png")


def test_article_markup_stays_text(page) -> None:
    astana = page.page.evaluate(
        """() => {
            const hits = [];
            document.querySelectorAll('path.geo-mention').forEach((p) => hits.push(p));
            return hits.length;
        }"""
    )
    assert astana > 0
    # open every mention popup of the evil article's places and read them as text
    page.page.evaluate(
        """() => {
            for (const key in window) {
                const layer = window[key];
                if (layer && layer.eachLayer && layer.options
                    && layer.options.className === 'geo-mention') {
                    layer.eachLayer((item) => {
                        if (item.getTooltip().getContent().startsWith('Astana')) {
                            item.openPopup();
                        }
                    });
                }
            }
        }"""
    )
    popup = page.page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.page.wait_for_timeout(400)  # let the popup fade in before the screenshot
    text = popup.inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)> Sommet" in text
    assert page.page.locator(".leaflet-popup-content mark").first.inner_text() in (
        "Astana", "Noursoultan", "Nur-Sultan")
    injected = page.page.locator(".leaflet-popup-content script, .leaflet-popup-content img")
    assert injected.count() == 0
    assert page.dialogs == []
    assert page.errors == []
    _screenshot(page, "map-popup.png")
    page.page.locator(".leaflet-popup-close-button").click()
    page.page.locator(".leaflet-popup").wait_for(state="detached")


def test_the_timeline_steps_through_the_enlargement(page) -> None:
    labels = page.page.locator(".leaflet-control-layers-overlays label")
    labels.nth(1).click()  # the enlargement timeline
    panel = page.page.locator(".geo-timeline-panel")
    panel.wait_for()
    assert page.count("path.geo-timeline") == len(ag.history_geojson("sco")["features"])
    slider = panel.locator("input")
    slider.fill("0")
    assert panel.locator(".geo-step-title").inner_text() == "26 avril 1996"
    members = page.page.locator(f'path.geo-timeline[fill="{maps.CLASS_COLOURS["member"]}"]')
    assert members.count() == 5  # the Shanghai Five
    panel.locator(".geo-next").click()
    assert panel.locator(".geo-step-title").inner_text() == "15 juin 2001"
    assert members.count() == 6  # Uzbekistan joins
    _screenshot(page, "map-timeline.png")
    labels.nth(1).click()
    assert page.count(".geo-timeline-panel") == 0
    assert page.offsite() == []
    assert page.errors == []


def test_default_marker_icons_are_inlined(browser, tmp_path) -> None:
    folium_map = maps.base_map()
    folium.Marker([51.18, 71.45], tooltip="Astana").add_to(folium_map)
    path = export.write_html(folium_map, tmp_path / "marker.html")
    page = browser.new_page()
    blocked: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file://", "data:")) else (blocked.append(route.request.url), route.abort()))
    page.goto(path.resolve().as_uri())
    icon = page.locator("img.leaflet-marker-icon")
    icon.wait_for()
    assert icon.get_attribute("src").startswith("data:image/png;base64,")
    page.wait_for_function(
        "document.querySelector('img.leaflet-marker-icon').naturalWidth > 0"
    )
    assert blocked == []
    page.close()
