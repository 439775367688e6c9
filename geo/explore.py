"""What the dashboard shows, as pure functions: corpus, filters, selections, excerpts, view state.

``app.py`` only wires Streamlit widgets to the functions here (and to :mod:`geo.aggregate`,
:mod:`geo.maps`, :mod:`geo.export`), so everything the dashboard computes can be tested without
a browser or a Streamlit runtime.  Nothing here imports streamlit.

The pieces, in the order the dashboard uses them:

- **Documents**: an article with its mentions and the meetings it reports
  (:class:`Document`), parsed once and cached by the app; uploads are read with
  :func:`load_uploads` (one bad file is reported by name, the others still load).
- **View**: organisation, day, language, filters and the focused item (:class:`View`), read
  from and written to the URL's query parameters (:func:`view_from_query`,
  :func:`view_to_query`), so a link restores what its sender saw.
- **Filtering** (:func:`filter_documents`) and the **collections** the map, the tables and the
  downloads share (:func:`view_collections`).
- **The map for streamlit-folium** (:func:`dashboard_map`), from :mod:`geo.maps`' layers:

  * *offline*: by default streamlit-folium makes the browser fetch Leaflet, jQuery and
    Bootstrap from CDNs, and with no network the map area stays blank.  :func:`inline_leaflet`
    empties every CDN link and gives the iframe the vendored Leaflet (``geo/assets``, from the
    npm package) as ``data:`` scripts, which load with no request at all;
  * *fast*: the country polygons are a ``data:`` script too, encoded once per process, and
    the colours, tooltips and legend of an organisation on a day travel as a small
    streamlit-folium feature group that restyles the map already on the page: moving the date
    slider neither re-serialises ~1 MB of polygons nor reloads the map;
  * *clickable*: every clickable feature carries a ``ref`` (:func:`tag_features`), so a click
    is turned back into a place, a country or a meeting (:func:`selection_from_click`).
- **Excerpts** of a selection grouped by article (:func:`focus_excerpts`), escaped and
  highlighted (:func:`excerpt_html`), and a whole article with every mention highlighted
  (:func:`article_html`).
"""

from __future__ import annotations

import base64
import html
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from folium.map import Layer
from folium.template import Template

from .aggregate import (
    MAP_TOLERANCE,
    catalog_geojson,
    event_id,
    meeting_events_geojson,
    membership_geojson,
    parse_with_meetings,
    places_geojson,
    resolve_day,
)
from .articles import METADATA_FILE, article_from_bytes, load_metadata_csv
from .errors import ArticleError, GeoError, UnknownOrganisationError
from .i18n import LANGS, format_date, format_number, t
from .maps import RenderedOnce
from .orgs import resolve_organisation
from .records import PLACE_TYPES, Article, Mention
from .textnorm import fold_text

if TYPE_CHECKING:
    import folium

__all__ = [
    "DASHBOARD_ORGS",
    "FIRST_DAY",
    "ArticleExcerpts",
    "Collections",
    "Document",
    "Excerpt",
    "Focus",
    "Selection",
    "StoreCorpus",
    "View",
    "article_html",
    "bundled_documents",
    "country_at",
    "country_name",
    "country_options",
    "dashboard_map",
    "doc_options",
    "event_key",
    "export_map",
    "excerpt_html",
    "filter_documents",
    "focus_excerpts",
    "focus_options",
    "inline_leaflet",
    "load_uploads",
    "meeting_rows",
    "merge_documents",
    "open_store_corpus",
    "parse_document",
    "parse_upload",
    "place_rows",
    "read_metadata",
    "selection_from_click",
    "shown_caption",
    "store_documents",
    "summary",
    "tag_features",
    "timeline_spec",
    "view_collections",
    "view_from_query",
    "view_to_query",
]

#: The organisations the dashboard offers, in menu order (ids of :func:`geo.orgs.organisations`).
DASHBOARD_ORGS: tuple[str, ...] = ("sco", "csto", "brics", "eaeu", "nato", "aukus")
#: The first day of the date slider: the Shanghai Five met in April 1996.
FIRST_DAY = date(1996, 1, 1)

_ASSET_PACKAGE = "geo"
_ASSET_FOLDER = "assets"
# Leaflet is all the dashboard's maps need (geo.maps uses vector markers and plain controls).
_LEAFLET_JS = ("leaflet.js", "leaflet-icons.js")
_LEAFLET_CSS = "leaflet.css"
_LEAFLET_LINK = re.compile(r"/leaflet@1\.9\.\d+/dist/leaflet\.(?:js|css)$")
_CONTEXT = 160  # characters either side of a mention when the parser gave no sentence
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SELECTION_KINDS = ("place", "country", "meeting", "catalog")
# geo.maps layer class names -> the kind of ref their features get (see tag_features).
_LAYER_KINDS = {
    "geo-country": "country",
    "geo-mention": "place",
    "geo-meeting": "meeting",
    "geo-catalog": "catalog",
}


# =============================================================================== documents


@dataclass(frozen=True, slots=True)
class Document:
    """One article, the places it mentions and the meetings it reports: parsed once, cached."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    meetings: tuple[Any, ...] = ()  # geo.meetings.Meeting records

    @property
    def id(self) -> str:
        return self.article.id


def parse_document(article: Article) -> Document:
    """Parse one article: its mentions, then its meetings (reusing the mentions)."""
    return Document(article, *parse_with_meetings(article))


def bundled_documents(
    *, use_cache: bool = True, parse: Callable[[], tuple[Document, ...]] | None = None
) -> tuple[Document, ...]:
    """The bundled corpus, parsed: what the dashboard shows when nothing is uploaded.

    Parsing five articles costs little; loading the gazetteer and building the matcher for
    them is most of a server's first second.  With ``use_cache`` the documents are kept on disk
    (:mod:`geo.diskcache`) under a key made of the corpus files, the bundled data and geo's
    code, so a later server start with nothing changed reads them back instead; any change
    parses again.

    Raises
    ------
    DataError
        If the corpus folder is missing (a broken install).
    ArticleError
        If a bundled file is unreadable.
    """
    from ._data import seeds_dir
    from .articles import load_corpus
    from .diskcache import cached

    def parse_here() -> tuple[Document, ...]:
        return tuple(parse_document(article) for article in load_corpus())

    if not use_cache:
        return parse_here()
    inputs = [p for p in sorted(seeds_dir().rglob("*")) if p.is_file()]
    documents, _ = cached("bundled-documents", inputs, parse or parse_here, memory=True)
    return documents


def read_metadata(data: bytes, name: str = METADATA_FILE) -> dict[str, dict[str, str]]:
    """Read an uploaded ``articles.csv`` exactly as :func:`geo.articles.load_metadata_csv` does.

    The loader reads paths, so the bytes go through a temporary file; errors name the uploaded
    file, not the temporary one.

    Raises
    ------
    ArticleError
        If the CSV is not UTF-8, has no ``file`` column or lists a file twice.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / METADATA_FILE
        path.write_bytes(bytes(data))
        try:
            return load_metadata_csv(path)
        except ArticleError as err:
            raise ArticleError(name, err.problem) from None


