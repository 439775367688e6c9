"""World leaders as the press names them, resolved to one person on a given day.

The meetings stage (:mod:`geo.meetings`) needs to know who meets whom.  Articles name leaders
by full name (« Vladimir Poutine », "Xi Jinping"), by surname alone (« Tokaïev »), by a role
phrase (« le président kazakh », "the Turkish leader", « le maître du Kremlin »), or as a pair
(« les présidents russe et chinois »).  Surnames and role phrases only make sense on a date:
« le président kazakh » was Nazarbayev in 2018 and Tokayev in 2020, and « Berdimuhamedov » is
the father before 19 March 2022 and the son after.

The facts live in two bundled files, loaded lazily once and validated whole on first use:

``leaders.csv``
    one row per term of office: ``name, iso3, role, start, end, forms, surnames, note``.
    ``name`` is the canonical English name every record uses; ``role`` is ``president`` or
    ``prime_minister`` (head of state or of government: the office that meets foreign
    leaders; a chancellor counts as ``prime_minister``).  A term is ``[start, end)``: ``end``
    is the first day out of office, empty while in office.  ``forms`` (full names) and
    ``surnames`` (surname-only forms, which may be shared) are pipe-separated French and
    English spellings; a leader's further terms take a row each and may leave them empty.
    Row order matters when two leaders hold office together under one form: the first wins.
``country_adjectives.csv``
    ``iso3, adjectives, note``: the country adjectives of role phrases (« kazakh »,
    "Kazakhstani"), pipe-separated, matched with their case as written.

The grammar of role phrases (« président », "Prime Minister", « chef de l'État »…) stays in
code below: it is regular-expression syntax, not a list a reader extends.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from ._data import data_file
from .dates import _caseless
from .errors import DataError

__all__ = [
    "LeaderHit",
    "find_leaders",
    "leader_country",
    "leader_mentions",
    "pair_pointers",
    "points_at_pair",
]

_ROLES = ("president", "prime_minister")
_LEADER_COLUMNS = ("name", "iso3", "role", "start", "end", "forms", "surnames", "note")
_ADJECTIVE_COLUMNS = ("iso3", "adjectives", "note")
_ISO3 = re.compile(r"^[A-Z]{3}$")

_ROLES_FR = (
    r"président|présidente|dirigeant|dirigeante|chef\s+de\s+l['’]État|chef\s+d['’]État|"
    r"numéro\s+un|homologue|leader|Premier\s+ministre|premier\s+ministre|chef\s+du\s+gouvernement|"
    r"chancelier|chancelière"
)
_ROLES_EN = (
    r"President|president|leader|counterpart|head\s+of\s+state|Prime\s+Minister|"
    r"prime\s+minister|Premier|premier|Chancellor|chancellor"
)
# « le maître du Kremlin », "the Kremlin chief": Russia's president
_KREMLIN = (
    r"\b(?:chef|maître|locataire|patron)\s+du\s+Kremlin\b|\bKremlin\s+(?:leader|chief|boss)\b"
)
# « les présidents russe et chinois », "the Russian and Chinese leaders"
_PLURAL_FR = r"présidents|dirigeants|chefs\s+d['’]État|leaders"
_PLURAL_EN = r"presidents|leaders"
# What every role phrase (single or plural) contains: a role word, or the Kremlin
_ROLE_WORDS = rf"{_ROLES_FR}|{_ROLES_EN}|{_PLURAL_FR}|{_PLURAL_EN}|Kremlin"
# « les deux dirigeants », "the two leaders", « ils », "they": the pair named just before; every
# match holds one of _PAIR_WORDS, in any case (« deux », "they"…)
_PAIR_WORDS = ("eux", "the", "both", "ils", "leur")  # looked for in the lowercased text
_PAIR = re.compile(
    r"\b(?:les\s+deux\s+(?:dirigeants|présidents|chefs\s+d['’]État|leaders|hommes)|"
    r"the\s+two\s+(?:leaders|presidents|men|heads\s+of\s+state)|both\s+(?:leaders|men|presidents))\b"
    r"|\b(?:ils|leur|leurs|eux|they|their|them)\b",
    re.IGNORECASE,
)
# _PAIR in lowercase, searched in the lowercased text: re ignoring case is slower
_PAIR_LOW = re.compile(_PAIR.pattern.replace("État", "état"))


@dataclass(frozen=True, slots=True)
class _Leader:
    name: str
    iso3: str
    terms: tuple[tuple[str, str | None, str], ...]  # (start, end or None, role)
    forms: tuple[str, ...]

    def role_on(self, day: date | None) -> str | None:
        """The role held on ``day`` ('president', 'prime_minister', ...), or None.

        With no day, the role of a term still running: the leader in office now.
        """
        for start, end, role in self.terms:
            if day is None:
                if end is None:
                    return role
                continue
            if date.fromisoformat(start) <= day and (end is None or day < date.fromisoformat(end)):
                return role
        return None

    def last_start(self) -> str:
        return max(start for start, _, _ in self.terms)


@dataclass(frozen=True, slots=True)
class LeaderHit:
    """Leaders named at ``start:end``: one canonical name, or two for a pair phrase."""

    start: int
    end: int
    names: tuple[str, ...]  # canonical names, resolved by date


# ----------------------------------------------------------------------------- loading


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of one CSV file with their line numbers, stripped, its header checked first."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path}: missing columns {sorted(missing)}; expected {columns}")
        for line, row in enumerate(reader, start=2):
            yield line, {key: (value or "").strip() for key, value in row.items() if key}


def _pipe(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _check_term(row: dict[str, str]) -> None:
    """Raise ValueError, quoting the bad value, if one term row cannot be used."""
    if not row["name"]:
        raise ValueError("name is empty")
    if not _ISO3.match(row["iso3"]):
        raise ValueError(f"iso3 must be 3 uppercase letters, got {row['iso3']!r}")
    if row["role"] not in _ROLES:
        raise ValueError(f"role must be one of {_ROLES}, got {row['role']!r}")
    for column in ("start", "end"):
        if row[column] or column == "start":
            try:
                date.fromisoformat(row[column])
            except ValueError:
                raise ValueError(
                    f"{column} must be an ISO day (YYYY-MM-DD), got {row[column]!r}"
                ) from None
    if row["end"] and row["end"] <= row["start"]:
        raise ValueError(
            f"end {row['end']} is not after start {row['start']}; leave end empty while in office"
        )


@cache
def _leaders() -> tuple[_Leader, ...]:
    """Every leader, in the order of their first row in ``leaders.csv``."""
    path = data_file("leaders.csv")
    merged: dict[str, tuple[str, list[tuple[str, str | None, str]], list[str]]] = {}
    for line, row in _rows(path, _LEADER_COLUMNS):
        try:
            _check_term(row)
        except ValueError as error:
            raise DataError(f"{path}, line {line}: {error}; fix the row") from None
        iso3, terms, forms = merged.setdefault(row["name"], (row["iso3"], [], []))
        if iso3 != row["iso3"]:
            raise DataError(
                f"{path}, line {line}: {row['name']} is listed under {iso3} and {row['iso3']}; "
                "give every row of one leader the same iso3"
            )
        terms.append((row["start"], row["end"] or None, row["role"]))
        forms.extend(f for f in _pipe(row["forms"]) + _pipe(row["surnames"]) if f not in forms)
    if not merged:
        raise DataError(f"{path}: no leaders; the file must list at least one")
    unnamed = sorted(name for name, (_, _, forms) in merged.items() if not forms)
    if unnamed:
        raise DataError(f"{path}: no name forms for {unnamed}; fill in forms or surnames")
    return tuple(
        _Leader(name, iso3, tuple(terms), tuple(forms))
        for name, (iso3, terms, forms) in merged.items()
    )


@cache
def _adjectives() -> dict[str, tuple[str, ...]]:
    """ISO3 -> country adjectives of role phrases, from ``country_adjectives.csv``."""
    path = data_file("country_adjectives.csv")
    adjectives: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for line, row in _rows(path, _ADJECTIVE_COLUMNS):
        where = f"{path}, line {line}"
        iso3, words = row["iso3"], _pipe(row["adjectives"])
        if not _ISO3.match(iso3):
            raise DataError(f"{where}: iso3 must be 3 uppercase letters, got {iso3!r}")
        if iso3 in adjectives:
            raise DataError(f"{where}: {iso3} is listed twice; merge its rows")
        if not words:
            raise DataError(f"{where}: no adjectives for {iso3}; fill in the column")
        for word in words:  # « US » for the USA cannot also be someone else's
            if owner.setdefault(word.lower(), iso3) != iso3:
                raise DataError(
                    f"{where}: {word!r} is also an adjective of {owner[word.lower()]}; "
                    "an adjective must name one country"
                )
        adjectives[iso3] = tuple(words)
    if not adjectives:
        raise DataError(f"{path}: no adjectives; the file must list at least one country")
    return adjectives


@cache
def _adj_to_iso3() -> dict[str, str]:
    return {adj.lower(): iso3 for iso3, adjs in _adjectives().items() for adj in adjs}


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, dict[str, list[_Leader]]]:
    """Name forms, single role phrases, plural role phrases, and the leaders of each form."""
    by_form: dict[str, list[_Leader]] = {}
    for leader in _leaders():
        for form in leader.forms:
            by_form.setdefault(form, [])
            if leader not in by_form[form]:
                by_form[form].append(leader)
    # "Xi" but not "Xi'an"; longest form first so « Vladimir Poutine » beats « Poutine »
    names = re.compile(r"(?<![\w-])" + _trie(by_form) + r"(?![\w-]|['’]an\b)")
    adjs = sorted({a for words in _adjectives().values() for a in words}, key=len, reverse=True)
    adj = "|".join(re.escape(a) for a in adjs)
    single = re.compile(
        rf"\b(?P<role_fr>{_ROLES_FR})\s+(?P<adj_fr>{adj})(?![\w-])"
        rf"|(?<![\w.])(?P<adj_en>{adj})\s+(?P<role_en>{_ROLES_EN})\b"
        rf"|{_KREMLIN}"
    )
    plural = re.compile(
        rf"\b(?:{_PLURAL_FR})\s+(?P<a1>{adj})\s+et\s+(?P<a2>{adj})\b"
        rf"|\b(?P<b1>{adj})\s+and\s+(?P<b2>{adj})\s+(?:{_PLURAL_EN})\b"
    )
    return names, single, plural, by_form


def _trie(words: Iterable[str]) -> str:
    """A pattern for the literal ``words`` that tries the longest one first, then the shorter
    ones (as their alternation sorted longest first does), as a trie: re tries an alternation
    of 190 names one by one at every capital letter, a trie only the branch of that letter."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a word ending here is tried after every longer one (greedy ?), as in the alternation
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + build(root) + ")"


