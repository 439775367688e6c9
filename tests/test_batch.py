"""geo/batch.py and geo/store.py: a run over a generated archive, errors, resumption, engines.

The archive is a few hundred articles made of the seed paragraphs, with corrupt files in the
mix; every test reads the store back through :func:`geo.store.open_store`, and the command
line is driven through ``geo.cli.main``.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REPO, SEEDS

from geo.batch import run_batch
from geo.cli import main
from geo.errors import ArticleError, GeoError, StoreError
from geo.store import open_store

N_GOOD = 240
CORRUPT = {
    "corrupt/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
    "corrupt/empty.txt": b"",
    "corrupt/utf16.txt": b"\xff\xfeA\x00B",  # a UTF-16 byte-order mark, then half a character
    "corrupt/undetectable.md": bytes(range(128, 256)) * 3,
}
PARAGRAPHS = [
    p.strip()
    for path in sorted(SEEDS.glob("*.txt"))
    for p in path.read_text(encoding="utf-8").split("\n\n")
    if p.strip()
]


def _texts(n: int, seed: int = 7) -> list[str]:
    """``n`` short articles of three seed paragraphs each, shuffled with a fixed seed."""
    rng = random.Random(seed)
    return ["\n\n".join(rng.sample(PARAGRAPHS, 3)) + "\n" for _ in range(n)]


def _dates(n: int) -> list[str]:
    return [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]


def _write_archive(root: Path, n: int = N_GOOD, corrupt: bool = True) -> list[str]:
    """A folder of ``n`` articles in two sub-folders (with articles.csv) plus corrupt files.

    Returns the good articles' document ids (paths relative to ``root``).
    """
    docs = []
    rows: dict[str, list[dict[str, str]]] = {}
    for i, (text, day) in enumerate(zip(_texts(n), _dates(n), strict=True)):
        folder = "2024/a" if i % 2 else "2024/b"
        name = f"article_{i:04d}.txt"
        path = root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        rows.setdefault(folder, []).append({"file": name, "published": day, "lang": "fr"})
        docs.append(f"{folder}/{name}")
    for folder, table in rows.items():
        with (root / folder / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["file", "published", "lang"])
            writer.writeheader()
            writer.writerows(table)
    if corrupt:
        for name, data in CORRUPT.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        # Windows-1252, not UTF-8: read correctly, so not an error.
        latin = "Vladimir Poutine s’est rendu à Pékin, en Chine, où il a été reçu."
        (root / "corrupt/latin1.txt").write_bytes(latin.replace("’", "'").encode("cp1252"))
        docs.append("corrupt/latin1.txt")
    return sorted(docs)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("archive")
    return root, _write_archive(root)


@pytest.fixture(scope="module")
def full_store(archive, tmp_path_factory) -> tuple[Path, object]:
    """The archive parsed once, locally, with two workers: the reference store."""
    root, _ = archive
    store = tmp_path_factory.mktemp("stores") / "full"
    summary = run_batch(root, store, workers=2, progress=False)
    return store, summary


def _doc_ids(store: Path) -> list[str]:
    return sorted(open_store(store).articles(["doc"]).column("doc").to_pylist())


# --------------------------------------------------------------------------------------------
# One run: counts, store contents, errors
# --------------------------------------------------------------------------------------------


def test_run_counts_articles_mentions_meetings_and_errors(archive, full_store):
    _, docs = archive
    store, summary = full_store
    assert summary.articles == len(docs) == N_GOOD + 1
    assert summary.errors == len(CORRUPT)
    assert summary.skipped == 0
    assert summary.mentions > 5 * N_GOOD and summary.meetings > 0
    counts = open_store(store).summary()
    assert counts["articles"] == summary.articles
    assert counts["mentions"] == summary.mentions
    assert counts["meetings"] == summary.meetings
    assert counts["errors"] == len(CORRUPT)
    assert counts["parts"] == summary.parts > 2  # small inputs are cut so both workers work
    assert _doc_ids(store) == docs


def test_errors_file_lists_each_unreadable_file_with_its_reason(archive, full_store):
    root, _ = archive
    store, _ = full_store
    lines = (store / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    errors = {
        Path(e["path"]).relative_to(root).as_posix(): e["reason"] for e in map(json.loads, lines)
    }
    assert set(errors) == set(CORRUPT)
    assert "binary" in errors["corrupt/binary.txt"]
    assert errors["corrupt/empty.txt"] == "empty file"
    assert "UTF-16" in errors["corrupt/utf16.txt"]
    assert "cannot be detected" in errors["corrupt/undetectable.md"]
    assert open_store(store).errors() == [json.loads(line) for line in lines]


def test_articles_table_keeps_metadata_hash_size_and_counts(archive, full_store):
    root, _ = archive
    store, _ = full_store
    s = open_store(store)
    articles = {r["doc"]: r for r in s.articles().to_pylist()}
    first = articles["2024/b/article_0000.txt"]
    assert first["published"] == "2024-01-01" and first["lang"] == "fr"
    assert first["size"] == (root / "2024/b/article_0000.txt").stat().st_size
    assert len(first["content_hash"]) == 32
    assert len({r["content_hash"] for r in articles.values()}) == len(articles)
    per_doc = s.mentions(["doc"]).column("doc").value_counts().to_pylist()
    assert {d["values"]: d["counts"] for d in per_doc} == {
        doc: r["n_mentions"] for doc, r in articles.items() if r["n_mentions"]
    }
    assert sum(r["n_meetings"] for r in articles.values()) == s.summary()["meetings"]


def test_store_tables_are_geoparquet_points(full_store):
    geopandas = pytest.importorskip("geopandas")
    store, _ = full_store
    mentions = geopandas.read_parquet(store / "mentions")
    assert mentions.crs.to_epsg() == 4326 or mentions.crs.to_string() == "OGC:CRS84"
    assert (mentions.geometry.geom_type == "Point").all()
    assert (mentions.geometry.x.round(6) == mentions["lon"]).all()
    assert (mentions.geometry.y.round(6) == mentions["lat"]).all()
    meetings = geopandas.read_parquet(store / "meetings")
    placeless = meetings["lat"].isna()
    assert meetings.geometry[placeless].isna().all()
    assert meetings.geometry[~placeless].notna().all()


def test_mention_records_match_the_parse_contract(archive, full_store):
    from geo.articles import load_article
    from geo.pipeline import parse_article

    root, _ = archive
    store, _ = full_store
    doc = "2024/a/article_0001.txt"
    article = load_article(root / doc)
    expected = [dict(m.to_record(), doc=doc) for m in parse_article(article)]
    assert open_store(store).records("mentions", docs=[doc]) == sorted(
        expected, key=lambda r: (r["start"], r["end"])
    )


# --------------------------------------------------------------------------------------------
# Re-runs and resumption
# --------------------------------------------------------------------------------------------


def test_rerun_skips_every_article_already_stored(archive, full_store, tmp_path):
    root, docs = archive
    store, first = full_store
    before = open_store(store).summary()
    again = run_batch(root, store, workers=2, progress=False)
    assert (again.articles, again.skipped, again.errors) == (0, len(docs), len(CORRUPT))
    assert open_store(store).summary() == before


def test_interrupted_run_resumes_without_duplicates(tmp_path, full_store):
    """First run on part of the archive (as if killed), then on all of it: same store."""
    reference, _ = full_store
    root = tmp_path / "archive"
    docs = _write_archive(root)
    moved = tmp_path / "later"
    moved.mkdir()
    for i in range(0, N_GOOD, 3):  # hide a third of the files from the first run
        folder = "2024/a" if i % 2 else "2024/b"
        (root / folder / f"article_{i:04d}.txt").rename(moved / f"{i}.txt")
    store = tmp_path / "store"
    first = run_batch(root, store, workers=2, progress=False)
    assert first.articles == len(docs) - len(range(0, N_GOOD, 3))
    for i in range(0, N_GOOD, 3):
        folder = "2024/a" if i % 2 else "2024/b"
        (moved / f"{i}.txt").rename(root / folder / f"article_{i:04d}.txt")
    second = run_batch(root, store, workers=2, progress=False)
    assert second.skipped == first.articles
    assert second.articles == len(range(0, N_GOOD, 3))
    assert _doc_ids(store) == docs
    for table in ("mentions", "meetings"):
        assert open_store(store).records(table) == open_store(reference).records(table)


def test_killed_run_resumes_without_duplicates(tmp_path, full_store):
    """Kill ``geo batch`` (SIGKILL) once it has committed a part, then run it again."""
    reference, _ = full_store
    root = tmp_path / "archive"
    docs = _write_archive(root)
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "geo", "batch", str(root), "-o", str(store), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any((store / "articles").glob("part-*.parquet")):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait()
    killed = open_store(store).summary()["articles"]
    # Leftovers of a kill between two renames: an uncommitted part and a temporary file.
    (store / "mentions" / "part-orphan-000001.parquet").write_bytes(b"not parquet")
    (store / "meetings" / ".part-orphan-000001.parquet.123.tmp").write_bytes(b"half")
    (store / ".lock").write_text(json.dumps({"pid": process.pid, "host": os.uname().nodename}))
    assert main(["batch", str(root), "-o", str(store), "--workers", "2"]) == 1  # corrupt files
    resumed = open_store(store)
    assert resumed.summary()["articles"] == len(docs)
    assert len(resumed.errors()) == len(CORRUPT)
    assert _doc_ids(store) == docs
    assert killed <= len(docs)
    for table in ("mentions", "meetings"):
        assert resumed.records(table) == open_store(reference).records(table)
    assert not list(store.rglob("*.tmp")) and not (store / ".lock").exists()
    assert not (store / "mentions" / "part-orphan-000001.parquet").exists()


def test_edited_article_is_parsed_again(tmp_path):
    root = tmp_path / "archive"
    _write_archive(root, n=6, corrupt=False)
    store = tmp_path / "store"
    run_batch(root, store, workers=1, progress=False)
    path = root / "2024/b/article_0000.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nXi Jinping est arrivé à Moscou.\n")
    summary = run_batch(root, store, workers=1, progress=False)
    assert (summary.articles, summary.skipped, summary.replaced) == (1, 5, 1)
    assert "1 earlier versions of edited articles replaced" in str(summary)


def test_edited_article_replaces_its_earlier_version(tmp_path):
    """The store keeps one version per article id: the latest run's, rows and all."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "a.txt").write_text("Poutine est arrivé à Pékin.\n", encoding="utf-8")
    (root / "b.txt").write_text("Xi Jinping a visité Astana.\n", encoding="utf-8")
    store = tmp_path / "store"
    run_batch(root, store, workers=1, progress=False, part_size=1)
    (root / "a.txt").write_text("Poutine est arrivé à Téhéran puis à Bakou.\n", encoding="utf-8")
    summary = run_batch(root, store, workers=1, progress=False)
    assert summary.replaced == 1
    opened = open_store(store)
    assert sorted(opened.articles(columns=["doc"]).column("doc").to_pylist()) == ["a.txt", "b.txt"]
    mentions = opened.mentions(columns=["doc", "text"]).to_pylist()
    assert sorted((m["doc"], m["text"]) for m in mentions) == [
        ("a.txt", "Bakou"), ("a.txt", "Téhéran"), ("b.txt", "Astana")]
    assert len(opened.parts) == 2  # a.txt's first part held nothing else: it is gone
    # a third run finds nothing new and replaces nothing
    again = run_batch(root, store, workers=1, progress=False)
    assert (again.articles, again.skipped, again.replaced) == (0, 2, 0)


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
@pytest.mark.parametrize("part_size", [10, 1])
def test_an_id_repeated_in_the_input_keeps_its_last_row(tmp_path, part_size, kind):
    """A feed that sends an article twice (a correction, a re-export) must not count it twice:
    the later row is the article, as an edit replaces one, in one part or across parts; and a
    re-run neither parses the earlier row nor swaps the versions."""
    rows = [{"id": "a", "text": "Poutine est arrivé à Pékin.", "lang": "fr"},
            {"id": "b", "text": "Xi Jinping a visité Astana.", "lang": "fr"},
            {"id": "a", "text": "Poutine est arrivé à Téhéran.", "lang": "fr"}]
    feed = tmp_path / f"feed.{kind}"
    if kind == "jsonl":
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), feed)
    store = tmp_path / "store"
    for run in range(2):
        summary = run_batch(feed, store, workers=1, progress=False, part_size=part_size)
        assert (summary.articles, summary.skipped) == ((2, 0) if run == 0 else (0, 2))
        assert (summary.repeated, summary.replaced, summary.errors) == (1, 0, 0)
        opened = open_store(store)
        assert sorted(opened.articles(columns=["doc"]).column("doc").to_pylist()) == ["a", "b"]
        mentions = opened.mentions(columns=["doc", "text"]).to_pylist()
        assert sorted((m["doc"], m["text"]) for m in mentions) == [
            ("a", "Téhéran"), ("b", "Astana")]
    assert "1 rows left for a later row with the same id" in str(summary)


