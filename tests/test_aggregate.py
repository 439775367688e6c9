"""The shared FeatureCollections: counts, grouping, marks on raw text, membership classes on
known dates, and the antimeridian and simplification fixes of the country polygons."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from geo import aggregate as ag
from geo.errors import GeoError, InvalidDateError, UnknownOrganisationError
from geo.pipeline import parse_article
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

CALL = {
    "doc": "evil.txt",
    "date": "2024-07-01",
    "date_precision": "day",
    "place": None,
    "iso3": None,
    "lat": None,
    "lon": None,
    "kind": "phone_call",
    "participants": ["Vladimir Putin", "Xi Jinping"],
    "catalog_id": None,
    "excerpt": "Un appel <script>alert(1)</script>",
    "start": 0,
    "end": 10,
}
SUMMIT = {
    **CALL,
    "date": "2024-07-03",
    "place": "Astana",
    "iso3": "KAZ",
    "lat": 51.1801,
    "lon": 71.446,
    "kind": "summit",
    "catalog_id": "2024-07-03-astana-sco-summit",
    "excerpt": "Le sommet d'Astana",
}


@pytest.fixture(scope="module")
def corpus() -> list[ag.Parsed]:
    return ag.parsed_articles()


# ------------------------------------------------------------------------------- inputs


def test_parsed_articles_accepts_articles_and_pairs() -> None:
    pairs = ag.parsed_articles([EVIL, (EVIL, [])])
    assert [a.id for a, _ in pairs] == ["evil.txt", "evil.txt"]
    assert pairs[0][1] == parse_article(EVIL)
    assert pairs[1][1] == []


def test_parsed_articles_refuses_other_things() -> None:
    with pytest.raises(GeoError, match="expected an Article"):
        ag.parsed_articles(["not an article"])


def test_none_means_the_bundled_corpus(corpus) -> None:
    assert len(corpus) == 5
    assert all(mentions for _, mentions in corpus)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-07-04", date(2024, 7, 4)),
        ("2024-07", date(2024, 7, 31)),
        ("2024-02", date(2024, 2, 29)),
        (date(2001, 6, 15), date(2001, 6, 15)),
    ],
)
def test_resolve_day(on, expected) -> None:
    assert ag.resolve_day(on) == expected


def test_resolve_day_defaults_to_today() -> None:
    assert ag.resolve_day(None) == date.today()


@pytest.mark.parametrize("bad", ["2024-13", "04/07/2024", "yesterday", "2024-02-30", 20240704])
def test_resolve_day_refuses_bad_dates(bad) -> None:
    with pytest.raises(InvalidDateError, match="invalid date"):
        ag.resolve_day(bad)


# ----------------------------------------------------------------------------- mentions


def test_mentions_geojson_is_one_feature_per_mention(corpus) -> None:
    collection = ag.mentions_geojson(corpus)
    mentions = [m for _, ms in corpus for m in ms]
    assert len(collection["features"]) == len(mentions)
    first, mention = collection["features"][0], mentions[0]
    assert first["properties"] == mention.to_record()
    assert first["geometry"]["coordinates"] == [mention.place.lon, mention.place.lat]


def test_places_geojson_counts_and_groups_by_article(corpus) -> None:
    collection = ag.places_geojson(corpus)
    features = collection["features"]
    total = sum(len(ms) for _, ms in corpus)
    assert sum(f["properties"]["mentions"] for f in features) == total
    assert len(features) == len({m.place.id for _, ms in corpus for m in ms})
    counts = [f["properties"]["mentions"] for f in features]
    assert counts == sorted(counts, reverse=True)
    titles = {a.id: a.title for a, _ in corpus}
    for feature in features:
        p = feature["properties"]
        docs = [a["doc"] for a in p["articles"]]
        assert len(docs) == len(set(docs)) == p["n_articles"]
        assert sum(a["mentions"] for a in p["articles"]) == p["mentions"]
        for article in p["articles"]:
            assert article["title"] == titles[article["doc"]]


def test_places_marks_point_at_the_mentions_in_the_raw_text(corpus) -> None:
    by_place: dict[str, set[str]] = {}
    for _, mentions in corpus:
        for m in mentions:
            by_place.setdefault(m.place.id, set()).add(m.text)
    for feature in ag.places_geojson(corpus)["features"]:
        for article in feature["properties"]["articles"]:
            for excerpt in article["excerpts"]:
                assert excerpt["marks"], excerpt
                for start, end in excerpt["marks"]:
                    assert excerpt["text"][start:end] in by_place[feature["id"]]


def test_marks_of_an_article_with_markup_index_the_raw_text() -> None:
    collection = ag.places_geojson([(EVIL, parse_article(EVIL))])
    astana = next(f for f in collection["features"] if f["properties"]["name"] == "Astana")
    excerpt = astana["properties"]["articles"][0]["excerpts"][0]
    assert "<script>alert(1)</script>" in excerpt["text"]  # raw: escaping is the renderer's
    (start, end), = excerpt["marks"]
    assert excerpt["text"][start:end] == "Astana"


def test_long_sentences_are_trimmed_around_the_marks() -> None:
    filler = "mot " * 300
    text = f"{filler}Le président est arrivé à Astana hier. {filler}"
    article = Article(id="long.txt", text=text, lang="fr")
    mentions = [m for m in parse_article(article) if m.text == "Astana"]
    assert mentions
    excerpt = ag._mention_excerpt(article, mentions)
    assert len(excerpt["text"]) <= 420
    assert excerpt["text"].startswith("… ") and excerpt["text"].endswith(" …")
    (start, end), = excerpt["marks"]
    assert excerpt["text"][start:end] == "Astana"


def test_overlapping_marks_merge() -> None:
    assert ag._disjoint([(0, 4), (2, 6), (8, 9)]) == [(0, 6), (8, 9)]


# ----------------------------------------------------------------------------- meetings


def test_meetings_geojson_follows_the_contract() -> None:
    collection = ag.meetings_geojson([CALL, SUMMIT])
    call, summit = collection["features"]
    assert call["geometry"] is None
    assert call["properties"] == CALL
    assert summit["geometry"] == {"type": "Point", "coordinates": [71.446, 51.1801]}


def test_meeting_events_group_the_articles_that_report_one_meeting() -> None:
    other = {**SUMMIT, "doc": "other.txt", "excerpt": "Au sommet", "participants": ["Erdogan"]}
    collection = ag.meeting_events_geojson([SUMMIT, other, CALL], [EVIL])
    events = collection["features"]
    assert len(events) == 2
    summit = next(f for f in events if f["properties"]["kind"] == "summit")
    assert summit["properties"]["n_articles"] == 2
    assert summit["properties"]["participants"] == ["Vladimir Putin", "Xi Jinping", "Erdogan"]
    first, second = summit["properties"]["articles"]
    assert first["title"] == EVIL.title and second["title"] is None
    assert second["excerpts"] == ["Au sommet"]
    call = next(f for f in events if f["properties"]["kind"] == "phone_call")
    assert call["geometry"] is None


def test_two_meetings_on_one_day_in_one_city_are_two_events_with_two_ids() -> None:
    talks = {**SUMMIT, "kind": "bilateral", "catalog_id": None}
    other = {**talks, "participants": ["Narendra Modi", "Xi Jinping"]}
    events = ag.meeting_events_geojson([talks, other, talks])["features"]
    ids = sorted(f["properties"]["id"] for f in events)
    assert ids == [
        "2024-07-03|bilateral|Astana|Narendra Modi+Xi Jinping",
        "2024-07-03|bilateral|Astana|Vladimir Putin+Xi Jinping",
    ]
    assert sorted(f["properties"]["n_articles"] for f in events) == [1, 1]


def test_meeting_events_take_french_place_names_from_the_catalog() -> None:
    catalog = [{"id": SUMMIT["catalog_id"], "place_fr": "Astana (fr)", "occasion": "SCO summit"}]
    (event,) = ag.meeting_events_geojson([SUMMIT], [EVIL], catalog=catalog)["features"]
    assert event["properties"]["place_fr"] == "Astana (fr)"
    assert event["properties"]["occasion"] == "SCO summit"


def test_meeting_events_of_the_corpus(corpus) -> None:
    meetings = ag.article_meetings(corpus)
    if not meetings:
        pytest.skip("geo.meetings is not available")
    events = ag.meeting_events_geojson(meetings, [a for a, _ in corpus])["features"]
    assert 0 < len(events) <= len(meetings)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids))
    assert sum(len(a["excerpts"]) for e in events for a in e["properties"]["articles"]) >= 1


def test_article_meetings_tolerates_a_missing_meetings_module(monkeypatch, corpus) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "geo.meetings", None)  # import now raises ImportError
    assert ag.article_meetings(corpus) == []
    assert ag.catalog_geojson() == {"type": "FeatureCollection", "features": []}


def test_catalog_geojson() -> None:
    pytest.importorskip("geo.meetings")
    collection = ag.catalog_geojson()
    assert collection["features"]
    for feature in collection["features"]:
        p = feature["properties"]
        assert feature["id"] == p["id"]
        if p["kind"] in ("phone_call", "video_call"):
            assert feature["geometry"] is None


# --------------------------------------------------------------------------- membership


def _by_iso3(collection: dict) -> dict[str, dict]:
    return {f["id"]: f["properties"] for f in collection["features"]}


@pytest.mark.parametrize(
    ("org", "on", "iso3", "status", "klass", "since"),
    [
        ("sco", "2024-07-04", "BLR", "member", "member", "2024-07-04"),
        ("sco", "2024-07-03", "BLR", "observer", "observer", "2015-07-10"),
        ("sco", "2012-01-01", "BLR", "dialogue_partner", "partner", "2009-06-16"),
        ("sco", "2023-07-03", "IRN", "observer", "observer", "2005-07-05"),
        ("sco", "2024-07-04", "KAZ", "member", "member", "2001-06-15"),
        ("sco", "2024-07-04", "USA", None, "none", None),
        ("OCS", "2025-09-01", "TUR", "partner", "partner", "2025-09-01"),
        ("csto", "2024-07-04", "ARM", "frozen", "other", "2024-02-22"),
        ("csto", "2024-07-04", "UZB", "suspended", "other", "2012-06-28"),
        ("csto", "2024-07-04", "GEO", None, "former", None),
    ],
)
def test_membership_classes_on_known_days(org, on, iso3, status, klass, since) -> None:
    p = _by_iso3(ag.membership_geojson(org, on))[iso3]
    assert (p["status"], p["class"], p["since"]) == (status, klass, since)


def test_former_members_say_until_when() -> None:
    p = _by_iso3(ag.membership_geojson("csto", "2024-07-04"))["GEO"]
    assert p["until"] == "1999-04-20"


def test_membership_covers_every_country_with_names_in_the_language() -> None:
    collection = ag.membership_geojson("sco", "2024-07-04", "fr")
    assert len(collection["features"]) == 236
    assert collection["org"] == "sco" and collection["on"] == "2024-07-04"
    assert collection["org_name"] == "Organisation de coopération de Shanghai"
    china = _by_iso3(collection)["CHN"]
    assert (china["name"], china["name_en"]) == ("Chine", "China")
    assert {p["class"] for p in _by_iso3(collection).values()} <= set(ag.CLASSES)


def test_membership_errors_are_geo_errors() -> None:
    with pytest.raises(UnknownOrganisationError):
        ag.membership_geojson("no such bloc", "2024-07-04")
    with pytest.raises(InvalidDateError):
        ag.membership_geojson("sco", "July 2024")


def test_sco_enlargement_steps() -> None:
    steps = ag.enlargement_steps("sco", until="2025-12-31")
    days = [s["date"] for s in steps]
    assert days == sorted(days)
    assert days[0] == "1996-04-26"
    founders = {c["iso3"] for c in steps[0]["changes"]}
    assert founders == {"CHN", "KAZ", "KGZ", "RUS", "TJK"}
    by_day = {s["date"]: {c["iso3"]: c["after"] for c in s["changes"]} for s in steps}
    assert by_day["2001-06-15"] == {"UZB": "member"}
    assert by_day["2017-06-09"] == {"IND": "member", "PAK": "member"}
    assert by_day["2023-07-04"] == {"IRN": "member"}
    assert by_day["2024-07-04"] == {"BLR": "member"}
    for step in steps:
        assert all(c["before"] != c["after"] for c in step["changes"])


def test_enlargement_stops_at_until() -> None:
    assert ag.enlargement_steps("sco", until="2010-01-01")[-1]["date"] == "2009-06-16"


def test_history_geojson_lists_every_country_that_ever_held_a_status() -> None:
    collection = ag.history_geojson("sco", "fr")
    iso3s = {f["id"] for f in collection["features"]}
    assert {"CHN", "BLR", "IRN", "MNG", "TUR"} <= iso3s
    assert "USA" not in iso3s
    blr = next(f for f in collection["features"] if f["id"] == "BLR")["properties"]
    assert [h["status"] for h in blr["history"]] == ["dialogue_partner", "observer", "member"]
    assert blr["name"] == blr["name_fr"] != blr["name_en"]


@pytest.mark.parametrize("what", ["mentions", "places", "meetings", "membership"])
def test_feature_collection_dispatch(what) -> None:
    collection = ag.feature_collection(what, [EVIL], org="sco", on="2024-07-04")
    assert collection["type"] == "FeatureCollection"


def test_feature_collection_unknown_kind() -> None:
    with pytest.raises(GeoError, match="unknown collection"):
        ag.feature_collection("rivers", [EVIL])


# ----------------------------------------------------------------------------- geometry


@pytest.fixture(scope="module")
def full() -> dict:
    return {iso3: shape(g) for iso3, g in ag.country_geometries(None).items()}


def _owners(geometries: dict, lon: float, lat: float) -> set[str]:
    point = Point(lon, lat)
    return {iso3 for iso3, g in geometries.items() if g.contains(point)}


@pytest.mark.parametrize(
    ("lon", "lat", "owners"),
    [
        (66.6, 66.5, {"RUS"}),  # Salekhard: dropped by the raw band
        (88.2, 69.3, {"RUS"}),  # Norilsk
        (-173.5, 66.2, {"RUS"}),  # Chukotka east of 180°
        (172.0, 66.0, {"RUS"}),  # Chukotka west of 180°
        (-179.5, 71.2, {"RUS"}),  # Wrangel Island, astride 180°
        (100.0, 74.0, {"RUS"}),  # Taymyr
        (25.7, 66.5, {"FIN"}),  # Rovaniemi: not Russian
        (-155.0, 66.5, {"USA"}),  # interior Alaska: not Russian
        (-100.0, 66.5, {"CAN"}),  # Nunavut: not Russian
        (38.5, 65.8, set()),  # the White Sea is water
        (73.5, 68.0, set()),  # the Gulf of Ob is water
        (0.0, -89.5, {"ATA"}),  # the South Pole
        (178.0, -17.8, {"FJI"}),  # Viti Levu
    ],
)
def test_antimeridian_split_puts_points_in_the_right_country(full, lon, lat, owners) -> None:
    assert _owners(full, lon, lat) == owners


@pytest.mark.parametrize("tolerance", [None, ag.MAP_TOLERANCE])
def test_no_ring_jumps_across_the_map(tolerance) -> None:
    for iso3, geometry in ag.country_geometries(tolerance).items():
        g = shape(geometry)
        assert g.is_valid, iso3
        for polygon in getattr(g, "geoms", [g]):
            for ring in [polygon.exterior, *polygon.interiors]:
                xy = np.asarray(ring.coords)
                jumps = np.abs(np.diff(xy[:, 0])) > 180
                on_pole = (np.abs(xy[:-1, 1]) == 90) & (np.abs(xy[1:, 1]) == 90)
                assert not (jumps & ~on_pole).any(), iso3


def test_split_keeps_areas_close_to_the_source(full) -> None:
    # the source read spherically gives Russia 2924.2 square degrees, Antarctica 6049.1
    assert full["RUS"].area == pytest.approx(2924.2, rel=0.002)
    assert full["ATA"].area == pytest.approx(6049.1, rel=0.002)
    assert full["FJI"].bounds[0] == -180.0 and full["FJI"].bounds[2] == 180.0


def test_simplified_borders_stay_shared() -> None:
    simple = {k: shape(v) for k, v in ag.country_geometries().items()}
    central_asia = [simple[k] for k in ("KAZ", "KGZ", "TJK", "UZB", "TKM", "AFG", "CHN")]
    assert shapely.coverage_is_valid(np.array(central_asia, dtype=object))
    coords = sum(shapely.get_num_coordinates(g) for g in simple.values())
    full_coords = sum(
        shapely.get_num_coordinates(shape(g)) for g in ag.country_geometries(None).values()
    )
    assert coords < 0.75 * full_coords


def test_country_geometries_are_cached_and_read_only() -> None:
    assert ag.country_geometries() is ag.country_geometries()
    with pytest.raises(TypeError):
        ag.country_geometries()["XXX"] = {}  # type: ignore[index]