def _by_first_letter(alternatives: str) -> str:
    """``alternatives`` (a|b|…, each starting with a letter, none holding a group) grouped by
    their first letter: the same matches, but re then looks only where such a letter stands
    and tries there only the alternatives that start with it."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives.split("|"):
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


@cache
def _anchors() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """Cheap patterns that tell where the names and role patterns can match (re would try
    those at every position of the text, the look-behind or \\b they start with hiding where):

    a form, where a name starts; the words every role phrase holds (_ROLE_WORDS); a French role
    word, « chef », « maître »… or "Kremlin", where a single role phrase starts, unless it is
    an adjective followed by blanks and an English role word; a French plural role word, where
    a plural role phrase starts, unless it is an adjective followed by blanks and "and".
    """
    return (
        re.compile(_trie(_patterns()[3])),
        re.compile(_by_first_letter(_ROLE_WORDS)),
        re.compile(rf"{_ROLES_FR}|chef|maître|locataire|patron|Kremlin"),
        re.compile(_ROLES_EN),
        re.compile(_PLURAL_FR),
        re.compile("and"),
    )


@cache
def _adjectives_by_length() -> dict[int, frozenset[str]]:
    by_length: dict[int, set[str]] = {}
    for words in _adjectives().values():
        for word in words:
            by_length.setdefault(len(word), set()).add(word)
    return {length: frozenset(words) for length, words in by_length.items()}


def _starts(pattern: re.Pattern, text: str, lo: int, hi: int) -> list[int]:
    """Every offset of ``text[lo:hi]`` where ``pattern`` matches, overlapping ones included."""
    found = []
    pos = lo
    while (match := pattern.search(text, pos, hi)) is not None:
        found.append(match.start())
        pos = match.start() + 1
    return found


def _adjectives_before(anchors: list[int], text: str, lo: int) -> list[int]:
    """Where an adjective starts that blanks then separate from one of the ``anchors``."""
    found = []
    by_length = _adjectives_by_length()
    for anchor in anchors:
        end = anchor
        while end > lo and text[end - 1].isspace():  # \s as re means it
            end -= 1
        if end == anchor:
            continue
        for length, words in by_length.items():
            if end - length >= lo and text[end - length : end] in words:
                found.append(end - length)
    return found


def _matches_at(pattern: re.Pattern, text: str, starts: list[int], lo: int, hi: int) -> list:
    """``pattern.finditer(text, lo, hi)``, for a pattern whose matches all start at one of
    ``starts`` (and are never empty): it is tried there only."""
    found = []
    pos = lo
    for start in sorted(set(starts)):
        if start >= pos and (match := pattern.match(text, start, hi)) is not None:
            found.append(match)
            pos = match.end()
    return found


@lru_cache(maxsize=64)  # a sentence is counted first, then read
def _scan(
    text: str, lo: int, hi: int
) -> tuple[tuple[re.Match, ...], tuple[re.Match, ...], tuple[re.Match, ...]]:
    """The matches of the names, single-role and plural-role patterns in ``text[lo:hi]``: the
    same as each pattern's ``finditer(text, lo, hi)``, found faster (see _anchors)."""
    names, single, plural, _ = _patterns()
    forms, role_words, single_starts, english_roles, plural_starts, and_ = _anchors()
    found_names = []
    pos = lo
    while (start := forms.search(text, pos, hi)) is not None:
        match = names.match(text, start.start(), hi)  # what finditer tries at that position
        if match:
            found_names.append(match)
            pos = match.end()
        else:
            pos = start.start() + 1
    if not role_words.search(text, lo, hi):
        return tuple(found_names), (), ()
    starts = _starts(single_starts, text, lo, hi)
    starts += _adjectives_before(_starts(english_roles, text, lo, hi), text, lo)
    found_single = _matches_at(single, text, starts, lo, hi)
    starts = _starts(plural_starts, text, lo, hi)
    starts += _adjectives_before(_starts(and_, text, lo, hi), text, lo)
    found_plural = _matches_at(plural, text, starts, lo, hi)
    return tuple(found_names), tuple(found_single), tuple(found_plural)


