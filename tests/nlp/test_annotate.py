"""The annotator's memory stays bounded whoever calls it (issue 5): spaCy reads at most BATCH_CHARS characters per
batch, a long text is cut at paragraph breaks into pieces whose mentions land at offsets into the whole text, and a
pipeline whose vocabulary has grown is replaced between batches."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable, Iterator

import pytest

from wirewatch.models import Annotations
from wirewatch.nlp import annotate, spacy_model
from wirewatch.nlp.annotate import BATCH_CHARS, MAX_PIECE, Annotator, Text


class _Vocab:
    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size


class _Doc:
    def __init__(self, text: str, nlp: _Pipeline) -> None:
        self.text, self.nlp = text, nlp  # as a spaCy Doc holds its pipeline's vocabulary


class _Pipeline:
    """Stands in for spaCy: records the piece lengths of each batch; ``growing``, each character read adds a word."""

    def __init__(self, lexemes: int = 1_000, *, growing: bool = False) -> None:
        self.vocab = _Vocab(lexemes)
        self.growing = growing
        self.batches: list[list[int]] = []

    def pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[_Doc]:
        texts = list(texts)
        assert len(texts) <= batch_size  # one spaCy batch per call
        self.batches.append([len(t) for t in texts])
        if self.growing:
            self.vocab.size += sum(len(t) for t in texts)
        return (_Doc(t, self) for t in texts)


def _annotator(nlp: _Pipeline) -> Annotator:
    return Annotator(nlp, geocoder=None, actors=None)  # type: ignore[arg-type]


def _paragraphs(n: int, width: int = 99) -> str:
    return "\n\n".join(f"{i:05d} " + "x" * (width - 6) for i in range(n))


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("abc", 10, ["abc"]),
        ("aa\n\nbbb\n\ncc", 10, ["aa\n\nbbb\n\n", "cc"]),  # after the last blank line that fits
        ("aaaa\nbbbb\ncc", 10, ["aaaa\nbbbb\n", "cc"]),  # no blank line: after a line break
        ("aaa\n\nbb bbbbb", 10, ["aaa\n\nbb ", "bbbbb"]),  # a blank line in the first half is too early: a space
        ("aaaaaaaaaaaaaaa", 10, ["aaaaaaaaaa", "aaaaa"]),  # no break at all: at the size
    ],
)
def test_pieces_are_cut_at_paragraph_breaks_then_lines_then_spaces(text: str, size: int, expected: list[str]) -> None:
    pieces = annotate._pieces(text, size)
    assert [p for _, p in pieces] == expected
    assert all(text[offset : offset + len(p)] == p for offset, p in pieces)


def test_pieces_of_a_long_article_end_at_its_paragraph_breaks() -> None:
    text = _paragraphs(1_000)  # 100,998 characters
    pieces = annotate._pieces(text, MAX_PIECE)
    assert "".join(p for _, p in pieces) == text
    assert len(pieces) == 6 and all(len(p) <= MAX_PIECE for _, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])


@pytest.mark.parametrize(
    ("sizes", "count", "chars", "batches"),
    [
        ([], 32, 10, []),
        ([3, 3, 3], 32, 10, [[3, 3, 3]]),
        ([4, 4, 4], 32, 10, [[4, 4], [4]]),
        ([5, 5, 5], 32, 10, [[5, 5], [5]]),
        ([1, 1, 1, 1, 1], 2, 10, [[1, 1], [1, 1], [1]]),  # at most ``count`` pieces too
        ([25, 2, 2], 32, 10, [[25], [2, 2]]),  # a piece longer than the bound goes alone
        ([2, 25, 2], 32, 10, [[2], [25], [2]]),
        ([0, 0], 32, 10, [[0, 0]]),  # an empty text is read too: one result per text
    ],
)
def test_issue5_batches_hold_at_most_the_character_bound(
    sizes: list[int], count: int, chars: int, batches: list[list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annotate, "MAX_PIECE", 100)  # no text here is cut
    texts = [Text("x" * n) for n in sizes]
    assert [[len(p.text) for p in batch] for batch in annotate._batches(texts, count, chars)] == batches


def test_issue5_a_text_longer_than_a_piece_is_read_in_pieces_with_offsets_into_it() -> None:
    nlp = _Pipeline()
    texts = [Text("short one"), Text(_paragraphs(700)), Text("short two"), Text(_paragraphs(150))]
    found = list(_annotator(nlp).docs(texts))
    assert [item for item, _ in found] == texts
    long_docs = found[1][1]
    assert len(long_docs) == 4 and long_docs[0][0] == 0
    for item, docs in found:
        assert "".join(doc.text for _, doc in docs) == item.text
        assert all(item.text[offset : offset + len(doc.text)] == doc.text for offset, doc in docs)
    assert sum(len(b) for b in nlp.batches) == 1 + 4 + 1 + 1
    assert all(sum(b) <= BATCH_CHARS or len(b) == 1 for b in nlp.batches)


def test_issue5_spacy_never_reads_more_than_batch_chars_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annotate, "MAX_PIECE", 50_000)  # pieces longer than a batch: each alone
    nlp = _Pipeline()
    texts = [Text("y" * n) for n in (500,) * 100 + (45_000, 30, 19_990, 20, 20_000)]
    found = list(_annotator(nlp).docs(texts, batch_size=32))
    assert len(found) == len(texts)
    assert max(len(b) for b in nlp.batches) == 32
    assert [b for b in nlp.batches if sum(b) > BATCH_CHARS] == [[45_000]]
    assert nlp.batches[-5:] == [[45_000], [30], [19_990], [20], [20_000]]
    assert sum(map(sum, nlp.batches)) == sum(len(t.text) for t in texts)


def test_issue5_a_grown_pipeline_is_freed_before_a_fresh_one_is_loaded_between_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old_alive: list[bool] = []
    first = _Pipeline(growing=True)
    refs = [weakref.ref(first)]

    def reload() -> _Pipeline:
        gc.collect()
        old_alive.append(refs[-1]() is not None)  # the old pipeline, and every doc of it, must be gone already
        fresh = _Pipeline(growing=True)
        refs.append(weakref.ref(fresh))
        return fresh

    pipelines_of_text: list[set[int]] = []

    def annotations(self: Annotator, item: Text, docs: list) -> Annotations:
        pipelines_of_text.append({id(doc.nlp) for _, doc in docs})
        return Annotations()

    monkeypatch.setattr(annotate, "reload_pipeline", reload)
    monkeypatch.setattr(Annotator, "annotations", annotations)
    monkeypatch.setattr(spacy_model, "MAX_LEXEMES", 25_000)
    annotator = _annotator(first)
    del first
    texts = [Text("z" * 15_000), Text("z" * 15_000), Text(_paragraphs(500)), Text("z" * 15_000)]
    assert len(list(annotator.annotate(texts))) == 4
    # 1,000 + 15,000 words: kept; + 15,000: grown, replaced before the long text (three pieces, three batches),
    # which grows the fresh one past the limit with its second piece: the reload waits until its last piece is
    # read, so that a text's docs share one vocabulary
    assert old_alive == [False, False]
    assert annotator.nlp is refs[-1]() and len(refs) == 3
    assert all(len(ids) == 1 for ids in pipelines_of_text)


def test_issue5_long_text_annotations_are_the_same_cut_as_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real pipeline: a text of two pieces gives the mentions it gives read whole, at offsets into it."""
    paragraph = "{i}. Houthi rebels said US airstrikes hit Hodeidah in Yemen on Tuesday, killing {k} people."
    text = "\n\n".join(paragraph.format(i=i, k=i % 9 + 2) for i in range(260))
    assert MAX_PIECE < len(text) < 2 * MAX_PIECE
    annotator = Annotator.load()
    batches: list[int] = []
    nlp = annotator.nlp
    original = nlp.pipe

    def pipe(texts: list[str], batch_size: int) -> Iterator:
        batches.append(sum(len(t) for t in texts))
        return original(texts, batch_size=batch_size)

    monkeypatch.setattr(nlp, "pipe", pipe)
    cut = next(annotator.annotate([Text(text, "2024-05-08")]))
    assert len(batches) == 2 and max(batches) <= BATCH_CHARS
    monkeypatch.setattr(annotate, "MAX_PIECE", 10 * MAX_PIECE)
    monkeypatch.setattr(annotate, "BATCH_CHARS", 10 * BATCH_CHARS)
    whole = next(annotator.annotate([Text(text, "2024-05-08")]))
    assert len(batches) == 3
    for mentions in (cut.entities, cut.places, cut.dates):
        assert all(text[m.start : m.end] == m.text for m in mentions)
    hodeidah = [p.start for p in cut.places if p.text == "Hodeidah"]
    assert hodeidah == [i for i in range(len(text)) if text.startswith("Hodeidah", i)]  # 260, past the cut too
    assert (cut.entities, cut.places, cut.dates) == (whole.entities, whole.places, whole.dates)
    assert len(cut.events) == len(whole.events) >= 260
    assert [(e.trigger_start, e.sentence_start, e.sentence_end) for e in cut.events] == [
        (e.trigger_start, e.sentence_start, e.sentence_end) for e in whole.events
    ]
    assert all(text[e.trigger_start : e.trigger_end] == e.trigger for e in cut.events)
