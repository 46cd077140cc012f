"""MUC-3/4: Latin American political-violence reports (1989–91) and their MUC-4 incident templates.

The texts (``muc3/muc3_dev_docs.jsonl``) are upper case throughout; the templates (``muc3/keys/key-dev-*.muc4``) give
per incident its type, location, perpetrator organisation and human targets with their number and the effect on
them. The document's date is passed as its publication date.

- **Incident types → PLOVER** (:data:`MUC_TYPES`): ATTACK and MURDER → ASSAULT (any mode); BOMBING → ASSAULT
  explosives or suicide-attack; KIDNAPPING → ASSAULT abduct; ARSON → ASSAULT (any mode: CAMEO 1712 "destroy
  property" is ASSAULT in the PLOVER table); ROBBERY → COERCE seize (CAMEO 171); FORCED WORK STOPPAGE → COERCE (any
  mode: an armed group imposing a stoppage coerces; the workers do not protest).
- **Our incident events** in a document: asserted events (not negated, hypothetical or future) of type ASSAULT, or
  COERCE with mode seize, restrict or none (arrests and deportations are not MUC incidents).
- **Precision / recall**: an event of ours is correct when some template of its document has a compatible type
  (the PLOVER type of the template's incident type); a template is found when some event of ours in its document
  is compatible. Templates marked ``(OPTIONAL)`` are not required (they count neither for nor against recall) but
  an event compatible with one is correct. Events are mentions: several mentions of one incident all count correct.
- **Slots**, over the found templates, on the compatible event that agrees with the template on the most slots (as
  MUC's scorer maps responses to keys): ``type_mode`` (the mode is one the template type allows); ``country`` (our
  place's ISO code against the location's country, pycountry); ``place`` (where the location names a place below
  the country: our place's text or gazetteer name equals one of them, normalised, "(CITY)"-like kinds removed);
  ``perpetrator`` (where the template names an organisation: one of our actors' text or name equals, contains or is
  contained in one of its names, word for word, or resolves to the same dictionary actor); ``killed`` / ``injured``
  (where the template gives a number for every human target with effect DEATH / INJURY: their sum against our
  fatalities / injured value).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wirewatch.eval.events_common import (
    Prediction,
    SetReport,
    Tally,
    asserted,
    contains_words,
    country_code,
    f1,
    norm,
    short,
    summary,
)

if TYPE_CHECKING:
    from wirewatch.models import Annotations, EventMention
    from wirewatch.nlp.actors import ActorDictionary

DOCS = "muc3/muc3_dev_docs.jsonl"
KEYS = "muc3/keys"
MUC_TYPES: dict[str, tuple[str, tuple[str, ...] | None]] = {  # MUC incident type -> PLOVER type, modes allowed
    "ATTACK": ("ASSAULT", None),
    "MURDER": ("ASSAULT", None),
    "BOMBING": ("ASSAULT", ("explosives", "suicide-attack")),
    "KIDNAPPING": ("ASSAULT", ("abduct",)),
    "ARSON": ("ASSAULT", None),
    "ROBBERY": ("COERCE", ("seize",)),
    "FORCED WORK STOPPAGE": ("COERCE", None),
}
INCIDENT_COERCE_MODES = ("seize", "restrict", None)
_SLOT = re.compile(r"^\s*(\d+)\.\s+([A-Z ]+:[A-Z ]+?)(?:\s{2,}|\s*$)(.*)$")
_QUOTED = re.compile(r'"([^"]+)"')
_KIND = re.compile(r"\([^()]*\)")


@dataclass(slots=True)
class Template:
    doc: str
    number: str
    optional: bool
    incident_types: list[str]  # MUC types (alternatives)
    countries: list[str] = field(default_factory=list)  # ISO alpha-2 of the location's country (alternatives)
    places: list[str] = field(default_factory=list)  # normalised names below the country
    location: str = ""
    perpetrators: list[list[str]] = field(default_factory=list)  # organisations, each with its alternative names
    killed: int | None = None
    injured: int | None = None

    @property
    def plover(self) -> set[str]:
        return {MUC_TYPES[t][0] for t in self.incident_types if t in MUC_TYPES}

    def modes_ok(self, mode: str | None) -> bool:
        allowed = [MUC_TYPES[t][1] for t in self.incident_types if t in MUC_TYPES]
        return any(a is None or mode in a for a in allowed)


def parse_key_file(text: str) -> list[dict[str, list[str]]]:
    """The templates of a MUC-4 key file as slot name -> value lines (continuation lines appended)."""
    templates: list[dict[str, list[str]]] = []
    slot: str | None = None
    for line in text.splitlines():
        if line.startswith(";;;"):
            continue
        match = _SLOT.match(line)
        if match:
            slot = match.group(2).strip()
            if match.group(1) == "0":
                templates.append({})
            if templates:
                templates[-1].setdefault(slot, []).append(match.group(3).strip())
        elif line.strip() and slot and templates:
            templates[-1].setdefault(slot, []).append(line.strip())
        elif not line.strip():
            slot = None
    return templates


def _present(values: list[str]) -> list[str]:
    return [v for v in values if v.lstrip("? ") not in ("*", "-", "")]


def _alternatives(value: str) -> list[str]:
    return [a.strip().lstrip("?").strip() for a in value.split(" / ") if a.strip()]


def parse_location(value: str) -> tuple[list[str], list[str]]:
    """(countries as ISO codes, normalised place names below the country) of a MUC location value."""
    countries: list[str] = []
    places: list[str] = []
    for alternative in _alternatives(value):
        alternative = alternative.strip()
        if alternative.startswith("(") and alternative.endswith(")"):
            alternative = alternative[1:-1]
        parts = [p.strip() for p in alternative.split(":")]
        code = country_code(parts[0]) if parts and parts[0] else None
        if code and code not in countries:
            countries.append(code)
        for part in parts[1:]:
            for name in _KIND.sub(" ", part).split(" - "):
                if norm(name) and norm(name) not in places:
                    places.append(norm(name))
    return countries, places


def _count(value: str) -> int | None:
    """A target number: "50" or "~40" (about); None for PLURAL, ranges, open ends and unknowns."""
    first = _alternatives(value)[0] if _alternatives(value) else ""
    first = first.removeprefix("~").strip()
    return int(first) if first.isdigit() else None


def _by_target(values: list[str]) -> list[tuple[str, list[str]]]:
    """Lines "VALUE: \"DESC\" / \"DESC2\"" as (VALUE, [descriptions])."""
    out = []
    for value in _present(values):
        head, _, rest = value.partition(":")
        out.append((head.strip().lstrip("?").strip(), _QUOTED.findall(rest) or _QUOTED.findall(value)))
    return out


def human_counts(slots: dict[str, list[str]], effect: str) -> int | None:
    """The number of human targets with ``effect`` (DEATH, INJURY), where every such target's number is given."""
    effects = [(v, d) for v, d in _by_target(slots.get("HUM TGT: EFFECT OF INCIDENT", [])) if effect in _alternatives(v)]
    if not effects:
        return None
    numbers = _by_target(slots.get("HUM TGT: NUMBER", []))
    total = 0
    for _, descriptions in effects:
        counts = [_count(v) for v, d in numbers if set(d) & set(descriptions)]
        if not descriptions and len(numbers) == 1:
            counts = [_count(numbers[0][0])]
        if len(counts) != 1 or counts[0] is None:
            return None
        total += counts[0]
    return total


