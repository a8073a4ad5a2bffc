"""The console entry point: help, and ``list`` where it can, cost one interpreter start.

Building typer's command tree to render help (importing typer and click, inspecting every
command's signature) is most of ``reportqa --help``'s time, yet its output only changes
when the CLI's source or the installed typer changes. The rendered text is therefore kept
in ``$XDG_CACHE_HOME/reportqa/help/`` under a key made of both (and of the width it was
wrapped to); everything else goes straight to :mod:`reportqa.cli`. Only the standard
library's cheapest modules are imported here.

``reportqa list`` on an embedded store with default settings is printed from the store's
registry copy (``reportqa.registry_snapshot``) without importing chromadb, pydantic or
typer; without a copy it goes to the CLI like any other command.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.util import find_spec

_HERE = os.path.dirname(os.path.abspath(__file__))
_CLI_SOURCE = os.path.join(_HERE, "commands.py")


def is_help_request(args: list[str]) -> bool:
    """``reportqa``, ``reportqa --help`` or ``reportqa COMMAND --help`` (nothing else)."""
    if not args or args == ["--help"]:
        return True
    return len(args) == 2 and args[1] == "--help" and not args[0].startswith("-")


def help_width() -> int:
    """The width click wraps help to: the terminal's, at most 80 (as click computes it)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(min(columns or 80, 80) - 2, 50)


def help_cache_key(args: list[str], cli_source: str = _CLI_SOURCE) -> str | None:
    """A digest of what the help text depends on; None when a part cannot be read."""
    spec = find_spec("typer")
    if spec is None or spec.origin is None:
        return None
    try:
        with open(cli_source, "rb") as source:
            digest = hashlib.sha256(source.read())
        typer_stat = os.stat(spec.origin)
    except OSError:
        return None
    digest.update(f"{spec.origin}:{typer_stat.st_mtime_ns}:{typer_stat.st_size}".encode())
    digest.update(f"{sys.version}\0{help_width()}\0{os.path.basename(sys.argv[0])}".encode())
    digest.update("\0".join(args).encode())
    return digest.hexdigest()[:32]


def help_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "reportqa", "help")


def cached_help(key: str) -> str | None:
    try:
        with open(os.path.join(help_cache_dir(), key + ".txt"), encoding="utf-8") as cached:
            return cached.read()
    except OSError:
        return None


def store_help(key: str, text: str) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    folder = help_cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        partial = os.path.join(folder, f"{key}.{os.getpid()}.tmp")
        with open(partial, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(partial, os.path.join(folder, key + ".txt"))
    except OSError:
        pass


def render_help(args: list[str]) -> tuple[str, int]:
    """Run the real CLI on a help request, capturing what it prints and its exit code."""
    import contextlib
    import io

    from reportqa.cli import app

    buffer = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(buffer):
        try:
            app(args, prog_name=os.path.basename(sys.argv[0]) or "reportqa")
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return buffer.getvalue(), code


def fast_list_request(args: list[str], environ: dict[str, str]) -> tuple[str, bool] | None:
    """(store directory, --json) when ``reportqa [--home DIR] list [--json]`` can be
    answered from the registry copy: default settings, an embedded store. Any other
    setting in the environment (a server URL, other chunking) goes the full way."""
    from reportqa.defaults import HOME

    if any(k.startswith("REPORTQA_") and k != "REPORTQA_HOME" for k in environ):
        return None
    home = environ.get("REPORTQA_HOME", HOME)
    rest = list(args)
    if rest[:1] == ["--home"] and len(rest) >= 2:
        home, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--home="):
        home, rest = rest[0].split("=", 1)[1], rest[1:]
    if not home or rest not in (["list"], ["list", "--json"]):
        return None
    return home, rest == ["list", "--json"]


def list_from_snapshot(args: list[str]) -> bool:
    """Print ``reportqa list`` from the store's registry copy; False when there is none
    (the CLI then reads Chroma, and writes the copy for next time)."""
    request = fast_list_request(args, dict(os.environ))
    if request is None:
        return False
    from reportqa import registry_snapshot
    from reportqa.defaults import default_collection_name

    home, machine = request
    records = registry_snapshot.read(home, default_collection_name())
    if records is None:
        return False
    from reportqa.cli.listing import print_listing

    print_listing(records, machine=machine)
    return True


def run() -> None:
    args = sys.argv[1:]
    if not is_help_request(args):
        if list_from_snapshot(args):
            return
        from reportqa.cli import run as run_cli

        run_cli()
        return
    key = help_cache_key(args)
    text = cached_help(key) if key else None
    if text is not None:
        sys.stdout.write(text)
        return
    text, code = render_help(args)
    sys.stdout.write(text)
    if key and code == 0 and text:
        store_help(key, text)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
