"""geo/articles.py: decoding, HTML, front matter, metadata, folders, batches of files."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from conftest import ENGLISH, FRENCH, SEED_IDS, SEEDS

from geo.articles import _normalise_published as normalise_published
from geo.articles import (
    article_from_bytes,
    article_from_text,
    expand_inputs,
    iter_articles,
    load_article,
    load_articles,
    load_corpus,
    load_metadata_csv,
)
from geo.errors import ArticleError, GeoError

# --------------------------------------------------------------------------------------------
# Text exactly as read_text gives it (the gold offsets depend on this)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        FRENCH,
        "Windows lines\r\nà Pékin\r\n",
        "old Mac\rlines\r",
        "mixed\r\n\rand\n\r\nend",
        "no final newline, NBSP before colon\u00a0: Moscou",
        "line separator\u2028and NEL\x85 are not newlines for read_text",
        "tab\tand form feed\x0c kept",
    ],
)
def test_utf8_text_equals_read_text(write, content):
    path = write("a.txt", content)
    assert load_article(path).text == Path(path).read_text(encoding="utf-8")


def test_crlf_becomes_lf_and_offsets_follow(write):
    path = write("a.txt", "Ligne un\r\nà Pékin\r\n")
    text = load_article(path).text
    assert text == "Ligne un\nà Pékin\n"
    assert text[11:16] == "Pékin"


def test_seed_texts_equal_read_text_and_take_csv_metadata():
    articles = load_corpus()
    assert tuple(a.id for a in articles) == SEED_IDS
    for article in articles:
        assert article.text == (SEEDS / article.id).read_text(encoding="utf-8")
        assert article.lang == "fr"
    first = articles[0]
    assert first.published == "2024-07-03"
    assert first.title.startswith("Poutine et Xi se rencontrent au sommet")
    assert articles[1].source == "French Press TV"
    assert articles[0].source is None and articles[0].url is None


def test_utf8_bom_is_dropped(write):
    path = write("bom.txt", b"\xef\xbb\xbf" + "États-Unis\n".encode())
    assert load_article(path).text == "États-Unis\n"


def test_utf16_with_bom(write):
    path = write("u16.txt", "Pékin et Moscou\r\n".encode("utf-16"))
    assert load_article(path).text == "Pékin et Moscou\n"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_western_encoding_is_decoded(write, encoding):
    # charset-normalizer alone reads short French cp1252 as cp1250 and turns "à" into "ŕ".
    for text in ("Pékin, Moscou, États-Unis", "Réunion à Pékin, puis à Moscou."):
        path = write("legacy.txt", text.encode(encoding))
        assert load_article(path).text == text


def test_cp1252_punctuation_and_crlf(write):
    text = "L’Élysée « salue » la réunion de Pékin… à 10 € près.\r\n"
    path = write("quotes.txt", text.encode("cp1252"))
    assert load_article(path).text == "L’Élysée « salue » la réunion de Pékin… à 10 € près.\n"


def test_cyrillic_legacy_encoding_goes_to_the_detector(write):
    text = "Встреча в Москве: президенты обсудили сотрудничество и торговлю между странами."
    path = write("ru.txt", text.encode("cp1251"))
    assert load_article(path).text == text


# --------------------------------------------------------------------------------------------
# Files that are not articles
# --------------------------------------------------------------------------------------------


def test_binary_file_is_refused_with_its_name(write):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    path = write("photo.txt", png)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert "photo.txt" in str(caught.value)
    assert caught.value.path == str(path)
    assert "binary" in caught.value.problem


def test_control_characters_without_nul_are_refused(write):
    path = write("noise.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 65]) * 100)
    with pytest.raises(ArticleError, match="binary"):
        load_article(path)


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_file(write, content):
    path = write("empty.txt", content)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert caught.value.problem == "empty file"


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError) as caught:
        load_article(tmp_path / "absent.txt")
    assert caught.value.problem == "no such file"
    assert str(caught.value).endswith("absent.txt: no such file")


def test_folder_given_as_file(tmp_path):
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(ArticleError, match="folder"):
        load_article(folder)


def test_unsupported_extension(write):
    with pytest.raises(ArticleError, match=r"unsupported file type '\.pdf'"):
        load_article(write("report.pdf", b"%PDF-1.7 text"))


def test_article_error_is_a_geo_error():
    assert issubclass(ArticleError, GeoError)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="fr-FR"><head>
<title>Xi Jinping à Astana</title>
<meta property="og:title" content="Titre OG">
<meta property="article:published_time" content="2024-07-03T09:30:00+02:00">
<meta property="og:site_name" content="Le Journal">
<style>p { color: red }</style>
<script>var capitale = "Paris";</script>
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> Berlin</nav>
<article>
<h1>Xi Jinping  à Astana</h1>
<p>Le président chinois est <b>arrivé</b>
au Kazakhstan.</p>
<script>document.write("Londres")</script>
<p>Il se rendra ensuite<br>à Douchanbé.</p>
<div hidden>Tokyo</div>
<ul><li>Moscou</li><li>Pékin</li></ul>
</article>
<noscript>Activez JavaScript à Rome</noscript>
</body></html>"""


