"""Date expressions in French and English news copy, resolved against the publication date.

News rarely writes a full date: it says « mercredi », « le 4 février dernier », « en mai »,
"last week", "on Tuesday".  What those mean depends on when the article was published, and
sometimes on the tense of the sentence (« en mai » in a past-tense sentence is the last May, in
a future-tense one the next).  :func:`find_dates` finds such expressions and resolves them.

The module is a table of regular expressions (compiled once, on first use), each paired with a
resolver.  Both languages are always searched, because French articles carry English photo
captions and agency copy quotes the other language; ``lang`` only decides the ambiguous
numeric form ``03/07/2024`` (day first unless the text is English, where it is skipped).

Resolution rules (documented once here, tested in ``tests/test_dates.py``):

- an explicit year resolves with or without a publication date (``relative=False``);
- everything else needs the publication date (``relative=True``); without one the value is
  None, never guessed;
- a day and month without a year (« le 3 juillet ») takes the year that puts it nearest the
  publication date; « dernier » / past tense picks the latest one on or before it,
  « prochain » / future tense the first one on or after it; a weekday given with it
  (« mercredi 3 juillet ») picks the year in which the weekday fits;
- a month without a year (« en mai ») is the latest such month on or before the publication
  month, unless the sentence is in the future tense (or says « prochain » / "next");
  « mai dernier » is strictly before the publication month;
- a bare weekday (« mardi », "on Tuesday") follows the news convention: the day of the
  publication week (Monday to Sunday); in a past-tense sentence the latest such day on or
  before publication, in a future-tense one the first on or after it; « ce mardi » / "this
  Tuesday" is always the publication week, « mardi dernier » / "last Tuesday" strictly before
  and « mardi prochain » / "next Tuesday" strictly after;
- a week (« la semaine dernière », "this week") has no precision of its own in the record
  contract (day, month, year): it resolves to the month of that week's Thursday, at month
  precision (an ISO week belongs to the month holding its Thursday);
- « le mois dernier » / "last month" is a month; « l'année dernière », « cette année »,
  « au début de l'année », "last year" are years;
- day-level relative expressions (« hier », weekdays, weeks) need a publication date known to
  the day; with only a month (``2024-07``) they resolve to None.

Tense is read from cue words near the expression (:func:`tense_at`): auxiliaries and
participles for the past, future endings and modal verbs (« devraient », "will", "is due to")
for the future.  It is a heuristic; where no cue is found the sentence counts as present.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from .errors import InvalidDateError

PRECISIONS = ("day", "month", "year")
TENSES = ("past", "present", "future")

_VALUE_SHAPE = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


@dataclass(frozen=True, slots=True)
class DateExpr:
    """One date expression found in a text.

    ``start``/``end`` index the text passed to :func:`find_dates` (``text[start:end] ==
    self.text``).  ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as ``precision`` says,
    or None with precision None when it cannot be resolved (a relative expression and no
    publication date).  ``relative`` is True when the value depends on the reference date,
    i.e. the expression has no explicit year (« hier », « mardi », « le 3 juillet »).
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    relative: bool

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(
                f"DateExpr span must satisfy 0 <= start < end, got {self.start}, {self.end}"
            )
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"DateExpr text {self.text!r} does not fit span {self.start}:{self.end}"
            )
        if (self.value is None) != (self.precision is None):
            raise ValueError("DateExpr value and precision must both be set or both be None")
        if self.precision is not None:
            if self.precision not in PRECISIONS:
                raise ValueError(
                    f"DateExpr precision must be one of {PRECISIONS}, got {self.precision!r}"
                )
            if not _VALUE_SHAPE[self.precision].match(self.value or ""):
                raise ValueError(
                    f"DateExpr value {self.value!r} does not match precision {self.precision!r}"
                )

    def as_date(self) -> date | None:
        """The first day the value covers (``2024-05`` -> 2024-05-01), or None."""
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])


# -- reference date -----------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_reference(published: str | date | None) -> tuple[date | None, str | None]:
    """Turn a publication date into ``(date, precision)``; ``(None, None)`` when unknown.

    ``YYYY-MM`` gives the 15th of the month at month precision (only month- and year-level
    expressions resolve against it); ``YYYY`` gives 1 July at year precision.

    Raises
    ------
    InvalidDateError
        If ``published`` is a string that is not an ISO date (``2024-07-03``, ``2024-07``).
    """
    if published is None or published == "":
        return None, None
    if isinstance(published, datetime):
        return published.date(), "day"
    if isinstance(published, date):
        return published, "day"
    match = _ISO.match(str(published).strip())
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        if day:
            return date(int(year), int(month), int(day)), "day"
        if month:
            return date(int(year), int(month), 15), "month"
        return date(int(year), 7, 1), "year"
    except ValueError:
        raise InvalidDateError(
            f"publication date {published!r} is not an ISO date; write it as YYYY-MM-DD or YYYY-MM"
        ) from None


# -- names --------------------------------------------------------------------------------------


@lru_cache(maxsize=512)  # month and weekday names, qualifiers: a few words, met again and again
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


_MONTHS = {
    # French, with the usual abbreviations
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
    # English
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_AP = "['’]"  # both apostrophes occur in French copy
_FR_MONTH_FULL = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
)
_FR_MONTH = _FR_MONTH_FULL + r"|janv\.|f[ée]vr\.|avr\.|juil\.|sept\.|oct\.|nov\.|d[ée]c\."
_FR_WEEKDAY = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_EN_MONTH_FULL = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
_EN_MONTH = (
    _EN_MONTH_FULL
    + r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_EN_WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?![\d])"

# Words that, before a bare month or year, make it a date rather than a name or a number.
_FR_MONTH_LEAD = re.compile(
    r"(?:\b(?:en|de|d|depuis|dès|jusqu|courant|mois|ici|entre|et|avant|après)|^)\W*$",
    re.IGNORECASE,
)
_EN_MONTH_LEAD = re.compile(
    r"\b(?:in|since|until|till|by|from|during|through|throughout|of|last|next|this|early|late|"
    r"mid|before|after|between|and|to)\W*$",
)


