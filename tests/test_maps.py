"""The folium map, read back from its HTML: layers, feature counts, escaping, languages.

folium's element ids are random, so the page is parsed rather than compared: each layer's
embedded GeoJSON is decoded from its script, and layer names from the layer control.
"""

from __future__ import annotations

import json
import re
import sys

import folium
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from geo import aggregate as ag
from geo import maps
from geo.errors import UnknownOrganisationError
from geo.export import map_html
from geo.records import Article

EVIL = Article(
    id="evil.txt",
    title="<img src=x onerror=alert(1)> Sommet",
    published="2024-07-03",
    lang="fr",
    text=(
        "Vladimir Poutine est arrivé mercredi à Astana <script>alert(1)</script> au Kazakhstan.\n"
        "Les présidents <img src=x onerror=alert(1)> se rendront ensuite à Pékin & Moscou.\n"
    ),
)
EVIL_MEETINGS = [
    {
        "doc": "evil.txt", "date": "2024-07-01", "date_precision": "day", "place": None,
        "iso3": None, "lat": None, "lon": None, "kind": "phone_call",
        "participants": ["<b>Putin</b>", "Xi Jinping"], "catalog_id": None,
        "excerpt": "Un appel <script>alert(1)</script>", "start": 0, "end": 10,
    },
    {
        "doc": "evil.txt", "date": "2024-07-03", "date_precision": "day",
        "place": "Astana<script>", "iso3": "KAZ", "lat": 51.18, "lon": 71.45, "kind": "summit",
        "participants": ["Vladimir Putin"], "catalog_id": None,
        "excerpt": "Le sommet <img src=x onerror=alert(1)>", "start": 0, "end": 10,
    },
]


def scripts(page: str) -> str:
    return "\n".join(node.text() for node in HTMLParser(page).css("script"))


def layers(page: str) -> dict[str, dict]:
    """Each feature layer's GeoJSON, by the class name its paths carry."""
    code = scripts(page)
    found = {}
    decoder = json.JSONDecoder()
    for match in re.finditer(r'var className = "(geo-[a-z-]+)";', code):
        start = code.index("L.geoJson(", match.end()) + len("L.geoJson(")
        found[match.group(1)], _ = decoder.raw_decode(code, start)
    return found


def panels(page: str) -> list[str]:
    """The HTML of every panel (legend, calls, timeline), as the page will insert it."""
    found = re.findall(r'div.innerHTML = ("(?:[^"\\]|\\.)*");', scripts(page))
    return [json.loads(html) for html in found]


def layer_names(page: str) -> list[str]:
    control = re.search(r"overlays :\s*\{(.*?)\}", scripts(page), re.S)
    assert control, "no layer control"
    return [json.loads(name) for name in re.findall(r'("(?:[^"\\]|\\.)*") :', control.group(1))]


@pytest.fixture(scope="module")
def corpus():
    return ag.parsed_articles()


@pytest.fixture(scope="module")
def page(corpus) -> str:
    return maps.build_map(corpus, org="sco", on="2024-07-04", lang="fr").get_root().render()


@pytest.fixture(scope="module")
def evil_page() -> str:
    folium_map = maps.build_map([EVIL], on="2024-07-04", meetings=EVIL_MEETINGS)
    return folium_map.get_root().render()


# ------------------------------------------------------------------------------- layers


def test_build_map_returns_a_map_and_writes_nothing(tmp_path, monkeypatch, corpus) -> None:
    monkeypatch.chdir(tmp_path)
    folium_map = maps.build_map(corpus, on="2024-07-04")
    assert isinstance(folium_map, folium.Map)
    assert list(tmp_path.iterdir()) == []


def test_layers_and_feature_counts(page, corpus) -> None:
    found = layers(page)
    assert set(found) == {"geo-country", "geo-timeline", "geo-mention", "geo-meeting",
                          "geo-catalog"}
    assert len(found["geo-country"]["features"]) == 236
    places = ag.places_geojson(corpus)["features"]
    assert len(found["geo-mention"]["features"]) == len(places)
    history = ag.history_geojson("sco")["features"]
    assert len(found["geo-timeline"]["features"]) == len(history)
    catalog = [f for f in ag.catalog_geojson()["features"] if f["geometry"]]
    assert len(found["geo-catalog"]["features"]) == len(catalog)
    events = ag.meeting_events_geojson(ag.article_meetings(corpus))["features"]
    assert len(found["geo-meeting"]["features"]) == sum(1 for e in events if e["geometry"])


def test_layer_control_names_every_layer(page) -> None:
    names = layer_names(page)
    assert names[0] == "OCS : statut au 4 juillet 2024"
    assert names[1].startswith("OCS : élargissement 1996–")
    assert names[2].startswith("Lieux mentionnés (")
    assert names[3].startswith("Catalogue des rencontres (")
    assert names[4].startswith("Rencontres rapportées (")


