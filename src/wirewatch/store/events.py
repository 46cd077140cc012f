"""Persistence of events: one row per event (its merged fields, indexed for the filters analysts use), its actors and
recipients, and its mentions, each with the whole :class:`~wirewatch.models.EventMention` as JSON so that every
evidence span survives. Written by :meth:`Writer.write_events`, read by :meth:`Database.events`.

Writing an event whose id is stored replaces it, its participants and its mentions: an event gains mentions as its
story grows, and the event stage re-writes it whole.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from wirewatch.errors import UsageError
from wirewatch.geo.distance import EARTH_RADIUS_KM, distance_km
from wirewatch.models import EVENT_TYPES, ArticleEventMention, Event, EventMention, Participant, PlaceMention, Quantity
from wirewatch.store.annotations import place_id
from wirewatch.store.query import id_chunks

_FETCH = 500  # events read per round trip (their participants and mentions are read for the same ids)

# --- dates ---------------------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def period(value: str | None) -> tuple[str, str] | None:
    """The first and last day (ISO) of a date as events carry it: a day, an ISO week (``2025-W13``), a month or a
    year; None when there is none or it cannot be read."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return day, day
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            following = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1).isoformat(), (following - timedelta(days=1)).isoformat()
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
    except ValueError:
        return None
    return None


# --- writing -------------------------------------------------------------------------------------------------


