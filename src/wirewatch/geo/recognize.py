"""Toponym recognition: which spans of a parsed document name places.

spaCy's GPE and LOC entities are taken as they are (trimmed of "the" and a possessive). Other spans are taken only
when the gazetteer knows the name under its own (not an alternate) name AND the context says it is a place: a
locative word before it ("in", "near", "the city of"), an administrative word after it ("Hajjah governorate",
"Sanaa governorates"), or a comma and a known state or country after it ("Greenville, Alabama"). That recovers
the places the md model calls PERSON or ORG ("Hajjah", "Saada") without turning people into places. Spans with the
wirewatch actor labels (ARMED_GROUP, STATE, PARTY, IGO, MEDIA) are never places; demonyms ("Iraqi factions") are
returned apart, as context.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wirewatch.geo.names import ADMIN_WORDS as _ADMIN_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from wirewatch.geo.gazetteer import Candidate, Gazetteer

ADMIN_WORDS = frozenset(_ADMIN_WORDS)
ACTOR_LABELS = frozenset({"ARMED_GROUP", "STATE", "PARTY", "IGO", "MEDIA"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
LOCATIVE = frozenset(
    [
        "in",
        "near",
        "at",
        "from",
        "outside",
        "into",
        "across",
        "around",
        "toward",
        "towards",
        "through",
        "throughout",
        "inside",
        "within",
        "via",
        "between",
    ]
)
OF_NOUNS = frozenset(
    [
        "city",
        "town",
        "village",
        "capital",
        "province",
        "governorate",
        "district",
        "region",
        "county",
        "outskirts",
        "suburbs",
        "suburb",
        "north",
        "south",
        "east",
        "west",
        "centre",
        "center",
        "heart",
        "port",
        "countryside",
        "area",
        "border",
        "state",
        "parish",
        "municipality",
        "camp",
        "upazila",
        "tehsil",
        "taluk",
        "subdivision",
        # those who live there, and parts of it: "residents of Meerut", "areas of Lakki Marwat"
        "residents",
        "inhabitants",
        "villagers",
        "locals",
        "people",
        "streets",
        "parts",
        "areas",
    ]
)
# a word after a run of capitalised words that makes the whole run one place's name
SETTLEMENT_WORDS = ADMIN_WORDS | {"village", "town", "township", "area", "camp"}
ADMIN_PLURALS = frozenset(w + "s" for w in ADMIN_WORDS) | {"counties", "municipalities", "cities", "towns", "villages"}
# "Alexandria woman", "Alexandria police": a noun after a name that marks it as a place of residence or authority
PLACE_HEADS = frozenset(
    [
        "man",
        "woman",
        "men",
        "women",
        "boy",
        "girl",
        "resident",
        "residents",
        "native",
        "natives",
        "area",
        "police",
        "officials",
        "officers",
        "detectives",
        "authorities",
        "mayor",
        "council",
        "schools",
        "school-board",
        "government",
        "governor",
        "sheriff",
        "-based",
        "based",
    ]
)
INNER_FEATURES = frozenset({"country", "admin1", "capital", "region", "water"})
INNER_CITY_POPULATION = 100_000
DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    ]
)
NOT_PLACES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "christmas",
        "easter",
        "university",
        "college",
        "church",
        "police",
        "council",
        "union",
        "north",
        "south",
        "east",
        "west",
        "central",
        "valley",
        "grand",
    ]
)
SKIPPABLE = DIRECTIONS | {"the", "of"}


@dataclass(slots=True)
class Toponym:
    start: int  # character offsets into doc.text
    end: int
    text: str  # the name to look up (an administrative word after it is dropped)
    label: str  # the spaCy label, or "" for a span found by the gazetteer alone
    admin: bool = False  # named as an administrative unit ("Hajjah governorate", "X County")
    qualifier: str = ""  # "Greenville, Alabama" -> "Alabama"
    near: bool = False  # "near X", "outside X": the event is not in X itself
    kind: str = ""  # the administrative word after the name ("county" in "Henry County"), when not in ``text``
    firm: bool = False  # the qualifier is no item of a list ("in Taji, Iraq"; not "Zaire, Bundibugyo, Sudan and")


def _proper(token: Token) -> bool:
    """A proper noun (the tagger's NNP/NNPS; the pipeline may carry no coarse POS)."""
    return token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS")


def _sentence(span: Span) -> Span:
    """The sentence holding ``span``, found by walking to the nearest boundaries (``span.sent`` goes through
    ``doc.sents``, every sentence of the document, on each call: 12% of the NLP stage's own time)."""
    doc = span.doc
    start, end = span.start, span.start + 1
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _title_case(sent: Span) -> bool:
    """A headline-style sentence ("Leaders ... Head to Syria, Lebanon in Wake of Escalation"): capitals mean nothing.
    Words of named entities do not count: "Troops of India and Pakistan on Friday [4 September] exchanged fire in
    Poonch district" is a sentence of names, not a headline."""
    words = [t for t in sent if t.is_alpha and len(t) > 3 and not t.ent_type_]
    return len(words) >= 4 and sum(t.text[0].isupper() for t in words) / len(words) > 0.6


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "’s", "'s") or doc[start].text in DIRECTIONS):
        start += 1  # "the", and a direction in lower case: "north Gaza City" is Gaza City, "North Carolina" stays
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    return doc[start:end]