def test_two_runs_within_a_second_keep_the_later_version(tmp_path):
    """Run ids sort by start time to the microsecond: the later run's version wins."""
    root = tmp_path / "archive"
    root.mkdir()
    store = tmp_path / "store"
    for town in ("Pékin", "Téhéran", "Bakou"):
        (root / "a.txt").write_text(f"Poutine est arrivé à {town}.\n", encoding="utf-8")
        run_batch(root, store, workers=1, progress=False)
    mentions = open_store(store).mentions(columns=["doc", "text"]).to_pylist()
    assert [(m["doc"], m["text"]) for m in mentions] == [("a.txt", "Bakou")]


# --------------------------------------------------------------------------------------------
# Inputs: JSON Lines and Parquet give the folder's results
# --------------------------------------------------------------------------------------------


def _rows(n: int) -> list[dict]:
    return [
        {"id": f"a{i:03d}", "text": text, "published": day, "lang": "fr", "title": f"T{i}"}
        for i, (text, day) in enumerate(zip(_texts(n, seed=3), _dates(n), strict=True))
    ]


def test_jsonl_and_parquet_inputs_give_the_same_records(tmp_path):
    rows = _rows(30)
    jsonl = tmp_path / "feed.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[4:4] = ["", "{not json", json.dumps({"id": "x", "text": None}), "[1, 2]"]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "feed.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=7)

    a = run_batch(jsonl, tmp_path / "from_jsonl", workers=2, progress=False)
    b = run_batch(parquet, tmp_path / "from_parquet", workers=2, progress=False)
    assert (a.articles, a.errors) == (30, 3)
    assert (b.articles, b.errors) == (30, 0)
    reasons = {e["path"]: e["reason"] for e in open_store(tmp_path / "from_jsonl").errors()}
    assert set(reasons) == {"feed.jsonl:6", "feed.jsonl:7", "feed.jsonl:8"}
    assert "not valid JSON" in reasons["feed.jsonl:6"]
    first, second = open_store(tmp_path / "from_jsonl"), open_store(tmp_path / "from_parquet")
    for table in ("mentions", "meetings"):
        assert first.records(table) == second.records(table)
    titles = dict(zip(*second.articles(["doc", "title"]).to_pydict().values(), strict=True))
    assert titles["a000"] == "T0"


