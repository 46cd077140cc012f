"""RAMS and WikiEvents: attack triggers and their arguments, against our ASSAULT events.

Gold: RAMS events of type ``conflict.attack.*`` (one per five-sentence window; only those windows are read) and
WikiEvents events of type ``Conflict.Attack.*`` (all 20 articles are read). Texts are rebuilt from the tokens with
character offsets kept: RAMS tokens are joined by spaces except before closing punctuation and clitics ("'s",
"n't") and after opening brackets; WikiEvents' ``text`` runs sentences together ("SyriaThe"), so a blank line is put
between sentences that touch.

- **Trigger recall**: a gold event is detected when an ASSAULT event of ours has a trigger overlapping the gold
  trigger. ``aligned``: detected, or an ASSAULT event of ours lies in the sentence holding the gold trigger (our
  trigger word differs); the aligned event is the one whose arguments are scored (trigger overlap first).
- **Arguments** by role: attacker ↔ our actors, target (and victim) ↔ our recipients, place ↔ our place span
  (instrument, explosive device and artifact are not scored). **Head-word match**: a predicted span matches a gold
  argument when it contains the gold span's head token, or the gold span contains the predicted span's head token;
  a span's head is the root of the spaCy parse of its characters (``doc.char_span(..., alignment_mode="expand")``,
  the pipeline the annotator uses). Recall: gold arguments matched by a span of their role in the aligned event (no
  aligned event: missed); precision: spans of ours in aligned events that match a gold argument of their role; F1.
- **WikiEvents ASSAULT precision**: our ASSAULT events whose trigger overlaps a gold Conflict.Attack, Life.Die or
  Life.Injure trigger ("IED kills general" is Life.Die there), over all our ASSAULT events.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wirewatch.eval.events_common import Metric, Prediction, SetReport, Tally, f1, overlaps, short, summary

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from wirewatch.models import Annotations, EventMention

RAMS = "events/rams/dev.jsonlines"
WIKIEVENTS = "events/wikievents/dev.jsonl"
ROLES = {"attacker": "actors", "target": "recipients", "victim": "recipients", "place": "place"}
KINDS = ("actors", "recipients", "place")
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "”", "''", "n't", "n’t", "-"}
_NO_SPACE_BEFORE |= {q + c for q in "'’" for c in ("s", "re", "ll", "ve", "d", "m", "")}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“", "-"}  # "al - Din" -> "al-Din"
_ASSAULT_LIKE = ("conflict.attack", "life.die", "life.injure")


@dataclass(slots=True)
class GoldArg:
    role: str  # attacker, target, place, ...
    start: int
    end: int
    text: str


@dataclass(slots=True)
class GoldEvent:
    id: str
    type: str
    start: int  # trigger
    end: int
    trigger: str
    args: list[GoldArg] = field(default_factory=list)


@dataclass(slots=True)
class ArgDoc:
    id: str
    text: str
    events: list[GoldEvent]  # the attack events scored
    others: list[tuple[str, int, int]] = field(default_factory=list)  # (type, start, end) of every gold trigger


def join_tokens(sentences: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens detokenised into one text, with each token's (start, end) in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    previous = None
    for sentence in sentences:
        for token in sentence:
            if previous is not None and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            spans.append((pos, pos + len(token)))
            parts.append(token)
            pos += len(token)
            previous = token
    return "".join(parts), spans


def _role(label: str) -> str:
    """RAMS 'evt011arg02target' -> 'target'; WikiEvents 'Attacker' -> 'attacker'."""
    match = re.match(r"evt\d+arg\d+(\w+)$", label)
    return (match.group(1) if match else label).lower()


def load_rams(path: str | Path) -> list[ArgDoc]:
    """RAMS windows whose event is conflict.attack.*."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            triggers = [(s, e, t[0][0]) for s, e, t in record["evt_triggers"]]
            if not any(t.startswith("conflict.attack") for _, _, t in triggers):
                continue
            text, spans = join_tokens(record["sentences"])
            events = []
            for n, (s, e, kind) in enumerate(triggers):
                if not kind.startswith("conflict.attack"):
                    continue
                event = GoldEvent(f"{record['doc_key']}#{n}", kind, spans[s][0], spans[e][1], text[spans[s][0] : spans[e][1]])
                for (ts, _), (a_s, a_e), label in record["gold_evt_links"]:
                    if ts == s:
                        event.args.append(
                            GoldArg(_role(label), spans[a_s][0], spans[a_e][1], text[spans[a_s][0] : spans[a_e][1]])
                        )
                events.append(event)
            others = [(k, spans[s][0], spans[e][1]) for s, e, k in triggers]
            docs.append(ArgDoc(record["doc_key"], text, events, others))
    return docs


