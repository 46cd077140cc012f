"""Events in the store, on a real SQLite file: written whole with participants and mentions, re-written in place as
mentions join, read back equal, and found by every filter of Database.events."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from wirewatch.errors import StoreError, UsageError
from wirewatch.geo.distance import distance_km
from wirewatch.models import ArticleEventMention, Event, EventMention, Participant, PlaceMention, Quantity
from wirewatch.store import Writer, connect, open_database
from wirewatch.store.events import period

HODEIDAH = (14.7978, 42.9545)


def person(name: str, entity_id: str | None = None, label: str | None = None, country: str | None = None) -> Participant:
    return Participant(10, 10 + len(name), name, name, entity_id, label, country)


def place(name: str, lat: float, lon: float, country: str, admin1: str | None = None, geonameid: int | None = 1) -> PlaceMention:
    return PlaceMention(40, 40 + len(name), name, name, geonameid, country, admin1, lat, lon, "city", 0.9)


def mention(article_id: str, sentence: str, trigger: str, **fields) -> ArticleEventMention:
    start = sentence.index(trigger)
    found = EventMention(
        type=fields.pop("type", "ASSAULT"),
        mode=fields.pop("mode", "aerial"),
        acled_event_type=fields.pop("acled_event_type", "Explosions/Remote violence"),
        acled_sub_event_type=fields.pop("acled_sub_event_type", "Air/drone strike"),
        cameo_root=fields.pop("cameo_root", "19"),
        sentence_start=100,
        sentence_end=100 + len(sentence),
        trigger_start=100 + start,
        trigger_end=100 + start + len(trigger),
        trigger=trigger,
        **fields,
    )
    return ArticleEventMention(article_id, found, sentence)


def airstrike(**changes) -> Event:
    """Article B of the seeds: suspected US airstrikes near Hodeidah, at least 4 dead."""
    us = person("US", "us.military", "STATE", "US")
    dead = Quantity(120, 132, "at least 4", 4, "at least")
    hodeidah = place("Hodeidah", *HODEIDAH, "YE", "Al Hudaydah", 79836)
    sentence = "Suspected US airstrikes near Hodeidah killed at least 4 people, the Houthis said."
    first = mention("a1", sentence, "airstrikes", actors=[us], place=hodeidah, date="2025-03-28", date_precision="day",
                    fatalities=dead, claimed_by=person("Houthis", "houthis", "ARMED_GROUP", "YE"), confidence=0.8)  # fmt: skip
    event = Event(
        id="e-airstrike", story_id="s-yemen", type="ASSAULT", mode="aerial", acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Air/drone strike", cameo_root="19", actors=[us],
        recipients=[person("civilians", "generic.civilians", None, "YE")], place=hodeidah, date="2025-03-28",
        date_precision="day", fatalities=dead, injured=Quantity(150, 157, "dozens", 24, "about", 36), flags=["claimed"],
        claimed_by=person("Houthis", "houthis", "ARMED_GROUP", "YE"), confidence=0.8, sources=1, mentions=[first],
    )  # fmt: skip
    return replace(event, **changes)


def protest(**changes) -> Event:
    sentence = "Thousands rallied in Sanaa on Friday to mark al-Quds Day."
    event = Event(
        id="e-protest", story_id="s-yemen", type="PROTEST", mode="demo", acled_event_type="Protests",
        acled_sub_event_type="Peaceful protest", cameo_root="14", actors=[person("protesters", "generic.protesters")],
        recipients=[], place=place("Sanaa", 15.3547, 44.2066, "YE", "Amanat Al Asimah", 71137), date="2025-03",
        date_precision="month", fatalities=None, injured=None, flags=[], claimed_by=None, confidence=0.6, sources=2,
        mentions=[mention("a1", sentence, "rallied", type="PROTEST", mode="demo")],
    )  # fmt: skip
    return replace(event, **changes)


def meeting(**changes) -> Event:
    sentence = "Mikati met UN envoy in Tyre to discuss the ceasefire."
    event = Event(
        id="e-meeting", story_id="s-lebanon", type="CONSULT", mode="visit", acled_event_type=None,
        acled_sub_event_type=None, cameo_root="04", actors=[person("Najib Mikati", "person:najib-mikati", "PERSON", "LB")],
        recipients=[person("Houthi envoy", None, None, None)], place=None, date=None, date_precision="unknown",
        fatalities=None, injured=None, flags=[], claimed_by=None, confidence=0.5, sources=1,
        mentions=[mention("a2", sentence, "met", type="CONSULT", mode="visit", acled_event_type=None,
                          acled_sub_event_type=None, cameo_root="04")],
    )  # fmt: skip
    return replace(event, **changes)


def write(db: Path, events: list[Event]) -> None:
    conn = connect(db)
    try:
        Writer(conn).write_events(events)
    finally:
        conn.close()


def table_rows(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def stored(db_path: Path) -> Path:
    write(db_path, [airstrike(), protest(), meeting()])
    return db_path


# --- schema and writing -----------------------------------------------------------------------------------


def test_migration_indexes_participants_by_entity_and_name(db_path: Path) -> None:
    connect(db_path).close()
    conn = sqlite3.connect(db_path)
    indexes = {r[0]: r[1] for r in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")}
    columns = {r[2] for r in conn.execute("PRAGMA index_info(event_participants_entity)")}
    columns |= {r[2] for r in conn.execute("PRAGMA index_info(event_participants_name)")}
    conn.close()
    assert {"events_date", "events_type", "events_acled", "events_country", "events_latlon", "events_story"} <= set(indexes)
    assert indexes["event_mentions_article"] == "event_mentions"
    assert columns == {"entity_id", "name"}


def test_events_read_back_equal_to_what_was_written_every_evidence_span_included(stored: Path) -> None:
    with open_database(stored) as db:
        events = {e.id: e for e in db.events()}
    assert events == {e.id: e for e in (airstrike(), protest(), meeting())}
    back = events["e-airstrike"].mentions[0].mention
    assert back.fatalities == Quantity(120, 132, "at least 4", 4, "at least")
    assert back.claimed_by is not None and back.claimed_by.entity_id == "houthis"
    assert back.place is not None and back.place.score == 0.9


def test_rewriting_an_event_replaces_it_with_its_participants_and_mentions(stored: Path) -> None:
    second = mention("a3", "Airstrikes hit Hodeidah port, killing six, Saba reported.", "Airstrikes")
    grown = airstrike(mentions=[*airstrike().mentions, second], sources=2, recipients=[], fatalities=Quantity(0, 3, "six", 6))
    write(stored, [grown])
    write(stored, [grown])
    with open_database(stored) as db:
        events = {e.id: e for e in db.events()}
    assert len(events) == 3
    assert events["e-airstrike"] == grown
    assert table_rows(stored, "event_mentions") == 4  # 2 for the airstrike, 1 each for the others
    assert table_rows(stored, "event_participants") == 4  # the airstrike's recipient is gone


def test_an_id_given_twice_in_one_batch_is_written_once_the_last_wins(db_path: Path) -> None:
    write(db_path, [airstrike(confidence=0.1), airstrike(confidence=0.9)])
    with open_database(db_path) as db:
        assert [e.confidence for e in db.events()] == [0.9]


def test_a_batch_that_fails_writes_nothing(db_path: Path) -> None:
    broken = protest(type=None)  # events.type is NOT NULL
    with pytest.raises(StoreError):
        write(db_path, [airstrike(), broken])
    assert table_rows(db_path, "events") == 0
    assert table_rows(db_path, "event_participants") == 0


# --- filters ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["e-protest", "e-airstrike", "e-meeting"]),  # March 2025 starts before 28 March
        ({"type": "assault"}, ["e-airstrike"]),
        ({"acled_event_type": "protests"}, ["e-protest"]),
        ({"acled_event_type": "AIR/DRONE STRIKE"}, ["e-airstrike"]),
        ({"country": "ye"}, ["e-protest", "e-airstrike"]),
        ({"actor": "us.military"}, ["e-airstrike"]),
        ({"actor": "MIKATI"}, ["e-meeting"]),
        ({"actor": "civilians"}, []),  # a recipient, not an actor
        ({"actor": "Houthi"}, []),  # the claimant and a recipient's name do not count
        ({"actor": "%"}, []),  # LIKE wildcards are matched literally
        ({"place": "sana"}, ["e-protest"]),
        ({"place": "hudaydah"}, ["e-airstrike"]),  # the place's admin1
        ({"since": "2025-03-28"}, ["e-protest", "e-airstrike"]),  # the protest's month overlaps
        ({"since": "2025-03-29"}, ["e-protest"]),
        ({"until": "2025-03-27"}, ["e-protest"]),
        ({"since": "2025-04", "until": "2025"}, []),
        ({"since": "2025"}, ["e-protest", "e-airstrike"]),  # undated events are left out of any range
        ({"min_fatalities": 4}, ["e-airstrike"]),
        ({"min_fatalities": 5}, []),
        ({"min_fatalities": 0}, ["e-airstrike"]),  # not reported is not zero
        ({"text": "AL-QUDS"}, ["e-protest"]),
        ({"story": "s-yemen"}, ["e-protest", "e-airstrike"]),
        ({"story": "s-yemen", "type": "PROTEST", "country": "YE", "since": "2025-01-01"}, ["e-protest"]),
        ({"limit": 1}, ["e-protest"]),
    ],
)
def test_events_filters(stored: Path, filters: dict, expected: list[str]) -> None:
    with open_database(stored) as db:
        assert [e.id for e in db.events(**filters)] == expected


def test_events_come_by_date_then_id_undated_last(db_path: Path) -> None:
    events = [
        meeting(id="a-undated"),
        airstrike(id="b-day", date="2025-03-02"),
        airstrike(id="a-day", date="2025-03-02"),
        protest(id="c-week", date="2025-W09", date_precision="week"),  # 24 Feb - 2 Mar
        protest(id="d-year", date="2024", date_precision="year"),
    ]
    write(db_path, events)
    with open_database(db_path) as db:
        assert [e.id for e in db.events()] == ["d-year", "c-week", "a-day", "b-day", "a-undated"]
        assert [e.id for e in db.events(since="2025-03-01", until="2025-03-01")] == ["c-week"]


def test_near_keeps_events_within_the_radius_not_the_corners_of_its_box(db_path: Path) -> None:
    lat, lon = HODEIDAH
    corner = place("Corner", lat + 0.4, lon + 0.4, "YE")  # inside the 50 km box, ~61 km away
    inside = place("Inside", lat + 0.3, lon, "YE")  # ~33 km north
    write(db_path, [airstrike(), airstrike(id="corner", place=corner), airstrike(id="inside", place=inside), protest()])
    assert distance_km(lat, lon, corner.lat, corner.lon) > 50 > distance_km(lat, lon, inside.lat, inside.lon)
    with open_database(db_path) as db:
        assert sorted(e.id for e in db.events(near=(lat, lon, 50))) == ["e-airstrike", "inside"]
        assert [e.id for e in db.events(near=(lat, lon, 50), limit=1)] == ["e-airstrike"]
        assert {e.id for e in db.events(near=(lat, lon, 200))} == {"e-airstrike", "corner", "inside", "e-protest"}


def test_near_across_the_antimeridian_and_at_a_pole(db_path: Path) -> None:
    fiji_east = place("Taveuni", -16.85, 179.95, "FJ")
    fiji_west = place("Vanua Balavu", -16.85, -179.9, "FJ")
    pole = place("Amundsen-Scott", -89.99, 139.27, "AQ")
    write(
        db_path, [airstrike(id="east", place=fiji_east), airstrike(id="west", place=fiji_west), airstrike(id="pole", place=pole)]
    )
    with open_database(db_path) as db:
        assert sorted(e.id for e in db.events(near=(-16.85, 179.99, 30))) == ["east", "west"]
        assert [e.id for e in db.events(near=(-89.9, -40.0, 50))] == ["pole"]


def test_story_events_are_the_events_of_one_story(stored: Path) -> None:
    with open_database(stored) as db:
        assert [e.id for e in db.story_events("s-lebanon")] == ["e-meeting"]
        assert db.story_events("s-unknown") == []


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"type": "bombing"}, "unknown event type 'bombing'"),
        ({"acled_event_type": "Airstrike"}, "unknown ACLED type 'Airstrike'"),
        ({"since": "28/03/2025"}, "--since '28/03/2025' is not a date"),
        ({"until": "2025-02-30"}, "--until '2025-02-30' is not a date"),
        ({"near": (95.0, 0.0, 10.0)}, "give a latitude (-90..90)"),
        ({"near": (10.0, 0.0, 0.0)}, "a radius > 0 km"),
    ],
)
def test_bad_filter_values_say_what_to_give(stored: Path, filters: dict, message: str) -> None:
    with open_database(stored) as db, pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        db.events(**filters)


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("2025-03-28", ("2025-03-28", "2025-03-28")),
        ("2025-W13", ("2025-03-24", "2025-03-30")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2025-12", ("2025-12-01", "2025-12-31")),
        ("2025", ("2025-01-01", "2025-12-31")),
        ("2025-03-28T10:00:00", ("2025-03-28", "2025-03-28")),
        ("March 2025", None),
        (None, None),
    ],
)
def test_period_of_each_date_precision(value: str | None, days: tuple[str, str] | None) -> None:
    assert period(value) == days


def test_event_origins_name_the_articles_sources(stored: Path) -> None:
    write(stored, [airstrike(mentions=[*airstrike().mentions, *meeting().mentions]), protest(mentions=protest().mentions * 2)])
    conn = connect(stored)
    conn.executemany(
        "INSERT INTO articles (id, title, source, url, n_words, created_at) VALUES (?, 't', ?, ?, 1, '2025-03-29')",
        [("a1", "Asharq Al-Awsat", None), ("a2", None, "https://www.naharnet.com/stories/1"), ("a3", None, None)],
    )
    conn.execute(
        "INSERT INTO documents (id, sha256, format, size, status, created_at) VALUES ('d3', 'x', 'text', 1, 'ok', 'now')"
    )
    conn.execute("INSERT INTO article_documents VALUES ('a3', 'd3', 0, 0, 1, '{}', '[]')")
    conn.execute("INSERT INTO document_sources VALUES ('d3', '/data/pages/000_7abf4f77b059df91.txt', '', NULL, 'now')")
    conn.close()
    write(stored, [meeting(mentions=[mention("a3", "Mikati met the envoy.", "met")])])
    with open_database(stored) as db:
        origins = db.event_origins(["e-airstrike", "e-protest", "e-meeting", "e-unknown"])
    assert origins["e-airstrike"].sources == ["Asharq Al-Awsat", "naharnet.com"]  # no source name: the URL's host
    assert origins["e-protest"].sources == ["Asharq Al-Awsat"]  # each publisher once
    assert origins["e-meeting"].sources == ["000_7abf4f77b059df91.txt"]  # neither: the file it was read from
    assert origins["e-airstrike"].written_at.startswith("20")
    assert "e-unknown" not in origins
