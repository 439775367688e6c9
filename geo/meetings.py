"""Leaders' meetings, summits, visits and calls: a bundled catalog and an extractor.

:func:`find_meetings` reads an article and returns one :class:`Meeting` per meeting it
reports, with its date, place, kind and participants, linked to the catalog where possible.
This module reads the sentences; the stage's other parts each have their own module:

- :mod:`geo.catalog`: the bundled catalog of meetings we know for sure
  (:func:`meeting_catalog`, :class:`CatalogMeeting`, re-exported here);
- :mod:`geo.leaders`: leaders' names, surnames and role phrases, resolved by date
  (``data/leaders.csv``, ``data/country_adjectives.csv``);
- :mod:`geo.meeting_lexicon`: the French and English words that report, negate, count,
  date and place a meeting, as compiled regular expressions;
- :mod:`geo.meeting_drafts`: completing a meeting from the catalog and the article's
  context, catalog inference, and merging (rules 3 to 8 below).

How :func:`find_meetings` decides (general rules, none tuned to a particular text):

1. **Triggers.** A sentence reports a meeting when it holds a trigger from the French and
   English lexicon of :mod:`geo.meeting_lexicon` (« rencontre », « s'est rendu », « sommet »,
   « par téléphone », "met", "held talks", "video call"…).  Triggers fall into families:
   *summit* (a summit word of an organisation: « sommet de l'OCS », "SCO summit"), *video*
   and *phone* calls, and *in person* (meetings, visits, talks, and the generic « ont
   échangé »).  One sentence can report several meetings, one per family (« cinq entretiens
   téléphoniques en 2020 et deux vidéoconférences l'année dernière »).  A negated, requested,
   merely possible, denied or called-off meeting (« n'a pas rencontré », "urged Putin to
   meet", "could meet", "the Kremlin denied reports that…", "but the trip was postponed") is
   no meeting, and a leader before a negated trigger in its clause is no participant.
   **Clauses**: a clause opened by « avant », « après », « au lendemain de », "after",
   "before" tells another event: its leaders, dates and places stay out of the sentence's
   meeting, and its own triggers make a meeting of their own (with the main subject when it
   names one leader), never placed by the dateline; so do a clause « tandis que », "while"
   naming two leaders of its own, a relative clause (« Erdogan, qui a rencontré Poutine »,
   with its antecedent) and a coordinate one naming a leader (", and Starmer is due…").
2. **Participants** are the leaders the sentence names (full names, surnames, and role
   phrases such as « le président kazakh » or "the Kremlin leader", resolved by date against
   the leaders' terms of office in ``data/leaders.csv``; « son homologue » after a minister's
   title is a minister, and a leader in the possessive of no meeting ("Trump's inauguration")
   takes no part).  « les deux dirigeants », « ils »,
   "the two leaders" stand for the pair of the previous meeting sentence.  A meeting needs
   two participants, or one leader and a place outside his own country (a visit).
3. **Dates** come from :mod:`geo.dates`.  Each family takes the nearest date expression in
   its sentence, skipping anchors of durations (« depuis 2013 », "since 2019"), founding dates
   (« créée en 2001 »), counting windows (« deuxième rencontre cette année ») and dates behind
   a relative pronoun (« …, que les deux pays ont créée en 2001 »).  A sentence without a
   date takes, in order: the summit's date for a meeting « en marge du sommet »; the catalog
   meeting of those participants around the publication date (past tense: the week before;
   present: the day either side; future: the week after); the day of the meeting reported
   one or two sentences before in the same paragraph; for a present-tense sentence the
   publication date (day precision: the news present is today); for a future-tense one the
   publication month (month precision: coming soon, day unknown); otherwise None.  Nothing
   is guessed without a publication date.
4. **Place** is the place named after a locative preposition (« à », « au », "in", "at"),
   the object of "visited", or a city naming the meeting (« le sommet d'Helsinki »), within 80
   characters of the trigger and in the same clause, a city before a country, a site (the
   Kremlin) standing for its city; a summit word (« au lendemain du sommet de l'OCS à
   Tianjin ») does not place the meeting of the verbs around it.  When only a country is
   named: the catalog's city for that date, else the dateline's city if it lies in that
   country, else the capital when the host leader takes part or a single leader travels.
   An agency dateline ("BISHKEK, Kyrgyzstan (Reuters) -") gives its city to in-person
   meetings of the publication day that name no place.  Calls have no place.
5. **Kind**: summit for the summit family; video_call / phone_call for calls; otherwise the
   catalog's kind when linked, else *visit* when one participant hosts (the place lies in his
   country) or a single leader travels, *bilateral* for two leaders meeting elsewhere, and
   *summit* for three leaders or more at a « sommet ».  A single leader arriving where a
   catalog summit takes place that day attends the summit.
6. **Linking** (``catalog_id``): same kind family (two leaders meeting at a summit hold a
   bilateral, not the summit), participants among the entry's, same city or country, date
   within a day of the entry's span or the same month when only the month is known, one
   entry only; or an alias of the entry in the sentence (« partenariat sans limites »).  A
   linked meeting takes the catalog's exact date when the text gave only a month or a year,
   and the catalog's city when the text gave none or only the country.  A summit sits in one
   city: a leader arriving in another city of its country does not attend it.  A host alone
   at home linked to an entry receives the entry's guest ("He is due to hold talks with Xi in
   Beijing").
7. **Inference from the catalog**: a sentence naming two leaders with a place next to a date
   (« Brésil en novembre 2019 ») reports their catalog meeting there; « leur deuxième
   rencontre cette année » reports the first one too, when the catalog bears the count out.
8. **One record per meeting and article**: sentences that report the same meeting (same
   catalog entry, or same kind, compatible date and place, participants one a subset of the
   other) merge, keeping the first excerpt; sentences that only point back (« cette
   rencontre », « le sommet », with no date, place or leaders of their own) add nothing.
   Counted meetings (« deux vidéoconférences », "more than 40 times") keep only their own
   date and place and are never linked to one entry.  A meeting with neither a date nor a
   place is dropped: there is nothing to map or list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ._data import data_file as data_file  # kept importable here: tests read the catalog by it
from .catalog import CALLS, IN_PERSON, KINDS, CatalogMeeting, meeting_catalog
from .catalog import _catalog as _catalog  # kept importable here: tests load the catalog by it
from .dates import DateExpr, find_dates, parse_reference, tense_at
from .errors import DataError
from .leaders import find_leaders, leader_mentions, pair_pointers, points_at_pair
from .meeting_drafts import (
    Doc,
    Draft,
    alias_in,
    attend_summit,
    catalog_inference,
    complete,
    copy_place,
    merge,
    ordinal_inference,
    set_place,
)
from .meeting_lexicon import (
    ANCHOR_BEFORE,
    BLOCK,
    CLAUSE_END,
    COMPLEMENT,
    DATELINE,
    DEFINITE,
    DURATION,
    HOSTING,
    LOCATIVE,
    NAMED_AFTER,
    NAMED_BEFORE,
    POSSESSIVE,
    SINCE,
    UNTIL_BEFORE,
    VISITED,
    Trigger,
    caseless_search,
    find_clause,
    find_ordinals,
    find_triggers,
    on_sidelines,
)
from .records import Article, Mention, Place
from .sentences import split_sentences

__all__ = [
    "CALLS",
    "IN_PERSON",
    "KINDS",
    "CatalogMeeting",
    "Meeting",
    "article_meetings",
    "find_meetings",
    "find_meetings_in_article",
    "meeting_catalog",
]

_PRECISIONS = ("day", "month", "year")
_DATE_SHAPES = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
_COARSENESS = {"day": 0, "month": 5, "year": 10, None: 10}  # characters of distance
_PLACE_REACH = 80  # characters between a trigger and the place of its meeting, at most


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting reported by one article (the ``geo meetings`` contract).

    ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as ``date_precision`` says, or None
    when the article does not let us date it.  ``place`` is the English name of the city (or
    site, or country when nothing finer is known); calls have no place.  ``excerpt`` is the
    first sentence that reports the meeting and ``start``/``end`` its offsets in the text.
    """

    doc: str
    date: str | None
    date_precision: str | None
    place: str | None
    iso3: str | None
    lat: float | None
    lon: float | None
    kind: str
    participants: tuple[str, ...]
    catalog_id: str | None
    excerpt: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Meeting.kind must be one of {KINDS}, got {self.kind!r}")
        if (self.date is None) != (self.date_precision is None):
            raise ValueError("Meeting.date and date_precision must both be set or both be None")
        if self.date is not None:
            if self.date_precision not in _PRECISIONS:
                raise ValueError(f"Meeting.date_precision must be one of {_PRECISIONS}")
            if not _DATE_SHAPES[self.date_precision].match(self.date):
                raise ValueError(
                    f"Meeting.date {self.date!r} does not match {self.date_precision!r}"
                )
        if (self.lat is None) != (self.lon is None):
            raise ValueError("Meeting.lat and lon must both be set or both be None")
        if self.lat is not None and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"Meeting coordinates out of range ({self.lat}, {self.lon})")
        if self.kind in CALLS and (self.place is not None or self.lat is not None):
            raise ValueError(f"a {self.kind} has no place")
        if not self.participants or not all(isinstance(p, str) and p for p in self.participants):
            raise ValueError("Meeting.participants must be a non-empty tuple of names")
        if not 0 <= self.start <= self.end or len(self.excerpt) != self.end - self.start:
            raise ValueError(f"Meeting excerpt does not fit span {self.start}:{self.end}")

    def to_record(self) -> dict:
        """The flat dict of the ``geo meetings`` contract (one JSON Lines object)."""
        return {
            "doc": self.doc,
            "date": self.date,
            "date_precision": self.date_precision,
            "place": self.place,
            "iso3": self.iso3,
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "kind": self.kind,
            "participants": list(self.participants),
            "catalog_id": self.catalog_id,
            "excerpt": self.excerpt,
            "start": self.start,
            "end": self.end,
        }


