"""Event mentions from one parsed document: trigger lexicon + dependency rules, sentence by sentence.

For each sentence:

1. **Triggers**: words and phrases of the lexicon (``data/event_triggers.tsv``), checked against the word's tag
   (verb or noun) and the trigger's conditions (an armed actor, a kind of object). A trigger inside a name
   ("Popular Mobilization Forces") or used as a modifier ("protest movement") is not one.
2. **Clusters**: triggers of the same type joined in the parse ("US airstrikes battered ..., killing four people";
   "killed in an airstrike"; "carried out a raid") are one event; coordinated clauses ("struck X and shelled Y") and
   reported speech stay apart.
3. **Participants**: the actor is the subject (or the "by" agent of a passive, the possessor or modifier of a
   noun: "Israeli strikes", "Hamas's attack"); the recipient is the object, the passive subject, or what the attack
   was "on"/"against". Each is read from the entities the NLP stage found in that part of the parse, else from a
   country named there ("Israel struck"), else from a demonym ("Israeli strikes"), else the head noun ("people").
4. **Mode**: the trigger's own ("airstrike": aerial) or the instruments named in the event's clause
   ("warplanes struck": aerial, "fired mortar shells": heavy-weapons).
5. **Place, date, counts**: the most specific place named in the clause (else in the sentence), the date named
   there (else the article's date with week precision: reports speak of recent days), the counts of killed and
   injured that attach to the event (:mod:`wirewatch.events.counts`).
6. **Flags**: negated ("no intention of moving"), hypothetical ("if", "may", "could"), future ("will", "plans to"),
   cumulative (a campaign total), claimed (whose statement: "the Houthis said", "according to ...").
7. **Codes**: the ACLED event type and sub-event type (from the mode, the participants and the context: an attack
   on civilians is violence against civilians, one on armed men a battle), the CAMEO root; a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from wirewatch.events.lexicon import Lexicon, Trigger, load_lexicon, load_words
from wirewatch.models import DateMention, EntityMention, EventMention, Participant, PlaceMention, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

WORDS = load_words()
# dependency relations that end a clause: what hangs below them is another statement
CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "acl", "conj", "parataxis", "csubj", "xcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
WHERE_PREPS = WORDS["where_preps"]
STRIKE_PREPS = WORDS["strike_preps"]
RECIPIENT_PREPS = WORDS["recipient_preps"]
PLACE_PREPS = WORDS["place_preps"]
LIGHT_VERBS = WORDS["light_verbs"]
REPORTING_VERBS = WORDS["reporting_verbs"]
HYPOTHETICAL_WORDS = WORDS["hypothetical_words"]
FUTURE_WORDS = WORDS["future_words"]
NEGATION_WORDS = WORDS["negation_words"]
INTERVENTION_WORDS = WORDS["intervention_words"]
PURPOSE_WORDS = WORDS["purpose_words"]
VIOLENT_PROTEST_WORDS = WORDS["violent_protest_words"]
PROTEST_CONTEXT_WORDS = WORDS["protest_context_words"]
INDUSTRIAL_WORDS = WORDS["industrial_words"]
WEAPON_WORDS = WORDS["weapon_words"]
EXPLOSION_WORDS = WORDS["explosion_words"]
GRIEVANCE_WORDS = WORDS["grievance_words"]
PROTESTERS = WORDS["protest_targets"]
_WORD = re.compile(r"[a-z]+")
CIVILIAN_WORDS = WORDS["civilian_words"]
ARMED_WORDS = WORDS["armed_words"]
ARMED_LABELS = frozenset({"ARMED_GROUP", "STATE"})
ACTOR_PLACE_DEPS = frozenset({"nsubj", "nsubjpass", "compound", "poss", "nmod", "amod", "dobj", "conj", "pobj", "appos"})
CIVILIAN_IDS = WORDS["civilian_ids"]
PLACE_WORDS = WORDS["place_words"]
CASUALTY_WORDS = WORDS["casualty_triggers"]
HAZARD_WORDS = WORDS["hazard_words"]
CLASH_TRIGGERS = WORDS["clash_triggers"]
RIOT_PARTICIPANTS = WORDS["riot_participants"]
CLASH_CROWDS = WORDS["clash_crowds"]
COLLECTIVE_NOUNS = WORDS["collective_nouns"]
AGENT_WORDS = WORDS["agent_words"]
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
PROTESTING_CROWDS = WORDS["protesting_crowds"]
ARMED_GROUP_NOUNS = WORDS["armed_group_nouns"]
STATE_NOUNS = {w: "STATE" for w in WORDS["state_nouns"]} | {w: "ARMED_GROUP" for w in ARMED_GROUP_NOUNS}
FEATURE_RANK = {"city": 0, "locality": 0, "poi": 0, "admin3": 1, "admin2": 2, "water": 3, "admin1": 3, "region": 4, "country": 5}
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})  # a country they name is where, not whom
STATE_TERRITORY_WORDS = WORDS["state_territory_words"]


@dataclass(slots=True)
class _Candidate:
    trigger: Trigger
    tokens: list[Token]  # the trigger's words

    @property
    def head(self) -> Token:
        """The word of the trigger that the rest of the parse attaches to (its last noun, its first verb)."""
        return self.tokens[-1] if self.trigger.pos == "n" else self.tokens[0]


@dataclass(slots=True)
class _Event:
    candidates: list[_Candidate]
    tokens: set[int] = field(default_factory=set)  # token indices of the triggers

    @property
    def main(self) -> _Candidate:
        """The most specific trigger: the one with a mode, else one that is not a mere casualty word ("killing"),
        else the heaviest, else the first."""
        return max(
            self.candidates,
            key=lambda c: (c.trigger.mode is not None, c.head.lower_ not in CASUALTY_WORDS, c.trigger.weight, -c.head.i),
        )

    @property
    def anchor(self) -> Token:
        """The trigger highest in the parse: where negation, modality and reported speech attach."""
        return min((c.head for c in self.candidates), key=_depth)


class Extractor:
    """Event mentions from a parsed document and the NLP stage's entities, places and dates for it."""

    def __init__(self, lexicon: Lexicon | None = None, demonym: Any = None, counts: Any = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.demonym = demonym or (lambda word: None)  # word -> ISO country or None
        if counts is None:
            from wirewatch.events.counts import counts as counts_function

            counts = counts_function
        self.counts = counts

    def extract(
        self,
        doc: Doc,
        entities: Sequence[EntityMention],
        places: Sequence[PlaceMention],
        dates: Sequence[DateMention],
        anchor: str | None = None,
    ) -> list[EventMention]:
        """Every event the sentences of ``doc`` state, in text order; offsets into ``doc.text``."""
        text = doc.text
        found: list[EventMention] = []
        context = _Context(doc, text, list(entities), list(places), list(dates))
        for sent in doc.sents:
            candidates = self._candidates(sent, context)
            if not candidates:
                continue
            events = _cluster(candidates)
            counts = self.counts(sent)
            assigned = _assign_counts(counts, events, doc)
            mentions = [(e, self._mention(e, sent, context, assigned.get(id(e), []), anchor)) for e in events]
            _background_grievances(mentions)
            found += [m for e, m in mentions if m is not None and not _natural_toll(e, m, text)]
        return _inherit(_fold_casualty_reports(_protest_arrests(found, text)))

    # --- triggers -------------------------------------------------------------------------------------------

    def _candidates(self, sent: Span, context: _Context) -> list[_Candidate]:
        doc = sent.doc
        out: list[_Candidate] = []
        taken: set[int] = set()
        for token in sent:
            if token.i in taken:
                continue
            options = self.lexicon.triggers.get(token.lower_)
            if not options:
                continue
            for trigger in options:
                end = token.i + 1 + len(trigger.rest)
                if end > sent.end or any(doc[token.i + 1 + k].lower_ != w for k, w in enumerate(trigger.rest)):
                    continue
                tokens = [doc[i] for i in range(token.i, end)]
                if not _tag_fits(trigger, tokens, self.lexicon) or not self._needs_met(trigger, tokens, context):
                    continue
                if _inside_name(tokens, context) or _is_modifier(trigger, tokens, self.lexicon):
                    continue
                out.append(_Candidate(trigger, tokens))
                taken.update(t.i for t in tokens)
                break
        return out

    def _needs_met(self, trigger: Trigger, tokens: list[Token], context: _Context) -> bool:
        head = tokens[0] if trigger.pos != "n" else tokens[-1]
        for need in trigger.needs:
            if need in ("armed", "unarmed"):  # "troops blocked the road" / "villagers blocked the road"
                actor = _subject(head)
                armed = actor is not None and any(_is_armed(p) for p in context.participants(actor, self.demonym))
                if armed != (need == "armed"):
                    return False
            elif need == "people":
                objects = [c for c in head.children if c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS]
                if objects and not any(_is_people(o, context) for o in objects):
                    return False
            elif need.startswith("obj="):
                allowed = set(need[4:].split("|"))
                objects = [c for c in head.children if c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS]
                objects += [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
                if not any(o.lower_ in allowed for o in objects):
                    return False
            elif need in ("transitive", "intransitive"):  # "warplanes struck a house" / "workers struck"
                objects = [c for c in head.children if c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS]
                objects += [c for c in head.children if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS | PLACE_PREPS]
                if bool(objects) != (need == "transitive"):
                    return False
            elif need.startswith("gov="):  # the word the noun depends on: "agreed a ceasefire", "signed a truce"
                allowed = set(need[4:].split("|"))
                # through a preposition of the strike itself ("went on strike", "called for a strike"), not one that
                # only places it ("declares an emergency following the strikes")
                through = head.head.dep_ == "prep" and head.head.lower_ in STRIKE_PREPS
                governors = [head.head, head.head.head] if through else [head.head]
                if not any(g.lower_ in allowed for g in governors):
                    return False
            elif need == "purpose":  # "gathered to demand", "converged on the assembly demanding", "gathered against"
                said = [c for c in head.children if c.dep_ in ("xcomp", "advcl") and c.lower_ in PURPOSE_WORDS]
                said += [c for c in head.children if c.dep_ == "prep" and c.lower_ == "against"]
                if not said:
                    return False
            elif need == "on_fire":  # "set a machine and two buses on fire" (the parse hangs "on fire" on an object)
                if not any(_on_fire_of(t, head) for t in head.subtree):
                    return False
            elif need.startswith("notobj="):  # "strike a balance", "strike a deal": not an attack
                refused = set(need[7:].split("|"))
                if any(c.dep_ in OBJECT_DEPS and c.lower_ in refused for c in head.children):
                    return False
            elif need == "notperson":  # "the board fired Sam Altman": a person fired is dismissed, not shot at
                if any(c.dep_ in OBJECT_DEPS and _is_person(c, context) for c in head.children):
                    return False
            elif need == "civilians":  # "the doctors' strike", "a transporters' strike": whose it is are civilians
                owners = [c for c in head.children if c.dep_ in ("poss", "compound") and c.i < head.i]
                if any(c.tag_ == "PRP$" for c in owners):  # "teachers continued their strike": the pronoun's subject
                    owners += [s for s in [_subject(head.head)] if s is not None]
                if not any(_is_civilian_word(c, context) for c in owners):
                    return False
            elif need.startswith("mod="):  # "a 48-hour strike", "an indefinite strike": a word before the noun
                allowed = set(need[4:].split("|"))
                if not any(t.lower_ in allowed for t in head.subtree if t.i < head.i):
                    return False
            elif need == "crowd":  # "protesters gathered": the subject is a crowd that protests (not "students")
                subject = _subject(head)
                if subject is None or subject.lower_ not in PROTESTING_CROWDS:
                    return False
            elif need.startswith("prep="):
                allowed = set(need[5:].split("|"))
                if not any(c.dep_ == "prep" and c.lower_ in allowed for c in head.children):
                    return False
        return True

    # --- one event ------------------------------------------------------------------------------------------

    def _mention(
        self, event: _Event, sent: Span, context: _Context, counts: list[Any], anchor: str | None
    ) -> EventMention | None:
        main = event.main
        trigger = main.trigger
        type_ = trigger.type
        actors, recipients, actor_tokens, recipient_tokens = self._participants(event, context)
        mode = trigger.mode
        for c in event.candidates:  # a more specific mode from a clustered trigger ("killed in an airstrike")
            mode = mode or c.trigger.mode
        if type_ == "ASSAULT" and mode != "suicide-attack" and not _is_clash(trigger):
            # the weapon named beats the verb: "tanks opened fire" is shelling, "a helicopter fired at" an air strike,
            # "warplanes fired phosphorus bombs" an air strike; not a weapon that was the target ("an IED against a tank")
            named = _instrument_mode(event, sent, self.lexicon, recipient_tokens)
            if named and (mode in (None, "firearms") or named in ("aerial", "drone")):
                mode = named
        fatalities, injured, cumulative = _quantities(counts)
        if type_ == "ASSAULT" and trigger.phrase in ("wound", "injure") and fatalities is None and injured is None:
            return None  # "wounded" alone, with no count: an injury report, not an event we can place
        stated = _place(event, sent, context, actor_tokens)
        place = stated or _paragraph_place(sent, context)  # a place of its paragraph adds no confidence
        date, precision = _date(event, sent, context, anchor)
        flags = _flags(event, sent)
        if cumulative:
            flags.append("cumulative")
        claimed_by = _claimed_by(event, sent, context, self.demonym)
        if claimed_by is not None:
            flags.append("claimed")
        acled = trigger.acled
        grenade = mode == "grenade"
        if grenade:
            mode = "explosives"
        if trigger.auto or acled is None:
            acled = acled or _acled(type_, mode, trigger, actors, recipients, sent, grenade)
        if type_ == "ASSAULT" and acled and acled[0] == "Battles" and mode == "seize":
            acled = _territory(actors, event)
        if acled == ("Strategic developments", "Looting/property destruction") and (
            any(_is_mob(p) for p in actors)
            or (not any(_visibly_armed(p) for p in actors) and _paragraph_words(sent, context.text) & PROTEST_CONTEXT_WORDS)
        ):
            # "hartal supporters torched a bus"; "(Day 9 of hartal) assailants set fire to a microbus": destruction
            # by a crowd, or by no armed side where the paragraph is about a protest, is a riot
            acled = ("Riots", "Violent demonstration")
        confidence = _confidence(trigger.weight, actors, recipients, stated, flags)
        trigger_tokens = main.tokens
        return EventMention(
            type=type_,
            mode=mode,
            acled_event_type=acled[0] if acled else None,
            acled_sub_event_type=acled[1] if acled else None,
            cameo_root=self.lexicon.cameo_root(type_, mode),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            trigger_start=trigger_tokens[0].idx,
            trigger_end=trigger_tokens[-1].idx + len(trigger_tokens[-1].text),
            trigger=context.text[trigger_tokens[0].idx : trigger_tokens[-1].idx + len(trigger_tokens[-1].text)],
            actors=actors,
            recipients=recipients,
            place=place,
            date=date,
            date_precision=precision,
            fatalities=fatalities,
            injured=injured,
            flags=flags,
            claimed_by=claimed_by,
            confidence=confidence,
        )

    def _participants(self, event: _Event, context: _Context) -> tuple[list[Participant], list[Participant], set[int], set[int]]:
        actor_heads: list[Token] = []
        recipient_heads: list[Token] = []
        direct: list[Participant] = []  # actors whose name holds the trigger
        for cand in event.candidates:
            head = cand.head
            # the trigger inside an actor's name: "US airstrikes", "Israeli warplanes"
            inside = context.entity_at(head)
            if inside is not None and inside.label in ARMED_LABELS and inside.start < head.idx:
                direct.append(_participant(inside))  # not a bare trigger word the dictionary also knows
            if cand.trigger.pos == "n" or head.tag_.startswith("NN"):
                for child in head.children:
                    if child.dep_ in ("compound", "amod", "poss", "nmod", "nsubj") and child.i not in event.tokens:
                        if not (child.dep_ == "compound" and child.lower_ in self.lexicon.instruments):
                            actor_heads.append(child)  # not the weapon of "a gun battle", "a rocket attack"
                    elif child.dep_ in OBJECT_DEPS and child.i not in event.tokens:  # a noun parsed as a verb
                        recipient_heads.append(child)
                    elif child.dep_ == "prep" and child.lower_ in ("by", "from", "under"):
                        actor_heads += [g for g in child.children if g.dep_ == "pobj"]
                    elif child.dep_ == "prep" and child.lower_ == "between":
                        _between_sides(child, actor_heads, recipient_heads)
                    elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
                        recipient_heads += [g for g in child.children if g.dep_ == "pobj"]
                governor = head.head
                symmetric = cand.trigger.type in ("CONSULT", "AGREE", "COOPERATE")
                withs = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "with"]
                if head.dep_ in OBJECT_DEPS and governor.lower_ in LIGHT_VERBS:
                    subject = _subject(governor)
                    if subject is not None:
                        actor_heads.append(subject)
                    withs += [c for c in governor.children if c.dep_ == "prep" and c.lower_ == "with"]
                elif head.dep_ in SUBJECT_DEPS and governor.i not in event.tokens:
                    recipient_heads += [c for c in governor.children if c.dep_ in OBJECT_DEPS and not _took_place(governor, c)]
                    # "fighting erupted between the army and the KIA", "a battle took place between ..."
                    for between in _betweens(governor):
                        _between_sides(between, actor_heads, recipient_heads)
                partners = [g for w in withs for g in w.children if g.dep_ == "pobj"]
                (actor_heads if symmetric else recipient_heads).extend(partners)
            else:
                subject = _subject(head)
                if subject is not None and subject.i not in event.tokens:
                    # "two others injured", "a man killed": the subject of a casualty participle is who suffered
                    victim = head.tag_ == "VBN" and (_passive(head) or head.lower_ in CASUALTY_WORDS)
                    (recipient_heads if victim else actor_heads).append(subject)
                for child in head.children:
                    if child.dep_ in PASSIVE_SUBJECT_DEPS or (child.dep_ in OBJECT_DEPS and child.i not in event.tokens):
                        recipient_heads.append(child)
                    elif child.dep_ == "agent":
                        actor_heads += [g for g in child.children if g.dep_ == "pobj"]
                    elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS | {"with"}:
                        objects = [g for g in child.children if g.dep_ == "pobj"]
                        if child.lower_ == "with" and cand.trigger.type in ("CONSULT", "AGREE", "COOPERATE"):
                            actor_heads += objects
                        elif (
                            child.lower_ == "with" and cand.trigger.acled and cand.trigger.acled[0] == "Battles"
                        ) or child.lower_ != "with":
                            recipient_heads += objects
                # a passive participle used as a modifier: "a man killed by gunmen" — the man is the recipient
                if head.dep_ == "acl" and head.tag_ == "VBN":
                    recipient_heads.append(head.head)
        actors, actor_tokens = self._read(actor_heads, event, context)
        # what was fired or dropped is the weapon, not its target: "fired mortars at troops"; a place is where force
        # was used, but a country a statement or a relation is about is a party ("accused Somalia", "recalled ... Iran")
        party = event.main.trigger.type not in FORCE_TYPES
        recipient_heads = [
            h
            for h in recipient_heads
            if (not context.is_place_or_date(h) or (party and context.is_country(h)))
            and h.lower_ not in self.lexicon.instruments
            and not (h.lower_ == "fire" and h.head.lower_ == "on")  # "set houses on fire": what burnt is the target
        ]
        actors = direct + [p for p in actors if (p.start, p.end) not in {(d.start, d.end) for d in direct}]
        recipients, recipient_tokens = self._read(recipient_heads, event, context)
        actor_ids = {(p.entity_id, p.name) for p in actors}
        recipients = [p for p in recipients if (p.entity_id, p.name) not in actor_ids]
        return actors, recipients, actor_tokens, recipient_tokens

    def _read(self, heads: Iterable[Token], event: _Event, context: _Context) -> tuple[list[Participant], set[int]]:
        out: list[Participant] = []
        tokens: set[int] = set()
        seen: set[tuple[str | None, str]] = set()
        for head in heads:
            region = _region(head, event.tokens)
            tokens |= region
            for p in context.participants_in(region, head, self.demonym):
                key = (p.entity_id, p.name.lower())
                if key not in seen:
                    seen.add(key)
                    out.append(p)
        return out, tokens


# --- the document's annotations, looked up by token ----------------------------------------------------------


class _Context:
    def __init__(
        self, doc: Doc, text: str, entities: list[EntityMention], places: list[PlaceMention], dates: list[DateMention]
    ) -> None:
        self.doc, self.text = doc, text
        self.entities = [e for e in entities if e.label != "MEDIA"]
        self.places = places
        self.dates = dates
        self._entity_by_token: dict[int, EntityMention] = {}
        self._place_by_token: dict[int, PlaceMention] = {}
        for e in self.entities:
            for t in _tokens_of(doc, e.start, e.end):
                self._entity_by_token.setdefault(t, e)
        place_tokens = [(p, _tokens_of(doc, p.start, p.end)) for p in places]
        for p, tokens in place_tokens:
            for t in tokens:
                self._place_by_token.setdefault(t, p)
        named = [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in ("GPE", "LOC")]
        self._in_names = {
            p.start
            for p in places
            if any(s <= p.start and p.end <= e and (s, e) != (p.start, p.end) for s, e in named) or _hyphen_joined(text, p)
        }
        self._holders = {p.start for p, tokens in place_tokens if _possesses_place(doc, tokens, self._place_by_token)}

    def in_name(self, place: PlaceMention) -> bool:
        """The place is a word of an organisation's or a building's name ("the Odisha University of Agriculture",
        "the National Highways Authority of India") or of a route ("the Dhaka-Bogra highway"): a clue to where,
        never the event's place before one named as such."""
        return place.start in self._in_names

    def holds_a_place(self, place: PlaceMention) -> bool:
        """The place is the possessor of another place, which lies in it: "Jamalpur's Sarishabari municipality",
        "Shan State's Kutkai Township" — the place it holds is the more precise."""
        return place.start in self._holders

    def is_place_or_date(self, token: Token) -> bool:
        """A place ("the southern city of Tyre") or a date named where a participant would be."""
        if token.i in self._place_by_token or token.lower_ in PLACE_WORDS:
            return token.i not in self._entity_by_token
        return any(d.start <= token.idx < d.end for d in self.dates)

    def is_country(self, token: Token) -> bool:
        place = self._place_by_token.get(token.i)
        return place is not None and place.feature == "country"

    def entity_at(self, token: Token) -> EntityMention | None:
        return self._entity_by_token.get(token.i)

    def place_at(self, token: Token) -> PlaceMention | None:
        return self._place_by_token.get(token.i)

    def participants(self, head: Token, demonym: Any) -> list[Participant]:
        return self.participants_in(_region(head, set()), head, demonym)

    def participants_in(self, region: set[int], head: Token, demonym: Any) -> list[Participant]:
        """The actors named in ``region`` (token indices), nearest ``head`` first: entities; else the nearest
        country named as an actor ("Israel struck", "US strikes") or demonym ("Iraqi factions"); else the head
        noun itself ("people", "a man")."""
        order = _bfs(head, region)
        out: list[Participant] = []
        seen: set[int] = set()
        for token in order:
            entity = self._entity_by_token.get(token.i)
            if entity is not None and id(entity) not in seen and not self._qualifies_place(token):
                seen.add(id(entity))
                out.append(self._with_country(_participant(entity), demonym))
        if out:
            return self._crowd_of(out, head)
        for token in order:
            place = self._place_by_token.get(token.i)
            if (
                place is not None
                and place.feature == "country"
                and token.dep_ in ACTOR_PLACE_DEPS
                and not self._qualifies_place(token)
            ):
                name = place.name
                return [Participant(place.start, place.end, place.text, name, f"state:{place.country}", "STATE", place.country)]
            if token.tag_ in ("JJ", "NNP", "NNPS") and token.text[:1].isupper() and (country := demonym(token.text)):
                return [self._demonym_participant(token, country)]
        if head.lower_ in COLLECTIVE_NOUNS:  # "a group of youths": the youths
            head = next((g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), head)
        if head.dep_ in MODIFIER_DEPS and not _agent_word(head):
            return []  # "early morning attacks", "peace talks", "a suicide car bomb": the modifier is no one
        if head.tag_.startswith("NN") and not self._place_by_token.get(head.i) and head.lower_ not in ("one", "some"):
            start = min([head.idx] + [c.idx for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i])
            end = head.idx + len(head.text)
            return [Participant(start, end, self.text[start:end], self.text[start:end])]
        return []

    def _qualifies_place(self, token: Token) -> bool:
        """A country that says where the place before it is ("Mukalla, Yemen"; "near Fujairah, United Arab
        Emirates"): part of an address, not a party."""
        place = self._place_by_token.get(token.i)
        if place is None or place.feature not in ("country", "admin1"):
            return False
        tokens = _tokens_of(self.doc, place.start, place.end)
        first = min(tokens, default=0)
        return first >= 2 and self.doc[first - 1].text == "," and (first - 2) in self._place_by_token

    def _crowd_of(self, found: list[Participant], head: Token) -> list[Participant]:
        """ "BNP supporters", "Hartal supporters": a crowd noun whose modifier names an organisation is the crowd,
        with the organisation (a dictionary actor) as whose it is; a name the NER guessed ("Hartal" as a person) is
        dropped for the crowd itself."""
        first = found[0]
        if head.lower_ not in RIOT_PARTICIPANTS or head.i in self._entity_by_token:
            return found
        if not (head.left_edge.idx <= first.start and first.end <= head.idx):
            return found
        end = head.idx + len(head.text)
        text = self.text[first.start : end]
        if first.entity_id and not first.entity_id.startswith(("person:", "org:")):
            return [replace(first, end=end, text=text), *found[1:]]
        return [Participant(first.start, end, text, text), *found[1:]]

    def _demonym_participant(self, token: Token, country: str) -> Participant:
        """ "Israeli forces" (state forces of IL), "Iraqi factions" (an armed group of IQ), "Palestinians" (people
        of PS, not their state): the demonym with the noun it qualifies, labelled by that noun."""
        noun = token.head if token.dep_ in ("amod", "compound") and token.head.i > token.i else token
        start, end = token.idx, noun.idx + len(noun.text)
        label = STATE_NOUNS.get(noun.lower_) if noun.i != token.i else None
        entity_id = f"state:{country}" if label == "STATE" else None
        return Participant(start, end, self.text[start:end], self.text[start:end], entity_id, label, country)

    def _with_country(self, p: Participant, demonym: Any) -> Participant:
        """A person without a country takes the one their title names: "US President Donald Trump", "Iranian
        Ambassador to Baghdad Mohammad Kazem Al Sadeq" (the modifiers of the name, two levels down)."""
        if p.country or p.label != "PERSON":
            return p
        span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return p
        level = [c for c in span.root.children if c.dep_ in ("compound", "amod") and c.i < span.root.i]
        for _ in range(2):
            for token in level:
                place = self._place_by_token.get(token.i)
                country = place.country if place is not None and place.feature == "country" else None
                country = country or (demonym(token.text) if token.text[:1].isupper() else None)
                if country:
                    return replace(p, country=country)
            level = [c for t in level for c in t.children if c.dep_ in ("compound", "amod")]
        return p


def _participant(entity: EntityMention) -> Participant:
    name = entity.name or entity.text
    return Participant(entity.start, entity.end, entity.text, name, entity.entity_id, entity.label, entity.country)


def _bfs(head: Token, region: set[int]) -> list[Token]:
    """The tokens of ``region`` in breadth-first order from ``head``: the nearest in the parse first."""
    order, queue, seen = [], [head], {head.i}
    while queue:
        token = queue.pop(0)
        order.append(token)
        for child in token.children:
            if child.i in region and child.i not in seen:
                seen.add(child.i)
                queue.append(child)
    return order


def _tokens_of(doc: Doc, start: int, end: int) -> list[int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t.i for t in span] if span is not None else []


# --- parse helpers ---------------------------------------------------------------------------------------------


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or, for a verb without one (a participle, an infinitive, a coordinated verb), the
    subject of the verb it hangs from."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        # "Arnor is about to restore ties": the infinitive's subject is that of the copula its adjective completes
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp") and verb.head.i != verb.i:
            verb = verb.head
        elif verb.dep_ == "acl" and verb.head.i != verb.i:
            return verb.head if verb.tag_ != "VBN" else None
        else:
            return None
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.dep_ == "acl"


def _region(head: Token, exclude: set[int], where: bool = False) -> set[int]:
    """The tokens of ``head``'s phrase: its subtree, without clauses hanging below it, without an adjective's
    complement ("factions loyal to Iran"), without where it is ("a building in Dnipro, Ukraine": Ukraine is no
    recipient; kept when ``where``) and without other triggers."""
    out: set[int] = set()
    stack = [head]
    while stack:
        token = stack.pop()
        if token.i in exclude and token.i != head.i:
            continue
        out.add(token.i)
        adjective = token.tag_ == "JJ" and token.i != head.i
        stack += [
            c
            for c in token.children
            if (c.dep_ not in CLAUSE_DEPS or c.dep_ == "conj")
            and not (c.dep_ == "prep" and (adjective or (not where and c.lower_ in WHERE_PREPS)))
        ]
    return out


def _between_sides(between: Token, actors: list[Token], recipients: list[Token]) -> None:
    """ "between A and B": A, the first object, is an actor, what is coordinated with it a recipient."""
    first = next((g for g in between.children if g.dep_ == "pobj"), None)
    if first is not None:
        actors.append(first)
        recipients += first.conjuncts


def _betweens(verb: Token) -> Iterator[Token]:
    """The "between" phrases of ``verb``: its own, and those of its prepositions' objects ("continued for a third
    day between the KIA and government troops")."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            yield c
        elif c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    yield from (b for b in g.children if b.dep_ == "prep" and b.lower_ == "between")


def _tag_fits(trigger: Trigger, tokens: list[Token], lexicon: Lexicon) -> bool:
    """A verb trigger must be tagged a verb, a noun trigger a noun — unless the word has no other reading
    ("airstrikes" tagged VBZ in a headline-like sentence is still the noun), or is a gerund used as a noun, the
    subject of its clause ("Fighting between the army and the rebels intensified")."""
    first, last = tokens[0], tokens[-1]
    gerund = last.tag_ == "VBG" and last.dep_ in ("nsubj", "nsubjpass") and len(tokens) == 1
    if trigger.pos == "v":
        return first.tag_.startswith("VB") and not gerund
    if trigger.pos == "n":
        return last.tag_.startswith("NN") or gerund or (last.tag_.startswith("VB") and last.lower_ not in lexicon.verbs)
    return True


def _inside_name(tokens: list[Token], context: _Context) -> bool:
    """A trigger word inside an entity's name is no trigger ("Popular Mobilization Forces", "Strike Force"), except
    as the last word of an armed actor's pattern ("US airstrikes")."""
    entity = context.entity_at(tokens[-1])
    if entity is None:
        return bool(tokens[0].ent_type_ in ("ORG", "WORK_OF_ART", "LAW", "EVENT", "FAC", "PRODUCT") and tokens[0].ent_iob_ != "O")
    return not (entity.label in ARMED_LABELS and tokens[-1].idx + len(tokens[-1].text) >= entity.end)


def _is_modifier(trigger: Trigger, tokens: list[Token], lexicon: Lexicon) -> bool:
    """A noun trigger modifying a noun that is not itself a trigger: "protest movement", "attack helicopter" — unless
    that noun is what a light verb did ("staged a protest programme"; "conducted protests nation wide", "staged a
    protest infront of", where a misspelling makes the parse read the trigger as a modifier)."""
    last = tokens[-1]
    if last.dep_ != "compound":
        return False
    held = last.head.dep_ in ("dobj", "advmod", "npadvmod") and last.head.head.lower_ in LIGHT_VERBS
    return last.head.lower_ not in lexicon.triggers and not held


def _cluster(candidates: list[_Candidate]) -> list[_Event]:
    """Triggers of one type joined in the parse within a clause become one event."""
    index = {t.i: n for n, c in enumerate(candidates) for t in c.tokens}
    for n, cand in enumerate(candidates):  # "launched an airstrike ..., killing 3": the light verb stands for the noun
        head = cand.head
        if cand.trigger.pos == "n" and head.dep_ in OBJECT_DEPS and head.head.lower_ in LIGHT_VERBS:
            index.setdefault(head.head.i, n)
    parent = list(range(len(candidates)))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for n, cand in enumerate(candidates):
        token = cand.head
        for _ in range(4):
            shared = token.dep_ == "conj" and token.tag_.startswith("VB") and not _own_subject(token)
            # "three are killed and ten are injured in a strike": one toll of one event; without the second "are" the
            # parse makes "ten" a conjunct of "killed" and "injured" its modifier
            shared = shared or (
                token.dep_ == "conj"
                and token.head.lower_ in CASUALTY_WORDS
                and (
                    token.lower_ in CASUALTY_WORDS or any(c.dep_ == "acl" and c.lower_ in CASUALTY_WORDS for c in token.children)
                )
            )
            if token.dep_ in ("ccomp", "relcl", "parataxis", "ROOT") or token.head.i == token.i:
                break
            if token.dep_ == "conj" and not shared:  # "shot and killed a man" is one event; "struck X and Y shelled Z" two
                break
            dep = token.dep_
            token = token.head
            m = index.get(token.i)
            if m is not None and m != n:
                if _compatible(candidates[m].trigger, cand.trigger):
                    parent[find(n)] = find(m)
                break
            if token.tag_.startswith("VB") and dep not in ("dobj", "pobj", "nsubj", "nsubjpass", "advcl", "xcomp"):
                break
    groups: dict[int, _Event] = {}
    for n, cand in enumerate(candidates):
        event = groups.setdefault(find(n), _Event([]))
        event.candidates.append(cand)
        event.tokens.update(t.i for t in cand.tokens)
    return list(groups.values())


def _is_clash(trigger: Trigger) -> bool:
    return any(w in CLASH_TRIGGERS for w in trigger.phrase.split())


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children)


