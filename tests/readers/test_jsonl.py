"""JSON Lines (and whole-file JSON): one article per record, field aliases, provenance down to the line and byte,
bad records rejected one by one, oversize lines rejected without being held in memory."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

import wirewatch
from wirewatch.config import ReadLimits
from wirewatch.readers import read_file

from .conftest import article_record, documents_of, jsonl, story, truncated_gzip


def _articles(db: Path) -> list[dict]:
    with wirewatch.open(db) as database:
        return list(database.articles())


def test_field_aliases_fill_title_date_url_and_source(tmp_path):
    s = story(7, "elections")
    record = {
        "headline": s.title,
        "body": "\n\n".join(s.paragraphs),
        "published": "2020-03-14T09:30:00Z",
        "link": "https://news.example.com/elections/7",
        "site": "Example News",
        "section": "world",
    }
    path = tmp_path / "aliases.jsonl"
    path.write_bytes(jsonl([record]))
    report = wirewatch.ingest(path, tmp_path / "t.db")
    assert (report.documents_new, report.issues) == (1, [])
    [article] = _articles(tmp_path / "t.db")
    assert article["title"] == s.title and article["paragraphs"] == s.paragraphs
    assert (article["published"], article["url"], article["source"]) == (
        "2020-03-14",
        "https://news.example.com/elections/7",
        "Example News",
    )
    [doc] = documents_of(tmp_path / "t.db", path)
    assert doc["meta"]["extra"] == {"section": "world"}, "unknown fields are kept"


def test_unknown_date_stores_the_article_without_a_date_and_warns_naming_the_value(tmp_path):
    path = tmp_path / "dates.jsonl"
    path.write_bytes(jsonl([article_record(1, date="sometime around the harvest"), article_record(2)]))
    report = wirewatch.ingest(path, tmp_path / "t.db")
    [issue] = report.issues
    assert (issue.kind, issue.input) == ("warning", f"{path.resolve()} [line:1]")
    assert "'sometime around the harvest'" in issue.message and report.exit_code == 0
    published = {a["title"]: a["published"] for a in _articles(tmp_path / "t.db")}
    assert published == {story(1, "elections").title: None, story(2, "elections").title: "2020-03-03"}


def test_whole_file_json_array_gives_one_document_per_item(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([article_record(n) for n in range(3)] + ["not an object"], indent=2))
    docs = list(read_file(path))
    assert [d.provenance.record for d in docs] == ["item:1", "item:2", "item:3", "item:4"]
    assert [d.status for d in docs] == ["ok", "ok", "ok", "rejected"]
    assert docs[3].message == "a JSON str, not an object"
    assert docs[0].meta["title"] == story(0, "elections").title


def test_single_pretty_printed_json_object_is_one_document(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(article_record(5), indent=4))
    [doc] = read_file(path)
    assert (doc.status, doc.provenance.record, doc.format) == ("ok", "item:1", "jsonl")
    assert doc.text == "\n\n".join(story(5, "elections").paragraphs)


def test_jsonl_gz_is_read_with_line_numbers_and_decompressed_byte_offsets(tmp_path):
    data = jsonl([article_record(n) for n in range(5)])
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    report = wirewatch.ingest(path, tmp_path / "t.db")
    assert report.documents_new == 5 and report.exit_code == 0
    docs = documents_of(tmp_path / "t.db", path)
    starts = [0, *(i + 1 for i, b in enumerate(data) if b == ord("\n"))][:5]
    assert [(d["record"], d["offset"]) for d in docs] == [(f"line:{n + 1}", starts[n]) for n in range(5)]
    with wirewatch.open(tmp_path / "t.db") as db:
        for doc in docs:
            assert db.raw(doc["id"]) == data[doc["offset"] :].split(b"\n", 1)[0], "raw is the line as received"


def test_provenance_has_line_offset_hash_size_encoding_and_time(tmp_path):
    lines = [article_record(1), article_record(2)]
    data = b"\xef\xbb\xbf" + json.dumps(lines[0]).encode() + b"\r\n\r\n" + json.dumps(lines[1]).encode() + b"\r\n"
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(data)
    first, second = read_file(path)
    assert (first.provenance.record, first.provenance.offset) == ("line:1", 0)
    assert (second.provenance.record, second.provenance.offset) == ("line:3", data.index(b'{"title"', 5))
    for doc in (first, second):
        assert doc.status == "ok" and doc.encoding == "utf-8" and doc.provenance.read_at.endswith("+00:00")
        assert doc.provenance.uri == str(path.resolve()) and doc.size == len(doc.raw) and doc.sha256.startswith(doc.id)
    assert second.raw == json.dumps(lines[1]).encode()


@pytest.mark.parametrize(
    ("line", "reason", "message"),
    [
        ('{"title": "cut", "text": ', "malformed", "invalid JSON at column 26: Expecting value"),
        ("[1, 2, 3]", "malformed", "a JSON list, not an object"),
        ('"a string"', "malformed", "a JSON str, not an object"),
        (
            '{"title": "no text", "url": "https://x.example/1"}',
            "no-text",
            "no article text: no 'text' field (fields: title, url)",
        ),
        ('{"title": "blank", "text": "   "}', "no-text", "no article text: its 'text' field is empty"),
    ],
)
def test_bad_line_is_rejected_alone_and_the_lines_around_it_are_read(tmp_path, line, reason, message):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl([article_record(1), line, article_record(2)]))
    report = wirewatch.ingest(path, tmp_path / "t.db")
    [issue] = report.issues
    assert (issue.input, issue.kind, issue.reason, issue.message) == (f"{path.resolve()} [line:2]", "rejected", reason, message)
    docs = documents_of(tmp_path / "t.db", path)
    assert [(d["record"], d["status"]) for d in docs] == [("line:1", "ok"), ("line:2", "rejected"), ("line:3", "ok")]
    with wirewatch.open(tmp_path / "t.db") as db:
        assert db.raw(docs[1]["id"]) == line.encode()
    assert len(_articles(tmp_path / "t.db")) == 2


def test_oversize_line_is_rejected_without_reading_it_into_memory(tmp_path):
    limits = ReadLimits(max_document_bytes=256 * 1024, max_stored_head=4096)
    huge = b'{"title": "huge", "text": "' + b"word " * (8 * 1024 * 1024) + b'"}'  # 40 MiB on one line
    line_size = len(huge) + 1
    path = tmp_path / "huge-line.jsonl"
    with open(path, "wb") as f:
        f.write(jsonl([article_record(1)]))
        f.write(huge + b"\n")
        f.write(jsonl([article_record(2)]))
    del huge
    tracemalloc.start()
    try:
        docs = list(read_file(path, limits))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak:,} bytes at peak for a 40 MiB line over a 256 KiB limit"
    assert [(d.provenance.record, d.status) for d in docs] == [("line:1", "ok"), ("line:2", "rejected"), ("line:3", "ok")]
    rejected = docs[1]
    assert rejected.reason == "too-large" and rejected.message.startswith(
        f"the line is {line_size:,} bytes, over the 262,144-byte limit"
    )
    assert len(rejected.raw) == 4096 and rejected.raw.startswith(b'{"title": "huge"')
    assert docs[2].provenance.offset == path.stat().st_size - len(jsonl([article_record(2)]))


def test_oversize_json_document_is_rejected_as_one(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps([article_record(n) for n in range(200)], indent=1))
    [doc] = read_file(path, ReadLimits(max_document_bytes=16 * 1024))
    assert (doc.status, doc.reason) == ("rejected", "too-large")
    assert doc.message.startswith("one JSON document of over 16,384 bytes: write it as JSON Lines")


@pytest.mark.parametrize(
    ("data", "reason", "message"),
    [(b"[]", "no-text", "an empty JSON array: no records"), (b"\n \n\n", "empty", "no JSON records (only blank lines)")],
)
def test_json_file_without_records_is_rejected_not_ignored(tmp_path, data, reason, message):
    path = tmp_path / "nothing.jsonl"
    path.write_bytes(data)
    [doc] = read_file(path)
    assert (doc.status, doc.reason, doc.message, doc.raw) == ("rejected", reason, message, data)


def test_truncated_jsonl_gz_keeps_the_lines_before_the_break(tmp_path):
    data = jsonl([article_record(n) for n in range(300)])
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(truncated_gzip(data, keep=0.5))
    docs = list(read_file(path))
    ok, [rejected] = docs[:-1], docs[-1:]
    assert len(ok) > 50 and all(d.status == "ok" for d in ok)
    assert [d.provenance.record for d in ok] == [f"line:{n}" for n in range(1, len(ok) + 1)]
    assert (rejected.status, rejected.reason) == ("rejected", "truncated")
    assert rejected.message.startswith(f"gzip stream broken after line:{len(ok)} (")
    assert rejected.raw == path.read_bytes(), "the whole compressed file is kept"
