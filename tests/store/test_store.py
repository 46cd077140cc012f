"""The SQLite store, on real database files: migrations, WAL, idempotent re-ingest, one row per article linked to
every document it was found in, raw bytes and offsets that lead back to the source, id lookup and its errors."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import wirewatch
from wirewatch.errors import NotFoundError, StoreError, UsageError, WirewatchError
from wirewatch.eval.synth import SynthArticle, pages
from wirewatch.store import connect, open_database
from wirewatch.store.migrations import MIGRATIONS, migrate
from wirewatch.store.sqlite import RAW_CHUNK


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = ("documents", "document_raw", "document_sources", "articles", "article_documents")
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture
def seeded(db_path: Path, seed_files: list[Path]) -> Path:
    """A database holding the two seed documents."""
    report = wirewatch.ingest(seed_files, db=db_path)
    assert report.documents_new == 2
    return db_path


@pytest.fixture
def many_articles(tmp_path: Path, db_path: Path, wikinews_pool: list[SynthArticle]) -> Path:
    """A database holding 6 synthetic page dumps: dozens of articles, so some ids share a first hex digit."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, (text, _) in enumerate(pages(wikinews_pool, 6, seed=5, max_articles=4)):
        (folder / f"page{n}.txt").write_text(text, encoding="utf-8")
    wirewatch.ingest([folder], db=db_path)
    return db_path


# --- schema -------------------------------------------------------------------------------------------------


def test_migrations_are_recorded_by_name_in_the_migrations_table(db_path: Path) -> None:
    connect(db_path).close()
    conn = sqlite3.connect(db_path)
    names = [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY name")]
    applied_at = [row[0] for row in conn.execute("SELECT applied_at FROM migrations")]
    conn.close()
    assert names == sorted(name for name, _ in MIGRATIONS)
    assert all(applied_at)


def test_reopening_a_database_applies_no_migration_twice(seeded: Path) -> None:
    before = table_counts(seeded)
    conn = connect(seeded)
    try:
        assert migrate(conn) == []
        assert conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    finally:
        conn.close()
    with open_database(seeded) as db:
        assert db.counts()["articles"] == 3
    assert table_counts(seeded) == before


def test_migrate_applies_every_migration_to_an_empty_database(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "empty.db", isolation_level=None)
    try:
        assert migrate(conn) == [name for name, _ in MIGRATIONS]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"migrations", "documents", "document_raw", "document_sources", "articles", "article_documents", "runs"} <= tables


