"""The installed spaCy model is the official en_core_web_md 3.7.1 (the figures below are copied from Explosion's
release metadata, explosion/spacy-models meta/en_core_web_md-3.7.1.json; see docs/nlp.md)."""

from __future__ import annotations

import pytest

from wirewatch.nlp import load_spacy
from wirewatch.nlp.spacy_model import DISABLED

OFFICIAL = {
    "name": "core_web_md",
    "version": "3.7.1",
    "spacy_version": ">=3.7.2,<3.8.0",
    "spacy_git_version": "bd2c17e20",
    "vectors": {"width": 300, "vectors": 20000, "keys": 514157, "name": "en_vectors"},
    "performance": {
        "token_acc": 0.9986194413,
        "tag_acc": 0.9732581964,
        "dep_uas": 0.9205112068,
        "dep_las": 0.9022890411,
        "ents_p": 0.8494302632,
        "ents_r": 0.8549178686,
        "ents_f": 0.8521652315,
        "speed": 7442.7139509686,
    },
}


def test_installed_model_meta_matches_the_official_release() -> None:
    meta = load_spacy().meta
    for key in ("name", "version", "spacy_version", "spacy_git_version"):
        assert meta[key] == OFFICIAL[key], key
    for key, value in OFFICIAL["vectors"].items():
        assert meta["vectors"][key] == value, key
    for key, value in OFFICIAL["performance"].items():
        assert meta["performance"][key] == pytest.approx(value, abs=1e-9), key


def test_pipeline_runs_tagger_parser_and_ner_only() -> None:
    nlp = load_spacy()
    assert {"tok2vec", "tagger", "parser", "ner"} <= set(nlp.pipe_names)
    assert not set(DISABLED) & set(nlp.pipe_names)
    doc = nlp("The army shelled the town near Sanaa in Yemen on Wednesday.")
    assert [t.tag_ for t in doc][:5] == ["DT", "NN", "VBD", "DT", "NN"]
    assert any(e.label_ == "GPE" and e.text == "Yemen" for e in doc.ents)
