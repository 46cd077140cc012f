"""Small query helpers shared by the store's modules."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

_CHUNK = 500  # bound variables per statement, well under SQLite's limit


def id_chunks(ids: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """``ids`` (each once) in parts of 500, each with its ``?,?,...`` placeholders for an ``IN (...)``."""
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), _CHUNK):
        part = unique[i : i + _CHUNK]
        yield part, ",".join("?" * len(part))


def rows_by_id(conn: sqlite3.Connection, table: str, columns: str, ids: Iterable[str]) -> Iterator[tuple]:
    """Rows of ``table`` whose ``id`` is among ``ids`` (each id once), queried 500 ids at a time."""
    for part, marks in id_chunks(ids):
        yield from conn.execute(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", part)