def _locative_before(doc: Doc, i: int) -> bool:
    """A locative word right before token i (allowing "the" and a direction: "in the southern city of")."""
    j = i - 1
    while j >= 0 and doc[j].lower_ in SKIPPABLE:
        if doc[j].lower_ == "of" and j > 0 and doc[j - 1].lower_ in OF_NOUNS:
            return True
        j -= 1
    return j >= 0 and doc[j].lower_ in LOCATIVE


def _possessor(doc: Doc, span: Span) -> Span | None:
    """The capitalised name in the possessive that ``span`` follows: "Balochistan" of "Balochistan's Chaman", "Cox"
    of "Cox's Bazar"."""
    end = span.start - 1
    if end < 1 or doc[end].text not in ("'s", "’s"):
        return None
    start = end
    while start > 0 and end - start < 4 and doc[start - 1].text[:1].isupper():
        start -= 1
    return doc[start:end] if start < end else None


def _possessed_by_place(owner: Span, span: Span, gazetteer: Gazetteer) -> bool:
    """ "Balochistan's Chaman", "Jamalpur's Sarishabari": the name follows a known country or division in the
    possessive (``owner``) and is a place of it."""
    owners = [c for c in gazetteer.lookup(owner.text) if c.feature in ("country", "admin1", "admin2")]
    return any(
        c.primary and any(o.country == c.country and (o.feature == "country" or o.admin1 == c.admin1) for o in owners)
        for c in gazetteer.lookup(span.text)
    )


def _admin_after(doc: Doc, end: int) -> Token | None:
    if end < len(doc) and doc[end].lower_ in ADMIN_WORDS | ADMIN_PLURALS:
        return doc[end]
    return None


def _qualifier(doc: Doc, span: Span, gazetteer: Gazetteer) -> tuple[str, bool, bool]:
    """ "X, Alabama" / "X, Iraq" / "X, IL": the state or country after a comma, whether it qualifies X — it does
    not when X is itself a state or country in a list ("Colorado, California, and Minnesota"; "Mexico, China, Japan")
    — and whether it is firm: neither X nor it an item of a list ("Zaire, Bundibugyo, Côte d'Ivoire and Sudan")."""
    after = _region_at(doc, span.end + 1, gazetteer) if span.end + 1 < len(doc) and doc[span.end].text == "," else None
    if after is None:
        return "", False, False
    listed = (span.start > 0 and doc[span.start - 1].text == ",") or (
        after.end < len(doc) and doc[after.end].lower_ in ("and", "or", "&")
    )
    return after.text, not _listed(doc, span, after, gazetteer), not listed


def _region_at(doc: Doc, start: int, gazetteer: Gazetteer) -> Span | None:
    """The capitalised state or country name (or postal code) of up to five tokens starting at token ``start``;
    none when a longer known name of no state or country starts there ("Panama City" is no "Panama")."""
    for width in (5, 4, 3, 2, 1):  # "Democratic Republic of Congo"
        if start + width > len(doc):
            continue
        span = doc[start : start + width]
        if not span.text[:1].isupper():
            continue
        found = gazetteer.lookup(span.text)
        if gazetteer.state_code(span.text) or any(c.feature in ("admin1", "country") for c in found):
            return span
        if width > 1 and found and span[-1].is_alpha and all(t.text[:1].isupper() or t.lower_ in ("of", "the") for t in span):
            return None
    return None


