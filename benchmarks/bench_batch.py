"""Batch throughput and memory: ``geo.batch.run_batch`` on synthetic archives of N articles.

    python benchmarks/bench_batch.py [--n 1000,10000,100000] [--workers 1,2]
        [--engines local,dask] [--budget 900] [--workdir DIR] [--json OUT]

For each N, a synthetic archive is written once (in ``--workdir``, default a temporary folder):
a folder of N ``.txt`` articles of ~5 kB (paragraphs added until 3,000 characters are passed),
in sub-folders of 1,000 with an ``articles.csv``
(publication date and language, as a newsroom export has them), made of the seed articles'
paragraphs shuffled with a fixed seed, with about half of the place names replaced by names
drawn from the gazetteer (countries and cities of 100,000+ people), so that the parser meets
many places rather than the seeds' few dozen.

Each (N, engine, workers) configuration then runs in a fresh process into an empty store, and
reports wall-clock seconds (start-up included), articles/s, articles/s per worker, and memory:

- ``peak_tree_rss_mb``: the peak of the summed resident memory of the run's process and all
  its descendants (pool workers, Dask scheduler, nannies and workers), sampled every 0.2 s;
- ``maxrss_driver_mb`` / ``maxrss_largest_child_mb``: ``ru_maxrss`` of the driver process and
  of its largest finished child (the kernel's own peak figures, children once they exit).

A configuration whose estimated time (from the same engine and workers at the previous N)
exceeds ``--budget`` seconds is skipped and listed as such.  A per-stage breakdown (load,
parse, meetings, store rows) measured in-process on 200 articles of the first archive says
where the time goes; beside it, spaCy's rule-based French tokenizer alone on the same articles
(``reference_spacy_tokenizer``, when spaCy is installed) gives a compiled yardstick for the goal's
1 ms per article.  Results go to ``benchmarks/results/bench_batch.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE_CHARS = 3_000
FOLDER_SIZE = 1_000
SUBSTITUTE_SHARE = 0.5
MIN_POPULATION = 100_000


# --------------------------------------------------------------------------------------------
# Synthetic archive
# --------------------------------------------------------------------------------------------


def _paragraphs() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Seed paragraphs with the spans and types of the places the parser finds in them."""
    from geo.pipeline import parse_text

    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    found = []
    for paragraph in paragraphs:
        spans, last = [], -1
        for m in parse_text(paragraph, lang="fr"):
            if m.start >= last and m.place.type in ("country", "city"):
                spans.append((m.start, m.end, m.place.type))
                last = m.end
        found.append((paragraph, spans))
    return found


def _names() -> dict[str, list[str]]:
    """French names of countries and of cities of 100,000+ people, from the gazetteer."""
    from geo.gazetteer import gazetteer

    names: dict[str, list[str]] = {"country": [], "city": []}
    for place in gazetteer().places.values():
        if place.type == "country" or (
            place.type == "city" and place.population >= MIN_POPULATION
        ):
            names[place.type].append(place.name_fr)
    return {kind: sorted(set(values)) for kind, values in names.items()}


def _substitute(paragraph: str, spans, names, rng: random.Random) -> str:
    pieces, cursor = [], 0
    for start, end, kind in spans:
        if rng.random() < SUBSTITUTE_SHARE:
            pieces += [paragraph[cursor:start], rng.choice(names[kind])]
            cursor = end
    pieces.append(paragraph[cursor:])
    return "".join(pieces)


def build_archive(folder: Path, n: int, seed: int = 11) -> dict:
    """Write ``n`` synthetic articles under ``folder``; return their count and mean size."""
    paragraphs = _paragraphs()
    names = _names()
    rng = random.Random(seed)
    total = 0
    for first in range(0, n, FOLDER_SIZE):
        sub = folder / f"{first // FOLDER_SIZE:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        rows = []
        for i in range(first, min(n, first + FOLDER_SIZE)):
            chosen, size = [], 0
            while size < ARTICLE_CHARS:
                paragraph, spans = rng.choice(paragraphs)
                chosen.append(_substitute(paragraph, spans, names, rng))
                size += len(chosen[-1]) + 2
            data = ("\n\n".join(chosen) + "\n").encode("utf-8")
            name = f"article_{i:07d}.txt"
            (sub / name).write_bytes(data)
            total += len(data)
            day = 1 + rng.randrange(28)
            rows.append({"file": name, "published": f"2024-{1 + i % 12:02d}-{day:02d}",
                         "lang": "fr"})
        with (sub / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["file", "published", "lang"])
            writer.writeheader()
            writer.writerows(rows)
    (folder / ".complete").write_text(json.dumps({"n": n, "bytes": total}))
    return {"n": n, "bytes": total}


