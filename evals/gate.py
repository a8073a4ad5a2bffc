"""Thresholds: load the one versioned file and name every metric that fell, and by how much."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


class ThresholdError(ValueError):
    """The thresholds file is missing or malformed (a user error, one line)."""


@dataclass(frozen=True)
class Thresholds:
    version: int
    minimum: dict[str, float]
    maximum: dict[str, float]

    def limit_of(self, metric: str) -> tuple[str, float] | None:
        if metric in self.minimum:
            return ">=", self.minimum[metric]
        if metric in self.maximum:
            return "<=", self.maximum[metric]
        return None


@dataclass(frozen=True)
class Breach:
    """One metric on the wrong side of its threshold; ``by`` is always positive."""

    metric: str
    value: float | None
    limit: float
    direction: str  # ">=" for floors, "<=" for ceilings
    by: float

    def message(self) -> str:
        if self.value is None:
            return f"{self.metric} was not measured (threshold {self.direction} {self.limit:g})"
        word = "below its floor" if self.direction == ">=" else "above its ceiling"
        return f"{self.metric} = {self.value:.4g}, {self.by:.4g} {word} {self.limit:g}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_thresholds(path: Path = THRESHOLDS, section: str | None = None) -> Thresholds:
    """The file's top-level limits, or those of one of its sections (``[real.minimum]``...);
    a section asked for and absent is an error, so a gate never passes on no limits."""
    if not path.is_file():
        raise ThresholdError(f"thresholds file not found: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdError(f"thresholds file {path} is not valid TOML: {exc}") from exc
    table = data.get(section) if section else data
    if not isinstance(table, dict) or (
        section and not (table.get("minimum") or table.get("maximum"))
    ):
        raise ThresholdError(f"thresholds file {path} has no [{section}] limits")
    try:
        return Thresholds(
            version=int(data["version"]),
            minimum={str(k): float(v) for k, v in table.get("minimum", {}).items()},
            maximum={str(k): float(v) for k, v in table.get("maximum", {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ThresholdError(f"thresholds file {path} needs version and numeric limits") from exc


def check(metrics: dict[str, float | None], thresholds: Thresholds) -> list[Breach]:
    """Every threshold the metrics break, floors first, in file order."""
    breaches: list[Breach] = []
    for name, floor in thresholds.minimum.items():
        value = metrics.get(name)
        if value is None:
            breaches.append(Breach(name, None, floor, ">=", float("nan")))
        elif value < floor - 1e-9:
            breaches.append(Breach(name, value, floor, ">=", floor - value))
    for name, ceiling in thresholds.maximum.items():
        value = metrics.get(name)
        if value is None:
            breaches.append(Breach(name, None, ceiling, "<=", float("nan")))
        elif value > ceiling + 1e-9:
            breaches.append(Breach(name, value, ceiling, "<=", value - ceiling))
    return breaches
