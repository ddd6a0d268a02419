"""Build, train, save and load the classifier (joblib + metadata + sha256 check).

A model directory holds `model.joblib` (a dict of fitted scikit-learn Pipelines: one multi-label
pipeline for the five techniques, one for the stones outcome) and `meta.json` beside it: versions,
labels, the training data's fingerprint (hashes, never text), cross-validated metrics and the
artefact's sha256. `load_model` refuses a file whose hash or versions do not match.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import joblib
import numpy as np
import pandas as pd
import sklearn
import spacy

from . import __version__
from .features import analyse, names_no_duct
from .labels import NOT_ERCP, STONE_CLASSES, TECHNIQUES
from .pipeline import load_pipeline

if TYPE_CHECKING:
    from sklearn.pipeline import FeatureUnion, Pipeline

log = logging.getLogger(__name__)
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
KINDS = ("linear", "boosting")


class ModelError(Exception):
    """A model directory that cannot be used; the message says why and what to do."""


def to_dense(X):
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X)


def make_features(*, ngrams: bool = True) -> FeatureUnion:
    # Imported here, not at the top: tagging only unpickles fitted estimators (start-up time).
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline

    from .transformers import EvidenceText, MentionFeatures

    parts = [("mentions", make_pipeline(MentionFeatures(), DictVectorizer()))]
    if ngrams:
        text = TfidfVectorizer(ngram_range=(1, 2), min_df=3, max_features=20000, sublinear_tf=True, lowercase=True)
        parts.append(("ngrams", make_pipeline(EvidenceText(), text)))
    return FeatureUnion(parts)


def make_estimator(kind: str, *, ngrams: bool = True) -> Pipeline:
    """One binary or multi-class classifier with calibrated probabilities."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    if kind == "linear":
        base = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
        return Pipeline([("features", make_features(ngrams=ngrams)),
                         ("clf", CalibratedClassifierCV(base, method="sigmoid", cv=3))])
    if kind == "boosting":
        base = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.1, max_leaf_nodes=15)
        return Pipeline([("features", make_features(ngrams=False)),
                         ("dense", FunctionTransformer(to_dense, accept_sparse=True)),
                         ("clf", CalibratedClassifierCV(base, method="isotonic", cv=3))])
    raise ValueError(f"unknown model kind {kind!r}; use one of {KINDS}")


def gold_stones(value) -> str | None:
    """A labelled row's stones value, None for a note that is not an ERCP report."""
    return value if isinstance(value, str) and value else None


def stone_targets(frame: pd.DataFrame) -> np.ndarray:
    return np.array([gold_stones(s) or NOT_ERCP for s in frame["stones"]], dtype=object)


@dataclass
class Model:
    """The fitted estimators plus the pipeline that makes their input."""

    techniques: dict[str, Pipeline]
    stones: Pipeline
    meta: dict = field(default_factory=dict)
    nlp: object = None

    def records(self, texts) -> list[dict]:
        nlp = self.nlp or load_pipeline()
        self.nlp = nlp
        return [analyse(doc) for doc in nlp.pipe(texts, batch_size=64)]

    def predict_records(self, records: list[dict]) -> tuple[dict[str, np.ndarray], np.ndarray, list[str]]:
        """P(technique) per label, and P(stones class) with the class order.

        A stone-removal technique needs a procedure on the bile or pancreatic duct, so P(technique)
        is capped at P(the note is an ERCP report): device words in a note that does not read as
        one (an angioplasty's balloon, a YAG laser) stay below one half. A note without a single
        word of that anatomy or procedure (`domain_biliary` cues) is not an ERCP report at all.
        """
        stones = self.stones.predict_proba(records)
        classes = [str(c) for c in self.stones.classes_]
        if NOT_ERCP in classes:
            unnamed = np.array([names_no_duct(r) for r in records], dtype=bool)
            stones[unnamed] = np.eye(len(classes))[classes.index(NOT_ERCP)]
        ercp = 1.0 - stones[:, classes.index(NOT_ERCP)] if NOT_ERCP in classes else 1.0
        probs = {label: np.minimum(est.predict_proba(records)[:, 1], ercp) for label, est in self.techniques.items()}
        return probs, stones, classes


def fit_model(records: list[dict], frame: pd.DataFrame, *, kind: str = "linear") -> Model:
    """Each technique classifier learns P(technique | ERCP report) from the ERCP reports alone (a
    clinic letter that recaps last month's basket extraction would teach it to doubt evidence);
    `predict_records` then caps it at P(ERCP report) from the stones classifier."""
    targets = stone_targets(frame)
    ercp = targets != NOT_ERCP
    techniques = {}
    for label in TECHNIQUES:
        y = frame[label].astype(int).to_numpy()
        rows = ercp if len(set(y[ercp])) == 2 else np.ones(len(y), bool)
        techniques[label] = make_estimator(kind).fit([r for r, keep in zip(records, rows, strict=True) if keep], y[rows])
    stones = make_estimator(kind).fit(records, targets)
    missing = set(STONE_CLASSES) - set(stones.classes_)
    if missing:
        log.warning("training data has no example of stones=%s", sorted(missing))
    return Model(techniques=techniques, stones=stones)