def _state_named(text: str, gazetteer: Gazetteer) -> bool:
    """A first-level division's name that names no country ("West Virginia", not "Georgia")."""
    found = gazetteer.lookup(text)
    return any(c.feature == "admin1" for c in found) and not any(c.feature == "country" for c in found)


def _listed(doc: Doc, span: Span, after: Span, gazetteer: Gazetteer) -> bool:
    """``span`` and ``after`` are items of a list of states or countries, not a place and its qualifier."""
    if not any(c.primary and c.feature in ("admin1", "country") for c in gazetteer.lookup(span.text)):
        return False
    i = after.end
    while i < len(doc) and doc[i].lower_ in (",", "and", "or", "the"):
        i += 1
    more = i > after.end and _region_at(doc, i, gazetteer) is not None
    return (span.start > 0 and doc[span.start - 1].text == ",") or more


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper() and (len(text) > 3 or text.isupper() or "." in text or len(text.split()) > 1)


def recognise(doc: Doc, gazetteer: Gazetteer) -> tuple[list[Toponym], list[str]]:
    """The toponyms of ``doc`` and the countries its demonyms refer to."""
    toponyms: list[Toponym] = []
    demonym_countries: list[str] = []
    taken = [False] * len(doc)
    for ent, label in _entities(doc, gazetteer):
        if label in ACTOR_LABELS:
            for t in ent:
                taken[t.i] = True
            continue
        span = _trim(ent)
        if not len(span) or _expanded_acronym(doc, span):
            continue
        country = gazetteer.demonym(span.text)
        if country and (label == "NORP" or not gazetteer.contains(span.text)):
            demonym_countries.append(country)
            continue
        topo = _toponym(doc, span, label, gazetteer)
        if topo is not None:
            toponyms.append(topo)
            for t in ent:
                taken[t.i] = True
    toponyms.extend(_unlabelled(doc, taken, gazetteer))
    toponyms.extend(_same_name(doc, toponyms, gazetteer))
    toponyms.extend(_inside_organisations(doc, toponyms, gazetteer))
    toponyms.extend(_coordinated_admins(doc, toponyms, gazetteer))
    toponyms.sort(key=lambda t: t.start)
    return toponyms, demonym_countries


def _entities(doc: Doc, gazetteer: Gazetteer) -> Iterator[tuple[Span, str]]:
    """The entities with their labels, place entities mended where the NER cut them wrongly: one that holds a comma
    is its parts ("Guma, Nigeria" -> "Guma", "Nigeria": the second then qualifies the first), and adjacent ones that
    together make a known name are one ("Democratic Republic of the" + "Congo")."""
    ents = list(doc.ents)
    i = 0
    while i < len(ents):
        ent, label = ents[i], ents[i].label_
        if label in PLACE_LABELS and i + 1 < len(ents) and ents[i + 1].label_ in PLACE_LABELS:
            nxt = ents[i + 1]
            joined = doc[ent.start : nxt.end]
            if nxt.start == ent.end and gazetteer.contains(_trim(joined).text):
                yield joined, label
                i += 2
                continue
        if label in PLACE_LABELS and any(t.text == "," for t in ent):
            start = ent.start
            for t in ent:
                if t.text == ",":
                    if t.i > start:
                        yield doc[start : t.i], label
                    start = t.i + 1
            if start < ent.end:
                yield doc[start : ent.end], label
        else:
            yield ent, label
        i += 1


