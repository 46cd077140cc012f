"""Reading a wirewatch database: records as dicts (the shape the CLI prints as JSON) and pandas DataFrames."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wirewatch.config import default_db
from wirewatch.errors import NotFoundError, UsageError
from wirewatch.store.annotations import article_annotations
from wirewatch.store.events import EventOrigin, EventQuery, event_origins, query_events
from wirewatch.store.sqlite import connect, decompress

if TYPE_CHECKING:
    import pandas as pd

    from wirewatch.models import Event

_ARTICLE_COLUMNS = "id, title, published, source, author, url, captions, paragraphs, n_words"


class Database:
    """A wirewatch database opened for reading. Use :func:`wirewatch.open`."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db()
        self.conn = connect(self.path, readonly=True)
        self.conn.row_factory = sqlite3.Row

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles -------------------------------------------------------------------------------------

    def articles(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Every article, oldest first: id, title, published, source, author, url, captions, paragraphs,
        n_words, documents ([{id, path}])."""
        for row in self._rows(f"SELECT {_ARTICLE_COLUMNS}, rowid FROM articles ORDER BY rowid", limit):
            yield self._article(row)

    def article(self, id_or_prefix: str) -> dict[str, Any]:
        """One article with its provenance: each document it was found in, with offsets and removed lines."""
        row = self._one("articles", id_or_prefix, _ARTICLE_COLUMNS)
        record = self._article(row)
        occurrences = self.conn.execute(
            'SELECT ad.document_id, ad.position, ad.start, ad."end", ad.spans, ad.removed, d.format, d.encoding'
            " FROM article_documents ad JOIN documents d ON d.id = ad.document_id"
            " WHERE ad.article_id = ? ORDER BY ad.document_id, ad.position",
            (record["id"],),
        ).fetchall()
        record.update(self._grouping(record["id"]))
        record["annotations"] = article_annotations(self.conn, record["id"])
        record["occurrences"] = [
            {
                "document": o["document_id"],
                "paths": self._paths(o["document_id"]),
                "format": o["format"],
                "encoding": o["encoding"],
                "position": o["position"],
                "start": o["start"],
                "end": o["end"],
                "spans": json.loads(o["spans"]),
                "removed": json.loads(o["removed"]),
            }
            for o in occurrences
        ]
        return record

    def _grouping(self, article_id: str) -> dict[str, Any]:
        """The article's story, the canonical article it copies (if it is a copy), and its own copies."""
        story = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        canonical = self.conn.execute(
            "SELECT canonical_id, jaccard, containment FROM near_duplicates WHERE article_id = ?", (article_id,)
        ).fetchone()
        copies = self.conn.execute(
            "SELECT article_id, jaccard, containment FROM near_duplicates WHERE canonical_id = ? ORDER BY article_id",
            (article_id,),
        ).fetchall()
        return {
            "story": story[0] if story else None,
            "canonical": dict(zip(("id", "jaccard", "containment"), canonical, strict=True)) if canonical else None,
            "copies": [{"id": c[0], "jaccard": c[1], "containment": c[2], "documents": self._documents(c[0])} for c in copies],
        }

    def _documents(self, article_id: str) -> list[dict[str, str]]:
        docs = self.conn.execute(
            "SELECT DISTINCT document_id FROM article_documents WHERE article_id = ? ORDER BY document_id", (article_id,)
        ).fetchall()
        return [{"id": d[0], "path": p} for d in docs for p in self._paths(d[0])[:1]]

    # --- stories --------------------------------------------------------------------------------------

    def stories(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Every story, largest first: id, title (the first article's headline, or the start of its text when it
        has none), first_date, last_date, articles (ids), sources (distinct publishers; a document of unknown
        publisher counts as its own source)."""
        for row in self._rows("SELECT id, title, first_date, last_date FROM stories ORDER BY size DESC, first_date, id", limit):
            yield self._story(row)

    def story(self, id_or_prefix: str) -> dict[str, Any]:
        """One story with its member articles (oldest first), each with date, source and the article it copies."""
        record = self._story(self._one("stories", id_or_prefix, "id, title, first_date, last_date"))
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.published, a.source, a.paragraphs, n.canonical_id FROM story_articles s"
            " JOIN articles a ON a.id = s.article_id LEFT JOIN near_duplicates n ON n.article_id = a.id"
            " WHERE s.story_id = ? ORDER BY a.published, a.rowid",
            (record["id"],),
        )
        record["members"] = [
            {
                "id": r[0],
                "title": r[1],
                "published": r[2],
                "source": r[3],
                "first_paragraph": (json.loads(r[4]) or [""])[0],
                "canonical": r[5],
            }
            for r in rows
        ]
        return record

    def _story(self, row: sqlite3.Row) -> dict[str, Any]:
        articles = [r[0] for r in self.conn.execute(
            "SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? ORDER BY a.rowid", (row["id"],))]  # fmt: skip
        sources = self.conn.execute(
            "SELECT COUNT(DISTINCT COALESCE('source:' || a.source, 'document:' || ad.document_id))"
            " FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " JOIN article_documents ad ON ad.article_id = a.id WHERE s.story_id = ?",
            (row["id"],),
        ).fetchone()[0]
        title = row["title"]
        if not title and articles:  # untitled reports (Current Events items, wire briefs): the first one's start
            first = self.conn.execute("SELECT paragraphs FROM articles WHERE id = ?", (articles[0],)).fetchone()
            text = " ".join(json.loads(first[0]))
            title = text if len(text) <= 100 else text[:99].rsplit(" ", 1)[0] + "…"
        return {
            "id": row["id"],
            "title": title,
            "first_date": row["first_date"],
            "last_date": row["last_date"],
            "articles": articles,
            "sources": sources,
        }

    def _article(self, row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "title": row["title"],
            "published": row["published"],
            "source": row["source"],
            "author": row["author"],
            "url": row["url"],
            "captions": json.loads(row["captions"]),
            "paragraphs": json.loads(row["paragraphs"]),
            "n_words": row["n_words"],
            "documents": self._documents(row["id"]),
        }

    def _paths(self, document_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT uri, record FROM document_sources WHERE document_id = ? ORDER BY read_at, uri", (document_id,)
        )
        return [f"{uri}#{record}" if record else uri for uri, record in rows]

    # --- entities and places -------------------------------------------------------------------------

    def entities(
        self, label: str | None = None, country: str | None = None, name: str | None = None, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Entities by number of articles naming them: id, name, label, country, mentions, articles."""
        where, params = _filters(("e.label = ?", label and label.upper()), ("e.country = ?", country and country.upper()),
                                 ("e.name LIKE ?", name and f"%{name}%"))  # fmt: skip
        sql = (
            "SELECT e.id, e.name, e.label, e.country, COUNT(*) AS mentions, COUNT(DISTINCT m.article_id) AS articles"
            f" FROM entities e JOIN entity_mentions m ON m.entity_id = e.id {where}"
            " GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.id"
        )
        for row in self._rows(sql, limit, params):
            yield dict(row)

    def places(self, country: str | None = None, name: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Places by number of articles naming them: id, name, geonameid, country, admin1, lat, lon, feature,
        mentions, articles."""
        where, params = _filters(("p.country = ?", country and country.upper()), ("p.name LIKE ?", name and f"%{name}%"))
        sql = (
            "SELECT p.id, p.name, p.geonameid, p.country, p.admin1, p.lat, p.lon, p.feature, COUNT(*) AS mentions,"
            f" COUNT(DISTINCT m.article_id) AS articles FROM places p JOIN place_mentions m ON m.place_id = p.id {where}"
            " GROUP BY p.id ORDER BY articles DESC, mentions DESC, p.id"
        )
        for row in self._rows(sql, limit, params):
            yield dict(row)

    # --- events ---------------------------------------------------------------------------------------

    def events(
        self,
        type: str | None = None,
        acled_event_type: str | None = None,
        country: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        near: tuple[float, float, float] | None = None,
        since: str | None = None,
        until: str | None = None,
        min_fatalities: int | None = None,
        text: str | None = None,
        story: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Events with their mentions, by date (undated last) then id. Filters: PLOVER ``type``; ACLED event type or
        sub-event type (any case); ``country`` of the place (ISO alpha-2); ``actor`` (an entity id, or a substring of
        an actor's name, any case; recipients do not match); ``place`` (substring of the place's or its admin1's
        name); ``near`` (lat, lon, radius km); ``since``/``until`` (ISO day, month or year: events whose date's
        period overlaps; undated events are left out); ``min_fatalities``; ``text`` (substring of a mention's
        sentence); ``story`` id."""
        query = EventQuery(type, acled_event_type, country, actor, place, near, since, until, min_fatalities, text, story)
        return list(query_events(self.conn, query, limit))

    def iter_events(self, query: EventQuery | None = None, limit: int | None = None) -> Iterator[Event]:
        """As :meth:`events`, streamed: any number of events in flat memory."""
        return query_events(self.conn, query, limit)

    def story_events(self, story_id: str) -> list[Event]:
        """The events of one story (to merge the mentions of its new articles into)."""
        return list(query_events(self.conn, EventQuery(story=story_id)))

    def event_origins(self, ids: list[str]) -> dict[str, EventOrigin]:
        """For each event id: the publishers of the articles reporting it, and when it was last written."""
        return event_origins(self.conn, ids)

    # --- documents ------------------------------------------------------------------------------------

    def documents(self, status: str | None = None) -> Iterator[dict[str, Any]]:
        """Every document (``status``: ok or rejected) with its sources, reason and warnings."""
        sql = "SELECT id, sha256, format, size, encoding, status, reason, message, warnings, meta FROM documents"
        params: tuple = ()
        if status:
            sql += " WHERE status = ?"
            params = (status,)
        for row in self.conn.execute(sql + " ORDER BY rowid", params):
            yield {
                **{k: row[k] for k in ("id", "sha256", "format", "size", "encoding", "status", "reason", "message")},
                "warnings": json.loads(row["warnings"]),
                "meta": json.loads(row["meta"]),
                "paths": self._paths(row["id"]),
            }

    def raw(self, document_id: str) -> bytes:
        """The raw bytes of a document, exactly as received."""
        return b"".join(self.raw_chunks(document_id))

    def raw_chunks(self, document_id: str) -> Iterator[bytes]:
        """The raw bytes of a document in chunks of up to 1 MiB: a 200 MB input is never held whole."""
        row = self._one("documents", document_id, "id")
        for (data,) in self.conn.execute("SELECT data FROM document_raw WHERE document_id = ? ORDER BY seq", (row["id"],)):
            yield decompress(data)

    def text(self, document_id: str) -> str | None:
        """The text an article's offsets refer to: the extracted text where stored, else the decoded raw bytes."""
        row = self._one("documents", document_id, "id, encoding, text_z")
        if row["text_z"] is not None:
            return decompress(row["text_z"]).decode("utf-8")
        if row["encoding"] is None:
            return None
        from wirewatch.readers import decode

        return decode(self.raw(row["id"]), row["encoding"]).text

    # --- summaries ------------------------------------------------------------------------------------

    def counts(self) -> dict[str, Any]:
        one = self.conn.execute
        rejected = dict(one("SELECT reason, COUNT(*) FROM documents WHERE status = 'rejected' GROUP BY reason").fetchall())
        return {
            "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "article_occurrences": one("SELECT COUNT(*) FROM article_documents").fetchone()[0],
            "rejected": rejected,
        }

    def articles_df(self) -> pd.DataFrame:
        """Articles as a DataFrame (captions and paragraphs as lists; ``text`` is the body joined)."""
        import pandas as pd

        rows = list(self.articles())
        for r in rows:
            r["text"] = "\n\n".join(r["paragraphs"])
        return pd.DataFrame(rows, columns=[*_ARTICLE_COLUMNS.split(", "), "documents", "text"])

    def documents_df(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(list(self.documents()))

    def _rows(self, sql: str, limit: int | None, params: tuple = ()) -> sqlite3.Cursor:
        if limit is not None:
            return self.conn.execute(sql + " LIMIT ?", (*params, limit))
        return self.conn.execute(sql, params)

    def _one(self, table: str, id_or_prefix: str, columns: str) -> sqlite3.Row:
        prefix = id_or_prefix.strip().lower()
        if not prefix or any(c not in "0123456789abcdef" for c in prefix):
            raise UsageError(f"{id_or_prefix!r} is not an id: ids are hexadecimal (see `wirewatch articles`)")
        rows = self.conn.execute(
            f"SELECT {columns} FROM {table} WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "g")
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no {table[:-1]} with id {id_or_prefix!r} in {self.path}")
        if len(rows) > 1:
            raise UsageError(f"id prefix {id_or_prefix!r} is ambiguous: give more characters")
        return rows[0]


def _filters(*conditions: tuple[str, Any]) -> tuple[str, tuple]:
    """A WHERE clause from (condition, value) pairs whose value is given."""
    used = [(sql, value) for sql, value in conditions if value]
    if not used:
        return "", ()
    return "WHERE " + " AND ".join(sql for sql, _ in used), tuple(value for _, value in used)


def open_database(path: str | Path | None = None) -> Database:
    """Open a wirewatch database for reading (default: ``$WIREWATCH_DB`` or ``./wirewatch.db``)."""
    return Database(path)
