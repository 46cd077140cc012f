"""Inputs for the reader tests, built in tmp_path: a corpus of bad inputs beside good ones, WARC archives with
known record offsets, JSON Lines, and helpers to read back what an ingest stored."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import struct
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from wirewatch.eval.synth import SynthArticle, render_html, warc_record

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "data/demo/seeds"
STORE_TABLES = ("documents", "document_raw", "document_sources", "articles", "article_documents")

CP1252_TEXT = (
    "Minister rejects \u201cany deal\u201d at the caf\u00e9 summit\n\n"
    "The minister said on Tuesday that there would be \u201cno deal\u201d before the summit, speaking to reporters "
    "outside a caf\u00e9 near the ministry in the capital.\n\n"
    "Talks between the two delegations are due to resume next week, the ministry said in a statement."
)
UTF16_TEXT = (
    "Floods cut the coastal road for a third day\n\n"
    "Floodwater closed the coastal road for a third day on Wednesday, cutting off villages south of the port, "
    "the regional governor\u2019s office said.\n\n"
    "Army engineers are building a temporary bridge, officials said, and aid convoys were waiting at the checkpoint."
)


# --- building blocks ---------------------------------------------------------------------------------------


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def story(n: int, topic: str = "floods") -> SynthArticle:
    """A small distinct article (title and two paragraphs) numbered ``n``."""
    return SynthArticle(
        f"Story {n}: officials report progress on the {topic} response",
        [
            f"Officials in district {n} said on Monday that the {topic} response was moving faster than expected, "
            f"with {n * 3 + 7} teams working around the clock in the region.",
            f"Residents of district {n} told reporters that supplies had arrived, though roads remained difficult "
            "and many families were still staying with relatives.",
        ],
        published="2020-03-0" + str(1 + n % 9),
    )


def html_page(n: int, topic: str = "floods") -> bytes:
    return render_html(story(n, topic)).encode()


def html_record(n: int, topic: str = "floods") -> bytes:
    """A WARC response record holding the HTML page of ``story(n)``."""
    return warc_record(f"https://news.example.com/{topic}/{n}", html_page(n, topic))


def other_record(kind: str, uri: str, body: bytes = b"") -> bytes:
    """A WARC record of type ``kind`` (request, metadata, warcinfo) holding ``body``."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-28T12:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + uri)}>\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def http_record(uri: str, payload: bytes, content_type: str, status: str = "200 OK") -> bytes:
    """A WARC response record with any HTTP status and content type."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-28T12:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, status + uri)}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


# Broken WARC records: each is rejected on its own, the records around it are read.
BROKEN_RECORDS = {
    "garbage-header": b"WARC/1.0\r\nthis line is not a header\x00\x01 and neither is this\r\n\r\nrandom bytes\r\n\r\n",
    "bad-length": (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.com/bad\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: twelve\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>lost</p>\r\n\r\n"
    ),
    "no-http": (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.com/nohttp\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: 20\r\n\r\nNOT AN HTTP RESPONSE\r\n\r\n"
    ),
    "cut-short": html_record(99)[:400],
}


@dataclass(slots=True)
class Warc:
    """A WARC file and the offset of each record in it."""

    path: Path
    offsets: list[int]
    records: list[bytes]


def write_warc(path: Path, records: list[bytes], gz: bool = False) -> Warc:
    """Write ``records`` (one gzip member each when ``gz``) and return their offsets in the file."""
    offsets, data = [], b""
    for record in records:
        offsets.append(len(data))
        data += gzip.compress(record, mtime=0) if gz else record
    path.write_bytes(data)
    return Warc(path, offsets, records)


def jsonl(records: list[dict | str]) -> bytes:
    """JSON Lines: dicts are serialised, strings written as they are (for bad lines)."""
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def article_record(n: int, **fields: object) -> dict:
    s = story(n, "elections")
    return {"title": s.title, "text": "\n\n".join(s.paragraphs), "date": s.published, **fields}


def truncated_gzip(data: bytes, keep: float = 0.6) -> bytes:
    whole = gzip.compress(data, mtime=0)
    return whole[: int(len(whole) * keep)]


# --- the bad-input corpus -------------------------------------------------------------------------------


@dataclass(slots=True)
class Expect:
    """What must happen to one bad input: one issue of ``kind`` with ``reason``, its message containing ``says``."""

    kind: str  # rejected | warning | none (read cleanly)
    reason: str | None
    says: str
    record: bool = False  # the rejection is one record inside the file, not the whole file


def build_bad_corpus(root: Path) -> dict[str, Expect]:
    """Good inputs (the seeds, good WARC records, good JSON lines) and one of each kind of bad input."""
    root.mkdir(parents=True, exist_ok=True)
    good = root / "good"
    good.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, good / seed.name)
    seed_bytes = (SEEDS / "000_7abf4f77b059df91.txt").read_bytes()
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "image.png": png_bytes(),
        "image-named.txt": png_bytes() + b"\x00" * 16,
        "invalid-utf8.txt": seed_bytes[:1500] + b" \xff\xfe\xc3( broken bytes " + seed_bytes[1500:],
        "cp1252.txt": CP1252_TEXT.encode("cp1252"),
        "utf16-bom.txt": UTF16_TEXT.encode("utf-16"),
        "truncated.txt.gz": truncated_gzip(seed_bytes),
        "truncated.jsonl.gz": truncated_gzip(jsonl([article_record(n) for n in range(400)]), keep=0.5),
        "malformed.html": (
            b"<html><body><div class=x><h1>Rebels seize the town of Qasr after clashes<p>Rebel fighters said on Monday "
            b"that they had taken control of the town of Qasr after three days of fighting with government troops, "
            b"residents said.<p>The army did not comment. <b>Witnesses said <i>many families fled north <<>> &&; "
            b"</garbage></div></span>\x1a"
        ),
        "no-text.html": b"<!DOCTYPE html><html><head><title></title><script>var x = 1;</script></head><body><nav></nav></body>",
        "bad-line.jsonl": jsonl([article_record(1), article_record(2), '{"title": "cut", "text": ', article_record(3)]),
        "not-object.jsonl": jsonl([article_record(4), "[1, 2, 3]"]),
        "no-text-field.jsonl": jsonl([{"title": "A record without its text", "url": "https://example.com/x"}]),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    broken = BROKEN_RECORDS["garbage-header"]
    write_warc(root / "broken.warc", [html_record(1), html_record(2), broken, html_record(3)])
    write_warc(root / "broken.warc.gz", [html_record(4), broken, html_record(5), html_record(6)], gz=True)
    return {
        "empty.txt": Expect("rejected", "empty", "empty file (0 bytes)"),
        "image.png": Expect("rejected", "binary", "not text: PNG image"),
        "image-named.txt": Expect("rejected", "binary", "not text: PNG image"),
        "invalid-utf8.txt": Expect("warning", "decoded", "invalid UTF-8"),
        "cp1252.txt": Expect("warning", "decoded", "not UTF-8; decoded as Windows-1252"),
        "utf16-bom.txt": Expect("none", None, ""),
        "truncated.txt.gz": Expect("rejected", "truncated", "truncated or corrupt gzip"),
        "truncated.jsonl.gz": Expect("rejected", "truncated", "gzip stream broken after line:"),
        "malformed.html": Expect("none", None, ""),
        "no-text.html": Expect("rejected", "no-text", "no article text found"),
        "bad-line.jsonl": Expect("rejected", "malformed", "invalid JSON", record=True),
        "not-object.jsonl": Expect("rejected", "malformed", "a JSON list, not an object", record=True),
        "no-text-field.jsonl": Expect("rejected", "no-text", "no 'text' field", record=True),
        "broken.warc": Expect("rejected", "malformed", "broken WARC record at byte", record=True),
        "broken.warc.gz": Expect("rejected", "malformed", "broken WARC record at byte", record=True),
    }


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expect]]:
    root = tmp_path_factory.mktemp("bad") / "corpus"
    return root, build_bad_corpus(root)


# --- reading back what was stored ------------------------------------------------------------------------


def table_counts(db: Path) -> dict[str, int]:
    """Rows in every table of the database but ``runs`` (which gets one row per run)."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'runs'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def stored_documents(db: Path) -> list[dict]:
    """Every (document, source) pair: id, status, reason, message, encoding, warnings, size, sha256, uri, record, offset."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT d.id, d.status, d.reason, d.message, d.encoding, d.warnings, d.size, d.sha256, d.format, d.meta,"
            " s.uri, s.record, s.offset, s.read_at FROM documents d JOIN document_sources s ON s.document_id = d.id"
            " ORDER BY s.uri, s.offset, s.record"
        ).fetchall()
    out = []
    for r in rows:
        row = dict(r)
        row["warnings"] = json.loads(row["warnings"])
        row["meta"] = json.loads(row["meta"])
        out.append(row)
    return out


def documents_of(db: Path, path: Path) -> list[dict]:
    return [d for d in stored_documents(db) if d["uri"] == str(path.resolve())]


@pytest.fixture
def docs_of() -> Callable[[Path, Path], list[dict]]:
    """``docs_of(db, path)``: the stored documents read from ``path``, with their source."""
    return documents_of


@pytest.fixture(scope="session")
def cli(wirewatch):
    """``cli(*args)`` runs the ``wirewatch`` console script (the shared ``wirewatch`` fixture, renamed so that it does
    not hide the package in tests that use both)."""
    return wirewatch
