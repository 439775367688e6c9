"""Organisations over time: who was a member, observer or partner of a bloc on a given day.

The map colours countries by their status in one organisation on one date (an article's
publication date, typically), and the meetings stage asks whether a summit's participants were
members then.  Both need a dated table, not a current list: Iran was an SCO observer on
2023-07-03 and a member on 2023-07-04.

The facts live in two bundled files, loaded lazily once and validated whole on first use:

``organisations.csv``
    one row per organisation: ``id, name_en, name_fr, acronym_en, acronym_fr, aliases
    (pipe-separated, French and English), founded, source``.
``memberships.csv``
    one row per status period: ``org, iso3, status, start, end, source, note``.

Conventions (also in ``data/ORGANISATIONS.md``):

* A period is **start inclusive, end exclusive**: ``end`` is the first day the status no
  longer held, i.e. the day the next status began.  India's observer row ends on 2017-06-09,
  the day its member row starts, so each day has exactly one status.  An empty ``end`` means
  the status is ongoing.
* ``start`` is the day the status took legal effect: a treaty's entry into force or the deposit
  of an instrument of accession (NATO founders: 1949-08-24, not the signature on 1949-04-04),
  or the day the organisation's supreme body granted the status.
* Founding members are plain ``member`` rows (the ``note`` says "founding member").  A country
  whose status changed has one row per status.  Facts that could not be established with
  confidence are left out rather than guessed.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from ._data import data_file
from .errors import DataError, InvalidDateError, UnknownOrganisationError
from .textnorm import fold_key

__all__ = [
    "FORMER_MEMBER_LABEL",
    "STATUSES",
    "STATUS_LABELS",
    "Membership",
    "Organisation",
    "former_members",
    "membership",
    "membership_history",
    "memberships",
    "organisations",
    "resolve_organisation",
]

#: Status -> (English label, French label), in the order a map legend should list them.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "member": ("Member", "Membre"),
    "observer": ("Observer", "Observateur"),
    "dialogue_partner": ("Dialogue partner", "Partenaire de dialogue"),
    "partner": ("Partner", "Partenaire"),
    "applicant": ("Applicant", "Candidat"),
    "suspended": ("Membership suspended", "Adhésion suspendue"),
    "frozen": ("Participation frozen", "Participation gelée"),
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)

#: Legend labels for the map's "former members" class (see :func:`former_members`).
FORMER_MEMBER_LABEL: tuple[str, str] = ("Former member", "Ancien membre")

_ORG_FILE = "organisations.csv"
_MEMBERSHIP_FILE = "memberships.csv"
_ORG_COLUMNS = [
    "id",
    "name_en",
    "name_fr",
    "acronym_en",
    "acronym_fr",
    "aliases",
    "founded",
    "source",
]
_MEMBERSHIP_COLUMNS = ["org", "iso3", "status", "start", "end", "source", "note"]

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ORG_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Leading articles dropped before lookup, so "l'OTAN" and "the SCO" resolve like "OTAN", "SCO".
_ARTICLES = frozenset({"l", "la", "le", "les", "the"})


@dataclass(frozen=True, slots=True)
class Organisation:
    """One organisation and every name it goes by.

    ``aliases`` holds the French and English names and acronyms that
    :func:`resolve_organisation` accepts (the id, names and acronyms are accepted too).
    """

    id: str
    name_en: str
    name_fr: str
    acronym_en: str
    acronym_fr: str
    aliases: tuple[str, ...]
    founded: date
    source: str = ""

    def __post_init__(self) -> None:
        if not _ORG_ID.match(self.id):
            raise ValueError(f"Organisation.id must be a lowercase identifier, got {self.id!r}")
        for field_name in ("name_en", "name_fr", "acronym_en", "acronym_fr"):
            if not getattr(self, field_name).strip():
                raise ValueError(f"Organisation {self.id}: {field_name} must not be empty")
        if not isinstance(self.aliases, tuple):
            raise ValueError(f"Organisation {self.id}: aliases must be a tuple of str")
        if not isinstance(self.founded, date):
            raise ValueError(f"Organisation {self.id}: founded must be a date: {self.founded!r}")

    def display_name(self, lang: str | None = "en") -> str:
        """The full name for a reader of ``lang`` ("fr", or anything else for English)."""
        return self.name_fr if lang == "fr" else self.name_en

    def display_acronym(self, lang: str | None = "en") -> str:
        """The acronym for a reader of ``lang``: "OTAN" in French, "NATO" otherwise."""
        return self.acronym_fr if lang == "fr" else self.acronym_en

    def names(self) -> tuple[str, ...]:
        """Every name :func:`resolve_organisation` accepts for this organisation."""
        own = (self.id, self.name_en, self.name_fr, self.acronym_en, self.acronym_fr)
        return tuple(dict.fromkeys(own + self.aliases))


@dataclass(frozen=True, slots=True)
class Membership:
    """One country's status in one organisation over one period.

    The period is ``[start, end)``: ``end`` is the first day the status no longer held, or
    None while it still holds.  ``source`` names the treaty, declaration or statement that
    establishes the fact; ``note`` says what a reader may otherwise misread.
    """

    org: str
    iso3: str
    status: str
    start: date
    end: date | None
    source: str
    note: str = ""

    def __post_init__(self) -> None:
        if not self.org:
            raise ValueError("Membership.org must be a non-empty organisation id")
        if not isinstance(self.iso3, str) or not _ISO3.match(self.iso3):
            raise ValueError(f"Membership.iso3 must be 3 uppercase letters, got {self.iso3!r}")
        if self.status not in STATUS_LABELS:
            raise ValueError(f"Membership.status must be one of {STATUSES}, got {self.status!r}")
        if not isinstance(self.start, date):
            raise ValueError(f"Membership.start must be a date, got {self.start!r}")
        if self.end is not None and not (isinstance(self.end, date) and self.start < self.end):
            raise ValueError(
                f"Membership {self.org}/{self.iso3}: end must be a date after start "
                f"(start {self.start}, end {self.end}); leave end empty for an ongoing status"
            )
        if not self.source.strip():
            raise ValueError(f"Membership {self.org}/{self.iso3} {self.start}: source is empty")

    def holds_on(self, day: date) -> bool:
        """Whether the status held on ``day`` (start inclusive, end exclusive)."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class _Tables:
    organisations: tuple[Organisation, ...]
    by_key: dict[str, Organisation]
    by_org: dict[str, tuple[Membership, ...]]


