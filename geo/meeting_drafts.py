"""Meetings being assembled from an article: completed, inferred from the catalog, merged.

:mod:`geo.meetings` reads each sentence into a :class:`Draft` (a kind, participants, and the
date and place the sentence itself gives).  This module finishes the job, following rules
3 to 8 of :mod:`geo.meetings`: it links a draft to its catalog entry (:func:`complete`), or
else dates and places it from its context (the paragraph, the tense, the publication date,
the agency dateline, the host's capital); it infers catalog meetings the text only implies
(:func:`catalog_inference`, :func:`ordinal_inference`); and it merges the sentences that
report one meeting into one record (:func:`merge`).  Drafts are mutable on purpose: several
sentences add to one of them before :mod:`geo.meetings` freezes it into a ``Meeting``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

from .catalog import CALLS, IN_PERSON, CatalogMeeting, _catalog
from .dates import DateExpr
from .errors import DataError
from .leaders import leader_country
from .meeting_lexicon import ACRONYM, NUMBERS, ORDINALS, SIDELINES, find_ordinals, in_family
from .records import Mention, Place

_WEEK_PAST = timedelta(days=7)


@dataclass(slots=True)
class Draft:
    """A meeting being assembled from one or more sentences of one article."""

    kind: str
    family: str
    participants: list[str]
    date: str | None
    precision: str | None
    place: str | None = None
    iso3: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_type: str | None = None
    catalog: CatalogMeeting | None = None
    excerpt_start: int = 0
    excerpt_end: int = 0
    aggregate: bool = False
    sentence_index: int = 0
    aside: bool = False  # told in a clause « avant … » / "after …": not the article's news
    undated: bool = False  # dated by the text, but relatively and without a publication date


@dataclass(slots=True)
class Doc:
    """One article being read: its text, context and the drafts found so far.

    ``mentions`` and ``dates`` are in text order.  ``pair`` is the last pair of leaders named,
    for « ils »; ``twos`` the pairs named alone, for « les deux dirigeants ».
    """

    text: str
    doc: str
    ref: date | None
    ref_precision: str | None
    mentions: Sequence[Mention]
    dates: list[DateExpr]
    dateline: Place | None
    drafts: list[Draft] = field(default_factory=list)
    pair: tuple[str, ...] = ()
    # « les deux dirigeants »: the two named alone in the sentence before, else the pair named
    # alone most often (the first such on a tie): sentence index and count of each pair
    twos: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    _mention_starts: list[int] = field(init=False, repr=False)
    _date_starts: list[int] = field(init=False, repr=False)
    _folded: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._mention_starts = [m.start for m in self.mentions]
        self._date_starts = [d.start for d in self.dates]
        self._folded = {}

    def folded(self, sentence: str) -> str:
        """:func:`fold` of a sentence of this article, kept for the article: a sentence is
        folded to look for a catalog alias, then again to link its draft."""
        value = self._folded.get(sentence)
        if value is None:
            value = self._folded[sentence] = fold(sentence)
        return value

    def the_two(self, index: int) -> tuple[str, ...]:
        """Who « les deux dirigeants » of sentence ``index`` are, or ()."""
        if not self.twos:
            return ()
        for pair, (last, _count, _first) in self.twos.items():
            if last == index - 1:
                return pair
        return max(self.twos.items(), key=lambda item: (item[1][1], -item[1][2]))[0]

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start in ``text[lo:hi]``, in text order."""
        starts = self._mention_starts
        return list(self.mentions[bisect_left(starts, lo) : bisect_left(starts, hi)])

    def dates_in(self, lo: int, hi: int) -> list[DateExpr]:
        """The date expressions that start in ``text[lo:hi]``, in text order."""
        starts = self._date_starts
        return self.dates[bisect_left(starts, lo) : bisect_left(starts, hi)]


# -- places ------------------------------------------------------------------------------------


