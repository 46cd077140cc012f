"""Build src/wirewatch/data/background_df.npz: document frequencies of story terms over a reference corpus.

Story vectors weight terms by inverse document frequency; counted over a user's corpus alone, the first few
hundred articles get near-zero weights. This background (Wikinews 2019-2020 and MUC-3, both bundled) is the
prior that the corpus's own counts are added to. Current Events is left out: it is a story-clustering test set.

    python scripts/build_background_df.py
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np

from wirewatch.dedup.stories import terms

ROOT = Path(__file__).parents[1]
SOURCES = ("data/demo/wikinews/wikinews_2019_2020.jsonl.gz", "data/demo/muc3/muc3_dev_docs.jsonl.gz")
MIN_DF = 2


def main() -> None:
    df: Counter[int] = Counter()
    n = 0
    for source in SOURCES:
        with gzip.open(ROOT / source, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                df.update(terms(record.get("title"), [record.get("text") or ""]).keys())
                n += 1
    kept = sorted((t, c) for t, c in df.items() if c >= MIN_DF)
    out = ROOT / "src/wirewatch/data/background_df.npz"
    np.savez_compressed(
        out,
        terms=np.array([t for t, _ in kept], dtype=np.uint64),
        df=np.array([c for _, c in kept], dtype=np.uint32),
        documents=np.array([n], dtype=np.uint32),
    )
    print(f"{out}: {len(kept):,} terms from {n:,} documents, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
