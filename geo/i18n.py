"""The dashboard's interface strings, in French and English.

French is the default (the bundled corpus is French).  Map labels (legend, popups) live in
:mod:`geo.maps`; the strings here are the dashboard's own: widget labels, headings, messages.
:func:`t` falls back to English, then to the key itself, so a missing translation shows up as
readable text rather than an exception in front of a user.
"""

from __future__ import annotations

__all__ = ["LANGS", "STRINGS", "format_date", "format_number", "t"]

#: Interface languages, default first.
LANGS: tuple[str, ...] = ("fr", "en")

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

#: key -> {lang: text}; ``{name}`` placeholders are filled by :func:`t`.
STRINGS: dict[str, dict[str, str]] = {
    "title": {
        "fr": "geo-explorer : lieux, blocs et rencontres",
        "en": "geo-explorer: places, blocs and meetings",
    },
    "language": {"fr": "Langue", "en": "Language"},
    "view": {"fr": "Carte", "en": "Map"},
    "organisation": {"fr": "Organisation", "en": "Organisation"},
    "date": {"fr": "Date", "en": "Date"},
    "date_help": {
        "fr": "Les pays sont colorés selon leur statut dans l'organisation à cette date.",
        "en": "Countries are coloured by their status in the organisation on this day.",
    },
    "filters": {"fr": "Filtres", "en": "Filters"},
    "filter_articles": {"fr": "Articles", "en": "Articles"},
    "filter_types": {"fr": "Types de lieux", "en": "Place types"},
    "filter_countries": {"fr": "Pays", "en": "Countries"},
    "filter_query": {"fr": "Rechercher dans les extraits", "en": "Search the excerpts"},
    "all": {"fr": "Tous", "en": "All"},
    "corpus": {"fr": "Corpus", "en": "Corpus"},
    "upload": {
        "fr": "Vos articles (.txt, .md, .html)",
        "en": "Your articles (.txt, .md, .html)",
    },
    "upload_csv": {
        "fr": "Métadonnées (articles.csv, facultatif)",
        "en": "Metadata (articles.csv, optional)",
    },
    "upload_mode": {"fr": "Articles déposés", "en": "Uploaded articles"},
    "mode_merge": {"fr": "ajoutés au corpus fourni", "en": "added to the bundled corpus"},
    "mode_replace": {"fr": "à la place du corpus fourni", "en": "instead of the bundled corpus"},
    "parsing": {"fr": "Analyse de {name} ({i}/{n})", "en": "Parsing {name} ({i}/{n})"},
    "parsed": {"fr": "{n} article(s) analysé(s)", "en": "{n} article(s) parsed"},
    "bad_file": {"fr": "{path} : {problem}", "en": "{path}: {problem}"},
    "store": {"fr": "Dépôt batch (dossier)", "en": "Batch store (folder)"},
    "store_help": {
        "fr": "Un dossier écrit par « geo batch » : ses résultats remplacent le corpus.",
        "en": "A folder written by 'geo batch': its results replace the corpus.",
    },
    "store_opened": {"fr": "Dépôt ouvert : {path}", "en": "Store opened: {path}"},
    "no_text": {
        "fr": "Le dépôt garde les extraits, pas le texte entier des articles.",
        "en": "The store keeps excerpts, not the articles' full text.",
    },
    "store_big": {
        "fr": "Grand dépôt ({n} articles) : la carte montre les {k} lieux et rencontres les "
        "plus cités, avec un échantillon d'extraits.",
        "en": "Big store ({n} articles): the map shows the {k} most-cited places and "
        "meetings, with a sample of excerpts.",
    },
    "store_big_filters": {
        "fr": "Sur un grand dépôt, le filtre par article et la recherche dans les extraits "
        "sont désactivés (il faudrait relire chaque mention) ; types et pays s'appliquent.",
        "en": "On a big store, the article filter and the excerpt search are off (they would "
        "read every mention again); place types and countries apply.",
    },
    "store_big_uploads": {
        "fr": "Ajoutez des articles à un grand dépôt avec « geo batch ».",
        "en": "Add articles to a big store with 'geo batch'.",
    },
    "shown_of": {
        "fr": "Carte : {places} lieux les plus mentionnés sur {places_total}, {meetings} "
        "rencontres les plus rapportées sur {meetings_total}.",
        "en": "Map: the {places} most-mentioned of {places_total} places, the {meetings} "
        "most-reported of {meetings_total} meeting events.",
    },
    "sampled_excerpts": {
        "fr": "Extraits : un échantillon de {k} article(s) sur {n}.",
        "en": "Excerpts: a sample of {k} article(s) out of {n}.",
    },
    "store_downloads": {
        "fr": "Grand dépôt : exportez toutes les mentions ou rencontres avec « geo export "
        "--store {path} --what mentions » (ou meetings).",
        "en": "Big store: export every mention or meeting with 'geo export --store {path} "
        "--what mentions' (or meetings).",
    },
    "countries_layer": {"fr": "Pays (statut)", "en": "Countries (status)"},
    "articles": {"fr": "Articles", "en": "Articles"},
    "places": {"fr": "Lieux", "en": "Places"},
    "mentions": {"fr": "Mentions", "en": "Mentions"},
    "meetings": {"fr": "Rencontres", "en": "Meetings"},
    "excerpts": {"fr": "Extraits", "en": "Excerpts"},
    "focus": {"fr": "Afficher les extraits de…", "en": "Show the excerpts of…"},
    "focus_none": {"fr": "(cliquez sur la carte)", "en": "(click the map)"},
    "focus_hint": {
        "fr": "Cliquez sur un pays, une bulle ou une rencontre de la carte, ou choisissez-les "
        "ci-dessus, pour lire les extraits qui les mentionnent.",
        "en": "Click a country, a bubble or a meeting on the map, or pick one above, to read "
        "the excerpts that mention it.",
    },
    "no_excerpt": {
        "fr": "Aucun extrait (avec les filtres actuels) ne mentionne {name}.",
        "en": "No excerpt (with the current filters) mentions {name}.",
    },
    "kind_place": {"fr": "Lieu", "en": "Place"},
    "kind_country": {"fr": "Pays", "en": "Country"},
    "kind_meeting": {"fr": "Rencontre", "en": "Meeting"},
    "kind_catalog": {"fr": "Catalogue", "en": "Catalog"},
    "more_articles": {"fr": "… et {n} autre(s) article(s)", "en": "… and {n} more article(s)"},
    "n_excerpts": {
        "fr": "{n} extrait(s) dans {k} article(s)",
        "en": "{n} excerpt(s) in {k} article(s)",
    },
    "untitled": {"fr": "Article sans titre", "en": "Untitled article"},
    "open_article": {"fr": "Lire l'article entier", "en": "Read the whole article"},
    "article_legend": {
        "fr": "Surlignés : tous les lieux reconnus ; en orange : {name}.",
        "en": "Highlighted: every place recognised; in orange: {name}.",
    },
    "article_legend_meeting": {
        "fr": "Surlignés : tous les lieux reconnus ; sur fond bleu : le passage qui rapporte "
        "{name}.",
        "en": "Highlighted: every place recognised; on blue: the passage that reports {name}.",
    },
    "timeline": {"fr": "Chronologie des rencontres", "en": "Meetings timeline"},
    "no_meetings": {"fr": "Aucune rencontre datée.", "en": "No dated meeting."},
    "table": {"fr": "Lieux mentionnés", "en": "Places mentioned"},
    "downloads": {"fr": "Téléchargements", "en": "Downloads"},
    "downloads_hint": {
        "fr": "La vue actuelle (organisation, date et filtres) en GeoJSON, et la carte en un "
        "seul fichier HTML qui s'ouvre sans réseau.",
        "en": "The current view (organisation, date and filters) as GeoJSON, and the map as a "
        "single HTML file that opens without a network.",
    },
    "dl_mentions": {"fr": "Mentions (GeoJSON)", "en": "Mentions (GeoJSON)"},
    "dl_meetings": {"fr": "Rencontres (GeoJSON)", "en": "Meetings (GeoJSON)"},
    "dl_membership": {"fr": "Adhésions (GeoJSON)", "en": "Membership (GeoJSON)"},
    "dl_map": {"fr": "Carte (HTML autonome)", "en": "Map (self-contained HTML)"},
    "share": {
        "fr": "L'adresse de la page garde l'organisation, la date et les filtres : "
        "copiez-la pour partager cette vue.",
        "en": "The page address keeps the organisation, date and filters: copy it to share "
        "this view.",
    },
    "col_name": {"fr": "Lieu", "en": "Place"},
    "col_type": {"fr": "Type", "en": "Type"},
    "col_country": {"fr": "Pays", "en": "Country"},
    "col_mentions": {"fr": "Mentions", "en": "Mentions"},
    "col_articles": {"fr": "Articles", "en": "Articles"},
    "col_date": {"fr": "Date", "en": "Date"},
    "col_kind": {"fr": "Type", "en": "Kind"},
    "col_place": {"fr": "Lieu", "en": "Place"},
    "col_participants": {"fr": "Participants", "en": "Participants"},
    "type_country": {"fr": "pays", "en": "country"},
    "type_city": {"fr": "ville", "en": "city"},
    "type_region": {"fr": "région", "en": "region"},
    "type_site": {"fr": "site", "en": "site"},
    "meeting_summit": {"fr": "Sommet", "en": "Summit"},
    "meeting_bilateral": {"fr": "Rencontre bilatérale", "en": "Bilateral meeting"},
    "meeting_visit": {"fr": "Visite", "en": "Visit"},
    "meeting_video_call": {"fr": "Visioconférence", "en": "Video call"},
    "meeting_phone_call": {"fr": "Appel téléphonique", "en": "Phone call"},
    "no_place": {"fr": "sans lieu", "en": "no place"},
    "undated": {"fr": "non datée", "en": "undated"},
    "error": {"fr": "Erreur : {message}", "en": "Error: {message}"},
}


