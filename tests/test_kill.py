"""Killing an ingest (SIGKILL) in the middle of a large run loses nothing and half-writes nothing: a rerun completes
it, and the database then holds exactly what a clean run stores."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wirewatch.eval.synth import load_wikinews, pages

WIKINEWS = Path(__file__).resolve().parents[1] / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"
TABLES = ("documents", "articles", "article_documents", "document_sources", "document_raw")
TEXT_PAGES = 20_000
JSONL_RECORDS = 2_000
RAW_CHUNK = 1024 * 1024


def _build_corpus(root: Path) -> None:
    """20,000 seed-style page dumps in folders of 1,000, then (read last) a JSON Lines feed of 2,000 more pages."""
    pool = load_wikinews(WIKINEWS)
    for n, (text, _) in enumerate(pages(pool, TEXT_PAGES, seed=11, max_articles=1)):
        folder = root / f"pages{n // 1000:02d}"
        if n % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / f"page{n:05d}.txt").write_text(text, encoding="utf-8")
    (root / "tail").mkdir()
    with open(root / "tail/feed.jsonl", "w", encoding="utf-8") as f:
        for n, (text, _) in enumerate(pages(pool, JSONL_RECORDS, seed=12, max_articles=2)):
            f.write(json.dumps({"id": f"feed-{n}", "title": f"Feed page {n}", "text": text}) + "\n")


def _command(corpus: Path, db: Path) -> list[str]:
    beside = Path(sys.executable).parent / "wirewatch"
    script = str(beside) if beside.exists() else shutil.which("wirewatch")
    assert script, "the wirewatch console script is not installed (pip install -e .)"
    # --no-annotate: 2,294 distinct articles through spaCy would take minutes; the NLP stage writes in the same
    # batch transaction as the articles (tests/nlp/test_annotate_cli.py checks its reruns add nothing)
    return [script, "ingest", str(corpus), "--db", str(db), "--quiet", "--no-annotate"]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "WIREWATCH_DB"}


def _ingest(corpus: Path, db: Path) -> None:
    result = subprocess.run(_command(corpus, db), capture_output=True, text=True, env=_env(), timeout=300)
    assert result.returncode == 0, result.stderr


def _count(db: Path) -> int:
    """Documents committed so far, read through a separate read-only connection (0 before the schema exists)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _kill_midway(corpus: Path, db: Path, total: int) -> int:
    """Start an ingest and SIGKILL it once the database holds between a third and two thirds of ``total``."""
    proc = subprocess.Popen(_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        deadline = time.monotonic() + 120
        while (count := _count(db)) < total // 3:
            assert proc.poll() is None, f"the ingest ended (exit {proc.returncode}) before it could be killed"
            assert time.monotonic() < deadline, "the ingest made no progress"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert count < total * 2 // 3, "killed too late to test anything"
    return count


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def _assert_consistent(db: Path) -> dict[str, int]:
    """No half-written document or article, no duplicate: every invariant a complete batch leaves behind."""
    with sqlite3.connect(db) as conn:
        assert _rows(conn, "PRAGMA integrity_check") == [("ok",)]
        assert _rows(conn, "PRAGMA foreign_key_check") == []
        assert _rows(conn, "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_documents)") == []
        assert _rows(conn, "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM document_raw)") == []
        assert _rows(conn, "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM document_sources)") == []
        orphans = "SELECT id FROM documents WHERE status = 'ok' AND id NOT IN (SELECT document_id FROM article_documents)"
        assert _rows(conn, orphans) == [], "an accepted document without its articles"
        chunks = f"MAX(1, (size + {RAW_CHUNK - 1}) / {RAW_CHUNK})"
        partial = (
            "SELECT d.id FROM documents d JOIN (SELECT document_id, COUNT(*) AS n, MAX(seq) AS last FROM document_raw"
            f" GROUP BY document_id) r ON r.document_id = d.id WHERE r.n != {chunks} OR r.last != r.n - 1"
        )
        assert _rows(conn, partial) == [], "a document with some of its raw chunks missing"
        for table, key in (("documents", "id"), ("articles", "id"), ("article_documents", "article_id, document_id, position")):
            assert _rows(conn, f"SELECT {key}, COUNT(*) FROM {table} GROUP BY {key} HAVING COUNT(*) > 1") == []
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def _contents(db: Path) -> dict[str, set]:
    with sqlite3.connect(db) as conn:
        return {
            "documents": set(_rows(conn, "SELECT id, sha256, status, reason, size FROM documents")),
            "articles": set(_rows(conn, "SELECT id, title, published, paragraphs FROM articles")),
            "links": set(_rows(conn, 'SELECT article_id, document_id, position, start, "end" FROM article_documents')),
            "sources": set(_rows(conn, "SELECT document_id, uri, record, offset FROM document_sources")),
        }


@pytest.mark.slow
def test_sigkill_midway_then_rerun_equals_a_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    _build_corpus(corpus)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"

    _ingest(corpus, clean)
    expected = _assert_consistent(clean)
    assert expected["documents"] > 2_000 and expected["articles"] > 200

    at_kill = _kill_midway(corpus, killed, expected["documents"])
    after_kill = _assert_consistent(killed)  # what was committed is whole
    assert at_kill <= after_kill["documents"] < expected["documents"]

    _ingest(corpus, killed)
    assert _assert_consistent(killed) == expected
    assert _contents(killed) == _contents(clean)
    with sqlite3.connect(killed) as conn:
        runs = _rows(conn, "SELECT finished_at IS NOT NULL FROM runs ORDER BY id")
    assert runs == [(0,), (1,)], "the killed run is recorded as unfinished, the rerun as finished"
