"""Counts of people killed, injured and held in one parsed sentence ("at least 4 people were killed").

``counts(sent)`` finds every number phrase in a spaCy sentence (digits, number words, ranges, vague quantities),
the thing it counts (the noun after it, or nothing: "4 killed"), and the role that thing plays: the victim of a
killing or injuring word ("killing four", "were wounded", "a child died", "left 5 dead"), or the value of a casualty
noun ("5 deaths", "the bodies of 3 people", "the death toll rose to 30"). A number reached by no such route is no
count: years, dates, ages ("a 13-year-old boy" counts the boy, once), strikes and rockets, money, troops deployed,
exam results and resolutions never are. Subsets are not counts of their own ("killed 12, including three
children": 12). A singular person with no number counts 1 ("a man was shot dead", "Hamas commander X was killed").
The parse is spaCy's ``en_core_web_md`` with lemmatizer and attribute ruler off: rules read ``tag_``, ``dep_``,
``lower_`` and entity types; the words live in ``data/count_words.txt``.

Vague quantities follow ACLED's coding rules (its fatalities FAQ): "tens" 10, "dozens" 12, "hundreds" 100,
"thousands" 1,000, with qualifier "at least" (ACLED takes the most conservative figure). A plural with no number —
"several", "a number of", "some", "many", "an unspecified number of", a bare plural ("leaving fatalities",
"Palestinians were killed") — is 3: where ACLED's Gaza notes say how an unspecified figure was coded ("[unspecified
number of fatalities coded as 3]"), it is 3 in 127 notes, 10 in 36, 12 in 18 (after "dozens"); after "several" 3 in
17 and 10 in 13, after "a number of" 3 in 24 and 10 in 8. "nearly/almost/up to 30" are (30, "at most"); "about/
around/some/roughly/an estimated 50" are "about". "casualties" (killed or injured, undivided) count as injured, so
that fatalities are never overstated.

A count is ``cumulative`` when it is a running total over a period or campaign: "since" in its clause, "so far",
"to date", "in total", "overall"; a toll "brought"/"raised" to a figure; the present perfect of a campaign noun
("the campaign has killed at least 65 people"); a period as the time ("in 2024", "over the past week", "this
year"); "in the war".

Agreement with ACLED, ``.venv/bin/python benchmarks/eval_counts.py`` (data from ``$WIREWATCH_DATA`` or
``../shared/data``; the note's count is the sum of its non-cumulative "killed" counts; the analysts' coding remarks
such as "[unspecified number of fatalities coded as 3]" removed first): on ACLED's 5,338 Gaza 2023–2025 notes the
count equals ``fatalities`` for 0.907 (0.988 where ACLED codes 0, 0.761 where it codes more; "always 0" scores
0.646); on the 4,483 notes whose figure was not allocated from a total reported elsewhere (the health ministry's
daily toll split across events, which no note states) 0.984 (0.997 / 0.943). Leaving out counts that a party
"claimed" (ACLED codes those 0) gives 0.912. ACLED South Asia 2015 (``--file acled_south_asia_2015.csv``, 10,194
notes, read only for general faults): 0.935 (0.960 / 0.775; "always 0" 0.867) — most misses there are protests
over earlier killings, which ACLED codes 0 and the event extractor must not attach.

Known limits: pronouns are not counted ("shot him dead"); a restatement in a later sentence counts again ("the two
killed policemen"), for the merge step to join; claims, hypotheticals and natural deaths are counts like any other
(flags and triggers are the extractor's); generic statements count ("where four or more people are killed");
parses broken by brackets or typos lose counts ("2people"); "casualties" is injured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from wirewatch.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["KINDS", "Count", "counts", "parse_quantity"]

KINDS = ("killed", "injured", "affected")
_NOT_NUMBER_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_OF_GROUP = ("them", "whom", "those", "these", "their", "its", "his", "her", "which")
_DEFINITE = frozenset({"the", "his", "her", "their", "its", "this", "that"})
_NUMBER_DEPS = frozenset({"nummod", "det", "quantmod", "amod", "compound", "nmod", "npadvmod", "advmod"})
_CLAUSES = frozenset({"advcl", "ccomp", "conj", "relcl", "acl", "parataxis", "csubj", "xcomp", "pcomp"})
_WORD = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:-by)?\.?|[-–—/]|'s|\S", re.I)


@dataclass(slots=True)
class Count:
    """A count of people harmed in a sentence: ``head`` is the doc-level index of the word it belongs to."""

    quantity: Quantity
    kind: str  # one of KINDS
    head: int
    cumulative: bool = False


@dataclass(frozen=True, slots=True)
class _Words:
    numbers: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, list[tuple[tuple[str, ...], tuple[int, str]]]]  # by first word, longest phrase first
    qualifiers: dict[str, list[tuple[tuple[str, ...], str]]]  # by first word, longest phrase first
    kinds: dict[str, str]  # word -> one of KINDS
    starts: frozenset[str]  # first words of numbers, qualifiers and vague quantities
    cumulative: frozenset[tuple[str, ...]]
    lists: dict[str, frozenset[str]]  # the other sections: people, tolls, campaigns, ...


@lru_cache(maxsize=1)
def _words() -> _Words:
    """The vocabularies of ``data/count_words.txt``."""
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    text = resources.files("wirewatch.data").joinpath("count_words.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line:
            current.append([part.strip() for part in line.split("|")])

    def phrase(s: str) -> tuple[str, ...]:
        return tuple(w.lower() for w in _WORD.findall(s))

    def longest_first(pairs: list[tuple[tuple[str, ...], Any]]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for key, value in sorted(pairs, key=lambda kv: -len(kv[0])):
            out.setdefault(key[0], []).append((key, value))
        return out

    vague = longest_first([(phrase(r[0]), (int(r[1]), r[2])) for r in sections["vague"]])
    qualifiers = longest_first([(phrase(r[0]), r[1]) for r in sections["qualifiers"]])
    numbers = {r[0]: int(r[1]) for r in sections["numbers"]}
    return _Words(
        numbers=numbers,
        scales={r[0]: int(r[1]) for r in sections["scales"]},
        vague=vague,
        qualifiers=qualifiers,
        kinds={r[0].lower(): kind for kind in KINDS for r in sections[kind]},
        starts=frozenset([*numbers, *qualifiers, *vague, "a", "an", "between"]),
        cumulative=frozenset(phrase(r[0]) for r in sections["cumulative"]),
        lists={name: frozenset(r[0].lower() for r in rows) for name, rows in sections.items()},
    )


def _in(name: str, t: Token) -> bool:
    """Whether the token's lower-case form is in the ``[name]`` list of the vocabulary file."""
    return t.lower_ in _words().lists[name]


