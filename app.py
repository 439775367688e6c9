"""geo-explorer's dashboard: ``streamlit run app.py [-- --store STORE]``.

This file only wires widgets to ``geo`` calls (:mod:`geo.explore` holds what the dashboard
computes; :mod:`geo.aggregate`, :mod:`geo.maps` and :mod:`geo.export` the rest).  Loaders are
cached: the bundled corpus and the catalog once per process (``st.cache_resource``), uploads
per file (``st.cache_data``).  The map goes through ``st_folium``, built by
:func:`geo.explore.dashboard_map`: Leaflet and the country shapes are inlined (it renders with
no network), and the organisation and day travel as a small feature group, so moving the date
slider restyles the map on the page instead of reloading it.

``streamlit run app.py`` first imports this file to serve it (the ``st.App`` at the end), and
its lifespan starts :mod:`geo.warmup` as the server starts: the gazetteer, the bundled corpus
and the map's pieces are ready by the time a browser has loaded Streamlit's page.  Streamlit
then runs the file as the page (``__main__``) for every visitor and rerun.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType

import streamlit as st

from geo import warmup
from geo.errors import ArticleError, GeoError
from geo.i18n import format_date, format_number, t

if __name__ == "__main__":  # the page; serving the file (at the end) must start at once
    from streamlit_folium import st_folium

    from geo import aggregate, explore

MAP_HEIGHT = 600
MAX_PANEL_ARTICLES = 20  # articles listed beside the map; the rest are counted
_ARTICLE_CSS = (
    "<style>.geo-article{white-space:pre-wrap;line-height:1.55;font-size:0.95rem}"
    ".geo-article mark,.geo-excerpt mark{background:#FFE08A;padding:0 1px}"
    ".geo-article mark.geo-focus{background:#F5A35C;font-weight:600}"
    ".geo-article .geo-span{background:#E3F0FA}"
    ".geo-excerpt{margin:0 0 .5rem;padding-left:.6rem;border-left:3px solid #D9D9D9}</style>"
)


def _cli_store() -> str:
    """``--store STORE`` from ``streamlit run app.py -- --store STORE``."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store", default="")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.store


# ----------------------------------------------------------------------------- loaders


@st.cache_resource(show_spinner=False)
def bundled_documents() -> tuple[explore.Document, ...]:
    return explore.bundled_documents()  # also kept on disk while corpus, data and code match


@st.cache_resource(show_spinner=False)
def catalog() -> tuple:
    try:
        from geo.meetings import meeting_catalog
    except ImportError:
        return ()
    return tuple(meeting_catalog())


# Resources, not data: a Document is frozen, and a decorator for data would warn at import when
# `streamlit run` imports this file to serve it.
@st.cache_resource(show_spinner=False, max_entries=2000)
def parse_upload(name: str, data: bytes, metadata: dict | None) -> explore.Document:
    return explore.parse_upload(name, data, metadata)


@st.cache_resource(show_spinner=False, max_entries=16)
def read_metadata(data: bytes, name: str) -> Mapping:
    return MappingProxyType(explore.read_metadata(data, name))  # shared: read-only


@st.cache_resource(show_spinner=False, max_entries=4, ttl=600)
def store_corpus(path: str) -> tuple[explore.Document, ...] | explore.StoreCorpus:
    corpus = explore.open_store_corpus(path)  # a big store: its aggregates, not every mention
    # A big store's aggregates are half a million long-lived objects: frozen, the garbage
    # collector stops walking them at every full collection, a third of each re-run's time.
    gc.freeze()
    return corpus


# --------------------------------------------------------------------------- the page


def _restore_view() -> None:
    """On a session's first run, put the URL's view into the widgets' state."""
    if st.session_state.get("_restored"):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    view = explore.view_from_query(params)
    st.session_state.update(
        lang=view.lang,
        org=view.org,
        on=view.on,
        docs=list(view.docs),
        types=list(view.types),
        countries=list(view.countries),
        query=view.query,
        focus=view.focus or "",
        store=_cli_store(),
        _restored=True,
    )


def _keep_known(key: str, options: dict) -> None:
    """Drop values a widget no longer offers (a link to an article not loaded, say)."""
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]


