"""The record types that pass between stages.

``Document`` (one raw input record, as received) → ``Article`` (one news article cut out of a document).
Every record is a slotted dataclass, cheap to create and to pickle, so a batch of them can cross a process
or Ray worker boundary unchanged.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

ID_LENGTH = 16  # hex characters of sha256: 64 bits, collision-free far beyond a billion records


def content_id(data: bytes) -> str:
    """The id of a record: the first 16 hex digits of the sha256 of its content."""
    return hashlib.sha256(data).hexdigest()[:ID_LENGTH]


def normalize_text(text: str) -> str:
    """NFKC, whitespace collapsed: the form in which two copies of a text compare equal."""
    if text.isascii():  # already NFKC; printable ASCII has no whitespace but the space
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
    else:
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


@dataclass(slots=True)
class Provenance:
    """Where a document came from: the file or URL, and the record inside it."""

    uri: str
    record: str = ""  # WARC-Record-ID, "line:N" for JSONL; "" for a whole file
    offset: int | None = None  # byte offset of the record in the (decompressed) container
    read_at: str = ""  # ISO 8601 UTC


@dataclass(slots=True)
class Document:
    """One raw input record exactly as received, or the reason it could not be read.

    ``raw`` holds the bytes (for a record too large to hold in memory, ``raw_path`` names the file they
    are streamed from). ``text`` is the decoded text the cleaning stage works on; for HTML it is the
    page's markup, for a JSONL record the record's ``text`` field.
    """

    id: str
    sha256: str
    format: str  # text | html | jsonl | warc | unknown
    provenance: Provenance
    size: int
    raw: bytes | None = None
    raw_path: str | None = None
    text: str | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: str = "ok"  # ok | rejected
    reason: str | None = None  # stable code of the rejection, see errors.InputError.code
    message: str | None = None  # what a person reads
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The input as a person names it: path, and record inside it where there is one."""
        p = self.provenance
        return f"{p.uri} [{p.record}]" if p.record else p.uri


