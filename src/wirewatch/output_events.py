"""Rendering events: the JSON shape of an event (the API and ``wirewatch events --format json``), a rich table, flat
CSV and GeoJSON. ACLED-shaped CSV is :mod:`wirewatch.acled`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from wirewatch.models import Event, Participant, Quantity
from wirewatch.output import _short, write_csv, write_json_array

EVENT_CSV_COLUMNS = [
    "id", "story_id", "date", "date_precision", "type", "mode", "acled_event_type", "acled_sub_event_type", "cameo_root",
    "actors", "actor_ids", "recipients", "recipient_ids", "place", "geonameid", "country", "admin1", "lat", "lon",
    "fatalities", "fatalities_qualifier", "fatalities_high", "injured", "injured_qualifier", "injured_high", "flags",
    "claimed_by", "confidence", "sources", "mentions", "articles", "sentence",
]  # fmt: skip
_QUALIFIER_MARKS = {"exact": "", "at least": "≥", "more than": ">", "about": "~", "at most": "≤", "range": ""}


def _person(p: Participant) -> dict[str, Any]:
    return {"name": p.name, "id": p.entity_id, "country": p.country}


def event_json(event: Event) -> dict[str, Any]:
    """An event as JSON: the fields analysts filter and read, and each mention's sentence with its offsets into the
    article's annotated text (``start``/``end``) and the trigger's. Keys after ``mentions`` are additions to the
    issue's shape: ``story_id``, ``injured_qualifier``, the high ends of count ranges and ``claimed_by``."""
    p = event.place
    place = (
        {"name": p.name, "geonameid": p.geonameid, "country": p.country, "admin1": p.admin1, "lat": p.lat, "lon": p.lon}
        if p
        else None
    )
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "cameo_root": event.cameo_root,
        "actors": [_person(a) for a in event.actors],
        "recipients": [_person(r) for r in event.recipients],
        "place": place,
        "date": event.date,
        "date_precision": event.date_precision,
        "fatalities": event.fatalities.value if event.fatalities else None,
        "fatalities_qualifier": event.fatalities.qualifier if event.fatalities else None,
        "injured": event.injured.value if event.injured else None,
        "flags": list(event.flags),
        "confidence": event.confidence,
        "sources": event.sources,
        "mentions": [
            {
                "article_id": m.article_id,
                "sentence": m.sentence,
                "start": m.mention.sentence_start,
                "end": m.mention.sentence_end,
                "trigger": {"start": m.mention.trigger_start, "end": m.mention.trigger_end, "text": m.mention.trigger},
            }
            for m in event.mentions
        ],
        "story_id": event.story_id,
        "injured_qualifier": event.injured.qualifier if event.injured else None,
        "fatalities_high": event.fatalities.high if event.fatalities else None,
        "injured_high": event.injured.high if event.injured else None,
        "claimed_by": _person(event.claimed_by) if event.claimed_by else None,
    }


def event_csv_row(event: Event) -> dict[str, Any]:
    """An event as one flat CSV row: lists joined by '; ', the first mention's sentence."""
    record = event_json(event)
    place = record.pop("place") or {}
    return {
        **record,
        "actors": "; ".join(a.name for a in event.actors),
        "actor_ids": "; ".join(a.entity_id or "" for a in event.actors),
        "recipients": "; ".join(r.name for r in event.recipients),
        "recipient_ids": "; ".join(r.entity_id or "" for r in event.recipients),
        "place": place.get("name"),
        **{k: place.get(k) for k in ("geonameid", "country", "admin1", "lat", "lon")},
        "flags": "; ".join(event.flags),
        "claimed_by": event.claimed_by.name if event.claimed_by else None,
        "mentions": len(event.mentions),
        "articles": "; ".join(dict.fromkeys(m.article_id for m in event.mentions)),
        "sentence": event.mentions[0].sentence if event.mentions else None,
    }


def write_geojson(events: Iterable[Event], stream: TextIO | None = None) -> int:
    """A GeoJSON FeatureCollection, one Point per event with a place (properties: the event's JSON, its place
    without coordinates), written feature by feature. Returns the number of events left out for having no place."""
    stream = stream or sys.stdout
    stream.write('{"type": "FeatureCollection", "features": [')
    written = placeless = 0
    for event in events:
        if event.place is None:
            placeless += 1
            continue
        properties = event_json(event)
        properties["place"] = {k: v for k, v in properties["place"].items() if k not in ("lat", "lon")}
        feature = {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [event.place.lon, event.place.lat]},
            "properties": properties,
        }
        stream.write(",\n" if written else "\n")
        stream.write(json.dumps(feature, ensure_ascii=False))
        written += 1
    stream.write("\n]}\n")
    stream.flush()
    return placeless


def _count(q: Quantity | None) -> str:
    if q is None:
        return ""
    high = f"–{q.high}" if q.high is not None else ""
    return f"{_QUALIFIER_MARKS.get(q.qualifier, '')}{q.value}{high}"


def print_events(console: Console, events: Iterable[Event], fmt: str) -> int:
    """Events as a table, JSON array, CSV or GeoJSON; returns the number left out (GeoJSON: events with no place)."""
    if fmt == "json":
        write_json_array(event_json(e) for e in events)
        return 0
    if fmt == "csv":
        write_csv((event_csv_row(e) for e in events), EVENT_CSV_COLUMNS)
        return 0
    if fmt == "geojson":
        return write_geojson(events)
    table = Table(Column("id", no_wrap=True, min_width=16), Column("date", no_wrap=True), "event", "actors → recipients",
                  "place", "killed / injured", "src", "flags", box=None, header_style="bold")  # fmt: skip
    n = 0
    for e in events:
        n += 1
        kind = Text(f"{e.type}/{e.mode}" if e.mode else e.type)
        if e.acled_sub_event_type or e.acled_event_type:
            kind.append(f"\n{e.acled_sub_event_type or e.acled_event_type}", style="dim")
        who = " → ".join(x for x in ("; ".join(a.name for a in e.actors), "; ".join(r.name for r in e.recipients)) if x)
        where = f"{e.place.name}, {e.place.country}" if e.place and e.place.country else e.place.name if e.place else ""
        counts = " / ".join(x for x in (_count(e.fatalities) or ("–" if e.injured else ""), _count(e.injured)) if x)
        table.add_row(e.id, e.date or "", kind, Text(_short(who, 60)), Text(_short(where, 40)), counts, str(e.sources),
                      ", ".join(e.flags))  # fmt: skip
    console.print(table)
    console.print(f"{n} event(s)", style="dim")
    return 0
