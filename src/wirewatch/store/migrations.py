"""Named, transactional schema migrations, recorded in the ``migrations`` table.

Append new migrations to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_documents_articles",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,             -- first 16 hex digits of sha256(raw)
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,            -- text | html | jsonl | warc | unknown
            size INTEGER NOT NULL,           -- bytes as received
            encoding TEXT,
            status TEXT NOT NULL,            -- ok | rejected
            reason TEXT,                     -- rejection code (errors.InputError.code)
            message TEXT,                    -- rejection message
            warnings TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
            meta TEXT NOT NULL DEFAULT '{}',       -- JSON: title/date/url/source of the record, WARC headers...
            text_z BLOB,                     -- zstd: the text offsets refer to, when not the decoded raw bytes
            created_at TEXT NOT NULL
        );
        CREATE INDEX documents_status ON documents(status, reason);
        CREATE TABLE document_raw (          -- raw bytes, zstd-compressed in 1 MiB chunks
            document_id TEXT NOT NULL REFERENCES documents(id),
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (document_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE document_sources (      -- every place a document was read from
            document_id TEXT NOT NULL REFERENCES documents(id),
            uri TEXT NOT NULL,
            record TEXT NOT NULL DEFAULT '',  -- WARC-Record-ID, line:N; '' for a whole file
            offset INTEGER,
            read_at TEXT NOT NULL,
            PRIMARY KEY (document_id, uri, record)
        ) WITHOUT ROWID;
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,             -- first 16 hex digits of sha256(normalised title + body)
            title TEXT,
            published TEXT,                  -- ISO date, NULL when unknown
            source TEXT,
            author TEXT,
            url TEXT,
            captions TEXT NOT NULL DEFAULT '[]',    -- JSON [{text, credit}]
            paragraphs TEXT NOT NULL DEFAULT '[]',  -- JSON [str]
            n_words INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE article_documents (     -- where each article sits in each document it was found in
            article_id TEXT NOT NULL REFERENCES articles(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            spans TEXT NOT NULL,             -- JSON {title: [s, e], paragraphs: [[s, e]...], captions: [[s, e]...]}
            removed TEXT NOT NULL,           -- JSON [{text, reason, start, end}]
            PRIMARY KEY (article_id, document_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX article_documents_document ON article_documents(document_id);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            inputs TEXT NOT NULL,            -- JSON list
            started_at TEXT NOT NULL,
            finished_at TEXT,
            stats TEXT                       -- JSON summary
        );
        """,
    ),
    (
        "0002_near_duplicates_stories",
        """
        CREATE TABLE article_sketches (      -- near-duplicate index keys (LSH bands, sentence sample), uint64
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            keys BLOB NOT NULL
        );
        CREATE TABLE near_duplicates (       -- a copy and the canonical (first seen) article it copies
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            canonical_id TEXT NOT NULL REFERENCES articles(id),
            jaccard REAL NOT NULL,           -- word 3-gram shingle Jaccard similarity
            containment REAL NOT NULL        -- share of the smaller article's shingles found in the other
        ) WITHOUT ROWID;
        CREATE INDEX near_duplicates_canonical ON near_duplicates(canonical_id);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,             -- first 16 hex digits of sha256("story:" + first article id)
            title TEXT,                      -- the first article's title
            centroid BLOB NOT NULL,          -- int64 term hashes then float32 weights
            size INTEGER NOT NULL,
            first_date TEXT,
            last_date TEXT,
            recent TEXT NOT NULL DEFAULT '[]' -- JSON: ids of the most recent member articles
        ) WITHOUT ROWID;
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL REFERENCES stories(id),
            similarity REAL NOT NULL         -- to the story when the article joined (1.0: opened it, or a copy)
        ) WITHOUT ROWID;
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE TABLE term_df (term INTEGER PRIMARY KEY, df INTEGER NOT NULL);
        CREATE TABLE grouping_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """,
    ),
    (
        "0003_annotations",
        """
        CREATE TABLE article_nlp (           -- articles the NLP stage has read (offsets below are into the text
            article_id TEXT PRIMARY KEY REFERENCES articles(id),  -- models.annotated_text builds: title,
            version INTEGER NOT NULL,        -- paragraphs, captions joined by blank lines); rules version
            anchor TEXT,                     -- ISO date relative dates were resolved against, NULL: none
            anchor_source TEXT NOT NULL,     -- metadata | dateline | caption | given | none
            annotated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE entities (              -- actor dictionary ids, person:<slug>, org:<slug>
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            label TEXT NOT NULL,             -- PERSON | ORG | ARMED_GROUP | STATE | PARTY | IGO | MEDIA
            country TEXT                     -- ISO 3166-1 alpha-2
        ) WITHOUT ROWID;
        CREATE TABLE entity_mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            entity_id TEXT REFERENCES entities(id),
            source TEXT NOT NULL,            -- dictionary | ner | coreference | story
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID;
        CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
        CREATE TABLE places (                -- gn:<geonameid>, or x:<country>:<slug> for our alias table's places
            id TEXT PRIMARY KEY,
            geonameid INTEGER,
            name TEXT NOT NULL,
            country TEXT,
            admin1 TEXT,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            feature TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE place_mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            place_id TEXT NOT NULL REFERENCES places(id),
            score REAL NOT NULL,
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID;
        CREATE INDEX place_mentions_place ON place_mentions(place_id);
        CREATE TABLE date_mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            value TEXT,                      -- ISO day / week (2025-W13) / month / year; NULL: unresolved
            precision TEXT NOT NULL,         -- day | week | month | year | unknown
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID;
        """,
    ),
    (
        "0004_events",
        """
        CREATE TABLE events (                -- one real-world event, its mentions merged (models.Event)
            id TEXT PRIMARY KEY,             -- Event.id: hash of its first mention; re-written as mentions join
            story_id TEXT,                   -- its story; no foreign key (nor on article ids): events may be written
                                             --   without grouping, by another process, or before their articles
            type TEXT NOT NULL,              -- PLOVER type: AGREE ... ASSAULT
            mode TEXT,                       -- PLOVER mode: aerial, firearms, demo, ...
            acled_event_type TEXT,
            acled_sub_event_type TEXT,
            cameo_root TEXT,                 -- two-digit CAMEO root code
            place_id TEXT,                   -- as places.id: gn:<geonameid> or x:<country>:<slug>; NULL: no place
            place_name TEXT,
            place_geonameid INTEGER,
            place_country TEXT,              -- ISO 3166-1 alpha-2
            place_admin1 TEXT,
            place_lat REAL,
            place_lon REAL,
            place_feature TEXT,
            date TEXT,                       -- ISO day / week (2025-W13) / month / year, as the text gives it
            date_precision TEXT NOT NULL,    -- day | week | month | year | unknown
            date_from TEXT,                  -- first and last day of that period (ISO days): what --since and
            date_to TEXT,                    --   --until compare, and the sort order
            fatalities INTEGER,              -- the low end; NULL: not reported
            fatalities_qualifier TEXT,       -- exact | at least | more than | about | at most | range
            fatalities_high INTEGER,         -- the high end of a range
            injured INTEGER,
            injured_qualifier TEXT,
            injured_high INTEGER,
            flags TEXT NOT NULL DEFAULT '[]',  -- JSON list: negated, hypothetical, future, cumulative, claimed
            claimed_by TEXT,                 -- JSON Participant whose statement it is, or NULL
            confidence REAL NOT NULL,
            sources INTEGER NOT NULL,        -- distinct sources of the articles reporting it
            spans TEXT NOT NULL DEFAULT '{}',  -- JSON: start, end, text of the place and counts (and place score)
            written_at TEXT NOT NULL
        );
        CREATE INDEX events_date ON events(date_from, id);
        CREATE INDEX events_type ON events(type, date_from);
        CREATE INDEX events_acled ON events(acled_event_type, acled_sub_event_type, date_from);
        CREATE INDEX events_country ON events(place_country, date_from);
        CREATE INDEX events_place ON events(place_name);
        CREATE INDEX events_latlon ON events(place_lat, place_lon);
        CREATE INDEX events_fatalities ON events(fatalities);
        CREATE INDEX events_story ON events(story_id);
        CREATE TABLE event_participants (    -- actors and recipients, in the order the event lists them
            event_id TEXT NOT NULL REFERENCES events(id),
            role TEXT NOT NULL,              -- actor | recipient
            position INTEGER NOT NULL,
            entity_id TEXT,                  -- actor dictionary id, person:/org: id, generic.*; NULL: unresolved
            name TEXT NOT NULL,
            label TEXT,                      -- ENTITY_LABELS; NULL for a generic agent
            country TEXT,                    -- ISO 3166-1 alpha-2
            text TEXT NOT NULL,              -- the span as written, and its offsets into the annotated text
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (event_id, role, position)
        ) WITHOUT ROWID;
        CREATE INDEX event_participants_entity ON event_participants(entity_id);
        CREATE INDEX event_participants_name ON event_participants(name);
        CREATE TABLE event_mentions (        -- the sentences that state the event, one per article mention
            event_id TEXT NOT NULL REFERENCES events(id),
            position INTEGER NOT NULL,
            article_id TEXT NOT NULL,
            sentence TEXT NOT NULL,
            sentence_start INTEGER NOT NULL, -- offsets into the article's annotated text
            sentence_end INTEGER NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            mention TEXT NOT NULL,           -- JSON: the whole EventMention, every evidence span
            PRIMARY KEY (event_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX event_mentions_article ON event_mentions(article_id);
        """,
    ),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return the names applied."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone() is None:
                for statement in _statements(sql):
                    conn.execute(statement)
                now = datetime.now(UTC).isoformat(timespec="seconds")
                conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now))
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return applied


def _statements(sql: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit the open transaction)."""
    out, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer)
            buffer = ""
    return out