def _compatible(a: Trigger, b: Trigger) -> bool:
    return a.type == b.type or ({a.type, b.type} == {"ASSAULT", "COERCE"} and "seize" not in (a.mode, b.mode))


def _assign_counts(counts: list[Any], events: list[_Event], doc: Doc) -> dict[int, list[Any]]:
    """Each count of killed or injured to the event it belongs to: the first event trigger among the ancestors
    of the count's word; else the nearest assault in the sentence."""
    out: dict[int, list[Any]] = {}
    by_token = {i: e for e in events for i in e.tokens}
    assaults = [e for e in events if e.main.trigger.type == "ASSAULT"]
    for count in counts:
        if count.kind not in ("killed", "injured"):
            continue
        token = doc[count.head]
        target = None
        for _ in range(8):
            if token.i in by_token:
                target = by_token[token.i]
                break
            if token.head.i == token.i:
                break
            token = token.head
        if target is None and assaults:
            target = min(assaults, key=lambda e: min(abs(i - count.head) for i in e.tokens))
        if target is not None:
            out.setdefault(id(target), []).append(count)
    return out


def _quantities(counts: list[Any]) -> tuple[Quantity | None, Quantity | None, bool]:
    killed = [c for c in counts if c.kind == "killed"]
    hurt = [c for c in counts if c.kind == "injured"]
    cumulative = any(c.cumulative for c in killed + hurt) and not any(not c.cumulative for c in killed)
    return _sum(killed), _sum(hurt), cumulative


