"""Every extension attribute the pipeline sets, declared once (idempotently) in one table."""

from spacy.tokens import Span

SPAN_ATTRIBUTES = {
    "ercp_rule": None,  # id of the rule that found the mention
    "ercp_section": None,  # section label of the mention's sentence
    "ercp_assertion": "performed",  # one of labels.ASSERTIONS
    "ercp_cue": None,  # id of the context rule (or "section:<name>") that set the assertion
    "ercp_purpose": None,  # balloons and sweeps: extraction, dilation, occlusion, cannulation, other
    "ercp_domain": None,  # "biliary", "other" (urology, vascular, ...) or None when unclear
}


def register_extensions() -> None:
    for name, default in SPAN_ATTRIBUTES.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
