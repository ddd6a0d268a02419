"""The coders' review app: a SQLite store with an append-only audit trail, a local web app,
and an export of the reviewed notes in the training format.

    python -m ercp_nlp.review serve tagged.jsonl --notes notes.csv --db review.sqlite
    python -m ercp_nlp.review export --db review.sqlite -o labelled.csv

The web app needs the `review` extra (FastAPI, uvicorn); the store and export need only the core.
"""

from .store import (
    EXPORT_COLUMNS,
    DecisionConflict,
    ImportSummary,
    ReviewInputError,
    ReviewStore,
    export,
    import_tagged,
)

__all__ = [
    "EXPORT_COLUMNS",
    "DecisionConflict",
    "ImportSummary",
    "ReviewInputError",
    "ReviewStore",
    "export",
    "import_tagged",
]