def test_rows_without_ids_are_named_after_their_line(tmp_path):
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps({"text": t, "lang": "fr"}) for t in _texts(3)) + "\n",
        encoding="utf-8",
    )
    run_batch(jsonl, tmp_path / "store", workers=1, progress=False)
    assert _doc_ids(tmp_path / "store") == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing", None, "no such file or folder"),
        ("feed.csv", "a,b\n", "unsupported input"),
        ("empty_folder", "", "no .txt, .md, .html or .htm files"),
    ],
)
def test_bad_inputs_are_reported_before_the_store_is_made(tmp_path, name, content, message):
    source = tmp_path / name
    if content == "":
        source.mkdir()
    elif content is not None:
        source.write_text(content, encoding="utf-8")
    with pytest.raises(ArticleError, match=message):
        run_batch(source, tmp_path / "store", progress=False)
    assert not (tmp_path / "store").exists()


def test_parquet_without_text_column_is_refused(tmp_path):
    path = tmp_path / "feed.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["Moscou"]}), path)
    with pytest.raises(ArticleError, match="no 'text' column"):
        run_batch(path, tmp_path / "store", progress=False)


# --------------------------------------------------------------------------------------------
# The store folder: refusing to clobber, locking
# --------------------------------------------------------------------------------------------