class _Marks(dict):
    """For ``str.translate``: code point -> None for a combining mark (an accent, dropped),
    the code point itself otherwise; filled in as characters are met (a few hundred)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_MARKS = _Marks()


@lru_cache(maxsize=1024)  # place names: the catalog's and the drafts', met again and again
def fold_name(name: str) -> str:
    """:func:`fold` of a place name or alias, kept (the key is a name, never a sentence: a
    cache of sentences would hit only on an archive that repeats its sentences)."""
    return fold(name)


def fold(text: str) -> str:
    """Lowercase ``text`` and drop its accents, to compare place names and aliases."""
    low = text.lower()
    if low.isascii():  # nothing to decompose, no accent to drop
        return low
    # translate drops the marks in one pass: a loop over the characters took most of the time
    return unicodedata.normalize("NFKD", low).translate(_MARKS)


@cache
def _capitals() -> dict[str, Place]:
    """ISO3 -> capital city, from the gazetteer's PPLC features (the most populous if several)."""
    from .gazetteer import gazetteer

    capitals: dict[str, Place] = {}
    for place in gazetteer().places.values():
        if place.type == "city" and place.feature == "PPLC" and place.iso3:
            known = capitals.get(place.iso3)
            if known is None or place.population > known.population:
                capitals[place.iso3] = place
    return capitals


def _capital(iso3: str | None) -> Place | None:
    if not iso3:
        return None
    try:
        return _capitals().get(iso3)
    except DataError:
        return None


def set_place(draft: Draft, place: Place) -> None:
    """Give ``draft`` the place of a mention; a site (the Kremlin) gives its city."""
    if place.type == "site":  # « au Kremlin »: the meeting is in Moscow
        place = _city_of_site(place)
    draft.place, draft.iso3, draft.lat, draft.lon = place.name, place.iso3, place.lat, place.lon
    draft.place_type = place.type


def _city_of_site(site: Place) -> Place:
    """The capital a site stands in (the Kremlin, Zhongnanhai), or the site itself."""
    capital = _capital(site.iso3)
    if (
        capital is not None
        and abs(capital.lat - site.lat) < 0.3
        and abs(capital.lon - site.lon) < 0.4
    ):
        return capital
    return site


def copy_place(draft: Draft, other: Draft) -> None:
    """Give ``draft`` the place of ``other``."""
    draft.place, draft.iso3, draft.lat, draft.lon = other.place, other.iso3, other.lat, other.lon
    draft.place_type = other.place_type


def _set_catalog_place(draft: Draft, entry: CatalogMeeting) -> None:
    if entry.place:
        draft.place, draft.iso3, draft.lat, draft.lon = (
            entry.place,
            entry.iso3,
            entry.lat,
            entry.lon,
        )
        draft.place_type = "city"


# -- completing a draft: catalog, fallbacks, kind ----------------------------------------------


def _family_allows(draft: Draft, entry: CatalogMeeting, generic: bool) -> bool:
    if draft.kind in CALLS:
        return entry.kind == draft.kind
    if draft.kind == "summit":
        return entry.kind == "summit"
    if generic:
        return True
    return entry.kind in IN_PERSON


def _date_span(value: str, precision: str) -> tuple[date, date]:
    parts = [int(p) for p in value.split("-")]
    if precision == "day":
        d = date(*parts)
        return d, d
    if precision == "month":
        first = date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _place_matches(draft: Draft, entry: CatalogMeeting) -> bool:
    if draft.place is None:
        return True
    if (draft.place_type == "city" and entry.place
            and fold_name(draft.place) == fold_name(entry.place)):
        return True
    if (
        entry.kind == "summit"
        and draft.place_type == "city"
        and entry.lat is not None
        and draft.lat is not None
        and (abs(draft.lat - entry.lat) > 0.5 or abs(draft.lon - entry.lon) > 0.7)
    ):
        return False  # a summit sits in one city: Beijing is not Tianjin (a state visit tours)
    return draft.iso3 is not None and draft.iso3 == entry.iso3


