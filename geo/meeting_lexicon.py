"""The words that report a meeting, in French and English: compiled regular-expression tables.

:mod:`geo.meetings` reads a sentence through these patterns: triggers (« rencontre »,
« s'est rendu », « par téléphone », "held talks", "SCO summit"), the words that cancel them
(« n'a pas rencontré », "urged Putin to meet"), the words that count them (« deux
vidéoconférences », "more than 40 times"), point back at them (« cette rencontre »), or place
and date them (« à », "in", « depuis 2013 », « en marge du sommet », agency datelines).

They stay in code rather than in ``data/``: each entry is regular-expression grammar (verb
endings, optional articles, look-arounds), not a list of phrases a reader would extend, and
every rule of :mod:`geo.meetings` is tuned to their exact shape.  Patterns are compiled once,
the trigger tables on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .dates import _by_first_letter, _caseless

# Organisations whose summits the press reports, by acronym (as written) or full name (any case)
_ORG_ACRONYMS = (
    "OCS|SCO|BRICS|G20|G-20|G7|G-7|G8|APEC|CEI|CIS|OTSC|CSTO|UEEA|EAEU|ASEAN|CICA|OTAN|NATO|UE|EU"
)
_ORG = (
    rf"\b(?:{_ORG_ACRONYMS})\b"
    r"|(?i:\bOrganisation\s+de\s+(?:la\s+)?coopération\s+de\s+Shanghai\b"
    r"|\bShanghai\s+Cooperation\s+Organi[sz]ation\b|\bUnion\s+économique\s+eurasiatique\b"
    r"|\bEurasian\s+Economic\s+Union\b|\bOrganisation\s+du\s+traité\s+de\s+sécurité\s+collective\b"
    r"|\bCollective\s+Security\s+Treaty\s+Organi[sz]ation\b|\bCommunauté\s+des\s+États\s+indépendants\b"
    r"|\bCommonwealth\s+of\s+Independent\s+States\b|\bConference\s+on\s+Interaction\s+and\s+"
    r"Confidence[- ]Building\s+Measures\s+in\s+Asia\b|\bConférence\s+pour\s+l['’]interaction\b)"
)
_SUMMIT_NOUN = (
    r"sommets?|summits?|session|réunions?\s+annuelles?|réunions?|conseil\s+des\s+chefs\s+d['’]État|"
    r"heads[- ]of[- ]state\s+council|meetings?|rencontres?"
)

# (family, pattern): 'summit' is found separately (a summit noun next to an organisation).
# fmt: off
_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("video",
     r"\bappels?\s+vidéos?\b|\b(?:par|en)\s+(?:visio(?:conférence)?|vidéo(?:-?conférence)?)\b"
     r"|\bpar\s+liaison\s+vidéo\b|\bvisioconférences?\b|\bvidéo-?conférences?\b"
     r"|\b(?:sommet|rencontre|réunion|entretien)s?\s+(?:virtuel(?:le)?s?|en\s+ligne)\b"
     r"|\bconversations?\s+vidéo\b"
     r"|\bvideo[- ]?(?:calls?|conferences?|link|summit|talks|meetings?)\b|\bvideoconferences?\b"
     r"|\bvirtual\s+(?:meetings?|talks|summit|calls?)\b"
     r"|\b(?:via|by|over)\s+video\b"),
    ("phone",
     r"\b(?:par|au)\s+téléphone\b|\b(?:appels?|entretiens?|conversations?|échanges?)\s+"
     r"téléphoniques?\b|\bcoups?\s+de\s+fil\b|\b(?:a|ont|avait|avaient)\s+téléphoné\b"
     r"|\btéléphon(?:er|era|erait|eront|eraient|ait|aient)\b"
     # "held a call", "in a phone call", « lors d'un appel avec »
     r"|\b(?:held|had|hold|holds|during|in)\s+(?:a|an|their)\s+(?:(?!video|virtual)\w+\s+)?call\b"
     r"|\bappels?\s+avec\b"
     r"|\b(?:tele)?phone\s+(?:calls?|conversations?|talks?)\b"
     r"|\b(?:by|on\s+the|over\s+the)\s+(?:tele)?phone\b|\b(?:tele)?phoned\b"),
    ("visit",
     r"\bvisites?\b|\ben\s+visite\b|\bs['’](?:est|était)\s+(?:\w+ment\s+|aussi\s+|déjà\s+)?rendue?\b"
     r"|\bse\s+(?:rendra|rendront|rend|rendent|rendre)\b"
     r"|\b(?:se\s+sont|s['’]étaient)\s+(?:\w+ment\s+|aussi\s+|déjà\s+)?rendue?s\b|\b(?:est|sont|était|étaient)\s+arrivée?s?\b|\barrivée\b"
     r"|\b(?:a|ont|avait|avaient)\s+(?:\w+ment\s+|aussi\s+|déjà\s+|ensuite\s+)?visité\b"
     r"|\bvisitera\b|\bcérémonie\s+(?:officielle\s+)?(?:de\s+bienvenue|d['’]accueil)\b"
     r"|\b(?:voyage|déplacement|tournée)\s+(?:à|en|au|aux)\b"
     r"|\b(?:state|official)\s+visit\b|\bvisit(?:s|ed|ing)?\b|\barrived\b|\barrives\b"
     r"|\barrival\b|\btrip\s+to\b|\btravel(?:l?ed|s)?\s+to\b|\bwelcom(?:e|ing)\s+ceremony\b"
     # "Putin welcomed Xi to the Kremlin", not "welcomed the decision"
     r"|\bwelcom(?:ed|es)\s+(?=[A-Z]|(?:his|her|their)\s)"),
    ("meet",
     r"\brencontr(?:e|es|ent|er|é|ée|és|ées|era|eront|erait|eraient|ons)\b|\bréunions?\b"
     r"|\bs['’]est\s+(?:\w+ment\s+)?réunie?\b|\bse\s+sont\s+(?:\w+ment\s+)?réunie?s\b"
     r"|\b(?:se\s+sont|s['’]étaient)\s+(?:\w+ment\s+)?retrouvée?s\b"
     r"|\bse\s+(?:réuniront|réunira|réunissent|réunit)\b|\bpourparlers\b|\btête[- ]à[- ]tête\b"
     r"|\bsommets?\b|\b(?:a|avait|ont|avaient)\s+(?:\w+ment\s+)?(?:reçu|accueilli)\b"
     r"|\b(?:a|avait|ont|avaient)\s+été\s+(?:reçue?s?|accueillie?s?)\b|\b(?:recevra|accueillera)\b"
     # « accueille jusqu'à jeudi ses homologues », « reçoit le président… », not « reçoit un prix »
     r"|\b(?:accueille|accueillent|reçoit|reçoivent)\s+(?=(?:(?:jusqu['’]à|dès|ce|cette)\s+\w+\s+"
     r"|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(?:[A-ZÉ]|(?:son|sa|ses|leurs?)\s"
     r"|(?:le|la|les)\s+(?:président|premier|première|chef|dirigeant)))"
     r"|\b(?:se\s+sont|s['’]étaient)\s+(?:\w+ment\s+)?(?:vus|revus)\b|\bse\s+(?:verront|reverront)\b"
     r"|\b(?:was|were)\s+(?:received|greeted|welcomed|hosted)\s+by\b"
     r"|\b(?:ont|avaient|a|avait)\s+signé\b"
     r"|\b(?:met|meet|meets|meeting|meetings|summit|summits|talks|sat\s+down\s+with"
     r"|sits?\s+down\s+with|sitting\s+down\s+with|hosted|hosts"
     r"|signed|face-to-face|in-person)\b"),
    ("contact",
     r"\bs['’](?:est|était)\s+(?:\w+ment\s+|aussi\s+|déjà\s+)?entretenue?\b"
     r"|\b(?:se\s+(?:sont|étaient)|s['’]étaient)\s+(?:\w+ment\s+|aussi\s+|déjà\s+)?entretenue?s\b|\bs['’]entretenir\b"
     r"|\bs['’]entretiendr(?:a|ont)\b|\bentretiens?\b|\b(?:ont|a|avaient|avait)\s+(?:échangé|discuté)\b"
     r"|\bdiscussions?\b|\béchanges?\s+(?:entre|avec)\b|\bconversations?\b"
     r"|\bspoke\s+(?:with|to)\b|\bheld\s+talks\b"),
)
# What every match of a family's pattern contains (as written), so that a sentence holding none
# of these is not searched for that family: most sentences report no meeting.  Keep them in
# step with _TRIGGERS: an alternative holding none of its family's words would be missed.
_TRIGGER_WORDS = {
    "video": r"vidéo|video|visio|virtu|ligne",
    "phone": r"phon|coup|call|appel",
    "visit": r"visit|rend|arriv|cérémonie|voyage|déplacement|tournée|trip|travel|welcom",
    "meet": r"rencontr|réuni|retrouv|pourparlers|tête|sommet|reçu|reçoi|accueill|recevra|sign|met"
    r"|meet|summit|talks|sat|sit|host|face|person|vus|verront|receiv|greet|welcom",
    "contact": r"entret|échang|discu|conversation|spoke|talks",
}
# The same for the summit pattern: an organisation (an acronym as written, or a word of its
# full name in any case) and a summit noun in any case; lowercase words are looked for in the
# lowercased text (see geo.dates._caseless).
_SUMMIT_ORG_WORDS = ("shanghai", "eurasi", "collective", "pendants", "independent", "interaction")
_SUMMIT_NOUN_WORDS = ("sommet", "summit", "session", "union", "conseil", "council", "meeting",
                      "rencontre")
# fmt: on
_ACRONYM = re.compile(_ORG_ACRONYMS)
ACRONYM = re.compile(rf"\b(?:{_ORG_ACRONYMS})\b")  # an organisation's acronym, as a word
# « en marge du sommet », "on the sidelines of the summit": a bilateral held at a summit
SIDELINES = re.compile(
    r"\ben\s+marge\s+(?:du|d['’]un|de\s+la|d['’]une)\s+(?:sommet|réunion|session)\b"
    r"|\b(?:on|at)\s+the\s+(?:sidelines|margins?)\s+of\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:summit|meeting)\b",
    re.IGNORECASE,
)
# « n'a pas rencontré », "has no plans to meet", "called on Putin to meet": not a meeting
_NOT_A_MEETING = re.compile(
    r"(?:\b(?:n['’]\w+\s+(?:pas|jamais|plus)|ne\s+(?:se\s+|s['’])?\w+\s+(?:pas|jamais)|pas\s+de|aucune?|"
    r"did\s+not|didn['’]t|does\s+not|doesn['’]t|will\s+not|won['’]t|would\s+not|wouldn['’]t|not|never|"
    r"no\s+plans?\s+to|refused\s+to|refuses\s+to|refusé\s+de|refuse\s+de|ruled\s+out|exclu|"
    # a meeting only thought possible: « pourrait rencontrer », "could meet"
    r"could|might|(?-i:may)|pourrai(?:en)?t|ne\s+pas|ne\s+plus|ne\s+jamais|"
    # a wish or an offer: "would like to meet", « souhaite rencontrer », "offer to host talks"
    r"offer(?:s|ed)?\s+to|would\s+like\s+to|wants?\s+to|wished?\s+to|hopes?\s+to|aimerait|voudrait|souhaite|veut)"
    r"(?:\s+\S+){0,2}\s*$)"
    r"|\b(?:called\s+on|calls\s+on|urged|urges|appealed\s+to|invited|invites|a\s+appelé|appelle|"
    r"a\s+exhorté|exhorte|a\s+invité|invite|a\s+demandé\s+à|demande\s+à|"
    # a meeting denied or called off: "denied reports that Putin would meet", « a démenti qu'une
    # rencontre », "cancelled his trip to"
    r"prepar(?:e|es|ed|ing)|prépar\w*)\b[^.;]{0,40}$"
    # "are not expected to hold a formal meeting", « ne sont pas censés se rencontrer »
    r"|\b(?:not|pas|no\s+longer|plus)\s+(?:expected|due|scheduled|planning|planned|set|"
    r"prévue?s?|attendue?s?|censée?s?|programmée?s?)\b[^.;,]{0,50}$",
    re.IGNORECASE,
)
# a meeting denied before it in its sentence ("the Kremlin denied reports that Putin would meet",
# « a démenti qu'une rencontre »), or called off after it ("but the trip was postponed")
_DENIED = re.compile(
    r"\b(?:denied|denies|deny|démenti|dément|démentent|démentait|dementi)\b", re.IGNORECASE
)
_CALLED_OFF = re.compile(
    r"\b(?:cancel(?:l?ed|s)?|called\s+off|scrapped|postponed|annulée?s?|annule|annulent|"
    r"reportée?s?|ajournée?s?)\b",
    re.IGNORECASE,
)


# What every match of _NOT_A_MEETING, and of _DENIED or _CALLED_OFF, holds (lowercase, looked
# for in the lowercased text, see geo.dates._caseless): most stretches hold none, and these
# patterns, which start with \b, would be tried at every position.  Keep them in step with the
# patterns: a match holding none of its words would be missed.
_NOT_A_MEETING_WORDS = re.compile(
    _by_first_letter(
        r"pas|jamais|plus|aucun|not|didn|doesn|won|never|plan|refus|ruled|exclu|could|might|may|"
        r"pourrai|offer|would|want|wish|hope|aimerait|voudrait|souhaite|veut|call|urge|appeal|invit|"
        r"appel|exhort|demand|prepar|prépar|longer"
    )
)
_DENIED_WORDS = re.compile(
    _by_first_letter(
        r"deni|deny|démen|dementi|cancel|called|scrapped|postponed|annul|report|ajourn"
    )
)
_PLURAL = re.compile(r"s\b")  # a plural first word: « appels », « entretiens »
# « cette rencontre », "this meeting": points back; « le sommet » without « entre X et Y »
_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces|this|these)\s+(?:\w+\s+)?$", re.IGNORECASE)
DEFINITE = re.compile(r"(?:\b(?:le|la|les|the)\s+|\bl['’])(?:\w+\s+)?$", re.IGNORECASE)
COMPLEMENT = re.compile(r"\s*(?:entre|avec|between|with)\b", re.IGNORECASE)
# « cinq entretiens », "several meetings": counted meetings
_COUNT = re.compile(
    r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|nombreux|nombreuses|\d{1,3}|two|three|"
    r"four|five|six|seven|eight|nine|ten|several|many)\s+"
    # « les deux dirigeants se sont rencontrés », "the two leaders met": people, not meetings
    r"(?!(?:leaders?|presidents?|men|heads|sides|countries|nations|delegations|ministers|"
    r"dirigeants|présidents|hommes|chefs|pays|parties|camps|délégations|ministres)\b)"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
# « s'est entretenu plus de 40 fois avec », "has met Xi more than 40 times": counted meetings
_TIMES = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:plus\s+de\s+|more\s+than\s+|over\s+|some\s+)?"
    r"(?:\d+|une\s+dizaine\s+de|a\s+dozen|dozens\s+of|deux|trois|quatre|cinq|six|sept|huit|neuf|"
    r"dix|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|plusieurs|maintes|two|three|"
    r"four|five|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|"
    r"several|many)\s+(?:fois|times)\b",
    re.IGNORECASE,
)
# « leur deuxième rencontre cette année »: the count of a pair's meetings within a window
ORDINAL = re.compile(
    r"\b(?P<n>deuxième|seconde?|troisième|third|quatrième|fourth|cinquième|fifth)\s+"
    r"(?:[\w-]+\s+)?(?:rencontre|fois|visite|sommet|meeting|time|visit|summit)\b"
    r"(?P<rest>[^.;]{0,40}?\b(?:cette\s+année|this\s+year|en\s+(?P<m_fr>\w+)\s+mois|in\s+(?P<m_en>\w+)\s+months))?",
    re.IGNORECASE,
)
_ORDINAL_WORDS = ("deuxi", "second", "troisi", "third", "quatri", "fourth", "cinqui", "fifth")
ORDINALS = {
    "deuxième": 2,
    "second": 2,
    "seconde": 2,
    "troisième": 3,
    "third": 3,
    "quatrième": 4,
    "fourth": 4,
    "cinquième": 5,
    "fifth": 5,
}
NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}
# « depuis 2013 », « créée en 2001 », "since 2019": a date that anchors, not the meeting's;
# unless a duration word comes between (« depuis trois ans »)
ANCHOR_BEFORE = re.compile(
    r"\b(depuis|since|créée?s?|fondée?s?|founded|established|created|set\s+up)\b(?P<gap>(?:\s+\S+){0,8}?)\s*$",
    re.IGNORECASE,
)
DURATION = re.compile(
    r"\b(?:ans?|années?|mois|semaines?|jours?|years?|months?|weeks?|days?)\b", re.IGNORECASE
)
# a relative clause or a semicolon: a date or place beyond it belongs to something else
BLOCK = re.compile(
    r"(?:,\s*|\s)(?:que|qu['’]|qui|dont|où|lequel|laquelle|which|who|that|where)\b|;", re.IGNORECASE
)
# a subordinate clause or phrase that tells another event: *sequential* ones (« avant le sommet
# d'Alaska entre Poutine et Trump », "after Trump doubled tariffs") never report the meeting of
# their sentence; *simultaneous* ones ("while Xi and Modi held talks") report their own when
# they name two leaders of their own; *relative* ones (« Erdogan, qui a rencontré Poutine ») report
# their own, with the leader before them; *coordinate* ones with a leader of their own (", and
# Starmer is due in Washington") tell his own news, and a coordinate verb with a leader of its
# own ("met Ramaphosa yesterday and will hold talks with Modi on Thursday") another meeting of
# the same subject.  The clause runs to the next comma.
# what follows "until" or « jusqu'à » when it bounds a stay in time rather than opening a
# clause about another event (« jusqu'à jeudi », "until Tuesday", "until the end of June")
_TIME_BOUND = (
    r"(?:\s+(?:le\s+|la\s+|the\s+)?(?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|janvier|février|mars|avril|mai|"
    r"juin|juillet|août|septembre|octobre|novembre|décembre|january|february|march|april|may|"
    r"june|july|august|september|october|november|december|demain|tomorrow|tonight|ce\s+soir|"
    r"minuit|midnight|midi|noon|fin|end|mi-|mid-|next|prochain|début|early|late|then|alors))"
)
UNTIL_BEFORE = re.compile(
    r"\b(?:until|till|jusqu['’](?:à|au|aux))\s+(?:(?:le|la|the)\s+)?$", re.IGNORECASE
)
_CLAUSE = (
    rf"\b(?:(?P<seq>after|before|until(?!{_TIME_BOUND})|since|avant|après|depuis"
    rf"|jusqu['’]à(?!{_TIME_BOUND})|au\s+lendemain\s+(?:de|du|des|d(?=['’]))"
    r"|à\s+la\s+veille\s+(?:de|du|des|d(?=['’]))"
    r"|on\s+the\s+eve\s+of|the\s+day\s+(?:after|before)|ahead\s+of|in\s+the\s+run-up\s+to)"
    r"|(?P<sim>while|whereas|when|tandis\s+que|alors\s+que|lorsque|quand)"
    r"|(?<=,\s)(?P<rel>qui|who|whom|whose|dont|auquel|auxquels|auxquelles|à\s+laquelle)"
    r"|(?<=,\s)(?P<co>and|but|et|mais)"
    r"|(?<=\s)(?P<cov>and\s+(?:will|would|is\s+due\s+to|is\s+to|then|later)"
    r"|et\s+(?:doit|devrait|va|rencontrera|recevra|s['’]entretiendra)))\b"
)
CLAUSE = re.compile(_CLAUSE, re.IGNORECASE)
_CLAUSE_LOW = re.compile(_CLAUSE)  # searched in the lowercased text (see geo.dates._caseless)


def caseless_search(pattern: re.Pattern, text: str, lo: int, hi: int) -> re.Match | None:
    """``pattern.search(text, lo, hi)`` for a ``pattern`` that ignores case and is written in
    lowercase: searched matching case in the lowercased text when there is one (see
    geo.dates._caseless), as re ignoring case is slower.  The offsets are the same; the groups
    are lowercased.  ``text`` is a whole text, whose lowercased copy is kept."""
    low = _caseless(text)
    if low is None:
        return pattern.search(text, lo, hi)
    return _matching_case(pattern).search(low, lo, hi)


@cache
def _matching_case(pattern: re.Pattern) -> re.Pattern:
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def find_clause(text: str, lo: int, hi: int) -> re.Match | None:
    """``CLAUSE.search(text, lo, hi)``, searched in the lowercased text when there is one."""
    low = _caseless(text)
    if low is None:
        return CLAUSE.search(text, lo, hi)
    return _CLAUSE_LOW.search(low, lo, hi)


SINCE = re.compile(r"(?i:since|depuis)\b")
CLAUSE_END = re.compile(r"[,;:()—–]")
# « à », « au palais de », "in", "at the": what comes before the place of a meeting
LOCATIVE = re.compile(
    r"(?:\b(?:à|au|aux|en|dans|in|at|near|to|vers)\s+(?:(?:l['’]|la\s+|le\s+|les\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:d['’]|de\s+|du\s+|of\s+|in\s+))?(?:l['’]|la\s+|le\s+|the\s+)?)$",
    re.IGNORECASE,
)
# « le sommet d'Helsinki », "the Anchorage summit": a city naming a meeting
NAMED_AFTER = re.compile(r"\b(?:sommet|rencontre|summit)\s+(?:de\s+|d['’])$", re.IGNORECASE)
NAMED_BEFORE = re.compile(r"\s+(?:summit|talks)\b")
# a leader in the possessive: "Trump's inauguration"
POSSESSIVE = re.compile(r"['’]s\b")
# a host's verb: "Biden will host leaders" at a summit is that summit
HOSTING = re.compile(r"\bhost|\baccueill|\breçoi|\brecevr", re.IGNORECASE)
# a visit verb whose object is the place visited: "visited Kyiv", « a visité Pékin »
VISITED = re.compile(r"\bvisit(?:ed|s|ing)?$|\bvisit(?:é|ée|era|eront|ait)$")
# an agency dateline: "BISHKEK, Kyrgyzstan (Reuters) -", « MOSCOU (AFP) - »
DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{2,40}?)(?:,\s*[^,()\n]{2,40}?)?(?:,\s*[^()\n]{3,25}?)?\s*"
    r"\((?:AFP|Reuters|AP|Associated Press|Xinhua|TASS|Tass|Bloomberg|dpa|DPA|ANSA|EFE|Anadolu|"
    r"RIA Novosti|Sputnik|UPI|Belga|ATS|Kyodo|Yonhap)\)\s*[-—–]",
    re.MULTILINE,
)


@cache
def trigger_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """The (family, compiled pattern) pairs of every trigger family but *summit*."""
    return tuple((family, re.compile(pattern)) for family, pattern in _TRIGGERS)


@cache
def _family_words() -> tuple[re.Pattern, ...]:
    """The compiled _TRIGGER_WORDS, in the order of trigger_patterns()."""
    return tuple(re.compile(_by_first_letter(_TRIGGER_WORDS[family])) for family, _ in _TRIGGERS)


@cache
def _any_of(words: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """One pattern for ``words``: one search in C instead of a search per word."""
    return re.compile("|".join(map(re.escape, words)), flags)


def _holds(words: tuple[str, ...], text: str, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold one of ``words`` (lowercase), in any case?"""
    low = _caseless(text)
    if low is not None:
        return _any_of(words).search(low, lo, hi) is not None
    return _any_of(words, re.IGNORECASE).search(text, lo, hi) is not None


