"""`train` and `evaluate`: fit a model on labelled notes, and measure one on labelled notes."""

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
from .model import KINDS, Model, fit_model, fingerprint, gold_stones, load_model, save_model, stone_targets
from .tagging import tag_texts

log = logging.getLogger(__name__)


def load_labelled(sources) -> pd.DataFrame:
    """One or more corpus names ("train", "gold", ...) or labelled files, concatenated."""
    frames = [load(s) for s in ([sources] if isinstance(sources, str | Path) else sources)]
    return pd.concat(frames, ignore_index=True)


def score(frame: pd.DataFrame, probs: dict[str, np.ndarray], stones_pred: np.ndarray) -> dict:
    """Per-label and overall metrics of predictions against a labelled frame."""
    out = {"n_notes": int(len(frame)), "labels": {}}
    exact = np.ones(len(frame), bool)
    f1s = []
    for label in TECHNIQUES:
        y = frame[label].astype(int).to_numpy()
        p = (np.asarray(probs[label]) >= 0.5).astype(int)
        prec, rec, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
        out["labels"][label] = {"precision": round(float(prec), 4), "recall": round(float(rec), 4),
                                "f1": round(float(f1), 4), "support": int(y.sum())}
        f1s.append(f1)
        exact &= y == p
    out["macro_f1"] = round(float(np.mean(f1s)), 4)
    out["exact_match"] = round(float(exact.mean()), 4)
    out["stones_accuracy"] = round(float((stones_pred == stone_targets(frame)).mean()), 4)
    return out


def cross_validate(records: list[dict], frame: pd.DataFrame, kind: str, folds: int = 3) -> dict:
    """Cross-validated metrics; folds split by generator family when the data has one."""
    groups = frame["family"].to_numpy() if "family" in frame and frame["family"].nunique() >= folds else None
    splitter = GroupKFold(folds) if groups is not None else StratifiedKFold(folds, shuffle=True, random_state=0)
    probs = {label: np.zeros(len(frame)) for label in TECHNIQUES}
    stones = np.empty(len(frame), dtype=object)
    y_strat = stone_targets(frame)
    for train_idx, test_idx in splitter.split(records, y_strat, groups):
        sub = fit_model([records[i] for i in train_idx], frame.iloc[train_idx], kind=kind)
        p, sp, classes = sub.predict_records([records[i] for i in test_idx])
        for label in TECHNIQUES:
            probs[label][test_idx] = p[label]
        stones[test_idx] = np.array(classes, dtype=object)[sp.argmax(1)]
    return score(frame, probs, stones)


def train(sources, output: str | Path, *, kind: str = "auto", folds: int = 3, name: str = "ercp-nlp",
          dev=None) -> Model:
    """Fit on labelled notes, compare model kinds by cross-validation, save the better one.

    With `dev`, the review policy is tuned there: the loosest margins at which the notes not
    flagged for review still reach 99% exact-match precision.
    """
    frame = load_labelled(sources)
    model = Model(techniques={}, stones=None)
    records = model.records(frame["text"].tolist())
    kinds = KINDS if kind == "auto" else (kind,)
    cv = {k: cross_validate(records, frame, k, folds) for k in kinds}
    for k, metrics in cv.items():
        log.info("cv %s: macro-F1 %.4f exact %.4f stones %.4f", k, metrics["macro_f1"], metrics["exact_match"],
                 metrics["stones_accuracy"])
    best = max(cv, key=lambda k: (cv[k]["macro_f1"] + cv[k]["exact_match"] + cv[k]["stones_accuracy"]))
    fitted = fit_model(records, frame, kind=best)
    fitted.nlp = model.nlp
    fitted.meta = {"kind": best, "cv": cv, "training_data": fingerprint(frame), "policy": dict(DEFAULT_POLICY)}
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
    probs = {label: np.array([r["techniques"][label]["probability"] or 0.0 for r in rows]) for label in TECHNIQUES}
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
    """The loosest review policy whose auto-accepted notes reach `target` precision on `frame`."""
    records = model.records(frame["text"].tolist())
    probs, stone_probs, classes = model.predict_records(records)
    golds = [g for _, g in frame.iterrows()]
    policy = dict(DEFAULT_POLICY)
    for margin in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.98):
        for stone_p in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
            policy = {**DEFAULT_POLICY, "min_margin": margin, "min_stone_prob": stone_p}
            right, auto = [], []
            for k, gold in enumerate(golds):
                d = decide(records[k], {label: probs[label][k] for label in TECHNIQUES},
                           dict(zip(classes, stone_probs[k], strict=True)), policy)
                right.append(row_correct(d | {"note_id": ""}, gold))
                auto.append(not d["needs_review"])
            right, auto = np.array(right), np.array(auto)
            if auto.any() and right[auto].mean() >= target:
                return {**policy, "auto_share_on_dev": round(float(auto.mean()), 4),
                        "auto_precision_on_dev": round(float(right[auto].mean()), 4)}
    return policy


def evaluate(sources, *, model: Model | str | Path | None = None) -> dict:
    frame = load_labelled(sources)
    model = model if isinstance(model, Model) else load_model(model)
    return evaluate_rows(frame, predict_frame(model, frame))
