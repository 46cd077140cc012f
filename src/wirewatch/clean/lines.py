"""Lines of a page: offsets, comparison keys, and what kind of non-article line each one is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wirewatch.models import normalize_text

_EDGE_PUNCT = " \t:;|•·»«›‹>-–—_*#=~.,!?()[]{}\"'“”‘’"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{1,7}|\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?\s*[kKmM]"), "bare count (share/comment widget)"),
    (
        re.compile(r"\d+(?:[.,]\d+)?\s*[kKmM]?\s+(?:comments?|shares?|views?|likes?|reads?|reactions?|replies)", re.I),
        "share/comment count",
    ),
    (re.compile(r"(?:comments?|shares?|views?|likes?|replies)\s*[:(]?\s*\d+\)?", re.I), "share/comment count"),
    (re.compile(r"\d+\s*(?:min|mins|minutes?)(?:\s+read)?", re.I), "reading-time widget"),
    (re.compile(r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}\b)).{0,200}|copyright\b\W*(?:\w+\W*){0,6}", re.I), "copyright line"),
    (re.compile(r".{0,120}\ball rights reserved\.?", re.I), "copyright line"),
    (re.compile(r"[\W_]{1,40}"), "punctuation only"),
)
_LONG_CRUFT_HINTS = ("©", "(c)", "(C)", "opyright", "OPYRIGHT", "eserved", "ESERVED")  # all a long cruft line can hold


@dataclass(slots=True)
class Line:
    """One non-blank line: its stripped text, offsets into the page, and a key for comparisons."""

    start: int
    end: int
    text: str
    key: str
    cruft: str | None
    blank_before: bool
    words: int  # words in the key


@lru_cache(maxsize=1)
def cruft_lexicon() -> frozenset[str]:
    text = resources.files("wirewatch.data").joinpath("cruft.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def cruft_reason(key: str) -> str | None:
    """Why a line (given as its normalised key) is widget or page chrome, or None if it may be text."""
    if len(key) > 200 or (len(key) > 40 and not any(hint in key for hint in _LONG_CRUFT_HINTS)):
        return None
    lexicon = cruft_lexicon()
    if key.casefold() in lexicon or key.strip(_EDGE_PUNCT).casefold() in lexicon:
        return "widget or page chrome"
    for pattern, reason in _PATTERNS:
        if pattern.fullmatch(key):
            return reason
    return None


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with character offsets; ``blank_before`` marks paragraph breaks."""
    lines: list[Line] = []
    offset = 0
    blank = True
    for raw in text.splitlines(keepends=True):
        content = raw.strip()
        if content:
            start = offset + (len(raw) - len(raw.lstrip()))
            key = normalize_text(content)
            lines.append(Line(start, start + len(content), content, key, cruft_reason(key), blank, key.count(" ") + 1))
            blank = False
        else:
            blank = True
        offset += len(raw)
    return lines
