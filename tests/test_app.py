"""app.py as it runs (Streamlit AppTest): widgets in, what the page shows out.

The map is a custom component, which AppTest does not draw: its arguments (the map script and
the membership state sent with it) are read from the page instead; clicks on it are covered by
tests/test_explore.py (``selection_from_click``) and tests/test_app_browser.py.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date

import pytest
from conftest import REPO, SEED_IDS
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo import explore
from geo.articles import load_corpus

APP = str(REPO / "app.py")
TIMEOUT = 120
FILES: dict[str, bytes] = {}  # download URL -> content, recorded by _RecordingStorage
DEFERRED: dict[str, object] = {}  # deferred file id -> callable, by _RecordingManager
ASTANA = (
    "Vladimir Poutine est arrivé mercredi à Astana, au Kazakhstan, où il doit rencontrer "
    "Xi Jinping en marge du sommet de l’Organisation de coopération de Shanghai."
)


class _RecordingStorage(MemoryMediaFileStorage):
    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        FILES[self.get_url(file_id)] = self._files_by_id[file_id].content
        return file_id


class _RecordingManager(MediaFileManager):
    def add_deferred(self, data_callable, *args, **kwargs):
        file_id = super().add_deferred(data_callable, *args, **kwargs)
        DEFERRED[file_id] = data_callable
        return file_id


@pytest.fixture(autouse=True)
def _record_downloads(monkeypatch):
    import streamlit.testing.v1.app_test as app_test

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", _RecordingStorage)
    monkeypatch.setattr(app_test, "MediaFileManager", _RecordingManager)


@pytest.fixture(scope="module")
def bundled() -> tuple[explore.Document, ...]:
    return tuple(explore.parse_document(a) for a in load_corpus())


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    """Select a tab below the map, as a click does: only the open tab is built."""
    at.session_state["tab"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def map_args(at: AppTest) -> dict:
    [component] = [c for c in at.get("component_instance")
                   if c.proto.component_name == "streamlit_folium.st_folium"]
    return json.loads(component.proto.json_args)


def country_classes(at: AppTest) -> dict[str, str]:
    state = map_args(at)["feature_group"]
    return json.loads(re.search(r"var classes = (\{.*?\});", state).group(1))


def legend(at: AppTest) -> str:
    state = map_args(at)["feature_group"]
    return json.loads(re.search(r"legend.innerHTML = (\".*?\");\n", state).group(1))


def query_list(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def download(button) -> str | bytes:
    """What a download button gives: its data, or what its deferred callable returns."""
    if button.deferred_file_id:
        return DEFERRED[button.deferred_file_id]()
    return FILES[button.url]


def html_of(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def expected_counts(documents, view: explore.View) -> dict[str, int]:
    kept = explore.filter_documents(documents, view)
    collections = explore.view_collections(kept, view)
    return explore.summary(kept, collections)


# ------------------------------------------------------------------------- first view


def test_bundled_corpus_by_default_in_french(bundled):
    at = run()
    assert at.title[0].value == "geo-explorer : lieux, blocs et rencontres"
    counts = expected_counts(bundled, explore.View())
    assert metrics(at) == {"Articles": 5, "Lieux": counts["places"],
                           "Mentions": counts["mentions"], "Rencontres": counts["meetings"]}
    assert at.query_params == {"org": "sco", "on": date.today().isoformat()}
    assert at.selectbox(key="org").value == "sco"
    assert at.slider(key="on").value == date.today()
    assert country_classes(at)["KAZ"] == "member"
    assert "OCS : statut au" in legend(at)


def test_map_loads_nothing_from_the_network():
    args = map_args(run())
    assert args["js_links"] and all(u.startswith("data:") for u in args["js_links"] +
                                     args["css_links"])
    assert "https://cdn" not in args["script"] + args["header"]


def test_meetings_timeline_and_places_table(bundled):
    at = run()
    charts = [c for c in at.get("vega_lite_chart")]
    assert charts, "the meetings timeline is drawn"
    spec = json.loads(charts[0].proto.spec)
    assert spec["encoding"]["x"]["field"] == "day" and spec["encoding"]["color"]["field"] == "kind"
    assert not at.dataframe and not at.download_button  # closed tabs are not built
    open_tab(at, "Lieux mentionnés")
    assert not at.get("vega_lite_chart")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Lieu", "Type", "Pays", "Mentions", "Articles"]
    assert table["Mentions"].is_monotonic_decreasing
    assert len(table) == metrics(at)["Lieux"]


# ---------------------------------------------------------------- organisation and day


def test_organisation_and_date_recolour_the_map():
    at = run()
    at.selectbox(key="org").set_value("brics").run()
    at.slider(key="on").set_value(date(2016, 1, 1)).run()
    assert not at.exception
    classes = country_classes(at)
    assert classes["BRA"] == "member" and classes["IRN"] == "none"
    assert "BRICS : statut au 1er janvier 2016" in legend(at)
    assert at.query_params["org"] == "brics" and at.query_params["on"] == "2016-01-01"
    at.slider(key="on").set_value(date(2024, 7, 4)).run()
    assert country_classes(at)["IRN"] == "member"


def test_the_day_does_not_change_the_map_script():
    at = run()
    before = map_args(at)["script"]
    at.slider(key="on").set_value(date(2005, 7, 5)).run()
    assert map_args(at)["script"] == before  # same streamlit-folium key: restyled in place
    assert country_classes(at)["IND"] == "observer"


# ------------------------------------------------------------------------------ filters


def test_filters_change_the_counts(bundled):
    at = run()
    at.multiselect(key="docs").set_value([SEED_IDS[4]]).run()
    assert metrics(at)["Articles"] == 1
    at.multiselect(key="docs").set_value([]).run()
    at.multiselect(key="types").set_value(["city"]).run()
    at.multiselect(key="countries").set_value(["KAZ"]).run()
    view = explore.View(types=("city",), countries=("KAZ",))
    counts = expected_counts(bundled, view)
    assert metrics(at)["Lieux"] == counts["places"]
    assert metrics(at)["Mentions"] == counts["mentions"] > 0
    assert query_list(at, "type") == ["city"] and query_list(at, "country") == ["KAZ"]


def test_text_search_in_excerpts(bundled):
    at = run()
    at.text_input(key="query").input("pekin").run()  # accents and case ignored
    counts = expected_counts(bundled, explore.View(query="pekin"))
    assert metrics(at)["Mentions"] == counts["mentions"] > 0
    assert metrics(at)["Articles"] == counts["articles"]
    assert metrics(at)["Mentions"] < expected_counts(bundled, explore.View())["mentions"]
    assert at.query_params["q"] == "pekin"


# ---------------------------------------------------------------------------- excerpts


def test_focus_shows_excerpts_grouped_by_article(bundled):
    at = run()
    at.selectbox(key="focus").set_value("place:gn:1526273").run()  # Astana
    focus = explore.focus_excerpts(bundled, explore.Selection("place", "gn:1526273"))
    shown = html_of(at)
    assert focus.n_excerpts > 0
    assert all(explore.excerpt_html(e) in shown for a in focus.articles for e in a.excerpts)
    assert "<mark>Astana</mark>" in shown
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert len(titles) == len(focus.articles)
    assert at.query_params["sel"] == "place:gn:1526273"


def test_open_the_whole_article_with_its_mentions(bundled):
    at = run()
    at.selectbox(key="focus").set_value("country:KAZ").run()
    at.button[0].click().run()
    article = [h.proto.body for h in at.html if "geo-article" in h.proto.body
               and "<div class=\"geo-article\">" in h.proto.body]
    assert article, "the article opens"
    assert '<mark class="geo-focus">Kazakhstan</mark>' in article[0]
    assert article[0].count("<mark") > article[0].count("geo-focus")


def test_a_country_no_article_mentions_says_so():
    at = run({"sel": "country:FRA"})
    assert at.selectbox(key="focus").value == "country:FRA"
    assert any("ne mentionne France" in m.value for m in at.markdown)


def test_focus_from_the_url():
    at = run({"sel": "country:CHN"})
    assert at.selectbox(key="focus").value == "country:CHN"
    assert "<mark>Chine</mark>" in html_of(at)


# ------------------------------------------------------------------------------ uploads


def test_upload_merges_and_reports_bad_files():
    at = run()
    at.file_uploader(key="uploads").set_value([
        ("astana.txt", ASTANA.encode(), "text/plain"),
        ("broken.txt", b"\x00\x01" * 40, "text/plain"),
        ("page.html", "<p>Xi Jinping à Pékin</p>".encode(), "text/html"),
    ]).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "broken.txt : binary file (contains NUL bytes), not text"
    ]
    assert metrics(at)["Articles"] == 7
    assert at.multiselect(key="docs").options[-2:] == ["astana.txt", "page.html"]
    progress = [p for p in at.get("progress")]
    assert progress and progress[-1].proto.value == 100


def test_upload_can_replace_the_corpus_and_use_a_metadata_csv():
    at = run()
    at.file_uploader(key="uploads").set_value([("astana.txt", ASTANA.encode(), "text/plain")])
    at.file_uploader(key="metadata").set_value(
        ("articles.csv", "file,title,published\nastana.txt,À Astana,2024-07-03\n".encode(),
         "text/csv")
    )
    at.radio(key="replace").set_value(True).run()
    assert not at.exception
    assert metrics(at)["Articles"] == 1
    assert metrics(at)["Rencontres"] >= 1
    assert at.multiselect(key="docs").options == ["3 juillet 2024 · À Astana"]


# ----------------------------------------------------------------------------- downloads


def test_downloads_are_geojson_and_a_self_contained_map():
    at = open_tab(run(), "Téléchargements")
    buttons = {b.key: b.proto for b in at.download_button}
    assert set(buttons) == {"dl_mentions", "dl_meetings", "dl_membership", "dl_map"}
    mentions = json.loads(download(buttons["dl_mentions"]))
    meetings = json.loads(download(buttons["dl_meetings"]))
    assert mentions["type"] == meetings["type"] == "FeatureCollection"
    assert len(mentions["features"]) == metrics(at)["Mentions"]
    assert {"doc", "start", "end", "text", "place_id"} <= set(mentions["features"][0]["properties"])
    assert {"kind", "date", "participants", "excerpt"} <= set(
        meetings["features"][0]["properties"]
    )
    membership = json.loads(download(buttons["dl_membership"]))
    assert membership["org"] == "sco" and len(membership["features"]) > 200
    page = download(buttons["dl_map"])
    assert page.startswith("<!DOCTYPE html>") and "L.map(" in page
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=\"https?://", page)


def test_downloads_follow_the_filters():
    at = open_tab(run(), "Téléchargements")
    at.multiselect(key="docs").set_value([SEED_IDS[0]]).run()
    buttons = {b.key: b.proto for b in at.download_button}
    mentions = json.loads(download(buttons["dl_mentions"]))
    assert {f["properties"]["doc"] for f in mentions["features"]} == {SEED_IDS[0]}


# ------------------------------------------------------------------------ link, language


def test_a_shared_link_restores_the_view():
    at = run({"org": "brics", "on": "2019-11-13", "type": ["city", "country"],
              "country": "BRA", "q": "Brésil", "lang": "en"})
    assert at.selectbox(key="org").value == "brics"
    assert at.slider(key="on").value == date(2019, 11, 13)
    assert at.multiselect(key="types").value == ["city", "country"]
    assert at.multiselect(key="countries").value == ["BRA"]
    assert at.text_input(key="query").value == "Brésil"
    assert at.title[0].value == "geo-explorer: places, blocs and meetings"
    assert "BRICS: status on 13 November 2019" in legend(at)


def test_a_link_to_unknown_articles_is_ignored():
    at = run({"doc": ["nope.txt", SEED_IDS[1]], "org": "martians"})
    assert at.multiselect(key="docs").value == [SEED_IDS[1]]
    assert at.selectbox(key="org").value == "sco"
    assert metrics(at)["Articles"] == 1


def test_language_toggle():
    at = run()
    at.selectbox(key="org").set_value("nato").run()
    at.slider(key="on").set_value(date(2000, 1, 1)).run()
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "geo-explorer: places, blocs and meetings"
    assert at.selectbox(key="org").value == "nato"  # the view survives the switch
    assert at.slider(key="on").value == date(2000, 1, 1)
    assert "NATO: status on 1 January 2000" in legend(at)
    assert set(metrics(at)) == {"Articles", "Places", "Mentions", "Meetings"}
    assert at.query_params["lang"] == "en"


def test_a_store_that_cannot_be_read_is_one_message():
    at = run()
    at.text_input(key="store").input(str(REPO / "no-such-store")).run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith("Erreur : no store at ")


def test_open_a_batch_store(tmp_path, bundled):
    from geo.batch import run_batch

    run_batch(REPO / "seeds", tmp_path / "store", workers=1, progress=False)
    at = run()
    at.text_input(key="store").input(str(tmp_path / "store")).run()
    assert not at.exception and not at.error
    assert metrics(at) == metrics(run())  # the same corpus, read back from the store
    at.selectbox(key="focus").set_value("place:gn:1526273").run()
    assert "<mark>Astana</mark>" in html_of(at)
    assert not at.button  # a store has no full text to open
    assert any("texte entier" in c.value for c in at.caption)


def test_store_from_the_command_line(tmp_path, monkeypatch):
    from geo.batch import run_batch

    run_batch(REPO / "seeds", tmp_path / "store", workers=1, progress=False)
    # streamlit run app.py -- --store STORE
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", str(tmp_path / "store")])
    at = run()
    assert at.text_input(key="store").value == str(tmp_path / "store")
    assert any("Dépôt ouvert" in c.value for c in at.sidebar.caption)
