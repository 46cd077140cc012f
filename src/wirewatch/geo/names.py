"""Name normalisation shared by the gazetteer compiler and the lookups: one key for "Sa'dah", "Sa`dah", "SA'DAH"."""

from __future__ import annotations

import re
import unicodedata

import xxhash

_APOSTROPHES = re.compile(r"['’‘`ʻʼʿʾ´]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,/()]+")
_LEADING_THE = re.compile(r"^the ")

# Words naming the kind of an administrative unit; "Hajjah Governorate" is also indexed as "Hajjah".
ADMIN_WORDS = (
    "governorate",
    "province",
    "district",
    "county",
    "parish",
    "region",
    "state",
    "oblast",
    "prefecture",
    "department",
    "municipality",
    "division",
    "territory",
    "wilayah",
    "muhafazat",
    "mohafazat",
    "provincia",
    "upazila",
    "upazilla",
    "zila",
    "zilla",
    "sadar",
    "tehsil",
    "taluk",
    "taluka",
    "mandal",
    "subdivision",
    "voivodeship",
    "raion",
    "rayon",
    "okrug",
    "krai",
    "canton",
    "township",
)
_ADMIN_PREFIX = re.compile(r"^(?:muhafazat|mohafazat|provincia de|departamento de|estado de|wilayat|state of|province of) ")
_ADMIN_SUFFIX = re.compile(r" (?:" + "|".join(ADMIN_WORDS) + r"|city|governorate city|municipality)$")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|es|et) (?=\w{3})")


def normalize(name: str) -> str:
    """Casefolded, accents stripped, apostrophes dropped, punctuation and dashes as single spaces, no leading "the"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.casefold())
    text = _SEPARATORS.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


def key(name: str) -> int:
    """The 64-bit hash the index is keyed on (of the normalised name)."""
    return xxhash.xxh3_64_intdigest(normalize(name).encode("utf-8"))


def strip_admin_words(normalized: str) -> str:
    """ "muhafazat al hudaydah" -> "al hudaydah", "hajjah governorate" -> "hajjah" (input already normalised)."""
    stripped = _ADMIN_PREFIX.sub("", normalized)
    while (shorter := _ADMIN_SUFFIX.sub("", stripped)) != stripped:  # "kurigram sadar upazila" -> "kurigram"
        stripped = shorter
    return stripped.strip()


def strip_article(normalized: str) -> str:
    """ "al hudaydah" -> "hudaydah" (the Arabic article, as English news drops it)."""
    return _ARTICLE.sub("", normalized)


def is_latin(name: str) -> bool:
    """Written in Latin letters (the names an English text can contain)."""
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)
