"""Near-duplicate detection at scale: N articles through the Deduplicator, one core; peak memory; datasketch ratio.

    .venv/bin/python benchmarks/bench_dedup.py --articles 1000000

Articles are generated from the real texts of the demo corpus with a word-bigram model (so they read like news
vocabulary and are distinct, as most articles of a real corpus are), 120-word bodies on average; every tenth
article is instead an edited copy (one of the 14 syndication edits) of an earlier one, whose detection is counted.
The signature cost is compared with datasketch's reference ``MinHash`` (same shingles, same number of
permutations) on a sample, in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sqlite3
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from wirewatch.dedup.near import Deduplicator
from wirewatch.dedup.sketch import NUM_PERM, SHINGLE, sketch, words
from wirewatch.eval.syndicate import EDITS
from wirewatch.eval.synth import SynthArticle

ROOT = Path(__file__).parents[1]
SOURCES = (
    "data/demo/wikinews/wikinews_2019_2020.jsonl.gz",
    "data/demo/muc3/muc3_dev_docs.jsonl.gz",
    "data/demo/current-events/wikipedia_current_events_2025_2026.jsonl.gz",
)


def bigram_model() -> tuple[dict[str, list[str]], list[str]]:
    following: dict[str, list[str]] = defaultdict(list)
    starts: list[str] = []
    for source in SOURCES:
        with gzip.open(ROOT / source, "rt", encoding="utf-8") as f:
            for line in f:
                tokens = (json.loads(line).get("text") or "").split()
                if tokens:
                    starts.append(tokens[0])
                for a, b in itertools.pairwise(tokens):
                    following[a].append(b)
    return dict(following), starts


def generate(model, rng: random.Random, length: int) -> list[str]:
    following, starts = model
    word = rng.choice(starts)
    out = [word]
    while len(out) < length:
        nexts = following.get(word)
        word = rng.choice(nexts) if nexts else rng.choice(starts)
        out.append(word)
    text = " ".join(out)
    return [text[i : i + 400] for i in range(0, len(text), 400)]  # paragraphs of ~70 words


class TextStore:
    """Article bodies in a scratch SQLite file, as the pipeline keeps them: the detector fetches the texts of
    candidates its cache no longer holds, and this process's memory is the detector's, not the corpus's."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(Path(tempfile.mkdtemp()) / "texts.db", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        self.pending: dict[str, list[str]] = {}

    def add(self, article_id: str, paragraphs: list[str]) -> None:
        self.pending[article_id] = paragraphs
        if len(self.pending) >= 1000:
            rows = [(i, json.dumps(p)) for i, p in self.pending.items()]
            self.conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
            self.pending = {}

    def fetch(self, ids: list[str]) -> dict[str, list[str]]:
        found = {i: self.pending[i] for i in ids if i in self.pending}
        rest = [i for i in ids if i not in found]
        if rest:
            marks = ",".join("?" * len(rest))
            found.update((i, json.loads(b)) for i, b in self.conn.execute(f"SELECT id, body FROM t WHERE id IN ({marks})", rest))
        return found


def peak_rss_mib(field: str = "VmHWM") -> float:
    """This process's peak resident memory (``VmHWM``), or with ``field="VmRSS"`` its current one."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field)) / 1024


def detector_mib(dedup: Deduplicator) -> float:
    """Memory held in the detector's numpy arrays: index segments (keys, article numbers, directories) and
    signatures. Python objects (article ids, the shingle cache) come on top."""
    index = dedup.index
    arrays = [a for seg in index._segments for a in (seg.keys, seg.ids, seg.directory)]
    return (sum(a.nbytes for a in arrays) + dedup._signatures.nbytes + dedup._sizes.nbytes) / 2**20


def datasketch_ratio(samples: list[list[str]]) -> tuple[float, float]:
    from datasketch import MinHash

    started = time.process_time()
    for paragraphs in samples:
        sketch(paragraphs)
    ours = time.process_time() - started
    started = time.process_time()
    for paragraphs in samples:
        tokens = words(" ".join(paragraphs))
        shingles = {" ".join(tokens[i : i + SHINGLE]).encode() for i in range(max(1, len(tokens) - SHINGLE + 1))}
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(shingles)
    theirs = time.process_time() - started
    return len(samples) / ours, len(samples) / theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=20_000, help="articles for the datasketch comparison")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    model = bigram_model()
    rss_before = peak_rss_mib("VmRSS")
    store = TextStore()
    dedup = Deduplicator(store.fetch)
    vocab = list(model[0])[:50_000]
    found = copies = 0
    spent = interval = 0.0
    started = time.perf_counter()
    for n in range(args.articles):
        if n % 10 == 9:
            original = f"a{rng.randrange(n)}"
            edit = rng.choice(list(EDITS))
            filler = SynthArticle("", generate(model, rng, 200))
            paragraphs = EDITS[edit](SynthArticle("", store.fetch([original])[original]), rng, vocab, filler).paragraphs
            copies += 1
        else:
            paragraphs = generate(model, rng, rng.randint(60, 180))
        store.add(f"a{n}", paragraphs)
        t = time.process_time()
        _, match = dedup.add(f"a{n}", paragraphs)
        spent += time.process_time() - t
        interval += time.process_time() - t
        if (
            n % 10 == 9
            and match is not None
            and match.canonical_id in (original, dedup.ids[dedup.canonical.get(dedup.numbers[original], dedup.numbers[original])])
        ):
            found += 1
        if (n + 1) % 100_000 == 0:
            print(
                f"{n + 1:>9,} articles  {(n + 1) / spent:,.0f} articles/CPU-s in dedup ({100_000 / interval:,.0f} in the"
                f" last 100k)  {spent:,.0f} CPU-s  peak {peak_rss_mib():,.0f} MiB  arrays {detector_mib(dedup):,.0f} MiB"
                f"  found {found:,}/{copies:,}  {time.perf_counter() - started:,.0f} s",
                flush=True,
            )
            interval = 0.0
    wall = time.perf_counter() - started
    samples = [generate(model, rng, rng.randint(60, 180)) for _ in range(args.sample)]
    ours, theirs = datasketch_ratio(samples)
    print(
        json.dumps(
            {
                "articles": args.articles,
                "dedup_cpu_seconds": round(spent, 1),
                "dedup_articles_per_cpu_second": round(args.articles / spent),
                "wall_seconds_with_generation": round(wall, 1),
                "peak_rss_mib": round(peak_rss_mib()),
                "rss_before_detector_mib": round(rss_before),
                "detector_arrays_mib": round(detector_mib(dedup)),
                "injected_copies": copies,
                "copies_found": found,
                "signatures_per_second_ours": round(ours),
                "signatures_per_second_datasketch": round(theirs),
                "ratio_ours_over_datasketch": round(ours / theirs, 2),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
