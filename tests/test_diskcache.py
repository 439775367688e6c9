"""The disk cache of parsed documents: found again only while nothing it depends on changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED_IDS

from geo import diskcache, explore
from geo.gazetteer import country_places, gazetteer


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GEO_CACHE_DIR", str(cache))
    return cache


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_second_call_reads_the_stored_value(folder, write):
    source = write("a.txt", "Astana")
    compute, calls = counting({"places": ["country:KAZ"]})
    assert diskcache.cached("demo", [source], compute) == ({"places": ["country:KAZ"]}, False)
    assert diskcache.cached("demo", [source], compute) == ({"places": ["country:KAZ"]}, True)
    assert len(calls) == 1
    assert [p.name.split("-")[0] for p in folder.glob("*.pickle")] == ["demo"]


def test_a_changed_input_is_computed_again_and_replaces_the_old_entry(folder, write):
    source = write("a.txt", "Astana")
    diskcache.cached("demo", [source], lambda: 1)
    source.write_text("Almaty", encoding="utf-8")
    assert diskcache.cached("demo", [source], lambda: 2) == (2, False)
    assert diskcache.cached("demo", [source], lambda: 3) == (2, True)
    assert len(list(folder.glob("demo-*.pickle"))) == 1


def test_key_covers_inputs_data_and_code(write):
    source = write("a.txt", "Astana")
    key = diskcache.cache_key("demo", [source])
    assert key == diskcache.cache_key("demo", [source])
    assert len(key) == 40
    assert key != diskcache.cache_key("other", [source])
    source.write_text("Astana.", encoding="utf-8")
    assert key != diskcache.cache_key("demo", [source])


def test_unwritable_folder_only_costs_the_computation(tmp_path, monkeypatch, write):
    blocker = write("not-a-folder", "a file where the cache folder should be")
    monkeypatch.setenv("GEO_CACHE_DIR", str(blocker / "cache"))
    compute, calls = counting(42)
    assert diskcache.cached("demo", [blocker], compute) == (42, False)
    assert diskcache.cached("demo", [blocker], compute) == (42, False)
    assert len(calls) == 2


def test_damaged_entry_is_computed_again(folder, write):
    source = write("a.txt", "Astana")
    diskcache.cached("demo", [source], lambda: "first")
    [entry] = folder.glob("demo-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert diskcache.cached("demo", [source], lambda: "again") == ("again", False)
    assert diskcache.cached("demo", [source], lambda: "third") == ("again", True)


def test_off_turns_the_cache_off(tmp_path, monkeypatch, write):
    monkeypatch.setenv("GEO_CACHE_DIR", "off")
    assert diskcache.cache_dir() is None
    compute, calls = counting("x")
    diskcache.cached("demo", [write("a.txt", "Astana")], compute)
    diskcache.cached("demo", [write("a.txt", "Astana")], compute)
    assert len(calls) == 2


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("GEO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert diskcache.cache_dir() == tmp_path / "geo-explorer"


def test_bundled_documents_from_the_cache_equal_a_fresh_parse(folder):
    first = explore.bundled_documents()
    assert len(list(folder.glob("bundled-documents-*.pickle"))) == 1
    again = explore.bundled_documents()
    fresh = explore.bundled_documents(use_cache=False)
    assert first == again == fresh
    assert tuple(sorted(d.id for d in again)) == SEED_IDS
    kaz = {m.place.id for d in again for m in d.mentions if m.place.iso3 == "KAZ"}
    assert "country:KAZ" in kaz


WARM_START = """
import json
from geo import explore
from geo.gazetteer import gazetteer
documents = explore.bundled_documents()
view = explore.view_from_query({})
countries = explore.country_options(documents, "fr")
collections = explore.view_collections(documents, view)
explore.dashboard_map(collections, lang="fr")
print(json.dumps({"loaded": gazetteer.cache_info().currsize, "KAZ": countries.get("KAZ")}))
"""


def test_warm_start_draws_the_map_without_loading_the_gazetteer(folder):
    """With the corpus cached, nothing before the map needs the 140,000 names."""
    runs = [
        subprocess.run([sys.executable, "-c", WARM_START], cwd=REPO, check=True,
                       capture_output=True, text=True, timeout=120)
        for _ in range(2)
    ]
    cold, warm = (json.loads(r.stdout.strip().splitlines()[-1]) for r in runs)
    assert cold == {"loaded": 1, "KAZ": "Kazakhstan"}
    assert warm == {"loaded": 0, "KAZ": "Kazakhstan"}


def test_country_places_are_the_gazetteers_countries():
    light = country_places()
    assert len(light) == len(gazetteer().countries()) == 246
    assert sorted(light, key=lambda p: p.id) == sorted(gazetteer().countries(), key=lambda p: p.id)
    kaz = next(p for p in light if p.iso3 == "KAZ")
    assert (kaz.id, kaz.name, kaz.name_fr) == ("country:KAZ", "Kazakhstan", "Kazakhstan")


def test_memory_keeps_the_value_in_the_process(folder, write):
    source = write("a.txt", "Astana")
    compute, calls = counting(["country:KAZ"])
    first, hit = diskcache.cached("kept", [source], compute, memory=True)
    assert not hit
    for entry in folder.glob("kept-*.pickle"):
        entry.unlink()  # only the memory can answer now
    again, hit = diskcache.cached("kept", [source], compute, memory=True)
    assert hit and again is first and len(calls) == 1
    source.write_text("Almaty", encoding="utf-8")  # the key no longer holds
    assert diskcache.cached("kept", [source], lambda: "new", memory=True) == ("new", False)


def test_memory_works_with_the_disk_off(monkeypatch, write):
    monkeypatch.setenv("GEO_CACHE_DIR", "off")
    source = write("a.txt", "Astana")
    compute, calls = counting(object())
    first, _ = diskcache.cached("kept-off", [source], compute, memory=True)
    assert diskcache.cached("kept-off", [source], compute, memory=True) == (first, True)
    assert len(calls) == 1


def test_calls_for_one_name_compute_once_when_they_come_together(folder, write):
    """The dashboard's warm-up and a first visitor may ask at the same moment."""
    import threading

    source = write("a.txt", "Astana")
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(10)
        return "parsed"

    results = []
    first = threading.Thread(target=lambda: results.append(
        diskcache.cached("together", [source], slow, memory=True)))
    first.start()
    started.wait(10)
    second = threading.Thread(target=lambda: results.append(
        diskcache.cached("together", [source], slow, memory=True)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert len(calls) == 1
    assert sorted(results) == [("parsed", False), ("parsed", True)]


def test_warm_up_leaves_the_corpus_ready_for_the_first_visitor(monkeypatch):
    """The warm-up parses in a second process (``python -m geo.warmup``): what comes back must
    be what parsing here gives, and the first visitor must not parse again."""
    import geo.articles
    from geo.warmup import warm_up

    monkeypatch.setenv("GEO_CACHE_DIR", "off")  # the memory alone must serve
    warm_up()
    kept = explore.bundled_documents()
    assert kept == explore.bundled_documents(use_cache=False)

    def no_parse(*args, **kwargs):
        raise AssertionError("the corpus was parsed again")

    monkeypatch.setattr(geo.articles, "load_corpus", no_parse)
    assert explore.bundled_documents() is kept
    assert tuple(sorted(d.id for d in kept)) == SEED_IDS
    assert sum(len(d.meetings) for d in kept) > 0


def test_warm_up_of_a_missing_store_is_silent(tmp_path):
    from geo.warmup import warm_up

    warm_up(str(tmp_path / "no-store"))  # the visitor's own run reports it


def test_serving_the_dashboard_imports_little_before_the_server_listens():
    """`streamlit run app.py` imports app.py (and so geo.warmup) before it listens: the
    parsers, the store and the map's libraries must wait for the warm-up thread."""
    code = ("import sys, geo.warmup, geo.errors, geo.i18n; "
            "print(sorted(m for m in ('geo.batch', 'geo.meetings', 'geo.pipeline', 'geo.store', "
            "'geo.explore', 'folium', 'pandas') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_every_public_name_resolves():
    import geo

    for name in geo.__all__:
        assert getattr(geo, name) is not None
    assert callable(geo.gazetteer) and geo.parse_text.__module__ == "geo.pipeline"