def _sum(counts: list[Any]) -> Quantity | None:
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0].quantity
    qs = [c.quantity for c in counts]
    qualifier = "exact" if all(q.qualifier == "exact" for q in qs) else "at least"
    start, end = min(q.start for q in qs), max(q.end for q in qs)
    return Quantity(start, end, ", ".join(q.text for q in qs), sum(q.value for q in qs), qualifier)


def _instrument_mode(event: _Event, sent: Span, lexicon: Lexicon, targets: set[int]) -> str | None:
    """The mode the instruments named in the event's clause give ("warplanes", "mortar shells")."""
    scope: set[int] = set()
    for cand in event.candidates:
        scope |= _region(_clause_head(cand.head), set(), where=True)
    doc = sent.doc
    for i in sorted(scope - targets):
        options = lexicon.instruments.get(doc[i].lower_)
        for rest, mode in options or ():
            if all(i + 1 + k < len(doc) and doc[i + 1 + k].lower_ == w for k, w in enumerate(rest)):
                return mode
    return None


def _clause_head(token: Token) -> Token:
    """The verb of the clause ``token`` is in (itself if it is a verb)."""
    for _ in range(6):
        if token.tag_.startswith("VB") or token.head.i == token.i:
            return token
        token = token.head
    return token


def _place(event: _Event, sent: Span, context: _Context, actor_tokens: set[int]) -> PlaceMention | None:
    """The place of the event: among the places named in its clause (not as its actor), those reached through
    the fewest prepositions ("headed to Syria" before "in wake of the war on Gaza"; "of" does not count: "the
    port city of Hodeidah"), the most specific; else the most specific place in the sentence."""
    best: tuple[bool, int, int, bool, int] | None = None
    chosen: PlaceMention | None = None
    for cand in event.candidates:
        root = _clause_head(cand.head)
        for token, preps in _prep_paths(root, event.tokens):
            place = context.place_at(token)
            if place is None or (place.feature == "country" and _place_is_actor(place, context, actor_tokens)):
                continue
            if place.feature == "country" and cand.trigger.type == "PROTEST" and _through_against(token, root):
                continue  # "protests in Inglewood against the Iran regime": what is protested is not where
            key = (context.in_name(place), preps, FEATURE_RANK.get(place.feature, 2), context.holds_a_place(place), place.start)
            if best is None or key < best:
                best, chosen = key, place
    if chosen is not None:
        return chosen
    places = [p for p in context.places if sent.start_char <= p.start < sent.end_char]
    places = [p for p in places if not (p.feature == "country" and _place_is_actor(p, context, actor_tokens))]
    return min(places, key=lambda p: (context.in_name(p), FEATURE_RANK.get(p.feature, 2), p.start)) if places else None


