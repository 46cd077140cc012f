"""Segmentation accuracy on synthetic page dumps with known truth (see :mod:`wirewatch.eval.synth`).

A page is exact when every article cut out of it has the right title, captions (text and credit) and body
paragraphs, in order. Articles are also scored one by one: found exactly, and per field.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from wirewatch.clean.segment import segment
from wirewatch.eval import rounded
from wirewatch.eval.synth import load_wikinews, pages


@dataclass(slots=True)
class SegmentationScore:
    pages: int
    pages_exact: float
    articles: int
    articles_exact: float
    titles: float
    captions: float
    paragraphs: float
    articles_per_second: float

    def as_dict(self) -> dict:
        return rounded(self)


def evaluate(wikinews: str | Path, n_pages: int = 2000, seed: int = 0) -> SegmentationScore:
    """Cut ``n_pages`` synthetic pages (1–4 articles each, built from real Wikinews articles) and score the result.

    Source articles whose own body repeats a line (photo galleries) are left out: their truth is ambiguous.
    """
    pool = [a for a in load_wikinews(wikinews) if len(set(a.paragraphs)) == len(a.paragraphs)]
    exact_pages = articles = exact = titles = captions = paragraphs = 0
    elapsed = 0.0
    for text, truth in pages(pool, n_pages, seed):
        started = time.perf_counter()
        segments = segment(text)
        elapsed += time.perf_counter() - started
        got = [
            {"title": s.title, "captions": [{"text": c.text, "credit": c.credit} for c in s.captions], "paragraphs": s.paragraphs}
            for s in segments
        ]
        exact_pages += got == truth
        articles += len(truth)
        for want, have in zip(truth, got + [{}] * len(truth), strict=False):
            exact += want == have
            titles += want["title"] == have.get("title")
            captions += want["captions"] == have.get("captions")
            paragraphs += want["paragraphs"] == have.get("paragraphs")
    return SegmentationScore(
        n_pages,
        exact_pages / n_pages,
        articles,
        exact / articles,
        titles / articles,
        captions / articles,
        paragraphs / articles,
        articles / elapsed if elapsed else 0.0,
    )