# --- the words of a number -----------------------------------------------------------------------------------------


def parse_quantity(words: str) -> tuple[int, int | None, str] | None:
    """The quantity a phrase begins with: ``(value, high, qualifier)``, ``high`` set for a range; None if it does
    not begin with one. Words after the number are ignored ("two people" -> (2, None, "exact"))."""
    parsed = _parse([w.lower() for w in _WORD.findall(words)])
    return parsed[:3] if parsed else None


def _parse(ws: list[str], ranges: bool = True) -> tuple[int, int | None, str, int] | None:
    """(value, high, qualifier, number of words used) for the quantity at the start of ``ws``; ``ranges`` False
    reads "20 to 30" as 20 (after "from": "rose from 20 to 30")."""
    qualifier, i = "exact", 0
    for q, name in _words().qualifiers.get(ws[0] if ws else "", ()):  # longest first
        if tuple(ws[: len(q)]) == q:
            qualifier, i = name, len(q)
            break
    between = ws[:1] == ["between"]
    i = i or int(between)
    vague = _vague(ws, i)
    if vague is not None:
        value, vague_qualifier, end = vague
        return value, None, vague_qualifier if qualifier == "exact" else qualifier, end
    low = _number(ws, i)
    if low is None:
        if i and ws[i - 1] == "another" and ws[i : i + 1] not in (["of"], ["to"], []):
            return 1, None, "exact", i  # "another Palestinian"
        vague = _vague(ws, 0)  # "some" before a noun is a vague quantity, before a number a qualifier
        return (vague[0], None, vague[1], vague[2]) if vague and i else None
    value, end = low
    joins = ("and",) if between else ("-", "–", "—", "or", *(("to",) if ranges else ()))
    if end < len(ws) and ws[end] in joins:
        high = _number(ws, end + 1)
        if high is not None and high[0] > value:
            return value, high[0], "range", high[1]
    return None if between else (value, None, qualifier, end)


