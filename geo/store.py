"""The batch store: a folder of GeoParquet parts that ``geo batch`` writes and every view reads.

Layout (``STORE`` is the folder given to ``geo batch -o STORE``)::

    STORE/
      store.json                      format name and version, checked on open
      articles/part-<run>-<n>.parquet one row per parsed article (the commit record of a part)
      mentions/part-<run>-<n>.parquet one row per place mention, Point geometry
      meetings/part-<run>-<n>.parquet one row per meeting, Point geometry (null for calls)
      errors.jsonl                    {"path", "reason"} per unreadable article, latest run

Each table folder is a partitioned GeoParquet 1.1 dataset (WKB points in longitude/latitude,
OGC:CRS84), so DuckDB (``read_parquet('STORE/mentions/*.parquet')``), GeoPandas
(``geopandas.read_parquet``) or QGIS open it without geo-explorer.  Columns:

- ``mentions``: the ``geo parse`` contract (doc, start, end, text, place_id, name, name_fr,
  type, iso3, lat, lon, confidence, sentence) plus ``sentence_start`` (offset of ``sentence``
  in the article, to mark the mention in its excerpt) and ``geometry``;
- ``meetings``: the ``geo meetings`` contract (doc, date, date_precision, place, iso3, lat,
  lon, kind, participants, catalog_id, excerpt, start, end) plus ``geometry``;
- ``articles``: doc, path (file, or ``input.jsonl:LINE`` / ``input.parquet:ROW``), title,
  published, lang, source, url, content_hash, size (input bytes), n_chars, n_mentions,
  n_meetings.  Article text is not stored: excerpts are.

**Parts are committed atomically.**  A part's three files are written under temporary names
and renamed into place, the ``articles`` file last: a part counts only once its articles file
exists, and so do its content hashes, which is what lets an interrupted run resume without
duplicates.  Readers list the committed parts once, on :func:`open_store`, and never see a part
being written; the writer removes leftovers of an interrupted run when it starts.

**One version per article.**  An article edited since it was stored gets a new content hash
and is parsed again; at the end of that run :func:`drop_superseded` removes its earlier rows, so
no map counts it twice.

**Reading** (for the map, the export and the dashboard), all without loading every mention::

    store = open_store("STORE")
    store.summary()          # counts: articles, mentions, meetings, errors, parts, bytes
    store.places(limit=2000) # per-place counts + sample excerpts, biggest first
    store.meeting_events()   # meetings grouped into events, with sample excerpts
    store.articles()         # pyarrow.Table (one row per article)
    store.meetings()         # pyarrow.Table (one row per meeting report)
    store.mentions(docs=[...])              # pyarrow.Table, filtered while reading
    store.iter_mentions(columns=[...])      # RecordBatches, for streaming over big stores
    store.records("meetings")               # contract dicts, as ``geo meetings`` prints them
    store.parsed_articles(docs=[...])       # (Article, [Mention]) pairs, for small selections
    store.errors()                          # [{"path", "reason"}]
    store.frame("mentions")                 # a GeoDataFrame (EPSG:4326)

Aggregates are computed part by part with pyarrow: memory follows the size of one part and
the number of distinct places or events, not the number of mentions.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import struct
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .aggregate import event_id
from .errors import StoreError

if TYPE_CHECKING:  # pyarrow is imported when a store is opened, not with geo
    import geopandas
    import numpy as np
    import pyarrow as pa

    from .records import Article, Mention

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "TABLES",
    "Store",
    "open_store",
]

FORMAT = "geo-explorer-store"
FORMAT_VERSION = 1
TABLES = ("articles", "mentions", "meetings")
MANIFEST = "store.json"
ERRORS_FILE = "errors.jsonl"
LOCK_FILE = ".lock"
_PART_PREFIX = "part-"
_PART_SUFFIX = ".parquet"

#: Columns of each table, in order, as (name, pyarrow type name).  Kept as plain tuples so this
#: module imports without pyarrow; :func:`schema` builds the pyarrow schemas.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("doc", "string"),
        ("path", "string"),
        ("title", "string"),
        ("published", "string"),
        ("lang", "string"),
        ("source", "string"),
        ("url", "string"),
        ("content_hash", "string"),
        ("size", "int64"),
        ("n_chars", "int64"),
        ("n_mentions", "int64"),
        ("n_meetings", "int64"),
    ),
    "mentions": (
        ("doc", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("text", "string"),
        ("place_id", "string"),
        ("name", "string"),
        ("name_fr", "string"),
        ("type", "string"),
        ("iso3", "string"),
        ("lat", "float64"),
        ("lon", "float64"),
        ("confidence", "float64"),
        ("sentence", "string"),
        ("sentence_start", "int64"),
        ("geometry", "binary"),
    ),
    "meetings": (
        ("doc", "string"),
        ("date", "string"),
        ("date_precision", "string"),
        ("place", "string"),
        ("iso3", "string"),
        ("lat", "float64"),
        ("lon", "float64"),
        ("kind", "string"),
        ("participants", "list<string>"),
        ("catalog_id", "string"),
        ("excerpt", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("geometry", "binary"),
    ),
}

#: The contract fields of ``geo parse`` / ``geo meetings`` records (the store adds columns).
CONTRACT = {
    "mentions": (
        "doc", "start", "end", "text", "place_id", "name", "name_fr", "type", "iso3", "lat",
        "lon", "confidence", "sentence",
    ),
    "meetings": (
        "doc", "date", "date_precision", "place", "iso3", "lat", "lon", "kind", "participants",
        "catalog_id", "excerpt", "start", "end",
    ),
}

# GeoParquet 1.1 file metadata: WKB points; no "crs" key means OGC:CRS84 (lon/lat, WGS 84).
_GEO_METADATA = json.dumps(
    {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}},
    }
)
_MAX_PARSED_ARTICLES = 10_000


# --------------------------------------------------------------------------------------------
# Format: schemas, geometry, part names
# --------------------------------------------------------------------------------------------


@functools.cache
def schema(table: str) -> pa.Schema:
    """The pyarrow schema of one store table (with GeoParquet metadata when it has geometry)."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "binary": pa.binary(),
        "list<string>": pa.list_(pa.string()),
    }
    fields = [pa.field(name, types[kind]) for name, kind in COLUMNS[table]]
    metadata = {"geo": _GEO_METADATA} if table != "articles" else None
    return pa.schema(fields, metadata=metadata)


