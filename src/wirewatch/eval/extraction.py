"""Main-text extraction quality on the ScrapingHub article-extraction benchmark (its own metric).

Words are runs of ``\\w`` characters. Per page, true/false positives and negatives are counted over the
multisets of word 4-grams of the extracted text and of the gold body; precision and recall are taken per page
(a page with no output has no precision; a page where both are empty scores 1), averaged over pages, and F1 is
computed from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from wirewatch.clean import clean_document
from wirewatch.eval import rounded
from wirewatch.models import Provenance
from wirewatch.readers.base import text_document

_WORD = re.compile(r"\w+")


def ngrams(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def page_scores(extracted: str, gold: str) -> tuple[float | None, float]:
    """(precision, recall) of one page; precision is None when nothing was extracted."""
    got, want = ngrams(extracted), ngrams(gold)
    if not got and not want:
        return 1.0, 1.0
    tp = sum((got & want).values())
    precision = tp / sum(got.values()) if got else None
    recall = tp / sum(want.values()) if want else 1.0
    return precision, recall


@dataclass(slots=True)
class ExtractionScore:
    pages: int
    precision: float
    recall: float
    f1: float
    pages_per_second: float

    def as_dict(self) -> dict:
        return rounded(self)


def extracted_text(html: bytes, url: str | None = None) -> str:
    """What wirewatch keeps of a page as article body: the cleaned paragraphs of every article cut out of it."""
    doc = text_document(html, "html", Provenance("benchmark"), meta={"url": url} if url else None)
    cleaned = clean_document(doc)
    return "\n".join(p for article in cleaned.articles for p in article.paragraphs)


def evaluate(data_dir: str | Path) -> ExtractionScore:
    """Score wirewatch on ``data_dir`` (holding ``html/*.html.gz`` and ``ground-truth.json``)."""
    data_dir = Path(data_dir)
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    precisions, recalls = [], []
    elapsed = 0.0
    for key, item in sorted(truth.items()):
        html = gzip.decompress((data_dir / "html" / f"{key}.html.gz").read_bytes())
        started = time.perf_counter()
        text = extracted_text(html, item.get("url"))
        elapsed += time.perf_counter() - started
        p, r = page_scores(text, item.get("articleBody") or "")
        if p is not None:
            precisions.append(p)
        recalls.append(r)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionScore(len(recalls), precision, recall, f1, len(recalls) / elapsed if elapsed else 0.0)
