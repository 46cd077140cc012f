"""Files: find them, tell their format, and read each into documents.

The format is told by content first (gzip and WARC magic, JSON objects, HTML tags), by file name second.
A gzip file is read through; what is inside decides the reader.
"""

from __future__ import annotations

import glob
import gzip
import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from wirewatch.config import ReadLimits
from wirewatch.errors import BinaryInputError, EmptyInputError, InputError, InputNotFoundError, TooLargeError, TruncatedError
from wirewatch.models import Document, Provenance
from wirewatch.readers.base import now_iso, rejected_document, text_document
from wirewatch.readers.decode import binary_kind
from wirewatch.readers.jsonl import jsonl_record, read_jsonl
from wirewatch.readers.warc import read_warc

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def expand_inputs(patterns: Iterable[str | Path]) -> list[Path]:
    """Files named by paths, directories (recursively) and glob patterns, in a stable order.

    Raises :class:`InputNotFoundError` naming every pattern that matches nothing.
    """
    files: list[Path] = []
    missing: list[str] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))))
        elif path.is_file():
            files.append(path)
        else:
            matches = sorted(Path(m) for m in glob.glob(str(pattern), recursive=True))
            found = [m for m in matches if m.is_file()]
            for m in matches:
                if m.is_dir():
                    found.extend(sorted(p for p in m.rglob("*") if p.is_file() and not _hidden(p.relative_to(m))))
            if found:
                files.extend(found)
            else:
                missing.append(str(pattern))
    if missing:
        raise InputNotFoundError("no such file, directory or matching pattern: " + ", ".join(missing))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def detect_format(name: str, head: bytes) -> str:
    """``warc``, ``jsonl``, ``html`` or ``text`` for an input named ``name`` that starts with ``head`` (decompressed)."""
    lower = name.lower().removesuffix(".gz")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/") or lower.endswith((".warc", ".arc")):
        return "warc"
    if stripped.startswith(b"{") or lower.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    probe = stripped[:2048].lower()
    if lower.endswith(_HTML_SUFFIXES) or probe.startswith((b"<!doctype html", b"<html")) or b"<html" in probe:
        return "html"
    return "text"


def read_file(path: Path, limits: ReadLimits | None = None, skipped: Counter[str] | None = None) -> Iterator[Document]:
    """Every document in one file: accepted ones, and rejected ones with their reason."""
    limits = limits or ReadLimits()
    read_at = now_iso()
    uri = str(path.resolve())
    whole = Provenance(uri, "", 0, read_at)
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError as e:
        yield rejected_document(None, "unknown", whole, InputError(f"cannot read: {e.strerror or e}"))
        return
    if not head:
        yield rejected_document(b"", "unknown", whole, EmptyInputError("empty file (0 bytes)"))
        return
    gz = head.startswith(GZIP_MAGIC)
    if gz:
        try:
            with gzip.open(path, "rb") as g:
                head = g.read(8192)
        except _GZIP_ERRORS as e:
            yield _container_rejection(path, whole, limits, TruncatedError(f"broken gzip: {e}"))
            return
    kind = binary_kind(head)
    if kind:
        yield _container_rejection(path, whole, limits, BinaryInputError(f"not text: {kind}"))
        return
    fmt = detect_format(path.name, head)
    if fmt == "warc":
        yield from read_warc(path, limits, read_at, skipped)
    elif fmt == "jsonl":
        yield from _read_jsonl_file(path, gz, uri, whole, limits, read_at)
    else:
        yield _read_whole(path, gz, fmt, whole, limits)


def _read_jsonl_file(path: Path, gz: bool, uri: str, whole: Provenance, limits: ReadLimits, read_at: str) -> Iterator[Document]:
    opener = gzip.open if gz else open
    try:
        with opener(path, "rb") as stream:
            first = stream.readline(limits.max_document_bytes)
            if not _is_json_object(first) and path.stat().st_size <= limits.max_document_bytes:
                stream.seek(0)
                records = _json_document(stream.read())
                if records is not None:  # one JSON document (an object, or an array of objects)
                    yield from (jsonl_record(raw, Provenance(uri, f"item:{n}", None, read_at)) for n, raw in records)
                    return
            stream.seek(0)
            yield from read_jsonl(stream, uri, limits, read_at)
    except _GZIP_ERRORS as e:
        error = TruncatedError(f"gzip stream broken after the records above ({e}); the rest of the file is unreadable")
        yield _container_rejection(path, whole, limits, error)


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _json_document(data: bytes) -> list[tuple[int, bytes]] | None:
    """The records of a whole-file JSON document, each re-serialised compactly; None if it is not one."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    items = value if isinstance(value, list) else [value]
    return [(n, json.dumps(item, ensure_ascii=False).encode()) for n, item in enumerate(items, 1)]


def _read_whole(path: Path, gz: bool, fmt: str, whole: Provenance, limits: ReadLimits) -> Document:
    """A file that is one document (a text page dump, an HTML page), plain or gzipped."""
    if not gz:
        size = path.stat().st_size
        if size > limits.max_document_bytes:
            error = TooLargeError(
                f"{size:,} bytes, over the {limits.max_document_bytes:,}-byte limit for one page "
                "(split the file, or raise --max-document-size)"
            )
            return rejected_document(None, fmt, whole, error, raw_path=path)
        return text_document(path.read_bytes(), fmt, whole)
    try:
        with gzip.open(path, "rb") as g:
            raw = g.read(limits.max_document_bytes + 1)
    except _GZIP_ERRORS as e:
        return _container_rejection(path, whole, limits, TruncatedError(f"truncated or corrupt gzip: {e}"))
    if len(raw) > limits.max_document_bytes:
        error = TooLargeError(
            f"decompresses to over the {limits.max_document_bytes:,}-byte limit for one page "
            "(the compressed file is stored; raise --max-document-size)"
        )
        return _container_rejection(path, whole, limits, error)
    return text_document(raw, fmt, whole, meta={"container": "gzip"})


def _container_rejection(path: Path, whole: Provenance, limits: ReadLimits, error: InputError) -> Document:
    """Reject a whole file, keeping its bytes exactly as received."""
    small = path.stat().st_size <= limits.max_document_bytes
    raw = path.read_bytes() if small else None
    return rejected_document(raw, "unknown", whole, error, raw_path=None if small else path)
