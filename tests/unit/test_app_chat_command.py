"""`reportqa chat`: what it starts, and one clear line for a bad setting."""

from __future__ import annotations

from typer.testing import CliRunner

from reportqa import cli


def test_chat_starts_streamlit_with_the_store_and_upload_limit(tmp_path, monkeypatch):
    calls = []

    def fake_call(command, env):
        calls.append((command, env))
        return 0

    monkeypatch.setattr(cli.subprocess, "call", fake_call)
    monkeypatch.setenv("REPORTQA_INGEST__MAX_FILE_MB", "2.5")
    home = tmp_path / "store"
    result = CliRunner().invoke(
        cli.app, ["--home", str(home), "chat", "--port", "8765", "--address", "127.0.0.1"]
    )
    assert result.exit_code == 0, result.output
    (command, env) = calls[0]
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("streamlit_app.py")
    options = dict(zip(command[5::2], command[6::2]))
    assert options["--server.port"] == "8765"
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.maxUploadSize"] == "3"
    assert env["REPORTQA_HOME"] == str(home)


def test_chat_with_a_bad_setting_is_one_line(monkeypatch):
    monkeypatch.setattr(cli.subprocess, "call", lambda *a, **k: 0)
    monkeypatch.setenv("REPORTQA_INGEST__MAX_FILE_MB", "-1")
    result = CliRunner().invoke(cli.app, ["chat"])
    assert result.exit_code == 2
    assert "bad setting ingest.max_file_mb" in result.output
    assert "Traceback" not in result.output
