"""What the shelf of reports as a whole says about a question's words.

Two judgements of the answerer need the whole corpus, not just the retrieved passages:
how telling a word is (a rare word like "outlay" must weigh more than "production"), and
which report a question names ("according to Andaman Partners", "the July 2025 report",
"the RUSI paper") — those words come from metadata and are not expected in the text.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from reportqa.models import DocumentRecord, Passage
from reportqa.question import GENERIC, content_terms, stem

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
}
_DOC_NOUNS = r"(report|paper|note|digest|study|brief|briefing|analysis|publication|document)"
_DATED_DOC = re.compile(
    rf"\b({'|'.join(MONTHS)})\s+(\d{{4}})\s+(?:[\w-]+\s+){{0,2}}{_DOC_NOUNS}\b", re.I
)
_DOC_WORDS = {stem(w) for w in _DOC_NOUNS.strip("()").split("|")} | {stem("according")}
_GENERIC = {stem(w) for w in GENERIC}
_NAME_RUN = re.compile(r"(?:[A-Z][\w.]*\s+){1,5}[A-Z][\w.]*")


@dataclass
class DocumentHints:
    """Reports a question names, and the question words that only name them."""

    doc_ids: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    # The words that picked the reports out ("RUSI", "July", "paper"), not the other title
    # words the question shares with them: what retrieval leaves out of its searches.
    naming: set[str] = field(default_factory=set)


@dataclass
class CorpusStats:
    idf: dict[str, float]
    docs_with: dict[str, set[str]]
    meta_terms: dict[str, set[str]]
    dates: dict[str, str | None]

    @classmethod
    def build(cls, records: Sequence[DocumentRecord], passages: Sequence[Passage]) -> CorpusStats:
        df: dict[str, int] = defaultdict(int)
        docs_with: dict[str, set[str]] = defaultdict(set)
        for p in passages:
            for t in set(content_terms(f"{p.section or ''} {p.text}")):
                df[t] += 1
                docs_with[t].add(p.doc_id)
            for run in _NAME_RUN.finditer(p.text):  # "U.S. Geological Survey" names USGS
                letters = "".join(
                    "".join(ch for ch in w if ch.isupper()) if "." in w else w[0]
                    for w in run.group(0).split()
                )
                docs_with.setdefault(stem(letters.lower()), set()).add(p.doc_id)
        n = max(len(passages), 1)
        idf = {t: math.log(1 + n / c) for t, c in df.items()}
        meta = {
            r.doc_id: set(
                content_terms(" ".join(x or "" for x in (r.title, r.publisher, r.author, r.kind)))
            )
            for r in records
        }
        return cls(
            idf=idf,
            docs_with=dict(docs_with),
            meta_terms=meta,
            dates={r.doc_id: r.date for r in records},
        )

    @cached_property
    def _meta_owners(self) -> dict[str, set[str]]:
        """The reports whose metadata has each word: which report a question's word can
        name, without a pass over every report per question (built on first use)."""
        owners: dict[str, set[str]] = defaultdict(set)
        for doc_id, words in self.meta_terms.items():
            for t in words:
                owners[t].add(doc_id)
        return dict(owners)

    def weight(self, term: str) -> float:
        """IDF of a word of the corpus; 0 for a word no report uses (it cannot tell
        passages apart, and is often only the asker's paraphrase)."""
        return self.idf.get(term, 0.0)

    def knows(self, term: str) -> bool:
        """Some report uses the word (or spells out the acronym)."""
        return term in self.idf or term in self.docs_with

    def hints(self, question: str) -> DocumentHints:
        hints = DocumentHints()
        terms = set(content_terms(question))
        for t in terms:
            if t in _GENERIC or t in _DOC_WORDS:
                continue
            owners = self._meta_owners.get(t, ())
            if len(owners) != 1:  # a word in several reports' metadata names none of them
                continue
            (doc_id,) = owners
            # a metadata word that other reports use in their text names nothing
            if self.docs_with.get(t, set()) - {doc_id}:
                continue
            hints.doc_ids.add(doc_id)
            hints.terms.add(t)
        for m in _DATED_DOC.finditer(question):
            prefix = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
            dated = {d for d, date in self.dates.items() if date and date.startswith(prefix)}
            if dated:
                hints.doc_ids |= dated
                hints.terms |= set(content_terms(m.group(0)))
        if hints.doc_ids:
            hints.naming = set(hints.terms) | (terms & _DOC_WORDS)
            named = set().union(*(self.meta_terms.get(d, set()) for d in hints.doc_ids))
            hints.terms |= terms & (_DOC_WORDS | named)
        return hints
