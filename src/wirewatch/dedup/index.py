"""A compact multimap from uint64 keys to article numbers, for millions of articles.

Keys live in sorted numpy segments (like an LSM tree): new keys collect in a small dict, which becomes a sorted
segment when it fills; a segment is merged into the one before it while it is at least half that one's size,
so there are log-many segments. A lookup is one ``searchsorted`` per segment plus a dict lookup per key.
Memory: 12 bytes per key (8 for the key, 4 for the article number); 56 keys per article is ~670 MB for a
million articles, where a Python dict would need several GB.
"""

from __future__ import annotations

import numpy as np

BUFFER_KEYS = 1 << 16


class KeyIndex:
    def __init__(self) -> None:
        self._segments: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys uint64, article numbers uint32)
        self._buffer: dict[int, list[int]] = {}
        self._buffered = 0

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self._segments) + self._buffered

    def add(self, keys: np.ndarray, number: int) -> None:
        """Index ``keys`` (uint64) for article ``number``."""
        for key in keys.tolist():
            self._buffer.setdefault(key, []).append(number)
        self._buffered += len(keys)
        if self._buffered >= BUFFER_KEYS:
            self._flush()

    def add_many(self, keys: np.ndarray, numbers: np.ndarray) -> None:
        """Index many (key, article number) pairs at once (loading a stored index)."""
        order = np.argsort(keys, kind="stable")
        self._segments.append((keys[order].astype(np.uint64), numbers[order].astype(np.uint32)))
        self._compact()

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Article numbers having any of ``keys`` (with repeats: one per shared key)."""
        found = []
        for seg_keys, seg_ids in self._segments:
            left = np.searchsorted(seg_keys, keys, side="left")
            right = np.searchsorted(seg_keys, keys, side="right")
            for lo, hi in zip(left[right > left], right[right > left], strict=True):
                found.append(seg_ids[lo:hi])
        if self._buffered:
            hits = [n for key in keys.tolist() for n in self._buffer.get(key, ())]
            if hits:
                found.append(np.array(hits, dtype=np.uint32))
        return np.concatenate(found) if found else np.empty(0, dtype=np.uint32)

    def _flush(self) -> None:
        if not self._buffered:
            return
        keys = np.fromiter((k for k, ns in self._buffer.items() for _ in ns), dtype=np.uint64, count=self._buffered)
        ids = np.fromiter((n for ns in self._buffer.values() for n in ns), dtype=np.uint32, count=self._buffered)
        self._buffer, self._buffered = {}, 0
        order = np.argsort(keys, kind="stable")
        self._segments.append((keys[order], ids[order]))
        self._compact()

    def _compact(self) -> None:
        """Merge the newest segment into the one before while it is at least half its size (log-many segments)."""
        while len(self._segments) >= 2 and len(self._segments[-1][0]) * 2 >= len(self._segments[-2][0]):
            (k2, i2), (k1, i1) = self._segments.pop(), self._segments.pop()
            keys, ids = np.concatenate([k1, k2]), np.concatenate([i1, i2])
            order = np.argsort(keys, kind="stable")
            self._segments.append((keys[order], ids[order]))