def _sidebar_corpus(lang: str) -> explore.Corpus:
    st.sidebar.subheader(t("corpus", lang))
    store = st.sidebar.text_input(t("store", lang), key="store", help=t("store_help", lang))
    if store.strip():
        documents = store_corpus(store.strip())
        st.sidebar.caption(t("store_opened", lang, path=store.strip()))
    else:
        documents = bundled_documents()
    if isinstance(documents, explore.StoreCorpus):
        st.sidebar.caption(t("store_big", lang, n=format_number(documents.counts["articles"], lang),
                             k=format_number(aggregate.MAX_FEATURES, lang)))
        st.sidebar.caption(t("store_big_uploads", lang))
        return documents
    files = st.sidebar.file_uploader(
        t("upload", lang), type=["txt", "md", "html", "htm"], accept_multiple_files=True,
        key="uploads",
    )
    metadata_file = st.sidebar.file_uploader(t("upload_csv", lang), type=["csv"], key="metadata")
    replace_base = st.sidebar.radio(
        t("upload_mode", lang), [False, True], key="replace", horizontal=True,
        format_func=lambda r: t("mode_replace" if r else "mode_merge", lang),
    )
    if not files:
        return documents
    metadata = None
    if metadata_file is not None:
        try:
            metadata = read_metadata(metadata_file.getvalue(), metadata_file.name)
        except ArticleError as err:
            st.sidebar.warning(t("bad_file", lang, path=err.path, problem=err.problem))
    bar = st.sidebar.progress(0.0)
    uploaded, errors = explore.load_uploads(
        ((f.name, f.getvalue()) for f in files),
        metadata,
        parse=parse_upload,
        on_progress=lambda i, n, name: bar.progress(
            (i - 1) / n, text=t("parsing", lang, name=name, i=i, n=n)
        ),
    )
    bar.progress(1.0, text=t("parsed", lang, n=len(uploaded)))
    for err in errors:
        st.sidebar.warning(t("bad_file", lang, path=err.path, problem=err.problem))
    return explore.merge_documents(documents, uploaded, replace_base=replace_base)


def _sidebar_view(documents: explore.Corpus, lang: str) -> explore.View:
    st.sidebar.subheader(t("view", lang))
    orgs = {o.id: o for o in _organisations()}
    org = st.sidebar.selectbox(
        t("organisation", lang), explore.DASHBOARD_ORGS, key="org",
        format_func=lambda o: f"{orgs[o].display_acronym(lang)} — {orgs[o].display_name(lang)}",
    )
    today = date.today()
    st.session_state["on"] = min(max(st.session_state.get("on", today), explore.FIRST_DAY), today)
    on = st.sidebar.slider(
        t("date", lang), min_value=explore.FIRST_DAY, max_value=today, key="on",
        format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD", help=t("date_help", lang),
    )
    st.sidebar.subheader(t("filters", lang))
    big = isinstance(documents, explore.StoreCorpus)  # article and text filters are off
    if big:
        st.sidebar.caption(t("store_big_filters", lang))
    docs = explore.doc_options(documents, lang)
    _keep_known("docs", docs)
    chosen_docs = st.sidebar.multiselect(
        t("filter_articles", lang), list(docs), key="docs", format_func=docs.get,
        placeholder=t("all", lang), disabled=big,
    )
    types = st.sidebar.multiselect(
        t("filter_types", lang), ["country", "city", "region", "site"], key="types",
        format_func=lambda k: t(f"type_{k}", lang), placeholder=t("all", lang),
    )
    countries = explore.country_options(documents, lang)
    _keep_known("countries", countries)
    chosen_countries = st.sidebar.multiselect(
        t("filter_countries", lang), list(countries), key="countries",
        format_func=countries.get, placeholder=t("all", lang),
    )
    query = st.sidebar.text_input(t("filter_query", lang), key="query", disabled=big)
    return explore.View(
        org=org, on=on, lang=lang, docs=tuple(chosen_docs), types=tuple(types),
        countries=tuple(chosen_countries), query="" if big else query.strip(),
        focus=st.session_state.get("focus") or None,
    )


@st.cache_resource(show_spinner=False)
def _organisations() -> list:
    from geo.orgs import organisations

    return organisations()