@dataclass(slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Caption:
    text: str
    credit: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class RemovedLine:
    """A line of the input that is not part of the article text, and why."""

    text: str
    reason: str
    start: int
    end: int


@dataclass(slots=True)
class Occurrence:
    """Where one article sits inside one document (an article seen in two documents has two)."""

    document_id: str
    position: int  # index of the article within the document
    start: int  # character offsets into the document's text
    end: int
    title: Span | None = None
    paragraphs: list[Span] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """One news article cut out of a document. ``id`` is the hash of its normalised title and body."""

    id: str
    title: str | None
    paragraphs: list[str]
    captions: list[Caption] = field(default_factory=list)
    published: str | None = None  # ISO date
    source: str | None = None
    author: str | None = None
    url: str | None = None
    occurrence: Occurrence | None = None

    @staticmethod
    def make_id(title: str | None, paragraphs: list[str]) -> str:
        body = "\n".join(normalize_text(p) for p in paragraphs)
        return content_id(f"{normalize_text(title or '')}\n\n{body}".encode())

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# --- annotations (entities, places, dates): offsets are into the text that was annotated ---------------------

ENTITY_LABELS = ("PERSON", "ORG", "ARMED_GROUP", "STATE", "PARTY", "IGO", "MEDIA")
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")


@dataclass(slots=True)
class EntityMention:
    """A span naming an actor. ``entity_id`` is the actor dictionary id (``"houthis"``) or, for people and
    organisations not in it, ``"person:najib-mikati"`` / ``"org:..."``: the same id across articles."""

    start: int
    end: int
    text: str
    label: str  # one of ENTITY_LABELS
    entity_id: str | None = None
    name: str | None = None  # canonical name
    country: str | None = None  # ISO 3166-1 alpha-2
    source: str = "ner"  # ner | dictionary | coreference (within the article) | story (a bare name, from its story)


@dataclass(slots=True)
class PlaceMention:
    """A span resolved to a GeoNames-backed place (``geonameid`` None for places from our alias table)."""

    start: int
    end: int
    text: str
    name: str
    geonameid: int | None
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    lat: float
    lon: float
    feature: str  # country | admin1 | admin2 | city | region | water | ...
    score: float = 0.0


@dataclass(slots=True)
class DateMention:
    """A date expression; ``value`` is ISO (day ``2025-03-28``, week ``2025-W13``, month ``2025-03``, year
    ``2025``) or None when it cannot be resolved (no anchor): then ``precision`` is ``unknown``."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str  # one of DATE_PRECISIONS


# --- events: PLOVER-typed, with ACLED and CAMEO codes and the evidence ---------------------------------------------

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
EVENT_FLAGS = ("negated", "hypothetical", "future", "cumulative", "claimed")
QUANTITY_QUALIFIERS = ("exact", "at least", "more than", "about", "at most", "range")


@dataclass(slots=True)
class Participant:
    """An actor or recipient of an event: a resolved entity (``entity_id`` from the entity stage) or a generic
    agent such as "civilians" or "protesters" (``entity_id`` ``generic.*`` or None). Offsets into the text."""

    start: int
    end: int
    text: str
    name: str
    entity_id: str | None = None
    label: str | None = None  # one of ENTITY_LABELS; None for a generic agent
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(slots=True)
class Quantity:
    """A count of people ("at least 4", "dozens", "between 10 and 12"): ``value`` is the low end, ``high`` the high
    end of a range; ``qualifier`` one of QUANTITY_QUALIFIERS. Offsets of the number's words into the text."""

    start: int
    end: int
    text: str
    value: int
    qualifier: str = "exact"
    high: int | None = None


@dataclass(slots=True)
class EventMention:
    """One event as one sentence of one text states it. Offsets are into the annotated text: the sentence, the
    trigger ("airstrikes", "rallied"), and each participant, place, date and number span."""

    type: str  # one of EVENT_TYPES
    mode: str | None  # PLOVER mode: aerial, firearms, demo, visit, ...
    acled_event_type: str | None  # for violent, protest and strategic events
    acled_sub_event_type: str | None
    cameo_root: str | None  # two-digit CAMEO root code, "19"
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    place: PlaceMention | None = None
    date: str | None = None  # ISO, as DateMention.value
    date_precision: str = "unknown"
    fatalities: Quantity | None = None
    injured: Quantity | None = None
    flags: list[str] = field(default_factory=list)  # of EVENT_FLAGS
    claimed_by: Participant | None = None  # whose statement it is ("the Houthis said")
    confidence: float = 0.5


@dataclass(slots=True)
class ArticleEventMention:
    """An event mention in a stored article: offsets are into the article's annotated text; ``sentence`` is the
    sentence's text, kept so that the evidence reads without the article."""

    article_id: str
    mention: EventMention
    sentence: str = ""

    @classmethod
    def in_text(cls, article_id: str, text: str, mention: EventMention) -> ArticleEventMention:
        """``mention`` of the article ``article_id`` whose annotated text is ``text``, with its sentence cut from it."""
        return cls(article_id, mention, text[mention.sentence_start : mention.sentence_end])


@dataclass(slots=True)
class Event:
    """One real-world event: its mentions within an article and across the articles of a story, merged. ``id`` is
    the content hash of its first mention (article id and trigger offset), so it does not change as mentions join.
    The fields are the merged reading of the mentions; ``sources`` counts the distinct articles' sources."""

    id: str
    story_id: str | None
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo_root: str | None
    actors: list[Participant]
    recipients: list[Participant]
    place: PlaceMention | None
    date: str | None
    date_precision: str
    fatalities: Quantity | None
    injured: Quantity | None
    flags: list[str]
    claimed_by: Participant | None
    confidence: float
    sources: int
    mentions: list[ArticleEventMention] = field(default_factory=list)


@dataclass(slots=True)
class Annotations:
    """What the NLP stages found in one text. ``anchor`` is the date relative expressions were resolved against
    (ISO day, None when there was none) and ``anchor_source`` where it came from (metadata, dateline, caption,
    given, none)."""

    entities: list[EntityMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    anchor: str | None = None
    anchor_source: str = "none"
    events: list[EventMention] = field(default_factory=list)


def annotated_text(title: str | None, paragraphs: list[str], captions: list[str]) -> tuple[str, list[tuple[str, int, int]]]:
    """The text the NLP stages read for an article, and its sections as (kind, start, end).

    Title, body paragraphs and caption texts, joined by blank lines, in that order: annotation offsets are into
    this string, which is rebuilt the same way from the stored article.
    """
    parts: list[tuple[str, str]] = [("title", title)] if title else []
    parts += [("paragraph", p) for p in paragraphs] + [("caption", c) for c in captions]
    sections, pos = [], 0
    for kind, part in parts:
        sections.append((kind, pos, pos + len(part)))
        pos += len(part) + 2
    return "\n\n".join(part for _, part in parts), sections