def _is_locative(text: str, lo: int, start: int) -> bool:
    return bool(caseless_search(LOCATIVE, text, max(lo, start - 40), start))


def _blocked(text: str, a: int, b: int) -> bool:
    """Is there a relative clause boundary between offsets ``a`` and ``b``?"""
    lo, hi = min(a, b), max(a, b)
    return bool(caseless_search(BLOCK, text, lo, hi))


def _parse_mentions(text: str, lang: str | None, doc: str) -> list[Mention]:
    from .pipeline import parse_text  # the geoparser: imported late, it loads the gazetteer

    return parse_text(text, lang=lang, doc=doc)


def _dateline_place(text: str, mentions: Sequence[Mention]) -> Place | None:
    """The city of an agency dateline ("MOSCOU (AFP) -") in the first lines, if any."""
    match = DATELINE.search(text, 0, min(len(text), 600))
    if not match:
        return None
    city_start, city_end = match.span("city")
    for mention in mentions:
        if city_start <= mention.start < city_end and mention.place.type in ("city", "site"):
            return mention.place
    try:
        from .gazetteer import gazetteer

        places = [p for p in gazetteer().lookup(match.group("city").strip()) if p.type == "city"]
    except DataError:
        return None
    return places[0] if places else None


def find_meetings(
    text: str,
    *,
    published: str | date | None = None,
    doc: str = "",
    lang: str | None = None,
    mentions: Sequence[Mention] | None = None,
) -> list[Meeting]:
    """The leaders' meetings, summits, visits and calls that ``text`` reports.

    Parameters
    ----------
    text
        The article text; ``Meeting.start``/``end`` index it.
    published
        Publication date (``YYYY-MM-DD``, ``YYYY-MM`` or a date), the reference for « hier »,
        « mardi », « en mai ».  Without it only dates with an explicit year are known.
    doc
        Document id copied into each meeting.
    lang
        ``"fr"``, ``"en"`` or None; both lexicons are always used (see :mod:`geo.dates`).
    mentions
        The place mentions of ``text`` if already computed (:func:`geo.pipeline.parse_text`);
        parsed here otherwise.

    Returns
    -------
    list[Meeting]
        One record per meeting, in the order the article first reports them.

    Raises
    ------
    InvalidDateError
        If ``published`` is not an ISO date.
    DataError
        If the catalog or the gazetteer cannot be read.
    """
    ref, ref_precision = parse_reference(published)
    if not text or not text.strip():
        return []
    if mentions is None:
        mentions = _parse_mentions(text, lang, doc)
    mentions = sorted(mentions, key=lambda m: m.start)
    read = _sentences_to_read(text)
    state = Doc(
        text=text,
        doc=doc,
        ref=ref,
        ref_precision=ref_precision,
        mentions=mentions,
        dates=find_dates(
            text, published=published, lang=lang, windows=[(lo, hi) for _, lo, hi, _, _ in read]
        ),
        dateline=_dateline_place(text, mentions),
    )
    for index, lo, hi, triggers, negated in read:
        _read_sentence(state, index, lo, hi, triggers, negated)
    # a meeting with neither a date nor a place tells a reader nothing to map or to list
    return [
        _freeze(state, draft)
        for draft in state.drafts
        if draft.participants and (draft.date is not None or draft.place is not None)
    ]


