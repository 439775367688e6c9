"""Find the spans of text that name a place: one Aho–Corasick pass over the folded article.

Every gazetteer name and every blocker phrase (organisations, treaties, outlets, people whose
names contain a place) is a key of one automaton.  Keys are padded with spaces and the text is
folded so that punctuation becomes spaces (:mod:`geo.textnorm`): a hit therefore always starts
and ends on a word boundary, and elision (l’Iran), prepositions (aux États-Unis) and hyphens
(Asie-Pacifique) need no special handling.  Leftmost-longest selection lets ``Organisation de
coopération de Shanghai`` or ``Xi Jinping`` swallow the ``Shanghai`` or ``Jinping`` inside them.

The rules after the scan are general, not tuned to any text:

- capitalisation: a name that is written with a capital must appear with one (``Chine``, not
  ``chine``); abbreviations (US, UAE) must match exactly;
- common words: a small-town name that is also an ordinary word of the article's language
  (Orange, Mobile, Union) is dropped;
- organisation context: ``Accord de Paris``, ``Banque centrale de Russie``, ``Bank of China``
  (a capitalised institution noun, then of/de + the place) and ``Moscow Times``, ``China
  National Petroleum`` (the place, then a capitalised institution noun) are not places;
- person names: a town name directly followed or preceded by a capitalised word that is not an
  ordinary word (``Vladimir Kara-Murza``) is part of a person's name;
- administrative areas: a town name with an area word (``Maricopa County``, ``Donetsk Oblast``,
  ``comté de Maricopa``) names the area, which is not the town: the first-level division of that
  name when there is one (``oblast de Kherson``, ``the Odesa region``), else no pin;
- a town name after a definite article and before a stop or a function word (``on the Rio
  Grande near``) names a river or a region, not the town;
- title-case headlines: a capitalised verb of saying or an inflected word (``Russia Says Kyiv
  Forces``, ``For Peshawar Bombing``) makes no person's name;
- sports clubs: a club word before the place (``Inter Milan``), a team nickname after it
  (``Houston Rockets``) or a match result around it (``Chelsea beat Arsenal``);
- a sea's bare adjective before a word for countries (``the Baltic states``) is not the sea.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from ._data import data_file
from .gazetteer import Gazetteer, _gc_paused, gazetteer
from .textnorm import fold_key, fold_text


def _alternation_by_first_letter(words: list[str]) -> str:
    """``A(?:ccord|gency)|B(?:ank|ureau)``: the words grouped under their first letter.

    The regex engine tries the alternatives one after the other at each position it tries;
    grouped, it tries only the words of that letter (a scan for the head nouns took twice as
    long flat).  Longer words come first within a group, as in a flat alternation sorted by
    length.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Capitalised nouns that head the name of an institution, treaty or event: a place after
# "<Head> ... de/of" belongs to that name (Accord de Paris, Bank of China).
_ORG_HEADS = (
    "Organisation|Organization|Accord|Accords|Agreement|Traité|Treaty|Statut|Statute|Convention|"
    "Pacte|Pact|Protocole|Protocol|Charte|Charter|Déclaration|Declaration|Conseil|Council|"
    "Banque|Bank|Université|University|Institut|Institute|Académie|Academy|Forum|Agence|Agency|"
    "Fondation|Foundation|Cour|Court|Tribunal|Club|Groupe|Group|Format|Processus|Process|"
    "Initiative|Conférence|Conference|Dialogue|Ministère|Ministry|École|School|Musée|Museum|"
    "Théâtre|Theatre|Orchestre|Orchestra|Bourse|Exchange|Compagnie|Company|Parti|Party|"
    "Assemblée|Assembly|Parlement|Parliament|Sénat|Senate|Présidence|Presidency|Mairie|"
    "Gouvernement|Government|Commission|Comité|Committee|Union|Fédération|Federation|Ligue|League|"
    "Association|Alliance|Communauté|Community|Office|Bureau|Centre|Center|Gazette|Journal|"
    "Radio|Télévision|Television|Observatoire|Observatory|Stade|Stadium|Aéroport|Airport|"
    "Gare|Station|Port|Zone|Jeux|Games|Festival|Salon|Exposition|Expo|Marathon|Open|Grand Prix|"
    "Coupe|Cup|Championnat|Championship|Tournoi|Tournament|Olympique"
)
_ORG_HEAD_WORDS = frozenset(_ORG_HEADS.split("|")) | {"Grand"}
# (grouped by first letter: the search tries the heads at every position of up to 90 characters)
_ORG_PREFIX = re.compile(
    rf"\b(?:{_alternation_by_first_letter(_ORG_HEADS.split('|'))})\b[^.;:!?()\[\]«»\"\n]{{0,60}}?"
    r"\b(?:de la|de l['’]|de|du|des|d['’]|of the|of)\s*$"
)
# Capitalised words that, right after a place name, make it part of an institution's or an
# outlet's name (Shanghai Cooperation Organisation, Moscow Times, China Daily).
_ORG_SUFFIXES = frozenset(
    "Cooperation Co-operation Organisation Organization Post Times Daily News Morning Evening "
    "National University Institute Bank Corp Corp. Corporation Company Group Airlines Airways "
    "Stock Exchange Declaration Agreement Accord Accords Treaty Forum Club Council Pact Protocol "
    "Statute Charter Convention Initiative Format Process Five Six Spirit Review Journal Herald "
    "Tribune Gazette Today Radio Television TV Broadcasting Communist Party Petroleum Oil Gas "
    "Telecom Railways Ministry Academy Museum Open Marathon Olympics Games Stadium Airport "
    "Conservatory Orchestra Symphony Philharmonic Zoo Holdings Capital Securities Motors Media "
    "Herald Observer Standard Independent Express Mail Telegraph Globe Chronicle Insider United "
    "City FC Dynamo Spartak Lokomotiv Match Inter Info Matin Soir Corps Brigade Battalion Legion "
    "Endowment Foundation Center Centre Program Programme Project Fund International "
    "Internationale Grand Fashion".split()
)
_INSTITUTION_NAME = re.compile(rf"(?:{_ORG_HEADS}) (?:of|de|du|des|d['’])\b")
_NEXT_WORD = re.compile(r"[ \u00a0]([^\W\d_][\w\-]*)")
# The word before a place, read backwards: "<word> " at the end of the 40 characters before it
# (a newline may follow the space, as ``$`` allows) is, reversed, a space then the word's
# letters up to its first letter.  A forward search with ``$`` retried every position of the
# window, backtracking through each word: ten times slower.
_PREV_WORD_REVERSED = re.compile(r"\n?[ \u00a0]([\w\-]*[^\W\d_])")