def _hyphen_joined(text: str, place: PlaceMention) -> bool:
    """A place joined by a hyphen to another name: the ends of a road or a route ("the Dhaka-Bogra highway",
    "Imphal-Moreh Road"), not where something happened."""
    return text[place.end : place.end + 1] in ("-", "–") or text[place.start - 1 : place.start] in ("-", "–")


def _possesses_place(doc: Doc, tokens: list[int], place_by_token: dict[int, PlaceMention]) -> bool:
    """The place of ``tokens`` is the possessor of another place: "Jamalpur's" of "Jamalpur's Sarishabari"."""
    return any(doc[i].dep_ == "poss" and doc[i].head.i not in tokens and doc[i].head.i in place_by_token for i in tokens)


def _paragraph_place(sent: Span, context: _Context) -> PlaceMention | None:
    """A sentence that names no place happened where its paragraph last named one below country level ("Israeli
    warplanes struck a house in Rafah. Another strike hit a car, killing two."; a dateline: "Sunamganj, Jan 2 (UNB)
    Over 50 people were injured in a clash ..."); failing that, where the paragraph's next sentence names one. A
    country alone is not taken: it is as often an actor."""
    paragraph, end = _paragraph(context.text, sent.start_char)
    before = [p for p in context.places if paragraph <= p.start < sent.start_char and p.feature != "country"]
    if before:
        return max(before, key=lambda p: p.start)
    # else the next sentence of the paragraph, if it names one: "... blasted two cocktails at the New Market in
    # the city. Local people took them to the Dhaka Medical College."
    following = sent.doc[sent.end].sent if sent.end < len(sent.doc) else None
    if following is None or following.start_char >= end:
        return None
    after = [p for p in context.places if following.start_char <= p.start < following.end_char and p.feature != "country"]
    return min(after, key=lambda p: p.start) if after else None


