"""Writing results for others: RFC 7946 GeoJSON, and maps as one self-contained HTML file.

This module and the loader are the only ones that touch the file system.  Two promises:

- **GeoJSON** (:func:`write_geojson`, :func:`geojson_text`) follows RFC 7946: ``[lon, lat]``
  positions rounded to 6 decimals (about 10 cm), polygon exteriors counter-clockwise and holes
  clockwise (the right-hand rule), no ``crs`` member, features split at the antimeridian
  (done upstream by :func:`geo.aggregate.country_geometries`).
- **HTML** (:func:`map_html`, :func:`write_html`) opens with no network at all: every script
  and stylesheet the map links to is replaced by the vendored copy in ``geo/assets/`` (written
  by ``scripts/vendor_assets.py`` from registry packages), and a map that still links to
  anything outside the file is refused rather than written half-working.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError, GeoError

if TYPE_CHECKING:
    import folium

__all__ = [
    "LEAFLET_CSS_URL",
    "LEAFLET_JS_URL",
    "geojson_chunks",
    "geojson_text",
    "map_html",
    "rfc7946",
    "write_geojson",
    "write_html",
]

_ASSETS = Path(__file__).resolve().parent / "assets"

#: The Leaflet the vendored assets hold; maps link to it (useful when a map is shown online,
#: e.g. by streamlit-folium) and :func:`map_html` swaps the links for the inlined files.
LEAFLET_VERSION = "1.9.4"
LEAFLET_JS_URL = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS_URL = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"

# Any Leaflet 1.9.x link (folium's own default is 1.9.3) is served by the vendored 1.9.4.
_LEAFLET_LINK = re.compile(r"/leaflet@1\.9\.\d+/dist/leaflet\.(js|css)$")
# The exact markup branca renders for JavascriptLink and CssLink.
_SCRIPT_LINK = re.compile(r'<script src="([^"]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')
# Anything that would still make the browser fetch from the network when the page loads.
_REMOTE = re.compile(
    r"<(?:script|link|img|iframe|source|audio|video|embed)\b[^>]*?\b(?:src|href)\s*=\s*"
    r"[\"']?\s*((?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)
_PRECISION = 6


# ---------------------------------------------------------------------------------- GeoJSON


def rfc7946(collection: Mapping[str, Any], precision: int = _PRECISION) -> dict:
    """A copy of a FeatureCollection normalised to RFC 7946.

    Positions are rounded to ``precision`` decimals (polygons snapped to that grid, which
    keeps them valid), polygons oriented by the right-hand rule
    (via :func:`shapely.orient_polygons`), ``crs`` members dropped (RFC 7946 §4 removed them:
    coordinates are always WGS 84 lon/lat).  Other top-level members (``org``, ``on``) and
    properties are kept as they are.

    Raises
    ------
    GeoError
        If ``collection`` is not a FeatureCollection.
    """
    if not isinstance(collection, Mapping) or collection.get("type") != "FeatureCollection":
        raise GeoError("expected a GeoJSON FeatureCollection (a dict with type FeatureCollection)")
    out = {k: v for k, v in collection.items() if k not in ("crs", "features")}
    out["features"] = [_feature(f, precision) for f in collection.get("features", [])]
    return out


def _feature(feature: Mapping[str, Any], precision: int) -> dict:
    out = {k: v for k, v in feature.items() if k != "crs"}
    out["type"] = "Feature"
    out["geometry"] = _geometry(feature.get("geometry"), precision)
    out["properties"] = feature.get("properties")
    return out


def _geometry(geometry: Mapping[str, Any] | None, precision: int) -> dict | None:
    if geometry is None:
        return None
    if geometry["type"] in ("Polygon", "MultiPolygon"):
        import shapely
        from shapely.geometry import mapping, shape

        # snapping to the grid (not plain rounding) keeps polygons valid: two close vertices
        # rounded independently can make a ring cross itself
        snapped = shapely.set_precision(shape(geometry), 10.0**-precision)
        geometry = mapping(shapely.orient_polygons(snapped, exterior_cw=False))
    return {"type": geometry["type"], "coordinates": _round(geometry["coordinates"], precision)}


def _round(coordinates: Any, precision: int) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(float(coordinates), precision)
    return [_round(c, precision) for c in coordinates]


def geojson_text(collection: Mapping[str, Any]) -> str:
    """The RFC 7946 text of a FeatureCollection (UTF-8 characters kept, one line, no spaces)."""
    return json.dumps(rfc7946(collection), ensure_ascii=False, separators=(",", ":")) + "\n"


def geojson_chunks(
    features: Iterable[Mapping[str, Any]], members: Mapping[str, Any] | None = None
) -> Iterator[str]:
    """:func:`geojson_text` of a FeatureCollection, in pieces, without holding its features.

    ``features`` may be a generator (a big store's mentions, streamed part by part); the
    pieces joined are exactly the text :func:`geojson_text` gives for
    ``{"type": "FeatureCollection", **members, "features": [...]}``.  Each piece holds up to
    a thousand features, so writing them costs few calls and memory follows one piece.
    """
    head = {"type": "FeatureCollection"}
    head.update({k: v for k, v in (members or {}).items() if k not in ("type", "crs", "features")})
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    yield text[:-1] + ("," if len(head) else "") + '"features":['
    buffer: list[str] = []
    first = True
    for feature in features:
        buffer.append(
            json.dumps(_feature(feature, _PRECISION), ensure_ascii=False, separators=(",", ":"))
        )
        if len(buffer) >= 1_000:
            yield ("" if first else ",") + ",".join(buffer)
            first, buffer = False, []
    if buffer:
        yield ("" if first else ",") + ",".join(buffer)
    yield "]}\n"


def write_geojson(collection: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write a FeatureCollection as an RFC 7946 GeoJSON file (UTF-8); return the path.

    Raises
    ------
    GeoError
        If ``collection`` is not a FeatureCollection.
    OSError
        If the file cannot be written.
    """
    target = Path(path)
    target.write_text(geojson_text(collection), encoding="utf-8", newline="\n")
    return target


# ------------------------------------------------------------------------------------- HTML


def map_html(folium_map: folium.Map) -> str:
    """The complete HTML document of a map, with Leaflet inlined: it works offline.

    Links to Leaflet's script and stylesheet become inline ``<script>``/``<style>`` blocks
    (the stylesheet's images are data URIs, and the default marker icon is pointed at data
    URIs too, so no image is ever broken).  Build maps with :func:`geo.maps.base_map` or
    :func:`geo.maps.build_map`, which link to nothing else.

    Raises
    ------
    GeoError
        If the map links to a script or stylesheet with no vendored copy (a folium plugin, or
        folium's jQuery/Bootstrap defaults on a plain ``folium.Map``): such a file would not
        open offline.
    DataError
        If the vendored assets are missing (a broken install).
    """
    html = folium_map.get_root().render()
    html = _SCRIPT_LINK.sub(lambda m: _inline_script(m.group(1)), html)
    html = _CSS_LINK.sub(lambda m: _inline_css(m.group(1)), html)
    remote = _REMOTE.search(html)
    if remote:
        raise GeoError(
            f"the map links to {remote.group(1)}, which has no vendored copy, so the file would "
            "not work offline; build it with geo.maps.base_map() or vendor the asset in "
            "scripts/vendor_assets.py"
        )
    return html


def write_html(folium_map: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write a map as one self-contained HTML file (see :func:`map_html`); return the path."""
    target = Path(path)
    target.write_text(map_html(folium_map), encoding="utf-8", newline="\n")
    return target


def _inline_script(url: str) -> str:
    found = _LEAFLET_LINK.search(url)
    if not found or found.group(1) != "js":
        raise GeoError(
            f"the map links to the script {url}, which has no vendored copy, so the file would "
            "not work offline; build it with geo.maps.base_map() or vendor the asset in "
            "scripts/vendor_assets.py"
        )
    return "\n".join(f"<script>{_script_safe(_asset(name))}</script>"
                     for name in ("leaflet.js", "leaflet-icons.js"))


def _inline_css(url: str) -> str:
    found = _LEAFLET_LINK.search(url)
    if not found or found.group(1) != "css":
        raise GeoError(
            f"the map links to the stylesheet {url}, which has no vendored copy, so the file "
            "would not work offline; build it with geo.maps.base_map() or vendor the asset in "
            "scripts/vendor_assets.py"
        )
    return f"<style>{_asset('leaflet.css')}</style>"


def _script_safe(code: str) -> str:
    """Script text that cannot close its ``<script>`` element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


@cache
def _asset(name: str) -> str:
    path = _ASSETS / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(
            f"vendored asset missing: {path} ({exc.strerror or exc}); reinstall geo-explorer or "
            "run scripts/vendor_assets.py"
        ) from None
