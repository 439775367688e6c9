"""Leaders' meetings, summits, visits and calls: a bundled catalog and an extractor.

Two halves:

- :func:`meeting_catalog` reads ``data/meetings_catalog.csv``, the meetings we know for sure
  (every Putin–Xi meeting and call we could date, every SCO heads-of-state summit since 2001,
  and a few others the corpus reports).  It is what lets the extractor turn « au Kazakhstan »
  into Astana, or « ont échangé ce mardi » into a video call.
- :func:`find_meetings` reads an article and returns one :class:`Meeting` per meeting it
  reports, with its date, place, kind and participants, linked to the catalog where possible.

How :func:`find_meetings` decides (general rules, none tuned to a particular text):

1. **Triggers.** A sentence reports a meeting when it holds a trigger from the French and
   English lexicon below (« rencontre », « s'est rendu », « sommet », « par téléphone »,
   "met", "held talks", "video call"…).  Triggers fall into families: *summit* (a summit word
   of an organisation: « sommet de l'OCS », "SCO summit"), *video* and *phone* calls, and
   *in person* (meetings, visits, talks, and the generic « ont échangé »).  One sentence can
   report several meetings, one per family (« cinq entretiens téléphoniques en 2020 et deux
   vidéoconférences l'année dernière »).  A negated or requested meeting (« n'a pas
   rencontré », "urged Putin to meet") is no meeting.
2. **Participants** are the leaders the sentence names (full names, surnames, and role
   phrases such as « le président kazakh » or "the Kremlin leader", resolved by date against
   the leaders' terms of office).  « les deux dirigeants », « ils », "the two leaders" stand
   for the pair of the previous meeting sentence.  A meeting needs two participants, or one
   leader and a place (a visit).
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
4. **Place** is the place named after a locative preposition (« à », « au », "in", "at")
   within 80 characters of the trigger and in the same clause, a city before a country, a
   site (the Kremlin) standing for its city.  When only a country is named: the catalog's
   city for that date, else the dateline's city if it lies in that country, else the capital
   when the host leader takes part or a single leader travels.  An agency dateline
   ("BISHKEK, Kyrgyzstan (Reuters) -") gives its city to in-person meetings of the
   publication day that name no place.  Calls have no place.
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
   and the catalog's city when the text gave none or only the country.
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

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from ._data import data_file
from .dates import DateExpr, find_dates, parse_reference, tense_at
from .errors import DataError
from .records import Article, Mention, Place
from .sentences import split_sentences

KINDS = ("summit", "bilateral", "visit", "video_call", "phone_call")
IN_PERSON = frozenset({"summit", "bilateral", "visit"})
CALLS = frozenset({"video_call", "phone_call"})
_PRECISIONS = ("day", "month", "year")
_SLUG = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_SHAPES = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


# ==============================================================================================
# Records
# ==============================================================================================


@dataclass(frozen=True, slots=True)
class CatalogMeeting:
    """One meeting of the bundled catalog.

    ``date``/``end_date`` are ISO days (``end_date`` None for a one-day meeting); ``place`` and
    the coordinates are empty for calls and for summits held by video link (``iso3`` is then
    the chairing country, or None for calls).  ``participants`` are canonical English names; for
    a summit they list only the leaders this catalog follows (Russia's and China's), not every
    head of state present.  ``aliases`` are phrases by which the press names the meeting
    ("no limits" partnership for 4 February 2022).
    """

    id: str
    date: str
    end_date: str | None
    place: str | None
    place_fr: str | None
    iso3: str | None
    lat: float | None
    lon: float | None
    kind: str
    participants: tuple[str, ...]
    occasion: str = ""
    source: str = ""
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        first = _iso_day(self.date, f"catalog {self.id}: date")
        if not _SLUG.match(self.id) or not self.id.startswith(self.date):
            raise ValueError(
                f"catalog id {self.id!r} must be a slug starting with its date {self.date}"
            )
        if (
            self.end_date is not None
            and _iso_day(self.end_date, f"catalog {self.id}: end_date") < first
        ):
            raise ValueError(
                f"catalog {self.id}: end_date {self.end_date} is before date {self.date}"
            )
        if self.kind not in KINDS:
            raise ValueError(f"catalog {self.id}: kind must be one of {KINDS}, got {self.kind!r}")
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"catalog {self.id}: give both lat and lon or neither")
        if self.lat is not None and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(
                f"catalog {self.id}: coordinates out of range ({self.lat}, {self.lon})"
            )
        if self.kind in CALLS and (self.lat is not None or self.place):
            raise ValueError(f"catalog {self.id}: a {self.kind} has no place")
        if self.place and self.lat is None:
            raise ValueError(f"catalog {self.id}: place {self.place!r} needs coordinates")
        if self.kind in ("bilateral", "visit") and not self.place:
            raise ValueError(f"catalog {self.id}: an in-person {self.kind} needs a place")
        if len(self.participants) < 2 or len(set(self.participants)) != len(self.participants):
            raise ValueError(f"catalog {self.id}: needs two or more distinct participants")

    def to_record(self) -> dict:
        """The entry as a flat JSON-ready dict (lists for ``participants`` and ``aliases``)."""
        return {
            "id": self.id,
            "date": self.date,
            "end_date": self.end_date,
            "place": self.place,
            "place_fr": self.place_fr,
            "iso3": self.iso3,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
            "participants": list(self.participants),
            "occasion": self.occasion,
            "source": self.source,
            "aliases": list(self.aliases),
        }

    @property
    def first_day(self) -> date:
        """The first day of the meeting."""
        return date.fromisoformat(self.date)

    @property
    def last_day(self) -> date:
        """The last day of the meeting (the first day for a one-day meeting)."""
        return date.fromisoformat(self.end_date or self.date)


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


def _iso_day(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where} must be an ISO day (YYYY-MM-DD), got {value!r}") from None


# ==============================================================================================
# The catalog
# ==============================================================================================

_CATALOG_COLUMNS = (
    "id",
    "date",
    "end_date",
    "place",
    "place_fr",
    "iso3",
    "lat",
    "lon",
    "kind",
    "participants",
    "occasion",
    "source",
    "aliases",
)


@cache
def _catalog() -> tuple[CatalogMeeting, ...]:
    path = data_file("meetings_catalog.csv")
    entries: list[CatalogMeeting] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(_CATALOG_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise DataError(
                f"{path}: missing columns {sorted(missing)}; expected {_CATALOG_COLUMNS}"
            )
        for line, row in enumerate(reader, start=2):
            try:
                entries.append(
                    CatalogMeeting(
                        id=row["id"].strip(),
                        date=row["date"].strip(),
                        end_date=row["end_date"].strip() or None,
                        place=row["place"].strip() or None,
                        place_fr=row["place_fr"].strip() or None,
                        iso3=row["iso3"].strip() or None,
                        lat=float(row["lat"]) if row["lat"].strip() else None,
                        lon=float(row["lon"]) if row["lon"].strip() else None,
                        kind=row["kind"].strip(),
                        participants=tuple(
                            p.strip() for p in row["participants"].split("|") if p.strip()
                        ),
                        occasion=row["occasion"].strip(),
                        source=row["source"].strip(),
                        aliases=tuple(
                            a.strip() for a in (row["aliases"] or "").split("|") if a.strip()
                        ),
                    )
                )
            except (ValueError, TypeError, AttributeError) as error:
                raise DataError(f"{path}, line {line}: {error}; fix the row") from None
    ids = [entry.id for entry in entries]
    if len(set(ids)) != len(ids):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise DataError(f"{path}: duplicate ids {duplicates}; ids must be unique")
    return tuple(entries)


def meeting_catalog() -> list[CatalogMeeting]:
    """The bundled catalog of leaders' meetings, in date order.

    Read from ``data/meetings_catalog.csv`` on first use and kept for the process.

    Raises
    ------
    DataError
        If the file is missing or a row is malformed (the message names the line).
    """
    return sorted(_catalog(), key=lambda e: (e.date, e.id))


# ==============================================================================================
# Leaders
# ==============================================================================================


@dataclass(frozen=True, slots=True)
class _Leader:
    name: str
    iso3: str
    terms: tuple[tuple[str, str | None, str], ...]  # (start, end or None, role)
    forms: tuple[str, ...]

    def role_on(self, day: date | None) -> str | None:
        """The role held on ``day`` ('president', 'prime_minister', ...), or None."""
        for start, end, role in self.terms:
            if day is None:
                if end is None:
                    return role
                continue
            if date.fromisoformat(start) <= day and (end is None or day < date.fromisoformat(end)):
                return role
        return None

    def last_start(self) -> str:
        return max(start for start, _, _ in self.terms)


def _leader(name: str, iso3: str, terms: str, forms: str) -> _Leader:
    """A lexicon row: ``terms`` is "role start..end; role start.." (open end: in office)."""
    parsed = []
    for term in terms.split(";"):
        role, span = term.split()
        first, _, last = span.partition("..")
        parsed.append((first, last or None, role))
    return _Leader(name, iso3, tuple(parsed), tuple(forms.split("|")))


# Canonical English names, terms of office as head of state or government (the office that
# meets foreign leaders), French and English spellings longest first.  Surnames shared by two
# leaders (Berdimuhamedov, Sharif) are told apart by date.
# fmt: off
_LEADERS: tuple[_Leader, ...] = (
    _leader("Vladimir Putin", "RUS", "president 1999-12-31..2008-05-07; president 2012-05-07..",
            "Vladimir Vladimirovitch Poutine|Vladimir Poutine|Vladimir Putin|Poutine|Putin"),
    _leader("Dmitry Medvedev", "RUS", "president 2008-05-07..2012-05-07",
            "Dmitri Medvedev|Dmitry Medvedev|Medvedev"),
    _leader("Xi Jinping", "CHN", "president 2013-03-14..", "Xi Jinping|Xi"),
    _leader("Hu Jintao", "CHN", "president 2003-03-15..2013-03-14", "Hu Jintao"),
    _leader("Jiang Zemin", "CHN", "president 1993-03-27..2003-03-15", "Jiang Zemin"),
    _leader("Kassym-Jomart Tokayev", "KAZ", "president 2019-03-20..",
            "Kassym-Jomart Tokayev|Kassym-Jomart Tokaïev|Kassym-Jomart Tokaiev|"
            "Kassym Jomart Tokayev|Tokayev|Tokaïev|Tokaiev|Tokaev"),
    _leader("Nursultan Nazarbayev", "KAZ", "president 1990-04-24..2019-03-20",
            "Nursultan Nazarbayev|Noursoultan Nazarbaïev|Nazarbayev|Nazarbaïev|Nazarbaiev"),
    _leader("Shavkat Mirziyoyev", "UZB", "president 2016-09-08..",
            "Shavkat Mirziyoyev|Chavkat Mirziyoyev|Chavkat Mirzioïev|Chavkat Mirziyoïev|"
            "Mirziyoyev|Mirziyoïev|Mirzioïev|Mirzioyev"),
    _leader("Islam Karimov", "UZB", "president 1991-09-01..2016-09-02", "Islam Karimov|Karimov"),
    _leader("Sadyr Japarov", "KGZ", "president 2021-01-28..",
            "Sadyr Japarov|Sadyr Djaparov|Sadyr Zhaparov|Japarov|Djaparov|Zhaparov"),
    _leader("Sooronbay Jeenbekov", "KGZ", "president 2017-11-24..2020-10-15",
            "Sooronbay Jeenbekov|Sooronbaï Jeenbekov|Jeenbekov"),
    _leader("Almazbek Atambayev", "KGZ", "president 2011-12-01..2017-11-24",
            "Almazbek Atambayev|Almazbek Atambaïev|Atambayev|Atambaïev"),
    _leader("Emomali Rahmon", "TJK", "president 1994-11-16..",
            "Emomali Rahmon|Emomalii Rahmon|Emomali Rakhmon|Rahmon|Rakhmon"),
    _leader("Gurbanguly Berdimuhamedov", "TKM", "president 2006-12-21..2022-03-19",
            "Gurbanguly Berdimuhamedov|Gourbangouly Berdymoukhamedov|Berdimuhamedov|"
            "Berdymoukhamedov|Berdimoukhamedov|Berdymukhamedov"),
    _leader("Serdar Berdimuhamedov", "TKM", "president 2022-03-19..",
            "Serdar Berdimuhamedov|Serdar Berdymoukhamedov|Berdimuhamedov|Berdymoukhamedov|"
            "Berdimoukhamedov|Berdymukhamedov"),
    _leader("Recep Tayyip Erdogan", "TUR",
            "prime_minister 2003-03-14..2014-08-28; president 2014-08-28..",
            "Recep Tayyip Erdogan|Recep Tayyip Erdoğan|Tayyip Erdogan|Tayyip Erdoğan|Erdogan|"
            "Erdoğan"),
    _leader("Narendra Modi", "IND", "prime_minister 2014-05-26..", "Narendra Modi|Modi"),
    _leader("Manmohan Singh", "IND", "prime_minister 2004-05-22..2014-05-26", "Manmohan Singh"),
    _leader("Shehbaz Sharif", "PAK",
            "prime_minister 2022-04-11..2023-08-14; prime_minister 2024-03-04..",
            "Shehbaz Sharif|Shahbaz Sharif|Chehbaz Charif|Shehbaz Charif|Sharif|Charif"),
    _leader("Nawaz Sharif", "PAK", "prime_minister 2013-06-05..2017-07-28",
            "Nawaz Sharif|Nawaz Charif|Sharif|Charif"),
    _leader("Imran Khan", "PAK", "prime_minister 2018-08-18..2022-04-10", "Imran Khan"),
    _leader("Masoud Pezeshkian", "IRN", "president 2024-07-28..",
            "Masoud Pezeshkian|Massoud Pezeshkian|Pezeshkian|Pezechkian"),
    _leader("Ebrahim Raisi", "IRN", "president 2021-08-03..2024-05-19",
            "Ebrahim Raisi|Ebrahim Raïssi|Ebrahim Raïsi|Raisi|Raïssi|Raïsi"),
    _leader("Hassan Rouhani", "IRN", "president 2013-08-03..2021-08-03",
            "Hassan Rouhani|Hassan Rohani|Rouhani|Rohani"),
    _leader("Alexander Lukashenko", "BLR", "president 1994-07-20..",
            "Alexander Lukashenko|Alexandre Loukachenko|Aliaksandr Lukashenka|Lukashenko|"
            "Loukachenko|Lukashenka"),
    _leader("Volodymyr Zelensky", "UKR", "president 2019-05-20..",
            "Volodymyr Zelensky|Volodymyr Zelenskyy|Volodymyr Zelenski|Zelensky|Zelenskyy|"
            "Zelenski|Zelenskiy"),
    _leader("Luiz Inácio Lula da Silva", "BRA",
            "president 2003-01-01..2011-01-01; president 2023-01-01..",
            "Luiz Inácio Lula da Silva|Luiz Inacio Lula da Silva|Lula da Silva|Lula"),
    _leader("Jair Bolsonaro", "BRA", "president 2019-01-01..2023-01-01",
            "Jair Bolsonaro|Bolsonaro"),
    _leader("Cyril Ramaphosa", "ZAF", "president 2018-02-15..", "Cyril Ramaphosa|Ramaphosa"),
    _leader("Donald Trump", "USA", "president 2017-01-20..2021-01-20; president 2025-01-20..",
            "Donald Trump|Trump"),
    _leader("Joe Biden", "USA", "president 2021-01-20..2025-01-20", "Joe Biden|Joseph Biden|Biden"),
    _leader("Barack Obama", "USA", "president 2009-01-20..2017-01-20", "Barack Obama|Obama"),
    _leader("Emmanuel Macron", "FRA", "president 2017-05-14..", "Emmanuel Macron|Macron"),
    _leader("Kim Jong Un", "PRK", "president 2011-12-17..", "Kim Jong Un|Kim Jong-un|Kim Jong-Un"),
    _leader("Ilham Aliyev", "AZE", "president 2003-10-31..",
            "Ilham Aliyev|Ilham Aliev|Aliyev|Aliev"),
    _leader("Nikol Pashinyan", "ARM", "prime_minister 2018-05-08..",
            "Nikol Pashinyan|Nikol Pachinian|Pashinyan|Pachinian"),
    _leader("Viktor Orbán", "HUN", "prime_minister 2010-05-29..",
            "Viktor Orbán|Viktor Orban|Orbán|Orban"),
    _leader("Olaf Scholz", "DEU", "prime_minister 2021-12-08..2025-05-06", "Olaf Scholz|Scholz"),
    _leader("Angela Merkel", "DEU", "prime_minister 2005-11-22..2021-12-08",
            "Angela Merkel|Merkel"),
)
# fmt: on

# Country adjectives in role phrases (« le président kazakh », "the Turkish leader").
_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "RUS": ("russe", "russes", "Russian"),
    "CHN": ("chinois", "chinoise", "Chinese"),
    "KAZ": ("kazakh", "kazakhe", "kazakhstanais", "Kazakh", "Kazakhstani"),
    "UZB": ("ouzbek", "ouzbèke", "ouzbeke", "Uzbek", "Uzbekistani"),
    "KGZ": ("kirghiz", "kirghize", "kirghizistanais", "Kyrgyz", "Kyrgyzstani"),
    "TJK": ("tadjik", "tadjike", "Tajik", "Tajikistani"),
    "TKM": ("turkmène", "Turkmen"),
    "TUR": ("turc", "turque", "Turkish"),
    "IND": ("indien", "indienne", "Indian"),
    "PAK": ("pakistanais", "pakistanaise", "Pakistani"),
    "IRN": ("iranien", "iranienne", "Iranian"),
    "BLR": ("biélorusse", "bélarusse", "Belarusian", "Belarussian"),
    "UKR": ("ukrainien", "ukrainienne", "Ukrainian"),
    "USA": ("américain", "américaine", "American", "U.S.", "US"),
    "BRA": ("brésilien", "brésilienne", "Brazilian"),
    "ZAF": ("sud-africain", "sud-africaine", "South African"),
    "FRA": ("français", "française", "French"),
    "AZE": ("azerbaïdjanais", "azerbaïdjanaise", "Azerbaijani"),
    "ARM": ("arménien", "arménienne", "Armenian"),
    "HUN": ("hongrois", "hongroise", "Hungarian"),
    "DEU": ("allemand", "allemande", "German"),
    "PRK": ("nord-coréen", "nord-coréenne", "North Korean"),
}
_ADJ_TO_ISO3 = {adj.lower(): iso3 for iso3, adjs in _ADJECTIVES.items() for adj in adjs}


def _adj_pattern() -> str:
    adjs = sorted({a for adjs in _ADJECTIVES.values() for a in adjs}, key=len, reverse=True)
    return "|".join(re.escape(a) for a in adjs)


@dataclass(frozen=True, slots=True)
class _LeaderHit:
    start: int
    end: int
    names: tuple[str, ...]  # canonical names, resolved by date


@cache
def _leader_patterns() -> tuple[
    re.Pattern, re.Pattern, re.Pattern, re.Pattern, dict[str, list[_Leader]]
]:
    by_form: dict[str, list[_Leader]] = {}
    for leader in _LEADERS:
        for form in leader.forms:
            by_form.setdefault(form, [])
            if leader not in by_form[form]:
                by_form[form].append(leader)
    forms = sorted(by_form, key=len, reverse=True)
    names = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-]|['’]an\b)"
    )
    adj = _adj_pattern()
    roles_fr = (
        r"président|présidente|dirigeant|dirigeante|chef\s+de\s+l['’]État|chef\s+d['’]État|"
        r"numéro\s+un|homologue|leader|Premier\s+ministre|premier\s+ministre|chef\s+du\s+gouvernement|"
        r"chancelier|chancelière"
    )
    roles_en = (
        r"President|president|leader|counterpart|head\s+of\s+state|Prime\s+Minister|"
        r"prime\s+minister|Premier|premier|Chancellor|chancellor"
    )
    single = re.compile(
        rf"\b(?P<role_fr>{roles_fr})\s+(?P<adj_fr>{adj})(?![\w-])"
        rf"|(?<![\w.])(?P<adj_en>{adj})\s+(?P<role_en>{roles_en})\b"
        r"|\b(?:chef|maître|locataire|patron)\s+du\s+Kremlin\b|\bKremlin\s+(?:leader|chief|boss)\b"
    )
    plural = re.compile(
        rf"\b(?:présidents|dirigeants|chefs\s+d['’]État|leaders)\s+(?P<a1>{adj})\s+et\s+(?P<a2>{adj})\b"
        rf"|\b(?P<b1>{adj})\s+and\s+(?P<b2>{adj})\s+(?:presidents|leaders)\b"
    )
    pair = re.compile(
        r"\b(?:les\s+deux\s+(?:dirigeants|présidents|chefs\s+d['’]État|leaders|hommes)|"
        r"the\s+two\s+(?:leaders|presidents|men|heads\s+of\s+state)|both\s+(?:leaders|men|presidents))\b"
        r"|\b(?:ils|leur|leurs|eux|they|their|them)\b",
        re.IGNORECASE,
    )
    return names, single, plural, pair, by_form


def _leader_on(
    candidates: Iterable[_Leader], day: date | None, role: str | None = None
) -> _Leader | None:
    """The candidate in office on ``day`` (in the given role), else the most recent one."""
    candidates = list(candidates)
    in_office = [
        c for c in candidates if c.role_on(day) and (role is None or c.role_on(day) == role)
    ]
    if in_office:
        return in_office[0]
    if day is None or not candidates:
        return candidates[0] if len(candidates) == 1 else None
    started = [c for c in candidates if c.last_start() <= day.isoformat()]
    return max(started, key=lambda c: c.last_start()) if started else None


def _role_leader(iso3: str, role_word: str, day: date | None) -> _Leader | None:
    role_word = role_word.lower()
    wanted = None
    if (
        "ministre" in role_word
        or "minister" in role_word
        or "premier" in role_word
        or "gouvernement" in role_word
        or "chancel" in role_word
    ):
        wanted = "prime_minister"
    elif "président" in role_word or "president" in role_word:
        wanted = "president"
    candidates = [leader for leader in _LEADERS if leader.iso3 == iso3]
    if day is None:
        current = [
            c
            for c in candidates
            if c.role_on(None) and (wanted is None or c.role_on(None) == wanted)
        ]
        return current[0] if current else None
    return (
        _leader_on(candidates, day, wanted)
        if any(c.role_on(day) and (wanted is None or c.role_on(day) == wanted) for c in candidates)
        else None
    )


def _find_leaders(text: str, lo: int, hi: int, day: date | None) -> list[_LeaderHit]:
    """Leaders named in ``text[lo:hi]``: names, surnames and role phrases, resolved on ``day``."""
    names, single, plural, _pair, by_form = _leader_patterns()
    hits: list[_LeaderHit] = []
    for m in names.finditer(text, lo, hi):
        leader = _leader_on(by_form[m.group()], day)
        if leader:
            hits.append(_LeaderHit(m.start(), m.end(), (leader.name,)))
    for m in single.finditer(text, lo, hi):
        if m.group("adj_fr") or m.group("adj_en"):
            adj = (m.group("adj_fr") or m.group("adj_en")).lower()
            role = m.group("role_fr") or m.group("role_en")
            leader = _role_leader(_ADJ_TO_ISO3[adj], role, day)
        else:
            leader = _role_leader("RUS", "president", day)
        if leader:
            hits.append(_LeaderHit(m.start(), m.end(), (leader.name,)))
    for m in plural.finditer(text, lo, hi):
        found = []
        for group in ("a1", "a2", "b1", "b2"):
            if m.group(group):
                leader = _role_leader(_ADJ_TO_ISO3[m.group(group).lower()], "", day)
                if leader:
                    found.append(leader.name)
        if found:
            hits.append(_LeaderHit(m.start(), m.end(), tuple(found)))
    hits.sort(key=lambda h: h.start)
    return hits


def _leader_country(name: str) -> str | None:
    for leader in _LEADERS:
        if leader.name == name:
            return leader.iso3
    return None


# ==============================================================================================
# Triggers
# ==============================================================================================

_ORG = (
    r"\b(?:OCS|SCO|BRICS|G20|G-20|G7|G-7|G8|APEC|CEI|CIS|OTSC|CSTO|UEEA|EAEU|ASEAN|CICA|OTAN|NATO|UE|EU)\b"
    r"|(?i:\bOrganisation\s+de\s+(?:la\s+)?coopération\s+de\s+Shanghai\b"
    r"|\bShanghai\s+Cooperation\s+Organi[sz]ation\b|\bUnion\s+économique\s+eurasiatique\b"
    r"|\bEurasian\s+Economic\s+Union\b|\bOrganisation\s+du\s+traité\s+de\s+sécurité\s+collective\b"
    r"|\bCollective\s+Security\s+Treaty\s+Organi[sz]ation\b|\bCommunauté\s+des\s+États\s+indépendants\b"
    r"|\bCommonwealth\s+of\s+Independent\s+States\b|\bConference\s+on\s+Interaction\s+and\s+"
    r"Confidence[- ]Building\s+Measures\s+in\s+Asia\b|\bConférence\s+pour\s+l['’]interaction\b)"
)
_SUMMIT_NOUN = (
    r"sommets?|summits?|session|réunions?\s+annuelles?|réunions?|conseil\s+des\s+chefs\s+d['’]État|"
    r"heads[- ]of[- ]state\s+council|meetings?|rencontres?"
)

# (family, pattern): 'summit' is found separately (a summit noun next to an organisation).
# fmt: off
_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("video",
     r"\bappels?\s+vidéos?\b|\b(?:par|en)\s+(?:visio(?:conférence)?|vidéo(?:-?conférence)?)\b"
     r"|\bpar\s+liaison\s+vidéo\b|\bvisioconférences?\b|\bvidéo-?conférences?\b"
     r"|\b(?:sommet|rencontre|réunion|entretien)s?\s+(?:virtuel(?:le)?s?|en\s+ligne)\b"
     r"|\bconversations?\s+vidéo\b"
     r"|\bvideo[- ]?(?:calls?|conferences?|link|summit|talks|meetings?)\b|\bvideoconferences?\b"
     r"|\bvirtual\s+(?:meetings?|talks|summit|calls?)\b"
     r"|\b(?:via|by|over)\s+video\b"),
    ("phone",
     r"\b(?:par|au)\s+téléphone\b|\b(?:appels?|entretiens?|conversations?|échanges?)\s+"
     r"téléphoniques?\b|\bcoups?\s+de\s+fil\b|\b(?:a|ont|avait|avaient)\s+téléphoné\b"
     r"|\b(?:tele)?phone\s+(?:calls?|conversations?|talks?)\b"
     r"|\b(?:by|on\s+the|over\s+the)\s+(?:tele)?phone\b|\b(?:tele)?phoned\b"),
    ("visit",
     r"\bvisites?\b|\ben\s+visite\b|\bs['’]est\s+rendue?\b"
     r"|\bse\s+(?:rendra|rendront|rend|rendent|rendre)\b"
     r"|\bse\s+sont\s+rendus\b|\b(?:est|sont)\s+arrivée?s?\b|\barrivée\b|\ba\s+visité\b"
     r"|\bvisitera\b|\bcérémonie\s+(?:officielle\s+)?(?:de\s+bienvenue|d['’]accueil)\b"
     r"|\b(?:voyage|déplacement|tournée)\s+(?:à|en|au|aux)\b"
     r"|\b(?:state|official)\s+visit\b|\bvisit(?:s|ed|ing)?\b|\barrived\b|\barrives\b"
     r"|\barrival\b|\btrip\s+to\b|\btravel(?:l?ed|s)?\s+to\b|\bwelcom(?:e|ing)\s+ceremony\b"),
    ("meet",
     r"\brencontr(?:e|es|ent|er|é|ée|és|ées|era|eront|erait|eraient|ons)\b|\bréunions?\b"
     r"|\bs['’]est\s+réunie?\b|\bse\s+sont\s+réunie?s\b"
     r"|\bse\s+(?:réuniront|réunira|réunissent|réunit)\b|\bpourparlers\b|\btête[- ]à[- ]tête\b"
     r"|\bsommets?\b|\ba\s+(?:reçu|accueilli)\b|\b(?:recevra|accueillera)\b"
     r"|\b(?:ont|avaient|a|avait)\s+signé\b"
     r"|\b(?:met|meet|meets|meeting|meetings|summit|summits|talks|sat\s+down\s+with|hosted|hosts"
     r"|signed|face-to-face|in-person)\b"),
    ("contact",
     r"\bs['’]est\s+entretenue?\b|\bse\s+sont\s+entretenus\b|\bs['’]entretenir\b"
     r"|\bs['’]entretiendr(?:a|ont)\b|\bentretiens?\b|\b(?:ont|a|avaient|avait)\s+(?:échangé|discuté)\b"
     r"|\bdiscussions?\b|\béchanges?\s+(?:entre|avec)\b|\bconversations?\b"
     r"|\bspoke\s+(?:with|to)\b|\bheld\s+talks\b"),
)
# fmt: on
_SIDELINES = re.compile(
    r"\ben\s+marge\s+(?:du|d['’]un|de\s+la|d['’]une)\s+(?:sommet|réunion|session)\b"
    r"|\b(?:on|at)\s+the\s+(?:sidelines|margins?)\s+of\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:summit|meeting)\b",
    re.IGNORECASE,
)
# « n'a pas rencontré », "has no plans to meet", "called on Putin to meet": not a meeting
_NOT_A_MEETING = re.compile(
    r"(?:\b(?:n['’]\w+\s+(?:pas|jamais|plus)|ne\s+(?:se\s+|s['’])?\w+\s+(?:pas|jamais)|pas\s+de|aucune?|"
    r"did\s+not|didn['’]t|does\s+not|doesn['’]t|will\s+not|won['’]t|would\s+not|wouldn['’]t|not|never|"
    r"no\s+plans?\s+to|refused\s+to|refuses\s+to|refusé\s+de|refuse\s+de|ruled\s+out|exclu)"
    r"(?:\s+\S+){0,2}\s*$)"
    r"|\b(?:called\s+on|calls\s+on|urged|urges|appealed\s+to|invited|invites|a\s+appelé|appelle|"
    r"a\s+exhorté|exhorte|a\s+invité|invite|a\s+demandé\s+à|demande\s+à)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces|this|these)\s+(?:\w+\s+)?$", re.IGNORECASE)
_DEFINITE = re.compile(r"(?:\b(?:le|la|les|the)\s+|\bl['’])(?:\w+\s+)?$", re.IGNORECASE)
_COMPLEMENT = re.compile(r"\s*(?:entre|avec|between|with)\b", re.IGNORECASE)
_COUNT = re.compile(
    r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|nombreux|nombreuses|\d+|two|three|"
    r"four|five|six|seven|eight|nine|ten|several|many)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# « s'est entretenu plus de 40 fois avec », "has met Xi more than 40 times": counted meetings
_TIMES = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:plus\s+de\s+|more\s+than\s+|over\s+|some\s+)?\d+\s+(?:fois|times)\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?P<n>deuxième|seconde?|troisième|third|quatrième|fourth|cinquième|fifth)\s+"
    r"(?:[\w-]+\s+)?(?:rencontre|fois|visite|sommet|meeting|time|visit|summit)\b"
    r"(?P<rest>[^.;]{0,40}?\b(?:cette\s+année|this\s+year|en\s+(?P<m_fr>\w+)\s+mois|in\s+(?P<m_en>\w+)\s+months))?",
    re.IGNORECASE,
)
_ORDINALS = {
    "deuxième": 2,
    "second": 2,
    "seconde": 2,
    "troisième": 3,
    "third": 3,
    "quatrième": 4,
    "fourth": 4,
    "cinquième": 5,
    "fifth": 5,
}
_NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}
_ANCHOR_BEFORE = re.compile(
    r"\b(?:depuis|since|créée?s?|fondée?s?|founded|established|created|set\s+up)\b(?P<gap>(?:\s+\S+){0,8}?)\s*$",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:ans?|années?|mois|semaines?|jours?|years?|months?|weeks?|days?)\b", re.IGNORECASE
)
_BLOCK = re.compile(
    r"(?:,\s*|\s)(?:que|qu['’]|qui|dont|où|lequel|laquelle|which|who|that|where)\b|;", re.IGNORECASE
)
_COARSENESS = {"day": 0, "month": 5, "year": 10, None: 10}  # characters of distance
_PLACE_REACH = 80  # characters between a trigger and the place of its meeting, at most
_LOCATIVE = re.compile(
    r"(?:\b(?:à|au|aux|en|dans|in|at|near|to|vers)\s+(?:(?:l['’]|la\s+|le\s+|les\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:d['’]|de\s+|du\s+|of\s+|in\s+))?(?:l['’]|la\s+|le\s+|the\s+)?)$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{2,40}?)(?:,\s*[^,()\n]{2,40}?)?(?:,\s*[^()\n]{3,25}?)?\s*"
    r"\((?:AFP|Reuters|AP|Associated Press|Xinhua|TASS|Tass|Bloomberg|dpa|DPA|ANSA|EFE|Anadolu|"
    r"RIA Novosti|Sputnik|UPI|Belga|ATS|Kyodo|Yonhap)\)\s*[-—–]",
    re.MULTILINE,
)
_WEEK_PAST = timedelta(days=7)


@cache
def _compiled_triggers() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((family, re.compile(pattern)) for family, pattern in _TRIGGERS)


@cache
def _summit_pattern() -> re.Pattern:
    """A summit noun before an organisation (« sommet de l'OCS ») or after it ("SCO summit")."""
    return re.compile(
        rf"(?i:\b(?:{_SUMMIT_NOUN}))\b(?:\s+[\w'’-]+){{0,3}}?\s+"
        r"(?i:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+the\s+|of\s+)"
        rf"(?:{_ORG})"
        rf"|(?:{_ORG})(?:['’]s)?\s+(?:(?i:annual|extraordinary|anniversary|virtual|online)\s+)?"
        r"(?i:summit|sommet|meeting)\b"
    )


@dataclass(frozen=True, slots=True)
class _Trigger:
    start: int
    end: int
    family: str
    demonstrative: bool = False
    aggregate: bool = False


def _find_triggers(text: str, lo: int, hi: int) -> list[_Trigger]:
    found: list[_Trigger] = []
    for m in _summit_pattern().finditer(text, lo, hi):
        found.append(_Trigger(m.start(), m.end(), "summit"))
    for family, pattern in _compiled_triggers():
        for m in pattern.finditer(text, lo, hi):
            if _NOT_A_MEETING.search(text, max(lo, m.start() - 60), m.start()):
                continue
            before = text[max(lo, m.start() - 30) : m.start()]
            counted = bool(_COUNT.search(before)) or bool(_TIMES.match(text, m.end(), hi))
            plural = bool(re.search(r"s\b", m.group().split()[0]))
            aggregate = counted or (family in ("video", "phone") and plural)
            found.append(
                _Trigger(
                    m.start(),
                    m.end(),
                    family,
                    demonstrative=bool(_DEMONSTRATIVE.search(before)),
                    aggregate=aggregate,
                )
            )
    # overlapping triggers: calls beat the rest (« entretiens téléphoniques »), summits next
    rank = {"video": 0, "phone": 0, "summit": 1, "visit": 2, "meet": 2, "contact": 3}
    found.sort(key=lambda t: (rank[t.family], -(t.end - t.start), t.start))
    kept: list[_Trigger] = []
    for trigger in found:
        if trigger.family == "summit" or not any(
            trigger.start < k.end and k.start < trigger.end for k in kept if k.family != "summit"
        ):
            kept.append(trigger)
    return sorted(kept, key=lambda t: t.start)


# ==============================================================================================
# Places
# ==============================================================================================


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


def _is_locative(text: str, lo: int, start: int) -> bool:
    return bool(_LOCATIVE.search(text, max(lo, start - 40), start))


def _blocked(text: str, a: int, b: int) -> bool:
    """Is there a relative clause boundary between offsets ``a`` and ``b``?"""
    lo, hi = min(a, b), max(a, b)
    return bool(_BLOCK.search(text, lo, hi))


# ==============================================================================================
# Extraction
# ==============================================================================================


@dataclass(slots=True)
class _Draft:
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


@dataclass(slots=True)
class _Doc:
    text: str
    doc: str
    ref: date | None
    ref_precision: str | None
    mentions: Sequence[Mention]
    dates: list[DateExpr]
    dateline: Place | None
    drafts: list[_Draft] = field(default_factory=list)
    pair: tuple[str, ...] = ()


def _parse_mentions(text: str, lang: str | None, doc: str) -> list[Mention]:
    from .pipeline import parse_text  # the geoparser: imported late, it loads the gazetteer

    return parse_text(text, lang=lang, doc=doc)


def _dateline_place(text: str, mentions: Sequence[Mention]) -> Place | None:
    """The city of an agency dateline ("MOSCOU (AFP) -") in the first lines, if any."""
    match = _DATELINE.search(text, 0, min(len(text), 600))
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
    state = _Doc(
        text=text,
        doc=doc,
        ref=ref,
        ref_precision=ref_precision,
        mentions=mentions,
        dates=find_dates(text, published=published, lang=lang),
        dateline=_dateline_place(text, mentions),
    )
    sentences = split_sentences(text)
    for index, (lo, hi) in enumerate(zip(sentences.starts, sentences.ends, strict=True)):
        _read_sentence(state, index, lo, hi)
    # a meeting with neither a date nor a place tells a reader nothing to map or to list
    return [
        _freeze(state, draft)
        for draft in state.drafts
        if draft.participants and (draft.date is not None or draft.place is not None)
    ]


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


def _sentence_day(state: _Doc, dates: list[DateExpr]) -> date | None:
    for expr in dates:
        if expr.value and not expr.relative and expr.precision == "day":
            return expr.as_date()
    return state.ref


def _is_anchor(text: str, lo: int, expr: DateExpr) -> bool:
    """« depuis 2013 », « créée en 2001 », "since 2019": a date that is not the meeting's."""
    match = _ANCHOR_BEFORE.search(text, max(lo, expr.start - 80), expr.start)
    return bool(match and not _DURATION.search(match.group("gap") or ""))


def _read_sentence(state: _Doc, index: int, lo: int, hi: int) -> None:
    text = state.text
    triggers = _find_triggers(text, lo, hi)
    dates = [d for d in state.dates if lo <= d.start < hi]
    day = _sentence_day(state, dates)
    hits = _find_leaders(text, lo, hi, day)
    named: list[str] = []
    for hit in hits:
        for name in hit.names:
            if name not in named:
                named.append(name)
    counting = [m.span() for m in _ORDINAL.finditer(text, lo, hi)]  # « deuxième … cette année »
    usable_dates = [
        d
        for d in dates
        if not _is_anchor(text, lo, d) and not any(s <= d.start < e for s, e in counting)
    ]
    places = [m for m in state.mentions if lo <= m.start < hi]

    if triggers:
        _read_triggers(state, index, lo, hi, triggers, named, usable_dates, places)
    if len(named) >= 2:
        _catalog_inference(state, index, lo, hi, named, usable_dates, places)
        state.pair = tuple(named)
    elif triggers and state.drafts and state.drafts[-1].sentence_index == index:
        state.pair = tuple(state.drafts[-1].participants) or state.pair


def _participants_for(
    state: _Doc, text: str, lo: int, hi: int, named: list[str]
) -> tuple[list[str], bool]:
    """Named leaders, completed by « les deux dirigeants », « ils », "they"; and whether any
    participant came from such a pointer rather than a name."""
    _n, _s, _p, pair_pattern, _f = _leader_patterns()
    pointers = [m.group().lower() for m in pair_pattern.finditer(text, lo, hi)]
    two = [p for p in pointers if p.startswith(("les deux", "the two", "both"))]
    if two:
        if len(named) == 2:
            return list(named), False
        return list(state.pair[:2]) if len(state.pair) >= 2 else list(named), True
    if len(named) >= 2 or not pointers or not state.pair:
        return list(named), False
    merged = list(named) + [p for p in state.pair if p not in named]
    return merged, True


def _group_triggers(triggers: list[_Trigger]) -> dict[str, list[_Trigger]]:
    """Families of one sentence: calls, summit, and one in-person family (meet+visit+contact).

    A generic « ont échangé » joins a call of the same sentence if there is one.
    """
    groups: dict[str, list[_Trigger]] = {}
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
    text: str, groups: dict[str, list[_Trigger]], dates: list[DateExpr]
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


def _pick_place(
    text: str, lo: int, triggers: list[_Trigger], places: list[Mention]
) -> Place | None:
    """The place of an in-person meeting: after a locative word, same clause as a trigger."""
    candidates = []
    for mention in places:
        if mention.place.type == "region":
            continue
        if not _is_locative(text, lo, mention.start):
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
    country = min(candidates, key=lambda c: c[1])[0].place
    # « au palais d'Astana, au Kazakhstan »: a city of that country elsewhere in the sentence
    for mention in places:
        if mention.place.type == "city" and mention.place.iso3 == country.iso3:
            return mention.place
    return country


def _read_triggers(
    state: _Doc,
    index: int,
    lo: int,
    hi: int,
    triggers: list[_Trigger],
    named: list[str],
    dates: list[DateExpr],
    places: list[Mention],
) -> None:
    text = state.text
    participants, pointed = _participants_for(state, text, lo, hi, named)
    groups = _group_triggers(triggers)
    assigned = _assign_dates(text, groups, dates)
    sidelines = _SIDELINES.search(text, lo, hi)
    for family, family_triggers in groups.items():
        expr = assigned.get(family)
        counted = [t.aggregate for t in family_triggers if t.family != "contact"]
        aggregate = family != "summit" and bool(counted) and all(counted)
        place = None
        if family not in ("video", "phone"):
            place = _pick_place(text, lo, family_triggers, places)
        if _points_back(state, text, lo, hi, family, family_triggers, expr, place, named, pointed):
            continue
        if not participants:
            continue
        draft = _Draft(
            kind=_family_kind(family),
            family=family,
            participants=list(participants),
            date=expr.value if expr else None,
            precision=expr.precision if expr else None,
            excerpt_start=lo,
            excerpt_end=hi,
            aggregate=aggregate,
            sentence_index=index,
        )
        if place:
            _set_place(draft, place)
        tense = tense_at(text, family_triggers[0].start, family_triggers[0].end)
        if draft.date is None and sidelines and family != "summit":
            summit = next((d for d in reversed(state.drafts) if d.kind == "summit"), None)
            if summit:
                draft.date, draft.precision = summit.date, summit.precision
                if draft.place is None:
                    _copy_place(draft, summit)
        _complete(state, draft, tense, text[lo:hi])
        if sidelines and family == "person":
            _attend_summit(state, draft)
        _merge(state, draft)
    _ordinal_inference(state, index, lo, hi, participants)


def _points_back(
    state: _Doc,
    text: str,
    lo: int,
    hi: int,
    family: str,
    triggers: list[_Trigger],
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
    if expr is not None or place is not None or _alias_in(text[lo:hi]):
        return False
    return pointed or not named or (len(named) < 2 and _definite_only(text, lo, triggers))


def _alias_in(sentence: str) -> bool:
    folded = _fold(sentence)
    return any(_fold(a) in folded for entry in _catalog() for a in entry.aliases)


def _definite_only(text: str, lo: int, triggers: list[_Trigger]) -> bool:
    """« le sommet », « la réunion », "the talks": a definite noun without « entre X et Y »."""
    for trigger in triggers:
        before = text[max(lo, trigger.start - 20) : trigger.start]
        if not _DEFINITE.search(before) or _COMPLEMENT.match(text, trigger.end):
            return False
    return True


def _family_kind(family: str) -> str:
    return {"video": "video_call", "phone": "phone_call", "summit": "summit"}.get(
        family, "bilateral"
    )


def _set_place(draft: _Draft, place: Place) -> None:
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


def _copy_place(draft: _Draft, other: _Draft) -> None:
    draft.place, draft.iso3, draft.lat, draft.lon = other.place, other.iso3, other.lat, other.lon
    draft.place_type = other.place_type


def _set_catalog_place(draft: _Draft, entry: CatalogMeeting) -> None:
    if entry.place:
        draft.place, draft.iso3, draft.lat, draft.lon = (
            entry.place,
            entry.iso3,
            entry.lat,
            entry.lon,
        )
        draft.place_type = "city"


# -- completing a draft: catalog, fallbacks, kind ----------------------------------------------


def _family_allows(draft: _Draft, entry: CatalogMeeting, generic: bool) -> bool:
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


def _place_matches(draft: _Draft, entry: CatalogMeeting) -> bool:
    if draft.place is None:
        return True
    if draft.place_type == "city" and entry.place and _fold(draft.place) == _fold(entry.place):
        return True
    return draft.iso3 is not None and draft.iso3 == entry.iso3


def _participants_match(participants: Sequence[str], entry: CatalogMeeting) -> bool:
    if entry.kind == "summit":  # summit rows list only the leaders the catalog follows
        return True
    return all(p in entry.participants for p in participants)


def _candidates(
    draft: _Draft, window: tuple[date, date], generic: bool, participants: Sequence[str]
) -> list[CatalogMeeting]:
    lo, hi = window
    found = []
    for entry in _catalog():
        if entry.last_day < lo or entry.first_day > hi:
            continue
        if not _family_allows(draft, entry, generic) or not _place_matches(draft, entry):
            continue
        if not _participants_match(participants, entry):
            continue
        found.append(entry)
    return found


def _choose(
    draft: _Draft, found: list[CatalogMeeting], *, any_kind: bool = False
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
    state: _Doc, draft: _Draft, tense: str, sentence: str, generic: bool
) -> CatalogMeeting | None:
    participants = draft.participants
    # an alias names the meeting outright (« partenariat sans limites »)
    folded = _fold(sentence)
    for entry in _catalog():
        if entry.aliases and any(_fold(a) in folded for a in entry.aliases):
            if all(p in entry.participants for p in participants) and _family_allows(
                draft, entry, True
            ):
                if draft.date is None or _overlaps(_date_span(draft.date, draft.precision), entry):
                    return entry
    if draft.aggregate:
        return None
    if draft.date is not None:
        if draft.precision == "year":
            return None
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


def _overlaps(span: tuple[date, date], entry: CatalogMeeting) -> bool:
    return not (entry.last_day < span[0] or entry.first_day > span[1])


def _complete(state: _Doc, draft: _Draft, tense: str, sentence: str) -> None:
    generic = draft.family == "contact" or (draft.family == "person" and _only_generic(sentence))
    entry = _link(state, draft, tense, sentence, generic)
    if entry is not None:
        draft.catalog = entry
        if draft.date is None or draft.precision != "day":
            draft.date, draft.precision = entry.date, "day"
        if draft.kind != "summit":  # « ont échangé » on the day of a video call is that call
            draft.kind = entry.kind
        if entry.kind in CALLS:
            draft.place = draft.iso3 = draft.lat = draft.lon = None
        elif (
            draft.place is None
            or draft.place_type != "city"
            or (entry.place and _fold(draft.place) == _fold(entry.place))
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
        elif state.ref is not None and state.ref_precision == "day":
            if tense == "present":
                draft.date, draft.precision = state.ref.isoformat(), "day"
            elif tense == "future":
                draft.date, draft.precision = state.ref.isoformat()[:7], "month"
    if draft.kind in CALLS:
        draft.place = draft.iso3 = draft.lat = draft.lon = None
        return
    if draft.place is None and state.dateline is not None and _near_publication(state, draft):
        _set_place(draft, state.dateline)
    if draft.place is not None and draft.place_type == "country":
        # « s'est rendu en Chine »: the dateline's city if it lies there, else the capital
        # when the host takes part (heads of state receive their guests in the capital)
        dateline = state.dateline
        if dateline is not None and dateline.iso3 == draft.iso3 and _near_publication(state, draft):
            _set_place(draft, dateline)
        elif (
            any(_leader_country(p) == draft.iso3 for p in draft.participants)
            or len(draft.participants) == 1
        ):
            capital = _capital(draft.iso3)
            if capital is not None:
                _set_place(draft, capital)
    if draft.kind == "bilateral":
        draft.kind = _kind_from_place(draft)
        # « Poutine, Xi et Modi au sommet »: three leaders or more at a summit is the summit
        if len(draft.participants) >= 3 and re.search(r"(?i)\b(?:sommet|summit)", sentence):
            draft.kind = "summit"


def _context_date(state: _Doc, draft: _Draft) -> tuple[str, str] | None:
    """The day of the meeting reported just before, in the same paragraph (« Modi also met
    Putin » after « Putin and Xi met on Tuesday »): at most two sentences back."""
    for other in reversed(state.drafts):
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
    for family, pattern in _compiled_triggers():
        if family in ("meet", "visit") and pattern.search(sentence):
            return False
    return True


def _kind_from_place(draft: _Draft) -> str:
    if draft.iso3 and any(_leader_country(p) == draft.iso3 for p in draft.participants):
        return "visit"
    if len(draft.participants) == 1 and draft.place is not None:
        return "visit"
    return "bilateral"


def _near_publication(state: _Doc, draft: _Draft) -> bool:
    if state.ref is None:
        return False
    if draft.date is None:
        return True
    lo, hi = _date_span(draft.date, draft.precision)
    return (
        lo - timedelta(days=1) <= state.ref <= hi + timedelta(days=1) and draft.precision == "day"
    )


def _attend_summit(state: _Doc, draft: _Draft) -> None:
    """Leaders meeting « en marge du sommet » attend that summit: add them to its record."""
    for other in reversed(state.drafts):
        if other.kind == "summit" and _compatible_dates(other, draft):
            for name in draft.participants:
                if name not in other.participants:
                    other.participants.append(name)
            return


# -- catalog-driven inference -------------------------------------------------------------------


def _catalog_inference(
    state: _Doc,
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
            draft = _Draft(
                kind="bilateral",
                family="person",
                participants=list(named),
                date=expr.value,
                precision=expr.precision,
                excerpt_start=lo,
                excerpt_end=hi,
                sentence_index=index,
            )
            _set_place(draft, mention.place)
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
            meeting = _Draft(
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
            _merge(state, meeting)


def _ordinal_inference(
    state: _Doc, index: int, lo: int, hi: int, participants: Sequence[str]
) -> None:
    """« leur deuxième rencontre cette année »: the pair's earlier meetings, from the catalog."""
    match = _ORDINAL.search(state.text, lo, hi)
    if not match or not match.group("rest") or len(participants) < 2:
        return
    n = _ORDINALS.get(match.group("n").lower())
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
        months = _NUMBERS.get(months_word) or (int(months_word) if months_word.isdigit() else 0)
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
        meeting = _Draft(
            kind=entry.kind,
            family="person",
            participants=list(participants[:2]),
            date=entry.date,
            precision="day",
            catalog=entry,
            excerpt_start=lo,
            excerpt_end=hi,
            sentence_index=index,
        )
        _set_catalog_place(meeting, entry)
        _merge(state, meeting)


# -- merging ------------------------------------------------------------------------------------


def _compatible_dates(a: _Draft, b: _Draft) -> bool:
    if a.date is None or b.date is None:
        return True
    if a.precision == b.precision:
        return a.date == b.date
    (alo, ahi), (blo, bhi) = _date_span(a.date, a.precision), _date_span(b.date, b.precision)
    return not (ahi < blo or bhi < alo) and "year" not in (a.precision, b.precision)


def _same_meeting(a: _Draft, b: _Draft) -> bool:
    """Do two drafts of one article report the same meeting?"""
    if a.catalog is not None and b.catalog is not None:
        return a.catalog.id == b.catalog.id
    if a.aggregate or b.aggregate or a.kind != b.kind:
        return False
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


def _merge(state: _Doc, draft: _Draft) -> None:
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
    for existing in state.drafts:
        if _same_meeting(existing, draft):
            for name in draft.participants:
                if name not in existing.participants:
                    existing.participants.append(name)
            if existing.date is None and draft.date is not None:
                existing.date, existing.precision = draft.date, draft.precision
            if existing.place is None and draft.place is not None and existing.kind not in CALLS:
                _copy_place(existing, draft)
            if existing.catalog is None and draft.catalog is not None:
                existing.catalog = draft.catalog
            return
    state.drafts.append(draft)


def _freeze(state: _Doc, draft: _Draft) -> Meeting:
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
