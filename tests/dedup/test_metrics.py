"""Clustering metrics against hand-computed values."""

from __future__ import annotations

import pytest

from wirewatch.eval.stories import adjusted_rand, bcubed


def test_bcubed_on_a_known_example() -> None:
    gold = ["x", "x", "x", "y", "y"]
    pred = [1, 1, 2, 2, 2]
    precision, recall, f1 = bcubed(gold, pred)
    assert precision == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_adjusted_rand_is_one_for_identical_and_about_zero_for_unrelated() -> None:
    assert adjusted_rand(["a", "a", "b", "b"], [7, 7, 3, 3]) == pytest.approx(1.0)
    assert adjusted_rand(["a", "a", "b", "b"], [1, 2, 1, 2]) == pytest.approx(-0.5)
    assert bcubed(["a", "b"], [1, 1])[0] == pytest.approx(0.5)
