"""Build, train, save and load the classifier (joblib + metadata + sha256 check).

A model directory holds `model.joblib` (a dict of fitted scikit-learn Pipelines: one multi-label
pipeline for the five techniques, one for the stones outcome) and `meta.json` beside it: versions,
labels, the training data's fingerprint (hashes, never text), cross-validated metrics and the
artefact's sha256. `load_model` refuses a file whose hash or versions do not match.

A linear model also gets what prediction needs as plain arrays (`linear.export`: `linear.json`
and `linear.npz`, their sha256 in meta.json under "linear"); `load_model` predicts from those with
numpy alone, without unpickling or importing scikit-learn, unless asked for the pipelines.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import __version__, linear
from .features import analyse_texts, names_no_duct
from .labels import NOT_ERCP, STONE_CLASSES, TECHNIQUES
from .pipeline import load_pipeline

if TYPE_CHECKING:  # scikit-learn and pandas are imported where used: tagging needs neither
    import pandas as pd
    from sklearn.pipeline import FeatureUnion, Pipeline

log = logging.getLogger(__name__)
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
KINDS = ("linear", "boosting")
# A note's n-grams form one unit-length TF-IDF row, against dozens of log-count mention features;
# at weight 1 the evidence sentences' wording barely counts. 8 (with C=2) scored best of 1-16 on
# the development notes in unseen styles (corpora/written_dev), and higher on the test split too.
NGRAM_WEIGHT = 8.0


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
    if not ngrams:
        return FeatureUnion(parts)
    text = TfidfVectorizer(ngram_range=(1, 2), min_df=3, max_features=20000, sublinear_tf=True, lowercase=True)
    parts.append(("ngrams", make_pipeline(EvidenceText(), text)))
    return FeatureUnion(parts, transformer_weights={"mentions": 1.0, "ngrams": NGRAM_WEIGHT})


def make_estimator(kind: str, *, ngrams: bool = True) -> Pipeline:
    """One binary or multi-class classifier with calibrated probabilities."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    if kind == "linear":
        base = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")
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
    """The fitted estimators plus the pipeline that makes their input.

    A model loaded for tagging from a linear export has `linear` and no scikit-learn estimators
    (`techniques` is empty, `stones` None); `predict_records` gives the same either way."""

    techniques: dict[str, Pipeline]
    stones: Pipeline | None
    meta: dict = field(default_factory=dict)
    nlp: object = None
    linear: linear.LinearModel | None = None

    def records(self, texts) -> list[dict]:
        nlp = self.nlp or load_pipeline()
        self.nlp = nlp
        return analyse_texts(nlp, texts)

    def predict_records(self, records: list[dict]) -> tuple[dict[str, np.ndarray], np.ndarray, list[str]]:
        """P(technique) per label, and P(stones class) with the class order.

        A stone-removal technique needs a procedure on the bile or pancreatic duct, so P(technique)
        is capped at P(the note is an ERCP report): device words in a note that does not read as
        one (an angioplasty's balloon, a YAG laser) stay below one half. A note without a single
        word of that anatomy or procedure (`domain_biliary` cues) is not an ERCP report at all.
        """
        if self.linear is not None:
            proba = self.linear.predict_proba(records)
            stones, classes = proba.pop("stones"), [str(c) for c in self.linear.classes["stones"]]
            technique = {label: p[:, 1] for label, p in proba.items()}
        else:
            stones, classes = self.stones.predict_proba(records), [str(c) for c in self.stones.classes_]
            technique = {label: est.predict_proba(records)[:, 1] for label, est in self.techniques.items()}
        if NOT_ERCP in classes:
            unnamed = np.array([names_no_duct(r) for r in records], dtype=bool)
            stones[unnamed] = np.eye(len(classes))[classes.index(NOT_ERCP)]
        ercp = 1.0 - stones[:, classes.index(NOT_ERCP)] if NOT_ERCP in classes else 1.0
        probs = {label: np.minimum(p, ercp) for label, p in technique.items()}
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
    import pandas as pd

    digest = hashlib.sha256()
    for note_id, text in zip(frame["note_id"], frame["text"], strict=True):
        digest.update(hashlib.sha256(f"{note_id}\x00{text}".encode()).digest())
    counts = {label: int(frame[label].sum()) for label in TECHNIQUES}
    counts["stones"] = {str(k): int(v) for k, v in pd.Series(stone_targets(frame)).value_counts().items()}
    return {"n_notes": int(len(frame)), "sha256": digest.hexdigest(), "label_counts": counts}


