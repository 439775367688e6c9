"""The ``geo`` command line: argument parsing and output only; the work is done by the library.

Every handler wires its arguments to one library call and writes the result.  Errors are
turned into messages in one place, :func:`main`: a :class:`~geo.errors.GeoError` becomes a
one-line ``geo: error: ...`` on stderr and exit code 1, usage errors exit with 2 (argparse),
and a file that cannot be read is reported as ``geo: <path>: <problem>`` while the other
files are still processed (exit code 1 at the end).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from .errors import ArticleError, GeoError

__all__ = ["main"]

_PROG = "geo"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``geo`` command with ``argv`` (default: ``sys.argv[1:]``) and return its exit code.

    ``--help`` and usage errors raise :class:`SystemExit` (codes 0 and 2) as argparse does.
    """
    args = _build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except GeoError as err:
        _say(f"error: {err}")
        return 1
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as Unix tools do.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as err:  # writing an output file or stdout failed
        _say(f"error: {err.strerror or err}" + (f": {err.filename}" if err.filename else ""))
        return 1
    except KeyboardInterrupt:
        _say("error: interrupted")
        return 130


# --------------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------------


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Find the places news articles mention, geocode them offline, and map "
        "blocs, meetings and mentions.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(title="commands", dest="command", required=True)

    parse = commands.add_parser(
        "parse",
        help="list the places each article mentions",
        description="Print one record per place mention (doc, start, end, text, place_id, "
        "name, name_fr, type, iso3, lat, lon, confidence, sentence), in document order.",
    )
    _add_files(parse)
    _add_format(parse)
    _add_output(parse)
    parse.set_defaults(handler=_cmd_parse)

    meetings = commands.add_parser(
        "meetings",
        help="list the meetings, summits, visits and calls the articles report",
        description="Print one record per meeting (doc, date, date_precision, place, iso3, "
        "lat, lon, kind, participants, catalog_id, excerpt, start, end).",
    )
    _add_files(meetings)
    _add_format(meetings)
    _add_output(meetings)
    meetings.set_defaults(handler=_cmd_meetings)

    map_ = commands.add_parser(
        "map",
        help="write a one-file HTML map of mentions, meetings and an organisation's members",
        description="Write a self-contained HTML map (it works offline).",
    )
    _add_files(map_)
    _add_store(map_)
    _add_org(map_)
    map_.add_argument(
        "--tiles",
        nargs="?",
        const="OpenStreetMap",
        default=None,
        metavar="NAME",
        help="add a base-map tile layer (default name: OpenStreetMap); tiles need a network "
        "connection when the map is viewed",
    )
    _add_output(map_, required=True, example="map.html")
    map_.set_defaults(handler=_cmd_map)

    export = commands.add_parser(
        "export",
        help="write mentions, meetings or membership as a GeoJSON FeatureCollection",
        description="Write an RFC 7946 GeoJSON FeatureCollection.",
    )
    _add_files(export)
    _add_store(export)
    export.add_argument(
        "--what",
        choices=("mentions", "meetings", "membership"),
        required=True,
        help="which features to export",
    )
    _add_org(export)
    _add_output(export, required=True, example="out.geojson")
    export.set_defaults(handler=_cmd_export)

    batch = commands.add_parser(
        "batch",
        help="parse a large collection of articles into a GeoParquet store",
        description="Parse every article under INPUT and write the results to the store "
        "folder STORE, locally or on a Dask cluster.",
    )
    batch.add_argument(
        "input",
        metavar="INPUT",
        help="a folder of articles (.txt/.md/.html, searched recursively, with its "
        "articles.csv), one article, or a .jsonl/.parquet file with a text column",
    )
    batch.add_argument(
        "-o", "--output", required=True, metavar="STORE", help="the store folder to write"
    )
    batch.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="default: %(default)s"
    )
    batch.add_argument(
        "--scheduler", metavar="ADDR", help="Dask scheduler address (with --engine dask)"
    )
    batch.add_argument(
        "--workers", type=_positive_int, metavar="N", help="number of worker processes"
    )
    batch.set_defaults(handler=_cmd_batch)
    return parser


def _add_files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="article files (.txt, .md, .html, .htm) or folders; none: the bundled corpus",
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("jsonl", "geojson"),
        default="jsonl",
        help="JSON Lines (one record a line) or a GeoJSON FeatureCollection (default: %(default)s)",
    )


def _add_output(
    parser: argparse.ArgumentParser, *, required: bool = False, example: str = "FILE"
) -> None:
    parser.add_argument(
        "-o",
        "--output",
        required=required,
        metavar=example if required else "FILE",
        help="file to write" + ("" if required else " (default: standard output)"),
    )


def _add_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", metavar="STORE", help="read results from a store written by 'geo batch'"
    )


