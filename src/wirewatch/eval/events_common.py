"""Record types and helpers shared by the event-extraction evaluation sets (see :mod:`wirewatch.eval.events`).

A set yields one :class:`SetReport`: its metrics (each a count of hits over a count of scored items, with the
issue's target where it sets one), optional per-type breakdowns and a confusion table, lines of notes, and one
:class:`Prediction` per scored item (the gold, what we predicted, which checks passed) for listing errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wirewatch.geo.distance import distance_km

if TYPE_CHECKING:
    from wirewatch.models import Annotations, EventMention, Participant
    from wirewatch.nlp.actors import ActorDictionary
    from wirewatch.nlp.annotate import Annotator

UNASSERTED = frozenset({"negated", "hypothetical", "future"})  # flags of events that did not (yet) happen
STATE_ROLES = ("military", "police", "government")


@dataclass(slots=True)
class Metric:
    """``hits`` of ``n`` scored items; ``target`` is the issue's goal for it, where it sets one."""

    name: str
    hits: int = 0
    n: int = 0
    target: float | None = None
    derived: float | None = None  # a value computed from other metrics (F1), not hits / n

    @property
    def value(self) -> float:
        if self.derived is not None:
            return self.derived
        return self.hits / self.n if self.n else 0.0


@dataclass(slots=True)
class Prediction:
    """One scored item: ``checks`` maps a metric to whether it passed (None: not scored for this item)."""

    item: str  # id of the note, sentence, document, event
    text: str  # the text (or the part of it) that was read
    gold: dict[str, Any]
    predicted: dict[str, Any]
    checks: dict[str, bool | None] = field(default_factory=dict)
    detail: str = ""  # why it failed, where a set says more than the checks

    @property
    def failed(self) -> list[str]:
        return [k for k, ok in self.checks.items() if ok is False]


@dataclass(slots=True)
class SetReport:
    """The scores of one evaluation set (one file of a set that has several: ``acled/acled_gaza_2023_2025.csv``)."""

    name: str
    n: int  # items read: notes, sentences, documents, gold events
    unit: str  # what an item is
    metrics: list[Metric] = field(default_factory=list)
    by_type: dict[str, dict[str, Metric]] = field(default_factory=dict)  # gold type -> metric name -> metric
    confusion: dict[str, Counter] = field(default_factory=dict)  # gold type -> predicted type -> count
    notes: list[str] = field(default_factory=list)
    predictions: list[Prediction] = field(default_factory=list)

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)

    def scores(self) -> dict[str, float]:
        return {m.name: round(m.value, 4) for m in self.metrics}

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": self.n,
            "unit": self.unit,
            "metrics": {m.name: {"value": round(m.value, 4), "hits": m.hits, "n": m.n, "target": m.target} for m in self.metrics},
            "by_type": {
                t: {k: round(m.value, 4) for k, m in row.items()} | {"n": _row_n(row)} for t, row in self.by_type.items()
            },
            "confusion": {t: dict(c) for t, c in self.confusion.items()},
            "notes": list(self.notes),
        }


def _row_n(row: dict[str, Metric]) -> int:
    return max((m.n for m in row.values()), default=0)


class Tally:
    """Metrics filled item by item, overall and per gold type, in the order they are first named."""

    def __init__(self, targets: dict[str, float] | None = None) -> None:
        self.targets = targets or {}
        self.overall: dict[str, Metric] = {}
        self.by_type: dict[str, dict[str, Metric]] = defaultdict(dict)
        self.confusion: dict[str, Counter] = defaultdict(Counter)

    def add(self, name: str, ok: bool | None, gold_type: str | None = None) -> bool | None:
        """Count one item for ``name`` (``ok`` None: not scored); returns ``ok``."""
        if ok is None:
            self.overall.setdefault(name, Metric(name, target=self.targets.get(name)))
            return None
        for metric in self._metrics(name, gold_type):
            metric.hits += bool(ok)
            metric.n += 1
        return ok

    def count(self, name: str, hits: int, n: int) -> None:
        """Add counts directly (metrics that are not one-item-one-check: precision over predicted events)."""
        metric = self.overall.setdefault(name, Metric(name, target=self.targets.get(name)))
        metric.hits += hits
        metric.n += n

    def confuse(self, gold_type: str, predicted: str | None) -> None:
        self.confusion[gold_type][predicted or "(none)"] += 1

    def _metrics(self, name: str, gold_type: str | None) -> Iterator[Metric]:
        yield self.overall.setdefault(name, Metric(name, target=self.targets.get(name)))
        if gold_type is not None:
            yield self.by_type[gold_type].setdefault(name, Metric(name))

    def report(self, name: str, n: int, unit: str, predictions: list[Prediction], notes: list[str]) -> SetReport:
        return SetReport(
            name,
            n,
            unit,
            [m for m in self.overall.values() if m.n],  # a metric no item was scored for is left out
            dict(sorted(self.by_type.items(), key=lambda kv: -_row_n(kv[1]))),
            dict(self.confusion),
            notes,
            predictions,
        )