# --------------------------------------------------------------------------- public API


def organisations() -> list[Organisation]:
    """Every organisation in the bundled table, in file order.

    Raises
    ------
    DataError
        If the bundled tables are missing or fail validation.
    """
    return list(_tables().organisations)


def resolve_organisation(name: str | Organisation) -> Organisation:
    """Find an organisation by id, name, acronym or alias, in French or English.

    Matching ignores case, accents, punctuation and a leading article, so "OCS", "sco",
    "Organisation de coopération de Shanghai", "l'OTAN", "Otan", "UEEA" and "eaeu" all resolve.

    Raises
    ------
    UnknownOrganisationError
        If no organisation goes by that name; the message lists the known ids.
    """
    if isinstance(name, Organisation):
        return name
    tables = _tables()
    found = tables.by_key.get(_org_key(name)) if isinstance(name, str) else None
    if found is None:
        known = ", ".join(org.id for org in tables.organisations)
        raise UnknownOrganisationError(
            f"unknown organisation {name!r}; known organisations: {known} "
            "(names and acronyms work too, e.g. 'OTAN', 'Organisation de coopération de Shanghai')"
        )
    return found


def memberships(org: str | Organisation) -> list[Membership]:
    """Every status period recorded for ``org`` (any accepted name), sorted by start then iso3.

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is not a known organisation.
    """
    return list(_tables().by_org[resolve_organisation(org).id])


def membership(org: str | Organisation, on: date | str) -> dict[str, str]:
    """The status of every country in ``org`` on the day ``on``: ``{iso3: status}``.

    Countries with no status that day are absent.  ``on`` is a :class:`datetime.date` or an
    ISO ``YYYY-MM-DD`` string; a month alone is refused because statuses change mid-month
    (Belarus joined the SCO on 2024-07-04).

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is not a known organisation.
    InvalidDateError
        If ``on`` is not a valid ISO date.
    """
    day = _as_date(on)
    return {m.iso3: m.status for m in memberships(org) if m.holds_on(day)}


def membership_history(org: str | Organisation, iso3: str) -> list[Membership]:
    """One country's status periods in ``org``, oldest first.

    ``iso3`` is matched case-insensitively; a code the table does not know yields ``[]``.

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is not a known organisation.
    """
    code = iso3.strip().upper() if isinstance(iso3, str) else ""
    return sorted((m for m in memberships(org) if m.iso3 == code), key=lambda m: m.start)


def former_members(org: str | Organisation, on: date | str) -> set[str]:
    """Countries that were members of ``org`` before ``on`` but are not members on ``on``.

    This is the map's "former members" class.  A former member may hold another status on
    ``on`` (Armenia's CSTO participation is "frozen" from 2024-02-22; Uzbekistan's membership
    is "suspended"), so a caller drawing both should let :func:`membership` win.

    Raises
    ------
    UnknownOrganisationError
        If ``org`` is not a known organisation.
    InvalidDateError
        If ``on`` is not a valid ISO date.
    """
    day = _as_date(on)
    rows = memberships(org)
    past = {m.iso3 for m in rows if m.status == "member" and m.start < day}
    current = {m.iso3 for m in rows if m.status == "member" and m.holds_on(day)}
    return past - current