def _add_org(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", metavar="ORG", help="organisation name or acronym, e.g. SCO")
    parser.add_argument(
        "--on", metavar="DATE", help="membership on this date (YYYY-MM-DD or YYYY-MM)"
    )


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return number


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geo-explorer")
    except PackageNotFoundError:
        return "(not installed)"


# --------------------------------------------------------------------------------------------
# Handlers: one library call each
# --------------------------------------------------------------------------------------------


def _cmd_parse(args: argparse.Namespace) -> int:
    parse_article = _require("parse", "geo.pipeline", "parse_article")
    failures = _Failures()
    records = (
        mention.to_record()
        for article in _articles(args.files, failures)
        for mention in parse_article(article)
    )
    _write_records(records, args.format, args.output)
    return failures.exit_code


def _cmd_meetings(args: argparse.Namespace) -> int:
    article_meetings = _require("meetings", "geo.meetings", "article_meetings")
    failures = _Failures()
    records = (
        meeting.to_record()
        for article in _articles(args.files, failures)
        for meeting in article_meetings(article)
    )
    _write_records(records, args.format, args.output)
    return failures.exit_code


def _cmd_map(args: argparse.Namespace) -> int:
    build_map = _require("map", "geo.maps", "build_map")
    map_html = _require("map", "geo.export", "map_html")
    failures = _Failures()
    if args.store and not args.files:
        # a big store is mapped from its aggregates: the biggest places and meeting events
        build_store_map = _require("map", "geo.maps", "build_store_map")
        folium_map = build_store_map(args.store, org=args.org, on=args.on, tiles=args.tiles)
    else:
        articles = list(_articles(args.files, failures))
        folium_map = build_map(articles, org=args.org, on=args.on, tiles=args.tiles)
    with _output(args.output) as out:
        out.write(map_html(folium_map))
    return failures.exit_code


def _cmd_export(args: argparse.Namespace) -> int:
    feature_collection = _require("export", "geo.aggregate", "feature_collection")
    geojson_text = _require("export", "geo.export", "geojson_text")
    failures = _Failures()
    if args.store and not args.files and args.what != "membership":
        # every stored record, streamed part by part: memory does not grow with the store
        features = _require("export", "geo.aggregate", "store_record_features")
        chunks = _require("export", "geo.export", "geojson_chunks")
        with _output(args.output) as out:
            for chunk in chunks(features(args.store, args.what)):
                out.write(chunk)
        return 0
    if args.store and not args.files:
        _require("export", "geo.store", "open_store")(args.store)  # a bad store is an error
        articles, meetings = [], []
    else:
        articles, meetings = list(_articles(args.files, failures)), None
    collection = feature_collection(
        args.what, articles, org=args.org, on=args.on, meetings=meetings
    )
    with _output(args.output) as out:
        out.write(geojson_text(collection))
    return failures.exit_code


def _cmd_batch(args: argparse.Namespace) -> int:
    run_batch = _require("batch", "geo.batch", "run_batch")
    summary = run_batch(
        args.input,
        args.output,
        engine=args.engine,
        scheduler=args.scheduler,
        workers=args.workers,
    )
    if summary.errors:  # like parse: one line per unreadable article, then exit 1
        open_store = _require("batch", "geo.store", "open_store")
        errors = open_store(args.output).errors()
        for error in errors[:_ERRORS_SHOWN]:
            _say(f"{error['path']}: {error['reason']}")
        if len(errors) > _ERRORS_SHOWN:
            _say(f"... and {len(errors) - _ERRORS_SHOWN:,} more unreadable articles")
    _say(str(summary))
    return 1 if summary.errors else 0


#: A batch lists this many unreadable articles on stderr; all are in STORE/errors.jsonl.
_ERRORS_SHOWN = 20


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


class _Failures:
    """Reports unreadable files as they come and remembers whether any failed."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, err: ArticleError) -> None:
        self.count += 1
        _say(f"{err.path}: {err.problem}")

    @property
    def exit_code(self) -> int:
        return 1 if self.count else 0


def _articles(files: list[str], on_error: Callable[[ArticleError], object]) -> Iterator[Any]:
    """The articles named on the command line, or the bundled corpus when none is named."""
    from .articles import iter_articles

    if files:
        return iter_articles(files, on_error=on_error)
    from ._data import seeds_dir

    return iter_articles([seeds_dir()], on_error=on_error)


def _require(command: str, module: str, name: str) -> Any:
    """Import ``module.name`` when the command runs, so ``geo --help`` stays fast and a
    command whose module is missing fails with a message rather than a traceback."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as err:
        if err.name not in (module, module.rpartition(".")[0]):
            raise GeoError(f"{command} needs the package {err.name!r}; install it") from None
        raise GeoError(f"{command} is not available yet") from None
    except AttributeError:
        raise GeoError(f"{command} is not available yet") from None


def _write_records(records: Iterable[dict], fmt: str, output: str | None) -> None:
    """Write records as JSON Lines (streamed) or as one GeoJSON FeatureCollection."""
    if fmt == "geojson":
        _write_json(_feature_collection(records), output)
        return
    with _output(output) as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _feature_collection(records: Iterable[dict]) -> dict:
    """RFC 7946: Point features at [lon, lat]; records without coordinates are left out."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(float(r["lon"]), 6), round(float(r["lat"]), 6)],
            },
            "properties": r,
        }
        for r in records
        if r.get("lat") is not None and r.get("lon") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def _write_json(document: Any, output: str | None) -> None:
    with _output(output) as out:
        json.dump(document, out, ensure_ascii=False)
        out.write("\n")


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """Standard output for None or "-"; otherwise a file replaced only once fully written,
    so a failed run never leaves a half-written map or GeoJSON behind."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise GeoError(f"cannot write {path}: it is a folder; give a file name")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        handle = open(tmp, "w", encoding="utf-8", newline="\n")
    except OSError as err:
        raise GeoError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _say(message: str) -> None:
    """Print one line to stderr: messages never span lines, so scripts can grep them."""
    print(f"{_PROG}: " + " ".join(message.splitlines()), file=sys.stderr)
