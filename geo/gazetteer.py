"""The bundled offline gazetteer: places, their names in French and English, country polygons.

Built by ``scripts/build_gazetteer.py`` into ``data/`` (sources and licences in
``data/README.md``) and loaded here lazily, once per process: importing :mod:`geo` costs
nothing, the first :func:`gazetteer` call reads two TSV files (well under a second), and the
country polygons are only read when a map or a point-in-country test needs them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from ._data import data_file
from .errors import DataError
from .records import Place
from .textnorm import fold_key

if TYPE_CHECKING:  # geopandas is heavy: only the map and polygon helpers import it
    import geopandas
    import numpy

_PLACE_COLUMNS = ["id", "type", "name", "name_fr", "iso3", "lat", "lon", "population", "feature",
                  "geonameid", "members"]
_NAME_COLUMNS = ["key", "name", "place_id", "lang", "kind", "common", "case"]

#: How much a type outranks population when a name is shared (Géorgie the country, not a town).
_TYPE_WEIGHT = {"country": 1e10, "region": 5e9, "site": 1e9, "city": 1.0}
_CAPITAL_WEIGHT = 5.0
#: A state or province (Texas, Ontario, Bavaria) ranks as a town of a million: Washington is the
#: capital, New York the city, but Florida the state, and Ontario the province rather than the
#: Californian town.  (Divisions named like a city of their own country do not get the bare
#: name at all: see scripts/build_gazetteer.py.)
_ADMIN1_WEIGHT = 1e6


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One name of one place, as the matcher sees it.

    ``common`` lists the languages ("en", "fr") in which the name is also an ordinary
    lowercase word (Orange, Mobile): the parser demands more evidence for those.
    ``case_sensitive`` is set for abbreviations (US, UAE) that only count in capitals.
    """

    key: str
    name: str
    place_id: str
    lang: str
    kind: str
    common: str = ""
    case_sensitive: bool = False


def importance(place: Place) -> float:
    """The prior used to rank homonyms: countries, then regions and sites, then population."""
    weight = _TYPE_WEIGHT[place.type]
    if place.feature == "ADM1":  # a state loses to a capital or big city of its name
        return _ADMIN1_WEIGHT
    if place.type == "city":
        capital = _CAPITAL_WEIGHT if place.feature == "PPLC" else 1.0
        return max(place.population, 1) * capital
    return weight


