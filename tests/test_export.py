"""Exports: RFC 7946 GeoJSON checked by an independent reader (GDAL through pyogrio) and a
schema, and the one-file HTML map: Leaflet inlined, nothing linked, under 2 MB."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import folium
import jsonschema
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from geo import aggregate as ag
from geo import export, maps
from geo.errors import GeoError

ASSETS = Path(export.__file__).parent / "assets"
MAX_HTML_BYTES = 2_000_000

# RFC 7946 structure, as far as these files use it (no crs, lon/lat pairs, null geometry ok).
POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "items": {"type": "number"},
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
}
RING = {"type": "array", "minItems": 4, "items": POSITION}
GEOMETRY = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "required": ["type", "coordinates"],
            "properties": {"type": {"const": "Point"}, "coordinates": POSITION},
        },
        {
            "type": "object",
            "required": ["type", "coordinates"],
            "properties": {
                "type": {"const": "Polygon"},
                "coordinates": {"type": "array", "minItems": 1, "items": RING},
            },
        },
        {
            "type": "object",
            "required": ["type", "coordinates"],
            "properties": {
                "type": {"const": "MultiPolygon"},
                "coordinates": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "array", "minItems": 1, "items": RING},
                },
            },
        },
    ]
}
FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "not": {"required": ["crs"]},
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": GEOMETRY,
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}
MENTION_PROPERTIES = {
    "type": "object",
    "required": ["doc", "start", "end", "text", "place_id", "name", "name_fr", "type", "iso3",
                 "lat", "lon", "confidence", "sentence"],
}
MEETING_PROPERTIES = {
    "type": "object",
    "required": ["doc", "date", "date_precision", "place", "iso3", "lat", "lon", "kind",
                 "participants", "catalog_id", "excerpt", "start", "end"],
    "properties": {"kind": {"enum": ["summit", "bilateral", "visit", "video_call",
                                     "phone_call"]}},
}
MEMBERSHIP_PROPERTIES = {
    "type": "object",
    "required": ["iso3", "name", "status", "class", "since"],
    "properties": {"class": {"enum": list(ag.CLASSES)}},
}


@pytest.fixture(scope="module")
def corpus():
    return ag.parsed_articles()


@pytest.fixture(scope="module")
def collections(corpus) -> dict[str, dict]:
    return {
        "mentions": ag.mentions_geojson(corpus),
        "places": ag.places_geojson(corpus),
        "meetings": ag.meetings_geojson(ag.article_meetings(corpus)),
        "membership": ag.membership_geojson("sco", "2024-07-04", tolerance=None),
    }


# ---------------------------------------------------------------------------------- GeoJSON


def test_rfc7946_orients_rounds_and_drops_crs() -> None:
    clockwise = [[0.0, 0.0], [0.0, 1.0], [1.123456789, 1.0], [1.0, 0.0], [0.0, 0.0]]
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
        "features": [
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [clockwise]},
             "properties": {"a": 1}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.23456789, 2]},
             "properties": None},
            {"type": "Feature", "geometry": None, "properties": {}},
        ],
    }
    out = export.rfc7946(collection)
    assert "crs" not in out
    polygon, point, empty = out["features"]
    ring = polygon["geometry"]["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw
    assert [1.123457, 1.0] in ring
    assert point["geometry"]["coordinates"] == [1.234568, 2.0]
    assert empty["geometry"] is None
    assert collection["features"][0]["geometry"]["coordinates"][0] == clockwise  # not mutated


def test_rfc7946_refuses_other_things() -> None:
    with pytest.raises(GeoError, match="FeatureCollection"):
        export.rfc7946({"type": "Feature"})


@pytest.mark.parametrize("what", ["mentions", "places", "meetings", "membership"])
def test_geojson_files_pass_the_schema_and_gdal(tmp_path, collections, what) -> None:
    collection = collections[what]
    path = export.write_geojson(collection, tmp_path / f"{what}.geojson")
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, FEATURE_COLLECTION)
    contract = {
        "mentions": MENTION_PROPERTIES,
        "meetings": MEETING_PROPERTIES,
        "membership": MEMBERSHIP_PROPERTIES,
    }.get(what)
    for feature in document["features"]:
        if contract:
            jsonschema.validate(feature["properties"], contract)
    if not document["features"]:
        pytest.skip(f"no {what} to read back")
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(document["features"])
    assert frame.crs.to_epsg() == 4326
    located = frame.geometry.dropna()
    assert located.is_valid.all()
    assert len(located) == sum(1 for f in document["features"] if f["geometry"])


def test_membership_export_follows_the_right_hand_rule(tmp_path, collections) -> None:
    document = json.loads(export.geojson_text(collections["membership"]))
    for feature in document["features"]:
        geometry = feature["geometry"]
        if geometry is None:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [
            geometry["coordinates"]
        ]
        for exterior, *holes in polygons:
            assert shapely.LinearRing(exterior).is_ccw, feature["id"]
            assert all(not shapely.LinearRing(h).is_ccw for h in holes), feature["id"]
        assert shape(geometry).is_valid, feature["id"]


def test_positions_have_at_most_six_decimals(collections) -> None:
    text = export.geojson_text(collections["membership"])
    assert not re.search(r"\d\.\d{7,}", text)
    assert '"crs"' not in text


def test_geojson_text_keeps_unicode_and_is_one_line(collections) -> None:
    text = export.geojson_text(collections["mentions"])
    assert text.count("\n") == 1
    assert "Pékin" in text or "Kazakhstan" in text


# ------------------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html(corpus) -> str:
    return export.map_html(maps.build_map(corpus, on="2024-07-04"))


def test_html_links_to_nothing(html) -> None:
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link[^>]*\bhref=", html)
    loaders = r"""<(?:script|link|img|iframe|source|embed|audio|video)\b[^>]*\b(?:src|href)\s*="""
    assert not re.search(loaders + r"""\s*["']?(?:https?:)?//""", html, re.IGNORECASE)
    assert "cdn.jsdelivr.net" not in html and "code.jquery.com" not in html