def test_membership_classes_and_tooltips(page) -> None:
    classes = [f["properties"]["cls"] for f in layers(page)["geo-country"]["features"]]
    assert classes.count("member") == 10 and classes.count("observer") == 2
    tips = [f["properties"]["tooltip"] for f in layers(page)["geo-country"]["features"]]
    assert "<b>Biélorussie</b><br>Membre depuis le 4 juillet 2024" in tips
    assert "<b>Kazakhstan</b><br>Membre depuis le 15 juin 2001" in tips
    assert "<b>Mongolie</b><br>Observateur depuis le 17 juin 2004" in tips
    assert "<b>France</b><br>Aucun statut" in tips


def test_english_labels(corpus) -> None:
    folium_map = maps.build_map(corpus, org="csto", on="2024-07-04", lang="en")
    page = folium_map.get_root().render()
    tips = [f["properties"]["tooltip"] for f in layers(page)["geo-country"]["features"]]
    assert "<b>Georgia</b><br>Former member (until 20 April 1999)" in tips
    assert "<b>Armenia</b><br>Participation frozen since 22 February 2024" in tips
    assert layer_names(page)[0] == "CSTO: status on 4 July 2024"


def test_mention_bubbles_are_proportional(page) -> None:
    bubbles = [f["properties"] for f in layers(page)["geo-mention"]["features"]]
    counts = [int(re.search(r"\((\d+)\)$", b["tooltip"]).group(1)) for b in bubbles]
    radii = [b["radius"] for b in bubbles]
    top = max(counts)
    for count, radius in zip(counts, radii, strict=True):
        expected = max(maps._MENTION_RADIUS[0], maps._MENTION_RADIUS[1] * (count / top) ** 0.5)
        assert radius == pytest.approx(expected, abs=0.06)


def test_popups_group_excerpts_by_article_and_mark_the_mention(page) -> None:
    bubble = next(
        f["properties"] for f in layers(page)["geo-mention"]["features"]
        if f["properties"]["tooltip"].startswith("Astana")
    )
    popup = HTMLParser(bubble["popup"])
    assert popup.css_first("h4").text() == "Astana"
    assert len(popup.css("h5")) >= 2  # several articles report Astana
    marked = {m.text() for m in popup.css("mark")}
    assert "Astana" in marked and marked <= {"Astana", "Noursoultan", "Nur-Sultan"}


def test_calls_are_listed_in_a_panel_not_pinned(page, corpus) -> None:
    code = scripts(page)
    assert "geo-panel geo-calls" in code
    events = ag.meeting_events_geojson(ag.article_meetings(corpus))["features"]
    calls = [e for e in events if e["properties"]["kind"] in ("phone_call", "video_call")]
    assert calls and all(e["geometry"] is None for e in calls)
    assert f"Appels (sans lieu) : {len(calls)}" in code


def test_no_calls_no_panel() -> None:
    page = maps.build_map([EVIL], meetings=[EVIL_MEETINGS[1]]).get_root().render()
    assert "geo-calls" not in scripts(page)


def test_timeline_steps_through_the_sco_enlargement(page) -> None:
    steps = re.search(r"var steps = (\[.*?\]);\n", scripts(page)).group(1)
    steps = json.loads(steps)
    assert steps[0]["title"] == "26 avril 1996"
    assert [s["date"] for s in steps] == [s["date"] for s in ag.enlargement_steps("sco")]
    belarus = next(s for s in steps if s["date"] == "2024-07-04")
    assert belarus["classes"]["BLR"] == "member"
    assert "Biélorussie : Membre" in belarus["notes"]


def test_no_timeline_when_asked(corpus) -> None:
    page = maps.build_map(corpus, timeline=None, show_catalog=False).get_root().render()
    assert set(layers(page)) == {"geo-country", "geo-mention", "geo-meeting"}


def test_legend_lists_every_class_in_the_palette(page) -> None:
    legend = next(p for p in panels(page) if "Aucun statut" in p)
    for label in ("Membre (10)", "Observateur (2)", "Ancien membre (0)", "Aucun statut"):
        assert label in legend
    for colour in maps.CLASS_COLOURS.values():
        assert colour in legend
    assert len(set(maps.CLASS_COLOURS.values())) == len(maps.CLASS_COLOURS)


def test_initial_view_is_eurasia_without_tiles(page) -> None:
    assert "center: [47.0, 82.0]" in page
    assert '"zoom": 3' in page
    assert "L.tileLayer" not in page


def test_tiles_are_an_option(corpus) -> None:
    page = maps.build_map(corpus, tiles="OpenStreetMap").get_root().render()
    assert "L.tileLayer" in page


def test_only_leaflet_is_linked_and_folium_defaults_are_untouched() -> None:
    page = maps.base_map().get_root().render()
    links = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert all("/leaflet@" in link for link in links), links
    assert len(folium.Map.default_js) > 1  # the class attribute is not modified
    assert "jquery" in folium.Map().get_root().render()


def test_unknown_organisation(corpus) -> None:
    with pytest.raises(UnknownOrganisationError):
        maps.build_map(corpus, org="no such bloc")


def test_meetings_layer_works_without_the_meetings_module(monkeypatch, corpus) -> None:
    monkeypatch.setitem(sys.modules, "geo.meetings", None)
    page = maps.build_map(corpus).get_root().render()
    found = layers(page)
    assert found["geo-meeting"]["features"] == []
    assert "geo-catalog" in found and found["geo-catalog"]["features"] == []


