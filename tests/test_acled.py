"""ACLED's vocabulary: actor type codes from dictionary ids, types and labels; regions; dates and precisions; event
and sub-event type spellings; what the export leaves out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wirewatch.acled import acled_row, canonical_type, inter_code, left_out_reason, region, unit_fatalities
from wirewatch.errors import UsageError
from wirewatch.models import Event, Participant, PlaceMention, Quantity
from wirewatch.nlp.actors import load_actors


def person(entity_id: str | None, label: str | None = None, country: str | None = None) -> Participant:
    return Participant(0, 1, "x", entity_id or "someone", entity_id, label, country)


@pytest.mark.parametrize(
    ("participant", "event_country", "code"),
    [
        (person("il.military", "STATE", "IL"), "PS", 8),  # a foreign state's forces: External/Other, as ACLED in Gaza
        (person("il.military", "STATE", "IL"), "IL", 1),  # at home: State forces
        (person("ps.gaza-police", "STATE", "PS"), "PS", 1),
        (person("hamas", "ARMED_GROUP", "PS"), "PS", 3),  # ACLED: Political militia
        (person("qassam-brigades", "ARMED_GROUP", "PS"), "PS", 3),  # by its parent, Hamas
        (person("ttp", "ARMED_GROUP", "PK"), "PK", 2),  # ACLED: Rebel group (data/acled.json inter_by_id)
        (person("generic.protesters"), "YE", 6),
        (person("generic.rioters"), "IN", 5),
        (person("generic.civilians"), "PS", 7),
        (person("generic.journalists"), "PS", 7),
        (person("generic.communal-militia", "ARMED_GROUP"), "IN", 4),
        (person("un", "IGO"), "LB", 8),
        (person("person:najib-mikati", "PERSON", "LB"), "LB", 8),
        (person("org:some-group", "ORG"), "LB", 3),
        (person(None), "LB", 8),
        (Participant(0, 9, "residents", "residents"), "PS", 7),  # unresolved, but a name the dictionary knows
    ],
)
def test_inter_code_of_a_participant(participant: Participant, event_country: str, code: int) -> None:
    assert inter_code(participant, event_country, load_actors()) == code


@pytest.mark.parametrize(
    ("cc", "name"),
    [("PS", "Middle East"), ("YE", "Middle East"), ("IR", "Middle East"), ("PK", "South Asia"), ("NG", "Western Africa"),
     ("SD", "Northern Africa"), ("CD", "Middle Africa"), ("UA", "Europe"), ("GB", "Europe"), ("AZ", "Caucasus and Central Asia"),
     ("MX", "Central America"), ("MM", "Southeast Asia"), ("US", "North America"), ("FJ", "Oceania"), (None, "")],
)  # fmt: skip
def test_region_of_a_country(cc: str | None, name: str) -> None:
    assert region(cc) == name


@pytest.mark.parametrize(
    ("value", "column", "canonical"),
    [
        ("battles", "acled_event_type", "Battles"),
        ("EXPLOSIONS/REMOTE VIOLENCE", "acled_event_type", "Explosions/Remote violence"),
        ("air/drone strike", "acled_sub_event_type", "Air/drone strike"),
        ("Excessive force against protestors", "acled_sub_event_type", "Excessive force against protesters"),
    ],
)
def test_acled_types_are_found_in_any_case(value: str, column: str, canonical: str) -> None:
    assert canonical_type(value) == (column, canonical)


def test_an_unknown_acled_type_lists_the_event_types() -> None:
    with pytest.raises(UsageError, match="Battles, Explosions/Remote violence, Protests, Riots"):
        canonical_type("airstrike")


def event(**fields) -> Event:
    base = dict(id="e", story_id=None, type="ASSAULT", mode=None, acled_event_type="Battles", acled_sub_event_type="Armed clash",
                cameo_root="19", actors=[], recipients=[], place=None, date=None, date_precision="unknown", fatalities=None,
                injured=None, flags=[], claimed_by=None, confidence=0.5, sources=1)  # fmt: skip
    return Event(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, None),
        ({"flags": ["claimed"]}, None),
        ({"acled_event_type": None}, "no ACLED type"),
        ({"flags": ["negated"]}, "negated"),
        ({"flags": ["future", "claimed"]}, "future"),
        ({"flags": ["cumulative"]}, "cumulative"),
    ],
)
def test_what_acled_would_not_code_is_left_out_with_a_reason(fields: dict, reason: str | None) -> None:
    assert left_out_reason(event(**fields)) == reason


@pytest.mark.parametrize(
    ("date", "precision", "event_date", "time_precision"),
    [
        ("2025-03-28", "day", "2025-03-28", 1),
        ("2025-W13", "week", "2025-03-27", 2),  # the middle of Monday 24 - Sunday 30 March
        ("2025-03", "month", "2025-03-16", 3),
        ("2025", "year", "2025-07-02", 3),
        (None, "unknown", "", ""),
    ],
)
def test_acled_date_and_time_precision(date: str | None, precision: str, event_date: str, time_precision: int | str) -> None:
    row = acled_row(event(date=date, date_precision=precision))
    assert (row["event_date"], row["time_precision"]) == (event_date, time_precision)
    assert row["year"] == (event_date[:4] if date else "")


def test_a_side_with_several_actors_names_the_others_as_associated() -> None:
    row = acled_row(event(actors=[person("hamas", "ARMED_GROUP", "PS"), person("pij", "ARMED_GROUP", "PS")]))
    assert (row["actor1"], row["assoc_actor_1"], row["inter1"], row["interaction"]) == (
        "Hamas Movement", "PIJ: Palestinian Islamic Jihad", 3, "30")  # fmt: skip
    assert (row["disorder_type"], row["actor2"], row["inter2"], row["fatalities"]) == ("Political violence", "", "", 0)


def test_in_protests_and_riots_the_crowd_is_actor1_and_named_actors_are_associated() -> None:
    sanaa = PlaceMention(0, 5, "Sanaa", "Sanaa", 71137, "YE", "Amanat Al Asimah", 15.35, 44.21, "capital")
    protest = acled_row(event(acled_event_type="Protests", acled_sub_event_type="Peaceful protest", place=sanaa))
    assert (protest["actor1"], protest["assoc_actor_1"], protest["inter1"], protest["interaction"]) == (
        "Protesters (Yemen)", "", 6, "60")  # fmt: skip
    riot = acled_row(event(acled_event_type="Riots", acled_sub_event_type="Mob violence", place=replace(sanaa, country="IN"),
                           actors=[person("generic.rioters"), person("bjp", "PARTY", "IN")]))  # fmt: skip
    assert (riot["actor1"], riot["inter1"], riot["interaction"], riot["disorder_type"]) == (
        "Rioters (India)", 5, "50", "Political violence")  # fmt: skip
    assert riot["assoc_actor_1"] == "BJP: Bharatiya Janata Party"  # by its ACLED name


def test_acled_sums_one_reports_strikes_at_one_place_and_day_into_one_event() -> None:
    gaza = PlaceMention(0, 4, "Gaza", "Gaza", 281133, "PS", "GZ", 31.50, 34.47, "city")
    rafah = PlaceMention(0, 5, "Rafah", "Rafah", 281129, "PS", "GZ", 31.30, 34.25, "city")

    def strike(killed: int | None, **fields) -> Event:
        base = {"acled_event_type": "Explosions/Remote violence", "place": gaza, "date": "2025-05-08", "date_precision": "day"}
        return event(**{**base, "fatalities": Quantity(0, 1, str(killed), killed) if killed is not None else None, **fields})

    lead = strike(2)
    report = [
        lead,
        strike(1),  # "Also, an Israeli drone struck a street in the same location, killing one"
        strike(None, place=None),  # "Israeli artillery shelled the area, casualties unknown"
        strike(3, acled_event_type="Battles"),  # a clash the same day: political violence too
        strike(5, place=rafah),  # another town: another ACLED event
        strike(7, date="2025-05-01"),  # another day
        strike(65, flags=["cumulative"]),  # the campaign's toll
        strike(9, acled_event_type="Protests"),  # a protest is not coded with the strikes
    ]
    assert unit_fatalities(lead, report) == 2 + 1 + 3
    assert unit_fatalities(lead, [lead]) == 2
