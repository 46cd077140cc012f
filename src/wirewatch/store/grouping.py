"""Persistence of the grouping state that lives with the database: near-duplicate sketches and links, stories
and document frequencies. Read once at the start of a run, written with each batch.

Every story is loaded into memory at the start of a run, its centroid packed: about 2 KB a story.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from wirewatch.store.query import rows_by_id

if TYPE_CHECKING:
    from wirewatch.dedup import Grouping
    from wirewatch.dedup.near import Deduplicator
    from wirewatch.dedup.stories import StoryClusterer
    from wirewatch.models import Article


def article_texts(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str | None, list[str]]]:
    """(title, paragraphs) of stored articles, by id."""
    return {r[0]: (r[1], json.loads(r[2])) for r in rows_by_id(conn, "articles", "id, title, paragraphs", ids)}


def load_deduplicator(conn: sqlite3.Connection, dedup: Deduplicator) -> None:
    rows = conn.execute(
        "SELECT s.article_id, s.keys, n.canonical_id FROM article_sketches s"
        " LEFT JOIN near_duplicates n ON n.article_id = s.article_id ORDER BY s.rowid"
    )
    dedup.load((r[0], r[1], r[2]) for r in rows)


def load_clusterer(conn: sqlite3.Connection, clusterer: StoryClusterer) -> None:
    """Document frequencies and every story (centroid, recent members, dates)."""
    from wirewatch.dedup.stories import Story

    row = conn.execute("SELECT value FROM grouping_meta WHERE key = 'story_documents'").fetchone()
    stories = (
        Story(r[0], r[1], r[2], r[3], r[4], r[5], recent=json.loads(r[6]))
        for r in conn.execute("SELECT id, title, centroid, size, first_date, last_date, recent FROM stories")
    )
    clusterer.load(conn.execute("SELECT term, df FROM term_df"), int(row[0]) if row else 0, stories)


def write_grouping(conn: sqlite3.Connection, grouping: Grouping) -> None:
    """Write one batch's grouping results (call inside the batch's transaction, after its articles)."""
    conn.executemany(
        "INSERT OR IGNORE INTO article_sketches (article_id, keys) VALUES (?, ?)",
        [(a, keys.astype(np.uint64).tobytes()) for a, keys in grouping.sketches],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO near_duplicates (article_id, canonical_id, jaccard, containment) VALUES (?,?,?,?)",
        [(m.article_id, m.canonical_id, m.jaccard, m.containment) for m in grouping.matches],
    )
    for story in grouping.stories:
        conn.execute(
            "INSERT INTO stories (id, title, centroid, size, first_date, last_date, recent) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET centroid = excluded.centroid, size = excluded.size,"
            " first_date = excluded.first_date, last_date = excluded.last_date, recent = excluded.recent",
            (
                story.id,
                story.title,
                story.packed,
                story.size,
                story.first,
                story.last,
                json.dumps(story.recent),
            ),
        )
    conn.executemany(
        "INSERT OR IGNORE INTO story_articles (article_id, story_id, similarity) VALUES (?,?,?)",
        [(a.article_id, a.story_id, a.similarity) for a in grouping.assignments],
    )
    conn.executemany(
        "INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        list(grouping.df_delta.items()),
    )
    conn.execute(
        "INSERT INTO grouping_meta (key, value) VALUES ('story_documents', ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(grouping.story_documents),),
    )


def ungrouped_articles(conn: sqlite3.Connection, batch: int = 1000) -> Iterator[list[Article]]:
    """Stored articles that were never grouped (a database from before grouping existed), oldest first."""
    from wirewatch.models import Article

    rows = conn.execute(
        "SELECT a.id, a.title, a.paragraphs, a.published FROM articles a"
        " WHERE NOT EXISTS (SELECT 1 FROM article_sketches s WHERE s.article_id = a.id) ORDER BY a.rowid"
    ).fetchmany
    while chunk := rows(batch):
        yield [Article(id=r[0], title=r[1], paragraphs=json.loads(r[2]), published=r[3]) for r in chunk]