def parse_upload(name: str, data: bytes, metadata: Mapping[str, str] | None = None) -> Document:
    """Load and parse one uploaded file (its name gives the format and the article id).

    Raises
    ------
    ArticleError
        If the file cannot be read (wrong type, binary, empty, bad front matter or metadata).
    """
    article = article_from_bytes(data, name, **dict(metadata or {}))
    try:
        return parse_document(article)
    except GeoError as err:  # a parser failure on one file must not stop the others
        raise ArticleError(name, str(err)) from None


def load_uploads(
    files: Iterable[tuple[str, bytes]],
    metadata: Mapping[str, Mapping[str, str]] | None = None,
    *,
    parse: Callable[[str, bytes, Mapping[str, str] | None], Document] = parse_upload,
    on_progress: Callable[[int, int, str], object] | None = None,
) -> tuple[list[Document], list[ArticleError]]:
    """Parse uploaded files; return the documents and, separately, the files that failed.

    Parameters
    ----------
    files
        ``(file name, content)`` pairs.
    metadata
        ``articles.csv`` rows by file name (:func:`read_metadata`).
    parse
        How one file is parsed (:func:`parse_upload`); the dashboard passes a cached version.
    on_progress
        Called as ``on_progress(i, n, name)`` before file ``i`` of ``n`` is parsed.

    A file that cannot be read becomes an :class:`~geo.errors.ArticleError` naming it, and the
    others still load.  Two uploads with the same name would get the same article id: the
    second is reported and skipped.
    """
    files = list(files)
    documents: list[Document] = []
    errors: list[ArticleError] = []
    seen: set[str] = set()
    for index, (name, data) in enumerate(files, start=1):
        if on_progress is not None:
            on_progress(index, len(files), name)
        base = Path(name).name
        if base in seen:
            errors.append(ArticleError(name, "uploaded twice; only the first copy is used"))
            continue
        seen.add(base)
        try:
            documents.append(parse(name, data, (metadata or {}).get(base)))
        except ArticleError as err:
            errors.append(err)
    return documents, errors


def store_documents(path: str | Path) -> tuple[Document, ...]:
    """The documents of a store written by ``geo batch`` (:func:`geo.store.open_store`).

    A store keeps excerpts, not whole articles: the articles come back with empty text, so
    their sentences and meetings can be read but not the full article.

    Raises
    ------
    StoreError
        If ``path`` is not a store, or holds more articles than can be loaded as objects
        (the store's message says how many; the dashboard reads up to 10,000).
    """
    from .aggregate import stored_inputs
    from .meetings import Meeting

    parsed, records = stored_inputs(path)
    meetings: dict[str, list[Meeting]] = {}
    for record in records:
        fields = {**record, "participants": tuple(record.get("participants") or ())}
        meetings.setdefault(record["doc"], []).append(Meeting(**fields))
    return tuple(
        Document(article, tuple(mentions), tuple(meetings.get(article.id, ())))
        for article, mentions in parsed
    )


@dataclass(frozen=True, eq=False)
class StoreCorpus:
    """A big batch store as the dashboard reads it: aggregates, never every mention.

    ``counts`` is :meth:`geo.store.Store.summary`; ``places`` every place (biggest first) and
    ``events`` every meeting event (most reported first), each with the exact counts and up to
    :data:`geo.aggregate.SAMPLES` sample excerpts (:meth:`~geo.store.Store.places`,
    :meth:`~geo.store.Store.meeting_events`).  Built once per store (the app caches it);
    :func:`filter_documents` narrows it by place type and country, then
    :func:`view_collections`, :func:`summary`, :func:`focus_excerpts` and the option and row
    functions read it as they read documents.
    """

    path: str
    counts: Mapping[str, int]
    places: tuple[dict, ...]
    events: tuple[dict, ...]
    filtered: bool = False

    @property
    def countries(self) -> set[str]:
        return {p["iso3"] for p in self.places if p["iso3"]} | {
            e["iso3"] for e in self.events if e.get("iso3")
        }


#: What the dashboard explores: parsed documents, or a big store's aggregates.
Corpus = Sequence[Document] | StoreCorpus


def open_store_corpus(path: str | Path) -> tuple[Document, ...] | StoreCorpus:
    """A store for the dashboard: its documents when it is small enough to load as objects
    (:data:`geo.aggregate.STORE_OBJECT_LIMIT` articles), otherwise a :class:`StoreCorpus`,
    whose aggregates are kept in the disk cache (:mod:`geo.diskcache`) until the store changes.

    Raises
    ------
    StoreError
        If ``path`` is not a store.
    """
    import hashlib

    from .aggregate import SAMPLES, store_is_big
    from .diskcache import cached
    from .store import open_store

    opened = open_store(path)
    if not store_is_big(opened):
        return store_documents(path)
    stamp = opened.stamp()

    def aggregate() -> tuple[tuple[dict, ...], tuple[dict, ...]]:
        return (tuple(opened.places(samples=SAMPLES)),
                tuple(opened.meeting_events(samples=SAMPLES)))

    # The aggregates of a 100,000-article store take ~10 s; kept on disk (one entry per store,
    # keyed by its parts' names, sizes and times, and by geo's code), a later start reads
    # them back in well under a second.
    where = hashlib.blake2b(str(opened.path.resolve()).encode(), digest_size=8).hexdigest()
    name = f"store-{where}"
    (places, events), _ = cached(name, (), aggregate, stamp=stamp, memory=True)
    return StoreCorpus(path=str(path), counts=opened.summary(), places=places, events=events)


def merge_documents(
    base: Sequence[Document], extra: Sequence[Document], *, replace_base: bool = False
) -> tuple[Document, ...]:
    """The corpus to explore: ``extra`` added to ``base`` or instead of it.

    An uploaded article with the same id (file name) as a bundled one replaces it.
    """
    if replace_base:
        return tuple(extra)
    ids = {d.id for d in extra}
    return tuple(d for d in base if d.id not in ids) + tuple(extra)


# ==================================================================================== view


@dataclass(frozen=True, slots=True)
class Selection:
    """What the reader clicked or picked: a place, a country, a reported or catalog meeting.

    ``key`` (``"place:gn:1526273"``, ``"country:KAZ"``, ``"meeting:<event id>"``,
    ``"catalog:<catalog id>"``) is what the map's features carry and what the URL holds.
    """

    kind: str
    id: str

    def __post_init__(self) -> None:
        if self.kind not in _SELECTION_KINDS or not self.id:
            raise ValueError(f"not a selection: {self.kind!r}:{self.id!r}")

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, key: str | None) -> Selection | None:
        """The selection ``key`` names, or None if it names none."""
        if not key or ":" not in key:
            return None
        kind, _, ident = key.partition(":")
        try:
            return cls(kind, ident)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class View:
    """Everything that decides what the dashboard shows; it round-trips through the URL.

    Empty filter tuples mean "no filter".
    """

    org: str = "sco"
    on: date = field(default_factory=date.today)
    lang: str = "fr"
    docs: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    query: str = ""
    focus: str | None = None

    @property
    def filtered(self) -> bool:
        """Whether a filter other than the choice of articles is active."""
        return bool(self.types or self.countries or self.query.strip())


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [str(v).strip() for v in items if str(v).strip()]


