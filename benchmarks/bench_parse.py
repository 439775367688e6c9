"""Geoparser speed and memory, against spaCy ``fr_core_news_md`` NER in the same run.

    python benchmarks/bench_parse.py [--mb 10] [--repeat 3] [--spacy-kb 300] [--json OUT]

Builds a French corpus of at least ``--mb`` MB from the seed articles' paragraphs (shuffled
with a fixed seed, grouped into ~5 kB articles), then, each in a fresh process so that one
does not inflate the other's memory:

- ``geo``: gazetteer + matcher load time, then ``parse_text`` over every article on one core,
  ``--repeat`` times: MB/s of each pass and their median (the headline: these machines are
  shared, and one pass can lose a third of its speed to a neighbour), the first pass counting
  the warm-up; mentions found, peak resident memory (includes the loaded gazetteer);
- ``spacy``: ``fr_core_news_md`` NER (``nlp.pipe``, one process) over the first
  ``--spacy-kb`` kB of the same articles (it is ~1000× slower: the full corpus would take
  hours), keeping LOC/GPE entities: MB/s.

The ratio of the two rates is the figure to quote: both run on the same machine in the same
invocation, so machine noise affects both alike.  spaCy comes with ``pip install -e
'.[bench]'``; without it the baseline is reported as missing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE_SIZE = 5_000


def build_corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Seed paragraphs shuffled into ~5 kB French articles totalling ``megabytes`` MB."""
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    rng = random.Random(seed)
    articles, current, size, total = [], [], 0, 0
    while total < megabytes * 1_000_000:
        paragraph = rng.choice(paragraphs)
        current.append(paragraph)
        size += len(paragraph) + 2
        if size >= ARTICLE_SIZE:
            articles.append("\n\n".join(current))
            total += size
            current, size = [], 0
    return articles


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_geo(articles: list[str], repeat: int, queue: mp.Queue) -> None:
    from geo.extract import matcher
    from geo.gazetteer import gazetteer
    from geo.pipeline import parse_text

    start = time.perf_counter()
    gazetteer()
    loaded = time.perf_counter()
    matcher()
    ready = time.perf_counter()
    chars = sum(map(len, articles))
    passes = []
    for _ in range(max(repeat, 1)):
        mentions = 0
        begin = time.perf_counter()
        for text in articles:
            mentions += len(parse_text(text, lang="fr"))
        passes.append(time.perf_counter() - begin)
    elapsed = statistics.median(passes)
    queue.put({
        "gazetteer_load_s": round(loaded - start, 3),
        "matcher_build_s": round(ready - loaded, 3),
        "chars": chars,
        "seconds": round(elapsed, 3),
        "mb_per_s": round(chars / 1e6 / elapsed, 3),
        "mb_per_s_passes": [round(chars / 1e6 / t, 3) for t in passes],
        "mentions": mentions,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    })


def _run_spacy(articles: list[str], kilobytes: int, queue: mp.Queue) -> None:
    try:
        import spacy

        nlp = spacy.load("fr_core_news_md")
    except (ImportError, OSError) as exc:
        queue.put({"error": f"spaCy baseline unavailable ({exc}); pip install -e '.[bench]'"})
        return
    sample, size = [], 0
    for text in articles:
        if size >= kilobytes * 1000:
            break
        sample.append(text)
        size += len(text)
    begin = time.perf_counter()
    entities = sum(
        sum(ent.label_ in ("LOC", "GPE") for ent in doc.ents)
        for doc in nlp.pipe(sample, n_process=1, batch_size=16)
    )
    elapsed = time.perf_counter() - begin
    queue.put({
        "chars": size,
        "seconds": round(elapsed, 3),
        "mb_per_s": round(size / 1e6 / elapsed, 4),
        "loc_entities": entities,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    })


def _in_child(target, *args) -> dict:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="passes over the corpus; the median is reported (default 3)")
    parser.add_argument("--spacy-kb", type=int, default=300,
                        help="kB of the corpus run through spaCy (default 300)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    articles = build_corpus(args.mb)
    geo = _in_child(_run_geo, articles, args.repeat)
    baseline = _in_child(_run_spacy, articles, args.spacy_kb)
    results = {"corpus_mb": round(sum(map(len, articles)) / 1e6, 2),
               "articles": len(articles), "geo": geo, "spacy_fr_core_news_md": baseline}
    if "mb_per_s" in baseline:
        results["speedup_vs_spacy"] = round(geo["mb_per_s"] / baseline["mb_per_s"], 1)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
