"""The NLP stage inside ingest keeps its memory bounded (issue 5: the demo corpus peaked at 2.2 GB): texts go to
spaCy a bounded number of characters at a time, and a pipeline whose vocabulary has grown is replaced."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wirewatch import pipeline
from wirewatch.models import Annotations, Article
from wirewatch.nlp.annotate import Text


@pytest.mark.parametrize(
    ("sizes", "limit", "runs"),
    [
        ([], 10, []),
        ([3, 3, 3], 10, [[3, 3, 3]]),
        ([4, 4, 4], 10, [[4, 4], [4]]),
        ([5, 5, 5], 10, [[5, 5], [5]]),
        ([25, 2, 2], 10, [[25], [2, 2]]),  # a text longer than the limit goes alone
        ([2, 25, 2], 10, [[2], [25], [2]]),
    ],
)
def test_runs_cut_texts_in_order_at_the_character_limit(sizes: list[int], limit: int, runs: list[list[int]]) -> None:
    texts = [Text("x" * n) for n in sizes]
    assert [[len(t.text) for t in run] for run in pipeline._runs(texts, limit)] == runs


class _Vocab:
    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size


class _Pipeline:
    def __init__(self, lexemes: int) -> None:
        self.vocab = _Vocab(lexemes)


class _Annotator:
    """Stands in for the NLP stage: records the characters of each call, finds nothing."""

    def __init__(self, lexemes: int) -> None:
        self.nlp = _Pipeline(lexemes)
        self.calls: list[int] = []

    def annotate(self, texts: list[Text]) -> list[Annotations]:
        self.calls.append(sum(len(t.text) for t in texts))
        return [Annotations() for _ in texts]


def _articles(n: int, words: int) -> list[Article]:
    return [Article(id=f"a{i}", title=f"Title {i}", paragraphs=[" ".join(["word"] * words)]) for i in range(n)]


@pytest.fixture
def annotator(monkeypatch: pytest.MonkeyPatch) -> _Annotator:
    fake = _Annotator(lexemes=1_000)
    monkeypatch.setattr(pipeline.Annotator, "load", staticmethod(lambda: fake))
    return fake


def test_issue5_spacy_batches_hold_at_most_nlp_batch_chars(annotator: _Annotator) -> None:
    found = pipeline._annotate(_articles(200, 100), pipeline.IngestReport(db="x"))  # ~500 characters each
    assert [aid for aid, _ in found] == [f"a{i}" for i in range(200)]
    assert len(annotator.calls) > 1
    assert max(annotator.calls) <= pipeline.NLP_BATCH_CHARS
    assert sum(annotator.calls) == sum(len(Text.of_article(a).text) for a in _articles(200, 100))


def test_issue5_a_grown_pipeline_is_dropped_before_a_fresh_one_is_loaded(
    annotator: _Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wirewatch.nlp import spacy_model

    loads: list[bool] = []

    def reload() -> _Pipeline:
        loads.append(hasattr(annotator, "nlp"))  # the old pipeline must be gone already
        return _Pipeline(lexemes=10)

    monkeypatch.setattr(pipeline, "reload_pipeline", reload)
    monkeypatch.setattr(spacy_model, "MAX_LEXEMES", 5_000)
    report = pipeline.IngestReport(db="x")
    pipeline._annotate(_articles(2, 5), report)
    assert loads == []  # 1,000 lexemes: kept
    annotator.nlp.vocab.size = 5_001
    pipeline._annotate(_articles(2, 5), report)
    assert loads == [False]
    assert len(annotator.nlp.vocab) == 10
    assert report.annotated == 4


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
