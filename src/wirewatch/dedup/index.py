"""A compact multimap from uint64 keys to article numbers, for millions of articles.

Keys live in sorted numpy segments (like an LSM tree): new keys collect in a small dict, which becomes a sorted
segment when it fills; a segment is merged into the one before it while it is at least 1/``MERGE_RATIO`` of
that one's size, so there are few segments (a lookup pays for each), and a merge is linear (both are sorted).
Keys are hashes, evenly spread, so each segment has a directory by their top bits (a bucket of 4–8 keys on
average): a lookup reads the directory and one window of ``WINDOW`` keys per segment — two cache misses a key,
all of a query's keys at once, where a binary search over a large segment takes a dozen misses one after the
other.

A key that more than ``max_postings`` articles share (a stock phrase, boilerplate, a band made of a very common
shingle) carries little evidence of copying: lookups leave it out, and merges keep only its first
``max_postings + 1`` postings, which is enough to know it is common.

Memory: 12 bytes per key (8 for the key, 4 for the article number) and at most 1 for the directory; 56 keys per
article is ~700 MB for a million articles, where a Python dict would need several GB.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

BUFFER_KEYS = 1 << 16
MAX_POSTINGS = 200
BUCKET_KEYS = 8  # directory buckets hold 4–8 keys on average
MERGE_RATIO = 8  # a segment absorbs the next while that is at least 1/8 of its size: at most 4 segments a million
WINDOW = 16  # keys read from a bucket's start; a key further in (a crowded bucket) falls back to a binary search


class _Segment:
    """Sorted keys, their article numbers, and where each bucket of keys sharing their top bits starts."""

    __slots__ = ("directory", "ids", "keys", "shift")

    def __init__(self, keys: np.ndarray, ids: np.ndarray) -> None:
        self.keys, self.ids = keys, ids
        bits = max(1, int(np.ceil(np.log2(max(len(keys), 2) / BUCKET_KEYS))))
        self.shift = np.uint64(64 - bits)
        starts = np.arange(1 << bits, dtype=np.uint64) << self.shift
        self.directory = np.append(np.searchsorted(keys, starts), len(keys)).astype(np.int64 if len(keys) >= 2**31 else np.int32)

    def find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(positions in ``query`` found here, start, end of each one's run of postings)."""
        keys, n = self.keys, len(self.keys)
        bucket = (query >> self.shift).astype(np.intp)
        lo = self.directory.take(bucket).astype(np.intp)
        hi: np.ndarray = self.directory.take(bucket + 1)
        window = keys.take(np.minimum(lo[:, None] + np.arange(WINDOW), n - 1))
        below = (window < query[:, None]).sum(axis=1)
        start = np.minimum(lo + below, hi)  # keys after the bucket are above the key
        crowded = np.flatnonzero((below == WINDOW) & (lo + WINDOW < hi))
        if len(crowded):
            start[crowded] = np.searchsorted(keys, query[crowded])
        inside = np.flatnonzero(start < n)
        found = inside[keys[start[inside]] == query[inside]]
        return found, start[found], np.searchsorted(keys, query[found], side="right")


