"""`ercp-nlp evaluate --report DIR`: the evaluation as PNG plots and one HTML page of them.

Needs matplotlib (`pip install "ercp-nlp[report]"`). The page shows figures and note ids only;
the errors' evidence sentences stay in the JSON that `evaluate` prints.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np

from .labels import NOT_ERCP, STONE_CLASSES, TECHNIQUES
from .model import stone_targets
from .train import calibration, row_probs


def stones_confusion(frame, rows) -> tuple[list[str], np.ndarray]:
    truth = stone_targets(frame)
    pred = np.array([r["stones"]["value"] or NOT_ERCP for r in rows], dtype=object)
    classes = list(STONE_CLASSES)
    matrix = np.zeros((len(classes), len(classes)), int)
    for t, p in zip(truth, pred, strict=True):
        matrix[classes.index(t), classes.index(p)] += 1
    return classes, matrix


def write_report(frame, rows: list[dict], metrics: dict, out_dir: str | Path) -> Path:
    """Plots (per-label scores, calibration, stones confusion) and index.html into `out_dir`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    fig, ax = plt.subplots(figsize=(8, 4))
    x = np.arange(len(TECHNIQUES))
    for k, key in enumerate(("precision", "recall", "f1")):
        ax.bar(x + (k - 1) * 0.27, [metrics["labels"][t][key] for t in TECHNIQUES], 0.27, label=key)
    ax.set_xticks(x, [t.replace("_", "\n") for t in TECHNIQUES], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right")
    ax.set_title(f"Techniques (macro-F1 {metrics['macro_f1']:.3f}, exact match {metrics['exact_match']:.3f})")
    fig.tight_layout()
    fig.savefig(out / "labels.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], ":", color="grey", label="perfectly calibrated")
    probs = row_probs(rows)
    for label in TECHNIQUES:
        points = calibration(frame[label].astype(int).to_numpy(), probs[label])
        ax.plot([a for a, _, _ in points], [b for _, b, _ in points], "o-", label=label, markersize=3)
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("share of notes with the technique")
    ax.legend(fontsize=7)
    ax.set_title("Calibration")
    fig.tight_layout()
    fig.savefig(out / "calibration.png", dpi=110)
    plt.close(fig)

    classes, matrix = stones_confusion(frame, rows)
    names = [c if c != NOT_ERCP else "not ERCP" for c in classes]
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.imshow(matrix, cmap="Blues")
    for i in range(len(classes)):
        for j in range(len(classes)):
            ax.text(j, i, str(matrix[i, j]), ha="center", va="center",
                    color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    ax.set_xticks(range(len(classes)), names, rotation=30, fontsize=8)
    ax.set_yticks(range(len(classes)), names, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("labelled")
    ax.set_title(f"Stones outcome (accuracy {metrics['stones_accuracy']:.3f})")
    fig.tight_layout()
    fig.savefig(out / "stones.png", dpi=110)
    plt.close(fig)

    summary = {k: v for k, v in metrics.items() if k not in ("labels", "errors")}
    table = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in summary.items())
    errors = "".join(f"<li>{html.escape(str(e['note_id']))}: {html.escape(', '.join(e['wrong']))}</li>"
                     for e in metrics.get("errors", []))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ercp-nlp evaluation</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}} td{{padding:0 1em}} img{{max-width:100%}}</style>
</head><body>
<h1>ercp-nlp evaluation</h1>
<table>{table}</table>
<h2>Per technique</h2><img src="labels.png" alt="precision, recall and F1 per technique">
<h2>Calibration</h2><img src="calibration.png" alt="calibration curves">
<h2>Stones outcome</h2><img src="stones.png" alt="stones confusion matrix">
<h2>Notes with an error ({len(metrics.get("errors", []))})</h2><ul>{errors}</ul>
</body></html>
"""
    (out / "index.html").write_text(page, encoding="utf8")
    (out / "metrics.json").write_text(json.dumps({k: v for k, v in metrics.items() if k != "errors"}, indent=2))
    return out / "index.html"