def view_from_query(params: Mapping[str, Any], *, today: date | None = None) -> View:
    """The view a URL's query parameters describe; anything invalid falls back to the default.

    Parameters: ``org`` (any name or acronym), ``on`` (``YYYY-MM-DD`` or ``YYYY-MM``, clamped
    to [1996-01-01, today]), ``lang`` (fr, en), ``doc``, ``type``, ``country`` (repeated for
    several values), ``q`` (search text), ``sel`` (a :class:`Selection` key).  A shared link is
    read by someone else, so a bad value is dropped rather than reported.
    """
    today = today or date.today()
    view = View(on=today)
    org = next(iter(_values(params, "org")), "")
    if org:
        try:
            found = resolve_organisation(org).id
        except UnknownOrganisationError:
            found = None
        if found in DASHBOARD_ORGS:
            view = replace(view, org=found)
    on = next(iter(_values(params, "on")), "")
    if on:
        try:
            view = replace(view, on=min(max(resolve_day(on), FIRST_DAY), today))
        except GeoError:
            pass
    lang = next(iter(_values(params, "lang")), "").lower()
    if lang in LANGS:
        view = replace(view, lang=lang)
    types = tuple(dict.fromkeys(v for v in _values(params, "type") if v in PLACE_TYPES))
    countries = tuple(
        dict.fromkeys(v.upper() for v in _values(params, "country") if _ISO3.match(v.upper()))
    )
    docs = tuple(dict.fromkeys(_values(params, "doc")))
    query = " ".join(next(iter(_values(params, "q")), "").split())
    focus = Selection.parse(next(iter(_values(params, "sel")), None))
    return replace(
        view,
        docs=docs,
        types=types,
        countries=countries,
        query=query,
        focus=focus.key if focus else None,
    )


def view_to_query(view: View) -> dict[str, str | list[str]]:
    """The query parameters of ``view`` (the inverse of :func:`view_from_query`).

    ``org`` and ``on`` are always written, so a link shows the same day whenever it is opened;
    the rest only when they differ from the default.
    """
    params: dict[str, str | list[str]] = {"org": view.org, "on": view.on.isoformat()}
    if view.lang != LANGS[0]:
        params["lang"] = view.lang
    for key, values in (("doc", view.docs), ("type", view.types), ("country", view.countries)):
        if values:
            params[key] = list(values)
    if view.query.strip():
        params["q"] = view.query.strip()
    if view.focus:
        params["sel"] = view.focus
    return params


# =============================================================================== filtering


def _fold(text: str) -> str:
    """Case, accents and punctuation ignored, spaces collapsed: what text search compares."""
    return " ".join(fold_text(text).split())


def _mention_context(article: Article, mention: Mention) -> tuple[str, int]:
    """The sentence holding a mention and its offset in the article (a window if none)."""
    if mention.sentence:
        return mention.sentence, mention.sentence_start
    start = max(0, mention.start - _CONTEXT)
    return article.text[start : mention.end + _CONTEXT], start


def filter_documents(documents: Iterable[Document], view: View) -> tuple[Document, ...]:
    """The documents and records the view's filters keep.

    - ``docs``: only these articles;
    - ``types``: only mentions of places of these types (meetings are kept: they have none);
    - ``countries``: only mentions of places in these countries, and meetings held there;
    - ``query``: only mentions whose sentence, and meetings whose excerpt, contain the text
      (case, accents and punctuation ignored).

    With a type, country or text filter, articles left with nothing to show are dropped, so the
    article count follows the filters.

    A :class:`StoreCorpus` is narrowed by ``types`` and ``countries`` only (places of those
    types and countries, meetings held there); the article and text filters would need every
    mention, so the dashboard turns them off on a big store.
    """
    if isinstance(documents, StoreCorpus):
        return _filter_store(documents, view)
    docs = set(view.docs)
    types = set(view.types)
    countries = set(view.countries)
    query = _fold(view.query)
    kept: list[Document] = []
    for document in documents:
        if docs and document.id not in docs:
            continue
        article = document.article
        mentions = tuple(
            m
            for m in document.mentions
            if (not types or m.place.type in types)
            and (not countries or m.place.iso3 in countries)
            and (not query or query in _fold(_mention_context(article, m)[0]))
        )
        meetings = tuple(
            m
            for m in document.meetings
            if (not countries or m.iso3 in countries)
            and (not query or query in _fold(m.excerpt))
        )
        if view.filtered and not mentions and not meetings:
            continue
        kept.append(Document(article, mentions, meetings))
    return tuple(kept)


def _filter_store(corpus: StoreCorpus, view: View) -> StoreCorpus:
    types, countries = set(view.types), set(view.countries)
    if not types and not countries:
        return corpus
    places = tuple(
        p for p in corpus.places
        if (not types or p["type"] in types) and (not countries or p["iso3"] in countries)
    )
    events = tuple(e for e in corpus.events if not countries or e.get("iso3") in countries)
    return replace(corpus, places=places, events=events, filtered=True)


# ============================================================================= collections


@dataclass(frozen=True, slots=True)
class Collections:
    """The FeatureCollections of one view, shared by the map, the tables and the downloads."""

    membership: dict
    places: dict
    meetings: dict  # one feature per meeting event (geo.aggregate.meeting_events_geojson)
    records: dict  # one feature per meeting record (the `geo meetings` contract)
    catalog: dict | None
    mentions: dict  # one feature per mention (the `geo parse` contract)


def view_collections(
    documents: Sequence[Document], view: View, *, catalog: Sequence[Any] | None = None
) -> Collections:
    """Everything the view draws and exports, from (filtered) documents.

    ``catalog`` entries (:func:`geo.meetings.meeting_catalog`) are drawn as their own layer,
    all of them whatever the day (the day only recolours the countries, so the map on the page
    is restyled, not rebuilt, when it changes); None leaves the layer out.

    From a :class:`StoreCorpus`, places and meeting events are the
    :data:`geo.aggregate.MAX_FEATURES` biggest, with sample excerpts (the collections say how
    many were left out: ``total``, ``left_out``); ``mentions`` and ``records`` are empty (every
    record of a big store is exported with ``geo export --store``).
    """
    from .aggregate import meetings_geojson, mentions_geojson

    entries = list(catalog or ())
    if isinstance(documents, StoreCorpus):
        return _store_collections(documents, view, entries, catalog is not None)
    parsed = [(d.article, d.mentions) for d in documents]
    records = [m for d in documents for m in d.meetings]
    return Collections(
        membership=membership_geojson(view.org, view.on, view.lang),
        places=places_geojson(parsed),
        meetings=meeting_events_geojson(records, [a for a, _ in parsed], catalog=entries),
        records=meetings_geojson(records),
        catalog=catalog_geojson(entries) if catalog is not None else None,
        mentions=mentions_geojson(parsed),
    )


