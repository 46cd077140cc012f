"""WARC and WARC.gz: HTML responses become documents with their provenance; other records are counted, not stored;
a broken record is rejected at its offset and the records after it are still read."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

import wirewatch
from wirewatch.readers import read_file

from .conftest import BROKEN_RECORDS, documents_of, html_record, http_record, other_record, png_bytes, write_warc


def _read(path: Path) -> tuple[list, Counter]:
    skipped: Counter[str] = Counter()
    return list(read_file(path, skipped=skipped)), skipped


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_documents_with_uri_date_record_id_and_offset(tmp_path, gz):
    warc = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), [html_record(n) for n in range(4)], gz=gz)
    report = wirewatch.ingest(warc.path, tmp_path / "t.db")
    assert (report.documents_new, report.exit_code, report.issues) == (4, 0, [])
    docs = documents_of(tmp_path / "t.db", warc.path)
    assert [d["offset"] for d in docs] == warc.offsets
    for n, (doc, record) in enumerate(zip(docs, warc.records, strict=True)):
        record_id = record.split(b"WARC-Record-ID: ")[1].split(b"\r\n")[0].decode()
        assert doc["record"] == record_id
        assert doc["meta"]["url"] == f"https://news.example.com/floods/{n}"
        assert doc["meta"]["warc_date"].startswith("2025-03-28T12:00:00")
        assert (doc["status"], doc["format"], doc["encoding"], doc["meta"]["http_status"]) == ("ok", "html", "utf-8", 200)
        assert doc["uri"] == str(warc.path.resolve()) and doc["read_at"]
    with wirewatch.open(tmp_path / "t.db") as db:
        articles = list(db.articles())
        assert sorted(a["url"] for a in articles) == [f"https://news.example.com/floods/{n}" for n in range(4)]
        payload = db.raw(docs[2]["id"])
    assert payload.startswith(b"<!DOCTYPE html>") and payload in warc.records[2], "raw is the HTTP payload as received"


def test_requests_metadata_and_non_html_responses_are_counted_not_stored(tmp_path):
    records = [
        other_record("warcinfo", "", b"software: test\r\n"),
        other_record("request", "https://news.example.com/floods/1", b"GET /floods/1 HTTP/1.1\r\n\r\n"),
        html_record(1),
        http_record("https://news.example.com/logo.png", png_bytes(), "image/png"),
        other_record("metadata", "https://news.example.com/floods/1", b"outlink: https://x.example/\r\n"),
        http_record("https://news.example.com/api", b'{"a": 1}', "application/json"),
        http_record("https://news.example.com/gone", b"<html><body><p>Not found</p></body></html>", "text/html", "404 Not Found"),
        html_record(2),
    ]
    warc = write_warc(tmp_path / "mixed.warc", records)
    report = wirewatch.ingest(warc.path, tmp_path / "t.db")
    assert report.skipped == {
        "warc warcinfo record": 1,
        "warc request record": 1,
        "warc metadata record": 1,
        "warc response not HTML (image/png)": 1,
        "warc response not HTML (application/json)": 1,
        "warc response HTTP 404": 1,
    }
    docs = documents_of(tmp_path / "t.db", warc.path)
    assert [d["offset"] for d in docs] == [warc.offsets[2], warc.offsets[7]]
    assert report.documents == 2 and report.exit_code == 0 and not report.issues


def test_a_warc_starting_with_an_image_is_not_taken_for_binary(tmp_path):
    image = http_record("https://news.example.com/big.png", png_bytes() + bytes(range(256)) * 8, "image/png")
    warc = write_warc(tmp_path / "img.warc", [image, html_record(1)])
    docs, skipped = _read(warc.path)
    assert [(d.status, d.provenance.offset) for d in docs] == [("ok", warc.offsets[1])]
    assert skipped == {"warc response not HTML (image/png)": 1}


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("kind", sorted(BROKEN_RECORDS))
def test_broken_record_is_rejected_at_its_offset_and_the_records_around_it_are_read(tmp_path, kind, gz):
    records = [html_record(1), html_record(2), BROKEN_RECORDS[kind], html_record(3), html_record(4)]
    warc = write_warc(tmp_path / ("b.warc.gz" if gz else "b.warc"), records, gz=gz)
    docs, _ = _read(warc.path)
    assert [d.status for d in docs] == ["ok", "ok", "rejected", "ok", "ok"], [d.message for d in docs]
    assert [d.provenance.offset for d in docs] == warc.offsets
    broken = docs[2]
    assert broken.reason in ("malformed", "truncated")
    assert f"byte {warc.offsets[2]:,}" in broken.message, broken.message
    data = warc.path.read_bytes()
    assert broken.raw == data[warc.offsets[2] : warc.offsets[3]], "the broken record's bytes, exactly as in the file"
    assert [d.meta["url"] for d in docs if d.status == "ok"] == [f"https://news.example.com/floods/{n}" for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("where", ["start", "between", "end"])
def test_bytes_that_are_no_record_are_rejected_not_dropped(tmp_path, where):
    junk = b"stray bytes that belong to no record\r\n"
    first, second = html_record(1), html_record(2)
    parts = {"start": [junk, first, second], "between": [first, junk, second], "end": [first, second, junk]}[where]
    path = tmp_path / "junk.warc"
    path.write_bytes(b"".join(parts))
    docs, _ = _read(path)
    at = b"".join(parts).index(junk)
    assert sorted((d.status, d.provenance.offset) for d in docs) == sorted(
        [("rejected", at), ("ok", b"".join(parts).index(first)), ("ok", b"".join(parts).index(second))]
    )
    [rejected] = [d for d in docs if d.status == "rejected"]
    assert rejected.raw == junk and rejected.message.startswith(f"broken WARC record at byte {at:,}: ")


def test_blank_lines_between_records_are_no_error(tmp_path):
    path = tmp_path / "blank.warc"
    path.write_bytes(b"\r\n\r\n" + html_record(1) + b"\r\n\r\n\n" + html_record(2) + b"\r\n\r\n")
    docs, _ = _read(path)
    assert [d.status for d in docs] == ["ok", "ok"] and docs[0].provenance.offset == 4


def test_corrupt_gzip_member_is_rejected_and_the_next_members_are_read(tmp_path):
    member = bytearray(gzip.compress(html_record(2), mtime=0))
    member[len(member) // 2 : len(member) // 2 + 8] = b"\xff" * 8
    path = tmp_path / "corrupt.warc.gz"
    members = [gzip.compress(html_record(1), mtime=0), bytes(member), gzip.compress(html_record(3), mtime=0)]
    path.write_bytes(b"".join(members))
    docs, _ = _read(path)
    assert [(d.status, d.provenance.offset) for d in docs] == [
        ("ok", 0),
        ("rejected", len(members[0])),
        ("ok", len(members[0]) + len(members[1])),
    ]
    assert docs[1].message.startswith(f"broken WARC record at byte {len(members[0]):,}: ")
    assert docs[1].raw == bytes(member)


@pytest.mark.parametrize("cut", [60, 300, 500], ids=["in-header", "in-http-headers", "in-payload"])
def test_truncated_warc_gz_keeps_the_records_before_and_rejects_the_cut_one(tmp_path, cut):
    warc = write_warc(tmp_path / "t.warc.gz", [html_record(n) for n in range(3)], gz=True)
    data = warc.path.read_bytes()
    last = gzip.compress(html_record(2)[:cut], mtime=0)  # the last record cut short, as a crawler killed mid-write leaves it
    warc.path.write_bytes(data[: warc.offsets[2]] + last[: len(last) - 8])
    docs, _ = _read(warc.path)
    assert [(d.status, d.provenance.offset) for d in docs[:2]] == [("ok", 0), ("ok", warc.offsets[1])]
    assert len(docs) == 3 and docs[2].status == "rejected" and docs[2].provenance.offset == warc.offsets[2]
    assert docs[2].reason in ("malformed", "truncated") and f"byte {warc.offsets[2]:,}" in docs[2].message


def test_truncated_plain_warc_rejects_the_cut_record(tmp_path):
    warc = write_warc(tmp_path / "t.warc", [html_record(n) for n in range(3)])
    data = warc.path.read_bytes()
    warc.path.write_bytes(data[: warc.offsets[2] + 300])
    docs, _ = _read(warc.path)
    assert [(d.status, d.provenance.offset) for d in docs] == [("ok", 0), ("ok", warc.offsets[1]), ("rejected", warc.offsets[2])]
    assert docs[2].reason == "truncated" and docs[2].raw == data[warc.offsets[2] : warc.offsets[2] + 300]


def test_a_file_named_warc_without_records_is_rejected_whole(tmp_path):
    path = tmp_path / "not-really.warc"
    path.write_bytes(b"this is a plain text note that someone saved with the wrong name\n" * 20)
    [doc] = read_file(path)
    assert (doc.status, doc.reason, doc.message) == ("rejected", "malformed", "no WARC record found in the file")
    assert doc.raw_path == str(path) and doc.size == path.stat().st_size


def test_rerunning_a_broken_warc_adds_nothing(tmp_path):
    records = [html_record(1), BROKEN_RECORDS["garbage-header"], html_record(2)]
    warc = write_warc(tmp_path / "b.warc.gz", records, gz=True)
    first = wirewatch.ingest(warc.path, tmp_path / "t.db")
    again = wirewatch.ingest(warc.path, tmp_path / "t.db")
    assert (first.documents_new, again.documents_new, again.documents_seen) == (3, 0, 3)
    assert first.rejected == again.rejected == {"malformed": 1}


def test_warc_gzipped_as_one_stream_is_read_whole(tmp_path):
    path = tmp_path / "one-stream.warc.gz"
    path.write_bytes(gzip.compress(b"".join(html_record(n) for n in range(4)), mtime=0))
    docs, _ = _read(path)
    assert [d.status for d in docs] == ["ok"] * 4
    assert [d.meta["url"] for d in docs] == [f"https://news.example.com/floods/{n}" for n in range(4)]


@pytest.mark.parametrize("at", [0, 3, 12, 30], ids=["magic", "flags", "deflate-start", "deflate"])
def test_damaged_gzip_member_is_rejected_not_dropped(tmp_path, at):
    warc = write_warc(tmp_path / "d.warc.gz", [html_record(n) for n in range(4)], gz=True)
    data = bytearray(warc.path.read_bytes())
    data[warc.offsets[2] + at] ^= 0xA5
    warc.path.write_bytes(bytes(data))
    docs, _ = _read(warc.path)
    assert [(d.status, d.provenance.offset) for d in docs] == [
        ("ok", warc.offsets[0]),
        ("ok", warc.offsets[1]),
        ("rejected", warc.offsets[2]),
        ("ok", warc.offsets[3]),
    ], [d.message for d in docs]
    assert docs[2].raw == bytes(data[warc.offsets[2] : warc.offsets[3]])
    assert f"byte {warc.offsets[2]:,}" in docs[2].message


def test_a_record_over_one_mebibyte_in_a_warc_gz_is_read_without_false_rejections(tmp_path):
    """Regression: a gzip member ending inside a length-limited inflate call was measured 'unused' bytes too short,
    and the rest of the member was rejected as 'no readable WARC record'."""
    from wirewatch.eval.synth import warc_record

    big = b"<html><body>" + b"".join(b"<p>Paragraph %d of a very long page about the elections.</p>" % i for i in range(18_000))
    page = b"<html><head><title>Results</title></head><body><article><p>" + b"Votes were counted today. " * 80
    records = [
        warc_record("https://news.example.com/big", big + b"</body></html>"),
        warc_record("https://news.example.com/b", page),
    ]
    warc = write_warc(tmp_path / "big.warc.gz", records, gz=True)
    docs, _ = _read(warc.path)
    assert len(big) > 1024 * 1024
    assert [d.status for d in docs] == ["ok", "ok"], [d.message for d in docs]
