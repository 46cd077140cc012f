"""Entity mentions of one article, resolved to one id per real-world entity.

Where a mention comes from (``EntityMention.source``):

- ``dictionary``: the actor ruler matched an alias of the actor dictionary (``span.ent_id_`` is the actor id);
- ``ner``: spaCy's NER found a PERSON or ORG; people get ``person:<slug of the fullest name>``, organisations
  ``org:<slug>``, so the same name is the same id in every article;
- ``coreference``: a later, shorter reference resolved within the article — a surname ("Mikati" after "Najib
  Mikati"), a title ("the premier" after "Caretaker Prime Minister Najib Mikati", see data/titles.tsv) or a
  nominal for an armed group ("the militias" when one armed group dominates the article, see
  data/group_references.txt).

A reference is resolved only when exactly one candidate fits; otherwise it is left out, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from wirewatch.models import EntityMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

ACTOR_LABELS = frozenset({"ARMED_GROUP", "STATE", "PARTY", "IGO", "MEDIA", "ORG", "PERSON"})
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abd", "de", "da", "van", "von", "der", "le", "la", "di"})
_SLUG = re.compile(r"[^a-z0-9]+")


class ActorLookup(Protocol):
    """What entity resolution needs of the actor dictionary: an actor's record by id (None when unknown)."""

    def get(self, actor_id: str) -> Any: ...


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", ascii_name.replace("'", "").replace("’", "")).strip("-")


def clean_name(text: str) -> str:
    """A name as written, without a leading article, possessive or trailing punctuation."""
    name = re.sub(r"^(?:the|The)\s+", "", text.strip())
    name = re.sub(r"(?:'s|’s|'|’)$", "", name)
    return name.strip(' \t\n,.;:"“”()')


def _name_keys(name: str) -> set[str]:
    """The forms a later mention may take: the surname, with and without its particle ("al-Maliki", "Maliki")."""
    words = name.split()
    if len(words) < 2:
        return set()
    last = words[-1].lower()
    keys = {last}
    if "-" in last and last.split("-", 1)[0] in _PARTICLES:
        keys.add(last.split("-", 1)[1])
    if len(words) >= 3 and words[-2].lower() in _PARTICLES:
        keys.add(f"{words[-2].lower()} {last}")
    return keys


