"""ACLED's vocabulary, and stored events as ACLED rows: ACLED's columns in ACLED's order, so the export opens next to
an ACLED download. The mappings (event categories, actor type codes, regions, precisions) live in ``data/acled.json``;
docs/events.md explains each column.

Events ACLED would not code are left out, each with a reason counted in :class:`AcledReport`: no ACLED event type,
or flagged negated, hypothetical, future (did not happen, or not yet) or cumulative (a running total, not one event).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TextIO

from wirewatch.errors import UsageError
from wirewatch.events.merge import dates_overlap, places_agree
from wirewatch.models import Event, Participant
from wirewatch.store.events import EventOrigin, EventQuery, period

if TYPE_CHECKING:
    from wirewatch.nlp.actors import Actor, ActorDictionary
    from wirewatch.store.database import Database

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
LEFT_OUT_FLAGS = ("negated", "hypothetical", "future", "cumulative")
CIVILIANS = 7
VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")


@lru_cache(maxsize=1)
def acled_data() -> dict[str, Any]:
    """``data/acled.json``, loaded once."""
    return json.loads(resources.files("wirewatch.data").joinpath("acled.json").read_text(encoding="utf-8"))


def canonical_type(value: str) -> tuple[str, str]:
    """The column (``acled_event_type`` or ``acled_sub_event_type``) and ACLED's spelling of an event type or
    sub-event type given in any case; UsageError for a name ACLED does not use."""
    key = value.strip().casefold().replace("protestor", "protester")
    categories: dict[str, dict[str, str]] = acled_data()["categories"]
    for event_type, subs in categories.items():
        if event_type.casefold() == key:
            return "acled_event_type", event_type
        for sub in subs:
            if sub.casefold() == key:
                return "acled_sub_event_type", sub
    raise UsageError(
        f"unknown ACLED type {value!r}: use an event type ({', '.join(categories)})"
        " or a sub-event type such as 'Air/drone strike' (docs/events.md lists them)"
    )


@dataclass(slots=True)
class AcledReport:
    """What an export wrote (rows), what it left out and why, and how many events joined another's row (``joined``:
    ACLED's unit holds them)."""

    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    joined: int = 0


def export_acled(
    db: Database, stream: TextIO, query: EventQuery | None = None, limit: int | None = None, *, units: bool = True
) -> AcledReport:
    """Write the stored events matching ``query`` to ``stream`` as ACLED CSV; streamed, 500 events at a time.
    ``units``: one row per ACLED event (:func:`acled_units`); else one row per wirewatch event."""
    report = AcledReport()
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = _rows(db, db.iter_events(query, limit), report)
    for row in acled_units(rows, report) if units else (row for _, row in rows):
        writer.writerow(row)
        report.written += 1
    return report


def _rows(db: Database, events: Iterable[Event], report: AcledReport) -> Iterator[tuple[Event, dict[str, Any]]]:
    """Each event ACLED would code, with its row; the others counted in ``report``."""
    for chunk in _chunks(events, 500):
        origins = db.event_origins([e.id for e in chunk])
        for event in chunk:
            reason = left_out_reason(event)
            if reason:
                report.left_out[reason] += 1
            else:
                yield event, acled_row(event, origins.get(event.id))


def acled_units(rows: Iterable[tuple[Event, dict[str, Any]]], report: AcledReport | None = None) -> Iterator[dict[str, Any]]:
    """One row per ACLED event, from the rows of events in date order.

    ACLED codes one event per day, location and actor pair and sums what a report lists there ("warplanes struck a
    house, killing two; a drone struck a street in the same area, killing one": one event, 3 fatalities); wirewatch
    keeps each strike. The events of one story dated to the same day, of the same group of types
    (:func:`unit_group`), at the same location, with the same actor1 and actor2 become one row: the most confident
    event's, with the fatalities summed, the notes, sources and tags of all. Events dated to a week or longer, and
    events of different stories, are never joined (the same strike told by two stories must not count twice).
    Memory: one day's rows at a time.
    """
    day: list[tuple[Event, dict[str, Any]]] = []
    for event, row in rows:
        if row["time_precision"] != 1:
            yield row
            continue
        if day and row["event_date"] != day[0][1]["event_date"]:
            yield from _joined(day, report)
            day = []
        day.append((event, row))
    yield from _joined(day, report)


def _joined(day: list[tuple[Event, dict[str, Any]]], report: AcledReport | None) -> Iterator[dict[str, Any]]:
    units: dict[tuple, list[tuple[Event, dict[str, Any]]]] = {}
    for event, row in day:
        story = event.story_id or (event.mentions[0].article_id if event.mentions else event.id)
        where = (row["location"], row["latitude"], row["longitude"]) if row["location"] else event.id  # no place: alone
        key = (story, unit_group(row["event_type"]), where, row["actor1"], row["actor2"])
        units.setdefault(key, []).append((event, row))
    for members in units.values():
        lead = max(members, key=lambda m: (m[0].confidence, m[1]["fatalities"]))[1]
        if len(members) == 1:
            yield lead
            continue
        if report is not None:
            report.joined += len(members) - 1
        rows = [row for _, row in members]
        yield lead | {
            "fatalities": sum(int(r["fatalities"]) for r in rows),
            "notes": " ".join(dict.fromkeys(r["notes"] for r in rows if r["notes"])),
            "source": "; ".join(dict.fromkeys(s for r in rows for s in r["source"].split("; ") if s)),
            "tags": "; ".join(dict.fromkeys(t for r in rows for t in r["tags"].split("; ") if t)),
        }


