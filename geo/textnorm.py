"""Length-preserving text folding shared by the gazetteer build and the matcher.

Matching runs on a folded copy of the article: lowercase, accents removed, and every character
that is not a letter or digit turned into a space.  Because the fold maps each character to
exactly one character, an offset in the folded text is the same offset in the original text,
so spans never need re-mapping (the contract says offsets index the text as loaded).

Word boundaries come for free: a gazetteer key is stored as `` name `` (padded with spaces), so
an Aho–Corasick hit can only start and end at a boundary, and ``l’Iran``, ``d'Astana``,
``aux États-Unis`` or ``Asie-Pacifique`` need no special case.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np

# Characters beyond this point (CJK and the like) are left as they are: no key uses them.
_TABLE_LIMIT = 0x3000
_CHUNK = 1 << 16
# Below this length (a word, a name) ``str.translate`` beats NumPy's fixed cost of ~10 µs.
_SHORT = 64


@cache
def _fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(_TABLE_LIMIT):
        ch = chr(code)
        if ch.isalnum():
            lower = ch.lower()
            if len(lower) != 1:
                continue
            base = unicodedata.normalize("NFKD", lower)[0]
            folded = base if base.isalnum() else lower
            if folded != ch:
                table[code] = ord(folded)
        elif ch != " ":
            table[code] = 32
    return table


@cache
def _fold_array() -> np.ndarray:
    table = np.arange(_TABLE_LIMIT, dtype=np.uint32)
    for code, folded in _fold_table().items():
        table[code] = folded
    return table


def fold_text(text: str) -> str:
    """Fold ``text`` for matching; ``len(fold_text(t)) == len(t)`` always holds.

    A NumPy table lookup over the UTF-32 code points, in cache-sized chunks: about eight times
    faster than ``str.translate``, whose per-character dictionary lookups dominated parsing.
    Short strings (the words the matcher looks up) go through ``str.translate`` with the same
    table: same result, without NumPy's fixed cost.
    """
    if len(text) < _SHORT:
        return text.translate(_fold_table())
    if len(text) > _CHUNK:
        return "".join(fold_text(text[i:i + _CHUNK]) for i in range(0, len(text), _CHUNK))
    table = _fold_array()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() < _TABLE_LIMIT:  # the usual case: one lookup pass, no masking
        return table.take(codes).tobytes().decode("utf-32-le", "surrogatepass")
    folded = np.where(codes < _TABLE_LIMIT, table[np.minimum(codes, _TABLE_LIMIT - 1)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def fold_key(name: str) -> str:
    """The matching key of a gazetteer name: folded, without outer spaces."""
    return fold_text(name).strip()
