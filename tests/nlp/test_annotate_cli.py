"""`wirewatch annotate` (stateless), the NLP stage of ingest, `enrich`, `entities`, `places` and `show`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

WIKINEWS = Path(__file__).parents[2] / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"
TEXTS = [
    {
        "id": "t1",
        "text": "Caretaker Prime Minister Najib Mikati visited Tyre on Saturday. The premier met Lebanese Army officers.",
        "date": "2024-06-10",
    },
    {"id": "t2", "text": "Houthi rebels said US airstrikes hit Hodeidah in Yemen yesterday."},
]


def test_annotate_gives_one_json_line_per_input_with_offsets_into_its_text(tmp_path: Path, wirewatch) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(t) for t in TEXTS) + "\n", encoding="utf-8")
    result = wirewatch("annotate", source)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["t1", "t2"]
    for record, given in zip(lines, TEXTS, strict=True):
        for kind in ("entities", "places", "dates"):
            for m in record[kind]:
                assert given["text"][m["start"] : m["end"]] == m["text"], (kind, m)
    first = lines[0]
    assert {"start", "end", "text", "label", "entity_id", "name", "country"} <= set(first["entities"][0])
    tyre = next(p for p in first["places"] if p["text"] == "Tyre")
    assert tyre["country"] == "LB" and {"geonameid", "admin1", "lat", "lon", "feature"} <= set(tyre)
    saturday = next(d for d in first["dates"] if "Saturday" in d["text"])
    assert (saturday["value"], saturday["precision"]) == ("2024-06-08", "day")
    yesterday = next(d for d in lines[1]["dates"] if d["text"] == "yesterday")
    assert (yesterday["value"], yesterday["precision"]) == (None, "unknown")  # no anchor: never invented


def test_annotate_reads_stdin_and_reports_bad_lines_in_place(wirewatch, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    script = Path(sys.executable).parent / "wirewatch"
    wirewatch_script = str(script) if script.exists() else shutil.which("wirewatch")
    assert wirewatch_script
    stdin = "\n".join([json.dumps(TEXTS[1]), "not json", json.dumps([1, 2]), json.dumps({"id": 9, "text": "x", "date": "soon"})])
    result = subprocess.run([wirewatch_script, "annotate"], input=stdin, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4 and "entities" in lines[0]
    assert [("error" in r) for r in lines] == [False, True, True, True]
    assert "line 2: not JSON" in lines[1]["error"] and "line 4" in lines[3]["error"] and lines[3]["id"] == 9
    assert result.stderr.count("rejected") == 3


def test_annotate_takes_the_outlets_country_from_a_code_or_an_address(wirewatch, tmp_path: Path) -> None:
    text = "Gunmen attacked a checkpoint near Mirpur on Tuesday."
    rows = [{"id": "none", "text": text}, {"id": "code", "text": text, "country": "pk"}]
    rows += [{"id": "url", "text": text, "url": "https://www.dawn.com.pk/news/1"}]
    rows += [{"id": "bad", "text": text, "country": "Pakistan"}]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = wirewatch("annotate", source)
    assert result.returncode == 2
    lines = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert [p["country"] for p in lines["none"]["places"]] == ["IN"]  # a small Mirpur in Punjab, without context
    assert [p["country"] for p in lines["code"]["places"]] == [p["country"] for p in lines["url"]["places"]] == ["PK"]
    assert "ISO 3166-1 alpha-2" in lines["bad"]["error"]


@pytest.fixture(scope="module")
def wikinews_db(tmp_path_factory: pytest.TempPathFactory, wirewatch) -> Path:
    """Twelve Wikinews articles ingested with the NLP stage."""
    import gzip

    work = tmp_path_factory.mktemp("nlp")
    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as f:
        records = [next(f) for _ in range(12)]
    (work / "wn.jsonl").write_text("".join(records), encoding="utf-8")
    result = wirewatch("ingest", work / "wn.jsonl", "--db", work / "t.db", "-q")
    assert result.returncode == 0, result.stderr
    assert "article(s) annotated" in result.stdout
    return work


def _annotation_rows(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("entity_mentions", "place_mentions", "date_mentions", "entities", "places")
        }


def test_ingest_annotates_new_articles_and_a_rerun_adds_nothing(wikinews_db: Path, wirewatch) -> None:
    before = _annotation_rows(wikinews_db / "t.db")
    assert len(before["entity_mentions"]) > 50 and len(before["place_mentions"]) > 20 and before["date_mentions"]
    again = wirewatch("ingest", wikinews_db / "wn.jsonl", "--db", wikinews_db / "t.db", "-q")
    assert again.returncode == 0, again.stderr
    assert _annotation_rows(wikinews_db / "t.db") == before


def test_no_annotate_then_enrich_gives_the_same_annotations(wikinews_db: Path, tmp_path: Path, wirewatch) -> None:
    db = tmp_path / "late.db"
    first = wirewatch("ingest", wikinews_db / "wn.jsonl", "--db", db, "-q", "--no-annotate")
    assert first.returncode == 0 and "annotated" not in first.stdout
    assert not _annotation_rows(db)["entity_mentions"]
    enriched = wirewatch("enrich", "--db", db)
    assert enriched.returncode == 0, enriched.stderr
    assert _annotation_rows(db) == _annotation_rows(wikinews_db / "t.db")


def test_entities_and_places_list_what_articles_name(wikinews_db: Path, wirewatch) -> None:
    db = wikinews_db / "t.db"
    entities = json.loads(wirewatch("entities", "--db", db, "--format", "json").stdout)
    assert entities and {"id", "name", "label", "country", "mentions", "articles"} <= set(entities[0])
    assert entities == sorted(entities, key=lambda e: (-e["articles"], -e["mentions"], e["id"]))
    people = json.loads(wirewatch("entities", "--db", db, "--label", "person", "--format", "json").stdout)
    assert people and all(e["label"] == "PERSON" for e in people)
    places = json.loads(wirewatch("places", "--db", db, "--format", "json").stdout)
    assert places and {"id", "name", "geonameid", "country", "lat", "lon", "feature"} <= set(places[0])
    bad = wirewatch("entities", "--db", db, "--label", "wizard")
    assert bad.returncode == 1 and "unknown label" in bad.stderr


def test_show_highlights_and_lists_annotations(wikinews_db: Path, wirewatch) -> None:
    db = wikinews_db / "t.db"
    first = json.loads(wirewatch("articles", "--db", db, "--format", "json", "--limit", "1").stdout)[0]
    shown = wirewatch("show", first["id"], "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "Entities:" in shown.stdout and "Places:" in shown.stdout