def left_out_reason(event: Event) -> str | None:
    """Why ACLED would not code this event (None: it would)."""
    if not event.acled_event_type:
        return "no ACLED type"
    return next((flag for flag in LEFT_OUT_FLAGS if flag in event.flags), None)


def unit_group(event_type: str | None) -> str | None:
    """The events ACLED codes together: political violence (battles, explosions, violence against civilians) is one
    group, demonstrations (protests, riots) another, strategic developments a third."""
    if event_type in VIOLENCE:
        return "political violence"
    return "demonstrations" if event_type in ("Protests", "Riots") else event_type


def unit_fatalities(lead: Event, events: Iterable[Event]) -> int:
    """The fatalities of the ACLED event that ``lead`` belongs to, among one report's ``events`` (merged).

    ACLED codes one event per day, location and actor pair, however many strikes or shootings a report lists ("Israeli
    warplanes struck a house, killing two. Also, an Israeli drone struck a street in the same area, killing one":
    one ACLED event, 3 fatalities); wirewatch keeps each strike. This sums the fatalities of the events ACLED would
    code (not negated, hypothetical, future or cumulative) of ``lead``'s group (:func:`unit_group`) whose dates
    overlap and whose places agree with ``lead``'s.
    """
    group = unit_group(lead.acled_event_type)
    total = 0
    for e in events:
        if e is not lead and (
            left_out_reason(e)
            or unit_group(e.acled_event_type) != group
            or not dates_overlap(e.date, e.date_precision, lead.date, lead.date_precision)
            or places_agree(e.place, lead.place) is False
        ):
            continue
        total += e.fatalities.value if e.fatalities else 0
    return total


def acled_row(event: Event, origin: EventOrigin | None = None) -> dict[str, Any]:
    """One event as an ACLED row (dict keyed by ACLED_COLUMNS)."""
    from wirewatch.nlp.actors import load_actors

    actors = load_actors()
    data = acled_data()
    place = event.place
    cc = place.country if place else None
    event_type, sub_type, disorder = _category(event)
    event_date, year, time_precision = _date(event)
    crowd = crowd_participant(event_type)
    actor1, assoc1, inter1 = _crowd(crowd, event.actors, cc, actors) if crowd else _side(event.actors, cc, actors)
    actor2, assoc2, inter2 = _side(event.recipients, cc, actors)
    interaction = _interaction(inter1, inter2)
    mention = event.mentions[0].sentence if event.mentions else ""
    return {
        "event_id_cnty": event.id,
        "event_date": event_date,
        "year": year,
        "time_precision": time_precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if "Political violence" in disorder and inter2 == CIVILIANS else "",
        "iso": _iso_numeric(cc),
        "region": region(cc),
        "country": _country_name(cc, actors),
        "admin1": (place.admin1 or "") if place else "",
        "admin2": place.name if place and place.feature == "admin2" else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": f"{place.lat:.4f}" if place else "",
        "longitude": f"{place.lon:.4f}" if place else "",
        "geo_precision": data["geo_precision"].get(place.feature, 3) if place else "",
        "source": "; ".join(origin.sources) if origin else "",
        "source_scale": "",
        "notes": " ".join(mention.split()),
        "fatalities": event.fatalities.value if event.fatalities else 0,
        "tags": "; ".join(_tags(event)),
        "timestamp": int(datetime.fromisoformat(origin.written_at).timestamp()) if origin else "",
    }


def _category(event: Event) -> tuple[str, str, str]:
    """ACLED's spelling of the event and sub-event type, and the disorder type they fall under."""
    categories: dict[str, dict[str, str]] = acled_data()["categories"]
    given, sub = event.acled_event_type or "", event.acled_sub_event_type or ""
    event_type = next((t for t in categories if t.casefold() == given.casefold()), given)
    subs = categories.get(event_type, {})
    key = sub.casefold().replace("protestor", "protester")
    sub = next((s for s in subs if s.casefold() == key), sub)
    disorder = subs.get(sub) or (next(iter(subs.values())) if len(set(subs.values())) == 1 else "")
    return event_type, sub, disorder


def _date(event: Event) -> tuple[str, str, int | str]:
    """ACLED's event_date (ISO; the middle day of a week, month or year), year and time_precision."""
    days = period(event.date)
    if days is None:
        return "", "", ""
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[1])
    middle = first + (last - first) // 2
    span = (last - first).days
    precision = acled_data()["time_precision"].get(event.date_precision) or (1 if span == 0 else 2 if span <= 6 else 3)
    return middle.isoformat(), str(middle.year), precision


