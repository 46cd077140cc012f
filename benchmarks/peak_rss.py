"""Run a wirewatch command in this process and print its peak resident memory (VmHWM) and time at exit.

    .venv/bin/python benchmarks/peak_rss.py ingest SHARD... --db m.db --no-group -q

``VmHWM`` belongs to this process's own address space. ``ru_maxrss`` as a parent reads it from ``wait4`` is not
used: Linux carries the forked parent's high-water mark across ``exec``.
"""

from __future__ import annotations

import sys
import time

from wirewatch.cli import main

if __name__ == "__main__":
    started = time.perf_counter()
    code = main(sys.argv[1:])
    with open("/proc/self/status") as f:
        peak_kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))
    print(f"exit {code}, peak RSS {peak_kib / 1024:.1f} MiB, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    sys.exit(code)