def _store_collections(
    corpus: StoreCorpus, view: View, catalog: list[Any], with_catalog: bool
) -> Collections:
    from . import aggregate

    limit = aggregate.MAX_FEATURES
    empty = {"type": "FeatureCollection", "features": []}
    return Collections(
        membership=membership_geojson(view.org, view.on, view.lang),
        places=aggregate.sampled_places_geojson(corpus.places[:limit], total=len(corpus.places)),
        meetings=aggregate.sampled_events_geojson(
            corpus.events[:limit], total=len(corpus.events), catalog=catalog
        ),
        records=empty,
        catalog=catalog_geojson(catalog) if with_catalog else None,
        mentions=empty,
    )


def shown_caption(collections: Collections, lang: str = "fr") -> str:
    """What a map of a big store's aggregates draws: "the 2,000 most-mentioned of 6,516
    places, the 2,000 most-reported of 67,166 meeting events"; empty for other maps."""
    places, meetings = collections.places, collections.meetings
    if not places.get("sampled"):
        return ""
    return t(
        "shown_of", lang,
        places=format_number(len(places["features"]), lang),
        places_total=format_number(places.get("total", 0), lang),
        meetings=format_number(len(meetings["features"]), lang),
        meetings_total=format_number(meetings.get("total", len(meetings["features"])), lang),
    )


def summary(documents: Corpus, collections: Collections) -> dict[str, int]:
    """The counts above the map: articles, distinct places, mentions, meeting events.

    For a :class:`StoreCorpus`: the store's article count (:meth:`geo.store.Store.summary`),
    and the places, mentions and meeting events the type and country filters keep.
    """
    if isinstance(documents, StoreCorpus):
        return {
            "articles": int(documents.counts["articles"]),
            "places": len(documents.places),
            "mentions": sum(int(p["mentions"]) for p in documents.places),
            "meetings": len(documents.events),
        }
    return {
        "articles": len(documents),
        "places": len({m.place.id for d in documents for m in d.mentions}),
        "mentions": sum(len(d.mentions) for d in documents),
        "meetings": len(collections.meetings["features"]),
    }


# ===================================================================================== map


class _Countries(Layer, RenderedOnce):
    """Every country, drawn from shapes the page already holds, coloured by a state object.

    The shapes come as a ``data:`` script (:func:`_country_shapes_uri`) that defines
    ``window.geoCountryData``, compact integer deltas that this layer's script turns back into
    GeoJSON features (``id`` = ISO3, ``ref`` = ``country:ISO3`` for clicks): built once per
    process and never re-encoded, so a rerun does not serialise the polygons again, and less
    than half the size of the GeoJSON for the same coordinates.  The colours come from
    ``window.geoCountryState`` (ISO3 -> class), which :class:`_CountryState` sets.  An empty
    legend slot is added for the membership part of the legend.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var map = {{ this._parent.get_name() }};
            var styles = {{ this.styles|tojson }};
            window.geoCountryState = window.geoCountryState || {};
            function styleOf(feature) {
                return styles[window.geoCountryState[feature.id] || "none"] || styles.none;
            }
            // geoCountryData: {scale, codes: [ISO3], shapes: [[[ring]]]}, one shape per code,
            // a list of polygons, each a list of rings, each flat [x0, y0, dx1, dy1, ...] in
            // 1/scale degrees (see geo.explore._country_shapes_uri).
            function ring(deltas, scale) {
                var points = new Array(deltas.length / 2), x = 0, y = 0;
                for (var i = 0; i < deltas.length; i += 2) {
                    x += deltas[i];
                    y += deltas[i + 1];
                    points[i / 2] = [x / scale, y / scale];
                }
                return points;
            }
            function shapes(data) {
                if (!data) { return {type: "FeatureCollection", features: []}; }
                var features = data.codes.map(function (code, index) {
                    var polygons = data.shapes[index].map(function (rings) {
                        return rings.map(function (r) { return ring(r, data.scale); });
                    });
                    var geometry = polygons.length === 1
                        ? {type: "Polygon", coordinates: polygons[0]}
                        : {type: "MultiPolygon", coordinates: polygons};
                    return {type: "Feature", id: code, geometry: geometry,
                            properties: {ref: "country:" + code}};
                });
                return {type: "FeatureCollection", features: features};
            }
            var layer = L.geoJson(shapes(window.geoCountryData), {
                className: "geo-country",
                style: styleOf,
                onEachFeature: function (feature, item) {
                    item.on("mouseover", function () { item.setStyle({weight: 2.5}); });
                    item.on("mouseout", function () { layer.resetStyle(item); });
                }
            });
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-panel geo-legend geo-membership");
                div.style.display = "none";
                L.DomEvent.disableClickPropagation(div);
                window.geoMembershipLegend = div;
                return div;
            };
            legend.addTo(map);
            window.geoCountryLayer = layer;
            return layer;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, name: str, styles: Mapping[str, Any]) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "GeoCountries"
        self.styles = dict(styles)


class _CountryState(RenderedOnce):
    """Colours, tooltips and legend of :class:`_Countries` for one organisation and day.

    Sent to the page as a streamlit-folium feature group, so changing the day or the
    organisation restyles the map already on the page instead of rebuilding it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var classes = {{ this.classes|tojson }};
            var tooltips = {{ this.tooltips|tojson }};
            window.geoCountryState = classes;
            var layer = window.geoCountryLayer;
            if (layer) {
                layer.eachLayer(function (item) {
                    layer.resetStyle(item);
                    var tip = tooltips[item.feature.id];
                    if (item.getTooltip()) { item.unbindTooltip(); }
                    if (tip) { item.bindTooltip(tip, {sticky: true}); }
                });
            }
            var legend = window.geoMembershipLegend;
            if (legend) {
                legend.innerHTML = {{ this.legend|tojson }};
                legend.style.display = "";
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, classes: Mapping[str, str], tooltips: Mapping[str, str],
                 legend: str) -> None:
        super().__init__()
        self._name = "GeoCountryState"
        self.classes = dict(classes)
        self.tooltips = dict(tooltips)
        self.legend = legend


def _membership_display(collection: Mapping[str, Any], lang: str) -> tuple[dict, dict, dict]:
    """Styles, classes and tooltips exactly as :func:`geo.maps.membership_layer` draws them.

    The layer is built from the collection's properties with a point per country instead of
    its polygons (which the page already has), so it costs nothing to build.
    """
    from .maps import membership_layer

    features = [f for f in collection["features"] if f.get("geometry")]
    light = dict(collection)
    light["features"] = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0.0, 0.0]},
         "properties": f["properties"]}
        for f in features
    ]
    layer = membership_layer(light, lang=lang)
    drawn = getattr(layer, "data", {}).get("features")
    styles = getattr(layer, "styles", None)
    if drawn is None or styles is None or len(drawn) != len(features):
        raise GeoError("geo.maps.membership_layer changed shape: update geo.explore")
    classes, tooltips = {}, {}
    for source, shown in zip(features, drawn, strict=True):
        iso3 = source["properties"]["iso3"]
        classes[iso3] = shown["properties"].get("cls", "none")
        tooltips[iso3] = shown["properties"].get("tooltip", "")
    return styles, classes, tooltips


