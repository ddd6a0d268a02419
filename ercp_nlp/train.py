"""`train`, `evaluate` and `compare`: fit a model on labelled notes, measure one, or measure two
side by side on the same notes."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, StratifiedKFold

from .corpus import load
from .decide import DEFAULT_POLICY, codes, decide
from .labels import NOT_ERCP, TECHNIQUES
from .model import (
    KINDS,
    Model,
    fingerprint,
    fit_model,
    gold_stones,
    load_model,
    save_model,
    stone_targets,
)
from .tagging import tag_texts

log = logging.getLogger(__name__)


def load_labelled(sources) -> pd.DataFrame:
    """One or more corpus names ("train", "gold", ...) or labelled files, concatenated."""
    frames = [load(s) for s in ([sources] if isinstance(sources, str | Path) else sources)]
    return pd.concat(frames, ignore_index=True)


def calibration(y: np.ndarray, prob: np.ndarray, bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted probability, observed frequency, notes) for each non-empty one of `bins`
    equal-width probability bins."""
    which = np.clip((prob * bins).astype(int), 0, bins - 1)
    return [(float(prob[which == b].mean()), float(y[which == b].mean()), int((which == b).sum()))
            for b in range(bins) if (which == b).any()]


def expected_calibration_error(y: np.ndarray, prob: np.ndarray) -> float:
    """Mean gap between predicted probability and observed frequency over the calibration bins,
    weighted by the notes in each."""
    return float(sum(abs(p - f) * n for p, f, n in calibration(y, prob)) / len(y))


def row_probs(rows: list[dict]) -> dict[str, np.ndarray]:
    """P(technique) per label from output rows (0 for a row in error)."""
    return {label: np.array([r["techniques"][label]["probability"] or 0.0 for r in rows]) for label in TECHNIQUES}


def score(frame: pd.DataFrame, probs: dict[str, np.ndarray], stones_pred: np.ndarray) -> dict:
    """Per-label and overall metrics of predictions against a labelled frame."""
    out = {"n_notes": int(len(frame)), "labels": {}}
    exact = np.ones(len(frame), bool)
    f1s = []
    for label in TECHNIQUES:
        y = frame[label].astype(int).to_numpy()
        prob = np.asarray(probs[label], dtype=float)
        p = (prob >= 0.5).astype(int)
        prec, rec, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
        out["labels"][label] = {"precision": round(float(prec), 4), "recall": round(float(rec), 4),
                                "f1": round(float(f1), 4), "support": int(y.sum()),
                                "brier": round(float(np.mean((prob - y) ** 2)), 4),
                                "ece": round(expected_calibration_error(y, prob), 4)}
        f1s.append(f1)
        exact &= y == p
    out["macro_f1"] = round(float(np.mean(f1s)), 4)
    out["exact_match"] = round(float(exact.mean()), 4)
    out["stones_accuracy"] = round(float((stones_pred == stone_targets(frame)).mean()), 4)
    return out


def cross_validate(records: list[dict], frame: pd.DataFrame, kind: str, folds: int = 3,
                   repeats: np.ndarray | None = None) -> dict:
    """Cross-validated metrics; folds split by generator family when the data has one (a note
    without a family, e.g. from a coders' export trained on with the corpus, is its own group).

    `repeats` (one whole number per row) repeats rows in the training folds only: each note is
    still scored once, and its copies never land on both sides of a split.
    """
    groups = None
    if "family" in frame and frame["family"].nunique() >= folds:
        family = frame["family"]
        groups = np.where(family.isna(), "note " + frame["note_id"], "family " + family.astype(str))
    splitter = GroupKFold(folds) if groups is not None else StratifiedKFold(folds, shuffle=True, random_state=0)
    probs = {label: np.zeros(len(frame)) for label in TECHNIQUES}
    stones = np.empty(len(frame), dtype=object)
    y_strat = stone_targets(frame)
    for train_idx, test_idx in splitter.split(records, y_strat, groups):
        if repeats is not None:
            train_idx = np.repeat(train_idx, repeats[train_idx])
        sub = fit_model([records[i] for i in train_idx], frame.iloc[train_idx], kind=kind)
        p, sp, classes = sub.predict_records([records[i] for i in test_idx])
        for label in TECHNIQUES:
            probs[label][test_idx] = p[label]
        stones[test_idx] = np.array(classes, dtype=object)[sp.argmax(1)]
    return score(frame, probs, stones)


