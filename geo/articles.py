"""Load articles (.txt, .md, .html/.htm) and their metadata into :class:`~geo.records.Article`.

This is one of the two stages that touch the file system (the other is export).  Everything
after it works on ``Article.text``, and every offset in the project indexes that text, so the
rules here are strict and the same for every entry point (files, folders, dashboard uploads):

- a UTF-8 file reads exactly as ``pathlib.Path.read_text(encoding="utf-8")`` reads it
  (universal newlines), minus a leading byte-order mark;
- other encodings are decoded once, here, and never guessed again downstream;
- YAML front matter (Markdown / text) and HTML markup are removed: offsets index the text the
  reader sees;
- metadata is never invented: a missing title or date stays None; only the language is detected,
  and only when the detector is confident.

A file that cannot be read raises :class:`~geo.errors.ArticleError` naming the file and the
problem, so a batch can report it and carry on with the others.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ._data import seeds_dir
from .errors import ArticleError
from .records import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "METADATA_FILE",
    "article_from_bytes",
    "article_from_text",
    "expand_inputs",
    "iter_articles",
    "load_article",
    "load_articles",
    "load_corpus",
    "load_metadata_csv",
]

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
METADATA_FILE = "articles.csv"
_HTML_SUFFIXES = (".html", ".htm")
_META_KEYS = ("title", "published", "lang", "source", "url")
_KEY_ALIASES = {"date": "published", "language": "lang", "link": "url"}

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0 controls other than tab, LF, FF, CR (and ESC, common in terminal captures), DEL, and U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
_MAX_CONTROL_SHARE = 0.01
_NON_LETTER_BYTES = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)

_DATE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2})(?:[T ]\S.*)?)?"
)
_LANG = re.compile(r"(?P<code>[A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*")

_LANG_MIN_PROB = 0.90
_LANG_MIN_LETTERS = 20
_LANG_SAMPLE = 10_000  # characters: langdetect is pure Python, a prefix is plenty

OnError = Callable[[ArticleError], object]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def load_article(path: str | os.PathLike[str], *, metadata: dict | None = None) -> Article:
    """Read one article file.

    Parameters
    ----------
    path
        A ``.txt``, ``.md``, ``.html`` or ``.htm`` file.  ``Article.id`` is its file name.
    metadata
        Values that take precedence over the file's own (front matter, HTML meta tags): usually
        the file's row of ``articles.csv``.  Keys: title, published, lang, source, url; empty
        values count as missing.

    Raises
    ------
    ArticleError
        If the file is missing, unreadable, binary, of an unsupported type, in an undetectable
        encoding, empty, or has malformed metadata (YAML, dates, language codes).
    """
    path = Path(path)
    if not path.exists():
        raise ArticleError(path, "no such file")
    _check_suffix(path, path.suffix.lower())
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except IsADirectoryError:
        raise ArticleError(path, "is a folder, not a file") from None
    except PermissionError:
        raise ArticleError(path, "permission denied") from None
    except OSError as err:
        raise ArticleError(path, f"cannot read: {err.strerror or err}") from None
    return _build_article(data, name=path.name, path=str(path), metadata=metadata)


def article_from_bytes(data: bytes, name: str, **meta: Any) -> Article:
    """Make an article from an uploaded file's bytes, exactly as :func:`load_article` would.

    ``name`` is the uploaded file's name: its extension picks the format and it becomes the
    article id.  ``meta`` (title, published, lang, source, url) overrides the file's own.
    """
    file_name = Path(name).name
    suffix = Path(file_name).suffix.lower()
    _check_suffix(name, suffix)
    return _build_article(bytes(data), name=file_name, path=None, metadata=meta)


def article_from_text(text: str, *, id: str, **meta: Any) -> Article:
    """Make an article from text typed or pasted into the dashboard.

    The text follows the ``.txt`` rules (newlines normalised, a leading BOM dropped, YAML front
    matter read and removed) so that pasting a file's content gives the same article as
    loading the file.
    """
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    return _article_from_str(text, name=id, path=None, suffix=".txt", metadata=meta)


def load_metadata_csv(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """Read an ``articles.csv``: one row per file, keyed by the ``file`` column.

    Columns besides ``file`` are optional (title, published, lang, source, url; others are
    ignored).  Empty cells are left out, so they never override a value the file itself gives.

    Raises
    ------
    ArticleError
        If the file cannot be read, has no ``file`` column or lists a file twice.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except UnicodeDecodeError as err:
        raise ArticleError(path, f"not UTF-8 (byte {err.start}); save it as UTF-8") from None
    except OSError as err:
        raise ArticleError(path, f"cannot read: {err.strerror or err}") from None
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
    if "file" not in fields:
        raise ArticleError(
            path, "no 'file' column; expected a header like file,title,published,lang,source,url"
        )
    reader.fieldnames = fields
    table: dict[str, dict[str, str]] = {}
    for row in reader:
        name = (row.get("file") or "").strip()
        if not name:
            continue
        if name in table:
            raise ArticleError(path, f"line {reader.line_num}: file {name!r} is listed twice")
        table[name] = {
            key: value.strip()
            for key in _META_KEYS
            if isinstance(value := row.get(key), str) and value.strip()
        }
    return table


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Turn command-line inputs (files and folders) into the list of article files to read.

    Folders are searched recursively, in sorted order, for .txt/.md/.html/.htm files, skipping
    hidden files and folders, ``README`` files and ``articles.csv`` (they describe the corpus,
    they are not articles).  Files named explicitly are always kept, even missing ones: loading
    them reports the problem, in order, alongside the other files.
    """
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        paths.extend(_folder_articles(path) if path.is_dir() else [path])
    return paths


def iter_articles(
    paths: Iterable[str | os.PathLike[str]], *, on_error: OnError | None = None
) -> Iterator[Article]:
    """Yield the articles of files and folders, in order, with their ``articles.csv`` metadata.

    Each file's metadata comes from the ``articles.csv`` in its own folder (read once per
    folder).  A bad file, an empty folder or a bad ``articles.csv`` is passed to ``on_error``
    and loading goes on with the rest (the files beside a bad CSV load without its metadata):
    one bad file never stops the others.  Without ``on_error`` the first error is raised.
    """

    def fail(err: ArticleError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    tables: dict[Path, dict[str, dict[str, str]]] = {}
    for item in paths:
        item = Path(item)
        files = _folder_articles(item) if item.is_dir() else [item]
        if item.is_dir() and not files:
            fail(ArticleError(item, "no .txt, .md, .html or .htm files in this folder"))
        for file in files:
            folder = file.parent
            if folder not in tables:
                tables[folder] = {}
                csv_path = folder / METADATA_FILE
                if csv_path.is_file():
                    try:
                        tables[folder] = load_metadata_csv(csv_path)
                    except ArticleError as err:
                        fail(err)
            try:
                yield load_article(file, metadata=tables[folder].get(file.name))
            except ArticleError as err:
                fail(err)


def load_articles(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Article], list[ArticleError]]:
    """Load files and folders like :func:`iter_articles`; return the articles and the errors."""
    errors: list[ArticleError] = []
    articles = list(iter_articles(paths, on_error=errors.append))
    return articles, errors


def load_corpus() -> list[Article]:
    """Load the bundled seed corpus (used when the CLI or the dashboard is given no files).

    Raises
    ------
    DataError
        If the corpus folder is missing (a broken install).
    ArticleError
        If a bundled file is unreadable.
    """
    return list(iter_articles([seeds_dir()]))


# --------------------------------------------------------------------------------------------
# Decoding: bytes -> text, the same for files and uploads
# --------------------------------------------------------------------------------------------


def _check_suffix(where: object, suffix: str) -> None:
    if suffix not in ARTICLE_SUFFIXES:
        shown = repr(suffix) if suffix else "(no extension)"
        raise ArticleError(where, f"unsupported file type {shown}; use .txt, .md, .html or .htm")


def _build_article(data: bytes, *, name: str, path: str | None, metadata: dict | None) -> Article:
    where = path or name
    text = _decode(data, where)
    return _article_from_str(
        text, name=name, path=path, suffix=Path(name).suffix.lower(), metadata=metadata
    )


def _decode(data: bytes, where: str) -> str:
    """Decode a file's bytes to text the way ``read_text(encoding="utf-8")`` would.

    UTF-8 is tried first (strict), then a byte-order mark, then Windows-1252 when it gives
    plausible Western text, then charset-normalizer.  Newlines are normalised like Python's
    universal-newline mode and a leading BOM is dropped.
    """
    if not data.strip():
        raise ArticleError(where, "empty file")
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise ArticleError(where, f"invalid {codec.upper()} text") from None
            break
    if text is None:
        if b"\x00" in data:
            raise ArticleError(where, "binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, where)
    text = text.removeprefix("\ufeff")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ArticleError(where, "binary file (mostly control characters), not text")
    return _normalise_newlines(text)


def _decode_legacy(data: bytes, where: str) -> str:
    """Decode bytes that are not UTF-8.

    Windows-1252 comes first when it decodes the bytes into mostly-ASCII text, because the
    articles are French and English: on short French text charset-normalizer picks Central
    European code pages (measured: "Pékin, Moscou, États-Unis" in cp1252 came back as cp1250,
    turning "à" into "ŕ").  Text in other scripts (Cyrillic in cp1251, say) decodes into words
    made only of accented letters under cp1252, fails the ASCII test and goes to the detector.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_western(text):
        return text
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(where, "not UTF-8 and the encoding cannot be detected; save it as UTF-8")
    return str(best)


