"""Event-extraction evaluation: texts through the NLP stage, ``Annotations.events`` against gold, per set.

Sets (see docs/events-eval.md; each helper module's docstring says exactly how it scores):

- ``acled`` (:mod:`~wirewatch.eval.events_acled`): one event per ACLED note — event type, sub-event type,
  fatalities, country, location within 25/50 km, actor 1; a fixed seeded sample per file;
- ``petrarch`` (:mod:`~wirewatch.eval.events_petrarch`): PETRARCH unit-test sentences, CAMEO mapped to PLOVER —
  type agreement, false events, source/target;
- ``muc3`` (:mod:`~wirewatch.eval.events_muc`): MUC-4 incident templates — precision/recall, type, location,
  perpetrator, human-target counts;
- ``rams``, ``wikievents`` (:mod:`~wirewatch.eval.events_args`): attack triggers and argument F1 (head-word match);
- ``seeds`` (:mod:`~wirewatch.eval.events_seeds`): the events, counts and flags of ``seeds/expected.json``.

``evaluate`` returns an :class:`EventReport` (scores, per-type tables, and every scored item with its gold, our
prediction and its checks); ``format_report`` prints it with the issue's targets beside the scores;
``EventReport.errors`` / ``format_errors`` list the failed items of a set.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wirewatch.errors import UsageError
from wirewatch.eval import events_acled, events_args, events_muc, events_petrarch, events_seeds
from wirewatch.eval.events_common import Metric, Prediction, SetReport, annotate

if TYPE_CHECKING:
    from wirewatch.nlp.annotate import Annotator

log = logging.getLogger(__name__)

SETS = ("acled", "petrarch", "muc3", "rams", "wikievents", "seeds")
SEED = 0


@dataclass(slots=True)
class EventReport:
    """The scores of each set read, and its scored items (``SetReport.predictions``)."""

    sets: list[SetReport] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per set
    events_filled: bool = False  # whether the annotator produced any event at all

    def set(self, name: str) -> list[SetReport]:
        """The set reports named ``name``, or under it (``acled`` → both ACLED files)."""
        return [s for s in self.sets if s.name == name or s.name.startswith(name + "/")]

    def errors(self, name: str, k: int | None = 20, metric: str | None = None) -> list[tuple[str, Prediction]]:
        """The first ``k`` scored items of a set that failed a check (``metric``: that check), with their set's name."""
        out = []
        for report in self.set(name):
            for p in report.predictions:
                if (metric is None and p.failed) or (metric is not None and p.checks.get(metric) is False):
                    out.append((report.name, p))
        return out if k is None else out[:k]

    def error_patterns(self, name: str, metric: str, key: str, k: int = 10) -> list[tuple[Any, int]]:
        """The most common values of a gold field (``key``, e.g. ``event_type``) among items failing ``metric``."""
        return Counter(str(p.gold.get(key)) for _, p in self.errors(name, None, metric)).most_common(k)

    def as_dict(self) -> dict[str, Any]:
        return {"sets": [s.as_dict() for s in self.sets], "seconds": self.seconds, "events_filled": self.events_filled}


def evaluate(
    data_dir: Path,
    limit: int | None = None,
    sets: Sequence[str] | None = None,
    *,
    seeds_dir: Path | None = None,
    seed: int = SEED,
    annotator: Annotator | None = None,
) -> EventReport:
    """Run the named sets (default: all of :data:`SETS`) over the development data in ``data_dir``.

    ``limit`` caps the items read per set (per file for ACLED, where the default is a seeded sample of
    :data:`~wirewatch.eval.events_acled.DEFAULT_SAMPLE` notes; sentences, documents or texts elsewhere, the first
    ones). ``seeds_dir`` holds the seed documents and ``expected.json`` (default: ``data_dir``'s sibling
    ``seeds``). ``seed`` draws the ACLED sample.
    """
    from wirewatch.nlp.annotate import Annotator

    chosen = list(sets or SETS)
    unknown = [s for s in chosen if s not in SETS]
    if unknown:
        raise UsageError(f"unknown event evaluation set(s) {', '.join(unknown)}: choose from {', '.join(SETS)}")
    data_dir = Path(data_dir)
    annotator = annotator or Annotator.load()
    report = EventReport()
    for name in chosen:
        started = time.perf_counter()
        log.info("event evaluation: %s", name)
        report.sets += _RUNNERS[name](annotator, data_dir, limit, seed, seeds_dir)
        report.seconds[name] = round(time.perf_counter() - started, 1)
    report.events_filled = any(p.predicted for s in report.sets for p in s.predictions)
    return report