def train(sources, output: str | Path, *, kind: str = "auto", folds: int = 3, name: str = "ercp-nlp",
          dev=None, weights: dict | None = None) -> Model:
    """Fit on labelled notes, compare model kinds by cross-validation, save the better one.

    With `dev`, the review policy is tuned there: the loosest margins at which the notes not
    flagged for review still reach 99% exact-match precision. `weights` maps some of `sources`
    to a whole number k: each of their notes counts k times (its row is repeated k times in
    training), e.g. coders' corrections from the hospital the model will serve.
    """
    sources = [sources] if isinstance(sources, str | Path) else list(sources)
    weights = {str(k): v for k, v in (weights or {}).items()}
    for source, k in weights.items():
        if source not in map(str, sources):
            raise ValueError(f"the weight is for {source}, which is not among the labelled notes; "
                             "weight one of the files you train on.")
        if not isinstance(k, int) or k < 1:
            raise ValueError(f"the weight of {source} is {k!r}; use a whole number of at least 1.")
    frames = [load(s) for s in sources]
    frame = pd.concat(frames, ignore_index=True)
    repeats = np.concatenate([np.full(len(f), weights.get(str(s), 1)) for s, f in zip(sources, frames, strict=True)])
    model = Model(techniques={}, stones=None)
    records = model.records(frame["text"].tolist())
    kinds = KINDS if kind == "auto" else (kind,)
    cv = {k: cross_validate(records, frame, k, folds, repeats if weights else None) for k in kinds}
    for k, metrics in cv.items():
        log.info("cv %s: macro-F1 %.4f exact %.4f stones %.4f", k, metrics["macro_f1"], metrics["exact_match"],
                 metrics["stones_accuracy"])
    best = max(cv, key=lambda k: (cv[k]["macro_f1"] + cv[k]["exact_match"] + cv[k]["stones_accuracy"]))
    idx = np.repeat(np.arange(len(frame)), repeats)
    fitted = fit_model([records[i] for i in idx], frame.iloc[idx], kind=best)
    fitted.nlp = model.nlp
    fitted.meta = {"kind": best, "cv": cv, "training_data": fingerprint(frame), "policy": dict(DEFAULT_POLICY)}
    if weights:
        fitted.meta["weights"] = weights
    if dev is not None:
        fitted.meta["policy"] = tune_policy(fitted, load_labelled(dev))
    save_model(fitted, output, name=name)
    return fitted


def gold_codes(row) -> list[str]:
    tags = {label: bool(row[label]) for label in TECHNIQUES}
    return codes(tags, gold_stones(row["stones"]) or NOT_ERCP, [])[0]


def predict_frame(model: Model, frame: pd.DataFrame, policy: dict | None = None) -> list[dict]:
    return tag_texts(frame["note_id"].tolist(), frame["text"].tolist(), model, policy=policy)


def evaluate_rows(frame: pd.DataFrame, rows: list[dict]) -> dict:
    probs = row_probs(rows)
    stones = np.array([r["stones"]["value"] or NOT_ERCP for r in rows], dtype=object)
    metrics = score(frame, probs, stones)
    truth = [gold_codes(r) for _, r in frame.iterrows()]
    code_ok = np.array([sorted(r["suggested_cpt"]) == sorted(t) for r, t in zip(rows, truth, strict=True)])
    metrics["cpt_accuracy"] = round(float(code_ok.mean()), 4)
    right = np.array([row_correct(r, g) for r, (_, g) in zip(rows, frame.iterrows(), strict=True)])
    auto = np.array([not r["needs_review"] for r in rows])
    metrics["auto_accepted_share"] = round(float(auto.mean()), 4)
    metrics["auto_accepted_precision"] = round(float(right[auto].mean()), 4) if auto.any() else None
    metrics["errors"] = [error_entry(r, g) for r, (_, g) in zip(rows, frame.iterrows(), strict=True) if not row_correct(r, g)]
    return metrics


def row_correct(row: dict, gold) -> bool:
    techniques_ok = all(row["techniques"][label]["tagged"] == bool(gold[label]) for label in TECHNIQUES)
    return techniques_ok and row["stones"]["value"] == gold_stones(gold["stones"])


def error_entry(row: dict, gold) -> dict:
    wrong = [label for label in TECHNIQUES if row["techniques"][label]["tagged"] != bool(gold[label])]
    truth = gold_stones(gold["stones"])
    return {
        "note_id": row["note_id"],
        "wrong": wrong + (["stones"] if row["stones"]["value"] != truth else []),
        "predicted": {label: row["techniques"][label]["probability"] for label in wrong},
        "stones": {"predicted": row["stones"]["value"], "gold": truth},
        "evidence": {label: [f"[{e['assertion']}/{e['section']}] {e['sentence']}" for e in row["techniques"][label]["evidence"]][:3]
                     for label in wrong},
    }


def tune_policy(model: Model, frame: pd.DataFrame, target: float = 0.99) -> dict:
    """The review policy that auto-accepts the most notes of `frame` at `target` precision or more;
    when none reaches it, the most precise one, marked `target_reached: false`."""
    records = model.records(frame["text"].tolist())
    probs, stone_probs, classes = model.predict_records(records)
    golds = [g for _, g in frame.iterrows()]
    best, best_key = None, None
    for margin in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98):
        for stone_p in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
            policy = {**DEFAULT_POLICY, "min_margin": margin, "min_stone_prob": stone_p}
            right, auto = [], []
            for k, gold in enumerate(golds):
                d = decide(records[k], {label: probs[label][k] for label in TECHNIQUES},
                           dict(zip(classes, stone_probs[k], strict=True)), policy)
                right.append(row_correct(d | {"note_id": ""}, gold))
                auto.append(not d["needs_review"])
            right, auto = np.array(right), np.array(auto)
            precision = float(right[auto].mean()) if auto.any() else 0.0
            reached = precision >= target
            key = (reached, auto.mean() if reached else precision)
            if best_key is None or key > best_key:
                best_key = key
                best = {**policy, "auto_share_on_dev": round(float(auto.mean()), 4),
                        "auto_precision_on_dev": round(precision, 4), "target_reached": bool(reached)}
    if not best["target_reached"]:
        log.warning("no review policy reaches %.2f precision on the dev notes; kept the most precise (%.4f)",
                    target, best["auto_precision_on_dev"])
    return best