def _through_against(token: Token, root: Token) -> bool:
    """``token`` hangs from ``root`` through "against" or "over" (what a protest is about)."""
    while token.i != root.i and token.head.i != token.i:
        if token.dep_ == "prep" and token.lower_ in ("against", "over"):
            return True
        token = token.head
    return False


def _prep_paths(root: Token, event_tokens: set[int]) -> list[tuple[Token, int]]:
    """The tokens of ``root``'s clause with the number of prepositions (other than "of") on the way to each; the
    clause stops at other verbs ("to request that the media intensify its campaign against Israel")."""
    out = []
    stack = [(root, 0)]
    while stack:
        token, preps = stack.pop()
        out.append((token, preps))
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS and child.dep_ != "conj":
                continue
            if child.tag_.startswith("VB") and child.i not in event_tokens:
                continue
            if token.tag_ == "JJ" and child.dep_ == "prep":  # "factions loyal to Iran"
                continue
            stack.append((child, preps + (child.dep_ == "prep" and child.lower_ != "of")))
    return out


def _place_is_actor(place: PlaceMention, context: _Context, actor_tokens: set[int]) -> bool:
    return any(t in actor_tokens for t in _tokens_of(context.doc, place.start, place.end))


def _date(event: _Event, sent: Span, context: _Context, anchor: str | None) -> tuple[str | None, str]:
    in_sentence = [d for d in context.dates if sent.start_char <= d.start < sent.end_char and d.value]
    if in_sentence:
        trigger = event.main.head.idx
        # a date written out ("March 28, 2025") before one resolved from words ("last Friday"), then the nearest
        best = min(in_sentence, key=lambda d: (not any(ch.isdigit() for ch in d.text), abs(d.start - trigger)))
        return best.value, best.precision
    if anchor:
        return anchor, "week"
    return None, "unknown"