def _previous_word(text: str, start: int) -> str | None:
    r"""The word that ends one space before ``start``, within 40 characters, or None.

    The same word as ``re.search(r"([^\W\d_][\w\-]*)[ \u00a0]$", text[start - 40:start])``
    finds: the letters, digits and hyphens before the space, from the first letter on.
    """
    match = _PREV_WORD_REVERSED.match(text[max(0, start - 40):start][::-1])
    return match.group(1)[::-1] if match else None


# Words after which a capitalised word is a person: titles and verbs of saying.
_PERSON_CUES = frozenset(
    "m mme mlle mr mrs ms dr président présidente president premier chancelier chancellor "
    "général general secrétaire secretary roi king reine queen prince princesse cheikh sheikh "
    "ayatollah pape pope sénateur senator sénatrice député députée dirigeant leader homologue "
    "counterpart porte-parole spokesman spokeswoman ambassadeur ambassadrice ambassador émir "
    "emir maréchal marshal colonel lieutenant capitaine captain professeur professor "
    "déclaré affirmé estimé souligné ajouté expliqué indiqué précisé assuré martelé "
    "said says told added explained stressed".split()
)
_SAYING = frozenset(
    "déclaré affirmé estimé souligné ajouté expliqué indiqué précisé assuré martelé "
    "said says told added explained stressed".split()
)
_BIG_CITY = 1_000_000
_SMALL_TOWN = 100_000
# cheap test before the organisation-prefix search: does the place follow "de", "of", "d'"...?
_OF_ENDINGS = ("de ", "du ", "des ", "of ", "la ", "the ", "'", "’", "de\u00a0", "of\u00a0")


class Candidate(NamedTuple):
    """A span that names a place, with the indices of the gazetteer names it matches.

    A named tuple rather than a frozen dataclass: an article yields dozens, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost five times as much.
    """

    start: int
    end: int
    text: str
    key: str
    names: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Key:
    """What the automaton stores per key: its length, and what it names or blocks."""

    length: int
    names: tuple[int, ...]
    needs_capital: bool
    case_sensitive: frozenset[str]
    blocker: bool
    town_only: bool
    sea_adjective: bool = False
    division: bool = False


class Matcher:
    """The automaton over every gazetteer name and blocker phrase, built once per process.

    The automaton only stores each key's string; what a key means (:class:`_Key`) is worked
    out the first time the key is hit, so start-up stays short however large the gazetteer.
    """

    def __init__(self, gaz: Gazetteer, blockers: list[str]) -> None:
        self.gazetteer = gaz
        self.blockers = frozenset(k for k in map(fold_key, blockers) if k)
        self.place_keys = frozenset(k for k in gaz.names_by_key if k)
        # the gazetteer's keys come in sorted order: extending that run keeps the sort cheap
        self._key_strings = sorted([k for k in gaz.names_by_key if k]
                                   + sorted(self.blockers - self.place_keys))
        self.automaton = ahocorasick.Automaton()
        for number, key in enumerate(self._key_strings):
            self.automaton.add_word(f" {key} ", (number, len(key) + 2))
        # the same scan finds context words (see _context_markers), under negative numbers
        for marker, kind in _context_markers().items():
            self.automaton.add_word(marker, (kind, len(marker)))
        self.automaton.make_automaton()
        self._keys: list[_Key | None] = [None] * len(self._key_strings)
        self._usable: dict[tuple, tuple[int, ...]] = {}
        self._divisions: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._division_of_town: dict[str, tuple[int, ...]] | None = None

    def key_info(self, number: int) -> _Key:
        """What key number ``number`` names or blocks (computed once, then cached)."""
        info = self._keys[number]
        if info is None:
            info = self._keys[number] = self._describe(self._key_strings[number])
        return info

    def usable_names(self, key: _Key, lang: str | None) -> tuple[int, ...]:
        """The names of a town key that are not too ordinary a word in language ``lang``."""
        cached = self._usable.get((key.length, key.names, lang))
        if cached is None:
            cached = tuple(i for i in key.names if not _is_common_here(self.gazetteer, i, lang))
            self._usable[(key.length, key.names, lang)] = cached
        return cached

    def big_enough(self, key: _Key) -> tuple[int, ...]:
        """The names of a town key whose town is large enough to trust in a list of places."""
        gaz = self.gazetteer
        return tuple(i for i in key.names if gaz.places[gaz.names[i].place_id].population
                     >= _SMALL_TOWN)

    def divisions_named(self, names: tuple[int, ...]) -> tuple[int, ...]:
        """A name of each first-level division called like the towns ``names``, in their country.

        ``Kherson`` (the town) gives Kherson Oblast, ``Odesa`` gives Odessa Oblast (the town's
        other names count); empty when no division of the towns' countries shares a name.
        """
        found = self._divisions.get(names)
        if found is None:
            by_town = self._divisions_by_town()
            towns = dict.fromkeys(self.gazetteer.names[n].place_id for n in names)
            found = self._divisions[names] = tuple(dict.fromkeys(
                division for town in towns for division in by_town.get(town, ())))
        return found

    def _divisions_by_town(self) -> dict[str, tuple[int, ...]]:
        """Town id -> a name of each division of its country called by one of its names.

        Built once from the divisions' names (a few thousand), looked up among the towns'.
        """
        if self._division_of_town is None:
            gaz = self.gazetteer
            bare: dict[str, dict[str, int]] = {}  # "kherson" -> division id -> its name
            for key, indices in gaz.names_by_key.items():
                if not key.endswith(_DIVISION_KIND_ENDINGS):
                    continue  # cheap test first: "kherson oblast", "mopti region"
                for index in indices:
                    place_id = gaz.names[index].place_id
                    if place_id.startswith(("adm1:", "us-state:")):
                        bare.setdefault(key.rsplit(" ", 1)[0], {}).setdefault(place_id, index)
            by_town: dict[str, dict[int, None]] = {}
            for key, divisions in bare.items():
                for n in gaz.names_by_key.get(key, ()):
                    town = gaz.places[gaz.names[n].place_id]
                    if town.type != "city":
                        continue
                    for division, name in divisions.items():
                        if gaz.places[division].iso3 == town.iso3:
                            by_town.setdefault(town.id, {})[name] = None
            self._division_of_town = {t: tuple(d) for t, d in by_town.items()}
        return self._division_of_town

    def _describe(self, key: str) -> _Key:
        gaz = self.gazetteer
        indices = gaz.names_by_key.get(key, ())
        entries = [gaz.names[i] for i in indices]
        if key in self.blockers or all(_not_a_town_name(e.name, e.kind) for e in entries):
            return _Key(len(key) + 2, (), False, frozenset(), True, False)
        places = [gaz.places[e.place_id] for e in entries]
        return _Key(
            length=len(key) + 2,
            names=tuple(indices),
            needs_capital=all(e.name[:1].isupper() for e in entries),
            case_sensitive=frozenset(e.name for e in entries if e.case_sensitive)
            if all(e.case_sensitive for e in entries) else frozenset(),
            blocker=False,
            town_only=all(p.type in ("city", "site") for p in places),
            # a state or province, alone or with towns of its name: may be a person's name too
            division=any(p.feature == "ADM1" for p in places)
            and all(p.type in ("city", "site") or p.feature == "ADM1" for p in places),
            # "Baltic", "Caspian": a sea's bare adjective, which also names the lands around it
            sea_adjective=all(p.type == "region" and p.name.endswith((" Sea", " Ocean"))
                              for p in places)
            and all(e.kind == "alias" and " " not in e.name for e in entries),
        )


