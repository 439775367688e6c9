"""Dashboard speed in a real headless browser: first map after server start, slider re-render.

    python benchmarks/bench_dashboard.py [--runs 3] [--slider 5] [--json OUT]

Each run starts ``streamlit run app.py`` on a free localhost port (a fresh process, so the
in-process caches start empty; Chromium is launched first, so its start-up is not counted),
opens the page in headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright)
with every request that would leave localhost blocked, and measures:

- ``first_map_s``: from launching the server to the first map drawn (country paths present in
  the streamlit-folium iframe) -- the issue's target is 3 s;
- ``slider_s``: from a key press on the date slider (one day earlier) to the map redrawn for
  the new day (its legend shows the new date) -- the target is 0.5 s.  Measured ``--slider``
  times per run, once the page is idle;
- ``second_visit_s``: a second visitor on the same server (caches warm), from opening the page
  to the map drawn.

Every run of the app starts with an empty disk cache (``GEO_CACHE_DIR`` set to a new folder,
see :mod:`geo.diskcache`): ``first_map_s`` is the cold start, as after any change to the
corpus, the data or the code.  ``first_map_warm_cache_s`` then starts a new server on the
cache that run left (the bundled corpus read back instead of parsed), as on a restart with
nothing changed.

Also recorded: requests that tried to leave localhost (must be none), and the floor on this
machine -- the same measure for a trivial app with a one-polygon offline map -- since most of
the first-map time is Streamlit's own start-up.  Results go to
``benchmarks/results/bench_dashboard.json``.

``phases_s`` splits the first load, in seconds since the server was launched (medians over
runs): ``http_up`` (the page answered), ``script_start`` (the first script run began),
``map_call`` and ``map_emitted`` (``st_folium`` called and returned: the map element is on its
way to the browser), ``script_end``, ``map_frame`` (the map's iframe is in the page) and
``map_drawn`` (= ``first_map_s``).  The script times come from a small wrapper that runs the
app unchanged (:data:`WRAPPER`) and notes wall-clock times in a file; ``script_s`` gives the
script's own duration for the first run and for the slider reruns.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']"
FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
FLOOR_APP = """
import folium, streamlit as st
from streamlit_folium import st_folium
from geo.explore import inline_leaflet
m = folium.Map(location=[45, 70], zoom_start=3, tiles=None)
square = {"type": "Polygon", "coordinates": [[[60, 40], [70, 40], [70, 50], [60, 40]]]}
folium.GeoJson(square, style_function=lambda f: {"className": "geo-country"}).add_to(m)
st_folium(inline_leaflet(m), height=500, returned_objects=[])
"""


# Runs the app's script unchanged (``runpy``), noting when each run starts and ends and when
# ``st_folium`` is called and returns.  Streamlit executes this file on every rerun.
WRAPPER = """
import json, os, runpy, time
import streamlit as st

if __name__ != "__main__":  # `streamlit run` imports the file to serve it: as app.py does
    __SERVE__
else:
    _OUT = os.environ["GEO_BENCH_PHASES"]

    def _note(event, run):
        with open(_OUT, "a", encoding="utf-8") as out:
            out.write(json.dumps({"event": event, "run": run, "t": time.time()}) + "\\n")

    import streamlit_folium

    _RUN = getattr(streamlit_folium, "_bench_runs", 0)
    streamlit_folium._bench_runs = _RUN + 1
    _note("script_start", _RUN)
    if not hasattr(streamlit_folium, "_bench_original"):
        streamlit_folium._bench_original = streamlit_folium.st_folium

        def _timed(*args, **kwargs):
            run = streamlit_folium._bench_runs - 1
            _note("map_call", run)
            try:
                return streamlit_folium._bench_original(*args, **kwargs)
            finally:
                _note("map_emitted", run)

        streamlit_folium.st_folium = _timed
    runpy.run_path(__APP__, run_name="__main__")
    _note("script_end", _RUN)