def _toponym(doc: Doc, span: Span, label: str, gazetteer: Gazetteer) -> Toponym | None:
    inner_admin = len(span) > 1 and span[-1].lower_ in ADMIN_WORDS
    if not label and (  # the cheap refusals first: most capitalised runs outside entities are no place
        (not inner_admin and not gazetteer.contains(span.text))
        or not _capitalised(span.text)
        or span.text.lower() in NOT_PLACES
        or not all(_proper(t) for t in span)
    ):
        return None
    admin_word = _admin_after(doc, span.end)
    kind_word = span[-1] if inner_admin else admin_word
    if (span[:-1] if inner_admin else span).text.lower() in DIRECTIONS and not (kind_word and kind_word.text[0].isupper()):
        return None  # "West" of "Dindigul East and West taluk offices", "the West"; not "Central Region"
    near = span.start > 0 and doc[span.start - 1].lower_ in ("near", "outside", "nearby")
    after_region, qualifies, firm = _qualifier(doc, span, gazetteer)
    qualifier = after_region if qualifies else ""
    firm = firm and qualifies
    # an item of a list of states ("Utah, Washington, West Virginia") is a state too, not the capital
    in_state_list = bool(after_region) and not qualifies and _state_named(after_region, gazetteer)
    singular = admin_word is not None and admin_word.lower_ in ADMIN_WORDS
    admin = admin_word is not None or inner_admin or in_state_list
    end_char = admin_word.idx + len(admin_word) if admin_word is not None and singular else span.end_char
    kind = admin_word.lower_ if admin_word is not None and singular else ""
    if label in PLACE_LABELS:
        text = span.text
        if not _capitalised(text):
            return None
        return Toponym(span.start_char, end_char, text, label, admin, qualifier, near, kind, firm)
    if label not in OTHER_LABELS and label:
        return None
    if not _capitalised(span.text) or span.text.lower() in NOT_PLACES:
        return None
    if not label and (not all(_proper(t) for t in span) or gazetteer.demonym(span.text) or _title_case(_sentence(span))):
        return None
    if not label and span.end < len(doc) and doc[span.end].like_num:
        return None  # a numbered thing: "Street 8", "Block 4", "Gate 3"
    owner = _possessor(doc, span)
    possessed = owner is not None and _possessed_by_place(owner, span, gazetteer)
    if not label and owner is not None and not possessed:
        return None  # the end of a name with a possessive in it: "Bazar" of "Cox's Bazar"; not "Balochistan's Chaman"
    head_after = span.end < len(doc) and doc[span.end].lower_ in PLACE_HEADS
    to_before = label != "PERSON" and span.start > 0 and doc[span.start - 1].lower_ == "to"
    cue = (
        admin_word is not None
        or inner_admin
        or _locative_before(doc, span.start)
        or bool(after_region)
        or head_after
        or to_before
        or possessed
    )
    # a name the gazetteer holds only as another spelling is a place when a kind word follows it ("Poonch
    # district": Pūnch); after a bare preposition it is too often something else
    if not cue or (not any(c.primary or singular for c in gazetteer.lookup(span.text)) and not inner_admin):
        return None
    if inner_admin and not gazetteer.contains(span.text) and not gazetteer.contains(span[:-1].text):
        return None
    return Toponym(span.start_char, end_char, span.text, label, admin, qualifier, near, kind, firm)