def _sentences_to_read(text: str) -> list[tuple[int, int, int, list[Trigger], list[int]]]:
    """``(index, start, end, triggers, negated)`` of the sentences that may change what is
    found (``negated``: where the triggers negated or denied start).

    Most sentences change nothing (see _read_sentence) and are left after cheap tests; only
    the sentences read are searched for dates.
    """
    sentences = split_sentences(text)
    read = []
    for index, (lo, hi) in enumerate(zip(sentences.starts, sentences.ends, strict=True)):
        leaders = leader_mentions(text, lo, hi)
        if leaders == 0 and not points_at_pair(text, lo, hi):
            continue  # a meeting needs a participant, named or pointed at
        negated: list[int] = []
        triggers = find_triggers(text, lo, hi, negated)
        if triggers or leaders >= 2:
            read.append((index, lo, hi, triggers, negated))
    return read


def find_meetings_in_article(
    article: Article, mentions: Sequence[Mention] | None = None
) -> list[Meeting]:
    """:func:`find_meetings` on a loaded article (its id, publication date and language)."""
    return find_meetings(
        article.text,
        published=article.published,
        doc=article.id,
        lang=article.lang,
        mentions=mentions,
    )


#: The name the CLI calls (``geo meetings``).
article_meetings = find_meetings_in_article


