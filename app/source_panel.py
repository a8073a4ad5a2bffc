"""Source cards under an answer and the source view a citation opens (layout only).

What is shown is decided in app.source_view (passages, highlights, the sentence's
footnotes, labels) and app.page_image (the PDF page and the quote's boxes); this
module lays it out. Report text is always escaped: a report may contain <script>.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from app.conversation import escape_markdown, highlight_markdown
from app.page_image import PageError, PageImage, PageRenderer
from app.source_view import (
    card_label,
    cited_passage,
    cited_position,
    is_pdf,
    open_label,
    page_caption,
    passage_view,
    pdf_file,
    report_passages,
    sentence_footnotes,
)
from reportqa.config import load_settings
from reportqa.models import Citation, DocumentRecord, Footnote, Passage

SOURCE_KEY = "source"  # session state: the open citation {"turn", "n", "pos", "page"}


# --------------------------------------------------------------------------- state
def open_source(turn: int, n: int) -> None:
    """A chip or a card was clicked: open citation ``n`` of turn ``turn``."""
    st.session_state[SOURCE_KEY] = {"turn": turn, "n": n, "pos": None, "page": None}


def close_source() -> None:
    st.session_state[SOURCE_KEY] = None


def _move(field: str, value: int | None) -> None:
    state = st.session_state.get(SOURCE_KEY)
    if state:
        st.session_state[SOURCE_KEY] = {**state, field: value}


# --------------------------------------------------------------------------- pages
@st.cache_resource(show_spinner=False)
def page_renderer(settings_json: str) -> PageRenderer:
    """One page-drawing worker per server (``settings_json`` is the cache key only)."""
    return PageRenderer(load_settings().chat)


@st.cache_data(show_spinner=False, max_entries=32)
def drawn_page(settings_json: str, path: str, mtime: float, page: int, quote: str) -> PageImage:
    """A drawn page, kept while the file is unchanged (``mtime`` is part of the key)."""
    return page_renderer(settings_json).render(path, page, quote)


# --------------------------------------------------------------------------- cards
def render_footnotes(notes: Sequence[Footnote]) -> None:
    if notes:
        st.markdown("**Footnotes**")
        for f in notes:
            st.markdown(escape_markdown(f"{f.n}. {f.text}"))


def render_chips(turn: int, citations: Sequence[Citation]) -> None:
    """The answer's [n] chips as buttons: each opens its source."""
    if not citations:
        return
    with st.container(horizontal=True, gap="small", key=f"chips-{turn}"):
        for c in citations:
            st.button(
                escape_markdown(f"[{c.n}]"),
                key=f"chip-{turn}-{c.n}",
                help=escape_markdown(card_label(c)),
                on_click=open_source,
                args=(turn, c.n),
            )


def render_card(
    turn: int, c: Citation, passage: Passage | None, record: DocumentRecord | None
) -> None:
    """One source card: title line, a button to open the source, the quote highlighted in
    its passage, and every footnote of the quoted sentence."""
    with st.expander(escape_markdown(card_label(c)), expanded=False):
        st.button(
            open_label(c, is_pdf(record, c)),
            key=f"open-{turn}-{c.n}",
            on_click=open_source,
            args=(turn, c.n),
            type="tertiary",
            icon=":material/open_in_new:",
        )
        view = cited_passage(c)
        if view.highlight.found:
            h = view.highlight
            st.markdown(highlight_markdown(h.before, h.quote, h.after))
        else:
            st.markdown(escape_markdown(c.passage))
        render_footnotes(sentence_footnotes(c, passage))
        st.caption(escape_markdown(Path(c.source).name))


# --------------------------------------------------------------------------- the view
@st.dialog("Source", width="large", on_dismiss=close_source)
def source_dialog(
    c: Citation,
    record: DocumentRecord | None,
    passages: Sequence[Passage],
    by_chunk: Mapping[str, Passage],
    settings_json: str,
) -> None:
    """The citation in its report: the PDF page with the quote marked, or the passage in
    its report with the neighbouring passages a click away; then the sentence's notes."""
    state = st.session_state.get(SOURCE_KEY) or {}
    st.markdown(f"**{escape_markdown(card_label(c))}**")
    if record is None:
        st.info("This report is no longer on the shelf; the passage is shown as it was cited.")
    pdf = pdf_file(record)
    drew = False
    if pdf is not None and c.page is not None:
        drew = _render_page(c, pdf, state.get("page") or c.page, settings_json)
    ordered = report_passages(passages, c.doc_id) if record is not None else []
    _render_passages(c, ordered, state.get("pos"), navigate=not drew)
    render_footnotes(sentence_footnotes(c, by_chunk.get(c.chunk_id)))
    st.caption(escape_markdown(record.path if record is not None else c.source))


def _render_page(c: Citation, pdf: Path, page: int, settings_json: str) -> bool:
    """The page image with the quote marked and page buttons; False when it cannot be drawn."""
    try:
        image = drawn_page(settings_json, str(pdf), pdf.stat().st_mtime, page, c.quote)
    except (PageError, OSError) as exc:
        st.warning(escape_markdown(f"{exc}; the passage is shown as text."))
        return False
    with st.container(horizontal=True, gap="small"):
        st.button(
            "Previous page",
            key="page-prev",
            icon=":material/chevron_left:",
            disabled=page <= 1,
            on_click=_move,
            args=("page", page - 1),
        )
        st.button(
            "Next page",
            key="page-next",
            icon=":material/chevron_right:",
            icon_position="right",
            disabled=page >= image.pages,
            on_click=_move,
            args=("page", page + 1),
        )
        if page != c.page:
            st.button("Back to the quote", key="page-back", on_click=_move, args=("page", None))
    caption = page_caption(page, image.pages, len(image.boxes), cited=page == c.page)
    st.image(image.png, caption=caption, width="stretch")
    return True


def _render_passages(
    c: Citation, ordered: Sequence[Passage], pos: int | None, navigate: bool
) -> None:
    """The passage holding the quote (or the one the analyst moved to), quote marked."""
    start = cited_position(ordered, c) if ordered else None
    if start is None:
        view = cited_passage(c)
    else:
        view = passage_view(ordered, start if pos is None or not navigate else pos, c)
    st.caption(escape_markdown(view.label if start is not None else "The cited passage"))
    h = view.highlight
    if h.found:
        st.markdown(highlight_markdown(h.before, h.quote, h.after))
    else:
        st.markdown(escape_markdown(view.passage.text))
    if not navigate or start is None:
        return
    with st.container(horizontal=True, gap="small"):
        st.button(
            "Previous passage",
            key="passage-prev",
            icon=":material/chevron_left:",
            disabled=not view.has_previous,
            on_click=_move,
            args=("pos", view.position - 1),
        )
        st.button(
            "Next passage",
            key="passage-next",
            icon=":material/chevron_right:",
            icon_position="right",
            disabled=not view.has_next,
            on_click=_move,
            args=("pos", view.position + 1),
        )
        if view.position != start:
            st.button("Back to the quote", key="passage-back", on_click=_move, args=("pos", None))