# -- resolution helpers -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    ref: date | None
    ref_precision: str | None
    lang: str | None
    read_tense: bool = True  # False: resolving only to know whether the expression resolves

    def tense(self, start: int, end: int) -> str:
        return tense_at(self.text, start, end) if self.read_tense else "present"


_Resolved = tuple[str | None, str | None, bool] | None


def _day_value(d: date) -> str:
    return d.isoformat()


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _from_month_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _direction(qualifier: str | None, tense_of: Callable[[], str]) -> str:
    """'before', 'after' or 'near': where an incomplete date lies relative to publication.

    ``tense_of`` gives the tense of the sentence, read only when ``qualifier`` does not say.
    """
    q = _fold(qualifier or "")
    if q in ("dernier", "derniere", "passe", "passee", "last", "past", "previous", "precedent"):
        return "strictly-before"
    if q in ("prochain", "prochaine", "next", "coming"):
        return "strictly-after"
    tense = tense_of()
    if tense == "past":
        return "before"
    if tense == "future":
        return "after"
    return "near"


def _pick(candidates: list[date], ref: date, direction: str) -> date | None:
    if not candidates:
        return None
    if direction in ("before", "strictly-before"):
        eligible = [c for c in candidates if c <= ref]
        return max(eligible) if eligible else min(candidates, key=lambda c: abs((c - ref).days))
    if direction in ("after", "strictly-after"):
        eligible = [c for c in candidates if c >= ref]
        return min(eligible) if eligible else min(candidates, key=lambda c: abs((c - ref).days))
    return min(candidates, key=lambda c: abs((c - ref).days))


def _weekday_of(name: str | None) -> int | None:
    return _WEEKDAYS.get(_fold(name)) if name else None


def _month_of(name: str) -> int:
    return _MONTHS[_fold(name)]


def _day_number(raw: str) -> int:
    raw = _fold(raw)
    if raw in ("1er", "1re", "premier", "1st"):
        return 1
    return int(re.match(r"\d+", raw).group())


# -- resolvers ----------------------------------------------------------------------------------


def _resolve_day_month(m: re.Match, ctx: _Context) -> _Resolved:
    """« 3 juillet 2024 », « mercredi 3 juillet », "July 3, 2024", "3rd of July"."""
    day = _day_number(m.group("day"))
    month = _month_of(m.group("month"))
    if m.group("year"):
        try:
            return _day_value(date(int(m.group("year")), month, day)), "day", False
        except ValueError:
            return None
    if ctx.ref is None:
        try:  # still reject impossible days (31 février) even without a reference
            date(2000, month, day)
        except ValueError:
            return None
        return None, None, True
    candidates = []
    for year in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    weekday = _weekday_of(m.groupdict().get("wd"))
    if weekday is not None and any(c.weekday() == weekday for c in candidates):
        candidates = [c for c in candidates if c.weekday() == weekday]
    qualifier = m.groupdict().get("qual")
    direction = _direction(qualifier, lambda: ctx.tense(m.start(), m.end()))
    chosen = _pick(candidates, ctx.ref, direction)
    return (_day_value(chosen), "day", True) if chosen else None


def _resolve_month(m: re.Match, ctx: _Context) -> _Resolved:
    """« en mai », « mai 2024 », « mai dernier », "in May", "early March 2022"."""
    month = _month_of(m.group("month"))
    year = m.group("year")
    qualifier = m.groupdict().get("qual")
    if not (year or qualifier or m.groupdict().get("pos")):
        lead = _FR_MONTH_LEAD if m.re.flags & re.IGNORECASE else _EN_MONTH_LEAD
        if not lead.search(ctx.text, max(0, m.start() - 24), m.start()):
            return None  # a bare « mars » or "May": a name, a planet or a verb
    if year:
        return _month_value(int(year), month), "month", False
    if ctx.ref is None:
        return None, None, True
    rel = _fold(m.groupdict().get("rel") or "")
    if rel:  # « en octobre de l'année dernière », "in October last year"
        shift = (
            -1
            if rel.startswith(("dern", "pass", "last"))
            else 1
            if rel in ("prochaine", "prochain", "next")
            else 0
        )
        return _month_value(ctx.ref.year + shift, month), "month", True
    ref_index = _month_index(ctx.ref.year, ctx.ref.month)
    candidates = [
        _month_index(y, month) for y in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1)
    ]
    direction = _direction(qualifier, lambda: ctx.tense(m.start(), m.end()))
    if direction == "strictly-before":
        chosen = max(c for c in candidates if c < ref_index)
    elif direction == "strictly-after":
        chosen = min(c for c in candidates if c > ref_index)
    elif direction == "after":
        chosen = min(c for c in candidates if c >= ref_index)
    else:  # past, present and unmarked: the latest on or before publication
        chosen = max(c for c in candidates if c <= ref_index)
    return _month_value(*_from_month_index(chosen)), "month", True


def _resolve_year(m: re.Match, ctx: _Context) -> _Resolved:
    """« en 2001 », « fin 2023 », "since 2013"."""
    return m.group("year"), "year", False


def _resolve_iso(m: re.Match, ctx: _Context) -> _Resolved:
    """``2024-07-03`` (and ``03/07/2024``, day first, outside English text)."""
    try:
        value = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None
    return _day_value(value), "day", False


def _needs_day_ref(ctx: _Context) -> bool:
    return ctx.ref is not None and ctx.ref_precision == "day"


def _offset_resolver(days: int) -> Callable[[re.Match, _Context], _Resolved]:
    def resolve(m: re.Match, ctx: _Context) -> _Resolved:
        if not _needs_day_ref(ctx):
            return None, None, True
        return _day_value(ctx.ref + timedelta(days=days)), "day", True

    resolve.__doc__ = f'A day {days:+d} from publication (« hier », « demain », "today").'
    return resolve