def point_wkb(lon: float | None, lat: float | None) -> bytes | None:
    """A little-endian WKB Point (21 bytes), or None when the record has no coordinates."""
    if lon is None or lat is None:
        return None
    return struct.pack("<BIdd", 1, 1, lon, lat)


def part_name(run: str, seq: int) -> str:
    """The file name of part ``seq`` of run ``run`` (the same in every table folder)."""
    return f"{_PART_PREFIX}{run}-{seq:06d}{_PART_SUFFIX}"


def new_run_id() -> str:
    """A run id unique across runs and machines, sortable by start time (to the microsecond:
    two runs within a second must still sort in order, since the later one's rows win)."""
    import time

    now = time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now % 1 * 1e6):06d}"
    return stamp + "-" + uuid.uuid4().hex[:8]


# --------------------------------------------------------------------------------------------
# Writing (used by geo.batch; only loading and export touch the file system, and this is export)
# --------------------------------------------------------------------------------------------


def write_part(
    store: str | os.PathLike[str], name: str, tables: dict[str, pa.Table], *, run: str
) -> None:
    """Write one part (``tables`` keyed by table name) atomically, the articles file last.

    Each file is written under a hidden temporary name and renamed into place, so a reader or a
    resumed run never sees half a file, and the part only counts once its articles file exists.
    The part is committed only while run ``run`` holds the store's lock: a worker that outlived
    its killed driver must not commit into a store that a new run is already cleaning up.

    Raises
    ------
    StoreError
        If a file cannot be written (disk full, permissions) or the run lost the lock.
    """
    import pyarrow.parquet as pq

    root = Path(store)
    written: list[Path] = []
    for table in ("mentions", "meetings", "articles"):  # articles last: it commits the part
        target = root / table / name
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            pq.write_table(tables[table], tmp, compression="zstd")
            if table == "articles" and _lock_owner(root).get("run") != run:
                tmp.unlink()
                for path in written:
                    path.unlink(missing_ok=True)
                raise StoreError(f"run {run} no longer holds the lock of {root}; part dropped")
            os.replace(tmp, target)
            written.append(target)
        except OSError as err:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StoreError(f"cannot write {target}: {err.strerror or err}") from None


