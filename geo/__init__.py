"""geo-explorer: find the places news articles mention, geocode them offline, map them.

The public API, stage by stage (each a pure function over small frozen records):

- loading: :func:`load_article`, :func:`load_corpus`, :func:`iter_articles`
- gazetteer: :func:`gazetteer` (lazy, loaded once)
- geoparsing: :func:`parse_text`, :func:`parse_article`, :func:`parse_files`
- organisations: :func:`membership`, :func:`membership_history`, :func:`resolve_organisation`
- meetings: :func:`meeting_catalog`, :func:`find_meetings`
- archives: :func:`run_batch` (articles → GeoParquet store), :func:`open_store` (read one back)

Importing :mod:`geo` loads no data and imports neither geopandas nor folium nor streamlit.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Each public name is imported from its module when first used (PEP 562), so importing one
# module of the package (``geo.warmup`` as the dashboard's server starts, ``geo.errors`` in a
# worker) does not import them all; ``from geo import parse_text`` works as before.
_HOMES = {
    "iter_articles": "articles", "load_article": "articles", "load_corpus": "articles",
    "BatchSummary": "batch", "run_batch": "batch",
    "ArticleError": "errors", "DataError": "errors", "GeoError": "errors",
    "InvalidDateError": "errors", "StoreError": "errors", "UnknownOrganisationError": "errors",
    "CatalogMeeting": "meetings", "Meeting": "meetings", "find_meetings": "meetings",
    "find_meetings_in_article": "meetings", "meeting_catalog": "meetings",
    "Membership": "orgs", "Organisation": "orgs", "former_members": "orgs",
    "membership": "orgs", "membership_history": "orgs", "organisations": "orgs",
    "resolve_organisation": "orgs",
    "parse_article": "pipeline", "parse_files": "pipeline", "parse_text": "pipeline",
    "Article": "records", "Mention": "records", "Place": "records",
    "Store": "store", "open_store": "store",
}


# Imported now: the function `gazetteer` shares its module's name, and a lazy name would lose
# to the submodule once anything imports `geo.gazetteer` (its import sets the attribute).
from .gazetteer import Gazetteer, gazetteer  # noqa: E402


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


if TYPE_CHECKING:
    from .articles import iter_articles, load_article, load_corpus
    from .batch import BatchSummary, run_batch
    from .errors import (
        ArticleError,
        DataError,
        GeoError,
        InvalidDateError,
        StoreError,
        UnknownOrganisationError,
    )
    from .meetings import (
        CatalogMeeting,
        Meeting,
        find_meetings,
        find_meetings_in_article,
        meeting_catalog,
    )
    from .orgs import (
        Membership,
        Organisation,
        former_members,
        membership,
        membership_history,
        organisations,
        resolve_organisation,
    )
    from .pipeline import parse_article, parse_files, parse_text
    from .records import Article, Mention, Place
    from .store import Store, open_store

__all__ = [
    "Article",
    "BatchSummary",
    "Store",
    "open_store",
    "run_batch",
    "CatalogMeeting",
    "Meeting",
    "find_meetings",
    "find_meetings_in_article",
    "meeting_catalog",
    "ArticleError",
    "DataError",
    "Gazetteer",
    "GeoError",
    "InvalidDateError",
    "StoreError",
    "Membership",
    "Mention",
    "Organisation",
    "Place",
    "UnknownOrganisationError",
    "former_members",
    "gazetteer",
    "iter_articles",
    "load_article",
    "load_corpus",
    "membership",
    "membership_history",
    "organisations",
    "parse_article",
    "parse_files",
    "parse_text",
    "resolve_organisation",
]
