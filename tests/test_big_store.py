"""Big stores: maps, exports and the dashboard built from a store's aggregates.

A store of a few generated articles is written with :func:`geo.batch.run_batch`; the limit
above which a store counts as big (:data:`geo.aggregate.STORE_OBJECT_LIMIT`) is lowered so the
aggregate path runs, and its output is checked against the exact path (every mention loaded
as objects) on the same store.
"""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from conftest import REPO, SEEDS
from test_maps import layers, panels

from geo import aggregate as ag
from geo import explore
from geo.batch import run_batch
from geo.cli import main
from geo.export import geojson_chunks, geojson_text
from geo.store import open_store

N_ARTICLES = 12
PARAGRAPHS = [
    p.strip()
    for path in sorted(SEEDS.glob("*.txt"))
    for p in path.read_text(encoding="utf-8").split("\n\n")
    if p.strip()
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("articles")
    rng = random.Random(11)
    for i in range(N_ARTICLES):
        text = "\n\n".join(rng.sample(PARAGRAPHS, 3)) + "\n"
        (root / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    (root / "articles.csv").write_text(
        "file,published,lang\n"
        + "".join(f"a{i:02d}.txt,2024-{1 + i % 12:02d}-03,fr\n" for i in range(N_ARTICLES)),
        encoding="utf-8",
    )
    path = tmp_path_factory.mktemp("stores") / "store"
    run_batch(root, path, workers=1, progress=False)
    return path


@pytest.fixture
def big(monkeypatch):
    """Every store counts as big: the aggregate path runs."""
    monkeypatch.setattr(ag, "STORE_OBJECT_LIMIT", 2)


@pytest.fixture(scope="module")
def exact(store):
    """The exact collections of the store (every mention loaded as objects)."""
    parsed, records = ag.stored_inputs(store)
    return {
        "places": ag.places_geojson(parsed),
        "events": ag.meeting_events_geojson(records, [a for a, _ in parsed]),
        "mentions": ag.mentions_geojson(parsed),
        "records": ag.meetings_geojson(records),
    }


def _counts(collection, key="mentions"):
    return {f["properties"]["place_id"]: f["properties"][key] for f in collection["features"]}


# ----------------------------------------------------------------------------- aggregates


def test_store_places_have_the_exact_counts_and_schema(store, exact):
    full = exact["places"]
    shown = ag.store_places_geojson(store, limit=5)
    assert shown["total"] == len(full["features"]) and shown["left_out"] == shown["total"] - 5
    assert shown["sampled"] is True
    assert [f["id"] for f in shown["features"]] == [f["id"] for f in full["features"][:5]]
    mentions, articles = _counts(full), _counts(full, "n_articles")
    for feature in shown["features"]:
        p = feature["properties"]
        assert set(p) == set(full["features"][0]["properties"])
        assert p["mentions"] == mentions[p["place_id"]]
        assert p["n_articles"] == articles[p["place_id"]]
        assert 1 <= len(p["articles"]) <= min(ag.SAMPLES, p["n_articles"])
        for article in p["articles"]:
            assert set(article) == {"doc", "title", "published", "mentions", "excerpts"}
            [excerpt] = article["excerpts"]
            for start, end in excerpt["marks"]:
                assert excerpt["text"][start:end]


def test_store_meeting_events_have_the_exact_counts(store, exact):
    # two events off the catalog can share an id (same day, kind and place, other leaders)
    full: dict[tuple, dict] = {
        (f["id"], tuple(sorted(f["properties"]["participants"]))): f["properties"]
        for f in exact["events"]["features"]
    }
    assert len(full) == len(exact["events"]["features"])
    shown = ag.store_meeting_events_geojson(store, limit=3)
    assert (shown["total"], shown["left_out"]) == (len(full), len(full) - 3)
    biggest = sorted(p["n_articles"] for p in full.values())[-3:]
    assert sorted(f["properties"]["n_articles"] for f in shown["features"]) == biggest
    for feature in shown["features"]:
        p = feature["properties"]
        same = full[(p["id"], tuple(sorted(p["participants"])))]
        assert set(p) == set(same)
        assert (p["n_articles"], p["participants"]) == (same["n_articles"], same["participants"])
    dates = [f["properties"]["date"] or "~" for f in shown["features"]]
    assert dates == sorted(dates)


def test_streamed_geojson_is_the_text_of_the_collection(exact):
    for collection in (exact["mentions"], exact["records"], ag.membership_geojson("sco")):
        members = {k: v for k, v in collection.items() if k != "features"}
        streamed = "".join(geojson_chunks(iter(collection["features"]), members))
        assert streamed == geojson_text(collection)


# ------------------------------------------------------------------------------ commands


def test_geo_map_of_a_big_store_draws_the_biggest_places(store, exact, big, tmp_path, capsys,
                                                          monkeypatch):
    monkeypatch.setattr(ag, "MAX_FEATURES", 4)
    out = tmp_path / "map.html"
    assert main(["map", "--store", str(store), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    page = out.read_text(encoding="utf-8")
    bubbles = layers(page)["geo-mention"]["features"]
    top = exact["places"]["features"][:4]
    assert [b["properties"]["tooltip"] for b in bubbles] == [
        f"{f['properties']['name_fr']} ({f['properties']['mentions']})" for f in top
    ]
    total = len(exact["places"]["features"])
    summary = next(p for p in panels(page) if "les plus mentionnés" in p)
    assert f"4 lieux les plus mentionnés sur {total}" in summary
    n_events = len(exact["events"]["features"])
    assert f"rencontres les plus rapportées sur {n_events}" in summary


def test_geo_map_of_a_small_store_is_the_exact_map(store, tmp_path):
    out = tmp_path / "map.html"
    assert main(["map", "--store", str(store), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert not any("les plus mentionnés" in p for p in panels(page))
    assert "<mark>" in json.dumps(layers(page)["geo-mention"], ensure_ascii=False)


@pytest.mark.parametrize("what", ["mentions", "meetings"])
def test_geo_export_streams_every_record(store, exact, big, tmp_path, what):
    out = tmp_path / f"{what}.geojson"
    assert main(["export", "--store", str(store), "--what", what, "-o", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    reference = json.loads(geojson_text(exact["mentions" if what == "mentions" else "records"]))
    assert written["type"] == "FeatureCollection"
    def key(feature):
        return json.dumps(feature, sort_keys=True)

    # the same features (the order of records inside the file is not part of the contract)
    assert sorted(map(key, written["features"])) == sorted(map(key, reference["features"]))
    summary = open_store(store).summary()
    assert len(written["features"]) == summary[what]
    if what == "mentions":
        counted = Counter(f["properties"]["place_id"] for f in written["features"])
        assert counted == Counter(_counts(exact["places"]))


def test_geo_export_membership_with_a_store_and_a_bad_store(store, tmp_path, capsys):
    out = tmp_path / "m.geojson"
    assert main(["export", "--store", str(store), "--what", "membership", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["org"] == "sco"
    bad = tmp_path / "nothing"
    assert main(["export", "--store", str(bad), "--what", "mentions", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("geo: error: no store at ") and err.count("\n") == 1
    assert not list(tmp_path.glob(".*.tmp"))


# ----------------------------------------------------------------------------- dashboard


def _app(store, monkeypatch, *, limit=6):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(ag, "MAX_FEATURES", limit)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.text_input(key="store").input(str(store)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _metrics(at):
    return {m.label: int(m.value) for m in at.metric}


def _map_layers(at):
    [component] = [c for c in at.get("component_instance")
                   if c.proto.component_name == "streamlit_folium.st_folium"]
    return layers("<script>" + json.loads(component.proto.json_args)["script"] + "</script>")


def test_dashboard_opens_a_big_store_from_its_aggregates(store, exact, big, monkeypatch):
    at = _app(store, monkeypatch)
    counts = open_store(store).summary()
    places = exact["places"]["features"]
    assert _metrics(at) == {"Articles": N_ARTICLES, "Lieux": len(places),
                            "Mentions": counts["mentions"],
                            "Rencontres": len(exact["events"]["features"])}
    assert any(c.value.startswith(f"Carte : 6 lieux les plus mentionnés sur {len(places)}")
               for c in at.caption)
    bubbles = _map_layers(at)["geo-mention"]["features"]
    assert [b["properties"]["ref"] for b in bubbles] == [f"place:{f['id']}" for f in places[:6]]
    assert at.multiselect(key="docs").disabled and at.text_input(key="query").disabled
    at.session_state["tab"] = "Lieux mentionnés"  # the tab below the map, opened
    at.run()
    [table] = at.dataframe
    assert len(table.value) == len(places)  # the whole table, not only the drawn places
    assert table.value["Mentions"].tolist() == [f["properties"]["mentions"] for f in places]
    at.session_state["tab"] = "Téléchargements"
    at.run()
    assert [b.proto.label for b in at.get("download_button")]  # the tab's buttons are there
    assert not [b for b in at.get("download_button") if b.proto.label.startswith("Mentions")]


def test_dashboard_big_store_filters_and_sample_excerpts(store, exact, big, monkeypatch):
    at = _app(store, monkeypatch, limit=50)
    astana = next(f["properties"] for f in exact["places"]["features"]
                  if f["id"] == "gn:1526273")
    at.selectbox(key="focus").set_value("place:gn:1526273").run()
    assert not at.exception
    page = "\n".join(h.proto.body for h in at.html)
    assert "<mark>Astana</mark>" in page
    shown = min(ag.SAMPLES, astana["n_articles"])
    assert any(c.value == f"Extraits : un échantillon de {shown} article(s) sur "
                          f"{astana['n_articles']}." for c in at.caption)
    at.multiselect(key="types").set_value(["city"]).run()
    cities = [f["properties"] for f in exact["places"]["features"]
              if f["properties"]["type"] == "city"]
    assert _metrics(at)["Lieux"] == len(cities)
    assert _metrics(at)["Mentions"] == sum(p["mentions"] for p in cities)
    at.slider(key="on").set_value(explore.FIRST_DAY).run()  # the day only recolours the map
    assert not at.exception and _metrics(at)["Lieux"] == len(cities)


# ----------------------------------------------------------------------------- disk cache


def test_dashboard_keeps_a_store_s_aggregates_on_disk_until_the_store_changes(
    tmp_path, monkeypatch, big
):
    """A big store's aggregates are computed once, read back on the next start, and computed
    again once a run changed the store (an edited article replaced its earlier version)."""
    from geo.store import Store

    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    root.mkdir()
    for i in range(4):
        (root / f"a{i}.txt").write_text(PARAGRAPHS[i] + "\n", encoding="utf-8")
    path = tmp_path / "store"
    run_batch(root, path, workers=1, progress=False)

    computed = []
    real = Store.places
    monkeypatch.setattr(Store, "places",
                        lambda self, **kwargs: computed.append(1) or real(self, **kwargs))
    first = explore.open_store_corpus(path)
    second = explore.open_store_corpus(path)
    assert computed == [1]  # the second start read the aggregates back
    assert second.places == first.places and second.events == first.events
    assert "gn:3413829" not in {p["place_id"] for p in first.places}  # Reykjavik

    (root / "a0.txt").write_text(PARAGRAPHS[0] + "\nLe président s'est rendu à Reykjavik.\n",
                                 encoding="utf-8")
    assert run_batch(root, path, workers=1, progress=False).replaced == 1
    third = explore.open_store_corpus(path)
    assert computed == [1, 1]
    reykjavik = [p for p in third.places if p["place_id"] == "gn:3413829"]
    assert [(p["mentions"], p["n_articles"]) for p in reykjavik] == [(1, 1)]


def test_warm_up_opens_the_store_before_the_first_visitor(store, big, monkeypatch):
    """`streamlit run app.py -- --store STORE`: the warm-up computes the store's aggregates as
    the server starts; the first visitor's open then reads them from memory."""
    from geo import explore
    from geo.store import Store
    from geo.warmup import warm_up

    monkeypatch.setenv("GEO_CACHE_DIR", "off")  # the memory alone must serve
    warm_up(str(store))

    def no_aggregation(*args, **kwargs):
        raise AssertionError("the store was aggregated again")

    monkeypatch.setattr(Store, "meeting_events", no_aggregation)
    monkeypatch.setattr(Store, "places", no_aggregation)
    opened = explore.open_store_corpus(store)
    assert isinstance(opened, explore.StoreCorpus)
    assert opened.counts["articles"] == N_ARTICLES and opened.places
