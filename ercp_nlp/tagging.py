"""The batch loop: read notes in chunks, tag each, write one row per input row, in order."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .decide import decide
from .features import analyse
from .io import RowWriter, read_notes
from .labels import STONE_CLASSES, TECHNIQUES
from .model import Model, load_model

log = logging.getLogger(__name__)
DEFAULT_MAX_CHARS = 200_000


def check_text(text, max_chars: int) -> str | None:
    """Why a value cannot be tagged, or None when it can."""
    if not isinstance(text, str):
        return f"text is not a string ({type(text).__name__})"
    if not text.strip():
        return "text is empty"
    if len(text) > max_chars:
        return f"text is longer than the {max_chars:,}-character cap"
    if "\ufffd" in text:
        return "text has undecodable bytes"
    return None


def error_row(note_id: str, reason: str, model_info: dict) -> dict:
    empty = {"tagged": False, "probability": None, "evidence": []}
    return {
        "note_id": note_id, "status": "error", "error": reason,
        "techniques": {label: dict(empty) for label in TECHNIQUES},
        "stones": {"value": None, "probability": None, "evidence": []},
        "mentions": [], "suggested_cpt": [], "cpt_reasons": [], "flags": [],
        "needs_review": True, "review_reasons": [reason], "model": model_info,
    }


def model_info(model: Model) -> dict:
    meta = model.meta
    return {"name": meta.get("name", "ercp-nlp"), "version": meta.get("version", ""), "sha256": meta.get("sha256", "")}


def tag_texts(note_ids: list[str], texts: list, model: Model, *, max_chars: int = DEFAULT_MAX_CHARS,
              policy: dict | None = None) -> list[dict]:
    """Tag a batch of notes; one contract row per note, in order."""
    info = model_info(model)
    policy = policy or model.meta.get("policy")
    reasons = [check_text(t, max_chars) for t in texts]
    good = [i for i, r in enumerate(reasons) if r is None]
    records = model.records([texts[i] for i in good])
    rows: list[dict | None] = [None] * len(texts)
    if records:
        probs, stone_probs, classes = model.predict_records(records)
        for k, i in enumerate(good):
            p = {label: probs[label][k] for label in TECHNIQUES}
            sp = {c: float(stone_probs[k][j]) for j, c in enumerate(classes)}
            for c in STONE_CLASSES:
                sp.setdefault(c, 0.0)
            row = {"note_id": note_ids[i], "status": "ok", "error": None}
            row.update(decide(records[k], p, sp, policy))
            row["mentions"] = [{key: m[key] for key in ("label", "text", "start", "end", "sentence", "section", "assertion", "rule")}
                               for m in records[k]["mentions"]]
            row["model"] = info
            rows[i] = row
    for i, reason in enumerate(reasons):
        if reason is not None:
            rows[i] = error_row(note_ids[i], reason, info)
    return rows


@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    tagged: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0.0
        return (f"{self.rows} rows, {self.errors} errors, {self.tagged} with a technique tagged, "
                f"{self.seconds:.1f} s ({rate:.1f} notes/s)")


def tag(input_path: str | Path, output_path: str | Path, *, model: Model | str | Path | None = None,
        id_col: str = "note_id", text_col: str = "text", max_chars: int = DEFAULT_MAX_CHARS,
        chunk_size: int = 1000) -> Summary:
    """Tag every note of a CSV/JSONL/Parquet file into a CSV/JSONL/Parquet output."""
    start = time.perf_counter()
    model = model if isinstance(model, Model) else load_model(model)
    summary = Summary()
    seen_ids: set[str] = set()
    duplicates = 0
    writer = RowWriter(output_path)
    try:
        for chunk in read_notes(input_path, id_col=id_col, text_col=text_col, chunk_size=chunk_size):
            ids = chunk["note_id"].tolist()
            for note_id in ids:
                duplicates += note_id in seen_ids
                seen_ids.add(note_id)
            rows = tag_texts(ids, chunk["text"].tolist(), model, max_chars=max_chars)
            writer.write(rows)
            summary.rows += len(rows)
            summary.errors += sum(r["status"] == "error" for r in rows)
            summary.tagged += sum(any(t["tagged"] for t in r["techniques"].values()) for r in rows)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    if duplicates:
        log.warning("%d rows repeat an earlier note_id; all were kept", duplicates)
    summary.seconds = time.perf_counter() - start
    return summary
