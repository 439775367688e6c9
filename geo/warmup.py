"""The dashboard's warm-up: the first visitor's work, done while their browser loads the page.

A first visit costs Streamlit's own page (about 1.5 s of JavaScript for the browser to fetch
and run, during which the server idles) and then our script: imports of folium and pandas
(about a second), the gazetteer, the bundled corpus, the country shapes.  ``streamlit run
app.py`` imports ``app.py`` to serve it (``st.App``); its lifespan starts :func:`warm_up` in a
thread as the server starts, so both happen at once and the script finds its caches filled.
The corpus is parsed in a second process meanwhile (when the disk cache has no copy), so the
parse and the imports use both cores instead of taking turns.  This module imports nothing
heavy itself: the server must start at once.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

__all__ = ["wait", "warm_up", "warming"]

_STARTED = threading.Event()
_DONE = threading.Event()
_CHILD_TIMEOUT = 60.0  # seconds for the second process's parse (a second or two, normally)


def warm_up(store: str = "") -> None:
    """Compute what a visitor's first look at the dashboard needs, before anyone asks.

    Imports the map's libraries, loads the gazetteer, parses the bundled corpus (or opens
    ``store``), and builds the default view's collections and map once, which fills the caches
    they read (:func:`geo.explore.bundled_documents` and the store aggregates keep their value
    in memory; the country shapes, their encoding for the browser and the inlined Leaflet are
    cached where they are made).  A failure is left for the visitor's own run to report.
    """
    _STARTED.set()
    try:
        parse = None if store else _parse_elsewhere()
        # folium, branca and pandas come with geo.explore.  Not streamlit_folium: a component
        # imported outside a script run is never registered, and its frame would stay blank.
        from . import explore
        from .aggregate import MAP_TOLERANCE, country_geometries
        from .meetings import meeting_catalog
        from .orgs import organisations

        country_geometries(MAP_TOLERANCE)  # the shapes need no corpus: while it is parsed
        organisations()
        catalog = tuple(meeting_catalog())
        if store:
            documents = explore.open_store_corpus(store)
        else:
            documents = explore.bundled_documents(parse=parse)
        view = explore.view_from_query({})
        collections = explore.view_collections(
            explore.filter_documents(documents, view), view, catalog=catalog
        )
        explore.dashboard_map(collections, lang=view.lang)
        explore.country_options(documents, view.lang)
    except Exception:  # noqa: BLE001 - the visitor's own run computes it again and says why
        return
    finally:
        _DONE.set()


def wait(timeout: float = 120.0) -> None:
    """Let a started warm-up finish (a visitor's run calls this first): the run then takes its
    values instead of computing the same ones beside it, each slowing the other.  Returns at
    once when no warm-up was started in this process."""
    if _STARTED.is_set() and not _DONE.wait(timeout):
        _DONE.set()  # a warm-up that hangs makes no visitor wait twice


def warming(store: str = "") -> AsyncIterator[None]:
    """A server lifespan that starts :func:`warm_up` in a background thread and lets the server
    start at once: ``st.App(__file__, lifespan=lambda app: warming(store))``."""

    @asynccontextmanager
    async def lifespan() -> AsyncIterator[None]:
        _STARTED.set()
        threading.Thread(target=warm_up, args=(store,), name="geo-warm-up", daemon=True).start()
        yield

    return lifespan()


def _parse_elsewhere() -> Callable[[], Any] | None:
    """Start parsing the bundled corpus in another process; return how to collect the parsed
    documents (which parses here if that process failed), or None when the disk cache already
    has them (reading them back is quicker than starting a process)."""
    from ._data import seeds_dir
    from .diskcache import has_cached

    if has_cached("bundled-documents", [p for p in sorted(seeds_dir().rglob("*")) if p.is_file()]):
        return None
    try:
        child = subprocess.Popen([sys.executable, "-m", "geo.warmup"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
    except OSError:
        return None

    def collect() -> Any:
        from .explore import Document

        try:
            output, _ = child.communicate(timeout=_CHILD_TIMEOUT)
            parsed = pickle.loads(output) if child.returncode == 0 else _parse_corpus()
        except subprocess.TimeoutExpired:  # stuck: parsed here instead
            child.kill()
            child.communicate()
            parsed = _parse_corpus()
        except Exception:  # noqa: BLE001 - a damaged answer: parsed here instead
            parsed = _parse_corpus()
        return tuple(Document(*triple) for triple in parsed)

    return collect


def _parse_corpus() -> list[tuple[Any, tuple, tuple]]:
    """The bundled corpus as ``(article, mentions, meetings)``, as
    :func:`geo.explore.parse_document` makes them, without importing the map's libraries."""
    from .aggregate import parse_with_meetings
    from .articles import load_corpus

    return [(article, *parse_with_meetings(article)) for article in load_corpus()]


if __name__ == "__main__":  # the second process of _parse_elsewhere
    sys.stdout.buffer.write(pickle.dumps(_parse_corpus(), protocol=pickle.HIGHEST_PROTOCOL))
