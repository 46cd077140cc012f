"""The acceptance check of the issue: the two seed page dumps, ingested through the real console script, give
exactly the three articles of ``../shared/seeds/expected.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.store import open_database


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, seed_files: list[Path], wirewatch) -> Path:
    """A working directory holding ``t.db``, into which ``wirewatch ingest`` read both seeds."""
    workdir = tmp_path_factory.mktemp("seeds")
    result = wirewatch("ingest", *seed_files, "--db", "t.db", "--quiet", cwd=workdir)
    assert result.returncode == 0, result.stderr
    return workdir


@pytest.fixture(scope="module")
def listed(ingested: Path, wirewatch) -> dict[str, dict]:
    """``wirewatch articles --format json``, keyed by title."""
    result = wirewatch("articles", "--db", "t.db", "--format", "json", cwd=ingested)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    return {r["title"]: r for r in records}


def test_seeds_give_exactly_the_expected_distinct_articles(listed: dict[str, dict], expected: dict) -> None:
    assert len(listed) == expected["distinct_articles"] == 3
    assert set(listed) == {a["title"] for a in expected["articles"]}


@pytest.mark.parametrize("key", ["A", "B", "C"])
def test_seed_article_matches_its_expected_title_captions_and_body(key: str, listed: dict[str, dict], expected: dict) -> None:
    want = next(a for a in expected["articles"] if a["key"] == key)
    got = listed[want["title"]]
    assert got["captions"] == want["captions"]
    assert len(got["paragraphs"]) == want["body_paragraphs"]
    assert got["paragraphs"][0].startswith(want["body_starts"])
    assert got["paragraphs"][-1].endswith(want["body_ends"])


@pytest.mark.parametrize("key", ["A", "B", "C"])
def test_seed_article_lists_every_document_it_was_found_in(key: str, listed: dict[str, dict], expected: dict) -> None:
    want = next(a for a in expected["articles"] if a["key"] == key)
    documents = listed[want["title"]]["documents"]
    assert sorted(Path(d["path"]).name for d in documents) == sorted(want["found_in"])
    assert len({d["id"] for d in documents}) == len(want["found_in"])


def test_article_found_in_both_seeds_is_stored_once(listed: dict[str, dict], expected: dict) -> None:
    article_a = next(a for a in expected["articles"] if a["key"] == "A")
    assert len(listed[article_a["title"]]["documents"]) == expected["story_A_sources"] == 2


def test_widget_lines_never_become_body_or_caption_text(listed: dict[str, dict], expected: dict) -> None:
    forbidden = set(expected["never_a_body_line"])
    for article in listed.values():
        assert forbidden.isdisjoint(article["paragraphs"]), article["title"]
        assert forbidden.isdisjoint(c["text"] for c in article["captions"]), article["title"]


def test_ingesting_the_seeds_again_adds_nothing(ingested: Path, seed_files: list[Path], wirewatch) -> None:
    with open_database(ingested / "t.db") as db:
        before = db.counts()
    again = wirewatch("ingest", *seed_files, "--db", "t.db", "--quiet", cwd=ingested)
    assert again.returncode == 0, again.stderr
    assert "0 new, 2 already in the database" in again.stdout
    with open_database(ingested / "t.db") as db:
        assert db.counts() == before
    assert before["documents"] == 2 and before["articles"] == 3 and before["article_occurrences"] == 4


def test_show_prints_each_removed_line_with_its_reason(ingested: Path, listed: dict[str, dict], wirewatch) -> None:
    article_id = next(a["id"] for a in listed.values() if len(a["documents"]) == 2)
    result = wirewatch("show", article_id[:6], "--db", "t.db", cwd=ingested)
    assert result.returncode == 0, result.stderr
    with open_database(ingested / "t.db") as db:
        occurrences = db.article(article_id)["occurrences"]
    removed = [r for o in occurrences for r in o["removed"]]
    assert {"TT", "20"} <= {r["text"] for r in removed}
    lines = result.stdout.splitlines()
    for r in removed:
        assert any(r["text"][:40] in line and r["reason"] in line for line in lines), r
    assert "widget or page chrome" in result.stdout
    assert "headline printed again" in result.stdout
