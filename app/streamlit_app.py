"""reportqa in the browser: search the reports (the full chat comes on top of this page).

All retrieval goes through the library; this file only lays out widgets.
"""

from __future__ import annotations

import streamlit as st

from reportqa.config import load_settings
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore

st.set_page_config(page_title="reportqa", page_icon="📑", layout="wide")


@st.cache_resource
def retriever() -> HybridRetriever:
    settings = load_settings()
    r = HybridRetriever(settings, store=ReportStore(settings))
    r.warm_up()
    return r


st.title("reportqa")
st.caption("Ask the reports. Every passage shows its report, page, section and footnotes.")

engine = retriever()
records = engine.store.documents()
with st.sidebar:
    st.subheader("Corpus")
    st.write(f"{len(records)} documents, {sum(r.chunks for r in records)} passages")
    for r in records:
        st.text(f"{r.title or r.source}\n{r.publisher or ''} {r.date or ''}")

question = st.text_input(
    "Question", placeholder="What share of rare earth refining does China hold?"
)
if question:
    for rank, p in enumerate(engine.retrieve(question, k=5), start=1):
        where = " · ".join(x for x in (p.title, p.date, p.section) if x)
        with st.expander(f"{rank}. {where}", expanded=rank == 1):
            st.text(p.text)
            for f in p.footnotes:
                st.caption(f"{f.n}. {f.text}")