def _number(ws: list[str], i: int) -> tuple[int, int] | None:
    """(value, end) of the number at ``ws[i]``: "2,000", "1.5 million", "twenty-one", "one hundred and five", "a"."""
    vocab = _words()
    if i >= len(ws):
        return None
    if ws[i][0].isdigit():
        try:
            number = float(ws[i].replace(",", ""))
        except ValueError:
            return None
        end = i + 1
        if end < len(ws) and ws[end] in vocab.scales:
            number, end = number * vocab.scales[ws[end]], end + 1
        return (int(number), end) if number == int(number) else None
    if ws[i] in ("a", "an"):
        if i + 1 < len(ws) and ws[i + 1] in vocab.scales:
            return vocab.scales[ws[i + 1]], i + 2  # "a hundred"
        return 1, i + 1
    total, current, end = 0, 0, i
    while end < len(ws):
        w = ws[end]
        if w in vocab.numbers:
            current += vocab.numbers[w]
        elif w in vocab.scales and end > i:
            current *= vocab.scales[w]
            if vocab.scales[w] >= 1000:
                total, current = total + current, 0
        elif not (w in ("-", "and") and end > i and ws[end + 1 : end + 2] and ws[end + 1] in vocab.numbers):
            break  # "-" and "and" join number words: "twenty-one", "one hundred and five"
        end += 1
    return (total + current, end) if end > i else None


def _vague(ws: list[str], i: int) -> tuple[int, str, int] | None:
    """(value, qualifier, end) of a vague quantity at ``ws[i]`` ("dozens of", "several"); a trailing "of" is used."""
    for phrase, (value, qualifier) in _words().vague.get(ws[i] if i < len(ws) else "", ()):  # longest first
        if tuple(ws[i : i + len(phrase)]) == phrase:
            end = i + len(phrase)
            if ws[end : end + 1] == ["of"] and phrase[-1] != "of":
                end += 1
            return value, qualifier, end
    return None


# --- number phrases in a sentence ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Phrase:
    start: int  # doc token indices [start, end)
    end: int
    value: int
    high: int | None
    qualifier: str


def _phrases(sent: Span) -> list[_Phrase]:
    """The quantity phrases of a sentence, left to right, none overlapping."""
    doc, out, i = sent.doc, [], sent.start
    while i < sent.end:
        token = doc[i]
        if not _may_start(token):
            i += 1
            continue
        ws = [t.lower_ for t in doc[i : min(i + 10, sent.end)]]
        parsed = _parse(ws, ranges=doc[i - 1].lower_ != "from" if i > sent.start else True)
        if parsed is None:
            i += 1
            continue
        value, high, qualifier, used = parsed
        out.append(_Phrase(i, i + used, value, high, qualifier))
        i += used
    return out


def _may_start(token: Token) -> bool:
    """Whether a quantity may begin at the token (a cheap gate before parsing)."""
    return token.like_num or token.lower_ in _words().starts


# --- counts ---------------------------------------------------------------------------------------------------------


def counts(sent: Span) -> list[Count]:
    """The counts of people killed, injured or held (arrested, abducted, displaced) in a parsed sentence."""
    out: list[Count] = []
    taken: set[int] = set()
    for phrase in _phrases(sent):
        taken.update(range(phrase.start, phrase.end))
        found = _phrase_count(phrase, sent)
        if found is not None:
            out.append(found[0])
            taken.update([found[1].i] if found[1] is not None else [])
    kinds = {c.kind for c in out}
    for token in sent:
        value = None if token.i in taken else _unnumbered(token)
        if value is None:
            continue
        count = _count(token, token, _Phrase(token.i, token.i + 1, value, None, "exact" if value == 1 else "at least"), sent)
        if count is not None and (value == 1 or _plural_count(count, kinds, sent)):
            out.append(count)
    return _restated(sorted(out, key=lambda c: c.quantity.start), sent)