def _same_name(doc: Doc, toponyms: list[Toponym], gazetteer: Gazetteer) -> list[Toponym]:
    """One sense per document: an entity whose text is a toponym found elsewhere in the document is that place too,
    unless the name is also part of a longer person's name here ("George Washington")."""
    names = {t.text for t in toponyms}
    people = {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    covered = {(t.start, t.end) for t in toponyms}
    found = []
    for ent in doc.ents:
        span = _trim(ent)
        if ent.label_ in ACTOR_LABELS or not len(span) or span.text not in names or span.text in people:
            continue
        if any(span.start_char < e and s < span.end_char for s, e in covered):
            continue
        found.append(Toponym(span.start_char, span.end_char, span.text, ent.label_))
    return found


def _notable(c: Candidate) -> bool:
    return c.feature in INNER_FEATURES or (c.feature == "city" and c.population >= INNER_CITY_POPULATION)


def _inside_organisations(doc: Doc, toponyms: list[Toponym], gazetteer: Gazetteer) -> list[Toponym]:
    """ "the Texas Department of Health", "the University of Alexandria": a known place name opening an organisation's
    name, or closing it after "of"."""
    covered = [(t.start, t.end) for t in toponyms]
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC") or len(ent) < 2:
            continue
        span = _trim(ent)
        subs = [span[:w] for w in (3, 2, 1) if w < len(span)]
        of = [i for i, t in enumerate(span) if t.lower_ == "of" and 0 < i < len(span) - 1]
        if of:
            subs.append(span[of[-1] + 1 :])
        for sub in subs:
            if any(sub.start_char < e and s < sub.end_char for s, e in covered) or not _capitalised(sub.text):
                continue
            if sub.text.lower() in NOT_PLACES or not all(_proper(t) for t in sub):
                continue
            if gazetteer.demonym(sub.text):
                continue
            if any(c.primary and _notable(c) for c in gazetteer.lookup(sub.text)):
                found.append(Toponym(sub.start_char, sub.end_char, sub.text, "ORG-inner"))
                break
    return found


def _unlabelled(doc: Doc, taken: list[bool], gazetteer: Gazetteer) -> list[Toponym]:
    """Runs of capitalised tokens outside any entity that the gazetteer knows and the context marks as places."""
    found = []
    i = 0
    while i < len(doc):
        if taken[i] or not doc[i].text[:1].isupper() or doc[i].is_sent_start:
            i += 1
            continue
        j = i
        while j < len(doc) and not taken[j] and doc[j].text[:1].isupper() and j - i < 4:
            j += 1
        settlement = _named_settlement(doc, j)
        for end in range(j, i, -1):
            if end < j and settlement and doc[end - 1].lower_ not in ADMIN_WORDS:
                break  # "Boro" of "Boro Haripur Chandina village": a word of a longer name the gazetteer lacks
            span = doc[i:end]
            topo = _toponym(doc, span, "", gazetteer)
            if topo is not None:
                found.append(topo)
                break
        i = j
    return found


def _expanded_acronym(doc: Doc, span: Span) -> bool:
    """An acronym in brackets after the words it stands for: "the Awami League (AL)" is no Ål in Norway, "the
    National Highways Authority of India (NHAI)" no place at all."""
    text = span.text
    if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
        return False
    if span.start < 2 or span.end >= len(doc) or doc[span.start - 1].text != "(" or doc[span.end].text != ")":
        return False
    words = [t for t in doc[max(0, span.start - 1 - 2 * len(text)) : span.start - 1] if t.text[:1].isupper()]
    initials = "".join(t.text[0] for t in words[-len(text) :])
    return initials.upper() == text


def _named_settlement(doc: Doc, end: int) -> bool:
    """The capitalised run that ends at ``end`` is the name of a village, town or unit: a settlement word follows
    ("Boro Haripur Chandina village"), and the run is no longer name ("Butler County Transportation Improvement
    District") cut by the run's bound."""
    return end < len(doc) and doc[end].lower_ in SETTLEMENT_WORDS and not doc[end].text[:1].isupper()


def _coordinated_admins(doc: Doc, toponyms: list[Toponym], gazetteer: Gazetteer) -> list[Toponym]:
    """ "Hajjah, Saada and Sanaa governorates": the plural administrative word makes every item of the list an
    administrative unit, including items the tagger called PERSON ("Hajjah", "Saada")."""
    found = []
    by_start = {t.start: t for t in toponyms}
    for topo in list(toponyms):
        last = doc.char_span(topo.start, topo.end, alignment_mode="expand")
        if last is None or last.end >= len(doc) or doc[last.end].lower_ not in ADMIN_PLURALS:
            continue
        i = last.start  # walk back over "X, Y and" items
        while i >= 2 and doc[i - 1].lower_ in (",", "and", "or"):
            j = i - 1 if doc[i - 1].text == "," or doc[i - 2].text != "," else i - 2
            end = j
            begin = end
            while begin > 0 and doc[begin - 1].text[:1].isupper() and end - begin < 3:
                begin -= 1
            if begin == end:
                break
            item = doc[begin:end]
            known = by_start.get(item.start_char)
            if known is not None:
                known.admin = True
            elif any(c.feature in ("admin1", "admin2", "city", "capital") for c in gazetteer.lookup(item.text)):
                found.append(Toponym(item.start_char, item.end_char, item.text, "list", admin=True))
            else:
                break
            i = begin
    return found