def _looks_western(text: str) -> bool:
    # Counted with bytes operations in C: a 50 MB file must not build per-character lists.
    ascii_text = text.encode("ascii", "ignore")
    other = len(text) - len(ascii_text)
    ascii_letters = len(ascii_text.translate(None, _NON_LETTER_BYTES))
    return ascii_letters > 0 and other <= 0.3 * (ascii_letters + other)


def _normalise_newlines(text: str) -> str:
    # Exactly what universal-newline mode (read_text) does: \r\n and lone \r become \n.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------------------------
# Text -> Article: front matter, HTML, metadata
# --------------------------------------------------------------------------------------------


def _article_from_str(
    text: str, *, name: str, path: str | None, suffix: str, metadata: dict | None
) -> Article:
    where = path or name
    if suffix in _HTML_SUFFIXES:
        text, embedded = _html_text(text)
        if not text.strip():
            raise ArticleError(where, "no visible text in the HTML")
        lenient = True  # a web page's own meta tags are not the user's: bad dates are dropped
    else:
        text, embedded = _split_front_matter(text, where)
        if not text.strip():
            raise ArticleError(
                where, "no article text after the front matter" if embedded else "empty file"
            )
        lenient = False
    meta = _merge_metadata(metadata or {}, embedded, where, lenient_embedded=lenient)
    if meta.get("lang") is None:
        meta["lang"] = _detect_language(text)
    return Article(id=name, text=text, path=path, **meta)