def _plural_count(count: Count, kinds: set[str], sent: Span) -> bool:
    """Whether a bare plural is a count: not beside a number of the same kind (the same people: "causing fatalities,
    with 3 bodies recovered"), not the subject of a generic present ("civilians die every day")."""
    head = sent.doc[count.head]
    return count.kind not in kinds and head.tag_ not in ("VB", "VBZ", "VBP") and not any(c.tag_ == "MD" for c in head.children)


def _restated(found: list[Count], sent: Span) -> list[Count]:
    """Without the casualty nouns that restate a killing of the same sentence ("8 Palestinians were killed in a
    strike, leaving 8 dead")."""
    doc = sent.doc
    verbs = {(c.kind, c.quantity.value) for c in found if doc[c.head].tag_.startswith("VB") and not c.cumulative}
    return [c for c in found if doc[c.head].tag_.startswith("VB") or c.cumulative or (c.kind, c.quantity.value) not in verbs]


def _phrase_count(phrase: _Phrase, sent: Span) -> tuple[Count, Token | None] | None:
    """The count a quantity phrase gives, with the noun it counts; None if it counts no people harmed."""
    doc = sent.doc
    if any(_in("subset", t) for t in doc[max(sent.start, phrase.start - 2) : phrase.start]):
        return None  # "killed 12, including three children", "[among them five children]"
    if phrase.start > sent.start and doc[phrase.start - 1].lower_ in ("no", "not", "none"):
        return None  # "no one was killed"
    tokens = doc[phrase.start : phrase.end]
    if tokens.text.lower() == "both" and any(t.dep_ == "cc" for t in doc[phrase.end : tokens.root.head.i]):
        return None  # "both local and foreign fighters were killed": a correlative, not two people
    if doc[phrase.end : phrase.end + 2].text.lower().split()[:2] in (["of", w] for w in _OF_GROUP):
        return None  # "five of their cadres died", "three of them": part of a group already counted
    of = tokens[-1].lower_ == "of"
    root = (tokens[:-1] if of and len(tokens) > 1 else tokens).root
    noun, role = _counted(root, phrase, of, sent)
    event = noun is not None and noun.tag_ == "NN" and _kind_word(noun) and noun.lower_ not in ("death", "fatality")
    if event and tokens.text.lower() in ("a", "an"):
        return None  # "a targeted killing", "a massacre": the event, not a count
    if noun is None and any(t.ent_type_ in _NOT_NUMBER_ENTS for t in tokens):
        return None  # a date, an age, money, a percentage
    count = _count(role, noun, phrase, sent)
    return (count, noun) if count is not None else None


def _counted(root: Token, phrase: _Phrase, of: bool, sent: Span) -> tuple[Token | None, Token]:
    """The noun a phrase counts (None: "4 killed", "killing four") and the token whose role in the clause says what
    the count is of: the noun ("4 people were killed"), or the phrase itself ("dozens of people were killed")."""
    doc = sent.doc
    if of:
        pobj = next((c for c in doc[phrase.end - 1].children if c.dep_ == "pobj"), None)
        return pobj or _next_noun(phrase.end, sent), root
    if root.dep_ in _NUMBER_DEPS and root.head.i >= phrase.end and (_nominal(root.head) or _kind_word(root.head)):
        noun = root.head
        while noun.dep_ == "compound" and noun.head.i > noun.i and _nominal(noun.head):
            noun = noun.head  # "5 family members"
        people = [c for c in noun.children if c.dep_ == "conj" and _is_person(c, strict=True)]
        if people and not _is_person(noun, strict=True) and not _kind_word(noun):
            return people[0], noun  # "15 suspected TTP and other militants"
        return noun, noun
    end = phrase.end + (phrase.end < sent.end and doc[phrase.end].lower_ == "more")
    after = doc[end] if end < sent.end else None  # "two more injured"
    if after is not None and _kind_word(after) and after.tag_ in ("JJ", "NN", "NNS", "VBN") and not _has_object(after):
        return after, root  # "4 killed", "three dead [children]": the word after the number, whatever the parse
    nxt = _next_noun(phrase.end, sent)
    if nxt is not None and (_is_person(nxt, strict=True) or _kind_word(nxt)):
        return nxt, nxt if not phrase.start <= nxt.head.i < phrase.end else root
    return None, root


