"""The event lexicon: trigger words and phrases (``data/event_triggers.tsv``) and instruments
(``data/event_instruments.tsv``), loaded once per process into lookups keyed by the lower-case first word.

Verbs are matched in every inflection (generated here; irregular forms come from the file), nouns in singular and
plural. A multi-word phrase inflects its first word only ("open fire" -> "opened fire").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
ACLED_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

# PLOVER type -> CAMEO root code (the CAMEO -> PLOVER table read backwards: the root most events of that type
# come from). ASSAULT depends on the mode: conventional military force is 19, unconventional violence 18, mass
# violence 20.
CAMEO_ROOTS = {
    "REQUEST": "02",
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "CONCEDE": "08",
    "RETREAT": "08",
    "ACCUSE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "19",
}
ASSAULT_ROOT_BY_MODE = {
    "abduct": "18",
    "beat": "18",
    "sexual": "18",
    "torture": "18",
    "explosives": "18",
    "suicide-attack": "18",
    "assassinate": "18",
    "massacre": "20",
    "unconventional": "20",
}


@dataclass(frozen=True, slots=True)
class Trigger:
    phrase: str
    pos: str  # v | n | x
    type: str
    mode: str | None
    acled: tuple[str, str] | None  # (event type, sub-event type); None with auto=True: derived
    auto: bool
    needs: tuple[str, ...]
    weight: float
    rest: tuple[str, ...]  # the words after the first, lower case


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: dict[str, tuple[Trigger, ...]]  # first word (any inflection) -> triggers starting with it
    instruments: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> ((rest words), mode)
    verbs: frozenset[str]  # every form of a one-word verb trigger
    nouns: frozenset[str]  # every form of a one-word noun trigger

    def cameo_root(self, type_: str, mode: str | None) -> str | None:
        if type_ == "ASSAULT" and mode in ASSAULT_ROOT_BY_MODE:
            return ASSAULT_ROOT_BY_MODE[mode]
        return CAMEO_ROOTS.get(type_)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("wirewatch.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def parse_acled(value: str) -> tuple[str, str] | None:
    """``"Explosions/Remote violence/Air/drone strike"`` -> (type, sub-event type): the type is the known prefix."""
    for acled_type in ACLED_TYPES:
        if value.startswith(acled_type + "/"):
            return acled_type, value[len(acled_type) + 1 :]
    return None


def verb_forms(base: str, irregular: str) -> set[str]:
    """Every inflection of a verb: base, third person, past, participle, gerund."""
    forms = noun_forms(base)  # base and third person: "strike", "strikes"; "bombard", "bombards"
    if irregular and irregular != "-":
        forms.update(f.strip() for f in irregular.split(","))
    if not irregular or irregular == "-" or len(irregular.split(",")) < 3:
        if base.endswith("e"):
            forms.update({base + "d", base[:-1] + "ing"})
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            forms.update({base[:-1] + "ied", base + "ing"})
        else:
            forms.update({base + "ed", base + "ing"})
    return forms


def noun_forms(base: str) -> set[str]:
    """A word and its -s form (a noun's plural, a verb's third person)."""
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return {base, base + "es"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies"}
    return {base, base + "s"}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    triggers: dict[str, list[Trigger]] = {}
    for row in _rows("event_triggers.tsv"):
        phrase, pos, type_, mode, acled, needs, weight, forms = (c.strip() for c in row)
        words = _HYPHEN.sub(" - ", phrase).split()  # spaCy splits "sit-in" into "sit", "-", "in"
        trigger = Trigger(
            phrase=phrase,
            pos=pos,
            type=type_,
            mode=None if mode == "-" else mode,
            acled=parse_acled(acled) if acled not in ("auto", "-") else None,
            auto=acled == "auto",
            needs=tuple(n for n in needs.split(",") if n and n != "-"),
            weight=float(weight),
            rest=tuple(words[1:]),
        )
        if pos == "v":
            firsts = verb_forms(words[0], forms)
        elif pos == "n" and len(words) == 1:
            firsts = noun_forms(words[0])
        else:
            firsts = {words[0]}
        if pos == "n" and len(words) > 1:  # a multi-word noun inflects its last word: "air strikes"
            plural = (*words[1:-1], *sorted(noun_forms(words[-1]) - {words[-1]}))
            triggers.setdefault(words[0], []).append(replace(trigger, rest=plural))
        for first in firsts:
            triggers.setdefault(first, []).append(trigger)
    instruments: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for word, mode in (tuple(c.strip() for c in row) for row in _rows("event_instruments.tsv")):
        words = word.split()
        for last in noun_forms(words[-1]):
            full = (*words[:-1], last)
            instruments.setdefault(full[0], []).append((full[1:], mode))
    singles = [(first, t.pos) for first, ts in triggers.items() for t in ts if not t.rest]
    return Lexicon(
        {k: tuple(sorted(v, key=lambda t: -len(t.rest))) for k, v in triggers.items()},
        {k: tuple(sorted(v, key=lambda t: -len(t[0]))) for k, v in instruments.items()},
        frozenset(w for w, pos in singles if pos == "v"),
        frozenset(w for w, pos in singles if pos == "n"),
    )


@lru_cache(maxsize=1)
def load_words() -> dict[str, frozenset[str]]:
    """The named word lists of ``data/event_words.tsv``."""
    return {row[0].strip(): frozenset(row[1].split()) for row in _rows("event_words.tsv")}
