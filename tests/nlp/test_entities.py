"""Entity resolution within an article: surnames, titles and armed-group nominals (real spaCy model)."""

from __future__ import annotations

import pytest

from wirewatch.nlp import load_spacy
from wirewatch.nlp.entities import clean_name, entity_mentions, slug


def _mentions(text: str):
    return entity_mentions(load_spacy()(text))


def _by_text(text: str) -> dict[str, tuple[str | None, str]]:
    return {m.text: (m.entity_id, m.source) for m in _mentions(text)}


def test_surname_and_title_resolve_to_the_full_name() -> None:
    text = (
        "Caretaker Prime Minister Najib Mikati said Lebanon is in a state of war. Mikati visited the city of Tyre, "
        "accompanied by Education Minister Abbas Halabi. In remarks to reporters, the premier stressed that the "
        "government is doing its duty. Halabi said exams went well."
    )
    found = _by_text(text)
    assert found["Najib Mikati"] == ("person:najib-mikati", "ner")
    assert found["Mikati"] == ("person:najib-mikati", "coreference")
    assert found["the premier"] == ("person:najib-mikati", "coreference")
    assert found["Halabi"] == ("person:abbas-halabi", "coreference")


def test_a_title_before_a_name_is_not_a_reference() -> None:
    text = "US President Donald Trump spoke on Monday. Later the President Joe Biden statement was read."
    refs = [m for m in _mentions(text) if m.source == "coreference"]
    assert all(m.text.lower() != "the president" for m in refs)


def test_an_ambiguous_title_stays_unresolved() -> None:
    text = (
        "Foreign Minister Ahmed Aboul Gheit met Foreign Minister Sergey Lavrov in Cairo on Monday. "
        "The minister said talks would continue."
    )
    assert all(m.text != "The minister" for m in _mentions(text))


def test_surname_particles_match_with_and_without_the_article() -> None:
    text = "Former Iraqi Prime Minister Nouri al-Maliki met the envoy. Maliki later said he was satisfied."
    found = _by_text(text)
    assert found["Maliki"] == ("person:nouri-al-maliki", "coreference")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("the Houthis", "Houthis"), ("Mikati's", "Mikati"), ("Najib Mikati,", "Najib Mikati"), ("Trump’s", "Trump")],
)
def test_clean_name_strips_articles_possessives_and_punctuation(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_slug_is_ascii_and_stable() -> None:
    assert slug("Asa'ib Ahl al-Haq") == "asaib-ahl-al-haq"
    assert slug("José Raúl Mulino") == "jose-raul-mulino"
