"""All the ingest benchmarks: speed per input format, the stage split, memory at 1x, 10x and 100x.

Builds the corpora (``corpus.py``), runs each measurement ``--repeats`` times in a fresh single-core process
(``bench_ingest.py``), writes every number to ``--results`` (JSON) and prints the tables as markdown.

    .venv/bin/python benchmarks/run_all.py            # everything (about 25 minutes on 2 shared cores)
    .venv/bin/python benchmarks/run_all.py --quick    # no 100x run (about 5 minutes)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

import bench_ingest
import corpus

TARGETS = {"text": ("articles_per_s", 2000, "text dumps ≥ 2,000 articles/s"), "html": ("docs_per_s", 80, "HTML ≥ 80 pages/s")}
FLAT_RATIO = 1.25  # peak RSS at 100x within 25% of 1x counts as flat


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def speed(args, target: bench_ingest.Target) -> list[dict]:
    work = args.workdir
    runs = [
        (
            "text",
            [corpus.build_text(work, args.text_pages)],
            {"unit": "pages", "note": f"{args.text_pages:,} seed-style page dumps"},
        ),
        (
            "html",
            [corpus.build_html(work)],
            {"unit": "pages", "note": "91 real news pages x 5 copies"},
        ),
        (
            "warc",
            [corpus.build_warc(work)],
            {"unit": "responses", "records": corpus.warc_record_count(), "note": "the 91 pages + request, metadata, warcinfo"},
        ),
        (
            "warc-responses",
            [corpus.build_warc(work, responses_only=True)],
            {
                "unit": "responses",
                "records": corpus.warc_record_count(responses_only=True),
                "note": "the 91 pages, responses only",
            },
        ),
        ("jsonl", [corpus.demo_jsonl()], {"unit": "records", "note": "data/demo as it is (JSONL.gz + 2 seed pages)"}),
    ]
    results = []
    for name, paths, kw in runs:
        log(f"speed: {name}")
        try:
            results.append(bench_ingest.measure(name, paths, target, work, args.repeats, args.cpu, **kw).summary())
        except RuntimeError as e:
            log(f"  {name} FAILED: {str(e).splitlines()[-1]}")
            results.append({"name": name, "error": str(e)[-1500:], "command": bench_ingest.display_command(paths, args.cpu)})
    return results


def scaling(args, target: bench_ingest.Target, records_only: bool = False) -> list[dict]:
    """Peak RSS at 1x, 10x, 100x: the shards whole (one file a page), or only their JSONL files (``records_only``:
    the same growth in records with few files, which separates memory per input file from memory per document)."""
    results = []
    for scale in [1, 10] + ([] if args.quick else [100]):
        log(f"scaling: {scale}x (building shards)")
        shards = corpus.build_scale(args.workdir, scale)
        name = f"scale-records-{scale}x" if records_only else f"scale-{scale}x"
        if records_only:
            shards = [next(shard.glob("records-*.jsonl")) for shard in shards]
        log(f"scaling: {name} (ingest)")
        heartbeat = 30 if scale >= 10 else 0
        m = bench_ingest.measure(name, shards, target, args.workdir, args.repeats, args.cpu, heartbeat=heartbeat)
        what = "JSONL file(s) of 1,000 records" if records_only else "shard(s) of 1,000 page dumps + 1,000 JSONL records"
        m.unit, m.note = "documents", f"{scale} {what}"
        results.append({"scale": scale, **m.summary()})
    return results


def verdicts(speeds: list[dict], scales: list[dict], record_scales: list[dict]) -> list[dict]:
    out = []
    by_name = {s["name"]: s for s in speeds}
    for name, (key, floor, label) in TARGETS.items():
        s = by_name.get(name)
        if s is None:
            continue
        if "error" in s:
            out.append({"target": label, "measured": "failed", "measured_cpu": "failed", "pass": False})
            continue
        cpu = s[key + "_cpu"]
        out.append({"target": label, "measured": s[key], "measured_cpu": cpu, "pass": s[key] >= floor, "pass_cpu": cpu >= floor})
    for what, runs in (("page dumps + JSONL", scales), ("JSONL records only", record_scales)):
        if not runs:
            continue
        base, top = runs[0], runs[-1]
        ratio = top["peak_rss_mb"] / base["peak_rss_mb"]
        label = f"peak RSS flat from 1x to {top['scale']}x, {what} (≤ {FLAT_RATIO}x the 1x peak)"
        out.append({"target": label, "measured": round(ratio, 2), "measured_cpu": "", "pass": ratio <= FLAT_RATIO})
    return out


def markdown(results: dict) -> str:
    lines = [
        f"commit `{results['commit']}`, {results['date']}, {results['machine']['cpus']} CPUs ({results['machine']['cpu']}), "
        f"Python {results['machine']['python']}; median of {results['repeats']} runs, one core (`taskset -c {results['cpu']}`)",
        "",
        "| corpus | documents | articles | input MB | wall s | docs/s | articles/s | records/s | MB/s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results["speed"] + results["scaling"] + results["scaling_records"]:
        if "error" in s:
            lines.append(f"| {s['name']} | FAILED: {s['error'].strip().splitlines()[-1]} |||||||||")
            continue
        rec = f"{s['records_per_s']:,.0f} ({s['records_per_s_cpu']:,.0f})" if "records" in s else ""
        docs = f"{s['docs_per_s']:,.0f} ({s['docs_per_s_cpu']:,.0f})"
        arts = f"{s['articles_per_s']:,.0f} ({s['articles_per_s_cpu']:,.0f})"
        lines.append(
            f"| {s['name']} | {s['documents']:,} {s['unit']} | {s['articles']:,} | {s['input_mb']:,.1f} | {s['wall_s']:.2f} "
            f"| {docs} | {arts} | {rec} | {s['mb_per_s']:.2f} ({s['mb_per_s_cpu']:.2f}) | {s['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        "Rates: per second of wall-clock time of the whole process, start-up included; in brackets, per second of the",
        "process's CPU time (user + system), which other processes on the machine do not inflate.",
        "",
    ]
    if results["stages"]:
        lines += _stage_table(results["stages"])
    lines += ["", "| target | measured (wall) | measured (CPU time) | pass |", "|---|---:|---:|---|"]
    for v in results["verdicts"]:
        verdict = "PASS" if v["pass"] else "FAIL"
        if "pass_cpu" in v and v["pass_cpu"] != v["pass"]:
            verdict += f" (on CPU time: {'PASS' if v['pass_cpu'] else 'FAIL'})"
        lines.append(f"| {v['target']} | {v['measured']} | {v['measured_cpu']} | {verdict} |")
    return "\n".join(lines)


def _stage_table(stages: list[dict]) -> list[str]:
    keys = list(stages[0]["stages_s"])
    lines = ["| stage split | total s | " + " | ".join(keys) + " |", "|---|---:|" + "---:|" * len(keys)]
    for st in stages:
        cells = " | ".join(f"{st['stages_s'][k]:.2f} ({st['stages_pct'][k]:.0f}%)" for k in st["stages_s"])
        lines.append(f"| {st['name']} | {st['total_s']:.2f} (CPU {st['total_cpu_s']:.2f}) | {cells} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=corpus.DEFAULT_WORKDIR)
    parser.add_argument("--results", type=Path, help="JSON results file (default WORKDIR/results.json)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=0, help="the core every measured process is pinned to")
    parser.add_argument("--quick", action="store_true", help="skip the 100x memory run")
    parser.add_argument("--text-pages", type=int, default=5000)
    parser.add_argument("--at-commit", default="HEAD", help="commit to measure, or 'worktree' for the working tree as it is")
    parser.add_argument(
        "--only", choices=["speed", "stages", "scaling", "scaling-records"], action="append", help="run only these parts"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    only = set(args.only or ["speed", "stages", "scaling", "scaling-records"])
    started = time.perf_counter()
    target = bench_ingest.checkout(args.at_commit, args.workdir)
    log(f"measuring {target.commit}{' (working tree, with uncommitted changes in src/)' if target.dirty else ''}")
    results: dict = {
        "commit": target.commit + ("+dirty" if target.dirty else ""),
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "repeats": args.repeats,
        "cpu": args.cpu,
        "speed": speed(args, target) if "speed" in only else [],
        "stages": [],
        "scaling": [],
        "scaling_records": [],
    }
    if "stages" in only:
        for name, path in (
            ("text", corpus.build_text(args.workdir, args.text_pages)),
            ("html", corpus.build_html(args.workdir)),
            ("jsonl", corpus.demo_jsonl()),
        ):
            log(f"stages: {name}")
            results["stages"].append(bench_ingest.stages(name, [path], target, args.workdir, args.repeats, args.cpu))
    if "scaling" in only:
        results["scaling"] = scaling(args, target)
    if "scaling-records" in only:
        results["scaling_records"] = scaling(args, target, records_only=True)
    results["verdicts"] = verdicts(results["speed"], results["scaling"], results["scaling_records"])
    results["seconds"] = round(time.perf_counter() - started, 1)
    out = args.results or args.workdir / "results.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    log(f"results: {out} ({results['seconds']:.0f} s)")
    print(markdown(results))


if __name__ == "__main__":
    main()