@lru_cache(maxsize=1)
def _titles() -> tuple[list[str], dict[str, frozenset[str]]]:
    """(titles longest first, reference phrase -> the titles it may point back to)."""
    titles: list[str] = []
    refs: dict[str, set[str]] = {}
    for line in resources.files("wirewatch.data").joinpath("titles.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        title, _, variants = line.partition("\t")
        titles.append(title)
        for ref in variants.split("|"):
            refs.setdefault(ref.strip(), set()).add(title)
    titles.sort(key=len, reverse=True)
    return titles, {ref: frozenset(t) for ref, t in refs.items()}


@lru_cache(maxsize=1)
def _group_refs() -> re.Pattern[str]:
    text = resources.files("wirewatch.data").joinpath("group_references.txt").read_text(encoding="utf-8")
    phrases = sorted((p.strip() for p in text.splitlines() if p.strip() and not p.startswith("#")), key=len, reverse=True)
    return re.compile(rf"\b[Tt]he\s+(?:[A-Za-z][\w'-]*\s+){{0,2}}?(?:{'|'.join(map(re.escape, phrases))})\b")


@dataclass(slots=True)
class _Person:
    id: str
    name: str
    keys: set[str]
    titles: set[str] = field(default_factory=set)


def entity_mentions(doc: Doc, actors: ActorLookup | None = None, text: str | None = None) -> list[EntityMention]:
    """Every actor, person and organisation mention of ``doc``, resolved within the document, in text order.
    ``text``: ``doc.text`` when the caller has it (spaCy rebuilds it from the tokens on each access)."""
    text = doc.text if text is None else text
    mentions: list[EntityMention] = []
    person_spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        if ent.ent_id_:
            mentions.append(_dictionary_mention(ent, actors))
        elif ent.label_ == "PERSON":
            person_spans.append(ent)
        elif ent.label_ == "ORG":
            name = clean_name(ent.text)
            if name:
                mentions.append(EntityMention(ent.start_char, ent.end_char, ent.text, "ORG", f"org:{slug(name)}", name))
    people = _people(person_spans, text)
    mentions.extend(_person_mentions(person_spans, people))
    taken = [(m.start, m.end) for m in mentions]
    mentions.extend(_title_references(text, people, person_spans, taken))
    mentions.extend(_group_references(text, mentions, taken))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _dictionary_mention(ent: Span, actors: ActorLookup | None) -> EntityMention:
    record = actors.get(ent.ent_id_) if actors is not None else None
    name = getattr(record, "name", None) or clean_name(ent.text)
    country = getattr(record, "country", None)
    return EntityMention(ent.start_char, ent.end_char, ent.text, ent.label_, ent.ent_id_, name, country, "dictionary")


def _people(spans: Iterable[Span], text: str) -> dict[str, _Person]:
    """The people of the article by full name (two words or more), with the titles written before or after them."""
    people: dict[str, _Person] = {}
    for span in spans:
        name = clean_name(span.text)
        if len(name.split()) < 2:
            continue
        person = people.get(name.lower())
        if person is None:
            person = people[name.lower()] = _Person(f"person:{slug(name)}", name, _name_keys(name))
        title = _title_of(span, text)
        if title:
            person.titles.add(title)
    # a shorter full name inside a longer one is the same person ("Najib Mikati" in "Mohammad Najib Mikati")
    for key, person in list(people.items()):
        longer = [p for k, p in people.items() if k != key and k.endswith(" " + key)]
        if len(longer) == 1:
            longer[0].titles |= person.titles
            people[key] = longer[0]
    return people


def _title_of(span: Span, text: str) -> str | None:
    titles, _ = _titles()
    doc, i = span.doc, span.start
    while i > 0 and not doc[i].is_sent_start:  # the sentence's start, without walking doc.sents
        i -= 1
    before = text[max(doc[i].idx, span.start_char - 60) : span.start_char].lower().rstrip()
    for title in titles:
        if before.endswith(title) and (len(before) == len(title) or not before[-len(title) - 1].isalnum()):
            return title
    after = text[span.end_char : span.end_char + 60].lower()
    m = re.match(r",\s+(?:the\s+)?((?:[a-z'-]+\s+){0,3}?[a-z-]+(?:\s[a-z-]+)?)\s*[,.]", after)
    if m:
        for title in titles:
            if m[1].endswith(title):
                return title
    return None


def _person_mentions(spans: Iterable[Span], people: dict[str, _Person]) -> list[EntityMention]:
    by_key: dict[str, set[str]] = {}
    for person in {p.id: p for p in people.values()}.values():
        for key in person.keys:
            by_key.setdefault(key, set()).add(person.id)
    names = {p.id: p.name for p in people.values()}
    out = []
    for span in spans:
        name = clean_name(span.text)
        if not name:
            continue
        known = people.get(name.lower())
        if known is not None:
            out.append(EntityMention(span.start_char, span.end_char, span.text, "PERSON", known.id, known.name))
            continue
        ids = by_key.get(name.lower(), set())
        if len(ids) == 1:
            pid = next(iter(ids))
            out.append(EntityMention(span.start_char, span.end_char, span.text, "PERSON", pid, names[pid], source="coreference"))
        else:  # a single name no full name explains, or an ambiguous one: its own id
            out.append(EntityMention(span.start_char, span.end_char, span.text, "PERSON", f"person:{slug(name)}", name))
    return out


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _title_references(
    text: str, people: dict[str, _Person], spans: list[Span], taken: list[tuple[int, int]]
) -> list[EntityMention]:
    _, refs = _titles()
    holders: dict[str, dict[str, _Person]] = {}
    for person in people.values():
        for title in person.titles:
            holders.setdefault(title, {})[person.id] = person
    if not holders:
        return []
    wanted = sorted((r for r, ts in refs.items() if any(t in holders for t in ts)), key=len, reverse=True)
    pattern = re.compile(
        rf"\b[Tt]he\s+(?:(?:caretaker|former|acting|interim|new|deputy)\s+)?({'|'.join(map(re.escape, wanted))})\b"
    )
    out = []
    for m in pattern.finditer(text):
        nxt = text[m.end() : m.end() + 2].lstrip()
        if nxt[:1].isupper() or text[m.start(1)].isupper() or _overlaps(m.start(), m.end(), taken):
            continue  # "the Prime Minister Najib Mikati": a title before a name, not a reference
        found = {pid: p for t in refs[m[1]] for pid, p in holders.get(t, {}).items()}
        if len(found) == 1:
            person = next(iter(found.values()))
            out.append(EntityMention(m.start(), m.end(), m[0], "PERSON", person.id, person.name, source="coreference"))
            taken.append((m.start(), m.end()))
    return out


def _group_references(text: str, mentions: list[EntityMention], taken: list[tuple[int, int]]) -> list[EntityMention]:
    """ "The militias" -> the article's armed group, when one dominates: the only one named, or named at least
    twice and twice as often as any other (an aside on "the Israel-Hamas war" does not make the Houthis
    ambiguous; two groups named once each do). A generic dictionary match ("militias": ``generic.militia``)
    written as "the militias" is resolved in place; returns the new mentions the pattern finds elsewhere."""
    counts = Counter(m.entity_id for m in mentions if m.label == "ARMED_GROUP" and m.entity_id and not _generic(m.entity_id))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and (ranked[0][1] < 2 or ranked[0][1] < 2 * ranked[1][1])):
        return []
    group = next(m for m in mentions if m.entity_id == ranked[0][0])
    pattern = _group_refs()
    for m in mentions:
        if m.label != "ARMED_GROUP" or not _generic(m.entity_id):
            continue
        head = text.rfind("the ", max(0, m.start - 40), m.start)
        whole = pattern.fullmatch(text, head, m.end) if head >= 0 else None
        if whole is not None and not _overlaps(head, m.start, [t for t in taken if t != (m.start, m.end)]):
            m.start, m.text, m.entity_id, m.name, m.country, m.source = (
                head, text[head : m.end], group.entity_id, group.name, group.country, "coreference"
            )  # fmt: skip
    out = []
    for found in pattern.finditer(text):
        s, e = found.span()
        if not _overlaps(s, e, taken):
            out.append(EntityMention(s, e, found[0], "ARMED_GROUP", group.entity_id, group.name, group.country, "coreference"))
    return out


def _generic(entity_id: str | None) -> bool:
    return entity_id is not None and entity_id.startswith("generic.")


def is_bare_name(mention: EntityMention) -> bool:
    """A person named by one word that nothing in its own article explained ("Mikati" alone)."""
    return mention.label == "PERSON" and mention.source == "ner" and " " not in (mention.name or "").strip()


def resolve_in_story(mentions: list[EntityMention], people: Iterable[tuple[str, str]]) -> int:
    """Resolve bare names against the people (id, full name) named elsewhere in the article's story, where
    exactly one of them has that surname; returns how many were resolved (``source`` becomes ``story``)."""
    by_key: dict[str, dict[str, str]] = {}
    for pid, name in people:
        for key in _name_keys(name):
            by_key.setdefault(key, {})[pid] = name
    resolved = 0
    for m in mentions:
        if is_bare_name(m):
            found = by_key.get((m.name or "").lower(), {})
            if len(found) == 1:
                m.entity_id, m.name = next(iter(found.items()))
                m.source = "story"
                resolved += 1
    return resolved
