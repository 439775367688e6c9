"""Batch processing: parse an archive of articles with every core into a GeoParquet store.

``run_batch(INPUT, STORE)`` is ``geo batch INPUT -o STORE``.  INPUT is one of:

- a folder of articles (.txt/.md/.html/.htm, searched recursively, with each folder's
  ``articles.csv`` metadata, as :func:`geo.articles.iter_articles` reads them); a file's
  document id is its path relative to INPUT (its name, in a flat folder), so two ``index.html``
  in different sub-folders stay two documents;
- a JSON Lines file (``.jsonl``/``.ndjson``), one article per line;
- a Parquet file (``.parquet``/``.pq``);

the last two with a ``text`` column and optional ``id`` (or ``file``), ``title``,
``published``, ``lang``, ``source``, ``url``.  A row without an id is named after its line
(``feed.jsonl:12``) or row (``feed.parquet[11]``); a ``file`` whose name ends in .html or .md
is read as HTML or Markdown.

How a run works:

1. The input is cut into **tasks** of up to ``part_size`` articles: lists of files, byte ranges
   of the JSON Lines file (workers read their own lines), or rows of the Parquet file (read by
   the driver in batches).  Tasks are made lazily, so the driver's memory does not grow with
   the input beyond the list of file names.
2. Each task runs :func:`process_article` (load → :func:`~geo.pipeline.parse_article` →
   :func:`~geo.meetings.find_meetings_in_article` with those mentions) on each of its
   articles and writes the results as one **part** of the store (see :mod:`geo.store`): three
   Parquet files renamed into place, the articles file last.  Workers write their own parts, so
   nothing is accumulated anywhere and memory stays flat in the number of articles.
3. An article whose **content hash** is already in the store is skipped.  The hash
   (BLAKE2b, 128 bits) covers the document id, the raw bytes (or text) and the metadata, so an
   edited article or new metadata is parsed again.  Hashes are read from committed parts only,
   so a run that was killed resumes where it stopped, without duplicates.  (An edited article
   parsed again leaves its earlier version in the store too.)
4. An article that cannot be read (binary, empty, undecodable, malformed metadata) or that the
   parser fails on goes to ``STORE/errors.jsonl`` with the reason; it never stops the run, and
   it is tried again by the next run.  ``errors.jsonl`` lists the errors of the latest run.

Engines: ``"local"`` runs the tasks in a process pool (``workers`` processes, default one per
core); ``"dask"`` runs the same task function on a Dask cluster, as a ``dask.bag`` with one
partition per task, submitted a window at a time: on the cluster at ``scheduler``
(``tcp://HOST:PORT``), or on a local one started for the run (``workers`` processes, one
thread each, no dashboard).  With a remote cluster, INPUT and STORE must be paths every worker
sees (a shared file system).  Both engines write the same records; only the part boundaries
differ.

A progress bar (articles, MB/s, errors) goes to stderr when it is a terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import math
import os
import sys
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import store as _store
from .errors import ArticleError, GeoError

if TYPE_CHECKING:
    import numpy as np

    from .meetings import Meeting
    from .records import Article, Mention

__all__ = [
    "ENGINES",
    "ArticleResult",
    "BatchSummary",
    "process_article",
    "run_batch",
]

ENGINES = ("local", "dask")
DEFAULT_PART_SIZE = 500
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_ID_KEYS = ("id", "file")
_META_KEYS = ("title", "published", "lang", "source", "url", "date", "language", "link")
_HASH_BYTES = 16


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What the batch keeps of one article: the article and what the parsers found in it."""

    article: Article
    mentions: tuple[Mention, ...]
    meetings: tuple[Meeting, ...]