def _acled(annotator: Annotator, data_dir: Path, limit: int | None, seed: int, _: Path | None) -> list[SetReport]:
    from wirewatch.nlp.actors import load_actors

    actors = load_actors()
    out = []
    for name in events_acled.FILES:
        notes, total, skipped = events_acled.load_sampled(data_dir / "acled", name, limit, seed)
        found = annotate(annotator, [(n.text, n.date) for n in notes])
        out.append(events_acled.score_file(name, notes, found, actors, total, seed, skipped))
    return out


def _petrarch(annotator: Annotator, data_dir: Path, limit: int | None, _seed: int, _: Path | None) -> list[SetReport]:
    table = events_petrarch.load_cameo_plover(data_dir / events_petrarch.TABLE)
    sentences = events_petrarch.load_sentences(data_dir / events_petrarch.SENTENCES, table)[:limit]
    names = events_petrarch.load_actor_names(data_dir / events_petrarch.ACTORS)
    found = annotate(annotator, [(s.text, s.date) for s in sentences])
    return [events_petrarch.score(sentences, found, names)]


def _muc3(annotator: Annotator, data_dir: Path, limit: int | None, _seed: int, _: Path | None) -> list[SetReport]:
    from wirewatch.nlp.actors import load_actors

    docs = events_muc.load_docs(data_dir / events_muc.DOCS)[:limit]
    templates = events_muc.load_templates(data_dir / events_muc.KEYS)
    found = annotate(annotator, [(d["text"], d.get("date")) for d in docs], batch_size=16)
    return [events_muc.score(docs, templates, found, load_actors())]


def _arguments(name: str, loader: Any, relative: str) -> Any:
    def run(annotator: Annotator, data_dir: Path, limit: int | None, _seed: int, _: Path | None) -> list[SetReport]:
        docs = loader(data_dir / relative)[:limit]
        found = annotate(annotator, [(d.text, None) for d in docs], batch_size=16)
        parses = list(annotator.nlp.pipe((d.text for d in docs), batch_size=16))
        return [events_args.score(name, docs, found, parses)]

    return run


def _seeds(annotator: Annotator, data_dir: Path, _limit: int | None, _seed: int, seeds_dir: Path | None) -> list[SetReport]:
    from wirewatch.nlp.annotate import Text

    folder = Path(seeds_dir) if seeds_dir else data_dir.resolve().parent / "seeds"
    expected = events_seeds.load_expected(folder)
    articles = events_seeds.read_seed_articles(folder, expected)
    keys = list(articles)
    texts = [Text.of_article(articles[k]) for k in keys]
    found = list(annotator.annotate(texts))
    seed_articles = {k: events_seeds.SeedArticle(k, t.text, a) for k, t, a in zip(keys, texts, found, strict=True)}
    return [events_seeds.score(seed_articles, expected)]


_RUNNERS = {
    "acled": _acled,
    "petrarch": _petrarch,
    "muc3": _muc3,
    "rams": _arguments("rams", events_args.load_rams, events_args.RAMS),
    "wikievents": _arguments("wikievents", events_args.load_wikievents, events_args.WIKIEVENTS),
    "seeds": _seeds,
}


# -- printing --------------------------------------------------------------------------------------------------------