def _side(people: list[Participant], cc: str | None, actors: ActorDictionary) -> tuple[str, str, int | str]:
    """actor, associated actors and inter code of one side (actors, or recipients)."""
    if not people:
        return "", "", ""
    names = list(dict.fromkeys(_acled_name(p, cc, actors) for p in people))
    return names[0], "; ".join(names[1:]), inter_code(people[0], cc, actors)


def crowd_participant(event_type: str | None) -> Participant | None:
    """ACLED's actor1 of a protest or riot, the crowd ("Protesters", "Rioters"; ``crowd_actors`` in acled.json), as
    a participant with the dictionary id; None for the other event types."""
    crowd_id = acled_data()["crowd_actors"].get(event_type or "")
    return Participant(0, 0, "", "", crowd_id) if crowd_id else None


def _crowd(crowd: Participant, people: list[Participant], cc: str | None, actors: ActorDictionary) -> tuple[str, str, int]:
    """actor1, assoc_actor_1 and inter1 of a protest or riot: the crowd, then the named actors associated with it."""
    names = [_acled_name(p, cc, actors) for p in people if (entry := _entry(p, actors)) is None or entry.id != crowd.entity_id]
    return _acled_name(crowd, cc, actors), "; ".join(dict.fromkeys(names)), inter_code(crowd, cc, actors)


def _entry(p: Participant, actors: ActorDictionary) -> Actor | None:
    """The dictionary entry of a participant: by its id, else (unresolved) by its name ('residents' -> civilians)."""
    return actors.get(p.entity_id) if p.entity_id else actors.lookup(p.name)


def _acled_name(p: Participant, cc: str | None, actors: ActorDictionary) -> str:
    """ACLED's name for an actor: the dictionary's ACLED name; a generic agent as 'Civilians (Palestine)'."""
    actor = _entry(p, actors)
    if actor is None:
        return p.name
    if actor.generic:
        country = _country_name(p.country or actor.country or cc, actors)
        return f"{actor.name} ({country})" if country else actor.name
    return actor.acled[0] if actor.acled else actor.name


def _interaction(inter1: int | str, inter2: int | str) -> str:
    """ACLED's interaction code: the two actor type codes, lower first ('17'); one side alone: '10', '60'."""
    if inter1 == "":
        return ""
    if inter2 == "":
        return f"{inter1}0"
    return "".join(str(c) for c in sorted((int(inter1), int(inter2))))


def inter_code(p: Participant, cc: str | None, actors: ActorDictionary) -> int:
    """ACLED's actor type code (1 State forces … 8 External/Other forces) for a participant of an event in country
    ``cc``: by its dictionary id or a parent's (data/acled.json inter_by_id), else its actor type, else its label;
    a state actor of another country than the event's is External/Other (8)."""
    data = acled_data()
    actor = _entry(p, actors)
    chain = [actor.id, *(a.id for a in actors.parents(actor.id))] if actor else [p.entity_id]
    code = next((data["inter_by_id"][i] for i in chain if i in data["inter_by_id"]), None)
    if code is None and actor is not None:
        code = data["inter_by_type"].get(actor.type)
    if code is None:
        code = data["inter_by_label"].get(p.label or "", data["inter_default"])
    country = p.country or (actor.country if actor else None)
    if code == 1 and cc and country and country != cc:
        return 8
    return int(code)


def _tags(event: Event) -> Iterator[str]:
    q = event.fatalities
    if q and q.qualifier != "exact":
        yield f"fatalities={q.qualifier} {q.value}" + (f"-{q.high}" if q.high is not None else "")
    if event.claimed_by:
        yield f"claimed by={event.claimed_by.name}"
    yield from (flag for flag in event.flags if flag != "claimed" or not event.claimed_by)


def region(cc: str | None) -> str:
    """ACLED's region of a country (ISO alpha-2), '' when unknown."""
    return _regions().get(cc or "", "")


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    import countryinfo

    data = acled_data()
    by_subregion: dict[str, str] = data["regions_by_subregion"]
    out: dict[str, str] = {}
    for info in countryinfo.all_countries():
        code = (info.iso() or {}).get("alpha2")
        subregion = info.info().get("subregion")
        if code and subregion in by_subregion:
            out.setdefault(code, by_subregion[subregion])
    for name, codes in data["regions_by_country"].items():
        out.update(dict.fromkeys(codes.split(), name))
    return out


def _iso_numeric(cc: str | None) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=cc) if cc else None
    return str(int(country.numeric)) if country else ""


def _country_name(cc: str | None, actors: ActorDictionary) -> str:
    state = actors.get(cc.lower()) if cc else None
    return state.name if state and state.type == "state" and state.country == cc else (cc or "")


def _chunks(items: Iterable[Event], size: int) -> Iterator[list[Event]]:
    chunk: list[Event] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
