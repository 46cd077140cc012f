"""The public Python API: ``wirewatch.ingest`` and ``wirewatch.open``, as documented in the package docstring."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

import wirewatch
from wirewatch.errors import InputNotFoundError

ARTICLE_KEYS = ["id", "title", "published", "source", "author", "url", "captions", "paragraphs", "n_words", "documents"]
DOCUMENT_KEYS = ["id", "sha256", "format", "size", "encoding", "status", "reason", "message", "warnings", "meta", "paths"]


@pytest.fixture
def report(db_path: Path, seed_files: list[Path]) -> wirewatch.IngestReport:
    return wirewatch.ingest([str(p) for p in seed_files], db=db_path)


def test_public_names_are_listed_in_all_and_importable() -> None:
    assert sorted(wirewatch.__all__) == ["Database", "IngestReport", "WirewatchError", "__version__", "ingest", "open"]
    assert all(hasattr(wirewatch, name) for name in wirewatch.__all__)


def test_ingest_returns_a_report_with_the_counts(report: wirewatch.IngestReport, db_path: Path, seed_files: list[Path]) -> None:
    assert isinstance(report, wirewatch.IngestReport)
    assert report.db == str(db_path)
    assert (report.files, report.documents, report.documents_new, report.documents_seen) == (2, 2, 2, 0)
    assert (report.articles, report.articles_new, report.exact_duplicates) == (4, 3, 1)
    assert report.rejected == {} and report.warnings == 0 and report.exit_code == 0
    assert report.bytes == sum(p.stat().st_size for p in seed_files)
    summary = report.as_dict()
    assert summary["articles_new"] == 3 and summary["db"] == str(db_path)


def test_ingest_accepts_one_path_and_a_directory(db_path: Path, seeds_dir: Path, seed_files: list[Path]) -> None:
    assert wirewatch.ingest(seed_files[0], db=db_path).documents_new == 1
    report = wirewatch.ingest(seeds_dir, db=db_path)
    assert (report.files, report.documents_new, report.documents_seen) == (2, 1, 1)


def test_ingest_reports_rejected_inputs_by_reason_and_the_issue(db_path: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    issues = []
    report = wirewatch.ingest([seed_files[0], empty], db=db_path, on_issue=issues.append)
    assert report.rejected == {"empty": 1} and report.exit_code == 2
    assert [(i.kind, i.reason) for i in issues] == [("rejected", "empty")] and str(empty) in issues[0].input


def test_ingest_of_a_path_that_names_no_file_raises_before_writing(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        wirewatch.ingest([tmp_path / "nothere.txt"], db=db_path)
    assert not db_path.exists()
    assert issubclass(InputNotFoundError, wirewatch.WirewatchError)


def test_open_gives_articles_as_dicts(report: wirewatch.IngestReport, db_path: Path) -> None:
    with wirewatch.open(db_path) as db:
        assert isinstance(db, wirewatch.Database)
        articles = list(db.articles())
        assert len(list(db.articles(limit=1))) == 1
    assert len(articles) == 3
    for article in articles:
        assert list(article) == ARTICLE_KEYS
        assert article["n_words"] == sum(len(p.split()) for p in article["paragraphs"])
    assert sorted(len(a["documents"]) for a in articles) == [1, 1, 2]


def test_articles_df_has_one_row_per_article_with_the_expected_columns(report: wirewatch.IngestReport, db_path: Path) -> None:
    with wirewatch.open(db_path) as db:
        frame = db.articles_df()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [*ARTICLE_KEYS, "text"]
    assert len(frame) == 3 and frame["id"].is_unique
    assert all(text == "\n\n".join(paragraphs) for text, paragraphs in zip(frame["text"], frame["paragraphs"], strict=True))


def test_documents_df_has_one_row_per_document_with_the_expected_columns(report: wirewatch.IngestReport, db_path: Path) -> None:
    with wirewatch.open(db_path) as db:
        frame = db.documents_df()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == DOCUMENT_KEYS
    assert len(frame) == 2
    assert set(frame["status"]) == {"ok"} and set(frame["format"]) == {"text"}


def test_open_without_a_path_uses_the_wirewatch_db_environment_variable(
    report: wirewatch.IngestReport, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREWATCH_DB", str(db_path))
    with wirewatch.open() as db:
        assert db.path == db_path
        assert db.counts()["articles"] == 3


def test_the_library_logs_through_logging_and_never_prints(
    db_path: Path, tmp_path: Path, seed_files: list[Path], capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="wirewatch"):
        wirewatch.ingest([seed_files[0], empty], db=db_path)
    assert capsys.readouterr() == ("", "")
    assert any("empty" in record.getMessage() for record in caplog.records)
