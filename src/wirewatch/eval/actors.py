"""Actor dictionary coverage on ACLED data, and the cost of the actor ruler.

ACLED's terms forbid redistributing its data: it is only read here, from the development data folder, to measure.

- **By event**: the share of events whose actor1 (actor2) maps to a dictionary entry through
  ``ActorDictionary.acled_actor_id``; associated actors (``assoc_actor_1/2``, older files ``ALLY_ACTOR_1/2``,
  several per event separated by ";") count once per listed name. ``*_specific`` counts only named entries, not
  generic agents ("Protesters (India)" → ``generic.protesters``).
- **By name**: the same over distinct actor names.
- **Mentions** (approximate): for events whose actor1 maps, whether the actor ruler finds, in the event's ``notes``
  (the analyst's summary of the source report, not the report itself), an entity with the same id, a parent or
  child of it (e.g. "Golani Brigade" for Israel's military), or the generic agent of the same role ("police" for
  India's police). Events are sampled evenly across the file. A miss can be a name the dictionary lacks, a pronoun,
  or a note that never names the actor: South Asian protest notes mostly say that people "protested" or "staged a
  sit-in", which no noun phrase matches.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wirewatch.eval import rounded
from wirewatch.nlp.actors import ACRONYM_NAME, RULER_NAME, ActorDictionary, load_actors

COLUMNS = {  # role -> column names, current schema first, then the older (2015) one
    "actor1": ("actor1", "ACTOR1"),
    "actor2": ("actor2", "ACTOR2"),
    "assoc": ("assoc_actor_1", "assoc_actor_2", "ALLY_ACTOR_1", "ALLY_ACTOR_2"),
    "notes": ("notes", "NOTES"),
}


@dataclass(slots=True)
class ActorCoverage:
    file: str
    events: int
    actor1_by_event: float
    actor1_specific_by_event: float
    actor1_by_name: float
    actor1_names: int
    actor2_events: int
    actor2_by_event: float
    actor2_specific_by_event: float
    actor2_by_name: float
    actor2_names: int
    assoc_mentions: int
    assoc_by_event: float
    assoc_by_name: float
    assoc_names: int
    mention_events: int
    mention_found: float
    mention_found_specific: float

    def as_dict(self) -> dict:
        return rounded(self)


@dataclass(slots=True)
class _Tally:
    """Occurrences and distinct names of one role, mapped or not."""

    occurrences: Counter
    mapped: dict[str, str | None]

    def by_event(self, specific: bool = False, actors: ActorDictionary | None = None) -> float:
        total = sum(self.occurrences.values())
        hits = sum(n for name, n in self.occurrences.items() if self._hit(name, specific, actors))
        return hits / total if total else 0.0

    def by_name(self) -> float:
        return sum(1 for name in self.occurrences if self.mapped[name]) / len(self.occurrences) if self.occurrences else 0.0

    def _hit(self, name: str, specific: bool, actors: ActorDictionary | None) -> bool:
        actor_id = self.mapped[name]
        if not actor_id:
            return False
        return not (specific and actors is not None and actors[actor_id].generic)


def read_events(path: str | Path) -> Iterator[dict[str, str]]:
    """ACLED rows as dicts with the keys actor1, actor2, assoc (";"-joined) and notes, whichever schema."""
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out = {}
            for role, names in COLUMNS.items():
                values = [row[c].strip() for c in names if row.get(c) and row[c].strip()]
                out[role] = ";".join(values)
            yield out


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _tally(names: Iterable[str], actors: ActorDictionary) -> _Tally:
    occurrences = Counter(names)
    return _Tally(occurrences, {name: actors.acled_actor_id(name) for name in occurrences})


def coverage_file(path: str | Path, *, mentions: int | None = 2000, actors: ActorDictionary | None = None) -> ActorCoverage:
    """Coverage of one ACLED file; the mention check runs on the first ``mentions`` mapped events (None: all, 0: none)."""
    actors = actors or load_actors()
    events = list(read_events(path))
    first = _tally((e["actor1"] for e in events if e["actor1"]), actors)
    second = _tally((e["actor2"] for e in events if e["actor2"]), actors)
    assoc = _tally((n for e in events for n in _split(e["assoc"])), actors)
    checked, found, found_specific, specific = _mentions(events, first, actors, mentions)
    return ActorCoverage(
        file=Path(path).name,
        events=len(events),
        actor1_by_event=first.by_event(),
        actor1_specific_by_event=first.by_event(True, actors),
        actor1_by_name=first.by_name(),
        actor1_names=len(first.occurrences),
        actor2_events=sum(second.occurrences.values()),
        actor2_by_event=second.by_event(),
        actor2_specific_by_event=second.by_event(True, actors),
        actor2_by_name=second.by_name(),
        actor2_names=len(second.occurrences),
        assoc_mentions=sum(assoc.occurrences.values()),
        assoc_by_event=assoc.by_event(),
        assoc_by_name=assoc.by_name(),
        assoc_names=len(assoc.occurrences),
        mention_events=checked,
        mention_found=found / checked if checked else 0.0,
        mention_found_specific=found_specific / specific if specific else 0.0,
    )


def coverage(acled_dir: str | Path, *, mentions: int | None = 2000) -> list[ActorCoverage]:
    """Coverage of every ACLED event file in a folder (``acled_*.csv`` but the codebook and category tables)."""
    files = sorted(p for p in Path(acled_dir).glob("acled_*.csv") if _is_events(p))
    return [coverage_file(p, mentions=mentions) for p in files]


def unmapped(path: str | Path, role: str = "actor1", n: int = 30) -> list[tuple[str, int]]:
    """The most frequent ACLED actor names of a role that the dictionary does not map (for curation)."""
    actors = load_actors()
    names = Counter(x for e in read_events(path) for x in _split(e[role]))
    return [(name, k) for name, k in names.most_common() if actors.acled_actor_id(name) is None][:n]


def _is_events(path: Path) -> bool:
    with open(path, encoding="utf-8") as f:
        header = f.readline().lower()
    return "actor1" in header


def _mentions(events: list[dict], first: _Tally, actors: ActorDictionary, limit: int | None) -> tuple[int, int, int, int]:
    if limit == 0:
        return 0, 0, 0, 0
    chosen = [(e["notes"], first.mapped[e["actor1"]]) for e in events if e["notes"] and first.mapped.get(e["actor1"])]
    if limit and len(chosen) > limit:  # an even sample across the file (files are sorted by country and date)
        chosen = [chosen[n * len(chosen) // limit] for n in range(limit)]
    checked = found = found_specific = specific = 0
    for doc, (_, actor_id) in zip(ruler_docs(n for n, _ in chosen), chosen, strict=True):
        assert actor_id is not None
        hit = any(e.ent_id_ and _names(actors, e.ent_id_, actor_id) for e in doc.ents)
        checked += 1
        found += hit
        if not actors[actor_id].generic:
            specific += 1
            found_specific += hit
    return checked, found, found_specific, specific


def _names(actors: ActorDictionary, ent_id: str, actor_id: str) -> bool:
    """Whether an entity found in text names the actor: the same id, a parent or child, or the generic agent of the
    same role ("police" for India's police: the event stage takes the country from context)."""
    if actors.related(ent_id, actor_id):
        return True
    role = ent_id.removeprefix("generic.")
    return role in ("military", "police", "government") and actor_id.endswith("." + role)


def ruler_docs(texts: Iterable[str]) -> Iterator:
    """Texts through the tokenizer and the actor components only (no tagger, parser or NER): fast, for measuring."""
    nlp = _ruler_pipeline()
    steps = [nlp.get_pipe(RULER_NAME), nlp.get_pipe(ACRONYM_NAME)]
    for text in texts:
        doc = nlp.make_doc(text)
        for step in steps:
            doc = step(doc)
        yield doc


@lru_cache(maxsize=1)
def _ruler_pipeline():
    """A blank English pipeline (the model's tokenizer rules) holding only the actor components."""
    import spacy

    from wirewatch.nlp.actors import add_actor_ruler

    nlp = spacy.blank("en")
    add_actor_ruler(nlp)
    return nlp


@dataclass(slots=True)
class RulerCost:
    texts: int
    words: int
    bare_words_per_s: float
    ruler_words_per_s: float
    ruler_only_words_per_s: float
    added_share: float
    build_s: float

    def as_dict(self) -> dict:
        return rounded(self)


def ruler_cost(texts: list[str], repeat: int = 3) -> RulerCost:
    """Words per CPU second of the bare spaCy pipeline, of the same pipeline with the actor components, and of the
    actor components alone (tokenizer + ruler), best of ``repeat`` interleaved runs; ``added_share`` = ruled / bare - 1.
    """
    import spacy

    from wirewatch.nlp.actors import add_actor_ruler
    from wirewatch.nlp.spacy_model import MODEL

    bare = spacy.load(MODEL)
    ruled = spacy.load(MODEL)
    start = time.perf_counter()
    add_actor_ruler(ruled)
    build = time.perf_counter() - start
    list(ruler_docs(texts[:1]))  # builds the ruler-only pipeline outside the timings
    words = sum(len(t.split()) for t in texts)

    runs: dict[str, list[float]] = {"bare": [], "ruled": [], "only": []}
    for _ in range(repeat):  # interleaved, best of each: a shared machine's load hits both alike
        for key, run in (
            ("bare", lambda: list(bare.pipe(texts))),
            ("ruled", lambda: list(ruled.pipe(texts))),
            ("only", lambda: list(ruler_docs(texts))),
        ):
            start = time.process_time()  # CPU time: other processes on a shared machine do not count
            run()
            runs[key].append(time.process_time() - start)
    t_bare, t_ruled, t_only = (min(runs[k]) for k in ("bare", "ruled", "only"))
    return RulerCost(len(texts), words, words / t_bare, words / t_ruled, words / t_only, t_ruled / t_bare - 1, build)


def ruler_cost_wikinews(path: str | Path, n: int = 60, repeat: int = 3) -> RulerCost:
    """:func:`ruler_cost` on the first ``n`` Wikinews articles of the demo corpus."""
    from wirewatch.eval.synth import load_wikinews

    return ruler_cost(["\n\n".join(a.paragraphs) for a in load_wikinews(path, limit=n)], repeat)
