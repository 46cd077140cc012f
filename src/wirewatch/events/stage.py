"""The events step of the pipeline: the event mentions the NLP stage found in a batch of articles, merged into the
events of their stories (those already stored and the batch's own).

Memory follows the batch: only the stored events of the stories the batch touches are loaded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wirewatch.events.merge import merge, without_articles
from wirewatch.models import Annotations, Article, ArticleEventMention, Event, annotated_text
from wirewatch.store.events import EventQuery, events_of_articles, query_events, url_host
from wirewatch.store.query import id_chunks, rows_by_id


@dataclass(slots=True)
class EventWrites:
    """What the events step changes in the store: ``events`` to write (new, or stored ones that gained or lost
    mentions) and the ids of stored events to delete (every mention came from an article read again)."""

    events: list[Event] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def story_events(
    conn: sqlite3.Connection,
    annotated: Sequence[tuple[str, Annotations]],
    articles: Sequence[Article],
    story_of: Mapping[str, str | None],
) -> EventWrites:
    """The events to write for ``annotated`` articles: new ones, and stored ones their mentions joined. An article
    without a story (grouping off) has its mentions merged among themselves only.

    An article annotated before (new rules: ``enrich`` after a version change) first loses its old mentions: a
    stored event keeps its other articles' mentions, recomputed, or is dropped when none is left."""
    by_id = {a.id: a for a in articles}
    sources = _Sources(conn, by_id)
    again = {aid for aid, _ in annotated}
    touched, emptied = without_articles(events_of_articles(conn, again), again, sources.of)
    renewed, dropped = {e.id: e for e in touched}, set(emptied)
    groups: dict[str, tuple[str | None, list[ArticleEventMention]]] = {}
    for aid, found in annotated:
        if not found.events or aid not in by_id:
            continue
        article = by_id[aid]
        text, _ = annotated_text(article.title, article.paragraphs, [c.text for c in article.captions])
        story = story_of.get(aid)
        _, mentions = groups.setdefault(story or f"article:{aid}", (story, []))
        mentions += [ArticleEventMention.in_text(aid, text, m) for m in found.events]
    out = dict(renewed)
    for story, mentions in groups.values():
        stored = list(query_events(conn, EventQuery(story=story))) if story else []
        stored = [renewed.get(e.id, e) for e in stored if e.id not in dropped]
        _, changed = merge(stored, mentions, story, sources.of)
        out.update((e.id, e) for e in changed)
    return EventWrites(list(out.values()), sorted(dropped - out.keys()))


def stories_of(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, str | None]:
    """The story of each stored article among ``article_ids`` that has one."""
    found: dict[str, str | None] = {}
    for part, marks in id_chunks(article_ids):
        found.update(conn.execute(f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})", part))
    return found


class _Sources:
    """The outlet of an article (its source name, else its URL's host), from the batch or the store."""

    def __init__(self, conn: sqlite3.Connection, batch: dict[str, Article]) -> None:
        self.conn = conn
        self.known = {aid: _outlet(a.source, a.url) for aid, a in batch.items()}

    def of(self, article_id: str) -> str | None:
        if article_id not in self.known:
            for aid, source, url in rows_by_id(self.conn, "articles", "id, source, url", [article_id]):
                self.known[aid] = _outlet(source, url)
            self.known.setdefault(article_id, None)
        return self.known[article_id]


def _outlet(source: str | None, url: str | None) -> str | None:
    return source.strip().lower() if source else url_host(url) or None