#: Coordinates of the dashboard's country shapes are sent in 1/1000 degree (~100 m, finer
#: than the simplification's 0.05 degree), as :mod:`geo.maps` rounds them.
_SHAPES_SCALE = 1000
# Characters a data: URL may carry as they are (the browser percent-decodes the rest): the
# shapes script is digits, commas, brackets and a few letters, so it travels almost unescaped,
# where base64 would add a third.
_URI_SAFE = '[]{},:;="'


@cache
def _country_shapes_uri(tolerance: float | None) -> str:
    """``window.geoCountryData = {...}`` as a ``data:`` script: every country's polygons.

    Coordinates are integers in 1/:data:`_SHAPES_SCALE` degree (the values :mod:`geo.maps`
    rounds to), each ring's first point absolute and the others as differences from the
    previous point; the :class:`_Countries` layer decodes them into the same GeoJSON.  ~0.45 MB
    instead of ~1.2 MB for base64-encoded GeoJSON, so the map reaches the browser and is drawn
    sooner, and each rerun sends less.
    """
    import json
    from urllib.parse import quote

    import numpy as np
    import shapely

    from .aggregate import country_shapes

    codes, geometries = country_shapes(tolerance)
    encoded = []
    for geometry in geometries:
        polygons = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
        encoded.append([
            [_delta_ring(shapely.get_coordinates(r), np) for r in (p.exterior, *p.interiors)]
            for p in polygons
        ])
    data = {"scale": _SHAPES_SCALE, "codes": list(codes), "shapes": encoded}
    script = "window.geoCountryData=" + json.dumps(data, separators=(",", ":")) + ";"
    return "data:text/javascript;charset=utf-8," + quote(script, safe=_URI_SAFE)


def _delta_ring(coords: Any, np: Any) -> list[int]:
    """A ring's ``(n, 2)`` coordinates as ``[x0, y0, dx1, dy1, ...]`` in 1/_SHAPES_SCALE
    degree (numpy rounds half to even, as ``np.round(xy, 3)`` did)."""
    grid = np.rint(coords * _SHAPES_SCALE).astype(np.int64)
    return np.diff(grid, axis=0, prepend=np.zeros((1, 2), np.int64)).ravel().tolist()


def dashboard_map(collections: Collections, *, lang: str = "fr") -> tuple[folium.Map, Any]:
    """The dashboard's map for ``st_folium``: the map, and the membership state to add to it.

    Returns ``(map, state)``: pass ``state`` as ``st_folium(map, feature_group_to_add=state)``.
    The map holds what changes only with the corpus and filters (mentions, meetings, the
    catalog, the legend of markers, and the country shapes); ``state`` holds what changes with
    the organisation and the day (colours, tooltips, legend of classes).  The map's script, and
    so streamlit-folium's key for it, stays the same when only the day changes: the page keeps
    its map (and the reader's zoom) and only re-applies the small state.

    Every clickable feature has a ``ref`` (:func:`tag_features`); Leaflet and the country
    shapes are inlined as ``data:`` scripts (:func:`inline_leaflet`), so nothing is fetched.
    """
    import folium

    from .maps import base_map, catalog_layer, legend, meetings_layer, mentions_layer

    styles, classes, tooltips = _membership_display(collections.membership, lang)
    folium_map = base_map()
    _Countries(t("countries_layer", lang), styles).add_to(folium_map)
    mentions_layer(collections.places, lang=lang).add_to(folium_map)
    if collections.catalog is not None:
        catalog_layer(collections.catalog, lang=lang).add_to(folium_map)
    # Calls have no place: the dashboard lists them in its timeline and its menu of meetings
    # rather than in geo.maps.calls_panel, which would cover much of a map this size.
    meetings_layer(collections.meetings, lang=lang).add_to(folium_map)
    legend(None, lang=lang, catalog=collections.catalog is not None).add_to(folium_map)
    folium.LayerControl(collapsed=True).add_to(folium_map)
    tag_features(folium_map, collections)
    inline_leaflet(folium_map)
    folium_map.default_js = [*folium_map.default_js,
                             ("geo_countries", _country_shapes_uri(MAP_TOLERANCE))]

    keys = legend(collections.membership, lang=lang, mentions=False, meetings=False,
                  catalog=False)
    state = folium.FeatureGroup(name="geo-state", control=False)
    _CountryState(classes, tooltips, getattr(keys, "html", "")).add_to(state)
    return folium_map, state


def export_map(collections: Collections, *, lang: str = "fr", timeline: str | None = None) -> str:
    """The same map as one self-contained HTML document (:func:`geo.export.map_html`)."""
    from .export import map_html
    from .maps import compose_map

    return map_html(
        compose_map(
            membership=collections.membership,
            places=collections.places,
            meetings=collections.meetings,
            catalog=collections.catalog,
            timeline=timeline,
            lang=lang,
        )
    )