"""
# How app.py is served (its ``st.App`` and lifespan, which warms the caches up at server start);
# the trivial app has none.  ``serving`` checks app.py still declares it.
APP_SERVE = ("from geo.warmup import warming\n"
             "    app = st.App(__file__, lifespan=lambda _app: warming())")
NO_SERVE = "pass"


PHASES = ("http_up", "script_start", "map_call", "map_emitted", "script_end", "map_frame",
          "map_drawn")


def serving(script: Path) -> bool:
    """Whether ``streamlit run SCRIPT`` serves it as an ``st.App`` (app.py does, to warm up)."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    return discover_asgi_app(script).is_asgi_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(script: Path, port: int, phases: Path, cache: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]
    env = {**os.environ, "GEO_BENCH_PHASES": str(phases), "GEO_CACHE_DIR": str(cache)}
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def block_outside(context, outside: list[str]) -> None:
    def route(request_route):
        url = request_route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in (
            "127.0.0.1", "localhost"
        ):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)


def open_when_up(page, url: str, started: float, timeout: float = 60.0) -> None:
    while True:
        try:
            page.goto(url, wait_until="commit")
            return
        except Exception:  # noqa: BLE001 - connection refused until the server listens
            if time.perf_counter() - started > timeout:
                raise
            time.sleep(0.02)


