"""Bad input never stops a run: each bad input gets one message naming it and the reason, the rest is ingested,
rejected inputs are stored with their reason and raw bytes, and a rerun adds nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import wirewatch
from wirewatch.pipeline import IngestReport

from .conftest import SEEDS, Expect, build_bad_corpus, documents_of, stored_documents, table_counts

MiB = 1024 * 1024
HUGE_BYTES = 200 * MiB


def _file_of(label: str) -> str:
    """The path part of an issue's input label (``/path/file [line:3]`` → ``/path/file``)."""
    return label.split(" [", 1)[0]


def _issues_by_file(report: IngestReport) -> dict[str, list]:
    found: dict[str, list] = {}
    for issue in report.issues:
        found.setdefault(_file_of(issue.input), []).append(issue)
    return found


@pytest.fixture(scope="module")
def ingested(bad_corpus, tmp_path_factory) -> tuple[Path, dict[str, Expect], IngestReport, Path]:
    root, expect = bad_corpus
    db = tmp_path_factory.mktemp("db") / "bad.db"
    report = wirewatch.ingest(root, db)
    return root, expect, report, db


def test_each_bad_input_gets_one_issue_naming_it_and_the_reason(ingested):
    root, expect, report, _ = ingested
    by_file = _issues_by_file(report)
    for name, e in expect.items():
        issues = by_file.get(str((root / name).resolve()), [])
        if e.kind == "none":
            assert issues == [], f"{name} is read cleanly, yet: {issues}"
            continue
        assert len(issues) == 1, f"{name}: expected one issue, got {issues}"
        issue = issues[0]
        assert (issue.kind, issue.reason) == (e.kind, e.reason), f"{name}: {issue}"
        assert e.says in issue.message, f"{name}: {issue.message!r} does not say {e.says!r}"
        assert str(root / name) in str(issue) and e.says in str(issue)
    files_with_issues = {Path(f).name for f in by_file}
    assert files_with_issues == {n for n, e in expect.items() if e.kind != "none"}, "a good input got an issue"
    assert report.exit_code == 2
    assert sum(report.rejected.values()) == sum(e.kind == "rejected" for e in expect.values())
    assert report.warnings == sum(e.kind == "warning" for e in expect.values())


def test_good_inputs_and_good_records_are_all_ingested(ingested):
    root, _, report, db = ingested
    with sqlite3.connect(db) as conn:
        linked = {r[0] for r in conn.execute("SELECT DISTINCT document_id FROM article_documents")}
    for seed in sorted(SEEDS.glob("*.txt")):
        [doc] = documents_of(db, root / "good" / seed.name)
        assert doc["status"] == "ok" and doc["encoding"] == "utf-8" and doc["id"] in linked
    for name, good in (("broken.warc", 3), ("broken.warc.gz", 3), ("bad-line.jsonl", 3), ("not-object.jsonl", 1)):
        ok = [d for d in documents_of(db, root / name) if d["status"] == "ok"]
        assert len(ok) == good, name
        assert all(d["id"] in linked for d in ok), f"{name}: a good record gave no article"
    readable = [d for d in documents_of(db, root / "truncated.jsonl.gz") if d["status"] == "ok"]
    assert len(readable) > 100, "the lines before the truncation point are read"
    assert [d["record"] for d in readable] == [f"line:{n}" for n in range(1, len(readable) + 1)]
    [malformed] = documents_of(db, root / "malformed.html")
    assert malformed["status"] == "ok" and malformed["id"] in linked
    with wirewatch.open(db) as database:
        titles = [a["title"] or "" for a in database.articles()]
    assert any("Rebels seize the town of Qasr" in t for t in titles)
    assert report.articles_new > 0 and report.documents == len(stored_documents(db))


