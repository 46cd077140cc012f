"""WARC and WARC.gz (fastwarc): each HTML response record becomes a document.

A broken record does not end the archive: the reader rejects it, storing its bytes as they are in the file
(from its offset to the start of the next record, at most ``max_stored_head``), finds the start of the next
record (the next ``WARC/`` line, or the next gzip member holding one) and goes on. Bytes that belong to no
record, and records cut short (by the next record, by the end of their gzip member or of the file) are rejected
too: in a plain WARC each record's header is measured against its Content-Length, in a .warc.gz each record's
gzip member is decompressed once more to find where it ends. Records that are not article pages (requests,
metadata, images, HTTP errors and redirects) are counted in ``skipped``, not stored.

Offsets are byte offsets in the file as it lies on disk: for a ``.warc.gz`` with one gzip member per record
(the usual layout) the offset of the record's member, where a reader can seek to.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.config import ReadLimits
from wirewatch.errors import InputError, MalformedError, MissingDependencyError, NoTextError, TooLargeError, TruncatedError
from wirewatch.models import Document, Provenance
from wirewatch.readers.base import rejected_document, text_document

HTML_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MEMBER = b"\x1f\x8b\x08"
WARC_LINE = b"WARC/1."
_HEADER_END = b"\r\n\r\n"
_MAX_HEADER = 64 * 1024


def read_warc(
    path: Path, limits: ReadLimits, read_at: str, skipped: Counter[str] | None = None, uri: str | None = None
) -> Iterator[Document]:
    """Every HTML response record of the WARC file at ``path``, and every broken record, rejected."""
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError as e:  # pragma: no cover - fastwarc is a core dependency
        raise MissingDependencyError("fastwarc", "warc") from e
    reader = _WarcFile(path, uri or str(path.resolve()), limits, read_at, skipped if skipped is not None else Counter())
    yield from reader.documents()


@dataclass(slots=True)
class _Record:
    """A record read but not yet yielded: whether it is whole is known once the next record's offset is."""

    position: int
    record_id: str = ""
    length: int = 0  # the Content-Length it declares
    end: int | None = None  # where its block ends, if its header could be measured (plain WARC only)
    member_end: int | None = None  # .warc.gz: where its gzip member ends
    restart: bool = False  # fastwarc read past its end: read again from where it should have ended
    doc: Document | None = None  # None: not an article page (skipped), or broken
    error: InputError | None = None
    meta: dict[str, Any] = field(default_factory=dict)