def _resolve_weekday(m: re.Match, ctx: _Context) -> _Resolved:
    """« mardi », « ce mardi », « mardi dernier », "on Tuesday", "last Tuesday"."""
    weekday = _weekday_of(m.group("wd"))
    if not _needs_day_ref(ctx):
        return None, None, True
    ref = ctx.ref
    this = _fold(m.groupdict().get("this") or "")
    qualifier = _fold(m.groupdict().get("qual") or m.groupdict().get("mod") or "")
    monday = ref - timedelta(days=ref.weekday())
    in_week = monday + timedelta(days=weekday)
    if this in ("ce", "cette", "this") or qualifier == "this":
        chosen = in_week
    elif qualifier in ("dernier", "passe", "last", "past"):
        back = (ref.weekday() - weekday) % 7 or 7
        chosen = ref - timedelta(days=back)
    elif qualifier in ("prochain", "next"):
        ahead = (weekday - ref.weekday()) % 7 or 7
        chosen = ref + timedelta(days=ahead)
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == "past":
            chosen = ref - timedelta(days=(ref.weekday() - weekday) % 7)
        elif tense == "future":
            chosen = ref + timedelta(days=(weekday - ref.weekday()) % 7)
        else:
            chosen = in_week
    return _day_value(chosen), "day", True


def _which(m: re.Match) -> int:
    """-1, 0 or +1 for last / this / next, read from the ``qual`` or ``this`` group."""
    word = _fold(m.groupdict().get("qual") or m.groupdict().get("this") or "")
    if word in ("derniere", "dernier", "passee", "passe", "last", "past", "precedente", "previous"):
        return -1
    if word in ("prochaine", "prochain", "next", "coming"):
        return 1
    return 0


def _resolve_week(m: re.Match, ctx: _Context) -> _Resolved:
    """« la semaine dernière », "this week": the month of that week's Thursday."""
    if not _needs_day_ref(ctx):
        return None, None, True
    thursday = ctx.ref - timedelta(days=ctx.ref.weekday()) + timedelta(days=3 + 7 * _which(m))
    return _month_value(thursday.year, thursday.month), "month", True


def _resolve_rel_month(m: re.Match, ctx: _Context) -> _Resolved:
    """« le mois dernier », « ce mois-ci », "next month"."""
    if ctx.ref is None or ctx.ref_precision == "year":
        return None, None, True
    index = _month_index(ctx.ref.year, ctx.ref.month) + _which(m)
    return _month_value(*_from_month_index(index)), "month", True


def _resolve_rel_year(m: re.Match, ctx: _Context) -> _Resolved:
    """« l'année dernière », « cette année », « au début de l'année », "last year"."""
    if ctx.ref is None:
        return None, None, True
    return f"{ctx.ref.year + _which(m):04d}", "year", True


def _resolve_fr_rel_year(m: re.Match, ctx: _Context) -> _Resolved:
    """« l'an dernier », « l'année prochaine », « au début de l'année », « cette année »."""
    if ctx.ref is None:
        return None, None, True
    word = _fold(m.group("qual") or m.group("qual2") or "")
    shift = -1 if word.startswith(("dern", "pass")) else 1 if word.startswith("proch") else 0
    return f"{ctx.ref.year + shift:04d}", "year", True


# -- the table ----------------------------------------------------------------------------------

_FR = re.IGNORECASE
_EN = 0


def _i(pattern: str) -> str:
    """Case-insensitive island inside a case-sensitive English pattern."""
    return f"(?i:{pattern})"


