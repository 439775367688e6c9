"""A small on-disk cache for results computed from files: kept only while nothing they depend on
changed.

The dashboard parses the bundled corpus on every server start, and most of that time goes to
loading the gazetteer and building the matcher, not to the five articles.  A result stored
here is found again only if its inputs are byte for byte the same: the input files, every
bundled data file, geo-explorer's own source code and the Python version all go into the key,
so an edited parser, a rebuilt gazetteer or a changed article simply misses the cache.

Where: ``$GEO_CACHE_DIR``, else ``$XDG_CACHE_HOME/geo-explorer``, else
``~/.cache/geo-explorer``; ``GEO_CACHE_DIR=off`` turns the cache off.  The cache is an
optimisation only: a folder that cannot be written, or an entry that cannot be read, means the
value is computed as if there were no cache, never an error.  Entries are pickles, read only
from the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from ._data import data_dir
from .gazetteer import _gc_paused

__all__ = ["cache_dir", "cache_key", "cached", "has_cached"]

T = TypeVar("T")
_PACKAGE_DIR = Path(__file__).resolve().parent
_OFF = "off"
# Values kept in memory by ``cached(..., memory=True)``: name -> (key, value), one per name.
_MEMORY: dict[str, tuple[str, object]] = {}
_MEMORY_NAMES = 4  # the most recently used are kept: a server that opened many stores
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when ``GEO_CACHE_DIR=off``."""
    override = os.environ.get("GEO_CACHE_DIR")
    if override == _OFF:
        return None
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geo-explorer"


def cache_key(name: str, inputs: Iterable[str | os.PathLike[str]], stamp: str = "") -> str:
    """A key that changes whenever ``inputs``, ``stamp``, the bundled data or geo's code change.

    Hashes the path and bytes of each input file (sorted by path), of every file in the data
    folder and of every ``geo/*.py`` source, with the Python version: ~10 MB, a few hundredths
    of a second.  ``stamp`` stands for inputs too big to hash (a store's parts: their names,
    sizes and modification times).

    Raises
    ------
    OSError
        If an input file cannot be read.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{name}\0{sys.version}\0{stamp}\0".encode())
    files = sorted(Path(p) for p in inputs)
    files += sorted(p for p in data_dir().iterdir() if p.is_file())
    files += sorted(_PACKAGE_DIR.glob("*.py"))
    for path in files:
        content = path.read_bytes()
        digest.update(f"{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def cached(name: str, inputs: Iterable[str | os.PathLike[str]],
           compute: Callable[[], T], *, stamp: str = "", memory: bool = False) -> tuple[T, bool]:
    """``compute()``, or its value stored by an earlier call with the same inputs and stamp.

    Returns ``(value, hit)``: ``hit`` says whether it came from the cache.  A new value is
    written atomically (a temporary file renamed), so two servers starting at once never read
    half an entry; failures to read or write only cost the computation.  One entry is kept per
    ``name``.  The collector is paused while an entry is read or written: a big entry is
    hundreds of thousands of small acyclic objects, and reading one took five times as long
    with it running.

    Calls for one ``name`` run one at a time: when the dashboard's warm-up thread and a first
    visitor ask for the bundled corpus at once, the second waits for the first's value instead
    of parsing it again.  With ``memory`` the value is also kept in this process (one per
    ``name``, while its key holds, for the four names used last), so later calls cost only the
    key; the disk still serves a new process, and ``GEO_CACHE_DIR=off`` keeps the memory but
    not the disk.
    """
    with _lock(name):
        folder = cache_dir()
        if folder is None and not memory:
            return compute(), False
        try:
            key = cache_key(name, inputs, stamp)
        except OSError:
            return compute(), False
        if memory and name in _MEMORY and _MEMORY[name][0] == key:
            _MEMORY[name] = _MEMORY.pop(name)  # now the most recently used
            value = _MEMORY[name][1]
            if folder is not None and not _entry(folder, name, key).exists():
                _store(folder, name, _entry(folder, name, key), value)  # for the next process
            return value, True  # type: ignore[return-value]
        value, hit = _on_disk(folder, name, key, compute)
        if memory:
            _MEMORY.pop(name, None)
            _MEMORY[name] = (key, value)
            while len(_MEMORY) > _MEMORY_NAMES:
                del _MEMORY[next(iter(_MEMORY))]
        return value, hit


def has_cached(name: str, inputs: Iterable[str | os.PathLike[str]], *, stamp: str = "") -> bool:
    """Whether :func:`cached` would find a value (in memory or on disk) without computing it."""
    try:
        key = cache_key(name, inputs, stamp)
    except OSError:
        return False
    if name in _MEMORY and _MEMORY[name][0] == key:
        return True
    folder = cache_dir()
    return folder is not None and _entry(folder, name, key).is_file()


def _lock(name: str) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(name, threading.Lock())


def _entry(folder: Path, name: str, key: str) -> Path:
    return folder / f"{name}-{key}.pickle"


def _on_disk(folder: Path | None, name: str, key: str, compute: Callable[[], T]) -> tuple[T, bool]:
    if folder is None:
        return compute(), False
    path = _entry(folder, name, key)
    try:
        with path.open("rb") as stored, _gc_paused():
            return pickle.load(stored), True
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: computed again
        pass
    value = compute()
    _store(folder, name, path, value)
    return value, False


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    """Write ``value`` at ``path`` atomically and drop older entries of ``name``."""
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as out:
            temporary = Path(out.name)
            with _gc_paused():
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        for old in folder.glob(f"{name}-*.pickle"):  # entries for code or data since changed
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - an unwritable folder only costs the next start
        pass
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
