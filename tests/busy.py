"""Run the test suite while every core is kept busy, as on a loaded laptop or shared runner.

    python -m tests.busy [pytest arguments]      (make test-busy)

Starts one spinning process per core, runs pytest, stops the spinners (also when pytest
fails or is interrupted) and prints how long the run took, so a busy run can be set beside
an idle one. The suite must pass the same either way: no test may depend on the machine's
speed.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time


def spin() -> None:  # pragma: no cover - runs in a child process until terminated
    while True:
        pass


def main(argv: list[str]) -> int:
    cores = os.cpu_count() or 1
    spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(cores)]
    for p in spinners:
        p.start()
    started = time.monotonic()
    try:
        code = subprocess.call([sys.executable, "-m", "pytest", *argv])
    finally:
        for p in spinners:
            p.terminate()
        for p in spinners:
            p.join(10)
    minutes = (time.monotonic() - started) / 60
    print(f"pytest with {cores} busy core(s): exit {code} after {minutes:.1f} min")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