def test_html_keeps_only_visible_text_in_paragraphs(write):
    article = load_article(write("page.html", PAGE))
    assert article.text == (
        "Xi Jinping à Astana\n\n"
        "Le président chinois est arrivé au Kazakhstan.\n\n"
        "Il se rendra ensuite\nà Douchanbé.\n\n"
        "Moscou\nPékin"
    )
    for hidden in ("Paris", "Londres", "Berlin", "Accueil", "Tokyo", "Rome", "color"):
        assert hidden not in article.text


def test_html_metadata_from_the_page(write):
    article = load_article(write("page.htm", PAGE))
    assert article.title == "Xi Jinping à Astana"
    assert article.published == "2024-07-03"
    assert article.lang == "fr"
    assert article.source == "Le Journal"
    assert article.id == "page.htm"


def test_html_og_title_when_no_title_tag(write):
    page = '<html><head><meta property="og:title" content=" Sommet  de l’OCS "></head>'
    page += "<body><p>Texte.</p></body></html>"
    assert load_article(write("og.html", page)).title == "Sommet de l’OCS"


def test_html_given_metadata_wins(write):
    path = write("page.html", PAGE)
    article = load_article(path, metadata={"title": "Mon titre", "published": "2024-07"})
    assert (article.title, article.published) == ("Mon titre", "2024-07")


def test_html_bad_page_date_is_dropped_not_fatal(write):
    page = '<html><head><meta name="date" content="mercredi"></head><body><p>Texte.</p></body>'
    assert load_article(write("d.html", page)).published is None


def test_html_without_visible_text(write):
    with pytest.raises(ArticleError, match="no visible text"):
        load_article(write("blank.html", "<html><head><title>T</title></head><body> </body>"))


def test_html_nbsp_is_kept(write):
    article = load_article(write("n.html", "<p>Pékin&nbsp;:   accord</p>"))
    assert article.text == "Pékin\u00a0: accord"


# --------------------------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------------------------


def test_front_matter_gives_metadata_and_is_removed(write):
    body = "Le sommet s’est tenu à Astana.\n"
    content = (
        "---\ntitle: Sommet d’Astana\ndate: 2024-07-03\nlang: fr\nsource: Le Monde\n"
        "url: https://example.org/a\n---\n" + body
    )
    article = load_article(write("a.md", content))
    assert article.text == body
    assert article.text.index("Astana") == 23
    assert article.title == "Sommet d’Astana"
    assert article.published == "2024-07-03"  # YAML gives a datetime.date
    assert (article.lang, article.source, article.url) == (
        "fr",
        "Le Monde",
        "https://example.org/a",
    )


def test_front_matter_with_crlf_and_published_key(write):
    content = "---\r\npublished: '2024-07'\r\n---\r\nTexte à Pékin.\r\n"
    article = load_article(write("a.txt", content.encode()))
    assert (article.text, article.published) == ("Texte à Pékin.\n", "2024-07")


def test_malformed_front_matter_is_an_error(write):
    path = write("bad.md", "---\ntitle: [Astana\nlang: fr\n---\nTexte.\n")
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert "bad.md" in str(caught.value)
    assert caught.value.problem.startswith("malformed YAML front matter")
    assert "\n" not in str(caught.value)


