"""Count tables of a generated corpus, as markdown (pasted into corpora/README.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ercp_nlp.labels import STONES, TECHNIQUES

SPLITS = ("train", "dev", "test")


def read_rows(folder: str | Path) -> list:
    rows = []
    for split in SPLITS:
        path = Path(folder) / f"{split}.jsonl"
        with open(path, encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def _table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def stats_markdown(folder: str | Path) -> str:
    rows = read_rows(folder)
    by_split = {s: [r for r in rows if r["split"] == s] for s in SPLITS}
    cols = ["all", *SPLITS]
    groups = [rows] + [by_split[s] for s in SPLITS]
    parts = [f"Notes: {len(rows)}", ""]

    parts += ["### Per split", _table(["split", "notes", "families", "ERCP notes", "non-ERCP notes"], [
        [s, len(g), ",".join(str(x) for x in sorted({r["family"] for r in g})),
         sum(r["stones"] is not None for r in g), sum(r["stones"] is None for r in g)] for s, g in by_split.items()]), ""]

    parts += ["### Technique labels (notes with label = 1)", _table(["label", *cols], [
        [t, *[sum(r[t] for r in g) for g in groups]] for t in TECHNIQUES]), ""]

    parts += ["### Stones", _table(["stones", *cols], [
        [v or "null", *[sum(r["stones"] == v for r in g) for g in groups]] for v in (*STONES, None)]), ""]

    styles = sorted({r["style"] for r in rows})
    parts += ["### Styles", _table(["style", *cols], [
        [s, *[sum(r["style"] == s for r in g) for g in groups]] for s in styles]), ""]

    types = sorted({r["facts"]["nonercp_type"] for r in rows if r["stones"] is None})
    parts += ["### Non-ERCP note types (peri-ERCP notes recap a past ERCP)", _table(["type", *cols], [
        [t, *[sum(r["stones"] is None and r["facts"]["nonercp_type"] == t for r in g) for g in groups]] for t in types]), ""]

    kinds = Counter(h for r in rows for h in r["hard_cases"])
    parts += ["### Hard-case kinds (a note may have several)", _table(["kind", *cols], [
        [k, *[sum(k in r["hard_cases"] for r in g) for g in groups]] for k in sorted(kinds)])]
    hard = [sum(bool(r["hard_cases"]) for r in g) for g in groups]
    parts += ["", "Notes with at least one hard case: " + ", ".join(
        f"{c} {h} ({h / max(len(g), 1):.0%})" for c, h, g in zip(cols, hard, groups)), ""]

    lengths = sorted(r["n_words"] for r in rows)
    q = lambda p: lengths[min(len(lengths) - 1, int(p * len(lengths)))]  # noqa: E731
    bins = [(10, 20), (20, 30), (30, 60), (60, 100), (100, 200), (200, 400), (400, 800), (800, 1501)]
    parts += ["### Length (words)", f"min {lengths[0]}, p10 {q(0.1)}, median {q(0.5)}, p90 {q(0.9)}, max {lengths[-1]}", "",
              _table(["words", "notes"], [[f"{a}-{b - 1}", sum(a <= n < b for n in lengths)] for a, b in bins])]
    return "\n".join(parts) + "\n"
