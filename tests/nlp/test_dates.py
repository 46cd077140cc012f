"""Dates: the publication anchor and date mentions resolved against it (issue 5), on the real spaCy model."""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from wirewatch.nlp import load_spacy
from wirewatch.nlp.dates import anchor_date, caption_date, resolve_dates

REPO = Path(__file__).resolve().parents[2]
MUC3 = REPO / "data/demo/muc3/muc3_dev_docs.jsonl.gz"
WED = date(2025, 3, 26)  # a Wednesday, in ISO week 2025-W13
MUC_DAY = date(1990, 1, 3)


def _dates(text: str, anchor: date | None, **kwargs) -> dict[str, tuple[str | None, str]]:
    return {m.text: (m.value, m.precision) for m in resolve_dates(load_spacy()(text), anchor, **kwargs)}


@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value", "precision"),
    [
        # weekdays: the governing verb's tense picks the week
        ("The ministers will meet on Friday.", WED, "Friday", "2025-03-28", "day"),
        ("The ministers met on Friday.", WED, "Friday", "2025-03-21", "day"),
        ("Protesters rallied in the capital on Wednesday.", WED, "Wednesday", "2025-03-26", "day"),
        ("Talks are expected to resume on Monday.", WED, "Monday", "2025-03-31", "day"),
        ("He returned to Beirut last Wednesday.", WED, "last Wednesday", "2025-03-19", "day"),
        ("They will vote next Wednesday.", WED, "next Wednesday", "2025-04-02", "day"),
        ("Clashes erupted on Monday night.", WED, "Monday night", "2025-03-24", "day"),
        # month-day without a year: the anchor's year, the occurrence on the side the tense says
        ("Rebels attacked the town on March 5.", WED, "March 5", "2025-03-05", "day"),
        ("Rebels attacked the town on December 30.", WED, "December 30", "2024-12-30", "day"),
        ("Elections will be held on April 6.", WED, "April 6", "2025-04-06", "day"),
        ("The convoy was hit on Mar. 5 near the border.", WED, "Mar. 5", "2025-03-05", "day"),
        ("A renewal of peace talks in Caracas on 20 December.", date(1989, 12, 9), "20 December", "1989-12-20", "day"),
        ("The anniversary of the coup on 2 December.", date(1990, 1, 3), "2 December", "1989-12-02", "day"),
        # absolute dates need no anchor
        ("The deal was signed on March 28, 2025.", None, "March 28, 2025", "2025-03-28", "day"),
        ("It was signed on 28 March 2025 in Doha.", None, "28 March 2025", "2025-03-28", "day"),
        ("Figures dated 2025-03-28 show a rise.", None, "2025-03-28", "2025-03-28", "day"),
        ("It was signed on Friday, March 28, 2025.", None, "Friday, March 28, 2025", "2025-03-28", "day"),
        ("In March 2025 the rebels advanced.", None, "March 2025", "2025-03", "month"),
        ("Fighting broke out in 2024.", None, "2024", "2024", "year"),
        ("Veterans of the 1948 war marched.", None, "1948", "1948", "year"),
        # relative expressions
        ("The strikes killed four people yesterday.", WED, "yesterday", "2025-03-25", "day"),
        ("Overnight, a strike hit the port.", WED, "Overnight", "2025-03-26", "day"),
        ("Clashes erupted last night in the north.", WED, "last night", "2025-03-25", "day"),
        ("The minister spoke this morning.", WED, "this morning", "2025-03-26", "day"),
        ("The talks will resume tomorrow.", WED, "tomorrow", "2025-03-27", "day"),
        ("The shelling began the night before last.", WED, "the night before last", "2025-03-24", "day"),
        ("Two people were killed three days ago.", WED, "three days ago", "2025-03-23", "day"),
        ("The army withdrew last week.", WED, "last week", "2025-W12", "week"),
        ("The army withdrew two weeks ago.", WED, "two weeks ago", "2025-W11", "week"),
        ("The army withdrew a week ago.", WED, "a week ago", "2025-W12", "week"),
        ("Talks continue this week.", WED, "this week", "2025-W13", "week"),
        ("Fighting flared earlier this month.", WED, "earlier this month", "2025-03", "month"),
        ("Fighting flared last month.", WED, "last month", "2025-02", "month"),
        ("The group was founded last year.", WED, "last year", "2024", "year"),
        ("The group was founded 5 years ago.", WED, "5 years ago", "2020", "year"),
        ("Fighting has escalated this year.", WED, "this year", "2025", "year"),
        # a month without a year
        ("Rebels entered the city in March.", WED, "March", "2025-03", "month"),
        ("Elections will take place in May.", WED, "May", "2025-05", "month"),
        ("The ceasefire collapsed in November.", WED, "November", "2024-11", "month"),
        ("The offensive began last October.", WED, "last October", "2024-10", "month"),
        ("Prices rose sharply from mid-March.", WED, "March", "2025-03", "month"),
        # not point dates: kept, unknown
        ("Rebels have recently gained ground.", WED, "recently", None, "unknown"),
        ("Aid has dwindled in recent days.", WED, "in recent days", None, "unknown"),
        ("The town has been besieged for years.", WED, "for years", None, "unknown"),
        ("Fighting was fierce in the 1980s.", WED, "1980s", None, "unknown"),
        ("A second strike hit the same day.", WED, "the same day", None, "unknown"),
        # MUC-3 (FBIS, upper case)
        ("THE MASS KIDNAPPING TOOK PLACE ON 30 DECEMBER IN SAN LUIS.", MUC_DAY, "30 DECEMBER", "1989-12-30", "day"),
        ("THREE SUBVERSIVES WERE KILLED DURING CLASHES YESTERDAY.", MUC_DAY, "YESTERDAY", "1990-01-02", "day"),
        ("THE ARMY REPORTED ON 2 JAN 90 THAT TWO SOLDIERS DIED.", MUC_DAY, "2 JAN 90", "1990-01-02", "day"),
        ("THE DECREE OF AUG 89 REMAINS IN FORCE.", MUC_DAY, "AUG 89", "1989-08", "month"),
        ("THE PRESIDENT SPOKE TODAY IN SAN SALVADOR.", MUC_DAY, "TODAY", "1990-01-03", "day"),
    ],
)
def test_resolve_dates(text: str, anchor: date | None, mention: str, value: str | None, precision: str) -> None:
    assert _dates(text, anchor)[mention] == (value, precision)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("The strikes killed four people yesterday.", "yesterday"),
        ("The ministers met on Friday.", "Friday"),
        ("The army withdrew last week.", "last week"),
        ("Fighting flared earlier this month.", "earlier this month"),
        ("The group was founded last year.", "last year"),
        ("Rebels attacked the town on March 5.", "March 5"),
        ("Rebels entered the city in March.", "March"),
        ("Overnight, a strike hit the port.", "Overnight"),
        ("The army withdrew two weeks ago.", "two weeks ago"),
        ("THE PRESIDENT SPOKE TODAY IN SAN SALVADOR.", "TODAY"),
    ],
)
def test_without_an_anchor_relative_dates_stay_unresolved(text: str, mention: str) -> None:
    counts: Counter[str] = Counter()
    assert _dates(text, None, counts=counts)[mention] == (None, "unknown")
    assert counts["unresolved_no_anchor"] >= 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The fighting lasted for three days.", "dropped_duration"),
        ("Aid has not arrived in the past 24 hours.", "dropped_duration"),
        ("Rebels have advanced over the last week.", "dropped_duration"),
        ("A 43-year-old man was wounded.", "dropped_age"),
        ("THE CURFEW RUNS FROM 1800 TO 0600 IN THE CAPITAL.", "dropped_time_of_day"),
    ],
)
def test_durations_ages_and_clock_times_are_not_dates(text: str, reason: str) -> None:
    counts: Counter[str] = Counter()
    assert resolve_dates(load_spacy()(text), WED, counts=counts) == []
    assert counts[reason] >= 1


