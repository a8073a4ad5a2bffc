"""A copy of an embedded store's document registry in one JSON file.

``reportqa list`` only shows the registry, yet reading it from Chroma means importing
chromadb: most of a second, two-thirds of a cold ``ask``. The copy lets the console entry
point (``reportqa.cli.entry``) list the store with the standard library alone.

The copy may only ever be missing, never stale. A missing copy sends ``list`` the slow
way, which writes it again. The rules that keep it so, for any number of processes on
one machine (a Chroma server can be written from elsewhere, so server stores have none):

- a registry write deletes the copy before it starts and again after it has stamped the
  new registry version;
- a copy is written only from records read under a known version, and after the file is
  in place the writer reads the version again and deletes the file if it moved.

A copy written from an old read either lands before the writer's second delete (and is
deleted by it) or after it, when the new version is already stamped (and its own writer
sees the change and deletes it).

Only the standard library is imported here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER = "registry-snapshot"
FORMAT = 1


def snapshot_path(home: Path | str, collection: str) -> Path:
    return Path(home) / FOLDER / f"{collection}.json"


def read(home: Path | str, collection: str) -> list[dict[str, Any]] | None:
    """The registry records (as ``DocumentRecord.model_dump()`` gives them), sorted by
    source; None when there is no usable copy."""
    try:
        with open(snapshot_path(home, collection), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    records = data.get("records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return None
    return records


def invalidate(home: Path | str, collection: str) -> None:
    try:
        os.unlink(snapshot_path(home, collection))
    except FileNotFoundError:
        pass
    except OSError:
        pass  # an unwritable store: nothing was written there either


def write(
    home: Path | str,
    collection: str,
    version: str,
    records: list[dict[str, Any]],
    current_version: Callable[[], str | None],
) -> bool:
    """Save ``records``, read under ``version``; keep the file only if the registry is
    still at that version once it is in place. True when the copy was kept."""
    target = snapshot_path(home, collection)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump({"format": FORMAT, "version": version, "records": records}, handle)
        os.replace(partial, target)
    except OSError:
        try:
            os.unlink(partial)
        except OSError:
            pass
        return False
    try:
        moved = current_version() != version
    except Exception:
        moved = True  # cannot tell: do not leave a copy that may be old
    if moved:
        invalidate(home, collection)
    return not moved
