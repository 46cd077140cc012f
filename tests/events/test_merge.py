"""Merging event mentions into events: what ties two reports of one event, what keeps two events apart."""

from __future__ import annotations

from wirewatch.events.merge import merge
from wirewatch.models import ArticleEventMention, EventMention, Participant, PlaceMention, Quantity

HODEIDAH = PlaceMention(0, 8, "Hodeidah", "Hodeidah", 79415, "YE", "08", 14.80, 42.95, "city")
SANAA = PlaceMention(0, 5, "Sanaa", "Sanaa", 71137, "YE", "26", 15.35, 44.21, "city")
US = Participant(0, 2, "US", "United States", "us.military", "STATE", "US")


def mention(
    start: int = 0,
    place: PlaceMention | None = HODEIDAH,
    killed: int | None = 4,
    date: str | None = "2025-03-26",
    flags: list[str] | None = None,
    mode: str | None = "aerial",
) -> EventMention:
    return EventMention(
        "ASSAULT", mode, "Explosions/Remote violence", "Air/drone strike", "19", start, start + 50, start, start + 6,
        "strike", actors=[US], place=place, date=date, date_precision="day",
        fatalities=Quantity(0, 1, str(killed), killed) if killed is not None else None, flags=flags or [], confidence=0.8,
    )  # fmt: skip


def test_reports_of_one_strike_in_two_outlets_become_one_event_with_two_sources() -> None:
    outlets = {"a1": "reuters", "a2": "ap"}
    events, changed = merge([], [ArticleEventMention("a1", mention()), ArticleEventMention("a2", mention(70))], "s1", outlets.get)
    assert len(events) == 1 and changed == events
    event = events[0]
    assert (event.sources, len(event.mentions), event.story_id) == (2, 2, "s1")
    assert event.fatalities is not None and event.fatalities.value == 4
    assert event.confidence > 0.8  # two independent reports


def test_the_event_id_is_its_first_mention_and_stays_as_mentions_join() -> None:
    events, _ = merge([], [ArticleEventMention("a1", mention())], "s1")
    first = events[0].id
    events, changed = merge(events, [ArticleEventMention("a2", mention(70, killed=6))], "s1")
    assert [e.id for e in events] == [first] and [e.id for e in changed] == [first]
    assert events[0].fatalities is not None and events[0].fatalities.value == 6  # the updated toll


def test_different_places_days_modes_or_claims_stay_apart() -> None:
    apart = [
        mention(100, place=SANAA, killed=None),  # another city
        mention(200, date="2025-03-20", killed=None),  # another day
        mention(300, mode="heavy-weapons", killed=None),  # shelling, not an air strike
        mention(400, flags=["cumulative"], killed=65),  # a campaign total, not this strike
        mention(500, flags=["negated"], killed=None),  # a denial
    ]
    events, _ = merge([], [ArticleEventMention("a1", mention())] + [ArticleEventMention("a1", m) for m in apart], "s1")
    assert len(events) == 6


def test_nothing_to_tie_them_keeps_two_vague_reports_apart() -> None:
    vague = [mention(0, place=None, killed=None), mention(60, place=None, killed=None, date=None)]
    events, _ = merge([], [ArticleEventMention("a1", m) for m in vague], None)
    assert len(events) == 2


def test_a_mention_announcing_a_further_event_never_joins_one_of_its_own_article() -> None:
    first = "US warplanes struck a house in Hodeidah, killing 4."
    further = "US warplanes also struck a car in Hodeidah, killing 4."
    text = f"{first} {further}"
    a, b = mention(0), mention(len(first) + 1)
    a.sentence_start, a.sentence_end, a.trigger_start, a.trigger_end = 0, len(first), 13, 19
    b.sentence_start, b.sentence_end = len(first) + 1, len(text)
    b.trigger_start = text.index("struck", b.sentence_start)
    b.trigger_end = b.trigger_start + 6
    sentences = [text[m.sentence_start : m.sentence_end] for m in (a, b)]
    events, _ = merge([], [ArticleEventMention("a1", m, s) for m, s in zip((a, b), sentences, strict=True)], None)
    assert len(events) == 2  # same place, same toll, but "also": a second strike
    without_also = sentences[1].replace(" also", "")
    b.sentence_end -= len(" also")
    events, _ = merge([], [ArticleEventMention("a1", a, sentences[0]), ArticleEventMention("a1", b, without_also)], None)
    assert len(events) == 1  # nothing says it is another: a restatement
    events, _ = merge([], [ArticleEventMention("a1", a, sentences[0]), ArticleEventMention("a2", b, sentences[1])], None)
    assert len(events) == 1  # another outlet's "also" may well be the same strike
