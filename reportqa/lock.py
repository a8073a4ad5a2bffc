"""One writer per store: an ingest holds a file lock under the store home.

Two ingests writing the same collection at once would interleave deletes and adds of
the same documents; the lock makes the second one wait (``timeout`` seconds) or refuse
with a message naming the process that holds it. Readers (ask, retrieve, the app) never
take it: the registry is written last, so they always see whole documents.

The lock is an OS advisory lock (``filelock``), so it dies with its process: a
SIGKILLed ingest never leaves a stale lock behind. With a Chroma server the lock still
lives in the local home, so it protects the ingests started from this machine.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from reportqa.config import Settings
from reportqa.store import StoreError

LOCK_NAME = "ingest.lock"
INFO_NAME = "ingest.lock.json"


class StoreBusy(StoreError):
    """Another ingest holds the store; the message says who and how to wait."""


def lock_path(settings: Settings) -> Path:
    return Path(settings.home) / LOCK_NAME


def _holder(home: Path) -> str:
    """Who holds the lock, as far as its info file says (best effort)."""
    try:
        info = json.loads((home / INFO_NAME).read_text(encoding="utf-8"))
        since = time.strftime("%H:%M:%S", time.localtime(float(info["started"])))
        return f" (pid {info['pid']} on {info['host']}, since {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextmanager
def ingest_lock(settings: Settings, timeout: float = 0.0) -> Iterator[None]:
    """Hold the store's ingest lock; wait up to ``timeout`` seconds (negative: forever)."""
    home = Path(settings.home)
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot use {home} as the store home: {exc.strerror or exc}") from exc
    lock = FileLock(str(home / LOCK_NAME), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        waited = f" after waiting {timeout:g}s" if timeout > 0 else ""
        raise StoreBusy(
            f"another ingest is writing to {home}{_holder(home)}{waited}; "
            "wait for it to finish or pass --wait SECONDS"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot lock {home / LOCK_NAME}: {exc.strerror or exc}") from exc
    info = home / INFO_NAME
    try:
        payload = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        info.write_text(json.dumps(payload), encoding="utf-8")
    except OSError:
        pass  # the info file only improves the message; the lock itself is held
    try:
        yield
    finally:
        try:
            info.unlink(missing_ok=True)
        except OSError:
            pass
        lock.release()
