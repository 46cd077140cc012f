"""Quality gate: fixed evaluation data, floors in floors.json; a score below its floor fails CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.eval import dedup, extraction, segmentation, stories

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


def test_near_duplicate_detection_stays_above_its_floors() -> None:
    score = dedup.evaluate(WIKINEWS.parents[1], n_muc=100, n_events=300, seed=1)
    floors = FLOORS["dedup"]
    assert score.copies > 9000 and score.negatives > 400
    assert score.precision >= floors["precision"] and score.recall >= floors["recall"]
    weakest = min(score.recall_by_edit.items(), key=lambda kv: kv[1])
    assert weakest[1] >= floors["recall_each_edit"], f"recall for {weakest[0]} fell to {weakest[1]}"


@pytest.mark.shared_data
def test_story_clustering_stays_above_its_floors(shared_data: Path) -> None:
    current = stories.current_events(WIKINEWS.parents[1] / "current-events/wikipedia_current_events_2025_2026.jsonl.gz")
    wikiref = stories.wikiref220(shared_data / "clustering/wikiref220")
    assert current.items == 10563 and wikiref.items == 220
    assert current.bcubed_f1 >= FLOORS["stories"]["current_events_bcubed_f1"]
    assert wikiref.bcubed_f1 >= FLOORS["stories"]["wikiref220_bcubed_f1"]


def test_extraction_metric_follows_the_benchmark_definition() -> None:
    gold = "one two three four five six"
    assert extraction.page_scores(gold, gold) == (1.0, 1.0)
    assert extraction.page_scores("", "") == (1.0, 1.0)
    precision, recall = extraction.page_scores("", gold)
    assert precision is None and recall == 0.0
    precision, recall = extraction.page_scores("one two three four five six seven", gold)
    assert recall == 1.0 and precision == pytest.approx(3 / 4)
