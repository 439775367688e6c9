"""Error classes found on unseen wire copy, one table per class, through the public API.

Each case is a sentence of the kind French and English agencies write (Reuters, AP, AFP);
none comes from the development set.  A wrong pin is worse than none, so several cases
assert that a mention is absent.
"""

from __future__ import annotations

import pytest

from geo import parse_text


def spans(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(surface, place id) of every mention, in order."""
    return [(m.text, m.place.id) for m in parse_text(text, lang=lang)]


# -- a division named like its town: « l'oblast de Kherson », "the Odesa region" -------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Les forces russes ont bombardé l'oblast de Kherson et la région de Kherson.", "fr",
         [("oblast de Kherson", "adm1:UA-kherson"), ("région de Kherson", "adm1:UA-kherson")]),
        ("Dans l'oblast de Donetsk, les combats se poursuivent autour de Pokrovsk.", "fr",
         [("oblast de Donetsk", "adm1:UA-donetsk"), ("Pokrovsk", "gn:704422")]),
        # the town's other names find the division (Odesa the town, Odessa Oblast)
        ("Drones struck the Odesa region and the Kyiv region overnight.", "en",
         [("Odesa region", "adm1:UA-odessa"), ("Kyiv region", "adm1:UA-kiev")]),
        ("Des attaques jihadistes ont frappé la région de Mopti et la province de Kandahar.",
         "fr", [("région de Mopti", "adm1:ML-mopti"),
                ("province de Kandahar", "adm1:AF-kandahar")]),
        # no division of that name: « la région de Paris » is still Paris, a county no pin
        ("Des orages ont frappé la région de Paris.", "fr", [("Paris", "gn:2988507")]),
        ("Officials in Maricopa County certified the vote.", "en", []),
        # the town alone stays the town
        ("Shelling hit Kherson overnight.", "en", [("Kherson", "gn:706448")]),
    ],
)
def test_an_area_named_like_its_town_is_the_division(text, lang, expected):
    assert spans(text, lang=lang) == expected


# -- title-case headlines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # a capitalised verb of saying is no title before a surname
        ("Russia Says Kyiv Forces Retreat From Key Town",
         [("Russia", "country:RUS"), ("Kyiv", "gn:703448")]),
        # an inflected word capitalised by the headline is no surname after a first name
        ("Pakistan Blames Kabul For Peshawar Bombing",
         [("Pakistan", "country:PAK"), ("Kabul", "gn:1138958"), ("Peshawar", "gn:1168197")]),
        ("Israel Hits Beirut Suburbs, Lebanon Says",
         [("Israel", "country:ISR"), ("Beirut", "gn:276781"), ("Lebanon", "country:LBN")]),
    ],
)
def test_places_in_title_case_headlines(headline, expected):
    assert spans(headline + "\n\nBody text follows here.", lang="en") == expected


def test_running_text_keeps_its_person_rules():
    # "said Smith" style attributions and team nicknames are unchanged outside headlines
    assert spans("The Houston Rockets beat the Memphis Grizzlies in Houston.") == [
        ("Houston", "gn:4699066")]


# -- abbreviations with stops --------------------------------------------------------------


def test_abbreviations_ending_with_a_stop_are_matched_whole():
    assert spans("The U.S. Seventh Fleet sailed; the U.K. and the U.S.A. agreed.", "en") == [
        ("U.S.", "country:USA"), ("U.K.", "country:GBR"), ("U.S.A.", "country:USA")]
    assert spans("It was unveiled in the U.S.", "en") == [("U.S.", "country:USA")]


# -- a town's name used as a river's or a region's, with "the" --------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Migrants crossed on the Rio Grande near Eagle Pass, Texas.", "en",
         [("Eagle Pass", "gn:5520677"), ("Texas", "us-state:48")]),
        ("Three migrants drowned in the Rio Grande.", "en", []),
        ("Des barges naviguent sur la Volga, près de Samara.", "fr",
         [("Samara", "gn:499099")]),
        # a noun after the name: the town used as an adjective
        ("The Beirut port blast killed 200.", "en", [("Beirut", "gn:276781")]),
        # the article belongs to the name, or the place is a site
        ("Judges in the Hague and crowds outside the Kremlin.", "en",
         [("Hague", "gn:2747373"), ("Kremlin", "site:kremlin")]),
        ("Il s'est rendu au Caire, puis le Caire a répondu.", "fr",
         [("Caire", "gn:360630"), ("Caire", "gn:360630")]),
    ],
)
def test_a_town_name_after_a_definite_article_is_a_river_or_region(text, lang, expected):
    assert spans(text, lang=lang) == expected


# -- appositions and clauses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a fronted place, then a country and a verb: the country is the clause's subject
        ("In London, Canada announced new sanctions.",
         [("London", "gn:2643743"), ("Canada", "country:CAN")]),
        ("In Bali, Indonesia hosted the G20 summit.",
         [("Bali", "adm1:ID-bali"), ("Indonesia", "country:IDN")]),
        # an apposition stays one
        ("The fire started near London, Ontario, on Monday.",
         [("London", "gn:6058560"), ("Ontario", "adm1:CA-ontario")]),
        # a state after the comma, though a town elsewhere shares its name
        ("A statue in Richmond, Virginia, was damaged.",
         [("Richmond", "gn:4781708"), ("Virginia", "us-state:51")]),
    ],
)
def test_a_fronted_place_before_a_clause_is_no_apposition(text, expected):
    assert spans(text, lang="en") == expected


# -- homonyms in two countries with nothing to choose --------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Floods hit Punjab on Tuesday, killing 12 people.", "Punjab"),
        ("Les inondations ont frappé le Pendjab mardi.", "Pendjab"),
        ("He studied in Cambridge before the war.", "Cambridge"),
    ],
)
def test_an_even_tie_between_two_countries_is_no_pin(text, absent):
    assert absent not in [surface for surface, _ in spans(text)]


def test_the_article_still_breaks_the_tie():
    assert spans("Floods hit Punjab; Lahore was under water.", "en") == [
        ("Punjab", "adm1:PK-punjab"), ("Lahore", "gn:1172451")]


# -- a name shared by a city and a state, after a town of that state ---------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEATTLE, Washington (AP) - Officials said.",
         [("SEATTLE", "gn:5809844"), ("Washington", "us-state:53")]),
        ("Officials in Buffalo, New York, said the storm had passed.",
         [("Buffalo", "gn:5110629"), ("New York", "us-state:36")]),
        # a list of cities keeps its cities
        ("Flights from Boston, New York and Chicago were cancelled.",
         [("Boston", "gn:4930956"), ("New York", "gn:5128581"), ("Chicago", "gn:4887398")]),
        ("Leaders in Paris, Washington and Moscow agreed.",
         [("Paris", "gn:2988507"), ("Washington", "gn:4140963"), ("Moscow", "gn:524901")]),
    ],
)
def test_a_state_after_a_town_of_that_state(text, expected):
    assert spans(text, lang="en") == expected


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Floods hit the Indian Punjab.", "IND"),
        ("Floods hit Pakistani Punjab.", "PAK"),
        ("Les inondations ont frappé le Pendjab pakistanais.", "PAK"),
        ("Le Pendjab indien a voté.", "IND"),
    ],
)
def test_a_nationality_adjective_picks_the_homonym(text, iso3):
    assert [m.place.iso3 for m in parse_text(text)] == [iso3]


# -- sport, business and people pages: a club word, a landform, a surname's town, a list ------


def test_a_club_word_that_is_a_place_is_no_pin_before_the_club_town():
    # "Bayern" is an alias of Bavaria, but "Bayern Munich" is the club
    assert spans("Real Madrid host Bayern Munich in the Champions League.", "en") == []
    assert spans("Le Paris Saint-Germain affronte le Bayern Munich à Munich.", "fr") == [
        ("Munich", "gn:2867714")]


def test_a_town_before_a_landform_word_is_the_landform():
    # Jackson Hole is a valley, not Jackson (Mississippi)
    assert spans("Jackson Hole drew tourists to Wyoming.", "en") == [
        ("Wyoming", "us-state:56")]


def test_a_surnames_town_named_with_its_state_is_the_town():
    found = parse_text("Abraham Lincoln's former home reopened. Lincoln, Nebraska, hosted a "
                       "parade.", lang="en")
    assert [m.text for m in found] == ["Lincoln", "Nebraska"]
    assert (round(found[0].place.lat, 1), round(found[0].place.lon, 1)) == (40.8, -96.7)
    # the surname alone stays dropped
    assert spans("Abraham Lincoln's home reopened, and Lincoln's letters were shown.", "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # « bordeaux » and « nice » are ordinary French words; in a list of places, the towns
        ("Nantes et Bordeaux luttent contre la relégation.",
         [("Nantes", "gn:2990969"), ("Bordeaux", "gn:3031582")]),
        ("Des orages ont touché Bordeaux, Nantes et Nice.",
         [("Bordeaux", "gn:3031582"), ("Nantes", "gn:2990969"), ("Nice", "gn:2990440")]),
        # the colour and a small town named like a word stay out
        ("Il porte une robe bordeaux et rose.", []),
        ("L'étape relie Pau à Gap et Nice.", [("Pau", "gn:2988358"), ("Nice", "gn:2990440")]),
    ],
)
def test_a_town_named_like_a_word_in_a_list_of_places(text, expected):
    assert spans(text, "fr") == expected


def test_an_english_word_town_in_a_list_of_places():
    assert spans("Storms hit Cannes and Nice on Sunday.", "en") == [
        ("Cannes", "gn:3028808"), ("Nice", "gn:2990440")]
    assert spans("The weather was nice and Paris was calm.", "en") == [("Paris", "gn:2988507")]