def _show_map(collections: explore.Collections, lang: str) -> None:
    folium_map, state = explore.dashboard_map(collections, lang=lang)
    result = st_folium(
        folium_map, height=MAP_HEIGHT, use_container_width=True, feature_group_to_add=state,
        returned_objects=["last_object_clicked", "last_active_drawing"],
    )
    # st_folium returns the last click on every rerun: act on a click only once.
    click = json.dumps((result or {}).get("last_object_clicked"), sort_keys=True)
    if click != st.session_state.get("_click"):
        st.session_state["_click"] = click
        selection = explore.selection_from_click(result)
        if selection is not None:
            st.session_state["focus"] = selection.key


def _read_article(document: explore.Document, focus: explore.Focus, lang: str) -> None:
    """The whole article in a dialog, every place mention highlighted, the focus in orange."""
    article = document.article
    st.dialog(article.title or t("untitled", lang), width="large")(_article_body)(
        document, focus, lang
    )


def _article_body(document: explore.Document, focus: explore.Focus, lang: str) -> None:
    article = document.article
    meeting = focus.selection.kind in ("meeting", "catalog")
    st.caption(t("article_legend_meeting" if meeting else "article_legend", lang,
                 name=focus.label))
    st.caption(" · ".join(
        s for s in (format_date(article.published, lang), article.source, article.id) if s
    ))
    selection = focus.selection
    spans = [(m.start, m.end) for m in document.meetings
             if selection is not None and selection.kind in ("meeting", "catalog")
             and selection.id in (explore.event_key(m), m.catalog_id)]
    body = explore.article_html(article, document.mentions, focus=selection, spans=spans)
    st.html(f"{_ARTICLE_CSS}<div class=\"geo-article\">{body}</div>")


def _show_focus(documents: explore.Corpus, collections: explore.Collections, lang: str) -> None:
    options = explore.focus_options(documents, collections, lang,
                                    current=st.session_state.get("focus"))
    if st.session_state.get("focus") not in options:
        st.session_state["focus"] = ""
    focus = st.selectbox(
        t("focus", lang), [""] + list(options), key="focus",
        format_func=lambda k: options.get(k, t("focus_none", lang)),
    )
    selection = explore.Selection.parse(focus)
    if selection is None:
        st.info(t("focus_hint", lang))
        return
    shown = explore.focus_excerpts(documents, selection, lang=lang, collections=collections)
    st.markdown(f"#### {shown.label}")
    details = [shown.kind_label, *shown.details,
               t("n_excerpts", lang, n=shown.n_excerpts, k=len(shown.articles))]
    st.caption(" · ".join(details))
    if shown.sampled:
        st.caption(t("sampled_excerpts", lang, k=format_number(len(shown.articles), lang),
                     n=format_number(shown.total_articles, lang)))
    if not shown.articles:
        st.write(t("no_excerpt", lang, name=shown.label))
    by_id = {} if shown.sampled else {d.id: d for d in documents}
    for index, group in enumerate(shown.articles[:MAX_PANEL_ARTICLES]):
        with st.container(border=True):
            title = group.title or t("untitled", lang)
            st.markdown(f"**{_md_escape(title)}**")
            st.caption(" · ".join(s for s in (format_date(group.published, lang), group.doc) if s))
            items = "".join(
                f"<p class=\"geo-excerpt\">{explore.excerpt_html(e)}</p>" for e in group.excerpts
            )
            st.html(f"{_ARTICLE_CSS}{items}")
            if group.doc not in by_id or not by_id[group.doc].article.text:
                st.caption(t("no_text", lang))  # a batch store keeps excerpts, not articles
            elif st.button(t("open_article", lang), key=f"read-{index}-{group.doc}"):
                _read_article(by_id[group.doc], shown, lang)
    if len(shown.articles) > MAX_PANEL_ARTICLES:
        st.caption(t("more_articles", lang, n=len(shown.articles) - MAX_PANEL_ARTICLES))


