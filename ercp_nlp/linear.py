"""Numpy-only prediction for the linear model, so that tagging needs neither scikit-learn nor SciPy.

`export` takes from the fitted scikit-learn pipelines what prediction needs: the feature names and
n-gram vocabularies (in column order), the idf, each cross-validation fold's logistic-regression
coefficients and intercepts and its sigmoid calibrators' a and b, the class order. `save_model`
writes that beside `model.joblib` as SPEC_FILE (JSON) and ARRAYS_FILE (`.npz`, no pickles).

`LinearModel` predicts from them with the arithmetic of scikit-learn and SciPy: the same
operations on the same values in the same order (sparse rows summed term by term, as SciPy's
CSR product and scikit-learn's l2 normalisation do; the sigmoid through the C library's `exp`,
as `scipy.special.expit` does), so the probabilities come out equal to the last bit
(tests/test_linear.py checks them against the pipelines).

The pipelines it reproduces are those of `model.make_estimator("linear")`: a FeatureUnion of
MentionFeatures -> DictVectorizer and EvidenceText -> TfidfVectorizer (word n-grams, l2 norm),
then CalibratedClassifierCV(LogisticRegression, method="sigmoid"). `export` returns None for
anything else (boosting), and the model is then loaded through joblib as before.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import repeat

import numpy as np

from .features import mention_features

SPEC_FILE = "linear.json"
ARRAYS_FILE = "linear.npz"
FORMAT = 1
# The TfidfVectorizer settings `_Part` reproduces (besides token_pattern, lowercase, ngram_range
# and sublinear_tf, which it reads from the export).
TFIDF_REPRODUCED = {"input": "content", "analyzer": "word", "preprocessor": None, "tokenizer": None,
                    "strip_accents": None, "stop_words": None, "binary": False, "use_idf": True, "norm": "l2",
                    "dtype": np.float64}


# Export (at save time; scikit-learn is imported here only)

def export(estimators: dict) -> tuple[dict, dict[str, np.ndarray]] | None:
    """(spec, arrays) for fitted pipelines (name -> Pipeline), or None if one is not of the shape
    reproduced here. Feature steps that are one object (`model.share_identical_steps`) are
    stored once."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    spec: dict = {"format": FORMAT, "features": [], "classifiers": {}}
    arrays: dict[str, np.ndarray] = {}
    feature_index: dict[int, int] = {}
    for name, est in estimators.items():
        if not isinstance(est, Pipeline) or len(est.steps) != 2:
            return None
        (_, union), (_, clf) = est.steps
        if not isinstance(union, FeatureUnion):
            return None
        if not isinstance(clf, CalibratedClassifierCV) or clf.method != "sigmoid":
            return None
        if id(union) not in feature_index:
            key = f"f{len(spec['features'])}"
            parts = [_export_part(part, arrays, f"{key}.{j}") for j, (_, part) in enumerate(union.transformer_list)]
            if None in parts:
                return None
            weights = union.transformer_weights or {}
            for part, (part_name, _) in zip(parts, union.transformer_list, strict=True):
                part["weight"] = float(weights.get(part_name, 1.0))
            feature_index[id(union)] = len(spec["features"])
            spec["features"].append(parts)
        classes = clf.classes_.tolist()
        folds = []
        for k, calibrated in enumerate(clf.calibrated_classifiers_):
            lr = calibrated.estimator
            if not isinstance(lr, LogisticRegression):
                return None
            # `_CalibratedClassifier.predict_proba`: decision column j is the class at this index
            columns = [classes.index(c) for c in lr.classes_.tolist()][: lr.coef_.shape[0]]
            if len(classes) == 2:
                columns = [columns[0] + 1]
            folds.append(columns)
            arrays[f"{name}.{k}.coef"] = lr.coef_
            arrays[f"{name}.{k}.intercept"] = lr.intercept_
            arrays[f"{name}.{k}.a"] = np.array([cal.a_ for cal in calibrated.calibrators], dtype=np.float64)
            arrays[f"{name}.{k}.b"] = np.array([cal.b_ for cal in calibrated.calibrators], dtype=np.float64)
        spec["classifiers"][name] = {"features": feature_index[id(union)], "classes": classes, "folds": folds}
    return spec, arrays


