"""A field's vocabulary, as data: an optional profile, never code.

The answerer understands questions from general grammar, the corpus's own statistics and
the reports' metadata. A shelf of one field may add what those cannot give: the words
too common in the field to tell passages apart, the kinds of quantity it measures
("admissions", "deaths" for health), its actors' other names, and groups of things (a
vaccine is a medicine). That is a YAML profile, here for a health shelf:

    generic: [health, patient, care]
    stages: {admissions: [admission, admissions, admitted], deaths: [death, deaths, died]}
    entities: {WHO: [who, world health organization]}
    materials: {vaccines: [vaccine, vaccines, immunisation]}
    members: {vaccines: [bcg, mmr]}
    other_names: [[eswatini, swaziland]]
    list_nouns: [diseases, facilities]
    question_words: [long, take]

named by ``REPORTQA_PROFILE``, or found as ``profile.yaml`` in the store's home (ingest
copies it there from a folder of reports that holds one). Without a profile every part
is empty and the answerer works on grammar and statistics alone.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PROFILE_NAME = "profile.yaml"
# the folders whose reports the store's copy of a profile speaks for (JSON list)
SCOPE_NAME = "profile-scope.json"


class ProfileError(ValueError):
    """A profile file that cannot be read: named, with the part that is wrong."""


@dataclass(frozen=True)
class Lexicon:
    generic: frozenset[str] = frozenset()
    stages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    materials: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    other_names: tuple[tuple[str, ...], ...] = ()
    list_nouns: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    source: str | None = None  # the file it came from

    def __hash__(self) -> int:  # a key for the caches of question analysis
        return hash(self.source)


EMPTY = Lexicon()


def _words(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ProfileError(f"{where}: expected a list of words")
    return tuple(str(v).lower() for v in value)


def _groups(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProfileError(f"{where}: expected a mapping of name -> list of words")
    return {str(k): _words(v, f"{where}.{k}") for k, v in value.items()}


def load_profile(path: Path) -> Lexicon:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: unreadable profile ({exc})") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: expected a mapping (generic, stages, entities, ...)")
    known = {"generic", "stages", "entities", "materials", "members", "other_names",
             "list_nouns", "question_words"}  # fmt: skip
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProfileError(f"{path}: unknown section(s) {', '.join(unknown)}")
    other = data.get("other_names") or []
    if not isinstance(other, list):
        raise ProfileError(f"{path}: other_names: expected a list of lists of names")
    return Lexicon(
        generic=frozenset(_words(data.get("generic"), f"{path}: generic")),
        stages=_groups(data.get("stages"), f"{path}: stages"),
        entities={k: v for k, v in _groups(data.get("entities"), f"{path}: entities").items()},
        materials=_groups(data.get("materials"), f"{path}: materials"),
        members=_groups(data.get("members"), f"{path}: members"),
        other_names=tuple(_words(g, f"{path}: other_names") for g in other),
        list_nouns=frozenset(_words(data.get("list_nouns"), f"{path}: list_nouns")),
        question_words=frozenset(_words(data.get("question_words"), f"{path}: question_words")),
        source=str(path),
    )


_active: Lexicon = EMPTY
_loaded: dict[tuple[str, float], Lexicon] = {}


def active() -> Lexicon:
    """The lexicon question analysis uses now (EMPTY unless a profile was chosen): the
    one pinned for this thread's question, else the one in use."""
    return getattr(_local, "pinned", None) or _active


def use(lexicon: Lexicon) -> None:
    """Make ``lexicon`` the one question analysis reads; caches keyed on it follow."""
    global _active
    if lexicon is not _active:
        _active = lexicon
        from reportqa.answering import question

        question.clear_caches()


def profile_path(profile: Path | None, home: Path) -> Path | None:
    """The profile named in settings, else the store's copy, else none."""
    if profile is not None:
        return profile
    copy = home / PROFILE_NAME
    return copy if copy.is_file() else None


_local = threading.local()  # the lexicon pinned for the question this thread answers


@contextmanager
def pinned(lexicon: Lexicon) -> Iterator[None]:
    """Read one question with ``lexicon``, in this thread only, whatever the steps it
    runs ask of :func:`activate` (the retriever activates the store's profile for
    callers that use it alone)."""
    before = getattr(_local, "pinned", None)
    _local.pinned = lexicon
    try:
        yield
    finally:
        _local.pinned = before


def activate(profile: Path | None, home: Path) -> Lexicon:
    """Load (once per file version) and use the profile for these settings."""
    held = getattr(_local, "pinned", None)
    if held is not None:
        return held
    path = profile_path(profile, home)
    if path is None:
        use(EMPTY)
        return EMPTY
    try:
        key = (str(path.resolve()), path.stat().st_mtime)
    except OSError as exc:
        raise ProfileError(f"{path}: no such profile file") from exc
    if key not in _loaded:
        _loaded[key] = load_profile(path)
    use(_loaded[key])
    return _loaded[key]


def profile_scope(home: Path) -> list[str] | None:
    """The folders whose reports the store's profile speaks for; None when the store
    does not say (a store ingested before scopes were kept: the whole shelf)."""
    path = home / SCOPE_NAME
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    folders = _read_scope(str(path), stamp)
    return list(folders) if folders is not None else None


@lru_cache(maxsize=8)
def _read_scope(path: str, stamp: int) -> tuple[str, ...] | None:
    """The scope file's folders, read once per version of the file (asked every question)."""
    try:
        folders = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return tuple(str(f) for f in folders) if isinstance(folders, list) else None


def record_scope(home: Path, folder: Path, new_profile: bool) -> None:
    """Note that ``folder``'s reports are the profile's: the only ones when its profile
    replaced another (or none), one more when it is the same profile."""
    folders = [] if new_profile else (profile_scope(home) or [])
    where = str(folder.resolve())
    if where not in folders:
        folders.append(where)
    target = home / SCOPE_NAME
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(folders), encoding="utf-8")
    os.replace(temporary, target)


def in_scope(path: str, folders: list[str]) -> bool:
    """Is the report at ``path`` one of those the profile speaks for?"""
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")