# -- one sentence -----------------------------------------------------------------------------


def _sentence_day(state: Doc, dates: list[DateExpr]) -> date | None:
    for expr in dates:
        if expr.value and not expr.relative and expr.precision == "day":
            return expr.as_date()
    return state.ref


def _is_anchor(text: str, lo: int, expr: DateExpr, triggers: Sequence[Trigger] = ()) -> bool:
    """« depuis 2013 », « créée en 2001 », "since 2019": a date that is not the meeting's;
    unless a meeting word comes between (« depuis leur première rencontre en mars 2013 », "since
    their first meeting in 2013"): that date is the meeting's."""
    match = caseless_search(ANCHOR_BEFORE, text, max(lo, expr.start - 80), expr.start)
    if not match or DURATION.search(match.group("gap") or ""):
        return False
    return not any(
        match.end(1) <= t.start
        and t.end <= expr.start  # « depuis leur rencontre en 2013 »
        or expr.end <= t.start <= expr.end + 2  # "since his 2021 summit"
        for t in triggers
    )


def _read_sentence(
    state: Doc, index: int, lo: int, hi: int, triggers: list[Trigger], negated: Sequence[int] = ()
) -> None:
    """Read the sentence ``text[lo:hi]`` and its ``triggers`` into ``state``.

    Nothing changes when the sentence names fewer than two leaders and either holds no
    trigger or names no leader and points at none (« ils », "the two leaders"): no draft
    then has a participant, and only two leaders make a pair.
    """
    text = state.text
    dates = state.dates_in(lo, hi)
    day = _sentence_day(state, dates)
    hits = _actors(text, lo, find_leaders(text, lo, hi, day), triggers, negated)
    named: list[str] = []
    for hit in hits:
        for name in hit.names:
            if name not in named:
                named.append(name)
    ordinals = find_ordinals(text, lo, hi)
    counting = [m.span() for m in ordinals]  # « deuxième … cette année »
    usable_dates = [
        d
        for d in dates
        if not _is_anchor(text, lo, d, triggers)
        and not caseless_search(UNTIL_BEFORE, text, max(lo, d.start - 16), d.start)  # "until"
        and not any(s <= d.start < e for s, e in counting)
    ]
    places = state.mentions_in(lo, hi)

    clauses = _clauses(text, lo, hi, hits, triggers) if triggers or len(named) >= 2 else []
    if triggers:
        if not clauses:
            _read_triggers(
                state, index, lo, hi, triggers, named, usable_dates, places, ordinals=ordinals
            )
        else:
            _read_clauses(state, index, lo, hi, clauses, triggers, hits, usable_dates, places)
    main = named if not clauses else _names(hits, lambda s: not _inside(clauses, s))
    if len(main) >= 2:  # a pair of one clause, not leaders of two (« …, while Xi and Modi »)
        catalog_inference(state, index, lo, hi, main, usable_dates, places)
    if len(named) >= 2:
        state.pair = tuple(named)
    elif triggers and state.drafts and state.drafts[-1].sentence_index == index:
        state.pair = tuple(state.drafts[-1].participants) or state.pair
    if len(named) == 2:
        last, count, first = state.twos.get(tuple(named), (index, 0, index))
        state.twos[tuple(named)] = [index, count + 1, first]