def evaluate(sources, *, model: Model | str | Path | None = None, report: str | Path | None = None) -> dict:
    """Metrics of a model on labelled notes; with `report`, plots and an HTML page in that folder."""
    frame = load_labelled(sources)
    model = model if isinstance(model, Model) else load_model(model, sklearn=True)
    rows = predict_frame(model, frame)
    metrics = evaluate_rows(frame, rows)
    if report is not None:
        from .report import write_report

        metrics["report"] = str(write_report(frame, rows, metrics, report))
    return metrics


# What `compare` puts side by side; all but the auto-accepted share must not get worse.
COMPARED = {
    "macro_f1": "macro-F1",
    "exact_match": "exact match",
    "stones_accuracy": "stones accuracy",
    "cpt_accuracy": "coding accuracy",
    "auto_accepted_share": "auto-accepted share",
    "auto_accepted_precision": "auto-accepted precision",
}


def compare(old: str | Path, new: str | Path, sources) -> dict:
    """Evaluate two model directories on the same labelled notes: their metrics side by side, the
    notes NEW gets right that OLD got wrong (fixed) and the reverse (broken), and whether NEW is
    better.

    NEW is better when it fixes more notes than it breaks (a note is right when all five
    techniques and the stones outcome are) and none of the measures but the auto-accepted share
    is lower.
    """
    frame = load_labelled(sources)
    models = {"old": load_model(old, sklearn=True), "new": load_model(new, sklearn=True)}
    golds = [g for _, g in frame.iterrows()]
    out, right = {"n_notes": int(len(frame))}, {}
    for key, path in (("old", old), ("new", new)):
        models[key].nlp = models["old"].nlp  # one spaCy pipeline for both
        rows = predict_frame(models[key], frame)
        metrics = evaluate_rows(frame, rows)
        right[key] = np.array([row_correct(r, g) for r, g in zip(rows, golds, strict=True)], bool)
        out[key] = {"model": str(path), **{k: metrics[k] for k in COMPARED}, "notes_right": int(right[key].sum())}
    ids = frame["note_id"].to_numpy()
    out["fixed"] = ids[~right["old"] & right["new"]].tolist()
    out["broken"] = ids[right["old"] & ~right["new"]].tolist()
    lower = [label for k, label in COMPARED.items()
             if k != "auto_accepted_share" and None not in (out["old"][k], out["new"][k])
             and out["new"][k] < out["old"][k]]
    fixed, broken = len(out["fixed"]), len(out["broken"])
    out["better"] = fixed > broken and not lower
    if out["better"]:
        out["verdict"] = f"NEW is better: it fixes {fixed} notes, breaks {broken}, and no measure is lower."
    elif fixed <= broken:
        out["verdict"] = f"NEW is not better: it fixes {fixed} notes and breaks {broken}."
    else:
        out["verdict"] = (f"NEW is not better: it fixes {fixed} notes and breaks {broken}, "
                          f"but its {', '.join(lower)} {'is' if len(lower) == 1 else 'are'} lower.")
    return out


def format_comparison(result: dict) -> str:
    """`compare`'s result as a side-by-side table, the changed notes and the verdict."""
    def cell(v) -> str:
        return "-" if v is None else f"{v:.4f}" if isinstance(v, float) else str(v)

    def change(a, b) -> str:
        if a is None or b is None:
            return ""
        return f"{b - a:+.4f}" if isinstance(a, float) else f"{b - a:+d}"

    table = [("", "OLD", "NEW", "change"), ("model", result["old"]["model"], result["new"]["model"], "")]
    for k, label in [*COMPARED.items(), ("notes_right", "notes right")]:
        a, b = result["old"][k], result["new"][k]
        table.append((label, cell(a), cell(b), change(a, b)))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = [f"{result['n_notes']} labelled notes"]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table]
    for key, what in (("fixed", "fixed by NEW (OLD wrong, NEW right)"),
                      ("broken", "broken by NEW (OLD right, NEW wrong)")):
        ids = result[key]
        shown = ", ".join(ids[:20]) + (f", ... ({len(ids) - 20} more)" if len(ids) > 20 else "")
        lines.append(f"{what}: {len(ids)}" + (f": {shown}" if ids else ""))
    lines.append(f"verdict: {result['verdict']}")
    return "\n".join(lines)
