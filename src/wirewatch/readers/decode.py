"""Bytes → text: byte-order marks, binary detection, UTF-8 and legacy encodings.

Every decision is reported: the encoding used is kept with the document, and a lossy or guessed
decoding adds a warning that names what happened.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from wirewatch.errors import BinaryInputError, DecodeError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of formats that are never news text.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media file"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def binary_kind(head: bytes) -> str | None:
    """Name the binary format ``head`` (the first bytes of an input) starts with, or None if it may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if any(head.startswith(bom) for bom, _ in _BOMS) or _looks_utf16(head):
        return None
    sample = head[:4096]
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    if sample and len(_CONTROL.findall(sample)) > len(sample) * 0.05:
        return "binary data (control characters)"
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with every other byte NUL."""
    sample = head[:2048]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > len(odd) * 0.8 or even.count(0) > len(even) * 0.8


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KiB."""
    m = _CHARSET_META.search(head[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode ``raw``; raise an :class:`~wirewatch.errors.InputError` when it is not text."""
    if not raw.strip():
        raise EmptyInputError("empty input (no bytes, or only whitespace)")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(encoding), encoding.replace("-sig", ""))
            except UnicodeDecodeError as e:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}: {e.reason} at byte {e.start}"
                ) from None
    kind = binary_kind(raw[:4096])
    if kind:
        raise BinaryInputError(f"not text: {kind}")
    if _looks_utf16(raw):
        encoding = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
        text = raw.decode(encoding, errors="replace")
        return Decoded(text, encoding, ["UTF-16 text without a byte-order mark"])
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    if declared and declared.replace("_", "-").lower() not in ("utf-8", "utf8"):
        try:
            return Decoded(raw.decode(declared), codecs.lookup(declared).name)
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_invalid_utf8(raw, first_error)


def _decode_invalid_utf8(raw: bytes, error: UnicodeDecodeError) -> Decoded:
    """Text that is not valid UTF-8: mostly UTF-8 with a few bad bytes, or a legacy 8-bit encoding."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= bad:
        return Decoded(
            text,
            "utf-8",
            [f"invalid UTF-8 ({bad} bad byte sequence(s), first at byte {error.start}); replaced with U+FFFD"],
        )
    try:
        return Decoded(raw.decode("cp1252"), "cp1252", ["not UTF-8; decoded as Windows-1252"])
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:65536]).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        try:
            return Decoded(raw.decode(best.encoding), best.encoding, [f"not UTF-8; detected {best.encoding}"])
        except (UnicodeDecodeError, LookupError):
            pass
    if bad > len(raw) * 0.3:
        raise DecodeError(f"not decodable as text: {bad} invalid UTF-8 sequences in {len(raw)} bytes")
    return Decoded(
        text,
        "utf-8",
        [f"invalid UTF-8 ({bad} bad byte sequence(s), first at byte {error.start}); replaced with U+FFFD"],
    )
