"""`reportqa chat`: what it starts, and one clear line for a bad setting.

Streamlit's own configuration (STREAMLIT_* variables, .streamlit/config.toml) must be able
to choose the port and the address: the command passes them only when they were given.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportqa.cli import commands as cli
from reportqa.cli.chat_launch import configured, env_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def started(monkeypatch, tmp_path):
    """Runs `reportqa chat` with Streamlit replaced; returns (command, env) of the call.

    HOME and the working directory are empty folders and no STREAMLIT_* variable is set,
    so only what a test adds configures Streamlit.
    """
    for name in [n for n in os.environ if n.startswith("STREAMLIT_")]:
        monkeypatch.delenv(name)
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    calls: list[tuple[list[str], dict]] = []

    def fake_call(command, env):
        calls.append((command, env))
        return 0

    monkeypatch.setattr(cli.subprocess, "call", fake_call)

    def start(*args: str) -> tuple[dict[str, str], dict]:
        result = CliRunner().invoke(cli.app, [*args])
        assert result.exit_code == 0, result.output
        command, env = calls[-1]
        assert command[1:4] == ["-m", "streamlit", "run"]
        assert command[4].endswith("streamlit_app.py")
        flags = command[5:]
        assert all(f.startswith("--") for f in flags[::2]), flags
        return dict(zip(flags[::2], flags[1::2], strict=True)), env

    return start


def test_chat_starts_streamlit_with_the_store_and_upload_limit(started, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTQA_INGEST__MAX_FILE_MB", "2.5")
    home = tmp_path / "store"
    options, env = started("--home", str(home), "chat", "--port", "8765", "--address", "127.0.0.1")
    assert options["--server.port"] == "8765"
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.maxUploadSize"] == "3"
    assert env["REPORTQA_HOME"] == str(home)


def test_host_is_another_name_for_address(started):
    options, _ = started("chat", "--host", "0.0.0.0")
    assert options["--server.address"] == "0.0.0.0"
    assert "--server.port" not in options


def test_without_options_no_port_is_passed(started):
    """Streamlit then takes its own default (8501) or what its configuration says."""
    options, _ = started("chat")
    assert "--server.port" not in options


def test_streamlit_server_port_variable_is_not_overridden(started, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_PORT", "8610")
    options, env = started("chat")
    assert "--server.port" not in options
    assert env["STREAMLIT_SERVER_PORT"] == "8610"


def test_a_config_toml_in_the_working_directory_decides(started):
    config = Path.cwd() / ".streamlit" / "config.toml"
    config.parent.mkdir()
    config.write_text('[server]\nport = 8620\naddress = "0.0.0.0"\nheadless = false\n')
    options, _ = started("chat")
    assert "--server.port" not in options
    assert "--server.address" not in options
    assert "--server.headless" not in options


def test_the_user_config_in_home_decides_too(started):
    config = Path.home() / ".streamlit" / "config.toml"
    config.parent.mkdir()
    config.write_text('[server]\naddress = "192.168.1.5"\n')
    options, _ = started("chat")
    assert "--server.address" not in options


def test_unconfigured_address_falls_back_to_localhost(started):
    """Started outside the repository, with nothing configured, it still binds locally."""
    options, _ = started("chat")
    assert options["--server.address"] == "localhost"
    assert options["--server.headless"] == "true"


def test_a_broken_config_file_is_left_to_streamlit(started):
    config = Path.cwd() / ".streamlit" / "config.toml"
    config.parent.mkdir()
    config.write_text("[server\naddress = ")
    options, _ = started("chat")
    assert options["--server.address"] == "localhost"


def test_from_the_repository_root_nothing_but_the_upload_limit_is_passed(started, monkeypatch):
    monkeypatch.chdir(ROOT)
    options, _ = started("chat")
    assert "--server.port" not in options
    assert "--server.address" not in options
    assert "--server.headless" not in options
    assert "--server.maxUploadSize" in options


def test_the_repository_config_binds_to_localhost():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["server"].get("headless") is True
    assert "port" not in config["server"]  # 8501, Streamlit's own default


def test_streamlit_reads_the_repository_config():
    """What Streamlit itself resolves from the repository root (not our reading of it)."""
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")},
    )
    assert shown.returncode == 0, shown.stderr
    assert '\naddress = "localhost"\n' in shown.stdout


def test_env_names_follow_streamlit():
    assert env_name("server", "port") == "STREAMLIT_SERVER_PORT"
    assert env_name("server", "maxUploadSize") == "STREAMLIT_SERVER_MAX_UPLOAD_SIZE"
    assert env_name("browser", "gatherUsageStats") == "STREAMLIT_BROWSER_GATHER_USAGE_STATS"
    assert configured("server", "port", {"STREAMLIT_SERVER_PORT": "1"}, [])
    assert not configured("server", "port", {"STREAMLIT_SERVER_ADDRESS": "x"}, [])


@pytest.mark.parametrize("port", ["0", "70000", "eighty"])
def test_a_bad_port_is_one_line(started, port):
    result = CliRunner().invoke(cli.app, ["chat", "--port", port])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "--port" in result.output


def test_chat_with_a_bad_setting_is_one_line(monkeypatch):
    monkeypatch.setattr(cli.subprocess, "call", lambda *a, **k: 0)
    monkeypatch.setenv("REPORTQA_INGEST__MAX_FILE_MB", "-1")
    result = CliRunner().invoke(cli.app, ["chat"])
    assert result.exit_code == 2
    assert "bad setting ingest.max_file_mb" in result.output
    assert "Traceback" not in result.output


def make_run_line(*args: str, env: dict[str, str] | None = None) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        [make, "-n", "-o", "ingest", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if "reportqa chat" in line][-1]


def test_make_run_takes_port():
    assert make_run_line("PORT=8600").split()[-2:] == ["--port", "8600"]


def test_make_run_without_port_passes_none():
    env = {**os.environ, "PORT": "3000"}  # a PORT that merely happens to be exported
    assert "--port" not in make_run_line(env=env)
    assert "--port" not in make_run_line()