def _walk(element: Any) -> Iterable[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def tag_features(folium_map: folium.Map, collections: Collections) -> int:
    """Give every clickable feature of the map a ``ref`` property naming what it shows.

    streamlit-folium returns the clicked feature (``last_active_drawing``) with its properties,
    but :mod:`geo.maps` keeps only display properties (tooltip, popup) on the page.  Its layers
    draw the located features of each collection in order, so the n-th drawn feature is the
    n-th located one; a layer whose count does not match is left untagged (clicks on it then
    fall back to :func:`country_at`).  Returns the number of features tagged.
    """
    sources = {
        "country": (collections.membership, lambda p: p["iso3"]),
        "place": (collections.places, lambda p: p["place_id"]),
        "meeting": (collections.meetings, lambda p: p["id"]),
        "catalog": (collections.catalog, lambda p: p["id"]),
    }
    tagged = 0
    for element in _walk(folium_map):
        kind = _LAYER_KINDS.get(getattr(element, "class_name", None) or "")
        data = getattr(element, "data", None)
        if kind is None or not isinstance(data, Mapping):
            continue
        collection, ident = sources[kind]
        if collection is None:
            continue
        located = [f for f in collection["features"] if f.get("geometry")]
        drawn = data.get("features", [])
        if len(located) != len(drawn):
            continue
        for source, feature in zip(located, drawn, strict=True):
            feature.setdefault("properties", {})["ref"] = f"{kind}:{ident(source['properties'])}"
            tagged += 1
    return tagged


def selection_from_click(result: Mapping[str, Any] | None) -> Selection | None:
    """What a click on the map selected, from ``st_folium``'s return value.

    Reads the ``ref`` that :func:`tag_features` put on the clicked feature; for an untagged
    feature, the country under the clicked point.  None when nothing was clicked.
    """
    if not result:
        return None
    drawing = result.get("last_active_drawing") or {}
    ref = (drawing.get("properties") or {}).get("ref") if isinstance(drawing, Mapping) else None
    selection = Selection.parse(ref)
    if selection is not None:
        return selection
    point = result.get("last_object_clicked") or {}
    if isinstance(point, Mapping) and point.get("lat") is not None:
        iso3 = country_at(float(point["lat"]), float(point["lng"]))
        if iso3:
            return Selection("country", iso3)
    return None


def country_at(lat: float, lon: float) -> str | None:
    """The ISO3 code of the country at a point, or None at sea."""
    import shapely

    from .aggregate import country_shapes

    codes, shapes = country_shapes()
    lon = (lon + 180.0) % 360.0 - 180.0  # Leaflet returns longitudes beyond ±180 east/west
    hits = shapely.contains_xy(shapes, lon, lat)
    return next((code for code, hit in zip(codes, hits, strict=True) if hit), None)


@cache
def _data_uri(name: str, mime: str) -> str:
    try:
        content = resources.files(_ASSET_PACKAGE).joinpath(_ASSET_FOLDER, name).read_bytes()
    except OSError as exc:
        raise GeoError(
            f"vendored asset missing: geo/assets/{name} ({exc}); reinstall geo-explorer or run "
            "scripts/vendor_assets.py"
        ) from None
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def inline_leaflet(folium_map: folium.Map) -> folium.Map:
    """Make a map render in streamlit-folium with no network: Leaflet comes as data URIs.

    streamlit-folium collects the ``default_js``/``default_css`` of every element and its
    iframe loads them as ``<script src>``/``<link href>``: folium's defaults point at CDNs
    (Leaflet, jQuery, Bootstrap, Font Awesome), so offline the map area stays blank.  Here the
    links are emptied on every element and the map links to the vendored Leaflet 1.9.4
    (``geo/assets``, from the npm package) as ``data:`` URIs, which the iframe loads without
    any request.  The map is modified in place and returned.

    Raises
    ------
    GeoError
        If an element needs a script or stylesheet other than Leaflet (a folium plugin, or a
        branca colormap, for which streamlit-folium adds d3 from a CDN): with no vendored copy
        it would break offline, so it is refused rather than shown half-working.
    """
    from branca.colormap import ColorMap

    for element in _walk(folium_map):
        if isinstance(element, ColorMap):
            raise GeoError("a branca colormap makes streamlit-folium load d3 from a CDN; "
                           "use geo.maps.legend instead")
        links = list(getattr(element, "default_js", None) or []) + list(
            getattr(element, "default_css", None) or []
        )
        if element is not folium_map and not links:
            continue
        for name, url in links:
            if element is folium_map and name in {"jquery", "bootstrap", "awesome_markers",
                                                  "bootstrap_css", "glyphicons_css",
                                                  "awesome_markers_font_css",
                                                  "awesome_markers_css", "awesome_rotate_css"}:
                continue  # folium.Map's own defaults, unused by Leaflet-only maps
            if not _LEAFLET_LINK.search(url):
                raise GeoError(f"{type(element).__name__} needs {url}, which has no vendored "
                               "copy, so the map would not render offline")
        element.default_js = []
        element.default_css = []
    folium_map.default_js = [(name, _data_uri(name, "text/javascript")) for name in _LEAFLET_JS]
    folium_map.default_css = [("leaflet_css", _data_uri(_LEAFLET_CSS, "text/css"))]
    return folium_map


# ================================================================================ excerpts


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A sentence of an article with marked spans (offsets into ``text``).

    ``start`` is the sentence's offset in the article, so the whole article can be shown
    scrolled to it or highlighted around it.
    """

    text: str
    marks: tuple[tuple[int, int], ...]
    start: int = 0


@dataclass(frozen=True, slots=True)
class ArticleExcerpts:
    """The excerpts of one article about the focused item."""

    doc: str
    title: str | None
    published: str | None
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True, slots=True)
class Focus:
    """What the panel beside the map shows for a selection."""

    selection: Selection
    label: str
    kind_label: str
    details: tuple[str, ...]
    articles: tuple[ArticleExcerpts, ...]
    #: Set when ``articles`` is a sample (a big store): how many articles there are in all.
    total_articles: int | None = None

    @property
    def sampled(self) -> bool:
        return self.total_articles is not None

    @property
    def n_excerpts(self) -> int:
        return sum(len(a.excerpts) for a in self.articles)


def _mentions_of(selection: Selection) -> Callable[[Mention], bool]:
    if selection.kind == "place":
        return lambda m: m.place.id == selection.id
    if selection.kind == "country":
        return lambda m: m.place.iso3 == selection.id
    return lambda m: False


def _mention_excerpts(document: Document, wanted: Callable[[Mention], bool]) -> list[Excerpt]:
    groups: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for mention in document.mentions:
        if not wanted(mention):
            continue
        text, origin = _mention_context(document.article, mention)
        start, end = mention.start - origin, mention.end - origin
        if not (0 <= start < end <= len(text) and text[start:end] == mention.text):
            continue  # a span that does not fit its sentence is not mis-marked
        groups.setdefault((origin, text), []).append((start, end))
    return [
        Excerpt(text, tuple(_disjoint(marks)), origin)
        for (origin, text), marks in sorted(groups.items())
    ]


def _disjoint(marks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(marks)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def event_key(meeting: Any) -> str:
    """The event id :func:`geo.aggregate.event_id` gives a meeting's record."""
    return event_id(
        {"catalog_id": meeting.catalog_id, "date": meeting.date, "kind": meeting.kind,
         "place": meeting.place, "participants": meeting.participants}
    )


def _meeting_excerpt(document: Document, meeting: Any) -> Excerpt:
    """A meeting's excerpt with the mentions of its place marked."""
    marks = [
        (m.start - meeting.start, m.end - meeting.start)
        for m in document.mentions
        if meeting.start <= m.start and m.end <= meeting.end
        and meeting.place is not None
        and (m.place.name == meeting.place or (m.place.lat, m.place.lon) == (meeting.lat,
                                                                            meeting.lon))
    ]
    return Excerpt(meeting.excerpt, tuple(_disjoint(marks)), meeting.start)


def focus_excerpts(
    documents: Sequence[Document],
    selection: Selection,
    *,
    lang: str = "fr",
    collections: Collections | None = None,
) -> Focus:
    """Every excerpt about ``selection`` in ``documents``, grouped by article, in corpus order.

    A place: the sentences that mention it.  A country: the sentences that mention it or a
    place in it.  A meeting: the sentence of each article that reports it (with its place
    marked).  A catalog meeting: those of the reported meetings linked to it.
    ``collections`` gives meeting and catalog labels; without it they are built from records.

    From a :class:`StoreCorpus`, the excerpts are the aggregates' samples (a few articles per
    place or event; for a country, those of its most-mentioned places) and
    :attr:`Focus.total_articles` says how many articles there are in all.
    """
    if isinstance(documents, StoreCorpus):
        return _store_focus(documents, selection, lang, collections)
    label, details = _describe(documents, selection, lang, collections)
    articles: list[ArticleExcerpts] = []
    for document in documents:
        if selection.kind in ("place", "country"):
            excerpts = _mention_excerpts(document, _mentions_of(selection))
        else:
            excerpts = [
                _meeting_excerpt(document, m)
                for m in document.meetings
                if (selection.kind == "meeting" and event_key(m) == selection.id)
                or (selection.kind == "catalog" and m.catalog_id == selection.id)
            ]
        if excerpts:
            article = document.article
            articles.append(
                ArticleExcerpts(article.id, article.title, article.published, tuple(excerpts))
            )
    kind = "meeting" if selection.kind == "catalog" else selection.kind
    return Focus(selection, label, t(f"kind_{kind}", lang), details, tuple(articles))


_MAX_SAMPLED_ARTICLES = 20  # a country's sample: articles from its biggest places


def _store_focus(
    corpus: StoreCorpus, selection: Selection, lang: str, collections: Collections | None
) -> Focus:
    label, details = _describe_store(corpus, selection, lang, collections)
    groups: dict[str, ArticleExcerpts] = {}
    total = 0
    if selection.kind in ("place", "country"):
        places = [
            p for p in corpus.places
            if (p["place_id"] if selection.kind == "place" else p["iso3"]) == selection.id
        ]
        total = max((int(p["n_articles"]) for p in places), default=0)
        for place in places:
            for sample in place.get("samples") or ():
                _add_sample(groups, sample, Excerpt(
                    sample["text"],
                    tuple(_disjoint((int(a), int(b)) for a, b in sample["marks"]
                                    if 0 <= a < b <= len(sample["text"]))),
                ))
            if len(groups) >= _MAX_SAMPLED_ARTICLES:
                break
    else:
        for event in corpus.events:
            wanted = event["id"] if selection.kind == "meeting" else event.get("catalog_id")
            if wanted != selection.id:
                continue
            total += int(event["n_articles"])
            for article in event.get("articles") or ():
                for text in article.get("excerpts") or ():
                    _add_sample(groups, article, Excerpt(text, ()))
    kind = "meeting" if selection.kind == "catalog" else selection.kind
    return Focus(selection, label, t(f"kind_{kind}", lang), details, tuple(groups.values()),
                 total_articles=max(total, len(groups)))


def _add_sample(groups: dict[str, ArticleExcerpts], source: Mapping[str, Any],
                excerpt: Excerpt) -> None:
    doc = source["doc"]
    group = groups.get(doc)
    if group is None:
        groups[doc] = ArticleExcerpts(doc, source.get("title"), source.get("published"),
                                      (excerpt,))
    elif excerpt not in group.excerpts:
        groups[doc] = replace(group, excerpts=(*group.excerpts, excerpt))


def _describe_store(
    corpus: StoreCorpus, selection: Selection, lang: str, collections: Collections | None
) -> tuple[str, tuple[str, ...]]:
    if selection.kind == "place":
        place = next((p for p in corpus.places if p["place_id"] == selection.id), None)
        if place is None:
            return _describe((), selection, lang, collections)
        name = place["name_fr"] if lang == "fr" else place["name"]
        country = country_name(place["iso3"], lang) if place["iso3"] else ""
        return name, tuple(s for s in (country,) if s)
    if selection.kind == "meeting":
        drawn = collections.meetings["features"] if collections is not None else []
        props = next((f["properties"] for f in drawn if f["properties"]["id"] == selection.id),
                     None)
        props = props or next((e for e in corpus.events if e["id"] == selection.id), None)
        if props is not None:
            return _meeting_label(props, lang), tuple(
                s for s in (", ".join(props.get("participants") or ()),
                            props.get("occasion") or "") if s
            )
    return _describe((), selection, lang, collections)


def _describe(
    documents: Sequence[Document],
    selection: Selection,
    lang: str,
    collections: Collections | None,
) -> tuple[str, tuple[str, ...]]:
    if selection.kind == "country":
        return country_name(selection.id, lang), ()
    if selection.kind == "place":
        place = next(
            (m.place for d in documents for m in d.mentions if m.place.id == selection.id), None
        )
        if place is None:
            from .gazetteer import gazetteer

            try:
                place = gazetteer().place(selection.id)
            except GeoError:
                return selection.id, ()
        country = country_name(place.iso3, lang) if place.iso3 else ""
        return place.display_name(lang), tuple(s for s in (country,) if s)
    features = []
    if collections is not None:
        source = collections.meetings if selection.kind == "meeting" else collections.catalog
        features = [f["properties"] for f in (source or {}).get("features", [])]
    props = next((p for p in features if p.get("id") == selection.id), None)
    if props is None:
        records = [m for d in documents for m in d.meetings if event_key(m) == selection.id]
        if not records:
            return selection.id, ()
        props = records[0].to_record()
    return _meeting_label(props, lang), tuple(
        s for s in (", ".join(props.get("participants") or ()), props.get("occasion") or "") if s
    )


def _meeting_label(props: Mapping[str, Any], lang: str) -> str:
    kind = t(f"meeting_{props.get('kind')}", lang)
    place = (props.get("place_fr") if lang == "fr" else None) or props.get("place")
    day = format_date(props.get("date"), lang) or t("undated", lang)
    return " · ".join(s for s in (kind, place or t("no_place", lang), day) if s)


def excerpt_html(excerpt: Excerpt) -> str:
    """The excerpt as HTML: text escaped, each marked span in ``<mark>``."""
    from .maps import highlight

    return highlight(excerpt.text, excerpt.marks)


def article_html(
    article: Article,
    mentions: Iterable[Mention],
    *,
    focus: Selection | None = None,
    spans: Iterable[tuple[int, int]] = (),
) -> str:
    """A whole article as HTML with every place mention in ``<mark>``.

    Mentions of the focused place or country get ``<mark class="geo-focus">``; ``spans``
    (article offsets, e.g. a meeting's excerpt) are wrapped in
    ``<span class="geo-span">``.  Text is escaped piece by piece around the offsets, so no
    markup from the article survives and no entity is cut; tags are always well nested.
    Newlines are kept (the caller shows it with ``white-space: pre-wrap``).
    """
    text = article.text
    wanted = _mentions_of(focus) if focus is not None else (lambda m: False)
    marks: list[tuple[int, int, bool]] = []
    last = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < last or mention.end > len(text):
            continue  # overlapping spans are not nested
        marks.append((mention.start, mention.end, wanted(mention)))
        last = mention.end
    span_list = _disjoint((max(0, a), min(len(text), b)) for a, b in spans if a < b)
    cuts = sorted({0, len(text)} | {p for s, e, _ in marks for p in (s, e)}
                  | {p for s, e in span_list for p in (s, e)})
    out: list[str] = []
    open_span = False
    open_mark: str | None = None
    mark_at = iter(marks)
    current = next(mark_at, None)
    for start, end in zip(cuts, cuts[1:], strict=False):
        while current is not None and current[1] <= start:
            current = next(mark_at, None)
        in_mark = current is not None and current[0] <= start and end <= current[1]
        mark = ("geo-focus" if current[2] else "") if in_mark and current else None
        in_span = any(s <= start and end <= e for s, e in span_list)
        if open_mark is not None and (mark != open_mark or in_span != open_span):
            out.append("</mark>")
            open_mark = None
        if in_span != open_span:
            out.append("<span class=\"geo-span\">" if in_span else "</span>")
            open_span = in_span
        if mark is not None and open_mark is None:
            out.append(f"<mark class=\"{mark}\">" if mark else "<mark>")
            open_mark = mark
        out.append(html.escape(text[start:end]))
    if open_mark is not None:
        out.append("</mark>")
    if open_span:
        out.append("</span>")
    return "".join(out)


# =========================================================================== options, rows


@cache
def _country_names(lang: str) -> dict[str, str]:
    from .gazetteer import country_places  # not the whole gazetteer: a menu needs no matcher

    return {p.iso3: p.display_name(lang) for p in country_places() if p.iso3}


def country_name(iso3: str | None, lang: str = "fr") -> str:
    """A country's name in ``lang`` (its code when the gazetteer does not know it)."""
    if not iso3:
        return ""
    return _country_names(lang).get(iso3, iso3)


def doc_options(documents: Iterable[Document], lang: str = "fr") -> dict[str, str]:
    """Article id -> label (date · title, or the file name) for the article filter."""
    options: dict[str, str] = {}
    if isinstance(documents, StoreCorpus):
        return options  # a big store's articles are not listed (the filter is off)
    for document in documents:
        article = document.article
        parts = [format_date(article.published, lang), article.title or article.id]
        options[article.id] = " · ".join(p for p in parts if p)
    return options


def country_options(documents: Iterable[Document], lang: str = "fr") -> dict[str, str]:
    """ISO3 -> name of the countries the documents' mentions and meetings lie in, by name."""
    if isinstance(documents, StoreCorpus):
        codes = documents.countries
    else:
        codes = {m.place.iso3 for d in documents for m in d.mentions if m.place.iso3}
        codes |= {m.iso3 for d in documents for m in d.meetings if m.iso3}
    names = {code: country_name(code, lang) for code in codes}
    return dict(sorted(names.items(), key=lambda item: _fold(item[1])))


def focus_options(
    documents: Sequence[Document],
    collections: Collections,
    lang: str = "fr",
    *,
    current: str | None = None,
) -> dict[str, str]:
    """Selection key -> label of what the panel can show: countries, places, meetings.

    Countries, places and meetings of the (filtered) documents, then the catalog's meetings.
    ``current`` (the selection a click or a link made) is always offered, even when nothing
    in the documents mentions it: the panel then says so instead of forgetting the click.
    """
    options: dict[str, str] = {}
    kinds = {k: t(f"kind_{k}", lang) for k in ("country", "place", "meeting", "catalog")}
    for code, name in country_options(documents, lang).items():
        options[Selection("country", code).key] = f"{kinds['country']} · {name}"
    places = sorted(
        collections.places["features"],
        key=lambda f: _fold(f["properties"]["name_fr" if lang == "fr" else "name"]),
    )
    for feature in places:
        p = feature["properties"]
        if p["type"] == "country":
            continue  # listed as a country above, with the places inside it
        name = p["name_fr"] if lang == "fr" else p["name"]
        options[Selection("place", p["place_id"]).key] = f"{kinds['place']} · {name}"
    for feature in collections.meetings["features"]:
        p = feature["properties"]
        options[Selection("meeting", p["id"]).key] = f"{kinds['meeting']} · " + _meeting_label(
            p, lang
        )
    for feature in (collections.catalog or {}).get("features", []):
        p = feature["properties"]
        options[Selection("catalog", p["id"]).key] = f"{kinds['catalog']} · " + _meeting_label(
            p, lang
        )
    selection = Selection.parse(current)
    if selection is not None and selection.key not in options:
        if isinstance(documents, StoreCorpus):
            label, _ = _describe_store(documents, selection, lang, collections)
        else:
            label, _ = _describe(documents, selection, lang, collections)
        kind = "catalog" if selection.kind == "catalog" else selection.kind
        options[selection.key] = f"{kinds[kind]} · {label}"
    return options


def place_rows(
    collections: Collections, lang: str = "fr", *, corpus: Corpus | None = None
) -> list[dict[str, Any]]:
    """One row per place mentioned: name, type, country, mentions, articles (most first).

    With a :class:`StoreCorpus` as ``corpus``, every place it holds (not only the ones the map
    draws), from the per-place counts.
    """
    rows = []
    if isinstance(corpus, StoreCorpus):
        properties: Iterable[Mapping[str, Any]] = corpus.places
    else:
        properties = (feature["properties"] for feature in collections.places["features"])
    for p in properties:
        rows.append(
            {
                t("col_name", lang): p["name_fr"] if lang == "fr" else p["name"],
                t("col_type", lang): t(f"type_{p['type']}", lang),
                t("col_country", lang): country_name(p["iso3"], lang),
                t("col_mentions", lang): p["mentions"],
                t("col_articles", lang): p["n_articles"],
            }
        )
    return rows


def timeline_spec(lang: str = "fr") -> dict[str, Any]:
    """The Vega-Lite chart of :func:`meeting_rows`: one dot per meeting, by day and kind.

    A plain spec (Streamlit draws it with ``st.vega_lite_chart``) rather than an Altair chart:
    importing Altair costs ~0.2-0.4 s of the dashboard's first run, right while the browser
    is drawing the map.
    """
    def field(name: str, kind: str, title_key: str) -> dict[str, str]:
        return {"field": name, "type": kind, "title": t(title_key, lang)}

    return {
        "mark": {"type": "circle", "size": 140, "opacity": 0.85},
        "height": 220,
        "encoding": {
            "x": field("day", "temporal", "col_date"),
            "y": field("kind", "nominal", "col_kind"),
            "color": field("kind", "nominal", "col_kind"),
            "tooltip": [
                field("date", "nominal", "col_date"),
                field("kind", "nominal", "col_kind"),
                field("place", "nominal", "col_place"),
                field("participants", "nominal", "col_participants"),
                field("articles", "quantitative", "col_articles"),
            ],
        },
    }


def meeting_rows(collections: Collections, lang: str = "fr") -> list[dict[str, Any]]:
    """One row per dated meeting event, for the timeline: day (a date), kind, place, who.

    A meeting known to the month or year is placed on its first day; ``date`` keeps the text.
    """
    rows = []
    for feature in collections.meetings["features"]:
        p = feature["properties"]
        if not p.get("date"):
            continue
        parts = [int(x) for x in p["date"].split("-")] + [1, 1]
        rows.append(
            {
                "day": date(parts[0], parts[1], parts[2]),
                "date": p["date"],
                "kind": t(f"meeting_{p['kind']}", lang),
                "place": (p.get("place_fr") if lang == "fr" else None) or p.get("place")
                or t("no_place", lang),
                "participants": ", ".join(p.get("participants") or ()),
                "articles": p.get("n_articles", 0),
                "key": Selection("meeting", p["id"]).key,
            }
        )
    return rows
