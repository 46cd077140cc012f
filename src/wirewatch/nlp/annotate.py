"""The NLP stage: entities, places and dates for a batch of texts, in one spaCy pass.

:class:`Annotator` holds what is costly to load — the spaCy pipeline with the actor ruler, the gazetteer, the
actor dictionary — once per process (a worker loads its own). :meth:`Annotator.annotate` takes texts with their
publication date and yields one :class:`~wirewatch.models.Annotations` per text, offsets into that text.
Texts are run through spaCy in batches (``nlp.pipe``) bounded by characters, not only by count: while a batch runs
spaCy holds ~3.5 KB per character of it. A text longer than MAX_PIECE is cut at paragraph breaks into pieces, each
read on its own (names and places are resolved within the piece), its mentions shifted to offsets into the whole
text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wirewatch.events.extract import shifted
from wirewatch.geo.geocoder import outlet_country
from wirewatch.models import Annotations, EntityMention, PlaceMention, annotated_text
from wirewatch.nlp.dates import anchor_date, resolve_dates
from wirewatch.nlp.entities import entity_mentions
from wirewatch.nlp.spacy_model import pipeline_grown, reload_pipeline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from wirewatch.models import Article

MAX_PIECE = 20_000  # characters of one spaCy doc; longer texts are cut at paragraph breaks
# Characters of text per spaCy batch (a longer piece goes alone). spaCy holds ~3.5 KB per character while a batch
# runs (thinc keeps every layer's output until the batch is done): 32 long articles at once (366,000 characters)
# took 1.3 GB. docs/benchmarks.md, "Memory of the NLP stage".
BATCH_CHARS = 20_000
VERSION = 5  # of the annotation rules: stored with each annotated article, so a change can be re-run


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
        outlet = outlet_country(article.url)
        lead = article.paragraphs[0] if article.paragraphs else None
        return cls(text, article.published, captions, hints=(outlet,) if outlet else (), lead=lead)


class Annotator:
    """The NLP stage. Its memory follows the text of one spaCy batch, not the texts read: batches hold at most
    BATCH_CHARS characters, and between batches a pipeline whose vocabulary has grown is replaced by a fresh
    :func:`~wirewatch.nlp.spacy_model.load_pipeline`."""

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
            found = self.annotations(item, docs)
            del docs  # a replaced pipeline is freed only once no doc of it is held
            yield found

    def docs(self, texts: Iterable[Text], batch_size: int = 32) -> Iterator[tuple[Text, list[tuple[int, Doc]]]]:
        """Each text with its spaCy docs and their offsets into it (one doc unless the text is longer than MAX_PIECE).

        spaCy reads the pieces in batches of at most ``batch_size`` pieces and BATCH_CHARS characters. Drop a text's
        docs before asking for the next: the pipeline may be replaced between batches.
        """
        read: list[tuple[int, Doc]] = []  # the docs of a text whose pieces span batches, so far
        for batch in _batches(texts, batch_size, BATCH_CHARS):
            if not read:
                self._renew()
            parsed = self.nlp.pipe([p.text for p in batch], batch_size=len(batch))
            for piece, doc in zip(batch, parsed, strict=True):
                read.append((piece.offset, doc))
                if piece.last:
                    yield piece.item, read
                    read = []
            del doc  # held through a reload, the last doc would keep the old pipeline's vocabulary

    def _renew(self) -> None:
        """Replace a pipeline that has grown (spaCy 3.7 keeps every word it has read) with a freshly loaded one; the
        old one is dropped first, so that two are never held at once."""
        if pipeline_grown(self.nlp):
            del self.nlp
            self.nlp = reload_pipeline()

    def annotations(self, item: Text, docs: list[tuple[int, Doc]]) -> Annotations:
        anchor, source = anchor_date(item.published, item.lead if item.lead is not None else item.text, item.captions)
        out = Annotations(anchor=anchor.isoformat() if anchor else None, anchor_source=source)
        weak = source == "caption"  # a photo's date gives the year, not the day the article speaks from
        for offset, doc in docs:
            shift = _shifter(offset)
            text = doc.text
            named, places = actors_and_places(doc, self.geocoder, self.actors, hints=item.hints, text=text)
            entities = _not_places(named, places)
            dates = resolve_dates(doc, anchor, weak_anchor=weak, text=text)
            out.entities += [shift(m) for m in entities]
            out.places += [shift(m) for m in places]
            out.dates += [shift(m) for m in dates]
            if self.events is not None:
                found = self.events.extract(doc, entities, places, dates, anchor=None if weak else out.anchor)
                out.events += [shifted(m, offset) for m in found]
        return out


def actors_and_places(
    doc: Doc, geocoder: Any, actors: Any, *, hints: Sequence[str] = (), text: str | None = None
) -> tuple[list[EntityMention], list[PlaceMention]]:
    """The actors ``doc`` names (before :func:`_not_places`) and its places, resolved with the countries of those
    actors as context (:func:`actor_countries`). ``text``: ``doc.text``, when the caller holds it already."""
    named = entity_mentions(doc, actors, doc.text if text is None else text)
    return named, geocoder.places(doc, hints=hints, countries=actor_countries(named))


def actor_countries(entities: list[EntityMention]) -> list[str]:
    """The countries of the dictionary actors a text names, one per actor: "BNP" and "Jamaat-e-Islami" say a text
    without a country name is about Bangladesh, as "Bangladeshi" would."""
    seen = {m.entity_id: m.country for m in entities if m.source == "dictionary" and m.country}
    return [c for c in seen.values() if c]


def _not_places(entities: list[EntityMention], places: list[PlaceMention]) -> list[EntityMention]:
    """spaCy's NER calls some places people ("Hajjah", "Saada"); where the geocoder resolved the span as a place,
    the place wins over an NER guess (never over a dictionary match)."""
    spans = [(p.start, p.end) for p in places]
    return [m for m in entities if m.source == "dictionary" or not any(s < m.end and m.start < e for s, e in spans)]


def _shifter(offset: int) -> Any:
    if offset == 0:
        return lambda m: m
    return lambda m: replace(m, start=m.start + offset, end=m.end + offset)


@dataclass(slots=True, frozen=True)
class _Piece:
    """A piece of a text as spaCy reads it: ``offset`` into ``item.text``; ``last``: the text's last piece."""

    item: Text
    offset: int
    text: str
    last: bool


