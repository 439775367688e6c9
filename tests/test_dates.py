"""Date expressions in French and English, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dates import DateExpr, find_dates, parse_reference, tense_at
from geo.errors import InvalidDateError

# (sentence, publication date, the expression expected, its value, its precision)
# fmt: off
CASES = [
    # French, absolute
    ("Ils se sont vus le 3 juillet 2024 à Astana.",
     "2024-07-10", "3 juillet 2024", "2024-07-03", "day"),
    ("Au palais d'Astana, le mercredi 3 juillet 2024.",
     None, "mercredi 3 juillet 2024", "2024-07-03", "day"),
    ("Poutine et Xi se sont réunis, mercredi 3 juillet à Astana.",
     "2024-07-03", "mercredi 3 juillet", "2024-07-03", "day"),
    ("Le 4 février dernier, ils se sont rencontrés à Pékin.",
     "2022-09-15", "4 février dernier", "2022-02-04", "day"),
    ("Le sommet aura lieu le 1er septembre.", "2025-08-20", "1er septembre", "2025-09-01", "day"),
    ("Ils se retrouveront le 3 juillet.", "2024-06-28", "3 juillet", "2024-07-03", "day"),
    ("Xi est attendu du 20 au 22 mars 2023 à Moscou.",
     "2023-03-01", "20 au 22 mars 2023", "2023-03-20", "day"),
    ("Publié le 15/09/2022.", None, "15/09/2022", "2022-09-15", "day"),
    ("Ils se sont rencontrés pour la dernière fois en mai.",
     "2024-07-03", "mai", "2024-05", "month"),
    ("Ils se rencontreront en mai.", "2024-07-03", "mai", "2025-05", "month"),
    ("Lors de leur conversation par vidéoconférence en décembre, Xi a salué Poutine.",
     "2022-02-04", "décembre", "2021-12", "month"),
    ("La rencontre de mai dernier a montré leur entente.",
     "2024-07-03", "mai dernier", "2024-05", "month"),
    ("Ils se sont vus en novembre 2019 au Brésil.",
     "2022-02-04", "novembre 2019", "2019-11", "month"),
    ("L'organisation a été créée en 2001.", None, "2001", "2001", "year"),
    ("Il vise un accord d'ici 2030.", "2024-01-01", "2030", "2030", "year"),
    ("Le chantier s'achèvera fin 2026.", None, "fin 2026", "2026", "year"),
    # French, relative
    ("Hier, Xi Jinping s'est rendu au Kazakhstan.", "2022-09-15", "Hier", "2022-09-14", "day"),
    ("Hier, Xi Jinping s'est rendu au Kazakhstan.", None, "Hier", None, None),
    ("Le président est arrivé aujourd'hui à Moscou.",
     "2023-03-20", "aujourd'hui", "2023-03-20", "day"),
    ("Ils se verront demain à Pékin.", "2024-05-15", "demain", "2024-05-16", "day"),
    ("Il est rentré avant-hier.", "2024-05-15", "avant-hier", "2024-05-13", "day"),
    ("Vladimir Poutine et Xi Jinping ont échangé ce mardi.",
     "2025-01-21", "ce mardi", "2025-01-21", "day"),
    ("Ce retrait, acté lundi par le président, a été critiqué.",
     "2025-01-21", "lundi", "2025-01-20", "day"),
    ("Poutine et Xi se sont rencontrés mercredi en marge du sommet.",
     "2024-07-03", "mercredi", "2024-07-03", "day"),
    ("Le porte-parole a averti jeudi que les sanctions tomberaient.",
     "2022-02-04", "jeudi", "2022-02-03", "day"),
    ("Le sommet se tient mercredi et jeudi.", "2024-07-03", "jeudi", "2024-07-04", "day"),
    ("La Biélorussie devrait rejoindre l'OCS jeudi.", "2024-07-03", "jeudi", "2024-07-04", "day"),
    ("Il l'a reçu mardi dernier.", "2024-07-02", "mardi dernier", "2024-06-25", "day"),
    ("Il se rendra à Pékin mardi prochain.", "2024-07-02", "mardi prochain", "2024-07-09", "day"),
    ("Xi Jinping a appelé la semaine dernière à la création de ponts.",
     "2024-07-03", "la semaine dernière", "2024-06", "month"),
    ("Il a voyagé la semaine dernière.", "2024-07-01", "la semaine dernière", "2024-06", "month"),
    ("Le sommet a lieu cette semaine.", "2024-07-31", "cette semaine", "2024-08", "month"),
    ("Ils se sont parlé le mois dernier.", "2024-01-10", "le mois dernier", "2023-12", "month"),
    ("Ils se sont parlé le mois dernier.", "2024-01", "le mois dernier", "2023-12", "month"),
    ("Deux vidéoconférences l'année dernière.", "2022-02-04", "l'année dernière", "2021", "year"),
    ("Deux vidéoconférences l'année dernière.", None, "l'année dernière", None, None),
    ("Il l'a vu l’an dernier.", "2022-02-04", "l’an dernier", "2021", "year"),
    ("Lors d'appels au début de l'année, ils ont convenu d'agir.",
     "2022-09-15", "au début de l'année", "2022", "year"),
    ("C'est leur deuxième rencontre cette année.", "2024-07-03", "cette année", "2024", "year"),
    # English, absolute
    ("Putin arrived in Astana, Kazakhstan, Wednesday, July 3, 2024.",
     None, "Wednesday, July 3, 2024", "2024-07-03", "day"),
    ("The leaders met on 3 July 2024 in Astana.", None, "3 July 2024", "2024-07-03", "day"),
    ("They met on July 3, 2024.", "2024-08-01", "July 3, 2024", "2024-07-03", "day"),
    ("Xi will visit Moscow on March 20-22.", "2023-03-17", "March 20-22", "2023-03-20", "day"),
    ("They met in Beijing on Feb. 4, 2022.", None, "Feb. 4, 2022", "2022-02-04", "day"),
    ("The summit opens on the 15th of September.",
     "2022-09-01", "15th of September", "2022-09-15", "day"),
    ("Putin last visited China in May.", "2024-07-03", "May", "2024-05", "month"),
    ("Putin will visit India in December.", "2024-07-03", "December", "2024-12", "month"),
    ("They met in September 2022 in Samarkand.", None, "September 2022", "2022-09", "month"),
    ("The group was founded in 2001.", None, "2001", "2001", "year"),
    ("Talks resumed in mid-2023.", None, "mid-2023", "2023", "year"),
    # English, relative
    ("Putin and Xi spoke by phone yesterday.", "2022-02-26", "yesterday", "2022-02-25", "day"),
    ("The leaders meet today in Kazan.", "2024-10-22", "today", "2024-10-22", "day"),
    ("Xi arrives tomorrow.", "2023-03-19", "tomorrow", "2023-03-20", "day"),
    ("Putin and Xi met on Tuesday.", "2024-10-24", "Tuesday", "2024-10-22", "day"),
    ("Putin and Xi met on Tuesday.", None, "Tuesday", None, None),
    ("Putin and Xi will meet on Tuesday.", "2024-10-19", "Tuesday", "2024-10-22", "day"),
    ("Putin meets Xi this Tuesday.", "2024-10-20", "this Tuesday", "2024-10-15", "day"),
    ("Putin met Xi last Tuesday.", "2024-10-22", "last Tuesday", "2024-10-15", "day"),
    ("Putin hosted Xi last week.", "2023-03-27", "last week", "2023-03", "month"),
    ("Xi is in Moscow this week.", "2023-03-21", "this week", "2023-03", "month"),
    ("They spoke last month.", "2025-01-05", "last month", "2024-12", "month"),
    ("They held two video calls last year.", "2022-02-04", "last year", "2021", "year"),
    ("They met twice earlier this year.", "2024-07-03", "earlier this year", "2024", "year"),
    # A month with a relative year: one expression, the month of that year
    ("They met in Kazan in October last year.", "2025-08-31", "October last year", "2024-10",
     "month"),
    ("Ils se sont vus en octobre de l'année dernière.", "2025-08-31", "octobre de l'année dernière",
     "2024-10", "month"),
    ("Ils se reverront en mai l'an prochain.", "2025-08-31", "mai l'an prochain", "2026-05",
     "month"),
    # a name ending like a French future (« Narendra ») does not make the sentence future
    ("Putin also met Indian Prime Minister Narendra Modi on Tuesday.", "2024-10-23", "Tuesday",
     "2024-10-22", "day"),
    # No publication date: yearless and relative expressions stay unresolved
    ("Ils se sont réunis mercredi 3 juillet à Astana.", None, "mercredi 3 juillet", None, None),
    ("Ils se sont vus en mai.", None, "mai", None, None),
    ("They spoke last week.", None, "last week", None, None),
    # A month-precision publication date resolves months and years, not days
    ("Hier, ils se sont parlé.", "2024-01", "Hier", None, None),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "published", "expression", "value", "precision"), CASES)
def test_find_dates_table(sentence, published, expression, value, precision):
    found = {d.text: d for d in find_dates(sentence, published=published)}
    assert expression in found, f"{expression!r} not found in {sorted(found)}"
    expr = found[expression]
    assert (expr.value, expr.precision) == (value, precision)
    assert sentence[expr.start : expr.end] == expr.text


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("le 3 juillet 2024", False),
        ("3 juillet", True),
        ("hier", True),
        ("en 2001", False),
        ("last week", True),
        ("July 3, 2024", False),
    ],
)
def test_relative_flag_says_whether_the_reference_date_was_needed(sentence, relative):
    (expr,) = find_dates(sentence, published="2024-07-10")
    assert expr.relative is relative


@pytest.mark.parametrize(
    "sentence",
    [
        "Theresa May said the plan may change.",  # the modal and the name are not months
        "La sonde a atteint Mars.",  # the planet
        "Il a reçu 2000 soldats et 140 milliards de dollars.",  # numbers are not years
        "Le 38e échange entre les deux dirigeants.",
        "Un partenariat de 4 000 kilomètres.",
    ],
)
def test_things_that_are_not_dates(sentence):
    assert [d.text for d in find_dates(sentence, published="2024-07-03")] == []


def test_an_impossible_day_is_not_a_day():
    found = find_dates("Le 31 février 2024 n'existe pas.", published="2024-07-03")
    assert [(d.text, d.precision) for d in found] == [("février 2024", "month")]


def test_several_expressions_in_order_without_overlap():
    text = (
        "Brésil en novembre 2019, Poutine et Xi ont eu cinq entretiens téléphoniques en 2020 "
        "et deux vidéoconférences l’année dernière."
    )
    found = find_dates(text, published="2022-02-04")
    assert [(d.text, d.value, d.precision) for d in found] == [
        ("novembre 2019", "2019-11", "month"),
        ("2020", "2020", "year"),
        ("l’année dernière", "2021", "year"),
    ]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_published_may_be_a_date_object():
    (expr,) = find_dates("hier", published=date(2022, 9, 15))
    assert expr.value == "2022-09-14"


def test_english_day_first_numbers_are_not_guessed():
    assert find_dates("On 03/07/2024 they met.", lang="en") == []
    assert find_dates("Le 03/07/2024, ils se sont vus.", lang="fr")[0].value == "2024-07-03"


@pytest.mark.parametrize("published", ["2024-13-01", "3 juillet 2024", "2024/07/03"])
def test_bad_publication_date_raises(published):
    with pytest.raises(InvalidDateError, match="YYYY-MM-DD"):
        find_dates("hier", published=published)


def test_parse_reference():
    assert parse_reference("2024-07-03") == (date(2024, 7, 3), "day")
    assert parse_reference("2024-07") == (date(2024, 7, 15), "month")
    assert parse_reference(None) == (None, None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": 3, "end": 3, "text": "", "value": None, "precision": None}, "start < end"),
        ({"start": 0, "end": 4, "text": "hier!", "value": None, "precision": None}, "does not fit"),
        ({"start": 0, "end": 4, "text": "hier", "value": "2024-07", "precision": "day"}, "match"),
        ({"start": 0, "end": 4, "text": "hier", "value": "2024-07-03", "precision": None}, "both"),
        ({"start": 0, "end": 4, "text": "hier", "value": "2024", "precision": "week"}, "one of"),
    ],
)
def test_date_expr_checks_its_invariants(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DateExpr(relative=True, **kwargs)


@pytest.mark.parametrize(
    ("sentence", "word", "tense"),
    [
        ("Poutine et Xi se sont rencontrés mercredi.", "mercredi", "past"),
        ("Poutine et Xi se rencontreront mercredi.", "mercredi", "future"),
        ("Le sommet se tient mercredi.", "mercredi", "present"),
        ("Xi et Poutine devraient discuter mardi.", "mardi", "future"),
        ("Putin and Xi met on Tuesday.", "Tuesday", "past"),
        ("Putin and Xi will meet on Tuesday.", "Tuesday", "future"),
        ("Putin and Xi are meeting on Tuesday.", "Tuesday", "present"),
        ("Putin arrives in Beijing on Tuesday.", "Tuesday", "present"),
        ("Putin met Narendra Modi on Tuesday.", "Tuesday", "past"),
        ("Le président rencontrera Alexandra mardi.", "mardi", "future"),
        # "scheduled for" is a future, not a past participle in -ed
        ("Xi spoke with Lula about the summit, scheduled for July 6.", "July 6", "future"),
        ("The talks are set for Friday.", "Friday", "future"),
        ("Zelensky is expected in Washington on Monday.", "Monday", "future"),
        # no cue around the trigger: its own future form tells, a past one does not
        ("Merz se rendra à Pékin.", "se rendra", "future"),
        ("Poutine a rencontré Erdogan en marge du sommet.", "a rencontré", "present"),
    ],
)
def test_tense_at(sentence, word, tense):
    start = sentence.index(word)
    assert tense_at(sentence, start, start + len(word)) == tense


_TOKENS = [
    "le",
    "3",
    "1er",
    "juillet",
    "2024",
    "mai",
    "dernier",
    "prochain",
    "mardi",
    "ce",
    "hier",
    "en",
    "depuis",
    "semaine",
    "la",
    "l'année",
    "dernière",
    "Tuesday",
    "on",
    "last",
    "week",
    "July",
    "May",
    "3rd",
    "of",
    "2019",
    "next",
    "yesterday",
    "fin",
    "mi-",
    "31",
    "février",
    "Poutine",
    "a",
    "rencontré",
    "will",
    "meet",
    ",",
    ".",
    "\n",
    "aujourd'hui",
    "15/09/2022",
]


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(_TOKENS), max_size=30),
    published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 12, 31))),
)
def test_find_dates_never_fails_and_spans_are_consistent(words, published):
    text = " ".join(words)
    found = find_dates(text, published=published)
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
        if published is None and expr.relative:
            assert expr.value is None
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# -- windows: the same expressions as in the whole text, only those that start inside ----------

# (text, windows): windows that cut through expressions, sentences and line breaks
WINDOW_CASES = [
    ("Ils se sont vus le 3 juillet\n2024 à Astana. Puis mardi, à Pékin.", [(0, 28)]),
    ("Ils se sont vus le 3 juillet\n2024 à Astana. Puis mardi, à Pékin.", [(29, 70)]),
    ("Le sommet du 3 janv. 2024 a eu lieu. Il s'est tenu en mai.", [(0, 20), (37, 58)]),
    ("They met on Mar. 3 in Moscow. Xi came back in 2019.", [(0, 17), (18, 30)]),
    ("Poutine et Xi, mercredi 3 juillet 2024, se sont rencontrés.", [(15, 24), (24, 40)]),
    ("Fin 2023 et début 2024, ils se sont vus la semaine dernière.", [(0, 5), (30, 60)]),
    ("Le 20 au 22 mars 2023, Xi était à Moscou.", [(3, 9), (0, 0), (40, 30)]),
    ("L'année dernière, hier et aujourd'hui : « le 15/09/2022 » (ou mardi).", [(0, 69)]),
]


@pytest.mark.parametrize("published", ["2024-07-03", "2022-02-04", "2024-07", None])
@pytest.mark.parametrize(("text", "windows"), WINDOW_CASES)
def test_windows_keep_the_expressions_that_start_inside(text, windows, published):
    whole = find_dates(text, published=published)
    inside = [d for d in whole if any(lo <= d.start < hi for lo, hi in windows)]
    assert find_dates(text, published=published, windows=windows) == inside


def test_no_window_no_expression():
    assert find_dates("Le 3 juillet 2024.", published="2024-07-03", windows=[]) == []


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from([*_TOKENS, "janv.", "Sept.", "İl", "!", "»"]), max_size=30),
    published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 12, 31))),
    cuts=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 60)), max_size=4),
)
def test_windows_agree_with_the_whole_text(words, published, cuts):
    text = " ".join(words)
    windows = [(lo, lo + size) for lo, size in cuts]
    whole = find_dates(text, published=published)
    inside = [d for d in whole if any(lo <= d.start < hi for lo, hi in windows)]
    assert find_dates(text, published=published, windows=windows) == inside
