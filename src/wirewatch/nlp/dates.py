"""Dates in article text: the publication date that anchors them, and every date mention resolved against it.

``anchor_date`` finds the publication date (metadata, else a dateline, else a full date in a photo caption, the
weakest: a photo's date is a lower bound of the publication date). ``resolve_dates`` reads a parsed spaCy ``Doc``:
one case-insensitive pattern over the text (absolute dates, relative phrases from ``data/date_words.txt``,
weekdays, months, years), then spaCy's DATE/TIME entities for what the pattern missed (durations, ages and clock
times are dropped, with a reason; the rest go to dateparser, off the hot path). Nothing is guessed: a mention that
needs an anchor and has none gets ``value=None, precision="unknown"``. Rules and figures: docs/dates.md.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from wirewatch.clean.dates import parse_date
from wirewatch.models import DateMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["anchor_date", "caption_date", "resolve_dates"]

logger = logging.getLogger(__name__)

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october"]
_MONTH_NAMES += ["november", "december"]
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)} | {n[:3]: i for i, n in enumerate(_MONTH_NAMES, 1)}
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}


def _trie(words: Sequence[str]) -> str:
    """One regex alternation for ``words``, factored by common prefixes: the engine tries one branch per letter,
    not one per word (a flat alternation of 150 phrases made the scan cost 3% of spaCy's time)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for ch, child in node.items():
            if not ch:
                continue
            chain = r"\s+" if ch == " " else re.escape(ch)
            while len(child) == 1 and "" not in child:  # a single path: one literal run, no group
                (ch, child), *_ = child.items()
                chain += r"\s+" if ch == " " else re.escape(ch)
            branches.append(chain + emit(child))
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(tree)


_M = _trie([*_MONTH_NAMES, *(n[:3] for n in _MONTH_NAMES), *(n[:3] + "." for n in _MONTH_NAMES), "sept", "sept."])
_M_FULL = _trie(_MONTH_NAMES)
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_Y4 = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_WD = _trie(list(WEEKDAYS))
_PREP = r"in|since|until|till|by|from|during|early|late|of|before|after|through|throughout|on|last|next|this"
_MONTH_PREFIX = re.compile(rf"(?:(?<![\w'])({_PREP})\s+|mid-)$", re.I)
_YEAR_PREFIX = re.compile(
    r"(?:(?<![\w'])(?:in|since|until|till|by|from|during|early|late|of|before|after|through|throughout|the|between|and"
    r"|to)\s+|mid-)$",
    re.I,
)

_FULL_DATE = (
    rf"(?:{_WD},?\s+)?(?:(?P<fd_d>{_D})(?:\s+of)?\s+(?P<fd_m>{_M}),?\s+(?P<fd_y>{_Y4})"
    rf"|(?P<fm_m>{_M})\s+(?P<fm_d>{_D}),?\s+(?P<fm_y>{_Y4})|(?P<fi>{_Y4}-[01]\d-[0-3]\d))"
)
_CAPTION_DATE = re.compile(rf"(?<!\w){_FULL_DATE}(?!\w)", re.I)
_DATELINE = re.compile(
    rf"\s*(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}})(?:\s*\([^)\n]{{1,40}}\))?,\s*(?:{_WD},?\s+)?"
    rf"(?:(?P<d1>{_D})\s+(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y4}|\d\d(?!\d)))?"
    rf"|(?P<m2>{_M})\s+(?P<d2>{_D})(?:,?\s+(?P<y2>{_Y4}))?|(?P<iso>{_Y4}-[01]\d-[0-3]\d))"
    rf"(?:\s*[(\[](?:[^()\[\]\n]|[(\[][^()\[\]\n]*[)\]]){{1,60}}[)\]])?\s*(?:--|—|–|-|:)",
    re.I,
)

# What spaCy tags DATE/TIME but the pattern did not take: classified in this order.
_AGE = re.compile(r"(?:year|month|week|day)s?[- ]olds?\b", re.I)
_RECURRING = re.compile(r"\b(?:annual(?:ly)?|each|every|daily|weekly|monthly|yearly)\b", re.I)
_DATE_WORD = re.compile(rf"\b(?:{_M_FULL}|{_WD}|{_Y4})\b", re.I)
_UNIT = re.compile(r"(?:second|minute|hour|day|night|week|month|year|decade|centur(?:y|ie))s?\b", re.I)
_CLOCK = re.compile(r"\d[:.]\d\d|\d\s*[ap]\.?m\b|\b(?:morning|afternoon|evening|night|noon|midnight|dawn|dusk|gmt)\b", re.I)
# A four-digit "year" is a 24-hour clock time (MUC-3: "AT 1800", "FROM 1800 TO 0600", "(1200 - 1800 GMT)") after
# "at", before GMT/hours, or in a range with a four-digit number that cannot be a year.
_CLOCK_BEFORE = re.compile(r"(?<![\w'])at\s+(?:approximately\s+|about\s+|around\s+)?$", re.I)
_CLOCK_AFTER = re.compile(r"\s*(?:gmt|utc|hours|hrs|local\s+time|\(local)", re.I)
_HHMM = r"(?:0\d\d\d|1[0-7]\d\d|2[1-3]\d\d)"
_CLOCK_FROM = re.compile(rf"(?<![\d,.]){_HHMM}\s*(?:-|–|to|and)\s*$", re.I)
_CLOCK_TO = re.compile(rf"\s*(?:-|–|to|and)\s*{_HHMM}(?![\d,.])", re.I)
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re"})
_FUTURE_AUX = frozenset({"will", "'ll", "ll", "shall", "wo"})


@dataclass(frozen=True, slots=True)
class _Vocab:
    relative: dict[str, tuple[str, int]]  # phrase -> (unit, offset)
    vague: frozenset[str]
    future_verbs: frozenset[str]
    numbers: dict[str, int]
    pattern: re.Pattern[str]
    gate: re.Pattern[str]  # where ``pattern`` can start: a digit or one of its first words

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, tried only where the gate matches (half the time of a plain scan)."""
        pos, gate, match = 0, self.gate.search, self.pattern.match
        while g := gate(text, pos):
            m = match(text, g.start())
            if m:
                yield m
                pos = m.end()
            else:
                pos = g.end()


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The vocabularies in ``data/date_words.txt`` and the one pattern built from them."""
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for raw in resources.files("wirewatch.data").joinpath("date_words.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line:
            current.append([part.strip() for part in line.split("|")])
    relative = {r[0].lower(): (r[1], int(r[2])) for r in sections["relative"]}
    vague = frozenset(r[0].lower() for r in sections["vague"])
    numbers = {r[0].lower(): int(r[1]) for r in sections["numbers"]}
    number = r"\d{1,3}|" + _trie(list(numbers))
    alternatives = [
        rf"(?P<iso>{_Y4}-[01]\d-[0-3]\d)",
        rf"(?:{_WD},?\s+)?(?P<mdy_m>{_M})\s+(?P<mdy_d>{_D})(?:,?\s+(?P<mdy_y>{_Y4}))?",
        rf"(?:{_WD},?\s+)?(?P<dmy_d>{_D})(?:\s+of)?\s+(?P<dmy_m>{_M})"
        rf"(?:,?\s+(?P<dmy_y>{_Y4})|\s+(?P<dmy_yy>\d\d)(?![\d:]))?",
        rf"(?P<my_m>{_M})(?:\s+of)?,?\s+(?:(?P<my_y>{_Y4})|(?P<my_yy>\d\d)(?![\d:]))",
        rf"(?P<ago_n>{number})\s+(?P<ago_u>day|week|month|year)s?\s+ago",
        rf"(?P<phrase>{_trie([*relative, *vague])})",
        rf"(?:(?P<wd_mod>last|next|this|coming|past)\s+)?(?P<wd>{_WD})(?!s\b)(?:\s+(?:morning|afternoon|evening|night))?",
        rf"(?P<mon>{_M_FULL})(?![\s,]*(?:\d|of\s+\d))",
        r"(?P<decade>(?:1[89]|20)\d0s|'\d0s)",
        rf"(?P<year>{_Y4})(?![.,:]\d|\s*(?:gmt|hours|hrs)\b)",
    ]
    pattern = re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?!\w)", re.I)
    future = frozenset(word for r in sections["future_verbs"] for word in r[0].lower().split())
    first = {*MONTHS, *WEEKDAYS, *numbers, *(p.split()[0] for p in [*relative, *vague]), "last", "next", "this", "coming", "past"}
    gate = re.compile(r"(?<![\w'])(?:\d|'\d|" + _trie(sorted(first)) + r")(?![a-z])", re.I)
    return _Vocab(relative, vague, future, numbers, pattern, gate)


# --- the anchor ---------------------------------------------------------------------------------------------------


def anchor_date(published: str | None, text: str, captions: Sequence[str] = ()) -> tuple[date | None, str]:
    """The date relative expressions are resolved against, and where it came from.

    ``"metadata"`` (a full date in ``published``), ``"dateline"`` ("BAGHDAD, March 5 (Reuters) -", "SAN SALVADOR,
    3 JAN 90 (RADIO VENCEREMOS) --" at the start of ``text``; a dateline without a year takes it from a partial
    ``published`` such as ``"2025"``, else from the latest caption date), ``"caption"`` (the latest full date in a
    caption: the photo's date, only a lower bound of the publication date; resolve with ``weak_anchor=True``), or
    ``(None, "none")``.
    """
    if published:
        full = parse_date(published)
        if full:
            return date.fromisoformat(full), "metadata"
    cap = max((d for d in map(caption_date, captions) if d), default=None)
    line = _dateline(text, _year_hint(published), cap)
    if line:
        return line, "dateline"
    if cap:
        return cap, "caption"
    return None, "none"


def caption_date(caption: str) -> date | None:
    """The latest full date (day, month and year) written in a caption ("…in Sanaa, Yemen March 28, 2025.")."""
    found = []
    for m in _CAPTION_DATE.finditer(caption):
        if m["fi"]:
            d = _make_date(int(m["fi"][:4]), int(m["fi"][5:7]), int(m["fi"][8:10]))
        elif m["fd_d"]:
            d = _make_date(int(m["fd_y"]), MONTHS[_key(m["fd_m"])], _day(m["fd_d"]))
        else:
            d = _make_date(int(m["fm_y"]), MONTHS[_key(m["fm_m"])], _day(m["fm_d"]))
        if d:
            found.append(d)
    return max(found, default=None)


def _year_hint(published: str | None) -> int | None:
    m = re.match(r"\s*(1[89]\d\d|20\d\d)(?:-[01]\d)?\s*$", published or "")
    return int(m[1]) if m else None


def _dateline(text: str, year: int | None, near: date | None) -> date | None:
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    if m["iso"]:
        return _make_date(int(m["iso"][:4]), int(m["iso"][5:7]), int(m["iso"][8:10]))
    d, mo, y = (m["d1"], m["m1"], m["y1"]) if m["d1"] else (m["d2"], m["m2"], m["y2"])
    day, month = _day(d), MONTHS[_key(mo)]
    if y:
        return _make_date(int(y) if len(y) == 4 else _full_year(int(y), None), month, day)
    if year:
        return _make_date(year, month, day)
    if near:  # the year that puts the dateline nearest the photo's date
        options = [d for d in (_make_date(near.year + k, month, day) for k in range(-4, 5)) if d]
        return min(options, key=lambda d: abs((d - near).days), default=None)
    return None


# --- mentions -----------------------------------------------------------------------------------------------------


def resolve_dates(
    doc: Doc,
    anchor: date | None,
    *,
    weak_anchor: bool = False,
    counts: Counter[str] | None = None,
    text: str | None = None,
) -> list[DateMention]:
    """Every date mention in ``doc``, in text order, resolved against ``anchor`` where it needs one.

    ``weak_anchor`` (a caption's date): only the year of a month-day or month without one is taken from it; every
    relative expression stays unresolved. ``counts`` receives ``resolved_<precision>``, ``unresolved_<reason>``
    (no_anchor, weak_anchor, vague, unparsed) and ``dropped_<reason>`` (duration, age, recurring, time_of_day,
    not_a_date, invalid) for each candidate. ``text``: the string ``doc`` was parsed from, where the caller holds
    it (spaCy rebuilds ``doc.text`` from the tokens on every access: a quarter of this function's time).
    """
    if text is None or (len(doc) and len(text) != doc[-1].idx + len(doc[-1].text_with_ws)):
        text = doc.text
    resolver = _Resolver(doc, text, anchor, weak_anchor)
    tally: Counter[str] = Counter()
    found: list[DateMention] = []
    for m in _vocab().finditer(resolver.text):
        result = resolver.match(m)
        if isinstance(result, str):
            tally[f"dropped_{result}"] += 1
        elif result is not None:
            found.append(result)
    taken = [(d.start, d.end) for d in found]
    for start, end, _, text in resolver.ents:
        if any(s < end and start < e for s, e in taken):
            continue
        result = resolver.entity(start, end, text)
        if isinstance(result, str):
            tally[f"dropped_{result}"] += 1
        else:
            found.append(result)
    found.sort(key=lambda d: d.start)
    for d in found:
        tally[f"resolved_{d.precision}" if d.value else f"unresolved_{resolver.reasons.get(d.start, 'unparsed')}"] += 1
    if counts is not None:
        counts.update(tally)
    return found


class _Resolver:
    """Resolves one document's matches: holds the doc (for tense), the anchor, and why each unknown is unknown."""

    def __init__(self, doc: Doc, text: str, anchor: date | None, weak: bool) -> None:
        self.doc, self.text, self.anchor, self.weak, self.vocab = doc, text, anchor, weak, _vocab()
        self.ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        self.reasons: dict[int, str] = {}

    def _mention(self, start: int, end: int, value: str | None, precision: str, reason: str = "") -> DateMention:
        if value is None:
            self.reasons[start] = reason
            precision = "unknown"
        return DateMention(start, end, self.text[start:end], value, precision)

    def _unknown(self, start: int, end: int, reason: str | None = None) -> DateMention:
        reason = reason or ("no_anchor" if self.anchor is None else "weak_anchor")
        return self._mention(start, end, None, "unknown", reason)

    def match(self, m: re.Match[str]) -> DateMention | str | None:
        g = m.groupdict()
        start, end = m.span()
        if g["iso"]:
            return self._day(start, end, _make_date(int(g["iso"][:4]), int(g["iso"][5:7]), int(g["iso"][8:10])))
        if g["mdy_m"]:
            return self._month_day(m, "mdy_m", "mdy_d", g["mdy_y"])
        if g["dmy_m"]:
            if g["dmy_yy"] and len(_key(g["dmy_m"])) > 4:  # "5 March 12 people": no two-digit year after a full name
                end = m.end("dmy_m")
                g["dmy_yy"] = None
            year = g["dmy_y"] or (g["dmy_yy"] and str(_full_year(int(g["dmy_yy"]), self.anchor)))
            return self._month_day(m, "dmy_m", "dmy_d", year, end)
        if g["my_m"]:
            if g["my_yy"] and len(_key(g["my_m"])) > 4:  # "AUG 89" is a month; "August 15" was taken above
                return None
            year = int(g["my_y"] or _full_year(int(g["my_yy"]), self.anchor))
            return self._mention(start, end, f"{year:04d}-{MONTHS[_key(g['my_m'])]:02d}", "month")
        if g["ago_n"]:
            return self._relative(start, end, g["ago_u"].lower(), -self._number(g["ago_n"]))
        if g["phrase"]:
            return self._phrase(start, end, " ".join(g["phrase"].lower().split()))
        if g["wd"]:
            return self._weekday(m)
        if g["mon"]:
            if not g["mon"][0].isupper():  # "march", "may": a verb or a noun unless capitalised
                return None
            prefix = _MONTH_PREFIX.search(self.text, max(0, start - 12), start)
            if not prefix:  # "in March", "last October", "mid-March"; a bare month name may be anything
                return None
            word = (prefix[1] or "").lower()
            if word in ("last", "next", "this"):  # part of the expression: "last October"
                start = prefix.start(1)
            return self._month(start, end, MONTHS[_key(g["mon"])], word)
        if g["decade"]:
            return self._unknown(start, end, "vague")
        if _is_clock(self.text, start, end):
            return "time_of_day"
        if not _YEAR_PREFIX.search(self.text, max(0, start - 12), start) and not any(
            s <= start and end <= e and label == "DATE" for s, e, label, _ in self.ents
        ):
            return None  # a four-digit number is a year after "in", "since", "the"…, or where spaCy tags it DATE
        return self._mention(start, end, g["year"], "year")

    def entity(self, start: int, end: int, text: str) -> DateMention | str:
        """A DATE/TIME entity the pattern did not take."""
        if _AGE.search(text):
            return "age"
        if _RECURRING.search(text):
            return "recurring"
        if re.fullmatch(_Y4, text):  # a bare year spaCy found in a context the pattern does not trust
            return "time_of_day" if _is_clock(self.text, start, end) else self._mention(start, end, text, "year")
        if text.lower() in MONTHS:  # spaCy's bare month name: "may" and "march" only after "in", "last"… (above)
            month = text.lower()
            if month in ("may", "march", "mar"):
                return "not_a_date"
            return self._month(start, end, MONTHS[month], "")
        if _DATE_WORD.search(text):
            if self.anchor is None and not re.search(_Y4, text):
                return self._unknown(start, end)
            if self.weak and not re.search(_Y4, text):
                return self._unknown(start, end)
            value, precision = _dateparser(text, self.anchor)
            return self._mention(start, end, value, precision, "unparsed")
        if _UNIT.search(text):
            return "duration"
        return "time_of_day" if _CLOCK.search(text) else "not_a_date"

    def _day(self, start: int, end: int, d: date | None) -> DateMention | str:
        return self._mention(start, end, d.isoformat(), "day") if d else "invalid"

    def _month_day(self, m: re.Match[str], mg: str, dg: str, year: str | None, end: int | None = None) -> DateMention | str:
        start, end = m.start(), end or m.end()
        month, day = MONTHS[_key(m[mg])], _day(m[dg])
        if year:
            return self._day(start, end, _make_date(int(year), month, day))
        if not _make_date(2000, month, day):  # 2000 is a leap year: any real month-day exists in it
            return "invalid"
        if self.anchor is None:
            return self._unknown(start, end)
        a = self.anchor
        options = [d for d in (_make_date(a.year + k, month, day) for k in range(-4, 5)) if d]  # 29 February
        tense = self._tense(start, end)
        if tense == "future":
            return self._day(start, end, min(d for d in options if d >= a))
        if tense == "past":
            return self._day(start, end, max(d for d in options if d <= a))
        return self._day(start, end, min(options, key=lambda d: (abs((d - a).days), d > a)))  # nearest; a tie: before

    def _month(self, start: int, end: int, month: int, prefix: str) -> DateMention:
        if self.anchor is None:
            return self._unknown(start, end)
        a, year = self.anchor, self.anchor.year
        tense = "" if prefix in ("this", "last", "next") else self._tense(start, end)
        if prefix == "last" or tense == "past":
            year -= month > a.month or (prefix == "last" and month == a.month)
        elif prefix == "next" or tense == "future":
            year += month < a.month or (prefix == "next" and month == a.month)
        elif tense == "unknown":  # the nearest: within six months either side, a tie goes before
            year += (a.month - month > 6) - (month - a.month >= 6)
        return self._mention(start, end, f"{year:04d}-{month:02d}", "month")

    def _weekday(self, m: re.Match[str]) -> DateMention:
        start, end = m.span()
        mod = (m["wd_mod"] or "").lower()
        if mod == "last" and re.search(r"\bthe\s+$", self.text[max(0, start - 8) : start], re.I):
            mod, start = "", m.start("wd")  # "the last Friday of Ramadan" is not "last Friday"
        if self.anchor is None or self.weak:
            return self._unknown(start, end)
        target, a = WEEKDAYS[m["wd"].lower()], self.anchor
        if mod in ("next", "coming") or (mod not in ("last", "past") and self._tense(start, end) == "future"):
            delta = (target - a.weekday()) % 7 or (7 if mod in ("next", "coming") else 0)
            return self._mention(start, end, (a + timedelta(days=delta)).isoformat(), "day")
        delta = (a.weekday() - target) % 7 or (7 if mod in ("last", "past") else 0)
        return self._mention(start, end, (a - timedelta(days=delta)).isoformat(), "day")

    def _phrase(self, start: int, end: int, phrase: str) -> DateMention | str:
        if phrase in self.vocab.vague:
            return self._unknown(start, end, "vague")
        unit, offset = self.vocab.relative[phrase]
        before = self.text[max(0, start - 6) : start]
        if phrase.split()[0] in ("last", "this", "next") and re.search(r"\b(?:the|past)\s+$", before, re.I):
            return "duration"  # "over the last week"
        return self._relative(start, end, unit, offset)

    def _relative(self, start: int, end: int, unit: str, offset: int) -> DateMention:
        if self.anchor is None or self.weak:
            return self._unknown(start, end)
        a = self.anchor
        if unit == "day":
            return self._mention(start, end, (a + timedelta(days=offset)).isoformat(), "day")
        if unit == "week":
            iso = (a + timedelta(weeks=offset)).isocalendar()
            return self._mention(start, end, f"{iso.year:04d}-W{iso.week:02d}", "week")
        if unit == "month":
            y, mo = divmod(a.year * 12 + a.month - 1 + offset, 12)
            return self._mention(start, end, f"{y:04d}-{mo + 1:02d}", "month")
        return self._mention(start, end, f"{a.year + offset:04d}", "year")

    def _number(self, word: str) -> int:
        return int(word) if word.isdigit() else self.vocab.numbers[word.lower()]

    def _tense(self, start: int, end: int) -> str:
        """``future``, ``past`` or ``unknown``: the verb governing ``text[start:end]``, found by the parser's tags and
        arcs (the pipeline's POS and lemmas are not relied on). Future: will/shall, an infinitive under "expected",
        "plans"…, a present progressive or "is scheduled". Past: a past-tense verb or participle."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return "unknown"
        tok: Token = span.root
        for _ in range(6):  # up to the governing verb
            if tok.tag_.startswith(("VB", "MD")) or tok.head.i == tok.i:
                break
            tok = tok.head
        if not tok.tag_.startswith(("VB", "MD")):
            return "unknown"
        future = self.vocab.future_verbs
        for _ in range(3):
            aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
            if aux & _FUTURE_AUX or tok.lower_ in _FUTURE_AUX:
                return "future"
            if aux & _PRESENT_AUX and (tok.tag_ == "VBG" or tok.lower_ in future):
                return "future"  # "is meeting on Friday", "is scheduled for Friday"
            if "to" not in aux or tok.head.i == tok.i:
                break
            tok = tok.head  # an infinitive: "is expected to meet", "plans to visit"
            if tok.lower_ in future:
                return "future"
        return "past" if tok.tag_ in ("VBD", "VBN") else "unknown"


# --- helpers ------------------------------------------------------------------------------------------------------


def _key(month: str) -> str:
    return month.lower().rstrip(".")


def _day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])  # type: ignore[index]


def _is_clock(text: str, start: int, end: int) -> bool:
    return bool(
        _CLOCK_BEFORE.search(text, max(0, start - 20), start)
        or _CLOCK_AFTER.match(text, end)
        or _CLOCK_FROM.search(text, max(0, start - 12), start)
        or _CLOCK_TO.match(text, end)
    )


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(yy: int, anchor: date | None) -> int:
    """A two-digit year: the century nearest the anchor's year, else 19yy from 50 up and 20yy below."""
    if anchor is None:
        return 1900 + yy if yy >= 50 else 2000 + yy
    return min((c + yy for c in (1900, 2000, 2100)), key=lambda y: abs(y - anchor.year))


@lru_cache(maxsize=8)
def _date_parser(anchor: date | None) -> Any:
    from dateparser.date import DateDataParser  # slow to import; only for what the rules above do not reach

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser(text: str, anchor: date | None) -> tuple[str | None, str]:
    """dateparser's reading of an entity the patterns missed: (ISO value, precision) or (None, "unknown")."""
    data = _date_parser(anchor).get_date_data(" ".join(text.split()))
    d, period = data.date_obj, data.period
    logger.debug("dateparser %r -> %s %s", text, d, period)
    if d is None or not 1800 <= d.year < 2100:
        return None, "unknown"
    if period == "year":
        return f"{d.year:04d}", "year"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if period == "week":
        iso = d.date().isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", "week"
    return d.date().isoformat(), "day"
