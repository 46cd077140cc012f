"""ACLED notes: each row's ``notes`` reports one event; how well does the event we extract from it match the row?

ACLED's terms forbid redistributing its data: the files are only read here, from the development data folder.

- **Sample**: a fixed seeded sample of rows per file (``random.Random(seed).sample``, in file order), default 1,000;
  the note's date (``event_date``) is passed as the publication date.
- **The predicted event** of a note is chosen without looking at the gold (:func:`events_common.choose`): the most
  confident asserted event (not negated, hypothetical or future) that carries an ACLED event type, the first of
  equals. A note with no such event predicts nothing: every check fails but fatalities, where nothing means 0.
- **Event type**: the current schema's ``event_type``; the 2015 file's older ``EVENT_TYPE`` is mapped to the current
  types (:data:`OLD_TYPES`): "Riots/Protests" is either Protests or Riots (either counts), the others map to one.
  **Sub-event type** is scored on the current schema only (the 2015 file has none).
- **Fatalities**: exact match of the fatalities of the ACLED event our event belongs to (:func:`note_fatalities`:
  ACLED sums the strikes one note lists at one place and day). None counts as 0: ACLED codes 0 when a report gives
  no number, and 3 for an unspecified number in the Gaza notes, which say so in brackets: "[unspecified number of
  fatalities coded to 3]"; also over the notes whose gold count is above 0 alone.
- **Country**: our place's ISO code against ACLED's country name (pycountry). **Location**: our place's point within
  25 km / 50 km of ACLED's latitude/longitude (no place: a miss).
- **Actor 1**: ACLED's actor1 mapped to a dictionary id (``ActorDictionary.acled_actor_id``; rows whose actor1 does
  not map are not scored) against our event's actors (same id, parent or child, or the generic agent of the same
  role: :func:`events_common.names_actor`); ``actor1_any_role`` also accepts our recipients (ACLED's actor1/actor2
  order does not imply who acted on whom). A protest's or riot's actors are read as the ACLED export writes them:
  ACLED's crowd (Protesters, Rioters) first, the named groups associated with it (:func:`wirewatch.acled.crowd_participant`).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wirewatch.acled import crowd_participant, unit_fatalities
from wirewatch.eval.events_common import (
    Prediction,
    SetReport,
    Tally,
    choose,
    country_code,
    names_actor,
    short,
    summary,
    within_km,
)
from wirewatch.events.merge import merge
from wirewatch.models import ArticleEventMention

if TYPE_CHECKING:
    from wirewatch.models import Annotations, EventMention
    from wirewatch.nlp.actors import ActorDictionary

FILES = ("acled_gaza_2023_2025.csv", "acled_south_asia_2015.csv")
DEFAULT_SAMPLE = 1000
TARGETS = {"event_type": 0.90, "sub_event_type": 0.80, "fatalities_exact": 0.90, "location_25km": 0.80}

OLD_TYPES: dict[str, tuple[str, ...]] = {  # 2015 EVENT_TYPE (case-folded) -> the current event types it may be
    "riots/protests": ("Protests", "Riots"),
    "battle-no change of territory": ("Battles",),
    "battle-government regains territory": ("Battles",),
    "battle-non-state actors overtake territory": ("Battles",),
    "violence against civilians": ("Violence against civilians",),
    "remote violence": ("Explosions/Remote violence",),
    "strategic development": ("Strategic developments",),
    "non-violent transfer of territory": ("Strategic developments",),
}
_DATE_FORMATS = ("%d-%b-%y", "%d-%B-%Y", "%Y-%m-%d", "%d %B %Y", "%d-%m-%Y")


@dataclass(slots=True)
class AcledNote:
    """One ACLED row, as far as it is scored. ``event_types`` are the current types the row's type stands for."""

    id: str
    text: str
    date: str | None
    event_type: str  # as written in the file
    event_types: tuple[str, ...]
    sub_event_type: str | None
    fatalities: int
    country: str
    iso2: str | None
    lat: float
    lon: float
    actor1: str


def _field(row: dict[str, str], name: str) -> str:
    return (row.get(name) or row.get(name.upper()) or "").strip()


