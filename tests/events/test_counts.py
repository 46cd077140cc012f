"""Counts of people killed, injured and held, on real spaCy parses of wire-style sentences."""

from __future__ import annotations

import pytest

from wirewatch.events.counts import KINDS, counts, parse_quantity
from wirewatch.nlp import load_spacy

K, W, A = "killed", "injured", "affected"  # W: wounded


def _found(text: str) -> list[tuple[str, int, int | None, str, bool]]:
    doc = load_spacy()(text)
    return [(c.kind, c.quantity.value, c.quantity.high, c.quantity.qualifier, c.cumulative) for s in doc.sents for c in counts(s)]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("more than 200", (200, None, "more than")),
        ("four", (4, None, "exact")),
        ("at least 4", (4, None, "at least")),
        ("between 10 and 12", (10, 12, "range")),
        ("10-12", (10, 12, "range")),
        ("two or three", (2, 3, "range")),
        ("nearly 30", (30, None, "at most")),
        ("almost 30", (30, None, "at most")),
        ("up to 15", (15, None, "at most")),
        ("over 100", (100, None, "more than")),
        ("about 50", (50, None, "about")),
        ("around 50", (50, None, "about")),
        ("some 50", (50, None, "about")),
        ("roughly 50", (50, None, "about")),
        ("an estimated 50", (50, None, "about")),
        ("a total of 30", (30, None, "exact")),
        ("a", (1, None, "exact")),
        ("an", (1, None, "exact")),
        ("one", (1, None, "exact")),
        ("two people", (2, None, "exact")),
        ("a child", (1, None, "exact")),
        ("a man", (1, None, "exact")),
        ("three soldiers", (3, None, "exact")),
        ("2,000", (2000, None, "exact")),
        ("1.5 million", (1500000, None, "exact")),
        ("twenty-one", (21, None, "exact")),
        ("one hundred and five", (105, None, "exact")),
        ("two dozen", (24, None, "exact")),
        ("another 10", (10, None, "exact")),
        # vague quantities: ACLED's codes (module docstring)
        ("several", (3, None, "at least")),
        ("a number of", (3, None, "at least")),
        ("an unspecified number of", (3, None, "at least")),
        ("some people", (3, None, "at least")),
        ("tens", (10, None, "at least")),
        ("dozens", (12, None, "at least")),
        ("a dozen", (12, None, "about")),
        ("at least a dozen", (12, None, "at least")),
        ("hundreds", (100, None, "at least")),
        ("tens of thousands of people", (10000, None, "at least")),
    ],
)
def test_parse_quantity_reads_numbers_qualifiers_and_vague_words(words: str, expected: tuple) -> None:
    assert parse_quantity(words) == expected