# ----------------------------------------------------------------------------- resolving


def _leader_on(
    candidates: Iterable[_Leader], day: date | None, role: str | None = None
) -> _Leader | None:
    """The candidate in office on ``day`` (in the given role), else the most recent one; a
    name only one leader bears names that leader even before they took office (« Friedrich
    Merz » in March 2025, chancellor from May: the text names him, not his predecessor)."""
    candidates = list(candidates)
    in_office = [
        c for c in candidates if c.role_on(day) and (role is None or c.role_on(day) == role)
    ]
    if in_office:
        return in_office[0]
    if day is None or not candidates:
        return candidates[0] if len(candidates) == 1 else None
    started = [c for c in candidates if c.last_start() <= day.isoformat()]
    if started:
        return max(started, key=lambda c: c.last_start())
    return candidates[0] if len(candidates) == 1 else None


@lru_cache(maxsize=4096)
def _form_leader(form: str, day: date | None) -> _Leader | None:
    """The leader the name ``form`` names on ``day`` (see _leader_on).  Kept: the articles of a
    day name the same few leaders (the key is a name and a day, never a text)."""
    return _leader_on(_patterns()[3][form], day)


@lru_cache(maxsize=4096)  # as _form_leader: a country, a role word and a day
def _role_leader(iso3: str, role_word: str, day: date | None) -> _Leader | None:
    """The leader of ``iso3`` holding the office ``role_word`` names (any office if it names
    none) on ``day``, or now when there is no day; None when nobody held it then."""
    role_word = role_word.lower()
    wanted = None
    if (
        "ministre" in role_word
        or "minister" in role_word
        or "premier" in role_word
        or "gouvernement" in role_word
        or "chancel" in role_word
    ):
        wanted = "prime_minister"
    elif "président" in role_word or "president" in role_word:
        wanted = "president"
    candidates = [leader for leader in _leaders() if leader.iso3 == iso3]
    if day is None:
        current = [
            c
            for c in candidates
            if c.role_on(None) and (wanted is None or c.role_on(None) == wanted)
        ]
        return current[0] if current else None
    return (
        _leader_on(candidates, day, wanted)
        if any(c.role_on(day) and (wanted is None or c.role_on(day) == wanted) for c in candidates)
        else None
    )