def _flags(event: _Event, sent: Span) -> list[str]:
    flags: list[str] = []
    anchor = event.anchor
    chain = [anchor]
    token = anchor
    for _ in range(4):  # up to the clause's verb and the verbs it depends on ("have no intention of moving")
        if token.head.i == token.i or token.dep_ in ("ccomp", "parataxis", "conj", "relcl"):
            break
        token = token.head
        chain.append(token)
    words: set[str] = set()
    own = {t.i for t in event.main.tokens}  # the trigger's own words: "set" of "were set on fire" is no "set to"
    for t in chain:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "without" and c.i not in event.tokens:
                continue  # "a march without delay", "struck without warning": how, not whether
            if (c.dep_ in ("neg", "det", "aux", "mark", "advmod", "auxpass", "prep") or c.i in event.tokens) and c.i not in own:
                words.add(c.lower_)
        if t.i not in own:
            words.add(t.lower_)
    if words & NEGATION_WORDS - {anchor.lower_}:
        flags.append("negated")
    if words & HYPOTHETICAL_WORDS:
        flags.append("hypothetical")
    if words & FUTURE_WORDS:
        flags.append("future")
    return flags


def _claimed_by(event: _Event, sent: Span, context: _Context, demonym: Any) -> Participant | None:
    """Whose statement the event is: the subject of a reporting verb the event hangs from ("the militias said"),
    or the agent of "according to X"."""
    token = event.anchor
    for _ in range(6):
        if token.head.i == token.i:
            break
        token = token.head
        if token.lower_ in REPORTING_VERBS:
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                found = context.participants_in(_region(subject, set()), subject, demonym)
                if found and found[0].text.lower() not in ("he", "she", "they", "it", "we", "i"):
                    return found[0]
            break
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and sent.doc[t.i + 1].lower_ == "to":
            objects = [g for g in sent.doc[t.i + 1].children if g.dep_ == "pobj"]
            for obj in objects:
                found = context.participants_in(_region(obj, set()), obj, demonym)
                named = [p for p in found if p.entity_id]
                if named:
                    return named[0]
    return None


