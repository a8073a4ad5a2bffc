"""Answer a whole question file: one shared Answerer, a thread pool, failures kept.

A briefing has dozens of questions; answering them one at a time wastes the time spent
waiting on Chroma (or a Chroma server) and on the embedder. The Answerer, its retriever
and the embedder are shared by all workers: the retriever is warmed up (model loaded,
BM25 index built) before the pool starts, so workers only read shared state. A question
that fails is recorded with its error and the others go on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reportqa.answering import Answerer
from reportqa.filters import build_filters
from reportqa.llm import LLMAnswerer
from reportqa.models import Answer, DocumentRecord, RetrievalFilters
from reportqa.questions_file import DEFAULT_SECTION, Filters, QuestionItem, QuestionSet

DEFAULT_AUTHOR = "reportqa"

ProgressCallback = Callable[["BatchEntry"], None]


@dataclass
class BatchEntry:
    """One question of the file and what became of it: an answer or an error."""

    item: QuestionItem
    answer: Answer | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def outcome(self) -> str:
        """answered | conflict | abstained | failed"""
        return "failed" if self.answer is None else self.answer.status


@dataclass
class BatchResult:
    """The answers of one question file, and what a draft needs to be sent: when it was
    made, by whom, and the store's record of each report (its metadata URL)."""

    title: str
    entries: list[BatchEntry]
    workers: int = 1
    wall_seconds: float = 0.0
    sections: list[str] = field(default_factory=list)
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    author: str = DEFAULT_AUTHOR
    documents: dict[str, DocumentRecord] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        found = Counter(e.outcome for e in self.entries)
        return {k: found.get(k, 0) for k in ("answered", "conflict", "abstained", "failed")}

    def outcome_line(self) -> str:
        """What became of the questions, without timings: the line a draft carries."""
        c = self.counts()
        return (
            f"{len(self.entries)} questions: {c['answered']} answered, {c['conflict']} conflicts,"
            f" {c['abstained']} abstained, {c['failed']} failed"
        )

    def summary(self) -> str:
        """The outcome line with the run's time and workers: for the terminal, never a draft."""
        workers = f"{self.workers} worker{'s' if self.workers != 1 else ''}"
        return f"{self.outcome_line()} ({self.wall_seconds:.1f}s, {workers})"


def draft_title(title: str, created: datetime) -> str:
    """The briefing's title: the question file's own, or its name in words; a file called
    just "questions" names nothing, so the draft is called a briefing of its date."""
    words = " ".join(title.replace("_", " ").replace("-", " ").split())
    if not words or words.casefold().rstrip("s") == DEFAULT_SECTION.casefold().rstrip("s"):
        return f"Briefing of {created.day} {created:%B %Y}"
    return title


def to_retrieval_filters(
    filters: Filters, answerer: Answerer | LLMAnswerer
) -> RetrievalFilters | None:
    """User filters -> store filters; document names are resolved against the store."""
    if filters.is_empty():
        return None
    records = answerer.retriever.store.documents() if filters.docs else []
    return build_filters(filters.publishers, filters.docs, filters.after, filters.before, records)


def _answer_one(answerer: Answerer | LLMAnswerer, item: QuestionItem, k: int | None) -> BatchEntry:
    t0 = time.perf_counter()
    try:
        answer = answerer.ask(
            item.question, k=k, filters=to_retrieval_filters(item.filters, answerer)
        )
        return BatchEntry(item, answer=answer, seconds=time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - one bad question must not stop the briefing
        message = " ".join(str(exc).split()) or type(exc).__name__
        return BatchEntry(
            item, error=f"{type(exc).__name__}: {message}"[:500], seconds=time.perf_counter() - t0
        )


def run_batch(
    answerer: Answerer | LLMAnswerer,
    questions: QuestionSet,
    workers: int = 1,
    k: int | None = None,
    on_done: ProgressCallback | None = None,
) -> BatchResult:
    """Answer every question; the result keeps the file's order whatever the finish order."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    t0 = time.perf_counter()
    answerer.warm_up()  # load the model and build BM25 once, before threads share them
    entries: list[BatchEntry | None] = [None] * len(questions.items)
    if workers == 1:
        for i, item in enumerate(questions.items):
            entries[i] = _answer_one(answerer, item, k)
            if on_done:
                on_done(entries[i])
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="batch") as pool:
            futures = {
                pool.submit(_answer_one, answerer, item, k): i
                for i, item in enumerate(questions.items)
            }
            for future in as_completed(futures):
                entry = future.result()
                entries[futures[future]] = entry
                if on_done:
                    on_done(entry)
    created = datetime.now(UTC)
    settings = getattr(answerer, "settings", None)
    return BatchResult(
        title=draft_title(questions.title, created),
        entries=[e for e in entries if e is not None],
        workers=workers,
        wall_seconds=time.perf_counter() - t0,
        sections=questions.sections,
        created=created,
        author=getattr(settings, "draft_author", None) or DEFAULT_AUTHOR,
        documents={r.doc_id: r for r in answerer.retriever.store.documents()},
    )


@contextmanager
def batch_progress(total: int, enabled: bool = True) -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr, advanced once per finished question."""
    if not enabled:
        yield lambda entry: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("answering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(entry: BatchEntry) -> None:
            progress.update(task, advance=1, description=entry.outcome)

        yield advance
