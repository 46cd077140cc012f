"""Near-duplicate evaluation: synthetic syndicated copies of real articles, and same-topic hard negatives.

Originals are real articles of the demo corpus (Wikinews, MUC-3, Wikipedia Current Events). Every original
gets one copy per edit kind (:mod:`wirewatch.eval.syndicate`); a copy is found when the detector links it to
its original. Hard negatives are different Current Events items of the same story (same ``topics`` path):
same people, places and vocabulary, different report; any link from one is a false positive.
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from wirewatch.dedup.near import Deduplicator
from wirewatch.eval import rounded
from wirewatch.eval.syndicate import EDITS
from wirewatch.eval.synth import SynthArticle, load_wikinews

MIN_WORDS = 25


@dataclass(slots=True)
class DedupScore:
    originals: int
    copies: int
    negatives: int
    precision: float
    recall: float
    recall_by_edit: dict[str, float] = field(default_factory=dict)
    false_positives: int = 0
    negatives_linked: int = 0
    articles_per_second: float = 0.0

    def as_dict(self) -> dict:
        out = rounded(self)
        out.update({f"recall {k}": round(v, 4) for k, v in out.pop("recall_by_edit").items()})
        return out


def _jsonl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _article(record: dict) -> SynthArticle:
    paragraphs = [" ".join(p.split()) for p in record["text"].split("\n") if p.strip()]
    return SynthArticle(record.get("title") or "", paragraphs)


def corpus(
    demo: Path, n_muc: int, n_events: int, rng: random.Random
) -> tuple[list[SynthArticle], list[SynthArticle], list[SynthArticle]]:
    """(originals, hard negatives, filler) from the demo corpus; filler articles are the pages copies are embedded in."""
    originals = load_wikinews(demo / "wikinews/wikinews_2019_2020.jsonl.gz", min_paragraphs=1)
    muc = [_article(r) for r in _jsonl(demo / "muc3/muc3_dev_docs.jsonl.gz")]
    muc = [a for a in muc if len(" ".join(a.paragraphs).split()) >= MIN_WORDS]
    rng.shuffle(muc)
    originals += muc[:n_muc]
    filler = muc[n_muc:]  # pages that copies are embedded in: each used once
    stories: dict[tuple, list[SynthArticle]] = defaultdict(list)
    for record in _jsonl(demo / "current-events/wikipedia_current_events_2025_2026.jsonl.gz"):
        if record.get("topics") and len(record["text"].split()) >= MIN_WORDS:
            stories[tuple(record["topics"])].append(_article(record))
    groups = [g for g in stories.values() if len(g) >= 2]
    rng.shuffle(groups)
    negatives: list[SynthArticle] = []
    for group in groups[:n_events]:
        first, *rest = group
        originals.append(first)
        negatives.extend(rest[:2])
    unused = [a for g in groups[n_events:] for a in g] + [a for g in groups[:n_events] for a in g[3:]]
    rng.shuffle(unused)
    filler += [SynthArticle("", [p for a in unused[i : i + 3] for p in a.paragraphs]) for i in range(0, len(unused) - 2, 3)]
    return originals, negatives, filler


def evaluate(demo_dir: str | Path, n_muc: int = 350, n_events: int = 800, seed: int = 0) -> DedupScore:
    rng = random.Random(seed)
    originals, negatives, filler = corpus(Path(demo_dir), n_muc, n_events, rng)
    if len(filler) < len(originals):
        raise ValueError(f"{len(filler)} filler pages for {len(originals)} originals: lower n_muc or n_events")
    vocab = sorted({w for a in originals[:300] for p in a.paragraphs for w in p.split() if w.isalpha()})
    texts: dict[str, list[str]] = {}
    dedup = Deduplicator(lambda ids: {i: texts[i] for i in ids})

    def add(article_id: str, paragraphs: list[str]):
        texts[article_id] = paragraphs
        return dedup.add(article_id, paragraphs)[1]

    started = time.perf_counter()
    roots = {}
    for n, original in enumerate(originals):
        match = add(f"o{n}", original.paragraphs)
        roots[f"o{n}"] = match.canonical_id if match else f"o{n}"
    found: Counter[str] = Counter()
    false_positives = 0
    for n, original in enumerate(originals):
        for kind, edit in EDITS.items():
            copy = edit(original, rng, vocab, filler[n])
            match = add(f"c{n}-{kind}", copy.paragraphs)
            if match and match.canonical_id == roots[f"o{n}"]:
                found[kind] += 1
            elif match:
                false_positives += 1
    linked = sum(add(f"n{n}", negative.paragraphs) is not None for n, negative in enumerate(negatives))
    elapsed = time.perf_counter() - started
    copies = len(originals) * len(EDITS)
    true_positives = sum(found.values())
    wrong = false_positives + linked
    return DedupScore(
        originals=len(originals),
        copies=copies,
        negatives=len(negatives),
        precision=true_positives / (true_positives + wrong) if true_positives + wrong else 1.0,
        recall=true_positives / copies,
        recall_by_edit={kind: found[kind] / len(originals) for kind in EDITS},
        false_positives=false_positives,
        negatives_linked=linked,
        articles_per_second=len(dedup) / elapsed if elapsed else 0.0,
    )
