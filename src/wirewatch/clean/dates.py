"""Publication dates from metadata fields and date lines: absolute dates only, never guessed.

A relative expression ("yesterday", "2 hours ago") has no anchor here and is not a publication date;
it stays unresolved (the entity/date stage resolves relative dates against a known anchor).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december"
)
_DATE_LINE = re.compile(
    rf"(?:(?:updated|published|posted|last updated)\s*:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    rf"(?:\s*[-–,|]?\s*(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?",
    re.I,
)


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """An absolute date in ``value`` as ISO ``YYYY-MM-DD``, or None when it has none (or only a relative one)."""
    s = value.strip()
    if not s or len(s) > 80:
        return None
    m = _ISO.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if not re.search(r"\d{4}", s):  # no year: cannot be placed without an anchor
        return None
    import dateparser  # slow to import: only for the formats above do not cover

    settings = {"PARSERS": ["timestamp", "absolute-time", "custom-formats"], "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(s, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if isinstance(parsed, datetime) and 1800 <= parsed.year <= 2200:
        return parsed.date().isoformat()
    return None


def date_line(text: str) -> str | None:
    """The ISO date if the whole line is a date line ("Wednesday, 26 March, 2025 - 05:00"), else None."""
    if len(text) > 80 or not _DATE_LINE.fullmatch(text.strip()):
        return None
    cleaned = re.sub(r"^(?:updated|published|posted|last updated)\s*:?\s*", "", text.strip(), flags=re.I)
    return parse_date(cleaned)