def archive(workdir: Path, n: int) -> tuple[Path, dict]:
    folder = workdir / f"archive-{n}"
    marker = folder / ".complete"
    if not marker.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        info = build_archive(folder, n)
        print(f"  wrote {n:,} articles ({info['bytes'] / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder, json.loads(marker.read_text())


# --------------------------------------------------------------------------------------------
# Memory of a process tree
# --------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """Summed resident memory of ``pid`` and all its descendants (Linux /proc)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_kb(current)
        stack += _children(current)
    return total / 1024


class PeakSampler(threading.Thread):
    """Samples :func:`tree_rss_mb` of this process every ``interval`` seconds; keeps the peak."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak, self._done = interval, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss_mb(os.getpid()))
            self._done.wait(self.interval)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak


# --------------------------------------------------------------------------------------------
# One configuration (in its own process)
# --------------------------------------------------------------------------------------------


def run_one(corpus: Path, store: Path, engine: str, workers: int) -> dict:
    from geo.batch import run_batch

    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    summary = run_batch(corpus, store, engine=engine, workers=workers, progress=False)
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    store_bytes = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    return {
        "articles": summary.articles,
        "errors": summary.errors,
        "mentions": summary.mentions,
        "meetings": summary.meetings,
        "seconds": round(seconds, 2),
        "articles_per_s": round(summary.articles / seconds, 1),
        "articles_per_s_per_worker": round(summary.articles / seconds / workers, 1),
        "mb_per_s": round(summary.bytes / seconds / 1e6, 3),
        "peak_tree_rss_mb": round(peak, 1),
        "maxrss_driver_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "maxrss_largest_child_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
        "store_mb": round(store_bytes / 1e6, 2),
    }


def stage_breakdown(corpus: Path, sample: int = 200) -> dict:
    """Milliseconds per article for each stage of the per-article function, in this process."""
    from geo.articles import iter_articles
    from geo.batch import _meeting_row, _mention_row
    from geo.meetings import find_meetings_in_article
    from geo.pipeline import parse_article

    files = sorted(corpus.rglob("*.txt"))[:sample]
    list(iter_articles(files[:2]))  # warm: gazetteer, matcher, catalog
    for article in iter_articles(files[:2]):
        find_meetings_in_article(article, parse_article(article))
    times = dict.fromkeys(("load", "parse", "meetings", "rows"), 0.0)
    clock = time.perf_counter
    t = clock()
    articles = list(iter_articles(files))
    times["load"] = clock() - t
    for article in articles:
        t0 = clock()
        mentions = parse_article(article)
        t1 = clock()
        meetings = find_meetings_in_article(article, mentions)
        t2 = clock()
        [_mention_row(m) for m in mentions] + [_meeting_row(m) for m in meetings]
        times["rows"] += clock() - t2
        times["parse"] += t1 - t0
        times["meetings"] += t2 - t1
    per_article = {k: round(1000 * v / len(articles), 3) for k, v in times.items()}
    per_article["total"] = round(sum(per_article.values()), 3)
    per_article["articles"] = len(articles)
    reference = spacy_tokenizer_ms([a.text for a in articles])
    if reference is not None:
        per_article["reference_spacy_tokenizer"] = reference
    return per_article


def spacy_tokenizer_ms(texts: list[str]) -> float | None:
    """Milliseconds per article for spaCy's rule-based French tokenizer alone (no model, no
    tagger, no NER: ``spacy.blank("fr").make_doc``) on the same articles, best of 3 passes;
    None without spaCy (``pip install -e '.[bench]'``).

    A yardstick for the 1 ms per article that 1,000 articles/s per core leaves: spaCy's
    tokenizer is compiled (Cython) and only splits words, where the batch finds and resolves
    places and reads meetings.
    """
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("fr")
    for text in texts[:20]:
        nlp.make_doc(text)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()  # wall clock, as the stages beside it
        for text in texts:
            nlp.make_doc(text)
        best = min(best, time.perf_counter() - start)
    return round(1000 * best / len(texts), 3)


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _code_version() -> dict:
    """The commit measured, and the geo modules that differed from it (uncommitted edits)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "modified": git("status", "--porcelain", "--", "geo").splitlines(),
    }


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=_ints, default=[1_000, 10_000, 100_000])
    parser.add_argument("--workers", type=_ints, default=[1, 2])
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--budget", type=float, default=900.0,
                        help="skip a run estimated to take longer (seconds; default 900)")
    parser.add_argument("--workdir", type=Path, help="where archives and stores go (kept)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/bench_batch.json")
    parser.add_argument("--append", action="store_true",
                        help="add the runs to the results already in --json")
    parser.add_argument("--one", nargs=4, metavar=("CORPUS", "STORE", "ENGINE", "WORKERS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:
        corpus, store, engine, workers = args.one
        print(json.dumps(run_one(Path(corpus), Path(store), engine, int(workers))))
        return 0

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_batch-"))
    workdir.mkdir(parents=True, exist_ok=True)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    results: dict = {
        "command": "python benchmarks/bench_batch.py " + " ".join(sys.argv[1:]),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "code": _code_version(),
        "archive": {"article_chars": ARTICLE_CHARS, "format": "folder of .txt + articles.csv"},
        "runs": [],
    }
    command = results["command"]
    if args.append and args.json.is_file():
        results = json.loads(args.json.read_text(encoding="utf-8"))
    rates: dict[tuple[str, int], float] = {}
    for n in sorted(args.n):
        configs = [(e, w) for e in engines for w in args.workers]
        if all(rates.get(c) and n / rates[c] > args.budget for c in configs):
            for engine, workers in configs:  # no run fits: do not even write the archive
                rate = rates[(engine, workers)]
                results["runs"].append({
                    "n": n, "engine": engine, "workers": workers, "command": command,
                    "skipped": f"estimated {n / rate:,.0f} s at {rate:,.0f} articles/s "
                    f"> budget {args.budget:,.0f} s",
                })
            print(f"  N={n:,}: every run is over budget, skipped", file=sys.stderr)
            continue
        corpus, info = archive(workdir, n)
        results["archive"].setdefault("sizes", {})[str(n)] = info["bytes"]
        if "stage_ms_per_article" not in results:
            results["stage_ms_per_article"] = stage_breakdown(corpus)
            print(f"  stages (ms/article): {results['stage_ms_per_article']}", file=sys.stderr)
        for engine in engines:
            for workers in args.workers:
                config = {"n": n, "engine": engine, "workers": workers, "command": command,
                          "load_average_before": round(os.getloadavg()[0], 2)}
                rate = rates.get((engine, workers))
                if rate and n / rate > args.budget:
                    config["skipped"] = (
                        f"estimated {n / rate:,.0f} s at {rate:,.0f} articles/s "
                        f"> budget {args.budget:,.0f} s"
                    )
                    results["runs"].append(config)
                    print(f"  {config}", file=sys.stderr)
                    continue
                store = workdir / f"store-{n}-{engine}-{workers}"
                shutil.rmtree(store, ignore_errors=True)
                one = [sys.executable, __file__, "--one", str(corpus), str(store), engine,
                       str(workers)]
                done = subprocess.run(one, capture_output=True, text=True, check=False)
                if done.returncode:
                    config["failed"] = done.stderr.strip().splitlines()[-1:]
                else:
                    config.update(json.loads(done.stdout.strip().splitlines()[-1]))
                    rates[(engine, workers)] = config["articles_per_s"]
                shutil.rmtree(store, ignore_errors=True)
                results["runs"].append(config)
                print(f"  {config}", file=sys.stderr)
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
