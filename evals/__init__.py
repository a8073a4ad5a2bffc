"""Evaluation: question sets, metrics and runners (the answer layer never reads these)."""
