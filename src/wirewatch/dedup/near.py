"""Near-duplicate detection: candidates from the key index, verified on the exact shingle sets.

A new article is a copy of an earlier one when their word 3-gram shingle sets overlap enough (``is_copy``):
either a high Jaccard similarity (light edits, another headline, boilerplate), or one contains most of the
other (truncation, dropped paragraphs, an article embedded in a longer page). The earlier article is the
canonical one; a copy of a copy points at the first.

Verifying a candidate needs its shingle set: from a cache of recent articles, or re-made from its stored text.
Before that, every candidate whose signature is known (each article sketched in this process, or fetched once)
is screened on its signature bits: a candidate is verified only if its agreement with the new article is
plausible, at ``SCREEN_Z`` standard deviations, for the least Jaccard similarity at which it could still be a copy
(``could_be_copy``). Screening is a test of the estimate, never of the decision: a copy is still only what
``is_copy`` says on the exact sets.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from wirewatch.dedup.index import KeyIndex
from wirewatch.dedup.sketch import NUM_PERM, SIGNATURE_BITS, Sketch, overlap, shingles_and_signature, sketch

# Chosen on `wirewatch eval dedup` (copies with up to 10% word edits vs same-story hard negatives):
MIN_JACCARD = 0.30  # similar as wholes
MIN_CONTAINMENT = 0.55  # or one mostly inside the other ...
MIN_CONTAINED_SHINGLES = 15  # ... and long enough for that to mean something
CACHE_ARTICLES = 10_000  # shingle sets kept for verification (each a few KB)
MAX_CANDIDATES = 50
MAX_SINGLE_HITS = 5  # unscreened candidates (signature not known) sharing one key that are verified
SCREEN_Z = 4.0  # a copy fails the screen about once in 30,000 (one-sided normal tail)


@dataclass(slots=True)
class Match:
    article_id: str
    canonical_id: str
    jaccard: float
    containment: float


def is_copy(jaccard: float, containment: float, smaller: int) -> bool:
    return jaccard >= MIN_JACCARD or (containment >= MIN_CONTAINMENT and smaller >= MIN_CONTAINED_SHINGLES)


def could_be_copy(agreements: np.ndarray, size: int, sizes: np.ndarray) -> np.ndarray:
    """Which candidates, agreeing with an article of ``size`` shingles on ``agreements`` of its signature bits,
    may be copies (``is_copy``) of it: those whose agreement is not far below what the least qualifying Jaccard
    similarity gives. Containment ``c`` of the smaller set means Jaccard ``c·s / (a + b − c·s)``."""
    smaller = np.minimum(size, sizes)
    contained = MIN_CONTAINMENT * smaller / (size + sizes - MIN_CONTAINMENT * smaller)
    least = np.where(smaller >= MIN_CONTAINED_SHINGLES, np.minimum(MIN_JACCARD, contained), MIN_JACCARD)
    chance = 1.0 / (1 << SIGNATURE_BITS)  # two different minima agree on their low bits by chance
    p = least + (1.0 - least) * chance
    return agreements >= NUM_PERM * p - SCREEN_Z * np.sqrt(NUM_PERM * p * (1.0 - p))


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
        self._signatures = np.zeros((1024, NUM_PERM), dtype=np.uint8)  # by article number
        self._sizes = np.zeros(1024, dtype=np.uint32)  # shingles by article number; 0: signature not known

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
        self._sign(number, sk.signature, len(sk.shingles))
        return sk, match

    def _best_match(self, article_id: str, sk: Sketch) -> Match | None:
        hits = self.index.lookup(sk.query)
        if len(hits) == 0:
            return None
        numbers, counts = np.unique(hits, return_counts=True)
        shingles = self._candidate_shingles(self._ranked(sk, numbers, counts))
        best: Match | None = None
        for number, other in shingles.items():
            jaccard, containment = overlap(sk.shingles, other)
            if is_copy(jaccard, containment, min(len(sk.shingles), len(other))) and (
                best is None or (jaccard, containment) > (best.jaccard, best.containment)
            ):
                root = self.canonical.get(number, number)
                best = Match(article_id, self.ids[root], round(jaccard, 4), round(containment, 4))
        return best

    def _ranked(self, sk: Sketch, numbers: np.ndarray, counts: np.ndarray) -> list[int]:
        """The candidates to verify, most shared keys first: those whose signature passes the screen, and of
        those not screened (loaded, never fetched), every one sharing several keys — the mark of a copy, where
        one shared key is usually a common phrase — but only the first ``MAX_SINGLE_HITS`` sharing one."""
        sizes = self._sizes[numbers]
        screened = sizes > 0
        verify = ~screened & (counts > 1)
        verify[np.flatnonzero(~screened & (counts == 1))[:MAX_SINGLE_HITS]] = True
        agreements = np.count_nonzero(self._signatures[numbers[screened]] == sk.signature, axis=1)
        verify[screened] = could_be_copy(agreements, len(sk.shingles), sizes[screened])
        numbers, counts = numbers[verify], counts[verify]
        return numbers[np.argsort(-counts, kind="stable")][:MAX_CANDIDATES].tolist()

    def _candidate_shingles(self, numbers: list[int]) -> dict[int, np.ndarray]:
        """Shingle sets of the candidates (in the given order), from the cache or made from the fetched texts."""
        found = {n: self._shingles[n] for n in numbers if n in self._shingles}
        missing = [self.ids[n] for n in numbers if n not in found]
        if missing:
            for article_id, paragraphs in self.fetch(missing).items():
                made = shingles_and_signature(paragraphs)
                if made is not None:
                    number = self.numbers[article_id]
                    found[number] = made[0]
                    self._remember(number, made[0])
                    self._sign(number, made[1], len(made[0]))
        return {n: found[n] for n in numbers if n in found}

    def _number(self, article_id: str) -> int:
        number = self.numbers.get(article_id)
        if number is None:
            number = self.numbers[article_id] = len(self.ids)
            self.ids.append(article_id)
            if number == len(self._sizes):  # room for signatures, doubling
                self._signatures = np.concatenate([self._signatures, np.zeros_like(self._signatures)])
                self._sizes = np.concatenate([self._sizes, np.zeros_like(self._sizes)])
        return number

    def _sign(self, number: int, signature: np.ndarray, size: int) -> None:
        self._signatures[number] = signature
        self._sizes[number] = size

    def _remember(self, number: int, shingles: np.ndarray) -> None:
        self._shingles[number] = shingles
        self._shingles.move_to_end(number)
        if len(self._shingles) > CACHE_ARTICLES:
            self._shingles.popitem(last=False)
