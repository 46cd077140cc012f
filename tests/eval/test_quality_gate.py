"""Quality gate: fixed evaluation data, floors in floors.json; a score below its floor fails CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.eval import extraction, segmentation

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())
WIKINEWS = Path(__file__).parents[2] / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"


@pytest.mark.shared_data
def test_html_extraction_scores_stay_above_their_floors(shared_data: Path) -> None:
    score = extraction.evaluate(shared_data / "extraction").as_dict()
    assert score["pages"] == 91
    for metric in ("f1", "precision", "recall"):
        assert score[metric] >= FLOORS["extraction"][metric], f"{metric} {score[metric]} fell below its floor"


def test_segmentation_of_synthetic_pages_stays_above_its_floor() -> None:
    score = segmentation.evaluate(WIKINEWS, n_pages=500, seed=7).as_dict()
    assert score["articles"] > 500
    assert score["pages_exact"] >= FLOORS["segmentation"]["pages_exact"]
    assert score["articles_exact"] >= FLOORS["segmentation"]["articles_exact"]


def test_extraction_metric_follows_the_benchmark_definition() -> None:
    gold = "one two three four five six"
    assert extraction.page_scores(gold, gold) == (1.0, 1.0)
    assert extraction.page_scores("", "") == (1.0, 1.0)
    precision, recall = extraction.page_scores("", gold)
    assert precision is None and recall == 0.0
    precision, recall = extraction.page_scores("one two three four five six seven", gold)
    assert recall == 1.0 and precision == pytest.approx(3 / 4)