class Gazetteer:
    """Places and names from the bundled data; :func:`gazetteer` returns the shared one."""

    def __init__(self, places: dict[str, Place], names: list[PlaceName],
                 members: dict[str, tuple[str, ...]]) -> None:
        self.places = places
        self.names = names
        self._members = members
        by_key: dict[str, list[int]] = {}
        for index, key in enumerate([entry.key for entry in names]):
            indices = by_key.get(key)
            if indices is None:
                by_key[key] = [index]
            else:
                indices.append(index)
        self.names_by_key = by_key
        self._countries = {p.iso3: p for p in places.values() if p.type == "country"}

    # -- lookups --------------------------------------------------------------------------
    def place(self, place_id: str) -> Place:
        """The place with this id (``country:KAZ``, ``gn:1526273``, ``region:crimea``)."""
        try:
            return self.places[place_id]
        except KeyError:
            raise DataError(f"unknown place id {place_id!r}") from None

    def country(self, code: str) -> Place:
        """The country with this ISO 3166-1 alpha-3 or alpha-2 code."""
        code = code.upper()
        if len(code) == 2:
            code = self.iso2_to_iso3.get(code, code)
        try:
            return self._countries[code]
        except KeyError:
            raise DataError(f"unknown country code {code!r}") from None

    def countries(self) -> list[Place]:
        """Every country, sorted by ISO code."""
        return [self._countries[k] for k in sorted(self._countries)]

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name`` (case and accents ignored), most important first."""
        indices = self.names_by_key.get(fold_key(name), [])
        seen: dict[str, Place] = {}
        for index in indices:
            place = self.places[self.names[index].place_id]
            seen.setdefault(place.id, place)
        return sorted(seen.values(), key=importance, reverse=True)

    def region_members(self, place_id: str) -> tuple[str, ...]:
        """ISO3 codes of the countries a UN region contains (empty for other places)."""
        return self._members.get(place_id, ())

    @cached_property
    def iso2_to_iso3(self) -> dict[str, str]:
        table = country_table()
        return dict(zip(table.iso2, table.iso3, strict=True))

    def countries_frame(self) -> geopandas.GeoDataFrame:
        """Country polygons (Natural Earth 1:50m, UN borders) as a GeoDataFrame in EPSG:4326.

        Columns: ``iso3``, ``iso2``, ``name``, ``name_fr``, ``geometry``.  Loaded on first use
        and shared: callers must not modify it in place (``.copy()`` first).
        """
        return _countries_frame()


@cache
def _countries_frame() -> geopandas.GeoDataFrame:
    import geopandas

    try:
        return geopandas.read_parquet(data_file("countries.parquet"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the country polygons: {exc}") from exc


@dataclass(frozen=True, eq=False)
class CountryTable:
    """The bundled countries as columns, in file order: what the maps need, read fast.

    The same rows as :meth:`Gazetteer.countries_frame` without geopandas: reading the file with
    pyarrow and shapely alone skips importing geopandas and pyproj and building a CRS (~0.3 s
    of the dashboard's first map), and needs neither the place names nor the matcher.
    ``geometry`` is a numpy array of shapely geometries (EPSG:4326); do not modify it.
    """

    iso3: tuple[str, ...]
    iso2: tuple[str, ...]
    name: tuple[str, ...]
    name_fr: tuple[str, ...]
    geometry: numpy.ndarray

    def __post_init__(self) -> None:
        sizes = {len(self.iso3), len(self.iso2), len(self.name), len(self.name_fr),
                 len(self.geometry)}
        if len(sizes) != 1:
            raise DataError(f"countries.parquet: columns of different lengths {sorted(sizes)}")


@cache
def country_table() -> CountryTable:
    """The bundled country polygons and names (:class:`CountryTable`), read once and shared.

    Raises
    ------
    DataError
        If the file is missing, unreadable or lacks a column (a broken install).
    """
    import pyarrow.parquet as pq
    import shapely

    path = data_file("countries.parquet")
    try:
        table = pq.read_table(path, columns=["iso3", "iso2", "name", "name_fr", "geometry"])
        columns = {name: table.column(name).to_pylist() for name in table.column_names}
        geometry = shapely.from_wkb(columns.pop("geometry"))
    except (OSError, ValueError, KeyError, shapely.errors.GEOSException) as exc:
        raise DataError(f"cannot read the country polygons {path}: {exc}") from exc
    return CountryTable(**{k: tuple(v) for k, v in columns.items()}, geometry=geometry)


def _read_tsv(name: str, columns: list[str]) -> list[list[str]]:
    """Rows of a bundled TSV (no quoting: the build script guarantees no tabs), header checked."""
    path = data_file(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable gazetteer table ({exc})") from exc
    header = lines[0].split("\t") if lines else []
    rows = [line.split("\t") for line in lines[1:] if line]
    width = len(header)
    if any(len(row) != width for row in rows):
        raise DataError(f"{path}: rows do not all have {width} columns; rebuild the data")
    if header != columns:
        raise DataError(f"{name}: columns {header}, expected {columns}; rebuild")
    return rows


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Loading allocates ~150,000 objects in one go, none of them in a cycle; left on, the
    collector runs hundreds of times over them and roughly doubles the load time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _place(row: list[str]) -> Place:
    pid, kind, name, name_fr, iso3, lat, lon, population, feature, gid, _members = row
    return Place(pid, kind, name, name_fr, iso3 or None, float(lat), float(lon),
                 int(population or 0), feature, int(gid) if gid else None)


def _load_places() -> tuple[dict[str, Place], dict[str, tuple[str, ...]]]:
    """The places and the UN regions' members, converted column by column (the fast path)."""
    rows = _read_tsv("places.tsv", _PLACE_COLUMNS)
    if not rows:
        return {}, {}
    columns = zip(*rows, strict=True)  # every row has the same width (checked on reading)
    ids, kinds, names, names_fr, iso3, lat, lon, population, feature, gid, members = columns
    try:
        places = list(map(
            Place, ids, kinds, names, names_fr, [code or None for code in iso3],
            map(float, lat), map(float, lon), [int(p) if p else 0 for p in population],
            feature, [int(g) if g else None for g in gid],
        ))
    except ValueError:
        for row in rows:  # the slow path, only to name the bad row
            try:
                _place(row)
            except ValueError as exc:
                raise DataError(f"places.tsv: bad row {row[0]!r}: {exc}") from exc
        raise
    regions = {pid: tuple(member.split(","))
               for pid, member in zip(ids, members, strict=True) if member}
    return dict(zip(ids, places, strict=True)), regions


@cache
def country_places() -> tuple[Place, ...]:
    """The gazetteer's countries (:meth:`Gazetteer.countries`, in file order) without loading
    the rest: the few hundred country rows of ``places.tsv``, for menus of country names.

    A tenth of the cost of :func:`gazetteer`, which builds ~140,000 places and names: the
    dashboard lists countries before it needs the matcher, and not at all when its parsed
    corpus comes from the disk cache.

    Raises
    ------
    DataError
        If the table is missing or malformed (a broken install).
    """
    path = data_file("places.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable gazetteer table ({exc})") from exc
    if not lines or lines[0].split("\t") != _PLACE_COLUMNS:
        raise DataError(f"places.tsv: columns are not {_PLACE_COLUMNS}; rebuild")
    rows = [line.split("\t") for line in lines[1:] if line.split("\t", 2)[1:2] == ["country"]]
    try:
        return tuple(_place(row) for row in rows)
    except ValueError as exc:
        raise DataError(f"places.tsv: bad country row: {exc}") from exc


@cache
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded on the first call and shared afterwards.

    Raises
    ------
    DataError
        If the data files are missing or malformed (a broken install).
    """
    with _gc_paused():
        places, members = _load_places()
        rows = _read_tsv("names.tsv", _NAME_COLUMNS)
        names = [
            PlaceName(key, name, pid, lang, kind, common, case == "1")
            for key, name, pid, lang, kind, common, case in rows
            if pid in places
        ]
        return Gazetteer(places, names, members)