def test_a_folder_that_is_not_a_store_is_left_alone(tmp_path):
    root = tmp_path / "archive"
    _write_archive(root, n=2, corrupt=False)
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not a geo-explorer store"):
        run_batch(root, other, progress=False)
    assert sorted(p.name for p in other.iterdir()) == ["thesis.txt"]
    with pytest.raises(StoreError, match="not a geo-explorer store"):
        open_store(other)
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nowhere")


def test_a_file_is_not_a_store(tmp_path):
    (tmp_path / "store.parquet").write_bytes(b"PAR1")
    with pytest.raises(StoreError, match="is a file"):
        run_batch(SEEDS, tmp_path / "store.parquet", progress=False)


def test_a_bad_articles_csv_is_an_error_and_its_files_load_without_metadata(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    for i, text in enumerate(_texts(3)):
        (root / f"{i}.txt").write_text(text, encoding="utf-8")
    (root / "articles.csv").write_text("name,published\n0.txt,2024-01-01\n", encoding="utf-8")
    summary = run_batch(root, tmp_path / "store", workers=1, progress=False)
    assert (summary.articles, summary.errors) == (3, 1)
    [error] = open_store(tmp_path / "store").errors()
    assert error["path"].endswith("articles.csv") and "no 'file' column" in error["reason"]
    published = open_store(tmp_path / "store").articles(["published"]).column(0).to_pylist()
    assert published == [None, None, None]


def test_a_store_being_written_is_locked(tmp_path):
    root = tmp_path / "archive"
    _write_archive(root, n=2, corrupt=False)
    store = tmp_path / "store"
    store.mkdir()
    (store / ".lock").write_text(json.dumps({"pid": os.getpid(), "host": os.uname().nodename}))
    with pytest.raises(StoreError, match="being written by another"):
        run_batch(root, store, progress=False)


def test_engine_options_are_checked(tmp_path):
    with pytest.raises(GeoError, match="unknown engine"):
        run_batch(SEEDS, tmp_path / "s", engine="spark")
    with pytest.raises(GeoError, match="needs --engine dask"):
        run_batch(SEEDS, tmp_path / "s", scheduler="tcp://127.0.0.1:8786")


# --------------------------------------------------------------------------------------------
# Reading aggregates
# --------------------------------------------------------------------------------------------


def test_place_aggregates_add_up_and_carry_marked_samples(full_store):
    store, summary = full_store
    s = open_store(store)
    counts = s.place_counts()
    assert sum(counts.column("mentions").to_pylist()) == summary.mentions
    mentions = s.mentions(["doc", "place_id"]).to_pylist()
    places = s.places(limit=5, samples=2)
    assert [p["place_id"] for p in places] == counts.column("place_id").to_pylist()[:5]
    for place in places:
        mine = [m for m in mentions if m["place_id"] == place["place_id"]]
        assert place["mentions"] == len(mine)
        assert place["n_articles"] == len({m["doc"] for m in mine})
        assert len(place["samples"]) == min(2, place["n_articles"])
        for sample in place["samples"]:
            assert sample["published"] and sample["marks"]
            for start, end in sample["marks"]:
                assert sample["text"][start:end]  # a non-empty span inside the excerpt


def test_meeting_events_group_reports(full_store):
    store, summary = full_store
    events = open_store(store).meeting_events(samples=2)
    assert sum(e["n_reports"] for e in events) == summary.meetings
    assert all(1 <= len(e["articles"]) <= 2 for e in events)
    assert all(e["n_articles"] >= len(e["articles"]) for e in events)
    sizes = [e["n_articles"] for e in events]
    assert sizes == sorted(sizes, reverse=True)


def _meeting(doc, excerpt, participants, *, catalog=None, kind="summit", date="2024-07-04",
             place="Astana", lat=51.13, lon=71.43):
    return {"doc": doc, "date": date, "date_precision": "day" if date else None, "place": place,
            "iso3": "KAZ" if place else None, "lat": lat, "lon": lon, "kind": kind,
            "participants": participants, "catalog_id": catalog, "excerpt": excerpt,
            "start": 0, "end": 1, "geometry": None}


def _write_meeting_parts(root, parts):
    """A store whose parts hold exactly the given meeting rows (and their articles)."""
    from geo import store as st

    run = st.new_run_id()
    with st.locked(root, run):
        st.prepare_store(root)
        for seq, rows in enumerate(parts, start=1):
            docs = dict.fromkeys(row["doc"] for row in rows)
            articles = [dict.fromkeys(st.schema("articles").names) | {
                "doc": doc, "title": f"Title {doc}", "published": "2024-07-05"} for doc in docs]
            tables = {"articles": pa.Table.from_pylist(articles, schema=st.schema("articles")),
                      "mentions": st.schema("mentions").empty_table(),
                      "meetings": pa.Table.from_pylist(rows, schema=st.schema("meetings"))}
            st.write_part(root, st.part_name(run, seq), tables, run=run)


def test_meeting_events_merge_reports_across_parts_as_read_in_order(tmp_path):
    xi_putin = ["Xi", "Putin"]
    _write_meeting_parts(tmp_path / "store", [
        [
            _meeting("a", "e1", xi_putin),
            _meeting("a", "e1", ["Putin", "Xi"]),  # same people in another order; same excerpt
            _meeting("b", "e2", xi_putin),
            _meeting("b", "e3", ["Lukashenko"], catalog="sco-2024"),
            _meeting("c", None, None, kind="call", date=None, place=None, lat=-0.0, lon=0.0),
            _meeting("c", "e4", [], kind="call", date=None, place=None, lat=0.0, lon=0.0),
            _meeting("c", "e9", xi_putin, catalog=""),  # an empty catalog id is no catalog id
        ],
        [
            _meeting("d", "e5", ["Xi", "Modi"], catalog="sco-2024"),
            _meeting("e", "e6", [], catalog="sco-2024"),
            _meeting("d", "e7", xi_putin),
        ],
    ])
    events = open_store(tmp_path / "store").meeting_events(samples=2)
    summary = [(e["catalog_id"], e["kind"], e["n_reports"], e["n_articles"], e["participants"],
                [(a["doc"], a["title"], a["excerpts"]) for a in e["articles"]]) for e in events]
    assert summary == [
        (None, "summit", 5, 4, ["Xi", "Putin"],
         [("a", "Title a", ["e1"]), ("b", "Title b", ["e2"])]),
        ("sco-2024", "summit", 3, 3, ["Lukashenko", "Xi", "Modi"],
         [("b", "Title b", ["e3"]), ("d", "Title d", ["e5"])]),
        (None, "call", 2, 1, [], [("c", "Title c", [None, "e4"])]),
    ]
    assert str(events[2]["lat"]) == "-0.0"  # the first report's fields
    assert events[1]["id"] == "sco-2024" and events[0]["place"] == "Astana"


def test_parsed_articles_rebuild_mentions(full_store):
    store, _ = full_store
    doc = "2024/a/article_0001.txt"
    [(article, mentions)] = open_store(store).parsed_articles([doc])
    assert article.id == doc and article.published == "2024-02-02" and article.text == ""
    assert mentions and all(m.doc == doc for m in mentions)
    for m in mentions:
        assert m.sentence[m.start - m.sentence_start : m.end - m.sentence_start] == m.text


# --------------------------------------------------------------------------------------------
# Engines: the same records from the process pool and from Dask
# --------------------------------------------------------------------------------------------


def test_local_and_dask_engines_write_identical_records(tmp_path):
    pytest.importorskip("distributed")
    root = tmp_path / "archive"
    docs = _write_archive(root, n=30)
    local = run_batch(root, tmp_path / "local", workers=2, part_size=7, progress=False)
    dask = run_batch(root, tmp_path / "dask", engine="dask", workers=2, progress=False)
    assert (dask.articles, dask.errors, dask.workers) == (local.articles, local.errors, 2)
    assert _doc_ids(tmp_path / "local") == _doc_ids(tmp_path / "dask") == docs
    a, b = open_store(tmp_path / "local"), open_store(tmp_path / "dask")
    for table in ("mentions", "meetings"):
        assert a.records(table) == b.records(table)
    assert a.articles().sort_by("doc").equals(b.articles().sort_by("doc"))
    assert sorted(map(json.dumps, a.errors())) == sorted(map(json.dumps, b.errors()))


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def test_cli_batch_writes_a_store_and_reports(tmp_path, capsys):
    root = tmp_path / "archive"
    _write_archive(root, n=8, corrupt=False)
    store = tmp_path / "store"
    assert main(["batch", str(root), "-o", str(store), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "8 articles parsed" in err and str(store) in err
    assert open_store(store).summary()["articles"] == 8


def test_cli_batch_names_each_unreadable_article_on_one_line(tmp_path, capsys):
    root = tmp_path / "archive"
    _write_archive(root, n=4, corrupt=False)
    (root / "zz-binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (root / "zz-empty.txt").write_bytes(b"")
    store = tmp_path / "store"
    assert main(["batch", str(root), "-o", str(store), "--workers", "1"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert f"geo: {root / 'zz-binary.txt'}: binary file (contains NUL bytes), not text" in lines
    assert f"geo: {root / 'zz-empty.txt'}: empty file" in lines
    assert "4 articles parsed" in lines[-1] and "2 unreadable" in lines[-1]
    assert not any("Traceback" in line for line in lines)


def test_cli_batch_reports_bad_input_as_one_line(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "s")]) == 1
    assert capsys.readouterr().err.startswith("geo: error: ")


def test_importing_batch_and_store_loads_no_heavy_dependency():
    code = (
        "import sys, geo.batch, geo.store; "
        "print(sorted(m for m in ('pyarrow', 'dask', 'distributed', 'tqdm', 'geopandas') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
