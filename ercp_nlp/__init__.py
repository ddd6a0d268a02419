"""ercp-nlp: stone-removal techniques in ERCP notes, with evidence, for coders."""

__version__ = "0.1.0"
