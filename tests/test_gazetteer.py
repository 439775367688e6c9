"""The bundled gazetteer: coverage of the places this domain needs, names, coordinates, speed."""

from __future__ import annotations

import pytest
import shapely

from geo import gazetteer
from geo.errors import DataError

SCO_AND_PARTNERS = [
    # members
    "CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK", "IRN", "BLR",
    # observers and dialogue partners (before the 2025 merge into "partners")
    "MNG", "AFG", "ARM", "AZE", "KHM", "NPL", "LKA", "TUR", "EGY", "QAT", "SAU", "KWT",
    "ARE", "MMR", "MDV", "BHR", "LAO",
]
CENTRAL_ASIAN_CAPITALS = {
    "Astana": ("KAZ", "Astana"), "Bishkek": ("KGZ", "Bichkek"), "Dushanbe": ("TJK", "Douchanbé"),
    "Tashkent": ("UZB", "Tachkent"), "Ashgabat": ("TKM", "Achgabat"),
}


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


@pytest.fixture(scope="module")
def polygons(gaz):
    return gaz.countries_frame().set_index("iso3").geometry


@pytest.mark.parametrize("iso3", SCO_AND_PARTNERS)
def test_every_sco_member_and_partner_is_a_country_with_names_and_a_polygon(gaz, polygons, iso3):
    country = gaz.country(iso3)
    assert country.type == "country" and country.name and country.name_fr
    assert polygons[iso3].contains(shapely.Point(country.lon, country.lat))


@pytest.mark.parametrize("name", sorted(CENTRAL_ASIAN_CAPITALS))
def test_central_asian_capitals_in_the_right_country(gaz, polygons, name):
    iso3, name_fr = CENTRAL_ASIAN_CAPITALS[name]
    city = gaz.lookup(name)[0]
    assert (city.type, city.iso3, city.name_fr, city.feature) == ("city", iso3, name_fr, "PPLC")
    assert polygons[iso3].contains(shapely.Point(city.lon, city.lat))


@pytest.mark.parametrize(
    ("town", "iso3"),
    # the towns Natural Earth 1:110m puts in the wrong country
    [("Tursunzoda", "TJK"), ("Panjakent", "TJK"), ("Termez", "UZB")],
)
def test_border_towns_fall_inside_their_own_country(gaz, polygons, town, iso3):
    city = gaz.lookup(town)[0]
    assert city.iso3 == iso3
    assert polygons[iso3].contains(shapely.Point(city.lon, city.lat))


@pytest.mark.parametrize(
    ("name", "place_id", "name_en", "name_fr"),
    [
        ("Biélorussie", "country:BLR", "Belarus", "Biélorussie"),
        ("Bélarus", "country:BLR", "Belarus", "Biélorussie"),
        ("Kirghizstan", "country:KGZ", "Kyrgyzstan", "Kirghizstan"),
        ("Kirghizistan", "country:KGZ", "Kyrgyzstan", "Kirghizstan"),
        ("Moscou", "gn:524901", "Moscow", "Moscou"),
        ("Pékin", "gn:1816670", "Beijing", "Pékin"),
        ("Asie centrale", "m49:143", "Central Asia", "Asie centrale"),
        ("Extrême-Orient", "region:far-east", "Russian Far East", "Extrême-Orient russe"),
        ("Crimée", "region:crimea", "Crimea", "Crimée"),
        ("golfe Persique", "region:persian-gulf", "Persian Gulf", "golfe Persique"),
        ("le Kremlin".split()[1], "site:kremlin", "Kremlin", "Kremlin"),
        ("Europe", "continent:EU", "Europe", "Europe"),
    ],
)
def test_french_and_english_names(gaz, name, place_id, name_en, name_fr):
    place = gaz.lookup(name)[0]
    assert (place.id, place.name, place.name_fr) == (place_id, name_en, name_fr)


def test_crimea_is_in_ukraine_under_the_border_policy(polygons):
    simferopol = shapely.Point(34.1, 44.95)
    assert polygons["UKR"].contains(simferopol)
    assert not polygons["RUS"].contains(simferopol)


def test_polygons_are_valid_and_one_per_iso_code(gaz):
    frame = gaz.countries_frame()
    assert frame.is_valid.all()
    assert frame["iso3"].is_unique
    assert len(frame) > 200


def test_every_place_named_in_the_seeds_is_known(gaz):
    seed_names = ["Russie", "Chine", "États-Unis", "Ukraine", "Kazakhstan", "Astana", "Iran",
                  "Taïwan", "Inde", "Tadjikistan", "Ouzbékistan", "Turkménistan", "Pakistan",
                  "Washington", "Australie", "Royaume-Uni", "Asie-Pacifique", "Turquie",
                  "Canada", "Corée du Nord", "Géorgie", "Brésil", "Ghana", "Kenya",
                  "Singapour", "Noursoultan", "Samarcande", "Shanghai", "US Capitol"]
    missing = [name for name in seed_names if not gaz.lookup(name)]
    assert missing == []


def test_unknown_ids_raise_a_clear_error(gaz):
    with pytest.raises(DataError, match="'XXX'"):
        gaz.country("XXX")
    with pytest.raises(DataError, match="nowhere:1"):
        gaz.place("nowhere:1")


def test_region_members_come_from_cldr(gaz):
    assert set(gaz.region_members("m49:143")) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_data_files_stay_small():
    from geo._data import data_dir

    total = sum(p.stat().st_size for p in data_dir().iterdir() if p.is_file())
    assert total < 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("lon", "lat", "iso3"),
    [
        (172.0, 67.0, "RUS"),  # Chukotka, west of 180°
        (-173.2, 64.42, "RUS"),  # Chukotka, east of 180° (Provideniya)
        (-179.6, 71.3, "RUS"),  # Wrangel Island, across the antimeridian
        (179.3, -16.5, "FJI"),  # Vanua Levu
        (0.0, -89.5, "ATA"),  # Antarctica, a ring round the pole
        (-150.0, 65.0, "USA"),  # Alaska: not covered by a band of Russia
        (26.0, 68.0, "FIN"),  # Lapland: idem
    ],
)
def test_polygons_crossing_the_antimeridian_are_cut_not_banded(polygons, lon, lat, iso3):
    owners = [code for code, shape in polygons.items() if shape.contains(shapely.Point(lon, lat))]
    assert owners == [iso3]
