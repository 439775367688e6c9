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
from .gazetteer import Gazetteer, gazetteer
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