def _export_part(part, arrays: dict, key: str) -> dict | None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    from .transformers import EvidenceText, MentionFeatures

    if not isinstance(part, Pipeline) or len(part.steps) != 2:
        return None
    (_, records), (_, vec) = part.steps
    if isinstance(records, MentionFeatures) and isinstance(vec, DictVectorizer) and vec.dtype == np.float64:
        return {"kind": "mentions", "names": list(vec.feature_names_)}
    if isinstance(records, EvidenceText) and isinstance(vec, TfidfVectorizer) and all(
            vec.get_params()[k] == v for k, v in TFIDF_REPRODUCED.items()):
        arrays[f"{key}.idf"] = vec.idf_
        return {"kind": "ngrams", "terms": sorted(vec.vocabulary_, key=vec.vocabulary_.get),
                "token_pattern": vec.token_pattern, "lowercase": bool(vec.lowercase),
                "ngram_range": list(vec.ngram_range), "sublinear_tf": bool(vec.sublinear_tf)}
    return None


# Prediction (numpy only)

class LinearModel:
    """Calibrated probabilities of every exported classifier, computed with numpy."""

    def __init__(self, spec: dict, arrays: dict[str, np.ndarray]):
        if spec.get("format") != FORMAT:
            raise ValueError(f"unknown export format {spec.get('format')!r}")
        self.features = [[_Part(part, arrays, f"f{i}.{j}") for j, part in enumerate(parts)]
                         for i, parts in enumerate(spec["features"])]
        self.classes = {name: c["classes"] for name, c in spec["classifiers"].items()}
        # All decision columns that read one feature set side by side: one product per set.
        blocks: list[list] = [[] for _ in self.features]
        self.folds: dict[str, list[tuple]] = {}
        for name, c in spec["classifiers"].items():
            self.folds[name] = []
            for k, columns in enumerate(c["folds"]):
                coef, intercept = arrays[f"{name}.{k}.coef"], arrays[f"{name}.{k}.intercept"]
                start = sum(len(w) for w, _ in blocks[c["features"]])
                blocks[c["features"]].append((coef, intercept))
                self.folds[name].append((c["features"], slice(start, start + len(coef)), columns,
                                         arrays[f"{name}.{k}.a"], arrays[f"{name}.{k}.b"]))
        self.weights = [np.ascontiguousarray(np.concatenate([w for w, _ in b]).T) for b in blocks]
        self.intercepts = [np.concatenate([i for _, i in b]) for b in blocks]

    def predict_proba(self, records: list[dict]) -> dict[str, np.ndarray]:
        """Classifier name -> probabilities (notes x classes, in `self.classes[name]` order)."""
        cache: dict = {}
        scores = []
        for parts, weights, intercepts in zip(self.features, self.weights, self.intercepts, strict=True):
            # FeatureUnion's hstack: each part's columns after the previous parts'
            rows, cols, data, offset = [], [], [], 0
            for part in parts:
                part_rows, part_cols, part_data = part.transform(records, cache)
                rows.append(part_rows)
                cols.append(part_cols + offset)
                data.append(part_data)
                offset += len(part.vocabulary)
            rows, cols, data = _csr_order(np.concatenate(rows), np.concatenate(cols), np.concatenate(data))
            # SciPy's CSR @ dense (as LogisticRegression.decision_function calls it), then + intercept_
            scores.append(_row_sums(rows, data[:, None] * weights[cols], len(records)) + intercepts)
        return {name: self._calibrated(name, scores) for name in self.folds}

    def _calibrated(self, name: str, scores: list[np.ndarray]) -> np.ndarray:
        """`CalibratedClassifierCV.predict_proba`: the mean over the folds of each fold's
        sigmoid-calibrated, normalised probabilities."""
        n_classes = len(self.classes[name])
        n = len(scores[0])
        mean_proba = np.zeros((n, n_classes))
        for features, columns, fold_columns, a, b in self.folds[name]:
            decision = scores[features][:, columns]
            proba = np.zeros((n, n_classes))
            for j, class_idx in enumerate(fold_columns):
                proba[:, class_idx] = _expit(-(a[j] * decision[:, j] + b[j]))
            if n_classes == 2:
                proba[:, 0] = 1.0 - proba[:, 1]
            else:
                denominator = np.sum(proba, axis=1)[:, np.newaxis]
                uniform_proba = np.full_like(proba, 1 / n_classes)
                proba = np.divide(proba, denominator, out=uniform_proba, where=denominator != 0)
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean_proba += proba
        mean_proba /= len(self.folds[name])
        return mean_proba


