"""The records that flow between pipeline stages: small, frozen, checked on creation.

Each stage is a pure function from records to records (``Article`` -> ``Mention`` ->
``Meeting``), so these classes are the contracts between modules.  ``to_record()`` gives the
flat JSON-ready dict that the CLI, the GeoJSON export and the batch store all share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACE_TYPES = ("country", "city", "region", "site")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as the loader returns it; every offset in the project indexes ``text``.

    ``published`` is an ISO date at day (``2024-07-03``) or month (``2024-07``) precision, or
    None when the metadata does not say: it is never invented.
    """

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    source: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Article.id must be a non-empty string")
        if self.published is not None and not _PARTIAL_DATE.match(self.published):
            raise ValueError(
                f"Article.published must be YYYY-MM-DD or YYYY-MM, got {self.published!r}"
            )


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``iso3`` is the country the place lies in (None for a region spanning several countries);
    ``importance`` is the prior used to rank homonyms (countries and capitals first, then
    population).
    """

    id: str
    type: str
    name: str
    name_fr: str
    iso3: str | None
    lat: float
    lon: float
    population: int = 0
    feature: str = ""
    geonameid: int | None = None

    def __post_init__(self) -> None:
        if self.type not in PLACE_TYPES:
            raise ValueError(f"Place.type must be one of {PLACE_TYPES}, got {self.type!r}")
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"Place {self.id}: coordinates out of range ({self.lat}, {self.lon})")

    def display_name(self, lang: str | None = "en") -> str:
        """The name to show a reader of language ``lang`` ("fr" or anything else for English)."""
        return self.name_fr if lang == "fr" else self.name


@dataclass(frozen=True, slots=True)
class Mention:
    """One place mentioned in one article: the span, the place it resolves to, and why.

    ``start``/``end`` are Python ``str`` offsets into the article text, so
    ``text == article.text[start:end]`` always holds.
    """

    doc: str
    start: int
    end: int
    text: str
    place: Place
    confidence: float
    sentence: str = field(default="", compare=False)
    sentence_start: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"Mention span must have 0 <= start < end: {self.start}, {self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"Mention text {self.text!r} does not fit {self.start}:{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"Mention confidence must lie in [0, 1], got {self.confidence}")

    def to_record(self) -> dict:
        """The flat dict of the ``geo parse`` contract (one JSON Lines object)."""
        place = self.place
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "place_id": place.id,
            "name": place.name,
            "name_fr": place.name_fr,
            "type": place.type,
            "iso3": place.iso3,
            "lat": round(place.lat, 6),
            "lon": round(place.lon, 6),
            "confidence": round(self.confidence, 3),
            "sentence": self.sentence,
        }
