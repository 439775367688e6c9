"""The bundled gazetteer: coverage of the places this domain needs, names, coordinates, speed."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

import pytest
import shapely

from geo import Gazetteer, Place, gazetteer
from geo.errors import DataError
from geo.gazetteer import PlaceName

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


# -- loading: the fast column-by-column path reads exactly what a plain row loop would ------------

_gazetteer_module = importlib.import_module("geo.gazetteer")
_PLACES_HEADER = ("id\ttype\tname\tname_fr\tiso3\tlat\tlon\tpopulation\tfeature\tgeonameid"
                  "\tmembers\n")
_NAMES_HEADER = "key\tname\tplace_id\tlang\tkind\tcommon\tcase\n"


def _plain_load(data: Path) -> tuple[dict, list, dict]:
    """The gazetteer read the slow, obvious way: one row at a time."""
    places, members = {}, {}
    for line in (data / "places.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        pid, kind, name, name_fr, iso3, lat, lon, pop, feature, gid, member = line.split("\t")
        places[pid] = Place(pid, kind, name, name_fr, iso3 or None, float(lat), float(lon),
                            int(pop or 0), feature, int(gid) if gid else None)
        if member:
            members[pid] = tuple(member.split(","))
    names = []
    for line in (data / "names.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        key, name, pid, lang, kind, common, case = line.split("\t")
        if pid in places:
            names.append(PlaceName(key, name, pid, lang, kind, common, case == "1"))
    return places, names, members


def _load(tmp_path, monkeypatch, places: str, names: str = "") -> Gazetteer:
    (tmp_path / "places.tsv").write_text(_PLACES_HEADER + places, encoding="utf-8")
    (tmp_path / "names.tsv").write_text(_NAMES_HEADER + names, encoding="utf-8")
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path))
    return gazetteer.__wrapped__()  # uncached: the shared one stays the bundled one


def test_bundled_load_equals_a_plain_row_by_row_reading(gaz):
    from geo._data import data_dir

    places, names, members = _plain_load(data_dir())
    assert gaz.places == places
    assert list(gaz.places) == list(places)
    assert gaz.names == names
    assert gaz._members == members
    by_key: dict[str, list[int]] = {}
    for index, entry in enumerate(names):
        by_key.setdefault(entry.key, []).append(index)
    assert gaz.names_by_key == by_key
    assert list(gaz.names_by_key) == list(by_key)


def test_small_table_loads_with_defaults_members_and_unknown_places_dropped(tmp_path, monkeypatch):
    gaz = _load(
        tmp_path, monkeypatch,
        "m49:143\tregion\tCentral Asia\tAsie centrale\t\t45\t65\t\tRGN\t\tKAZ,UZB\n"
        "gn:1\tcity\tAstana\tAstana\tKAZ\t51.18\t71.45\t1200000\tPPLC\t1526273\t\n",
        "astana\tAstana\tgn:1\t*\tname\t\t\n"
        "us\tUS\tgn:1\ten\talias\ten\t1\n"
        "nowhere\tNowhere\tgn:404\t*\tname\t\t\n",
    )
    region, astana = gaz.places["m49:143"], gaz.places["gn:1"]
    assert (region.iso3, region.population, region.geonameid) == (None, 0, None)
    assert (astana.iso3, astana.lat, astana.population, astana.geonameid) == (
        "KAZ", 51.18, 1_200_000, 1526273)
    assert gaz.region_members("m49:143") == ("KAZ", "UZB")
    assert gaz.names == [PlaceName("astana", "Astana", "gn:1", "*", "name", "", False),
                         PlaceName("us", "US", "gn:1", "en", "alias", "en", True)]
    assert gaz.names_by_key == {"astana": [0], "us": [1]}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("gn:2\tcity\tX\tX\tKAZ\tnorth\t71\t0\tPPL\t2\t\n", r"bad row 'gn:2'.*float"),
        ("gn:2\tcity\tX\tX\tKAZ\t91\t71\t0\tPPL\t2\t\n", r"bad row 'gn:2'.*out of range"),
        ("gn:2\tcity\tX\tX\tKAZ\t50\t71\tmany\tPPL\t2\t\n", r"bad row 'gn:2'.*int"),
        ("gn:2\ttown\tX\tX\tKAZ\t50\t71\t0\tPPL\t2\t\n", r"bad row 'gn:2'.*type"),
        ("gn:2\tcity\tX\tX\tKAZ\t50\t71\t0\tPPL\n", r"rows do not all have 11 columns"),
    ],
)
def test_a_bad_place_row_is_a_data_error_naming_it(tmp_path, monkeypatch, row, message):
    good = "gn:1\tcity\tAstana\tAstana\tKAZ\t51.18\t71.45\t1200000\tPPLC\t1526273\t\n"
    with pytest.raises(DataError, match=message):
        _load(tmp_path, monkeypatch, good + row)


def test_wrong_columns_are_a_data_error(tmp_path, monkeypatch):
    (tmp_path / "places.tsv").write_text("id\ttype\n", encoding="utf-8")
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match=r"places.tsv: columns \['id', 'type'\]"):
        gazetteer.__wrapped__()


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("broken", [False, True])
def test_loading_leaves_the_garbage_collector_as_it_found_it(tmp_path, monkeypatch, enabled,
                                                              broken):
    places = "gn:1\tcity\tAstana\tAstana\tKAZ\t51.18\t71.45\t1200000\tPPLC\t1526273\t\n"
    if broken:
        places += "gn:2\tcity\tX\tX\tKAZ\tnorth\t71\t0\tPPL\t2\t\n"
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        try:
            _load(tmp_path, monkeypatch, places)
        except DataError:
            assert broken
        assert gc.isenabled() is enabled
        with _gazetteer_module._gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


# -- first-level divisions outside the US ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "place_id", "iso3", "name_en", "name_fr"),
    [
        ("Ontario", "adm1:CA-ontario", "CAN", "Ontario", "Ontario"),
        ("Bavière", "adm1:DE-bavaria", "DEU", "Bavaria", "Bavière"),
        ("Catalunya", "adm1:ES-catalonia", "ESP", "Catalonia", "Catalogne"),
        ("Canaries", "adm1:ES-canary-islands", "ESP", "Canary Islands", "Canaries"),
        ("Sicily", "adm1:IT-sicily", "ITA", "Sicily", "Sicile"),
        ("Occitanie", "adm1:FR-occitania", "FRA", "Occitania", "Occitanie"),
        ("Nord-Kivu", "adm1:CD-north-kivu", "COD", "North Kivu", "Nord-Kivu"),
        ("Écosse", "adm1:GB-scotland", "GBR", "Scotland", "Écosse"),
        ("Colombie-Britannique", "adm1:CA-british-columbia", "CAN", "British Columbia",
         "Colombie-Britannique"),
    ],
)
def test_first_level_divisions_have_french_and_english_names(gaz, polygons, name, place_id,
                                                             iso3, name_en, name_fr):
    place = gaz.lookup(name)[0]
    assert (place.id, place.type, place.feature, place.iso3) == (place_id, "region", "ADM1", iso3)
    assert (place.name, place.name_fr) == (name_en, name_fr)
    assert polygons[iso3].contains(shapely.Point(place.lon, place.lat))


def test_division_points_lie_in_their_country(gaz, polygons):
    # the town nearest the centroid of a division's towns: inside the country, but for the
    # islands too small for the 1:50m polygons (Marshall Islands atolls, Bahamas cays)
    divisions = [p for p in gaz.places.values() if p.feature == "ADM1" and p.iso3 != "USA"]
    assert len(divisions) > 2500
    outside = [p for p in divisions if p.iso3 not in polygons.index
               or not polygons[p.iso3].buffer(0.05).contains(shapely.Point(p.lon, p.lat))]
    assert len(outside) < 0.04 * len(divisions)


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        # a division named like a city of its country leaves the bare name to the city
        ("Beijing", "gn:1816670"), ("Shanghai", "gn:1796236"), ("Madrid", "gn:3117735"),
        ("Tokyo", "gn:1850147"), ("Kherson", "gn:706448"), ("Quebec", "gn:6325494"),
        ("Buenos Aires", "gn:3435910"), ("São Paulo", "gn:3448439"),
        # and one named like a country or a region the gazetteer has does not take it
        ("Niger", "country:NER"), ("Crimea", "region:crimea"), ("Tibet", "region:tibet"),
    ],
)
def test_bare_names_of_cities_countries_and_regions_are_not_divisions(gaz, name, place_id):
    assert [p.id for p in gaz.lookup(name)
            if p.feature == "ADM1" or p.id == place_id][:1] == [place_id]
    assert not any(p.feature == "ADM1" and p.iso3 != "USA" for p in gaz.lookup(name))


def test_ordinary_words_and_compass_names_are_not_divisions(gaz):
    for word in ("Delta", "Rivers", "Plateau", "Central", "Eastern", "Western", "Centre",
                 "North Western", "Mon", "Somali"):
        assert not [p for p in gaz.lookup(word) if p.feature == "ADM1"], word
    assert [p.id for p in gaz.lookup("Mon State")] == ["adm1:MM-mon"]


# -- places conflict, diplomacy and disaster news names (regions.csv, admin1_added.csv, towns.csv,
# name_overrides.csv): each found in a sentence, with its point --------------------------------


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("sentence", "lang", "surface", "lat", "lon", "km"),
    [
        # regions and islands with no standard list (regions.csv)
        ("Somaliland held a presidential election.", "en", "Somaliland", 9.5, 45.5, 300),
        ("Le Somaliland réclame sa reconnaissance.", "fr", "Somaliland", 9.5, 45.5, 300),
        ("Puntland cut ties with Mogadishu.", "en", "Puntland", 8.4, 48.5, 300),
        ("La famine menace le Darfour.", "fr", "Darfour", 13.5, 24.5, 400),
        ("Fighting spread across Kordofan.", "en", "Kordofan", 12.5, 30.0, 400),
        ("Strikes hit the Bekaa Valley overnight.", "en", "Bekaa Valley", 33.85, 35.9, 60),
        ("Des frappes ont visé la Bekaa.", "fr", "Bekaa", 33.85, 35.9, 60),
        ("A storm made landfall on Palawan.", "en", "Palawan", 9.65, 118.5, 150),
        ("Troops were sent to Mindanao.", "en", "Mindanao", 7.8, 125.0, 300),
        ("Chinese ships patrol the Spratly Islands.", "en", "Spratly Islands", 10.0, 114.3, 300),
        ("Pékin militarise les îles Paracels.", "fr", "îles Paracels", 16.5, 112.0, 200),
        ("Manila protested at Scarborough Shoal.", "en", "Scarborough Shoal", 15.15, 117.76, 50),
        ("Tokyo a protesté près des îles Senkaku.", "fr", "îles Senkaku", 25.75, 123.5, 80),
        ("Beijing sent ships near the Diaoyu Islands.", "en", "Diaoyu Islands", 25.75, 123.5, 80),
        ("Les djihadistes frappent dans le Liptako-Gourma.", "fr", "Liptako-Gourma", 14.5, 0.5,
         300),
        ("L'armée a perdu une base dans la zone des trois frontières.", "fr",
         "zone des trois frontières", 14.5, 0.5, 300),
        ("Houthi attacks in the Bab el-Mandeb continued.", "en", "Bab el-Mandeb", 12.6, 43.35,
         100),
        ("Le Cachemire et le Ladakh restent sous tension.", "fr", "Ladakh", 34.2, 77.6, 200),
        ("Drones struck North Waziristan.", "en", "North Waziristan", 32.95, 70.1, 100),
        ("Le maréchal Haftar contrôle la Cyrénaïque.", "fr", "Cyrénaïque", 31.0, 22.0, 400),
        ("Venezuela claims Essequibo.", "en", "Essequibo", 6.0, -59.5, 300),
        ("Migrants crossed the Darien Gap.", "en", "Darien Gap", 8.0, -77.5, 150),
        ("Les Malouines restent britanniques.", "fr", "Malouines", -51.7, -59.5, 200),
        ("Britain returns the Chagos Islands.", "en", "Chagos Islands", -6.0, 71.8, 300),
        ("Des migrants ont débarqué à Lampedusa.", "fr", "Lampedusa", 35.51, 12.59, 30),
        ("Ukrainian forces retook Snake Island.", "en", "Snake Island", 45.255, 30.204, 30),
        ("Taiwan reinforced Kinmen.", "en", "Kinmen", 24.45, 118.38, 30),
        ("US bombers struck Fordow.", "en", "Fordow", 34.885, 50.995, 20),
        ("Ankara soutient la Chypre du Nord.", "fr", "Chypre du Nord", 35.25, 33.6, 100),
        # the DR Congo's provinces of 2015 (admin1_added.csv) and renamed divisions
        ("Rebels advanced in Ituri province.", "en", "Ituri province", 1.8, 29.6, 250),
        ("Le Haut-Katanga produit du cuivre.", "fr", "Haut-Katanga", -10.6, 27.8, 300),
        ("Cobalt mines in Lualaba were shut.", "en", "Lualaba", -10.2, 24.4, 300),
        ("Kisangani is the capital of Tshopo.", "en", "Tshopo", 0.6, 25.0, 300),
        ("Une épidémie frappe le Kasaï-Central.", "fr", "Kasaï-Central", -6.0, 22.4, 250),
        ("Le Kongo-Central borde l'Atlantique.", "fr", "Kongo-Central", -5.26, 14.86, 250),
        ("Le M23 a pris Bukavu, au Sud-Kivu.", "fr", "Sud-Kivu", -3.0, 28.3, 250),
        ("El Fasher is the capital of North Darfur.", "en", "North Darfur", 14.5, 25.0, 350),
        ("Sidama voted to become a region.", "en", "Sidama", 6.7, 38.5, 150),
        ("Missiles hit the Donetsk region.", "en", "Donetsk region", 48.0, 37.8, 200),
        # towns by their news names (name_overrides.csv) and towns under 15,000 (towns.csv)
        ("Les Houthis contrôlent le port de Hodeïda.", "fr", "Hodeïda", 14.8, 42.95, 20),
        ("Ships were struck off Hodeidah, Yemen.", "en", "Hodeidah", 14.8, 42.95, 20),
        ("Des pèlerins affluent à La Mecque, en Arabie saoudite.", "fr", "La Mecque", 21.43,
         39.83, 20),
        ("Israeli forces raided Jenin in the West Bank.", "en", "Jenin", 32.46, 35.3, 15),
        ("Strikes hit Deir al-Balah in the Gaza Strip.", "en", "Deir al-Balah", 31.42, 34.35,
         15),
        ("Kurdish fighters held Kobani, Syria.", "en", "Kobani", 36.89, 38.35, 20),
        ("La Russie a pris Avdiïvka, en Ukraine.", "fr", "Avdiïvka", 48.14, 37.75, 15),
        ("Russia pressed on Chasiv Yar in Ukraine.", "en", "Chasiv Yar", 48.59, 37.83, 15),
        ("Ukrainian troops entered Sudzha, Russia.", "en", "Sudzha", 51.19, 35.27, 15),
        ("Des rebelles ont attaqué Ménaka, au Mali.", "fr", "Ménaka", 15.92, 2.4, 30),
        ("Odessa a été bombardée par la Russie.", "fr", "Odessa", 46.48, 30.73, 20),
        ("Saïda, au Liban, a été frappée.", "fr", "Saïda", 33.56, 35.37, 15),
        ("Les touristes aiment Venise.", "fr", "Venise", 45.44, 12.33, 20),
    ],
)
def test_news_places_are_found_with_their_point(sentence, lang, surface, lat, lon, km):
    from geo import parse_text

    found = [m for m in parse_text(sentence, lang=lang) if m.text == surface]
    assert found, [(m.text, m.place.id) for m in parse_text(sentence, lang=lang)]
    assert _km(lat, lon, found[0].place.lat, found[0].place.lon) <= km, found[0].place


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a person's name is not the island; the base, the atoll or the island are
        ("Diego Garcia scored twice for the club.", "en", []),
        ("Bombers flew from the Diego Garcia base.", "en", ["region:diego-garcia"]),
        # « Équateur » is Ecuador; the Congolese province needs its kind word
        ("L'Équateur a voté dimanche.", "fr", ["country:ECU"]),
        ("Mbandaka est le chef-lieu de la province de l'Équateur.", "fr",
         ["gn:2312895", "adm1:CD-equateur"]),
        # the US homonyms keep their own names in appositions
        ("Oil prices rose in Odessa, Texas.", "en", ["gn:5527554", "us-state:48"]),
        ("La Papouasie-Nouvelle-Guinée a voté.", "fr", ["country:PNG"]),
        # « Manche » alone is a word and a French department, not the Channel
        ("Il a gagné la première manche.", "fr", []),
    ],
)
def test_risky_names_pin_nothing_wrong(sentence, lang, expected):
    from geo import parse_text

    assert [m.place.id for m in parse_text(sentence, lang=lang)] == expected


def test_new_divisions_replace_the_older_ones_of_the_same_name(gaz):
    equateur = gaz.place("adm1:CD-equateur")
    assert (equateur.name_fr, equateur.feature, equateur.lat, equateur.lon) == (
        "Équateur", "ADM1", 0.0, 19.0)
    assert [p.id for p in gaz.lookup("Bas-Congo")] == ["adm1:CD-kongo-central"]
    assert not any(p.feature == "ADM1" for p in gaz.lookup("Équateur"))


# -- regions, Syria's governorates, French départements, Maui and company names (regions.csv,
# admin1.csv, towns.csv, blockers.csv)
@pytest.mark.parametrize(
    ("sentence", "lang", "surface", "lat", "lon", "km"),
    [
        ("La forêt brûle en Amazonie.", "fr", "Amazonie", -3.5, -62.0, 400),
        ("Fires in the Amazon rainforest spread.", "en", "Amazon rainforest", -3.5, -62.0, 400),
        ("Drought in the Amazon basin worsened.", "en", "Amazon basin", -3.5, -62.0, 400),
        ("Des roquettes sur le Néguev hier.", "fr", "Néguev", 30.8, 34.8, 60),
        ("Rockets hit the Negev desert.", "en", "Negev desert", 30.8, 34.8, 60),
        ("Des frappes en Galilée hier.", "fr", "Galilée", 32.85, 35.4, 40),
        ("Sirens sounded across Galilee.", "en", "Galilee", 32.85, 35.4, 40),
        ("Le typhon a frappé l'île de Luçon.", "fr", "île de Luçon", 15.8, 120.9, 200),
        ("The typhoon hit Luzon.", "en", "Luzon", 15.8, 120.9, 200),
        ("Wildfires on Maui killed dozens.", "en", "Maui", 20.8, -156.33, 40),
        ("Wildfires in Lahaina, Hawaii, yesterday.", "en", "Lahaina", 20.88, -156.68, 10),
        ("Fighting in Aleppo governorate yesterday.", "en", "Aleppo governorate", 36.2, 37.2, 120),
        ("Combats dans le gouvernorat d'Alep.", "fr", "gouvernorat d'Alep", 36.2, 37.2, 120),
        ("Strikes in Deir ez-Zor governorate.", "en", "Deir ez-Zor governorate", 35.0, 40.5, 150),
        ("Combats dans la province de Deraa.", "fr", "province de Deraa", 32.8, 36.2, 60),
        ("Troops in Quneitra province.", "en", "Quneitra province", 33.0, 35.8, 40),
        ("Incendie en Ardèche hier.", "fr", "Ardèche", 44.75, 4.45, 50),
        ("Alerte rouge en Lozère.", "fr", "Lozère", 44.53, 3.5, 50),
        ("Feux dans les Bouches-du-Rhône.", "fr", "Bouches-du-Rhône", 43.5, 5.1, 60),
        ("Tempête en Charente-Maritime.", "fr", "Charente-Maritime", 45.75, -0.75, 60),
        ("Inondations dans le Gard.", "fr", "Gard", 43.95, 4.2, 50),
        ("Inondations dans le département du Var.", "fr", "département du Var", 43.45, 6.25, 50),
        ("Orages dans l'Hérault.", "fr", "Hérault", 43.6, 3.4, 50),
        ("Séisme ressenti dans les Alpes-Maritimes.", "fr", "Alpes-Maritimes", 43.9, 7.15, 50),
        ("Tempête dans le Pas-de-Calais.", "fr", "Pas-de-Calais", 50.5, 2.3, 50),
        ("Émeutes en Seine-Saint-Denis.", "fr", "Seine-Saint-Denis", 48.91, 2.48, 15),
        ("Émeutes dans le Val-de-Marne.", "fr", "Val-de-Marne", 48.78, 2.47, 15),
        ("Émeutes dans les Hauts-de-Seine.", "fr", "Hauts-de-Seine", 48.85, 2.22, 15),
        ("Avalanche en Haute-Savoie.", "fr", "Haute-Savoie", 46.0, 6.4, 50),
        ("Attentat en Corse-du-Sud.", "fr", "Corse-du-Sud", 41.85, 9.0, 50),
        ("Tempête dans le Finistère.", "fr", "Finistère", 48.25, -4.1, 50),
    ],
)
def test_regions_governorates_and_departements_are_found(sentence, lang, surface, lat, lon, km):
    from geo import parse_text

    found = [m for m in parse_text(sentence, lang=lang) if m.text == surface]
    assert found, [(m.text, m.place.id) for m in parse_text(sentence, lang=lang)]
    assert _km(lat, lon, found[0].place.lat, found[0].place.lon) <= km, found[0].place


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # the company, not the rainforest; the carmaker and the phone maker, not their towns
        ("Amazon shares rose today.", "en", []),
        ("Toyota shares rose today.", "en", []),
        ("Toyota a annoncé des résultats.", "fr", []),
        ("Nokia a annoncé des résultats.", "fr", []),
        # bare « Var » is a word and the football VAR; the governorates' bare names the cities'
        ("Le VAR a annulé le but.", "fr", []),
        ("Incendie dans le Var hier.", "fr", []),
        ("Fighting in Aleppo yesterday.", "en", ["gn:170063"]),
        ("Fighting in Deir ez-Zor yesterday.", "en", ["gn:170794"]),
    ],
)
def test_company_and_bare_division_names_pin_nothing_wrong(sentence, lang, expected):
    from geo import parse_text

    assert [m.place.id for m in parse_text(sentence, lang=lang)] == expected
