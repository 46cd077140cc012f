"""Stories: articles that report the same incident or development, grouped incrementally.

Each article becomes a sparse TF-IDF vector over its words (title counted twice, function words left out;
document frequencies are a bundled background, ``data/background_df.npz``, plus the corpus's own counts as it
grows). A story keeps the centroid of its articles (its ``CENTROID_TERMS`` heaviest terms), its most recent
members, its date range and an inverted index of its ``POSTING_TERMS`` heaviest terms. A new article is compared
with the stories that share its key terms and, when both are dated, were active within ``WINDOW_DAYS``; it joins
the best one whose centroid is at least ``THRESHOLD`` similar, or one of whose recent members is at least
``MEMBER_THRESHOLD`` similar, or opens a new story. Nothing is re-clustered: adding a batch touches only the
stories it joins. (Thresholds chosen on ``wirewatch eval stories``; see docs/benchmarks.md.)

The NLP stage's places below country level are added to the vectors as extra terms (``extra_terms``), so two
write-ups naming the same towns score higher (entity ids lowered the story scores and are not added).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np
import xxhash

from wirewatch.models import content_id

THRESHOLD = 0.25
MEMBER_THRESHOLD = 0.30
RECENT_MEMBERS = 10
VECTOR_CACHE = 5_000  # member vectors kept in memory (each ~10 KB)
HOT_STORIES = 20_000  # stories whose centroid is kept unpacked
WINDOW_DAYS = 7
CENTROID_TERMS = 120
POSTING_TERMS = 12
QUERY_TERMS = 12
MAX_CANDIDATES = 40
MEMBER_CANDIDATES = 8

_WORD = re.compile(r"\w\w\w+")  # words of three or more characters


@lru_cache(maxsize=1)
def background() -> tuple[dict[int, int], int]:
    """(term -> document frequency, number of documents) of the bundled reference corpus."""
    with resources.files("wirewatch.data").joinpath("background_df.npz").open("rb") as f:
        data = np.load(f)
        return dict(zip(data["terms"].tolist(), data["df"].tolist(), strict=True)), int(data["documents"][0])


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = resources.files("wirewatch.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def terms(title: str | None, paragraphs: list[str]) -> Counter[int]:
    """Term counts (hashed) of an article: content words of the body, and the title's twice."""
    stop = _stopwords()
    counts: Counter[int] = Counter()
    for text, weight in ((" ".join(paragraphs), 1), (title or "", 2)):
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        words = Counter(w for w in _WORD.findall(text.casefold()) if w not in stop)
        for word, n in words.items():
            counts[xxhash.xxh64_intdigest(word.encode()) >> 1] += n * weight
    return counts


@lru_cache(maxsize=8192)
def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def pack(centroid: dict[int, float]) -> bytes:
    """A centroid as bytes: int64 terms, then float32 weights, heaviest first (1.4 KB instead of ~10 KB)."""
    terms = np.fromiter(centroid.keys(), dtype=np.int64, count=len(centroid))
    weights = np.fromiter(centroid.values(), dtype=np.float32, count=len(centroid))
    return terms.tobytes() + weights.tobytes()


def unpack(blob: bytes) -> dict[int, float]:
    n = len(blob) // 12
    terms = np.frombuffer(blob[: 8 * n], dtype=np.int64)
    weights = np.frombuffer(blob[8 * n :], dtype=np.float32)
    return dict(zip(terms.tolist(), weights.tolist(), strict=True))


@dataclass(slots=True)
class Story:
    """A story. Its centroid is kept packed (bytes); ``centroid`` unpacks it into a dict while the story is in
    use, and :meth:`compact` drops the dict again, so a million stories do not each hold a Python dict."""

    id: str
    title: str | None
    packed: bytes  # the centroid (unit length, CENTROID_TERMS heaviest terms), see pack()
    size: int = 0
    first: str | None = None  # ISO dates of the earliest and latest dated article
    last: str | None = None
    articles: list[str] = field(default_factory=list)  # the articles added in this run
    recent: list[str] = field(default_factory=list)  # the last RECENT_MEMBERS members
    hot: dict[int, float] | None = field(default=None, repr=False, compare=False)

    @property
    def centroid(self) -> dict[int, float]:
        if self.hot is None:
            self.hot = unpack(self.packed)
        return self.hot

    def set_centroid(self, centroid: dict[int, float]) -> None:
        self.hot, self.packed = centroid, pack(centroid)

    def compact(self) -> None:
        self.hot = None

    def active_near(self, day: str | None) -> bool:
        if day is None or self.last is None or self.first is None:
            return True
        d = _day(day)
        return _day(self.first) - d <= WINDOW_DAYS and d - _day(self.last) <= WINDOW_DAYS


@dataclass(slots=True)
class Assignment:
    article_id: str
    story_id: str
    similarity: float  # 1.0 for the article that opens a story
    new_story: bool