@pytest.mark.parametrize("words", ["in 2024", "the", "over the past week", "between them", ""])
def test_parse_quantity_is_none_without_a_leading_quantity(words: str) -> None:
    assert parse_quantity(words) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # passives
        (
            "At least four people were killed in an Israeli airstrike on a house in Khan Younis, medics said.",
            [(K, 4, None, "at least", False)],
        ),
        ("Three soldiers were wounded when their vehicle hit a roadside bomb.", [(W, 3, None, "exact", False)]),
        ("Four killed as drone hits car in south Lebanon", [(K, 4, None, "exact", False)]),
        (
            "Twenty-one people were killed and dozens were wounded in the explosion.",
            [(K, 21, None, "exact", False), (W, 12, None, "at least", False)],
        ),
        ("Between 10 and 12 people were killed, officials said.", [(K, 10, 12, "range", False)]),
        ("Nearly 30 people were wounded in the clashes.", [(W, 30, None, "at most", False)]),
        ("More than 2,000 people were injured in the quake's aftershocks.", [(W, 2000, None, "more than", False)]),
        # actives; a subset is not a count of its own
        ("The strike killed 12 civilians, including three children, the health ministry said.", [(K, 12, None, "exact", False)]),
        (
            "Gunmen opened fire on a minibus, killing four and wounding seven.",
            [(K, 4, None, "exact", False), (W, 7, None, "exact", False)],
        ),
        ("The blast killed 3 and injured 10.", [(K, 3, None, "exact", False), (W, 10, None, "exact", False)]),
        ("Israeli troops shot dead a Palestinian man near Jenin on Monday.", [(K, 1, None, "exact", False)]),
        (
            "Soldiers opened fire, killing a woman and her two children.",
            [(K, 1, None, "exact", False), (K, 2, None, "exact", False)],
        ),
        # nouns
        ("The shelling left 5 dead and 20 wounded.", [(K, 5, None, "exact", False), (W, 20, None, "exact", False)]),
        ("The death toll from the collapse rose to 30.", [(K, 30, None, "exact", False)]),
        ("The attack caused 12 fatalities, according to the police.", [(K, 12, None, "exact", False)]),
        ("Rescuers pulled the bodies of 3 people from the rubble.", [(K, 3, None, "exact", False)]),
        ("The bombing caused dozens of casualties.", [(W, 12, None, "at least", False)]),
        ("The strike hit a market, resulting in at least eight dead.", [(K, 8, None, "at least", False)]),
        ("Twenty-one people lost their lives in the fire.", [(K, 21, None, "exact", False)]),
        # one person
        ("One person was killed and two others were wounded.", [(K, 1, None, "exact", False), (W, 2, None, "exact", False)]),
        ("A man was shot dead at a checkpoint near Nablus.", [(K, 1, None, "exact", False)]),
        ("A man was shot and killed near the checkpoint.", [(K, 1, None, "exact", False)]),
        ("A child died of his wounds in hospital on Sunday.", [(K, 1, None, "exact", False)]),
        ("A 13-year-old boy was killed by a stray bullet.", [(K, 1, None, "exact", False)]),
        ("A local council leader was stabbed to death outside his home.", [(K, 1, None, "exact", False)]),
        # people held
        ("Police arrested 15 protesters outside parliament.", [(A, 15, None, "exact", False)]),
        ("Gunmen abducted 20 students from a boarding school.", [(A, 20, None, "exact", False)]),
        ("An estimated 1.5 million people have been displaced.", [(A, 1500000, None, "about", False)]),
        # running totals
        ("The campaign has killed at least 65 people.", [(K, 65, None, "at least", True)]),
        ("Since October 7, more than 40,000 Palestinians have been killed.", [(K, 40000, None, "more than", True)]),
        (
            "The latest strike killed 7 people, bringing the death toll to 200.",
            [(K, 7, None, "exact", False), (K, 200, None, "exact", True)],
        ),
        ("So far this year, 34 journalists have been killed in the region.", [(K, 34, None, "exact", True)]),
        ("In total, 56 people died in the floods.", [(K, 56, None, "exact", True)]),
        ("Israeli strikes killed 300 people in the south in 2024.", [(K, 300, None, "exact", True)]),
        ("More than 500 civilians have been killed in the war.", [(K, 500, None, "more than", True)]),
    ],
)
def test_counts_in_wire_sentences(text: str, expected: list) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hamas took 240 people hostage on October 7.", [(A, 240, None, "exact", False)]),
        ("The militants executed 3 hostages and released a video.", [(K, 3, None, "exact", False)]),
        ("Eight men were gunned down outside a mosque.", [(K, 8, None, "exact", False)]),
        ("Both pilots were killed when the helicopter crashed.", [(K, 2, None, "exact", False)]),
        (
            "One villager was killed and two more injured when their tractor hit a mine.",
            [(K, 1, None, "exact", False), (W, 2, None, "exact", False)],
        ),
        (
            "The IDF confirmed the death of one soldier and injuries to 12 others.",
            [(K, 1, None, "exact", False), (W, 12, None, "exact", False)],
        ),
        ("Unidentified gunmen shot dead a local councillor in Kohat.", [(K, 1, None, "exact", False)]),
        (
            "Police said 7 suspects had been arrested and 3 policemen hurt.",
            [(A, 7, None, "exact", False), (W, 3, None, "exact", False)],
        ),
        ("The total number of people killed rose to 300.", [(K, 300, None, "exact", True)]),
        # a plural with no number: ACLED's 3
        (
            "Israeli warplanes struck a house in Gaza City, leaving fatalities and injuries.",
            [(K, 3, None, "at least", False), (W, 3, None, "at least", False)],
        ),
        ("Several Palestinians were killed in the shelling.", [(K, 3, None, "at least", False)]),
        # no count, or the same people again
        ("No one was killed in the attack.", []),
        ("The court sentenced 5 men to death for the bombing.", []),
        ("The explosion wounded at least 35, six of them critically.", [(W, 35, None, "at least", False)]),
        ("Three people were gunned down in Quetta in a targeted killing.", [(K, 3, None, "exact", False)]),
        (
            "Eight Palestinians were killed in the strike, which left 8 dead and dozens wounded.",
            [(K, 8, None, "exact", False), (W, 12, None, "at least", False)],
        ),
        ("Casualties unknown.", []),
    ],
)
def test_more_wire_patterns(text: str, expected: list) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Of the 5,624 students who sat the exam, 5,470 passed.",
        "This year 5,470 out of 5,624 students passed the secondary school exam.",
        "The army said it carried out more than 200 strikes overnight.",
        "Militants fired 29 rockets at northern Israel on Tuesday.",
        "The council called for the full implementation of Resolution 1701.",
        "The ministry deployed 2,735 troops to the border.",
        "The talks will resume on March 28 in Doha.",
        "Fighting resumed at 5 pm on Tuesday.",
        "The government pledged $50 million in aid for 200 villages.",
        "Turnout was 45 percent, down from 52 percent in 2019.",
        "The convoy travelled 30 km south before it was stopped.",
        "It was the first attack on the city in 2024.",
        "The resolution passed with 13 votes in favour and 2 abstentions.",
        "The 29 rockets caused no casualties.",
        "The plan was shot down by 1701 delegates.",
        "In this raid both local and foreign fighters were killed.",
    ],
)
def test_numbers_that_are_not_casualties_are_not_counts(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 200 strikes killed at least 30 people across the enclave.", [(K, 30, None, "at least", False)]),
        ("Militants fired 29 rockets, wounding two civilians.", [(W, 2, None, "exact", False)]),
        ("In 2024, the army deployed 2,735 troops after a bombing killed 9 soldiers.", [(K, 9, None, "exact", False)]),
        ("The resolution, Resolution 1701, was ignored as 5 people were killed on March 28.", [(K, 5, None, "exact", False)]),
        ("Of 5,624 candidates, 5,470 passed; 2 students were hurt in a stampede.", [(W, 2, None, "exact", False)]),
    ],
)
def test_casualties_beside_other_numbers(text: str, expected: list) -> None:
    assert _found(text) == expected


def test_count_offsets_text_and_head_word() -> None:
    doc = load_spacy()("Israeli warplanes struck a house in Gaza City, killing at least 4 people and wounding 10 others.")
    found = counts(doc[:])
    assert [c.quantity.text for c in found] == ["at least 4", "10"]
    assert all(doc.text[c.quantity.start : c.quantity.end] == c.quantity.text for c in found)
    assert [doc[c.head].text for c in found] == ["killing", "wounding"]
    assert all(c.kind in KINDS for c in found)


def test_offsets_are_into_the_document_not_the_sentence() -> None:
    doc = load_spacy()("Talks resumed in Cairo. Two people were killed in Rafah.")
    second = list(doc.sents)[1]
    [count] = counts(second)
    assert doc.text[count.quantity.start : count.quantity.end] == "Two"
    assert doc[count.head].text == "killed"