def delete_events(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Delete events with their participants and mentions (call inside a transaction)."""
    for part, marks in id_chunks(ids):
        conn.execute(f"DELETE FROM event_mentions WHERE event_id IN ({marks})", part)
        conn.execute(f"DELETE FROM event_participants WHERE event_id IN ({marks})", part)
        conn.execute(f"DELETE FROM events WHERE id IN ({marks})", part)


def events_of_articles(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[Event]:
    """The stored events that have a mention in one of ``article_ids``, whole (every mention)."""
    ids: set[str] = set()
    for part, marks in id_chunks(article_ids):
        ids.update(r[0] for r in conn.execute(f"SELECT event_id FROM event_mentions WHERE article_id IN ({marks})", part))
    found: list[Event] = []
    for part, marks in id_chunks(sorted(ids)):
        found += _load(conn, conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.id IN ({marks})", part).fetchall())
    return found


def write_events(conn: sqlite3.Connection, events: Iterable[Event]) -> int:
    """Write events with their participants and mentions (call inside a transaction); an event already stored under
    the same id is replaced whole. Returns the number of events written (an id given twice counts once: the last)."""
    batch = list({e.id: e for e in events}.values())
    delete_events(conn, [e.id for e in batch])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.executemany(_INSERT_EVENT, [_event_row(e, now) for e in batch])
    conn.executemany(
        'INSERT INTO event_participants (event_id, role, position, entity_id, name, label, country, text, start, "end")'
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (e.id, role, n, p.entity_id, p.name, p.label, p.country, p.text, p.start, p.end)
            for e in batch
            for role, people in (("actor", e.actors), ("recipient", e.recipients))
            for n, p in enumerate(people)
        ],
    )
    conn.executemany(
        "INSERT INTO event_mentions (event_id, position, article_id, sentence, sentence_start, sentence_end,"
        " trigger_start, trigger_end, trigger, mention) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (e.id, n, m.article_id, m.sentence, m.mention.sentence_start, m.mention.sentence_end,
             m.mention.trigger_start, m.mention.trigger_end, m.mention.trigger, _json(asdict(m.mention)))
            for e in batch
            for n, m in enumerate(e.mentions)
        ],
    )  # fmt: skip
    return len(batch)


_EVENT_COLUMNS = (
    "id, story_id, type, mode, acled_event_type, acled_sub_event_type, cameo_root, place_id, place_name,"
    " place_geonameid, place_country, place_admin1, place_lat, place_lon, place_feature, date, date_precision,"
    " date_from, date_to, fatalities, fatalities_qualifier, fatalities_high, injured, injured_qualifier, injured_high,"
    " flags, claimed_by, confidence, sources, spans, written_at"
)
_INSERT_EVENT = f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES ({','.join('?' * len(_EVENT_COLUMNS.split(',')))})"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _event_row(e: Event, now: str) -> tuple:
    p = e.place
    place = (place_id(p), p.name, p.geonameid, p.country, p.admin1, p.lat, p.lon, p.feature) if p else (None,) * 8
    days = period(e.date) or (None, None)
    spans: dict[str, Any] = {}
    if p:
        spans["place"] = {"start": p.start, "end": p.end, "text": p.text, "score": p.score}
    for key, q in (("fatalities", e.fatalities), ("injured", e.injured)):
        if q:
            spans[key] = {"start": q.start, "end": q.end, "text": q.text}
    return (
        e.id, e.story_id, e.type, e.mode, e.acled_event_type, e.acled_sub_event_type, e.cameo_root, *place,
        e.date, e.date_precision, *days, *_quantity(e.fatalities), *_quantity(e.injured), _json(e.flags),
        _json(asdict(e.claimed_by)) if e.claimed_by else None, e.confidence, e.sources, _json(spans), now,
    )  # fmt: skip


def _quantity(q: Quantity | None) -> tuple:
    return (q.value, q.qualifier, q.high) if q else (None, None, None)


# --- reading -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class EventQuery:
    """Filters on stored events; each one given narrows the result (see :meth:`Database.events`)."""

    type: str | None = None
    acled_event_type: str | None = None  # an ACLED event type or sub-event type, any case
    country: str | None = None
    actor: str | None = None
    place: str | None = None
    near: tuple[float, float, float] | None = None  # lat, lon, radius in km
    since: str | None = None
    until: str | None = None
    min_fatalities: int | None = None
    text: str | None = None
    story: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (on ``events e``) and its parameters; raises UsageError on a bad value."""
        conds: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            conds.append(sql)
            params.extend(values)

        if self.type:
            add("e.type = ?", _event_type(self.type))
        if self.acled_event_type:
            from wirewatch.acled import canonical_type

            column, value = canonical_type(self.acled_event_type)
            add(f"e.{column} = ?", value)
        if self.country:
            add("e.place_country = ?", self.country.strip().upper())
        if self.actor:
            add(_ACTOR_MATCHES, self.actor.strip(), _contains(self.actor))
        if self.place:
            pattern = _contains(self.place)
            add("(lower(e.place_name) LIKE ? ESCAPE '\\' OR lower(e.place_admin1) LIKE ? ESCAPE '\\')", pattern, pattern)
        if self.near:
            for sql, values in _bounding_box(*self.near):
                add(sql, *values)
        if self.since:
            add("e.date_to >= ?", _day(self.since, "since")[0])
        if self.until:
            add("e.date_from <= ?", _day(self.until, "until")[1])
        if self.min_fatalities is not None:
            add("e.fatalities >= ?", self.min_fatalities)
        if self.text:
            add(_SENTENCE_MATCHES, _contains(self.text))
        if self.story:
            add("e.story_id = ?", self.story.strip())
        return ("WHERE " + " AND ".join(conds) if conds else ""), params


_ACTOR_MATCHES = (
    "EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.role = 'actor'"
    " AND (p.entity_id = ? OR lower(p.name) LIKE ? ESCAPE '\\'))"
)
_SENTENCE_MATCHES = "EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id AND lower(m.sentence) LIKE ? ESCAPE '\\')"


def _event_type(value: str) -> str:
    upper = value.strip().upper()
    if upper not in EVENT_TYPES:
        raise UsageError(f"unknown event type {value!r}: use one of {', '.join(EVENT_TYPES)}")
    return upper


def _contains(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') for a case-insensitive substring: compare with lower(column)."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _day(value: str, option: str) -> tuple[str, str]:
    days = period(value.strip())
    if days is None:
        raise UsageError(f"--{option} {value!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)")
    return days


def _bounding_box(lat: float, lon: float, km: float) -> list[tuple[str, tuple[float, ...]]]:
    """SQL conditions on place_lat/place_lon for a box around (lat, lon) holding every point within ``km``."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not km > 0:
        raise UsageError(f"--near {lat},{lon},{km}: give a latitude (-90..90), a longitude (-180..180) and a radius > 0 km")
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    conds: list[tuple[str, tuple[float, ...]]] = [("e.place_lat BETWEEN ? AND ?", (lat - dlat, lat + dlat))]
    widest = math.cos(math.radians(min(abs(lat) + dlat, 90.0)))  # a parallel's circle shrinks toward the pole
    if widest < 1e-9 or km / (EARTH_RADIUS_KM * widest) >= math.pi:
        return conds  # the box reaches a pole: every longitude
    dlon = math.degrees(km / (EARTH_RADIUS_KM * widest))
    west, east = lon - dlon, lon + dlon
    if west < -180:
        conds.append(("(e.place_lon >= ? OR e.place_lon <= ?)", (west + 360, east)))
    elif east > 180:
        conds.append(("(e.place_lon >= ? OR e.place_lon <= ?)", (west, east - 360)))
    else:
        conds.append(("e.place_lon BETWEEN ? AND ?", (west, east)))
    return conds


def query_events(conn: sqlite3.Connection, query: EventQuery | None = None, limit: int | None = None) -> Iterator[Event]:
    """Stored events matching ``query``, with participants and mentions, by date (undated last) then id; read
    500 at a time, so any number of events streams in flat memory."""
    query = query or EventQuery()
    where, params = query.where()
    sql = (
        f"SELECT {_EVENT_COLUMNS} FROM events e {where}"
        " ORDER BY CASE WHEN e.date_from IS NULL THEN 1 ELSE 0 END, e.date_from, e.id"
    )
    if limit is not None and query.near is None:  # --near filters in Python after the box: limit there
        sql += " LIMIT ?"
        params.append(limit)
    cursor = conn.execute(sql, params)
    given = 0
    while rows := cursor.fetchmany(_FETCH):
        if query.near:
            lat, lon, km = query.near
            rows = [r for r in rows if distance_km(lat, lon, r[12], r[13]) <= km]
        for event in _load(conn, rows):
            if limit is not None and given >= limit:
                return
            given += 1
            yield event


def _load(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> list[Event]:
    ids = [r[0] for r in rows]
    people: dict[tuple[str, str], list[Participant]] = {}
    mentions: dict[str, list[ArticleEventMention]] = {}
    for part, marks in id_chunks(ids):
        for r in conn.execute(
            'SELECT event_id, role, start, "end", text, name, entity_id, label, country FROM event_participants'
            f" WHERE event_id IN ({marks}) ORDER BY event_id, role, position",
            part,
        ):
            people.setdefault((r[0], r[1]), []).append(Participant(*r[2:]))
        for r in conn.execute(
            f"SELECT event_id, article_id, sentence, mention FROM event_mentions WHERE event_id IN ({marks})"
            " ORDER BY event_id, position",
            part,
        ):
            mentions.setdefault(r[0], []).append(ArticleEventMention(r[1], _mention(json.loads(r[3])), r[2]))
    return [_event(r, people, mentions.get(r[0], [])) for r in rows]


def _event(r: Sequence[Any], people: dict[tuple[str, str], list[Participant]], mentions: list[ArticleEventMention]) -> Event:
    spans = json.loads(r[29])
    place = None
    if r[7] is not None:
        s = spans.get("place", {})
        place = PlaceMention(s.get("start", 0), s.get("end", 0), s.get("text", r[8]), r[8], r[9], r[10], r[11], r[12],
                             r[13], r[14], s.get("score", 0.0))  # fmt: skip
    return Event(
        id=r[0],
        story_id=r[1],
        type=r[2],
        mode=r[3],
        acled_event_type=r[4],
        acled_sub_event_type=r[5],
        cameo_root=r[6],
        actors=people.get((r[0], "actor"), []),
        recipients=people.get((r[0], "recipient"), []),
        place=place,
        date=r[15],
        date_precision=r[16],
        fatalities=_stored_quantity(r[19], r[20], r[21], spans.get("fatalities")),
        injured=_stored_quantity(r[22], r[23], r[24], spans.get("injured")),
        flags=json.loads(r[25]),
        claimed_by=_participant(json.loads(r[26])) if r[26] else None,
        confidence=r[27],
        sources=r[28],
        mentions=mentions,
    )


def _stored_quantity(value: int | None, qualifier: str | None, high: int | None, span: dict | None) -> Quantity | None:
    if value is None:
        return None
    span = span or {}
    return Quantity(span.get("start", 0), span.get("end", 0), span.get("text", ""), value, qualifier or "exact", high)


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``data`` that are fields of ``cls`` (JSON written by an older or newer model still reads)."""
    names = _field_names(cls)
    return {k: v for k, v in data.items() if k in names}


def _participant(data: dict[str, Any] | None) -> Participant | None:
    return Participant(**_known(Participant, data)) if data else None


def _mention(data: dict[str, Any]) -> EventMention:
    """An EventMention from its stored JSON."""
    data = _known(EventMention, data)
    data["actors"] = [Participant(**_known(Participant, p)) for p in data.get("actors", [])]
    data["recipients"] = [Participant(**_known(Participant, p)) for p in data.get("recipients", [])]
    data["claimed_by"] = _participant(data.get("claimed_by"))
    if data.get("place"):
        data["place"] = PlaceMention(**_known(PlaceMention, data["place"]))
    for key in ("fatalities", "injured"):
        if data.get(key):
            data[key] = Quantity(**_known(Quantity, data[key]))
    return EventMention(**data)


# --- where events come from (for exports) ----------------------------------------------------------------------


@dataclass(slots=True)
class EventOrigin:
    """The publishers of the articles reporting an event, and when the event was last written (ISO, UTC). An
    article's publisher is its source, else its URL's host, else the file (or URL's host) it was first read from."""

    sources: list[str]
    written_at: str


def event_origins(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, EventOrigin]:
    """The origin of each stored event among ``ids``."""
    found: dict[str, EventOrigin] = {}
    for part, marks in id_chunks(ids):
        rows = conn.execute(
            "SELECT e.id, e.written_at, a.source, a.url, (SELECT s.uri FROM article_documents d"
            " JOIN document_sources s ON s.document_id = d.document_id WHERE d.article_id = a.id"
            " ORDER BY s.read_at, s.uri LIMIT 1) FROM events e"
            " LEFT JOIN event_mentions m ON m.event_id = e.id LEFT JOIN articles a ON a.id = m.article_id"
            f" WHERE e.id IN ({marks})",
            part,
        )
        for event_id, written_at, source, url, uri in rows:
            origin = found.setdefault(event_id, EventOrigin([], written_at))
            name = (source or "").strip() or url_host(url) or url_host(uri) or PurePath(uri or "").name
            if name and name not in origin.sources:
                origin.sources.append(name)
    for origin in found.values():
        origin.sources.sort(key=str.casefold)
    return found


def url_host(url: str | None) -> str:
    """The host of a URL without 'www.' ('' for a path)."""
    host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    return host.removeprefix("www.")
