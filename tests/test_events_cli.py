"""`wirewatch events` and `wirewatch export --format acled`, end to end on a database filled with Writer.write_events:
the JSON shape the issue specifies, flat CSV, valid GeoJSON, ACLED's header and a row, filters and their errors."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from wirewatch.cli import main
from wirewatch.models import ArticleEventMention, Event, EventMention, Participant, PlaceMention, Quantity
from wirewatch.output_events import EVENT_CSV_COLUMNS, print_events
from wirewatch.store import Writer, connect

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
)
SENTENCE = "Suspected US airstrikes near Hodeidah killed at least 4 people, the Houthis said."


def person(name: str, entity_id: str | None, label: str | None, country: str | None) -> Participant:
    return Participant(0, len(name), name, name, entity_id, label, country)


def event(id: str, type: str, acled: tuple[str, str] | None, place: PlaceMention | None, **fields) -> Event:
    sentence = fields.pop("sentence", SENTENCE)
    found = EventMention(type, None, *(acled or (None, None)), "19", 200, 200 + len(sentence), 210, 220, "airstrikes")
    return Event(
        id=id, story_id="s1", type=type, mode=fields.pop("mode", None), acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None, cameo_root="19", actors=fields.pop("actors", []),
        recipients=fields.pop("recipients", []), place=place, date=fields.pop("date", None),
        date_precision=fields.pop("date_precision", "unknown"), fatalities=fields.pop("fatalities", None),
        injured=fields.pop("injured", None), flags=fields.pop("flags", []), claimed_by=fields.pop("claimed_by", None),
        confidence=0.8, sources=1, mentions=[ArticleEventMention(fields.pop("article", "a1"), found, sentence)],
    )  # fmt: skip


HODEIDAH = PlaceMention(30, 38, "Hodeidah", "Hodeidah", 79836, "YE", "Al Hudaydah", 14.7978, 42.9545, "city", 0.9)
SANAA = PlaceMention(20, 25, "Sanaa", "Sanaa", 71137, "YE", "Amanat Al Asimah", 15.3547, 44.2066, "capital", 0.9)
US = person("US", "us.military", "STATE", "US")
HOUTHIS = person("Houthis", "houthis", "ARMED_GROUP", "YE")

EVENTS = [
    event("e1-strike", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike"), HODEIDAH, mode="aerial", actors=[US],
          recipients=[person("people", "generic.civilians", None, None)], date="2025-03-28", date_precision="day",
          fatalities=Quantity(46, 56, "at least 4", 4, "at least"), injured=Quantity(0, 5, "dozens", 24, "about", 36),
          flags=["claimed"], claimed_by=HOUTHIS),
    event("e2-rally", "PROTEST", ("Protests", "Peaceful protest"), SANAA, actors=[person("protesters", "generic.protesters",
          None, None), HOUTHIS], date="2025-03", date_precision="month", article="a2",
          sentence="Thousands of Houthi supporters rallied in Sanaa to mark al-Quds Day."),
    event("e3-talks", "CONSULT", None, None, actors=[person("Najib Mikati", "person:najib-mikati", "PERSON", "LB")],
          sentence="Mikati met the UN envoy.", article="a3"),
    event("e4-toll", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike"), HODEIDAH, actors=[US],
          fatalities=Quantity(0, 2, "65", 65), flags=["cumulative"], date="2025-03-29", date_precision="day"),
]  # fmt: skip


@pytest.fixture
def db(db_path: Path) -> Path:
    conn = connect(db_path)
    Writer(conn).write_events(EVENTS)
    conn.executemany(
        "INSERT INTO articles (id, title, source, url, n_words, created_at) VALUES (?, 't', ?, ?, 1, '2025-03-29')",
        [("a1", "Asharq Al-Awsat", None), ("a2", None, "https://www.sabanew.net/story/1"), ("a3", None, None)],
    )
    conn.close()
    return db_path


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    assert main([*args, "--db", str(db)]) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


# --- wirewatch events -------------------------------------------------------------------------------------------


SPEC_KEYS = [
    "id", "type", "mode", "acled_event_type", "acled_sub_event_type", "cameo_root", "actors", "recipients", "place",
    "date", "date_precision", "fatalities", "fatalities_qualifier", "injured", "flags", "confidence", "sources", "mentions",
]  # fmt: skip


def test_events_json_has_the_shape_the_issue_specifies(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(db, capsys, "events", "--format", "json")
    records = {r["id"]: r for r in json.loads(out)}
    strike = records["e1-strike"]
    assert list(strike)[: len(SPEC_KEYS)] == SPEC_KEYS
    assert set(strike) - set(SPEC_KEYS) <= {"claimed_by", "story_id", "injured_qualifier", "fatalities_high", "injured_high"}
    assert strike["actors"] == [{"name": "US", "id": "us.military", "country": "US"}]
    assert strike["recipients"] == [{"name": "people", "id": "generic.civilians", "country": None}]
    assert strike["place"] == {"name": "Hodeidah", "geonameid": 79836, "country": "YE", "admin1": "Al Hudaydah",
                               "lat": 14.7978, "lon": 42.9545}  # fmt: skip
    assert (strike["date"], strike["date_precision"]) == ("2025-03-28", "day")
    assert (strike["fatalities"], strike["fatalities_qualifier"], strike["injured"]) == (4, "at least", 24)
    assert (strike["flags"], strike["confidence"], strike["sources"]) == (["claimed"], 0.8, 1)
    mention = strike["mentions"][0]
    assert {k: mention[k] for k in ("article_id", "sentence", "start", "end")} == {
        "article_id": "a1", "sentence": SENTENCE, "start": 200, "end": 200 + len(SENTENCE)}  # fmt: skip
    assert mention["trigger"] == {"start": 210, "end": 220, "text": "airstrikes"}
    assert strike["claimed_by"] == {"name": "Houthis", "id": "houthis", "country": "YE"}
    assert (strike["injured_qualifier"], strike["injured_high"]) == ("about", 36)
    assert records["e3-talks"]["place"] is None and records["e3-talks"]["fatalities"] is None


def test_events_come_earliest_first_undated_last(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(db, capsys, "events", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["e2-rally", "e1-strike", "e4-toll", "e3-talks"]


def test_events_table_lists_each_event_with_its_full_id(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(db, capsys, "events")  # an 80-column console: the other columns wrap, ids do not
    assert all(e.id in out for e in EVENTS) and "4 event(s)" in out
    wide = Console(file=io.StringIO(), width=160)
    print_events(wide, EVENTS, "table")
    table = wide.file.getvalue()
    assert "ASSAULT/aerial" in table and "Air/drone strike" in table and "US → people" in table
    assert "Hodeidah, YE" in table and "≥4 / ~24–36" in table and "cumulative" in table


def test_events_csv_is_one_flat_row_per_event(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(db, capsys, "events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == EVENT_CSV_COLUMNS
    rally = next(r for r in rows if r["id"] == "e2-rally")
    assert rally["actors"] == "protesters; Houthis" and rally["actor_ids"] == "generic.protesters; houthis"
    assert (rally["place"], rally["country"], rally["lat"], rally["mentions"]) == ("Sanaa", "YE", "15.3547", "1")
    assert rally["sentence"].startswith("Thousands of Houthi supporters")


def test_events_geojson_is_a_feature_collection_of_points(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(db, capsys, "events", "--format", "geojson")
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {"e1-strike", "e2-rally", "e4-toll"}  # the talks have no place
    strike = features["e1-strike"]
    assert strike["type"] == "Feature"
    assert strike["geometry"] == {"type": "Point", "coordinates": [42.9545, 14.7978]}  # lon, lat
    assert strike["properties"]["place"] == {"name": "Hodeidah", "geonameid": 79836, "country": "YE", "admin1": "Al Hudaydah"}
    assert strike["properties"]["fatalities"] == 4
    assert "1 event(s) without a place left out" in err


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--type", "protest"], ["e2-rally"]),
        (["--acled-type", "air/drone strike"], ["e1-strike", "e4-toll"]),
        (["--country", "YE", "--since", "2025-03-29"], ["e2-rally", "e4-toll"]),
        (["--until", "2025-03-28", "--min-fatalities", "1"], ["e1-strike"]),
        (["--actor", "houthis"], ["e2-rally"]),
        (["--actor", "mikati"], ["e3-talks"]),
        (["--place", "sanaa"], ["e2-rally"]),
        (["--near", "14.80,42.95,50"], ["e1-strike", "e4-toll"]),
        (["--text", "UN envoy"], ["e3-talks"]),
        (["--story", "s1", "--limit", "2"], ["e2-rally", "e1-strike"]),
    ],
)
def test_events_filters_from_the_command_line(
    db: Path, capsys: pytest.CaptureFixture[str], options: list[str], expected: list[str]
) -> None:
    out, _ = run(db, capsys, "events", "--format", "json", *options)
    assert [r["id"] for r in json.loads(out)] == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--near", "14.8,42.9"], "give LAT,LON,KM"),
        (["--near", "14.8,242.9,10"], "a longitude (-180..180)"),
        (["--type", "airstrike"], "unknown event type 'airstrike'"),
        (["--acled-type", "airstrike"], "unknown ACLED type 'airstrike'"),
        (["--since", "yesterday"], "--since 'yesterday' is not a date"),
    ],
)
def test_bad_filters_exit_1_with_one_line_saying_what_to_give(
    db: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    _, err = run(db, capsys, "events", *options, code=1)
    assert message in " ".join(err.split())


# --- wirewatch export --format acled --------------------------------------------------------------------------


def test_acled_export_writes_acleds_header_and_a_row_per_event(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "acled.csv"
    _, err = run(db, capsys, "export", "--format", "acled", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ACLED_HEADER
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"e1-strike", "e2-rally"}  # talks: no ACLED type; toll: a cumulative total
    assert "2 event(s) written" in err and "no ACLED type 1" in err and "cumulative 1" in err
    strike = rows["e1-strike"]
    assert {k: v for k, v in strike.items() if k != "timestamp"} == {
        "event_id_cnty": "e1-strike", "event_date": "2025-03-28", "year": "2025", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "actor1": "Military Forces of the United States of America",
        "assoc_actor_1": "", "inter1": "8", "actor2": "Civilians (Yemen)", "assoc_actor_2": "", "inter2": "7",
        "interaction": "78", "civilian_targeting": "Civilian targeting", "iso": "887", "region": "Middle East",
        "country": "Yemen", "admin1": "Al Hudaydah", "admin2": "", "admin3": "", "location": "Hodeidah",
        "latitude": "14.7978", "longitude": "42.9545", "geo_precision": "1", "source": "Asharq Al-Awsat",
        "source_scale": "", "notes": SENTENCE, "fatalities": "4", "tags": "fatalities=at least 4; claimed by=Houthis",
    }  # fmt: skip
    assert int(strike["timestamp"]) > 1_700_000_000
    rally = rows["e2-rally"]
    assert (rally["event_date"], rally["time_precision"], rally["disorder_type"]) == ("2025-03-16", "3", "Demonstrations")
    assert (rally["actor1"], rally["assoc_actor_1"], rally["inter1"]) == ("Protesters (Yemen)", "Ansar Allah", "6")
    assert (rally["interaction"], rally["source"], rally["fatalities"]) == ("60", "sabanew.net", "0")


def test_acled_export_to_standard_output_takes_the_event_filters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(db, capsys, "export", "--format", "acled", "--type", "PROTEST")
    lines = out.splitlines()
    assert lines[0] == ACLED_HEADER and len(lines) == 2 and lines[1].startswith("e2-rally,")
    assert "1 event(s) written" in err


def test_acled_export_joins_a_storys_strikes_of_one_day_place_and_actor_pair_as_acled_does(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strike = EVENTS[0]
    second = replace(
        strike,
        id="e5-second-strike",
        confidence=0.5,
        fatalities=Quantity(0, 1, "one", 1),
        mentions=[ArticleEventMention("a1", strike.mentions[0].mention, "A drone also struck a street there.")],
    )
    other_story = replace(second, id="e6-other-story", story_id="s2")  # the same strike in another story: never summed
    next_day = replace(second, id="e7-next-day", date="2025-03-29")
    week = replace(second, id="e8-that-week", date="2025-W13", date_precision="week")
    elsewhere = replace(second, id="e9-sanaa", place=SANAA)
    conn = connect(db_path)
    Writer(conn).write_events([strike, second, other_story, next_day, week, elsewhere])
    conn.close()
    out, err = run(db_path, capsys, "export", "--format", "acled")
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"e1-strike", "e6-other-story", "e7-next-day", "e8-that-week", "e9-sanaa"}
    joined = rows["e1-strike"]  # the more confident event's row, with both events' dead and sentences
    assert (joined["fatalities"], joined["notes"]) == ("5", f"{SENTENCE} A drone also struck a street there.")
    assert [rows[i]["fatalities"] for i in ("e6-other-story", "e7-next-day", "e8-that-week", "e9-sanaa")] == ["1"] * 4
    assert "5 event(s) written (1 more event(s) joined to them)" in err
    out, err = run(db_path, capsys, "export", "--format", "acled", "--per", "event")
    assert len(out.splitlines()) == 1 + 6 and "6 event(s) written" in err


@pytest.mark.shared_data
def test_acled_header_is_the_header_of_acleds_own_export(shared_data: Path) -> None:
    with open(shared_data / "acled/acled_gaza_2023_2025.csv", encoding="utf-8") as f:
        assert f.readline().strip() == ACLED_HEADER
