"""Summaries every view shares: GeoJSON-like FeatureCollections of mentions, meetings, members.

The folium map (:mod:`geo.maps`), the GeoJSON export (:mod:`geo.export`) and the Streamlit
dashboard all read the same plain dicts, so a filter applied in one place shows the same
features everywhere, and the batch store can later produce the same shapes from its tables.
Conventions of every collection built here:

- geometry is GeoJSON in ``[lon, lat]`` order, EPSG:4326; a record with no place (a phone call)
  has ``"geometry": None``, which RFC 7946 allows;
- properties are JSON-ready (str, int, float, bool, None, lists, dicts) and keep article text
  **raw**: escaping is the renderer's job, because one excerpt becomes HTML in a popup, a cell
  in a table and a string in a GeoJSON file;
- excerpts are grouped by article, each with its title, and mark the mention as
  ``[start, end]`` offsets into the excerpt string, so a renderer can highlight it after
  escaping (offsets are computed on the raw text, never on escaped HTML).

Country polygons are the gazetteer's Natural Earth 1:50m shapes (already cut at ±180° by the
build, so Chukotka, Fiji and Antarctica never draw as bands), simplified once per process as a
coverage (:func:`country_geometries`), so neighbouring countries keep sharing their borders.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .errors import GeoError, InvalidDateError
from .gazetteer import country_table
from .orgs import Membership, memberships, resolve_organisation
from .records import Article, Mention

if TYPE_CHECKING:  # shapely and numpy are only imported when polygons are needed
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "CLASSES",
    "COLLECTIONS",
    "MAP_TOLERANCE",
    "MAX_FEATURES",
    "STORE_OBJECT_LIMIT",
    "Parsed",
    "article_meetings",
    "catalog_geojson",
    "country_geometries",
    "country_shapes",
    "enlargement_steps",
    "feature_collection",
    "history_geojson",
    "meeting_events_geojson",
    "meetings_geojson",
    "membership_class",
    "membership_geojson",
    "mentions_geojson",
    "parsed_articles",
    "places_geojson",
    "resolve_day",
    "sampled_events_geojson",
    "sampled_places_geojson",
    "store_is_big",
    "store_meeting_events_geojson",
    "store_places_geojson",
    "store_record_features",
    "stored_inputs",
]

#: One article and the mentions the parser found in it.
Parsed = tuple[Article, Sequence[Mention]]

#: The map's membership classes, in legend order.  ``partner`` covers ``dialogue_partner``;
#: ``other`` covers applicant, suspended and frozen; ``former`` is a past member with no other
#: status that day (see :func:`membership_class`).
CLASSES: tuple[str, ...] = ("member", "observer", "partner", "other", "former", "none")
_STATUS_CLASS = {
    "member": "member",
    "observer": "observer",
    "partner": "partner",
    "dialogue_partner": "partner",
    "applicant": "other",
    "suspended": "other",
    "frozen": "other",
}

#: Coverage-simplification tolerance (degrees) of the map's country polygons: measured to keep
#: the full world under ~0.9 MB of GeoJSON while Central Asian borders stay recognisable.
MAP_TOLERANCE = 0.05

#: What ``feature_collection(what=...)`` can build.
COLLECTIONS: tuple[str, ...] = ("mentions", "places", "meetings", "membership")

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_EXCERPT_MAX = 400  # characters around the highlighted spans in a long sentence
_CONTEXT = 160  # characters either side of a mention when the parser gave no sentence


# --------------------------------------------------------------------------------- inputs


def parsed_articles(items: Iterable[Article | Parsed] | None = None) -> list[Parsed]:
    """Articles paired with their mentions, parsing those that come without.

    Parameters
    ----------
    items
        :class:`~geo.records.Article` objects (parsed here with
        :func:`geo.pipeline.parse_article`), ``(article, mentions)`` pairs already parsed (the
        dashboard caches them), or None for the bundled corpus.

    Raises
    ------
    GeoError
        If an item is neither an article nor an ``(article, mentions)`` pair.
    """
    from .pipeline import parse_article

    if items is None:
        from .articles import load_corpus

        items = load_corpus()
    parsed: list[Parsed] = []
    for item in items:
        if isinstance(item, Article):
            parsed.append((item, parse_article(item)))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Article):
            parsed.append((item[0], list(item[1])))
        else:
            raise GeoError(
                f"expected an Article or an (Article, mentions) pair, got {type(item).__name__}"
            )
    return parsed


def article_meetings(parsed: Iterable[Parsed]) -> list[Any]:
    """The meetings each article reports (:func:`geo.meetings.find_meetings_in_article`).

    The parsed mentions are passed on, so no article is parsed twice.  Returns ``[]`` when the
    meetings stage is not installed, so maps of mentions still work without it.
    """
    try:
        from .meetings import find_meetings_in_article
    except ImportError:
        return []
    return [m for article, mentions in parsed for m in find_meetings_in_article(article, mentions)]


def parse_with_meetings(article: Article) -> tuple[tuple[Mention, ...], tuple[Any, ...]]:
    """One article's mentions, then its meetings (reusing the mentions): what the dashboard
    keeps of each article, whether it parses in its own process or in the warm-up's."""
    from .pipeline import parse_article

    mentions = tuple(parse_article(article))
    return mentions, tuple(article_meetings([(article, mentions)]))


