"""The NLP stage: entities, places and dates for a batch of texts, in one spaCy pass.

:class:`Annotator` holds what is costly to load — the spaCy pipeline with the actor ruler, the gazetteer, the
actor dictionary — once per process (a worker loads its own). :meth:`Annotator.annotate` takes texts with their
publication date and yields one :class:`~wirewatch.models.Annotations` per text, offsets into that text.
Texts are run through spaCy in batches (``nlp.pipe``); a very long text is cut at paragraph breaks into pieces
spaCy can hold, each annotated on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wirewatch.events.extract import shifted
from wirewatch.models import Annotations, EntityMention, PlaceMention, annotated_text
from wirewatch.nlp.dates import anchor_date, resolve_dates
from wirewatch.nlp.entities import entity_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from wirewatch.models import Article

MAX_PIECE = 100_000  # characters of one spaCy doc; longer texts are cut at paragraph breaks
VERSION = 1  # of the annotation rules: stored with each annotated article, so a change can be re-run


@dataclass(slots=True)
class Text:
    """One text to annotate. ``published`` anchors relative dates (ISO date; None: looked for in the text)."""

    text: str
    published: str | None = None
    captions: Sequence[str] = ()
    hints: Sequence[str] = ()  # ISO country codes known from context (the source's country, a dateline)
    lead: str | None = None  # where a dateline would be (the first paragraph); None: the start of ``text``

    @classmethod
    def of_article(cls, article: Article) -> Text:
        captions = [c.text for c in article.captions]
        text, _ = annotated_text(article.title, article.paragraphs, captions)
        return cls(text, article.published, captions, lead=article.paragraphs[0] if article.paragraphs else None)


class Annotator:
    def __init__(self, nlp: Language, geocoder: Any, actors: Any, events: Any = None) -> None:
        self.nlp, self.geocoder, self.actors = nlp, geocoder, actors
        self.events = events  # an events.extract.Extractor, or None: no events

    @classmethod
    def load(cls) -> Annotator:
        """The process's annotator (loaded on first use: spaCy model, actor ruler, gazetteer)."""
        return _annotator()

    def annotate(self, texts: Iterable[Text], batch_size: int = 32) -> Iterator[Annotations]:
        """One Annotations per text, in order."""
        for item, docs in self.docs(texts, batch_size):
            yield self.annotations(item, docs)

    def docs(self, texts: Iterable[Text], batch_size: int = 32) -> Iterator[tuple[Text, list[tuple[int, Doc]]]]:
        """Each text with its spaCy docs and their offsets into it (one doc unless the text is very long)."""
        pending: list[tuple[Text, list[tuple[int, str]]]] = []
        n_pieces = 0
        for item in texts:
            pieces = _pieces(item.text)
            pending.append((item, pieces))
            n_pieces += len(pieces)
            if n_pieces >= batch_size:
                yield from self._run(pending, batch_size)
                pending, n_pieces = [], 0
        yield from self._run(pending, batch_size)

    def _run(
        self, pending: list[tuple[Text, list[tuple[int, str]]]], batch_size: int
    ) -> Iterator[tuple[Text, list[tuple[int, Doc]]]]:
        flat = [piece for _, pieces in pending for _, piece in pieces]
        docs = iter(self.nlp.pipe(flat, batch_size=batch_size))
        for item, pieces in pending:
            yield item, [(offset, next(docs)) for offset, _ in pieces]

    def annotations(self, item: Text, docs: list[tuple[int, Doc]]) -> Annotations:
        anchor, source = anchor_date(item.published, item.lead if item.lead is not None else item.text, item.captions)
        out = Annotations(anchor=anchor.isoformat() if anchor else None, anchor_source=source)
        weak = source == "caption"  # a photo's date gives the year, not the day the article speaks from
        for offset, doc in docs:
            shift = _shifter(offset)
            places = self.geocoder.places(doc, hints=item.hints)
            text = doc.text
            entities = _not_places(entity_mentions(doc, self.actors, text), places)
            dates = resolve_dates(doc, anchor, weak_anchor=weak, text=text)
            out.entities += [shift(m) for m in entities]
            out.places += [shift(m) for m in places]
            out.dates += [shift(m) for m in dates]
            if self.events is not None:
                found = self.events.extract(doc, entities, places, dates, anchor=None if weak else out.anchor)
                out.events += [shifted(m, offset) for m in found]
        return out