def _not_a_meeting(text: str, low: str | None, lo: int, start: int) -> bool:
    """Is the trigger starting at ``start`` negated, requested or merely possible (what
    ``text[lo:start]`` ends with, 60 characters at most)?"""
    lo = max(lo, start - 60)
    if low is not None and not _NOT_A_MEETING_WORDS.search(low, lo, start):
        return False
    return _NOT_A_MEETING.search(text, lo, start) is not None


def _may_be_denied(text: str, low: str | None, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` deny a meeting or call one off (_DENIED, _CALLED_OFF)?"""
    if low is not None and not _DENIED_WORDS.search(low, lo, hi):
        return False
    return bool(_DENIED.search(text, lo, hi) or _CALLED_OFF.search(text, lo, hi))


def _may_hold_summit(text: str, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold what every summit trigger needs (see _SUMMIT_ORG_WORDS)?"""
    # the summit noun first: fewer sentences hold one than lack both acronym and full name
    return _holds(_SUMMIT_NOUN_WORDS, text, lo, hi) and (
        _ACRONYM.search(text, lo, hi) is not None or _holds(_SUMMIT_ORG_WORDS, text, lo, hi)
    )


@cache
def _summit_pattern() -> re.Pattern:
    """A summit noun before an organisation (« sommet de l'OCS ») or after it ("SCO summit")."""
    return re.compile(
        rf"(?i:\b(?:{_SUMMIT_NOUN}))\b(?:\s+[\w'’-]+){{0,3}}?\s+"
        r"(?i:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+the\s+|of\s+)"
        rf"(?:{_ORG})"
        rf"|(?:{_ORG})(?:['’]s)?\s+(?:(?i:annual|extraordinary|anniversary|virtual|online)\s+)?"
        r"(?i:summit|sommet|meeting)\b"
    )


def find_ordinals(text: str, lo: int, hi: int) -> list[re.Match]:
    """``ORDINAL.finditer(text, lo, hi)``, a stretch without an ordinal word left at once."""
    low = _caseless(text)
    if low is not None and not _any_of(_ORDINAL_WORDS).search(low, lo, hi):
        return []
    return list(ORDINAL.finditer(text, lo, hi))


def in_family(family: str, sentence: str) -> bool:
    """Does ``sentence`` hold a trigger of ``family`` (negated or not)?"""
    for (name, pattern), words in zip(trigger_patterns(), _family_words(), strict=True):
        if name == family:
            return words.search(sentence) is not None and pattern.search(sentence) is not None
    raise ValueError(f"no trigger family {family!r}; expected one of {[f for f, _ in _TRIGGERS]}")


def _denied(text: str, lo: int, hi: int, start: int, end: int) -> bool:
    """Is the trigger at ``start:end`` denied earlier in its sentence, or called off in it?"""
    if _DENIED.search(text, lo, start):
        return True
    off = _CALLED_OFF.search(text, lo, hi)
    return off is not None and (off.start() >= end or off.end() + 40 >= start)


# _COUNT and _DEMONSTRATIVE matching case, searched in the lowercased text (see _caseless):
# re ignoring case is slower
_COUNT_LOW = re.compile(_COUNT.pattern)
_DEMONSTRATIVE_LOW = re.compile(_DEMONSTRATIVE.pattern)


def _counts_times(text: str, low: str | None, end: int, hi: int) -> bool:
    """Does _TIMES match at ``end`` (« plus de 40 fois », "more than 40 times")?  Every match
    holds « fois » or "times": a sentence without either is not searched."""
    if low is not None and low.find("fois", end, hi) < 0 and low.find("times", end, hi) < 0:
        return False
    return _TIMES.match(text, end, hi) is not None


def on_sidelines(text: str, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold SIDELINES (« en marge du sommet », "on the sidelines of")?
    Every match holds « marge », "sidelines" or "margin": most sentences are not searched."""
    low = _caseless(text)
    if low is None:
        return SIDELINES.search(text, lo, hi) is not None
    if not _any_of(_SIDELINES_WORDS).search(low, lo, hi):
        return False
    return _SIDELINES_LOW.search(low, lo, hi) is not None


_SIDELINES_WORDS = ("marge", "sidelines", "margin")
_SIDELINES_LOW = re.compile(SIDELINES.pattern)  # SIDELINES matching case, for the lowercased text


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger at ``start:end``: its family, whether « ce/cette » points it back at a
    meeting already told, and whether it counts several meetings (« deux appels »)."""

    start: int
    end: int
    family: str
    demonstrative: bool = False
    aggregate: bool = False


def find_triggers(text: str, lo: int, hi: int, negated: list[int] | None = None) -> list[Trigger]:
    """The triggers of ``text[lo:hi]`` in text order, negated and requested ones left out
    (their starts are appended to ``negated`` when it is given).

    Of overlapping triggers the most specific stays (a call before a meeting word, then the
    longest); summit triggers stay even where they overlap another, so « sommet de l'OCS »
    gives both the *summit* family and the *meet* family of its word « sommet ».  A summit
    « auquel Modi n'a pas participé » still took place: only « ne pas participer au sommet »
    (the negation before it) leaves it out.
    """
    found: list[tuple[int, int, str, re.Match | None]] = []
    left_out: list[int] = []
    low = _caseless(text)
    if _may_hold_summit(text, lo, hi):
        for m in _summit_pattern().finditer(text, lo, hi):
            if not _not_a_meeting(text, low, lo, m.start()):
                found.append((m.start(), m.end(), "summit", None))
            else:
                left_out.append(m.start())
    for (family, pattern), words in zip(trigger_patterns(), _family_words(), strict=True):
        if not words.search(text, lo, hi):
            continue
        for m in pattern.finditer(text, lo, hi):
            if not _not_a_meeting(text, low, lo, m.start()):
                found.append((m.start(), m.end(), family, m))
            else:
                left_out.append(m.start())
    if found and _may_be_denied(text, low, lo, hi):
        left_out += [t[0] for t in found if _denied(text, lo, hi, t[0], t[1])]
        found = [t for t in found if not _denied(text, lo, hi, t[0], t[1])]
    if negated is not None:
        negated.extend(sorted(left_out))
    # overlapping triggers: calls beat the rest (« entretiens téléphoniques »), summits next
    rank = {"video": 0, "phone": 0, "summit": 1, "visit": 2, "meet": 2, "contact": 3}
    found.sort(key=lambda t: (rank[t[2]], -(t[1] - t[0]), t[0]))
    kept: list[Trigger] = []
    for start, end, family, m in found:
        if family == "summit":
            kept.append(Trigger(start, end, family))
        elif not any(start < k.end and k.start < end for k in kept if k.family != "summit"):
            before = (text if low is None else low)[max(lo, start - 30) : start]
            counts = _COUNT if low is None else _COUNT_LOW
            counted = bool(counts.search(before)) or _counts_times(text, low, end, hi)
            plural = bool(_PLURAL.search(m.group().split()[0]))
            aggregate = counted or (family in ("video", "phone") and plural)
            points = _DEMONSTRATIVE if low is None else _DEMONSTRATIVE_LOW
            demonstrative = bool(points.search(before))
            kept.append(Trigger(start, end, family, demonstrative, aggregate))
    return sorted(kept, key=lambda t: t.start)
