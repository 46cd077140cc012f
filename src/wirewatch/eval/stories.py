"""Story clustering evaluation: B-cubed precision/recall/F1 and the adjusted Rand index.

- Wikipedia Current Events (demo corpus): items carry their story path (``topics``); items without one are
  stories of their own. Items are clustered in date order, as they would arrive.
- WikiRef220 (development data): 220 news articles in 16 topic groups, no dates.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wirewatch.dedup.stories import StoryClusterer
from wirewatch.eval import rounded


@dataclass(slots=True)
class ClusterScore:
    corpus: str
    items: int
    gold_stories: int
    stories: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    ari: float

    def as_dict(self) -> dict:
        return rounded(self)


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, pred_sizes = Counter(gold), Counter(predicted)
    precision = sum(n * n / pred_sizes[p] for (_, p), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in pairs.items()) / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def adjusted_rand(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    def pairs(n: int) -> float:
        return n * (n - 1) / 2

    index = sum(pairs(n) for n in Counter(zip(gold, predicted, strict=True)).values())
    a = sum(pairs(n) for n in Counter(gold).values())
    b = sum(pairs(n) for n in Counter(predicted).values())
    expected = a * b / pairs(len(gold)) if len(gold) > 1 else 0.0
    maximum = (a + b) / 2
    return 1.0 if math.isclose(maximum, expected) else (index - expected) / (maximum - expected)


def _score(corpus: str, gold: list[Hashable], predicted: list[str]) -> ClusterScore:
    p, r, f = bcubed(gold, predicted)
    return ClusterScore(corpus, len(gold), len(set(gold)), len(set(predicted)), p, r, f, adjusted_rand(gold, predicted))


def _entity_terms(texts: list[tuple[str | None, list[str], str | None]]) -> list[list[str]]:
    """The story terms (entity and place ids) the NLP stage gives each (title, paragraphs, date)."""
    from wirewatch.models import annotated_text
    from wirewatch.nlp.annotate import Annotator, Text
    from wirewatch.store.annotations import story_terms

    items = (Text(annotated_text(title, body, [])[0], day) for title, body, day in texts)
    return [story_terms(a) for a in Annotator.load().annotate(items)]


def current_events(path: str | Path, entities: bool = False) -> ClusterScore:
    """``entities``: add the NLP stage's entity and place ids to the story vectors, as ingest does."""
    with gzip.open(path, "rt", encoding="utf-8") if str(path).endswith(".gz") else open(path, encoding="utf-8") as f:
        records = sorted((json.loads(line) for line in f), key=lambda r: (r["date"], r["id"]))
    terms = _entity_terms([(None, [r["text"]], r["date"]) for r in records]) if entities else [[] for _ in records]
    clusterer = StoryClusterer()
    gold: list[Hashable] = [tuple(r["topics"]) if r.get("topics") else r["id"] for r in records]
    predicted = [clusterer.add(r["id"], None, [r["text"]], r["date"], t).story_id for r, t in zip(records, terms, strict=True)]
    return _score("current-events" + (" + entities" if entities else ""), gold, predicted)


def wikiref220(folder: str | Path, entities: bool = False) -> ClusterScore:
    folder = Path(folder)
    with open(folder / "labels.csv", encoding="utf-8") as f:
        labels = [(row["file"], row["topic"]) for row in csv.DictReader(f)]
    texts: list[tuple[str | None, list[str], str | None]] = []
    for name, _ in labels:
        text = (folder / "docs" / name).read_bytes().decode("cp1252", errors="replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        texts.append((lines[0], lines[1:], None) if len(lines) > 1 else (None, lines, None))
    terms = _entity_terms(texts) if entities else [[] for _ in texts]
    clusterer = StoryClusterer()
    predicted = [
        clusterer.add(name, title, body, extra_terms=t).story_id
        for (name, _), (title, body, _), t in zip(labels, texts, terms, strict=True)
    ]
    return _score("wikiref220" + (" + entities" if entities else ""), [topic for _, topic in labels], predicted)
