"""Near-duplicate detection: copies of every edit kind link to their original; same-story reports do not."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from wirewatch.dedup.near import Deduplicator
from wirewatch.dedup.sketch import overlap, sketch
from wirewatch.eval.syndicate import EDITS
from wirewatch.eval.synth import SynthArticle


def _dedup(texts: dict[str, list[str]]) -> Deduplicator:
    return Deduplicator(lambda ids: {i: texts[i] for i in ids})


@pytest.fixture(scope="module")
def originals(wikinews_pool_module) -> list[SynthArticle]:
    return [a for a in wikinews_pool_module if len(a.paragraphs) >= 3][:40]


@pytest.fixture(scope="module")
def wikinews_pool_module():
    from pathlib import Path

    from wirewatch.eval.synth import load_wikinews

    return load_wikinews(Path(__file__).parents[2] / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz")


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_near_duplicate_of_each_edit_kind_links_to_its_original(kind: str, originals, wikinews_pool_module) -> None:
    rng = random.Random(3)
    texts: dict[str, list[str]] = {}
    dedup = _dedup(texts)
    for n, original in enumerate(originals):
        texts[f"o{n}"] = original.paragraphs
        dedup.add(f"o{n}", original.paragraphs)
    vocab = sorted({w for a in originals for p in a.paragraphs for w in p.split() if w.isalpha()})
    filler = wikinews_pool_module[-len(originals) :]
    found = 0
    for n, original in enumerate(originals):
        copy = EDITS[kind](original, rng, vocab, filler[n])
        texts[f"c{n}"] = copy.paragraphs
        _, match = dedup.add(f"c{n}", copy.paragraphs)
        found += match is not None and match.canonical_id == f"o{n}"
    assert found >= len(originals) - 1, f"{kind}: {found} of {len(originals)} copies found"


def test_different_articles_are_not_linked(originals) -> None:
    texts: dict[str, list[str]] = {}
    dedup = _dedup(texts)
    matches = []
    for n, original in enumerate(originals):
        texts[f"o{n}"] = original.paragraphs
        matches.append(dedup.add(f"o{n}", original.paragraphs)[1])
    assert matches == [None] * len(originals)


def test_copy_of_a_copy_points_at_the_first_article(originals) -> None:
    texts: dict[str, list[str]] = {}
    dedup = _dedup(texts)
    original = originals[0]
    texts["a"] = original.paragraphs
    dedup.add("a", original.paragraphs)
    texts["b"] = [*original.paragraphs, "Copyright 2025 Example Media Group. All rights reserved."]
    texts["c"] = original.paragraphs[:-1]
    assert dedup.add("b", texts["b"])[1].canonical_id == "a"
    assert dedup.add("c", texts["c"])[1].canonical_id == "a"


def test_state_reloaded_from_stored_keys_finds_the_same_copies(originals) -> None:
    texts: dict[str, list[str]] = {}
    first = _dedup(texts)
    rows = []
    for n, original in enumerate(originals):
        texts[f"o{n}"] = original.paragraphs
        sk, _ = first.add(f"o{n}", original.paragraphs)
        rows.append((f"o{n}", sk.keys.tobytes(), None))
    second = _dedup(texts)
    second.load(rows)
    copy = originals[5].paragraphs[1:]
    texts["copy"] = copy
    assert second.add("copy", copy)[1].canonical_id == "o5"


def test_sketch_hashes_are_stable_across_processes() -> None:
    paragraphs = ["Suspected US airstrikes battered Houthi-controlled areas of Yemen into Wednesday, the militias said."]
    here = sketch(paragraphs).keys.tolist()
    code = f"from wirewatch.dedup.sketch import sketch; print(sketch({paragraphs!r}).keys.tolist())"
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "123"}
    )
    assert there.stdout.strip() == str(here)


def test_overlap_is_jaccard_and_containment_of_the_smaller_set() -> None:
    a = np.array([1, 2, 3, 4], dtype=np.uint64)
    b = np.array([3, 4, 5, 6, 7, 8], dtype=np.uint64)
    assert overlap(a, b) == (2 / 8, 2 / 4)
    assert overlap(a, np.array([], dtype=np.uint64)) == (0.0, 0.0)
    assert sketch([]) is None and sketch(["—"]) is None


def test_ascii_sketch_tokenises_once_and_matches_the_general_path(wikinews_pool_module) -> None:
    from wirewatch.dedup.sketch import _words_and_sentence_keys, sentence_keys, words

    samples = [a.paragraphs for a in wikinews_pool_module[:300]]
    quoted = ['He said: "It is over." Then they left the building at noon today.', "(AP) - Done! Yes? 12 more words."]
    samples.append(quoted)
    assert sum(all(p.isascii() for p in paragraphs) for paragraphs in samples) > 100
    for paragraphs in samples:
        tokens, keys = _words_and_sentence_keys(paragraphs)
        assert tokens == words(" ".join(paragraphs))
        assert keys.tolist() == sentence_keys(paragraphs).tolist()


def _signature_screen(a, b) -> bool:
    from wirewatch.dedup.near import could_be_copy

    agreements = np.array([np.count_nonzero(a.signature == b.signature)])
    return bool(could_be_copy(agreements, len(a.shingles), np.array([len(b.shingles)]))[0])


def test_signature_screen_passes_every_copy_verification_accepts(originals, wikinews_pool_module) -> None:
    from wirewatch.dedup.near import is_copy

    rng = random.Random(5)
    vocab = sorted({w for a in originals for p in a.paragraphs for w in p.split() if w.isalpha()})
    filler = wikinews_pool_module[-len(originals) :]
    copies = 0
    for n, original in enumerate(originals):
        for edit in EDITS.values():
            a, b = sketch(edit(original, rng, vocab, filler[n]).paragraphs), sketch(original.paragraphs)
            jaccard, containment = overlap(a.shingles, b.shingles)
            if is_copy(jaccard, containment, min(len(a.shingles), len(b.shingles))):
                copies += 1
                assert _signature_screen(a, b), f"a copy ({jaccard:.2f}, {containment:.2f}) failed the screen"
    assert copies >= len(originals) * len(EDITS) - 5


def test_signature_screen_turns_away_unrelated_articles_of_comparable_length(originals) -> None:
    # Far apart in length, one could be mostly inside the other at a Jaccard similarity too low for 96 values
    # to rule out: those pairs are verified on their texts.
    sketches = [sketch(o.paragraphs) for o in originals]
    pairs = [(a, b) for i, a in enumerate(sketches) for b in sketches[i + 1 :]]
    comparable = [(a, b) for a, b in pairs if max(len(a.shingles), len(b.shingles)) <= 2 * min(len(a.shingles), len(b.shingles))]
    assert len(comparable) > 200
    assert sum(_signature_screen(a, b) for a, b in comparable) == 0


def test_loaded_candidates_are_verified_unscreened_then_screened_once_fetched(originals) -> None:
    texts: dict[str, list[str]] = {}
    first = _dedup(texts)
    rows = []
    for n, original in enumerate(originals):
        texts[f"o{n}"] = original.paragraphs
        rows.append((f"o{n}", first.add(f"o{n}", original.paragraphs)[0].keys.tobytes(), None))
    second = _dedup(texts)
    second.load(rows)
    assert second._sizes[second.numbers["o3"]] == 0  # loaded keys carry no signature
    texts["copy"] = originals[3].paragraphs[:-1]
    assert second.add("copy", texts["copy"])[1].canonical_id == "o3"
    assert second._sizes[second.numbers["o3"]] == len(sketch(originals[3].paragraphs).shingles)
