"""Files: find them, tell their format, and read each into documents.

The format is told by content first (gzip and WARC magic, JSON objects, HTML tags), by file name second.
A gzip file is read through; what is inside decides the reader.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, cast

from wirewatch.config import ReadLimits
from wirewatch.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputNotFoundError,
    NoTextError,
    TooLargeError,
    TruncatedError,
)
from wirewatch.models import Document, Provenance
from wirewatch.readers.base import now_iso, rejected_document, text_document
from wirewatch.readers.decode import binary_kind
from wirewatch.readers.jsonl import jsonl_record, read_jsonl
from wirewatch.readers.warc import read_warc

GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 8192
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_JSON_START = re.compile(rb'\{\s*"|\[\s*\{')  # a JSON object, or an array of objects
_HTML_TAGS = (b"<html", b"<head>", b"<head ", b"<body>", b"<body ")


def expand_inputs(patterns: Iterable[str | Path]) -> list[Path]:
    """Files named by paths, directories (recursively) and glob patterns, in a stable order (a list)."""
    return [Path(p) for p in iter_inputs(patterns)]


def iter_inputs(patterns: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Iterator[str]:
    """Files named by paths, directories (recursively, hidden entries skipped) and glob patterns, streamed.

    Directories are walked in sorted order one directory at a time, so memory does not grow with the number of
    files. A file reached through two patterns is yielded once; files in ``exclude`` (the database being written)
    never. Raises :class:`InputNotFoundError`, before yielding anything, naming every pattern that matches nothing.
    """
    names = [str(p) for p in patterns]
    missing = [p for p in names if not os.path.exists(p) and next(glob.iglob(p, recursive=True), None) is None]
    if missing:
        raise InputNotFoundError("no such file, directory or matching pattern: " + ", ".join(missing))
    skip = {os.path.realpath(p) for p in exclude}
    skip_names = {os.path.basename(p) for p in skip}  # resolve only paths that could be one of them
    seen: set[tuple[int, int]] | None = set() if len(names) > 1 else None
    for pattern in names:
        for path in _pattern_files(pattern):
            if os.path.basename(path) in skip_names and os.path.realpath(path) in skip:
                continue
            if seen is not None:
                st = os.stat(path)
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
            yield path


def _pattern_files(pattern: str) -> Iterator[str]:
    if os.path.isdir(pattern):
        yield from _walk(pattern)
    elif os.path.isfile(pattern):
        yield pattern
    else:
        for match in sorted(glob.glob(pattern, recursive=True)):
            if os.path.isdir(match):
                yield from _walk(match)
            elif os.path.isfile(match):
                yield match


def _walk(root: str) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                yield path


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def detect_format(name: str, head: bytes) -> str:
    """``warc``, ``jsonl``, ``html`` or ``text`` for an input named ``name`` that starts with ``head`` (decompressed).

    What the content starts with decides first (a ``WARC/`` line, a JSON object or an array of objects, an HTML
    doctype or ``<html>`` tag), then the name, then HTML tags further in; anything else is text.
    """
    lower = name.lower().removesuffix(".gz")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # look at UTF-16 text as the characters it holds
        head = head[: len(head) // 2 * 2].decode("utf-16", "replace").encode("utf-8", "replace")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    probe = stripped[:2048].lower()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _JSON_START.match(stripped):
        return "jsonl"
    if probe.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lower.endswith((".warc", ".arc")):
        return "warc"
    if lower.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(_HTML_SUFFIXES) or any(tag in probe for tag in _HTML_TAGS):
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
            head = f.read(HEAD_BYTES)
    except OSError as e:
        yield rejected_document(None, "unknown", whole, InputError(f"cannot read: {e.strerror or e}"))
        return
    if not head:
        yield rejected_document(b"", "unknown", whole, EmptyInputError("empty file (0 bytes)"))
        return
    gz = head.startswith(GZIP_MAGIC)
    if gz:
        inner = _gzip_head(head)
        if not inner and detect_format(path.name, b"") != "warc":  # a .warc.gz is read member by member
            error = _empty_gzip_error(path) if inner is not None else TruncatedError("corrupt gzip: nothing in it can be read")
            yield _container_rejection(path, whole, limits, error)
            return
        head = inner or b""
    fmt = detect_format(path.name, head)
    kind = None if fmt == "warc" else binary_kind(head)  # a WARC may hold images; its reader judges each record
    if kind:
        yield _container_rejection(path, whole, limits, BinaryInputError(f"not text: {kind}"))
    elif fmt == "warc":
        yield from read_warc(path, limits, read_at, skipped, uri)
    elif fmt == "jsonl":
        yield from _read_jsonl_file(path, gz, whole, limits)
    else:
        yield _read_whole(path, gz, fmt, whole, limits)


def _gzip_head(compressed: bytes) -> bytes | None:
    """The first bytes of a gzip file's content, as far as they can be read before any error (None: not even its
    header is readable). Fed in small pieces, so that corrupt data further on does not hide the start."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    head = b""
    for i in range(0, len(compressed), 512):
        try:
            head += inflate.decompress(compressed[i : i + 512], HEAD_BYTES - len(head))
        except zlib.error:
            return head or (None if i == 0 else b"")
        if len(head) >= HEAD_BYTES or inflate.eof:
            break
    return head