def _not_places(entities: list[EntityMention], places: list[PlaceMention]) -> list[EntityMention]:
    """spaCy's NER calls some places people ("Hajjah", "Saada"); where the geocoder resolved the span as a place,
    the place wins over an NER guess (never over a dictionary match)."""
    spans = [(p.start, p.end) for p in places]
    return [m for m in entities if m.source == "dictionary" or not any(s < m.end and m.start < e for s, e in spans)]


def _shifter(offset: int) -> Any:
    if offset == 0:
        return lambda m: m
    return lambda m: replace(m, start=m.start + offset, end=m.end + offset)


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most MAX_PIECE characters, cut at blank lines where possible."""
    if len(text) <= MAX_PIECE:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + MAX_PIECE)
        if end < len(text):
            cut = text.rfind("\n\n", start + MAX_PIECE // 2, end)
            end = cut + 2 if cut > 0 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


@lru_cache(maxsize=1)
def _annotator() -> Annotator:
    from wirewatch.events.extract import Extractor
    from wirewatch.geo import Geocoder
    from wirewatch.nlp.actors import load_actors
    from wirewatch.nlp.spacy_model import load_pipeline

    geocoder = Geocoder.load()
    return Annotator(load_pipeline(), geocoder, load_actors(), Extractor(demonym=geocoder.country_of_demonym))


def parse_anchor(value: str | None) -> date | None:
    """A given anchor date (ISO day) or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


ENTITY_FIELDS = ("start", "end", "text", "label", "entity_id", "name", "country")
PLACE_FIELDS = ("start", "end", "text", "name", "geonameid", "country", "admin1", "lat", "lon", "feature")
DATE_FIELDS = ("start", "end", "text", "value", "precision")


def as_json(record_id: Any, found: Annotations) -> dict[str, Any]:
    """The JSON shape of `wirewatch annotate`: {id, entities, places, dates, anchor, anchor_source, events}; each
    event is a whole EventMention (its sentence, trigger, participants, place and numbers with their offsets)."""
    return {
        "id": record_id,
        "entities": [{k: getattr(m, k) for k in ENTITY_FIELDS} for m in found.entities],
        "places": [{k: getattr(m, k) for k in PLACE_FIELDS} for m in found.places],
        "dates": [{k: getattr(m, k) for k in DATE_FIELDS} for m in found.dates],
        "anchor": found.anchor,
        "anchor_source": found.anchor_source,
        "events": [asdict(m) for m in found.events],
    }


@dataclass(slots=True)
class LineError:
    """An input line that could not be annotated, and why."""

    line: int
    id: Any
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "error": f"line {self.line}: {self.message}"}


def annotate_lines(lines: Iterable[str], annotator: Annotator | None = None) -> Iterator[dict[str, Any] | LineError]:
    """`wirewatch annotate`: JSON lines {id, text, date?} in, one result per non-blank line out, in order.

    A line that is not a JSON object with a string ``text`` gives a :class:`LineError` in its place; the rest
    go on. ``date`` (ISO) anchors relative dates; without it the text's own dateline is used, if any.
    """
    parsed: list[tuple[int, Any, Text | str]] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            parsed.append((number, *_parse_line(line)))
        if len(parsed) >= 64:
            yield from _annotate_parsed(parsed, annotator)
            parsed = []
    yield from _annotate_parsed(parsed, annotator)


def _parse_line(line: str) -> tuple[Any, Text | str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        return None, f"not JSON ({e.msg} at column {e.colno})"
    if not isinstance(record, dict):
        return None, f"a JSON {type(record).__name__}, not an object with a text"
    text, when = record.get("text"), record.get("date")
    if not isinstance(text, str):
        return record.get("id"), 'no "text" string'
    if when is not None and parse_anchor(str(when)) is None:
        return record.get("id"), f'"date" {when!r} is not an ISO date (YYYY-MM-DD)'
    return record.get("id"), Text(text, str(when)[:10] if when else None)


def _annotate_parsed(
    parsed: list[tuple[int, Any, Text | str]], annotator: Annotator | None
) -> Iterator[dict[str, Any] | LineError]:
    good = [item for _, _, item in parsed if isinstance(item, Text)]
    results = iter((annotator or Annotator.load()).annotate(good)) if good else iter(())
    for number, record_id, item in parsed:
        yield as_json(record_id, next(results)) if isinstance(item, Text) else LineError(number, record_id, item)