class _Part:
    """One part of a FeatureUnion: records -> the nonzero entries (rows, columns, values), in
    CSR order, that scikit-learn's DictVectorizer or TfidfVectorizer gives."""

    def __init__(self, part: dict, arrays: dict, key: str):
        self.kind = part["kind"]
        self.weight = part.get("weight", 1.0)  # the FeatureUnion's transformer weight
        if self.kind == "mentions":
            self.vocabulary = {name: i for i, name in enumerate(part["names"])}
        elif self.kind == "ngrams":
            self.vocabulary = {term: i for i, term in enumerate(part["terms"])}
            self.idf = arrays[f"{key}.idf"]
            self.analyzer = (re.compile(part["token_pattern"]), part["lowercase"], tuple(part["ngram_range"]))
            self.sublinear_tf = part["sublinear_tf"]
        else:
            raise ValueError(f"unknown feature part {self.kind!r}")

    def transform(self, records: list[dict], cache: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Each note's features (or n-gram counts), computed once for all parts that read them.
        key = "mentions" if self.kind == "mentions" else self.analyzer
        if key not in cache:
            if self.kind == "mentions":
                cache[key] = _flat([mention_features(r) for r in records])
            else:
                cache[key] = _flat([Counter(_ngrams(r["evidence_text"], *self.analyzer)) for r in records])
        names, values, rows = cache[key]
        cols = np.fromiter(map(self.vocabulary.get, names, repeat(-1)), dtype=np.int64, count=len(names))
        known = cols >= 0
        rows, cols, data = _csr_order(rows[known], cols[known], values[known])
        if self.kind == "ngrams":  # TfidfTransformer.transform, then normalize(norm="l2")
            if self.sublinear_tf:
                np.log(data, out=data)
                data += 1.0
            data *= self.idf[cols]
            norms = np.sqrt(_row_sums(rows, (data * data)[:, None], len(records))[:, 0])
            data /= np.where(norms == 0.0, 1.0, norms)[rows]
        if self.weight != 1.0:
            data *= self.weight
        return rows, cols, data


def _ngrams(text: str, token_pattern: re.Pattern, lowercase: bool, ngram_range: tuple[int, int]) -> list[str]:
    """TfidfVectorizer's word analyzer: lower-case, `token_pattern`, n-grams joined by a space."""
    tokens = token_pattern.findall(text.lower() if lowercase else text)
    low, high = ngram_range
    return [" ".join(tokens[i : i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1)]


def _flat(dicts: list[dict]) -> tuple[list, np.ndarray, np.ndarray]:
    """Every note's (name, value) pairs in one list of names, one float64 array of values (as
    DictVectorizer and CountVectorizer store them) and one array of the notes' rows."""
    names, values, rows = [], [], []
    for row, d in enumerate(dicts):
        names += d
        values += d.values()
        rows += [row] * len(d)
    return names, np.array(values, dtype=np.float64), np.array(rows, dtype=np.int64)


def _csr_order(rows: np.ndarray, cols: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, ...]:
    """The entries sorted by row, then column: the order of a CSR matrix with sorted indices."""
    order = np.lexsort((cols, rows))
    return rows[order], cols[order], data[order]


def _row_sums(rows: np.ndarray, values: np.ndarray, n_rows: int) -> np.ndarray:
    """Each row's sum of `values` (one line per entry, in CSR order), added one term at a time
    from 0.0 in that order, as SciPy's and scikit-learn's compiled loops do (numpy's `sum` adds
    in pairs and may round differently): the first entry of every row, then the second..."""
    lengths = np.bincount(rows, minlength=n_rows)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    longest_first = np.argsort(-lengths, kind="stable")
    lengths, starts = lengths[longest_first], starts[longest_first]
    sums = np.zeros((n_rows, values.shape[1]))
    for k in range(int(lengths.max(initial=0))):
        longer = np.count_nonzero(lengths > k)  # the rows with a (k+1)-th entry come first
        sums[:longer] += values[starts[:longer] + k]
    out = np.empty_like(sums)
    out[longest_first] = sums
    return out


def _expit(x: np.ndarray) -> np.ndarray:
    """`scipy.special.expit`, 1 / (1 + exp(-x)) with the C library's exp (numpy's own exp can
    differ from it in the last bit)."""
    return np.array([1.0 / (1.0 + _exp(-v)) for v in x.tolist()], dtype=np.float64)


def _exp(v: float) -> float:
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf
