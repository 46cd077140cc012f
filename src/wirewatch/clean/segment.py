"""Cut a page of text into articles: title, captions (with credit), byline, date line, body paragraphs.

Scraped pages of news sites print each article's header twice (once for the mobile layout, once for the
desktop one): the headline, then each photo caption twice, then widget lines ("TT", a bare share count),
then the headline and captions again, then the body. An article starts at a headline that recurs within a
few lines with only header lines between. A page with no such headline is one article.

Every non-blank line of the page ends up in exactly one place: the title, a caption, a body paragraph, the
author or date field, or the article's ``removed`` list with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from wirewatch.clean.credits import is_credit, split_credit
from wirewatch.clean.dates import date_line
from wirewatch.clean.lines import Line, split_lines
from wirewatch.models import Caption, RemovedLine, Span, normalize_text

WINDOW = 10  # a repeated headline comes back within this many lines
MAX_TITLE_WORDS = 40
MAX_CAPTION_WORDS = 90
MIN_LEAD_WORDS = 8  # the first body paragraph after a headline has at least this many words
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", ")")
_BYLINE = re.compile(
    r"(?:by|written by|reporting by)\s+([A-Z][\w'.-]+(?:\s+(?:[A-Z][\w'.-]+|al|el|bin|and|de|van)){0,6})\s*$", re.I
)


@dataclass(slots=True)
class Segment:
    """One article's lines, classified; ``start``/``end`` span them in the page."""

    start: int
    end: int
    title: str | None = None
    title_span: Span | None = None
    captions: list[Caption] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    paragraph_spans: list[Span] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    author: str | None = None
    published: str | None = None


def segment(
    text: str,
    title: str | None = None,
    *,
    split: bool = True,
    infer_title: bool = True,
    captions: set[str] | frozenset[str] = frozenset(),
) -> list[Segment]:
    """The articles of a page.

    ``title`` is a title known from metadata (HTML, JSONL); ``split`` allows several articles in one page;
    ``infer_title`` lets a headline-like first line become the title when none is known; ``captions`` are
    normalised lines known to be photo captions (an HTML page's ``<figcaption>`` texts).
    """
    lines = split_lines(text)
    if not lines:
        return []
    starts = _headline_pairs(lines) if split else []
    if not starts:
        return [_single(lines, title, infer_title, captions)]
    segments = []
    for n, (i, j) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        segments.append(_article(lines, i, j, end, captions))
    if starts[0][0] > 0:  # page chrome before the first headline
        first = segments[0]
        first.removed[:0] = [_removed(line, "page chrome before the first article") for line in lines[: starts[0][0]]]
        first.start = lines[0].start
    return segments


def _title_like(line: Line) -> bool:
    words = line.words
    return (
        line.cruft is None
        and 2 <= words <= MAX_TITLE_WORDS
        and len(line.key) <= 300
        and not line.key.endswith(".")
        and not is_credit(line.key)
    )