class KeyIndex:
    def __init__(self, max_postings: int = MAX_POSTINGS) -> None:
        self.max_postings = max_postings
        self._segments: list[_Segment] = []  # sorted keys (uint64) and their article numbers (uint32)
        self._buffer: dict[int, int] = {}  # the first article of each buffered key ...
        self._more: dict[int, list[int]] = {}  # ... and the next ones, for the few keys buffered more than once
        self._pending: list[np.ndarray] = []  # the buffer's keys, in arrival order, and their article numbers
        self._pending_numbers: list[int] = []
        self._buffered = 0

    def __len__(self) -> int:
        return sum(len(seg.keys) for seg in self._segments) + self._buffered

    def add(self, keys: np.ndarray, number: int) -> None:
        """Index ``keys`` (uint64) for article ``number``."""
        listed = keys.tolist()
        again = self._buffer.keys() & listed
        if again:
            for key in again:
                self._more.setdefault(key, []).append(number)
            listed = [key for key in listed if key not in again]
        self._buffer.update(zip(listed, repeat(number)))
        self._pending.append(keys)
        self._pending_numbers.append(number)
        self._buffered += len(keys)
        if self._buffered >= BUFFER_KEYS:
            self._flush()

    def add_many(self, keys: np.ndarray, numbers: np.ndarray) -> None:
        """Index many (key, article number) pairs at once (loading a stored index)."""
        self._flush()
        order = np.argsort(keys, kind="stable")
        self._push(*_capped(keys[order].astype(np.uint64), numbers[order].astype(np.uint32), self.max_postings))

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Article numbers having any of ``keys`` (with repeats: one per shared key), leaving out every key with
        more than ``max_postings`` articles."""
        postings = np.zeros(len(keys), dtype=np.int64)
        runs = []  # (segment, query positions, starts, ends) of the keys found in each segment
        for segment in self._segments:
            found, starts, ends = segment.find(keys)
            if len(found):
                postings[found] += ends - starts
                runs.append((segment.ids, found, starts, ends))
        buffered = self._buffered_postings(keys.tolist()) if self._buffered else {}
        for q, numbers in buffered.items():
            postings[q] += len(numbers)
        common = postings > self.max_postings
        found_ids = []
        for ids, where, starts, ends in runs:
            for q, lo, hi in zip(where.tolist(), starts.tolist(), ends.tolist(), strict=True):
                if not common[q]:
                    found_ids.append(ids[lo:hi])
        hits = [n for q, numbers in buffered.items() if not common[q] for n in numbers]
        if hits:
            found_ids.append(np.array(hits, dtype=np.uint32))
        return np.concatenate(found_ids) if found_ids else np.empty(0, dtype=np.uint32)

    def _buffered_postings(self, keys: list[int]) -> dict[int, list[int]]:
        """Articles of the buffered keys, by position in ``keys``."""
        found = {}
        for q, key in enumerate(keys):
            first = self._buffer.get(key)
            if first is not None:
                found[q] = [first, *self._more.get(key, ())]
        return found

    def _flush(self) -> None:
        if not self._buffered:
            return
        keys = np.concatenate(self._pending)
        ids = np.repeat(np.array(self._pending_numbers, dtype=np.uint32), [len(k) for k in self._pending])
        self._buffer, self._more, self._pending, self._pending_numbers, self._buffered = {}, {}, [], [], 0
        order = np.argsort(keys, kind="stable")
        self._push(keys[order], ids[order])

    def _push(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """Add a sorted segment; merge the newest into the one before while it is at least half its size."""
        if not len(keys):
            return
        self._segments.append(_Segment(keys, ids))
        while len(self._segments) >= 2 and len(self._segments[-1].keys) * MERGE_RATIO >= len(self._segments[-2].keys):
            new, old = self._segments.pop(), self._segments.pop()
            self._segments.append(_Segment(*_capped(*_merge(old.keys, old.ids, new.keys, new.ids), self.max_postings)))


def _merge(k1: np.ndarray, i1: np.ndarray, k2: np.ndarray, i2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge two sorted segments in linear time; for equal keys, the first segment's postings come first."""
    at = np.searchsorted(k1, k2, side="right") + np.arange(len(k2))  # where each of k2 lands in the output
    second = np.zeros(len(k1) + len(k2), dtype=bool)
    second[at] = True
    keys, ids = np.empty(len(second), dtype=np.uint64), np.empty(len(second), dtype=np.uint32)
    keys[at], ids[at] = k2, i2
    keys[~second], ids[~second] = k1, i1
    return keys, ids


def _capped(keys: np.ndarray, ids: np.ndarray, max_postings: int) -> tuple[np.ndarray, np.ndarray]:
    """A sorted segment without the postings of a key past its first ``max_postings + 1`` (it is common already)."""
    if len(keys) <= max_postings + 1:
        return keys, ids
    # A key's posting m places on is the same key as m places back exactly when it has more than m postings.
    m = max_postings + 1
    late = np.zeros(len(keys), dtype=bool)
    late[m:] = keys[m:] == keys[:-m]
    if not late.any():
        return keys, ids
    return keys[~late], ids[~late]