def t(key: str, lang: str = "fr", **values: object) -> str:
    """The interface string ``key`` in ``lang`` ("fr" or "en"), with ``{name}``s filled in.

    Falls back to English, then to ``key``, when a translation is missing.
    """
    entry = STRINGS.get(key)
    text = key if entry is None else entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text


def format_number(value: int, lang: str = "fr") -> str:
    """A count as a reader writes it: "23 456" (narrow no-break space) or "23,456"."""
    text = f"{int(value):,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def format_date(value: str | None, lang: str = "fr") -> str:
    """An ISO day, month or year as a reader writes it: "4 juillet 2024", "July 2024", "2024".

    Anything else is returned as it is (never an exception in front of a reader).
    """
    if not value:
        return ""
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return value
    months = _MONTHS["fr" if lang == "fr" else "en"]
    if len(numbers) == 1 or len(numbers) > 3 or not 1 <= numbers[1] <= 12:
        return parts[0] if len(numbers) == 1 else value
    month = months[numbers[1] - 1]
    if len(numbers) == 2:
        return f"{month} {numbers[0]}"
    if lang == "fr":
        return f"{'1er' if numbers[2] == 1 else numbers[2]} {month} {numbers[0]}"
    return f"{numbers[2]} {month} {numbers[0]}"