def _md_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\`*_{}[]<>()#+-.!|~$" else c for c in text)


def _show_timeline(collections: explore.Collections, lang: str) -> None:
    import pandas as pd  # imported here: the map is on the page before the chart is built

    rows = explore.meeting_rows(collections, lang)
    if not rows:
        st.write(t("no_meetings", lang))
        return
    frame = pd.DataFrame(rows)
    frame["day"] = pd.to_datetime(frame["day"])
    st.vega_lite_chart(frame, explore.timeline_spec(lang), width="stretch")


def _show_downloads(collections: explore.Collections, view: explore.View) -> None:
    from geo.aggregate import membership_geojson
    from geo.export import geojson_text

    lang = view.lang
    st.caption(t("downloads_hint", lang))
    stem = f"geo-{view.org}-{view.on.isoformat()}"
    columns = st.columns(4)
    # Files are built only when a button is clicked (deferred), never on the rerun path.
    if collections.places.get("sampled"):  # a big store: every record is a `geo export`
        st.caption(t("store_downloads", lang, path=st.session_state.get("store", "STORE")))
    else:
        columns[0].download_button(
            t("dl_mentions", lang), lambda: geojson_text(collections.mentions),
            file_name=f"{stem}-mentions.geojson", mime="application/geo+json",
            key="dl_mentions",
        )
        columns[1].download_button(
            t("dl_meetings", lang), lambda: geojson_text(collections.records),
            file_name=f"{stem}-meetings.geojson", mime="application/geo+json",
            key="dl_meetings",
        )
    columns[2].download_button(
        t("dl_membership", lang),
        lambda: geojson_text(membership_geojson(view.org, view.on, lang, tolerance=None)),
        file_name=f"{stem}-membership.geojson", mime="application/geo+json",
        key="dl_membership",
    )
    columns[3].download_button(
        t("dl_map", lang),
        lambda: explore.export_map(collections, lang=lang, timeline=view.org),
        file_name=f"{stem}-map.html", mime="text/html", key="dl_map",
    )


def main() -> None:
    st.set_page_config(page_title="geo-explorer", page_icon="🗺️", layout="wide")
    warmup.wait()  # a first visitor takes the warm-up's values rather than computing them too
    _restore_view()
    lang = st.sidebar.radio(
        t("language", st.session_state.get("lang", "fr")), ["fr", "en"], key="lang",
        horizontal=True, format_func={"fr": "Français", "en": "English"}.get,
    )
    st.title(t("title", lang))
    try:
        corpus = _sidebar_corpus(lang)
        view = _sidebar_view(corpus, lang)
        documents = explore.filter_documents(corpus, view)
        collections = explore.view_collections(documents, view, catalog=catalog())
        counts = explore.summary(documents, collections)
        for column, key in zip(st.columns(4), ("articles", "places", "mentions", "meetings"),
                               strict=True):
            column.metric(t(key, lang), counts[key])
        if collections.places.get("sampled"):
            st.caption(explore.shown_caption(collections, lang))
        left, right = st.columns([5, 3], gap="medium")
        with left:
            _show_map(collections, lang)
        with right:
            st.subheader(t("excerpts", lang))
            _show_focus(documents, collections, lang)
        timeline, table, downloads = st.tabs(
            [t("timeline", lang), t("table", lang), t("downloads", lang)],
            key="tab", on_change="rerun",
        )
        if timeline.open:
            with timeline:
                _show_timeline(collections, lang)
        if table.open:
            with table:
                st.dataframe(explore.place_rows(collections, lang, corpus=documents),
                             hide_index=True, width="stretch")
        if downloads.open:
            with downloads:
                _show_downloads(collections, view)
        st.caption(t("share", lang))
        view = replace(view, focus=st.session_state.get("focus") or None)
        params = explore.view_to_query(view)
        current = {key: st.query_params.get_all(key) for key in st.query_params}
        if {k: v if isinstance(v, list) else [v] for k, v in params.items()} != current:
            st.query_params.from_dict(params)
    except GeoError as err:  # every error a user can cause, as one message
        st.error(t("error", lang, message=str(err)))


if __name__ == "__main__":  # Streamlit runs the page as __main__
    main()
else:  # `streamlit run app.py` imports this file to serve it: warm up while the browser loads
    app = st.App(__file__, lifespan=lambda _app: warmup.warming(_cli_store()))