def versions() -> dict:
    import pandas as pd
    import sklearn
    import spacy

    return {"ercp_nlp": __version__, "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
            "numpy": np.__version__, "pandas": pd.__version__}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: Model, path: str | Path, *, name: str = "ercp-nlp") -> Path:
    import joblib

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
    model.meta = meta
    write_linear(model, path)
    return path


def write_linear(model: Model, path: Path) -> None:
    """Write the linear export of `model` (fitted estimators) into its directory `path`, or
    remove a stale one if the model is not linear, and meta.json with the files' sha256.
    `save_model` calls it; `add_linear(path)` calls it for a directory saved before exports."""
    exported = linear.export({**model.techniques, "stones": model.stones})
    meta = dict(model.meta)
    meta.pop("linear", None)
    for file in (linear.SPEC_FILE, linear.ARRAYS_FILE):
        (path / file).unlink(missing_ok=True)
    if exported is not None:
        spec, arrays = exported
        (path / linear.SPEC_FILE).write_text(json.dumps(spec) + "\n", encoding="utf8")
        np.savez(path / linear.ARRAYS_FILE, **arrays)
        meta["linear"] = {file: file_sha256(path / file) for file in (linear.SPEC_FILE, linear.ARRAYS_FILE)}
    (path / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf8")
    model.meta = meta


def add_linear(path: str | Path) -> Path:
    """Add the linear export to a model directory saved without one, leaving `model.joblib` (and
    so the model's sha256) as it is: saving the model again would write the same estimators but
    not the same bytes."""
    path = Path(path)
    write_linear(load_model(path, sklearn=True), path)
    return path


def load_model(path: str | Path | None = None, *, sklearn: bool = False) -> Model:
    """Load a model directory after checking its hashes and library versions.

    A directory with a linear export is loaded from it (numpy only; no library versions to
    match), unless `sklearn=True` asks for the fitted scikit-learn pipelines from `model.joblib`
    (training, evaluation and tests that inspect the estimators use those)."""
    path = Path(path) if path else default_model_path()
    meta_path, model_path = path / META_FILE, path / MODEL_FILE
    if not meta_path.is_file() or not model_path.is_file():
        raise ModelError(f"{path} is not a model directory (it needs {META_FILE} and {MODEL_FILE}); "
                         "train one with `ercp-nlp train` or pass --model.")
    meta = json.loads(meta_path.read_text(encoding="utf8"))
    if file_sha256(model_path) != meta.get("sha256"):
        raise ModelError(f"{model_path} does not match the sha256 in {META_FILE}; refusing to load it "
                         "(it may have been altered): retrain or restore the original file.")
    if meta.get("linear") and not sklearn:
        return Model(techniques={}, stones=None, meta=meta, linear=_load_linear(path, meta))
    import joblib

    saved = meta.get("versions", {})
    for lib in ("scikit-learn",):
        if saved.get(lib) and saved[lib].split(".")[:2] != versions()[lib].split(".")[:2]:
            raise ModelError(f"the model was saved with {lib} {saved[lib]} but {versions()[lib]} is installed; "
                             "install the same version or retrain the model.")
    parts = joblib.load(model_path)
    if set(parts["techniques"]) != set(TECHNIQUES):
        raise ModelError(f"the model's labels {sorted(parts['techniques'])} are not this package's {list(TECHNIQUES)}.")
    return Model(techniques=parts["techniques"], stones=parts["stones"], meta=meta)


def _load_linear(path: Path, meta: dict) -> linear.LinearModel:
    for file, sha in meta["linear"].items():
        if not (path / file).is_file() or file_sha256(path / file) != sha:
            raise ModelError(f"{path / file} is missing or does not match the sha256 in {META_FILE}; refusing "
                             "to load it (it may have been altered): retrain or restore the original file.")
    spec = json.loads((path / linear.SPEC_FILE).read_text(encoding="utf8"))
    if set(spec["classifiers"]) != {*TECHNIQUES, "stones"}:
        raise ModelError(f"the model's labels {sorted(set(spec['classifiers']) - {'stones'})} are not this "
                         f"package's {list(TECHNIQUES)}.")
    with np.load(path / linear.ARRAYS_FILE) as arrays:
        return linear.LinearModel(spec, dict(arrays))


def default_model_path() -> Path:
    """The bundled default model, shipped inside the package as `ercp_nlp/default_model`."""
    from importlib import resources

    try:
        return Path(str(resources.files("ercp_nlp.default_model")))
    except ModuleNotFoundError as exc:
        raise ModelError("this installation has no bundled default model; pass --model DIR.") from exc