def _participants_match(participants: Sequence[str], entry: CatalogMeeting) -> bool:
    if entry.kind == "summit":  # summit rows list only the leaders the catalog follows
        return True
    return all(p in entry.participants for p in participants)


@dataclass(frozen=True, slots=True)
class _CatalogIndex:
    """What the reading asks of every catalog entry, worked out once per catalog."""

    catalog: tuple[CatalogMeeting, ...]
    days: tuple[tuple[CatalogMeeting, date, date], ...]  # each entry's first and last days
    aliases: tuple[tuple[CatalogMeeting, tuple[str, ...]], ...]  # entries with aliases, folded
    # the entries' first days in order, the entries' positions in that order, and the longest
    # entry: the entries that overlap a window lie in one stretch of that order
    firsts: tuple[date, ...]
    by_first: tuple[int, ...]
    longest: timedelta
    any_alias: re.Pattern  # finds any of the folded aliases: most sentences hold none


_index_memo: list[_CatalogIndex] = []  # the index of the catalog read last


def _catalog_index() -> _CatalogIndex:
    catalog = _catalog()
    if not _index_memo or _index_memo[0].catalog is not catalog:
        days = tuple((e, e.first_day, e.last_day) for e in catalog)
        by_first = tuple(sorted(range(len(days)), key=lambda i: days[i][1]))
        aliases = tuple((e, tuple(fold(a) for a in e.aliases)) for e in catalog if e.aliases)
        folded = [a for _, names in aliases for a in names]
        _index_memo[:] = [
            _CatalogIndex(
                catalog,
                days,
                aliases,
                tuple(days[i][1] for i in by_first),
                by_first,
                max((last - first for _, first, last in days), default=timedelta(0)),
                # (?!) finds nothing: no alias
                re.compile("|".join(map(re.escape, folded)) if folded else "(?!)"),
            )
        ]
    return _index_memo[0]


def alias_in(folded: str) -> bool:
    """Does the folded sentence ``folded`` name a catalog meeting by one of its aliases?"""
    return _catalog_index().any_alias.search(folded) is not None


def _candidates(
    draft: Draft, window: tuple[date, date], generic: bool, participants: Sequence[str]
) -> list[CatalogMeeting]:
    lo, hi = window
    index = _catalog_index()
    days = index.days
    # an entry that ends on or after lo starts on or after lo - longest
    start = bisect_left(index.firsts, lo - index.longest)
    found = []
    for i in sorted(index.by_first[start : bisect_right(index.firsts, hi)]):  # catalog order
        entry, first_day, last_day = days[i]
        if last_day < lo or first_day > hi:
            continue
        if not _family_allows(draft, entry, generic) or not _place_matches(draft, entry):
            continue
        if not _participants_match(participants, entry):
            continue
        found.append(entry)
    return found


def _choose(
    draft: Draft, found: list[CatalogMeeting], *, any_kind: bool = False
) -> CatalogMeeting | None:
    """One entry, preferring the draft's own kind; None when the text cannot tell them apart.

    ``any_kind`` lets an in-person draft of two leaders take a summit when no bilateral
    meeting or visit fits (catalog inference, where the text names no kind at all).
    """
    if not found:
        return None
    if draft.kind == "summit":
        found = [e for e in found if e.kind == "summit"]
    elif draft.kind not in CALLS:
        # two leaders meeting at a summit hold a bilateral, not the summit; one leader
        # arriving where a summit is held attends it
        if len(draft.participants) >= 2:
            others = [e for e in found if e.kind != "summit"]
            found = others or (found if any_kind else [])
        else:
            found = [e for e in found if e.kind == "summit"] or found
    by_day: dict[str, list[CatalogMeeting]] = {}
    for entry in found:
        by_day.setdefault(entry.date, []).append(entry)
    if len(by_day) != 1:
        return None
    entries = next(iter(by_day.values()))
    return entries[0] if len(entries) == 1 else None


