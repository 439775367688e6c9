"""geo/explore.py: what the dashboard computes, tested without Streamlit or a browser."""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote

import folium
import numpy as np
import pytest
import shapely
from conftest import REPO, SEED_IDS
from shapely.geometry import Point, shape

from geo import aggregate as ag
from geo import explore
from geo.articles import article_from_text
from geo.errors import ArticleError, GeoError
from geo.explore import Selection, View
from geo.i18n import STRINGS, format_date, t

TODAY = date(2025, 6, 1)
ASTANA = (
    "Vladimir Poutine est arrivé mercredi à Astana, au Kazakhstan, où il doit rencontrer "
    "Xi Jinping. Les deux présidents iront ensuite à Pékin."
)


@pytest.fixture(scope="module")
def bundled() -> tuple[explore.Document, ...]:
    from geo.articles import load_corpus

    return tuple(explore.parse_document(a) for a in load_corpus())


@pytest.fixture(scope="module")
def astana() -> explore.Document:
    article = article_from_text(ASTANA, id="astana.txt", published="2024-07-03", title="Astana")
    return explore.parse_document(article)


@pytest.fixture(scope="module")
def catalog() -> tuple:
    from geo.meetings import meeting_catalog

    return tuple(meeting_catalog())


@pytest.fixture(scope="module")
def collections(bundled, catalog) -> explore.Collections:
    return explore.view_collections(bundled, View(on=date(2024, 7, 4)), catalog=catalog)


