"""Shared samples and fixtures: real files written into ``tmp_path``, the bundled corpus."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_IDS = tuple(sorted(p.name for p in SEEDS.glob("*.txt")))

FRENCH = (
    "Vladimir Poutine est arrivé mercredi à Astana, au Kazakhstan, où il doit rencontrer "
    "Xi Jinping en marge du sommet de l’Organisation de coopération de Shanghai.\n"
    "Les deux présidents doivent ensuite se rendre à Pékin.\n"
)
ENGLISH = (
    "Russian President Vladimir Putin arrived in Astana, Kazakhstan, on Wednesday to meet "
    "Xi Jinping at the summit of the Shanghai Cooperation Organisation.\n"
)


@pytest.fixture(scope="session", autouse=True)
def _disk_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests (and the servers they start) use a disk cache of their own, never the user's."""
    folder = tmp_path_factory.mktemp("geo-cache")
    before = os.environ.get("GEO_CACHE_DIR")
    os.environ["GEO_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("GEO_CACHE_DIR", None)
    else:
        os.environ["GEO_CACHE_DIR"] = before


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write ``content`` (str as UTF-8, or bytes as given) to ``tmp_path/name``; return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))  # no newline translation on any OS
        return path

    return _write


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write an ``articles.csv`` with the given rows (dicts) into ``tmp_path/folder``."""

    def _write_csv(rows: list[dict[str, str]], folder: str = ".") -> Path:
        path = tmp_path / folder / "articles.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = list(dict.fromkeys(key for row in rows for key in row))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return path

    return _write_csv