def test_html_inlines_leaflet_and_its_images(html) -> None:
    assert 't.version="1.9.4"' in html
    assert "L.Icon.Default.mergeOptions" in html
    assert "url(images/" not in html and 'url("data:image/png;base64,' in html


def test_full_world_and_corpus_fit_in_two_megabytes(html, tmp_path, corpus) -> None:
    size = len(html.encode("utf-8"))
    assert size <= MAX_HTML_BYTES, f"{size:,} bytes"
    path = export.write_html(maps.build_map(corpus, on="2024-07-04"), tmp_path / "map.html")
    assert path.stat().st_size <= MAX_HTML_BYTES


def test_map_html_refuses_assets_it_cannot_inline() -> None:
    with pytest.raises(GeoError, match="no vendored copy"):
        export.map_html(folium.Map())  # folium's defaults: jQuery, Bootstrap, Font Awesome


def test_map_html_accepts_folium_own_leaflet_link() -> None:
    folium_map = folium.Map(tiles=None)
    folium_map.default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    folium_map.default_css = [
        ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")
    ]
    assert 't.version="1.9.4"' in export.map_html(folium_map)


def test_write_html_is_the_only_writer(tmp_path, monkeypatch, corpus) -> None:
    monkeypatch.chdir(tmp_path)
    folium_map = maps.build_map(corpus)
    export.map_html(folium_map)
    assert list(tmp_path.iterdir()) == []
    export.write_html(folium_map, "out.html")
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


# ------------------------------------------------------------------------------- the assets


def test_vendored_assets_match_their_manifest() -> None:
    manifest = json.loads((ASSETS / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == f"npm leaflet@{export.LEAFLET_VERSION}"
    assert manifest["licence"] == "BSD-2-Clause"
    for name, digest in manifest["files"].items():
        content = (ASSETS / name).read_text(encoding="utf-8")
        assert hashlib.sha256(content.encode("utf-8")).hexdigest() == digest, name
    readme = (ASSETS / "README.md").read_text(encoding="utf-8")
    assert "scripts/vendor_assets.py" in readme and "BSD-2-Clause" in readme


def test_assets_fetch_nothing_themselves() -> None:
    css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
    assert not re.search(r"url\((?![\"']?(?:data:|#))", css)
    assert "sourceMappingURL" not in (ASSETS / "leaflet.js").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------- the CLI


def test_cli_map_writes_one_self_contained_file(tmp_path) -> None:
    from geo.cli import main

    out = tmp_path / "map.html"
    assert main(["map", "--org", "sco", "--on", "2024-07-04", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) <= MAX_HTML_BYTES
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert "OCS : statut au 4 juillet 2024" in page


@pytest.mark.parametrize("what", ["mentions", "meetings", "membership"])
def test_cli_export_writes_rfc7946(tmp_path, what) -> None:
    from geo.cli import main

    out = tmp_path / f"{what}.geojson"
    argv = ["export", "--what", what, "--org", "csto", "--on", "2024-07-04", "-o", str(out)]
    assert main(argv) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, FEATURE_COLLECTION)
    if document["features"]:
        assert len(pyogrio.read_dataframe(out)) == len(document["features"])