def _next_noun(i: int, sent: Span) -> Token | None:
    """The noun a number stands before, past its adjectives ("3 Israeli soldiers", "5 Hamas militants")."""
    for t in sent.doc[i : min(i + 4, sent.end)]:
        if t.tag_ in ("NN", "NNS", "NNPS") or (t.tag_ == "NNP" and t.dep_ != "compound"):
            return t
        if not (t.tag_ in ("JJ", "HYPH", "NNP", "VBN") or t.ent_type_ == "NORP"):
            return None
    return None


def _count(role: Token, noun: Token | None, phrase: _Phrase, sent: Span) -> Count | None:
    """The count of a quantity whose role token is ``role``; None if it counts no people harmed."""
    counted = noun is not None and _kind_word(noun)  # "5 deaths", "eight dead"
    word = noun if counted else _predicate(role, 0, bare=noun is None or _in("people", noun))
    if counted and noun is not None and _words().kinds[noun.lower_] == "affected":
        word = _predicate(role, 0) or noun  # "executed 3 hostages": killed
    if word is None:
        return None
    head, kind = _kind(word, role)
    if kind is None or any(c.dep_ == "neg" for c in head.children):
        return None
    strict = (
        kind == "affected"
        or (_in("strict", head) and _words().kinds.get(head.lower_) == kind)  # "shot a video"; "shot dead" any noun
        or (phrase.value == 1 and phrase.high is None and noun is not None and _conj_root(noun).head != head)  # "another attack"
    )
    if noun is not None and not counted and not _is_person(noun, strict=strict):
        return None  # "killed 5 sheep", "seized 29 rockets", "shot a video"
    doc = sent.doc
    last = phrase.end - 1 if phrase.end - phrase.start == 1 or doc[phrase.end - 1].lower_ != "of" else phrase.end - 2
    first, end = doc[phrase.start], doc[last]
    if first == noun and noun.ent_type_ == "PERSON":  # a name, counted once: its whole span
        ent = next(e for e in doc.ents if e.start <= noun.i < e.end)
        first, end = doc[ent.start], doc[ent.end - 1]
    start, stop = first.idx, end.idx + len(end.text)
    quantity = Quantity(start, stop, doc.text[start:stop], phrase.value, phrase.qualifier, phrase.high)
    return Count(quantity, kind, head.i, _cumulative(head, role, sent))


def _predicate(r: Token, depth: int, bare: bool = False) -> Token | None:
    """The casualty word a count belongs to, from the role of its token ``r`` in the clause; None if there is none.
    ``bare``: the number stands alone, and may be the value of a toll ("rose to 30")."""
    d, h = r.dep_, r.head
    core = d in ("nsubjpass", "meta", "npadvmod", "nmod", "dobj") or (d == "nsubj" and _undergoes(h))
    if h.i != r.i and _kind_word(h) and core:
        return h  # "were killed", "4 killed", "killing four", "a child died", "hundreds injured"
    for c in r.children:  # "people killed in the strike", "5 dead", "those who were wounded"; not "a displaced man"
        held = c.dep_ == "amod" and _words().kinds.get(c.lower_) == "affected"
        other = c.dep_ == "relcl" and any(g.dep_.startswith("nsubj") and g.tag_ not in ("WDT", "WP") for g in c.children)
        if c.dep_ in ("acl", "relcl", "amod") and _kind_word(c) and not _has_object(c) and not held and not other:
            return c
    if h.i == r.i:
        return _nbor_word(r)
    if d in ("nsubjpass", "nsubj", "dobj"):
        for c in h.children:
            if c.dep_ == "conj" and c.tag_.startswith("VB") and _kind_word(c) and not _has_subject(c):
                return c  # "3 Palestinians were struck and killed"
    if d == "conj" and depth < 4 and (_nominal(h) or h.like_num):
        return _predicate(h, depth + 1, bare)  # "a woman and her two children"
    return _complement(r, d, h) or (_toll_value(r, d, h) if bare else None) or _nbor_word(r)


