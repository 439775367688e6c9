"""Sentence boundaries for excerpts and for the "first word of a sentence" test.

A deliberately small rule set: a sentence ends at ``. ! ? …`` (with closing quotes or brackets)
followed by white space, or at a line break.  Abbreviations (``M.``, ``Mme``, ``U.S.``, ``St.``,
``Corp.``) and initials do not end a sentence.  Good enough for news copy; it never fails.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# One character class first, so that the engine's fast scan skips ordinary text: a newline
# (and the blank lines after it), or end punctuation with closing quotes and spaces.
_BREAK = re.compile(r"[.!?…\n](?:(?<=\n)\s*|[.!?…]*[\"»”’)\]]*[ \t\u00a0\u202f]+)")
_ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle dr pr me st ste mr mrs ms prof gen gén col lt sgt jr sr inc corp co ltd "
    "av apr env cf etc vs no nos vol art p pp fig ex sept oct nov dec déc jan janv feb fév févr "
    "aug aug sen rep gov gouv u.s u.k u.n".split()
)


@dataclass(frozen=True, slots=True)
class Sentences:
    """The sentence spans of one text, searchable by offset."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def index_of(self, offset: int) -> int:
        """Index of the sentence containing ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def span_of(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence containing ``offset``."""
        i = self.index_of(offset)
        return self.starts[i], self.ends[i]


def split_sentences(text: str) -> Sentences:
    """Split ``text`` into sentences; spans exclude the white space between them."""
    starts, ends = [], []
    start = 0
    for match in _BREAK.finditer(text):
        cut, after = match.span()
        if text[cut] == "\n":
            end = cut
            while end > start and text[end - 1] in " \t":
                end -= 1
        else:
            # only a short word can be an abbreviation or an initial: look no further otherwise
            space = text.rfind(" ", cut - 6 if cut > 6 else 0, cut)
            if space >= 0 or cut < 6:
                word = text[space + 1:cut].lower().rstrip(".")
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            if text[after:after + 1].islower():  # ("".islower() is False)
                continue
            end = cut + len(match.group().rstrip())
        if end > start:
            starts.append(start)
            ends.append(end)
        start = after
    if start < len(text) and text[start:].strip():
        starts.append(start)
        ends.append(len(text.rstrip()))
    if not starts:
        starts, ends = [0], [len(text)]
    return Sentences(tuple(starts), tuple(ends))