def _natural_toll(event: _Event, mention: EventMention, context_text: str) -> bool:
    """Deaths or injuries a natural hazard, a disease or an accident caused: "a flood killed 20 people", "were
    killed in a landslide", "the toll of the earthquakes rises to 1,400 killed", "a landslide strikes two boats".
    Not a conflict event: when no armed actor is named and a hazard is the subject of the trigger; or when the
    sentence says no more than killed/wounded (no attack word) and a hazard word
    (``hazard_words``) is the subject, the agent or a prepositional object of the trigger or of a verb above it (or
    of a verb coordinated with one), or the verb of a clause that says when ("when their helicopter crashed")."""
    if mention.type != "ASSAULT" or any(_is_armed(p) for p in mention.actors):
        return False
    casualties = mention.fatalities is not None or mention.injured is not None
    if casualties and not mention.actors and _industrial(event.anchor.sent, context_text):
        return True  # "nine killed in an explosion at a factory", "an explosion at an oil depot"
    subjects = [c for t in {event.anchor, *(c.head for c in event.candidates)} for c in t.children if c.dep_ in SUBJECT_DEPS]
    if any(_hazard(t) for s in subjects for t in _nominal(s)):
        return True  # "a landslide strikes two boats, killing twelve": what struck is the hazard
    modifiers = [m for c in event.candidates for m in c.head.children if m.dep_ in ("compound", "amod", "nmod")]
    if any(_hazard(m) for m in modifiers):
        return True  # "a bull shark attack"
    if any(c.head.lower_ not in CASUALTY_WORDS for c in event.candidates):
        return False
    verb: Token | None = event.anchor
    for _ in range(4):
        if verb is None:
            break
        if verb.i != event.anchor.i and verb.lower_ in HAZARD_WORDS:
            return True  # "a bus plunged into a gorge, killing six"
        verbs = [verb, *(c for c in verb.children if c.dep_ == "conj")]  # "were killed and 12 injured in a crash"
        heads = [c for v in verbs for c in v.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        heads += [g for v in verbs for c in v.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "pobj"]
        clauses = [c for v in verbs for c in v.children if c.dep_ == "advcl"]  # "killed when their helicopter crashed"
        heads += clauses + [s for c in clauses for s in c.children if s.dep_ in SUBJECT_DEPS]  # "when an earthquake strikes"
        if any(_hazard(t) for h in heads for t in _nominal(h)):
            return True
        verb = verb.head if verb.head.i != verb.i else None
    return False


def _industrial(sent: Span, text: str) -> bool:
    """The sentence tells of an explosion at an industrial site (a factory, a depot, a tunnel, a gas cylinder)
    and its paragraph names no weapon or armed side (a bomb, dynamite, a rocket, guerrillas, an attack)."""
    words = {t.lower_ for t in sent}
    if not (words & EXPLOSION_WORDS and words & INDUSTRIAL_WORDS):
        return False
    return not _paragraph_words(sent, text) & WEAPON_WORDS


def _hazard(token: Token) -> bool:
    """A hazard word, or "a fire"/"the fire" with nothing saying whose it is ("killed in a fire at a hotel", not
    "Israeli fire killed two", "tank fire", "came under fire")."""
    if token.lower_ in HAZARD_WORDS:
        return True
    if token.lower_ not in ("fire", "fires"):
        return False
    kids = list(token.children)
    return any(c.dep_ == "det" and c.lower_ in ("a", "the") for c in kids) and not any(
        c.dep_ in ("amod", "compound", "poss", "nmod") for c in kids
    )


def _nominal(token: Token, depth: int = 3) -> Iterator[Token]:
    """A noun with its compounds and the nouns its prepositions hang ("toll of the earthquakes", "aftermath of
    the floods")."""
    yield token
    for c in token.children:
        if c.dep_ == "compound":
            yield c
        elif c.dep_ == "conj" and depth > 0:  # "heavy rains and flooding"
            yield from _nominal(c, depth - 1)
        elif c.dep_ == "prep" and depth > 0:
            for g in c.children:
                if g.dep_ == "pobj":
                    yield from _nominal(g, depth - 1)


def _is_armed(p: Participant) -> bool:
    if p.entity_id in CIVILIAN_IDS:
        return False
    if p.label in ARMED_LABELS:
        return True
    return _says(p, ARMED_WORDS)


def _says(p: Participant, words: frozenset[str]) -> bool:
    """A word of the participant's text is one of ``words`` ("Israeli soldiers": ``armed_words``)."""
    return not words.isdisjoint(p.text.lower().split())


def _visibly_armed(p: Participant) -> bool:
    """Armed by what the text says: "gunmen", "militants", the police; not "assailants" or "miscreants", whom the
    actor dictionary files as an unidentified armed group for want of a better name."""
    if p.entity_id == "generic.unidentified-armed-group":
        return _says(p, ARMED_WORDS)
    return _is_armed(p)


def _is_civilian(p: Participant) -> bool:
    if p.entity_id in CIVILIAN_IDS:
        return True
    if p.label in ARMED_LABELS or p.label in ("IGO", "PARTY"):
        return False
    words = set(p.text.lower().split())
    return p.label == "PERSON" or (bool(words & CIVILIAN_WORDS) and not words & ARMED_WORDS)


def _took_place(verb: Token, obj: Token) -> bool:
    """ "took place": the object of "take" that says the event happened, not what it happened to."""
    return obj.lower_ == "place" and verb.lower_ in ("take", "takes", "took", "taken", "taking")


def _background_grievances(mentions: list[tuple[_Event, EventMention | None]]) -> None:
    """An event a protest is about is its background, not the news: "staged protests after a woman was raped",
    "shutdown continued against the killing of a youth by police", "demonstrations over the gunning down of 20
    woodcutters". Such an event keeps its own record with 0.6 of its confidence, below the protest's."""
    protests = [e for e, m in mentions if m is not None and m.type == "PROTEST"]
    for event, mention in mentions:
        if mention is not None and mention.type != "PROTEST" and any(_is_grievance(event, p) for p in protests):
            mention.confidence = round(mention.confidence * 0.6, 3)


def _is_grievance(event: _Event, protest: _Event) -> bool:
    """``event`` hangs below ``protest``'s trigger (or the verb a protest noun is the object or subject of: "staged
    protests after ...", "protests were held over ...") through "against", "over", "after", "following" or "for"."""
    targets = set(protest.tokens)
    for c in protest.candidates:
        if c.trigger.pos == "n" and c.head.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"nsubj"}:
            targets.add(c.head.head.i)
    token, through = event.anchor, False
    for _ in range(8):
        if token.i in targets:
            return through
        if token.head.i == token.i:
            return False
        through = through or (token.dep_ in ("prep", "mark") and token.lower_ in GRIEVANCE_WORDS)
        through = through or any(c.dep_ == "mark" and c.lower_ in GRIEVANCE_WORDS for c in token.children)
        token = token.head
    return False


def _paragraph(text: str, at: int) -> tuple[int, int]:
    """Start and end offsets of the paragraph (line) of ``text`` that holds offset ``at``; a sentence never crosses
    one (the pipeline's paragraph_breaks)."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


def _paragraph_words(sent: Span, text: str) -> set[str]:
    """The lower-case words of the paragraph ``sent`` is in."""
    start, end = _paragraph(text, sent.start_char)
    return set(_WORD.findall(text[start:end].lower()))


def _is_crowd(p: Participant) -> bool:
    """Protesters, rioters, a party's supporters: a crowd, not an armed group."""
    return _says(p, RIOT_PARTICIPANTS) or p.entity_id in ("generic.protesters", "generic.rioters")


def _is_mob(p: Participant) -> bool:
    """An unarmed group of people who act together: a crowd, or people named by a plural civilian word ("lawyers",
    "villagers", "some persons"); never an armed actor, a settler or one person."""
    if _is_armed(p):
        return False
    if _is_crowd(p):
        return True
    words = p.text.lower().split()
    if not words or not words[-1].endswith(("s", "people")):
        return False
    return words[-1] in CIVILIAN_WORDS or (p.entity_id in CIVILIAN_IDS and p.entity_id != "generic.settlers")


def _on_fire_of(token: Token, verb: Token) -> bool:
    """``token`` is the "fire" of "on fire", or "ablaze"/"afire", said of ``verb``'s clause (no other verb between
    them): "set a JCB machine and two buses on fire", "set the land office ablaze"."""
    if token.lower_ in ("ablaze", "afire") and token.i != verb.i:
        up = token.head
    elif token.lower_ == "fire" and token.head.lower_ == "on" and token.head.i != token.i:
        up = token.head.head
    else:
        return False
    while up.i != verb.i:
        if up.tag_.startswith("VB") or up.head.i == up.i:
            return False
        up = up.head
    return True


def _agent_word(token: Token) -> bool:
    """A noun that can say who acted without naming them: "rebel", "settler attacks", "student protests"."""
    words = (token.lower_, token.lower_ + "s")
    known = (CIVILIAN_WORDS, ARMED_WORDS, RIOT_PARTICIPANTS, AGENT_WORDS, STATE_NOUNS)
    return any(w in group for w in words for group in known)


def _is_civilian_word(token: Token, context: _Context) -> bool:
    entity = context.entity_at(token)
    if entity is not None:
        return entity.entity_id in CIVILIAN_IDS
    return token.lower_ in CIVILIAN_WORDS and token.lower_ not in ARMED_WORDS


def _is_person(token: Token, context: _Context) -> bool:
    entity = context.entity_at(token)
    return entity is not None and entity.label == "PERSON"


def _is_people(token: Token, context: _Context) -> bool:
    return _is_person(token, context) or token.lower_ in CIVILIAN_WORDS or token.lower_ in ARMED_WORDS


