"""The NLP stage inside ingest keeps its memory bounded (issue 5: the demo corpus peaked at 2.2 GB): texts go to
spaCy a bounded number of characters at a time, and a pipeline whose vocabulary has grown is replaced (the
annotator does both: tests/nlp/test_annotate.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wirewatch import pipeline
from wirewatch.models import Annotations, Article
from wirewatch.nlp.annotate import BATCH_CHARS, Annotator, Text


class _Vocab:
    def __len__(self) -> int:
        return 1_000


class _Pipeline:
    """Stands in for spaCy: records the characters of each batch."""

    def __init__(self) -> None:
        self.vocab = _Vocab()
        self.batches: list[int] = []

    def pipe(self, texts: list[str], batch_size: int) -> list[str]:
        self.batches.append(sum(len(t) for t in texts))
        return texts


def _articles(n: int, words: int) -> list[Article]:
    return [Article(id=f"a{i}", title=f"Title {i}", paragraphs=[" ".join(["word"] * words)]) for i in range(n)]


def test_issue5_ingest_reads_articles_through_the_annotators_character_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = _Pipeline()
    annotator = Annotator(nlp, geocoder=None, actors=None)  # type: ignore[arg-type]
    monkeypatch.setattr(Annotator, "load", staticmethod(lambda: annotator))
    monkeypatch.setattr(Annotator, "annotations", lambda self, item, docs: Annotations())
    long = Article(id="long", title="Long", paragraphs=[" ".join(["word"] * 9_000)])  # 45,000 characters: 3 pieces
    articles = [*_articles(200, 100), long]  # ~500 characters each, then the long one
    found = pipeline._annotate(articles, pipeline.IngestReport(db="x"))
    assert [aid for aid, _ in found] == [a.id for a in articles]
    assert len(nlp.batches) > 1 and max(nlp.batches) <= BATCH_CHARS
    assert sum(nlp.batches) == sum(len(Text.of_article(a).text) for a in articles)


@pytest.mark.slow
def test_issue5_reload_pipeline_frees_the_old_one_and_reads_the_same() -> None:
    """In a process of its own: the spaCy pipeline sits in reference cycles, and only a collection frees it."""
    script = """
import weakref
from wirewatch.nlp.spacy_model import load_pipeline, pipeline_grown, reload_pipeline
text = "Hamas fighters fired rockets at Ashkelon on Tuesday, the Israeli army said."
nlp = load_pipeline()
before = [(e.text, e.label_) for e in nlp(text).ents]
read = len(nlp.vocab)
nlp("Zorblax quintavorous flimbert")
assert len(nlp.vocab) == read + 3 and not pipeline_grown(nlp)
old = weakref.ref(nlp)
del nlp
fresh = reload_pipeline()
assert old() is None, "the old pipeline outlived the reload"
assert fresh is load_pipeline() and len(fresh.vocab) < read
assert [(e.text, e.label_) for e in fresh(text).ents] == before
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")
