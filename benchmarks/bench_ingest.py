"""Ingest speed and memory: each measurement is ``wirewatch ingest`` in a fresh process, pinned to one core.

A run is ``taskset -c CPU wirewatch ingest PATH... --db FRESH.db -q`` (``os.sched_setaffinity`` in the child
where there is no ``taskset``), forked by a small launcher. Wall time is measured around the process; peak RSS
is its own ``ru_maxrss`` (``os.wait4`` in the launcher); the counts (documents, articles, bytes, in-process
seconds) come from the run's row in the database's ``runs`` table. Each measurement is repeated and the median
kept.

The stage split runs the same command (``wirewatch.cli.main``) in a child with timers wrapped round the stages
(no profiler, so no profiler overhead): expand inputs (``iter_inputs``), read (``readers.read_file``), clean
(``clean.run``), group (``dedup.Grouper.run``: near-duplicates and stories), store (``Writer.write`` and
``Writer.verdicts``). A second child runs it under cProfile for the top functions.

Code measured: the committed tree at ``--at-commit`` (default HEAD), exported with ``git archive`` and put first
on ``PYTHONPATH``, so uncommitted edits in ``src/`` do not leak into the numbers; ``--at-commit worktree``
measures the working tree instead.

    python benchmarks/bench_ingest.py text --repeats 3
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


@dataclass
class Target:
    """The code to measure: where its ``src`` is and which commit it is."""

    commit: str
    src: Path
    dirty: bool = False  # measuring a working tree with uncommitted changes in src/

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(self.src) + os.pathsep + env.get("PYTHONPATH", "")
        env.pop("WIREWATCH_DB", None)
        return env


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def checkout(rev: str, workdir: Path) -> Target:
    """``src/`` as committed at ``rev`` (exported under ``workdir``), or the working tree for ``worktree``."""
    if rev == "worktree":
        dirty = bool(_git("status", "--porcelain", "--", "src"))
        return Target(_git("rev-parse", "--short", "HEAD"), ROOT / "src", dirty)
    commit = _git("rev-parse", "--short", rev)
    dest = workdir / f"src-{commit}"
    if not (dest / "src" / "wirewatch" / "__init__.py").exists():
        archive = subprocess.run(["git", "archive", commit, "src"], cwd=ROOT, check=True, capture_output=True).stdout
        shutil.rmtree(dest, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    return Target(commit, dest / "src")


def wirewatch_command() -> list[str]:
    script = Path(sys.executable).parent / "wirewatch"
    if script.exists():
        return [str(script)]
    found = shutil.which("wirewatch")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from wirewatch.cli import run; sys.exit(run())"]


def pinned(command: list[str], cpu: int) -> tuple[list[str], object]:
    """``command`` pinned to ``cpu``: through taskset if there is one, else by affinity set in the child."""
    taskset = shutil.which("taskset")
    if taskset:
        return ["taskset", "-c", str(cpu), *command], None
    return command, lambda: os.sched_setaffinity(0, {cpu})


@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + system CPU time of the process: what contention from other processes does not inflate
    ingest_s: float  # the run's own timing (from inside the process: no interpreter start-up or imports)
    peak_rss_mb: float
    db_mb: float
    exit_code: int
    stats: dict
    rss_samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, RSS MB) every sample_every s
    load_average: float = 0.0  # 1-minute load average when the run started (2 means both cores busy)


class _Sampler(threading.Thread):
    """Samples the child's RSS (psutil) and prints a heartbeat for long runs."""

    def __init__(self, pid: int, every: float, db: Path, label: str, heartbeat: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.db, self.label, self.heartbeat = pid, every, db, label, heartbeat
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            import psutil

            launcher = psutil.Process(self.pid)
            children: list = []
            while not children and not self.stop.wait(0.01):
                children = launcher.children()
            if not children:
                return
            proc = children[0]
        except Exception:  # no psutil, or the child already gone: peak RSS still comes from wait4
            return
        started = last = time.perf_counter()
        while not self.stop.wait(self.every):
            try:
                rss = proc.memory_info().rss / MB
            except Exception:
                return
            now = time.perf_counter()
            self.samples.append((round(now - started, 1), round(rss, 1)))
            if self.heartbeat and now - last >= self.heartbeat:
                last = now
                size = sum(p.stat().st_size for p in self.db.parent.glob(self.db.name + "*")) / MB
                line = f"    {self.label}: {now - started:5.0f} s, RSS {rss:6.1f} MB, db {size:7.1f} MB"
                print(line, file=sys.stderr, flush=True)


LAUNCHER = r"""
import json, os, sys, time
out, command = sys.argv[1], sys.argv[2:]
floor = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
result = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss, "floor_kb": floor, "code": code}
with open(out, "w") as f:
    json.dump(result, f)
sys.exit(code)
"""


def ingest_once(
    paths: list[Path], db: Path, target: Target, cpu: int = 0, label: str = "", heartbeat: float = 0, sample_every: float = 0.5
) -> Run:
    """One ``wirewatch ingest`` into a fresh database ``db``.

    The command is forked by a small launcher (``python -S``), which times it and reads its rusage: a process
    inherits the peak RSS of the process it was forked from (Linux keeps the larger of the two across ``exec``),
    so forking it from this process would put this process's own peak under every measurement.
    """
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    command, preexec = pinned([*wirewatch_command(), "ingest", *map(str, paths), "--db", str(db), "-q"], cpu)
    result_file = db.with_suffix(".rusage.json")
    launcher = [sys.executable, "-S", "-c", LAUNCHER, str(result_file), *command]
    load = os.getloadavg()[0]
    proc = subprocess.Popen(launcher, env=target.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=preexec)  # type: ignore[arg-type]
    sampler = _Sampler(proc.pid, sample_every, db, label, heartbeat)
    sampler.start()
    _, err = proc.communicate()
    sampler.stop.set()
    sampler.join()
    usage = json.loads(result_file.read_text()) if result_file.exists() else {"code": proc.returncode}
    result_file.unlink(missing_ok=True)
    if usage["code"] not in (0, 2):
        raise RuntimeError(f"{' '.join(command)} exited {usage['code']}:\n{err.decode(errors='replace')[-2000:]}")
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0])
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / MB
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    peak = usage["maxrss_kb"] * 1024 / MB
    if usage["maxrss_kb"] <= usage["floor_kb"] * 1.05:
        print(
            f"  warning: peak RSS {peak:.1f} MB is no more than the launcher's own; the measurement is a floor", file=sys.stderr
        )
    return Run(usage["wall"], usage["cpu"], stats["seconds"], peak, size, usage["code"], stats, sampler.samples, round(load, 2))


