"""Question files for `reportqa batch`: .txt, .csv and .yaml, validated into one shape.

Analysts keep their briefing questions in whatever they have at hand: a plain list, a
spreadsheet export, or a structured YAML with sections. All three become a
:class:`QuestionSet`, and every mistake in a file is reported as one line that names
the file and the line (or entry) to fix, never as a traceback.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportqa.question_input import question_problem

SUFFIXES = (".txt", ".csv", ".yaml", ".yml")
FILTER_KEYS = ("publisher", "doc", "after", "before")
DEFAULT_SECTION = "Questions"


class QuestionFileError(ValueError):
    """A question file the user has to fix; the message is one line."""


@dataclass
class Filters:
    """Per-question (or per-section) restrictions, as the user wrote them."""

    publishers: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    after: str | None = None
    before: str | None = None

    def is_empty(self) -> bool:
        return not (self.publishers or self.docs or self.after or self.before)

    def merged_over(self, outer: Filters) -> Filters:
        """A question's own filters win over its section's, field by field."""
        return Filters(
            publishers=self.publishers or outer.publishers,
            docs=self.docs or outer.docs,
            after=self.after or outer.after,
            before=self.before or outer.before,
        )


@dataclass
class QuestionItem:
    id: str
    question: str
    section: str
    filters: Filters = field(default_factory=Filters)


@dataclass
class QuestionSet:
    title: str
    items: list[QuestionItem]

    @property
    def sections(self) -> list[str]:
        """Section names in the order they first appear."""
        return list(dict.fromkeys(item.section for item in self.items))


def load_questions(path: Path) -> QuestionSet:
    """Read and validate a question file; raises :class:`QuestionFileError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise QuestionFileError(
            f"{path.name}: unsupported question file type {suffix or '(none)'!r};"
            " use .txt, .csv or .yaml"
        )
    if not path.is_file():
        raise QuestionFileError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Briefing"
    if suffix == ".txt":
        qs = _from_txt(path.name, text, title)
    elif suffix == ".csv":
        qs = _from_csv(path.name, text, title)
    else:
        qs = _from_yaml(path.name, text, title)
    if not qs.items:
        raise QuestionFileError(f"{path.name}: no questions found")
    _check_ids(path.name, qs.items)
    return qs


def _check_question(where: str, question: Any) -> str:
    if not isinstance(question, str):
        raise QuestionFileError(f"{where}: a question must be text, got {question!r}")
    question = " ".join(question.split())
    problem = question_problem(question)
    if problem:
        raise QuestionFileError(f"{where}: {problem}")
    return question


def _check_ids(name: str, items: list[QuestionItem]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise QuestionFileError(f"{name}: question id {item.id!r} is used twice")
        seen.add(item.id)


def _from_txt(name: str, text: str, title: str) -> QuestionSet:
    items = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        question = _check_question(f"{name}:{lineno}", stripped)
        items.append(QuestionItem(f"q{len(items) + 1}", question, DEFAULT_SECTION))
    return QuestionSet(title, items)


def _split_list(value: str | None) -> list[str]:
    """A CSV cell may hold several values separated by ';'."""
    return [v.strip() for v in (value or "").split(";") if v.strip()]


# A quoted CSV field: opens at the start of a field, "" inside is a quote, then closes.
_FIELD_QUOTE = re.compile(r'(?:^|(?<=[,\r\n]))"', re.MULTILINE)
_QUOTED_REST = re.compile(r'[^"]*(?:""[^"]*)*"(?!")')


def _unclosed_quote_line(text: str) -> int | None:
    """The line where a quoted field opens and is never closed, if one does.

    The csv module reads such a quote to the end of the file as one field, so every
    question after it would silently become part of one long "question".
    """
    at = 0
    while (opening := _FIELD_QUOTE.search(text, at)) is not None:
        closing = _QUOTED_REST.match(text, opening.end())
        if closing is None:
            return text.count("\n", 0, opening.start()) + 1
        at = closing.end()
    return None


def _from_csv(name: str, text: str, title: str) -> QuestionSet:
    unclosed = _unclosed_quote_line(text)
    if unclosed is not None:
        raise QuestionFileError(f"{name}:{unclosed}: a quote opens here and is never closed")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _csv_questions(name, reader, title)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise QuestionFileError(
            f"{name}:{reader.line_num + 1}: not readable as CSV ({exc})"
        ) from exc


def _csv_questions(name: str, reader: csv.DictReader, title: str) -> QuestionSet:
    columns = [c.strip().lower() for c in (reader.fieldnames or []) if c is not None]
    if "question" not in columns:
        raise QuestionFileError(f"{name}: the CSV needs a 'question' column (found: {columns})")
    known = {"question", "id", "section", *FILTER_KEYS, "publishers", "docs"}
    unknown = [c for c in columns if c and c not in known]
    if unknown:
        raise QuestionFileError(
            f"{name}: unknown column(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    items = []
    for row in reader:
        lineno = reader.line_num
        if None in row:
            raise QuestionFileError(f"{name}:{lineno}: more cells than columns")
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        where = f"{name}:{lineno}"
        question = _check_question(where, row.get("question", ""))
        filters = _filters(
            where,
            {
                "publisher": _split_list(row.get("publisher") or row.get("publishers")),
                "doc": _split_list(row.get("doc") or row.get("docs")),
                "after": row.get("after") or None,
                "before": row.get("before") or None,
            },
        )
        items.append(
            QuestionItem(
                id=row.get("id") or f"q{len(items) + 1}",
                question=question,
                section=row.get("section") or DEFAULT_SECTION,
                filters=filters,
            )
        )
    return QuestionSet(title, items)


def _filters(where: str, raw: Any) -> Filters:
    from reportqa.dates import normalise_date

    if raw is None:
        return Filters()
    if not isinstance(raw, dict):
        raise QuestionFileError(f"{where}: 'filters' must be a mapping")
    raw = {
        ("publisher" if k == "publishers" else "doc" if k == "docs" else k): v
        for k, v in raw.items()
    }
    unknown = [k for k in raw if k not in FILTER_KEYS]
    if unknown:
        raise QuestionFileError(
            f"{where}: unknown filter {unknown[0]!r}; known: {', '.join(FILTER_KEYS)}"
        )

    def as_list(key: str) -> list[str]:
        value = raw.get(key)
        if value is None:
            return []
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise QuestionFileError(f"{where}: filter {key!r} must be text or a list of text")
        return [v.strip() for v in values if v.strip()]

    dates: dict[str, str | None] = {}
    for key in ("after", "before"):
        value = raw.get(key)
        if value is None or value == "":
            dates[key] = None
            continue
        parsed = normalise_date(str(value))
        if not parsed:
            raise QuestionFileError(
                f"{where}: filter {key!r} expects a date like 2025, 2025-07 or 2025-07-31,"
                f" got {value!r}"
            )
        dates[key] = parsed
    return Filters(as_list("publisher"), as_list("doc"), dates["after"], dates["before"])


@lru_cache(maxsize=1)
def _yaml_loader() -> type:
    """YAML's safe loader, but a date stays the text the user wrote: YAML would build
    ``2025-13-45`` into a date object and fail with a traceback, while
    :func:`_filters` checks it and names the entry to fix."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _from_yaml(name: str, text: str, default_title: str) -> QuestionSet:
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise QuestionFileError(f"{name}{at}: {problem}") from exc
    except ValueError as exc:  # a value YAML cannot build
        raise QuestionFileError(f"{name}: not readable as YAML ({exc})") from exc
    if data is None:
        raise QuestionFileError(f"{name}: no questions found")
    if isinstance(data, list):  # a bare list of questions
        data = {"questions": data}
    if not isinstance(data, dict):
        raise QuestionFileError(f"{name}: expected a mapping with 'title' and 'sections'")
    unknown = [k for k in data if k not in ("title", "sections", "questions", "filters")]
    if unknown:
        raise QuestionFileError(
            f"{name}: unknown key {unknown[0]!r}; use title, sections, questions, filters"
        )
    title = data.get("title") or default_title
    if not isinstance(title, str):
        raise QuestionFileError(f"{name}: 'title' must be text")
    top_filters = _filters(f"{name}: filters", data.get("filters"))
    sections = data.get("sections")
    if sections is None:
        sections = [{"title": DEFAULT_SECTION, "questions": data.get("questions")}]
    elif data.get("questions") is not None:
        raise QuestionFileError(f"{name}: use either 'sections' or 'questions', not both")
    if not isinstance(sections, list):
        raise QuestionFileError(f"{name}: 'sections' must be a list")
    items: list[QuestionItem] = []
    for s_index, section in enumerate(sections, start=1):
        where = f"{name}: section {s_index}"
        if not isinstance(section, dict):
            raise QuestionFileError(f"{where}: expected a mapping with 'title' and 'questions'")
        bad = [k for k in section if k not in ("title", "questions", "filters")]
        if bad:
            raise QuestionFileError(f"{where}: unknown key {bad[0]!r}")
        s_title = section.get("title") or f"Section {s_index}"
        if not isinstance(s_title, str):
            raise QuestionFileError(f"{where}: 'title' must be text")
        s_filters = _filters(f"{where}: filters", section.get("filters")).merged_over(top_filters)
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            raise QuestionFileError(f"{where} ({s_title}): 'questions' must be a non-empty list")
        for q_index, entry in enumerate(questions, start=1):
            q_where = f"{where}, question {q_index}"
            q_id = None
            q_filters = Filters()
            if isinstance(entry, dict):
                bad = [k for k in entry if k not in ("question", "id", "filters")]
                if bad:
                    raise QuestionFileError(f"{q_where}: unknown key {bad[0]!r}")
                q_id = entry.get("id")
                q_filters = _filters(f"{q_where}: filters", entry.get("filters"))
                entry = entry.get("question")
            question = _check_question(q_where, entry)
            items.append(
                QuestionItem(
                    id=str(q_id) if q_id is not None else f"q{len(items) + 1}",
                    question=question,
                    section=s_title,
                    filters=q_filters.merged_over(s_filters),
                )
            )
    return QuestionSet(title, items)
