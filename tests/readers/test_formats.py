"""Finding inputs and telling their format: content first, name second; gzip of every format; directories
(recursive, hidden files skipped), glob patterns; a missing input stops the run before anything is read."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3

import pytest

import wirewatch
from wirewatch.errors import InputNotFoundError
from wirewatch.readers import detect_format, expand_inputs, read_file

from .conftest import SEEDS, article_record, html_page, html_record, jsonl, write_warc

SEED = (SEEDS / "000_7abf4f77b059df91.txt").read_bytes()


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        # told by content, whatever the name
        ("anything.txt", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("feed.txt", b'{"title": "A", "text": "B"}\n', "jsonl"),
        ("feed.dat", b'  [ {"title": "A"}, {"title": "B"} ]', "jsonl"),
        ("page.txt", b"<!DOCTYPE html><html><body>", "html"),
        ("page.json", b"\xef\xbb\xbf<html lang='en'><head>", "html"),
        ("page.txt", "<html><body><p>UTF-16</p></body></html>".encode("utf-16"), "html"),
        ("page", b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        # told by name when the content says nothing
        ("crawl.warc", b"garbage before the first record", "warc"),
        ("crawl.WARC.GZ", b"", "warc"),
        ("old.arc", b"filedesc://old.arc", "warc"),
        ("feed.jsonl", b"not json at all", "jsonl"),
        ("feed.ndjson.gz", b"", "jsonl"),
        ("page.htm", b"Just words", "html"),
        ("page.xhtml", b"", "html"),
        # the name wins over HTML tags deep in the content
        ("crawl.warc", b"junk\r\n" + html_record(1)[:400], "warc"),
        # plain text
        ("page.txt", SEED[:2048], "text"),
        ("page", b"[Reuters] Markets fell on Monday", "text"),
        ("page.txt", b"{not json} a page that starts with a brace", "text"),
    ],
)
def test_detect_format_by_content_then_name(name, head, fmt):
    assert detect_format(name, head) == fmt


@pytest.mark.parametrize(
    ("name", "data", "fmt", "count"),
    [
        ("page.txt", SEED, "text", 1),
        ("page.html", html_page(1), "html", 1),
        ("feed.jsonl", jsonl([article_record(n) for n in range(3)]), "jsonl", 3),
        ("feed.json", json.dumps([article_record(n) for n in range(2)]).encode(), "jsonl", 2),
        ("crawl.warc", html_record(1) + html_record(2), "html", 2),
    ],
)
@pytest.mark.parametrize("suffix", ["", ".gz"], ids=["plain", "gzip"])
def test_every_format_is_read_plain_and_gzipped(tmp_path, name, data, fmt, count, suffix):
    path = tmp_path / (name + suffix)
    path.write_bytes(gzip.compress(data) if suffix else data)
    docs = list(read_file(path))
    assert [(d.format, d.status) for d in docs] == [(fmt, "ok")] * count
    assert all(d.provenance.uri == str(path.resolve()) for d in docs)


def test_gzip_without_a_telling_name_is_told_by_its_content(tmp_path):
    for name, data, fmt in (
        ("a.gz", html_page(2), "html"),
        ("b.gz", jsonl([article_record(1)]), "jsonl"),
        ("c.gz", SEED, "text"),
    ):
        (tmp_path / name).write_bytes(gzip.compress(data))
        [doc] = read_file(tmp_path / name)
        assert (doc.format, doc.status) == (fmt, "ok"), name
    write_warc(tmp_path / "d.gz", [html_record(3)], gz=True)
    [doc] = read_file(tmp_path / "d.gz")
    assert (doc.format, doc.status, doc.meta["url"]) == ("html", "ok", "https://news.example.com/floods/3")


@pytest.fixture
def tree(tmp_path):
    """A directory tree with nested, hidden and excluded files."""
    root = tmp_path / "inputs"
    files = {
        "a.txt": SEED,
        "b/c.html": html_page(1),
        "b/d/e.jsonl": jsonl([article_record(1)]),
        "b/d/f.txt.gz": gzip.compress(SEED + b"\nmore"),
        ".hidden.txt": b"hidden file",
        ".git/config": b"[core]",
        "b/.cache/page.txt": b"cached",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_directories_are_read_recursively_without_hidden_files(tree):
    found = expand_inputs([tree])
    assert [p.relative_to(tree).as_posix() for p in found] == ["a.txt", "b/c.html", "b/d/e.jsonl", "b/d/f.txt.gz"]


def test_a_hidden_directory_named_explicitly_is_read(tree):
    assert [p.name for p in expand_inputs([tree / "b" / ".cache"])] == ["page.txt"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt"]),
        ("**/*.txt*", ["a.txt", "b/d/f.txt.gz"]),
        ("b/*", ["b/c.html", "b/d/e.jsonl", "b/d/f.txt.gz"]),  # a directory matched by a pattern is read recursively
        ("b/d/?.jsonl", ["b/d/e.jsonl"]),
    ],
)
def test_glob_patterns(tree, pattern, expected):
    assert sorted(p.relative_to(tree).as_posix() for p in expand_inputs([f"{tree}/{pattern}"])) == expected


def test_missing_input_stops_the_run_before_anything_is_read(tree, tmp_path):
    db = tmp_path / "never.db"
    with pytest.raises(InputNotFoundError) as caught:
        wirewatch.ingest([tree / "a.txt", tree / "nope.txt", f"{tree}/*.nothing"], db)
    assert str(caught.value) == f"no such file, directory or matching pattern: {tree / 'nope.txt'}, {tree}/*.nothing"
    assert not db.exists(), "nothing is ingested, not even the inputs that exist"


def test_cli_missing_input_is_one_line_and_exit_code_1(tree, tmp_path, cli):
    db = tmp_path / "never.db"
    result = cli("ingest", tree / "a.txt", tree / "missing.jsonl", "--db", db)
    assert result.returncode == 1
    assert f"{tree / 'missing.jsonl'}" in result.stderr and "InputNotFoundError" in result.stderr
    assert not db.exists()


def test_the_same_file_reached_by_several_paths_is_read_once(tree, tmp_path):
    link = tmp_path / "link.txt"
    os.symlink(tree / "a.txt", link)
    paths = [tree, tree / "a.txt", link, f"{tree}/*.txt", tree / "b" / ".." / "a.txt"]
    assert [p.name for p in expand_inputs(paths)] == ["a.txt", "c.html", "e.jsonl", "f.txt.gz"]
    report = wirewatch.ingest(paths, tmp_path / "t.db")
    assert (report.files, report.documents, report.documents_seen) == (4, 4, 0)
    with sqlite3.connect(tmp_path / "t.db") as conn:
        sources = conn.execute("SELECT uri FROM document_sources ORDER BY uri").fetchall()
    assert [s[0] for s in sources] == sorted(str(p.resolve()) for p in expand_inputs([tree]))


def test_identical_copies_are_one_document_with_two_sources(tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_bytes(SEED)
    report = wirewatch.ingest(tmp_path, tmp_path / "t.db")
    assert (report.files, report.documents, report.documents_new, report.documents_seen) == (2, 2, 1, 1)
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM document_sources").fetchone()[0] == 2
