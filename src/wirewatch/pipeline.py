"""Ingest: read inputs → clean into articles → entities, places, dates → group (near-duplicates, stories) →
store, in batches.

Each batch is cleaned by :func:`wirewatch.clean.run` (a pure step that could run in a worker process), its new
articles annotated by :class:`wirewatch.nlp.annotate.Annotator` (pure too, loaded once per process, only when
there is an article to read), grouped by :class:`wirewatch.dedup.Grouper` (stateful: each article is compared
with all before it; its places count in its story vector) and written in one transaction. Documents
already in the database are recognised by their content hash and not cleaned again; only the new place they
were read from is recorded.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wirewatch import clean
from wirewatch.config import ReadLimits, default_db
from wirewatch.dedup import Grouper, Grouping
from wirewatch.events.stage import stories_of, story_events
from wirewatch.models import Annotations, Article, Document
from wirewatch.nlp.annotate import VERSION as NLP_VERSION
from wirewatch.nlp.annotate import Annotator, Text
from wirewatch.nlp.entities import is_bare_name, resolve_in_story
from wirewatch.readers import iter_inputs, read_file
from wirewatch.store import Writer, connect
from wirewatch.store.annotations import stored_story_terms, story_people, story_terms, unannotated_articles
from wirewatch.store.grouping import ungrouped_articles
from wirewatch.store.sqlite import Verdict

log = logging.getLogger(__name__)

MAX_ISSUES_KEPT = 1000
BATCH_BYTES = 32 * 1024 * 1024


@dataclass(slots=True)
class Issue:
    """A rejected input, or an input read with a warning."""

    input: str
    kind: str  # rejected | warning
    reason: str
    message: str

    def __str__(self) -> str:
        return f"{self.input}: {self.kind} ({self.reason}): {self.message}"


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did. ``exit_code`` is 0 when every input was read, 2 when some were rejected."""

    db: str
    files: int = 0
    bytes: int = 0
    documents: int = 0  # documents read (accepted and rejected)
    documents_new: int = 0
    documents_seen: int = 0  # already in the database: nothing added
    articles: int = 0  # articles cut out of the new documents
    articles_new: int = 0
    exact_duplicates: int = 0  # articles already stored (same content hash), linked to the new document
    near_duplicates: int = 0  # new articles that are copies of earlier ones (linked to their canonical article)
    stories_new: int = 0  # stories opened by new articles
    regrouped: int = 0  # stored articles grouped for the first time (a database from before grouping)
    annotated: int = 0  # articles read by the NLP stage (new ones, and stored ones that had not been)
    entity_mentions: int = 0
    place_mentions: int = 0
    date_mentions: int = 0
    event_mentions: int = 0
    events: int = 0  # events written: new ones, and stored ones that new mentions joined
    rejected: Counter[str] = field(default_factory=Counter)  # by reason
    warnings: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # records that are not articles (WARC requests, images)
    issues: list[Issue] = field(default_factory=list)  # the first MAX_ISSUES_KEPT
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 2 if self.rejected else 0

    def as_dict(self) -> dict:
        return {
            "db": self.db,
            "files": self.files,
            "bytes": self.bytes,
            "documents": self.documents,
            "documents_new": self.documents_new,
            "documents_seen": self.documents_seen,
            "articles": self.articles,
            "articles_new": self.articles_new,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "stories_new": self.stories_new,
            "regrouped": self.regrouped,
            "annotated": self.annotated,
            "entity_mentions": self.entity_mentions,
            "place_mentions": self.place_mentions,
            "date_mentions": self.date_mentions,
            "event_mentions": self.event_mentions,
            "events": self.events,
            "rejected": dict(self.rejected),
            "warnings": self.warnings,
            "skipped": dict(self.skipped),
            "seconds": round(self.seconds, 3),
        }


ProgressCallback = Callable[[int, int, str], None]  # (bytes done, bytes total, current file)
IssueCallback = Callable[[Issue], None]


