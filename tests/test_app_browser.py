"""The dashboard in a real browser: the server as users start it, headless Chromium, no network.

Starts ``streamlit run app.py`` on a free localhost port, opens it in Debian's Chromium driven
by Playwright with every request that would leave localhost blocked (and recorded), waits for
the map, clicks a meeting marker and reads its excerpt beside the map.  A screenshot goes to
``artifacts/`` (git-ignored).  The server is stopped in the fixture's teardown, so it stops
even when a test fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import REPO

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "artifacts"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _streamlit(log_name: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run app.py`` on a free port, as users start it; stopped on the way out."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / log_name).open("w", encoding="utf-8")  # closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log.name}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with _streamlit("streamlit-server.log") as url:
        yield url


def test_server_start_parses_the_corpus_before_anyone_visits(tmp_path):
    """The warm-up (geo.warmup, app.py's st.App lifespan) works while the first browser is
    still loading Streamlit's page: with no visitor at all, the parsed corpus is soon there."""
    cache = tmp_path / "cache"
    with _streamlit("streamlit-warmup.log", {"GEO_CACHE_DIR": str(cache)}):
        deadline = time.monotonic() + 90
        while not list(cache.glob("bundled-documents-*.pickle")):
            assert time.monotonic() < deadline, "no parsed corpus without a visitor"
            time.sleep(0.2)
    log = (ARTIFACTS / "streamlit-warmup.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "ScriptRunContext" not in log, log


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})

            def route(request_route):
                url = request_route.request.url
                host = urlparse(url).hostname
                if url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1",
                                                                            "localhost"):
                    request_route.continue_()
                else:
                    outside.append(url)
                    request_route.abort()

            context.route("**/*", route)
            yield context.new_page(), outside
        finally:
            browser.close()


def _visible_marker(frame) -> object:
    """A meeting marker that is on screen and not under a panel or a legend."""
    markers = frame.locator("path.geo-meeting")
    for index in range(markers.count()):
        marker = markers.nth(index)
        on_top = marker.evaluate(
            """path => {
                const box = path.getBoundingClientRect();
                const x = box.left + box.width / 2, y = box.top + box.height / 2;
                return box.width > 4 && x > 0 && y > 0 && x < innerWidth && y < innerHeight
                    && document.elementFromPoint(x, y) === path;
            }"""
        )
        if on_top:
            return marker
    raise AssertionError("no meeting marker is clickable on the map")


def test_map_renders_offline_and_a_marker_shows_its_excerpt(server, browser_page):
    from geo import explore
    from geo.articles import load_corpus

    page, outside = browser_page
    page.goto(server)
    frame = page.frame_locator(MAP_FRAME)
    countries = frame.locator("path.geo-country")
    countries.first.wait_for(state="attached", timeout=90_000)
    assert countries.count() > 200
    # the membership state was applied: SCO members are filled with the member colour
    frame.locator("path.geo-country[fill='#0072B2']").first.wait_for(state="attached")
    frame.locator(".geo-legend h4", has_text="OCS : statut au").wait_for()
    page.wait_for_timeout(1000)  # let the component's first report rerun the script

    _visible_marker(frame).click()
    panel = page.locator(".geo-excerpt").first
    panel.wait_for(timeout=30_000)
    shown = panel.inner_text().strip()
    excerpts = {m.excerpt for a in load_corpus() for m in explore.parse_document(a).meetings}
    assert shown in excerpts
    assert page.get_by_text("Rencontre ·").first.is_visible()  # the menu shows the selection
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-meeting.png"), full_page=True)

    page.get_by_role("button", name="Lire l'article entier").first.click()
    page.locator("[role='dialog'] .geo-article").wait_for(timeout=30_000)
    assert page.locator("[role='dialog'] .geo-article mark").count() > 3
    page.screenshot(path=str(ARTIFACTS / "dashboard-article.png"))

    assert outside == [], f"requests tried to leave localhost: {outside}"