def _split_front_matter(text: str, where: str) -> tuple[str, dict[str, Any]]:
    """Return the text without its YAML front matter block, and the block's mapping."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return text, {}
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        return text, {}  # a lone rule at the top is text, not an unclosed block
    block = text[opening.end() : closing.start()]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        line = f" at line {mark.line + 2}" if mark is not None else ""
        raise ArticleError(where, f"malformed YAML front matter{line}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ArticleError(
            where,
            f"front matter must be a YAML mapping (key: value lines), got {type(data).__name__}",
        )
    return text[closing.end() :], data


def _merge_metadata(
    given: dict, embedded: dict, where: str, *, lenient_embedded: bool
) -> dict[str, str | None]:
    """Combine metadata: ``given`` (articles.csv, the caller) wins over the file's own."""
    merged: dict[str, str | None] = dict.fromkeys(_META_KEYS)
    for source, lenient in ((embedded, lenient_embedded), (given, False)):
        for raw_key, raw_value in source.items():
            key = _KEY_ALIASES.get(str(raw_key).strip().lower(), str(raw_key).strip().lower())
            if key not in merged or (key != raw_key and key in source):
                continue  # unknown key, or an alias shadowed by the real key
            try:
                value = _clean_value(key, raw_value, where)
            except ArticleError:
                if lenient:
                    continue
                raise
            if value is not None:
                merged[key] = value
    return merged


def _clean_value(key: str, value: Any, where: str) -> str | None:
    if value is None:
        return None
    if key == "published":
        return _normalise_published(value, where)
    if isinstance(value, dict | list | tuple | set):
        raise ArticleError(where, f"metadata {key!r} must be text, got {type(value).__name__}")
    text = " ".join(str(value).split())
    if not text:
        return None
    if key == "lang":
        match = _LANG.fullmatch(text)
        if match is None:
            raise ArticleError(
                where, f"lang {text!r} is not an ISO 639-1 code such as 'fr' or 'en'"
            )
        return match["code"].lower()
    return text


