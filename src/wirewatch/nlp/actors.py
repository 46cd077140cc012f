"""The actor dictionary: who can act in an event, under which names, and how spaCy finds them in text.

Three sources, loaded once per process by :func:`load_actors`:

- ``data/actors.jsonl``: curated entries (armed groups, state bodies, parties, IGOs, NGOs, media, generic agents).
- ``data/actors_phoenix.jsonl``: organisations transformed from the Phoenix/PETRARCH dictionaries (MIT), by
  ``scripts/build_actors.py``; a curated entry always wins over them.
- ``data/actor_rules.json``: rules that generate, for every country, the state (``"il"``, not matched in text)
  and its military, police and government (``"il.military"``, matched by "Israeli forces", "Israel's army"…).
  A curated entry with the same id extends the generated one.

:meth:`ActorDictionary.lookup` resolves a name whatever its case, diacritics, apostrophes and hyphens;
:meth:`ActorDictionary.acled_actor_id` maps ACLED actor names; :func:`add_actor_ruler` adds the spaCy components
that label actor mentions (span label = the actor's label, ``ent_id_`` = its id). See docs/actors.md.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from wirewatch.errors import ConfigError
from wirewatch.models import ENTITY_LABELS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

ACTOR_TYPES = ("armed_group", "state", "party", "igo", "ngo", "media", "org", "generic")
SOURCES = ("curated", "generated", "phoenix")  # priority order when two entries claim one alias
RULER_NAME = "actor_ruler"
ACRONYM_NAME = "actor_acronyms"

_APOSTROPHES = re.compile(r"['’‘`ʼʻ´]")
_DASHES = re.compile(r"[-‐‑‒–—/]")
_NON_WORD = re.compile(r"[^\w\s&]")
_YEARS = re.compile(r"\s*\(\d{4}-\d{0,4}\)")
_STATE_FORCE = re.compile(r"^(military forces|police forces|government) of (.+)$")
_IN_PARENS = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_ROLE_OF = {"military forces": "military", "police forces": "police", "government": "government"}


def normalise(name: str) -> str:
    """The lookup key of a name: lower case, no diacritics, apostrophes or dots; hyphens as spaces; no leading 'the'.

    "Asa'ib Ahl al-Haq", "Asaib Ahl al Haq" and "ASA’IB AHL AL-HAQ" all give ``"asaib ahl al haq"``.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DASHES.sub(" ", _APOSTROPHES.sub("", text.casefold()))
    text = " ".join(_NON_WORD.sub(" ", text.replace(".", "")).split())
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True, slots=True)
class Actor:
    """One dictionary entry. ``aliases`` are matched in text; ``lookup`` names only resolve through ``lookup()``."""

    id: str
    name: str
    type: str
    label: str
    country: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    lookup: tuple[str, ...] = ()
    acled: tuple[str, ...] = ()
    note: str | None = None
    source: str = "curated"
    matched: bool = True  # False: resolvable by name, never matched in text (countries: the gazetteer's job)

    @property
    def generic(self) -> bool:
        return self.type == "generic"

    def names(self) -> Iterator[str]:
        yield self.name
        yield from self.aliases

    @classmethod
    def from_record(cls, record: dict[str, Any], source: str = "curated") -> Actor:
        if record.get("type") not in ACTOR_TYPES or record.get("label") not in ENTITY_LABELS:
            raise ConfigError(f"actor {record.get('id')!r}: bad type or label ({record.get('type')}, {record.get('label')})")
        return cls(
            id=record["id"],
            name=record["name"],
            type=record["type"],
            label=record["label"],
            country=record.get("country"),
            parent=record.get("parent"),
            aliases=tuple(record.get("aliases", ())),
            lookup=tuple(record.get("lookup", ())),
            acled=tuple(record.get("acled", ())),
            note=record.get("note"),
            source=record.get("source", source),
            matched=record.get("matched", True),
        )


