"""Small query helpers shared by the store's modules."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

_CHUNK = 500  # bound variables per statement, well under SQLite's limit


def rows_by_id(conn: sqlite3.Connection, table: str, columns: str, ids: Iterable[str]) -> Iterator[tuple]:
    """Rows of ``table`` whose ``id`` is among ``ids`` (each id once), queried 500 ids at a time."""
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), _CHUNK):
        part = unique[i : i + _CHUNK]
        yield from conn.execute(f"SELECT {columns} FROM {table} WHERE id IN ({','.join('?' * len(part))})", part)
