"""Near-duplicates and stories through the real pipeline: seeds, a second batch against a stored database,
copies shown where they came from, reruns adding nothing, and databases from before grouping caught up."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

import wirewatch as ww
from wirewatch.eval.syndicate import EDITS
from wirewatch.eval.synth import load_wikinews

ROOT = Path(__file__).parents[2]
GROUPING_TABLES = ("article_sketches", "near_duplicates", "stories", "story_articles", "term_df")


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = ("documents", "articles", "article_documents", *GROUPING_TABLES)
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def _jsonl(path: Path, articles) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for n, a in enumerate(articles):
            f.write(json.dumps({"id": f"{path.stem}-{n}", "title": a.title, "text": "\n\n".join(a.paragraphs)}) + "\n")
    return path


def test_seeds_make_three_stories_and_article_a_has_two_sources(seed_files, wirewatch, tmp_path: Path, expected) -> None:
    db = tmp_path / "t.db"
    assert wirewatch("ingest", *map(str, seed_files), "--db", str(db)).returncode == 0
    stories = json.loads(wirewatch("stories", "--db", str(db), "--format", "json").stdout)
    assert len(stories) == len(expected["stories"]) == 3
    assert all(set(s) >= {"id", "title", "articles", "sources"} for s in stories)
    by_title = {s["title"]: s for s in stories}
    a = by_title[expected["articles"][0]["title"]]
    assert len(a["articles"]) == 1 and a["sources"] == expected["story_A_sources"] == 2
    assert [len(s["articles"]) for s in stories] == [1, 1, 1]


@pytest.fixture(scope="module")
def pool():
    return [a for a in load_wikinews(ROOT / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz") if len(a.paragraphs) >= 3]


def test_a_second_batch_finds_copies_of_the_first_and_reruns_add_nothing(pool, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    originals = pool[:30]
    report = ww.ingest(_jsonl(tmp_path / "originals.jsonl", originals), db=db)
    assert report.near_duplicates == 0 and report.stories_new == 30
    rng = random.Random(5)
    vocab = sorted({w for a in originals for p in a.paragraphs for w in p.split() if w.isalpha()})
    kinds = ["headline", "substitute-5%", "truncate-60%", "boilerplate", "reorder-paragraphs"]
    copies = [EDITS[k](a, rng, vocab, pool[-1]) for a in originals for k in kinds]
    report = ww.ingest(_jsonl(tmp_path / "copies.jsonl", copies), db=db)
    assert report.articles_new == len(copies)
    assert report.near_duplicates == len(copies), "every copy is linked to its original"
    assert report.stories_new == 0, "copies join their original's story"
    with ww.open(db) as database:
        stories = list(database.stories())
        assert len(stories) == 30 and all(len(s["articles"]) == 1 + len(kinds) for s in stories)
        with sqlite3.connect(db) as conn:
            original_id = conn.execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
        shown = database.article(original_id)
        assert len(shown["copies"]) == len(kinds)
        assert all("copies.jsonl#line:" in c["documents"][0]["path"] for c in shown["copies"])  # where each came from
        copy = database.article(shown["copies"][0]["id"])
        assert copy["canonical"]["id"] == original_id and copy["story"] == shown["story"]
    before = _counts(db)
    again = ww.ingest([tmp_path / "originals.jsonl", tmp_path / "copies.jsonl"], db=db)
    assert (again.articles_new, again.near_duplicates, again.stories_new) == (0, 0, 0)
    assert _counts(db) == before


def test_show_lists_the_copies_of_an_article(pool, wirewatch, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    original = pool[0]
    copy = EDITS["boilerplate"](original, random.Random(1), [], pool[1])
    ww.ingest(_jsonl(tmp_path / "a.jsonl", [original, copy]), db=db)
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    out = wirewatch("show", first, "--db", str(db)).stdout
    assert "copied by" in out and "a.jsonl" in out


def test_a_database_from_before_grouping_is_grouped_on_the_next_ingest(seed_files, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ww.ingest(seed_files, db=db)
    grouped = _counts(db)
    with sqlite3.connect(db) as conn:  # what a database written before grouping existed looks like
        for table in GROUPING_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM grouping_meta")
    report = ww.ingest(seed_files, db=db)
    assert report.regrouped == 3 and report.articles_new == 0
    assert _counts(db) == grouped


def test_ingest_without_grouping_then_group_equals_a_grouped_ingest(pool, wirewatch, tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "a.jsonl", pool[:25])
    grouped, deferred = tmp_path / "grouped.db", tmp_path / "deferred.db"
    ww.ingest(source, db=grouped)
    assert wirewatch("ingest", str(source), "--no-group", "--db", str(deferred)).returncode == 0
    assert _counts(deferred)["stories"] == 0
    result = wirewatch("group", "--db", str(deferred))
    assert result.returncode == 0 and "grouped for the first time" in result.stdout
    assert _counts(deferred) == _counts(grouped)
