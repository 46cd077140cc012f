"""The event-extraction evaluation: loaders and scorers on small invented fixtures (no ACLED text: its terms forbid
redistribution), metric arithmetic against hand-computed values, the CAMEO → PLOVER and MUC type mappings, and one
run of ``evaluate`` on the real development data with a small limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from wirewatch.errors import UsageError
from wirewatch.eval import events, events_acled, events_args, events_common, events_muc, events_petrarch, events_seeds
from wirewatch.models import Annotations, EventMention, Participant, PlaceMention, Quantity
from wirewatch.nlp.actors import load_actors


def ev(
    type: str = "ASSAULT",
    acled: tuple[str, str] | None = ("Explosions/Remote violence", "Air/drone strike"),
    confidence: float = 0.5,
    *,
    mode: str | None = None,
    trigger: tuple[int, int] = (0, 1),
    sentence: tuple[int, int] = (0, 100),
    actors: list[Participant] | None = None,
    recipients: list[Participant] | None = None,
    place: PlaceMention | None = None,
    fatalities: int | None = None,
    flags: list[str] | None = None,
) -> EventMention:
    return EventMention(
        type=type,
        mode=mode,
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        cameo_root=None,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        trigger_start=trigger[0],
        trigger_end=trigger[1],
        trigger="x",
        actors=actors or [],
        recipients=recipients or [],
        place=place,
        fatalities=Quantity(0, 1, str(fatalities), fatalities, "at least") if fatalities is not None else None,
        flags=flags or [],
        confidence=confidence,
    )


def who(text: str, entity_id: str | None = None, start: int = 0, end: int = 0, country: str | None = None) -> Participant:
    return Participant(start, end or start + len(text), text, text, entity_id, None, country)


def at(lat: float, lon: float, country: str = "PS", text: str = "Gaza", start: int = 0, end: int = 4) -> PlaceMention:
    return PlaceMention(start, end, text, text, None, country, None, lat, lon, "city")


# -- shared helpers ----------------------------------------------------------------------------------------------------


def test_choose_takes_the_most_confident_asserted_event_with_an_acled_type_first_of_equals() -> None:
    first, second = ev(confidence=0.7), ev(confidence=0.7)
    negated = ev(confidence=0.9, flags=["negated"])
    untyped = ev("CONSULT", None, 0.95)
    assert events_common.choose([untyped, negated, first, second]) is first
    assert events_common.choose([untyped, negated]) is None


def test_tally_counts_hits_overall_and_per_gold_type_and_skips_unscored_items() -> None:
    tally = events_common.Tally({"a": 0.9})
    for ok, kind in [(True, "X"), (False, "X"), (True, "Y"), (None, "Y")]:
        tally.add("a", ok, kind)
    report = tally.report("t", 4, "items", [], [])
    assert (report.metric("a").hits, report.metric("a").n, report.metric("a").target) == (2, 3, 0.9)
    assert report.by_type["X"]["a"].value == 0.5 and report.by_type["Y"]["a"].value == 1.0


def test_f1_is_the_harmonic_mean_of_precision_and_recall() -> None:
    metric = events_common.f1(events_common.Metric("p", 1, 2), events_common.Metric("r", 1, 4))
    assert metric.value == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert events_common.f1(events_common.Metric("p"), events_common.Metric("r")).value == 0.0


@pytest.mark.parametrize(
    ("name", "code"),
    [("Palestine", "PS"), ("Myanmar", "MM"), ("Laos", "LA"), ("EL SALVADOR", "SV"), ("GUATAMALA", "GT"), ("(PERU", "PE")],
)
def test_country_names_map_to_iso_codes(name: str, code: str) -> None:
    assert events_common.country_code(name) == code


# -- ACLED -------------------------------------------------------------------------------------------------------------

CURRENT_CSV = """event_id_cnty,event_date,event_type,sub_event_type,actor1,country,latitude,longitude,notes,fatalities
XX1,6-Jun-25,Explosions/Remote violence,Air/drone strike,Military Forces of Israel (2022-),Palestine,31.50,34.46,"Invented: jets \
struck a house, killing 2.",2
XX2,7-Jun-25,Battles,Armed clash,Hamas,Palestine,31.30,34.30,"Invented: fighters clashed with troops.",0
XX3,8-Jun-25,Protests,Peaceful protest,Protesters (Palestine),Palestine,31.52,34.45,"Invented: people rallied.",0
XX4,9-Jun-25,Battles,Armed clash,Nobody We Know,Palestine,31.52,34.45,,0
"""
OLD_CSV = """GWNO,EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,ACTOR1,COUNTRY,LATITUDE,LONGITUDE,NOTES,FATALITIES
750,1IND,01-January-2015,Riots/Protests,Protesters (India),India,28.6,77.2,"Invented: workers staged a sit-in.",0
750,2IND,02-January-2015,Remote violence,Unidentified Armed Group (India),India,34.0,74.8,"Invented: a blast.",1
"""


def test_acled_rows_of_both_schemas_are_read_with_dates_types_and_countries(tmp_path: Path) -> None:
    (tmp_path / "new.csv").write_text(CURRENT_CSV, encoding="utf-8")
    (tmp_path / "old.csv").write_text(OLD_CSV, encoding="utf-8")
    new = events_acled.read_notes(tmp_path / "new.csv")
    old = events_acled.read_notes(tmp_path / "old.csv")
    assert [n.id for n in new] == ["XX1", "XX2", "XX3", "XX4"] and new[3].text == ""
    sampled, with_notes, skipped = events_acled.load_sampled(tmp_path, "new.csv", None, 0)
    assert [n.id for n in sampled] == ["XX1", "XX2", "XX3"] and (with_notes, skipped) == (3, 1)
    assert (new[0].date, new[0].iso2, new[0].fatalities, new[0].sub_event_type) == ("2025-06-06", "PS", 2, "Air/drone strike")
    assert old[0].date == "2015-01-01" and old[0].iso2 == "IN" and old[0].sub_event_type is None
    assert old[0].event_types == ("Protests", "Riots") and old[1].event_types == ("Explosions/Remote violence",)


@pytest.mark.parametrize(
    ("old", "current"),
    [
        ("Riots/Protests", ("Protests", "Riots")),
        ("Battle-No change of territory", ("Battles",)),
        ("Violence Against Civilians", ("Violence against civilians",)),
        ("Remote violence", ("Explosions/Remote violence",)),
        ("Strategic development", ("Strategic developments",)),
        ("Battles", ("Battles",)),
    ],
)
def test_old_acled_event_types_map_to_the_current_ones(old: str, current: tuple[str, ...]) -> None:
    assert events_acled.current_types(old) == current


def test_the_acled_sample_is_fixed_by_its_seed_and_keeps_file_order() -> None:
    items = list(range(100))
    drawn = events_acled.sample(items, 10, seed=3)
    assert drawn == events_acled.sample(items, 10, seed=3) == sorted(drawn) and len(drawn) == 10
    assert drawn != events_acled.sample(items, 10, seed=4)
    assert events_acled.sample(items, None) == items and events_acled.sample(items, 500) == items


def test_acled_scores_follow_hand_computed_values(tmp_path: Path) -> None:
    (tmp_path / "new.csv").write_text(CURRENT_CSV, encoding="utf-8")
    notes = events_acled.read_notes(tmp_path / "new.csv")[:3]
    israel = who("Israeli jets", "il.military", country="IL")
    found = [
        # right type and sub-type, 2 killed, 10 km off, Israel's military: all right
        Annotations(events=[ev(confidence=0.8, actors=[israel], place=at(31.59, 34.46), fatalities=2)]),
        # wrong type (the more confident event wins), no place, 3 killed where ACLED says 0
        Annotations(events=[ev(acled=("Battles", "Armed clash"), confidence=0.4), ev(confidence=0.6, fatalities=3)]),
        # nothing coded: only fatalities (0 = 0) is right
        Annotations(events=[ev("CONSULT", None)]),
    ]
    report = events_acled.score_file("new.csv", notes, found, load_actors(), drawn_from=3, seed=0)
    got = {m.name: (m.hits, m.n) for m in report.metrics}
    assert got["predicted"] == (2, 3)
    assert got["event_type"] == (1, 3) and got["sub_event_type"] == (1, 3)
    assert got["fatalities_exact"] == (2, 3) and got["fatalities_exact_nonzero"] == (1, 1)
    assert got["country"] == (1, 3) and got["location_25km"] == (1, 3) and got["location_50km"] == (1, 3)
    assert got["actor1"][0] == 1 and got["actor1"][1] in (2, 3)  # Hamas maps; protesters map to a generic agent
    assert report.metric("event_type").target == 0.90 and report.metric("location_25km").target == 0.80
    assert report.confusion["Battles"]["Explosions/Remote violence"] == 1
    assert report.confusion["Protests"]["(none)"] == 1
    assert report.by_type["Explosions/Remote violence"]["event_type"].value == 1.0
    assert [p.item for p in report.predictions] == ["XX1", "XX2", "XX3"]
    assert report.predictions[0].failed == [] and "event_type" in report.predictions[1].failed


def test_location_is_scored_within_25_and_50_km() -> None:
    note = events_acled.AcledNote("n", "t", None, "Battles", ("Battles",), None, 0, "Palestine", "PS", 31.5, 34.46, "")
    tally = events_common.Tally()
    events_acled.score_note(note, ev(acled=("Battles", "Armed clash"), place=at(31.8, 34.46)), load_actors(), tally)
    assert tally.overall["location_25km"].hits == 0 and tally.overall["location_50km"].hits == 1  # ~33 km


def test_a_protests_actor1_is_acleds_crowd_as_the_export_writes_it() -> None:
    note = events_acled.AcledNote(
        "n",
        "t",
        None,
        "Riots/Protests",
        ("Protests", "Riots"),
        None,
        0,
        "Bangladesh",
        "BD",
        23.7,
        90.4,
        "Protesters (Bangladesh)",
    )
    tally = events_common.Tally()
    protest = ev("PROTEST", ("Protests", "Peaceful protest"), actors=[who("BNP activists", "bd.bnp")])
    events_acled.score_note(note, protest, load_actors(), tally)
    assert tally.overall["actor1"].hits == 1  # ACLED: Protesters (Bangladesh), the BNP as associated actor
    events_acled.score_note(
        note, ev(acled=("Battles", "Armed clash"), actors=[who("BNP activists", "bd.bnp")]), load_actors(), tally
    )
    assert tally.overall["actor1"].hits == 1  # a battle's actor1 is its own side, not a crowd


# -- PETRARCH ----------------------------------------------------------------------------------------------------------

TABLE = """# invented lines in the CAMEO2PLOVER format
03: AGREE
036: AGREE,  , diplomatic # Express intent to meet
08: CONCEDE
08: RETREAT
0874: RETREAT, disarm,   military # Retreat
09: ACCUSE
171: COERCE, seize, human_security    # Seize
19: ASSAULT
193: ASSAULT, firearms, military # Fight with small arms
"""


def test_cameo_codes_map_to_plover_exact_then_prefix_then_unambiguous_root(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(TABLE, encoding="utf-8")
    table = events_petrarch.load_cameo_plover(tmp_path / "t.txt")
    to = events_petrarch.cameo_to_plover
    assert to("193", table) == ("ASSAULT", "firearms")
    assert to("0874", table) == ("RETREAT", "disarm")
    assert to("1717", table) == ("COERCE", "seize")  # longest listed prefix
    assert to("095", table) == ("ACCUSE", None)  # the root
    assert to("194", table) == ("ASSAULT", None)
    assert to("080", table) is None  # root 08 is CONCEDE and RETREAT
    assert to("023", table) is None and to("905", table) is None


@pytest.mark.shared_data
def test_the_real_cameo_plover_table_maps_known_codes(shared_data: Path) -> None:
    table = events_petrarch.load_cameo_plover(shared_data / events_petrarch.TABLE)
    to = events_petrarch.cameo_to_plover
    assert to("193", table) == ("ASSAULT", "firearms")
    assert to("1712", table) == ("ASSAULT", "seize")
    assert to("173", table) == ("COERCE", "arrest")
    assert to("041", table) == ("CONSULT", "phone")
    assert to("145", table) == ("PROTEST", "riot")
    assert to("023", table) is None  # CAMEO 02 (appeals) is not in the table


ACTORS = """<!-- invented entries in the PETRARCH format -->
ARNOR_  [ARN]
ARGENTIN  [ARG]
GOLLUM  # comment
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
MINAS_TIRITH [GON/ANO]
"""


def test_petrarch_actor_names_are_read_with_aliases_and_date_restricted_codes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ACTORS, encoding="utf-8")
    names = events_petrarch.load_actor_names(tmp_path / "a.txt")
    assert names["ARN"] == ["ARNOR_"] and names["HOB"] == ["GOLLUM", "SMEAGOL"] == names["HOBGOV"]
    assert names["GON"] == ["MINAS_TIRITH"] == names["ANO"]
    assert events_petrarch.names_for("ARNGOV", names) == ["ARNOR_"]
    assert events_petrarch.span_names("Arnor's government", ["ARNOR_"])
    assert not events_petrarch.span_names("Arnorian", ["ARNOR_"])  # trailing '_': whole word
    assert events_petrarch.span_names("the Argentinian navy", ["ARGENTIN"])  # otherwise a word's start
    assert events_petrarch.span_names("Minas  Tirith", ["MINAS_TIRITH"])


def test_petrarch_scores_follow_hand_computed_values() -> None:
    names = {"ARN": ["ARNOR_"], "GON": ["GONDOR_"]}
    s1 = events_petrarch.PetrSentence(
        "s1", None, "Arnor attacked Gondor.", [events_petrarch.ExpectedEvent("ARN", "GON", "193", "ASSAULT")]
    )
    s2 = events_petrarch.PetrSentence(
        "s2",
        None,
        "Arnor met Gondor.",
        [events_petrarch.ExpectedEvent("ARN", "GON", "036", "AGREE"), events_petrarch.ExpectedEvent("ARN", "GON", "023")],
    )
    s3 = events_petrarch.PetrSentence("s3", None, "Nothing happened.")
    found = [
        Annotations(events=[ev(actors=[who("Arnor")], recipients=[who("the army")]), ev("ACCUSE", None, 0.1)]),
        Annotations(events=[ev("CONSULT", None, 0.9), ev("AGREE", None, 0.2, actors=[who("Arnor")], recipients=[who("Gondor")])]),
        Annotations(events=[ev("CONSULT", None, flags=["negated"])]),  # a negated event is no event
    ]
    report = events_petrarch.score([s1, s2, s3], found, names)
    got = {m.name: (m.hits, m.n) for m in report.metrics}
    assert got["type_agreement"] == (1, 2)  # s1's top event is ASSAULT; s2's is CONSULT
    assert got["type_recall"] == (2, 2)  # the unmapped 023 is not scored
    assert got["source"] == (2, 2) and got["target"] == (1, 2)
    assert got["type_precision"] == (1, 2)  # only s1: its expected events all map
    assert got["false_event_sentences"] == (0, 1)


# -- MUC ---------------------------------------------------------------------------------------------------------------

KEY = """0.  MESSAGE: ID                     TST-0001 (INVENTED)
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  03 JAN 90
3.  INCIDENT: LOCATION              EL SALVADOR: SAN MIGUEL (DEPARTMENT): EL TRANSITO (TOWN)
4.  INCIDENT: TYPE                  BOMBING
10. PERP: ORGANIZATION ID           "NATIONAL LIBERATION FRONT" / "NLF"
19. HUM TGT: DESCRIPTION            "PEASANTS"
                                    "SOLDIER"