def _link(
    state: Doc, draft: Draft, tense: str | None, sentence: str, generic: bool
) -> CatalogMeeting | None:
    participants = draft.participants
    # an alias names the meeting outright (« partenariat sans limites »)
    folded = state.folded(sentence)
    index = _catalog_index()
    for entry, aliases in index.aliases if index.any_alias.search(folded) else ():
        if any(a in folded for a in aliases):
            if all(p in entry.participants for p in participants) and _family_allows(
                draft, entry, True
            ):
                if draft.date is None or _overlaps(_date_span(draft.date, draft.precision), entry):
                    return entry
    if draft.aggregate:
        return None
    if draft.date is not None:
        if draft.precision == "year":
            return _summit_of_year(draft, sentence, generic, participants)
        lo, hi = _date_span(draft.date, draft.precision)
        if draft.precision == "day":
            lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
        return _choose(draft, _candidates(draft, (lo, hi), generic, participants))
    if state.ref is None or state.ref_precision != "day":
        return None
    ref = state.ref
    window = {
        "past": (ref - _WEEK_PAST, ref),
        "future": (ref - timedelta(days=1), ref + _WEEK_PAST),
    }.get(tense, (ref - timedelta(days=1), ref + timedelta(days=1)))
    return _choose(draft, _candidates(draft, window, generic, participants))


# French acronyms of the organisations, as the catalog's ids spell them (in English)
_ORG_IDS = {
    "ocs": "sco",
    "otsc": "csto",
    "cei": "cis",
    "ueea": "eaeu",
    "otan": "nato",
    "g-20": "g20",
}


def _summit_of_year(
    draft: Draft, sentence: str, generic: bool, participants: Sequence[str]
) -> CatalogMeeting | None:
    """ "the BRICS summit in 2018": an organisation holds one summit a year; the catalog's if
    it lists exactly one of that organisation that year (and place)."""
    if draft.kind != "summit":
        return None
    orgs = {_ORG_IDS.get(a.lower(), a.lower()) for a in ACRONYM.findall(sentence)}
    if not orgs:
        return None
    year = int(draft.date)
    found = [
        e
        for e in _candidates(draft, (date(year, 1, 1), date(year, 12, 31)), generic, participants)
        if e.kind == "summit" and orgs & set(e.id.split("-"))
    ]
    return found[0] if len(found) == 1 else None


def _overlaps(span: tuple[date, date], entry: CatalogMeeting) -> bool:
    return not (entry.last_day < span[0] or entry.first_day > span[1])


