"""Entities, dates and places for article text: spaCy's parse and NER, the actor dictionary, the gazetteer."""

from wirewatch.nlp.spacy_model import load_spacy

__all__ = ["load_spacy"]