@pytest.mark.parametrize(
    ("name", "encoding", "warning"),
    [
        ("cp1252.txt", "cp1252", "not UTF-8; decoded as Windows-1252"),
        ("utf16-bom.txt", "utf-16", None),
        ("invalid-utf8.txt", "utf-8", "invalid UTF-8 (3 bad byte sequence(s), first at byte 1501); replaced with U+FFFD"),
    ],
)
def test_legacy_and_broken_encodings_are_decoded_and_recorded(ingested, name, encoding, warning):
    root, _, _, db = ingested
    [doc] = documents_of(db, root / name)
    assert (doc["status"], doc["encoding"]) == ("ok", encoding)
    assert doc["warnings"] == ([warning] if warning else [])
    with wirewatch.open(db) as database:
        text = database.text(doc["id"])
    if name == "cp1252.txt":
        assert "\u201cno deal\u201d" in text and "caf\u00e9" in text
    elif name == "utf16-bom.txt":
        assert text.startswith("Floods cut the coastal road") and "governor\u2019s" in text
    else:
        assert "\ufffd" in text and "Iraqi" in text


def test_rejected_inputs_are_stored_with_reason_message_and_raw_bytes(ingested):
    root, expect, _, db = ingested
    with wirewatch.open(db) as database:
        for name, e in expect.items():
            if e.kind != "rejected":
                continue
            data = (root / name).read_bytes()
            [doc] = [d for d in documents_of(db, root / name) if d["status"] == "rejected"]
            assert (doc["reason"], doc["status"]) == (e.reason, "rejected")
            assert e.says in doc["message"]
            raw = database.raw(doc["id"])
            assert hashlib.sha256(raw).hexdigest() == doc["sha256"] and len(raw) == doc["size"]
            if e.record:  # one record of the file: its bytes, found at its offset
                assert raw and data[doc["offset"] : doc["offset"] + len(raw)] == raw, name
                assert doc["record"] == f"offset:{doc['offset']}" or doc["record"].startswith("line:")
            else:
                assert raw == data, f"{name}: the raw bytes stored are not the file's"


def test_broken_warc_records_are_rejected_at_their_offset(ingested):
    root, _, _, db = ingested
    for name in ("broken.warc", "broken.warc.gz"):
        data = (root / name).read_bytes()
        [doc] = [d for d in documents_of(db, root / name) if d["status"] == "rejected"]
        assert f"byte {doc['offset']:,}" in doc["message"]
        if name.endswith(".gz"):
            assert data[doc["offset"] : doc["offset"] + 2] == b"\x1f\x8b", "the offset of its gzip member"
        else:
            assert data[doc["offset"] :].startswith(b"WARC/1.0\r\nthis line is not a header")


def test_rerun_adds_nothing_and_reports_the_same_issues(bad_corpus, tmp_path):
    root, _ = bad_corpus
    db = tmp_path / "rerun.db"
    first = wirewatch.ingest(root, db)
    counts = table_counts(db)
    again = wirewatch.ingest(root, db)
    assert table_counts(db) == counts
    assert (again.documents_new, again.articles_new, again.documents_seen) == (0, 0, first.documents)
    assert sorted(map(str, again.issues)) == sorted(map(str, first.issues))
    assert again.exit_code == first.exit_code == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0] == 2


def test_cli_names_each_bad_input_with_its_reason_and_exits_2(ingested, cli, tmp_path):
    root, expect, _, library_db = ingested
    db = tmp_path / "cli.db"
    result = cli("ingest", root, "--db", db)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    for name, e in expect.items():
        path = str((root / name).resolve())
        mine = [line for line in lines if path + " " in line or path + ":" in line or line.endswith(path)]
        if e.kind == "none":
            assert mine == [], f"{name} is read cleanly, yet the CLI says {mine}"
        else:
            assert len(mine) == 1, f"{name}: expected one line on stderr, got {mine}\n{result.stderr}"
            assert mine[0].startswith(e.kind) and e.says in mine[0], mine[0]
    assert table_counts(db) == table_counts(library_db), "the CLI stores what the library stores"
    counts = table_counts(db)
    rerun = cli("ingest", root, "--db", db, "--quiet")
    assert rerun.returncode == 2 and table_counts(db) == counts
    said = sorted(line for line in lines if line.startswith(("rejected", "warning")))
    assert sorted(rerun.stderr.splitlines()) == said, "a rerun names the same bad inputs"