def complete(
    state: Doc, draft: Draft, tense: str | None, sentence: str, found: Collection[str] = ()
) -> None:
    """Link ``draft`` to its catalog entry and take the entry's day, place and kind; failing
    that, date it from its paragraph or the tense, place it from the dateline or the host's
    capital, and tell a visit from a bilateral (rules 3 to 6 of :mod:`geo.meetings`).

    ``tense`` is that of the sentence's trigger; it is read only when ``draft`` has no date,
    and may be None otherwise.  ``found`` names trigger families already found in the whole
    of ``sentence`` (a meeting or visit word there needs no second search, see _only_generic).
    """
    generic = draft.family == "contact" or (
        draft.family == "person" and not {"meet", "visit"} & set(found) and _only_generic(sentence)
    )
    entry = _link(state, draft, tense, sentence, generic)
    if entry is not None:
        draft.catalog = entry
        if (
            entry.kind != "summit"
            and len(draft.participants) == 1
            and leader_country(draft.participants[0]) == entry.iso3
        ):
            # "He is due to hold talks with Xi in Beijing": a host alone at home receives the
            # guest the catalog names
            draft.participants.extend(p for p in entry.participants if p not in draft.participants)
        if draft.date is None or draft.precision != "day":
            draft.date, draft.precision = entry.date, "day"
        if draft.kind != "summit":  # « ont échangé » on the day of a video call is that call
            draft.kind = entry.kind
        if entry.kind in CALLS:
            draft.place = draft.iso3 = draft.lat = draft.lon = None
        elif (
            draft.place is None
            or draft.place_type != "city"
            or (entry.place and fold_name(draft.place) == fold_name(entry.place))
        ):
            _set_catalog_place(draft, entry)
        return
    if draft.aggregate:  # « cinq entretiens en 2020 »: only the text's own date and place
        return
    # no catalog entry: the context of the paragraph, then the tense and the publication date
    if draft.date is None:
        inherited = _context_date(state, draft)
        if inherited is not None:
            draft.date, draft.precision = inherited
        elif state.ref is not None and state.ref_precision == "day" and not draft.aside:
            if tense == "present":
                draft.date, draft.precision = state.ref.isoformat(), "day"
            elif tense == "future":
                draft.date, draft.precision = state.ref.isoformat()[:7], "month"
    if draft.kind in CALLS:
        draft.place = draft.iso3 = draft.lat = draft.lon = None
        return
    if draft.aside:
        pass  # « avant le sommet d'Alaska »: another event, not the dateline's
    elif draft.place is None and state.dateline is not None and _near_publication(state, draft):
        set_place(draft, state.dateline)
    if draft.place is not None and draft.place_type == "country":
        # « s'est rendu en Chine »: the dateline's city if it lies there, else the capital
        # when the host takes part (heads of state receive their guests in the capital)
        dateline = state.dateline
        if dateline is not None and dateline.iso3 == draft.iso3 and _near_publication(state, draft):
            set_place(draft, dateline)
        elif (
            any(leader_country(p) == draft.iso3 for p in draft.participants)
            or len(draft.participants) == 1
        ):
            capital = _capital(draft.iso3)
            if capital is not None:
                set_place(draft, capital)
    if draft.kind == "bilateral":
        draft.kind = _kind_from_place(draft)
        # « Poutine, Xi et Modi au sommet »: three leaders or more at a summit is the summit
        # (not « en marge du sommet »: talks on the sidelines are not the summit)
        if (
            len(draft.participants) >= 3
            and re.search(r"(?i)\b(?:sommet|summit)", sentence)
            and not SIDELINES.search(sentence)
        ):
            draft.kind = "summit"


def _context_date(state: Doc, draft: Draft) -> tuple[str, str] | None:
    """The day of the meeting reported just before, in the same paragraph (« Modi also met
    Putin » after « Putin and Xi met on Tuesday »): at most two sentences back."""
    for other in reversed(state.drafts):
        if other.sentence_index == draft.sentence_index:
            continue  # a date of its own sentence went to the meeting it was nearer to
        if draft.sentence_index - other.sentence_index > 2:
            return None
        if other.aggregate or other.date is None or other.precision != "day":
            continue
        if "\n" in state.text[other.excerpt_start : draft.excerpt_start]:
            return None
        return other.date, other.precision
    return None


def _only_generic(sentence: str) -> bool:
    """True when the in-person family rests only on generic words (« ont échangé »)."""
    return not in_family("meet", sentence) and not in_family("visit", sentence)


def _kind_from_place(draft: Draft) -> str:
    if draft.iso3 and any(leader_country(p) == draft.iso3 for p in draft.participants):
        return "visit"
    if len(draft.participants) == 1 and draft.place is not None:
        return "visit"
    return "bilateral"


def _near_publication(state: Doc, draft: Draft) -> bool:
    if state.ref is None:
        return False
    if draft.date is None:
        return True
    lo, hi = _date_span(draft.date, draft.precision)
    return (
        lo - timedelta(days=1) <= state.ref <= hi + timedelta(days=1) and draft.precision == "day"
    )


