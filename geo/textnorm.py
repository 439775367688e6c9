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

# Characters beyond this point (CJK and the like) are left as they are: no key uses them.
_TABLE_LIMIT = 0x3000


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


def fold_text(text: str) -> str:
    """Fold ``text`` for matching; ``len(fold_text(t)) == len(t)`` always holds."""
    return text.translate(_fold_table())


def fold_key(name: str) -> str:
    """The matching key of a gazetteer name: folded, without outer spaces."""
    return fold_text(name).strip()