def _headline_pairs(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, second) indexes of every headline printed twice; the header after each is skipped."""
    pairs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        j = _repeat_of(lines, i) if _title_like(lines[i]) else None
        if j is None:
            i += 1
            continue
        k = _header_end(lines, i, j, len(lines))
        if j == i + 1 and _in_short_run(lines, i, k):
            i += 1  # a short line printed twice in a row among more short lines: a photo gallery, not a headline
            continue
        pairs.append((i, j))
        i = k
    return pairs


def _in_short_run(lines: list[Line], i: int, k: int) -> bool:
    """Whether line ``i`` sits among short texts (the one before it and the first after its header): a photo
    gallery. A headline opens the page or follows a body paragraph, and its lead paragraph follows it."""
    return i > 0 and k < len(lines) and _short_text(lines, i - 1) and _short_text(lines, k)


def _short_text(lines: list[Line], n: int) -> bool:
    """Whether line ``n`` is a short text of its own, not one line of a longer hard-wrapped paragraph."""
    first, last = n, n
    while first > 0 and not lines[first].blank_before:
        first -= 1
    while last + 1 < len(lines) and not lines[last + 1].blank_before:
        last += 1
    block = lines[first : last + 1]
    text = block if len(block) > 1 and _hard_wrapped(block) else [lines[n]]
    return sum(line.words for line in text) < MIN_LEAD_WORDS


def _repeat_of(lines: list[Line], i: int) -> int | None:
    """Index of the second printing of headline ``i``, if the lines between are all header lines."""
    key = lines[i].key
    for j in range(i + 1, min(len(lines), i + 1 + WINDOW)):
        if lines[j].key != key:
            continue
        if j == i + 1 and (split_credit(key)[1] or key.endswith(".")):
            return None  # a caption printed twice, not a headline
        between = lines[i + 1 : j]
        window = {ln.key for ln in lines[j + 1 : j + 1 + WINDOW]}
        keys = [ln.key for ln in between]
        if all(_header_line(ln, keys.count(ln.key) > 1 or ln.key in window) for ln in between):
            return j
        return None
    return None


def _header_line(line: Line, repeated: bool) -> bool:
    return bool(line.cruft or repeated or split_credit(line.key)[1] or _BYLINE.fullmatch(line.key) or date_line(line.key))


def _header_end(lines: list[Line], i: int, j: int, end: int) -> int:
    """Index of the first body line after a header whose headline is printed at ``i`` and ``j``."""
    seen = {ln.key for ln in lines[i : j + 1]}
    k = j + 1
    while k < end:
        line = lines[k]
        doubled = k + 1 < end and lines[k + 1].key == line.key
        if line.cruft or line.key in seen or doubled or _caption_alone(line) or _meta_line(line):
            seen.add(line.key)
            k += 1
        else:
            break
    return k


def _caption_alone(line: Line) -> bool:
    return line.words <= MAX_CAPTION_WORDS and split_credit(line.key)[1] is not None


def _meta_line(line: Line) -> bool:
    return bool(_BYLINE.fullmatch(line.key) or date_line(line.key))


def _article(lines: list[Line], i: int, j: int, end: int, captions: set[str] | frozenset[str]) -> Segment:
    header_end = _header_end(lines, i, j, end)
    seg = Segment(start=lines[i].start, end=lines[end - 1].end)
    seg.title, seg.title_span = lines[i].text, Span(lines[i].start, lines[i].end)
    seen = {lines[i].key: "headline printed again"}
    for line in lines[i + 1 : header_end]:
        _header_item(seg, line, seen)
    _body(seg, lines[header_end:end], seen, captions)
    return seg


def _header_item(seg: Segment, line: Line, seen: dict[str, str]) -> None:
    """Place one header line: a repeat, widget cruft, byline, date line or (first printing of) a caption."""
    if line.key in seen:
        seg.removed.append(_removed(line, seen[line.key]))
    elif line.cruft:
        seg.removed.append(_removed(line, line.cruft))
    elif _meta_line(line) and _take_meta(seg, line):
        pass
    else:
        text, credit = split_credit(line.text)
        seg.captions.append(Caption(normalize_text(text), credit, line.start, line.end))
        seen[line.key] = "photo caption printed again"


def _take_meta(seg: Segment, line: Line) -> bool:
    byline = _BYLINE.fullmatch(line.key)
    if byline and seg.author is None:
        seg.author = byline.group(1)
        seg.removed.append(_removed(line, "byline (kept as the author)"))
        return True
    published = date_line(line.key)
    if published and seg.published is None:
        seg.published = published
        seg.removed.append(_removed(line, "date line (kept as the publication date)"))
        return True
    return False


def _single(lines: list[Line], title: str | None, infer_title: bool, captions: set[str] | frozenset[str]) -> Segment:
    """A page that is one article: title line (known or inferred), header captions, body."""
    seg = Segment(start=lines[0].start, end=lines[-1].end)
    seen: dict[str, str] = {}
    k = 0
    first = next((n for n, ln in enumerate(lines) if not ln.cruft), None)
    title_key = normalize_text(title) if title else None
    if first is not None and (
        (title_key and lines[first].key == title_key) or (not title_key and infer_title and _headline_alone(lines, first))
    ):
        for line in lines[:first]:
            seg.removed.append(_removed(line, line.cruft or "before the headline"))
        seg.title, seg.title_span = lines[first].text, Span(lines[first].start, lines[first].end)
        seen[lines[first].key] = "headline printed again"
        k = _header_end(lines, first, first, len(lines))
        for line in lines[first + 1 : k]:
            _header_item(seg, line, seen)
    else:
        seg.title = title
        if title_key:
            seen[title_key] = "headline printed again"
    _body(seg, lines[k:], seen, captions)
    return seg


def _headline_alone(lines: list[Line], i: int) -> bool:
    """A first line that reads as a headline: short, no sentence end, and something follows it."""
    line = lines[i]
    return (
        _title_like(line)
        and i + 1 < len(lines)
        and line.words <= 25
        and not line.key.endswith((".", ",", ";", ":"))
        and split_credit(line.key)[1] is None
    )


def _body(seg: Segment, lines: list[Line], seen: dict[str, str], captions: set[str] | frozenset[str]) -> None:
    block: list[Line] = []
    previous: str | None = None
    leading = True  # a byline or date line may open the body
    for line in lines:
        if line.blank_before and block:
            _flush(seg, block)
            block = []
        if line.key in seen:
            seg.removed.append(_removed(line, seen[line.key]))
        elif line.cruft and not _continues(block, line):
            seg.removed.append(_removed(line, line.cruft))
        elif line.key == previous:
            seg.removed.append(_removed(line, "line printed twice"))
        elif leading and _meta_line(line) and _take_meta(seg, line):
            pass
        elif line.key in captions:
            _header_item(seg, line, seen)
        else:
            block.append(line)
            previous = line.key
            leading = False
    if block:
        _flush(seg, block)


def _flush(seg: Segment, block: list[Line]) -> None:
    """Add a block of consecutive lines: one paragraph if hard-wrapped, else one paragraph per line."""
    groups = [block] if _hard_wrapped(block) else [[line] for line in block]
    for group in groups:
        seg.paragraphs.append(" ".join(line.text for line in group))
        seg.paragraph_spans.append(Span(group[0].start, group[-1].end))


def _continues(block: list[Line], line: Line) -> bool:
    """Whether ``line`` carries on the unfinished sentence of the line before it: the end of a hard-wrapped
    paragraph that happens to read like a widget ("... contacted" / "Facebook.", "... and much" / "more.")."""
    if not block or line.blank_before or block[-1].text.endswith(_SENTENCE_END):
        return False
    return line.text[:1].islower() or line.text.endswith(_SENTENCE_END)


def _hard_wrapped(block: list[Line]) -> bool:
    if len(block) < 2:
        return False
    widths = [len(line.text) for line in block[:-1]]
    longest = max(widths)
    if longest <= 100 and min(widths) >= longest - 30 and len(block[-1].text) <= longest + 5:
        return True
    return _filled(block)


def _filled(block: list[Line]) -> bool:
    """Greedy filling to a width: every line but the last is short only because the next word would not fit."""
    width = max(len(line.text) for line in block)
    return width <= 100 and all(len(a.text) + 1 + len(b.text.split()[0]) > width for a, b in pairwise(block))


def _removed(line: Line, reason: str) -> RemovedLine:
    return RemovedLine(line.text, reason, line.start, line.end)
