"""Evaluation harnesses (fixed data, printed scores) and synthetic inputs with known truth."""

from __future__ import annotations

from typing import Any


def rounded(record: Any, places: int = 4) -> dict[str, Any]:
    """A slotted score record as a dict, floats rounded for printing."""
    return {k: round(v, places) if isinstance(v, float) else v for k, v in ((f, getattr(record, f)) for f in record.__slots__)}
