"""The `streamlit run` command line of `reportqa chat`.

Streamlit has its own configuration (``~/.streamlit/config.toml``, the working directory's
``.streamlit/config.toml``, the app's ``app/.streamlit/config.toml``, ``STREAMLIT_*``
variables), and a command-line flag overrides all of it. So the command passes a flag
only for what the user gave ``reportqa chat`` (``--port``, ``--address``) and for the
upload limit, which follows reportqa's own ``ingest.max_file_mb``. The safe defaults
(bind to localhost, no browser, no usage statistics) live in the repository's
``.streamlit/config.toml``; run from elsewhere, where no configuration sets them, they are
passed as flags, so the chat never listens on every interface unless someone says so.
Standard library only.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

# (section, option) -> value used when no Streamlit configuration sets it
SAFE_DEFAULTS: dict[tuple[str, str], str] = {
    ("server", "address"): "localhost",
    ("server", "headless"): "true",
    ("browser", "gatherUsageStats"): "false",
}


def env_name(section: str, option: str) -> str:
    """Streamlit's variable: server.maxUploadSize is STREAMLIT_SERVER_MAX_UPLOAD_SIZE."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", option).upper()
    return f"STREAMLIT_{section.upper()}_{snake}"


def config_files(script: Path, cwd: Path, home: Path) -> list[Path]:
    """The files Streamlit reads, in its order (later ones win)."""
    return [
        home / ".streamlit" / "config.toml",
        cwd / ".streamlit" / "config.toml",
        script.parent / ".streamlit" / "config.toml",
    ]


def configured(section: str, option: str, env: Mapping[str, str], files: Sequence[Path]) -> bool:
    """Whether Streamlit's own configuration sets ``section.option`` (a file that cannot
    be read or parsed is left to Streamlit, which reports it itself)."""
    if env.get(env_name(section, option)):
        return True
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        table = data.get(section)
        if isinstance(table, dict) and option in table:
            return True
    return False


def streamlit_command(
    python: str,
    script: Path,
    max_file_mb: float,
    port: int | None,
    address: str | None,
    env: Mapping[str, str],
    cwd: Path,
    home: Path,
) -> list[str]:
    """``python -m streamlit run script`` with the flags described above."""
    flags: dict[str, str] = {}
    files = config_files(script, cwd, home)
    for (section, option), value in SAFE_DEFAULTS.items():
        if not configured(section, option, env, files):
            flags[f"{section}.{option}"] = value
    if port is not None:
        flags["server.port"] = str(port)
    if address is not None:
        flags["server.address"] = address
    # the browser refuses what ingest would refuse anyway
    flags["server.maxUploadSize"] = str(max(1, math.ceil(max_file_mb)))
    command = [python, "-m", "streamlit", "run", str(script)]
    for name, value in flags.items():
        command += [f"--{name}", value]
    return command