def strip_text(model: Model) -> None:
    """Drop what could hold note text: TF-IDF's stop_words_ (terms cut by min_df/max_features)."""
    for est in [*model.techniques.values(), model.stones]:
        for _, part in est.named_steps["features"].transformer_list:
            for step in part.named_steps.values():
                if hasattr(step, "stop_words_"):
                    step.stop_words_ = None
                    del step.stop_words_


def share_identical_steps(model: Model) -> None:
    """Make identical fitted steps before the classifier (the feature steps, which come out the
    same for every classifier trained on the same records) one object, so that the file holds them
    once: joblib unpickles in pure Python, and six copies of the TF-IDF vocabulary took most of the
    load time. The steps are only read when predicting, so sharing them changes no prediction."""
    seen: dict[bytes, object] = {}
    for est in [*model.techniques.values(), model.stones]:
        for k, (name, step) in enumerate(est.steps[:-1]):
            key = pickle.dumps(step, protocol=pickle.HIGHEST_PROTOCOL)
            est.steps[k] = (name, seen.setdefault(key, step))


def fingerprint(frame: pd.DataFrame) -> dict:
    """Hashes of the training notes (never their text) and label counts."""
    digest = hashlib.sha256()
    for note_id, text in zip(frame["note_id"], frame["text"], strict=True):
        digest.update(hashlib.sha256(f"{note_id}\x00{text}".encode()).digest())
    counts = {label: int(frame[label].sum()) for label in TECHNIQUES}
    counts["stones"] = {str(k): int(v) for k, v in pd.Series(stone_targets(frame)).value_counts().items()}
    return {"n_notes": int(len(frame)), "sha256": digest.hexdigest(), "label_counts": counts}


def versions() -> dict:
    return {"ercp_nlp": __version__, "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
            "numpy": np.__version__, "pandas": pd.__version__}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: Model, path: str | Path, *, name: str = "ercp-nlp") -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    strip_text(model)
    share_identical_steps(model)
    # Uncompressed: joblib's loader is pure Python either way, and decompressing only adds to it.
    joblib.dump({"techniques": model.techniques, "stones": model.stones}, path / MODEL_FILE)
    meta = dict(model.meta)
    meta.update({"name": name, "version": __version__, "versions": versions(),
                 "labels": list(TECHNIQUES), "stone_classes": [str(c) for c in model.stones.classes_],
                 "sha256": file_sha256(path / MODEL_FILE)})
    (path / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf8")
    model.meta = meta
    return path


def load_model(path: str | Path | None = None) -> Model:
    """Load a model directory after checking its hash and library versions."""
    path = Path(path) if path else default_model_path()
    meta_path, model_path = path / META_FILE, path / MODEL_FILE
    if not meta_path.is_file() or not model_path.is_file():
        raise ModelError(f"{path} is not a model directory (it needs {META_FILE} and {MODEL_FILE}); "
                         "train one with `ercp-nlp train` or pass --model.")
    meta = json.loads(meta_path.read_text(encoding="utf8"))
    if file_sha256(model_path) != meta.get("sha256"):
        raise ModelError(f"{model_path} does not match the sha256 in {META_FILE}; refusing to load it "
                         "(it may have been altered): retrain or restore the original file.")
    saved = meta.get("versions", {})
    for lib in ("scikit-learn",):
        if saved.get(lib) and saved[lib].split(".")[:2] != versions()[lib].split(".")[:2]:
            raise ModelError(f"the model was saved with {lib} {saved[lib]} but {versions()[lib]} is installed; "
                             "install the same version or retrain the model.")
    parts = joblib.load(model_path)
    if set(parts["techniques"]) != set(TECHNIQUES):
        raise ModelError(f"the model's labels {sorted(parts['techniques'])} are not this package's {list(TECHNIQUES)}.")
    return Model(techniques=parts["techniques"], stones=parts["stones"], meta=meta)


def default_model_path() -> Path:
    """The bundled default model, shipped inside the package as `ercp_nlp/default_model`."""
    from importlib import resources

    try:
        return Path(str(resources.files("ercp_nlp.default_model")))
    except ModuleNotFoundError as exc:
        raise ModelError("this installation has no bundled default model; pass --model DIR.") from exc