def attend_summit(state: Doc, draft: Draft) -> None:
    """Leaders meeting « en marge du sommet » attend that summit: add them to its record."""
    for other in reversed(state.drafts):
        if other.kind == "summit" and _compatible_dates(other, draft):
            for name in draft.participants:
                if name not in other.participants:
                    other.participants.append(name)
            return


# -- catalog-driven inference -------------------------------------------------------------------


def catalog_inference(
    state: Doc,
    index: int,
    lo: int,
    hi: int,
    named: list[str],
    dates: list[DateExpr],
    places: list[Mention],
) -> None:
    """« Brésil en novembre 2019 »: two leaders, a place next to a date, a catalog meeting there."""
    text = state.text
    for mention in places:
        if mention.place.type == "region":
            continue
        for expr in dates:
            if expr.value is None or expr.precision == "year":
                continue
            gap = (
                text[mention.end : expr.start]
                if expr.start >= mention.end
                else text[expr.end : mention.start]
            )
            if len(gap) > 12 or re.search(r"[.;:!?]", gap):
                continue
            draft = Draft(
                kind="bilateral",
                family="person",
                participants=list(named),
                date=expr.value,
                precision=expr.precision,
                excerpt_start=lo,
                excerpt_end=hi,
                sentence_index=index,
            )
            set_place(draft, mention.place)
            span = _date_span(expr.value, expr.precision)
            window = (span[0] - timedelta(days=1), span[1] + timedelta(days=1))
            found = [
                e
                for e in _candidates(draft, window, True, named)
                if e.kind in IN_PERSON and sum(p in e.participants for p in named) >= 2
            ]
            entry = _choose(draft, found, any_kind=True)
            if entry is None:
                continue
            participants = [p for p in named if p in entry.participants]
            meeting = Draft(
                kind=entry.kind,
                family="person",
                participants=participants,
                date=expr.value if expr.precision == "day" else entry.date,
                precision="day",
                catalog=entry,
                excerpt_start=lo,
                excerpt_end=hi,
                sentence_index=index,
            )
            _set_catalog_place(meeting, entry)
            merge(state, meeting)


def ordinal_inference(
    state: Doc,
    index: int,
    lo: int,
    hi: int,
    participants: Sequence[str],
    excerpt: tuple[int, int] | None = None,
    matches: list[re.Match] | None = None,
) -> None:
    """« leur deuxième rencontre cette année »: the pair's earlier meetings, from the catalog
    (``text[lo:hi]`` is read; ``excerpt``, by default the same, is the sentence quoted;
    ``matches``, its find_ordinals when the caller has them already)."""
    excerpt_start, excerpt_end = excerpt or (lo, hi)
    if matches is None:
        matches = find_ordinals(state.text, lo, hi)
    match = matches[0] if matches else None
    if not match or not match.group("rest") or len(participants) < 2:
        return
    n = ORDINALS.get(match.group("n").lower())
    current = next(
        (
            d
            for d in reversed(state.drafts)
            if d.sentence_index == index and d.catalog and d.kind in IN_PERSON
        ),
        None,
    )
    if not n or current is None:
        return
    anchor = current.catalog.first_day
    months_word = (match.group("m_fr") or match.group("m_en") or "").lower()
    if months_word:
        months = NUMBERS.get(months_word) or (int(months_word) if months_word.isdigit() else 0)
        if not months:
            return
        earliest = anchor - timedelta(days=31 * months)
    else:
        earliest = date(anchor.year, 1, 1)
    earlier = [
        e
        for e in _catalog()
        if e.kind in ("bilateral", "visit")
        and all(p in e.participants for p in participants[:2])
        and earliest <= e.first_day < anchor
    ]
    occasions: dict[date, CatalogMeeting] = {}
    for entry in sorted(earlier, key=lambda e: e.first_day):
        if not any(abs((entry.first_day - day).days) <= 2 for day in occasions):
            occasions[entry.first_day] = entry
    if len(occasions) != n - 1:
        return  # the catalog does not bear the text out: say nothing
    for entry in occasions.values():
        meeting = Draft(
            kind=entry.kind,
            family="person",
            participants=list(participants[:2]),
            date=entry.date,
            precision="day",
            catalog=entry,
            excerpt_start=excerpt_start,
            excerpt_end=excerpt_end,
            sentence_index=index,
        )
        _set_catalog_place(meeting, entry)
        merge(state, meeting)


