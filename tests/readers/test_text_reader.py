"""Plain-text page dumps: one file, one document with its provenance; every encoding decision recorded; files that
are not text, empty or too large rejected with their bytes kept."""

from __future__ import annotations

import codecs
import gzip
import hashlib
from datetime import datetime

import pytest

import wirewatch
from wirewatch.config import ReadLimits
from wirewatch.readers import read_file

from .conftest import CP1252_TEXT, SEEDS, UTF16_TEXT, documents_of, png_bytes

SEED = SEEDS / "000_7abf4f77b059df91.txt"


def test_seed_page_is_one_document_with_full_provenance(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    [doc] = read_file(path)
    data = SEED.read_bytes()
    assert (doc.format, doc.status, doc.encoding, doc.warnings) == ("text", "ok", "utf-8", [])
    assert (doc.provenance.uri, doc.provenance.record, doc.provenance.offset) == (str(path.resolve()), "", 0)
    assert (doc.size, doc.sha256, doc.id) == (len(data), hashlib.sha256(data).hexdigest(), hashlib.sha256(data).hexdigest()[:16])
    assert datetime.fromisoformat(doc.provenance.read_at).tzinfo is not None
    assert doc.raw == data and doc.text == data.decode("utf-8")


def test_seed_page_is_stored_with_its_raw_bytes_and_articles(tmp_path):
    report = wirewatch.ingest(SEED, tmp_path / "t.db")
    assert (report.files, report.documents_new, report.exit_code) == (1, 1, 0) and report.articles_new >= 1
    [doc] = documents_of(tmp_path / "t.db", SEED)
    with wirewatch.open(tmp_path / "t.db") as db:
        assert db.raw(doc["id"]) == SEED.read_bytes()
        titles = [a["title"] for a in db.articles()]
    assert "Leaders of Iraqi Pro-Iran Factions Head to Syria, Lebanon in Wake of Escalation in Gaza" in titles


@pytest.mark.parametrize(
    ("data", "encoding", "warning", "text"),
    [
        (codecs.BOM_UTF8 + UTF16_TEXT.encode(), "utf-8", None, UTF16_TEXT),
        (UTF16_TEXT.encode("utf-16-le"), "utf-16-le", "UTF-16 text without a byte-order mark", UTF16_TEXT),
        (codecs.BOM_UTF16_BE + UTF16_TEXT.encode("utf-16-be"), "utf-16", None, UTF16_TEXT),
        (codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"), "utf-16", None, UTF16_TEXT),
        (CP1252_TEXT.encode("cp1252"), "cp1252", "not UTF-8; decoded as Windows-1252", CP1252_TEXT),
        (
            UTF16_TEXT.encode()[:60] + b"\xc3\x28" + UTF16_TEXT.encode()[60:],
            "utf-8",
            "invalid UTF-8 (1 bad byte sequence(s), first at byte 60); replaced with U+FFFD",
            None,
        ),
    ],
    ids=["utf-8-bom", "utf-16-no-bom", "utf-16-be-bom", "utf-16-le-bom", "cp1252", "invalid-utf-8"],
)
def test_encoding_is_detected_recorded_and_warned_about(tmp_path, data, encoding, warning, text):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    [doc] = read_file(path)
    assert (doc.status, doc.encoding, doc.warnings) == ("ok", encoding, [warning] if warning else [])
    if text is not None:
        assert doc.text == text
    else:
        assert "\ufffd(" in doc.text and doc.text.startswith(UTF16_TEXT[:40])
    assert doc.raw == data, "the bytes as received, not the decoded text"


def test_txt_gz_is_decompressed(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(SEED.read_bytes()))
    [doc] = read_file(path)
    assert (doc.format, doc.status, doc.meta, doc.raw) == ("text", "ok", {"container": "gzip"}, SEED.read_bytes())


@pytest.mark.parametrize(
    ("data", "reason", "message"),
    [
        (b"", "empty", "empty file (0 bytes)"),
        (b" \n\n\t \r\n", "empty", "empty input (no bytes, or only whitespace)"),
        (png_bytes(), "binary", "not text: PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary", "not text: PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary", "not text: ZIP archive (or an Office document)"),
        (b"some text\x00\x00\x00\x00 and NUL bytes" * 10, "binary", "not text: binary data (NUL bytes)"),
        (bytes(range(1, 9)) * 50 + b"text", "binary", "not text: binary data (control characters)"),
        (gzip.compress(b""), "empty", "empty (a gzip file with nothing in it)"),
    ],
    ids=["empty", "whitespace", "png", "pdf", "zip", "nul-bytes", "control-chars", "empty-gzip"],
)
def test_what_is_not_text_is_rejected_with_its_bytes(tmp_path, data, reason, message):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    report = wirewatch.ingest(path, tmp_path / "t.db")
    [issue] = report.issues
    assert (issue.input, issue.kind, issue.reason, issue.message) == (str(path.resolve()), "rejected", reason, message)
    [doc] = documents_of(tmp_path / "t.db", path)
    assert (doc["status"], doc["reason"], doc["message"]) == ("rejected", reason, message)
    with wirewatch.open(tmp_path / "t.db") as db:
        assert db.raw(doc["id"]) == data


def test_oversize_text_file_is_rejected_and_streamed_whole_into_the_store(tmp_path):
    data = SEED.read_bytes() * 40  # ~210 KB over a 64 KiB limit
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    limits = ReadLimits(max_document_bytes=64 * 1024)
    [doc] = read_file(path, limits)
    assert (doc.status, doc.reason, doc.raw, doc.raw_path, doc.size) == ("rejected", "too-large", None, str(path), len(data))
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (
        doc.message
        == f"{len(data):,} bytes, over the 65,536-byte limit for one page (split the file, or raise --max-document-size)"
    )
    wirewatch.ingest(path, tmp_path / "t.db", limits=limits)
    with wirewatch.open(tmp_path / "t.db") as db:
        assert db.raw(doc.id) == data


def test_text_gz_that_decompresses_over_the_limit_keeps_the_compressed_file(tmp_path):
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(gzip.compress(SEED.read_bytes() * 40))
    [doc] = read_file(path, ReadLimits(max_document_bytes=64 * 1024))
    assert (doc.status, doc.reason, doc.raw) == ("rejected", "too-large", path.read_bytes())
    assert doc.message.startswith("decompresses to over the 65,536-byte limit for one page")


@pytest.mark.parametrize(
    ("keep", "says"),
    [
        (0.0, "gzip file cut short before any content: "),
        (0.5, "truncated or corrupt gzip: "),
        (0.98, "truncated or corrupt gzip: "),
    ],
)
def test_truncated_text_gz_is_rejected_whole(tmp_path, keep, says):
    whole = gzip.compress(SEED.read_bytes())
    path = tmp_path / "page.txt.gz"
    path.write_bytes(whole[: max(12, int(len(whole) * keep))])
    [doc] = read_file(path)
    assert (doc.status, doc.reason, doc.raw) == ("rejected", "truncated", path.read_bytes())
    assert doc.message.startswith(says) and "end-of-stream marker" in doc.message
