"""Imports go one way: `ingest`, `app` and `evals` use `reportqa`; the core never imports
them (only the command line wires them in), and the chat's screen-side helpers live in
`app/`. Retrieval reads words through `reportqa.words`, never through the answer layer;
the modules built on the answer layer use what `reportqa.answering` exports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIRING = "cli"  # the command line package wires ingest, eval and the chat in


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_core_never_imports_the_app_or_the_evals():
    for path in sorted((ROOT / "reportqa").rglob("*.py")):
        if WIRING in path.relative_to(ROOT / "reportqa").parts[:-1]:
            continue
        modules = imported_modules(path)
        bad = {m for m in modules if m.split(".")[0] in ("app", "evals", "ingest")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_screen_side_helpers_live_in_the_app():
    for name in ("conversation", "chat_turns", "source_view", "page_image", "upload_progress"):
        assert (ROOT / "app" / f"{name}.py").exists()
        assert not (ROOT / "reportqa" / f"{name}.py").exists()


def test_the_terminal_side_is_one_package():
    for name in ("commands", "entry", "render", "listing", "progress", "chat_launch"):
        assert (ROOT / "reportqa" / "cli" / f"{name}.py").exists()
        assert not (ROOT / "reportqa" / f"{name}.py").exists()


def imported_names(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every ``from module import name`` of a file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    ]


def test_check_and_llm_use_only_what_the_answer_layer_exports():
    import reportqa.answering

    exported = set(reportqa.answering.__all__)
    for name in ("check", "llm"):
        path = ROOT / "reportqa" / f"{name}.py"
        found = imported_names(path)
        assert any(module == "reportqa.answering" for module, _ in found)  # it does use it
        for module, imported in found:
            assert not module.startswith("reportqa.answering."), f"{name}.py imports {module}"
            if module == "reportqa.answering":
                assert imported in exported, f"{name}.py imports {imported}, not exported"


def test_retrieval_never_imports_the_answer_layer():
    for name in ("retrieve", "corpus_stats", "support", "words"):
        modules = imported_modules(ROOT / "reportqa" / f"{name}.py")
        bad = {m for m in modules if m.startswith("reportqa.answering")}
        assert not bad, f"reportqa/{name}.py imports {sorted(bad)}"


def test_the_answer_layer_is_one_package():
    for name in ("answerer", "question", "question_kind", "candidates", "scoring"):
        assert (ROOT / "reportqa" / "answering" / f"{name}.py").exists()
    for name in ("answer", "question", "question_kind"):
        assert not (ROOT / "reportqa" / f"{name}.py").exists()
