"""PETRARCH's unit-test sentences: expected CAMEO events, mapped to PLOVER, against the events we extract.

The sentences (``PETR.UnitTest.records.xml``) test coder logic with invented actors (Arnor, Gondor, Osgiliath…);
each carries zero or more expected events (source code, target code, CAMEO event code) or ``noevents``.

- **CAMEO → PLOVER** with the PLOVER project's table ``dictionaries/CAMEO2PLOVER-2021.txt``, read at evaluation
  time (:func:`load_cameo_plover`): the code itself, else its longest listed prefix of 3 or more digits ("1717" →
  "171"; "174K" → "174"), else its two-digit root where the table gives the root one type ("095" → "09" ACCUSE;
  root "08" is both CONCEDE and RETREAT, so it gives none). Codes the table does not reach (CAMEO 01x statements and
  02x appeals, and the test file's own 2xx/3xx/8xx/9xx codes) are not scored; the report counts them.
- **Type**: ``type_agreement`` — per sentence with at least one mapped expected event, whether our most confident
  asserted event (not negated, hypothetical or future) has one of the expected PLOVER types; ``type_recall`` — per
  mapped expected event, whether some asserted event of ours in the sentence has its type; ``type_precision`` —
  per asserted event of ours on sentences whose expected events all map, whether its type is expected.
- **False events**: on the ``noevents`` sentences, the share with any asserted event of ours.
- **Source / target**: per mapped expected event whose code names an actor of ``PETR.Validate.actors.txt``: whether
  an asserted event of ours of the expected type has an actor (source) / recipient (target) whose span text
  contains one of the dictionary's names for that code. A code's names are those of every entry whose code is the
  code or a prefix of it of 3+ letters ("ARNGOV" → Arnor's names). PETRARCH's name conventions are kept: "_" is a
  space, a name ending in "_" matches a whole word, other names match at a word's start ("ARGENTIN" → Argentina).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wirewatch.eval.events_common import Prediction, SetReport, Tally, asserted, summary

if TYPE_CHECKING:
    from wirewatch.models import Annotations, EventMention

TABLE = "dictionaries/CAMEO2PLOVER-2021.txt"
SENTENCES = "events/PETR.UnitTest.records.xml"
ACTORS = "events/PETR.Validate.actors.txt"
_LINE = re.compile(r"^(\d{2,4}[A-Z]?)\s*:\s*([A-Z]+)\s*(?:,([^,#]*))?")
_CODE = re.compile(r"\[\s*([^\]\s<>]+)")


@dataclass(slots=True)
class ExpectedEvent:
    source: str
    target: str
    code: str
    plover: str | None = None  # PLOVER type, None where the table does not reach the code
    mode: str | None = None


@dataclass(slots=True)
class PetrSentence:
    id: str
    date: str | None
    text: str
    events: list[ExpectedEvent] = field(default_factory=list)

    @property
    def no_events(self) -> bool:
        return not self.events


def load_cameo_plover(path: str | Path) -> dict[str, tuple[str, str | None]]:
    """The CAMEO → (PLOVER type, mode) table. A two-digit root listed with two types (08) is left out."""
    table: dict[str, tuple[str, str | None]] = {}
    ambiguous: set[str] = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if not match:
            continue
        code, plover, mode = match.group(1), match.group(2), (match.group(3) or "").strip() or None
        if len(code) == 2 and code in table and table[code][0] != plover:
            ambiguous.add(code)
        table.setdefault(code, (plover, mode))
    for code in ambiguous:
        del table[code]
    return table


def cameo_to_plover(code: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The PLOVER (type, mode) of a CAMEO code: exact, else the longest listed prefix of 3+, else the root."""
    code = code.strip().strip('"')
    for n in range(len(code), 2, -1):
        if code[:n] in table:
            return table[code[:n]]
    return table.get(code[:2]) if len(code) >= 3 and code[:2].isdigit() else None


def load_sentences(path: str | Path, table: dict[str, tuple[str, str | None]]) -> list[PetrSentence]:
    sentences: list[PetrSentence] = []
    for node in ET.parse(path).getroot().iter("Sentence"):
        date = node.get("date", "")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else None
        sentence = PetrSentence(node.get("id", str(len(sentences))), iso, " ".join((node.findtext("Text") or "").split()))
        for coding in node.iter("EventCoding"):
            if coding.get("eventcode") is None:
                continue
            code = coding.get("eventcode", "")
            mapped = cameo_to_plover(code, table)
            sentence.events.append(
                ExpectedEvent(
                    coding.get("sourcecode", "").strip('"'),
                    coding.get("targetcode", "").strip('"'),
                    code,
                    mapped[0] if mapped else None,
                    mapped[1] if mapped else None,
                )
            )
        sentences.append(sentence)
    return sentences


