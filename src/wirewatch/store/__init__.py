"""Storage: SQLite by default (one file, WAL, named migrations). Writers and readers share the schema."""

from wirewatch.store.database import Database, open_database
from wirewatch.store.sqlite import BatchResult, Writer, connect

__all__ = ["BatchResult", "Database", "Writer", "connect", "open_database"]
