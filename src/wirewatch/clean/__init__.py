"""Cleaning: documents in, articles out.

A text page is cut into its articles; an HTML page is reduced to its main text first; a JSONL record is
one article. The same line cleaning (repeated headlines and captions, widget cruft, credits, bylines) applies
to all three. :func:`run` is the batch step: pure, so it can run in a worker process or a Ray task.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from wirewatch.clean.dates import parse_date
from wirewatch.clean.html import extract_html
from wirewatch.clean.segment import Segment, segment
from wirewatch.errors import NoTextError
from wirewatch.models import Article, Document, Occurrence, RemovedLine
from wirewatch.readers.base import reject

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Cleaned:
    """A document and the articles cut out of it. ``text`` is the text the offsets refer to, when it is
    not the document's own decoded bytes (the main text of an HTML page, the ``text`` of a JSONL record)."""

    document: Document
    articles: list[Article] = field(default_factory=list)
    text: str | None = None


def run(batch: list[Document]) -> list[Cleaned]:
    """The cleaning step over a batch of documents."""
    return [clean_document(doc) for doc in batch]


def clean_document(doc: Document) -> Cleaned:
    if doc.status != "ok" or doc.text is None:
        return Cleaned(doc)
    if doc.format == "html":
        cleaned = _clean_html(doc)
    elif doc.format == "jsonl":
        cleaned = _clean_record(doc)
    else:
        cleaned = _articles(doc, doc.text, segment(doc.text))
    if not cleaned.articles:
        reject(doc, NoTextError("no article text found (only blank lines, widget cruft or page chrome)"))
    return cleaned


def _clean_html(doc: Document) -> Cleaned:
    assert doc.text is not None
    extracted = extract_html(doc.text, doc.meta.get("url"))
    if extracted is None:
        return Cleaned(doc)
    doc.meta.update({k: v for k, v in (("title", extracted.title), ("date", extracted.date)) if v})
    segments = segment(extracted.text, extracted.title, infer_title=False, captions=extracted.captions)
    cleaned = _articles(doc, extracted.text, segments, published=parse_date(extracted.date or ""))
    for article in cleaned.articles:
        article.source = extracted.sitename
        article.author = article.author or extracted.author
        article.url = extracted.url
    return cleaned


def _clean_record(doc: Document) -> Cleaned:
    assert doc.text is not None
    meta = doc.meta
    published = None
    if meta.get("date"):
        published = parse_date(str(meta["date"]))
        if published is None:
            doc.warnings.append(f"unknown date {meta['date']!r}: stored without a publication date")
    segments = segment(doc.text, meta.get("title"), split=False, infer_title=False)
    cleaned = _articles(doc, doc.text, segments, published=published)
    for article in cleaned.articles:
        article.source = meta.get("source")
        article.url = meta.get("url")
    return cleaned


def _articles(doc: Document, text: str, segments: list[Segment], published: str | None = None) -> Cleaned:
    """Articles from segments. A headline with no body is not an article: its lines join the removed lines of
    the article before it (or, when it is alone, the document is rejected as having no article text)."""
    kept: list[Segment] = []
    for seg in segments:
        if seg.paragraphs:
            kept.append(seg)
        elif kept:
            kept[-1].removed.extend(_bodiless(seg))
            kept[-1].end = max(kept[-1].end, seg.end)
    articles = []
    for position, seg in enumerate(kept):
        article = Article(
            id=Article.make_id(seg.title, seg.paragraphs),
            title=seg.title,
            paragraphs=seg.paragraphs,
            captions=seg.captions,
            published=seg.published or published,
            author=seg.author,
            occurrence=Occurrence(doc.id, position, seg.start, seg.end, seg.title_span, seg.paragraph_spans, seg.removed),
        )
        articles.append(article)
    return Cleaned(doc, articles, None if text is doc.text and doc.format == "text" else text)


def _bodiless(seg: Segment) -> list[RemovedLine]:
    """The lines of a headline-only segment, as removed lines of the article before it."""
    lines = []
    if seg.title is not None and seg.title_span is not None:
        lines.append(RemovedLine(seg.title, "headline without a body", seg.title_span.start, seg.title_span.end))
    lines += [RemovedLine(c.text, "caption of a headline without a body", c.start or 0, c.end or 0) for c in seg.captions]
    return lines + seg.removed