21. HUM TGT: NUMBER                 3: "PEASANTS"
                                    1: "SOLDIER"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "PEASANTS"
                                    INJURY: "SOLDIER"

;;; a comment
0.  MESSAGE: ID                     TST-0001 (INVENTED)
1.  MESSAGE: TEMPLATE               2 (OPTIONAL)
3.  INCIDENT: LOCATION              COLOMBIA / VENEZUELA
4.  INCIDENT: TYPE                  KIDNAPPING
10. PERP: ORGANIZATION ID           -
21. HUM TGT: NUMBER                 PLURAL: "VILLAGERS"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "VILLAGERS"

0.  MESSAGE: ID                     TST-0002 (INVENTED)
1.  MESSAGE: TEMPLATE               *
4.  INCIDENT: TYPE                  *
"""


def _templates(tmp_path: Path) -> dict[str, list[events_muc.Template]]:
    (tmp_path / "key-dev-0001.muc4").write_text(KEY, encoding="utf-8")
    return events_muc.load_templates(tmp_path)


def test_muc_key_templates_are_parsed_with_locations_perpetrators_and_counts(tmp_path: Path) -> None:
    templates = _templates(tmp_path)
    assert list(templates) == ["TST-0001", "TST-0002"] and templates["TST-0002"] == []
    first, second = templates["TST-0001"]
    assert (first.incident_types, first.countries, first.places) == (["BOMBING"], ["SV"], ["san miguel", "el transito"])
    assert first.perpetrators == [["NATIONAL LIBERATION FRONT", "NLF"]]
    assert (first.killed, first.injured, first.optional) == (3, 1, False)
    assert second.optional and second.countries == ["CO", "VE"] and second.places == []
    assert second.killed is None  # PLURAL: no number to compare


@pytest.mark.parametrize(
    ("muc", "plover", "ok_mode", "bad_mode"),
    [
        ("ATTACK", "ASSAULT", "firearms", None),
        ("MURDER", "ASSAULT", None, None),
        ("BOMBING", "ASSAULT", "explosives", "firearms"),
        ("KIDNAPPING", "ASSAULT", "abduct", "aerial"),
        ("ARSON", "ASSAULT", "explosives", None),
        ("ROBBERY", "COERCE", "seize", "arrest"),
        ("FORCED WORK STOPPAGE", "COERCE", "restrict", None),
    ],
)
def test_muc_incident_types_map_to_plover_types_and_modes(
    muc: str, plover: str, ok_mode: str | None, bad_mode: str | None
) -> None:
    template = events_muc.Template("d", "1", False, [muc])
    assert template.plover == {plover}
    assert template.modes_ok(ok_mode)
    if bad_mode is not None:
        assert not template.modes_ok(bad_mode)


def test_muc_precision_recall_and_slots_follow_hand_computed_values(tmp_path: Path) -> None:
    templates = _templates(tmp_path)
    docs = [{"id": "TST-0001", "text": "…"}, {"id": "TST-0002", "text": "…"}]
    bomb = ev(
        mode="explosives",
        actors=[who("the NLF")],
        place=at(13.4, -88.35, "SV", "El Transito"),
        fatalities=3,
    )
    found = [
        Annotations(events=[bomb, ev(mode="firearms"), ev("COERCE", mode="arrest")]),  # the arrest is no incident
        Annotations(events=[ev(), ev(flags=["hypothetical"])]),  # one event where there is no incident
    ]
    report = events_muc.score(docs, templates, found, load_actors())
    got = {m.name: (m.hits, m.n) for m in report.metrics}
    assert got["precision"] == (2, 3) and got["recall"] == (1, 1)  # the optional template is not required
    assert report.metric("f1").value == pytest.approx(0.8)
    first = report.predictions[0]
    assert first.checks["type_mode"] and first.checks["country"] and first.checks["place"] and first.checks["perpetrator"]
    assert first.checks["killed"] is True and first.checks["injured"] is False


# -- RAMS / WikiEvents -------------------------------------------------------------------------------------------------


def test_tokens_are_joined_with_their_offsets_kept() -> None:
    text, spans = events_args.join_tokens([["Rebels", "(", "FMLN", ")", "attacked", "al", "-", "Din", "'s", "base", "."]])
    assert text == "Rebels (FMLN) attacked al-Din's base."
    assert all(text[s:e] == t for (s, e), t in zip(spans, ["Rebels", "(", "FMLN", ")", "attacked"], strict=False))


def test_wikievents_sentences_that_touch_get_a_blank_line() -> None:
    record = {
        "sentences": [[[["Bomb", 0, 4], ["kills", 5, 10], ["two", 11, 14]], ""], [[["Police", 15, 21], ["said", 22, 26]], ""]]
    }
    text, spans = events_args.wikievents_text(record)
    assert text == "Bomb kills two\n\nPolice said"
    assert text[spans[3][0] : spans[3][1]] == "Police"


@pytest.mark.parametrize(
    ("label", "role"), [("evt011arg02target", "target"), ("evt004arg01attacker", "attacker"), ("Place", "place")]
)
def test_argument_roles_are_read_from_rams_and_wikievents_labels(label: str, role: str) -> None:
    assert events_args._role(label) == role


def _parsed() -> Doc:
    """'Syrian rebels attacked the army base in Homs .' with a hand-made parse (no model needed)."""
    words = ["Syrian", "rebels", "attacked", "the", "army", "base", "in", "Homs", "."]
    heads = [1, 2, 2, 5, 5, 2, 5, 6, 2]
    deps = ["amod", "nsubj", "ROOT", "det", "compound", "dobj", "prep", "pobj", "punct"]
    spaces = [True, True, True, True, True, True, True, False, False]
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps)


def test_head_word_match_works_both_ways() -> None:
    doc = _parsed()  # 'Syrian rebels attacked the army base in Homs.'
    rebels, base, homs = (0, 13), (23, 36), (40, 44)
    assert events_args.head(doc, *rebels) == (7, 13)  # "rebels"
    assert events_args.head_match(doc, (7, 13), rebels)  # the gold span holds our head
    assert events_args.head_match(doc, (0, 22), rebels)  # our span holds the gold head
    assert events_args.head_match(doc, (32, 44), base)  # 'base in Homs' vs 'the army base': heads are 'base'
    assert events_args.head_match(doc, (27, 31), base)  # 'army' is no head, but its own head lies in the gold span
    assert not events_args.head_match(doc, (0, 6), base) and not events_args.head_match(doc, homs, base)


def test_argument_scores_follow_hand_computed_values() -> None:
    doc = _parsed()
    gold = events_args.GoldEvent(
        "e1",
        "conflict.attack.n/a",
        14,
        22,
        "attacked",
        [
            events_args.GoldArg("attacker", 0, 13, "Syrian rebels"),
            events_args.GoldArg("target", 23, 36, "the army base"),
            events_args.GoldArg("place", 40, 44, "Homs"),
            events_args.GoldArg("instrument", 0, 0, ""),
        ],
    )
    ours = ev(
        trigger=(14, 22), actors=[who("rebels", start=7), who("army", start=27)], place=at(34.7, 36.7, "SY", "Homs", 40, 44)
    )
    report = events_args.score("rams", [events_args.ArgDoc("d", doc.text, [gold])], [Annotations(events=[ours])], [doc])
    got = {m.name: (m.hits, m.n) for m in report.metrics if m.derived is None}
    assert got["trigger_recall"] == (1, 1) and got["aligned"] == (1, 1)
    assert got["actors_recall"] == (1, 1) and got["actors_precision"] == (1, 2)
    assert got["recipients_recall"] == (0, 1) and got["recipients_precision"] == (0, 0)
    assert got["place_recall"] == (1, 1) and got["arguments_recall"] == (2, 3) and got["arguments_precision"] == (2, 3)
    assert report.metric("arguments_f1").value == pytest.approx(2 / 3)


def test_an_assault_elsewhere_in_the_sentence_is_aligned_but_not_a_trigger_hit() -> None:
    gold = events_args.GoldEvent("e", "t", 14, 22, "attacked")
    event = ev(trigger=(30, 35), sentence=(0, 45))
    assert events_args.align(gold, [ev("CONSULT", None, trigger=(14, 22)), event]) == (event, False)
    assert events_args.align(gold, [ev(trigger=(10, 15))])[1] is True
    assert events_args.align(gold, [ev(trigger=(50, 55), sentence=(46, 90))]) == (None, False)


# -- seeds -------------------------------------------------------------------------------------------------------------

EXPECTED: dict[str, Any] = {
    "places": [
        {"mention": "Hodeidah", "country": "YE", "lat": 14.8, "lon": 42.95, "tolerance_km": 25},
        {"mention": "Yemen", "country": "YE", "feature": "country"},
    ],
    "events": [
        {
            "article": "B",
            "type": "ASSAULT",
            "mode": "aerial",
            "actor_country": "US",
            "place": "Hodeidah",
            "place_tolerance_km": 75,
            "fatalities": 4,
            "fatalities_qualifier": "at least",
            "cumulative": False,
        },
        {"article": "B", "type": "PROTEST", "place": "Yemen"},
    ],
    "never_a_casualty_count": [200, 4],
    "flags": [{"article": "B", "sentence_starts": "They might strike", "if_coded": "hypothetical"}],
}


def test_seed_events_pass_or_fail_with_the_reason() -> None:
    text = "US strikes hit Hodeidah, killing at least 4.\n\nThey might strike again. Then more.\n\nEnd."
    strike = ev(mode="aerial", actors=[who("US", country="US")], place=at(14.9, 43.0, "YE", "Hodeidah"), fatalities=4)
    again = ev(trigger=(55, 61), flags=[])
    article = events_seeds.SeedArticle("B", text, Annotations(events=[strike, again]))
    report = events_seeds.score({"B": article}, EXPECTED)
    got = {m.name: (m.hits, m.n) for m in report.metrics}
    assert got["events_found"] == (1, 2)
    assert got["never_a_casualty_count"] == (1, 2)  # 4 is a count here
    assert got["flags"] == (0, 1)  # 'strike again' is coded without the hypothetical flag
    protest = report.predictions[1]
    assert protest.checks == {"found": False} and "no PROTEST event in article B" in protest.detail
    assert "lacks hypothetical" in report.predictions[-1].detail


def test_a_seed_event_that_misses_one_condition_names_it() -> None:
    article = events_seeds.SeedArticle(
        "B", "t", Annotations(events=[ev(mode="aerial", place=at(14.8, 42.95, "YE"), fatalities=4)])
    )
    ok, why, _ = events_seeds.check_event(EXPECTED["events"][0], article, events_seeds._places(EXPECTED))
    assert not ok and why.startswith("closest event") and "actor_country (want US" in why
    assert "cumulative" not in why and "fatalities" not in why


# -- the whole harness -------------------------------------------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.slow
def test_evaluate_on_the_real_data_gives_a_report_of_every_set(shared_data: Path) -> None:
    report = events.evaluate(shared_data, limit=3)
    names = [s.name for s in report.sets]
    assert names == [f"acled/{f}" for f in events_acled.FILES] + ["petrarch", "muc3", "rams", "wikievents", "seeds"]
    for s in report.sets:
        assert s.n > 0 and s.metrics and s.notes, s.name
        assert all(0.0 <= m.value <= 1.0 for m in s.metrics), s.name
    assert report.set("acled")[0].n == 3 and report.set("petrarch")[0].n == 3
    assert len(report.set("acled")[0].predictions) == 3
    assert report.set("seeds")[0].n == 8
    text = events.format_report(report)
    assert "target ≥ 0.90" in text and "== acled/acled_gaza_2023_2025.csv: n = 3 notes" in text
    assert "[PASS]" in text or "[FAIL]" in text
    assert isinstance(events.format_errors(report, "acled", k=2), str)
    assert report.as_dict()["sets"][0]["metrics"]["event_type"]["target"] == 0.90


def test_unknown_sets_are_refused() -> None:
    with pytest.raises(UsageError, match="unknown event evaluation set"):
        events.evaluate(Path("."), sets=["acled", "nope"])
