"""Building documents: accepted, or rejected with the reason — never dropped."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from wirewatch.errors import InputError
from wirewatch.models import ID_LENGTH, Document, Provenance
from wirewatch.readers.decode import declared_charset, decode

CHUNK = 1024 * 1024


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def hash_file(path: Path) -> tuple[str, int]:
    """sha256 and size of a file, read in 1 MiB chunks (memory stays flat for any size)."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def text_document(
    raw: bytes,
    fmt: str,
    provenance: Provenance,
    *,
    declared: str | None = None,
    meta: dict | None = None,
) -> Document:
    """A document whose raw bytes are decoded as text (plain text, HTML); rejected if they are not text."""
    digest = hash_bytes(raw)
    doc = Document(
        id=digest[:ID_LENGTH],
        sha256=digest,
        format=fmt,
        provenance=provenance,
        size=len(raw),
        raw=raw,
        meta=meta or {},
    )
    if fmt == "html" and declared is None:
        declared = declared_charset(raw)
    try:
        decoded = decode(raw, declared)
    except InputError as e:
        return reject(doc, e)
    doc.text = decoded.text
    doc.encoding = decoded.encoding
    doc.warnings.extend(decoded.warnings)
    return doc


def rejected_document(
    raw: bytes | None,
    fmt: str,
    provenance: Provenance,
    error: InputError,
    *,
    raw_path: Path | None = None,
    meta: dict | None = None,
) -> Document:
    """A document that cannot be read. Its bytes are kept: in memory, or streamed later from ``raw_path``."""
    if raw is not None:
        digest, size = hash_bytes(raw), len(raw)
    elif raw_path is not None:
        digest, size = hash_file(raw_path)
    else:  # nothing could be read at all: the id names the place instead
        digest, size = hash_bytes(f"{provenance.uri}\0{provenance.record}".encode()), 0
    doc = Document(
        id=digest[:ID_LENGTH],
        sha256=digest,
        format=fmt,
        provenance=provenance,
        size=size,
        raw=raw,
        raw_path=str(raw_path) if raw_path is not None else None,
        meta=meta or {},
    )
    return reject(doc, error)


def reject(doc: Document, error: InputError) -> Document:
    doc.status = "rejected"
    doc.reason = error.code
    doc.message = str(error)
    doc.text = None
    return doc