def test_29_february_takes_the_nearest_leap_year() -> None:
    assert _dates("The siege began on February 29.", date(2021, 3, 1))["February 29"] == ("2020-02-29", "day")


def test_passing_the_text_gives_the_same_mentions() -> None:
    text = "Overnight, strikes hit Hodeidah; the militias said on Tuesday that 65 people died since March 15."
    doc = load_spacy()(text)
    assert resolve_dates(doc, WED, text=text) == resolve_dates(doc, WED)


def test_two_years_of_a_range_are_two_mentions() -> None:
    assert _dates("Prices doubled between 2015 and 2017.", None) == {"2015": ("2015", "year"), "2017": ("2017", "year")}


def test_offsets_point_into_the_annotated_text() -> None:
    text = "Suspected US airstrikes battered Yemen into Wednesday, the militias said on Tuesday."
    for m in resolve_dates(load_spacy()(text), WED):
        assert text[m.start : m.end] == m.text


def test_weak_anchor_gives_years_but_no_relative_dates() -> None:
    found = _dates("The strikes came yesterday. Rebels attacked on March 5.", date(2025, 3, 28), weak_anchor=True)
    assert found["yesterday"] == (None, "unknown")
    assert found["March 5"] == ("2025-03-05", "day")


@pytest.mark.parametrize(
    ("published", "text", "captions", "expected"),
    [
        ("2025-04-02", "Body.", [], (date(2025, 4, 2), "metadata")),
        ("2025-04-02T10:00:00Z", "Body.", ["Sanaa, Yemen March 28, 2025."], (date(2025, 4, 2), "metadata")),
        (None, "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) -- [TEXT] THE ARMY", [], (date(1990, 1, 3), "dateline")),
        (None, "BOGOTA, 29 MAR 89 (EFE) -- [TEXT] DIEGO MONTANA", [], (date(1989, 3, 29), "dateline")),
        (None, "SAN SALVADOR, 17 NOV 89 (INTERPRESS AGENCY [IPS]) -- [TEXT]", [], (date(1989, 11, 17), "dateline")),
        (None, "HAVANA (CUBA), 17 NOV 89 (RADIO REBELDE NETWORK) -- [COMMENTARY]", [], (date(1989, 11, 17), "dateline")),
        (None, "BAGHDAD, March 5, 2025 (Reuters) - Iraqi factions", [], (date(2025, 3, 5), "dateline")),
        (None, "LONDON, 5 March 2025 (AFP) - Britain said", [], (date(2025, 3, 5), "dateline")),
        (None, "BAGHDAD, March 5 (Reuters) - Iraqi factions", [], (None, "none")),
        ("2025", "BAGHDAD, March 5 (Reuters) - Iraqi factions", [], (date(2025, 3, 5), "dateline")),
        (None, "BAGHDAD, March 5 (Reuters) - Iraqi", ["Sanaa, Yemen March 28, 2025."], (date(2025, 3, 5), "dateline")),
        (None, "CLANDESTINE, NO DATE (RADIO VENCEREMOS) -- [TEXT]", [], (None, "none")),
        (None, "Strikes hit Yemen.", ["Sanaa, Yemen March 28, 2025."], (date(2025, 3, 28), "caption")),
        (None, "Strikes hit Yemen.", ["Aden, March 20, 2025.", "Sanaa, March 28, 2025."], (date(2025, 3, 28), "caption")),
        ("yesterday", "Strikes hit Yemen.", [], (None, "none")),
    ],
)
def test_anchor_date(published: str | None, text: str, captions: list[str], expected: tuple) -> None:
    assert anchor_date(published, text, captions) == expected


