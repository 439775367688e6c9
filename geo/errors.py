"""One exception hierarchy for the whole library.

Every error a user can cause (a bad file, an unknown organisation, a malformed date) is a
:class:`GeoError`, so the CLI and the dashboard can turn it into a one-line message in one place
instead of showing a traceback.  Messages quote the bad value and say how to fix it.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base class of every error geo-explorer raises on purpose."""


class DataError(GeoError):
    """The bundled data (gazetteer, organisations, catalog) is missing or unreadable."""


class ArticleError(GeoError):
    """An article file cannot be read: missing, binary, undecodable, malformed metadata.

    ``path`` names the file so a batch can report it and carry on with the others.
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class UnknownOrganisationError(GeoError, KeyError):
    """An organisation name or acronym that the membership table does not know."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidDateError(GeoError, ValueError):
    """A date string that is not ISO ``YYYY-MM-DD`` or ``YYYY-MM``."""


class StoreError(GeoError):
    """A batch store folder is missing, unreadable or from an incompatible version."""