# (name, pattern, flags, resolver, languages or None for all).  Overlapping matches are settled
# by length (the longest wins), so « mercredi 3 juillet » beats « mercredi ».
_TABLE: tuple[
    tuple[str, str, int, Callable[[re.Match, _Context], _Resolved], tuple[str, ...] | None], ...
] = (
    ("iso", r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", 0, _resolve_iso, None),
    (
        "numeric-fr",
        r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>\d{4})\b",
        0,
        _resolve_iso,
        ("fr", None),
    ),
    (
        "fr-day-month",
        rf"\b(?:(?P<wd>{_FR_WEEKDAY})\s+)?(?P<day>1er|1re|premier|[0-3]?\d)"
        rf"(?:\s*(?:-|–|au|et)\s*(?:[0-3]?\d)(?:er)?)?\s+(?P<month>{_FR_MONTH})(?!\w)"
        rf"(?:\s+{_YEAR})?(?:\s+(?P<qual>dernier|prochain))?",
        _FR,
        _resolve_day_month,
        None,
    ),
    (
        "en-month-day",
        rf"\b(?:(?P<wd>{_EN_WEEKDAY}),?\s+)?(?P<month>{_EN_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        rf"(?:\s*(?:-|–|to)\s*[0-3]?\d(?:st|nd|rd|th)?)?(?![\d])(?:,?\s+{_YEAR})?",
        _EN,
        _resolve_day_month,
        None,
    ),
    (
        "en-day-month",
        rf"\b(?:(?P<wd>{_EN_WEEKDAY}),?\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        rf"(?:\s*(?:-|–)\s*[0-3]?\d(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<month>{_EN_MONTH})(?!\w)"
        rf"(?:,?\s+{_YEAR})?",
        _EN,
        _resolve_day_month,
        None,
    ),
    (
        "fr-month",
        rf"\b(?:(?P<pos>début|fin|mi)\s*-?\s*)?(?P<month>{_FR_MONTH_FULL})\b(?:\s+{_YEAR})?"
        rf"(?:\s+(?P<qual>dernier|prochain)|\s+(?:de\s+)?l{_AP}(?:année|an)\s+"
        r"(?P<rel>dernière|dernier|passée|passé|prochaine|prochain))?",
        _FR,
        _resolve_month,
        None,
    ),
    (
        "en-month",
        rf"\b(?:(?P<pos>{_i('early|late|mid')})\s*-?\s*)?(?:(?P<qual>{_i('last|next')})\s+)?"
        rf"(?P<month>{_EN_MONTH_FULL})\b(?:,?\s+{_YEAR}|\s+(?P<rel>{_i('last|this|next')})\s+year\b)?",
        _EN,
        _resolve_month,
        None,
    ),
    (
        "fr-year",
        r"(?:(?<=\ben )|(?<=\bdepuis )|(?<=\bdès )|(?<=\bjusqu'en )|(?<=\bjusqu’en )|(?<=\bd'ici )"
        r"|(?<=\bd’ici )|(?<=\bavant )|(?<=\baprès )|(?<=\bpour )|(?<=\bentre )|(?<=\bannée )"
        rf"|\b(?:fin|début|mi)\s*-?\s*){_YEAR}",
        _FR,
        _resolve_year,
        None,
    ),
    (
        "en-year",
        r"(?:(?<=\b[Ii]n )|(?<=\b[Ss]ince )|(?<=\buntil )|(?<=\bby )|(?<=\b[Ff]rom )|(?<=\bbefore )"
        r"|(?<=\bafter )|(?<=\b[Dd]uring )|(?<=\bthrough )|(?<=\bbetween )"
        # "his 2021 summit with Biden", "their 2019 meeting"
        r"|(?<=\bhis )|(?<=\bher )|(?<=\btheir )"
        rf"|\b{_i('early|late|mid')}\s*-?\s*){_YEAR}",
        _EN,
        _resolve_year,
        None,
    ),
    ("fr-before-yesterday", r"\bavant-hier\b", _FR, _offset_resolver(-2), None),
    ("fr-after-tomorrow", r"\baprès-demain\b", _FR, _offset_resolver(2), None),
    ("fr-yesterday", r"\bhier(?:\s+(?:matin|soir|après-midi))?\b", _FR, _offset_resolver(-1), None),
    (
        "fr-today",
        rf"\baujourd{_AP}hui\b|\bce\s+(?:matin|soir)\b|\bcet\s+après-midi\b",
        _FR,
        _offset_resolver(0),
        None,
    ),
    ("fr-tomorrow", r"\bdemain(?:\s+(?:matin|soir))?\b", _FR, _offset_resolver(1), None),
    (
        "fr-weekday",
        rf"\b(?:(?P<this>ce)\s+)?(?P<wd>{_FR_WEEKDAY})(?:\s+(?P<qual>dernier|prochain|passé))?"
        r"(?:\s+(?:matin|soir|après-midi))?\b",
        _FR,
        _resolve_weekday,
        None,
    ),
    (
        "fr-week",
        r"\b(?:la\s+)?semaine\s+(?P<qual>dernière|passée|prochaine|précédente)\b"
        r"|\b(?P<this>cette)\s+semaine\b",
        _FR,
        _resolve_week,
        None,
    ),
    (
        "fr-rel-month",
        r"\b(?:le\s+)?mois\s+(?P<qual>dernier|passé|prochain)\b|\b(?P<this>ce)\s+mois(?:-ci)?\b",
        _FR,
        _resolve_rel_month,
        None,
    ),
    (
        "fr-rel-year",
        rf"\b(?:(?:au|en)\s+)?(?:début|fin)\s+(?:de\s+l{_AP}année|d{_AP}année)(?:\s+(?P<qual>dernière|prochaine))?"
        rf"|\bl{_AP}(?:année|an)\s+(?P<qual2>dernière|dernier|passée|passé|prochaine|prochain)\b"
        r"|\b(?P<this>cette)\s+année\b",
        _FR,
        _resolve_fr_rel_year,
        None,
    ),
    (
        "en-day-before-yesterday",
        _i(r"\bthe day before yesterday\b"),
        _EN,
        _offset_resolver(-2),
        None,
    ),
    ("en-day-after-tomorrow", _i(r"\bthe day after tomorrow\b"), _EN, _offset_resolver(2), None),
    ("en-yesterday", _i(r"\byesterday\b|\blast night\b"), _EN, _offset_resolver(-1), None),
    (
        "en-today",
        _i(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b"),
        _EN,
        _offset_resolver(0),
        None,
    ),
    ("en-tomorrow", _i(r"\btomorrow\b"), _EN, _offset_resolver(1), None),
    (
        "en-weekday",
        rf"\b(?:(?P<mod>{_i('this|last|next|past')})\s+)?(?P<wd>{_EN_WEEKDAY})\b",
        _EN,
        _resolve_weekday,
        None,
    ),
    (
        "en-week",
        _i(r"\b(?:(?:earlier|later)\s+)?(?P<qual>last|this|next|past|previous)\s+week\b"),
        _EN,
        _resolve_week,
        None,
    ),
    (
        "en-rel-month",
        _i(r"\b(?:(?:earlier|later)\s+)?(?P<qual>last|this|next|past|previous)\s+month\b"),
        _EN,
        _resolve_rel_month,
        None,
    ),
    (
        "en-rel-year",
        _i(
            r"\b(?:(?:earlier|later|early|late)\s+)?(?P<qual>last|this|next|past|previous)\s+year\b"
        ),
        _EN,
        _resolve_rel_year,
        None,
    ),
)


# Where a pattern need not be tried.  Most sentences hold no date, and Python's re tries a
# pattern that starts with \b or a look-behind at every position of the text.  Each pattern
# gets two sets of regular expressions, with no look-around or \b (what they find does not
# depend on the context), each starting with a letter or a digit (re then jumps to the places
# where one can start):
#
# - *needs*: one of them matches inside every match of the pattern, so a stretch of text where
#   none does is not searched at all;
# - *starts*: one of them matches where every match of the pattern starts, so the pattern is
#   tried only there.
#
# Those made by _low are searched in the lowercased text (see _caseless) and written in
# lowercase, « . » standing for an accented letter: the patterns that ignore case need them.
# Keep these in step with _TABLE: a match they do not cover would be lost.  A pattern with no
# entry is searched everywhere.
_Hints = tuple[tuple[str, bool], ...]


def _low(*sources: str) -> _Hints:
    return tuple((source, True) for source in sources)


def _as_written(*sources: str) -> _Hints:
    return tuple((source, False) for source in sources)


def _each(prefixes: str, rest: str) -> str:
    """``"fin-2024|mi-2024"`` from ``("fin|mi", "-2024")``: every branch starts with a letter,
    which a group around the prefixes would hide from re."""
    return "|".join(prefix + rest for prefix in prefixes.split("|"))


_FR_MONTH_WORDS = "janv|vr|mars|avr|mai|juin|juil|ao|sept|oct|nov|cembre"  # f[ée]vrier, …
_FR_MONTHS_LOW = (
    "janvier|f.vrier|mars|avril|mai|juin|juillet|ao.t|septembre|octobre|novembre|d.cembre"
)
_FR_WEEKDAYS_LOW = _FR_WEEKDAY
_EN_MONTHS_LOW = _EN_MONTH_FULL.lower()
_EN_WEEKDAYS_LOW = _EN_WEEKDAY.lower()
_YEAR_START = r"(?:1[89]|20)\d{2}"
_EN_QUALIFIERS = "earlier|later|last|this|next|past|previous"
_HINTS: dict[str, tuple[_Hints, _Hints]] = {
    "iso": (_as_written(r"-\d\d-"), _as_written(r"\d")),
    "numeric-fr": (_as_written("/"), _as_written(r"\d")),
    "fr-day-month": (
        _low(_FR_MONTH_WORDS, r"c\."),  # d[ée]c.; the first as fr-month's, searched once
        _low(r"\d", _FR_WEEKDAYS_LOW + "|premier"),
    ),
    "en-month-day": (_as_written(_EN_MONTH), _as_written(_EN_WEEKDAY + "|" + _EN_MONTH)),
    "en-day-month": (_as_written(_EN_MONTH), _as_written(_EN_WEEKDAY, r"\d")),
    "fr-month": (
        _low(_FR_MONTH_WORDS),
        _low(_each(r"d.but|fin|mi", rf"\s*-?\s*(?:{_FR_MONTHS_LOW})") + "|" + _FR_MONTHS_LOW),
    ),
    "en-month": (
        _as_written(_EN_MONTH_FULL),
        _low("early|late|mid|last|next|" + _EN_MONTHS_LOW),
    ),
    "fr-year": (
        _as_written(_YEAR_START),
        _low(_YEAR_START, _each(r"fin|d.but|mi", rf"\s*-?\s*{_YEAR_START}")),
    ),
    "en-year": (
        _as_written(_YEAR_START),
        _low(_YEAR_START, _each("early|late|mid", rf"\s*-?\s*{_YEAR_START}")),
    ),
    "fr-before-yesterday": (_low("hier"), _low("avant-hier")),
    "fr-after-tomorrow": (_low("demain"), _low("apr.s-demain")),
    "fr-yesterday": (_low("hier"), _low("hier")),
    "fr-today": (
        _low("aujourd", "matin", "soir", "midi"),
        _low(r"aujourd|ce\s+matin|ce\s+soir|cet\s+apr"),
    ),
    "fr-tomorrow": (_low("demain"), _low("demain")),
    "fr-weekday": (
        _low(_FR_WEEKDAYS_LOW),
        _low(rf"ce\s+(?:{_FR_WEEKDAYS_LOW})|{_FR_WEEKDAYS_LOW}"),
    ),
    "fr-week": (_low("semaine"), _low(r"la\s+semaine|semaine|cette\s+semaine")),
    "fr-rel-month": (_low("mois"), _low(r"le\s+mois|mois|ce\s+mois")),
    "fr-rel-year": (
        _low("ann", "derni", "pass", "prochain"),  # année; l'an dernier, passé, prochain
        _low(_each(r"au|en", r"\s+(?:d.but|fin)") + r"|d.but\s+d|fin\s+d|l['’]an|cette\s+ann"),
    ),
    "en-day-before-yesterday": (_low("yesterday"), _low("the")),
    "en-day-after-tomorrow": (_low("tomorrow"), _low("the")),
    "en-yesterday": (_low("yesterday", "night"), _low(r"yesterday|last\s+night")),
    "en-today": (_low("today", "tonight", "this"), _low("today|tonight|this")),
    "en-tomorrow": (_low("tomorrow"), _low("tomorrow")),
    "en-weekday": (
        _as_written("day"),  # Monday … Sunday
        _low(_each("this|last|next|past", rf"\s+(?:{_EN_WEEKDAYS_LOW})") + "|" + _EN_WEEKDAYS_LOW),
    ),
    "en-week": (_low("week"), _low(_EN_QUALIFIERS)),
    "en-rel-month": (_low("month"), _low(_EN_QUALIFIERS)),
    "en-rel-year": (_low("year"), _low("early|late|" + _EN_QUALIFIERS)),
}
# The characters re.IGNORECASE matches to an ASCII letter but str.lower() turns into something
# else (the whole of Unicode checked): with any of them the lowercased copy is not used.
_CASE_TRAPS = "İıſ"


@dataclass(frozen=True, slots=True)
class _Hint:
    """One regular expression of _HINTS: ``pattern`` is searched in the lowercased text when
    ``caseless``, else in the text as written."""

    source: str
    pattern: re.Pattern
    caseless: bool

    @classmethod
    def compile(cls, source: str, caseless: bool) -> _Hint:
        return cls(source, re.compile(source), caseless)

    def search(self, text: str, low: str | None, lo: int, hi: int) -> re.Match | None:
        if not self.caseless:
            return self.pattern.search(text, lo, hi)
        if low is not None:
            return self.pattern.search(low, lo, hi)
        return re.compile(self.source, re.IGNORECASE).search(text, lo, hi)  # a rare text


@cache
def _compiled() -> tuple[
    tuple[str, re.Pattern, Callable, tuple | None, tuple[tuple[_Hint, ...], ...] | None], ...
]:
    """The table with its patterns and hints compiled: built on first use, then shared."""
    table = []
    for name, pattern, flags, resolver, langs in _TABLE:
        hints = None
        if name in _HINTS:
            hints = tuple(
                tuple(_Hint.compile(source, caseless) for source, caseless in part)
                for part in _HINTS[name]
            )
        table.append((name, re.compile(pattern, flags), resolver, langs, hints))
    return tuple(table)


def _needed(needs: tuple[_Hint, ...], text: str, low: str | None, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold what a pattern needs?"""
    return any(need.search(text, low, lo, hi) is not None for need in needs)


class _Needs:
    """Which regions of a text (sorted, disjoint: see _regions) hold a match of each *need* hint,
    each hint searched once however many patterns need it (fr-year and en-year need the same
    year, fr-day-month and fr-month the same month words…).  Each region is searched on its
    own: the text between regions, which no pattern is tried in, is not searched either."""

    def __init__(self, text: str, low: str | None, regions: list[tuple[int, int]]) -> None:
        self.text, self.low, self.regions = text, low, regions
        self.found: dict[tuple[str, bool], tuple[bool, ...]] = {}

    def holding(self, needs: tuple[_Hint, ...]) -> list[tuple[int, int]]:
        """The regions that hold one of ``needs``, in order."""
        if len(needs) == 1:
            held = self._holding(needs[0])
        else:
            held = tuple(map(any, zip(*map(self._holding, needs), strict=True)))
        return [region for region, holds in zip(self.regions, held, strict=True) if holds]

    def _holding(self, need: _Hint) -> tuple[bool, ...]:
        key = (need.source, need.caseless)
        held = self.found.get(key)
        if held is None:
            if need.caseless and self.low is None:  # a rare text: see _Hint.search
                held = tuple(
                    need.search(self.text, None, lo, hi) is not None for lo, hi in self.regions
                )
            else:
                search, string = need.pattern.search, self.low if need.caseless else self.text
                held = tuple(search(string, lo, hi) is not None for lo, hi in self.regions)
            self.found[key] = held
        return held


def _finditer(
    pattern: re.Pattern,
    hints: tuple[tuple[_Hint, ...], ...] | None,
    text: str,
    low: str | None,
    lo: int,
    hi: int,
    needed: bool = False,
) -> Iterable[re.Match]:
    """``pattern.finditer(text, lo, hi)``, trying the pattern only where its hints allow
    (``needed``: ``text[lo:hi]`` is known to hold what it needs)."""
    if hints is None:
        return pattern.finditer(text, lo, hi)
    needs, starts = hints
    if not needed and not _needed(needs, text, low, lo, hi):
        return ()
    found = []
    pos = lo
    heads = [start.search(text, low, lo, hi) for start in starts]  # the next place of each
    while True:
        candidate = None
        for i, head in enumerate(heads):
            if head is not None and head.start() < pos:
                head = heads[i] = starts[i].search(text, low, pos, hi)
            if head is not None and (candidate is None or head.start() < candidate):
                candidate = head.start()
        if candidate is None:
            return found
        match = pattern.match(text, candidate, hi)  # what finditer tries there
        if match is not None and match.end() > candidate:
            found.append(match)
            pos = match.end()
        else:  # no pattern of the table matches an empty string
            pos = candidate + 1


@lru_cache(maxsize=4)
def _caseless(text: str) -> str | None:
    """``text`` lowercased, offset for offset, or None when lowercasing would hide a match that
    re.IGNORECASE finds (« İ », « ı », « ſ »).  Kept for the last texts: a text's sentences are
    read one after the other."""
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in _CASE_TRAPS):
        return None
    return low


@lru_cache(maxsize=4)
def _reversed(text: str) -> str:
    return text[::-1]


# A character no date expression holds, a *barrier*: anything but a letter, a digit, a blank,
# - – / . , ' ’; and a full stop, unless it may end a month's abbreviation (« janv. »,
# "Sept."), the only place a pattern takes one.  No expression runs across a barrier, so a
# stretch of text between two barriers is searched on its own exactly as in the whole text:
# the same matches, seeing the same characters around them.
_BARRIER = re.compile(r"[^\w\s\-–/.,'’]|\.")
_ABBREVIATIONS = (  # lowercase, as they may stand before a full stop in _FR_MONTH and _EN_MONTH
    *("janv", "févr", "fevr", "avr", "juil", "sept", "oct", "nov", "déc", "dec"),
    *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep"),
)
_MERGE_GAP = 80  # stretches fewer characters apart are searched as one


def _is_barrier(text: str, low: str | None, i: int) -> bool:
    """Is ``text[i]``, a match of _BARRIER, a barrier?  Without the lowercased text, no full
    stop is one."""
    return text[i] != "." or (low is not None and not low.endswith(_ABBREVIATIONS, 0, i))


def _regions(text: str, low: str | None, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches between barriers that hold the (sorted, disjoint) ``windows``."""
    n = len(text)
    regions: list[tuple[int, int]] = []
    for lo, hi in windows:
        start = 0
        pos = n - lo  # the last barrier before lo, searched in the reversed text
        while (found := _BARRIER.search(_reversed(text), pos)) is not None:
            if _is_barrier(text, low, n - 1 - found.start()):
                start = n - found.start()
                break
            pos = found.start() + 1
        end = n
        pos = hi - 1  # the first barrier from the window's last character on
        while (found := _BARRIER.search(text, pos)) is not None:
            if _is_barrier(text, low, found.start()):
                end = found.start()
                break
            pos = found.start() + 1
        if regions and start <= regions[-1][1] + _MERGE_GAP:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
    return regions


def find_dates(
    text: str,
    *,
    published: str | date | None = None,
    lang: str | None = None,
    windows: Iterable[tuple[int, int]] | None = None,
) -> list[DateExpr]:
    """Find the date expressions in ``text`` and resolve them against ``published``.

    Parameters
    ----------
    text
        A sentence, a paragraph or a whole article (French, English or both).
    published
        The publication date (``YYYY-MM-DD``, ``YYYY-MM`` or a :class:`datetime.date`) that
        relative and yearless expressions are resolved against; None when unknown, in which
        case only expressions with an explicit year get a value.
    lang
        ``"fr"``, ``"en"`` or None.  Both languages are always searched; ``"en"`` only turns off
        the day-first numeric form ``03/07/2024``, which is ambiguous in English copy.
    windows
        ``(start, end)`` offsets of the parts of ``text`` that matter (the sentences a caller
        reads), or None for the whole text.  Only the expressions that start inside a window
        are returned: the same ones, with the same values, as a search of the whole text
        gives, only faster.  Each window is searched with the text around it up to characters
        no expression holds, so that one running past its end (« 3 juillet\n2024 ») or
        overlapping one inside it is settled as in the whole text; the tense is read from the
        whole text too.

    Returns
    -------
    list[DateExpr]
        Non-overlapping expressions in text order (the longest wins an overlap).

    Raises
    ------
    InvalidDateError
        If ``published`` is not an ISO date.
    """
    ref, ref_precision = parse_reference(published)
    ctx = _Context(text=text, ref=ref, ref_precision=ref_precision, lang=lang)
    low = _caseless(text)
    if windows is not None:
        windows = _union(windows, len(text))
        regions = _regions(text, low, windows)
        starts = [lo for lo, _ in windows]
        # Around the windows an expression is resolved only to know whether it resolves at all
        # (it then takes its place, the longest first), which never depends on the tense.
        around = replace(ctx, read_tense=False)
    else:
        regions = [(0, len(text))]
    found: list[tuple[int, int, re.Match, Callable]] = []
    needs = _Needs(text, low, regions)
    for _name, pattern, resolver, langs, hints in _compiled():
        if langs is not None and lang not in langs:
            continue
        # only the regions that hold what the pattern needs are searched
        for lo, hi in needs.holding(hints[0]) if hints else regions:
            for match in _finditer(pattern, hints, text, low, lo, hi, needed=True):
                if match.end() > match.start():
                    found.append((match.start(), match.end(), match, resolver))
    found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken: list[tuple[int, int]] = []
    results: list[DateExpr] = []
    for start, end, match, resolver in found:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        inside = windows is None or _inside(windows, starts, start)
        resolved = resolver(match, ctx if inside else around)
        if resolved is None:
            continue
        taken.append((start, end))
        if inside:
            value, precision, relative = resolved
            results.append(DateExpr(start, end, text[start:end], value, precision, relative))
    results.sort(key=lambda d: d.start)
    return results


def _union(windows: Iterable[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """``windows`` within ``0:n``, sorted, those that overlap or touch merged."""
    union: list[tuple[int, int]] = []
    for lo, hi in sorted((max(lo, 0), min(hi, n)) for lo, hi in windows):
        if lo >= hi:
            continue
        if union and lo <= union[-1][1]:
            union[-1] = (union[-1][0], max(hi, union[-1][1]))
        else:
            union.append((lo, hi))
    return union


def _inside(windows: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Does ``offset`` lie in one of the disjoint sorted ``windows`` (``starts`` their starts)?"""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < windows[i][1]


# -- tense --------------------------------------------------------------------------------------

_PARTICIPLE = (
    r"(?!lieu\b)\w+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ert|erte|int|eint|ut)"
)
_ADVERBS = (
    r"(?:(?:pas|déjà|également|aussi|toutefois|ainsi|alors|finalement|notamment|encore|rapidement|"
    r"vivement|bien|eu|plus|jamais|récemment|longuement|officiellement|brièvement)\s+)*"
)
_LOWER_INITIALS = "a-zàâçéèêëîïôûùüÿœ"  # the first letter of a future verb, not of a name
_TENSE_CUES: tuple[tuple[str, re.Pattern], ...] = (
    # future first: on overlapping cues the first label listed wins (« est prévu » is future)
    (
        "future",
        re.compile(
            r"\b(?:sera|seront|aura|auront|ira|iront|fera|feront|devra|devront|pourra|pourront|"
            r"devrai(?:en)?t|doit|doivent|vont|va\s+\w+er|prochaine?s?|bientôt|à venir|"
            r"(?:est|sont)\s+(?:prévue?s?|attendue?s?|programmée?s?)|"
            # a future ending on a lowercase word: not a name (« Narendra », « Alexandra »)
            rf"(?P<verb>(?-i:[{_LOWER_INITIALS}])\w{{2,}}(?:er|ir|dr|tr|vr)(?:a|ont)))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "future",
        re.compile(
            r"\b(?:will|won['’]t|shall|would|(?:is|are|was|were)\s+(?:due|expected|set|scheduled|"
            r"slated|planning|going)\s+to|plans?\s+to|next|upcoming"
            r"|(?:scheduled|slated|planned|set)\s+(?:for|on)|due\s+(?:on|in)"
            r"|(?:is|are)\s+expected\s+(?:in|at|on|back))\b|['’]ll\b"
        ),
    ),
    (
        "present",
        re.compile(
            r"\bse\s+(?:tien(?:nen)?t|réuni(?:ssen)?t|rencontrent|retrouvent|déroulen?t|trouvent?)\b"
            r"|\b(?:a|ont)\s+lieu\b|\baujourd['’]hui\b|\bactuellement\b|\ben ce moment\b",
            re.IGNORECASE,
        ),
    ),
    (
        "present",
        re.compile(
            r"\b(?:is|are|am)\s+\w+ing\b|\b(?:meets|hosts|holds|visits|arrives|takes place|today)\b"
        ),
    ),
    (
        "past",
        re.compile(
            rf"\b(?:a|ont|avait|avaient|avons|avez|ai|est|sont|était|étaient|s['’]est|se\s+sont|"
            rf"s['’]était|s['’]étaient|ont\s+été|a\s+été|avait\s+été)\s+{_ADVERBS}{_PARTICIPLE}\b"
            r"|\b\w{2,}(?:ait|aient)\b|\bhier\b|\bdernière?s?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "past",
        re.compile(
            r"\b(?:was|were|had|did|met|held|said|spoke|told|visited|signed|arrived|hosted|agreed|"
            # "-ed" on a lowercase word (the word whole, taken at once: no backtracking)
            r"went|came|ago|yesterday|last)\b|\b[a-z]\w{4,}+(?<=ed)"
        ),
    ),
)
_SENTENCE_EDGE = re.compile(r"[.!?\n]")
_CLAUSE_EDGE = re.compile(r"[.!?\n,;:()«»\"—–]")


_LOWER_INITIAL = re.compile(f"[{_LOWER_INITIALS}]")


def _by_first_letter(words: str) -> str:
    """``words`` (``w1|w2|…``, plain words) grouped by their first letter: the same places
    found, but re tries at each letter only the words that start with it, where an alternation
    of many words is tried word by word."""
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# What every match of the English cue patterns of _TENSE_CUES holds, as written (None for the
# others, searched in the lowercased text): French copy holds none of most of them, and these
# patterns, which start with \b, would be tried at every position.  Keep them in step with the
# patterns: a match holding none of its words would be missed.
_CUE_WORDS: tuple[re.Pattern | None, ...] = (
    None,
    re.compile(
        _by_first_letter(
            "will|won|shall|would|due|expect|set|sched|slated|plan|going|next|upcoming|'ll|’ll"
        )
    ),
    None,
    re.compile(_by_first_letter("ing|meets|hosts|holds|visits|arrives|takes|today")),
    None,
    # visited, signed, arrived, hosted, agreed: "ed"
    re.compile(
        _by_first_letter(
            "was|were|had|did|met|held|said|spoke|told|went|came|ago|yesterday|last|ed"
        )
    ),
)


@cache
def _cased_cues() -> tuple[re.Pattern | None, ...]:
    """Each cue pattern of _TENSE_CUES that ignores case, compiled to match case instead (None
    for the others), to search in the lowercased text (see _caseless): ignoring case, re tries
    every alternative at every word; matching case, it skips those whose first letter differs.
    """
    return tuple(
        re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        if pattern.flags & re.IGNORECASE
        else None
        for _, pattern in _TENSE_CUES
    )


def _cue_matches(
    text: str, low: str | None, lo: int, hi: int, pattern: re.Pattern, cased: re.Pattern | None
) -> Iterable[re.Match]:
    """``pattern.finditer(text, lo, hi)``, searched in the lowercased text ``low`` when there is
    one and a ``cased`` pattern.  There every word is lowercase, so a future ending (the
    ``verb`` group) is kept only on a word whose first letter is lowercase as written: the one
    match at that word the pattern ignoring case does not find (none else starts in it)."""
    if cased is None or low is None:
        return pattern.finditer(text, lo, hi)
    if "verb" not in cased.groupindex:
        return cased.finditer(low, lo, hi)
    return (
        match
        for match in cased.finditer(low, lo, hi)
        if match.start("verb") < 0 or _LOWER_INITIAL.match(text, match.start("verb"))
    )


def _cues(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    low = _caseless(text)
    for (label, pattern), cased, words in zip(_TENSE_CUES, _cased_cues(), _CUE_WORDS, strict=True):
        if words is not None and not words.search(text, lo, hi):
            continue
        for match in _cue_matches(text, low, lo, hi, pattern, cased):
            if not any(match.start() < e and s < match.end() for s, e, _ in spans):
                spans.append((match.start(), match.end(), label))
    return spans


def _bounds(text: str, start: int, end: int, edge: re.Pattern) -> tuple[int, int]:
    """The stretch around ``text[start:end]`` that holds no ``edge`` character."""
    n = len(text)
    lo = start
    if start > 0:
        before = edge.search(_reversed(text), n - start)  # the last edge before start
        lo = n - before.start() if before else 0
    after = edge.search(text, end)
    return lo, after.start() if after else max(end, n)


def tense_at(text: str, start: int, end: int | None = None) -> str:
    """The tense ('past', 'present' or 'future') of the clause around ``text[start:end]``.

    Cue words are looked for in the clause (between commas and the like) first, then in the
    whole sentence; the cue nearest the span decides, failing that a future inside the span (a
    trigger's own verb: « se rendra »).  Without any cue the answer is 'present', the unmarked
    tense of headlines and captions.
    """
    end = start if end is None else end
    own = None
    for edge in (_CLAUSE_EDGE, _SENTENCE_EDGE):
        lo, hi = _bounds(text, start, end, edge)
        cues = _cues_of(text, lo, hi)
        around = [c for c in cues if c[1] <= start or c[0] >= end]
        if around:
            nearest = min(around, key=lambda c: start - c[1] if c[1] <= start else c[0] - end)
            return nearest[2]
        own = own or next((c[2] for c in cues if c[0] < end and start < c[1]), None)
    # no cue around the span: a future in its own verb form tells (« se rendra »); a past one
    # does not (a meeting told in the past with no date of its own is the day's news)
    return "future" if own == "future" else "present"


@lru_cache(maxsize=64)
def _cues_of(text: str, lo: int, hi: int) -> tuple[tuple[int, int, str], ...]:
    """The cues of one clause or sentence, kept: several words of a sentence ask its tense."""
    return tuple(_cues(text, lo, hi))