def _complement(r: Token, d: str, h: Token) -> Token | None:
    """A casualty word that says what happened to the subject or object of another verb: "left 5 dead", "took 240
    people hostage", "were found dead", "lost their lives", "the bodies of 3 people"."""
    if d == "dobj" and _in("leave", h):
        return next((c for c in [*h.children, *r.children] if c.i != r.i and _kind_word(c) and c.tag_ == "JJ"), None)
    deps = {"dobj": ("oprd", "npadvmod", "advmod", "xcomp", "dobj"), "nsubj": ("acomp", "oprd", "xcomp", "attr")}
    if d != "nsubj" or _undergoes(h):  # "were found dead", "were dead"; not "gunmen shot dead a councillor"
        for c in h.children:
            if c.i != r.i and c.dep_ in deps.get(d.replace("nsubjpass", "nsubj"), ()) and _kind_word(c):
                return c
    died = h.lower_.startswith("succumb") or any(c.lower_ in ("lives", "life") for c in h.children)
    if d in ("nsubj", "nsubjpass") and _in("lose_life", h) and died:
        return h
    if d == "pobj" and h.lower_ == "of" and (_kind_word(h.head) or h.head.lower_ in ("lives", "life") or _in("tolls", h.head)):
        return h.head
    before = r.doc[h.i - 1] if h.i > 0 else h
    if d == "pobj" and h.lower_ in ("to", "of") and before.tag_.startswith("NN") and _kind_word(before):
        return before  # "injuries to 12 others", whatever the parse
    return None


def _toll_value(r: Token, d: str, h: Token) -> Token | None:
    """The toll a number stands as the value of: "the death toll rose to 30", "bringing the toll to 200", "the
    toll reached 30", "total fatalities were 5"."""
    if d == "pobj" and h.lower_ in ("to", "at"):
        found = _toll(h.head)
        if found is None:  # misattached: "bringing the total since the war began to 43,000"
            before = reversed(r.doc[max(0, h.i - 8) : h.i])
            found = next((t for t in before if _toll(t) is t and _in("bring", t.head)), None)
        return found
    if d in ("attr", "dobj", "oprd") and h.tag_.startswith("VB"):
        return _toll(h, subject_only=True)
    return None


def _toll(t: Token, subject_only: bool = False) -> Token | None:
    """The toll a figure is the value of: ``t`` itself, or the subject (or object) of the verb ``t``."""
    if _in("tolls", t):
        return t
    deps = ("nsubj", "nsubjpass") if subject_only else ("nsubj", "nsubjpass", "dobj")
    for c in t.children:
        if c.dep_ in deps and (_in("tolls", c) or _words().kinds.get(c.lower_) in ("killed", "injured")):
            return c
    return None


def _nbor_word(r: Token) -> Token | None:
    """A casualty participle right after the token, whatever the parse: "nineteen people killed [...]"."""
    nxt = r.nbor(1) if r.i + 1 < len(r.doc) else None
    if nxt is not None and _kind_word(nxt) and nxt.tag_ in ("VBN", "VBD", "JJ") and not _has_object(nxt):
        return nxt
    return None


def _kind(p: Token, role: Token) -> tuple[Token, str | None]:
    """What a casualty word counts: "killed", "injured" or "affected"; a toll what its words say. An injury that
    ended in death is a killing ("shot dead", "fatally wounded", "stabbed to death", "kidnapped and killed")."""
    kinds = _words().kinds
    if _in("tolls", p):
        return p, _toll_kind(p)
    if _in("lose_life", p) or p.lower_ in ("lives", "life") or _to_death(p):
        return p, "killed"
    kind = kinds.get(p.lower_)
    if kind not in ("injured", "affected"):
        return p, kind
    verb = p.tag_.startswith("VB")
    shared = verb and p.dep_ == "conj" and role.head == p and role.dep_ == "dobj"
    if shared and kinds.get(p.head.lower_) == "killed" and not _has_object(p.head):
        return p.head, "killed"  # "killing and injuring people"
    for c in [*p.children, *(c for c in role.children if c.dep_ == "amod")]:
        if c.lower_ in ("fatally", "mortally", "dead"):
            return p, "killed"
        if verb and c.dep_ == "conj" and kinds.get(c.lower_) == "killed" and not _has_subject(c):
            return p, "killed"  # "shot and killed"
    return p, kind


