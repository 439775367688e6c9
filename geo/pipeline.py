"""The geoparser's public entry points: text or articles in, mentions out.

``parse_text`` chains the stages (:mod:`geo.extract` finds the spans, :mod:`geo.resolve`
picks the places); ``parse_article`` and ``parse_files`` add the loader, so one unreadable file
is reported and skipped while the others are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import ArticleError
from .extract import find_candidates
from .records import Article, Mention
from .resolve import resolve
from .sentences import split_sentences

_FR_WORDS = frozenset("le la les des du et est une dans pour qui avec sur à".split())
_EN_WORDS = frozenset("the and of is to in with for that was on by".split())
_WORD = re.compile(r"\w+")
_SAMPLE = 20_000


def guess_language(text: str) -> str | None:
    """``"fr"``, ``"en"`` or None, from function-word counts in the first 20,000 characters.

    Cheap and deterministic (the loader uses a statistical detector for metadata; the parser
    only needs to know which language's ordinary words a town name must not be).  One pass
    over the words with set lookups: an alternation regex per language cost twice as much.
    """
    fr = en = 0
    for word in _WORD.findall(text[:_SAMPLE].lower()):
        if word in _FR_WORDS:
            fr += 1
        elif word in _EN_WORDS:
            en += 1
    if fr + en < 5:
        return None
    if fr >= 2 * en:
        return "fr"
    if en >= 2 * fr:
        return "en"
    return None


def parse_text(text: str, *, lang: str | None = None, doc: str = "") -> list[Mention]:
    """Every place ``text`` mentions, resolved, in document order.

    Parameters
    ----------
    text
        Article text; ``Mention.start``/``end`` index it.
    lang
        ``"fr"`` or ``"en"`` if known; guessed from the text otherwise.  Mixed articles (French
        text, English captions) work either way: names of both languages are always matched.
    doc
        The document id copied into each mention.
    """
    if not text or text.isspace():  # (isspace stops at the first letter; strip copied the text)
        return []
    lang = lang or guess_language(text)
    candidates = find_candidates(text, lang=lang)
    if not candidates:
        return []
    return resolve(candidates, text, doc=doc, sentences=split_sentences(text))


def parse_article(article: Article) -> list[Mention]:
    """The mentions of one loaded article (its id becomes each mention's ``doc``)."""
    return parse_text(article.text, lang=article.lang, doc=article.id)


def parse_files(
    paths: Iterable[str | Path],
    *,
    on_error: Callable[[ArticleError], None] | None = None,
) -> Iterator[tuple[Article, list[Mention]]]:
    """Load and parse each file; a file that cannot be read goes to ``on_error`` and is skipped.

    Without ``on_error`` the first unreadable file raises :class:`~geo.errors.ArticleError`.
    """
    from .articles import iter_articles

    for article in iter_articles(paths, on_error=on_error):
        yield article, parse_article(article)
