"""The dashboard's warm-up: the first visitor's work, done while their browser loads the page.

A first visit costs Streamlit's own page (about 1.5 s of JavaScript for the browser to fetch
and run, during which the server idles) and then our script: imports of folium and pandas
(about a second), the gazetteer, the bundled corpus, the country shapes.  ``streamlit run
app.py`` imports ``app.py`` to serve it (``st.App``); its lifespan starts :func:`warm_up` in a
thread as the server starts, so both happen at once and the script finds its caches filled.
This module imports nothing heavy itself: the server must start at once.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["warm_up", "warming"]


def warm_up(store: str = "") -> None:
    """Compute what a visitor's first look at the dashboard needs, before anyone asks.

    Imports the map's libraries, loads the gazetteer, parses the bundled corpus (or opens
    ``store``), and builds the default view's collections and map once, which fills the caches
    they read (:func:`geo.explore.bundled_documents` and the store aggregates keep their value
    in memory; the country shapes, their encoding for the browser and the inlined Leaflet are
    cached where they are made).  A failure is left for the visitor's own run to report.
    """
    try:
        # folium, branca and pandas come with geo.explore.  Not streamlit_folium: a component
        # imported outside a script run is never registered, and its frame would stay blank.
        from . import explore
        from .meetings import meeting_catalog
        from .orgs import organisations

        organisations()
        catalog = tuple(meeting_catalog())
        documents = explore.open_store_corpus(store) if store else explore.bundled_documents()
        view = explore.view_from_query({})
        collections = explore.view_collections(
            explore.filter_documents(documents, view), view, catalog=catalog
        )
        explore.dashboard_map(collections, lang=view.lang)
        explore.country_options(documents, view.lang)
    except Exception:  # noqa: BLE001 - the visitor's own run computes it again and says why
        return


def warming(store: str = "") -> AsyncIterator[None]:
    """A server lifespan that starts :func:`warm_up` in a background thread and lets the server
    start at once: ``st.App(__file__, lifespan=lambda app: warming(store))``."""

    @asynccontextmanager
    async def lifespan() -> AsyncIterator[None]:
        threading.Thread(target=warm_up, args=(store,), name="geo-warm-up", daemon=True).start()
        yield

    return lifespan()