def test_compose_map_reuses_collections(corpus) -> None:
    places = ag.places_geojson(corpus)
    places["features"] = places["features"][:3]  # a dashboard filter
    page = maps.compose_map(places=places, lang="en").get_root().render()
    assert list(layers(page)) == ["geo-mention"]
    assert len(layers(page)["geo-mention"]["features"]) == 3


# ------------------------------------------------------------------------------ escaping


def test_article_text_is_escaped_everywhere(evil_page) -> None:
    # nothing from the article survives as markup, in the page or in any embedded string
    assert "<script>alert(1)" not in evil_page
    assert "<img src=x" not in evil_page
    code = scripts(evil_page)
    assert "alert(1)" in code  # the text is there, as text
    found = layers(evil_page)
    shown = json.dumps(found, ensure_ascii=False) + code
    assert "<script>alert" not in shown.replace("\\u003c", "<").replace("&lt;script", "")
    for feature in found["geo-mention"]["features"] + found["geo-meeting"]["features"]:
        popup = HTMLParser(feature["properties"]["popup"])
        assert not popup.css("script, img"), feature["properties"]["popup"]


def test_excerpt_is_escaped_then_marked(evil_page) -> None:
    astana = next(
        f["properties"]["popup"] for f in layers(evil_page)["geo-mention"]["features"]
        if f["properties"]["tooltip"].startswith("Astana")
    )
    assert "<mark>Astana</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in astana
    assert "&lt;img src=x onerror=alert(1)&gt; Sommet" in astana  # the title


def test_calls_panel_is_escaped(evil_page) -> None:
    panel = next(p for p in panels(evil_page) if p.startswith("<details"))
    tree = HTMLParser(panel)
    assert not tree.css("script, img")
    assert "&lt;b&gt;Putin&lt;/b&gt;" in panel
    assert "Un appel &lt;script&gt;alert(1)&lt;/script&gt;" in panel


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("à Astana.", [[2, 8]], "à <mark>Astana</mark>."),
        ("a <b> Astana & co", [[6, 12]], "a &lt;b&gt; <mark>Astana</mark> &amp; co"),
        ("<x>Pékin</x>", [[3, 8]], "&lt;x&gt;<mark>Pékin</mark>&lt;/x&gt;"),
        ("Moscou, Moscou", [[0, 6], [8, 14]], "<mark>Moscou</mark>, <mark>Moscou</mark>"),
        ("bad marks", [[5, 2], [0, 99]], "bad marks"),
    ],
)
def test_highlight(text, marks, expected) -> None:
    assert maps.highlight(text, marks) == expected




def test_map_html_of_the_evil_map_parses(evil_page) -> None:
    folium_map = maps.build_map([EVIL], meetings=EVIL_MEETINGS)
    document = map_html(folium_map)
    assert HTMLParser(document).css_first("body") is not None
    assert "<script>alert(1)" not in document


# Jinja syntax in an article: branca compiles a macro element's output as a new template, so
# it used to run (« {{ 7*7 }} » became « 49 », and Jinja expressions reach Python objects).
JINJA = "{{ 7*7 }} {% for x in range(3) %}LOOP{% endfor %} {{ cycler.__init__ }}"
JINJA_ARTICLE = Article(
    id="jinja.txt", title=f"Titre {JINJA}", published="2024-07-03", lang="fr",
    text=f"Vladimir Poutine est arrivé mercredi à Astana {JINJA} au Kazakhstan.\n",
)
JINJA_MEETINGS = [dict(m, doc="jinja.txt", excerpt=f"Un appel {JINJA}",
                       participants=["Vladimir Putin", JINJA]) for m in EVIL_MEETINGS]


def test_template_syntax_in_an_article_stays_text() -> None:
    page = maps.build_map([JINJA_ARTICLE], on="2024-07-04",
                          meetings=JINJA_MEETINGS).get_root().render()
    astana = next(
        f["properties"]["popup"] for f in layers(page)["geo-mention"]["features"]
        if f["properties"]["tooltip"].startswith("Astana")
    )
    assert f"<mark>Astana</mark> {JINJA} au Kazakhstan" in astana
    assert f"Titre {JINJA}" in astana
    panel = next(p for p in panels(page) if p.startswith("<details"))
    assert f"Un appel {JINJA}" in panel
    assert " 49 " not in page and "LOOPLOOP" not in page and "<function" not in page


def test_template_syntax_in_an_article_stays_text_on_the_dashboard_map() -> None:
    from geo import explore

    document = explore.parse_upload("jinja.txt", JINJA_ARTICLE.text.encode(), None)
    view = explore.View(on=ag.resolve_day("2024-07-04"))
    folium_map, _ = explore.dashboard_map(explore.view_collections([document], view), lang="fr")
    page = folium_map.get_root().render()
    assert JINJA in json.dumps(layers(page), ensure_ascii=False)
    assert " 49 " not in page and "LOOPLOOP" not in page