def resolve_day(on: date | str | None) -> date:
    """The day a membership map shows: ``on`` itself, or today when None.

    A month (``2024-07``) means its last day, the state after every change that month, so an
    article published "in July 2024" is shown with Belarus already in the SCO.

    Raises
    ------
    InvalidDateError
        If ``on`` is neither a date nor an ISO ``YYYY-MM-DD`` / ``YYYY-MM`` string.
    """
    if on is None:
        return date.today()
    if isinstance(on, date):
        return on
    text = on.strip() if isinstance(on, str) else ""
    if _MONTH.match(text):
        year, month = int(text[:4]), int(text[5:])
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1])
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidDateError(
            f"invalid date {on!r}: expected YYYY-MM-DD (e.g. '2024-07-04') or YYYY-MM"
        ) from None


# ------------------------------------------------------------------------------- mentions


def mentions_geojson(parsed: Iterable[Parsed]) -> dict:
    """One Point feature per mention, properties as in the ``geo parse`` contract.

    This is the export of record (``geo export --what mentions``): nothing aggregated, so a
    reader can recount anything.
    """
    return _collection(
        _feature(_point(m.place.lon, m.place.lat), m.to_record())
        for _, mentions in parsed
        for m in mentions
    )


def places_geojson(parsed: Iterable[Parsed]) -> dict:
    """One Point feature per resolved place, with its mention count and excerpts by article.

    Properties: ``place_id``, ``name``, ``name_fr``, ``type``, ``iso3``, ``mentions`` (count),
    ``n_articles``, and ``articles``: a list of ``{doc, title, published, mentions, excerpts}``
    in input order, each excerpt ``{"text": str, "marks": [[start, end], ...]}`` with one mark
    per mention of this place in that sentence.  Features are sorted by decreasing count, so a
    map draws small circles above big ones and every circle stays clickable.
    """
    groups: dict[str, dict[str, Any]] = {}
    for article, mentions in parsed:
        for mention in mentions:
            place = groups.setdefault(mention.place.id, {"place": mention.place, "docs": {}})
            doc = place["docs"].setdefault(article.id, {"article": article, "sentences": {}})
            doc["sentences"].setdefault(_sentence_key(mention), []).append(mention)
    features = [_place_feature(group["place"], group["docs"]) for group in groups.values()]
    features.sort(key=lambda f: (-f["properties"]["mentions"], f["properties"]["place_id"]))
    return _collection(features)


def _place_feature(place: Any, docs: Mapping[str, dict]) -> dict:
    articles = []
    for doc_id, doc in docs.items():
        article: Article = doc["article"]
        excerpts = [_mention_excerpt(article, group) for group in doc["sentences"].values()]
        articles.append(
            {
                "doc": doc_id,
                "title": article.title,
                "published": article.published,
                "mentions": sum(len(group) for group in doc["sentences"].values()),
                "excerpts": excerpts,
            }
        )
    properties = {
        "place_id": place.id,
        "name": place.name,
        "name_fr": place.name_fr,
        "type": place.type,
        "iso3": place.iso3,
        "mentions": sum(a["mentions"] for a in articles),
        "n_articles": len(articles),
        "articles": articles,
    }
    return _feature(_point(place.lon, place.lat), properties, id=place.id)


def _sentence_key(mention: Mention) -> tuple[int, str]:
    return (mention.sentence_start, mention.sentence) if mention.sentence else (mention.start, "")