def legend_date(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {FR_MONTHS[day.month - 1]} {day.year}"


def wait_for_map(page, legend: str, timeout: float = 30.0) -> None:
    """Wait until a map frame shows ``legend`` in its legend and has drawn its countries.

    While streamlit-folium swaps maps, the old and the new iframe coexist: look in every frame.
    """
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                if (frame.locator(".geo-legend h4", has_text=legend).count()
                        and frame.locator("path.geo-country").count()):
                    return
            except Exception:  # noqa: BLE001 - the frame went away while we looked
                continue
        time.sleep(0.01)
    raise TimeoutError(f"no map with legend {legend!r} after {timeout} s")


def wait_first_map(page, started: float, timeout: float = 60.0) -> dict[str, float]:
    """Wait for the map's iframe, then for its countries; when each appeared (s since start)."""
    seen: dict[str, float] = {}
    frame = page.frame_locator(MAP_FRAME)
    while time.perf_counter() - started < timeout:
        if "map_frame" not in seen and page.locator(MAP_FRAME).count():
            seen["map_frame"] = time.perf_counter() - started
        if "map_frame" in seen and frame.locator("path.geo-country").count():
            seen["map_drawn"] = time.perf_counter() - started
            seen.setdefault("map_frame", seen["map_drawn"])
            return seen
        time.sleep(0.01)
    raise TimeoutError(f"no map drawn after {timeout} s")


def script_phases(path: Path, launched: float) -> tuple[dict[str, float], list[float]]:
    """The first run's events (s since launch) and every run's script duration, from the file
    the wrapper writes."""
    events: dict[tuple[int, str], float] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            events.setdefault((record["run"], record["event"]), record["t"])
    first = {event: round(t - launched, 3) for (run, event), t in events.items() if run == 0}
    durations = [round(events[(run, "script_end")] - t, 3)
                 for (run, event), t in sorted(events.items())
                 if event == "script_start" and (run, "script_end") in events]
    return first, durations


def one_run(browser, script: Path, slider_presses: int, folder: Path, cache: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    block_outside(context, outside)
    page = context.new_page()
    port = free_port()
    phases_file = folder / f"phases-{port}.jsonl"
    wrapper = folder / f"run_{script.stem}.py"
    serve = APP_SERVE if serving(script) else NO_SERVE
    wrapper.write_text(WRAPPER.replace("__APP__", repr(str(script))).replace("__SERVE__", serve),
                       encoding="utf-8")
    launched = time.time()
    started = time.perf_counter()
    server = start_server(wrapper, port, phases_file, cache)
    try:
        open_when_up(page, f"http://127.0.0.1:{port}/", started)
        phases = {"http_up": round(time.perf_counter() - started, 3)}
        phases.update({k: round(v, 3) for k, v in wait_first_map(page, started).items()})
        first_map = phases["map_drawn"]
        slider = []
        if slider_presses:
            page.wait_for_timeout(1500)  # let the first run and the component's rerun settle
            thumb = page.locator(SLIDER).first
            day = date.today()
            for _ in range(slider_presses):
                day -= timedelta(days=1)
                thumb.focus()
                pressed = time.perf_counter()
                page.keyboard.press("ArrowLeft")
                wait_for_map(page, legend_date(day))
                slider.append(time.perf_counter() - pressed)
                page.wait_for_timeout(700)
        second = None
        if slider_presses:  # a later visitor: same server, caches warm, a new session
            other = context.new_page()
            opened = time.perf_counter()
            other.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
            other.frame_locator(MAP_FRAME).locator("path.geo-country").first.wait_for(
                state="attached", timeout=60_000
            )
            second = round(time.perf_counter() - opened, 3)
        page.wait_for_timeout(300)  # the first run's end is noted after the map is drawn
        script, durations = script_phases(phases_file, launched)
        phases.update(script)
        return {"first_map_s": round(first_map, 3), "slider_s": [round(s, 3) for s in slider],
                "second_visit_s": second, "outside_requests": outside,
                "phases_s": {k: phases[k] for k in PHASES if k in phases},
                "script_s": durations}
    finally:
        stop_server(server)
        context.close()


def _median_phases(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in runs), 3)
            for k in PHASES if all(k in r for r in runs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="server starts to time (default 3)")
    parser.add_argument("--slider", type=int, default=5,
                        help="slider changes to time per run (default 5)")
    parser.add_argument("--json", type=Path,
                        default=ROOT / "benchmarks" / "results" / "bench_dashboard.json")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    runs, floor = [], []
    load_before = os.getloadavg()
    floor_phases, warm = [], []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        folder = Path(tmp)
        floor_script = folder / "floor_app.py"
        floor_script.write_text(FLOOR_APP, encoding="utf-8")
        for index in range(args.runs):
            cache = folder / f"cache-{index}"  # empty: a cold start, as after any change
            runs.append(one_run(browser, ROOT / "app.py", args.slider, folder, cache))
            warm.append(one_run(browser, ROOT / "app.py", 0, folder, cache))
            floor_run = one_run(browser, floor_script, 0, folder, folder / "cache-floor")
            floor.append(floor_run["first_map_s"])
            floor_phases.append(floor_run["phases_s"])
            print(f"run {index + 1}: first map {runs[-1]['first_map_s']:.2f} s "
                  f"(warm disk cache {warm[-1]['first_map_s']:.2f} s, "
                  f"trivial app {floor[-1]:.2f} s), slider {runs[-1]['slider_s']}, "
                  f"second visit {runs[-1]['second_visit_s']} s\n"
                  f"  phases {runs[-1]['phases_s']}\n  trivial {floor_run['phases_s']}\n"
                  f"  script runs {runs[-1]['script_s']}", flush=True)
        browser.close()

    first = [r["first_map_s"] for r in runs]
    slider = [s for r in runs for s in r["slider_s"]]
    second = [r["second_visit_s"] for r in runs if r["second_visit_s"] is not None]
    reruns = [s for r in runs for s in r["script_s"][1:]]
    result = {
        "command": "python benchmarks/bench_dashboard.py "
                   f"--runs {args.runs} --slider {args.slider}",
        "date": date.today().isoformat(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    # other work on the machine slows every figure alike: compare with the
                    # trivial app measured in the same runs
                    "load_average_1min": [round(load_before[0], 2),
                                          round(os.getloadavg()[0], 2)]},
        "first_map_s": {"median": round(statistics.median(first), 3), "max": max(first),
                        "runs": first, "target": 3.0},
        "first_map_warm_cache_s": {
            "median": round(statistics.median(r["first_map_s"] for r in warm), 3),
            "runs": [r["first_map_s"] for r in warm],
            "phases_s": _median_phases([r["phases_s"] for r in warm]),
        },
        "trivial_app_first_map_s": {"median": round(statistics.median(floor), 3),
                                    "runs": floor},
        "phases_s": _median_phases([r["phases_s"] for r in runs]),
        "trivial_app_phases_s": _median_phases(floor_phases),
        "script_s": {
            "first_run": [r["script_s"][0] for r in runs if r["script_s"]],
            "reruns_median": round(statistics.median(reruns), 3) if reruns else None,
        },
        "second_visit_map_s": {
            "median": round(statistics.median(second), 3) if second else None,
            "runs": second,
        },
        "slider_rerender_s": {
            "median": round(statistics.median(slider), 3) if slider else None,
            "max": max(slider) if slider else None,
            "runs": slider,
            "target": 0.5,
        },
        "outside_requests": sorted({u for r in runs + warm for u in r["outside_requests"]}),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