def _toll_kind(t: Token) -> str | None:
    """What a toll counts: "death toll" killed, "casualty toll" injured; "the number of dead", "the number of
    people killed" what its words say."""
    kinds = _words().kinds
    words = [c for c in t.children if c.dep_ in ("compound", "amod", "acl")]
    of = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
    words += [g for c in of for g in c.children] + [a for c in of for g in c.children for a in g.children]
    kind = next((kinds[w.lower_] for w in words if w.lower_ in kinds), None)
    if kind is not None or of:
        return kind if kind != "affected" else None
    if t.lower_ in ("toll", "tally") or (t.lower_ == "total" and _in("bring", t.head)):
        return "killed"  # "the toll rose to 30", "bringing the total to 43,000"
    return None


def _cumulative(head: Token, role: Token, sent: Span) -> bool:
    """Whether a count is a running total: a marker ("since", "so far", "in total") or a period ("in 2024", "this
    year") in its clause, a toll brought to a figure, or a campaign that "has killed"."""
    if _in("tolls", head) and _in("bring", head.head):
        return True
    verb = head
    while not verb.tag_.startswith("VB") and verb.head.i != verb.i and verb.dep_ not in _CLAUSES:
        verb = verb.head
    while verb.dep_ in ("conj", "xcomp") and verb.head.tag_.startswith("VB"):
        verb = verb.head  # "had killed 6 and injured 13 over the past two days": the time of both; "claimed to kill"
    chain = [c for c in verb.children if c.dep_ == "conj" and c.tag_.startswith("VB") and not _has_subject(c, passive=True)]
    shared = [t.i for c in chain for m in c.children if m.dep_ in ("prep", "npadvmod") for t in m.subtree]
    scope = [sent.doc[i] for i in sorted({*_clause(verb, {head.i, role.i}), *shared})]
    lowers = [t.lower_ for t in scope]
    pairs = set(pairwise(lowers))
    if any((m in pairs) if len(m) == 2 else (m[0] in lowers) for m in _words().cumulative):
        return True
    if any(g.lower_ == "since" for t in scope for c in t.children if c.dep_ == "advcl" for g in c.children):
        return True  # "the killing of 170 gunmen since the operation began"
    for v in (verb, *chain):
        children = list(v.children)
        perfect = v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in children)
        if perfect and any(c.dep_ == "nsubj" and _in("campaigns", c) for c in [*children, *verb.children]):
            return True  # "the campaign has killed at least 65 people"
    if any(_in("campaigns", t) and t.dep_ == "pobj" and t.head.lower_ in ("in", "during", "throughout") for t in scope):
        return True  # "killed in the war"
    indices = {t.i for t in scope}
    dates = (e for e in sent.ents if e.label_ in ("DATE", "TIME") and e.root.i in indices and e.root.dep_ != "amod")
    return any(_PERIOD.search(e.text.strip()) for e in dates)


def _clause(verb: Token, keep: set[int]) -> list[int]:
    """Token indices of the clause of ``verb``: its subtree less subordinate clauses that hold none of ``keep``."""
    out: list[int] = []
    stack = [verb]
    while stack:
        t = stack.pop()
        out.append(t.i)
        stack += [c for c in t.children if c.dep_ not in _CLAUSES or any(c.left_edge.i <= k <= c.right_edge.i for k in keep)]
    return sorted(out)


# A date that names a period rather than a day: "2024", "March", "this year", "the past 24 hours".
_PERIOD = re.compile(
    r"^(?:(?:in|during|throughout|over)\s+)?(?:(?:19|20)\d\d|(?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december)(?:\s+(?:19|20)\d\d)?)$|\b(?:this|past|last|recent)\s+(?:\w+\s+)?(?:years?|"
    r"months?|weeks|decades?)\b|\bpast\s+(?:\w+\s+)?(?:week|days|hours)\b|\blast\s+\w+\s+(?:days|hours)\b|\b(?:years|months|weeks)\b",
    re.I,
)


