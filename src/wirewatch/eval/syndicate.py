"""Synthetic syndication: the edits a wire story undergoes on its way through other sites, with known truth.

Each edit kind turns a real article into a copy that a near-duplicate detector must link to its original.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from wirewatch.eval.synth import SynthArticle

BOILERPLATE = (
    "Sign up for our newsletter to get the day's top stories delivered to your inbox every morning.",
    "This article was originally published by our partners and is republished here with permission.",
    "Follow us on social media for the latest updates on this and other stories from around the world.",
    "Copyright 2025 Example Media Group. All rights reserved. This material may not be redistributed.",
)


def _map_words(article: SynthArticle, rng: random.Random, rate: float, op: str, vocab: list[str]) -> SynthArticle:
    paragraphs = []
    for paragraph in article.paragraphs:
        out: list[str] = []
        for word in paragraph.split():
            hit = rng.random() < rate
            if op == "substitute":
                out.append(rng.choice(vocab) if hit else word)
            elif op == "delete":
                if not hit:
                    out.append(word)
            else:  # insert
                out.append(word)
                if hit:
                    out.append(rng.choice(vocab))
        paragraphs.append(" ".join(out) or paragraph)
    return SynthArticle(article.title, paragraphs)


def _headline(article: SynthArticle, rng: random.Random) -> SynthArticle:
    prefix = rng.choice(("UPDATE 2 -", "Breaking:", "WATCH:", "Report:"))
    return SynthArticle(f"{prefix} {article.title}", list(article.paragraphs))


def _drop(article: SynthArticle, rng: random.Random) -> SynthArticle:
    n = len(article.paragraphs)
    if n < 3:
        return _truncate(article, 0.75)
    drop = set(rng.sample(range(1, n), max(1, n // 4)))
    return SynthArticle(article.title, [p for i, p in enumerate(article.paragraphs) if i not in drop])


def _reorder(article: SynthArticle, rng: random.Random) -> SynthArticle:
    paragraphs = list(article.paragraphs)
    if len(paragraphs) < 2:
        return _map_words(article, rng, 0.03, "substitute", paragraphs[0].split())
    while paragraphs == article.paragraphs:
        rng.shuffle(paragraphs)
    return SynthArticle(article.title, paragraphs)


def _boilerplate(article: SynthArticle, rng: random.Random) -> SynthArticle:
    head, tail = rng.sample(BOILERPLATE, 2)
    return SynthArticle(article.title, [head, *article.paragraphs, tail])


def _truncate(article: SynthArticle, keep: float = 0.6) -> SynthArticle:
    words = " ".join(article.paragraphs).split()
    budget = max(1, int(len(words) * keep))
    paragraphs = []
    for paragraph in article.paragraphs:
        tokens = paragraph.split()
        if budget <= 0:
            break
        paragraphs.append(" ".join(tokens[:budget]))
        budget -= len(tokens)
    return SynthArticle(article.title, paragraphs)


def _embed(article: SynthArticle, other: SynthArticle) -> SynthArticle:
    half = max(1, len(other.paragraphs) // 2)
    return SynthArticle(other.title, [*other.paragraphs[:half], *article.paragraphs, *other.paragraphs[half:]])


Edit = Callable[[SynthArticle, random.Random, list[str], SynthArticle], SynthArticle]

EDITS: dict[str, Edit] = {
    "headline": lambda a, rng, vocab, other: _headline(a, rng),
    "substitute-1%": lambda a, rng, vocab, other: _map_words(a, rng, 0.01, "substitute", vocab),
    "substitute-3%": lambda a, rng, vocab, other: _map_words(a, rng, 0.03, "substitute", vocab),
    "substitute-5%": lambda a, rng, vocab, other: _map_words(a, rng, 0.05, "substitute", vocab),
    "substitute-10%": lambda a, rng, vocab, other: _map_words(a, rng, 0.10, "substitute", vocab),
    "insert-5%": lambda a, rng, vocab, other: _map_words(a, rng, 0.05, "insert", vocab),
    "insert-10%": lambda a, rng, vocab, other: _map_words(a, rng, 0.10, "insert", vocab),
    "delete-5%": lambda a, rng, vocab, other: _map_words(a, rng, 0.05, "delete", vocab),
    "delete-10%": lambda a, rng, vocab, other: _map_words(a, rng, 0.10, "delete", vocab),
    "drop-paragraphs": lambda a, rng, vocab, other: _drop(a, rng),
    "reorder-paragraphs": lambda a, rng, vocab, other: _reorder(a, rng),
    "boilerplate": lambda a, rng, vocab, other: _boilerplate(a, rng),
    "truncate-60%": lambda a, rng, vocab, other: _truncate(a, 0.6),
    "embedded-in-page": lambda a, rng, vocab, other: _embed(a, other),
}