def _names(hits: Sequence, keep) -> list[str]:
    named: list[str] = []
    for hit in hits:
        if keep(hit.start):
            for name in hit.names:
                if name not in named:
                    named.append(name)
    return named


def _clauses(
    text: str, lo: int, hi: int, hits: Sequence, triggers: Sequence[Trigger] = ()
) -> list[tuple[int, int, str]]:
    """The subordinate clauses of ``text[lo:hi]`` that tell another event than the sentence's:
    ``(start, end, kind)``, kind 'seq', 'sim', 'rel', 'co' or 'cov' (see CLAUSE); a
    simultaneous one only when it names two leaders of its own (« …, when they held talks »
    adds to the meeting of its sentence), a coordinate one only when it names one."""
    found = []
    pos = lo
    while (match := find_clause(text, pos, hi)) is not None:
        end_match = CLAUSE_END.search(text, match.end(), hi)
        following = find_clause(text, match.end(), end_match.start() if end_match else hi)
        end = following.start() if following else end_match.start() if end_match else hi
        kind = next(k for k in ("sim", "rel", "co", "cov", "seq") if match.group(k))
        start = match.start()
        own = len(_names(hits, lambda s, a=start, b=end: a <= s < b))
        # « Tokayev, à gauche, et Xi assistent à… » joins two subjects: a coordinate clause
        # tells news of its own only after a meeting told before it
        told = kind != "co" or any(lo <= t.start < start for t in triggers)
        if told and own >= {"sim": 2, "co": 1, "cov": 1}.get(kind, 0):
            found.append((start, end, kind))
        pos = end
    return found


def _inside(clauses: list[tuple[int, int, str]], offset: int) -> bool:
    return any(a <= offset < b for a, b, _ in clauses)


def _read_clauses(
    state: Doc,
    index: int,
    lo: int,
    hi: int,
    clauses: list[tuple[int, int, str]],
    triggers: list[Trigger],
    hits: Sequence,
    dates: list[DateExpr],
    places: list[Mention],
) -> None:
    """Read a sentence with subordinate ``clauses``: its main clause, then each clause that
    holds a trigger, as meetings of their own; the excerpt stays the whole sentence."""

    def inside(offset: int) -> bool:
        return _inside(clauses, offset)

    main = _names(hits, lambda s: not inside(s))
    main_dates = [d for d in dates if not inside(d.start)]
    main_triggers = [t for t in triggers if not inside(t.start)]
    if main_triggers:
        main_places = [m for m in places if not inside(m.start)]
        _read_triggers(
            state, index, lo, hi, main_triggers, main, main_dates, main_places, excerpt=(lo, hi)
        )
    for a, b, kind in clauses:
        own = [t for t in triggers if a <= t.start < b]
        named = _names(hits, lambda s, a=a, b=b: a <= s < b)
        # "Modi, who visited Moscow": the leader a relative clause follows is its subject
        antecedent = next((h for h in reversed(hits) if h.end <= a), None)
        if kind == "rel" and antecedent and not state.text[antecedent.end : a].strip(" ,"):
            named = [*antecedent.names, *[n for n in named if n not in antecedent.names]]
        elif len(named) < 2 and named and main and kind != "co":  # « après son sommet avec X »
            named = [main[0], *[n for n in named if n != main[0]]]
        elif not named and len(main) >= 2 and points_at_pair(state.text, a, b):
            named = list(main)  # « Depuis leur première rencontre…, Poutine et Xi »
        elif not named and SINCE.match(state.text, a):
            # « leur première rencontre depuis le sommet d'Helsinki »: the same pair met then
            if len(main) >= 2:
                named = list(main)
            elif len(state.pair) >= 2 and points_at_pair(state.text, lo, hi):
                named = list(state.pair[:2])
        if not own or not named:
            continue
        own_dates = [d for d in dates if a <= d.start < b]
        if not own_dates and (kind in ("sim", "co") or (kind == "rel" and not main_triggers)):
            own_dates = main_dates  # « Erdogan, qui a rencontré Poutine, est parti lundi »
        own_places = [m for m in places if a <= m.start < b]
        _read_triggers(
            state,
            index,
            a,
            b,
            own,
            named,
            own_dates,
            own_places,
            excerpt=(lo, hi),
            aside=kind == "seq",
        )