def _empty_gzip_error(path: Path) -> InputError:
    try:
        with gzip.open(path, "rb") as g:
            g.read(1)
    except _GZIP_ERRORS as e:
        return TruncatedError(f"gzip file cut short before any content: {e}")
    return EmptyInputError("empty (a gzip file with nothing in it)")


def _read_jsonl_file(path: Path, gz: bool, whole: Provenance, limits: ReadLimits) -> Iterator[Document]:
    last: Document | None = None
    try:
        with cast(IO[bytes], gzip.open(path, "rb") if gz else open(path, "rb")) as stream:
            try:
                records = _json_document(stream, limits)
            except TooLargeError as e:
                yield _container_rejection(path, whole, limits, e)
                return
            if records is not None:  # one JSON document (an object, or an array of objects)
                for n, raw in records:
                    yield jsonl_record(raw, Provenance(whole.uri, f"item:{n}", None, whole.read_at))
                if not records:
                    yield _container_rejection(path, whole, limits, NoTextError("an empty JSON array: no records"))
                return
            stream.seek(0)
            for last in read_jsonl(stream, whole.uri, limits, whole.read_at):
                yield last
        if last is None:
            yield _container_rejection(path, whole, limits, EmptyInputError("no JSON records (only blank lines)"))
    except _GZIP_ERRORS as e:
        after = f"after {last.provenance.record}" if last else "before the first record"
        error = TruncatedError(f"gzip stream broken {after} ({e}); the records before were read, the rest is unreadable")
        yield _container_rejection(path, whole, limits, error)


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return bool(line.strip())


def _json_document(stream: IO[bytes], limits: ReadLimits) -> list[tuple[int, bytes]] | None:
    """The records of a whole-file JSON document, each re-serialised compactly; None if it is not one.

    JSON Lines (a first line that is a JSON object) and documents over the size limit are not read whole.
    """
    first = stream.readline(limits.max_document_bytes)
    if _is_json_object(first):
        return None
    stream.seek(0)
    data = stream.read(limits.max_document_bytes + 1)
    if len(data) > limits.max_document_bytes:
        del data
        stream.seek(len(first))
        if _is_json(first) or _is_json_object(stream.readline(limits.max_document_bytes)):
            return None  # JSON Lines whose first line is bad
        if not first.lstrip().startswith((b"[", b"{")):
            return None
        raise TooLargeError(
            f"one JSON document of over {limits.max_document_bytes:,} bytes: write it as JSON Lines (one object a line), "
            "or raise --max-document-size"
        )
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
