"""KeyIndex: a uint64 multimap in sorted numpy segments, checked against a plain dict."""

from __future__ import annotations

import numpy as np

from wirewatch.dedup import index as index_module
from wirewatch.dedup.index import KeyIndex


def test_key_index_lookups_match_a_dict_across_flushes_and_merges(monkeypatch) -> None:
    monkeypatch.setattr(index_module, "BUFFER_KEYS", 64)  # force many segments and merges
    rng = np.random.default_rng(1)
    universe = rng.integers(0, 2**63, 500, dtype=np.uint64)
    reference: dict[int, list[int]] = {}
    index = KeyIndex()
    for number in range(400):
        keys = rng.choice(universe, 12, replace=False)
        index.add(keys, number)
        for key in keys.tolist():
            reference.setdefault(key, []).append(number)
    assert len(index) == 400 * 12
    assert len(index._segments) < 12  # merged, not one segment per flush
    for probe in (universe[:50], universe[200:260], np.array([7, 8, 9], dtype=np.uint64)):
        expected = sorted(n for key in probe.tolist() for n in reference.get(key, []))
        assert sorted(index.lookup(probe).tolist()) == expected


def test_key_index_bulk_load_then_add_finds_both() -> None:
    index = KeyIndex()
    index.add_many(np.array([5, 3, 9], dtype=np.uint64), np.array([0, 1, 2], dtype=np.uint32))
    index.add(np.array([3, 11], dtype=np.uint64), 3)
    assert sorted(index.lookup(np.array([3], dtype=np.uint64)).tolist()) == [1, 3]
    assert index.lookup(np.array([4], dtype=np.uint64)).tolist() == []