def _actors(
    text: str, lo: int, hits: list, triggers: list[Trigger], negated: Sequence[int]
) -> list:
    """The leaders of ``hits`` who take part in what the sentence reports: not the subject of
    a negated meeting (« Modi a choisi de ne pas participer au sommet »), nor a leader named
    in the possessive of no meeting ("a day after Trump's inauguration", "to prepare Modi's
    visit"), as long as two leaders remain when the sentence named two."""
    if not hits:
        return hits
    possessive = {
        i
        for i, hit in enumerate(hits)
        if POSSESSIVE.match(text, hit.end)
        and not any(hit.end <= t.start <= hit.end + 30 for t in triggers)
    }
    if len(hits) >= 2 and len(hits) - len(possessive) < 2:
        possessive = set()
    negative = set()
    for start in negated:  # subject and object of a negated trigger, in its clause
        clause_lo = max(lo, *(text.rfind(c, lo, start) + 1 for c in ",;:"))
        # "Putin met Xi but did not meet Modi": the subject's negation is unclear
        subject = not any(clause_lo <= t.start < start for t in triggers)
        for i, hit in enumerate(hits):
            a, b = (hit.end, start) if hit.end <= start else (start, hit.start)
            if hit.end <= start and not subject:
                continue
            if any(a <= t.start < b for t in triggers):
                continue
            if not CLAUSE_END.search(text, a, b) and not find_clause(text, a, b):
                negative.add(i)
    dropped = possessive | negative
    return [h for i, h in enumerate(hits) if i not in dropped] if dropped else hits


def _participants_for(
    state: Doc, text: str, lo: int, hi: int, named: list[str], index: int = -1
) -> tuple[list[str], bool]:
    """Named leaders, completed by « les deux dirigeants », « ils », "they"; and whether any
    participant came from such a pointer rather than a name."""
    pointers = pair_pointers(text, lo, hi)
    two = [p for p in pointers if p.startswith(("les deux", "the two", "both"))]
    if two:
        if len(named) == 2:
            return list(named), False
        # after « Poutine s'entretiendra avec Modi et Erdogan », « les deux dirigeants » are
        # still the last two named alone
        pair = state.the_two(index) or state.pair
        return list(pair[:2]) if len(pair) >= 2 else list(named), True
    if len(named) >= 2 or not pointers or not state.pair:
        return list(named), False
    merged = list(named) + [p for p in state.pair if p not in named]
    return merged, True


def _group_triggers(triggers: list[Trigger]) -> dict[str, list[Trigger]]:
    """Families of one sentence: calls, summit, and one in-person family (meet+visit+contact).

    A generic « ont échangé » joins a call of the same sentence if there is one.
    """
    groups: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        family = trigger.family
        if family in ("meet", "visit"):
            family = "person"
        groups.setdefault(family, []).append(trigger)
    if "contact" in groups:
        contact = groups.pop("contact")
        for target in ("video", "phone", "person"):
            if target in groups:
                groups[target].extend(contact)
                break
        else:
            groups["person"] = contact
    return groups


def _assign_dates(
    text: str, groups: dict[str, list[Trigger]], dates: list[DateExpr]
) -> dict[str, DateExpr]:
    """Give each family the nearest date of its sentence not behind a relative clause."""
    pairs = []
    for family, triggers in groups.items():
        for expr in dates:
            for trigger in triggers:
                if _blocked(
                    text,
                    trigger.end if expr.start >= trigger.end else expr.end,
                    expr.start if expr.start >= trigger.end else trigger.start,
                ):
                    continue
                distance = (
                    expr.start - trigger.end
                    if expr.start >= trigger.end
                    else trigger.start - expr.end
                )
                # at about the same distance the finer date wins (« on Wednesday, … this year »)
                pairs.append((max(distance, 0) + _COARSENESS[expr.precision], family, expr))
    pairs.sort(key=lambda p: (p[0], p[2].start))
    assigned: dict[str, DateExpr] = {}
    used: dict[int, str] = {}
    for _distance, family, expr in pairs:
        if family in assigned or expr.start in used:
            continue
        assigned[family] = expr
        used[expr.start] = family
    # « se sont rencontrés mercredi en marge du sommet de l'OCS »: the bilateral and the summit
    # share the one date of the sentence
    for _distance, family, expr in pairs:
        if family not in assigned and {family, used.get(expr.start)} == {"summit", "person"}:
            assigned[family] = expr
    return assigned