@dataclass
class Measurement:
    name: str
    command: str
    runs: list[Run]
    unit: str = "documents"  # what "documents" are for this corpus: pages, records, ...
    records: int | None = None  # WARC records of every type (responses, requests, metadata, warcinfo)
    note: str = ""

    def summary(self) -> dict:
        walls = [r.wall_s for r in self.runs]
        wall = statistics.median(walls)
        cpu = statistics.median(r.cpu_s for r in self.runs)
        ingest = statistics.median(r.ingest_s for r in self.runs)
        stats = self.runs[0].stats  # the counts are the same in every run (a fresh database each time)
        docs, articles, size = stats["documents"], stats["articles"], stats["bytes"]
        out = {
            "name": self.name,
            "command": self.command,
            "repeats": len(self.runs),
            "unit": self.unit,
            "files": stats["files"],
            "documents": docs,
            "documents_new": stats["documents_new"],
            "articles": articles,
            "articles_new": stats["articles_new"],
            "rejected": stats["rejected"],
            "skipped": stats["skipped"],
            "input_mb": round(size / MB, 2),
            "wall_s": round(wall, 3),
            "wall_s_all": [round(w, 3) for w in walls],
            "cpu_s": round(cpu, 3),
            "cpu_s_all": [round(r.cpu_s, 3) for r in self.runs],
            "ingest_s": round(ingest, 3),
            "docs_per_s": round(docs / wall, 1),
            "docs_per_s_cpu": round(docs / cpu, 1),
            "articles_per_s": round(articles / wall, 1),
            "articles_per_s_cpu": round(articles / cpu, 1),
            "mb_per_s": round(size / MB / wall, 2),
            "mb_per_s_cpu": round(size / MB / cpu, 2),
            "load_average": [r.load_average for r in self.runs],
            "peak_rss_mb": round(statistics.median(r.peak_rss_mb for r in self.runs), 1),
            "peak_rss_mb_all": [round(r.peak_rss_mb, 1) for r in self.runs],
            "db_mb": round(self.runs[0].db_mb, 1),
            "note": self.note,
        }
        if self.records is not None:
            out["records"] = self.records
            out["records_per_s"] = round(self.records / wall, 1)
            out["records_per_s_cpu"] = round(self.records / cpu, 1)
        samples = max(self.runs, key=lambda r: len(r.rss_samples)).rss_samples
        if len(samples) >= 4:  # RSS at a quarter, half, three quarters and the end of the longest run
            out["rss_mb_over_run"] = [samples[min(len(samples) - 1, len(samples) * q // 4)][1] for q in (1, 2, 3, 4)]
        return out


def display_command(paths: list[Path], cpu: int) -> str:
    shown = [os.path.relpath(p, ROOT) for p in paths]
    if len(shown) > 4:
        shown = [*shown[:2], "...", shown[-1]]
    taskset = f"taskset -c {cpu} " if shutil.which("taskset") else ""
    return f"{taskset}.venv/bin/wirewatch ingest {' '.join(shown)} --db FRESH.db -q"


def measure(
    name: str, paths: list[Path], target: Target, workdir: Path, repeats: int = 3, cpu: int = 0, heartbeat: float = 0, **kw
) -> Measurement:
    runs = []
    for i in range(repeats):
        run = ingest_once(paths, workdir / "dbs" / f"{name}.db", target, cpu, label=f"{name} #{i + 1}", heartbeat=heartbeat)
        print(
            f"  {name} #{i + 1}: {run.wall_s:.2f} s wall, {run.cpu_s:.2f} s CPU, {run.ingest_s:.2f} s ingest, "
            f"peak RSS {run.peak_rss_mb:.1f} MB, {run.stats['documents']} documents",
            file=sys.stderr,
            flush=True,
        )
        runs.append(run)
    return Measurement(name, display_command(paths, cpu), runs, **kw)


# --- the stage split (runs in a child: python bench_ingest.py _stages ...) -----------------------------------

STAGE_CHILD = r"""
import json, sys, time
import wirewatch.clean, wirewatch.pipeline as pipeline
from wirewatch.store.sqlite import Writer

MARK = "@@stages "
STAGES = ("expand inputs", "read", "clean", "group", "store")
spent = {k: 0.0 for k in STAGES}  # wall seconds
spent_cpu = {k: 0.0 for k in STAGES}  # CPU seconds of the process

def timed(stage, fn):
    def wrapper(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **k)
        finally:
            spent[stage] += time.perf_counter() - t
            spent_cpu[stage] += time.process_time() - c
    return wrapper

def timed_reader(fn, stage="read"):
    def wrapper(*a, **k):
        it = fn(*a, **k)
        while True:
            t, c = time.perf_counter(), time.process_time()
            try:
                doc = next(it)
            except StopIteration:
                return
            finally:
                spent[stage] += time.perf_counter() - t
                spent_cpu[stage] += time.process_time() - c
            yield doc
    return wrapper

pipeline.iter_inputs = timed_reader(pipeline.iter_inputs, "expand inputs")  # a generator: timed as it is walked
pipeline.read_file = timed_reader(pipeline.read_file)
wirewatch.clean.run = timed("clean", wirewatch.clean.run)
Writer.write = timed("store", Writer.write)
Writer.verdicts = timed("store", Writer.verdicts)
if hasattr(pipeline, "Grouper"):
    pipeline.Grouper.run = timed("group", pipeline.Grouper.run)

paths, db, mode = sys.argv[1:-2], sys.argv[-2], sys.argv[-1]
from wirewatch.cli import main  # the command itself, as `wirewatch ingest` runs it

def ingest():
    code = main(["ingest", *paths, "--db", db, "-q"])
    assert code in (0, 2), f"wirewatch ingest exited {code}"

if mode == "profile":
    import cProfile, io, pstats
    prof = cProfile.Profile()
    prof.enable()
    ingest()
    prof.disable()
    out = {}
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(25 if key == "tottime" else 45)
        out[key] = buf.getvalue()
else:
    t, c = time.perf_counter(), time.process_time()
    ingest()
    total, total_cpu = time.perf_counter() - t, time.process_time() - c
    spent["other"] = total - sum(spent.values())
    spent_cpu["other"] = total_cpu - sum(spent_cpu.values())
    out = {"total": total, "total_cpu": total_cpu, "stages": spent, "stages_cpu": spent_cpu}
print(MARK + json.dumps(out))
"""


def _child(paths: list[Path], db: Path, target: Target, cpu: int, mode: str) -> dict:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    command, preexec = pinned([sys.executable, "-c", STAGE_CHILD, *map(str, paths), str(db), mode], cpu)
    done = subprocess.run(command, env=target.env(), capture_output=True, text=True, preexec_fn=preexec)  # type: ignore[arg-type]
    if done.returncode != 0:
        raise RuntimeError(f"stage run failed:\n{done.stderr[-2000:]}")
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    return json.loads(next(line for line in done.stdout.splitlines() if line.startswith("@@stages "))[9:])


def stages(name: str, paths: list[Path], target: Target, workdir: Path, repeats: int = 3, cpu: int = 0) -> dict:
    """Where the time of an ingest goes: median seconds per stage over ``repeats`` runs, and a cProfile."""
    db = workdir / "dbs" / f"stages-{name}.db"
    runs = [_child(paths, db, target, cpu, "stages") for _ in range(repeats)]
    total = statistics.median(r["total"] for r in runs)
    total_cpu = statistics.median(r["total_cpu"] for r in runs)
    split = {k: statistics.median(r["stages"][k] for r in runs) for k in runs[0]["stages"]}
    split_cpu = {k: statistics.median(r["stages_cpu"][k] for r in runs) for k in runs[0]["stages"]}
    profile = _child(paths, db, target, cpu, "profile")
    print(f"  stages {name}: " + ", ".join(f"{k} {v:.2f} s" for k, v in split.items()), file=sys.stderr, flush=True)
    return {
        "name": name,
        "repeats": repeats,
        "total_s": round(total, 3),
        "stages_s": {k: round(v, 3) for k, v in split.items()},
        "stages_pct": {k: round(100 * v / total, 1) for k, v in split.items()},
        "total_cpu_s": round(total_cpu, 3),
        "stages_cpu_s": {k: round(v, 3) for k, v in split_cpu.items()},
        "profile_tottime": profile["tottime"],
        "profile_cumulative": profile["cumulative"],
    }


def main() -> None:
    import corpus

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", choices=["text", "html", "warc", "warc-responses", "jsonl", "stages"])
    parser.add_argument("--workdir", type=Path, default=corpus.DEFAULT_WORKDIR)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--at-commit", default="HEAD", help="commit to measure, or 'worktree' for the working tree")
    args = parser.parse_args()
    target = checkout(args.at_commit, args.workdir)
    if args.corpus == "stages":
        result = stages("text", [corpus.build_text(args.workdir)], target, args.workdir, args.repeats, args.cpu)
        print(result["profile_tottime"])
        result = {k: v for k, v in result.items() if not k.startswith("profile")}
    else:
        paths = {
            "text": lambda: [corpus.build_text(args.workdir)],
            "html": lambda: [corpus.build_html(args.workdir)],
            "warc": lambda: [corpus.build_warc(args.workdir)],
            "warc-responses": lambda: [corpus.build_warc(args.workdir, responses_only=True)],
            "jsonl": lambda: [corpus.demo_jsonl()],
        }[args.corpus]()
        result = measure(args.corpus, paths, target, args.workdir, args.repeats, args.cpu).summary()
    print(json.dumps({"commit": target.commit, **result}, indent=1))


if __name__ == "__main__":
    main()
