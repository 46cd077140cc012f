"""One real-world event, however many times it is reported: mentions merged within an article and across the
articles of a story.

A mention joins an event when they cannot be told apart and something ties them: the same type (and mode, where
both say), the same claim status (a negated, hypothetical, future or cumulative statement never merges with a
factual one), dates that overlap, places that agree, actors that do not contradict — and at least one positive tie:
the same place below country level, the same fatalities, or the same actor on the same day. What cannot be tied
stays its own event: two strikes on one day in one city reported without detail are kept apart rather than
guessed together, and a mention that announces a further event ("also", "another" before its trigger) never joins
an event of its own article.

The merged event reads: the type and mode; the ACLED and CAMEO codes of its most confident mention; the union of
actors and recipients; the most specific place; the most precise date; the largest fatalities and injured counts
stated (reports update tolls upwards); a confidence that grows with independent mentions; ``sources``, the number of
distinct outlets reporting it. Its id is the content hash of its first mention, so it stays put as mentions join.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from wirewatch.events.extract import FEATURE_RANK
from wirewatch.events.lexicon import load_words
from wirewatch.geo.distance import distance_km
from wirewatch.models import ArticleEventMention, Event, EventMention, Participant, PlaceMention, Quantity, content_id

ADDITIVE = load_words()["additive_words"]
CLAIM_FLAGS = frozenset({"negated", "hypothetical", "future", "cumulative"})
SAME_PLACE_KM = 25.0  # two places this close are the same place for an event


def event_id(article_id: str, mention: EventMention) -> str:
    return content_id(f"{article_id}:{mention.trigger_start}:{mention.type}".encode())


def merge(
    events: list[Event],
    mentions: Iterable[ArticleEventMention],
    story_id: str | None,
    source_of: Callable[[str], str | None] = lambda article_id: None,
) -> tuple[list[Event], list[Event]]:
    """Merge ``mentions`` (of one story, in text order per article) into the story's ``events``; returns (all
    events, the events that changed or are new: those to write)."""
    changed: dict[str, Event] = {}
    for item in mentions:
        target = _best_match(events, item)
        if target is None:
            target = _new_event(item, story_id)
            events.append(target)
        else:
            target.mentions.append(item)
        _recompute(target, source_of)
        changed[target.id] = target
    return events, list(changed.values())


def without_articles(
    events: Iterable[Event], article_ids: set[str], source_of: Callable[[str], str | None] = lambda article_id: None
) -> tuple[list[Event], list[str]]:
    """``events`` without their mentions from ``article_ids`` (articles read again, whose mentions are about to be
    merged anew): (the events that keep other mentions, recomputed; the ids of those left with none)."""
    kept, emptied = [], []
    for e in events:
        mentions = [item for item in e.mentions if item.article_id not in article_ids]
        if not mentions:
            emptied.append(e.id)
        elif len(mentions) < len(e.mentions):
            e.mentions = mentions
            _recompute(e, source_of)
            kept.append(e)
    return kept, emptied


def _best_match(events: list[Event], item: ArticleEventMention) -> Event | None:
    best, best_score = None, 0
    further = _further(item)
    for e in events:
        if further and any(x.article_id == item.article_id for x in e.mentions):
            continue
        score = _tie(e, item.mention)
        if score > best_score:
            best, best_score = e, score
    return best


def _further(item: ArticleEventMention) -> bool:
    """Whether a mention announces a further event: "also", "another", "separately" before its trigger ("Israeli
    warplanes also struck a house in the same area, killing one"). It never joins an event of its own article."""
    m = item.mention
    if not item.sentence or not m.sentence_start <= m.trigger_end <= m.sentence_end:
        return False
    before = item.sentence[: m.trigger_end - m.sentence_start].lower()
    return not ADDITIVE.isdisjoint(re.findall(r"[a-z]+", before))


def _tie(e: Event, m: EventMention) -> int:
    """0 when ``m`` cannot be a mention of ``e``; else how strongly they are tied (higher: more)."""
    if e.type != m.type or (e.mode and m.mode and e.mode != m.mode):
        return 0
    if CLAIM_FLAGS & set(e.flags) != CLAIM_FLAGS & set(m.flags):
        return 0
    if not dates_overlap(e.date, e.date_precision, m.date, m.date_precision):
        return 0
    places = places_agree(e.place, m.place)
    if places is False:
        return 0
    actors = _overlap(e.actors, m.actors)
    if actors is False:
        return 0
    score = 0
    if places is True and e.place is not None and m.place is not None and "country" not in (e.place.feature, m.place.feature):
        score += 2
    if e.fatalities is not None and m.fatalities is not None and e.fatalities.value == m.fatalities.value:
        score += 2
    if actors is True and e.date and m.date and e.date_precision == m.date_precision == "day" and e.date == m.date:
        score += 1
    return score


def dates_overlap(a: str | None, pa: str, b: str | None, pb: str) -> bool:
    if not a or not b:
        return True
    ra, rb = _range(a, pa), _range(b, pb)
    if ra is None or rb is None:
        return a[:4] == b[:4]
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def _range(value: str, precision: str) -> tuple[date, date] | None:
    try:
        if precision == "day" and len(value) == 10:
            d = date.fromisoformat(value)
            return d, d
        if precision == "week" and len(value) == 10:  # a day known to within the week before it (the report's date)
            d = date.fromisoformat(value)
            return d - timedelta(days=7), d
        if "-W" in value:
            monday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return monday, monday + timedelta(days=6)
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def places_agree(a: PlaceMention | None, b: PlaceMention | None) -> bool | None:
    """True: the same place (or one inside the other's country); False: different places; None: unknown."""
    if a is None or b is None:
        return None
    if a.country and b.country and a.country != b.country:
        return False
    if "country" in (a.feature, b.feature) or FEATURE_RANK.get(a.feature, 2) >= 3 or FEATURE_RANK.get(b.feature, 2) >= 3:
        return True  # a country, province or region holds the other point: nothing contradicts
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def _overlap(a: list[Participant], b: list[Participant]) -> bool | None:
    if not a or not b:
        return None
    keys_a = {p.entity_id or p.name.lower() for p in a} | {f"country:{p.country}" for p in a if p.country}
    keys_b = {p.entity_id or p.name.lower() for p in b} | {f"country:{p.country}" for p in b if p.country}
    return bool(keys_a & keys_b)


def _new_event(item: ArticleEventMention, story_id: str | None) -> Event:
    m = item.mention
    return Event(
        id=event_id(item.article_id, m),
        story_id=story_id,
        type=m.type,
        mode=m.mode,
        acled_event_type=m.acled_event_type,
        acled_sub_event_type=m.acled_sub_event_type,
        cameo_root=m.cameo_root,
        actors=list(m.actors),
        recipients=list(m.recipients),
        place=m.place,
        date=m.date,
        date_precision=m.date_precision,
        fatalities=m.fatalities,
        injured=m.injured,
        flags=list(m.flags),
        claimed_by=m.claimed_by,
        confidence=m.confidence,
        sources=1,
        mentions=[item],
    )


def _recompute(e: Event, source_of: Callable[[str], str | None]) -> None:
    mentions = [item.mention for item in e.mentions]
    lead = max(mentions, key=lambda m: m.confidence)
    modes = Counter(m.mode for m in mentions if m.mode)
    e.mode = modes.most_common(1)[0][0] if modes else None
    e.acled_event_type, e.acled_sub_event_type, e.cameo_root = lead.acled_event_type, lead.acled_sub_event_type, lead.cameo_root
    e.actors = _union(m.actors for m in mentions)
    e.recipients = _union(m.recipients for m in mentions)
    places = [m.place for m in mentions if m.place is not None]
    e.place = min(places, key=lambda p: FEATURE_RANK.get(p.feature, 2)) if places else None
    dated = [m for m in mentions if m.date]
    if dated:
        best = min(dated, key=lambda m: ("day", "week", "month", "year", "unknown").index(m.date_precision))
        e.date, e.date_precision = best.date, best.date_precision
    e.fatalities = _largest(m.fatalities for m in mentions)
    e.injured = _largest(m.injured for m in mentions)
    e.flags = sorted({f for m in mentions for f in m.flags})
    e.claimed_by = next((m.claimed_by for m in mentions if m.claimed_by is not None), None)
    outlets = {source_of(item.article_id) or item.article_id for item in e.mentions}
    e.sources = len(outlets)
    miss = 1.0
    for m in mentions[:10]:
        miss *= 1.0 - min(m.confidence, 0.95)
    e.confidence = round(1.0 - miss, 3)


def _union(groups: Iterable[list[Participant]]) -> list[Participant]:
    out: list[Participant] = []
    seen: set[str] = set()
    for group in groups:
        for p in group:
            key = p.entity_id or p.name.lower()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def _largest(values: Iterable[Quantity | None]) -> Quantity | None:
    found = [q for q in values if q is not None]
    return max(found, key=lambda q: q.value) if found else None
