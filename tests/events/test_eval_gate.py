"""Quality gate for events: the scores of `wirewatch eval events` on the development sets stay above their floors
(tests/eval/floors.json, "events": set name -> metric -> floor)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.eval import events

FLOORS = json.loads((Path(__file__).parents[1] / "eval/floors.json").read_text())["events"]


@pytest.mark.shared_data
@pytest.mark.slow
def test_event_scores_stay_above_their_floors(shared_data: Path) -> None:
    report = events.evaluate(shared_data, seeds_dir=shared_data.parent / "seeds")  # seeds with expected.json
    scores = {s.name: s.scores() for s in report.sets}
    assert set(FLOORS) - {"measured"} <= set(scores), f"sets missing from the report: {set(FLOORS) - set(scores)}"
    low = [
        f"{name} {metric} {scores[name][metric]:.4f} < {floor}"
        for name, floors in FLOORS.items()
        if name != "measured"
        for metric, floor in floors.items()
        if scores[name][metric] < floor
    ]
    assert low == [], low