def process_article(article: Article) -> ArticleResult:
    """The per-article function both engines run: mentions, then meetings from those mentions.

    Passing the mentions to :func:`~geo.meetings.find_meetings_in_article` spares it a second
    parse of the text.
    """
    from .meetings import find_meetings_in_article
    from .pipeline import parse_article

    mentions = parse_article(article)
    meetings = find_meetings_in_article(article, mentions)
    return ArticleResult(article, tuple(mentions), tuple(meetings))


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """The outcome of one run: what was parsed, skipped and rejected, and how fast."""

    store: str
    engine: str
    workers: int
    articles: int
    skipped: int
    errors: int
    mentions: int
    meetings: int
    bytes: int
    parts: int
    seconds: float
    replaced: int = 0  # earlier versions of edited articles removed from the store
    repeated: int = 0  # input rows not parsed because a later row repeats their id

    @property
    def articles_per_second(self) -> float:
        """Articles parsed per second of wall-clock time (start-up included)."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        parts = [
            f"{self.articles:,} articles parsed",
            f"{self.skipped:,} already in the store",
            f"{self.errors:,} unreadable"
            + (f" (see {Path(self.store) / _store.ERRORS_FILE})" if self.errors else ""),
        ]
        if self.replaced:
            parts.append(f"{self.replaced:,} earlier versions of edited articles replaced")
        if self.repeated:
            parts.append(f"{self.repeated:,} rows left for a later row with the same id")
        return (
            ", ".join(parts)
            + f"; {self.mentions:,} mentions, {self.meetings:,} meetings"
            + f" in {self.seconds:.1f} s ({self.articles_per_second:,.0f} articles/s,"
            + f" {self.engine} engine, {self.workers} workers) -> {self.store}"
        )


def run_batch(
    input: str | os.PathLike[str],
    store: str | os.PathLike[str],
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    part_size: int | None = None,
    progress: bool | None = None,
) -> BatchSummary:
    """Parse every article of ``input`` into the store folder ``store`` (``geo batch``).

    Parameters
    ----------
    input
        A folder of articles, a JSON Lines file or a Parquet file (see the module docstring).
    store
        The store folder: created if missing; an existing store is added to, skipping the
        articles it already holds.
    engine
        ``"local"`` (a process pool) or ``"dask"``.
    scheduler
        With ``engine="dask"``: the scheduler address (``tcp://HOST:PORT``); None starts a
        local cluster for the run.
    workers
        Worker processes for the local engine and the local Dask cluster; default: one per
        core.  Ignored with ``scheduler`` (the cluster has its own).
    part_size
        Articles per task and per store part; default: up to 500, fewer for small inputs so
        that every worker gets several tasks.
    progress
        Show a progress bar on stderr; default: when stderr is a terminal.

    Returns
    -------
    BatchSummary
        Counts and timing; ``str()`` of it is a one-line report.

    Raises
    ------
    ArticleError
        If ``input`` is missing, of an unsupported kind, holds no articles, or is a JSON
        Lines/Parquet file without a ``text`` column.
    StoreError
        If the store cannot be created or written, is not a store, or is locked by a run.
    GeoError
        If the engine is unknown, Dask is missing, the scheduler cannot be reached, or a
        worker process died.

    Notes
    -----
    Workers are separate processes started from a clean interpreter, which re-imports the
    calling script: in a script, call ``run_batch`` under ``if __name__ == "__main__":``.
    """
    if engine not in ENGINES:
        raise GeoError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise GeoError("--scheduler needs --engine dask")
    if workers is not None and workers < 1:
        raise GeoError(f"workers must be at least 1, got {workers}")
    if part_size is not None and part_size < 1:
        raise GeoError(f"part_size must be at least 1, got {part_size}")
    started = time.perf_counter()
    n_workers = workers or _cpu_count()
    source = Path(input).absolute()
    root = Path(store).absolute()
    plan = _plan(source)  # checks the input before the store is touched
    size = part_size or _auto_part_size(plan.total, n_workers)
    run = _store.new_run_id()
    with _store.locked(root, run):
        _store.prepare_store(root)
        skip = _skip_index(root)
        tally = _Tally()
        with (
            open(root / _store.ERRORS_FILE, "w", encoding="utf-8") as errors_file,
            _progress_bar(plan.total, progress) as bar,
        ):

            def on_error(where: str, reason: str) -> None:
                errors_file.write(json.dumps({"path": where, "reason": reason}) + "\n")
                errors_file.flush()
                tally.errors += 1

            def on_result(result: _PartResult) -> None:
                for where, reason in result.errors:
                    on_error(where, reason)
                tally.add(result)
                bar.update(result.items)
                elapsed = max(time.perf_counter() - started, 1e-9)
                bar.set_postfix_str(
                    f"{tally.read_bytes / elapsed / 1e6:.1f} MB/s, {tally.errors} errors, "
                    f"{tally.skipped} skipped",
                    refresh=False,
                )

            tasks = plan.tasks(size, run, on_error)
            if engine == "local":
                _run_local(tasks, str(root), skip, n_workers, on_result)
            else:
                n_workers = _run_dask(tasks, str(root), skip, n_workers, scheduler, on_result)
        replaced = _store.drop_superseded(root)
    return BatchSummary(
        store=str(root),
        engine=engine,
        workers=n_workers,
        articles=tally.articles,
        skipped=tally.skipped,
        errors=tally.errors,
        mentions=tally.mentions,
        meetings=tally.meetings,
        bytes=tally.bytes,
        parts=tally.parts,
        seconds=time.perf_counter() - started,
        replaced=replaced,
        repeated=tally.repeated,
    )


# --------------------------------------------------------------------------------------------
# Tasks: the unit of work and of commit
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """Up to ``part_size`` articles, as cheap to ship to a worker as the input allows.

    ``kind`` is ``"files"`` (``items``: (path, doc id, metadata) triples), ``"jsonl"``
    (``span``: byte start, byte end and first line number in ``source``) or ``"rows"``
    (``items``: (where, doc id, text, metadata) quadruples, read by the driver).
    """

    part: str
    run: str
    kind: str
    source: str
    count: int
    items: tuple = ()
    span: tuple[int, int, int] = (0, 0, 0)
    repeated: frozenset[str] = frozenset()  # rows (as ``where``) whose id a later row repeats


@dataclass(frozen=True, slots=True)
class _PartResult:
    """What a task reports back: counts and the unreadable articles, never the records."""

    part: str | None
    items: int
    articles: int
    skipped: int
    mentions: int
    meetings: int
    bytes: int
    read_bytes: int
    errors: tuple[tuple[str, str], ...]
    repeated: int = 0


@dataclass
class _Tally:
    articles: int = 0
    skipped: int = 0
    errors: int = 0
    mentions: int = 0
    meetings: int = 0
    bytes: int = 0
    read_bytes: int = 0
    parts: int = 0
    repeated: int = 0

    def add(self, result: _PartResult) -> None:
        self.repeated += result.repeated
        self.articles += result.articles
        self.skipped += result.skipped
        self.mentions += result.mentions
        self.meetings += result.meetings
        self.bytes += result.bytes
        self.read_bytes += result.read_bytes
        self.parts += result.part is not None


@dataclass(frozen=True, slots=True)
class _Raw:
    """One article before loading: where it comes from, its id, its bytes or text, metadata."""

    where: str
    doc: str
    name: str
    data: bytes | str
    meta: dict[str, Any]


OnError = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class _Plan:
    kind: str
    source: Path
    total: int
    files: tuple[str, ...] = ()
    # Rows (as ``where``) that a later row with the same id replaces: parsed, they would be
    # stored, then dropped by the later row, and parsed again by every re-run.
    repeated: frozenset[str] = frozenset()

    def tasks(self, size: int, run: str, on_error: OnError) -> Iterator[_Task]:
        """The input cut into tasks of ``size`` articles, made as they are consumed."""
        seq = itertools.count(1)
        if self.kind == "files":
            chunks = _batched(_file_items(self.source, self.files, on_error), size)
            for chunk in chunks:
                yield _Task(_store.part_name(run, next(seq)), run, "files", str(self.source),
                            len(chunk), items=tuple(chunk))
        elif self.kind == "jsonl":
            name = self.source.name
            lines = sorted(int(w[len(name) + 1:]) for w in self.repeated)  # "feed.jsonl:12"
            for start, end, first, last, count in _jsonl_spans(self.source, size):
                inside = lines[bisect_left(lines, first):bisect_right(lines, last)]
                repeated = frozenset(f"{name}:{n}" for n in inside)
                yield _Task(_store.part_name(run, next(seq)), run, "jsonl", str(self.source),
                            count, span=(start, end, first), repeated=repeated)
        else:
            for chunk in _parquet_chunks(self.source, size):
                repeated = frozenset(row[0] for row in chunk if row[0] in self.repeated)
                yield _Task(_store.part_name(run, next(seq)), run, "rows", str(self.source),
                            len(chunk), items=tuple(chunk), repeated=repeated)


def _plan(source: Path) -> _Plan:
    from .articles import ARTICLE_SUFFIXES, expand_inputs

    if not source.exists():
        raise ArticleError(source, "no such file or folder")
    suffix = source.suffix.lower()
    if source.is_dir() or suffix in ARTICLE_SUFFIXES:
        files = tuple(str(p) for p in expand_inputs([source]))
        if not files:
            raise ArticleError(source, "no .txt, .md, .html or .htm files in this folder")
        return _Plan("files", source, len(files), files)
    if suffix in _JSONL_SUFFIXES:
        total, ids = _jsonl_ids(source)
        return _Plan("jsonl", source, total, repeated=_repeated(ids))
    if suffix in _PARQUET_SUFFIXES:
        total = _parquet_rows(source)
        return _Plan("parquet", source, total, repeated=_repeated(_parquet_ids(source)))
    raise ArticleError(
        source,
        "unsupported input; give a folder of articles, a .jsonl file or a .parquet file "
        "(with a 'text' column)",
    )


def _auto_part_size(total: int, workers: int) -> int:
    # At least four tasks per worker on small inputs (balance), at most DEFAULT_PART_SIZE
    # articles per part (memory, progress updates, and the work lost to a kill).
    return max(1, min(DEFAULT_PART_SIZE, math.ceil(total / (4 * workers))))


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _file_items(
    root: Path, files: Iterable[str], on_error: OnError
) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(path, doc id, articles.csv row) for each file; a bad articles.csv is reported once.

    Files come folder by folder (:func:`~geo.articles.expand_inputs` walks the tree), so only
    the current folder's ``articles.csv`` is held: metadata never accumulates.
    """
    from .articles import METADATA_FILE, load_metadata_csv

    current, table = None, {}
    base = root if root.is_dir() else root.parent
    for file in files:
        folder, _, name = file.rpartition(os.sep)
        if folder != current:
            current, table = folder, {}
            csv_path = Path(folder) / METADATA_FILE
            if csv_path.is_file():
                try:
                    table = load_metadata_csv(csv_path)
                except ArticleError as err:
                    on_error(err.path, err.problem)
        doc = Path(file).relative_to(base).as_posix()
        yield file, doc, table.get(name, {})


def _jsonl_ids(path: Path) -> tuple[int, Callable[[], Iterator[tuple[str, str]]]]:
    """Non-blank lines of a JSON Lines file (the progress bar's total), and how to read every
    row's ``(where, id)`` again (rows that are not JSON objects are left to the run)."""
    count = 0
    with _open_input(path) as handle:
        for line in handle:
            count += bool(line.strip())

    def ids() -> Iterator[tuple[str, str]]:
        with _open_input(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path.name}:{number}"
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if isinstance(row, dict):
                    yield where, _row_id(row, where)

    return count, ids


def _parquet_ids(path: Path) -> Callable[[], Iterator[tuple[str, str]]]:
    """How to read every Parquet row's ``(where, id)``, the id columns only."""

    def ids() -> Iterator[tuple[str, str]]:
        handle = _parquet_file(path)
        columns = [c for c in _ID_KEYS if c in set(handle.schema_arrow.names)]
        if not columns:  # every row's id is its position: none repeats
            return
        index = 0
        for batch in handle.iter_batches(batch_size=65_536, columns=columns):
            for row in batch.to_pylist():
                where = f"{path.name}[{index}]"
                yield where, _row_id(row, where)
                index += 1

    return ids


def _repeated(ids: Callable[[], Iterator[tuple[str, str]]]) -> frozenset[str]:
    """The rows whose id a later row repeats (the later row is the one parsed, as an edit
    replaces an article).  A first pass keeps a 64-bit hash per row, not the ids, so memory
    stays small on millions of rows; only when hashes repeat does a second pass compare the
    ids themselves, for those hashes alone."""
    from array import array

    import numpy as np

    hashes = array("q", (hash(doc) for _, doc in ids()))
    if len(hashes) < 2:
        return frozenset()
    values, counts = np.unique(np.frombuffer(hashes, dtype=np.int64), return_counts=True)
    shared = set(values[counts > 1].tolist())
    if not shared:
        return frozenset()
    last: dict[str, str] = {}
    rows: list[tuple[str, str]] = []
    for where, doc in ids():
        if hash(doc) in shared:
            rows.append((where, doc))
            last[doc] = where
    return frozenset(where for where, doc in rows if last[doc] != where)


def _jsonl_spans(path: Path, size: int) -> Iterator[tuple[int, int, int, int, int]]:
    """(byte start, byte end, first line, last line, non-blank lines) of every ``size`` lines."""
    start = offset = 0
    first = line_no = 1
    count = 0
    with _open_input(path) as handle:
        for line in handle:
            offset += len(line)
            count += bool(line.strip())
            line_no += 1
            if count == size:
                yield start, offset, first, line_no - 1, count
                start, first, count = offset, line_no, 0
    if count:
        yield start, offset, first, line_no - 1, count


def _parquet_rows(path: Path) -> int:
    metadata = _parquet_file(path).metadata
    names = set(metadata.schema.names)
    if "text" not in names:
        raise ArticleError(
            path,
            "no 'text' column; expected columns text and optionally id (or file), title, "
            f"published, lang, source, url (found: {', '.join(sorted(names))})",
        )
    return metadata.num_rows


def _parquet_chunks(path: Path, size: int) -> Iterator[list[tuple[str, str, str, dict]]]:
    """Rows of a Parquet file as (where, doc id, text, metadata), ``size`` rows at a time."""
    handle = _parquet_file(path)
    present = set(handle.schema_arrow.names)
    columns = [c for c in ("text", *_ID_KEYS, *_META_KEYS) if c in present]
    index = 0
    for batch in handle.iter_batches(batch_size=size, columns=columns):
        chunk = []
        for row in batch.to_pylist():
            where = f"{path.name}[{index}]"
            chunk.append((where, _row_id(row, where), row.get("text"), _row_meta(row)))
            index += 1
        yield chunk


def _parquet_file(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except OSError as err:
        raise ArticleError(path, f"cannot read as Parquet: {err}") from None


@contextlib.contextmanager
def _open_input(path: Path) -> Iterator[Any]:
    try:
        handle = open(path, "rb")
    except OSError as err:
        raise ArticleError(path, f"cannot read: {err.strerror or err}") from None
    with handle:
        yield handle


def _row_id(row: dict[str, Any], where: str) -> str:
    for key in _ID_KEYS:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return where


def _row_meta(row: dict[str, Any]) -> dict[str, Any]:
    meta = {}
    for key in _META_KEYS:
        value = row.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        meta[key] = value
    return meta


# --------------------------------------------------------------------------------------------
# Running a task (in a worker process)
# --------------------------------------------------------------------------------------------


def _run_task(task: _Task, store: str, skip: np.ndarray) -> _PartResult:
    """Load, check, parse and store the articles of one task; return the counts.

    Per-article problems are caught and reported; a failure to write the store is raised.
    """
    articles, mentions, meetings = _Columns("articles"), _Columns("mentions"), _Columns("meetings")
    errors: list[tuple[str, str]] = []
    skipped = size_total = read_bytes = 0
    raws = (raw for raw in _raw_items(task, errors) if raw.where not in task.repeated)
    for raw in raws:
        data = raw.data.encode("utf-8") if isinstance(raw.data, str) else raw.data
        read_bytes += len(data)
        digest = _content_hash(raw.doc, data, raw.meta)
        if _in_index(skip, digest):
            skipped += 1
            continue
        try:
            article = _load(raw)
        except ArticleError as err:
            errors.append((raw.where, err.problem))
            continue
        try:
            result = process_article(article)
        except Exception as err:  # a parser bug must not cost the other million articles
            errors.append((raw.where, f"parser failed: {type(err).__name__}: {err}"))
            continue
        size_total += len(data)
        articles.append(_article_row(result, raw, digest.hex(), len(data)))
        for mention in result.mentions:
            mentions.append(_mention_row(mention))
        for meeting in result.meetings:
            meetings.append(_meeting_row(meeting))
    part = None
    if len(articles):
        tables = {columns.table: columns.to_arrow() for columns in (articles, mentions, meetings)}
        _store.write_part(store, task.part, tables, run=task.run)
        part = task.part
    return _PartResult(
        part=part,
        items=task.count,
        repeated=len(task.repeated),
        articles=len(articles),
        skipped=skipped,
        mentions=len(mentions),
        meetings=len(meetings),
        bytes=size_total,
        read_bytes=read_bytes,
        errors=tuple(errors),
    )


class _Columns:
    """One store table being filled, column by column: a list per column rather than a dict
    per row keeps a 500-article part (some 25,000 mentions) several times smaller in memory."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.columns: dict[str, list[Any]] = {name: [] for name, _ in _store.COLUMNS[table]}

    def __len__(self) -> int:
        return len(self.columns["doc"])

    def append(self, record: dict[str, Any]) -> None:
        for name, values in self.columns.items():
            values.append(record[name])

    def to_arrow(self) -> Any:
        import pyarrow as pa

        return pa.Table.from_pydict(self.columns, schema=_store.schema(self.table))


def _raw_items(task: _Task, errors: list[tuple[str, str]]) -> Iterator[_Raw]:
    if task.kind == "files":
        for path, doc, meta in task.items:
            try:
                data = Path(path).read_bytes()
            except OSError as err:
                errors.append((path, f"cannot read: {err.strerror or err}"))
                continue
            yield _Raw(path, doc, Path(path).name, data, meta)
    elif task.kind == "jsonl":
        yield from _jsonl_items(task, errors)
    else:
        for where, doc, text, meta in task.items:
            if not isinstance(text, str):
                errors.append((where, "no text (the 'text' value is missing or not a string)"))
                continue
            yield _Raw(where, doc, doc, text, meta)


def _jsonl_items(task: _Task, errors: list[tuple[str, str]]) -> Iterator[_Raw]:
    start, end, line_no = task.span
    name = Path(task.source).name
    with open(task.source, "rb") as handle:
        handle.seek(start)
        block = handle.read(end - start)
    for number, line in enumerate(block.split(b"\n"), start=line_no):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            row = json.loads(line)
        except ValueError as err:
            errors.append((where, f"not valid JSON ({err}); one JSON object per line"))
            continue
        if not isinstance(row, dict):
            errors.append((where, f"a JSON {type(row).__name__}, not an object"))
            continue
        text = row.get("text")
        if not isinstance(text, str):
            errors.append((where, "no text (the 'text' value is missing or not a string)"))
            continue
        doc = _row_id(row, where)
        yield _Raw(where, doc, doc, text, _row_meta(row))


def _load(raw: _Raw) -> Article:
    """The article of one raw item, read exactly as :mod:`geo.articles` reads files."""
    from .articles import ARTICLE_SUFFIXES, article_from_bytes, article_from_text

    try:
        if isinstance(raw.data, bytes):
            article = article_from_bytes(raw.data, raw.name, **raw.meta)
            return dataclasses.replace(article, id=raw.doc, path=raw.where)
        if Path(raw.name).suffix.lower() in ARTICLE_SUFFIXES:  # a row naming an HTML file
            article = article_from_bytes(raw.data.encode("utf-8"), raw.name, **raw.meta)
            return dataclasses.replace(article, id=raw.doc)
        return article_from_text(raw.data, id=raw.doc, **raw.meta)
    except ArticleError as err:
        raise ArticleError(raw.where, err.problem) from None


def _content_hash(doc: str, data: bytes, meta: dict[str, Any]) -> bytes:
    digest = hashlib.blake2b(digest_size=_HASH_BYTES)
    digest.update(doc.encode("utf-8") + b"\0")
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode("utf-8") + b"\0")
    digest.update(data)
    return digest.digest()


def _article_row(result: ArticleResult, raw: _Raw, digest: str, size: int) -> dict:
    article = result.article
    return {
        "doc": article.id,
        "path": raw.where,
        "title": article.title,
        "published": article.published,
        "lang": article.lang,
        "source": article.source,
        "url": article.url,
        "content_hash": digest,
        "size": size,
        "n_chars": len(article.text),
        "n_mentions": len(result.mentions),
        "n_meetings": len(result.meetings),
    }


def _mention_row(mention: Mention) -> dict:
    record = mention.to_record()
    record["sentence_start"] = mention.sentence_start
    record["geometry"] = _store.point_wkb(record["lon"], record["lat"])
    return record


def _meeting_row(meeting: Meeting) -> dict:
    record = meeting.to_record()
    record["geometry"] = _store.point_wkb(record["lon"], record["lat"])
    return record


# --------------------------------------------------------------------------------------------
# Content hashes already in the store
# --------------------------------------------------------------------------------------------


def _skip_index(root: Path) -> np.ndarray:
    """The committed articles' hashes as a sorted array of their first 64 bits.

    Eight bytes an article (80 MB for ten million) instead of a set of strings; two distinct
    articles share a 64-bit prefix with odds of about 1 in 10^7 for ten million articles.
    """
    import numpy as np
    import pyarrow.parquet as pq

    values = []
    for name in _store.open_store(root).parts:
        column = pq.read_table(root / "articles" / name, columns=["content_hash"]).column(0)
        values.extend(int(h[:16], 16) for h in column.to_pylist())
    return np.unique(np.array(values, dtype=np.uint64))


def _in_index(index: np.ndarray, digest: bytes) -> bool:
    if not len(index):
        return False
    import numpy as np

    key = np.uint64(int.from_bytes(digest[:8], "big"))
    position = int(index.searchsorted(key))
    return position < len(index) and index[position] == key


# --------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------

_WORKER_SKIP: Any = None


def _init_worker(skip: np.ndarray) -> None:
    global _WORKER_SKIP
    _WORKER_SKIP = skip
    _exit_with_driver()


def _exit_with_driver() -> None:
    """End this pool worker as soon as the driver process is gone.

    A worker waits for tasks on a pipe whose write end it holds itself, so it would wait
    forever after its driver is killed (``kill -9``, out of memory), and keep the forkserver
    alive with it.  A daemon thread waits on the driver's sentinel and exits the process: a
    part being written is left as a temporary file, removed by the next run.
    """
    import multiprocessing
    import threading

    driver = multiprocessing.parent_process()
    if driver is None:
        return

    def watch() -> None:
        driver.join()
        os._exit(1)

    threading.Thread(target=watch, name="geo-batch-watchdog", daemon=True).start()


def _run_task_in_pool(task: _Task, store: str) -> _PartResult:
    return _run_task(task, store, _WORKER_SKIP)


def _run_local(
    tasks: Iterator[_Task],
    store: str,
    skip: np.ndarray,
    workers: int,
    on_result: Callable[[_PartResult], None],
) -> None:
    """Run the tasks in a pool of ``workers`` processes, at most two tasks queued per worker.

    The bounded queue keeps the driver's memory flat: tasks are made as workers free up.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # forkserver: workers start from a clean process (no copy of the driver's threads or
    # memory), faster than spawn since the server has already imported geo.batch.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["geo.batch"])
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(skip,)
    )
    pending: set[Any] = set()
    try:
        for task in tasks:
            pending.add(pool.submit(_run_task_in_pool, task, store))
            while len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(future.result())
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_result(future.result())
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        raise GeoError(
            "a worker process stopped abruptly (killed, or out of memory; in a script, call "
            "run_batch under `if __name__ == '__main__':`); run again to resume"
        ) from None
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _run_dask(
    tasks: Iterator[_Task],
    store: str,
    skip: np.ndarray,
    workers: int,
    scheduler: str | None,
    on_result: Callable[[_PartResult], None],
) -> int:
    """Run the tasks on a Dask cluster as bags of one partition per task; return its size.

    Bags are built a window at a time (two partitions per worker thread in flight), so the
    graph never holds the whole input; ``skip`` is scattered to every worker once.
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise GeoError(
            f"the dask engine needs {err.name!r}; install it: pip install 'geo-explorer[dask]'"
        ) from None
    import logging

    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as err:
                raise GeoError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        with client:
            threads = sum(client.nthreads().values()) or workers
            skip_future = client.scatter(skip, broadcast=True)
            window = 2 * threads
            running = as_completed()
            iterator = iter(tasks)

            def submit(count: int) -> None:
                batch = list(itertools.islice(iterator, count))
                if batch:
                    bag = db.from_sequence(batch, partition_size=1).map(
                        _run_task, store, skip_future
                    )
                    running.update(client.compute(bag.to_delayed(optimize_graph=False)))

            submit(window)
            for future in running:
                for result in future.result():
                    on_result(result)
                if running.count() < threads:
                    submit(window - running.count())
            return len(client.nthreads()) if scheduler else workers
    finally:
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------------------------
# Progress and machine
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _progress_bar(total: int, show: bool | None) -> Iterator[Any]:
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(
        total=total, unit=" articles", desc="geo batch", file=sys.stderr, dynamic_ncols=True
    ) as bar:
        yield bar


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
