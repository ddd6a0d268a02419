"""The spaCy pipeline: tokenizer rules, sections, sentences, mentions, assertion."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from . import factories  # noqa: F401  (registers the ercp_* factories)
from .cleanup import clean
from .components import (
    CUE_GROUP,
    MENTION_GROUP,
    SECTION_GROUP,
    TITLE_TOKENS,
    sentence_of,
    sentence_starts,
)
from .tokenizer import create_tokenizer  # noqa: F401  (registers ercp.Tokenizer.v1)

PIPE_NAMES = ("ercp_sections", "ercp_sentences", "ercp_mentions", "ercp_assertion")

__all__ = ["build_pipeline", "clean", "load_pipeline", "sentence_of", "sentence_starts", "MENTION_GROUP", "SECTION_GROUP", "CUE_GROUP",
           "TITLE_TOKENS"]


def build_pipeline() -> Language:
    """A fresh pipeline on `spacy.blank("en")` with the bundled rules."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "ercp.Tokenizer.v1"}}})
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    nlp.initialize()
    return nlp


def load_pipeline(path: str | Path | None = None) -> Language:
    """Load a saved pipeline, or build the default one when no path is given."""
    return build_pipeline() if path is None else spacy.load(path)
