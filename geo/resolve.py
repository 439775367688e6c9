"""Choose, for each candidate span, the one gazetteer place it means, with a confidence.

Evidence, strongest first:

1. apposition: ``Paris, Texas`` / ``Bishkek, Kyrgyzstan`` / ``Bali (Indonésie)`` — a town name
   followed by a comma and a country picks the homonym in that country, and a state the homonym
   nearest to it; when no homonym lies there (or near), the town gets no pin at all;
2. the article's context: countries it names (and the countries of the unambiguous places it
   names) make their towns more likely (Paris → France unless the article is about the US);
3. priors: a country or region outranks a town of the same name (Géorgie, Singapour), a
   capital outranks a larger town, then population (Washington → the US capital).

The confidence says how sure the choice is: near 1 for countries and unambiguous names, lower
when homonyms compete or when a small town is matched with no support from the context.
Mentions under :data:`MIN_CONFIDENCE` are dropped: for our users a wrong pin is worse than none.
"""

from __future__ import annotations

import csv
import math
import re
from functools import cache, lru_cache

from ._data import data_file
from .extract import Candidate
from .gazetteer import gazetteer, importance
from .records import Mention, Place
from .sentences import Sentences, split_sentences

MIN_CONFIDENCE = 0.4
_CONTEXT_BOOST = 20.0
_OWN_NAME_BOOST = 10.0
_APPOSITION_BOOST = 1e6
_BIG_TOWN = 100_000
_SMALL_TOWN = 50_000
_WEAK_CONTEXT_BOOST = 3.0
_LOCAL_WINDOW = 400
# homonyms in two countries whose scores are this close, and this far apart, are a tie
_TIE_RATIO = 1.5
_TIE_DISTANCE_KM = 161.0
# ", au Texas", ", in Texas", ", dans l'Ohio": the gap of an apposition
_APPOSITION_GAP = re.compile(r"\s*,\s*(?:(?:au|en|in|dans\s+(?:le|la|l['’]))\s*)?|\s*\(\s*")


@lru_cache(maxsize=1 << 16)
def _places_of(names: tuple[int, ...]) -> tuple[Place, ...]:
    """The distinct places a set of gazetteer names stand for (shared by every article)."""
    gaz = gazetteer()
    seen: dict[str, Place] = {}
    for index in names:
        place = gaz.places[gaz.names[index].place_id]
        seen.setdefault(place.id, place)
    return tuple(seen.values())


def _context_countries(names: list[tuple[int, ...]]) -> tuple[dict[str, int], dict[str, int]]:
    """ISO3 codes the article is about: countries it names and its unambiguous places.

    The second counter keeps only the evidence from *inside* a country (its regions and its
    towns other than the capital): ``Lviv`` or ``Texas`` say the article is about places in
    Ukraine or the US; ``Washington`` or ``the United States`` as a foreign-policy actor, named
    in most world news, do not make a small American homonym of Geneva or Odessa likely.
    """
    context: dict[str, int] = {}
    inside: dict[str, int] = {}
    # plain dicts: a Counter's missing key costs a Python call
    for indices in names:
        country, within = _evidence_of_names(indices)
        if country:
            context[country] = context.get(country, 0) + 1
            if within:
                inside[country] = inside.get(country, 0) + 1
    return context, inside


@lru_cache(maxsize=1 << 16)
def _evidence_of_names(names: tuple[int, ...]) -> tuple[str | None, bool]:
    """:func:`_evidence` of the places a set of gazetteer names stands for.

    Cached by the name indices, which hash faster than the places (a frozen dataclass hashes
    every field of every place, each time).
    """
    return _evidence(_places_of(names))


def _evidence(places: tuple[Place, ...]) -> tuple[str | None, bool]:
    """The country one name points to, if any, and whether it names a place inside it."""
    for place in places:
        if place.type == "country":
            return place.iso3, False
    if len(places) == 1 and places[0].iso3 and (
        places[0].type != "city" or places[0].population >= _BIG_TOWN
    ):
        place = places[0]
        return place.iso3, (place.type == "region"
                            or (place.type == "city" and place.feature != "PPLC"))
    return None, False