def parse_date(value: str) -> str | None:
    """An ACLED date ("6-Jun-25", "01-January-2015", ISO) as an ISO day, or None."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def current_types(event_type: str) -> tuple[str, ...]:
    """The current ACLED event types a (possibly 2015-schema) event type stands for."""
    return OLD_TYPES.get(event_type.casefold(), (event_type,))


def note_of(row: dict[str, str], number: int) -> AcledNote:
    event_type = _field(row, "event_type")
    country = _field(row, "country")
    return AcledNote(
        id=_field(row, "event_id_cnty") or f"row:{number}",
        text=_field(row, "notes"),
        date=parse_date(_field(row, "event_date")),
        event_type=event_type,
        event_types=current_types(event_type),
        sub_event_type=_field(row, "sub_event_type") or None,
        fatalities=int(_field(row, "fatalities") or 0),
        country=country,
        iso2=country_code(country),
        lat=float(_field(row, "latitude")),
        lon=float(_field(row, "longitude")),
        actor1=_field(row, "actor1"),
    )


def read_notes(path: str | Path) -> list[AcledNote]:
    """The rows of an ACLED export (either schema); a row without notes has an empty ``text``."""
    with open(path, encoding="utf-8", newline="") as f:
        return [note_of(row, n) for n, row in enumerate(csv.DictReader(f), 2)]


def sample(items: Sequence, k: int | None, seed: int = 0) -> list:
    """``k`` items drawn with a fixed seed, in their original order (all of them when ``k`` is None or too big)."""
    if k is None or k >= len(items):
        return list(items)
    return [items[i] for i in sorted(random.Random(seed).sample(range(len(items)), k))]


def score_note(
    note: AcledNote, event: EventMention | None, actors: ActorDictionary, tally: Tally, fatalities: int | None = None
) -> Prediction:
    """Score one note's predicted event into ``tally`` (per the note's own type label too). ``fatalities``: those
    of the ACLED event the predicted event belongs to (:func:`note_fatalities`); default, the event's own."""
    kind = note.event_type
    predicted_type = event.acled_event_type if event else None
    place = event.place if event else None
    if fatalities is None:
        fatalities = event.fatalities.value if event and event.fatalities else 0
    actor_id = actors.acled_actor_id(note.actor1) if note.actor1 else None
    checks: dict[str, bool | None] = {
        "predicted": tally.add("predicted", event is not None, kind),
        "event_type": tally.add("event_type", predicted_type in note.event_types, kind),
    }
    sub_ok = None if note.sub_event_type is None else bool(event and event.acled_sub_event_type == note.sub_event_type)
    checks["sub_event_type"] = tally.add("sub_event_type", sub_ok, kind)
    checks["fatalities_exact"] = tally.add("fatalities_exact", fatalities == note.fatalities, kind)
    checks["fatalities_exact_nonzero"] = tally.add(
        "fatalities_exact_nonzero", fatalities == note.fatalities if note.fatalities else None, kind
    )
    checks["country"] = tally.add("country", bool(place and note.iso2 and place.country == note.iso2), kind)
    for km in (25, 50):
        ok = bool(place and within_km(place.lat, place.lon, note.lat, note.lon, km))
        checks[f"location_{km}km"] = tally.add(f"location_{km}km", ok, kind)
    if actor_id is None:
        checks["actor1"] = tally.add("actor1", None)
        checks["actor1_any_role"] = tally.add("actor1_any_role", None)
    else:
        crowd = crowd_participant(predicted_type)
        ours = ([crowd] if crowd else []) + (event.actors if event else [])
        others = event.recipients if event else []
        checks["actor1"] = tally.add("actor1", any(names_actor(actors, p, actor_id) for p in ours), kind)
        any_role = any(names_actor(actors, p, actor_id) for p in [*ours, *others])
        checks["actor1_any_role"] = tally.add("actor1_any_role", any_role, kind)
    tally.confuse(kind, predicted_type)
    gold = {
        "event_type": note.event_type,
        "sub_event_type": note.sub_event_type,
        "fatalities": note.fatalities,
        "country": note.country,
        "point": (note.lat, note.lon),
        "actor1": f"{note.actor1} -> {actor_id}",
        "date": note.date,
    }
    return Prediction(note.id, short(note.text, 400), gold, summary(event), checks)


def note_fatalities(note: AcledNote, event: EventMention | None, events: Sequence[EventMention]) -> int:
    """The fatalities of the ACLED event that ``event`` (the note's predicted event) belongs to: the note's mentions
    merged into events as the pipeline merges an article's, then summed as ACLED codes them
    (:func:`wirewatch.acled.unit_fatalities`: "struck a house, killing two. Also, a drone struck a street in the same
    area, killing one" is one ACLED event with 3 fatalities)."""
    if event is None:
        return 0
    mentions = [ArticleEventMention.in_text(note.id, note.text, m) for m in events]
    merged, _ = merge([], mentions, None)
    lead = next(e for e in merged if any(item.mention is event for item in e.mentions))
    return unit_fatalities(lead, merged)


def score_file(
    name: str,
    notes: list[AcledNote],
    found: list[Annotations],
    actors: ActorDictionary,
    drawn_from: int,
    seed: int,
    skipped: int = 0,
) -> SetReport:
    tally = Tally(TARGETS)
    predictions = []
    for note, found_in in zip(notes, found, strict=True):
        event = choose(found_in.events)
        fatalities = note_fatalities(note, event, found_in.events)
        predictions.append(score_note(note, event, actors, tally, fatalities))
    coded = sum("coded" in n.text and "fatalit" in n.text for n in notes)
    notes_lines = [
        f"sample: {len(notes)} of {drawn_from} notes (seed {seed}; {skipped} rows without notes skipped); the note's "
        "event_date is passed as its publication date",
        "predicted event: the most confident asserted event with an ACLED type (first of equals); none: every check "
        "fails but fatalities (nothing = 0)",
        f"{sum(n.fatalities == 0 for n in notes)} of {len(notes)} notes have 0 gold fatalities; {coded} carry an "
        "ACLED coding remark on fatalities ('[unspecified number of fatalities coded to 3]')",
    ]
    if any(len(n.event_types) > 1 for n in notes):
        notes_lines.append("older schema: 'Riots/Protests' counts as right for Protests or Riots; no sub-event types")
    unmapped = sum(1 for n in notes if not actors.acled_actor_id(n.actor1))
    notes_lines.append(f"actor1 scored where ACLED's actor1 maps to a dictionary id ({unmapped} notes do not)")
    return tally.report(f"acled/{name}", len(notes), "notes", predictions, notes_lines)


def load_sampled(acled_dir: Path, name: str, limit: int | None, seed: int) -> tuple[list[AcledNote], int, int]:
    """(the seeded sample of the rows that have notes, how many have notes, how many have none: skipped)."""
    rows = read_notes(acled_dir / name)
    notes = [n for n in rows if n.text]
    return sample(notes, limit if limit is not None else DEFAULT_SAMPLE, seed), len(notes), len(rows) - len(notes)