def test_front_matter_must_be_a_mapping(write):
    with pytest.raises(ArticleError, match="must be a YAML mapping"):
        load_article(write("list.md", "---\n- a\n- b\n---\nTexte.\n"))


def test_front_matter_bad_date_names_the_value(write):
    with pytest.raises(ArticleError, match="'03/07/2024'"):
        load_article(write("d.md", "---\npublished: 03/07/2024\n---\nTexte.\n"))


def test_unclosed_rule_at_the_top_is_text(write):
    content = "---\nUn filet de séparation, pas de métadonnées.\n"
    assert load_article(write("r.txt", content)).text == content


def test_front_matter_only(write):
    with pytest.raises(ArticleError, match="no article text"):
        load_article(write("fm.md", "---\ntitle: Rien\n---\n\n"))


# --------------------------------------------------------------------------------------------
# Metadata: articles.csv, dates, languages
# --------------------------------------------------------------------------------------------


def test_articles_csv_metadata_is_applied(write, write_csv):
    write("a.txt", FRENCH)
    write("b.txt", ENGLISH)
    write_csv(
        [
            {"file": "a.txt", "title": "Sommet", "published": "2024-07", "lang": "fr"},
            {"file": "b.txt", "title": "", "published": "2024/07/03", "source": "AP"},
        ]
    )
    a, b = sorted(load_articles([write("a.txt", FRENCH).parent])[0], key=lambda x: x.id)
    assert (a.title, a.published, a.lang, a.source) == ("Sommet", "2024-07", "fr", None)
    assert (b.title, b.published, b.lang, b.source) == (None, "2024-07-03", "en", "AP")


def test_csv_applies_to_explicit_files_and_beats_front_matter(write, write_csv):
    path = write("a.md", "---\ntitle: Du fichier\npublished: 2020-01-01\n---\n" + FRENCH)
    write_csv([{"file": "a.md", "title": "Du CSV"}])
    (article,) = iter_articles([path])
    assert (article.title, article.published) == ("Du CSV", "2020-01-01")


def test_load_metadata_csv(write_csv):
    path = write_csv([{"file": "x.txt", "title": " T ", "published": "", "extra": "ignored"}])
    assert load_metadata_csv(path) == {"x.txt": {"title": "T"}}


def test_metadata_csv_without_file_column(write_csv):
    with pytest.raises(ArticleError, match="no 'file' column"):
        load_metadata_csv(write_csv([{"name": "x.txt"}]))


def test_bad_csv_is_reported_once_and_articles_still_load(write, write_csv):
    write("a.txt", FRENCH)
    write("b.txt", ENGLISH)
    csv_path = write_csv([{"name": "a.txt"}])
    articles, errors = load_articles([csv_path.parent])
    assert [a.id for a in articles] == ["a.txt", "b.txt"]
    assert [e.path for e in errors] == [str(csv_path)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-03", "2024-07-03"),
        ("2024-07", "2024-07"),
        ("2024/07/03", "2024-07-03"),
        ("2024/7/3", "2024-07-03"),
        ("2024-07-03T10:00:00Z", "2024-07-03"),
        (dt.date(2022, 9, 15), "2022-09-15"),
        (dt.datetime(2022, 9, 15, 8, 30), "2022-09-15"),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_published_is_normalised(value, expected):
    assert normalise_published(value, "x.txt") == expected


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "03/07/2024", "July 2024", "2024"])
def test_unparseable_published_is_an_error(value):
    with pytest.raises(ArticleError, match="YYYY-MM-DD"):
        normalise_published(value, "x.txt")


def test_language_detected_for_french_without_metadata(write):
    article = load_article(write("fr.txt", FRENCH))
    assert article.lang == "fr"
    assert (article.title, article.published) == (None, None)  # never invented


def test_language_detected_for_english(write):
    assert load_article(write("en.txt", ENGLISH)).lang == "en"


def test_language_not_guessed_from_too_little_text(write):
    assert load_article(write("short.txt", "Paris.\n")).lang is None


@pytest.mark.parametrize(("given", "expected"), [("FR", "fr"), ("fr-FR", "fr"), ("en_GB", "en")])
def test_given_language_is_normalised(write, given, expected):
    assert load_article(write("a.txt", FRENCH), metadata={"lang": given}).lang == expected


