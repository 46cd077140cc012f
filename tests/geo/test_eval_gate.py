"""Quality gate for geocoding: scores on LGL, GeoVirus and Hu2014 stay above their floors; every seed place resolves
within its tolerance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.eval import geo

FLOORS = json.loads((Path(__file__).parents[1] / "eval/floors.json").read_text())["geo"]


@pytest.mark.shared_data
@pytest.mark.slow
def test_geocoding_scores_stay_above_their_floors(shared_data: Path) -> None:
    scores = {s.corpus: s for s in geo.evaluate(shared_data / "geo")}
    assert scores["lgl"].gold_toponyms == 5088 and scores["geovirus"].gold_toponyms == 2170
    for corpus, floors in FLOORS.items():
        if corpus in scores:
            for metric, floor in floors.items():
                value = getattr(scores[corpus], metric)
                assert value >= floor, f"{corpus} {metric} {value:.4f} fell below its floor {floor}"


def test_every_seed_place_is_within_its_tolerance(seed_files: list[Path], expected: dict) -> None:
    checks = geo.check_seed_places(seed_files, expected["places"])
    assert len(checks) == len(expected["places"])
    assert [c.mention for c in checks if not c.ok] == []


def test_auc_and_distance_follow_the_definitions() -> None:
    assert geo.auc([0.0, 0.0]) == 0.0
    assert geo.auc([20039.0]) == pytest.approx(1.0)
    assert geo.distance_km(33.27, 35.2, 33.27, 35.2) == 0.0
    assert geo.distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