def _normalise_published(value: Any, where: str) -> str | None:
    """Return ``value`` as ISO ``YYYY-MM-DD`` or ``YYYY-MM``, or None when empty."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match is not None:
        year, month = int(match["y"]), int(match["m"])
        try:
            if match["d"] is None:
                _dt.date(year, month, 1)
                return f"{year:04d}-{month:02d}"
            return _dt.date(year, month, int(match["d"])).isoformat()
        except ValueError:
            pass
    raise ArticleError(
        where,
        f"published date {text!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY/MM/DD",
    )


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

# Not shown to a reader (or navigation chrome around the article).
_SKIP_TAGS = frozenset(
    "head title script style noscript template nav svg math canvas iframe object embed "
    "audio video map select option datalist button input textarea img picture source".split()
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption details dialog div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html main ol p pre section summary "
    "table tbody thead tfoot ul".split()
)
_LINE_TAGS = frozenset("li dt dd tr legend".split())
_CELL_TAGS = frozenset("td th".split())
_HTML_SPACE = re.compile("[ \t\n\f\r]+")  # HTML collapses these, not NBSP (French typography)
_TITLE_META = (
    ("property", "og:title"),
    ("name", "twitter:title"),
    ("name", "title"),
    ("name", "dc.title"),
)
_DATE_META = (
    ("property", "article:published_time"),
    ("itemprop", "datepublished"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "pubdate"),
)


def _html_text(html: str) -> tuple[str, dict[str, str]]:
    """Return the text a reader sees in an HTML page, and the page's own metadata.

    Paragraphs and other blocks are separated by blank lines, list items and ``<br>`` by
    single newlines; whitespace collapses as a browser collapses it.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    paragraphs: list[str] = []
    lines: list[str] = []
    inline: list[str] = []

    def end_line() -> None:
        if not inline:
            return
        line = _HTML_SPACE.sub(" ", "".join(inline)).strip(" ")
        inline.clear()
        if line:
            lines.append(line)

    def end_paragraph() -> None:
        if inline:
            end_line()
        if lines:
            paragraphs.append("\n".join(lines))
            lines.clear()

    root = tree.body
    # An explicit stack instead of recursion: scraped pages can nest thousands of levels deep.
    stack: list[tuple[Any, bool]] = [(root, True)] if root is not None else []
    while stack:
        node, entering = stack.pop()
        if node.is_text_node:
            inline.append(node.text_content or "")
            continue
        if not node.is_element_node:
            continue  # comments
        tag = node.tag
        if not entering:
            if tag in _BLOCK_TAGS:
                end_paragraph()
            elif tag in _LINE_TAGS:
                end_line()
            elif tag in _CELL_TAGS:
                inline.append(" ")
            continue
        if tag in _SKIP_TAGS or _is_hidden(node):
            continue
        if tag == "br":
            end_line()
            continue
        if tag == "pre":
            end_paragraph()
            block = (node.text(deep=True) or "").strip("\n")
            if block.strip():
                paragraphs.append(block)
            continue
        if tag in _BLOCK_TAGS:
            end_paragraph()
        elif tag in _LINE_TAGS:
            end_line()
        stack.append((node, False))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, True) for c in reversed(children))
    end_paragraph()
    return "\n\n".join(paragraphs), _html_metadata(tree)


def _is_hidden(node: Any) -> bool:
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _html_metadata(tree: Any) -> dict[str, str]:
    """The page's own title, date, language, site and address, as far as it states them."""
    metas: dict[tuple[str, str], str] = {}
    for node in tree.css("meta"):
        attrs = {k.lower(): (v or "") for k, v in node.attributes.items()}
        content = attrs.get("content", "").strip()
        if not content:
            continue
        for kind in ("property", "name", "itemprop"):
            if kind in attrs:
                metas.setdefault((kind, attrs[kind].strip().lower()), content)
    found: dict[str, str] = {}
    title_node = tree.css_first("head > title")
    title = " ".join((title_node.text() if title_node is not None else "").split())
    title = title or next((metas[k] for k in _TITLE_META if k in metas), "")
    if title:
        found["title"] = title
    date = next((metas[k] for k in _DATE_META if k in metas), "")
    if date:
        found["published"] = date
    html_node = tree.css_first("html")
    lang = (html_node.attributes.get("lang") or "") if html_node is not None else ""
    if lang.strip():
        found["lang"] = lang
    if ("property", "og:site_name") in metas:
        found["source"] = metas[("property", "og:site_name")]
    canonical = tree.css_first('link[rel="canonical"]')
    url = metas.get(("property", "og:url")) or (
        canonical.attributes.get("href") if canonical is not None else None
    )
    if url:
        found["url"] = url
    return found


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------


@functools.cache
def _language_detector() -> Callable[[str], list]:
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0  # langdetect samples at random: fix the seed for repeatable runs
    return detect_langs


def _detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language when the detector is confident."""
    sample = text[:_LANG_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < _LANG_MIN_LETTERS:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    try:
        candidates = _language_detector()(sample)
    except LangDetectException:
        return None
    if not candidates or candidates[0].prob < _LANG_MIN_PROB:
        return None
    code = candidates[0].lang.split("-")[0].lower()  # "zh-cn" -> "zh"
    return code if len(code) == 2 else None


# --------------------------------------------------------------------------------------------
# Folders
# --------------------------------------------------------------------------------------------


def _folder_articles(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _is_article_name(name):
                found.append(Path(root) / name)
    return found


def _is_article_name(name: str) -> bool:
    stem, suffix = os.path.splitext(name)
    return (
        suffix.lower() in ARTICLE_SUFFIXES and not name.startswith(".") and stem.lower() != "readme"
    )
