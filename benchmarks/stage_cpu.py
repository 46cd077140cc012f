"""CPU time per article of each ingest stage (read, clean, group, store), all in one process, median of runs.

    .venv/bin/python benchmarks/stage_cpu.py benchmarks/out/text-5000-s0 [--runs 3] [--no-group]

The same functions ``wirewatch ingest`` calls, timed one stage at a time over the whole corpus (so the numbers
add up without profiler overhead); batches of 256 as in the pipeline.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from wirewatch import clean
from wirewatch.dedup import Grouper
from wirewatch.readers import iter_inputs, read_file
from wirewatch.store import Writer, connect

BATCH = 256


def once(paths: list[str], group: bool) -> tuple[dict[str, float], int]:
    spent: dict[str, float] = {}

    def timed(stage: str, started: float) -> None:
        spent[stage] = spent.get(stage, 0.0) + time.process_time() - started

    t = time.process_time()
    docs = [doc for name in iter_inputs(paths) for doc in read_file(Path(name))]
    timed("read", t)
    t = time.process_time()
    cleaned = clean.run(docs)
    timed("clean", t)
    conn = connect(Path(tempfile.mkdtemp()) / "bench.db")
    writer, grouper = Writer(conn), Grouper(conn) if group else None
    for i in range(0, len(cleaned), BATCH):
        batch = cleaned[i : i + BATCH]
        t = time.process_time()
        grouping = grouper.run([a for c in batch for a in c.articles]) if grouper else None
        timed("group", t)
        t = time.process_time()
        writer.write(batch, grouping)
        timed("store", t)
    conn.close()
    return spent, sum(len(c.articles) for c in cleaned)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-group", action="store_true")
    args = parser.parse_args()
    runs = [once(args.paths, not args.no_group) for _ in range(args.runs)]
    articles = runs[0][1]
    print(f"{articles:,} articles, median of {args.runs} runs, CPU time")
    for stage in runs[0][0]:
        seconds = statistics.median(r[0][stage] for r in runs)
        print(f"{stage:6s} {seconds:7.2f} s {seconds / articles * 1e6:7.0f} us/article")
    total = statistics.median(sum(r[0].values()) for r in runs)
    print(f"total  {total:7.2f} s {articles / total:7.0f} articles/s")


if __name__ == "__main__":
    main()
