"""The shelf in the sidebar: every report with its details, a Remove button, and uploads
with a progress bar (layout only; the decisions are in reportqa.shelf and
app.upload_progress, the ingest itself in ingest.pipeline)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from app.conversation import check_upload, escape_markdown, safe_upload_name
from app.upload_progress import UploadStages, outcome_line
from ingest.pipeline import Ingestor
from reportqa.answering import Answerer
from reportqa.llm import LLMAnswerer
from reportqa.models import DocumentRecord
from reportqa.shelf import remove_report, shelf_rows, uploads_folder
from reportqa.store import StoreError

SCROLL_AFTER = 5  # more reports than this: the shelf scrolls inside the sidebar
SHELF_HEIGHT = 480  # pixels


def render_shelf(
    records: Sequence[DocumentRecord],
    answerer: Answerer | LLMAnswerer,
    on_change: Callable[[], None],
) -> None:
    """One bordered row per report: title, publisher · date · pages · passages, when it
    was added, and Remove (asked once more in a popover before anything is deleted)."""
    rows = shelf_rows(records)
    height = SHELF_HEIGHT if len(rows) > SCROLL_AFTER else "content"
    with st.container(height=height, border=False, key="shelf"):
        for row in rows:
            with st.container(border=True, key=f"shelf-{row.doc_id}", gap=None):
                st.markdown(f"**{escape_markdown(row.title)}**")
                st.caption(escape_markdown(row.details))
                with st.container(
                    horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"
                ):
                    st.caption(escape_markdown(" · ".join(x for x in (row.file, row.added) if x)))
                    with st.popover(
                        "Remove",
                        icon=":material/delete:",
                        type="tertiary",
                        key=f"ask-remove-{row.doc_id}",
                    ):
                        st.markdown(f"Remove **{escape_markdown(row.title)}** from the shelf?")
                        st.button(
                            "Remove from the shelf",
                            key=f"remove-{row.doc_id}",
                            type="primary",
                            on_click=remove,
                            args=(answerer, row.doc_id, row.title, on_change),
                        )
    for ok, message in st.session_state.get("shelf_messages", []):
        (st.success if ok else st.error)(escape_markdown(message))


def remove(
    answerer: Answerer | LLMAnswerer, doc_id: str, title: str, on_change: Callable[[], None]
) -> None:
    """Take a report off the shelf; the answerer's index follows the registry version, and
    ``on_change`` drops what the page cached about the shelf (suggestions, open source)."""
    store = answerer.retriever.store
    try:
        remove_report(store, doc_id)
    except StoreError as exc:
        st.session_state.shelf_messages = [(False, f"{title}: {exc}")]
    else:
        st.session_state.shelf_messages = [(True, f"Removed {title}.")]
    st.session_state.ingest_messages = []  # "x: added" would now be stale
    store.refresh()
    on_change()


def ingest_uploads(files: list, answerer: Answerer | LLMAnswerer) -> list[tuple[bool, str]]:
    """Check, save and ingest uploaded files with a progress bar that moves through each
    file's reading, embedding and storing; one (ok, message) per file."""
    settings = answerer.settings
    folder = uploads_folder(settings.home)
    folder.mkdir(parents=True, exist_ok=True)
    messages: list[tuple[bool, str]] = []
    paths: list[Path] = []
    for f in files:
        problem = check_upload(f.name, f.size, settings.ingest.max_file_mb)
        if problem:
            messages.append((False, problem))
            continue
        target = folder / safe_upload_name(f.name)
        target.write_bytes(f.getvalue())
        paths.append(target)
    if not paths:
        return messages
    bar = st.progress(0.0, text="Starting")
    stages = UploadStages(lambda share, text: bar.progress(share, text=escape_markdown(text)))
    retriever = answerer.retriever
    try:
        # upload: the same ingest as `reportqa ingest`, into the store the chat reads
        report = Ingestor(
            settings,
            store=retriever.store,
            embedder=retriever.embedder,
            progress=stages,
            lock_timeout=30,
        ).ingest(paths)
    except StoreError as exc:  # e.g. another ingest holds the store
        bar.empty()
        return [*messages, (False, str(exc))]
    bar.empty()
    for o in report.outcomes:
        line = outcome_line(Path(o.path).name, o.status, o.chunks, o.error)
        messages.append((o.status != "failed", line))
    return messages