def load_actor_names(path: str | Path) -> dict[str, list[str]]:
    """PETRARCH actor dictionary: code -> names (with their trailing '_' kept: it marks a whole-word name)."""
    text = re.sub(r"<!.*?-->", " ", Path(path).read_text(encoding="utf-8"), flags=re.S)
    names: dict[str, list[str]] = defaultdict(list)
    current: list[str] = []  # the names of the entry being read
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = _CODE.findall(line)
        head = line.split("[", 1)[0].strip()
        if head.startswith("+"):
            current.append(head[1:].strip())
        elif head and not raw[:1].isspace():
            current = [head]
        for code in codes:
            for part in code.split("/"):
                if re.fullmatch(r"[A-Za-z]{3,}", part):
                    names[part.upper()].extend(n for n in current if n not in names[part.upper()])
    return dict(names)


def names_for(code: str, names: dict[str, list[str]]) -> list[str]:
    """The names of a (possibly composite) actor code: entries with that code or a 3+ letter prefix of it."""
    code = code.upper()
    return [n for c in sorted(names) if len(c) >= 3 and code.startswith(c) for n in names[c]]


def span_names(span: str, names: list[str]) -> bool:
    """Whether a span's text contains one of the PETRARCH names (case-insensitive)."""
    for name in names:
        whole = name.endswith("_")
        parts = [re.escape(w) for w in name.strip("_").replace("_", " ").split()]
        if not parts:
            continue
        pattern = r"\b" + r"\s+".join(parts) + (r"\b" if whole else "")
        if re.search(pattern, span, flags=re.I):
            return True
    return False


def score(sentences: list[PetrSentence], found: list[Annotations], actor_names: dict[str, list[str]]) -> SetReport:
    tally = Tally()
    predictions = []
    unmapped = 0
    for sentence, found_in in zip(sentences, found, strict=True):
        events = asserted(found_in.events)
        unmapped += sum(e.plover is None for e in sentence.events)
        checks = _score_sentence(sentence, events, actor_names, tally)
        gold = {"events": [f"{e.source} {e.code}->{e.plover or '?'} {e.target}" for e in sentence.events] or ["(none)"]}
        predicted = {"events": [summary(e) for e in events]}
        predictions.append(Prediction(sentence.id, sentence.text, gold, predicted, checks))
    with_events = [s for s in sentences if not s.no_events]
    notes = [
        f"{len(with_events)} sentences with expected events ({sum(len(s.events) for s in with_events)} events, "
        f"{unmapped} with CAMEO codes the PLOVER table does not reach: not scored); "
        f"{len(sentences) - len(with_events)} sentences expected to have none",
        "asserted events only (not negated, hypothetical or future); types from CAMEO2PLOVER-2021.txt",
    ]
    return tally.report("petrarch", len(sentences), "sentences", predictions, notes)


def _score_sentence(
    sentence: PetrSentence, events: list[EventMention], actor_names: dict[str, list[str]], tally: Tally
) -> dict[str, bool | None]:
    checks: dict[str, bool | None] = {}
    if sentence.no_events:
        checks["false_event_sentences"] = tally.add("false_event_sentences", bool(events))
        return checks
    mapped = [e for e in sentence.events if e.plover]
    expected_types = {e.plover for e in mapped}
    top = max(events, key=lambda e: e.confidence, default=None)
    for want in mapped:
        tally.confuse(want.plover or "?", top.type if top else None)
    if mapped:
        checks["type_agreement"] = tally.add("type_agreement", top is not None and top.type in expected_types)
    for want in mapped:
        same = [e for e in events if e.type == want.plover]
        ok = tally.add("type_recall", bool(same), want.plover)
        checks["type_recall"] = bool(checks.get("type_recall", True)) and bool(ok)
        for role, code, side in (("source", want.source, "actors"), ("target", want.target, "recipients")):
            names = names_for(code, actor_names)
            if names:
                hit = any(span_names(p.text, names) for e in same for p in getattr(e, side))
                tally.add(role, hit, want.plover)
                checks[role] = bool(checks.get(role, True)) and hit
    if len(mapped) == len(sentence.events):
        right = sum(e.type in expected_types for e in events)
        tally.count("type_precision", right, len(events))
        if events:
            checks["type_precision"] = right == len(events)
    return checks