def _mention_excerpt(article: Article, mentions: Sequence[Mention]) -> dict:
    """The sentence holding ``mentions`` (all in one sentence), with their spans marked.

    Offsets are taken from the parser's spans on the raw text and checked against it; a
    mention whose span does not fit its sentence is located by search rather than mis-marked.
    """
    first = mentions[0]
    if first.sentence:
        text, origin = first.sentence, first.sentence_start
    else:  # no sentence from the parser: a window of the article around the mention
        origin = max(0, first.start - _CONTEXT)
        text = article.text[origin : first.end + _CONTEXT]
    marks = sorted({_mark(text, origin, m) for m in mentions} - {None})
    return _window(text, _disjoint(marks))


def _mark(text: str, origin: int, mention: Mention) -> tuple[int, int] | None:
    start, end = mention.start - origin, mention.end - origin
    if 0 <= start < end <= len(text) and text[start:end] == mention.text:
        return (start, end)
    found = text.find(mention.text)
    return (found, found + len(mention.text)) if found >= 0 else None


def _disjoint(marks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted marks with overlaps merged, so a renderer can wrap each in one tag."""
    merged: list[tuple[int, int]] = []
    for start, end in marks:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, marks: list[tuple[int, int]]) -> dict:
    """Trim a long sentence to ~400 characters around its marks, on word boundaries."""
    text_marks = [list(m) for m in marks]
    if len(text) <= _EXCERPT_MAX or not marks:
        return {"text": text, "marks": text_marks}
    lo, hi = marks[0][0], marks[-1][1]
    spare = max(0, _EXCERPT_MAX - (hi - lo)) // 2
    start = max(0, lo - spare)
    end = min(len(text), hi + spare)
    if start > 0:
        space = text.find(" ", start, lo)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", hi, end)
        end = space if space >= 0 else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    return {
        "text": prefix + text[start:end] + suffix,
        "marks": [[a + shift, b + shift] for a, b in marks],
    }


# ------------------------------------------------------------------------------- meetings


def meetings_geojson(meetings: Iterable[Any]) -> dict:
    """One feature per meeting record, properties as in the ``geo meetings`` contract.

    ``meetings`` are :class:`geo.meetings.Meeting` objects or their ``to_record()`` dicts.
    Calls have no place and so ``"geometry": None``.
    """
    records = [_record(m) for m in meetings]
    return _collection(_feature(_point(r.get("lon"), r.get("lat")), r) for r in records)


def meeting_events_geojson(
    meetings: Iterable[Any], articles: Iterable[Article] = (), *, catalog: Iterable[Any] = ()
) -> dict:
    """One feature per meeting *event*, with the excerpts of every article that reports it.

    Several articles often report one summit; the map shows it once.  Records are grouped by
    ``catalog_id`` when the extractor linked them to the catalog, otherwise by kind, date,
    place and participants.  Properties: ``id``, ``kind``, ``date``, ``date_precision``,
    ``place``, ``place_fr`` (from the catalog when linked), ``iso3``, ``participants`` (union,
    in order of appearance), ``catalog_id``, ``occasion``, ``n_articles`` and ``articles``: a
    list of ``{doc, title, published, excerpts: [str]}``.  Calls have ``"geometry": None``.
    Events are sorted by date (undated last).

    Parameters
    ----------
    meetings
        :class:`geo.meetings.Meeting` objects or records.
    articles
        The articles they come from, for titles and dates (a missing article leaves the title
        None).
    catalog
        Catalog entries (:func:`geo.meetings.meeting_catalog`) for French place names and the
        occasion; none by default.
    """
    by_doc = {a.id: a for a in articles}
    by_id = {entry["id"]: entry for entry in (_record(c) for c in catalog)}
    events: dict[tuple, dict[str, Any]] = {}
    for record in (_record(m) for m in meetings):
        event = events.setdefault(event_key(record), _new_event(record, by_id))
        for name in record.get("participants") or ():
            if name not in event["participants"]:
                event["participants"].append(name)
        _add_report(event["reports"], record, by_doc.get(record.get("doc")))
    features = [_event_feature(event) for event in events.values()]
    features.sort(key=lambda f: (f["properties"]["date"] is None, f["properties"]["date"] or ""))
    return _collection(features)


def event_key(record: Mapping[str, Any]) -> tuple:
    """What makes two meeting records one event: the catalog entry they were linked to, or
    else the same kind, date, place and participants.  Maps and the store group by it, so an
    event reported by many articles is one marker with many reports."""
    if record.get("catalog_id"):
        return ("catalog", record["catalog_id"])
    return (
        record.get("kind"),
        record.get("date"),
        record.get("place"),
        record.get("lat"),
        record.get("lon"),
        tuple(sorted(record.get("participants") or ())),
    )


def event_id(record: Mapping[str, Any]) -> str:
    """The id a meeting event carries in GeoJSON, the store and the dashboard's selection:
    its catalog id, or ``date|kind|place|participants`` (stable across runs, readable in a URL;
    the participants keep two different meetings on one day in one city apart, as
    :func:`event_key` does)."""
    if record.get("catalog_id"):
        return record["catalog_id"]
    participants = "+".join(sorted(record.get("participants") or ()))
    return "|".join(
        str(part)
        for part in (record.get("date"), record.get("kind"), record.get("place"), participants)
    )


def _new_event(record: Mapping[str, Any], catalog: Mapping[str, Mapping]) -> dict[str, Any]:
    entry = catalog.get(record.get("catalog_id") or "", {})
    return {
        "record": record,
        "place_fr": entry.get("place_fr") or record.get("place"),
        "occasion": entry.get("occasion") or None,
        "participants": [],
        "reports": {},
    }


def _add_report(reports: dict, record: Mapping[str, Any], article: Article | None) -> None:
    doc = record.get("doc") or ""
    report = reports.setdefault(
        doc,
        {
            "doc": doc,
            "title": article.title if article else None,
            "published": article.published if article else None,
            "excerpts": [],
        },
    )
    excerpt = record.get("excerpt")
    if excerpt and excerpt not in report["excerpts"]:
        report["excerpts"].append(excerpt)


def _event_feature(event: Mapping[str, Any]) -> dict:
    record = event["record"]
    properties = {
        "id": event_id(record),
        "kind": record.get("kind"),
        "date": record.get("date"),
        "date_precision": record.get("date_precision"),
        "place": record.get("place"),
        "place_fr": event["place_fr"],
        "iso3": record.get("iso3"),
        "participants": event["participants"],
        "catalog_id": record.get("catalog_id"),
        "occasion": event["occasion"],
        "n_articles": len(event["reports"]),
        "articles": list(event["reports"].values()),
    }
    return _feature(_point(record.get("lon"), record.get("lat")), properties, id=properties["id"])


def catalog_geojson(catalog: Iterable[Any] | None = None) -> dict:
    """The meetings catalog as features (the bundled one when ``catalog`` is None).

    Properties: ``id``, ``date``, ``end_date``, ``place``, ``place_fr``, ``iso3``, ``kind``,
    ``participants``, ``occasion``, ``source``.  Calls and summits held by video link have no
    place and ``"geometry": None``.
    """
    if catalog is None:
        try:
            from .meetings import meeting_catalog
        except ImportError:
            return _collection([])
        catalog = meeting_catalog()
    keys = ("id", "date", "end_date", "place", "place_fr", "iso3", "kind", "participants",
            "occasion", "source")
    features = []
    for entry in (_record(c) for c in catalog):
        properties = {key: entry.get(key) for key in keys}
        properties["participants"] = list(properties["participants"] or ())
        features.append(
            _feature(_point(entry.get("lon"), entry.get("lat")), properties, id=entry.get("id"))
        )
    return _collection(features)


def _record(item: Any) -> dict[str, Any]:
    """A meeting or catalog entry as a plain dict, whatever form the caller holds it in."""
    if hasattr(item, "to_record"):
        return dict(item.to_record())
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    if isinstance(item, Mapping):
        return dict(item)
    raise GeoError(f"expected a meeting record (dict or Meeting), got {type(item).__name__}")


# ----------------------------------------------------------------------------- membership


def membership_class(status: str | None, former: bool = False) -> str:
    """The map class (one of :data:`CLASSES`) of a country's status on one day.

    A current status always wins over "former member" (Armenia's frozen CSTO participation is
    "other", not "former"), as :func:`geo.orgs.former_members` advises.
    """
    if status is not None:
        return _STATUS_CLASS.get(status, "other")
    return "former" if former else "none"


def membership_geojson(
    org: str,
    on: date | str | None = None,
    lang: str = "en",
    *,
    tolerance: float | None = MAP_TOLERANCE,
) -> dict:
    """Every country with its status in ``org`` on the day ``on``: the choropleth's data.

    Parameters
    ----------
    org
        Organisation id, name or acronym (French or English).
    on
        The day (date, ``YYYY-MM-DD`` or ``YYYY-MM``, see :func:`resolve_day`); today if None.
    lang
        ``"fr"`` for French country names in ``name``, anything else for English.
    tolerance
        Simplification tolerance in degrees (:data:`MAP_TOLERANCE` keeps maps small); None for
        the unsimplified 1:50m polygons.

    Returns
    -------
    dict
        A FeatureCollection of all countries, one feature each (``id`` = ISO3), properties
        ``iso3``, ``name``, ``name_en``, ``name_fr``, ``org``, ``on``, ``status`` (the raw
        status, or None), ``class`` (one of :data:`CLASSES`), ``since`` (first day of the
        current status), ``until`` (for a former member, the day membership ended) and
        ``note``.  Top-level members ``org``, ``org_name`` and ``on`` say what was asked.

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is unknown.
    InvalidDateError
        If ``on`` is not a valid date.
    """
    organisation = resolve_organisation(org)
    day = resolve_day(on)
    periods = _periods_by_country(organisation.id)
    geometries = country_geometries(tolerance)
    features = []
    table = country_table()  # names and codes only: no need to load the whole gazetteer
    for iso3, name, name_fr in zip(table.iso3, table.name, table.name_fr, strict=True):
        rows = periods.get(iso3, [])
        current = next((m for m in rows if m.holds_on(day)), None)
        klass = _class_on(rows, iso3, day)
        ended = [m.end for m in rows if m.status == "member" and m.end and m.end <= day]
        properties = {
            "iso3": iso3,
            "name": name_fr if lang == "fr" else name,
            "name_en": name,
            "name_fr": name_fr,
            "org": organisation.id,
            "on": day.isoformat(),
            "status": current.status if current else None,
            "class": klass,
            "since": current.start.isoformat() if current else None,
            "until": max(ended).isoformat() if klass == "former" and ended else None,
            "note": current.note if current else None,
        }
        features.append(_feature(geometries.get(iso3), properties, id=iso3))
    collection = _collection(features)
    collection.update(
        org=organisation.id, org_name=organisation.display_name(lang), on=day.isoformat()
    )
    return collection


def _periods_by_country(org_id: str) -> dict[str, list[Membership]]:
    periods: dict[str, list[Membership]] = {}
    for row in memberships(org_id):
        periods.setdefault(row.iso3, []).append(row)
    return periods


def enlargement_steps(org: str, until: date | str | None = None) -> list[dict]:
    """The days an organisation's membership changed, with each country's class from then on.

    Each step is ``{"date": "YYYY-MM-DD", "classes": {iso3: class}, "changes": [{"iso3",
    "before", "after"}]}``; ``classes`` lists every country that ever held a status (the others
    are "none"), ``changes`` the classes that differ from the previous step.  This drives the
    steppable enlargement timeline (for the SCO: the Shanghai Five in 1996 to today).

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is unknown.
    """
    organisation = resolve_organisation(org)
    last = resolve_day(until)
    rows = memberships(organisation)
    days = sorted({m.start for m in rows} | {m.end for m in rows if m.end})
    countries = sorted({m.iso3 for m in rows})
    steps: list[dict] = []
    previous = dict.fromkeys(countries, "none")
    for day in (d for d in days if d <= last):
        classes = {iso3: _class_on(rows, iso3, day) for iso3 in countries}
        changes = [
            {"iso3": iso3, "before": previous[iso3], "after": classes[iso3]}
            for iso3 in countries
            if classes[iso3] != previous[iso3]
        ]
        if changes:
            steps.append({"date": day.isoformat(), "classes": classes, "changes": changes})
        previous = classes
    return steps


def _class_on(rows: Sequence[Membership], iso3: str, day: date) -> str:
    current = next((m for m in rows if m.iso3 == iso3 and m.holds_on(day)), None)
    was_member = any(m.iso3 == iso3 and m.status == "member" and m.start < day for m in rows)
    former = was_member and (current is None or current.status != "member")
    return membership_class(current.status if current else None, former)


def history_geojson(
    org: str, lang: str = "en", *, tolerance: float | None = MAP_TOLERANCE
) -> dict:
    """The countries that ever held a status in ``org``, each with its status periods.

    Properties: ``iso3``, ``name`` (in ``lang``), ``name_en``, ``name_fr`` and ``history``, a
    list of ``{"status", "start", "end"}`` (``end`` exclusive, None while ongoing).  Used with
    :func:`enlargement_steps` for the timeline; only these countries are drawn, which keeps the
    timeline layer a fraction of the world's size.

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is unknown.
    """
    organisation = resolve_organisation(org)
    periods = _periods_by_country(organisation.id)
    geometries = country_geometries(tolerance)
    table = country_table()
    names = {iso3: (en, fr) for iso3, en, fr in zip(table.iso3, table.name, table.name_fr,
                                                     strict=True)}
    features = []
    for iso3 in sorted(periods):
        if iso3 not in names:
            continue
        name_en, name_fr = names[iso3]
        properties = {
            "iso3": iso3,
            "name": name_fr if lang == "fr" else name_en,
            "name_en": name_en,
            "name_fr": name_fr,
            "history": [
                {
                    "status": m.status,
                    "start": m.start.isoformat(),
                    "end": m.end.isoformat() if m.end else None,
                }
                for m in periods[iso3]
            ],
        }
        features.append(_feature(geometries.get(iso3), properties, id=iso3))
    return _collection(features)


# ----------------------------------------------------------------------------- dispatcher


def feature_collection(
    what: str,
    articles: Iterable[Article | Parsed] | None = None,
    *,
    org: str | None = None,
    on: date | str | None = None,
    lang: str = "en",
    meetings: Iterable[Any] | None = None,
) -> dict:
    """The collection ``geo export --what WHAT`` writes.

    ``mentions`` and ``meetings`` follow the parse and meetings contracts (one feature per
    record; ``meetings`` are extracted from the articles unless given); ``places`` is the
    per-place summary; ``membership`` the country statuses of ``org`` (default: the SCO) on
    ``on`` (default: today), at full 1:50m detail.  Articles are not parsed for membership.

    Raises
    ------
    GeoError
        If ``what`` is not one of :data:`COLLECTIONS`.
    """
    if what == "membership":
        return membership_geojson(org or "sco", on, lang, tolerance=None)
    if what not in COLLECTIONS:
        raise GeoError(f"unknown collection {what!r}; choose one of {', '.join(COLLECTIONS)}")
    if what == "meetings" and meetings is not None:
        return meetings_geojson(meetings)
    parsed = parsed_articles(articles)
    if what == "mentions":
        return mentions_geojson(parsed)
    if what == "places":
        return places_geojson(parsed)
    return meetings_geojson(article_meetings(parsed))


def stored_inputs(store: str | os.PathLike[str]) -> tuple[list[Parsed], list[dict]]:
    """The parsed articles and meeting records of a batch store (``geo batch -o STORE``).

    The articles come without their text (the store keeps excerpts), which is all the maps and
    exports need.

    Raises
    ------
    StoreError
        If the store cannot be opened, or holds too many articles to load as objects.
    """
    from .store import open_store

    opened = open_store(store)
    return opened.parsed_articles(), opened.records("meetings")


# --------------------------------------------------------------------------- big stores

#: A store with more articles than this is mapped from its aggregates (per place, per meeting
#: event: :meth:`geo.store.Store.places`, :meth:`~geo.store.Store.meeting_events`) instead of
#: being loaded as objects; smaller ones keep the exact path (every excerpt of every article).
STORE_OBJECT_LIMIT = 10_000

#: The most place (or meeting event) features a map built from a store's aggregates draws:
#: the biggest ones; the collection says how many were left out.
MAX_FEATURES = 2_000

#: Sample excerpts (articles) kept per place or event on the aggregate path.
SAMPLES = 3


def store_is_big(store: Any) -> bool:
    """Whether a store (a path or an opened :class:`~geo.store.Store`) is read from its
    aggregates: more articles than :data:`STORE_OBJECT_LIMIT` (counted from the footers)."""
    return _opened(store).summary()["articles"] > STORE_OBJECT_LIMIT


def sampled_places_geojson(rows: Iterable[Mapping[str, Any]], *, total: int | None = None) -> dict:
    """:func:`places_geojson`'s features from per-place aggregates (:meth:`Store.places` rows).

    The properties are the same (``place_id``, ``name``, ``name_fr``, ``type``, ``iso3``,
    ``mentions``, ``n_articles``, ``articles``); ``mentions`` and ``n_articles`` are the exact
    counts, while ``articles`` holds only the sampled articles, each with the one sampled
    excerpt (its ``mentions`` counts the marks in it).  Rows keep their order (biggest first).
    The collection carries ``total`` (places before the limit, default: the rows given),
    ``left_out`` (``total`` minus the features) and ``sampled``: true.
    """
    features = []
    for row in rows:
        articles = []
        for sample in row.get("samples") or ():
            text = sample.get("text") or ""
            marks = sorted(
                {(int(a), int(b)) for a, b in sample.get("marks") or () if 0 <= a < b <= len(text)}
            )
            articles.append(
                {
                    "doc": sample["doc"],
                    "title": sample.get("title"),
                    "published": sample.get("published"),
                    "mentions": max(1, len(marks)),
                    "excerpts": [_window(text, _disjoint(marks))],
                }
            )
        properties = {
            "place_id": row["place_id"],
            "name": row["name"],
            "name_fr": row["name_fr"],
            "type": row["type"],
            "iso3": row["iso3"],
            "mentions": int(row["mentions"]),
            "n_articles": int(row["n_articles"]),
            "articles": articles,
        }
        features.append(_feature(_point(row["lon"], row["lat"]), properties, id=row["place_id"]))
    return _summarised(features, total)


def sampled_events_geojson(
    events: Iterable[Mapping[str, Any]],
    *,
    total: int | None = None,
    catalog: Iterable[Any] = (),
) -> dict:
    """:func:`meeting_events_geojson`'s features from :meth:`Store.meeting_events` rows.

    Same properties; ``n_articles`` is the exact number of articles reporting the event and
    ``articles`` the sampled ones.  Sorted by date (undated last) like the full path; the
    collection carries ``total``, ``left_out`` and ``sampled`` as in
    :func:`sampled_places_geojson`.  ``catalog`` gives French place names and occasions.
    """
    by_id = {entry["id"]: entry for entry in (_record(c) for c in catalog)}
    features = []
    for event in events:
        entry = by_id.get(event.get("catalog_id") or "", {})
        properties = {
            "id": event["id"],
            "kind": event.get("kind"),
            "date": event.get("date"),
            "date_precision": event.get("date_precision"),
            "place": event.get("place"),
            "place_fr": entry.get("place_fr") or event.get("place"),
            "iso3": event.get("iso3"),
            "participants": list(event.get("participants") or ()),
            "catalog_id": event.get("catalog_id"),
            "occasion": entry.get("occasion") or None,
            "n_articles": int(event.get("n_articles") or len(event.get("articles") or ())),
            "articles": [
                {
                    "doc": a["doc"],
                    "title": a.get("title"),
                    "published": a.get("published"),
                    "excerpts": [e for e in a.get("excerpts") or () if e],
                }
                for a in event.get("articles") or ()
            ],
        }
        features.append(
            _feature(_point(event.get("lon"), event.get("lat")), properties, id=properties["id"])
        )
    features.sort(key=lambda f: (f["properties"]["date"] is None, f["properties"]["date"] or ""))
    return _summarised(features, total)


def store_places_geojson(
    store: Any, *, limit: int | None = MAX_FEATURES, samples: int = SAMPLES
) -> dict:
    """The ``limit`` most-mentioned places of a store, as :func:`sampled_places_geojson`.

    Reads the store part by part (:meth:`geo.store.Store.places`): memory follows one part
    and the number of distinct places, not the number of mentions.
    """
    opened = _opened(store)
    counts = opened.place_counts()
    kept = counts if limit is None else counts.slice(0, limit)
    rows = opened.places(samples=samples, counts=kept)
    return sampled_places_geojson(rows, total=counts.num_rows)


def store_meeting_events_geojson(
    store: Any,
    *,
    limit: int | None = MAX_FEATURES,
    samples: int = SAMPLES,
    catalog: Iterable[Any] = (),
) -> dict:
    """The ``limit`` meeting events of a store reported by most articles, as
    :func:`sampled_events_geojson`."""
    events = _opened(store).meeting_events(samples=samples)
    kept = events if limit is None else events[:limit]
    return sampled_events_geojson(kept, total=len(events), catalog=catalog)


def store_record_features(store: Any, table: str, *, batch_size: int = 8_192) -> Iterable[dict]:
    """One feature per stored mention or meeting record (``table``), streamed part by part.

    The same features as :func:`mentions_geojson` / :func:`meetings_geojson` of the stored
    records (properties: the ``geo parse`` / ``geo meetings`` contract), for exports of every
    record of a big store: memory follows one batch, not the store.
    """
    from .store import CONTRACT

    opened = _opened(store)
    if table not in CONTRACT:
        raise GeoError(f"expected 'mentions' or 'meetings', not {table!r}")
    for batch in opened.iter_batches(table, CONTRACT[table], batch_size=batch_size):
        for record in batch.to_pylist():
            if table == "mentions":
                for key, digits in (("lat", 6), ("lon", 6), ("confidence", 3)):
                    if record[key] is not None:
                        record[key] = round(record[key], digits)
            else:
                record["participants"] = list(record["participants"] or ())
            yield _feature(_point(record.get("lon"), record.get("lat")), record)


def _opened(store: Any) -> Any:
    from .store import Store, open_store

    return store if isinstance(store, Store) else open_store(store)


def _summarised(features: list[dict], total: int | None) -> dict:
    collection = _collection(features)
    total = len(features) if total is None else max(int(total), len(features))
    collection.update(total=total, left_out=total - len(features), sampled=True)
    return collection


# ------------------------------------------------------------------------------ geometry


def country_geometries(tolerance: float | None = MAP_TOLERANCE) -> Mapping[str, dict]:
    """Country polygons as GeoJSON geometry dicts by ISO3, coverage-simplified.

    Computed once per tolerance and shared (a read-only mapping; the dicts must not be
    modified).  The bundled polygons are already cut at ±180° (``scripts/build_gazetteer.py``),
    so Chukotka and Fiji never draw as bands across the map; the coverage simplification keeps
    shared borders shared.
    """
    return _country_geometries(None if tolerance is None else float(tolerance))


@cache
def _country_geometries(tolerance: float | None) -> Mapping[str, dict]:
    import shapely

    return MappingProxyType({
        iso3: shapely.geometry.mapping(shape)
        for iso3, shape in zip(*country_shapes(tolerance), strict=True)
    })


def country_shapes(tolerance: float | None = MAP_TOLERANCE) -> tuple[tuple[str, ...], Any]:
    """``(iso3 codes, shapely geometries)``: the polygons of :func:`country_geometries`.

    For callers that work on the shapes themselves (the dashboard encodes them for the
    browser, tests for a point in a country) without a round trip through GeoJSON dicts.
    Shared and cached like :func:`country_geometries`: do not modify the array.
    """
    return _country_shapes(None if tolerance is None else float(tolerance))


@cache
def _country_shapes(tolerance: float | None) -> tuple[tuple[str, ...], Any]:
    import numpy as np
    import shapely

    table = country_table()
    shapes = table.geometry
    if tolerance:
        shapes = shapely.make_valid(shapely.coverage_simplify(shapes, tolerance))
    kept = [(iso3, _areal(shape)) for iso3, shape in zip(table.iso3, shapes, strict=True)
            if not shape.is_empty]
    shapes = np.empty(len(kept), dtype=object)
    shapes[:] = [shape for _, shape in kept]
    return tuple(iso3 for iso3, _ in kept), shapes


def _polygons(geometry: BaseGeometry) -> list[BaseGeometry]:
    if geometry.geom_type == "Polygon":
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]


def _areal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (make_valid can leave slivers as lines or points)."""
    from shapely.geometry import MultiPolygon

    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [
        p for g in getattr(geometry, "geoms", []) for p in getattr(g, "geoms", [g])
        if p.geom_type == "Polygon" and not p.is_empty
    ]
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


# -------------------------------------------------------------------------------- helpers


def _collection(features: Iterable[dict]) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def _feature(geometry: Mapping | None, properties: dict, *, id: str | None = None) -> dict:
    feature: dict[str, Any] = {"type": "Feature"}
    if id is not None:
        feature["id"] = id
    feature["geometry"] = geometry
    feature["properties"] = properties
    return feature


def _point(lon: float | None, lat: float | None) -> dict | None:
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}
