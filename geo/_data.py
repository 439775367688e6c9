"""Where the bundled data lives: decided here, once, and nowhere else.

In a source checkout the data is the top-level ``data/`` folder; in an installed wheel it is
shipped inside the package as ``geo/data`` (see ``pyproject.toml``).  ``GEO_DATA_DIR`` overrides
both, for tests and for users who rebuild the gazetteer elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder that holds the bundled data files.

    Raises
    ------
    DataError
        If no data folder can be found (a broken install).
    """
    override = os.environ.get("GEO_DATA_DIR")
    candidates = [Path(override)] if override else []
    candidates += [_PACKAGE_DIR / "data", _PACKAGE_DIR.parent / "data"]
    for candidate in candidates:
        if (candidate / "places.tsv").is_file():
            return candidate
    raise DataError(
        "bundled data not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall geo-explorer or run scripts/build_gazetteer.py"
    )


def data_file(name: str) -> Path:
    """Return the path of one bundled data file, checking that it exists."""
    path = data_dir() / name
    if not path.is_file():
        raise DataError(f"bundled data file missing: {path}; run scripts/build_gazetteer.py")
    return path


def seeds_dir() -> Path:
    """Return the bundled corpus folder (the five seed articles), used when no file is given."""
    for candidate in (_PACKAGE_DIR / "seeds", _PACKAGE_DIR.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise DataError("bundled corpus (seeds/) not found; reinstall geo-explorer")