# -- merging ------------------------------------------------------------------------------------


def _compatible_dates(a: Draft, b: Draft) -> bool:
    if a.date is None or b.date is None:
        return True
    if a.precision == b.precision:
        return a.date == b.date
    (alo, ahi), (blo, bhi) = _date_span(a.date, a.precision), _date_span(b.date, b.precision)
    return not (ahi < blo or bhi < alo) and "year" not in (a.precision, b.precision)


def _same_meeting(a: Draft, b: Draft) -> bool:
    """Do two drafts of one article report the same meeting?"""
    if a.catalog is not None and b.catalog is not None:
        return a.catalog.id == b.catalog.id
    if a.aggregate or b.aggregate or a.kind != b.kind:
        return False
    if (a.undated and b.date is not None) or (b.undated and a.date is not None):
        return False  # "on Tuesday" without a publication date is not "in 2018"
    if (
        a.place_type == b.place_type == "city"
        and a.lat is not None
        and b.lat is not None
        and (abs(a.lat - b.lat) > 0.5 or abs(a.lon - b.lon) > 0.7)
    ):
        return False  # Kazan is not Moscow
    if not _compatible_dates(a, b) or a.date is None and b.date is None:
        return False
    if a.place is not None and b.place is not None and a.iso3 != b.iso3:
        return False
    if a.kind == "summit":  # everyone present attends the one summit
        return True
    pa, pb = set(a.participants), set(b.participants)
    if not (pa <= pb or pb <= pa):  # Putin–Xi is not Putin–Modi
        return False
    linked = a.catalog or b.catalog
    return linked is None or (pa | pb) <= set(linked.participants)


def merge(state: Doc, draft: Draft) -> None:
    """Add ``draft`` to the article's meetings, or fold it into the one it also reports.

    A draft with one leader, no place and no summit tells nothing mappable: it is dropped.
    """
    # a single leader arriving where a summit is held that day is at the summit
    if len(draft.participants) == 1 and draft.kind == "visit":
        summit = next(
            (
                d
                for d in state.drafts
                if d.kind == "summit" and d.place == draft.place and _compatible_dates(d, draft)
            ),
            None,
        )
        if summit is not None:
            draft.kind, draft.catalog = "summit", summit.catalog
    if len(draft.participants) < 2 and draft.kind != "summit" and draft.place is None:
        return
    if (
        len(draft.participants) == 1
        and draft.kind == "visit"
        and draft.catalog is None
        and leader_country(draft.participants[0]) == draft.iso3
    ):
        return  # "Zelensky met European leaders in Kyiv": a leader at home visits no one
    if draft.aside and draft.date is None and draft.place is None:
        return  # « avant le sommet d'Alaska », undated: nothing of its own to tell
    for existing in state.drafts:
        if _same_meeting(existing, draft):
            for name in draft.participants:
                if name not in existing.participants:
                    existing.participants.append(name)
            if existing.date is None and draft.date is not None:
                existing.date, existing.precision = draft.date, draft.precision
            if existing.kind not in CALLS and draft.place is not None:
                if existing.place is None or (
                    existing.place_type in ("country", "region")
                    and draft.place_type == "city"
                    and draft.iso3 == existing.iso3
                ):
                    copy_place(existing, draft)  # « en Alaska », then « à Anchorage »
            if existing.catalog is None and draft.catalog is not None:
                existing.catalog = draft.catalog
            return
    state.drafts.append(draft)
