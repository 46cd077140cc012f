"""JSON Lines: one article per line.

Each line is a document of its own (``record`` = ``line:N``). Recognised fields, with the aliases
other tools use: ``text`` (body, content, article), ``title`` (headline), ``date`` (published,
publish_date, pubdate, datetime), ``url`` (link), ``source`` (site, publisher, outlet), ``id``
(doc_id). Every other field is kept in the document's ``meta``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from wirewatch.config import ReadLimits
from wirewatch.errors import InputError, MalformedError, NoTextError, TooLargeError
from wirewatch.models import ID_LENGTH, Document, Provenance
from wirewatch.readers.base import hash_bytes, reject, rejected_document
from wirewatch.readers.decode import decode

ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "date": ("date", "published", "publish_date", "pubdate", "date_publish", "datetime"),
    "url": ("url", "link"),
    "source": ("source", "site", "publisher", "outlet", "source_domain"),
    "id": ("id", "doc_id"),
}


def read_jsonl(stream: IO[bytes], uri: str, limits: ReadLimits, read_at: str) -> Iterator[Document]:
    """Yield one document per non-blank line of ``stream``. Decompression errors propagate to the caller."""
    offset = 0
    lineno = 0
    while True:
        line = stream.readline(limits.max_document_bytes + 1)
        if not line:
            return
        lineno += 1
        start = offset
        offset += len(line)
        provenance = Provenance(uri, f"line:{lineno}", start, read_at)
        if len(line) > limits.max_document_bytes and not line.endswith(b"\n"):
            skipped = _skip_rest_of_line(stream)
            offset += skipped
            error = TooLargeError(
                f"the line is {len(line) + skipped:,} bytes, over the {limits.max_document_bytes:,}-byte "
                f"limit (only its first {limits.max_stored_head:,} bytes are stored; raise --max-document-size)"
            )
            yield rejected_document(line[: limits.max_stored_head], "jsonl", provenance, error)
            continue
        body = line.rstrip(b"\r\n")
        if body.strip():
            yield jsonl_record(body, provenance)


def _skip_rest_of_line(stream: IO[bytes]) -> int:
    skipped = 0
    while chunk := stream.readline(1024 * 1024):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def jsonl_record(body: bytes, provenance: Provenance) -> Document:
    digest = hash_bytes(body)
    doc = Document(
        id=digest[:ID_LENGTH],
        sha256=digest,
        format="jsonl",
        provenance=provenance,
        size=len(body),
        raw=body,
    )
    try:
        decoded = decode(body)
        doc.encoding = decoded.encoding
        doc.warnings.extend(decoded.warnings)
        record = _parse(decoded.text)
    except InputError as e:
        return reject(doc, e)
    fields = {name: _first(record, keys) for name, keys in ALIASES.items()}
    text = fields.pop("text")
    used = {k for keys in ALIASES.values() for k in keys}
    doc.meta = {k: v for k, v in fields.items() if v is not None}
    extra = {k: v for k, v in record.items() if k not in used}
    if extra:
        doc.meta["extra"] = extra
    if not isinstance(text, str) or not text.strip():
        keys = ", ".join(sorted(record)) or "none"
        named = [k for k in ALIASES["text"] if k in record]
        what = f"its '{named[0]}' field is empty" if named else f"no 'text' field (fields: {keys})"
        return reject(doc, NoTextError(f"no article text: {what}"))
    doc.text = text
    return doc


def _parse(text: str) -> dict:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as e:
        raise MalformedError(f"invalid JSON at column {e.colno}: {e.msg}") from None
    if not isinstance(record, dict):
        raise MalformedError(f"a JSON {type(record).__name__}, not an object")
    return record


def _first(record: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value) if isinstance(value, int | float) else value
    return None