# A title that is not a leader's: « son homologue ukrainien » after « le ministre des Affaires
# étrangères » is a minister, "his Indian counterpart" after "Foreign Minister Wang Yi" too
_OTHER_TITLE = re.compile(
    r"(?<!Prime )(?<!prime )\bMinisters?\b|(?<!Premier )(?<!premier )\bministres?\b"
    r"|\b(?:[Ss]ecretary|[Ss]ecrétaire|[Aa]mbassad(?:or|eur)|[Ee]nvoy|[Éé]missaire|[Dd]iplomat|"
    r"[Dd]iplomate|[Cc]hef\s+de\s+la\s+diplomatie|[Gg]ouverneur|[Gg]overnor|[Mm]ayor|[Mm]aire|"
    r"[Pp]orte-parole|[Ss]pokes(?:man|woman|person)|[Cc]onseiller|[Aa]dviser|[Aa]ide)\b"
)
_RELATIVE_ROLES = ("counterpart", "homologue")


def _other_title_before(text: str, lo: int, start: int, hits: list[LeaderHit]) -> bool:
    """Is the nearest title before ``start`` (in ``text[lo:start]``) a minister's, with no
    leader named after it?  « son homologue » then names that minister's counterpart."""
    titles = list(_OTHER_TITLE.finditer(text, lo, start))
    if not titles:
        return False
    last = titles[-1]
    return not any(last.end() <= h.start < start for h in hits)