def drop_superseded(store: str | os.PathLike[str]) -> int:
    """Remove the earlier versions of articles that were parsed again; return how many.

    An article is known by its id (its path in the input folder, or its row id); edited, it
    gets a new content hash and a later run parses it again.  Its earlier rows would then
    count twice on every map, so they go: each earlier part that holds one is rewritten
    without its rows, file by file as :func:`write_part` writes (the articles file last), or
    deleted when nothing is left.  "Earlier" is the order of parts: runs by start time, then
    a run's parts in input order, so an id that an input repeats keeps its last row, as an
    edited article keeps its last version (within one part, the batch itself keeps only the
    last row).  Idempotent, so a run interrupted here is finished by the next one.  The
    caller holds the store's lock.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    root = Path(store)
    parts = _committed_parts(root)  # sorted: run start time, then sequence
    latest: dict[str, int] = {}  # doc -> position of the last part that holds it
    holders: list[tuple[str, list[str]]] = []
    for position, name in enumerate(parts):
        docs = pq.read_table(root / "articles" / name, columns=["doc"]).column("doc").to_pylist()
        holders.append((name, docs))
        for doc in docs:
            latest[doc] = position
    dropped = 0
    for position, (name, docs) in enumerate(holders):
        stale = {doc for doc in docs if latest[doc] > position}
        if not stale:
            continue
        dropped += len(stale)
        keep = {table: pc.invert(pc.is_in(t.column("doc"), _string_set(stale)))
                for table, t in ((table, pq.read_table(root / table / name, columns=["doc"]))
                                 for table in TABLES)}
        if not pc.any(keep["articles"]).as_py():
            (root / "articles" / name).unlink()  # uncommit the part first, then its rows
            for table in ("mentions", "meetings"):
                (root / table / name).unlink(missing_ok=True)
            continue
        for table in ("mentions", "meetings", "articles"):  # articles last, as in write_part
            target = root / table / name
            tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
            try:
                kept = pq.read_table(target).filter(keep[table])
                pq.write_table(kept, tmp, compression="zstd")
                os.replace(tmp, target)
            except OSError as err:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise StoreError(f"cannot rewrite {target}: {err.strerror or err}") from None
    return dropped


def prepare_store(store: str | os.PathLike[str]) -> Path:
    """Create the store folder (or check an existing one) and remove an interrupted run's leftovers.

    Leftovers are temporary files and parts whose articles file was never written (their
    articles will be parsed again).  Call it with the store locked (:func:`locked`).

    Raises
    ------
    StoreError
        If the path is a file, a folder that is not a store, or a store of another version.
    """
    root = Path(store)
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} is a file; give a folder for the store")
    if root.is_dir() and not (root / MANIFEST).is_file():
        visible = [p for p in root.iterdir() if not p.name.startswith(".")]
        if visible:
            raise StoreError(
                f"{root} is not a geo-explorer store (no {MANIFEST}) and is not empty; "
                "give a new or empty folder"
            )
    try:
        for table in TABLES:
            (root / table).mkdir(parents=True, exist_ok=True)
        manifest = root / MANIFEST
        if manifest.is_file():
            _check_manifest(root)
        else:
            manifest.write_text(
                json.dumps({"format": FORMAT, "version": FORMAT_VERSION}) + "\n", encoding="utf-8"
            )
        committed = set(_committed_parts(root))
        for table in TABLES:
            for path in (root / table).iterdir():
                stale = path.name.endswith(".tmp") or (
                    table != "articles" and _is_part(path.name) and path.name not in committed
                )
                if stale:
                    path.unlink()
    except OSError as err:
        raise StoreError(f"cannot prepare the store {root}: {err.strerror or err}") from None
    return root


@contextlib.contextmanager
def locked(store: str | os.PathLike[str], run: str) -> Iterator[None]:
    """Hold the store's write lock for run ``run``: two runs writing one store would delete
    each other's parts.

    A lock left by a run on this machine whose process no longer exists is taken over.

    Raises
    ------
    StoreError
        If another live run holds the lock.
    """
    root = Path(store)
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} is a file; give a folder for the store")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot create the store {root}: {err.strerror or err}") from None
    lock = root / LOCK_FILE
    me = {"pid": os.getpid(), "host": socket.gethostname(), "run": run}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _lock_owner(root)
            if owner.get("host") == me["host"] and not _alive(owner.get("pid")):
                with contextlib.suppress(OSError):
                    lock.unlink()
                continue
            raise StoreError(
                f"{root} is being written by another 'geo batch' (pid {owner.get('pid')} on "
                f"{owner.get('host')}); if that run is gone, delete {lock}"
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:  # pragma: no cover - the lock came back between our unlink and our create
        raise StoreError(f"cannot lock {root}; try again")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _lock_owner(root: Path) -> dict[str, Any]:
    try:
        owner = json.loads((root / LOCK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return owner if isinstance(owner, dict) else {}


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def open_store(path: str | os.PathLike[str]) -> Store:
    """Open a store written by ``geo batch`` for reading (a snapshot of its committed parts).

    Raises
    ------
    StoreError
        If ``path`` is not a store folder or was written by an incompatible version.
    """
    root = Path(path)
    if not root.is_dir():
        raise StoreError(f"no store at {root}; write one with 'geo batch INPUT -o {root}'")
    if not (root / MANIFEST).is_file():
        raise StoreError(f"{root} is not a geo-explorer store (no {MANIFEST})")
    _check_manifest(root)
    return Store(path=root, parts=tuple(_committed_parts(root)))


@dataclass(frozen=True, slots=True)
class Store:
    """A store's committed parts, read table by table with pyarrow.

    Use :func:`open_store` rather than building one: it checks the folder and lists the parts.
    Parts committed after opening are not seen (open the store again to see them).
    """

    path: Path
    parts: tuple[str, ...]

    # -- tables ----------------------------------------------------------------------------

    def files(self, table: str) -> list[Path]:
        """The committed part files of ``table`` ("articles", "mentions" or "meetings")."""
        _check_table(table)
        return [self.path / table / name for name in self.parts]

    def stamp(self) -> str:
        """What identifies this snapshot's content: each committed part file's name, size and
        modification time (a part is rewritten in place only by :func:`drop_superseded`).
        Cheap, unlike hashing the parts: a cache of aggregates keys on it."""
        entries = []
        for table in TABLES:
            for path in self.files(table):
                info = path.stat()
                entries.append(f"{table}/{path.name}:{info.st_size}:{info.st_mtime_ns}")
        return f"{self.path.resolve()}\n" + "\n".join(entries)

    def summary(self) -> dict[str, int]:
        """Row counts (from the Parquet footers: nothing is read) and the input size in bytes."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        counts = {
            table: sum(pq.ParquetFile(f).metadata.num_rows for f in self.files(table))
            for table in TABLES
        }
        size = self.articles(columns=["size"]).column("size")
        return {
            **counts,
            "errors": len(self.errors()),
            "parts": len(self.parts),
            "bytes": int(pc.sum(size).as_py() or 0),
        }

    def table(
        self, table: str, columns: Sequence[str] | None = None, *, docs: Iterable[str] | None = None
    ) -> pa.Table:
        """One table, or the ``columns`` of it, optionally only the rows of ``docs``."""
        dataset = self._dataset(table)
        return dataset.to_table(columns=_columns(table, columns), filter=_doc_filter(docs))

    def articles(self, columns: Sequence[str] | None = None) -> pa.Table:
        """One row per article (see the module docstring for the columns)."""
        return self.table("articles", columns)

    def mentions(
        self, columns: Sequence[str] | None = None, *, docs: Iterable[str] | None = None
    ) -> pa.Table:
        """The mentions (all of them: pass ``docs`` or ``columns`` on a big store)."""
        return self.table("mentions", columns, docs=docs)

    def meetings(
        self, columns: Sequence[str] | None = None, *, docs: Iterable[str] | None = None
    ) -> pa.Table:
        """The meeting reports, one row per meeting per article."""
        return self.table("meetings", columns, docs=docs)

    def iter_mentions(
        self, columns: Sequence[str] | None = None, *, batch_size: int = 65_536
    ) -> Iterator[pa.RecordBatch]:
        """Stream the mentions in record batches (memory: one batch at a time)."""
        yield from self.iter_batches("mentions", columns, batch_size=batch_size)

    def iter_batches(
        self, table: str, columns: Sequence[str] | None = None, *, batch_size: int = 65_536
    ) -> Iterator[pa.RecordBatch]:
        """Stream one table in record batches, part after part (memory: one batch at a time)."""
        for path in self.files(table):
            yield from _read(path, _columns(table, columns)).to_batches(max_chunksize=batch_size)

    def records(self, table: str, *, docs: Iterable[str] | None = None) -> list[dict]:
        """Rows as the ``geo parse`` / ``geo meetings`` contract dicts (no store-only columns).

        Sorted by document then offset, so two stores holding the same results compare equal
        whatever engine and part sizes wrote them.
        """
        if table not in CONTRACT:
            raise StoreError(f"records() reads 'mentions' or 'meetings', not {table!r}")
        rows = self.table(table, CONTRACT[table], docs=docs).to_pylist()
        rows.sort(key=lambda r: (r["doc"], r["start"], r["end"], json.dumps(r, sort_keys=True)))
        return rows

    def errors(self) -> list[dict[str, str]]:
        """The unreadable articles of the latest run: ``{"path", "reason"}`` each."""
        path = self.path / ERRORS_FILE
        if not path.is_file():
            return []
        rows = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                with contextlib.suppress(ValueError):  # a line cut by a kill
                    rows.append(json.loads(line))
        return rows

    def frame(
        self, table: str, columns: Sequence[str] | None = None, *, docs: Iterable[str] | None = None
    ) -> geopandas.GeoDataFrame:
        """A table as a GeoDataFrame in EPSG:4326 (mentions or meetings; loads it whole)."""
        import geopandas
        import shapely

        if table == "articles":
            raise StoreError("the articles table has no geometry; use Store.articles()")
        wanted = None if columns is None else [*dict.fromkeys([*columns, "geometry"])]
        data = self.table(table, wanted, docs=docs)
        geometry = shapely.from_wkb(data.column("geometry").to_numpy(zero_copy_only=False))
        frame = data.drop_columns(["geometry"]).to_pandas()
        return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")

    # -- aggregates ------------------------------------------------------------------------

    def place_counts(self) -> pa.Table:
        """Per place: place_id, name, name_fr, type, iso3, lat, lon, mentions, n_articles.

        Sorted by decreasing mentions, then place id.  Computed part by part: an article's
        mentions all sit in one part, so per-part article counts add up exactly.
        """
        import pyarrow as pa

        partials = [
            part.group_by("place_id").aggregate([("doc", "count"), ("doc", "count_distinct")])
            for part in (_read(path, ["doc", "place_id"]) for path in self.files("mentions"))
            if part.num_rows
        ]
        if partials:
            counts = (
                pa.concat_tables(partials)
                .group_by("place_id")
                .aggregate([("doc_count", "sum"), ("doc_count_distinct", "sum")])
            )
            ids = counts.column("place_id").to_pylist()
            mentions = counts.column("doc_count_sum").to_pylist()
            n_articles = counts.column("doc_count_distinct_sum").to_pylist()
        else:
            ids, mentions, n_articles = [], [], []
        order = sorted(range(len(ids)), key=lambda i: (-mentions[i], ids[i]))
        ids = [ids[i] for i in order]
        info = self._place_info(ids)
        place_schema = schema("mentions")
        columns: dict[str, pa.Array] = {"place_id": pa.array(ids, pa.string())}
        for key in ("name", "name_fr", "type", "iso3", "lat", "lon"):
            columns[key] = pa.array([info[p][key] for p in ids], place_schema.field(key).type)
        columns["mentions"] = pa.array([mentions[i] for i in order], pa.int64())
        columns["n_articles"] = pa.array([n_articles[i] for i in order], pa.int64())
        return pa.table(columns)

    def places(
        self, *, limit: int | None = None, samples: int = 3, counts: pa.Table | None = None
    ) -> list[dict[str, Any]]:
        """The places mentioned, biggest first, each with counts and a few sample excerpts.

        Each dict: place_id, name, name_fr, type, iso3, lat, lon, mentions, n_articles and
        ``samples``: up to ``samples`` dicts ``{doc, title, published, text, marks}``, one per
        article (the first sentence of that article mentioning the place, with ``marks`` the
        ``[start, end]`` offsets of the place's mentions in ``text``).  ``limit`` keeps the
        biggest places: a map draws a few thousand features at most; :meth:`place_counts` gives
        the rest as a table to summarise.  ``counts`` (rows of :meth:`place_counts`, e.g.
        filtered by type or country) says which places to describe; default: all of them.
        """

        if counts is None:
            counts = self.place_counts()
        if limit is not None:
            counts = counts.slice(0, limit)
        rows = counts.to_pylist()
        found: dict[str, dict[str, dict]] = {row["place_id"]: {} for row in rows}
        needed = set(found) if samples > 0 else set()
        columns = ["doc", "place_id", "start", "end", "text", "sentence", "sentence_start"]
        # Rows come in article order and an article's mentions are contiguous, so a place has
        # its samples once a further article mentions it.
        for m in self._mentions_of(needed, columns):
            place = m["place_id"]
            docs = found[place]
            excerpt = docs.get(m["doc"])
            if excerpt is not None:
                if excerpt["origin"] == _origin(m):
                    excerpt["marks"].append(_mark(m))
            elif len(docs) < samples:
                docs[m["doc"]] = {"text": m["sentence"] or m["text"], "origin": _origin(m),
                                  "marks": [_mark(m)]}
            else:
                needed.discard(place)
        titles = self._titles({doc for docs in found.values() for doc in docs})
        for row in rows:
            row["samples"] = [
                {"doc": doc, **titles.get(doc, {"title": None, "published": None}),
                 "text": ex["text"], "marks": ex["marks"]}
                for doc, ex in found[row["place_id"]].items()
            ]
        return rows

    def meeting_events(
        self, *, limit: int | None = None, samples: int = 3
    ) -> list[dict[str, Any]]:
        """Meeting reports grouped into events (several articles often report one summit).

        Grouped by ``catalog_id`` when the extractor linked the meeting to the catalog, else by
        kind, date, place, coordinates and participants (:func:`geo.aggregate.event_key`).  Each
        dict: id, kind, date, date_precision, place, iso3, lat, lon (of the event's first
        report), participants (union, in order of appearance), catalog_id, n_reports,
        n_articles and ``articles``: the first ``samples`` articles reporting it, as dicts
        ``{doc, title, published, excerpts}``.  Sorted by decreasing n_articles, then id;
        ``limit`` keeps the biggest.
        """
        columns = [name for name, _ in COLUMNS["meetings"] if name != "geometry"]
        events: dict[str, dict[str, Any]] = {}
        for path in self.files("meetings"):
            part = _read(path, columns)
            if part.num_rows:
                _add_part_events(events, part, samples)
        ranked = sorted(events.values(), key=lambda e: (-e["n_articles"], e["id"]))
        if limit is not None:
            ranked = ranked[:limit]
        titles = self._titles({doc for event in ranked for doc in event["_reports"]})
        for event in ranked:
            event["articles"] = [
                {"doc": doc, **titles.get(doc, {"title": None, "published": None}),
                 "excerpts": excerpts}
                for doc, excerpts in event.pop("_reports").items()
            ]
        return ranked

    # -- objects, for small selections ------------------------------------------------------

    def parsed_articles(
        self, docs: Iterable[str] | None = None
    ) -> list[tuple[Article, list[Mention]]]:
        """Articles with their mentions as records objects, for the views that take them.

        The articles come back without their text (the store keeps excerpts, not articles):
        ``Article.text`` is empty, and each ``Mention`` carries its ``sentence`` and
        ``sentence_start``.  Places are rebuilt from the stored columns (no gazetteer load).

        Raises
        ------
        StoreError
            If ``docs`` is None and the store holds more than 10,000 articles: use
            :meth:`places` and :meth:`meeting_events` on big stores.
        """
        from .records import Article, Mention, Place

        wanted = None if docs is None else list(docs)
        articles = self.table("articles", docs=wanted)
        if wanted is None and articles.num_rows > _MAX_PARSED_ARTICLES:
            raise StoreError(
                f"{self.path} holds {articles.num_rows:,} articles, too many to load as objects; "
                "pass docs=[...] or use Store.places() / Store.meeting_events()"
            )
        by_doc: dict[str, tuple[Article, list[Mention]]] = {}
        for row in articles.to_pylist():
            article = Article(
                id=row["doc"],
                text="",
                path=row["path"],
                **{key: row[key] for key in ("title", "published", "lang", "source", "url")},
            )
            by_doc.setdefault(row["doc"], (article, []))
        places: dict[str, Place] = {}
        columns = [name for name, _ in COLUMNS["mentions"] if name != "geometry"]
        rows = self.table("mentions", columns, docs=list(by_doc)).to_pylist()
        rows.sort(key=lambda r: (r["doc"], r["start"], r["end"]))
        for m in rows:
            place = places.get(m["place_id"])
            if place is None:
                place = places[m["place_id"]] = Place(
                    id=m["place_id"], type=m["type"], name=m["name"], name_fr=m["name_fr"],
                    iso3=m["iso3"], lat=m["lat"], lon=m["lon"],
                )
            by_doc[m["doc"]][1].append(
                Mention(
                    doc=m["doc"], start=m["start"], end=m["end"], text=m["text"], place=place,
                    confidence=m["confidence"], sentence=m["sentence"] or "",
                    sentence_start=m["sentence_start"] or 0,
                )
            )
        return list(by_doc.values())

    # -- helpers ---------------------------------------------------------------------------

    def _dataset(self, table: str) -> Any:
        import pyarrow.dataset as ds

        return ds.dataset(
            [str(f) for f in self.files(table)], schema=schema(table), format="parquet"
        )

    def _place_info(self, place_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Name, type and coordinates of each place, from the first part that mentions it."""
        info: dict[str, dict[str, Any]] = {}
        missing = set(place_ids)
        columns = ["place_id", "name", "name_fr", "type", "iso3", "lat", "lon"]
        for row in self._mentions_of(missing, columns):
            info[row["place_id"]] = row
            missing.discard(row["place_id"])
        return info

    def _mentions_of(self, place_ids: set[str], columns: list[str]) -> Iterator[dict[str, Any]]:
        """Mention rows (``columns``) of the places in ``place_ids``, part by part, in order.

        The caller may shrink ``place_ids`` while iterating (a place that has what it needs):
        later rows of that place are skipped, and reading stops once the set is empty.
        """
        import pyarrow.compute as pc

        for path in self.files("mentions"):
            if not place_ids:
                return
            part = _read(path, columns)
            part = part.filter(pc.is_in(part.column("place_id"), value_set=_string_set(place_ids)))
            for row in part.to_pylist():
                if row["place_id"] in place_ids:
                    yield row

    def _titles(self, docs: set[str]) -> dict[str, dict[str, str | None]]:
        if not docs:
            return {}
        rows = self.table("articles", ["doc", "title", "published"], docs=docs).to_pylist()
        return {r["doc"]: {"title": r["title"], "published": r["published"]} for r in rows}


# --------------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------------


def _is_part(name: str) -> bool:
    return name.startswith(_PART_PREFIX) and name.endswith(_PART_SUFFIX)


def _committed_parts(root: Path) -> list[str]:
    """Part names whose articles file exists (the commit record), in run and sequence order."""
    folder = root / "articles"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if _is_part(p.name))


def _check_manifest(root: Path) -> None:
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StoreError(f"{root / MANIFEST} is unreadable ({err}); is this a store?") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{root} is not a geo-explorer store ({MANIFEST} says otherwise)")
    if manifest.get("version") != FORMAT_VERSION:
        raise StoreError(
            f"{root} was written by store format version {manifest.get('version')}; this "
            f"geo-explorer reads version {FORMAT_VERSION}: run 'geo batch' again into a new folder"
        )


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise StoreError(f"unknown store table {table!r}; expected one of {', '.join(TABLES)}")


def _columns(table: str, columns: Sequence[str] | None) -> list[str] | None:
    _check_table(table)
    if columns is None:
        return None
    known = {name for name, _ in COLUMNS[table]}
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise StoreError(
            f"unknown column(s) {', '.join(map(repr, unknown))} in the {table} table; "
            f"columns: {', '.join(name for name, _ in COLUMNS[table])}"
        )
    return list(columns)


def _doc_filter(docs: Iterable[str] | None) -> Any:
    if docs is None:
        return None
    import pyarrow.dataset as ds

    return ds.field("doc").isin(_string_set(docs))


def _string_set(values: Iterable[str]) -> pa.Array:
    import pyarrow as pa

    return pa.array(sorted(set(values)), pa.string())


def _read(path: Path, columns: list[str]) -> pa.Table:
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=columns)


def _origin(m: dict[str, Any]) -> int:
    """Where a mention's excerpt starts in the article: its sentence, or the mention itself."""
    return m["sentence_start"] if m["sentence"] else m["start"]


def _mark(m: dict[str, Any]) -> list[int]:
    origin = _origin(m)
    return [m["start"] - origin, m["end"] - origin]


# The separator of the keys built in pyarrow, and the stand-in for a missing field: characters
# no name, date or excerpt holds.
_SEP = "\x1f"
_NULL = "\x00"
# What a new event takes from its first report (:func:`_new_event`).
_FIRST_FIELDS = ["kind", "date", "date_precision", "place", "iso3", "lat", "lon", "catalog_id",
                 "participants"]


def _event_keys(part: pa.Table, list_codes: np.ndarray, lists: pa.Array) -> pa.Array:
    """Per meeting report, a string equal for two reports exactly when
    :func:`geo.aggregate.event_key` is: ``C`` and the catalog id, or ``P`` and the kind, date,
    place, coordinates and sorted participants (each report's participant list is
    ``lists[list_codes[row]]``, joined by :data:`_SEP`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # Few distinct participant lists: each is sorted once, then spread back over the rows.
    ordered = pa.array(
        [_SEP.join(sorted(value.split(_SEP))) if value else "" for value in lists.to_pylist()],
        pa.string(),
    ).take(list_codes)
    # + 0.0 turns -0.0 into 0.0, which event_key's tuples hold equal to it.
    coordinates = [pc.cast(pc.add(part.column(c), 0.0), pa.string()) for c in ("lat", "lon")]
    plain = pc.binary_join_element_wise(
        "P", part.column("kind"), part.column("date"), part.column("place"), *coordinates,
        ordered, _SEP, null_handling="replace", null_replacement=_NULL,
    )
    catalog = part.column("catalog_id")
    linked = pc.fill_null(pc.greater(pc.utf8_length(catalog), 0), False)
    return pc.if_else(linked, pc.binary_join_element_wise("C", catalog, ""), plain)


def _codes(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Each value's code and the distinct values, numbered in order of first appearance."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(values, null_encoding="encode")
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary


def _first_of(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``ids`` and the row of each one's first occurrence, in the order
    of those rows."""
    import numpy as np

    distinct, first = np.unique(ids, return_index=True)
    order = np.argsort(first, kind="stable")
    return distinct[order], first[order]


def _add_part_events(events: dict[str, dict[str, Any]], part: pa.Table, samples: int) -> None:
    """Add one part's meeting reports to ``events`` (event key -> event) exactly as reading
    its rows in order would: a new event takes its first report's fields; participants and
    the first ``samples`` articles come in order of appearance, each article with its
    distinct excerpts in order.

    The rows are grouped with numpy on dictionary codes; Python walks the part's events, its
    distinct (event, participants) pairs and the chosen articles' reports, not every report
    (a 100,000-article store's 450,000 reports were a 7 s loop).  An article's reports all
    sit in one part, so per-part article counts add up exactly.
    """
    import numpy as np
    import pyarrow.compute as pc

    list_codes, lists = _codes(pc.binary_join(part.column("participants"), _SEP))
    key_codes, keys = _codes(_event_keys(part, list_codes, lists))
    doc_codes, _ = _codes(part.column("doc"))
    n_keys, n_docs = len(keys), int(doc_codes.max()) + 1
    key_names = keys.to_pylist()
    fresh = [code for code, key in enumerate(key_names) if key not in events]
    first_rows = np.unique(key_codes, return_index=True)[1][fresh]
    for code, first in zip(fresh, part.select(_FIRST_FIELDS).take(first_rows).to_pylist(),
                           strict=True):
        events[key_names[code]] = _new_event(first)
    part_events = [events[key] for key in key_names]
    pairs, pair_rows = _first_of(key_codes * n_docs + doc_codes)
    pair_keys = pairs // n_docs
    reports = np.bincount(key_codes, minlength=n_keys).tolist()
    articles = np.bincount(pair_keys, minlength=n_keys).tolist()
    for event, n_reports, n_articles in zip(part_events, reports, articles, strict=True):
        event["n_reports"] += n_reports
        event["n_articles"] += n_articles

    combos, _ = _first_of(key_codes * (len(lists) + 1) + list_codes)
    names_of = [value.split(_SEP) if value else () for value in lists.to_pylist()]
    for code, list_code in zip((combos // (len(lists) + 1)).tolist(),
                               (combos % (len(lists) + 1)).tolist(), strict=True):
        names = part_events[code]["participants"]
        for name in names_of[list_code]:
            if name not in names:
                names.append(name)

    # The first articles of each event that still wants samples: rank the (event, article)
    # pairs within their event by first row (pairs are already in first-row order).
    wanted = np.array([samples - len(e["_reports"]) for e in part_events], np.int64)
    by_key = np.argsort(pair_keys, kind="stable")
    starts = np.searchsorted(pair_keys[by_key], np.arange(n_keys))
    rank = np.empty(len(pairs), np.int64)
    rank[by_key] = np.arange(len(pairs)) - starts[pair_keys[by_key]]
    chosen = rank < wanted[pair_keys]
    if not chosen.any():
        return
    doc_names = part.column("doc").take(pair_rows[chosen]).to_pylist()
    for code, doc in zip(pair_keys[chosen].tolist(), doc_names, strict=True):
        part_events[code]["_reports"][doc] = []
    # Their reports' distinct excerpts, in row order.
    row_pairs = key_codes * n_docs + doc_codes
    rows = np.flatnonzero(np.isin(row_pairs, pairs[chosen]))
    excerpt_codes, _ = _codes(part.column("excerpt").take(rows))
    span = int(excerpt_codes.max()) + 1 if len(rows) else 1
    _, first_rows = _first_of(row_pairs[rows] * span + excerpt_codes)
    picked = rows[first_rows]
    for code, doc, excerpt in zip(key_codes[picked].tolist(),
                                  part.column("doc").take(picked).to_pylist(),
                                  part.column("excerpt").take(picked).to_pylist(),
                                  strict=True):
        part_events[code]["_reports"][doc].append(excerpt)


def _new_event(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event_id(record),
        **{name: record.get(name) for name in
           ("kind", "date", "date_precision", "place", "iso3", "lat", "lon")},
        "participants": [],
        "catalog_id": record.get("catalog_id"),
        "n_reports": 0,
        "n_articles": 0,
        "_reports": {},
    }
