"""The seeds: the events ``seeds/expected.json`` says wirewatch must find in the two seed page dumps.

The seed documents are read and cleaned as ``wirewatch ingest`` does (``readers.read_file`` → ``clean.run``; each
distinct article once, matched to the expected articles A, B, C by title) and each article is annotated as ingest
annotates it (``Text.of_article``), without a database.

- **Expected events**: found when one event of the article meets every condition the entry states: ``type``,
  ``mode``, ``acled`` (event type and sub-event type), ``actor_country`` (an actor of that country),
  ``actors_include`` (each name among our actors or recipients: same normalised name, or its last word as a word
  of ours: "Mikati"), ``place`` / ``places_any_of`` (our place within the tolerance of the named place of the
  ``places`` list — ``place_tolerance_km`` overrides it; a country place: our place in that country),
  ``fatalities`` and ``fatalities_qualifier``, ``cumulative`` (the flag set or not), ``date``. Otherwise the report
  names the closest event of the article (the most conditions met) and what it fails.
- **Never a casualty count**: no event's fatalities or injured (value or range end) is one of these numbers.
- **Flags**: events coded where an entry points (from ``sentence_starts`` to the end of its paragraph; the
  ``clause`` alone where one is given) must carry ``if_coded``; nothing coded there passes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wirewatch.eval.events_common import Prediction, SetReport, Tally, norm, short, summary, within_km

if TYPE_CHECKING:
    from wirewatch.models import Annotations, Article, EventMention, Participant


@dataclass(slots=True)
class SeedArticle:
    key: str
    text: str  # the annotated text (title, paragraphs, captions)
    annotations: Annotations


def read_seed_articles(seeds_dir: str | Path, expected: dict[str, Any]) -> dict[str, Article]:
    """The expected articles (by key) as the cleaning stage cuts them out of the seed documents."""
    from wirewatch import clean
    from wirewatch.readers import read_file

    found: dict[str, Article] = {}
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        for cleaned in clean.run(list(read_file(path))):
            for article in cleaned.articles:
                found.setdefault(article.id, article)
    by_title = {a.title: a for a in found.values()}
    return {a["key"]: by_title[a["title"]] for a in expected["articles"] if a["title"] in by_title}


def _places(expected: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["mention"]: p for p in expected.get("places", [])}


def place_ok(event: EventMention, spec: dict[str, Any], tolerance: float | None = None) -> bool:
    place = event.place
    if place is None or place.country != spec["country"]:
        return False
    if "lat" not in spec:
        return True
    return within_km(place.lat, place.lon, spec["lat"], spec["lon"], tolerance or spec["tolerance_km"])


def _name_ok(participant: Participant, name: str) -> bool:
    ours = [norm(t) for t in (participant.text, participant.name) if t]
    want = norm(name)
    return want in ours or any(want.split()[-1] in o.split() for o in ours if want)


Condition = Callable[["EventMention"], bool]


def conditions(want: dict[str, Any], places: dict[str, dict[str, Any]]) -> dict[str, tuple[Condition, str]]:
    """The conditions an expected event states: name -> (test, what is wanted)."""
    out: dict[str, tuple[Condition, str]] = {"type": (lambda e: e.type == want["type"], want["type"])}
    if "mode" in want:
        out["mode"] = (lambda e: e.mode == want["mode"], want["mode"])
    if "acled" in want:
        out["acled"] = (lambda e: [e.acled_event_type, e.acled_sub_event_type] == want["acled"], " / ".join(want["acled"]))
    if "actor_country" in want:
        out["actor_country"] = (lambda e: any(p.country == want["actor_country"] for p in e.actors), want["actor_country"])
    if "actors_include" in want:
        out["actors_include"] = (
            lambda e: all(any(_name_ok(p, n) for p in [*e.actors, *e.recipients]) for n in want["actors_include"]),
            ", ".join(want["actors_include"]),
        )
    if "place" in want:
        spec, tol = places[want["place"]], want.get("place_tolerance_km")
        out["place"] = (lambda e: place_ok(e, spec, tol), f"{want['place']} (within {tol or spec.get('tolerance_km', '-')} km)")
    if "places_any_of" in want:
        specs = [places[p] for p in want["places_any_of"]]
        out["place"] = (lambda e: any(place_ok(e, s) for s in specs), " or ".join(want["places_any_of"]))
    if "fatalities" in want:
        out["fatalities"] = (lambda e: bool(e.fatalities and e.fatalities.value == want["fatalities"]), str(want["fatalities"]))
    if "fatalities_qualifier" in want:
        q = want["fatalities_qualifier"]
        out["fatalities_qualifier"] = (lambda e: bool(e.fatalities and e.fatalities.qualifier == q), q)
    if "cumulative" in want:
        out["cumulative"] = (lambda e: ("cumulative" in e.flags) == want["cumulative"], str(want["cumulative"]).lower())
    if "date" in want:
        out["date"] = (lambda e: e.date == want["date"], want["date"])
    return out


def check_event(want: dict[str, Any], article: SeedArticle, places: dict[str, dict[str, Any]]) -> tuple[bool, str, Any]:
    """(found, why not, the matching or closest event)."""
    tests = conditions(want, places)
    events = article.annotations.events
    if not events:
        return False, f"no event in article {article.key}", None
    scored = [(sum(t(e) for t, _ in tests.values()), e.type == want["type"], e) for e in events]
    met, _, best = max(scored, key=lambda s: (s[1], s[0]))
    if met == len(tests):
        return True, "", best
    if best.type != want["type"]:
        kinds = sorted({e.type for e in events})
        return False, f"no {want['type']} event in article {article.key} (it has {', '.join(kinds)})", best
    failed = [f"{name} (want {wanted}, got {_got(name, best)})" for name, (t, wanted) in tests.items() if not t(best)]
    return False, f"closest event '{best.trigger}' fails " + "; ".join(failed), best


def _got(name: str, e: EventMention) -> str:
    if name in ("place",):
        return f"{e.place.text} {e.place.country} ({e.place.lat:.2f}, {e.place.lon:.2f})" if e.place else "no place"
    if name in ("fatalities", "fatalities_qualifier"):
        return f"{e.fatalities.qualifier} {e.fatalities.value}" if e.fatalities else "none"
    if name == "acled":
        return f"{e.acled_event_type} / {e.acled_sub_event_type}"
    if name in ("actor_country", "actors_include"):
        return ", ".join(f"{p.text} [{p.country}]" for p in [*e.actors, *e.recipients]) or "no actors"
    if name == "cumulative":
        return str("cumulative" in e.flags).lower()
    return str(getattr(e, name, ""))


def flag_scope(text: str, entry: dict[str, Any]) -> tuple[int, int] | None:
    start = text.find(entry["sentence_starts"])
    if start < 0:
        return None
    if entry.get("clause"):
        at = text.find(entry["clause"], start)
        return (at, at + len(entry["clause"])) if at >= 0 else None
    end = text.find("\n\n", start)
    return start, end if end >= 0 else len(text)


def score(articles: dict[str, SeedArticle], expected: dict[str, Any]) -> SetReport:
    tally = Tally()
    predictions = []
    places = _places(expected)
    for n, want in enumerate(expected.get("events", []), 1):
        article = articles.get(want["article"])
        if article is None:
            ok, why, event = False, f"article {want['article']} was not cut out of the seed documents", None
        else:
            ok, why, event = check_event(want, article, places)
        tally.add("events_found", ok, want["type"])
        item = f"event {n} ({want['article']} {want['type']})"
        gold = {k: v for k, v in want.items() if k != "article"}
        predictions.append(Prediction(item, "", gold, summary(event), {"found": ok}, why))
    everything = [e for a in articles.values() for e in a.annotations.events]
    for number in expected.get("never_a_casualty_count", []):
        used = [e for e in everything if any(q and number in (q.value, q.high) for q in (e.fatalities, e.injured))]
        tally.add("never_a_casualty_count", not used)
        why = "; ".join(f"'{e.trigger}' counts {number}" for e in used)
        predictions.append(Prediction(f"never a casualty count: {number}", "", {"number": number}, {}, {"unused": not used}, why))
    for entry in expected.get("flags", []):
        predictions.append(_check_flag(entry, articles, tally))
    notes = [f"articles read: {', '.join(sorted(articles))}; events found: {len(everything)}"]
    return tally.report("seeds", len(expected.get("events", [])), "expected events", predictions, notes)


def _check_flag(entry: dict[str, Any], articles: dict[str, SeedArticle], tally: Tally) -> Prediction:
    article = articles.get(entry["article"])
    scope = flag_scope(article.text, entry) if article else None
    item = f"flag {entry['if_coded']}: {entry.get('clause') or entry['sentence_starts']}"
    if article is None or scope is None:
        tally.add("flags", False)
        return Prediction(item, "", entry, {}, {"flag": False}, "sentence not found in the article")
    coded = [e for e in article.annotations.events if scope[0] <= e.trigger_start < scope[1]]
    wrong = [e for e in coded if entry["if_coded"] not in e.flags]
    tally.add("flags", not wrong)
    why = "; ".join(f"'{e.trigger}' ({e.type}) lacks {entry['if_coded']}" for e in wrong)
    shown = short(article.text[scope[0] : scope[1]], 200)
    status = "nothing coded there" if not coded else f"{len(coded)} event(s) coded"
    return Prediction(item, shown, entry, {"events": [summary(e) for e in coded]}, {"flag": not wrong}, why or status)


def load_expected(seeds_dir: str | Path) -> dict[str, Any]:
    return json.loads((Path(seeds_dir) / "expected.json").read_text(encoding="utf-8"))