def ingest(
    paths: str | Path | Iterable[str | Path],
    db: str | Path | None = None,
    *,
    limits: ReadLimits | None = None,
    batch_size: int = 256,
    group: bool = True,
    annotate: bool = True,
    on_progress: ProgressCallback | None = None,
    on_issue: IssueCallback | None = None,
) -> IngestReport:
    """Read every input under ``paths`` into the database ``db`` and return what was done.

    With ``group=False`` articles are stored without near-duplicate and story grouping (memory then stays flat
    whatever the corpus size); the next grouped ingest, or :func:`group`, groups them. With ``annotate=False``
    the NLP stage (entities, places, dates: the slowest stage) is skipped; the next annotating ingest, or
    :func:`enrich`, catches up.

    Raises :class:`~wirewatch.errors.InputNotFoundError` (before reading anything) when a path or pattern
    names no file. A bad input never stops the run: it is stored as a rejected document with its reason.
    """
    started = time.perf_counter()
    patterns = [paths] if isinstance(paths, str | Path) else list(paths)
    db_path = Path(db) if db is not None else default_db()
    own = [f"{db_path}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]  # never read the database itself
    total = sum(os.path.getsize(f) for f in iter_inputs(patterns, own))  # a first, cheap pass: the progress total
    report = IngestReport(db=str(db_path))
    conn = connect(db_path)
    try:
        writer = Writer(conn)
        run_id = writer.start_run("ingest", [str(p) for p in patterns])
        if annotate:
            _annotate_backlog(conn, writer, report)
        grouper = Grouper(conn) if group else None
        if grouper is not None:
            report.regrouped = _group_backlog(conn, writer, grouper, report)
        batch = _Batch(writer, grouper, annotate, report, on_issue)
        done = 0
        for name in iter_inputs(patterns, own):
            path, size = Path(name), os.path.getsize(name)
            report.files += 1
            for doc in read_file(path, limits, report.skipped):
                batch.add(doc)
                if len(batch.docs) >= batch_size or batch.bytes >= BATCH_BYTES:
                    batch.flush()
                    if on_progress:
                        on_progress(done + min(doc.provenance.offset or 0, size), total, str(path))
            done += size
            report.bytes = done
            if on_progress:
                on_progress(done, total, str(path))
        batch.flush()
        report.seconds = time.perf_counter() - started
        writer.finish_run(run_id, report.as_dict())
    finally:
        conn.close()
    return report


def group(db: str | Path | None = None) -> IngestReport:
    """Group the stored articles that were ingested with ``group=False`` (near-duplicates, stories)."""
    return _catch_up("group", db, annotate=False, group=True)


def enrich(db: str | Path | None = None, *, group: bool = True) -> IngestReport:
    """Run the NLP stage over stored articles that have not been through it (ingested with ``annotate=False``,
    or annotated by older rules), then group what is ungrouped."""
    return _catch_up("enrich", db, annotate=True, group=group)


def _catch_up(command: str, db: str | Path | None, *, annotate: bool, group: bool) -> IngestReport:
    started = time.perf_counter()
    db_path = Path(db) if db is not None else default_db()
    report = IngestReport(db=str(db_path))
    conn = connect(db_path)
    try:
        writer = Writer(conn)
        run_id = writer.start_run(command, [])
        if annotate:
            _annotate_backlog(conn, writer, report)
        if group:
            report.regrouped = _group_backlog(conn, writer, Grouper(conn), report)
        report.seconds = time.perf_counter() - started
        writer.finish_run(run_id, report.as_dict())
    finally:
        conn.close()
    return report


def _annotate(articles: list[Article], report: IngestReport) -> list[tuple[str, Annotations]]:
    """The NLP stage over articles; spaCy and the gazetteer are loaded at the first article, not before.

    Its memory follows the text of one spaCy batch, not the corpus: the annotator bounds its batches by characters
    and replaces a pipeline whose vocabulary has grown (:class:`~wirewatch.nlp.annotate.Annotator`)."""
    if not articles:
        return []
    texts = (Text.of_article(a) for a in articles)
    found = list(zip((a.id for a in articles), Annotator.load().annotate(texts), strict=True))
    report.annotated += len(found)
    report.entity_mentions += sum(len(a.entities) for _, a in found)
    report.place_mentions += sum(len(a.places) for _, a in found)
    report.date_mentions += sum(len(a.dates) for _, a in found)
    report.event_mentions += sum(len(a.events) for _, a in found)
    return found


def _resolve_in_stories(conn, annotated: list[tuple[str, Annotations]], grouping: Grouping) -> None:
    """Bare names ("Mikati") resolved against the people named in full elsewhere in the article's story: the
    stored articles of the story and the batch's own."""
    story_of = {a.article_id: a.story_id for a in grouping.assignments}
    batch_people: dict[str, set[tuple[str, str]]] = {}
    for aid, found in annotated:
        people = {
            (m.entity_id, m.name) for m in found.entities if m.label == "PERSON" and m.entity_id and m.name and " " in m.name
        }
        batch_people.setdefault(story_of.get(aid, ""), set()).update(people)
    for aid, found in annotated:
        story_id = story_of.get(aid)
        if story_id and any(is_bare_name(m) for m in found.entities):
            resolve_in_story(found.entities, [*story_people(conn, story_id), *batch_people.get(story_id, ())])


def _annotate_backlog(conn, writer: Writer, report: IngestReport) -> None:
    """Stored articles through the NLP stage; their events join their stories where they have one (articles not
    grouped yet get events merged within the article only)."""
    for backlog in unannotated_articles(conn, NLP_VERSION):
        annotated = _annotate(backlog, report)
        story_of = stories_of(conn, [a.id for a in backlog])
        events = story_events(conn, annotated, backlog, story_of)
        report.events += len(events.events)
        writer.write_annotations(annotated, NLP_VERSION, events.events, events.dropped)


def _group_backlog(conn, writer: Writer, grouper: Grouper, report: IngestReport) -> int:
    """Group stored articles that never were (ingested with group=False, or before grouping existed); what that
    finds is counted in ``report`` like any batch."""
    done = 0
    for backlog in ungrouped_articles(conn):
        grouping = grouper.run(backlog, stored_story_terms(conn, [a.id for a in backlog]))
        writer.write_grouping(grouping)
        done += len(backlog)
        report.near_duplicates += len(grouping.matches)
        report.stories_new += grouping.new_stories
    return done


class _Batch:
    """Documents waiting to be cleaned and written together."""

    def __init__(
        self, writer: Writer, grouper: Grouper | None, annotate: bool, report: IngestReport, on_issue: IssueCallback | None
    ) -> None:
        self.writer, self.grouper, self.annotate, self.report, self.on_issue = writer, grouper, annotate, report, on_issue
        self.docs: list[Document] = []
        self.bytes = 0

    def add(self, doc: Document) -> None:
        self.docs.append(doc)
        self.bytes += doc.size

    def flush(self) -> None:
        if not self.docs:
            return
        docs, self.docs, self.bytes = self.docs, [], 0
        verdicts = self.writer.verdicts(d.id for d in docs)
        fresh: dict[str, Document] = {}  # the first copy of each document not stored yet
        seen: list[Document] = []
        for doc in docs:
            if doc.id in verdicts or doc.id in fresh:
                seen.append(doc)
            else:
                fresh[doc.id] = doc
        cleaned = clean.run(list(fresh.values()))
        articles = [a for c in cleaned for a in c.articles]
        annotated = _annotate(self._new(articles), self.report) if self.annotate else []
        terms = {aid: story_terms(a) for aid, a in annotated}
        grouping = self.grouper.run(articles, terms) if self.grouper else None
        if grouping is not None and annotated:
            _resolve_in_stories(self.writer.conn, annotated, grouping)
        story_of = {a.article_id: a.story_id for a in grouping.assignments} if grouping is not None else {}
        events = story_events(self.writer.conn, annotated, articles, story_of)
        self.report.events += len(events.events)
        batch = cleaned + [clean.Cleaned(d) for d in seen]
        result = self.writer.write(batch, grouping, annotated, NLP_VERSION, events.events, events.dropped)
        report = self.report
        if grouping is not None:
            report.near_duplicates += len(grouping.matches)
            report.stories_new += grouping.new_stories
        report.documents += len(docs)
        report.documents_new += result.documents_new
        report.documents_seen += result.documents_seen
        report.articles_new += result.articles_new
        report.exact_duplicates += result.articles_duplicate
        report.articles += result.articles_new + result.articles_duplicate
        verdicts.update((c.document.id, Verdict.of(c.document)) for c in cleaned)
        for doc in docs:  # every input read gets its message, also one seen before (a copy, or a rerun)
            self._issues(doc.label, verdicts[doc.id])

    def _new(self, articles: list[Article]) -> list[Article]:
        """The articles not stored yet, each once."""
        stored = self.writer.known_articles(a.id for a in articles)
        new: dict[str, Article] = {}
        for article in articles:
            if article.id not in stored:
                new.setdefault(article.id, article)
        return list(new.values())

    def _issues(self, label: str, verdict: Verdict) -> None:
        found = []
        if verdict.status == "rejected":
            self.report.rejected[verdict.reason or "unknown"] += 1
            found.append(Issue(label, "rejected", verdict.reason or "unknown", verdict.message or ""))
        for warning in verdict.warnings:
            self.report.warnings += 1
            found.append(Issue(label, "warning", "decoded" if "decod" in warning or "UTF" in warning else "data", warning))
        for issue in found:
            log.warning("%s", issue)
            if len(self.report.issues) < MAX_ISSUES_KEPT:
                self.report.issues.append(issue)
            if self.on_issue:
                self.on_issue(issue)