def _is_local_evidence(place: Place, iso3: str, *, inside_only: bool) -> bool:
    if place.iso3 != iso3:
        return False
    if not inside_only:
        return place.type != "country"
    return place.type == "region" or (place.type == "city" and place.feature != "PPLC")


def _region_or_country(candidates: list[Candidate], options: list[tuple[Place, ...]], i: int,
                       country: Place, region: Place,
                       totals: dict[tuple[str, str], int]) -> bool:
    """Whether a name shared by a country and a region elsewhere means the region here.

    ``Georgia`` next to Atlanta or Texas is the US state; next to Tbilisi or Batumi, or with
    nothing either way, the country.  Evidence is the nearest unambiguous place inside either
    (a capital like Washington is not: it is named in any foreign-policy story), within a few
    sentences; failing that, the article's counts.
    """
    def kind(j: int) -> int:  # 1: the region's country, -1: the country, 0: neither
        places = options[j]
        if len(places) != 1:
            return 0
        if _is_local_evidence(places[0], region.iso3, inside_only=True):
            return 1
        if _is_local_evidence(places[0], country.iso3, inside_only=False):
            return -1
        return 0

    position = candidates[i].start
    if i and position - candidates[i - 1].end <= 2:  # "Athens, Georgia", "Batumi, Georgia"
        isos = {p.iso3 for p in options[i - 1]}
        if (region.iso3 in isos) != (country.iso3 in isos):
            return region.iso3 in isos
    best, best_distance = 0, _LOCAL_WINDOW + 1
    for j in range(i - 1, -1, -1):
        distance = position - candidates[j].end
        if distance >= best_distance:
            break
        if kind(j):
            best, best_distance = kind(j), distance
            break
    for j in range(i + 1, len(candidates)):
        distance = candidates[j].start - position
        if distance >= best_distance:
            break
        if kind(j):
            best, best_distance = kind(j), distance
            break
    if best:
        return best > 0
    pair = (country.id, region.id)
    if pair not in totals:  # once per document
        totals[pair] = sum(kind(j) for j in range(len(candidates)))
    return totals[pair] > 0


def _apposition_country(text: str, candidate: Candidate, following: Candidate | None,
                        following_places: tuple[Place, ...],
                        own_places: tuple[Place, ...] = ()) -> tuple[str | None, Place | None]:
    """The country named right after ``Town,`` (as in ``Paris, Texas``), if any.

    Returns the ISO3 code and, when the text surely is an apposition (``Bali, Indonesia,`` or
    ``WOODSIDE, California (Reuters)``, not a list ``Geneva, Russia and the US`` nor a clause
    ``In Geneva, Russia said``), the country, state or region itself.
    """
    if following is None or following.start - candidate.end > 14:
        return None, None
    gap = _APPOSITION_GAP.fullmatch(text, candidate.end, following.start)
    if not gap:
        return None, None
    # "Richmond, Virginia": the US state, not the South African town of that name
    areas = [p for p in following_places if p.type in ("country", "region")]
    iso = {p.iso3 for p in areas or following_places if p.iso3}
    if len(iso) > 1:  # "Athens, Georgia": the one of those countries the town has a homonym in
        iso &= {p.iso3 for p in own_places}
    if len(iso) != 1:
        return None, None
    code = next(iter(iso))
    if _fronted_clause(text, candidate.start, following.end):
        return None, None  # "In London, Canada announced": Canada is the clause's subject
    where = max((p for p in following_places if p.iso3 == code and p.type != "city"),
                key=lambda p: p.type == "country" or p.feature == "ADM1", default=None)
    if _LIST_AFTER.match(text, following.end) and "(" not in gap.group():
        return None, None  # "Paris, Washington and Moscow": a list of places, no apposition
    if where is None or not _closes_apposition(text, following.end, "(" in gap.group()):
        return code, None
    return code, where


