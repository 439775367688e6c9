"""Reading a big batch store: ``geo map --store``, ``geo export --store`` and the dashboard.

    python benchmarks/bench_store.py --store STORE [--mentions] [--json OUT]
    python benchmarks/bench_store.py --n 100000 --workdir DIR [--json OUT]

With ``--store``, times an existing store written by ``geo batch``; with ``--n``, first builds
one from the synthetic archive of ``benchmarks/bench_batch.py`` (kept in ``--workdir``; 100,000
articles take ~6 min with two workers).  Measured, each command in a fresh process:

- ``geo map --store STORE`` and ``geo export --store STORE --what meetings`` (and, with
  ``--mentions``, ``--what mentions``, which writes every mention: several GB at 100,000
  articles): wall-clock seconds, peak resident memory (``ru_maxrss`` of the child), output size;
- the dashboard through Streamlit's ``AppTest``: the first script run on the bundled corpus,
  then the run that opens the store (the aggregates are computed there), then re-runs after a
  change of date, of organisation, a type filter and a click on a place (the focus selector),
  with the counts shown and the size of the map sent to the browser.  Run twice, each time in a
  fresh process sharing one new, empty disk cache (``GEO_CACHE_DIR``): ``dashboard`` is the
  cold start (the store's aggregates computed), ``dashboard_reopened`` the next start (read
  back from the disk cache).

Results go to ``benchmarks/results/bench_store.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _child(command: list[str]) -> dict:
    """Run one command in a fresh process: seconds and its peak resident memory."""
    code = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': done.returncode,\n"
        "  'stderr': done.stderr.strip().splitlines()[-1:],\n"
        "  'maxrss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True,
                          text=True, check=True)
    result = json.loads(done.stdout)
    return {"seconds": round(result["seconds"], 2), "peak_rss_mb": round(result["maxrss_mb"]),
            "exit_code": result["rc"], "stderr": result["stderr"]}


def time_commands(store: Path, out: Path, mentions: bool) -> dict:
    geo = [sys.executable, "-m", "geo"]
    runs = {
        "map": [*geo, "map", "--store", str(store), "-o", str(out / "map.html")],
        "export_meetings": [*geo, "export", "--store", str(store), "--what", "meetings",
                            "-o", str(out / "meetings.geojson")],
    }
    if mentions:
        runs["export_mentions"] = [*geo, "export", "--store", str(store), "--what", "mentions",
                                   "-o", str(out / "mentions.geojson")]
    results = {}
    for name, command in runs.items():
        result = _child(command)
        result["output_mb"] = round(Path(command[-1]).stat().st_size / 1e6, 2)
        Path(command[-1]).unlink()
        results[name] = result
        print(f"  {name}: {result}", file=sys.stderr)
    return results


def time_dashboard(store: Path, biggest_place: str) -> dict:
    from streamlit.testing.v1 import AppTest

    sys.argv = [str(ROOT / "app.py")]  # app.py reads `-- --store`: not this script's flags
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    steps: dict[str, float] = {}

    def step(name: str, action) -> None:
        start = time.perf_counter()
        action().run()
        steps[name] = round(time.perf_counter() - start, 2)
        if app.exception:
            raise SystemExit(f"bench_store: the dashboard failed at {name}: {app.exception[0]}")
        print(f"  dashboard {name}: {steps[name]} s", file=sys.stderr)

    step("bundled_corpus_first_run", lambda: app)
    step("open_store", lambda: app.text_input(key="store").input(str(store)))
    counts = {metric.label: metric.value for metric in app.metric}
    (component,) = [c for c in app.get("component_instance")
                    if c.proto.component_name == "streamlit_folium.st_folium"]
    map_mb = round(len(component.proto.json_args) / 1e6, 2)
    step("date_change", lambda: app.slider(key="on").set_value(date(2010, 1, 1)))
    step("organisation_change", lambda: app.selectbox(key="org").set_value("brics"))
    step("type_filter", lambda: app.multiselect(key="types").set_value(["city"]))
    place = "place:" + biggest_place  # what clicking its bubble selects
    step("click_place", lambda: app.selectbox(key="focus").set_value(place))
    return {"seconds": steps, "counts_shown": counts, "focus": place, "map_payload_mb": map_mb,
            "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def build_store(n: int, workdir: Path) -> Path:
    from bench_batch import archive

    from geo.batch import run_batch

    corpus, _ = archive(workdir, n)
    store = workdir / f"store-{n}"
    if not (store / "store.json").exists():
        print(f"  building {store} from {corpus}", file=sys.stderr)
        run_batch(corpus, store, workers=os.cpu_count(), progress=False)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--store", type=Path, help="an existing store written by geo batch")
    source.add_argument("--n", type=int, help="build a store of N synthetic articles first")
    parser.add_argument("--workdir", type=Path, help="where --n builds its archive and store")
    parser.add_argument("--mentions", action="store_true",
                        help="also time `geo export --what mentions` (every mention)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/bench_store.json")
    parser.add_argument("--dashboard-child", metavar="PLACE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "benchmarks"))
    if args.dashboard_child:
        print(json.dumps(time_dashboard(args.store, args.dashboard_child)))
        return 0
    if args.store:
        store = args.store
    else:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_store-"))
        workdir.mkdir(parents=True, exist_ok=True)
        store = build_store(args.n, workdir)

    from geo.store import open_store

    results = {
        "command": "python benchmarks/bench_store.py " + " ".join(sys.argv[1:]),  # before AppTest
        "date": date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_average_1min": round(os.getloadavg()[0], 2)},
        "store": {key: value for key, value in open_store(store).summary().items()},
    }
    print(f"  store: {results['store']}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench_store-out-") as out:
        results["commands"] = time_commands(store, Path(out), args.mentions)
    biggest = open_store(store).place_counts().column("place_id")[0].as_py()
    with tempfile.TemporaryDirectory(prefix="bench_store-cache-") as cache:
        env = {**os.environ, "GEO_CACHE_DIR": cache}
        for key in ("dashboard", "dashboard_reopened"):
            done = subprocess.run(
                [sys.executable, __file__, "--store", str(store), "--dashboard-child", biggest],
                capture_output=True, text=True, env=env, check=True)
            results[key] = json.loads(done.stdout.strip().splitlines()[-1])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"results: {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
