"""The SQLite store: WAL journal, one writer, one ``BEGIN IMMEDIATE`` transaction per batch.

A batch is written whole or not at all, so a run killed at any point leaves no half-written document or
article, and ids are content hashes, so writing the same batch again adds nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import zstandard

from wirewatch.clean import Cleaned
from wirewatch.errors import StoreError
from wirewatch.models import Annotations, Article, Document, Event
from wirewatch.store.annotations import write_annotations
from wirewatch.store.events import delete_events, write_events
from wirewatch.store.grouping import write_grouping
from wirewatch.store.migrations import migrate
from wirewatch.store.query import rows_by_id

if TYPE_CHECKING:
    from wirewatch.dedup import Grouping

RAW_CHUNK = 1024 * 1024


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and migrate) the database at ``path``; transactions are explicit (``isolation_level=None``)."""
    path = Path(path)
    if readonly and not path.exists():
        raise StoreError(f"no database at {path}: run `wirewatch ingest PATH... --db {path}` first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"cannot open database {path}: {e}") from None
    return conn


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class Verdict:
    """What was decided about a stored document."""

    status: str  # ok | rejected
    reason: str | None
    message: str | None
    warnings: list[str]

    @classmethod
    def of(cls, doc: Document) -> Verdict:
        return cls(doc.status, doc.reason, doc.message, list(doc.warnings))


@dataclass(slots=True)
class BatchResult:
    documents_new: int = 0
    documents_seen: int = 0  # already in the database (this or an earlier run): nothing added
    articles_new: int = 0
    articles_duplicate: int = 0  # the same article (same content hash) already stored


class Writer:
    """Writes cleaned batches. Use one writer per database at a time."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def verdicts(self, ids: Iterable[str]) -> dict[str, Verdict]:
        """For each id already stored: the document's status, reason, message and warnings."""
        rows = rows_by_id(self.conn, "documents", "id, status, reason, message, warnings", ids)
        return {r[0]: Verdict(r[1], r[2], r[3], json.loads(r[4] or "[]")) for r in rows}

    def add_sources(self, documents: Iterable[Document]) -> None:
        """Record where already-stored documents were read from this time (a new path adds a source)."""
        self._transaction(lambda: self._insert_sources(documents))

    def write(
        self,
        batch: list[Cleaned],
        grouping: Grouping | None = None,
        annotations: Sequence[tuple[str, Annotations]] = (),
        nlp_version: int = 0,
        events: Sequence[Event] = (),
        dropped: Sequence[str] = (),
    ) -> BatchResult:
        """Write a batch of cleaned documents, and what grouping, the NLP stage and the events step found for its
        articles (``dropped``: ids of stored events to delete), in one transaction."""
        result = BatchResult()

        def work() -> None:
            self._write(batch, result)
            if grouping is not None:
                write_grouping(self.conn, grouping)
            if annotations:
                write_annotations(self.conn, annotations, nlp_version)
            delete_events(self.conn, dropped)
            if events:
                write_events(self.conn, events)

        self._transaction(work)
        return result

    def write_annotations(
        self,
        annotations: Sequence[tuple[str, Annotations]],
        nlp_version: int,
        events: Sequence[Event] = (),
        dropped: Sequence[str] = (),
    ) -> None:
        """Annotations of stored articles (and the events they gave; ``dropped``: ids of stored events to delete),
        in their own transaction."""

        def work() -> None:
            write_annotations(self.conn, annotations, nlp_version)
            delete_events(self.conn, dropped)
            if events:
                write_events(self.conn, events)

        self._transaction(work)

    def write_events(self, events: list[Event]) -> None:
        """Events with their participants and mentions, in one transaction; an event already stored (same id) is
        replaced whole, so re-writing an event that gained mentions never duplicates it."""
        self._transaction(lambda: write_events(self.conn, events))

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` of articles already stored."""
        return self._known("articles", ids)

    def write_grouping(self, grouping: Grouping) -> None:
        """Write grouping results alone (grouping articles stored before grouping existed)."""
        self._transaction(lambda: write_grouping(self.conn, grouping))

    def start_run(self, command: str, inputs: list[str]) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs (command, inputs, started_at) VALUES (?, ?, ?)", (command, _json(inputs), _now())
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict) -> None:
        self.conn.execute("UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?", (_now(), _json(stats), run_id))

    def _transaction(self, work) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                work()
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot write to the database: {e}") from None

    def _write(self, batch: list[Cleaned], result: BatchResult) -> None:
        """Insert a batch with one statement per table (``executemany``); ids already stored are left alone."""
        now = _now()
        stored_docs = self._known("documents", (c.document.id for c in batch))
        new_docs: list[Cleaned] = []
        for cleaned in batch:
            if cleaned.document.id in stored_docs:
                result.documents_seen += 1
            else:
                stored_docs.add(cleaned.document.id)
                new_docs.append(cleaned)
        result.documents_new = len(new_docs)
        self.conn.executemany(_INSERT_DOCUMENT, [_document_row(c.document, c.text, now) for c in new_docs])
        self.conn.executemany(
            "INSERT INTO document_raw (document_id, seq, data) VALUES (?, ?, ?)",
            # a generator: a 200 MB document is compressed and written one 1 MiB chunk at a time
            ((c.document.id, seq, _compress(chunk)) for c in new_docs for seq, chunk in enumerate(_raw_chunks(c.document))),
        )
        articles = [a for c in new_docs for a in c.articles]
        stored_articles = self._known("articles", (a.id for a in articles))
        rows = []
        for article in articles:
            if article.id in stored_articles:
                result.articles_duplicate += 1
            else:
                stored_articles.add(article.id)
                rows.append(_article_row(article, now))
        result.articles_new = len(rows)
        self.conn.executemany(_INSERT_ARTICLE, rows)
        self.conn.executemany(_INSERT_LINK, [_link_row(a) for a in articles if a.occurrence is not None])
        self._insert_sources(c.document for c in batch)

    def _known(self, table: str, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in rows_by_id(self.conn, table, "id", ids)}

    def _insert_sources(self, documents: Iterable[Document]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO document_sources (document_id, uri, record, offset, read_at) VALUES (?,?,?,?,?)",
            [(d.id, d.provenance.uri, d.provenance.record, d.provenance.offset, d.provenance.read_at) for d in documents],
        )


_INSERT_DOCUMENT = (
    "INSERT OR IGNORE INTO documents (id, sha256, format, size, encoding, status, reason, message, warnings,"
    " meta, text_z, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_ARTICLE = (
    "INSERT OR IGNORE INTO articles (id, title, published, source, author, url, captions, paragraphs, n_words,"
    " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_LINK = (
    'INSERT OR IGNORE INTO article_documents (article_id, document_id, position, start, "end", spans, removed)'
    " VALUES (?,?,?,?,?,?,?)"
)


def _document_row(doc: Document, text: str | None, now: str) -> tuple:
    text_z = _compress(text.encode("utf-8")) if text is not None else None
    return (doc.id, doc.sha256, doc.format, doc.size, doc.encoding, doc.status, doc.reason, doc.message,
            _json(doc.warnings), _json(doc.meta), text_z, now)  # fmt: skip


def _article_row(article: Article, now: str) -> tuple:
    captions = _json([{"text": c.text, "credit": c.credit} for c in article.captions])
    return (article.id, article.title, article.published, article.source, article.author, article.url, captions,
            _json(article.paragraphs), article.word_count, now)  # fmt: skip


def _link_row(article: Article) -> tuple:
    occ = article.occurrence
    assert occ is not None
    spans = {
        "title": [occ.title.start, occ.title.end] if occ.title else None,
        "paragraphs": [[s.start, s.end] for s in occ.paragraphs],
        "captions": [[c.start, c.end] for c in article.captions],
    }
    removed = [{"text": r.text, "reason": r.reason, "start": r.start, "end": r.end} for r in occ.removed]
    return (article.id, occ.document_id, occ.position, occ.start, occ.end, _json(spans), _json(removed))


_ZSTD = zstandard.ZstdCompressor(level=3)
_UNZSTD = zstandard.ZstdDecompressor()


def _compress(data: bytes) -> bytes:
    """zstd level 3: a 13 KB text page in 77 us (zlib: 135 us at level 1, 413 us at level 6), a 186 KB HTML page
    in 0.46 ms (zlib: 1.1 / 3.0 ms), at zlib level 6's ratio (benchmarks in docs/benchmarks.md)."""
    return _ZSTD.compress(data)


def decompress(blob: bytes) -> bytes:
    """The bytes of a stored raw chunk or extracted text (zstd frames; any reader with zstd can open them)."""
    return _UNZSTD.decompress(blob)


def _raw_chunks(doc: Document) -> Iterator[bytes]:
    if doc.raw is not None:
        for i in range(0, max(len(doc.raw), 1), RAW_CHUNK):
            yield doc.raw[i : i + RAW_CHUNK]
    elif doc.raw_path is not None:
        with open(doc.raw_path, "rb") as f:
            while chunk := f.read(RAW_CHUNK):
                yield chunk
