"""How ``reportqa list`` shows the registry: JSON, or one short block per document.

Records are plain dicts (``DocumentRecord.model_dump()``), so the console entry point can
print the on-disk registry copy with this code and nothing else: only the standard library
is imported here. A block per document (title on its own line, then publisher, date, kind
and passages, then the file) reads better in 80 columns than a seven-column table, which
had to fold every title over several lines. Every field is printed through
:func:`reportqa.printable.visible`: a file or title holding a newline or an escape sequence
shows it escaped instead of forging a line of the listing.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

from reportqa.printable import visible

EMPTY = "The store is empty: run `reportqa ingest corpus/`."


def as_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(records), indent=2, ensure_ascii=False)


def _passages(record: dict[str, Any]) -> int:
    return int(record.get("chunks") or 0)


def _field(record: dict[str, Any], key: str) -> str:
    return visible(str(record.get(key) or ""))


def document_block(record: dict[str, Any], width: int) -> list[str]:
    """``doc_id  title`` (wrapped under the title), the metadata line, the source file."""
    doc_id = _field(record, "doc_id")
    title = _field(record, "title") or "(untitled)"
    indent = " " * (len(doc_id) + 2)
    lines = textwrap.wrap(
        title,
        width=max(width, len(indent) + 20),
        initial_indent=f"{doc_id}  ",
        subsequent_indent=indent,
    ) or [doc_id]
    count = _passages(record)
    facts = [_field(record, k) for k in ("publisher", "date", "kind") if record.get(k)]
    facts.append(f"{count} passage{'' if count == 1 else 's'}")
    if record.get("pages"):
        facts.append(f"{record['pages']} pages")
    lines.extend(
        textwrap.wrap(
            " · ".join(facts),
            width=max(width, len(indent) + 20),
            initial_indent=indent,
            subsequent_indent=indent,
        )
    )
    lines.append(indent + _field(record, "source"))
    return lines


def listing_text(records: Sequence[dict[str, Any]], width: int = 80) -> str:
    if not records:
        return EMPTY
    total = sum(_passages(r) for r in records)
    noun = "document" if len(records) == 1 else "documents"
    out = [f"{len(records)} {noun}, {total} passages"]
    for record in records:
        out.append("")
        out.extend(document_block(record, width))
    return "\n".join(out)


def print_listing(records: Sequence[dict[str, Any]], machine: bool = False) -> None:
    """Print the records as JSON (``machine``) or as text blocks fitted to the terminal."""
    if machine:
        print(as_json(records))
        return
    print(listing_text(records, width=min(shutil.get_terminal_size((80, 24)).columns, 100)))