def template_of(slots: dict[str, list[str]]) -> Template | None:
    number = (slots.get("MESSAGE: TEMPLATE") or ["*"])[0]
    if number.strip().startswith("*"):
        return None
    doc = (slots.get("MESSAGE: ID") or [""])[0].split()[0]
    types = [t for v in _present(slots.get("INCIDENT: TYPE", [])) for t in _alternatives(v)]
    location = " ".join(_present(slots.get("INCIDENT: LOCATION", [])))
    countries, places = parse_location(location) if location else ([], [])
    perpetrators = [_QUOTED.findall(v) for v in _present(slots.get("PERP: ORGANIZATION ID", []))]
    return Template(
        doc,
        number.split()[0],
        "OPTIONAL" in number,
        types,
        countries,
        places,
        location,
        [p for p in perpetrators if p],
        human_counts(slots, "DEATH"),
        human_counts(slots, "INJURY"),
    )


def load_templates(keys_dir: str | Path) -> dict[str, list[Template]]:
    """Templates by document id; documents without any incident map to an empty list."""
    out: dict[str, list[Template]] = {}
    for path in sorted(Path(keys_dir).glob("key-dev-*.muc4")):
        for slots in parse_key_file(path.read_text(encoding="latin-1")):
            doc = (slots.get("MESSAGE: ID") or [""])[0].split()
            if not doc:
                continue
            template = template_of(slots)
            out.setdefault(doc[0], [])
            if template is not None:
                out[doc[0]].append(template)
    return out


