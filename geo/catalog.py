"""The bundled catalog of leaders' meetings: ``data/meetings_catalog.csv``, checked on load.

The catalog holds the meetings we know for sure (every Putin–Xi meeting and call we could
date, every SCO heads-of-state summit since 2001, and a few others the corpus reports), each
with its source.  It is what lets the extractor (:mod:`geo.meetings`) turn « au Kazakhstan »
into Astana, or « ont échangé ce mardi » into a video call.

One row per meeting: ``id, date, end_date, place, place_fr, iso3, lat, lon, kind,
participants, occasion, source, aliases`` (``participants`` and ``aliases`` pipe-separated).
The file is read on first use and kept for the process; a bad row fails the whole load with
its line number, rather than silently dropping a meeting the extractor would then miss.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from ._data import data_file
from .errors import DataError

__all__ = ["CALLS", "IN_PERSON", "KINDS", "CatalogMeeting", "meeting_catalog"]

KINDS = ("summit", "bilateral", "visit", "video_call", "phone_call")
IN_PERSON = frozenset({"summit", "bilateral", "visit"})
CALLS = frozenset({"video_call", "phone_call"})
_SLUG = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
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


def _iso_day(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where} must be an ISO day (YYYY-MM-DD), got {value!r}") from None


@cache
def _catalog() -> tuple[CatalogMeeting, ...]:
    """Every catalog entry in file order, read once (tests call ``__wrapped__`` to re-read)."""
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
