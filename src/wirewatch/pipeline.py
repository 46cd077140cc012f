"""Ingest: read inputs → clean into articles → group (near-duplicates, stories) → store, in batches.

Each batch is cleaned by :func:`wirewatch.clean.run` (a pure step that could run in a worker process), grouped
by :class:`wirewatch.dedup.Grouper` (stateful: each article is compared with all before it) and written in one
transaction. Documents already in the database are recognised by their content hash and not
cleaned again; only the new place they were read from is recorded.
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
from wirewatch.dedup import Grouper
from wirewatch.models import Document
from wirewatch.readers import iter_inputs, read_file
from wirewatch.store import Writer, connect
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
    on_progress: ProgressCallback | None = None,
    on_issue: IssueCallback | None = None,
) -> IngestReport:
    """Read every input under ``paths`` into the database ``db`` and return what was done.

    With ``group=False`` articles are stored without near-duplicate and story grouping (memory then stays flat
    whatever the corpus size); the next grouped ingest, or :func:`group`, groups them.

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
        grouper = Grouper(conn) if group else None
        if grouper is not None:
            report.regrouped = _group_backlog(conn, writer, grouper, report)
        batch = _Batch(writer, grouper, report, on_issue)
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
    started = time.perf_counter()
    db_path = Path(db) if db is not None else default_db()
    report = IngestReport(db=str(db_path))
    conn = connect(db_path)
    try:
        writer = Writer(conn)
        run_id = writer.start_run("group", [])
        report.regrouped = _group_backlog(conn, writer, Grouper(conn), report)
        report.seconds = time.perf_counter() - started
        writer.finish_run(run_id, report.as_dict())
    finally:
        conn.close()
    return report


def _group_backlog(conn, writer: Writer, grouper: Grouper, report: IngestReport) -> int:
    """Group stored articles that never were (ingested with group=False, or before grouping existed); what that
    finds is counted in ``report`` like any batch."""
    done = 0
    for backlog in ungrouped_articles(conn):
        grouping = grouper.run(backlog)
        writer.write_grouping(grouping)
        done += len(backlog)
        report.near_duplicates += len(grouping.matches)
        report.stories_new += grouping.new_stories
    return done


class _Batch:
    """Documents waiting to be cleaned and written together."""

    def __init__(self, writer: Writer, grouper: Grouper | None, report: IngestReport, on_issue: IssueCallback | None) -> None:
        self.writer, self.grouper, self.report, self.on_issue = writer, grouper, report, on_issue
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
        grouping = self.grouper.run([a for c in cleaned for a in c.articles]) if self.grouper else None
        result = self.writer.write(cleaned + [clean.Cleaned(d) for d in seen], grouping)
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