def _visited(text: str, triggers: list[Trigger], mention: Mention) -> bool:
    """ "visited Kyiv", « a visité Pékin »: the place is the object of a visit verb."""
    return any(
        t.family == "visit"
        and VISITED.search(text, t.start, t.end)
        and mention.start >= t.end  # the object comes after the verb
        and not text[t.end : mention.start].strip()
        for t in triggers
    )


def _names_meeting(text: str, lo: int, mention: Mention) -> bool:
    """« le sommet d'Helsinki », "the Anchorage summit": a city that names the meeting."""
    if mention.place.type != "city":
        return False
    return bool(
        NAMED_AFTER.search(text, max(lo, mention.start - 12), mention.start)
        or NAMED_BEFORE.match(text, mention.end)
    )


def _pick_place(text: str, lo: int, triggers: list[Trigger], places: list[Mention]) -> Place | None:
    """The place of an in-person meeting: after a locative word, same clause as a trigger."""
    candidates = []
    for mention in places:
        if mention.place.type == "region" and mention.place.feature != "ADM1":
            continue  # "Central Asia", "the Far East": no place to meet; "Alaska" is one
        if (
            not _is_locative(text, lo, mention.start)
            and not _visited(text, triggers, mention)
            and not _names_meeting(text, lo, mention)
        ):
            continue
        distances = []
        for trigger in triggers:
            a, b = (
                (trigger.end, mention.start)
                if mention.start >= trigger.end
                else (mention.end, trigger.start)
            )
            if not _blocked(text, a, b) and abs(b - a) <= _PLACE_REACH:
                distances.append(abs(b - a))
        if distances:
            candidates.append((mention, min(distances)))
    if not candidates:
        return None
    cities = [c for c in candidates if c[0].place.type in ("city", "site")]
    if cities:
        return min(cities, key=lambda c: c[1])[0].place
    # a country before a state or province ("in Alaska" when nothing finer is named)
    countries = [c for c in candidates if c[0].place.type != "region"] or candidates
    country = min(countries, key=lambda c: c[1])[0].place
    # « au palais d'Astana, au Kazakhstan »: a city of that country elsewhere in the sentence
    for mention in places:
        if mention.place.type == "city" and mention.place.iso3 == country.iso3:
            return mention.place
    return country


