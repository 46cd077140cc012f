"""WARC and WARC.gz (fastwarc): each HTML response record becomes a document.

A broken record does not end the archive: the reader stores what it could of the record as a rejected
document, finds the start of the next record (the next ``WARC/`` line, or the next gzip member) and goes
on. Records that are not HTML responses (requests, metadata, images) are counted, not stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from wirewatch.config import ReadLimits
from wirewatch.errors import MalformedError, MissingDependencyError, TooLargeError, TruncatedError
from wirewatch.models import Document, Provenance
from wirewatch.readers.base import rejected_document, text_document

HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"WARC/1."


def read_warc(
    path: Path, limits: ReadLimits, read_at: str, skipped: Counter[str] | None = None
) -> Iterator[Document]:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as e:  # pragma: no cover - fastwarc is a core dependency
        raise MissingDependencyError("fastwarc", "warc") from e

    skipped = skipped if skipped is not None else Counter()
    uri = str(path)
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
        marker = _GZIP_MEMBER if gz else _WARC_LINE
        start: int | None = 0
        while start is not None:
            f.seek(start)
            position, done = start, -1  # start of the record being read; start of the last one read whole
            try:
                for record in ArchiveIterator(f, record_types=WarcRecordType.any_type, parse_http=True, auto_decode="all"):
                    position = start + record.stream_pos
                    doc = _record_document(record, uri, position, limits, read_at, skipped)
                    done = position
                    if doc is not None:
                        yield doc
                start = None
            except OSError as e:
                if position != done:  # the record at `position` is the broken one: keep what there is of it
                    head = _read_at(f, position, limits.max_stored_head)
                    provenance = Provenance(uri, f"offset:{position}", position, read_at)
                    error = MalformedError(f"broken WARC record at byte {position}: {e}")
                    yield rejected_document(head, "warc", provenance, error)
                start = _next_record(f, position + 1, marker)


def _record_document(record, uri: str, position: int, limits: ReadLimits, read_at: str, skipped: Counter[str]) -> Document | None:
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response:
        skipped[f"warc {record.record_type.name} record"] += 1
        return None
    provenance = Provenance(uri, record.record_id or f"offset:{position}", position, read_at)
    meta = {
        "url": record.headers.get("WARC-Target-URI"),
        "warc_date": record.record_date.isoformat() if record.record_date else None,
    }
    http = record.http_headers
    if http is None:
        head = record.reader.read(limits.max_stored_head)
        return rejected_document(head, "warc", provenance, MalformedError("response record without HTTP headers"), meta=meta)
    meta["http_status"] = http.status_code
    content_type = record.http_content_type or ""
    if not content_type.startswith(HTML_TYPES):
        skipped[f"warc response not HTML ({content_type or 'no content type'})"] += 1
        record.consume()
        return None
    body = record.reader.read(limits.max_document_bytes + 1)
    if len(body) > limits.max_document_bytes:
        error = TooLargeError(
            f"HTML payload over the {limits.max_document_bytes:,}-byte limit (first {limits.max_stored_head:,} bytes stored)"
        )
        return rejected_document(body[: limits.max_stored_head], "html", provenance, error, meta=meta)
    declared = http.get("Content-Length")
    if declared and declared.isdigit() and len(body) < int(declared) and not http.get("Content-Encoding"):
        error = TruncatedError(f"HTML payload truncated: {len(body):,} of {int(declared):,} bytes")
        return rejected_document(body, "html", provenance, error, meta=meta)
    return text_document(body, "html", provenance, declared=record.http_charset, meta=meta)


def _read_at(f, position: int, n: int) -> bytes:
    f.seek(position)
    return f.read(n)


def _next_record(f, position: int, marker: bytes) -> int | None:
    """Offset of the next ``marker`` at or after ``position``, or None at the end of the file."""
    f.seek(position)
    carry = b""
    base = position
    while chunk := f.read(1024 * 1024):
        data = carry + chunk
        i = data.find(marker)
        if i >= 0:
            return base - len(carry) + i
        carry = data[-(len(marker) - 1) :]
        base += len(chunk)
    return None
