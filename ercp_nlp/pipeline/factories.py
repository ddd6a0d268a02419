"""spaCy factories for the pipeline's components, all registered here with `ercp_` names.

Declared as `spacy_factories` entry points in pyproject.toml, so a pipeline saved with
`nlp.to_disk` loads with a bare `spacy.load(path)`. Keep this module's imports light: spaCy
imports every entry point whenever it builds a `Language`.
"""

from spacy.language import Language

from .components import Assertion, Mentions, Sections, Sentences


@Language.factory(
    "ercp_sections",
    assigns=["doc.spans"],
    default_config={"max_list_tokens": 60},
)
def make_sections(nlp: Language, name: str, max_list_tokens: int) -> Sections:
    return Sections(nlp, name, max_list_tokens=max_list_tokens)


@Language.factory("ercp_sentences", assigns=["token.is_sent_start"], requires=["doc.spans"])
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(nlp, name)


@Language.factory(
    "ercp_mentions",
    assigns=["doc.spans", "span._.ercp_rule", "span._.ercp_purpose", "span._.ercp_domain"],
    requires=["token.is_sent_start"],
)
def make_mentions(nlp: Language, name: str) -> Mentions:
    return Mentions(nlp, name)


@Language.factory(
    "ercp_assertion",
    assigns=["span._.ercp_assertion", "span._.ercp_cue", "span._.ercp_section"],
    requires=["doc.spans", "token.is_sent_start"],
)
def make_assertion(nlp: Language, name: str) -> Assertion:
    return Assertion(nlp, name)
