"""Deduplication and stories: one article once, every copy kept and linked, related reports grouped.

:class:`Grouper` is the batch step after cleaning. It is stateful by nature (a new article is compared with
every article before it): its state — the near-duplicate key index, document frequencies and stories — is
loaded from the database when a run starts and written with each batch. Sketching (the costly, pure part) is
:func:`wirewatch.dedup.sketch.sketch`, which a worker pool can run ahead of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from wirewatch.dedup.near import Deduplicator, Match
from wirewatch.dedup.stories import Assignment, Story, StoryClusterer
from wirewatch.models import Article


@dataclass(slots=True)
class Grouping:
    """What one batch adds: index keys, near-duplicate links, story assignments, story and frequency updates."""

    sketches: list[tuple[str, np.ndarray]] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    df_delta: dict[int, int] = field(default_factory=dict)
    story_documents: int = 0  # articles the story vectors have counted so far

    @property
    def new_stories(self) -> int:
        return sum(a.new_story for a in self.assignments)


class Grouper:
    def __init__(self, conn: sqlite3.Connection) -> None:
        from wirewatch.store.grouping import article_texts, load_clusterer, load_deduplicator

        self.conn = conn
        self.dedup = Deduplicator(lambda ids: {i: p for i, (_, p) in article_texts(conn, ids).items()})
        self.stories = StoryClusterer(fetch=lambda ids: article_texts(conn, ids))
        load_deduplicator(conn, self.dedup)
        load_clusterer(conn, self.stories)
        self._story_of: dict[str, str] = {}  # story of each article placed in this run

    def run(self, articles: list[Article], terms: Mapping[str, list[str]] | None = None) -> Grouping:
        """Place the articles of a batch that are new (not stored before, not earlier in the batch).

        ``terms``: entity and place ids of each article (from the NLP stage), added to its story vector."""
        out = Grouping()
        for article in articles:
            if article.id in self.dedup.numbers:
                continue
            sk, match = self.dedup.add(article.id, article.paragraphs)
            out.sketches.append((article.id, sk.keys if sk is not None else np.empty(0, dtype=np.uint64)))
            story_id = None
            if match is not None:
                out.matches.append(match)
                story_id = self._story(match.canonical_id)
            extra = terms.get(article.id, ()) if terms else ()
            assignment = self.stories.add(
                article.id, article.title, article.paragraphs, article.published, extra_terms=extra, story_id=story_id
            )
            self._story_of[article.id] = assignment.story_id
            out.assignments.append(assignment)
        out.stories, out.df_delta = self.stories.take_changes()
        out.story_documents = self.stories.n_docs
        return out

    def _story(self, article_id: str) -> str | None:
        if article_id in self._story_of:
            return self._story_of[article_id]
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None
