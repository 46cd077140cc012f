"""Near-duplicate detection: candidates from the key index, verified on the exact shingle sets.

A new article is a copy of an earlier one when their word 3-gram shingle sets overlap enough (``is_copy``):
either a high Jaccard similarity (light edits, another headline, boilerplate), or one contains most of the
other (truncation, dropped paragraphs, an article embedded in a longer page). The earlier article is the
canonical one; a copy of a copy points at the first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from wirewatch.dedup.index import KeyIndex
from wirewatch.dedup.sketch import Sketch, overlap, sketch

# Chosen on `wirewatch eval dedup` (copies with up to 10% word edits vs same-story hard negatives):
MIN_JACCARD = 0.30  # similar as wholes
MIN_CONTAINMENT = 0.55  # or one mostly inside the other ...
MIN_CONTAINED_SHINGLES = 15  # ... and long enough for that to mean something
CACHE_ARTICLES = 10_000  # shingle sets kept for verification (each a few KB)
MAX_CANDIDATES = 50
MAX_SINGLE_HITS = 5


@dataclass(slots=True)
class Match:
    article_id: str
    canonical_id: str
    jaccard: float
    containment: float


def is_copy(jaccard: float, containment: float, smaller: int) -> bool:
    return jaccard >= MIN_JACCARD or (containment >= MIN_CONTAINMENT and smaller >= MIN_CONTAINED_SHINGLES)


class Deduplicator:
    """Finds each new article's canonical original among every article indexed so far.

    ``fetch`` returns the body paragraphs of stored articles by id (for verification of candidates that are no
    longer in the cache). State: the key index, the article numbering, and which articles are copies.
    """

    def __init__(self, fetch: Callable[[list[str]], dict[str, list[str]]]) -> None:
        self.fetch = fetch
        self.index = KeyIndex()
        self.ids: list[str] = []
        self.numbers: dict[str, int] = {}
        self.canonical: dict[int, int] = {}  # copy number -> canonical number
        self._shingles: OrderedDict[int, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    def load(self, rows: Iterable[tuple[str, bytes, str | None]]) -> None:
        """Index stored sketches: (article id, keys as uint64 bytes, canonical id or None), oldest first.
        An article without words has an empty key blob: it is known, and never a candidate."""
        keys, numbers = [], []
        for article_id, blob, canonical_id in rows:
            number = self._number(article_id)
            array = np.frombuffer(blob, dtype=np.uint64)
            keys.append(array)
            numbers.append(np.full(len(array), number, dtype=np.uint32))
            if canonical_id is not None and canonical_id in self.numbers:
                self.canonical[number] = self.numbers[canonical_id]
        if keys:
            self.index.add_many(np.concatenate(keys), np.concatenate(numbers))

    def add(self, article_id: str, paragraphs: list[str]) -> tuple[Sketch | None, Match | None]:
        """Index a new article; return its sketch and, if it is a copy, the match with its canonical article."""
        if article_id in self.numbers:
            return None, None
        sk = sketch(paragraphs)
        match = self._best_match(article_id, sk) if sk is not None else None
        number = self._number(article_id)  # known from now on, with or without words
        if sk is None:
            return None, None
        if match is not None:
            self.canonical[number] = self.numbers[match.canonical_id]
        self.index.add(sk.keys, number)
        self._remember(number, sk.shingles)
        return sk, match

    def _best_match(self, article_id: str, sk: Sketch) -> Match | None:
        hits = self.index.lookup(sk.query)
        if len(hits) == 0:
            return None
        numbers, counts = np.unique(hits, return_counts=True)
        order = np.argsort(-counts, kind="stable")
        numbers, counts = numbers[order], counts[order]
        # Sharing several keys is the mark of a copy; one shared key is usually a common phrase. Verify every
        # multi-key candidate (up to MAX_CANDIDATES) and only the first MAX_SINGLE_HITS single-key ones.
        multi = int(np.count_nonzero(counts > 1))
        ranked = [int(n) for n in numbers[: min(MAX_CANDIDATES, multi + MAX_SINGLE_HITS)]]
        shingles = self._candidate_shingles(ranked)
        best: Match | None = None
        for number in ranked:
            other = shingles.get(number)
            if other is None:
                continue
            jaccard, containment = overlap(sk.shingles, other)
            if is_copy(jaccard, containment, min(len(sk.shingles), len(other))) and (
                best is None or (jaccard, containment) > (best.jaccard, best.containment)
            ):
                root = self.canonical.get(number, number)
                best = Match(article_id, self.ids[root], round(jaccard, 4), round(containment, 4))
        return best

    def _candidate_shingles(self, numbers: list[int]) -> dict[int, np.ndarray]:
        found = {n: self._shingles[n] for n in numbers if n in self._shingles}
        missing = [self.ids[n] for n in numbers if n not in found]
        if missing:
            for article_id, paragraphs in self.fetch(missing).items():
                other = sketch(paragraphs)
                if other is not None:
                    number = self.numbers[article_id]
                    found[number] = other.shingles
                    self._remember(number, other.shingles)
        return found

    def _number(self, article_id: str) -> int:
        number = self.numbers.get(article_id)
        if number is None:
            number = self.numbers[article_id] = len(self.ids)
            self.ids.append(article_id)
        return number

    def _remember(self, number: int, shingles: np.ndarray) -> None:
        self._shingles[number] = shingles
        self._shingles.move_to_end(number)
        if len(self._shingles) > CACHE_ARTICLES:
            self._shingles.popitem(last=False)