# Words that may follow the country of an apposition ("Bali, Indonesia on Monday"); any other
# lowercase word makes it a clause ("In Geneva, Russia said ...").
_AFTER_APPOSITION = frozenset(
    "on in at last this next early late during since after before where which when while as "
    "from for with near to le la les l ce cette cet depuis après avant pendant où qui à au aux "
    "en dans sur avec pour par lors lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)
_LIST_AFTER = re.compile(r"\s*(?:,\s*[A-ZÀ-Ý]|\s+(?:and|et|or|ou|&)\s)")
_WORD_AFTER = re.compile(r" ([^\W\d_]+)")


# A sentence opening on a place ("In London, ...", « À Paris, ... ») followed by a country and a
# verb is a clause whose subject is the country: "In London, Canada announced sanctions".
_FRONTED_PREPOSITIONS = ("In ", "At ", "From ", "À ", "A ", "Depuis ", "Dans ")
_CLAUSE_VERBS = frozenset(
    "said says say has have had is was were are will would could can may might must should "
    "won met took sent made hit cut set led told urged vowed warned hosts hosted "
    "a ont est sont était va vont doit veut peut avait sera devrait entend".split()
)


def _fronted_clause(text: str, start: int, country_end: int) -> bool:
    if not text.endswith(_FRONTED_PREPOSITIONS, max(0, start - 7), start):
        return False  # cheap test first: most appositions open no sentence
    word = _WORD_AFTER.match(text, country_end)
    if word is None:
        return False
    verb = word.group(1)
    return verb in _CLAUSE_VERBS or (verb.endswith("ed") and verb.islower()
                                     and verb not in _AFTER_APPOSITION)


def _closes_apposition(text: str, end: int, parenthesis: bool) -> bool:
    """Whether the country or state ending at ``end`` closes an apposition, not a list."""
    if parenthesis:
        return text[end:end + 1] == ")"
    next_char = text[end:end + 1]
    if next_char in ("'", "’") or _LIST_AFTER.match(text, end):
        return False
    if next_char == " ":
        word = _WORD_AFTER.match(text, end)
        return word is None or word.group(1) in _AFTER_APPOSITION
    return True


#: Farther than this from a state's or country's representative point, a homonym surely lies
#: elsewhere (no US state reaches 800 km from its point but Alaska, which is widened below).
_APPOSITION_RADIUS_KM = 800.0
_COUNTRY_RADIUS_KM = 1000.0


@lru_cache(maxsize=1 << 12)
def _within(names: tuple[int, ...], where: Place) -> tuple[int, ...]:
    """The names of a town that an apposition (``Woodside, California``) allows.

    A state keeps the homonym of its country nearest to its point, if within the state's
    reach; a country keeps every name when the town has a homonym in it, or one near it (a
    disputed border: Laayoune, Morocco).  An empty answer means no homonym fits: no pin.
    """
    gaz = gazetteer()
    places = {gaz.names[n].place_id: gaz.places[gaz.names[n].place_id] for n in names}
    if where.feature == "ADM1":
        reach = _state_reach(where)
        near = [(_km(p, where), p.id) for p in places.values()
                if p.iso3 == where.iso3 and _km(p, where) <= reach]
        if not near:
            return ()
        best = min(near)[1]
        return tuple(n for n in names if gaz.names[n].place_id == best)
    if any(p.iso3 == where.iso3 for p in places.values()):
        return names
    if any(_km(p, where) <= _COUNTRY_RADIUS_KM for p in places.values()):
        return names
    return ()


@lru_cache(maxsize=1 << 12)
def _state_of_town(names: tuple[int, ...], town: Place) -> tuple[int, ...]:
    """The names of the state among ``names`` that the town just before lies in, if any.

    ``Washington`` and ``New York`` name a city and a state: after ``Seattle,`` or ``Buffalo,``
    they are the state; after ``Paris,`` (a list of capitals) nothing changes.
    """
    if town.type != "city":
        return ()
    gaz = gazetteer()
    states = {gaz.names[n].place_id for n in names
              if gaz.places[gaz.names[n].place_id].feature == "ADM1"}
    near = [s for s in states if gaz.places[s].iso3 == town.iso3
            and _km(town, gaz.places[s]) <= _state_reach(gaz.places[s])]
    if len(near) != 1:
        return ()
    return tuple(n for n in names if gaz.names[n].place_id == near[0])


@lru_cache(maxsize=256)
def _state_reach(state: Place) -> float:
    """How far from its point a state's towns may lie: 800 km, or 1.25 times its farthest town.

    A town counts for the state whose point is nearest (Juneau for Alaska): a data-derived
    reach, so that a large state keeps its remote towns.
    """
    gaz = gazetteer()
    states = [p for p in gaz.places.values() if p.feature == "ADM1" and p.iso3 == state.iso3]
    farthest = 0.0
    for place in gaz.places.values():
        if place.type != "city" or place.iso3 != state.iso3:
            continue
        distance = _km(place, state)
        if distance > farthest and min(states, key=lambda s: _km(place, s)) is state:
            farthest = distance
    return max(_APPOSITION_RADIUS_KM, 1.25 * farthest)


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in kilometres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def resolve(candidates: list[Candidate], text: str, *, doc: str = "",
            sentences: Sentences | None = None) -> list[Mention]:
    """Resolve candidate spans to places; return mentions in document order."""
    options = [_places_of(candidate.names) for candidate in candidates]
    context, inside = _context_countries([candidate.names for candidate in candidates])
    sentences = sentences or split_sentences(text)
    country_and_region: dict[tuple[int, ...], tuple] = {}
    decisions: dict[tuple[tuple[int, ...], str | None], tuple[Place, float] | None] = {}
    totals: dict[tuple[str, str], int] = {}
    mentions: list[Mention] = []
    # candidates come in document order: walk the sentences alongside instead of searching
    sentence_starts, sentence_ends = sentences.starts, sentences.ends
    last_sentence = len(sentence_starts) - 1
    sentence, sentence_text = 0, None
    count = len(candidates)
    for i, (candidate, places) in enumerate(zip(candidates, options, strict=True)):
        if not places:
            continue
        following = candidates[i + 1] if i + 1 < count else None
        if following is not None and following.start - candidate.end <= 14:
            anchor, where = _apposition_country(text, candidate, following, options[i + 1],
                                                places)
        else:  # cheap test first: no place right after, no apposition
            anchor, where = None, None
        names = candidate.names
        if where is not None and all(p.type in ("city", "site") for p in places):
            # "Bali, Indonesia", "WOODSIDE, California": no homonym there, no pin elsewhere
            names = _within(names, where)
            if not names:
                continue
            places = _places_of(names)
        if len(places) > 1:
            if mentions and mentions[-1].end == candidates[i - 1].end and (
                    text[mentions[-1].end:candidate.start] in (", ", " (")) and _closes_apposition(
                    text, candidate.end, text[candidate.start - 1] == "("):
                state = _state_of_town(names, mentions[-1].place)
                if state:  # "SEATTLE, Washington", "Buffalo, New York": the state, not the city
                    names, places = state, _places_of(state)
            if anchor is None and len(places) > 1:
                anchor = _adjective_country(text, candidate, places)
            if anchor is None and len(places) > 1:
                homonyms = country_and_region.get(names)
                if homonyms is None:
                    homonyms = country_and_region[names] = _country_and_region(places)
                if homonyms and _region_or_country(candidates, options, i, *homonyms, totals):
                    anchor = homonyms[1].iso3
        decision = decisions.get((names, anchor), _UNDECIDED)
        if decision is _UNDECIDED:  # fixed for the document: once per name and anchor
            supported = tuple(
                (2 if inside.get(p.iso3) else 1) if p.iso3 and context.get(p.iso3) else 0
                for p in places
            )
            decision = decisions[names, anchor] = _decide(names, anchor, supported)
        if decision is None:
            continue
        best, confidence = decision
        if sentence < last_sentence and sentence_starts[sentence + 1] <= candidate.start:
            while sentence < last_sentence and sentence_starts[sentence + 1] <= candidate.start:
                sentence += 1
            sentence_text = None
        s_start = sentence_starts[sentence]
        if sentence_text is None:  # one string per sentence, shared by its mentions
            sentence_text = text[s_start:sentence_ends[sentence]]
        mentions.append(Mention(doc, candidate.start, candidate.end, candidate.text, best,
                                confidence, sentence_text, s_start))
    return mentions


_UNDECIDED = object()


@cache
def _country_of_adjective() -> dict[str, str]:
    """Lowercase country adjective (pakistanais, Indian) -> ISO3, from country_adjectives.csv."""
    with open(data_file("country_adjectives.csv"), encoding="utf-8", newline="") as handle:
        return {word.lower(): row["iso3"] for row in csv.DictReader(handle)
                for word in row["adjectives"].split("|") if word}


_WORD_BEFORE = re.compile(r"([^\W\d_]+) $")


def _adjective_country(text: str, candidate: Candidate, places: tuple[Place, ...]) -> str | None:
    """The country a nationality adjective next to a name picks among its homonyms.

    "the Indian Punjab", « le Pendjab pakistanais »: the adjective before the name in English,
    after it in French.
    """
    words = []
    if text[candidate.end:candidate.end + 1] == " ":
        after = _WORD_AFTER.match(text, candidate.end)
        if after and after.group(1)[:1].islower():  # French adjectives are lowercase
            words.append(after.group(1))
    if text[candidate.start - 1:candidate.start] == " ":
        before = _WORD_BEFORE.search(text, max(0, candidate.start - 20), candidate.start)
        if before and before.group(1)[:1].isupper():  # English ones are capitalised
            words.append(before.group(1))
    adjectives = _country_of_adjective()
    isos = {p.iso3 for p in places}
    for word in words:
        iso3 = adjectives.get(word.lower())
        if iso3 in isos:
            return iso3
    return None


def _country_and_region(places: tuple[Place, ...]) -> tuple[Place, Place] | tuple[()]:
    """A country and one region elsewhere that share a name (Georgia), or ``()``."""
    countries = [p for p in places if p.type == "country"]
    if not countries:
        return ()
    regions = [p for p in places if p.type == "region" and p.iso3
               and p.iso3 != countries[0].iso3]
    return (countries[0], regions[0]) if len(regions) == 1 else ()


@lru_cache(maxsize=1 << 16)
def _decide(names: tuple[int, ...], anchor: str | None,
            supported: tuple[int, ...]) -> tuple[Place, float] | None:
    """The best place for one name and its confidence, or None when too unsure to pin.

    The answer depends only on the names matched and on the circumstances (the apposition's
    country, which homonyms the article's context supports), so it is cached across
    articles: an archive repeats the same few thousand situations.
    """
    gaz = gazetteer()
    places = _places_of(names)
    scored = []
    own_names = {gaz.names[n].place_id for n in names if gaz.names[n].kind != "alias"}
    for place, in_context in zip(places, supported, strict=True):
        score = importance(place)
        if place.id in own_names:  # "New Delhi" is New Delhi's name, only an alias of Delhi
            score *= _OWN_NAME_BOOST
        if in_context and (place.type == "city" or place.feature == "ADM1"):
            # only evidence from inside the country earns the full boost (see above)
            score *= _CONTEXT_BOOST if in_context == 2 else _WEAK_CONTEXT_BOOST
        if anchor and place.iso3 == anchor and place.type != "country":
            score *= _APPOSITION_BOOST
        scored.append((score, in_context, place))
    scored.sort(key=lambda item: item[0], reverse=True)
    best_score, best_in_context, best = scored[0]
    if len(scored) > 1 and scored[1][0] * _TIE_RATIO > best_score:
        runner_up = scored[1][2]
        if runner_up.iso3 != best.iso3 and _km(best, runner_up) > _TIE_DISTANCE_KM:
            # Punjab (India or Pakistan), Cambridge, Richmond with nothing in the article to
            # choose: a coin toss, and a wrong pin is worse than none
            return None
    share = best_score / sum(item[0] for item in scored)
    by_alias = all(gaz.names[n].kind == "alias" for n in names
                   if gaz.names[n].place_id == best.id)
    confidence = _confidence(best, share, by_alias=by_alias,
                             supported=bool(best_in_context or (anchor and best.iso3 == anchor)))
    return (best, confidence) if confidence >= MIN_CONFIDENCE else None


def _confidence(place: Place, share: float, *, by_alias: bool, supported: bool) -> float:
    """Combine how clearly the place won over its homonyms with how plausible it is alone."""
    if place.type == "country":
        base = 0.98
    elif place.type in ("region", "site"):
        base = 0.9
    elif place.feature == "PPLC" or place.population >= 1_000_000:
        base = 0.95
    elif place.population >= _BIG_TOWN:
        base = 0.85
    elif place.population >= _SMALL_TOWN:
        base = 0.7
    else:
        base = 0.55
    if place.type == "city" and place.population < _BIG_TOWN:
        if not supported:
            base *= 0.6
        if by_alias:  # a variant spelling of a small town: often a surname or a word
            base *= 0.8
    return round(base * (0.5 + 0.5 * share), 3)