def f1(precision: Metric, recall: Metric, name: str = "f1") -> Metric:
    """The harmonic mean of a precision and a recall metric."""
    p, r = precision.value, recall.value
    return Metric(name, derived=2 * p * r / (p + r) if p + r else 0.0)


# -- text and matching helpers --------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces, no leading 'the': the form names are compared in."""
    from wirewatch.nlp.actors import normalise

    return normalise(text)


def words(text: str) -> list[str]:
    return norm(text).split()


def contains_words(haystack: str, needle: str) -> bool:
    """Whether ``needle``'s words occur as a contiguous run of ``haystack``'s words (both normalised)."""
    h, n = words(haystack), words(needle)
    return bool(n) and any(h[i : i + len(n)] == n for i in range(len(h) - len(n) + 1))


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def within_km(lat: float | None, lon: float | None, lat2: float, lon2: float, km: float) -> bool:
    return lat is not None and lon is not None and distance_km(lat, lon, lat2, lon2) <= km


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country name as ACLED or MUC write it ("Palestine", "EL SALVADOR"), via pycountry."""
    import pycountry

    clean = " ".join(re.sub(r"[^\w\s'-]", " ", unicodedata.normalize("NFKC", name)).split())
    if not clean:
        return None
    clean = COUNTRY_SPELLINGS.get(clean.upper(), clean)
    try:
        return str(pycountry.countries.lookup(clean).alpha_2)
    except LookupError:
        pass
    try:
        return str(pycountry.countries.search_fuzzy(clean)[0].alpha_2)
    except LookupError:
        return None


COUNTRY_SPELLINGS = {"GUATAMALA": "Guatemala"}  # misspellings in the MUC-4 keys


def asserted(events: Iterable[EventMention]) -> list[EventMention]:
    """The events that are said to have happened: not negated, hypothetical or future."""
    return [e for e in events if not UNASSERTED.intersection(e.flags)]


def choose(events: Sequence[EventMention]) -> EventMention | None:
    """The one event of a text that stands for it: the most confident asserted event with an ACLED type, the first
    of equals. Never looks at the gold."""
    best: EventMention | None = None
    for event in asserted(events):
        if event.acled_event_type and (best is None or event.confidence > best.confidence):
            best = event
    return best


def names_actor(actors: ActorDictionary, participant: Participant, actor_id: str) -> bool:
    """Whether a participant names the dictionary actor ``actor_id``: the same id, a parent or child of it, or a
    generic agent of the same role whose country is the actor's ("police" with country IN for India's police)."""
    pid = participant.entity_id
    if not pid:
        return False
    if pid in actors and actor_id in actors and actors.related(pid, actor_id):
        return True
    if pid == actor_id:
        return True
    role = pid.removeprefix("generic.")
    if role in STATE_ROLES and actor_id.endswith("." + role):
        country = participant.country
        return country is None or actor_id == f"{country.lower()}.{role}"
    return False


def summary(event: EventMention | None, text: str = "") -> dict[str, Any]:
    """What we predicted, as a small printable record."""
    if event is None:
        return {}
    out: dict[str, Any] = {"type": event.type, "mode": event.mode}
    if event.acled_event_type:
        out["acled"] = f"{event.acled_event_type} / {event.acled_sub_event_type}"
    out["trigger"] = event.trigger
    out["actors"] = [p.text for p in event.actors]
    out["recipients"] = [p.text for p in event.recipients]
    if event.place is not None:
        p = event.place
        out["place"] = f"{p.text} -> {p.name}, {p.country} ({p.lat:.3f}, {p.lon:.3f})"
    if event.fatalities is not None:
        out["fatalities"] = f"{event.fatalities.qualifier} {event.fatalities.value}"
    if event.injured is not None:
        out["injured"] = f"{event.injured.qualifier} {event.injured.value}"
    if event.flags:
        out["flags"] = list(event.flags)
    out["confidence"] = round(event.confidence, 3)
    return out


def annotate(annotator: Annotator, texts: Sequence[tuple[str, str | None]], batch_size: int = 32) -> list[Annotations]:
    """Annotations of (text, published ISO date or None) pairs, run through the annotator in batches."""
    from wirewatch.nlp.annotate import Text

    return list(annotator.annotate((Text(text, published=date) for text, date in texts), batch_size=batch_size))


def short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
