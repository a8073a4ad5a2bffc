"""Start-up cost: commands load only the heavy libraries they use.

Each check runs the CLI in a fresh interpreter and lists which heavy modules ended up in
``sys.modules``: an import moved to the top of a module would make these fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("torch", "transformers", "sentence_transformers", "chromadb", "llama_index")

PROBE = """
import json, sys
from reportqa.cli import app
try:
    app(sys.argv[1:], prog_name="reportqa")
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded_modules(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """Top-level module names imported by ``reportqa ARGS`` in a new interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["ingest", "--help"],
        ["list", "--help"],
        ["retrieve", "--help"],
        ["ask", "--help"],
        ["chat", "--help"],
    ],
)
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    loaded = loaded_modules(args)
    assert "typer" in loaded  # the probe really ran the CLI
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_retrieve_with_fake_embedder_needs_no_model_or_llama_index(
    fake_settings, corpus_copy: Path, tmp_path: Path
) -> None:
    """A query opens Chroma but imports neither torch nor llama-index."""
    from ingest.pipeline import Ingestor

    Ingestor(fake_settings).ingest([corpus_copy])
    env = {"REPORTQA_HOME": str(fake_settings.home), "REPORTQA_EMBEDDING__BACKEND": "fake"}
    loaded = loaded_modules(["retrieve", "China refining share 2024", "--json"], env=env)
    assert "chromadb" in loaded  # it did query the store (and the probe sees heavy imports)
    assert not loaded & {"torch", "transformers", "sentence_transformers", "llama_index"}


ENTRY_PROBE = """
import json, sys
sys.argv = ["reportqa", *sys.argv[1:]]
from reportqa.cli.entry import run
code = 0
try:
    run()
except SystemExit as exc:
    code = exc.code or 0
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
sys.stderr.write("\\nCODE " + str(code))
"""


def clean_environ() -> dict[str, str]:
    """The test process's environment without reportqa settings, which steer the CLI."""
    return {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}


def run_entry(
    args: list[str], cache: Path, env: dict[str, str] | None = None
) -> tuple[str, set[str], int]:
    """stdout, top-level modules loaded and exit code of the console entry point."""
    out = subprocess.run(
        [sys.executable, "-c", ENTRY_PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean_environ(), "XDG_CACHE_HOME": str(cache), "COLUMNS": "100", **(env or {})},
    )
    tail = out.stderr.rsplit("\nMODULES ", 1)[1]
    modules, code = tail.split("\nCODE ")
    return out.stdout, set(json.loads(modules)), int(code)


@pytest.mark.parametrize("args", [["--help"], ["ask", "--help"], ["batch", "--help"]])
def test_help_is_served_from_the_cache_without_typer(args: list[str], tmp_path: Path) -> None:
    first, first_modules, first_code = run_entry(args, tmp_path)
    second, second_modules, second_code = run_entry(args, tmp_path)
    assert first_code == second_code == 0
    assert "typer" in first_modules  # the first call rendered the help through the real CLI
    assert "Usage: reportqa" in first and "--help" in first
    assert second == first
    assert "typer" not in second_modules and "click" not in second_modules
    assert not second_modules & set(HEAVY)


def test_help_cache_follows_the_cli_source(tmp_path: Path) -> None:
    """An edited CLI (or another typer) must never be answered with stale help."""
    from reportqa.cli import entry

    source = tmp_path / "cli.py"
    source.write_text("one")
    before = entry.help_cache_key(["--help"], cli_source=str(source))
    assert before == entry.help_cache_key(["--help"], cli_source=str(source))
    assert before != entry.help_cache_key(["ask", "--help"], cli_source=str(source))
    source.write_text("two")
    assert entry.help_cache_key(["--help"], cli_source=str(source)) != before
    assert entry.help_cache_key(["--help"], cli_source=str(tmp_path / "gone.py")) is None


def test_failed_help_is_not_cached(tmp_path: Path) -> None:
    _, _, code = run_entry(["no-such-command", "--help"], tmp_path)
    assert code == 2
    assert not list((tmp_path / "reportqa" / "help").glob("*.txt"))
    _, modules, _ = run_entry(["no-such-command", "--help"], tmp_path)
    assert "typer" in modules  # still rendered (and refused) by the real CLI


def test_non_help_commands_go_to_the_cli(tmp_path: Path) -> None:
    from reportqa.cli.entry import is_help_request

    assert is_help_request([]) and is_help_request(["--help"])
    assert is_help_request(["ask", "--help"])
    assert not is_help_request(["ask", "what share?"])
    assert not is_help_request(["--home", "x", "ask", "--help"])
    assert not is_help_request(["ask", "--help", "--json"])


def test_list_parses_only_what_the_registry_copy_can_answer() -> None:
    from reportqa.cli.entry import fast_list_request

    assert fast_list_request(["list"], {}) == (".reportqa", False)
    assert fast_list_request(["list", "--json"], {"REPORTQA_HOME": "/s"}) == ("/s", True)
    assert fast_list_request(["--home", "h", "list"], {"REPORTQA_HOME": "/s"}) == ("h", False)
    assert fast_list_request(["--home=h", "list", "--json"], {}) == ("h", True)
    # other settings (a server, other chunking), other commands or options: the CLI decides
    assert fast_list_request(["list"], {"REPORTQA_CHROMA_URL": "http://127.0.0.1:8000"}) is None
    assert fast_list_request(["list"], {"REPORTQA_CHUNKING__SIZE": "800"}) is None
    assert fast_list_request(["--chroma-url", "http://x:1", "list"], {}) is None
    assert fast_list_request(["list", "--jsn"], {}) is None
    assert fast_list_request(["ask", "list"], {}) is None
    assert fast_list_request(["--home", "", "list"], {}) is None


def test_list_is_printed_from_the_registry_copy_without_chroma(
    corpus_store, tmp_path: Path
) -> None:
    """Same output as the full CLI, and neither chromadb, pydantic nor typer imported."""
    import shutil

    from reportqa import registry_snapshot

    home = tmp_path / "store"
    shutil.copytree(corpus_store.home, home)
    collection = corpus_store.collection_name
    assert registry_snapshot.read(home, collection) is not None  # the ingest wrote it
    cache = tmp_path / "cache"
    slow_env = {"REPORTQA_CHUNKING__SIZE": str(corpus_store.chunking.size)}  # the same store
    for args in (["--home", str(home), "list", "--json"], ["--home", str(home), "list"]):
        fast, fast_modules, fast_code = run_entry(args, cache)
        slow, slow_modules, slow_code = run_entry(args, cache, env=slow_env)
        assert fast_code == slow_code == 0
        assert "chromadb" in slow_modules  # the full way did read Chroma
        assert not fast_modules & {"chromadb", "pydantic", "typer", *HEAVY}
        assert fast == slow
        shown = json.loads(fast) if "--json" in args else None
        assert len(shown) == 4 if shown is not None else "4 documents" in fast

    registry_snapshot.invalidate(home, collection)  # no copy: the CLI reads Chroma ...
    _, modules, code = run_entry(["--home", str(home), "list", "--json"], cache)
    assert code == 0 and "chromadb" in modules
    assert registry_snapshot.read(home, collection) is not None  # ... and writes it again
