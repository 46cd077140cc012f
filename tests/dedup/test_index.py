"""KeyIndex: a uint64 multimap in sorted numpy segments, checked against a plain dict."""

from __future__ import annotations

import numpy as np
import pytest

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


def _reference_lookup(reference: dict[int, list[int]], probe: np.ndarray, max_postings: int) -> list[int]:
    return sorted(n for key in probe.tolist() if len(reference.get(key, [])) <= max_postings for n in reference.get(key, []))


@pytest.mark.parametrize(("bucket_keys", "window"), [(8, 16), (64, 2)])  # (64, 2): most buckets crowded
def test_key_index_directory_lookups_match_a_dict(monkeypatch, bucket_keys: int, window: int) -> None:
    monkeypatch.setattr(index_module, "BUFFER_KEYS", 256)
    monkeypatch.setattr(index_module, "BUCKET_KEYS", bucket_keys)
    monkeypatch.setattr(index_module, "WINDOW", window)
    rng = np.random.default_rng(2)
    universe = np.sort(rng.integers(0, 2**64 - 1, 300, dtype=np.uint64))
    weights = 1.0 / np.arange(1, len(universe) + 1)  # Zipf-like: a few keys in many articles
    reference: dict[int, list[int]] = {}
    index = KeyIndex(max_postings=10**6)
    for number in range(600):
        keys = rng.choice(universe, 8, replace=False, p=weights / weights.sum())
        index.add(keys, number)
        for key in keys.tolist():
            reference.setdefault(key, []).append(number)
    assert len(index._segments) > 1
    absent = np.array([0, 2**64 - 1, int(universe[0]) + 1], dtype=np.uint64)
    for probe in (universe[:5], universe[100:160], universe[-3:], absent, np.concatenate([universe[:2], universe[:2]])):
        assert sorted(index.lookup(probe).tolist()) == _reference_lookup(reference, probe, 10**6)


def test_key_index_leaves_out_keys_shared_by_more_than_max_postings_articles(monkeypatch) -> None:
    monkeypatch.setattr(index_module, "BUFFER_KEYS", 32)
    common, rare = np.uint64(12345), np.uint64(777)
    index = KeyIndex(max_postings=20)
    for number in range(60):  # the common key lands in buffer and segments, merged and not
        index.add(np.array([common, 1000 + number], dtype=np.uint64), number)
        if number == 19:
            assert sorted(index.lookup(np.array([common], dtype=np.uint64)).tolist()) == list(range(20))
    index.add(np.array([rare, common], dtype=np.uint64), 60)
    assert index.lookup(np.array([common], dtype=np.uint64)).tolist() == []
    assert sorted(index.lookup(np.array([common, rare, 1005], dtype=np.uint64)).tolist()) == [5, 60]
    stored = sum(int(np.count_nonzero(seg.keys == common)) for seg in index._segments)
    assert stored == 21  # merged segments keep max_postings + 1 postings of a common key of the 48 flushed


def test_key_index_bulk_load_caps_common_keys_and_skips_empty_loads() -> None:
    index = KeyIndex(max_postings=3)
    index.add_many(np.array([], dtype=np.uint64), np.array([], dtype=np.uint32))
    keys = np.array([9] * 10 + [4], dtype=np.uint64)
    index.add_many(keys, np.arange(11, dtype=np.uint32))
    assert len(index) == 4 + 1
    assert index.lookup(np.array([9, 4], dtype=np.uint64)).tolist() == [10]