class _WarcFile:
    def __init__(self, path: Path, uri: str, limits: ReadLimits, read_at: str, skipped: Counter[str]) -> None:
        self.path, self.uri, self.limits, self.read_at, self.skipped = path, uri, limits, read_at, skipped
        self.pending: _Record | None = None
        self.records = 0  # records parsed, of any type
        self.rejected = 0

    def documents(self) -> Iterator[Document]:
        with open(self.path, "rb") as self.stream, open(self.path, "rb") as self.raw:
            self.size = os.fstat(self.raw.fileno()).st_size
            self.gz = self.raw.read(2) == GZIP_MEMBER[:2]
            start: int | None = 0
            while start is not None:
                start = yield from self._pass(start)
            if self.records == 0 and self.rejected == 0:  # not a WARC at all: reject the whole file
                error = MalformedError("no WARC record found in the file")
                yield rejected_document(None, "warc", Provenance(self.uri, "", 0, self.read_at), error, raw_path=self.path)
                return
            yield from self._settle(self.size)

    def _pass(self, start: int) -> Generator[Document, None, int | None]:
        """Read records from ``start`` on; return where to resume after a broken record (None at the end)."""
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        self.stream.seek(start)
        records = ArchiveIterator(self.stream, record_types=WarcRecordType.any_type, parse_http=True, auto_decode="all")
        current: int | None = None
        try:
            for record in records:
                current = record.stream_pos
                yield from self._settle(current)
                self.pending = p = self._read_record(record, current)
                self.records += 1
                current = None
                if p.restart and p.member_end is not None:  # it ran on into the next gzip member: read again from there
                    yield from self._settle(p.member_end)
                    return p.member_end
        except OSError as e:
            return (yield from self._broken(start, current, e))
        return None

    def _broken(self, start: int, current: int | None, e: OSError) -> Generator[Document, None, int | None]:
        """fastwarc failed: mark the broken record and return the offset of the next record to try."""
        p = self.pending
        if current is None and p is not None and p.position >= start:  # failed on the bytes after the last record read
            if p.error is None:
                self._check_whole(p)
            if p.error is not None or p.end is None:
                # A broken record failing further on is still that record. In a .warc.gz the next pass starts at the
                # next gzip member, and fails there if that member is the broken one.
                return self._next_marker(p.position + 1)
            current = self._skip_space(p.end)  # the record before was whole: what follows it is broken
        current = start if current is None else current
        yield from self._settle(current)
        self.pending = _Record(current, error=MalformedError(f"broken WARC record at byte {current:,}: {e}"))
        return self._next_marker(current + 1)

    def _check_whole(self, p: _Record) -> None:
        """A record followed by unreadable bytes may have declared more bytes than it has, and run into the next record."""
        if p.end is not None:
            found = self._next_marker(p.position + 1, limit=p.end)
            if found is not None:
                where = f"it declares {p.length:,} bytes, but the next record starts at byte {found:,}"
                p.doc, p.error = None, TruncatedError(f"WARC record at byte {p.position:,} is cut short: {where}")

    def _check_member(self, p: _Record) -> None:
        """.warc.gz: the record's gzip member must be whole and hold the whole record."""
        if not self._is_member(p.position):
            return  # one gzip stream for the whole file: records cannot be told apart in it
        whole, size, head, p.member_end = self._inflate(p.position)
        header = head.find(_HEADER_END)
        if not whole and p.member_end >= self.size:
            p.error = TruncatedError(f"WARC record at byte {p.position:,} is cut short: the file ends inside its gzip member")
        elif not whole:
            p.error, p.member_end = MalformedError(f"broken WARC record at byte {p.position:,}: corrupt gzip data"), None
        elif header >= 0 and size < header + len(_HEADER_END) + p.length:
            where = f"its gzip member holds {size - header - len(_HEADER_END):,} of the {p.length:,} bytes it declares"
            p.error, p.restart = TruncatedError(f"WARC record at byte {p.position:,} is cut short: {where}"), True

    def _read_record(self, record, position: int) -> _Record:
        from fastwarc.warc import WarcRecordType

        declared = record.headers.get("Content-Length") or ""  # record.content_length excludes parsed HTTP headers
        p = _Record(position, record.record_id or "", int(declared) if declared.isdigit() else 0)
        p.meta = {
            "url": record.headers.get("WARC-Target-URI"),
            "warc_date": record.record_date.isoformat() if record.record_date else None,
        }
        if self.gz:
            self._check_member(p)
        else:
            p.end = self._block_end(position, p.length)
            if p.end is None:
                p.error = TruncatedError(f"WARC record at byte {position:,} is cut short: its header has no end")
        if p.error is not None:
            return p
        if record.record_type == WarcRecordType.no_type:
            p.error = MalformedError(f"broken WARC record at byte {position:,}: its header has no WARC-Type")
            return p
        if record.record_type != WarcRecordType.response:
            self.skipped[f"warc {record.record_type} record"] += 1
            return p
        http = record.http_headers
        if http is None:
            p.error = MalformedError(f"WARC response record at byte {position:,} has no valid HTTP headers")
            return p
        p.meta["http_status"] = http.status_code
        content_type = record.http_content_type or ""
        if not http.status_code:
            p.error = MalformedError(f"WARC response record at byte {position:,} has no valid HTTP status line")
        elif not 200 <= http.status_code < 300:
            self.skipped[f"warc response HTTP {http.status_code}"] += 1
        elif not content_type.startswith(HTML_TYPES):
            self.skipped[f"warc response not HTML ({content_type or 'no content type'})"] += 1
        else:
            p.doc, p.error = self._html(record, http, p)
        return p

    def _html(self, record, http, p: _Record) -> tuple[Document | None, InputError | None]:
        limit = self.limits.max_document_bytes
        body = record.reader.read(limit + 1)
        if len(body) > limit:
            return None, TooLargeError(f"HTML payload of the WARC record at byte {p.position:,} is over the {limit:,}-byte limit")
        declared = http.get("Content-Length")
        if declared and declared.isdigit() and len(body) < int(declared) and not http.get("Content-Encoding"):
            what = f"{len(body):,} of {int(declared):,} bytes"
            return None, TruncatedError(f"HTML payload of the WARC record at byte {p.position:,} is truncated: {what}")
        if not body.strip():
            return None, NoTextError(f"HTML response at byte {p.position:,} has an empty payload")
        provenance = Provenance(self.uri, p.record_id or f"offset:{p.position}", p.position, self.read_at)
        return text_document(body, "html", provenance, declared=record.http_charset, meta=dict(p.meta)), None

    def _settle(self, next_position: int) -> Iterator[Document]:
        """The next record starts at ``next_position`` (or the file ends there): yield the pending record."""
        p, self.pending = self.pending, None
        if p is not None:
            yield from self._finish(p, next_position)

    def _finish(self, p: _Record, next_position: int) -> Iterator[Document]:
        end = min(next_position, p.member_end or next_position)  # where the record's bytes end
        if p.end is not None and next_position < p.end:
            where = "the file ends" if next_position >= self.size else "the next record starts"
            declares = f"it declares {p.length:,} bytes, but {where} at byte {next_position:,}"
            p.error = TruncatedError(f"WARC record at byte {p.position:,} is cut short: {declares}")
        if p.error is not None:
            yield self._reject(self._read(p.position, end), p.position, p.record_id, p.error, p.meta)
        elif p.doc is not None:
            yield p.doc
        if end < next_position and self._read(end, next_position).strip():
            yield self._gap(end, next_position)

    def _gap(self, start: int, end: int) -> Document:
        """Bytes between gzip members that fastwarc passed over: a damaged member, or one the writer did not finish."""
        data = self._read(start, end)
        n = f"{end - start:,} bytes at byte {start:,}"
        if end >= self.size and data.startswith(GZIP_MEMBER[:2]):
            return self._reject(data, start, "", TruncatedError(f"{n}, at the end of the file, are a gzip member cut short"), {})
        return self._reject(data, start, "", MalformedError(f"{n} are no readable WARC record (a damaged gzip member?)"), {})

    def _reject(self, raw: bytes, position: int, record_id: str, error: InputError, meta: dict) -> Document:
        self.rejected += 1
        provenance = Provenance(self.uri, record_id or f"offset:{position}", position, self.read_at)
        return rejected_document(raw or None, "warc", provenance, error, meta={k: v for k, v in meta.items() if v is not None})

    def _block_end(self, position: int, length: int) -> int | None:
        """Where a plain WARC record's content block ends (its header measured in the file), else None."""
        if self.gz:
            return None
        for size in (4096, _MAX_HEADER):  # headers are short: read more only for a long one
            i = self._read(position, position + size).find(_HEADER_END)
            if i >= 0:
                return position + i + len(_HEADER_END) + length
        return None

    def _read(self, start: int, end: int) -> bytes:
        self.raw.seek(start)
        return self.raw.read(max(0, min(end - start, self.limits.max_stored_head)))

    def _skip_space(self, position: int) -> int:
        head = self._read(position, position + 4096)
        return position + len(head) - len(head.lstrip())

    def _next_marker(self, position: int, limit: int | None = None) -> int | None:
        """Offset of the next record start (a ``WARC/1.`` line, or a gzip member holding one) from ``position`` on,
        before ``limit``; None if there is none."""
        marker = GZIP_MEMBER if self.gz else WARC_LINE
        while True:
            found = self._find(marker, position, limit)
            if found is None or not self.gz or self._is_member(found):
                return found
            position = found + 1  # the gzip magic bytes, by chance, inside compressed data

    def _find(self, marker: bytes, position: int, limit: int | None) -> int | None:
        self.raw.seek(position)
        carry, base = b"", position
        while (limit is None or base < limit) and (chunk := self.raw.read(1024 * 1024)):
            data = carry + chunk
            i = data.find(marker)
            if i >= 0:
                found = base - len(carry) + i
                return found if limit is None or found < limit else None
            carry = data[-(len(marker) - 1) :]
            base += len(chunk)
        return None

    def _is_member(self, position: int) -> bool:
        """Whether a gzip member that decompresses to a WARC record starts at ``position``."""
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(self._read(position, position + 4096), 8)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")

    def _inflate(self, position: int) -> tuple[bool, int, bytes, int]:
        """Decompress the gzip member at ``position``, 1 MiB at a time: whether it is whole (ends with its
        end-of-stream marker), its decompressed size, its first ``_MAX_HEADER`` bytes, and where it ends."""
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.raw.seek(position)
        size, head, data, fed = 0, b"", b"", 0
        try:
            while not inflate.eof:
                if not data:
                    data = self.raw.read(1024 * 1024)
                    fed += len(data)
                out = inflate.decompress(data, 1024 * 1024)
                data = inflate.unconsumed_tail
                if not out and not data and not self.raw.peek(1):
                    break
                size += len(out)
                head += out[: max(0, _MAX_HEADER - len(head))]
        except zlib.error:
            return False, size, head, position + fed
        # At the end of the stream zlib reports the bytes after it both as unused_data and, when the call was
        # length-limited, as unconsumed_tail: count them once.
        left = len(inflate.unused_data) if inflate.eof else len(data)
        return inflate.eof, size, head, position + fed - left