def format_report(report: EventReport) -> str:
    """The report as text: per set, n, each score (hits/n) with the issue's target beside it, notes, per-type table
    and confusion table; for the seeds, each expected event with pass/fail and why."""
    lines: list[str] = []
    if not report.events_filled:
        lines.append("note: the annotator produced no events at all (is the event extractor wired into the NLP stage?)")
    for s in report.sets:
        lines += ["", f"== {s.name}: n = {s.n} {s.unit}" + _seconds(report, s.name), *[f"   {n}" for n in s.notes]]
        lines += [_metric_line(m) for m in s.metrics]
        if s.name == "seeds":
            lines += _seed_lines(s)
        else:
            lines += _type_table(s) + _confusion_table(s)
    return "\n".join(lines).lstrip("\n") + "\n"


def _seconds(report: EventReport, name: str) -> str:
    seconds = report.seconds.get(name.split("/")[0])
    return f"  ({seconds:.0f} s for the set)" if seconds is not None else ""


def _metric_line(m: Metric) -> str:
    counts = f"{m.hits}/{m.n}" if m.derived is None else "(from P and R)"
    target = f"target ≥ {m.target:.2f}{'  ✓' if m.value >= m.target else ''}" if m.target is not None else ""
    return f"  {m.name:<28} {m.value:7.4f}  {counts:>15}  {target}".rstrip()


SHORT_NAMES = {
    "predicted": "coded",
    "event_type": "type",
    "sub_event_type": "subtype",
    "fatalities_exact": "fatal",
    "fatalities_exact_nonzero": "fatal>0",
    "location_25km": "loc25km",
    "location_50km": "loc50km",
    "actor1_any_role": "actor1any",
    "trigger_recall": "trigger",
    "type_recall": "recall",
    "type_mode": "mode",
    "perpetrator": "perp",
    "events_found": "found",
}
TYPE_COLUMNS = 8
NOT_IN_TYPE_TABLE = {"fatalities_exact_nonzero", "location_50km", "actor1_any_role"}


def _type_table(s: SetReport) -> list[str]:
    if not s.by_type:
        return []
    shown = [m.name for m in s.metrics if m.name not in NOT_IN_TYPE_TABLE]
    names = [n for n in shown if any(n in row for row in s.by_type.values())][:TYPE_COLUMNS]
    header = f"  {'by gold type':<36} {'n':>5} " + " ".join(f"{SHORT_NAMES.get(n, n)[:9]:>9}" for n in names)
    out = ["", header]
    for kind, row in s.by_type.items():
        n = max(m.n for m in row.values())
        cells = " ".join(f"{row[name].value:9.3f}" if name in row and row[name].n else f"{'-':>9}" for name in names)
        out.append(f"  {kind[:36]:<36} {n:>5} {cells}")
    return out


def _confusion_table(s: SetReport, k: int = 4) -> list[str]:
    if not s.confusion:
        return []
    out = ["", "  confusion (gold -> predicted, most frequent first)"]
    for gold, row in sorted(s.confusion.items(), key=lambda kv: -sum(kv[1].values())):
        cells = ", ".join(f"{pred} {count}" for pred, count in row.most_common(k))
        more = f", … {len(row) - k} more" if len(row) > k else ""
        out.append(f"  {gold[:36]:<36} -> {cells}{more}")
    return out


def _seed_lines(s: SetReport) -> list[str]:
    out = [""]
    for p in s.predictions:
        ok = all(v is not False for v in p.checks.values())
        wanted = ", ".join(f"{k}={v}" for k, v in p.gold.items()) if p.item.startswith("event") else ""
        out.append(f"  [{'PASS' if ok else 'FAIL'}] {p.item}" + (f": {wanted}" if wanted else ""))
        if p.detail:
            out.append(f"         {p.detail}")
    return out


def format_errors(report: EventReport, name: str, k: int = 20, metric: str | None = None) -> str:
    """The first ``k`` failed items of a set: id, failed checks, gold, our prediction, the text read."""
    lines = []
    for set_name, p in report.errors(name, k, metric):
        lines += [f"-- {set_name} {p.item}: failed {', '.join(p.failed) or '-'}"]
        if p.detail:
            lines.append(f"   why:       {p.detail}")
        lines.append(f"   gold:      {p.gold}")
        lines.append(f"   predicted: {p.predicted or '(no event)'}")
        if p.text:
            lines.append(f"   text:      {p.text}")
    return "\n".join(lines) + ("\n" if lines else "")