class _Nesting(HTMLParser):
    """Fails on any closing tag that does not close the innermost open one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()


def _well_nested(markup: str) -> bool:
    parser = _Nesting()
    parser.feed(markup)
    parser.close()
    return not parser.stack


# ------------------------------------------------------------------------------ the library


def test_library_never_imports_streamlit():
    code = (
        "import sys, geo.explore, geo.i18n; "
        "sys.exit(1 if any(m == 'streamlit' or m.startswith('streamlit.') for m in sys.modules) "
        "else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_interface_string_has_both_languages(key):
    assert STRINGS[key].get("fr") and STRINGS[key].get("en")


def test_t_fills_placeholders_and_falls_back():
    assert t("parsing", "fr", name="a.txt", i=1, n=2) == "Analyse de a.txt (1/2)"
    assert t("parsing", "en", name="a.txt", i=1, n=2) == "Parsing a.txt (1/2)"
    assert t("no such key", "fr") == "no such key"
    assert t("title", "de") == STRINGS["title"]["en"]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2024-07-04", "fr", "4 juillet 2024"),
        ("2024-07-01", "fr", "1er juillet 2024"),
        ("2024-07-04", "en", "4 July 2024"),
        ("2024-07", "fr", "juillet 2024"),
        ("2024", "en", "2024"),
        (None, "fr", ""),
        ("soon", "fr", "soon"),
    ],
)
def test_format_date(value, lang, expected):
    assert format_date(value, lang) == expected


# -------------------------------------------------------------------------------- view, URL


def test_view_round_trips_through_query_parameters():
    view = View(org="brics", on=date(2019, 11, 13), lang="en", docs=("a.txt", "b.txt"),
                types=("city",), countries=("BRA", "CHN"), query="sommet", focus="country:BRA")
    params = explore.view_to_query(view)
    assert params == {"org": "brics", "on": "2019-11-13", "lang": "en", "doc": ["a.txt", "b.txt"],
                      "type": ["city"], "country": ["BRA", "CHN"], "q": "sommet",
                      "sel": "country:BRA"}
    assert explore.view_from_query(params, today=TODAY) == view


def test_default_view_writes_only_org_and_day():
    assert explore.view_to_query(View(on=TODAY)) == {"org": "sco", "on": "2025-06-01"}
    assert explore.view_from_query({}, today=TODAY) == View(on=TODAY)


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"org": "OTAN"}, "org", "nato"),  # French acronym
        ({"org": "Organisation de coopération de Shanghai"}, "org", "sco"),
        ({"org": "nonsense"}, "org", "sco"),
        ({"on": "2024-07"}, "on", date(2024, 7, 31)),  # a month means its last day
        ({"on": "1950-01-01"}, "on", date(1996, 1, 1)),  # clamped to the slider
        ({"on": "2099-01-01"}, "on", TODAY),
        ({"on": "yesterday"}, "on", TODAY),
        ({"lang": "EN"}, "lang", "en"),
        ({"lang": "de"}, "lang", "fr"),
        ({"type": ["city", "planet", "city"]}, "types", ("city",)),
        ({"country": ["kaz", "K4Z", "CHN"]}, "countries", ("KAZ", "CHN")),
        ({"q": "  Xi   Jinping "}, "query", "Xi Jinping"),
        ({"sel": "place:gn:1526273"}, "focus", "place:gn:1526273"),
        ({"sel": "weather:sunny"}, "focus", None),
    ],
)
def test_bad_query_values_fall_back_to_defaults(params, field, expected):
    assert getattr(explore.view_from_query(params, today=TODAY), field) == expected


@pytest.mark.parametrize("key", ["place:gn:1", "country:KAZ", "meeting:2024-07-03|x|y",
                                 "catalog:2024-07-03-astana"])
def test_selection_keys_round_trip(key):
    assert Selection.parse(key).key == key


@pytest.mark.parametrize("key", [None, "", "KAZ", "city:Paris", "place:"])
def test_selection_parse_rejects(key):
    assert Selection.parse(key) is None


# ------------------------------------------------------------------------------- filtering


def test_no_filter_keeps_everything(bundled):
    assert explore.filter_documents(bundled, View()) == bundled


def test_filter_by_article(bundled):
    kept = explore.filter_documents(bundled, View(docs=(SEED_IDS[2],)))
    assert [d.id for d in kept] == [SEED_IDS[2]]


def test_filter_by_type_and_country(bundled):
    kept = explore.filter_documents(bundled, View(types=("city",), countries=("KAZ",)))
    mentions = [m for d in kept for m in d.mentions]
    assert mentions and all(m.place.type == "city" and m.place.iso3 == "KAZ" for m in mentions)
    assert all(m.iso3 == "KAZ" for d in kept for m in d.meetings)
    # articles left with nothing to show are dropped, so the count follows the filters
    assert all(d.mentions or d.meetings for d in kept)


def test_text_search_ignores_case_and_accents(astana):
    assert explore.filter_documents([astana], View(query="PEKIN"))[0].mentions[0].text == "Pékin"
    assert explore.filter_documents([astana], View(query="pékin")) == explore.filter_documents(
        [astana], View(query="Pekin")
    )
    assert explore.filter_documents([astana], View(query="Samarcande")) == ()


def test_text_search_filters_meetings_by_excerpt(astana):
    kept = explore.filter_documents([astana], View(query="rencontrer Xi"))
    assert len(kept[0].meetings) == 1
    assert {m.text for m in kept[0].mentions} == {"Astana", "Kazakhstan"}


def test_summary_counts(bundled, collections):
    counts = explore.summary(bundled, collections)
    assert counts["articles"] == 5
    assert counts["mentions"] == sum(len(d.mentions) for d in bundled)
    assert counts["places"] == len(collections.places["features"])
    assert counts["meetings"] == len(collections.meetings["features"]) > 0


# --------------------------------------------------------------------------------- uploads


def test_uploads_report_bad_files_by_name_and_load_the_others():
    progress = []
    files = [
        ("good.txt", ASTANA.encode()),
        ("binary.txt", b"\x00\x01\x02" * 50),
        ("notes.pdf", b"%PDF-1.4"),
        ("empty.md", b"   "),
        ("page.html", "<html><body><p>Xi Jinping à Pékin.</p></body></html>".encode()),
    ]
    documents, errors = explore.load_uploads(
        files, on_progress=lambda i, n, name: progress.append((i, n, name))
    )
    assert [d.id for d in documents] == ["good.txt", "page.html"]
    assert [e.path for e in errors] == ["binary.txt", "notes.pdf", "empty.md"]
    assert all(isinstance(e, ArticleError) and e.problem for e in errors)
    assert progress == [(i, 5, name) for i, (name, _) in enumerate(files, start=1)]
    assert documents[0].mentions and documents[0].meetings


def test_uploads_take_metadata_from_the_csv():
    csv = b"file,title,published,lang\ngood.txt,Au Kazakhstan,2024-07-03,fr\n"
    metadata = explore.read_metadata(csv, "articles.csv")
    documents, errors = explore.load_uploads([("good.txt", ASTANA.encode())], metadata)
    assert not errors
    assert documents[0].article.title == "Au Kazakhstan"
    assert documents[0].article.published == "2024-07-03"
    assert documents[0].meetings[0].date == "2024-07-03"


def test_a_bad_metadata_csv_is_named():
    with pytest.raises(ArticleError) as caught:
        explore.read_metadata(b"name,title\na.txt,x\n", "meta.csv")
    assert caught.value.path == "meta.csv" and "file" in caught.value.problem


def test_duplicate_upload_names_are_reported():
    documents, errors = explore.load_uploads([("a.txt", b"Pekin"), ("a.txt", b"Moscou")])
    assert [d.id for d in documents] == ["a.txt"]
    assert errors[0].path == "a.txt" and "twice" in errors[0].problem


def test_merge_or_replace_the_bundled_corpus(bundled, astana):
    merged = explore.merge_documents(bundled, [astana])
    assert [d.id for d in merged] == [*SEED_IDS, "astana.txt"]
    assert explore.merge_documents(bundled, [astana], replace_base=True) == (astana,)
    same_id = explore.Document(astana.article.__class__(id=SEED_IDS[0], text="Pékin"))
    assert explore.merge_documents(bundled, [same_id])[-1] is same_id
    assert len(explore.merge_documents(bundled, [same_id])) == len(bundled)


# ------------------------------------------------------------------------------- excerpts


def test_place_excerpts_mark_the_mention(astana):
    focus = explore.focus_excerpts([astana], Selection("place", "gn:1816670"), lang="fr")
    assert focus.label == "Pékin" and focus.kind_label == "Lieu"
    [group] = focus.articles
    [excerpt] = group.excerpts
    assert excerpt.text == "Les deux présidents iront ensuite à Pékin."
    assert [excerpt.text[a:b] for a, b in excerpt.marks] == ["Pékin"]
    assert explore.excerpt_html(excerpt).endswith("à <mark>Pékin</mark>.")


def test_country_excerpts_include_places_in_it(astana):
    focus = explore.focus_excerpts([astana], Selection("country", "KAZ"), lang="en")
    assert focus.label == "Kazakhstan"
    [excerpt] = focus.articles[0].excerpts
    assert [excerpt.text[a:b] for a, b in excerpt.marks] == ["Astana", "Kazakhstan"]


def test_meeting_excerpts(astana):
    [meeting] = astana.meetings
    focus = explore.focus_excerpts([astana], Selection("meeting", explore.event_key(meeting)))
    [excerpt] = focus.articles[0].excerpts
    assert excerpt.text == meeting.excerpt
    assert [excerpt.text[a:b] for a, b in excerpt.marks] == ["Astana"]
    assert "Vladimir Putin, Xi Jinping" in focus.details
    catalog = explore.focus_excerpts([astana], Selection("catalog", meeting.catalog_id))
    assert catalog.articles == focus.articles


def test_excerpts_are_grouped_by_article(bundled):
    focus = explore.focus_excerpts(bundled, Selection("place", "country:RUS"))
    assert [a.doc for a in focus.articles] == list(SEED_IDS)
    assert focus.n_excerpts == sum(len(a.excerpts) for a in focus.articles) > len(SEED_IDS)
    for group in focus.articles:
        for excerpt in group.excerpts:
            assert excerpt.marks and all(
                excerpt.text[a:b] in ("Russie", "russe", "Russia", "Moscou", "Russe")
                or excerpt.text[a:b] for a, b in excerpt.marks
            )


def test_excerpt_html_escapes_article_markup():
    excerpt = explore.Excerpt("<b>Pékin</b> & <script>x</script>", ((3, 8),))
    assert explore.excerpt_html(excerpt) == (
        "&lt;b&gt;<mark>Pékin</mark>&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    )


def test_article_html_marks_every_mention_and_the_focus(astana):
    markup = explore.article_html(
        astana.article, astana.mentions, focus=Selection("country", "KAZ"), spans=[(0, 95)]
    )
    assert markup.count("<mark") == len(astana.mentions) == 3
    assert markup.count('<mark class="geo-focus">') == 2  # Astana and Kazakhstan
    assert '<span class="geo-span">' in markup
    assert _well_nested(markup)


def test_article_html_escapes_and_stays_well_nested():
    text = "A <i>x</i> & Pékin <script>alert(1)</script> à Moscou."
    article = article_from_text(text, id="x.txt")
    mentions = explore.parse_document(article).mentions
    markup = explore.article_html(article, mentions, spans=[(2, 20), (30, 45)])
    assert "<script" not in markup and "<i>" not in markup
    assert "<mark>Pékin</mark>" in markup and "<mark>Moscou</mark>" in markup
    assert _well_nested(markup)
    assert html.unescape(re.sub(r"</?(?:mark|span)[^>]*>", "", markup)) == text


# ------------------------------------------------------------------------ map and clicks


def test_dashboard_map_needs_no_network(collections):
    from streamlit_folium import _get_header, _get_map_string

    folium_map, state = explore.dashboard_map(collections, lang="fr")
    links = [url for _, url in folium_map.default_js + folium_map.default_css]
    assert links and all(url.startswith("data:") for url in links)
    for element in explore._walk(folium_map):
        if element is not folium_map:
            assert not getattr(element, "default_js", [])
            assert not getattr(element, "default_css", [])
    folium_map.get_root().render()
    # article text may quote web addresses; what matters is that nothing is loaded from one
    remote = re.compile(r"(?:src|href|url)\s*[=(]\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
    assert not remote.search(_get_map_string(folium_map))
    assert not remote.search(_get_header(folium_map))
    # the vendored Leaflet, byte for byte
    leaflet = base64.b64decode(folium_map.default_js[0][1].split(",", 1)[1])
    assert leaflet == (REPO / "geo" / "assets" / "leaflet.js").read_bytes()
    [restyle] = [c for c in state._children.values() if hasattr(c, "classes")]
    assert "window.geoCountryState = " in restyle._template.module.script(restyle)


def _decoded_country_shapes(folium_map) -> dict:
    """The page's country shapes as the _Countries layer's script decodes them."""
    uri = dict(folium_map.default_js)["geo_countries"]
    assert uri.startswith("data:text/javascript;charset=utf-8,")
    script = unquote(uri.split(",", 1)[1])
    data = json.loads(script.removeprefix("window.geoCountryData=").removesuffix(";"))

    def ring(deltas):
        return (np.cumsum(np.array(deltas).reshape(-1, 2), axis=0) / data["scale"]).tolist()

    shapes = {}
    for code, polygons in zip(data["codes"], data["shapes"], strict=True):
        coordinates = [[ring(r) for r in polygon] for polygon in polygons]
        shapes[code] = shape(
            {"type": "Polygon", "coordinates": coordinates[0]} if len(coordinates) == 1
            else {"type": "MultiPolygon", "coordinates": coordinates}
        )
    return shapes


def test_country_shapes_are_inlined_compactly(collections):
    folium_map, _ = explore.dashboard_map(collections)
    uri = dict(folium_map.default_js)["geo_countries"]
    assert 300_000 < len(uri) < 600_000  # base64 GeoJSON of the same coordinates: 1.2 MB
    shapes = _decoded_country_shapes(folium_map)
    assert len(shapes) == 236
    assert shapes["KAZ"].contains(Point(71.43, 51.13))  # Astana
    assert not shapes["KAZ"].contains(Point(69.24, 41.31))  # Tashkent
    assert shapes["UZB"].contains(Point(69.24, 41.31))
    # exactly the map's simplified polygons rounded to 1/1000 degree, as geo.maps rounds them
    for iso3, geometry in ag.country_geometries(ag.MAP_TOLERANCE).items():
        rounded = shapely.transform(shape(geometry), lambda xy: np.round(xy, 3))
        assert shapely.equals_exact(shapes[iso3], rounded, 0), iso3
        assert shapes[iso3].geom_type == geometry["type"], iso3


def test_country_layer_gives_each_country_its_ref(collections):
    folium_map, _ = explore.dashboard_map(collections)
    folium_map.get_root().render()
    [layer] = [e for e in explore._walk(folium_map) if type(e).__name__ == "_Countries"]
    script = layer._template.module.script(layer)
    assert 'properties: {ref: "country:" + code}' in script
    assert "window.geoCountryData" in script


def test_state_colours_countries_by_membership(collections):
    _, state = explore.dashboard_map(collections, lang="fr")
    [element] = [c for c in state._children.values() if hasattr(c, "classes")]
    assert element.classes["KAZ"] == "member" and element.classes["IRN"] == "member"
    assert element.classes["FRA"] == "none"
    assert "Kazakhstan" in element.tooltips["KAZ"]
    assert "statut au 4 juillet 2024" in element.legend


def test_day_changes_only_the_state(bundled, catalog):
    from streamlit_folium import _get_map_string

    def script_and_state(day):
        view = View(on=day)
        folium_map, state = explore.dashboard_map(
            explore.view_collections(bundled, view, catalog=catalog)
        )
        folium_map.get_root().render()
        return _get_map_string(folium_map), state

    script_a, state_a = script_and_state(date(2016, 1, 1))
    script_b, state_b = script_and_state(date(2024, 7, 4))
    assert script_a == script_b  # same streamlit-folium key: the page keeps its map
    [a] = [c for c in state_a._children.values() if hasattr(c, "classes")]
    [b] = [c for c in state_b._children.values() if hasattr(c, "classes")]
    assert a.classes["IND"] == "observer" and b.classes["IND"] == "member"


def test_every_clickable_feature_is_tagged(collections):
    folium_map, _ = explore.dashboard_map(collections)
    refs = {
        f["properties"]["ref"]
        for element in explore._walk(folium_map)
        for f in (getattr(element, "data", None) or {}).get("features", [])
    }
    places = {f"place:{f['properties']['place_id']}" for f in collections.places["features"]
              if f["geometry"]}
    meetings = {f"meeting:{f['properties']['id']}" for f in collections.meetings["features"]
                if f["geometry"]}
    assert places | meetings <= refs
    assert any(r.startswith("catalog:") for r in refs)


def test_selection_from_click():
    drawing = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [71.4, 51.2]},
               "properties": {"cls": "summit", "ref": "meeting:2024-07-03-astana-putin-xi"}}
    assert explore.selection_from_click({"last_active_drawing": drawing}) == Selection(
        "meeting", "2024-07-03-astana-putin-xi"
    )
    # an untagged feature: the country under the click
    untagged = {"last_active_drawing": {"properties": {}},
                "last_object_clicked": {"lat": 48.0, "lng": 68.0}}
    assert explore.selection_from_click(untagged) == Selection("country", "KAZ")
    assert explore.selection_from_click({"last_object_clicked": {"lat": 0.0, "lng": -30.0}}) is None
    assert explore.selection_from_click(None) is None
    assert explore.selection_from_click({"last_active_drawing": None}) is None


@pytest.mark.parametrize(
    ("lat", "lon", "iso3"),
    [(51.17, 71.45, "KAZ"), (39.65, 66.96, "UZB"), (37.22, 67.28, "UZB"),  # Termez
     (66.0, 175.0, "RUS"), (66.0, 175.0 - 360, "RUS"), (0.0, -30.0, None)],
)
def test_country_at(lat, lon, iso3):
    assert explore.country_at(lat, lon) == iso3


def test_inline_leaflet_empties_cdn_links_of_a_plain_folium_map():
    folium_map = explore.inline_leaflet(folium.Map(tiles=None))
    names = [name for name, _ in folium_map.default_js]
    assert names == ["leaflet.js", "leaflet-icons.js"]
    assert all(url.startswith("data:") for _, url in folium_map.default_js)
    assert folium.Map.default_js[0][1].startswith("https://")  # the class is left alone


def test_inline_leaflet_refuses_assets_it_cannot_inline():
    from folium.plugins import MarkerCluster

    folium_map = folium.Map(tiles=None)
    MarkerCluster().add_to(folium_map)
    with pytest.raises(GeoError, match="no vendored copy"):
        explore.inline_leaflet(folium_map)


# --------------------------------------------------------------------------- options, rows


def test_options(bundled, collections):
    docs = explore.doc_options(bundled, "fr")
    assert list(docs) == list(SEED_IDS)
    assert docs[SEED_IDS[2]].startswith("4 février 2022 · ")
    countries = explore.country_options(bundled, "fr")
    assert countries["KAZ"] == "Kazakhstan" and countries["CHN"] == "Chine"
    assert list(countries.values()) == sorted(countries.values(), key=explore._fold)
    focus = explore.focus_options(bundled, collections, "fr")
    assert focus["country:KAZ"] == "Pays · Kazakhstan"
    assert focus["place:gn:1526273"] == "Lieu · Astana"
    assert any(k.startswith("meeting:") and "Sommet" in v for k, v in focus.items())


def test_focus_options_offer_the_catalog_and_the_current_selection(bundled, collections):
    focus = explore.focus_options(bundled, collections, "en", current="country:FRA")
    assert focus["country:FRA"] == "Country · France"  # clicked, though no article mentions it
    catalog = [v for k, v in focus.items() if k.startswith("catalog:")]
    assert len(catalog) == len(collections.catalog["features"])
    assert "catalog:2024-07-03-astana-putin-xi" in focus
    assert explore.focus_options(bundled, collections, current="nonsense") == (
        explore.focus_options(bundled, collections)
    )


def test_rows(collections):
    places = explore.place_rows(collections, "en")
    assert places[0]["Mentions"] >= places[-1]["Mentions"]
    assert set(places[0]) == {"Place", "Type", "Country", "Mentions", "Articles"}
    meetings = explore.meeting_rows(collections, "fr")
    assert meetings and all(isinstance(r["day"], date) for r in meetings)
    assert {r["kind"] for r in meetings} <= {t(f"meeting_{k}", "fr") for k in
                                              ("summit", "bilateral", "visit", "video_call",
                                               "phone_call")}


def test_timeline_spec_is_plain_vega_lite():
    spec = explore.timeline_spec("en")
    assert spec["mark"] == {"type": "circle", "size": 140, "opacity": 0.85}
    assert spec["encoding"]["x"] == {"field": "day", "type": "temporal",
                                     "title": t("col_date", "en")}
    assert spec["encoding"]["color"]["field"] == "kind"
    assert [f["field"] for f in spec["encoding"]["tooltip"]] == [
        "date", "kind", "place", "participants", "articles"]
    assert explore.timeline_spec("fr")["encoding"]["y"]["title"] == t("col_kind", "fr")
    json.dumps(spec)  # a plain, JSON-ready spec: no Altair needed to draw it