# the kind words of the gazetteer's "<name> <kind>" division names (Kherson Oblast)
_DIVISION_KINDS = frozenset(
    "oblast province region state governorate prefecture department district krai county "
    "municipality voivodeship wilaya".split()
)


_DIVISION_KIND_ENDINGS = tuple(" " + kind for kind in _DIVISION_KINDS)


def _not_a_town_name(name: str, kind: str) -> bool:
    """``University of Texas`` (a GeoNames town) is an institution, ``Aral Sea`` a sea."""
    if kind == "alias" and name.endswith(" Sea"):
        return True
    return name.split(" ", 1)[0] in _ORG_HEAD_WORDS and bool(_INSTITUTION_NAME.match(name))


@cache
def matcher() -> Matcher:
    """The shared matcher over the bundled gazetteer (built on first use, ~1 s)."""
    with open(data_file("blockers.csv"), encoding="utf-8", newline="") as handle:
        blockers = [row["phrase"] for row in csv.DictReader(handle)]
    with _gc_paused():  # ~100,000 keys and values, none in a cycle: see geo.gazetteer
        return Matcher(gazetteer(), blockers)


@cache
def common_words() -> frozenset[str]:
    """Ordinary lowercase words of French and English (Hunspell lists, see data/README.md)."""
    with gzip.open(data_file("common_words.txt.gz"), "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split())


def _is_name_token(word: str, place_keys: frozenset[str]) -> bool:
    """A capitalised word that is neither an ordinary word nor a place: part of a proper name."""
    if not word[:1].isupper() or word.isupper():
        return False
    lower = word.lower()
    if lower in common_words() or lower.rstrip("s") in common_words():
        return False
    return fold_key(word) not in place_keys


# An institution's head noun standing as a word (after a space, an elision or the text's
# start): found once per article (:func:`_head_words`), so that each place only looks up
# whether one precedes it.
_HEAD_WORD = re.compile(
    "(?:" + _alternation_by_first_letter([w for w in _ORG_HEAD_WORDS if " " not in w])
    + r")(?![^\s'’])"
)
_WORD_BEFORE = frozenset(" \t\n\r\u00a0\u202f'’")


def _head_words(text: str, spaces: list[int]) -> list[int]:
    """Start offsets of the institution head nouns in ``text``, in order.

    ``spaces`` are where the matcher's scan found a head noun's folded form after a space
    (:func:`_context_markers`), in order: every head noun of the text is among them, since it
    follows a space, a quote or the text's start, which all fold to a space.  Each is checked
    against :data:`_HEAD_WORD`: the same offsets as a scan of the whole text with it (twice
    as slow), since two head nouns never overlap.
    """
    heads: list[int] = []
    for space in spaces:
        start = space + 1
        if heads and heads[-1] == start:
            continue  # Accord and Accords, from one start
        if (start == 0 or text[start - 1] in _WORD_BEFORE) and _HEAD_WORD.match(text, start):
            heads.append(start)
    return heads


def _after_institution_head(text: str, head: int, start: int) -> bool:
    """Whether the place at ``start`` ends an institution's name begun by the head noun at
    ``head`` (Accord de Paris, Banque centrale de Russie, l'Alliance des États du Sahel)."""
    return (text[max(0, start - 5):start].lower().endswith(_OF_ENDINGS)
            and _ORG_PREFIX.search(text, head, start) is not None)


def _before_institution_suffix(text: str, end: int) -> bool:
    """Whether the place ending at ``end`` begins an institution's or an outlet's name
    (Moscow Times, China Daily, Shanghai Cooperation Organisation)."""
    following = _NEXT_WORD.match(text, end)
    return bool(following and following.group(1).rstrip(".") in _ORG_SUFFIXES)


# A town name inside a natural feature's name is not the town: Lake Victoria, Aral Sea,
# Guadalupe River, mer d'Aral, lac Victoria (the feature itself, when the gazetteer has it, is
# matched whole and never gets here).
_FEATURE_AFTER = frozenset(
    "River Sea Lake Lakes Mountain Mountains Hills Desert Creek Glacier Canyon Gorge Bridge Gap "
    "Pass Valley Peninsula Island Islands Corridor Basin Plateau Delta Hole".split()
)
_FEATURE_BEFORE = re.compile(
    r"\b(?:Lake|Mount|Mt\.?|Cape|Lac|lac|mont|Mont|fleuve|rivière|mer|Mer)[ \u00a0]+"
    r"(?:de |d'|d’|du )?$"
)
_ARABIC_ARTICLE_AFTER = frozenset((" al-", " el-", " Al-", " El-", " al‑", " el‑"))
# A country or city named after a gulf, bay or strait word is the water body's name, which the
# gazetteer lacks when it gets here (Gulf of Guinea, golfe de Thaïlande, Gulf of Riga): no pin.
_WATER_BEFORE = re.compile(
    r"\b(?:Gulf|gulf|Golfe|golfe|Bay|bay|Baie|baie|Strait|Straits|strait|détroit|Détroit"
    r"|Sea|sea)[ \u00a0]+(?:of (?:the )?|de (?:la )?|d'|d’|du |des )$"
)
# _WATER_BEFORE's words as the folded text has them, with the space after them.  Without a
# space before, they never equal a key (" key "), and they are found wherever the words are,
# whatever precedes them: the matcher's scan records them, and only a place with one in the 16
# characters before it is searched (few articles name a gulf, most names would be searched).
_WATER_MARKERS = ("gulf ", "golfe ", "bay ", "baie ", "strait ", "straits ", "detroit ", "sea ")
# the kinds of context words, as the automaton's (negative) numbers for them
_WATER, _HEAD = -1, -2


def _context_markers() -> dict[str, int]:
    """Strings the matcher's scan looks for besides the keys, and what they mark.

    The water words (:data:`_WATER_MARKERS`) and the institution head nouns, folded, after a
    space and with nothing after them (" accord" also finds "accords"; :func:`_head_words`
    checks each).  A key has a space on both sides: none of these is one.
    """
    markers = dict.fromkeys(_WATER_MARKERS, _WATER)
    for word in _ORG_HEAD_WORDS:
        if " " not in word:
            markers[" " + fold_key(word)] = _HEAD
    return markers


def _in_natural_feature(text: str, start: int, end: int) -> bool:
    if text[end + 1:end + 2].isupper():  # every feature word is capitalised
        following = _NEXT_WORD.match(text, end)
        if following and following.group(1) in _FEATURE_AFTER:
            return True
    return bool(_FEATURE_BEFORE.search(text, max(0, start - 14), start))


# "on the Rio Grande near Eagle Pass", « le long de la Volga, » : a town's name with a definite
# article and nothing after it but a stop or a function word is a river, a valley or a region
# of that name (The Hague, Le Caire and La Paz are names of their own: the gazetteer has them).
# "the Beirut port", "the Kherson counteroffensive" (a noun after it) keep the town.
_ARTICLES_BEFORE = ("the ", "The ", "le ", "la ")
_AFTER_HEAD_NOUN = frozenset(
    "near in into at on to from and or between which that where along across over under "
    "through is was has had have river basin delta estuary valley border crossing "
    "près à au aux en dans et ou qui entre vers sur depuis jusqu le la les dont où".split()
)


def _town_as_a_common_noun(text: str, start: int, end: int, key: str, names: tuple[int, ...],
                           m: Matcher) -> bool:
    """Whether a town's name stands as a noun with its own article (the Rio Grande, la Volga)."""
    if text.endswith(("the ", "The "), max(0, start - 4), start):
        article = "the"
    elif text.endswith(("le ", "la "), max(0, start - 3), start):
        article = text[start - 3:start - 1]
    else:
        return False  # cheap test first: most towns have no article
    before = start - len(article) - 2
    if before >= 0 and text[before].isalnum():
        return False  # "breathe Paris", "Vila Real"
    if f"{article} {key}" in m.place_keys or _has_big_city(m.gazetteer, key):
        return False  # the Hague, le Caire: the article belongs to the name
    gaz = m.gazetteer
    if any(gaz.places[gaz.names[n].place_id].type == "site" for n in names):
        return False  # the Kremlin, the White House
    after = text[end:end + 1]
    if not after or after in ".,;:!?)»\"”\n":
        return True
    following = _NEXT_WORD.match(text, end)
    return bool(following and following.group(1) in _AFTER_HEAD_NOUN)


def _first_name_of_person(text: str, end: int, place_keys: frozenset[str],
                          blockers: frozenset[str]) -> bool:
    """A one-word country or region used as a first name: Jordan Peterson, Israel Katz.

    The next word is capitalised and neither an ordinary word, a place nor a known
    organisation (``Iran Hezbollah`` keeps Iran).
    """
    if not text[end + 1:end + 2].isupper():  # cheap test first: most countries are not names
        return False
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    return _is_name_token(word, place_keys) and fold_key(word) not in blockers and not (
        _inflected_word(word) and _title_case_line(text, end))


# "the Baltic states", "Caspian nations", "the Atlantic alliance": a sea's adjective before a
# word for countries or peoples names the lands around the sea (or NATO), not the sea.
_POLITY_NOUNS = frozenset(
    "states state countries country nations nation republics region capitals leaders "
    "governments allies alliance neighbours neighbors members peoples partners island islands "
    "littoral".split()
)


def _sea_adjective_of_lands(text: str, end: int) -> bool:
    if text[end:end + 1] != " ":
        return False
    following = _NEXT_WORD.match(text, end)
    return bool(following and following.group(1).lower() in _POLITY_NOUNS)


# A town's name followed or preceded by an administrative word names the area, not the town:
# Maricopa County, Kandahar Province, Donetsk Oblast, Aleppo Governorate, Lagos State, County
# Cork, le comté de Maricopa, la province du Helmand, l'oblast de Kherson, l'État du Rio Grande
# do Sul.  When the area is a first-level division of the town's country named like the town
# (l'oblast de Kherson, la région de Mopti, the Odesa region), the whole phrase names it, as the
# gazetteer's "Kherson Oblast" does; otherwise no pin.  A lowercase "region" or « région de »
# names the division when there is one, else is left alone ("the Batken district" or « la
# région de Paris » is the town and its surroundings; an area the gazetteer has, such as
# "Kursk region", is matched whole before).
_ADMIN_AFTER = frozenset(
    "County Province Oblast District Prefecture Governorate State Region Municipality "
    "Department Krai Raion Rayon Voivodeship Wilaya county province oblast prefecture "
    "governorate krai raion rayon voivodeship department".split()
)
# lowercase words that name a division when there is one, and are left alone otherwise
_LOOSE_ADMIN_AFTER = frozenset(("region",))
_ADMIN_AFTER_PREFIXES = frozenset(word[:3] for word in _ADMIN_AFTER | _LOOSE_ADMIN_AFTER)
# the nouns before "de", "du", "d'" in French: comté de Maricopa, province du Helmand
_ADMIN_NOUNS = ("comté", "Comté", "comte", "province", "Province", "oblast", "Oblast", "district",
                "District", "gouvernorat", "Gouvernorat", "wilaya", "Wilaya", "raïon", "État")
_LOOSE_ADMIN_NOUNS = ("région", "Région")
_ADMIN_NOUN_BEFORE = re.compile(
    "(?:" + "|".join(_ADMIN_NOUNS + _LOOSE_ADMIN_NOUNS) + r")[ \u00a0](?:de |du |d'|d’)$")


def _admin_area(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """The span of "<town> Oblast" or « oblast de <town> », and whether the area surely is one.

    ``None`` when no administrative word goes with the town; the flag is False for the loose
    words (a lowercase "region", « région de ») that may mean the town and its surroundings.
    """
    if text[end:end + 1] == " " and text[end + 1:end + 4] in _ADMIN_AFTER_PREFIXES:
        following = _NEXT_WORD.match(text, end)
        if following:
            word = following.group(1)
            if word in _ADMIN_AFTER:
                return start, following.end(), True
            if word in _LOOSE_ADMIN_AFTER:
                return start, following.end(), False
    if text.endswith(("de ", "du ", "d'", "d’"), max(0, start - 3), start):
        noun = _ADMIN_NOUN_BEFORE.search(text, max(0, start - 16), start)
        if noun and (noun.start() == 0 or not text[noun.start() - 1].isalnum()):
            return noun.start(), end, not noun.group().startswith(_LOOSE_ADMIN_NOUNS)
        return None
    if text.endswith("County ", max(0, start - 7), start):  # County Cork
        return start - 7, end, True
    return None


# Sports clubs named after their town: a club word before it (Inter Milan, Sporting Lisbon,
# Dynamo Kyiv, FC Barcelona: see _in_person_name, which reads the word before anyway), a team
# nickname after it (the Houston Rockets, the Chicago Bulls: a capitalised plural that is an
# ordinary word, outside a title-case headline), or a match result around it (Chelsea beat
# Arsenal, Liverpool drew with Everton).
_CLUB_BEFORE = frozenset(
    "Real Atlético Atletico Inter AC AS SS SSC FC AFC SC CF SV VfB VfL TSG RB Olympique "
    "Sporting Dynamo Dinamo Spartak CSKA Lokomotiv Zenit Bayern Borussia Eintracht Hertha "
    "Werder Hellas Juventus Racing Hapoel Maccabi Beitar Shakhtar Ajax Rapid Slavia Partizan "
    "Standard Club Olympiacos Olympiakos".split()
)
_RESULT_AFTER = (" beat ", " beats ", " drew with ", " lost to ", " edged ", " a battu ",
                 " bat ", " ont battu ")
_RESULT_BEFORE = (" beat ", " beats ", " drew with ", " lost to ", " edged ", " battu ",
                  " bat ")
_CAPITALISED_WORD = re.compile(r"(?:the |le |la |l'|l’)?([A-ZÀ-Ý][\w\-]*)")


def _word_before(text: str, start: int) -> str:
    """The word that ends one space before ``start`` ('' when there is none)."""
    if text[start - 1:start] != " ":
        return ""
    low = max(0, start - 14)
    space = text.rfind(" ", low, start - 1)
    if space < 0 and low:
        return ""
    return text[space + 1 if space >= 0 else low:start - 1]


def _town_in_team_name(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """The Houston Rockets, Chelsea beat Arsenal, drew with Liverpool: a town's team."""
    if text[end + 1:end + 2].isupper() and _nickname_after(text, end):
        return True
    if text.startswith(_RESULT_AFTER, end):
        verb = next(v for v in _RESULT_AFTER if text.startswith(v, end))
        team = _CAPITALISED_WORD.match(text, end + len(verb))
        return bool(team) and not _is_country_or_region(gaz, team.group(1))
    if text.endswith(_RESULT_BEFORE, max(0, start - 11), start):
        verb = next(v for v in _RESULT_BEFORE if text.endswith(v, 0, start))
        team = _word_before(text, start - len(verb) + 1)
        return team[:1].isupper() and not _is_country_or_region(gaz, team)
    return False


# what may follow or precede a town in an area's or a team's name (any capital: a nickname)
_AFTER_TOWN_PREFIXES = _ADMIN_AFTER_PREFIXES | {verb[1:4] for verb in _RESULT_AFTER}
_BEFORE_TOWN_ENDINGS = ("de ", "du ", "d'", "d’", "y ") + tuple(
    {verb[-3:] for verb in _RESULT_BEFORE})

# the words a title-case headline leaves in lowercase
_TITLE_CASE_LOWER = frozenset(
    "a an the and or but nor of in on at to for by with from as vs v de du des la le les et "
    "à au aux en".split()
)


def _nickname_after(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    if len(word) < 4 or word[-1] != "s" or not word[1:].islower():
        return False
    if word.lower() not in common_words() and word[:-1].lower() not in common_words():
        return False
    after = following.end()
    if text[after:after + 1] == " ":
        if text[after + 1:after + 2].isupper():
            return False  # "Kyiv Says Russia Will...": a title-case headline
        verb = _NEXT_WORD.match(text, after)
        if verb and verb.group(1) not in _TITLE_CASE_LOWER:
            return True  # "the Houston Rockets beat": a headline would capitalise the verb
    line_start = text.rfind("\n", 0, end) + 1
    line_end = text.find("\n", end)
    words = text[line_start:line_end if line_end >= 0 else len(text)].split()
    return sum(w[:1].isupper() for w in words) < 0.6 * len(words)


_INFLECTIONS = (("ings", ""), ("ing", ""), ("ing", "e"), ("ies", "y"), ("ied", "y"), ("es", ""),
                ("ed", ""), ("ed", "e"))


def _inflected_word(word: str) -> bool:
    """Whether ``Bombing``, ``Shelling``, ``Strikes`` or ``Retaken`` is an ordinary word inflected.

    The word lists hold lemmas; a title-case headline capitalises their inflected forms.
    """
    lower = word.lower()
    words = common_words()
    for suffix, stem_end in _INFLECTIONS:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[:-len(suffix)]
            if stem + stem_end in words or (stem[-1:] == stem[-2:-1] and stem[:-1] in words):
                return True  # bombing, striking, shelling -> shell, stopped -> stop
    return False


def _title_case_line(text: str, position: int) -> bool:
    """Whether the line around ``position`` is a title-case headline.

    Every word starts with a capital but the few a headline leaves in lowercase (of, in, the):
    "Pakistan Blames Kabul For Peshawar Bombing", not "the Memphis Grizzlies beat Houston".
    """
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    words = text[line_start:line_end if line_end >= 0 else len(text)].split()
    return len(words) >= 3 and all(
        not w[:1].islower() or w in _TITLE_CASE_LOWER for w in words)


def _is_country_or_region(gaz: Gazetteer, word: str) -> bool:
    word = word.removesuffix("'s").removesuffix("’s")
    return any(gaz.places[gaz.names[i].place_id].type in ("country", "region")
               for i in gaz.names_by_key.get(fold_key(word), ()))


_HYPHEN_BEFORE = re.compile(r"([^\W\d_][\w]*)[-‑]$")
_HYPHEN_AFTER = re.compile(r"[-‑]([^\W\d_][\w]*)")
_HYPHENS = frozenset("-‑")


def _in_hyphenated_name(text: str, start: int, end: int, place_keys: frozenset[str]) -> bool:
    """``Interfax-Kazakhstan``: a place hyphenated to a capitalised word that is not a place.

    ``Moscou-Pékin`` or ``Russie-Ukraine`` (two places) stay; lowercase compounds
    (``sino-russe``) never reach here since demonyms are not in the gazetteer.
    """
    hyphen_before = text[start - 1:start] in _HYPHENS
    if not hyphen_before and text[end:end + 1] not in _HYPHENS:
        return False  # cheap test first: few names are hyphenated to anything
    before = _HYPHEN_BEFORE.search(text, max(0, start - 30), start) if hyphen_before else None
    after = _HYPHEN_AFTER.match(text, end)
    return any(
        match and match.group(1)[:1].isupper() and fold_key(match.group(1)) not in place_keys
        for match in (before, after)
    )


def _in_person_name(text: str, start: int, end: int, place_keys: frozenset[str],
                    blockers: frozenset[str] = frozenset()) -> int:
    """Whether a town name is (part of) a person's name here: 0 no, 1 a first name, 2 a surname
    (3: a club's name, Inter Milan).

    ``Kim Jong-un`` (a capitalised name word after it: a first name), ``Vladimir Kara-Murza``,
    ``M. Lula``, ``President Obama`` (a name word or a title before it: a surname), ``a déclaré
    Pukhov`` (a verb of saying before it: a surname).
    """
    following = _NEXT_WORD.match(text, end)
    if following and _is_name_token(following.group(1), place_keys) and not (
            _inflected_word(following.group(1)) and _title_case_line(text, end)):
        return _FIRST_NAME
    word = _previous_word(text, start)
    if word is None:
        cue = text[max(0, start - 4):start].rstrip().endswith(("M.", "Dr.", "Mr."))
        return _SURNAME if cue else 0
    if word in _CLUB_BEFORE and not text[start:end].isupper():
        return _CLUB  # Inter Milan, Dynamo Kyiv: not a surname to drop elsewhere
    if word.lower() in _PERSON_CUES:
        if word[:1].isupper() and word.lower() in _SAYING:
            return 0  # "Russia Says Kyiv Forces Retreat": a title-case headline's verb
        # "said Tallinn was ready": a place as the subject of the reported clause, not an
        # inverted quote attribution ("a déclaré Pukhov.", "said Smith, adding")
        if (word.lower() in _SAYING and text[end:end + 1] == " "
                and text[end + 1:end + 2].islower()):
            return 0
        return _SURNAME
    # a demonym or an organisation before a town (Kyrgyz Batken) is not a first name
    return _SURNAME if _is_name_token(word, place_keys) and fold_key(word) not in blockers else 0


_FIRST_NAME, _SURNAME, _CLUB = 1, 2, 3
# the endings of the nationality adjectives before a division's name (Indian Punjab, Pakistani
# Punjab, Mexican Guerrero), which make the capitalised word before it no first name
_DEMONYM_ENDINGS = ("ian", "ean", "can", "ese", "ish", "ani", "stani", "ais", "ois")


def _division_in_person_name(text: str, start: int, end: int, place_keys: frozenset[str],
                             blockers: frozenset[str]) -> int:
    """Whether a state's or province's name is a person's here (Vladimir Guerrero, Lara Croft).

    The town test (:func:`_in_person_name`), except that a nationality adjective before the
    name is not a first name: "the Indian Punjab" is the state.
    """
    person = _in_person_name(text, start, end, place_keys, blockers)
    if person == _SURNAME:
        preceding = _previous_word(text, start)
        if preceding and preceding.endswith(_DEMONYM_ENDINGS):
            return 0
    return person


def _leftmost_longest_hits(text: str, folded: str, m: Matcher,
                           context: dict[int, list[int]]) -> list[tuple[int, int, _Key]]:
    """The automaton's hits on ``folded`` that survive the case tests, leftmost-longest.

    Each hit is ``(start, end, key)`` in ``text`` offsets; a blocker wins over the places
    inside it.  The automaton reports hits by their end, and hits that start together by
    increasing length (a "U.S." hit, one longer for its stop, is still shorter than any longer
    key from the same start, which needs a space and a letter more): reversed, then sorted by
    start alone (a stable sort), they come longest first at each start, as the selection needs.
    Where each context word's marker starts (:func:`_context_markers`) goes to ``context``,
    by kind.
    """
    raw: list[tuple[int, int, _Key]] = []
    keys, key_info = m._keys, m.key_info
    for end_index, (number, length) in m.automaton.iter(folded):
        if number < 0:  # a context word, not a key: the text offset where its marker starts
            context[number].append(end_index - length)
            continue
        key = keys[number] or key_info(number)
        start = end_index - length + 1  # padded index of the leading space == text offset
        end = end_index - 1
        if not key.blocker:
            if key.needs_capital and not text[start].isupper():
                continue
            if key.case_sensitive and text[start:end] not in key.case_sensitive:
                # "U.S.", "U.K.": the final stop folds to the key's closing space
                if text[end:end + 1] != "." or text[start:end + 1] not in key.case_sensitive:
                    continue
                end += 1
        raw.append((start, end, key))
    raw.reverse()
    raw.sort(key=itemgetter(0))
    selected: list[tuple[int, int, _Key]] = []
    last_end = -1
    for item in raw:
        if item[0] >= last_end:
            selected.append(item)
            last_end = item[1]
    return selected


def find_candidates(text: str, *, lang: str | None = None) -> list[Candidate]:
    """Every span of ``text`` that names a gazetteer place, in document order.

    Parameters
    ----------
    text
        The article text as loaded; offsets in the result index it.
    lang
        ``"fr"``, ``"en"`` or None; decides which ordinary words a town name may not be.
    """
    if not text:
        return []
    m = matcher()
    folded = " " + fold_text(text) + " "
    context: dict[int, list[int]] = {_WATER: [], _HEAD: []}
    selected = _leftmost_longest_hits(text, folded, m, context)
    if not selected:
        return []
    place_keys, blockers = m.place_keys, m.blockers
    water = context[_WATER]  # where the water words start
    heads, head = _head_words(text, context[_HEAD]), 0
    candidates = []
    surnames: set[str] = set()
    for index, (start, end, key) in enumerate(selected):
        if key.blocker:
            continue
        # the characters around the name, which most tests below look at first
        before = text[start - 1:start]
        after = text[end:end + 1]
        capital_next = text[end + 1:end + 2].isupper()
        if after == " " and capital_next and text[start:end] in _CLUB_BEFORE:
            continue  # Bayern Munich, Standard Liège: a club word that is also a place
        names = key.names
        if key.town_only:
            names = m.usable_names(key, lang)
            if len(names) < len(key.names) and after == ",":
                # "NICE, France", "PORTLAND, Maine": the homonyms there are the town after all
                there = _named_with_its_country(m.gazetteer, text, end, key,
                                                selected[index + 1:index + 2])
                if there:
                    names = tuple(n for n in key.names if n in names or n in there)
            following = text[end + 1:end + 4]
            if ((after == " "
                 and (following[:1].isupper() or following in _AFTER_TOWN_PREFIXES))
                    or text.endswith(_BEFORE_TOWN_ENDINGS, max(0, start - 3), start)):
                # cheap test first: the first letters and endings of those words
                area = _admin_area(text, start, end)
                if area is not None:
                    division = m.divisions_named(key.names)
                    if division:  # l'oblast de Kherson, the Odesa region: the division
                        a_start, a_end = area[0], area[1]
                        if candidates and candidates[-1].end > a_start:
                            a_start = start  # never over the previous mention
                        if index + 1 < len(selected) and selected[index + 1][0] < a_end:
                            a_end = end  # nor over the next hit
                        candidates.append(Candidate(a_start, a_end, text[a_start:a_end],
                                                    folded[a_start + 1:a_end + 1], division))
                        continue
                    if area[2]:
                        continue  # Maricopa County: an area the gazetteer lacks, no pin
                if names and _town_in_team_name(text, start, end, m.gazetteer):
                    continue
            if not names:
                if not _listed_with_a_place(text, start, end, candidates,
                                            selected[index + 1:index + 2]):
                    continue
                # « Nantes et Bordeaux », "Cannes and Nice": a larger town whose name is an
                # ordinary word, capitalised in a list of places, is the town after all
                names = m.big_enough(key)
                if not names:
                    continue
            person = _in_person_name(text, start, end, place_keys, blockers)
            if person:
                if person == _SURNAME:
                    surnames.add(folded[start + 1:end + 1])
                continue
            if _shouted_acronym(text, start, end):
                continue
            if _in_natural_feature(text, start, end):
                continue
            if before == " " and _town_as_a_common_noun(
                    text, start, end, folded[start + 1:end + 1], key.names, m):
                continue
        elif key.sea_adjective and _sea_adjective_of_lands(text, end):
            continue
        elif key.division and ((person := _division_in_person_name(
                text, start, end, place_keys, blockers))
                or _in_natural_feature(text, start, end)):  # Lake Victoria, Lake Ontario
            if person == _SURNAME:  # Vladimir Guerrero ... Guerrero, not the Mexican state
                surnames.add(folded[start + 1:end + 1])
            continue
        elif capital_next and " " not in folded[start + 1:end + 1] and _first_name_of_person(
                text, end, place_keys, blockers):
            continue
        if after == " " and text[end:end + 4] in _ARABIC_ARTICLE_AFTER:
            continue  # Bab al-Hawa, Umm el-Fahm: the head word of a longer Arabic name
        if water and before in (" ", "'", "’") and any(
                start - 16 <= w < start for w in water) and _WATER_BEFORE.search(
                text, max(0, start - 16), start):
            continue
        # an institution's name around the place; the heads come in order, like the places:
        # skip those more than 90 characters before this one (most places have none nearer)
        while head < len(heads) and heads[head] < start - 90:
            head += 1
        if (text.endswith("Air ", 0, start)  # Air Astana, Air China, Air Algérie
                or (head < len(heads) and heads[head] < start
                    and _after_institution_head(text, heads[head], start))
                # every suffix is capitalised: cheap test first
                or (capital_next and _before_institution_suffix(text, end))):
            continue
        if (before in _HYPHENS or after in _HYPHENS) and _in_hyphenated_name(
                text, start, end, place_keys):
            continue
        candidates.append(Candidate(start, end, text[start:end], folded[start + 1:end + 1], names))
    if surnames:
        # news repeats a surname alone: "Dastan Satpayev ... Satpayev, 17, scored" (a big
        # city's name is never dropped this way)
        surnames = {k for k in surnames if not _has_big_city(m.gazetteer, k)}
        candidates = [c for i, c in enumerate(candidates) if c.key not in surnames
                      or _followed_by_its_country(m.gazetteer, text, c,
                                                  candidates[i + 1:i + 2])]
    return candidates


def _followed_by_its_country(gaz: Gazetteer, text: str, candidate: Candidate,
                             following: list[Candidate]) -> bool:
    """``Lincoln, Nebraska`` after ``Abraham Lincoln``: a surname's town named with its state."""
    if not following or text[candidate.end:following[0].start] not in (", ", ",\u00a0"):
        return False
    iso3 = {gaz.places[gaz.names[i].place_id].iso3 for i in following[0].names
            if gaz.places[gaz.names[i].place_id].type != "city"}
    return any(gaz.places[gaz.names[i].place_id].iso3 in iso3 for i in candidate.names)


_LIST_JOINS = (", ", " et ", " and ", " ou ", " or ")


def _listed_with_a_place(text: str, start: int, end: int, candidates: list[Candidate],
                         following: list[tuple[int, int, _Key]]) -> bool:
    """Whether a place found just before or after joins this name in a list (Nantes et ...)."""
    if candidates and text[candidates[-1].end:start] in _LIST_JOINS:
        return True
    if not following or following[0][2].blocker or not following[0][2].names:
        return False
    if text[end:following[0][0]] not in _LIST_JOINS:
        return False
    before = text[max(0, start - 2):start]
    return bool(before) and not (before[-1] in "\n" or before[0] in ".!?")  # not a sentence start


def _named_with_its_country(gaz: Gazetteer, text: str, end: int, key: _Key,
                            following: list[tuple[int, int, _Key]]) -> tuple[int, ...]:
    """A town whose name is an ordinary word, followed by its country or state.

    ``NICE, France (Reuters)``, ``Mobile, Alabama``, ``Split, Croatia``: the apposition says
    it is the town, so its homonyms in that country are kept.
    """
    if not following:
        return ()
    start2, _, key2 = following[0]
    if key2.blocker or text[end:start2] not in (", ", ",\u00a0"):
        return ()
    iso3 = {gaz.places[gaz.names[i].place_id].iso3 for i in key2.names
            if gaz.places[gaz.names[i].place_id].type != "city"}
    return tuple(i for i in key.names if gaz.places[gaz.names[i].place_id].iso3 in iso3)


def _has_big_city(gaz: Gazetteer, key: str) -> bool:
    return any(gaz.places[gaz.names[i].place_id].population >= _BIG_CITY
               for i in gaz.names_by_key.get(key, ()))


def _is_common_here(gaz: Gazetteer, name_index: int, lang: str | None) -> bool:
    """Whether a town's name is too ordinary a word to trust here.

    A small town's (Orange, March) in any language, since French articles quote English and
    the reverse; a larger town's (Nice) only in the article's language; a big city's never.
    """
    entry = gaz.names[name_index]
    if not entry.common:
        return False
    population = gaz.places[entry.place_id].population
    if population >= _BIG_CITY:
        return False
    if population < _SMALL_TOWN:
        return True
    return lang is None or lang in entry.common


def _shouted_acronym(text: str, start: int, end: int) -> bool:
    """A short all-capitals word in running text (OTAN, ONU) is an acronym, not a town.

    Capitals are accepted on a line that is mostly capitals (a headline) or at the start of a
    line (a dateline such as ``MOSCOU (AFP) -``).
    """
    surface = text[start:end]
    if not surface.isupper() or len(surface) > 5:
        return False
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    if (line_start or start < 200) and not text[line_start:start].strip():
        return False  # first word of a line, the text's first line included (a dateline)
    window = text[max(line_start, start - 60):end + 60].split("\n", 1)[0]
    letters = sum(c.isalpha() for c in window)
    return sum(c.isupper() for c in window) < 0.6 * letters