# --------------------------------------------------------------------------- helpers


def _org_key(name: str) -> str:
    """The lookup key of an organisation name: folded, dots dropped (O.T.A.N.), no article."""
    words = fold_key(name.replace(".", "")).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidDateError(
        f"invalid date {value!r}: expected an ISO date YYYY-MM-DD such as '2024-07-04'"
    )


def _parse_date(text: str, where: str, column: str) -> date:
    if not _ISO_DATE.match(text):
        raise DataError(f"{where}: {column} {text!r} is not an ISO date YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DataError(f"{where}: {column} {text!r} is not a valid date ({exc})") from None


def _read_rows(path: Path, columns: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Rows of a bundled CSV with their ``file:line`` locations, after checking the header."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise DataError(
                f"{path}: expected columns {','.join(columns)}, got {reader.fieldnames!r}"
            )
        rows = []
        for row in reader:
            where = f"{path.name}:{reader.line_num}"
            if None in row or any(value is None for value in row.values()):
                raise DataError(f"{where}: expected {len(columns)} fields")
            rows.append((where, {key: value.strip() for key, value in row.items()}))
        return rows


def _read_organisations(path: Path) -> tuple[Organisation, ...]:
    orgs = []
    for where, row in _read_rows(path, _ORG_COLUMNS):
        try:
            orgs.append(
                Organisation(
                    id=row["id"],
                    name_en=row["name_en"],
                    name_fr=row["name_fr"],
                    acronym_en=row["acronym_en"],
                    acronym_fr=row["acronym_fr"],
                    aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                    founded=_parse_date(row["founded"], where, "founded"),
                    source=row["source"],
                )
            )
        except ValueError as exc:
            raise DataError(f"{where}: {exc}") from None
    return tuple(orgs)


def _read_memberships(path: Path, known: set[str]) -> list[tuple[str, Membership]]:
    rows = []
    for where, row in _read_rows(path, _MEMBERSHIP_COLUMNS):
        if row["org"] not in known:
            raise DataError(f"{where}: unknown organisation {row['org']!r} (not in {_ORG_FILE})")
        start = _parse_date(row["start"], where, "start")
        end = _parse_date(row["end"], where, "end") if row["end"] else None
        try:
            member = Membership(
                org=row["org"],
                iso3=row["iso3"],
                status=row["status"],
                start=start,
                end=end,
                source=row["source"],
                note=row["note"],
            )
        except ValueError as exc:
            raise DataError(f"{where}: {exc}") from None
        rows.append((where, member))
    return rows


def _check_overlaps(rows: list[tuple[str, Membership]]) -> None:
    """Two periods of one country in one organisation must not share a day."""
    periods: dict[tuple[str, str], list[tuple[str, Membership]]] = defaultdict(list)
    for where, member in rows:
        periods[member.org, member.iso3].append((where, member))
    for (org, iso3), group in periods.items():
        group.sort(key=lambda item: item[1].start)
        for (where_a, a), (where_b, b) in zip(group, group[1:], strict=False):
            if a.end is None or a.end > b.start:
                raise DataError(
                    f"overlapping periods for {org}/{iso3}: {where_a} ({a.status} "
                    f"{a.start}..{a.end or 'ongoing'}) and {where_b} ({b.status} "
                    f"{b.start}..{b.end or 'ongoing'}); end is exclusive, so the earlier row "
                    "should end on the day the later one starts"
                )


def _index_names(orgs: tuple[Organisation, ...], where: Path) -> dict[str, Organisation]:
    by_key: dict[str, Organisation] = {}
    for org in orgs:
        for name in org.names():
            key = _org_key(name)
            other = by_key.setdefault(key, org)
            if other.id != org.id:
                raise DataError(
                    f"{where}: name {name!r} is claimed by both {other.id} and {org.id}"
                )
    return by_key


def _read_tables(org_path: Path, membership_path: Path) -> _Tables:
    """Read and validate both tables; uncached, so tests can point it at broken copies."""
    orgs = _read_organisations(org_path)
    ids = [org.id for org in orgs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DataError(f"{org_path}: duplicate organisation ids {duplicates}")
    rows = _read_memberships(membership_path, set(ids))
    _check_overlaps(rows)
    by_org: dict[str, list[Membership]] = {org_id: [] for org_id in ids}
    for _, member in rows:
        by_org[member.org].append(member)
    return _Tables(
        organisations=orgs,
        by_key=_index_names(orgs, org_path),
        by_org={k: tuple(sorted(v, key=lambda m: (m.start, m.iso3))) for k, v in by_org.items()},
    )


@cache
def _tables() -> _Tables:
    return _read_tables(data_file(_ORG_FILE), data_file(_MEMBERSHIP_FILE))
