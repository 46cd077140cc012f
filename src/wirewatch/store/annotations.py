"""Persistence of the NLP stage: entity, place and date mentions of each article, and the entities and places
they resolve to. Written in the batch's transaction, read by :class:`~wirewatch.store.database.Database`."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from wirewatch.models import Annotations, Article, Caption, PlaceMention
from wirewatch.store.query import id_chunks


def place_id(place: PlaceMention) -> str:
    if place.geonameid is not None:
        return f"gn:{place.geonameid}"
    name = unicodedata.normalize("NFKD", place.name).encode("ascii", "ignore").decode().lower()
    return f"x:{place.country or '-'}:{re.sub(r'[^a-z0-9]+', '-', name).strip('-')}"


def write_annotations(conn: sqlite3.Connection, annotated: Iterable[tuple[str, Annotations]], version: int) -> None:
    """Write the annotations of articles (call inside the batch's transaction, after its articles)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    items = list(annotated)
    conn.executemany(
        "INSERT OR REPLACE INTO article_nlp (article_id, version, anchor, anchor_source, annotated_at) VALUES (?,?,?,?,?)",
        [(aid, version, a.anchor, a.anchor_source, now) for aid, a in items],
    )
    for table in ("entity_mentions", "place_mentions", "date_mentions"):  # a re-annotation replaces the old one
        conn.executemany(f"DELETE FROM {table} WHERE article_id = ?", [(aid,) for aid, _ in items])
    entities = [m for _, a in items for m in a.entities if m.entity_id]
    conn.executemany(
        "INSERT OR IGNORE INTO entities (id, name, label, country) VALUES (?,?,?,?)",
        [(m.entity_id, m.name or m.text, m.label, m.country) for m in entities],
    )
    conn.executemany(
        'INSERT OR IGNORE INTO entity_mentions (article_id, start, "end", text, label, entity_id, source) VALUES (?,?,?,?,?,?,?)',
        [(aid, m.start, m.end, m.text, m.label, m.entity_id, m.source) for aid, a in items for m in a.entities],
    )
    places = [(aid, p, place_id(p)) for aid, a in items for p in a.places]
    conn.executemany(
        "INSERT OR IGNORE INTO places (id, geonameid, name, country, admin1, lat, lon, feature) VALUES (?,?,?,?,?,?,?,?)",
        [(pid, p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.feature) for _, p, pid in places],
    )
    conn.executemany(
        'INSERT OR IGNORE INTO place_mentions (article_id, start, "end", text, place_id, score) VALUES (?,?,?,?,?,?)',
        [(aid, p.start, p.end, p.text, pid, p.score) for aid, p, pid in places],
    )
    conn.executemany(
        'INSERT OR IGNORE INTO date_mentions (article_id, start, "end", text, value, precision) VALUES (?,?,?,?,?,?)',
        [(aid, d.start, d.end, d.text, d.value, d.precision) for aid, a in items for d in a.dates],
    )


STORY_PLACE_FEATURES = frozenset({"country", "continent", "region", "water"})


def story_terms(annotations: Annotations) -> list[str]:
    """The terms an article's annotations add to its story vector: the places below country level.

    Measured with `wirewatch eval stories --entities` (docs/benchmarks.md): these lift Current Events B³-F1
    0.7312 -> 0.7342 and leave WikiRef220 unchanged; entity ids lowered both (0.731 -> 0.720, 0.500 -> 0.420),
    and countries lowered precision, so neither is added."""
    return sorted({f"p:{place_id(p)}" for p in annotations.places if p.feature not in STORY_PLACE_FEATURES})


def stored_story_terms(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    """story_terms of stored articles, from their stored place mentions."""
    out: dict[str, set[str]] = {}
    skip = ",".join(f"'{f}'" for f in sorted(STORY_PLACE_FEATURES))
    for part, marks in id_chunks(ids):
        rows = conn.execute(
            "SELECT DISTINCT m.article_id, m.place_id FROM place_mentions m JOIN places p ON p.id = m.place_id"
            f" WHERE m.article_id IN ({marks}) AND p.feature NOT IN ({skip})",
            part,
        )
        for aid, pid in rows:
            out.setdefault(aid, set()).add(f"p:{pid}")
    return {aid: sorted(terms) for aid, terms in out.items()}


def story_people(conn: sqlite3.Connection, story_id: str) -> list[tuple[str, str]]:
    """(id, name) of the people with a full name that the stored articles of a story mention."""
    rows = conn.execute(
        "SELECT DISTINCT e.id, e.name FROM story_articles s JOIN entity_mentions m ON m.article_id = s.article_id"
        " JOIN entities e ON e.id = m.entity_id WHERE s.story_id = ? AND e.label = 'PERSON' AND instr(e.name, ' ') > 0",
        (story_id,),
    )
    return [(r[0], r[1]) for r in rows]


def unannotated_articles(conn: sqlite3.Connection, version: int, batch: int = 256) -> Iterator[list[Article]]:
    """Stored articles the NLP stage has not read (or read with older rules), oldest first."""
    rows = conn.execute(
        "SELECT a.id, a.title, a.paragraphs, a.captions, a.published, a.source, a.url FROM articles a"
        " WHERE NOT EXISTS (SELECT 1 FROM article_nlp n WHERE n.article_id = a.id AND n.version >= ?) ORDER BY a.rowid",
        (version,),
    ).fetchmany
    while chunk := rows(batch):
        yield [
            Article(
                id=r[0],
                title=r[1],
                paragraphs=json.loads(r[2]),
                published=r[4],
                captions=[Caption(**c) for c in json.loads(r[3])],
                source=r[5],
                url=r[6],
            )
            for r in chunk
        ]


def article_annotations(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The stored annotations of one article (None when the NLP stage has not read it)."""
    head = conn.execute("SELECT anchor, anchor_source, version FROM article_nlp WHERE article_id = ?", (article_id,)).fetchone()
    if head is None:
        return None
    entities = conn.execute(
        'SELECT m.start, m."end", m.text, m.label, m.entity_id, e.name, e.country, m.source FROM entity_mentions m'
        " LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? ORDER BY m.start",
        (article_id,),
    )
    places = conn.execute(
        'SELECT m.start, m."end", m.text, p.name, p.geonameid, p.country, p.admin1, p.lat, p.lon, p.feature, m.score'
        " FROM place_mentions m JOIN places p ON p.id = m.place_id WHERE m.article_id = ? ORDER BY m.start",
        (article_id,),
    )
    dates = conn.execute(
        'SELECT start, "end", text, value, precision FROM date_mentions WHERE article_id = ? ORDER BY start', (article_id,)
    )
    return {
        "anchor": head[0],
        "anchor_source": head[1],
        "entities": [dict(zip(_ENTITY_KEYS, r, strict=True)) for r in entities],
        "places": [dict(zip(_PLACE_KEYS, r, strict=True)) for r in places],
        "dates": [dict(zip(_DATE_KEYS, r, strict=True)) for r in dates],
    }


_ENTITY_KEYS = ("start", "end", "text", "label", "entity_id", "name", "country", "source")
_PLACE_KEYS = ("start", "end", "text", "name", "geonameid", "country", "admin1", "lat", "lon", "feature", "score")
_DATE_KEYS = ("start", "end", "text", "value", "precision")