def test_seed_article_b_caption_date_and_its_friday(seeds_dir: Path) -> None:
    """Issue 5, seeds: article B's caption is dated 2025-03-28, and its "last Friday of … Ramadan" is that day."""
    page = (seeds_dir / "000_7abf4f77b059df91.txt").read_text(encoding="utf-8")
    caption = next(line for line in page.splitlines() if "March 28, 2025" in line).removesuffix(" REUTERS/Khaled Abdullah")
    body = page[page.index("Suspected US airstrikes battered") :]
    assert caption_date(caption) == date(2025, 3, 28)
    anchor, source = anchor_date(None, body, [caption])
    assert (anchor, source) == (date(2025, 3, 28), "caption")
    in_caption = _dates(caption, caption_date(caption))
    assert in_caption["Friday"] == ("2025-03-28", "day")
    assert in_caption["March 28, 2025"] == ("2025-03-28", "day")
    in_body = _dates(body[:1000], anchor, weak_anchor=True)  # a photo's date does not date "into Wednesday"
    assert in_body["Wednesday"] == (None, "unknown")


def _muc3() -> list[dict]:
    with gzip.open(MUC3, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_muc3_datelines_anchor_and_agree_with_the_corpus_dates() -> None:
    docs = _muc3()
    anchored = [(anchor_date(None, d["text"]), d["date"]) for d in docs]
    assert len(docs) == 1300
    assert sum(src == "dateline" for (_, src), _ in anchored) / len(docs) >= 0.95
    assert all(a.isoformat() == truth for (a, src), truth in anchored if a)
    assert all(truth is None for (a, _), truth in anchored if a is None)  # only "NO DATE" datelines stay without


@pytest.mark.slow
def test_resolve_dates_costs_a_few_percent_of_spacy() -> None:
    with gzip.open(REPO / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for _, line in zip(range(40), f, strict=False)]
    nlp = load_spacy()
    t0 = time.process_time()
    docs = list(nlp.pipe(r["text"] for r in records))
    t1 = time.process_time()
    for doc, r in zip(docs, records, strict=True):
        resolve_dates(doc, date.fromisoformat(r["date"]))
    t2 = time.process_time()
    assert t2 - t1 < 0.10 * (t1 - t0)  # measured ~2% (docs/dates.md); 10% leaves room for a noisy machine
