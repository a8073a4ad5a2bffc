"""The terminal side of reportqa: the ``reportqa`` command (``commands``), its fast entry
point for ``--help`` and ``list`` (``entry``), and what it prints (``render``, ``listing``,
``progress``) or starts (``chat_launch``).

Importing the package is cheap: ``app`` and ``run`` (typer) load on first use, so the
entry point's fast paths stay fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["app", "run"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reportqa.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'reportqa.cli' has no attribute {name!r}")
