"""scikit-learn transformers from records (`features.analyse`) to classifier input.

Kept apart from `features` so that code which only analyses notes does not import scikit-learn.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .features import mention_features


class RecordTransformer(TransformerMixin, BaseEstimator):
    """Stateless: maps each record (from `analyse`) through `one`; fitting only marks it fitted."""

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        check_is_fitted(self, "n_features_in_")
        return [self.one(r) for r in X]


class MentionFeatures(RecordTransformer):
    """Records -> feature dicts (for a DictVectorizer)."""

    @staticmethod
    def one(record: dict) -> dict[str, float]:
        return mention_features(record)


class EvidenceText(RecordTransformer):
    """Records -> the sentences that hold mentions, for n-grams."""

    @staticmethod
    def one(record: dict) -> str:
        return record["evidence_text"]

    def transform(self, X):
        return np.array(super().transform(X), dtype=object)