# --- words ----------------------------------------------------------------------------------------------------------


def _kind_word(t: Token) -> bool:
    """Whether a word says people were killed, injured or held ("tortured to death" too; "shot down" not)."""
    if t.lower_ in _words().kinds:
        return t.lower_ != "shot" or not any(c.dep_ == "prt" for c in t.children)
    return t.tag_.startswith("VB") and _to_death(t)


def _to_death(t: Token) -> bool:
    """Whether a verb is done "to death" ("stabbed to death"; not "sentenced to death")."""
    return not _in("sentence", t) and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in t.children
    )


def _nominal(t: Token) -> bool:
    return t.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP", "CD") or _in("people", t) or t.ent_type_ == "NORP"


def _is_person(t: Token, strict: bool) -> bool:
    """Whether a noun names people: a word of the people list, a nationality, a name; not strict, any noun but
    the few that are not people ("killed 5 sheep")."""
    if _in("people", t) or t.ent_type_ in ("NORP", "PERSON") or t.tag_ == "NNPS":
        return True
    if t.tag_ in ("NN", "NNS") and any(c.dep_ == "amod" and c.ent_type_ == "NORP" for c in t.children):
        return True  # "a Palestinian fisher"
    return not strict and t.tag_ in ("NNS", "NN", "CD") and not _in("not_people", t) and not _in("tolls", t)


def _conj_root(t: Token) -> Token:
    """The first of a list of conjoined words ("5 employees and a seller": "employees")."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t


def _has_object(t: Token) -> bool:
    """Whether a verb has a direct object (one not inside brackets after it: "killed [one body ...]")."""
    doc = t.doc
    return any(c.dep_ == "dobj" and not any(doc[k].text in "[(" for k in range(t.i + 1, c.i)) for c in t.children)


def _undergoes(verb: Token) -> bool:
    """Whether the subject of a casualty word is its victim: "a child died", "hundreds injured", "4 killed"; not
    the killer in "gunmen killed two" or "forces shot and executed dozens"."""
    if verb.tag_ in ("JJ", "NN", "NNS") or verb.lower_.startswith(("die", "dying", "perish")):
        return True
    return not any(_has_object(v) for v in [verb, *(c for c in verb.children if c.dep_ == "conj")])


def _has_subject(t: Token, passive: bool = False) -> bool:
    """Whether a verb has its own subject (or object: a conjoined verb's own argument)."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj" if not passive else "nsubj") for c in t.children)


def _unnumbered(t: Token) -> int | None:
    """The count of people a word with no number gives: 1 for a person ("Mohammed Deif", "the commander", "his son",
    "killed commander X"); 3 for a bare plural (ACLED's rule: "Palestinians were killed", "leaving fatalities")."""
    if not t.tag_.startswith("NN") or t.dep_ in ("compound", "appos", "poss"):
        return None
    if any(x.like_num for x in t.doc[t.left_edge.i : t.i]):
        return None  # counted by its number
    dets = [c.lower_ for c in t.children if c.dep_ in ("det", "poss", "predet")]
    if t.ent_type_ == "PERSON":
        return 1 if t.head.ent_type_ != "PERSON" or t.head.i == t.i or t.dep_ == "conj" else None
    if t.tag_ in ("NN", "NNP") and _in("people", t) and not _in("collective", t):
        return 1 if all(d in _DEFINITE or d.endswith("'s") for d in dets) else None
    if dets or t.tag_ not in ("NNS", "NNPS") or any(_in("unknown", c) for c in t.children):
        return None
    if _kind_word(t):  # "leaving fatalities", "causing injuries and fatalities"; not "casualties unknown"
        verb = t.head.head if t.dep_ in ("pobj", "conj") else t.head
        unknown = t.i + 1 < len(t.doc) and _in("unknown", t.nbor(1))
        return 3 if _in("result", verb) and not unknown else None
    if any((c.dep_ == "amod" and _kind_word(c)) or c.lower_ == "other" for c in t.children):
        return None  # "displaced people", "wounded soldiers": who they are, not what happened; "other people"
    return 3 if _is_person(t, strict=True) and t.lower_ != "others" else None