def load_docs(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def incident_events(events: list[EventMention]) -> list[EventMention]:
    return [e for e in asserted(events) if e.type == "ASSAULT" or (e.type == "COERCE" and e.mode in INCIDENT_COERCE_MODES)]


def _perp_match(event: EventMention, names: list[str], actors: ActorDictionary) -> bool:
    for p in event.actors:
        for name in names:
            texts = [p.text, *([p.name] if p.name else [])]
            if any(norm(t) == norm(name) or contains_words(t, name) or contains_words(name, t) for t in texts if norm(t)):
                return True
            actor = actors.lookup(name)
            if actor is not None and p.entity_id and p.entity_id in actors and actors.related(p.entity_id, actor.id):
                return True
    return False


def slot_checks(template: Template, event: EventMention, actors: ActorDictionary) -> dict[str, bool | None]:
    place = event.place
    names = {norm(place.text), norm(place.name)} if place else set()
    return {
        "type_mode": template.modes_ok(event.mode),
        "country": bool(place and place.country in template.countries) if template.countries else None,
        "place": bool(names & set(template.places)) if template.places else None,
        "perpetrator": any(_perp_match(event, names, actors) for names in template.perpetrators)
        if template.perpetrators
        else None,
        "killed": (event.fatalities.value if event.fatalities else 0) == template.killed if template.killed is not None else None,
        "injured": (event.injured.value if event.injured else 0) == template.injured if template.injured is not None else None,
    }


def score(docs: list[dict], templates: dict[str, list[Template]], found: list[Annotations], actors: ActorDictionary) -> SetReport:
    tally = Tally()
    tally.count("precision", 0, 0)
    tally.count("recall", 0, 0)
    predictions = []
    for doc, found_in in zip(docs, found, strict=True):
        keys = templates.get(doc["id"], [])
        ours = incident_events(found_in.events)
        right = sum(any(e.type in t.plover for t in keys) for e in ours)
        tally.count("precision", right, len(ours))
        for template in keys:
            predictions.append(_score_template(doc, template, ours, actors, tally))
        if not keys and ours:
            gold = {"templates": "(none)"}
            predictions.append(
                Prediction(doc["id"], short(doc["text"], 400), gold, {"events": [summary(e) for e in ours]}, {"precision": False})
            )
    report = tally.report("muc3", len(docs), "documents", predictions, _notes(docs, templates, found))
    report.metrics.insert(2, f1(tally.overall["precision"], tally.overall["recall"]))
    return report


def _score_template(doc: dict, template: Template, ours: list[EventMention], actors: ActorDictionary, tally: Tally) -> Prediction:
    kind = "/".join(template.incident_types) or "?"
    compatible = [e for e in ours if e.type in template.plover]
    checks: dict[str, bool | None] = {"recall": None if template.optional else tally.add("recall", bool(compatible), kind)}
    best = max(compatible, key=lambda e: sum(bool(v) for v in slot_checks(template, e, actors).values()), default=None)
    tally.confuse(kind, best.type if best else None)
    if best is not None:
        for name, ok in slot_checks(template, best, actors).items():
            checks[name] = tally.add(name, ok, kind)
    gold = {
        "template": f"{template.number}{' (optional)' if template.optional else ''}",
        "type": kind,
        "location": template.location,
        "perpetrators": [" / ".join(p) for p in template.perpetrators],
        "killed": template.killed,
        "injured": template.injured,
    }
    return Prediction(f"{doc['id']}#{template.number}", short(doc["text"], 400), gold, summary(best), checks)


def _notes(docs: list[dict], templates: dict[str, list[Template]], found: list[Annotations]) -> list[str]:
    keys = [t for d in docs for t in templates.get(d["id"], [])]
    n = max(len(docs), 1)
    return [
        f"{len(keys)} templates in {sum(bool(templates.get(d['id'])) for d in docs)} of {len(docs)} documents "
        f"({sum(t.optional for t in keys)} optional); slots are scored on found templates",
        "upper-case text: per document, "
        f"{sum(len(a.entities) for a in found) / n:.1f} entity mentions, {sum(len(a.places) for a in found) / n:.1f} "
        f"places, {sum(len(a.events) for a in found) / n:.1f} events",
        "types: ATTACK, MURDER, ARSON -> ASSAULT; BOMBING -> ASSAULT explosives/suicide-attack; KIDNAPPING -> "
        "ASSAULT abduct; ROBBERY -> COERCE seize; FORCED WORK STOPPAGE -> COERCE",
    ]
