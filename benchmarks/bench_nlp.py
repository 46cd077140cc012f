"""The NLP stage against bare spaCy over the same texts, in one process (issue 5's speed target: our stages add
at most 25% to spaCy's own time), plus the gazetteer's load time and memory.

    .venv/bin/python benchmarks/bench_nlp.py [--articles 295] [--repeats 3]

CPU seconds (time.process_time), median of ``--repeats`` interleaved runs; the texts are Wikinews articles from
the demo corpus (title, paragraphs), as the ingest annotates them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

WIKINEWS = Path(__file__).resolve().parents[1] / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=295)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    before = _rss_mib()
    started = time.perf_counter()
    from wirewatch.geo import Geocoder

    geocoder = Geocoder.load()
    print(f"gazetteer: loaded in {time.perf_counter() - started:.2f} s, +{_rss_mib() - before:.0f} MiB resident")

    from wirewatch.nlp.annotate import Annotator, Text
    from wirewatch.nlp.spacy_model import load_spacy

    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f][: args.articles]
    texts = [f"{r['title']}\n\n{r['text']}" for r in records]
    words = sum(len(t.split()) for t in texts)
    bare = load_spacy()
    annotator = Annotator.load()
    assert annotator.geocoder is geocoder
    list(bare.pipe(texts[:5]))
    list(annotator.annotate(Text(t, r["date"]) for t, r in zip(texts[:5], records[:5], strict=True)))
    spacy_s, stage_s = [], []
    for _ in range(args.repeats):
        t = time.process_time()
        list(bare.pipe(texts, batch_size=32))
        spacy_s.append(time.process_time() - t)
        t = time.process_time()
        found = list(annotator.annotate((Text(t, r["date"]) for t, r in zip(texts, records, strict=True)), batch_size=32))
        stage_s.append(time.process_time() - t)
    a, b = statistics.median(spacy_s), statistics.median(stage_s)
    mentions = sum(len(x.entities) + len(x.places) + len(x.dates) for x in found)
    print(f"{len(texts)} articles, {words:,} words, {mentions:,} mentions; median of {args.repeats}, CPU seconds")
    print(f"bare spaCy (tok2vec, tagger, parser, NER):  {a:6.2f} s  {words / a:8,.0f} words/s")
    print(f"NLP stage (+ actor ruler, entities, places, dates):  {b:6.2f} s  {words / b:8,.0f} words/s")
    print(f"our stages add {100 * (b - a) / a:.1f}% to spaCy's own time; process RSS {_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