@dataclass(slots=True)
class ActorDictionary:
    """Actors by id, with a normalised alias index, ACLED names and country names for ACLED's state patterns."""

    actors: dict[str, Actor]
    rules: dict[str, Any] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # normalised country name -> ISO alpha-2
    _aliases: dict[str, str] = field(default_factory=dict, init=False)
    _acled: dict[str, str] = field(default_factory=dict, init=False)
    ambiguous: dict[str, list[str]] = field(default_factory=dict, init=False)  # alias -> ids that lost it

    def __post_init__(self) -> None:
        rank = {s: n for n, s in enumerate(SOURCES)}
        for actor in sorted(self.actors.values(), key=lambda a: rank.get(a.source, len(SOURCES))):
            for name in (*actor.names(), *actor.lookup):
                key = normalise(name)
                holder = self._aliases.setdefault(key, actor.id)
                if holder != actor.id:
                    self.ambiguous.setdefault(key, []).append(actor.id)
            for name in actor.acled:
                self._acled.setdefault(normalise(_YEARS.sub("", name)), actor.id)

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __getitem__(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def lookup(self, name: str) -> Actor | None:
        """The actor a name (or alias, in any spelling variant) refers to, or None."""
        actor_id = self._aliases.get(normalise(name))
        return self.actors[actor_id] if actor_id else None

    def parents(self, actor_id: str) -> list[Actor]:
        """The chain of parents, nearest first: ``parents("ir.quds-force")`` → IRGC, Iran."""
        chain: list[Actor] = []
        actor = self.actors.get(actor_id)
        while actor is not None and actor.parent and actor.parent not in {a.id for a in chain}:
            actor = self.actors.get(actor.parent)
            if actor is not None:
                chain.append(actor)
        return chain

    def related(self, a: str, b: str) -> bool:
        """Whether two ids are the same actor or one is a parent (at any depth) of the other."""
        return a == b or b in {p.id for p in self.parents(a)} or a in {p.id for p in self.parents(b)}

    def country_code(self, name: str) -> str | None:
        return self.countries.get(normalise(name))

    def acled_actor_id(self, acled_name: str) -> str | None:
        """The dictionary id of an ACLED actor name, or None.

        Tried in order: ACLED names listed in the dictionary (year ranges ignored); "Military Forces of X (2019-)
        [unit]" / "Police Forces of X" / "Government of X" (a known unit, else X's generated entry); the generic
        categories "Protesters (X)", "Civilians (X)"…; local groups ("Dhaka Communal Militia"); then the name as an
        alias, the part after "ACR: ", and both without a trailing "Militia" (a party's militia → the party).
        """
        name = " ".join(acled_name.split())
        if not name:
            return None
        key = normalise(_YEARS.sub("", name))
        if key in self._acled:
            return self._acled[key]
        found = self._acled_state(name) or self._acled_generic(name)
        if found:
            return found
        candidates = [name, *([name.split(":", 1)[1]] if ":" in name else [])]
        for candidate in candidates:
            for variant in (candidate, re.sub(r"\s+militia$", "", candidate.strip(), flags=re.I)):
                actor = self.lookup(variant)
                if actor is not None:
                    return actor.id
        return None

    def _acled_state(self, name: str) -> str | None:
        match = _STATE_FORCE.match(name.strip().casefold())
        if not match:
            return None
        role = _ROLE_OF[match.group(1)]
        rest = name.strip()[len(match.group(1)) + len(" of ") :]
        years = re.search(r"\s*\(\d{4}-\d{0,4}\)\s*", rest)
        country, unit = (rest[: years.start()], rest[years.end() :].strip()) if years else (rest, "")
        if unit:
            actor = self.lookup(unit)
            if actor is not None and not actor.generic:
                return actor.id
        code = self.country_code(country)
        actor_id = f"{code.lower()}.{role}" if code else None
        return actor_id if actor_id in self.actors else None

    def _acled_generic(self, name: str) -> str | None:
        generic = {normalise(k): v for k, v in self.rules.get("acled_generic", {}).items() if not k.startswith("_")}
        match = _IN_PARENS.match(name.strip())
        bare = normalise(match.group(1) if match else name)
        if bare in generic:
            return generic[bare]
        if bare.startswith("unidentif") and bare.endswith("armed group"):
            return generic.get("unidentified armed group")
        for suffix, actor_id in self.rules.get("acled_suffixes", {}).items():
            if not suffix.startswith("_") and bare.endswith(normalise(suffix)):
                return actor_id
        return None

    def counts(self) -> dict[str, int]:
        """Entries by type, by source, and the number of names matched in text."""
        by = Counter(f"type:{a.type}" for a in self) + Counter(f"source:{a.source}" for a in self)
        by["entries"] = len(self)
        by["matched_names"] = sum(len(a.aliases) + 1 for a in self if a.matched)
        return dict(sorted(by.items()))


# ---------------------------------------------------------------------------------------------------------------
# Loading


def _data_text(name: str) -> str:
    return resources.files("wirewatch.data").joinpath(name).read_text(encoding="utf-8")


def _read_jsonl(name: str, source: str) -> list[Actor]:
    try:
        text = _data_text(name)
    except FileNotFoundError:
        return []
    actors = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                actors.append(Actor.from_record(json.loads(line), source))
            except (json.JSONDecodeError, KeyError) as exc:
                raise ConfigError(f"{name} line {n}: {exc}") from exc
    return actors


@lru_cache(maxsize=1)
def load_actors() -> ActorDictionary:
    """The actor dictionary (curated + generated + Phoenix), built once per process."""
    rules = json.loads(_data_text("actor_rules.json"))
    countries, generated = _generate_states(rules)
    actors: dict[str, Actor] = {}
    for actor in _read_jsonl("actors_phoenix.jsonl", "phoenix"):
        actors[actor.id] = actor
    actors.update({a.id: a for a in generated})
    for actor in _read_jsonl("actors.jsonl", "curated"):
        base = actors.get(actor.id)
        if base is not None and base.source == "generated" and actor.type != "state":
            raise ConfigError(f"actors.jsonl: {actor.id!r} ({actor.type}) reuses the id of a generated state entry")
        if base is not None and base.source == "generated":
            actor = _extend(base, actor)
        elif base is not None:
            raise ConfigError(f"actors.jsonl: duplicate actor id {actor.id!r}")
        actors[actor.id] = actor
    dictionary = ActorDictionary(actors, rules, countries)
    log.debug("actor dictionary: %s", dictionary.counts())
    return dictionary


def _extend(base: Actor, curated: Actor) -> Actor:
    aliases = tuple(dict.fromkeys((*curated.aliases, *base.names(), *base.aliases)))
    return Actor(
        id=base.id,
        name=curated.name,
        type=base.type,
        label=curated.label,
        country=base.country,
        parent=curated.parent or base.parent,
        aliases=tuple(a for a in aliases if a != curated.name),
        lookup=curated.lookup,
        acled=curated.acled,
        note=curated.note,
        source="curated",
        matched=True,
    )


def _generate_states(rules: dict[str, Any]) -> tuple[dict[str, str], list[Actor]]:
    """Country-name index and, per country, the state and its roles, from countryinfo + pycountry + the rules.

    A demonym that several countries share ("Congolese", "Indian", "American") goes to the country whose rules
    name it, else to the most populous one. Territories under ``min_population_matched`` get entries (for ACLED
    names) but no text patterns: "Pitcairn forces" costs ruler build time and never occurs.
    """
    import countryinfo
    import pycountry

    fixes = {k: v for k, v in rules["countries"].items() if not k.startswith("_")}
    skip = set(rules.get("skip_modifiers", ()))
    index: dict[str, str] = {}  # normalised country name -> code
    display: dict[str, str] = {}
    short: dict[str, list[str]] = {}
    claims: dict[str, list[tuple[int, str]]] = {}  # demonym -> (population, code) of the countries using it
    population: dict[str, int] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                index.setdefault(normalise(value), country.alpha_2)
    for info in countryinfo.all_countries():
        iso = info.iso() or {}
        code, name = iso.get("alpha2"), info.name()
        if not code or not name or code in display:
            continue
        fix = fixes.get(code, {})
        simple = "," not in name and "(" not in name
        display[code] = name if simple else getattr(pycountry.countries.get(alpha_2=code), "name", name)
        short[code] = [n for n in [name if simple else None, *fix.get("names", ())] if n and len(n.split()) <= 3]
        for alt in [name, *(info.alt_spellings() or []), *fix.get("names", ())]:
            if len(alt) > 3 or alt in ("UK", "USA", "UAE", "DRC"):
                index.setdefault(normalise(alt), code)
        population[code] = info.population() or 0
        demonym = info.demonym()
        if demonym and demonym not in skip and demonym not in fix.get("drop", ()):
            claims.setdefault(demonym, []).append((population[code], code))
    for code, fix in fixes.items():
        for alt in fix.get("names", ()):
            index[normalise(alt)] = code
    explicit = {m: code for code, fix in fixes.items() for m in fix.get("modifiers", ())}
    modifiers: dict[str, set[str]] = {code: set(fixes.get(code, {}).get("modifiers", ())) for code in display}
    for demonym, users in claims.items():
        modifiers[explicit.get(demonym) or max(users)[1]].add(demonym)
    actors = []
    least = rules.get("min_population_matched", 0)
    for code in sorted(display):
        matched = population[code] >= least or code in fixes  # tiny territories: entries, but no text patterns
        words = (sorted(modifiers[code]), short[code]) if matched else ([], [])
        actors.extend(_state_family(code, display[code], *words, rules["roles"]))
    return index, actors


def _state_family(code: str, name: str, modifiers: list[str], short_names: list[str], roles: dict[str, Any]) -> list[Actor]:
    cc = code.lower()
    family = [Actor(cc, name, "state", "STATE", code, None, source="generated", matched=False)]
    for role, spec in roles.items():
        aliases = [f"{m} {noun}" for m in modifiers for noun in spec["nouns"]]
        for short in short_names:
            aliases += [f"{short}'s {noun}" for noun in spec.get("possessive_nouns", ())]
            aliases += [f"{short} {noun}" for noun in spec.get("possessive_nouns", ())]
            aliases += [p.format(name=short) for p in spec.get("prefixes", ())]
        family.append(
            Actor(
                f"{cc}.{role}",
                spec["name"].format(country=name),
                "state",
                spec["label"],
                code,
                cc,
                tuple(dict.fromkeys(aliases)),
                source="generated",
            )
        )
    return family


# ---------------------------------------------------------------------------------------------------------------
# spaCy components


def _is_acronym(word: str) -> bool:
    """Two capitals or more: "IS", "U.S.", and mixed-case ones ("LeT", "JeM") whose lower case is a word ("let")."""
    return sum(c.isupper() for c in word) >= 2


def _variants(phrase: str) -> set[str]:
    """Spelling variants of a phrase as it may be written: curly/straight/no apostrophes, hyphen/space, diacritics."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", phrase) if not unicodedata.combining(c))
    out = {phrase, plain}
    for text in list(out):
        out |= {_APOSTROPHES.sub("'", text), _APOSTROPHES.sub("’", text), _APOSTROPHES.sub("", text)}
    for text in list(out):
        if "-" in text:
            out |= {text.replace("-", " "), text.replace("-", "")}
    return {" ".join(v.split()) for v in out if v.strip()}


def ruler_patterns(actors: ActorDictionary, generics: bool = True) -> tuple[list[dict], list[dict]]:
    """Phrase patterns for the actors matched in text: (case-insensitive, case-sensitive).

    Names holding a word with two capitals ("IS militants", "US forces", "REUTERS", "LeT") are case-sensitive, so that
    "is", "us", "aa" and "let" never match; they also get a Title-case form of their other words ("US Forces").
    Title-case spellings of acronyms ("Nato", "Isis") are aliases of their own.
    """
    lower: dict[str, dict] = {}
    cased: dict[str, dict] = {}
    for actor in actors:
        if not actor.matched or (actor.generic and not generics):
            continue
        for name in actor.names():
            if name in actor.lookup:  # a name listed under "lookup" is never matched in text
                continue
            for text in _variants(name):
                words = text.split()
                if any(_is_acronym(w) for w in words):
                    forms = {text, " ".join(w if _is_acronym(w) else w[:1].upper() + w[1:] for w in words)}
                    for form in forms:
                        cased.setdefault(form, {"label": actor.label, "pattern": form, "id": actor.id})
                else:
                    lower.setdefault(text.lower(), {"label": actor.label, "pattern": text, "id": actor.id})
    return list(lower.values()), list(cased.values())


def add_actor_ruler(nlp: Language, *, generics: bool = True, actors: ActorDictionary | None = None) -> list[str]:
    """Add the actor components before "ner" (or last): an EntityRuler over lower-cased tokens for most names, then
    a case-sensitive acronym matcher. Returns the names of the components added.

    Each match becomes an entity whose label is the actor's label and whose ``ent_id_`` is the actor id; NER then
    labels the rest around them. The acronym matcher stands down in all-caps text (more than half of the letters
    upper case, e.g. MUC-3 wire copy), where "IS" and "US" are words. ``generics=False`` leaves out generic agents
    ("protesters", "gunmen", "police").
    """
    if RULER_NAME in nlp.pipe_names:
        return []
    _register()
    actors = actors or load_actors()
    lower, cased = ruler_patterns(actors, generics)
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False},
        before="ner" if "ner" in nlp.pipe_names else None,
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(lower)  # type: ignore[attr-defined]
    nlp.add_pipe("wirewatch_actor_acronyms", name=ACRONYM_NAME, after=RULER_NAME)
    nlp.get_pipe(ACRONYM_NAME).add(nlp, cased)  # type: ignore[attr-defined]
    return [RULER_NAME, ACRONYM_NAME]


class AcronymMatcher:
    """Case-sensitive phrase matches (acronyms), merged with the entities already set: the longest span wins."""

    def __init__(self, vocab) -> None:
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.info: dict[int, tuple[str, str]] = {}

    def add(self, nlp: Language, patterns: Iterable[dict]) -> None:
        by_key: dict[str, list] = {}
        for p in patterns:
            by_key.setdefault(f"{p['label']}|{p['id']}", []).append(nlp.make_doc(p["pattern"]))
        for key, docs in by_key.items():
            label, actor_id = key.split("|", 1)
            self.matcher.add(key, docs)
            self.info[nlp.vocab.strings[key]] = (label, actor_id)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        letters = [c for c in doc.text[:2000] if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) > len(letters) / 2:
            return doc
        found = []
        for key, start, end in self.matcher(doc):
            label, actor_id = self.info[key]
            found.append(Span(doc, start, end, label=label, span_id=actor_id))
        if found:
            doc.ents = filter_spans([*doc.ents, *found])
        return doc


def _register() -> None:
    """Register the acronym component's factory (on first use: importing this module does not import spaCy)."""
    from spacy.language import Language

    if not Language.has_factory("wirewatch_actor_acronyms"):
        Language.factory("wirewatch_actor_acronyms")(lambda nlp, name: AcronymMatcher(nlp.vocab))