def find_leaders(text: str, lo: int, hi: int, day: date | None) -> list[LeaderHit]:
    """Leaders named in ``text[lo:hi]``: names, surnames and role phrases, resolved on ``day``.

    A form no leader in office on ``day`` bears goes to the one who bore it last; a role
    phrase whose office nobody we list held that day names nobody.

    Raises
    ------
    DataError
        If ``leaders.csv`` or ``country_adjectives.csv`` is missing or malformed.
    """
    adj_to_iso3 = _adj_to_iso3()
    names, single, plural = _scan(text, lo, hi)
    hits: list[LeaderHit] = []
    for m in names:
        leader = _form_leader(m.group(), day)
        if leader:
            hits.append(LeaderHit(m.start(), m.end(), (leader.name,)))
    named_hits = list(hits)
    for m in single:
        if m.group("adj_fr") or m.group("adj_en"):
            adj = (m.group("adj_fr") or m.group("adj_en")).lower()
            role = m.group("role_fr") or m.group("role_en")
            if role.lower() in _RELATIVE_ROLES and _other_title_before(
                text, lo, m.start(), named_hits
            ):
                continue
            leader = _role_leader(adj_to_iso3[adj], role, day)
        else:  # « le maître du Kremlin »
            leader = _role_leader("RUS", "president", day)
        if leader:
            hits.append(LeaderHit(m.start(), m.end(), (leader.name,)))
    for m in plural:
        found = []
        for group in ("a1", "a2", "b1", "b2"):
            if m.group(group):
                leader = _role_leader(adj_to_iso3[m.group(group).lower()], "", day)
                if leader:
                    found.append(leader.name)
        if found:
            hits.append(LeaderHit(m.start(), m.end(), tuple(found)))
    hits.sort(key=lambda h: h.start)
    # "U.S. President Joe Biden": the name, not the role, says who (without a day the role
    # names today's president)
    names_at = {h.start for h in named_hits}
    return [
        h
        for h in hits
        if h in named_hits
        or not any(text[h.end : start].isspace() and start - h.end <= 2 for start in names_at)
    ]


def leader_mentions(text: str, lo: int, hi: int) -> int:
    """The most leaders :func:`find_leaders` can name in ``text[lo:hi]``, whatever the day.

    A cheap bound for skipping sentences: each name or role phrase names one leader at most,
    each plural role phrase two.

    Raises
    ------
    DataError
        If ``leaders.csv`` or ``country_adjectives.csv`` is missing or malformed.
    """
    names, single, plural = _scan(text, lo, hi)
    return len(names) + len(single) + 2 * len(plural)


def pair_pointers(text: str, lo: int, hi: int) -> list[str]:
    """Words of ``text[lo:hi]`` that stand for leaders named before (« les deux dirigeants »,
    « ils », "they"), lowercased, in text order."""
    low = _caseless(text)
    if low is None:
        return [m.group().lower() for m in _PAIR.finditer(text, lo, hi)]
    if not _holds_pair_word(low, lo, hi):
        return []
    return [m.group() for m in _PAIR_LOW.finditer(low, lo, hi)]


def points_at_pair(text: str, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold one of the :func:`pair_pointers`?  Faster than the list."""
    low = _caseless(text)
    if low is None:
        return _PAIR.search(text, lo, hi) is not None
    return _holds_pair_word(low, lo, hi) and _PAIR_LOW.search(low, lo, hi) is not None


def _holds_pair_word(low: str, lo: int, hi: int) -> bool:
    """Does ``low[lo:hi]`` hold one of _PAIR_WORDS?  str.find, word by word, is faster here than
    re, which would try its alternation at every « e », « t », « b », « i » and « l »."""
    for word in _PAIR_WORDS:
        if low.find(word, lo, hi) >= 0:
            return True
    return False


def leader_country(name: str) -> str | None:
    """The ISO3 code of the leader with canonical ``name``, or None for a name we do not list."""
    return _countries().get(name)


@cache
def _countries() -> dict[str, str]:
    """Canonical name -> ISO3 (a leader's first row decides, as a scan in order would)."""
    countries: dict[str, str] = {}
    for leader in _leaders():
        countries.setdefault(leader.name, leader.iso3)
    return countries