def _read_triggers(
    state: Doc,
    index: int,
    lo: int,
    hi: int,
    triggers: list[Trigger],
    named: list[str],
    dates: list[DateExpr],
    places: list[Mention],
    excerpt: tuple[int, int] | None = None,
    aside: bool = False,
    ordinals: list[re.Match] | None = None,
) -> None:
    """Read the ``triggers`` of ``text[lo:hi]`` (a sentence, or a clause of the sentence
    ``excerpt``; ``aside`` for a clause that tells an earlier or later event) into drafts
    (``ordinals``: the ordinals of ``text[lo:hi]`` when already found)."""
    text = state.text
    excerpt_start, excerpt_end = excerpt or (lo, hi)
    participants, pointed = _participants_for(state, text, lo, hi, named, index)
    groups = _group_triggers(triggers)
    assigned = _assign_dates(text, groups, dates)
    sidelines = on_sidelines(text, lo, hi)
    summits = groups.get("summit", [])
    if summits and "person" in groups and not sidelines:
        # "will attend the NATO summit, where Biden will host leaders": the summit's word and
        # its host tell the summit, not a meeting of their own
        if all(
            _within(t, summits) or HOSTING.search(text, t.start, t.end) for t in groups["person"]
        ):
            del groups["person"]
    if ("video" in groups or "phone" in groups) and "person" in groups:
        # "spoke by phone to discuss the summit": the call's subject, not a meeting of its own
        if _definite_only(text, lo, groups["person"]):
            del groups["person"]
    for family, family_triggers in groups.items():
        expr = assigned.get(family)
        counted = [t.aggregate for t in family_triggers if t.family != "contact"]
        aggregate = family != "summit" and bool(counted) and all(counted)
        place = None
        if family not in ("video", "phone"):
            # « a reçu Poutine à Pékin, au lendemain du sommet de l'OCS à Tianjin »: the place
            # of the meeting's own words, not of a summit word that names another event
            own = [t for t in family_triggers if not _within(t, summits)] or family_triggers
            place = _pick_place(text, lo, own, places)
        if _points_back(state, text, lo, hi, family, family_triggers, expr, place, named, pointed):
            continue
        if not participants:
            continue
        draft = Draft(
            kind=_family_kind(family),
            family=family,
            participants=list(participants),
            date=expr.value if expr else None,
            precision=expr.precision if expr else None,
            excerpt_start=excerpt_start,
            excerpt_end=excerpt_end,
            aggregate=aggregate,
            sentence_index=index,
            aside=aside,
            undated=expr is not None and expr.value is None,
        )
        if place:
            set_place(draft, place)
        if sidelines and family != "summit" and (draft.date is None or draft.place is None):
            # « en marge du sommet de l'OCS »: the summit's place, and its day if none is given
            summit = next((d for d in reversed(state.drafts) if d.kind == "summit"), None)
            if summit:
                if draft.date is None:
                    draft.date, draft.precision = summit.date, summit.precision
                if draft.place is None and summit.place is not None:
                    copy_place(draft, summit)
        tense = None  # only a meeting the sentence leaves undated needs it (rule 3)
        if draft.date is None:
            tense = tense_at(text, family_triggers[0].start, family_triggers[0].end)
        # the triggers were found in the whole sentence only when it is what is read here
        found = [t.family for t in family_triggers] if excerpt in (None, (lo, hi)) else ()
        complete(state, draft, tense, text[lo:hi], found)
        if sidelines and family == "person":
            attend_summit(state, draft)
        merge(state, draft)
    ordinal_inference(
        state, index, lo, hi, participants, (excerpt_start, excerpt_end), matches=ordinals
    )


def _within(trigger: Trigger, others: list[Trigger]) -> bool:
    return any(o.start <= trigger.start and trigger.end <= o.end for o in others)


def _points_back(
    state: Doc,
    text: str,
    lo: int,
    hi: int,
    family: str,
    triggers: list[Trigger],
    expr: DateExpr | None,
    place: Place | None,
    named: list[str],
    pointed: bool,
) -> bool:
    """Does the sentence only point back at a meeting already recorded?

    « Cette rencontre… », "this meeting" always do; « le sommet », « les deux dirigeants »,
    a meeting word without two named leaders do when the sentence adds no date, no place and
    no name of a catalog meeting of its own.  A summit is never folded into another meeting.
    """
    if family == "summit" or not state.drafts:
        return False
    if any(t.demonstrative for t in triggers):
        return True
    if expr is not None or place is not None or alias_in(state.folded(text[lo:hi])):
        return False
    return pointed or not named or (len(named) < 2 and _definite_only(text, lo, triggers))


def _definite_only(text: str, lo: int, triggers: list[Trigger]) -> bool:
    """« le sommet », « la réunion », "the talks": a definite noun without « entre X et Y »."""
    for trigger in triggers:
        before = text[max(lo, trigger.start - 20) : trigger.start]
        if not DEFINITE.search(before) or COMPLEMENT.match(text, trigger.end):
            return False
    return True


def _family_kind(family: str) -> str:
    return {"video": "video_call", "phone": "phone_call", "summit": "summit"}.get(
        family, "bilateral"
    )


def _freeze(state: Doc, draft: Draft) -> Meeting:
    kind = draft.kind
    place = None if kind in CALLS else draft.place
    lat = None if place is None else draft.lat
    lon = None if place is None else draft.lon
    return Meeting(
        doc=state.doc,
        date=draft.date,
        date_precision=draft.precision if draft.date else None,
        place=place,
        iso3=None if kind in CALLS else draft.iso3,
        lat=lat,
        lon=lon,
        kind=kind,
        participants=tuple(draft.participants),
        catalog_id=draft.catalog.id if draft.catalog else None,
        excerpt=state.text[draft.excerpt_start : draft.excerpt_end],
        start=draft.excerpt_start,
        end=draft.excerpt_end,
    )
