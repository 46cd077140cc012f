"""The ``wirewatch`` command: help for every command, exit codes, how the database is chosen, and the shapes of
its outputs. In process through ``wirewatch.cli.main`` where output is read, in a subprocess for exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer

from wirewatch import __version__
from wirewatch.cli import app, main


def command_paths(command=None, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of the typer app, groups included, as the words that name it (the app itself is ``()``)."""
    command = command or typer.main.get_command(app)
    paths = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += command_paths(sub, (*path, name))
    return paths


@pytest.fixture
def seeded(db_path: Path, seed_files: list[Path], capsys: pytest.CaptureFixture[str]) -> Path:
    """A database holding the two seed documents, ingested through the command."""
    assert main(["ingest", *map(str, seed_files), "--db", str(db_path), "--quiet"]) == 0
    capsys.readouterr()
    return db_path


def articles_json(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    assert main(["articles", "--db", str(db), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


# --- help -------------------------------------------------------------------------------------------------------


def test_every_command_is_enumerated() -> None:
    names = {path[0] for path in command_paths() if path}
    assert {"ingest", "articles", "show", "documents"} <= names


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "wirewatch")
def test_help_of_every_command_exits_0_and_names_the_command(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*path, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"Usage: {' '.join(('wirewatch', *path))}" in out


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"wirewatch {__version__}"


# --- exit codes, as a user's shell sees them -----------------------------------------------------------------------


def test_ingest_exits_0_when_every_input_is_read(seed_files: list[Path], tmp_path: Path, wirewatch) -> None:
    result = wirewatch("ingest", *seed_files, "--db", "t.db", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0  document(s) rejected" in " ".join(result.stdout.split("\n"))


def test_ingest_exits_2_and_names_each_rejected_input_when_some_are_rejected(
    seed_files: list[Path], tmp_path: Path, wirewatch
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = wirewatch("ingest", seed_files[0], "empty.txt", "image.txt", "--db", "t.db", "--quiet", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "empty.txt" in result.stderr and "image.txt" in result.stderr
    assert "2  document(s) rejected" in result.stdout
    listed = wirewatch("documents", "--rejected", "--db", "t.db", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0
    assert sorted(d["reason"] for d in json.loads(listed.stdout)) == ["binary", "empty"]


def test_unknown_option_is_a_usage_error_exit_1(tmp_path: Path, wirewatch) -> None:
    result = wirewatch("ingest", "--no-such-option", "x.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert "No such option" in result.stderr


def test_missing_input_path_is_a_usage_error_exit_1_before_anything_is_written(tmp_path: Path, wirewatch) -> None:
    result = wirewatch("ingest", "nothere.txt", "--db", "t.db", cwd=tmp_path)
    assert result.returncode == 1
    assert "InputNotFoundError" in result.stderr and "nothere.txt" in result.stderr
    assert not (tmp_path / "t.db").exists()


def test_missing_argument_is_a_usage_error_exit_1(tmp_path: Path, wirewatch) -> None:
    result = wirewatch("show", cwd=tmp_path)
    assert result.returncode == 1
    assert "Missing argument" in result.stderr


def test_reading_a_database_that_does_not_exist_exits_1_with_what_to_do(tmp_path: Path, wirewatch) -> None:
    result = wirewatch("articles", "--db", "absent.db", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "wirewatch ingest" in result.stderr


def test_unknown_article_id_exits_1(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "0000000000000000", "--db", str(seeded)]) == 1
    assert "NotFoundError" in capsys.readouterr().err


# --- choosing the database ------------------------------------------------------------------------------------------


def test_wirewatch_db_environment_variable_picks_the_database(seed_files: list[Path], tmp_path: Path, wirewatch) -> None:
    env = {"WIREWATCH_DB": str(tmp_path / "from-env.db")}
    assert wirewatch("ingest", *seed_files, "--quiet", cwd=tmp_path, env=env).returncode == 0
    assert (tmp_path / "from-env.db").exists() and not (tmp_path / "wirewatch.db").exists()
    listed = wirewatch("articles", "--format", "json", cwd=tmp_path, env=env)
    assert len(json.loads(listed.stdout)) == 3


def test_db_option_picks_the_database_over_the_environment_variable(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WIREWATCH_DB", str(tmp_path / "elsewhere.db"))
    assert len(articles_json(seeded, capsys)) == 3
    assert main(["articles", "--format", "json"]) == 1
    assert "elsewhere.db" in capsys.readouterr().err


def test_without_db_or_environment_the_database_is_wirewatch_db_in_the_working_directory(
    seed_files: list[Path], tmp_path: Path, wirewatch
) -> None:
    assert wirewatch("ingest", *seed_files, "--quiet", cwd=tmp_path).returncode == 0
    assert (tmp_path / "wirewatch.db").exists()


# --- output shapes --------------------------------------------------------------------------------------------------


def test_articles_json_has_the_documented_keys(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = articles_json(seeded, capsys)
    assert len(records) == 3
    for record in records:
        assert {"id", "title", "published", "source", "captions", "paragraphs", "documents"} <= set(record)
        assert all(set(c) == {"text", "credit"} for c in record["captions"])
        assert all(set(d) == {"id", "path"} for d in record["documents"])
        assert record["paragraphs"] and all(isinstance(p, str) for p in record["paragraphs"])


def test_articles_limit_caps_the_number_listed(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(articles_json(seeded, capsys, "--limit", "2")) == 2


def test_articles_csv_parses_with_the_csv_module(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = {r["id"]: r for r in articles_json(seeded, capsys)}
    assert main(["articles", "--db", str(seeded), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3
    for row in rows:
        record = records[row["id"]]
        assert row["title"] == record["title"]
        assert json.loads(row["captions"]) == record["captions"]
        assert row["text"] == "\n\n".join(record["paragraphs"])
        assert row["documents"].split(";") == [d["id"] for d in record["documents"]]


def test_articles_table_lists_every_article_with_its_id(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = articles_json(seeded, capsys)
    assert main(["articles", "--db", str(seeded)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ["3", "article(s)"] in rows
    for record in records:  # the title column wraps; its first words stay on the id's line
        first_words = " ".join(record["title"].split()[:2])
        assert any(row[0] == record["id"] and first_words in " ".join(row) for row in rows if row)


def test_show_finds_an_article_by_id_prefix_and_prints_its_provenance(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = next(r for r in articles_json(seeded, capsys) if len(r["documents"]) == 2)
    assert main(["show", record["id"][:5], "--db", str(seeded)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(record["title"])
    assert "Found in 2 document(s)" in out
    assert all(d["id"] in out for d in record["documents"])
    assert "removed TT" in out


def test_show_json_has_the_occurrences_with_offsets_and_removed_lines(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = next(r for r in articles_json(seeded, capsys) if len(r["documents"]) == 2)
    assert main(["show", record["id"], "--db", str(seeded), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == record["id"] and shown["paragraphs"] == record["paragraphs"]
    assert len(shown["occurrences"]) == 2
    for occurrence in shown["occurrences"]:
        assert {"document", "paths", "start", "end", "spans", "removed"} <= set(occurrence)
        assert all(r["reason"] for r in occurrence["removed"])


def test_documents_json_lists_each_document_with_its_path(
    seeded: Path, seed_files: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["documents", "--db", str(seeded), "--format", "json"]) == 0
    documents = json.loads(capsys.readouterr().out)
    assert sorted(Path(d["paths"][0]).name for d in documents) == sorted(p.name for p in seed_files)
    assert all(d["status"] == "ok" and d["format"] == "text" for d in documents)
