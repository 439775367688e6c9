"""Folium maps of blocs, meetings and mentions, built from the shared FeatureCollections.

:func:`build_map` goes from articles to a finished map; :func:`compose_map` draws collections
the caller already has (the dashboard filters them, then calls it); the ``*_layer`` functions
return single layers to add to any :func:`base_map`.  Builders return a :class:`folium.Map`
and never write: :func:`geo.export.map_html` turns one into a self-contained HTML file.

Choices, and why:

- **No tiles by default.**  The bundled country polygons on a sea-coloured background are
  enough to read a map of blocs, and tiles would need the network; ``tiles=`` adds them.
- **Vector markers only** (``L.circleMarker``): nothing to load, nothing to break once
  Leaflet is inlined without its image folder.
- **Calls have no place**, so they are not pinned to a capital (which would invent a meeting
  place): a panel lists them, shown and hidden with the meetings layer.
- **Catalog meetings** are a separate layer of hollow dashed circles; catalog entries without a
  place (calls, video summits) are left off the map.
- **Enlargement timeline**: a layer of the organisation's countries, off by default; when it is
  on, a slider steps through every day the membership changed (for the SCO, the Shanghai Five
  in 1996 to today) and recolours the countries.  It is plain Leaflet code in a Jinja template:
  no plugin, nothing fetched.
- **Escaping**: every string shown in a tooltip, popup, panel or layer name is escaped here,
  in Python, before it reaches the page (Leaflet inserts these strings as HTML).  Excerpts are
  escaped piece by piece around the mention's offsets, computed on the raw sentence, and only
  the ``<mark>`` tags are added as markup.
- **Colour-blind-safe palette**: the Okabe–Ito colours, distinguishable with the common
  colour-vision deficiencies; the legend repeats every colour with its label.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import folium
import jinja2
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Environment

from . import aggregate
from .aggregate import (
    CLASSES,
    Parsed,
    article_meetings,
    catalog_geojson,
    enlargement_steps,
    history_geojson,
    meeting_events_geojson,
    membership_geojson,
    parsed_articles,
    places_geojson,
    store_is_big,
    store_meeting_events_geojson,
    store_places_geojson,
)
from .export import LEAFLET_CSS_URL, LEAFLET_JS_URL
from .i18n import format_date, format_number
from .orgs import FORMER_MEMBER_LABEL, STATUS_LABELS, resolve_organisation
from .records import Article

__all__ = [
    "CLASS_COLOURS",
    "EURASIA",
    "KIND_COLOURS",
    "base_map",
    "build_map",
    "build_store_map",
    "calls_panel",
    "catalog_layer",
    "compose_map",
    "legend",
    "meetings_layer",
    "membership_layer",
    "mentions_layer",
    "summary_panel",
    "timeline_layer",
]

#: Initial view: centre (lat, lon) and zoom showing Europe to the Pacific.
EURASIA: tuple[tuple[float, float], int] = ((47.0, 82.0), 3)

#: Okabe & Ito (2008) colours per membership class; light grey for countries with no status.
CLASS_COLOURS: dict[str, str] = {
    "member": "#0072B2",
    "observer": "#56B4E9",
    "partner": "#009E73",
    "other": "#F0E442",
    "former": "#CC79A7",
    "none": "#EEEEEE",
}
#: Fill colour of meeting markers by kind (all have a black outline); calls go to a panel.
KIND_COLOURS: dict[str, str] = {"summit": "#000000", "bilateral": "#E69F00", "visit": "#FFFFFF"}
_MENTION_COLOUR = "#D55E00"
_CALLS = ("video_call", "phone_call")
_SEA = "#DCE8F0"
_MENTION_RADIUS = (4.0, 26.0)  # pixels: the smallest and the largest bubble
_POLYGON_DIGITS = 3  # ~100 m: finer than the simplification tolerance, so nothing is lost
_POINT_DIGITS = 4
_MAX_EXCERPTS = 6  # per article in a popup; the rest are counted

_TEXT: dict[str, tuple[str, str]] = {
    "status_layer": ("{org}: status on {day}", "{org} : statut au {day}"),
    "timeline_layer": ("{org}: enlargement {first}–{last}", "{org} : élargissement {first}–{last}"),
    "mentions_layer": ("Places mentioned ({n})", "Lieux mentionnés ({n})"),
    "meetings_layer": ("Meetings reported ({n})", "Rencontres rapportées ({n})"),
    "catalog_layer": ("Meetings catalog ({n})", "Catalogue des rencontres ({n})"),
    "since": ("since {day}", "depuis le {day}"),
    "until": ("until {day}", "jusqu’au {day}"),
    "no_status": ("No status", "Aucun statut"),
    "other": ("Applicant, suspended or frozen", "Candidat, suspendu ou gelé"),
    "partner": ("Partner or dialogue partner", "Partenaire ou partenaire de dialogue"),
    "mentions": ("{n} mention(s) in {k} article(s)", "{n} mention(s) dans {k} article(s)"),
    "more": ("… and {n} more", "… et {n} de plus"),
    "untitled": ("Untitled article", "Article sans titre"),
    "undated": ("undated", "non daté"),
    "calls": ("Calls (no place): {n}", "Appels (sans lieu) : {n}"),
    "legend_mentions": ("Place mentioned (area ∝ mentions)", "Lieu mentionné (aire ∝ mentions)"),
    "legend_catalog": ("Catalog meeting", "Rencontre du catalogue"),
    "reported_by": ("Reported by {n} article(s)", "Rapportée par {n} article(s)"),
    "shown_places": (
        "Showing the {n} most-mentioned of {total} places",
        "{n} lieux les plus mentionnés sur {total}",
    ),
    "shown_meetings": (
        "Showing the {n} most-reported of {total} meeting events",
        "{n} rencontres les plus rapportées sur {total}",
    ),
    "sampled": (
        "Excerpts: a sample of articles for each place and meeting",
        "Extraits : un échantillon d’articles par lieu et par rencontre",
    ),
    "timeline_hint": ("Step through the changes:", "Parcourir les changements :"),
    "previous": ("Previous", "Précédent"),
    "next": ("Next", "Suivant"),
}
_KIND_LABELS: dict[str, tuple[str, str]] = {
    "summit": ("Summit", "Sommet"),
    "bilateral": ("Bilateral meeting", "Rencontre bilatérale"),
    "visit": ("Visit", "Visite"),
    "video_call": ("Video call", "Visioconférence"),
    "phone_call": ("Phone call", "Appel téléphonique"),
}
_CSS = f"""
.leaflet-container {{ background: {_SEA}; font: 13px/1.4 system-ui, sans-serif; }}
.geo-popup h4 {{ margin: 0 0 4px; font-size: 14px; }}
.geo-popup h5 {{ margin: 8px 0 2px; font-size: 12px; }}
.geo-popup ul {{ margin: 2px 0 0; padding-left: 16px; }}
.geo-popup li {{ margin-bottom: 3px; }}
.geo-meta {{ color: #555; font-size: 11px; margin: 0; }}
.geo-popup mark, .geo-calls mark {{ background: #FFE08A; padding: 0 1px; }}
.geo-panel {{ background: rgba(255,255,255,.94); padding: 6px 9px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); max-width: 300px; }}
.geo-panel h4 {{ margin: 0 0 4px; font-size: 13px; }}
.geo-legend i {{ display: inline-block; width: 13px; height: 13px; margin-right: 6px;
  vertical-align: -2px; border: 1px solid #666; }}
.geo-legend i.geo-dot {{ border-radius: 50%; }}
.geo-legend div {{ white-space: nowrap; }}
.geo-calls {{ max-height: 200px; overflow-y: auto; }}
.geo-calls ul {{ margin: 4px 0 0; padding-left: 16px; }}
.geo-calls summary {{ cursor: pointer; font-weight: 600; }}
.geo-timeline-panel input {{ width: 100%; }}
.geo-timeline-panel button {{ font: inherit; }}
.geo-timeline-panel ul {{ margin: 3px 0 0; padding-left: 16px; }}
"""


# ----------------------------------------------------------------------------- templates


class _Environment(Environment):
    """folium's template environment, with compact UTF-8 ``tojson`` (smaller embedded data).

    ``tojson`` still escapes ``<``, ``>``, ``&`` and ``'``, so no string can close the
    ``<script>`` element it is embedded in.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policies["json.dumps_kwargs"] = {"separators": (",", ":"), "ensure_ascii": False}


class _Template(jinja2.Template):
    environment_class = _Environment


class _Markup(Element):
    """Markup already rendered, put in the page as it is (never read as a template)."""

    _template = _Template("{{ this.markup }}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


class RenderedOnce(MacroElement):
    """A macro element whose rendered macros go into the page as they are.

    branca's ``MacroElement.render`` wraps each macro's output in ``Element(output)``, which
    compiles that output as a new Jinja template.  Our layers' output holds article text (the
    excerpts in popups), so an article containing ``{{ 7*7 }}`` printed 49, and Jinja's
    expressions reach Python objects: an untrusted article could run code.  Compiling also
    lexed a big map's megabytes of GeoJSON again at every render (0.45 s of a 100,000-article
    store's 6 MB map).  Put after folium's classes in a layer's bases, so that their own
    ``render`` (adding the layer to its parent) still runs first.
    """

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part, section in (("header", figure.header), ("html", figure.html),
                              ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                section.add_child(_Markup(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Style(RenderedOnce):
    """The map's own stylesheet (popups, panels, legend, sea colour), in the page header."""

    _template = _Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
    )

    def __init__(self, css: str) -> None:
        super().__init__()
        self._name = "GeoStyle"
        self.css = css


class _FeatureLayer(Layer, RenderedOnce):
    """A GeoJSON layer styled by class, with pre-escaped tooltips and popups.

    Each feature carries ``cls`` (a key of ``styles``), optionally ``radius`` (points),
    ``tooltip`` and ``popup`` (HTML already escaped in Python).  Points become circle markers.
    ``class_name`` is set on every SVG path, which tests and stylesheets can select.
    ``on_top`` keeps the layer above layers switched on after it (for markers).
    """

    _template = _Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var styles = {{ this.styles|tojson }};
            var className = {{ this.class_name|tojson }};
            function styleOf(feature) {
                var p = feature.properties;
                return L.extend({}, styles[p.cls], p.radius ? {radius: p.radius} : {});
            }
            var layer = L.geoJson({{ this.data|tojson }}, {
                className: className,
                style: styleOf,
                pointToLayer: function (feature, latlng) {
                    return L.circleMarker(latlng, L.extend({className: className},
                                                           styleOf(feature)));
                },
                onEachFeature: function (feature, item) {
                    var p = feature.properties;
                    if (p.tooltip) { item.bindTooltip(p.tooltip, {sticky: true}); }
                    if (p.popup) { item.bindPopup(p.popup, {maxWidth: 380, maxHeight: 320}); }
                    {%- if this.highlight %}
                    item.on("mouseover", function () { item.setStyle({weight: 2.5}); });
                    item.on("mouseout", function () { layer.resetStyle(item); });
                    {%- endif %}
                }
            });
            return layer;
        })();
        {%- if this.on_top %}
        {{ this._parent.get_name() }}.on("overlayadd", function () {
            // markers stay above any polygon layer switched on later (the timeline)
            if ({{ this._parent.get_name() }}.hasLayer({{ this.get_name() }})) {
                {{ this.get_name() }}.bringToFront();
            }
        });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict,
        *,
        name: str,
        styles: Mapping[str, Mapping[str, Any]],
        class_name: str,
        show: bool = True,
        highlight: bool = False,
        on_top: bool = False,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "GeoFeatureLayer"
        self.data = data
        self.styles = dict(styles)
        self.class_name = class_name
        self.highlight = highlight
        self.on_top = on_top


class _Panel(RenderedOnce):
    """A Leaflet control holding pre-escaped HTML; shown with ``layer`` when one is given."""

    _template = _Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.class_name|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {%- if this.layer %}
            var layer = {{ this.layer.get_name() }};
            map.on("overlayadd", function (e) { if (e.layer === layer) { control.addTo(map); } });
            map.on("overlayremove", function (e) {
                if (e.layer === layer) { control.remove(); }
            });
            if (map.hasLayer(layer)) { control.addTo(map); }
            {%- else %}
            control.addTo(map);
            {%- endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, html_text: str, *, class_name: str, position: str, layer: Layer | None = None
    ) -> None:
        super().__init__()
        self._name = "GeoPanel"
        self.html = html_text
        self.class_name = class_name
        self.position = position
        self.layer = layer


class _Timeline(RenderedOnce):
    """The slider that steps a timeline layer through an organisation's enlargement.

    ``steps`` are ``{"title", "notes", "classes"}`` with pre-escaped HTML; features of the
    layer carry ``key`` (ISO3) and ``name`` (escaped).  Shown while the layer is on.
    """

    _template = _Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var layer = {{ this.layer.get_name() }};
            var map = {{ this.layer._parent.get_name() }};
            var steps = {{ this.steps|tojson }};
            var labels = {{ this.labels|tojson }};
            var styles = {{ this.styles|tojson }};
            var index = steps.length - 1;
            var slider = null, title = null, notes = null;
            function classOf(key) { return steps[index].classes[key] || "none"; }
            function show(i) {
                index = Math.max(0, Math.min(steps.length - 1, i));
                layer.eachLayer(function (item) {
                    item.setStyle(styles[classOf(item.feature.properties.key)]);
                });
                if (slider) {
                    slider.value = index;
                    title.innerHTML = steps[index].title;
                    notes.innerHTML = steps[index].notes;
                }
            }
            layer.eachLayer(function (item) {
                var p = item.feature.properties;
                item.bindTooltip(function () {
                    return p.name + "<br>" + labels[classOf(p.key)];
                }, {sticky: true});
            });
            var control = L.control({position: "bottomleft"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-panel geo-timeline-panel");
                div.innerHTML = {{ this.html|tojson }};
                slider = div.querySelector("input");
                title = div.querySelector(".geo-step-title");
                notes = div.querySelector(".geo-step-notes");
                slider.max = steps.length - 1;
                L.DomEvent.on(slider, "input", function () { show(Number(slider.value)); });
                L.DomEvent.on(div.querySelector(".geo-prev"), "click", function () {
                    show(index - 1);
                });
                L.DomEvent.on(div.querySelector(".geo-next"), "click", function () {
                    show(index + 1);
                });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            map.on("overlayadd", function (e) {
                if (e.layer === layer) { control.addTo(map); show(index); }
            });
            map.on("overlayremove", function (e) {
                if (e.layer === layer) { control.remove(); }
            });
            show(index);
            if (map.hasLayer(layer)) { control.addTo(map); show(index); }
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layer: Layer,
        *,
        steps: list[dict],
        labels: Mapping[str, str],
        styles: Mapping[str, Mapping[str, Any]],
        html_text: str,
    ) -> None:
        super().__init__()
        self._name = "GeoTimeline"
        self.layer = layer
        self.steps = steps
        self.labels = dict(labels)
        self.styles = dict(styles)
        self.html = html_text


# ------------------------------------------------------------------------------ the map


def build_map(
    articles: Iterable[Article | Parsed] | None = None,
    *,
    org: str | None = "sco",
    on: date | str | None = None,
    lang: str = "fr",
    meetings: Iterable[Any] | None = None,
    show_catalog: bool = True,
    timeline: str | None = "sco",
    tiles: str | None = None,
) -> folium.Map:
    """A map of the articles' place mentions and meetings over one organisation's members.

    Parameters
    ----------
    articles
        Articles, ``(article, mentions)`` pairs, or None for the bundled corpus (see
        :func:`geo.aggregate.parsed_articles`).
    org
        The organisation whose membership colours the countries (any name or acronym);
        None means the SCO.
    on
        The day of that membership (date, ``YYYY-MM-DD`` or ``YYYY-MM``); today if None.
    lang
        ``"fr"`` or ``"en"``: language of names, labels and dates on the map.
    meetings
        Meeting records to draw; None to extract them from the articles.
    show_catalog
        Add the meetings catalog as a separate layer.
    timeline
        The organisation whose enlargement the timeline layer steps through; None for none.
    tiles
        A folium tile name or URL for an online base map; None (default) for none, so the map
        needs no network.

    Raises
    ------
    UnknownOrganisationError, InvalidDateError
        For an unknown ``org``/``timeline`` or an invalid ``on``.
    """
    parsed = parsed_articles(articles)
    if meetings is None:
        meetings = article_meetings(parsed)
    catalog = _catalog()  # cached; also gives meetings their French place names
    return compose_map(
        membership=membership_geojson(org or "sco", on, lang),
        places=places_geojson(parsed),
        meetings=meeting_events_geojson(meetings, [a for a, _ in parsed], catalog=catalog),
        catalog=catalog_geojson(catalog) if show_catalog else None,
        timeline=timeline,
        lang=lang,
        tiles=tiles,
    )


def build_store_map(
    store: Any,
    *,
    org: str | None = "sco",
    on: date | str | None = None,
    lang: str = "fr",
    show_catalog: bool = True,
    timeline: str | None = "sco",
    tiles: str | None = None,
    limit: int | None = None,
) -> folium.Map:
    """:func:`build_map` of a batch store (a path or an opened :class:`geo.store.Store`).

    A store of up to :data:`geo.aggregate.STORE_OBJECT_LIMIT` articles is loaded and mapped
    exactly as :func:`build_map` maps articles.  A bigger one is mapped from its aggregates:
    the ``limit`` (default :data:`geo.aggregate.MAX_FEATURES`) most-mentioned places and
    most-reported meeting events, each with a few sample excerpts, and a panel saying how
    many were left out (see :func:`geo.aggregate.store_places_geojson`); nothing loads every
    mention.

    Raises
    ------
    StoreError
        If the store cannot be opened.
    UnknownOrganisationError, InvalidDateError
        For an unknown ``org``/``timeline`` or an invalid ``on``.
    """
    opened = _open_store(store)
    if not store_is_big(opened):
        return build_map(
            opened.parsed_articles(), org=org, on=on, lang=lang,
            meetings=opened.records("meetings"), show_catalog=show_catalog, timeline=timeline,
            tiles=tiles,
        )
    catalog = _catalog()
    membership = membership_geojson(org or "sco", on, lang)  # checks org and day first
    limit = aggregate.MAX_FEATURES if limit is None else limit
    return compose_map(
        membership=membership,
        places=store_places_geojson(opened, limit=limit),
        meetings=store_meeting_events_geojson(opened, limit=limit, catalog=catalog),
        catalog=catalog_geojson(catalog) if show_catalog else None,
        timeline=timeline,
        lang=lang,
        tiles=tiles,
    )


def compose_map(
    *,
    membership: Mapping[str, Any] | None = None,
    places: Mapping[str, Any] | None = None,
    meetings: Mapping[str, Any] | None = None,
    catalog: Mapping[str, Any] | None = None,
    timeline: str | None = None,
    lang: str = "fr",
    tiles: str | None = None,
) -> folium.Map:
    """Draw collections from :mod:`geo.aggregate` on one map, each as a toggleable layer.

    Any collection may be None (left out).  Layers are drawn bottom to top: membership,
    timeline, mentions, catalog, meetings; a legend and a layer control are added, and
    :func:`summary_panel` when the collections come from a store's aggregates.
    """
    folium_map = base_map(tiles=tiles)
    if membership is not None:
        membership_layer(membership, lang=lang).add_to(folium_map)
    if timeline:
        timeline_layer(timeline, lang=lang).add_to(folium_map)
    if places is not None:
        mentions_layer(places, lang=lang).add_to(folium_map)
    if catalog is not None:
        catalog_layer(catalog, lang=lang).add_to(folium_map)
    if meetings is not None:
        meeting_layer = meetings_layer(meetings, lang=lang)
        meeting_layer.add_to(folium_map)
        panel = calls_panel(meetings, lang=lang, layer=meeting_layer)
        if panel is not None:
            panel.add_to(folium_map)
    note = summary_panel(places, meetings, lang=lang)
    if note is not None:
        note.add_to(folium_map)
    legend(
        membership,
        lang=lang,
        mentions=places is not None,
        meetings=meetings is not None,
        catalog=catalog is not None,
    ).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    return folium_map


def base_map(*, tiles: str | None = None) -> folium.Map:
    """An empty map on Eurasia that links to Leaflet only (no jQuery, Bootstrap or icons).

    folium's other default assets are dropped because these maps use none of them and an
    offline file would have to carry them; :func:`geo.export.map_html` inlines Leaflet.
    ``tiles`` (a folium tile name or URL) adds an online base layer; off by default.
    """
    (lat, lon), zoom = EURASIA
    folium_map = folium.Map(
        location=[lat, lon], zoom_start=zoom, tiles=None, min_zoom=2, control_scale=True
    )
    # instance attributes: folium's class-level lists stay untouched for other maps
    folium_map.default_js = [("leaflet", LEAFLET_JS_URL)]
    folium_map.default_css = [("leaflet_css", LEAFLET_CSS_URL)]
    _Style(_CSS).add_to(folium_map)
    if tiles:
        folium.TileLayer(tiles, name=str(tiles), overlay=False, control=True).add_to(folium_map)
    return folium_map


# ------------------------------------------------------------------------------- layers


def membership_layer(collection: Mapping[str, Any], *, lang: str = "fr") -> Layer:
    """The choropleth of :func:`geo.aggregate.membership_geojson`, one tooltip per country."""
    features = [
        _display(
            f,
            {"cls": f["properties"]["class"], "tooltip": _country_tooltip(f["properties"], lang)},
            _POLYGON_DIGITS,
        )
        for f in collection["features"]
        if f.get("geometry")
    ]
    name = _t("status_layer", lang).format(
        org=_org_label(collection, lang), day=format_date(collection.get("on"), lang)
    )
    return _FeatureLayer(
        _fc(features),
        name=html.escape(name),
        styles=_polygon_styles(),
        class_name="geo-country",
        highlight=True,
    )


def timeline_layer(org: str, *, lang: str = "fr", show: bool = False) -> Layer:
    """The steppable enlargement timeline of ``org``: a layer and its slider control.

    The slider is attached to the layer (it appears when the layer is switched on), so adding
    the returned layer to a map adds both.
    """
    organisation = resolve_organisation(org)
    steps = enlargement_steps(organisation.id)
    collection = history_geojson(organisation.id, lang)
    names = {f["properties"]["iso3"]: f["properties"]["name"] for f in collection["features"]}
    latest = steps[-1]["classes"] if steps else {}
    features = [
        _display(
            f,
            {
                "cls": latest.get(f["properties"]["iso3"], "none"),
                "key": f["properties"]["iso3"],
                "name": html.escape(f["properties"]["name"]),
            },
            _POLYGON_DIGITS,
        )
        for f in collection["features"]
        if f.get("geometry")
    ]
    acronym = organisation.display_acronym(lang)
    first = steps[0]["date"][:4] if steps else ""
    last = steps[-1]["date"][:4] if steps else ""
    name = _t("timeline_layer", lang).format(org=acronym, first=first, last=last)
    layer = _FeatureLayer(
        _fc(features),
        name=html.escape(name),
        styles=_polygon_styles(),
        class_name="geo-timeline",
        show=show,
    )
    labels = {c: html.escape(_class_label(c, lang)) for c in CLASSES}
    _Timeline(
        layer,
        steps=[_timeline_step(step, names, labels, lang) for step in steps],
        labels=labels,
        styles=_polygon_styles(),
        html_text=_timeline_html(name, lang),
    ).add_to(layer)
    return layer


def mentions_layer(collection: Mapping[str, Any], *, lang: str = "fr") -> Layer:
    """Proportional circles of :func:`geo.aggregate.places_geojson` (area ∝ mention count)."""
    located = [f for f in collection["features"] if f.get("geometry")]
    most = max((f["properties"]["mentions"] for f in located), default=1)
    smallest, largest = _MENTION_RADIUS
    features = []
    for feature in located:
        p = feature["properties"]
        radius = max(smallest, largest * (p["mentions"] / most) ** 0.5)
        name = p["name_fr"] if lang == "fr" else p["name"]
        extra = {
            "cls": "mention",
            "radius": round(radius, 1),
            "tooltip": f"{html.escape(name)} ({p['mentions']})",
            "popup": _place_popup(p, lang),
        }
        features.append(_display(feature, extra, _POINT_DIGITS))
    styles = {
        "mention": {
            "color": "#FFFFFF",
            "weight": 1,
            "fillColor": _MENTION_COLOUR,
            "fillOpacity": 0.7,
        }
    }
    name = _t("mentions_layer", lang).format(n=len(features))
    return _FeatureLayer(_fc(features), name=html.escape(name), styles=styles,
                         class_name="geo-mention", on_top=True)


def meetings_layer(collection: Mapping[str, Any], *, lang: str = "fr") -> Layer:
    """Markers of :func:`geo.aggregate.meeting_events_geojson` (located events; calls go to
    :func:`calls_panel`), filled by kind."""
    features = [
        _display(
            f,
            {
                "cls": f["properties"]["kind"] if f["properties"]["kind"] in KIND_COLOURS
                else "visit",
                "tooltip": _meeting_title(f["properties"], lang),
                "popup": _meeting_popup(f["properties"], lang),
            },
            _POINT_DIGITS,
        )
        for f in collection["features"]
        if f.get("geometry")
    ]
    styles = {
        kind: {
            "color": "#FFFFFF" if kind == "summit" else "#000000",
            "weight": 2,
            "fillColor": colour,
            "fillOpacity": 1,
            "radius": 8 if kind == "summit" else 6,
        }
        for kind, colour in KIND_COLOURS.items()
    }
    name = _t("meetings_layer", lang).format(n=len(collection["features"]))
    return _FeatureLayer(_fc(features), name=html.escape(name), styles=styles,
                         class_name="geo-meeting", on_top=True)


def catalog_layer(collection: Mapping[str, Any], *, lang: str = "fr", show: bool = True) -> Layer:
    """Hollow dashed circles for the catalog's located meetings (:func:`catalog_geojson`)."""
    features = [
        _display(
            f,
            {
                "cls": "catalog",
                "tooltip": _meeting_title(f["properties"], lang),
                "popup": _catalog_popup(f["properties"], lang),
            },
            _POINT_DIGITS,
        )
        for f in collection["features"]
        if f.get("geometry")
    ]
    styles = {
        "catalog": {
            "color": "#333333",
            "weight": 1.5,
            "dashArray": "3 3",
            "fill": True,
            "fillOpacity": 0,
            "radius": 11,
        }
    }
    name = _t("catalog_layer", lang).format(n=len(features))
    return _FeatureLayer(_fc(features), name=html.escape(name), styles=styles,
                         class_name="geo-catalog", show=show, on_top=True)


def calls_panel(
    collection: Mapping[str, Any], *, lang: str = "fr", layer: Layer | None = None
) -> MacroElement | None:
    """A panel listing the calls (no place, so no marker); None when there are none.

    With ``layer`` it is shown and hidden with that layer (the meetings layer).
    """
    calls = [f["properties"] for f in collection["features"] if f["properties"]["kind"] in _CALLS]
    if not calls:
        return None
    items = "".join(f"<li>{_call_item(p, lang)}</li>" for p in calls)
    summary = html.escape(_t("calls", lang).format(n=len(calls)))
    body = f"<details open><summary>{summary}</summary><ul>{items}</ul></details>"
    return _Panel(body, class_name="geo-panel geo-calls", position="topleft", layer=layer)


def summary_panel(
    places: Mapping[str, Any] | None,
    meetings: Mapping[str, Any] | None = None,
    *,
    lang: str = "fr",
) -> MacroElement | None:
    """A panel saying what a map of aggregates shows: "the 2,000 most-mentioned of 23,456
    places", the same for meeting events, and that excerpts are a sample.

    None unless a collection is ``sampled`` (:func:`geo.aggregate.sampled_places_geojson`).
    """
    lines = [
        _t(key, lang).format(n=format_number(len(c["features"]), lang),
                             total=format_number(c["total"], lang))
        for key, c in (("shown_places", places), ("shown_meetings", meetings))
        if c is not None and c.get("sampled")
    ]
    if not lines:
        return None
    lines.append(_t("sampled", lang))
    body = "".join(f"<div>{html.escape(line)}</div>" for line in lines)
    return _Panel(body, class_name="geo-panel geo-summary", position="bottomleft")


def legend(
    membership: Mapping[str, Any] | None,
    *,
    lang: str = "fr",
    mentions: bool = True,
    meetings: bool = True,
    catalog: bool = True,
) -> MacroElement:
    """The legend: membership classes with their counts, then the marker keys."""
    rows = []
    if membership:
        counts: dict[str, int] = {}
        for feature in membership["features"]:
            klass = feature["properties"]["class"]
            counts[klass] = counts.get(klass, 0) + 1
        title = _t("status_layer", lang).format(
            org=_org_label(membership, lang), day=format_date(membership.get("on"), lang)
        )
        rows.append(f"<h4>{html.escape(title)}</h4>")
        for klass in CLASSES:
            label = f"{_class_label(klass, lang)} ({counts.get(klass, 0)})"
            rows.append(_swatch(CLASS_COLOURS[klass], label))
    if mentions:
        rows.append(_swatch(_MENTION_COLOUR, _t("legend_mentions", lang), dot=True))
    if meetings:
        for kind, colour in KIND_COLOURS.items():
            rows.append(_swatch(colour, _KIND_LABELS[kind][lang == "fr"], dot=True))
    if catalog:
        rows.append(_swatch("transparent", _t("legend_catalog", lang), dot=True, dashed=True))
    return _Panel("".join(rows), class_name="geo-panel geo-legend", position="bottomright")


# --------------------------------------------------------------------- popups & tooltips


def highlight(text: str, marks: Sequence[Sequence[int]]) -> str:
    """``text`` escaped for HTML with each ``[start, end]`` span wrapped in ``<mark>``.

    Offsets index the raw text: each piece is escaped separately, so an entity like ``&lt;``
    can never be cut in half and no markup from the text survives.
    """
    pieces, cursor = [], 0
    for start, end in sorted((int(a), int(b)) for a, b in marks):
        if start < cursor or end > len(text) or start >= end:
            continue
        pieces.append(html.escape(text[cursor:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def _place_popup(p: Mapping[str, Any], lang: str) -> str:
    name = p["name_fr"] if lang == "fr" else p["name"]
    count = _t("mentions", lang).format(n=p["mentions"], k=p["n_articles"])
    parts = [
        f"<div class=\"geo-popup\"><h4>{html.escape(name)}</h4>",
        f"<p class=\"geo-meta\">{html.escape(count)}</p>",
    ]
    for article in p["articles"]:
        parts.append(_article_heading(article, lang))
        excerpts = article["excerpts"]
        items = "".join(
            f"<li>{highlight(e['text'], e['marks'])}</li>" for e in excerpts[:_MAX_EXCERPTS]
        )
        if len(excerpts) > _MAX_EXCERPTS:
            more = _t("more", lang).format(n=len(excerpts) - _MAX_EXCERPTS)
            items += f"<li>{html.escape(more)}</li>"
        parts.append(f"<ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _meeting_popup(p: Mapping[str, Any], lang: str) -> str:
    parts = [f"<div class=\"geo-popup\"><h4>{_meeting_title(p, lang)}</h4>"]
    parts.append(f"<p class=\"geo-meta\">{html.escape(', '.join(p['participants']))}</p>")
    if p.get("occasion"):
        parts.append(f"<p class=\"geo-meta\">{html.escape(p['occasion'])}</p>")
    reported = _t("reported_by", lang).format(n=p["n_articles"])
    parts.append(f"<p class=\"geo-meta\">{html.escape(reported)}</p>")
    for article in p["articles"]:
        parts.append(_article_heading(article, lang))
        items = "".join(f"<li>{html.escape(e)}</li>" for e in article["excerpts"])
        parts.append(f"<ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _call_item(p: Mapping[str, Any], lang: str) -> str:
    head = f"<b>{_meeting_title(p, lang)}</b><br>{html.escape(', '.join(p['participants']))}"
    reports = []
    for article in p["articles"]:
        excerpts = "".join(f"<br>« {html.escape(e)} »" for e in article["excerpts"])
        title = html.escape(article.get("title") or _t("untitled", lang))
        reports.append(f"<div class=\"geo-meta\"><i>{title}</i>{excerpts}</div>")
    return head + "".join(reports)


def _meeting_title(p: Mapping[str, Any], lang: str) -> str:
    """Kind · place · date, escaped (the place may come from an article)."""
    kind = _KIND_LABELS.get(p["kind"], (p["kind"], p["kind"]))[lang == "fr"]
    place = p.get("place_fr") if lang == "fr" else p.get("place")
    day = format_date(p.get("date"), lang) or _t("undated", lang)
    return " · ".join(html.escape(s) for s in (kind, place or "", day) if s)


def _catalog_popup(p: Mapping[str, Any], lang: str) -> str:
    parts = [f"<div class=\"geo-popup\"><h4>{_meeting_title(p, lang)}</h4>"]
    parts.append(f"<p class=\"geo-meta\">{html.escape(', '.join(p['participants']))}</p>")
    if p.get("occasion"):
        parts.append(f"<p>{html.escape(p['occasion'])}</p>")
    parts.append("</div>")
    return "".join(parts)


def _article_heading(article: Mapping[str, Any], lang: str) -> str:
    title = article.get("title") or _t("untitled", lang)
    meta = " · ".join(
        s for s in (format_date(article.get("published"), lang), article.get("doc")) if s
    )
    return f"<h5>{html.escape(title)}</h5><p class=\"geo-meta\">{html.escape(meta)}</p>"


def _country_tooltip(p: Mapping[str, Any], lang: str) -> str:
    line = _status_line(p, lang)
    return f"<b>{html.escape(p['name'])}</b><br>{html.escape(line)}"


def _status_line(p: Mapping[str, Any], lang: str) -> str:
    if p["status"]:
        label = STATUS_LABELS.get(p["status"], (p["status"], p["status"]))[lang == "fr"]
        since = _t("since", lang).format(day=format_date(p["since"], lang))
        return f"{label} {since}" if p.get("since") else label
    if p["class"] == "former":
        label = FORMER_MEMBER_LABEL[lang == "fr"]
        if p.get("until"):
            return f"{label} ({_t('until', lang).format(day=format_date(p['until'], lang))})"
        return label
    return _t("no_status", lang)


def _timeline_step(
    step: Mapping[str, Any], names: Mapping[str, str], labels: Mapping[str, str], lang: str
) -> dict:
    changes = "".join(
        f"<li>{html.escape(names.get(c['iso3'], c['iso3']))} : {labels[c['after']]}</li>"
        if lang == "fr"
        else f"<li>{html.escape(names.get(c['iso3'], c['iso3']))}: {labels[c['after']]}</li>"
        for c in step["changes"]
    )
    return {
        "date": step["date"],
        "title": html.escape(format_date(step["date"], lang)),
        "notes": f"<ul>{changes}</ul>",
        "classes": step["classes"],
    }


def _timeline_html(name: str, lang: str) -> str:
    return (
        f"<h4>{html.escape(name)}</h4>"
        f"<div class=\"geo-meta\">{html.escape(_t('timeline_hint', lang))}</div>"
        "<input type=\"range\" min=\"0\" step=\"1\" value=\"0\">"
        f"<button type=\"button\" class=\"geo-prev\">◀ {html.escape(_t('previous', lang))}"
        "</button> "
        f"<button type=\"button\" class=\"geo-next\">{html.escape(_t('next', lang))} ▶</button>"
        "<div><b class=\"geo-step-title\"></b></div><div class=\"geo-step-notes\"></div>"
    )


def _swatch(colour: str, label: str, *, dot: bool = False, dashed: bool = False) -> str:
    classes = " class=\"geo-dot\"" if dot else ""
    border = "border-style: dashed; " if dashed else ""
    return (
        f"<div><i{classes} style=\"{border}background: {html.escape(colour)}\"></i>"
        f"{html.escape(label)}</div>"
    )


# ------------------------------------------------------------------------------ helpers


def _t(key: str, lang: str) -> str:
    return _TEXT[key][lang == "fr"]


def _class_label(klass: str, lang: str) -> str:
    fr = lang == "fr"
    if klass in ("member", "observer"):
        return STATUS_LABELS[klass][fr]
    if klass == "former":
        return FORMER_MEMBER_LABEL[fr]
    if klass == "none":
        return _t("no_status", lang)
    return _t(klass, lang)


def _org_label(collection: Mapping[str, Any], lang: str) -> str:
    org = collection.get("org")
    return resolve_organisation(org).display_acronym(lang) if org else ""


def _polygon_styles() -> dict[str, dict[str, Any]]:
    return {
        klass: {
            "color": "#FFFFFF" if klass != "none" else "#B0B0B0",
            "weight": 0.6,
            "fillColor": colour,
            "fillOpacity": 0.9,
        }
        for klass, colour in CLASS_COLOURS.items()
    }


def _display(feature: Mapping[str, Any], properties: dict, digits: int) -> dict:
    """A lean copy of a feature for the page: rounded geometry and display properties only
    (raw article text stays out of the page; it is in the popup, escaped)."""
    geometry = feature["geometry"]
    return {
        "type": "Feature",
        "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"],
                                                                     digits)},
        "properties": properties,
    }


def _round(coordinates: Any, digits: int) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(float(coordinates), digits)
    return [_round(c, digits) for c in coordinates]


def _fc(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _open_store(store: Any) -> Any:
    from .store import Store, open_store

    return store if isinstance(store, Store) else open_store(store)


def _catalog() -> list[Any]:
    try:
        from .meetings import meeting_catalog
    except ImportError:
        return []
    return meeting_catalog()
