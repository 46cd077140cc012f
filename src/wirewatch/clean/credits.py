"""Photo captions: split the credit off the caption text.

Recognised forms (the agency list is ``data/photo_credits.txt``):

- ``... Palestinians. (Reuters)``, ``... (AP Photo/Hani Mohammed)``, ``... (SANA via AP)``
- ``... March 28, 2025. REUTERS/Khaled Abdullah``, ``... Mahmud Hams/AFP``
- ``... in Gaza. AFP``, ``... - Getty Images``, ``... | Photo: John Smith``, ``... Credit: Jane Doe``
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_PAREN_TAIL = re.compile(r"(?P<text>.*?)\s*\((?P<credit>[^()]{1,80})\)\s*$", re.S)
_SEPARATOR_TAIL = re.compile(r"(?P<text>.*\S)\s+[-–—|/]\s+(?P<credit>\S.{0,80})$", re.S)
_SENTENCE_TAIL = re.compile(r"(?P<text>.*[.!?\"”’)])\s+(?P<credit>\S.{0,80})$", re.S)
_WORD_TAIL = re.compile(r"(?P<text>.*\S)\s+(?P<credit>\S+\s*/\s*\S.{0,60})$", re.S)
_PHOTO_PREFIX = re.compile(r"(?:photo(?:graph)?s?|image|picture|pic|credit|courtesy|source)(?:\s+by|\s*:)\s*\S|©|\(c\)", re.I)
_CONNECTORS = frozenset({"al", "el", "de", "of", "the", "via", "and", "bin", "ibn", "da", "van", "von", "for", "&"})


@lru_cache(maxsize=1)
def _agency_pattern() -> re.Pattern[str]:
    text = resources.files("wirewatch.data").joinpath("photo_credits.txt").read_text(encoding="utf-8")
    names = sorted({n.strip() for n in text.splitlines() if n.strip() and not n.startswith("#")}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names), re.I)


def _is_agency(part: str) -> bool:
    part = re.sub(r"\s+photos?$", "", part.strip(" .,;:-"), flags=re.I)
    return bool(part) and _agency_pattern().fullmatch(part) is not None


def is_credit(candidate: str, strict: bool = True) -> bool:
    """Whether ``candidate`` (the tail of a caption) is a photo credit.

    Known agencies, ``Agency/Photographer`` and ``Photographer/Agency`` pairs, ``X via Agency`` and
    ``Photo: ...`` always are. With ``strict=False`` a short proper name (``(Asharq Al-Awsat)``) is too.
    """
    c = candidate.strip()
    words = c.split()
    if not words or len(words) > 8:
        return False
    if _PHOTO_PREFIX.match(c):
        return True
    if c[:1].islower():  # "... (1500 UTC) the National": a sentence going on, not a credit
        return False
    if _is_agency(c):
        return True
    if "/" in c and any(_is_agency(p) for p in c.split("/")):
        return True
    via = re.search(r"\bvia\s+(.+)$", c, re.I)
    if via and _is_agency(via.group(1)):
        return True
    if strict or len(words) > 5:
        return False
    return all(w[:1].isupper() or w.casefold() in _CONNECTORS or w[:1].isdigit() for w in words)


@lru_cache(maxsize=4096)  # segmentation asks about the same line of a page several times
def split_credit(caption: str) -> tuple[str, str | None]:
    """``(text, credit)`` of a caption line; credit is None when the caption has none."""
    s = caption.strip()
    m = _PAREN_TAIL.match(s)
    if m and m["text"] and is_credit(m["credit"], strict=not m["text"].rstrip().endswith((".", "!", "?", '"', "”"))):
        return m["text"].rstrip(), m["credit"].strip()
    for pattern in (_SENTENCE_TAIL, _SEPARATOR_TAIL, _WORD_TAIL):  # most to least reliable
        m = pattern.match(s)
        if m and is_credit(m["credit"]):
            return m["text"].rstrip(" -–—|"), m["credit"].strip().lstrip("-–—|/ ")
    return s, None