def _write_huge(path: Path, size: int) -> str:
    """A text file of ``size`` bytes made of seed pages, written 1 MiB at a time; its sha256."""
    page = (SEEDS / "000_7abf4f77b059df91.txt").read_bytes()
    block = (page * (MiB // len(page) + 1))[:MiB]
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for n in range(size // MiB):
            chunk = block[:-8] + f"{n:07d}\n".encode()  # no two chunks alike
            f.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


_PEAK = (
    "import sys\n"
    "from wirewatch.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
    "print(f'VmHWM {peak}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _cli_with_peak_memory(args: list[str]) -> tuple[int, str, int]:
    """Run ``wirewatch ARGS`` and return its exit code, stderr and peak resident memory in bytes.

    The peak is the process's own ``VmHWM``: ``ru_maxrss`` from ``wait4`` would include the high-water mark of
    the forked copy of this (test) process, which Linux carries across ``exec``.
    """
    env = {k: v for k, v in os.environ.items() if k != "WIREWATCH_DB"}
    proc = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, env=env)
    *lines, last = proc.stderr.rstrip("\n").split("\n")
    assert last.startswith("VmHWM "), proc.stderr[-2000:]
    return proc.returncode, "\n".join(lines), int(last.split()[1]) * 1024  # KiB


@pytest.mark.slow
def test_200mb_text_file_is_rejected_streaming_and_stored_whole(tmp_path):
    root = tmp_path / "corpus"
    expect = build_bad_corpus(root)
    huge = root / "huge.txt"
    sha256 = _write_huge(huge, HUGE_BYTES)
    says = "209,715,200 bytes, over the 16,777,216-byte limit for one page"

    report = wirewatch.ingest(root, tmp_path / "library.db")
    [issue] = _issues_by_file(report)[str(huge.resolve())]
    assert (issue.kind, issue.reason) == ("rejected", "too-large") and says in issue.message

    db = tmp_path / "cli.db"
    # --no-annotate: this measures the reader; the NLP stage's models (~0.5 GB) would load for the good inputs
    code, stderr, peak = _cli_with_peak_memory(["ingest", str(root), "--db", str(db), "--no-annotate"])
    assert code == 2, stderr
    [line] = [line for line in stderr.splitlines() if str(huge) in line]
    assert line.startswith("rejected") and says in line
    assert peak < 150 * MiB, f"peak memory {peak / MiB:.0f} MiB for a 200 MiB file: the reader does not stream"
    assert sum(str(root / name) in stderr for name, e in expect.items() if e.kind != "none") == sum(
        e.kind != "none" for e in expect.values()
    )

    [doc] = documents_of(db, huge)
    assert (doc["status"], doc["reason"], doc["size"], doc["sha256"]) == ("rejected", "too-large", HUGE_BYTES, sha256)
    assert says in doc["message"]
    stored = hashlib.sha256()
    with wirewatch.open(db) as database:
        for chunk in database.raw_chunks(doc["id"]):  # one chunk at a time: 200 MiB is never held twice
            stored.update(chunk)
    assert stored.hexdigest() == sha256, "the raw bytes stored are not the whole file"
    # the NLP stage's tables (entities, places, dates and the events it finds), and term_df, to which its place ids
    # add story terms
    nlp_tables = {"article_nlp", "entities", "entity_mentions", "places", "place_mentions", "date_mentions", "term_df"}
    nlp_tables |= {"events", "event_participants", "event_mentions"}
    core = [{t: n for t, n in table_counts(d).items() if t not in nlp_tables} for d in (db, tmp_path / "library.db")]
    assert core[0] == core[1]

    counts = table_counts(db)
    code, _, _ = _cli_with_peak_memory(["ingest", str(root), "--db", str(db), "--quiet", "--no-annotate"])
    assert code == 2 and table_counts(db) == counts, "a rerun adds nothing"
    shutil.rmtree(root)