def _acled(
    type_: str,
    mode: str | None,
    trigger: Trigger,
    actors: list[Participant],
    recipients: list[Participant],
    sent: Span,
    grenade: bool,
) -> tuple[str, str] | None:
    words = {t.lower_ for t in sent}
    if type_ == "PROTEST":
        if mode == "riot" or words & VIOLENT_PROTEST_WORDS:
            return "Riots", "Violent demonstration"
        if words & {"killed", "killing", "shot"} and words & {"protesters", "demonstrators"}:
            return "Protests", "Excessive force against protesters"
        if words & INTERVENTION_WORDS:
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if type_ != "ASSAULT":
        return None
    if grenade:
        return "Explosions/Remote violence", "Grenade"
    remote = {
        "aerial": "Air/drone strike",
        "drone": "Air/drone strike",
        "heavy-weapons": "Shelling/artillery/missile attack",
        "explosives": "Remote explosive/landmine/IED",
        "suicide-attack": "Suicide bomb",
        "unconventional": "Chemical weapon",
    }
    if mode in remote:
        return "Explosions/Remote violence", remote[mode]
    if mode == "abduct":
        return "Violence against civilians", "Abduction/forced disappearance"
    if mode == "sexual":
        return "Violence against civilians", "Sexual violence"
    if mode == "seize":
        return "Battles", "Non-state actor overtakes territory"
    state = any(p.label == "STATE" for p in actors)
    if state and trigger.phrase == "strike" and not words & PROTESTERS:
        return "Explosions/Remote violence", "Air/drone strike"  # "an Israeli strike", "US forces struck": from the air
    if trigger.phrase in ("bomb", "bombing") and mode is None:  # no aircraft named: a state's from the air, else planted
        return "Explosions/Remote violence", "Air/drone strike" if state else "Remote explosive/landmine/IED"
    if state and any(_says(p, PROTESTERS) for p in recipients):
        return "Protests", "Excessive force against protesters"  # "police opened fire at the protesters"
    armed_group = bool(words & ARMED_GROUP_NOUNS) or any(p.label == "ARMED_GROUP" for p in actors + recipients)
    # a crowd takes part: a participant, or the sentence names one and no armed group ("activists were injured in
    # a clash with police", "activists and cops clashed")
    crowd = any(_is_crowd(p) for p in actors + recipients) or bool(words & CLASH_CROWDS and not armed_group)
    clash = _is_clash(trigger)
    armed_actor = any(_is_armed(p) for p in actors)
    armed_recipient = any(_is_armed(p) for p in recipients)
    if clash:
        if trigger.phrase == "offensive":  # a crowd does not launch an offensive: "Puntland launched an offensive"
            return "Battles", "Armed clash"
        armed = armed_actor or armed_recipient
        # a gunfight or shootout is armed on both sides; police who fire at a crowd in a clash are not
        if mode == "firearms" and (armed_group or not crowd or trigger.mode == "firearms"):
            return "Battles", "Armed clash"
        if crowd or not armed:
            return ("Riots", "Violent demonstration") if crowd else ("Riots", "Mob violence")
        return "Battles", "Armed clash"
    if actors and mode != "firearms" and all(_is_mob(p) for p in actors):
        # an unarmed crowd attacks ("lawyers attacked an official", "a group of youth attacked a police convoy"):
        # ACLED's rioters, whoever they attack
        protesting = bool(words & PROTEST_CONTEXT_WORDS) or any(_says(p, PROTESTING_CROWDS) for p in actors)
        return ("Riots", "Violent demonstration") if protesting or armed_recipient else ("Riots", "Mob violence")
    if armed_recipient:
        return "Battles", "Armed clash"
    if recipients or not (words & ARMED_WORDS):
        return "Violence against civilians", "Attack"
    return "Battles", "Armed clash"


def _territory(actors: list[Participant], event: _Event) -> tuple[str, str]:
    regain = any(t.lower_ in STATE_TERRITORY_WORDS for c in event.candidates for t in c.tokens)
    state = any(p.label == "STATE" for p in actors)
    rebels = any(p.label == "ARMED_GROUP" for p in actors)  # "Al-Shabaab militants recapture Moqokori"
    if state or (regain and not rebels):
        return "Battles", "Government regains territory"
    return "Battles", "Non-state actor overtakes territory"


def _confidence(weight: float, actors: list[Participant], recipients: list[Participant], place: Any, flags: list[str]) -> float:
    score = weight * 0.6 + (0.15 if actors else 0.0) + (0.1 if recipients else 0.0) + (0.15 if place else 0.0)
    if "negated" in flags or "hypothetical" in flags:
        score *= 0.5
    return round(min(score, 1.0), 3)


def _fold_casualty_reports(mentions: list[EventMention]) -> list[EventMention]:
    """A sentence that only reports casualties ("A child was killed and two were injured.", "3 Palestinians were
    killed.") right after an attack is that attack's toll: its counts go to the attack when the attack has none
    of its own, and it is not an event of its own."""
    out: list[EventMention] = []
    for m in mentions:
        previous = out[-1] if out else None
        report = (
            m.type == "ASSAULT"
            and m.trigger.lower() in CASUALTY_WORDS
            and (m.fatalities is not None or m.injured is not None)
            and "negated" not in m.flags
            and previous is not None
            and previous.type == "ASSAULT"
        )
        if report and previous is not None:
            same_sentence = previous.sentence_start == m.sentence_start
            own_actor = {p.entity_id or p.name for p in m.actors}
            report = not own_actor or (same_sentence and bool(own_actor & {p.entity_id or p.name for p in previous.actors}))
        if report and previous is not None:
            if m.fatalities is not None and previous.fatalities is None:
                previous.fatalities = m.fatalities
            if m.injured is not None and previous.injured is None:
                previous.injured = m.injured
            if "cumulative" in m.flags and "cumulative" not in previous.flags:
                previous.flags.append("cumulative")
            if m.place is not None and (
                previous.place is None or FEATURE_RANK.get(m.place.feature, 2) < FEATURE_RANK.get(previous.place.feature, 2)
            ):
                previous.place = m.place  # where the casualties were is where the attack was
            continue
        out.append(m)
    return out


def _protest_arrests(mentions: list[EventMention], text: str) -> list[EventMention]:
    """Arrests in a sentence that states a protest or riot, or in the sentence right after it in the same paragraph,
    are its policing ("police arrested teachers who were protesting", "103 members were arrested for staging a
    protest", "… staged a protest in Chinnappa Park. Police arrested several protesters."): ACLED codes one event,
    a protest with intervention (or a riot), so the arrest keeps its PLOVER type (COERCE arrest) but loses its ACLED
    codes."""
    protests = [
        m for m in mentions if m.acled_event_type in ("Protests", "Riots") and not {"negated", "hypothetical"} & set(m.flags)
    ]
    for m in mentions:
        if not (m.type == "COERCE" and m.mode == "arrest"):
            continue
        policed = [p for p in protests if p.sentence_start == m.sentence_start or _just_before(p, m, text)]
        if policed:
            m.acled_event_type = m.acled_sub_event_type = None
        for protest in policed:
            if protest.acled_event_type == "Protests":
                protest.acled_sub_event_type = "Protest with intervention"
    return mentions


def _just_before(a: EventMention, b: EventMention, text: str) -> bool:
    """``a``'s sentence is the one right before ``b``'s, in the same paragraph."""
    if a.sentence_end > b.sentence_start:
        return False
    own = text[a.sentence_start : a.sentence_end]
    gap = own[len(own.rstrip()) :] + text[a.sentence_end : b.sentence_start]  # spaCy may end a sentence with "\n\n"
    return not gap.strip() and "\n" not in gap


def _inherit(mentions: list[EventMention]) -> list[EventMention]:
    """An assault stated without its actor or mode ("one strike killed four") takes them from the assault stated
    just before it in the same text, which is what a reader does: lower confidence for it."""
    previous: EventMention | None = None
    for m in mentions:
        if m.type != "ASSAULT":
            continue
        if previous is not None and "negated" not in m.flags:
            inherited = False
            if not m.actors and previous.actors:
                m.actors = list(previous.actors)
                inherited = True
            if m.mode is None and previous.mode is not None:
                m.mode = previous.mode
                if (
                    m.acled_event_type in (None, "Battles", "Violence against civilians")
                    and previous.acled_event_type == "Explosions/Remote violence"
                ):
                    m.acled_event_type, m.acled_sub_event_type = previous.acled_event_type, previous.acled_sub_event_type
                inherited = True
            if inherited:
                m.confidence = round(m.confidence * 0.8, 3)
        if m.actors and m.mode:
            previous = m
    return mentions


def shifted(mention: EventMention, offset: int) -> EventMention:
    """``mention`` with every offset moved by ``offset`` (a piece of a long text annotated on its own)."""
    if offset == 0:
        return mention

    def move(x: Any) -> Any:
        return None if x is None else replace(x, start=x.start + offset, end=x.end + offset)

    return replace(
        mention,
        sentence_start=mention.sentence_start + offset,
        sentence_end=mention.sentence_end + offset,
        trigger_start=mention.trigger_start + offset,
        trigger_end=mention.trigger_end + offset,
        actors=[move(p) for p in mention.actors],
        recipients=[move(p) for p in mention.recipients],
        place=move(mention.place),
        fatalities=move(mention.fatalities),
        injured=move(mention.injured),
        claimed_by=move(mention.claimed_by),
    )