def _batches(texts: Iterable[Text], size: int, chars: int) -> Iterator[list[_Piece]]:
    """The pieces of ``texts`` in order, in batches of at most ``size`` pieces and ``chars`` characters (a longer
    piece alone). A text's pieces may span batches."""
    batch: list[_Piece] = []
    held = 0
    for item in texts:
        pieces = _pieces(item.text, MAX_PIECE)
        for n, (offset, piece) in enumerate(pieces, 1):
            if batch and (len(batch) >= size or held + len(piece) > chars):
                yield batch
                batch, held = [], 0
            batch.append(_Piece(item, offset, piece, n == len(pieces)))
            held += len(piece)
    if batch:
        yield batch


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most ``size`` characters. A piece ends after the last blank line
    in its second half; failing one, after the last line break, else the last space, else at ``size``."""
    if len(text) <= size:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _cut(text, start + size // 2, end)
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _cut(text: str, low: int, high: int) -> int:
    for mark in ("\n\n", "\n", " "):
        found = text.rfind(mark, low, high)
        if found >= 0:
            return found + len(mark)
    return high


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
    country, url = record.get("country"), record.get("url")
    if country is not None and not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
        return record.get("id"), f'"country" {country!r} is not an ISO 3166-1 alpha-2 code ("BD")'
    hints = {c.upper() for c in (country, outlet_country(url) if isinstance(url, str) else None) if c}
    return record.get("id"), Text(text, str(when)[:10] if when else None, hints=sorted(hints))


def _annotate_parsed(
    parsed: list[tuple[int, Any, Text | str]], annotator: Annotator | None
) -> Iterator[dict[str, Any] | LineError]:
    good = [item for _, _, item in parsed if isinstance(item, Text)]
    results = iter((annotator or Annotator.load()).annotate(good)) if good else iter(())
    for number, record_id, item in parsed:
        yield as_json(record_id, next(results)) if isinstance(item, Text) else LineError(number, record_id, item)