def test_database_uses_the_wal_journal(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_opening_a_missing_database_for_reading_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="wirewatch ingest"):
        open_database(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def test_a_file_that_is_not_sqlite_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        connect(path)


# --- writing --------------------------------------------------------------------------------------------------


def test_reingesting_the_same_input_adds_nothing(seeded: Path, seed_files: list[Path]) -> None:
    before = table_counts(seeded)
    report = wirewatch.ingest(seed_files, db=seeded)
    assert (report.documents, report.documents_new, report.documents_seen, report.articles_new) == (2, 0, 2, 0)
    assert table_counts(seeded) == before


def test_the_same_bytes_under_another_path_add_a_source_not_a_document(
    seeded: Path, seed_files: list[Path], tmp_path: Path
) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copyfile(seed_files[0], copy)
    before = table_counts(seeded)
    report = wirewatch.ingest([copy], db=seeded)
    assert (report.documents_new, report.documents_seen) == (0, 1)
    after = table_counts(seeded)
    assert after == {**before, "document_sources": before["document_sources"] + 1}


def test_article_found_in_two_documents_is_one_row_linked_to_both(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    try:
        rows = conn.execute(
            "SELECT a.id, COUNT(DISTINCT ad.document_id) FROM articles a JOIN article_documents ad ON ad.article_id = a.id"
            " GROUP BY a.id ORDER BY a.title"
        ).fetchall()
        titles = [row[0] for row in conn.execute("SELECT title FROM articles")]
    finally:
        conn.close()
    assert len(titles) == len(set(titles)) == 3
    assert sorted(n for _, n in rows) == [1, 1, 2]


def test_report_counts_new_articles_and_exact_duplicates(db_path: Path, seed_files: list[Path]) -> None:
    report = wirewatch.ingest(seed_files, db=db_path)
    assert (report.articles, report.articles_new, report.exact_duplicates) == (4, 3, 1)
    assert report.rejected == {} and report.exit_code == 0


# --- reading back to the source -------------------------------------------------------------------------------


def test_raw_bytes_round_trip_exactly(seeded: Path, seed_files: list[Path]) -> None:
    with open_database(seeded) as db:
        by_path = {Path(d["paths"][0]).name: d["id"] for d in db.documents()}
        for path in seed_files:
            assert db.raw(by_path[path.name]) == path.read_bytes()


def test_raw_bytes_larger_than_one_chunk_round_trip_exactly(
    tmp_path: Path, db_path: Path, wikinews_pool: list[SynthArticle]
) -> None:
    text = "\n\n".join(page for page, _ in pages(wikinews_pool, 120, seed=2))
    data = ("\ufeff" + text).encode("utf-8").replace(b"\n", b"\r\n")
    assert len(data) > RAW_CHUNK  # stored in two chunks
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    wirewatch.ingest([path], db=db_path)
    with open_database(db_path) as db:
        [document] = list(db.documents())
        assert document["size"] == len(data)
        assert db.raw(document["id"]) == data
    assert table_counts(db_path)["document_raw"] == 2


def test_occurrence_offsets_slice_the_stored_text_back_to_title_paragraphs_and_removed_lines(seeded: Path) -> None:
    with open_database(seeded) as db:
        records = [db.article(a["id"]) for a in db.articles()]
        texts = {d["id"]: db.text(d["id"]) for d in db.documents()}
    assert sum(len(r["occurrences"]) for r in records) == 4
    for record in records:
        for occurrence in record["occurrences"]:
            text = texts[occurrence["document"]]
            spans = occurrence["spans"]
            title_start, title_end = spans["title"]
            assert text[title_start:title_end] == record["title"]
            assert len(spans["paragraphs"]) == len(record["paragraphs"])
            for (start, end), paragraph in zip(spans["paragraphs"], record["paragraphs"], strict=True):
                assert " ".join(line.strip() for line in text[start:end].splitlines() if line.strip()) == paragraph
            for (start, end), caption in zip(spans["captions"], record["captions"], strict=True):
                assert text[start:end].startswith(caption["text"])
            for removed in occurrence["removed"]:
                assert text[removed["start"] : removed["end"]] == removed["text"] and removed["reason"]
            assert occurrence["start"] <= title_start and spans["paragraphs"][-1][1] <= occurrence["end"]


# --- ids ------------------------------------------------------------------------------------------------------


def test_article_is_found_by_a_unique_id_prefix_in_any_case(seeded: Path) -> None:
    with open_database(seeded) as db:
        ids = [a["id"] for a in db.articles()]
        prefix = next(p for n in range(1, 17) for p in (i[:n] for i in ids) if sum(other.startswith(p) for other in ids) == 1)
        match = next(i for i in ids if i.startswith(prefix))
        assert db.article(prefix)["id"] == match
        assert db.article(prefix.upper())["id"] == match
        assert db.article(match)["id"] == match


def test_ambiguous_id_prefix_is_a_usage_error_asking_for_more_characters(many_articles: Path) -> None:
    with open_database(many_articles) as db:
        ids = [a["id"] for a in db.articles()]
        assert len(ids) > 16
        shared = next(i[:1] for i in ids if sum(other.startswith(i[:1]) for other in ids) > 1)
        with pytest.raises(UsageError, match="ambiguous"):
            db.article(shared)


def test_unknown_id_is_not_found(seeded: Path) -> None:
    with open_database(seeded) as db:
        ids = {a["id"] for a in db.articles()} | {d["id"] for d in db.documents()}
        unknown = next(c * 16 for c in "0123456789abcdef" if c * 16 not in ids)
        with pytest.raises(NotFoundError, match="no article"):
            db.article(unknown)
        with pytest.raises(NotFoundError, match="no document"):
            db.raw(unknown)


@pytest.mark.parametrize("bad", ["", "   ", "xyz", "12-34", "../etc"])
def test_an_id_that_is_not_hexadecimal_is_a_usage_error(bad: str, seeded: Path) -> None:
    with open_database(seeded) as db, pytest.raises(UsageError, match="not an id"):
        db.article(bad)


def test_store_errors_share_the_wirewatch_base_class() -> None:
    assert issubclass(NotFoundError, StoreError) and issubclass(StoreError, WirewatchError)
    assert issubclass(UsageError, WirewatchError)
