"""Settings: defaults, and the environment variables that override them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "wirewatch.db"
DB_ENV = "WIREWATCH_DB"
DATA_ENV = "WIREWATCH_DATA"
MiB = 1024 * 1024


def default_db() -> Path:
    """The database used when none is named: ``$WIREWATCH_DB``, else ``./wirewatch.db``."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def shared_data_dir() -> Path:
    """The development data sets used by ``wirewatch eval``: ``$WIREWATCH_DATA``, else ``../shared/data``."""
    return Path(os.environ.get(DATA_ENV) or "../shared/data")


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds that keep one bad input from exhausting memory."""

    max_document_bytes: int = 16 * MiB  # one page, one HTML response, one JSONL line
    max_stored_head: int = 64 * 1024  # bytes kept of a record that cannot be delimited (broken WARC tail)