def test_bad_language_code(write):
    with pytest.raises(ArticleError, match="ISO 639-1"):
        load_article(write("a.txt", FRENCH), metadata={"lang": "français"})


# --------------------------------------------------------------------------------------------
# Folders and batches
# --------------------------------------------------------------------------------------------


def test_expand_inputs_skips_readme_hidden_and_csv(write, tmp_path):
    for name in ("b.txt", "a.md", "README.md", ".hidden.txt", "articles.csv", "notes.json"):
        write(f"corpus/{name}", "Texte.")
    write("corpus/sub/c.html", "<p>Texte.</p>")
    write("corpus/.git/d.txt", "Texte.")
    corpus = tmp_path / "corpus"
    assert [p.relative_to(corpus).as_posix() for p in expand_inputs([corpus])] == [
        "a.md",
        "b.txt",
        "sub/c.html",
    ]
    readme = corpus / "README.md"
    assert expand_inputs([readme, corpus / "missing.txt"]) == [readme, corpus / "missing.txt"]
    assert load_article(readme).text == "Texte."  # named explicitly: read


def test_batch_with_a_bad_file_still_yields_the_good_ones(write, tmp_path):
    good1 = write("1.txt", FRENCH)
    bad = write("2.txt", b"\x00\x01binary\x00")
    good2 = write("3.txt", ENGLISH)
    missing = tmp_path / "4.txt"
    errors: list[ArticleError] = []
    articles = list(iter_articles([good1, bad, missing, good2], on_error=errors.append))
    assert [a.id for a in articles] == ["1.txt", "3.txt"]
    assert [(e.path, e.problem) for e in errors] == [
        (str(bad), "binary file (contains NUL bytes), not text"),
        (str(missing), "no such file"),
    ]


def test_iter_articles_without_on_error_raises(write):
    with pytest.raises(ArticleError):
        list(iter_articles([write("e.txt", b"")]))


def test_empty_folder_is_reported(tmp_path):
    articles, errors = load_articles([tmp_path])
    assert articles == []
    assert len(errors) == 1 and "no .txt" in errors[0].problem


# --------------------------------------------------------------------------------------------
# Uploads behave like files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", "Pékin, Moscou, États-Unis\r\n".encode("cp1252")),
        ("a.md", b"---\ntitle: T\npublished: 2024-07\n---\n" + FRENCH.encode()),
        ("a.html", PAGE.encode()),
    ],
)
def test_upload_equals_file(write, name, data):
    from_file = load_article(write(name, data))
    from_upload = article_from_bytes(data, name)
    assert from_upload.text == from_file.text
    assert (from_upload.title, from_upload.published, from_upload.lang) == (
        from_file.title,
        from_file.published,
        from_file.lang,
    )
    assert from_upload.id == name and from_upload.path is None


def test_upload_metadata_and_errors():
    data = FRENCH.encode()
    article = article_from_bytes(data, "dir/x.txt", title="Donné", published="2024/07/03")
    assert (article.id, article.title, article.published) == ("x.txt", "Donné", "2024-07-03")
    with pytest.raises(ArticleError, match="binary"):
        article_from_bytes(b"\x00" * 10 + b"abc", "x.txt")


def test_article_from_text():
    article = article_from_text("---\ntitle: Collé\n---\r\n" + FRENCH, id="paste-1")
    assert (article.id, article.title, article.lang) == ("paste-1", "Collé", "fr")
    assert article.text == FRENCH
    with pytest.raises(ArticleError, match="empty"):
        article_from_text("  \n", id="paste-2")


# --------------------------------------------------------------------------------------------
# Size
# --------------------------------------------------------------------------------------------


def test_fifty_megabyte_file_loads_in_linear_time(write):
    line = "Le président russe est arrivé à Pékin pour rencontrer son homologue.\r\n"
    data = (line * (50_000_000 // len(line.encode()) + 1)).encode()
    path = write("big.txt", data)
    started = time.perf_counter()
    article = load_article(path)
    elapsed = time.perf_counter() - started
    assert len(article.text) == len(data.decode()) - data.count(b"\r")
    assert article.lang == "fr"
    assert elapsed < 15, f"50 MB took {elapsed:.1f}s"
