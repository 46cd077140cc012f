"""The event stage's cost on top of the NLP stage, and the whole pipeline (read to store) in articles per second
(issue 6's speed targets: >= 30 articles/s of ~500 words on one core; the event stage adds <= 30% to the NLP
stage).

    taskset -c 1 .venv/bin/python benchmarks/bench_events.py [--articles 295] [--repeats 3]

CPU seconds (time.process_time), medians of ``--repeats`` interleaved runs over the demo corpus's Wikinews
articles; then one ``ingest`` of the same file into a new database (read, clean, dedup, NLP, events, store).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

WIKINEWS = Path(__file__).resolve().parents[1] / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=295)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from wirewatch import ingest
    from wirewatch.nlp.annotate import Annotator, Text

    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f][: args.articles]
    texts = [Text(f"{r['title']}\n\n{r['text']}", r["date"]) for r in records]
    words = sum(len(t.text.split()) for t in texts)
    annotator = Annotator.load()
    extractor = annotator.events
    list(annotator.annotate(texts[:5]))
    nlp_s, with_events_s = [], []
    found: list = []
    for _ in range(args.repeats):
        annotator.events = None
        t = time.process_time()
        list(annotator.annotate(texts, batch_size=32))
        nlp_s.append(time.process_time() - t)
        annotator.events = extractor
        t = time.process_time()
        found = list(annotator.annotate(texts, batch_size=32))
        with_events_s.append(time.process_time() - t)
    a, b = statistics.median(nlp_s), statistics.median(with_events_s)
    n = len(texts)
    events = sum(len(x.events) for x in found)
    print(f"{n} articles, {words:,} words ({words / n:.0f} per article), {events:,} event mentions; CPU seconds")
    print(f"NLP stage without events: {a:6.2f} s  {n / a:6.1f} articles/s")
    print(f"NLP stage with events:    {b:6.2f} s  {n / b:6.1f} articles/s")
    print(f"the event stage adds {100 * (b - a) / a:.1f}% to the NLP stage")

    with tempfile.TemporaryDirectory() as tmp:
        t = time.process_time()
        report = ingest([WIKINEWS], db=Path(tmp) / "bench.db")
        spent = time.process_time() - t
    print(
        f"ingest (read to store): {report.articles_new} articles, {report.events} events in {spent:.1f} CPU-s:"
        f" {report.articles_new / spent:.1f} articles/s (models loaded before)"
    )


if __name__ == "__main__":
    main()