class StoryClusterer:
    """Assigns articles to stories one at a time. State: document frequencies, stories, the term index.

    ``fetch`` returns (title, paragraphs) of stored articles by id, for recent members no longer cached.
    The in-memory state is what a run touches; :mod:`wirewatch.store` persists it after each batch.
    """

    def __init__(
        self,
        threshold: float = THRESHOLD,
        member_threshold: float = MEMBER_THRESHOLD,
        fetch: Callable[[list[str]], dict[str, tuple[str | None, list[str]]]] | None = None,
    ) -> None:
        self.threshold = threshold
        self.member_threshold = member_threshold
        self.fetch = fetch
        self.background, self.background_docs = background()
        self.df: Counter[int] = Counter()
        self.n_docs = 0
        self.stories: dict[str, Story] = {}
        self.postings: dict[int, set[str]] = {}
        self._vectors: OrderedDict[str, dict[int, float]] = OrderedDict()
        self._hot: OrderedDict[str, None] = OrderedDict()
        self.pending_df: Counter[int] = Counter()  # document-frequency increments not yet stored
        self.touched: dict[str, Story] = {}  # stories changed since the last take_changes()

    def load(self, df: Iterable[tuple[int, int]], n_docs: int, stories: Iterable[Story]) -> None:
        self.df.update(dict(df))
        self.n_docs = n_docs
        for story in stories:
            self._index(story)
            story.compact()  # unpacked again when it becomes a candidate

    def vector(self, counts: Counter[int]) -> dict[int, float]:
        n = self.n_docs + self.background_docs
        bg, df = self.background, self.df
        weights = {t: (1 + math.log(c)) * math.log((n + 1) / (df.get(t, 0) + bg.get(t, 0) + 1)) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items() if w > 0}

    def add(
        self,
        article_id: str,
        title: str | None,
        paragraphs: list[str],
        published: str | None = None,
        extra_terms: Iterable[str] = (),
        story_id: str | None = None,
    ) -> Assignment:
        """Place one article; ``story_id`` forces the story (a near-duplicate joins its original's story)."""
        counts = terms(title, paragraphs)
        for term in extra_terms:
            counts[xxhash.xxh64_intdigest(term.encode()) >> 1] += 2
        self.n_docs += 1
        self.df.update(counts.keys())
        self.pending_df.update(counts.keys())
        vec = self.vector(counts)
        story: Story | None
        if story_id is not None and story_id in self.stories:
            story, similarity = self.stories[story_id], 1.0
        else:
            story, similarity = self._best(vec, published)
        if story is None:
            story = Story(content_id(f"story:{article_id}".encode()), title, b"")
            similarity = 1.0
            self.stories[story.id] = story
        self._join(story, article_id, vec, published)
        self.touched[story.id] = story
        return Assignment(article_id, story.id, round(similarity, 4), story.size == 1)

    def take_changes(self) -> tuple[list[Story], dict[int, int]]:
        """The stories changed and the document-frequency increments since the last call (to be stored)."""
        touched, delta = list(self.touched.values()), dict(self.pending_df)
        self.touched, self.pending_df = {}, Counter()
        return touched, delta

    def _best(self, vec: dict[int, float], published: str | None) -> tuple[Story | None, float]:
        """The story to join and the similarity that qualifies it (centroid or nearest recent member).

        Centroid similarity is computed for every candidate sharing key terms; member similarity (the costly
        part) only for the ``MEMBER_CANDIDATES`` best of them by centroid."""
        votes: Counter[str] = Counter()
        for term in sorted(vec, key=vec.__getitem__, reverse=True)[:QUERY_TERMS]:
            votes.update(self.postings.get(term, ()))
        scored = []
        for story_id, _ in votes.most_common(MAX_CANDIDATES):
            story = self.stories[story_id]
            if story.active_near(published):
                scored.append((_cosine(vec, self._warm(story)), story))
        scored.sort(key=lambda cs: cs[0], reverse=True)
        best, best_score, best_similarity = None, 0.0, 0.0
        for rank, (centroid, story) in enumerate(scored):
            member = 0.0
            if rank < MEMBER_CANDIDATES:
                member = max((_cosine(vec, m) for m in self._members(story)), default=0.0)
            score = max(centroid / self.threshold, member / self.member_threshold)  # >= 1: qualifies
            if score >= 1.0 and score > best_score:
                best, best_score, best_similarity = story, score, max(centroid, member)
        return best, best_similarity

    def _warm(self, story: Story) -> dict[int, float]:
        """The story's centroid as a dict; the least recently used stories beyond HOT_STORIES are packed again."""
        self._hot[story.id] = None
        self._hot.move_to_end(story.id)
        if len(self._hot) > HOT_STORIES:
            cold, _ = self._hot.popitem(last=False)
            if cold in self.stories:
                self.stories[cold].compact()
        return story.centroid

    def _members(self, story: Story) -> list[dict[int, float]]:
        missing = [a for a in story.recent if a not in self._vectors]
        if missing and self.fetch is not None:
            for article_id, (title, paragraphs) in self.fetch(missing).items():
                self._cache(article_id, self.vector(terms(title, paragraphs)))
        return [self._vectors[a] for a in story.recent if a in self._vectors]

    def _cache(self, article_id: str, vec: dict[int, float]) -> None:
        self._vectors[article_id] = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:CENTROID_TERMS])
        self._vectors.move_to_end(article_id)
        if len(self._vectors) > VECTOR_CACHE:
            self._vectors.popitem(last=False)

    def _join(self, story: Story, article_id: str, vec: dict[int, float], published: str | None) -> None:
        for term in list(story.centroid)[:POSTING_TERMS]:
            self.postings.get(term, set()).discard(story.id)
        merged = Counter({t: w * story.size for t, w in story.centroid.items()})
        merged.update(vec)
        top = merged.most_common(CENTROID_TERMS)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        story.set_centroid({t: w / norm for t, w in top})
        self._warm(story)
        story.size += 1
        story.articles.append(article_id)
        story.recent = [*story.recent, article_id][-RECENT_MEMBERS:]
        self._cache(article_id, vec)
        if published:
            story.first = min(story.first or published, published)
            story.last = max(story.last or published, published)
        self._index(story)

    def _index(self, story: Story) -> None:
        self.stories[story.id] = story
        for term in list(story.centroid)[:POSTING_TERMS]:
            self.postings.setdefault(term, set()).add(story.id)


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