def wikievents_text(record: dict) -> tuple[str, list[tuple[int, int]]]:
    """The article rebuilt from its tokens (spacing within a sentence as the token offsets give it, a blank line
    between sentences: the ``text`` field runs them together), and each token's (start, end) in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for tokens, _ in record["sentences"]:
        previous_end = None
        for token, start, end in tokens:
            gap = "\n\n" if previous_end is None and parts else " " * max(0, start - (previous_end or start))
            parts += [gap, token]
            pos += len(gap)
            spans.append((pos, pos + len(token)))
            pos += len(token)
            previous_end = end
    return "".join(parts), spans


def load_wikievents(path: str | Path) -> list[ArgDoc]:
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text, spans = wikievents_text(record)
            entities = {m["id"]: m for m in record["entity_mentions"]}
            events, others = [], []
            for mention in record["event_mentions"]:
                trig = mention["trigger"]
                start, end = spans[trig["start"]][0], spans[trig["end"] - 1][1]
                others.append((mention["event_type"], start, end))
                if not mention["event_type"].startswith("Conflict.Attack"):
                    continue
                event = GoldEvent(mention["id"], mention["event_type"], start, end, text[start:end])
                for arg in mention["arguments"]:
                    ent = entities.get(arg["entity_id"])
                    if ent is not None:
                        s, e = spans[ent["start"]][0], spans[ent["end"] - 1][1]
                        event.args.append(GoldArg(arg["role"].lower(), s, e, text[s:e]))
                events.append(event)
            docs.append(ArgDoc(record["doc_id"], text, events, others))
    return docs


def head(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the head token of the characters [start, end) in a spaCy doc."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return start, end
    root = span.root
    return root.idx, root.idx + len(root)


def head_match(doc: Doc, predicted: tuple[int, int], gold: tuple[int, int]) -> bool:
    """A predicted span contains the gold head token, or the gold span contains the predicted head token."""
    gs, ge = head(doc, *gold)
    ps, pe = head(doc, *predicted)
    return (predicted[0] <= gs and ge <= predicted[1]) or (gold[0] <= ps and pe <= gold[1])


def _spans(event: EventMention, kind: str) -> list[tuple[int, int]]:
    if kind == "place":
        return [(event.place.start, event.place.end)] if event.place else []
    return [(p.start, p.end) for p in getattr(event, kind)]


def align(gold: GoldEvent, events: list[EventMention]) -> tuple[EventMention | None, bool]:
    """(our aligned ASSAULT event, whether its trigger overlaps the gold trigger)."""
    assaults = [e for e in events if e.type == "ASSAULT"]
    for e in assaults:
        if overlaps(e.trigger_start, e.trigger_end, gold.start, gold.end):
            return e, True
    for e in assaults:
        if e.sentence_start <= gold.start < e.sentence_end:
            return e, False
    return None, False


def score(name: str, docs: list[ArgDoc], found: list[Annotations], parses: list[Doc]) -> SetReport:
    tally = Tally()
    counts: dict[str, list[int]] = {k: [0, 0, 0, 0] for k in KINDS}  # gold hits, gold, predicted right, predicted
    predictions = []
    for doc, found_in, parse in zip(docs, found, parses, strict=True):
        for gold in doc.events:
            predictions.append(_score_event(doc, gold, found_in.events, parse, tally, counts))
        if name == "wikievents":
            assaults = [e for e in found_in.events if e.type == "ASSAULT"]
            right = sum(
                any(
                    t.lower().startswith(_ASSAULT_LIKE) and overlaps(e.trigger_start, e.trigger_end, s, x)
                    for t, s, x in doc.others
                )
                for e in assaults
            )
            tally.count("assault_trigger_precision", right, len(assaults))
    report = tally.report(name, sum(len(d.events) for d in docs), "attack events", predictions, [])
    report.metrics.extend(_arg_metrics(counts))
    report.notes = [
        f"{len(docs)} texts read; {report.n} gold attack events with "
        f"{sum(len(g.args) for d in docs for g in d.events)} arguments "
        f"({sum(a.role in ROLES for d in docs for g in d.events for a in g.args)} of the scored roles)",
        "head-word match; arguments scored on the aligned event (trigger overlap, else same sentence)",
    ]
    return report


def _score_event(
    doc: ArgDoc, gold: GoldEvent, events: list[EventMention], parse: Doc, tally: Tally, counts: dict[str, list[int]]
) -> Prediction:
    event, by_trigger = align(gold, events)
    checks: dict[str, bool | None] = {
        "trigger_recall": tally.add("trigger_recall", by_trigger, gold.type),
        "aligned": tally.add("aligned", event is not None, gold.type),
    }
    gold_args: dict[str, list[GoldArg]] = {k: [] for k in KINDS}
    for arg in gold.args:
        if arg.role in ROLES:
            gold_args[ROLES[arg.role]].append(arg)
    for kind in KINDS:
        ours = _spans(event, kind) if event else []
        hits = [any(head_match(parse, p, (a.start, a.end)) for p in ours) for a in gold_args[kind]]
        right = sum(any(head_match(parse, p, (a.start, a.end)) for a in gold_args[kind]) for p in ours)
        counts[kind][0] += sum(hits)
        counts[kind][1] += len(hits)
        counts[kind][2] += right
        counts[kind][3] += len(ours)
        if hits:
            checks[kind] = all(hits)
    tally.confuse(gold.type, event.type if event else None)
    window = doc.text[max(0, gold.start - 200) : gold.end + 200]
    gold_view: dict[str, Any] = {"type": gold.type, "trigger": gold.trigger}
    gold_view |= {a.role: a.text for a in gold.args}
    return Prediction(gold.id, short(window, 400), gold_view, summary(event), checks)


def _arg_metrics(counts: dict[str, list[int]]) -> list[Metric]:
    out = []
    total = [sum(c[i] for c in counts.values()) for i in range(4)]
    for kind, (g_hit, g_n, p_hit, p_n) in [*counts.items(), ("arguments", tuple(total))]:
        recall = Metric(f"{kind}_recall", g_hit, g_n)
        precision = Metric(f"{kind}_precision", p_hit, p_n)
        out += [precision, recall, f1(precision, recall, f"{kind}_f1")]
    return out
