"""The events step over the store: an article read again (enrich after the annotation rules changed) replaces its
old event mentions; nothing is counted twice and events of other articles keep theirs."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import wirewatch
from wirewatch.pipeline import enrich
from wirewatch.store import Writer, connect
from wirewatch.store.events import events_of_articles, query_events


def _mentions(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT event_id, article_id, mention FROM event_mentions"))


def _make_old(db: Path) -> None:
    """As if every article had been annotated by older rules."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE article_nlp SET version = 0")


def test_enrich_after_a_rules_change_reads_each_article_again_without_doubling_its_events(
    seed_files: list[Path], db_path: Path
) -> None:
    first = wirewatch.ingest([str(p) for p in seed_files], db=db_path)
    before = _mentions(db_path)
    assert first.events > 0 and before
    _make_old(db_path)
    again = enrich(db_path)
    assert again.annotated == first.annotated
    assert _mentions(db_path) == before  # the same rules: the same events, each mention once


def test_an_article_read_again_drops_the_mentions_it_no_longer_gives(seed_files: list[Path], db_path: Path) -> None:
    wirewatch.ingest([str(p) for p in seed_files], db=db_path)
    before = _mentions(db_path)
    conn = connect(db_path)
    try:
        stored = list(query_events(conn))
        article = stored[0].mentions[0].article_id
        # a stale event only this article gave, and one another article shares: what older rules could have left
        stale = replace(stored[0], id="stale-only-this-article", mentions=[stored[0].mentions[0]])
        shared_item = replace(stored[0].mentions[0], article_id="another-article")
        shared = replace(stored[0], id="stale-shared", mentions=[stored[0].mentions[0], shared_item], sources=2)
        Writer(conn).write_events([stale, shared])
        assert {e.id for e in events_of_articles(conn, [article])} >= {"stale-only-this-article", "stale-shared"}
    finally:
        conn.close()
    _make_old(db_path)
    enrich(db_path)
    conn = connect(db_path)
    try:
        by_id = {e.id: e for e in query_events(conn)}
    finally:
        conn.close()
    assert "stale-only-this-article" not in by_id
    # the shared event keeps the other article's mention (the re-read article's own may join it again)
    assert "another-article" in [m.article_id for m in by_id["stale-shared"].mentions]
    after = [(aid, mention) for _, aid, mention in _mentions(db_path) if aid != "another-article"]
    assert sorted(after) == sorted((aid, mention) for _, aid, mention in before)  # each mention once
