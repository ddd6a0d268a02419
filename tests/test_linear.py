"""The numpy-only linear model (`ercp_nlp.linear`): the same probabilities and the same tag output
as the scikit-learn pipelines it is exported from, and its place in a model directory."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ercp_nlp import linear
from ercp_nlp.corpus import load
from ercp_nlp.labels import TECHNIQUES
from ercp_nlp.model import (
    ModelError,
    add_linear,
    file_sha256,
    fit_model,
    load_model,
    make_estimator,
    save_model,
)
from ercp_nlp.tagging import make_records, tag

# This checkout's model (`default_model_path()` can point at another copy of the package).
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "default"
TOLERANCE = 1e-12  # equal to the last bit on x86-64; a compiler's fused multiply-add elsewhere could differ

OTHER_NOTES = [
    "Cardiac catheterization: the LAD lesion was dilated with a 3.0 balloon and a stent placed.",
    "Ureteroscopy: the left ureteral stone was fragmented with a holmium laser and basket extracted.",
    "ERCP. Cannulation failed. NO STONES SEEN!! Plan: repeat ERCP, ERCP, ERCP in 6 weeks.",
    "Balloon sweep x3 of the CBD; sludge and a 4 mm stone removed. Occlusion cholangiogram normal.",
    "Zxq. " * 3,
]


@pytest.fixture(scope="module")
def models():
    """The default model as scikit-learn pipelines and as its numpy export, sharing one pipeline."""
    pipelines = load_model(MODEL_DIR, sklearn=True)
    exported = load_model(MODEL_DIR)
    make_records(pipelines, [])  # builds the spaCy pipeline
    exported.nlp = pipelines.nlp
    return pipelines, exported


@pytest.fixture(scope="module")
def records(models):
    texts = load("test")["text"].tolist()[:700] + load("dev")["text"].tolist()[:200] + OTHER_NOTES
    return make_records(models[0], texts)


def test_default_model_is_tagged_from_its_export(models):
    pipelines, exported = models
    assert exported.linear is not None and exported.stones is None and not exported.techniques
    assert pipelines.linear is None and set(pipelines.techniques) == set(TECHNIQUES)
    assert exported.meta["sha256"] == pipelines.meta["sha256"] == file_sha256(MODEL_DIR / "model.joblib")


def test_each_classifier_gives_the_pipelines_probabilities(models, records):
    pipelines, exported = models
    estimators = {**pipelines.techniques, "stones": pipelines.stones}
    for start in range(0, len(records), 256):  # the chunks `tag` predicts on
        chunk = records[start : start + 256]
        got = exported.linear.predict_proba(chunk)
        assert set(got) == set(estimators)
        for name, est in estimators.items():
            want = est.predict_proba(chunk)
            assert got[name].shape == want.shape
            np.testing.assert_allclose(got[name], want, rtol=0, atol=TOLERANCE, err_msg=name)
            assert exported.linear.classes[name] == est.classes_.tolist()


def test_predict_records_matches_on_single_notes_and_chunks(models, records):
    pipelines, exported = models
    for chunk in (records[:1], records[-len(OTHER_NOTES):], records[:300]):
        want, got = pipelines.predict_records(chunk), exported.predict_records(chunk)
        assert got[2] == want[2]
        np.testing.assert_allclose(got[1], want[1], rtol=0, atol=TOLERANCE)
        for label in TECHNIQUES:
            np.testing.assert_allclose(got[0][label], want[0][label], rtol=0, atol=TOLERANCE)


def test_ngrams_are_tfidf_vectorizers_analyzer(models, records):
    pipelines, _ = models
    _, part = pipelines.stones.named_steps["features"].transformer_list[1]
    vectorizer = part.steps[-1][1]
    analyze = vectorizer.build_analyzer()
    for text in [r["evidence_text"] for r in records[:200]] + ["", "a", "Ünïcode ÉRCP_x 12mm 2x", "Stone  stone\nSTONE"]:
        pattern = re.compile(vectorizer.token_pattern)
        assert linear._ngrams(text, pattern, vectorizer.lowercase, vectorizer.ngram_range) == analyze(text)


def test_tag_output_is_identical(models, tmp_path):
    pipelines, exported = models
    notes = load("test").head(300)
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf8") as fh:
        for note_id, text in zip(notes["note_id"], notes["text"], strict=True):
            fh.write(json.dumps({"note_id": note_id, "text": text}) + "\n")
        for k, text in enumerate(OTHER_NOTES):
            fh.write(json.dumps({"note_id": f"other-{k}", "text": text}) + "\n")
    tag(src, tmp_path / "pipelines.jsonl", model=pipelines, jobs=1)
    tag(src, tmp_path / "exported.jsonl", model=exported, jobs=1)
    assert (tmp_path / "pipelines.jsonl").read_bytes() == (tmp_path / "exported.jsonl").read_bytes()


@pytest.fixture(scope="module")
def small_linear(models):
    frame = load("train").groupby("style", group_keys=False).head(8).reset_index(drop=True)
    records = make_records(models[0], frame["text"].tolist())
    return fit_model(records, frame, kind="linear"), records


def test_save_model_writes_the_export_and_its_hashes(small_linear, tmp_path):
    model, records = small_linear
    path = save_model(model, tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text())
    assert set(meta["linear"]) == {linear.SPEC_FILE, linear.ARRAYS_FILE}
    assert all(file_sha256(path / f) == sha for f, sha in meta["linear"].items())
    loaded = load_model(path)
    assert loaded.linear is not None
    want, got = model.predict_records(records), loaded.predict_records(records)
    np.testing.assert_allclose(got[1], want[1], rtol=0, atol=TOLERANCE)
    for label in TECHNIQUES:
        np.testing.assert_allclose(got[0][label], want[0][label], rtol=0, atol=TOLERANCE)


def test_tampered_export_is_refused(small_linear, tmp_path):
    path = save_model(small_linear[0], tmp_path / "m")
    with (path / linear.ARRAYS_FILE).open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError, match="sha256"):
        load_model(path)
    (path / linear.ARRAYS_FILE).unlink()
    with pytest.raises(ModelError, match="missing"):
        load_model(path)


def test_a_directory_without_export_loads_the_pipelines_and_can_get_one(tmp_path):
    path = tmp_path / "old"
    shutil.copytree(MODEL_DIR, path)
    meta = json.loads((path / "meta.json").read_text())
    del meta["linear"]
    (path / "meta.json").write_text(json.dumps(meta))
    for f in (linear.SPEC_FILE, linear.ARRAYS_FILE):
        (path / f).unlink()
    old = load_model(path)
    assert old.linear is None and set(old.techniques) == set(TECHNIQUES)
    joblib_sha = file_sha256(path / "model.joblib")
    add_linear(path)
    assert file_sha256(path / "model.joblib") == joblib_sha
    assert load_model(path).linear is not None
    assert (path / linear.SPEC_FILE).read_bytes() == (MODEL_DIR / linear.SPEC_FILE).read_bytes()


@pytest.mark.slow
def test_boosting_model_has_no_export(small_linear, tmp_path, monkeypatch):
    from ercp_nlp import model as model_module

    def few_trees(kind, **options):  # a boosting model as `fit_model` makes it, quicker to fit
        return make_estimator(kind, **options).set_params(clf__estimator__max_iter=5)

    monkeypatch.setattr(model_module, "make_estimator", few_trees)
    frame = load("train").groupby("style", group_keys=False).head(8).reset_index(drop=True)
    boosting = fit_model(small_linear[1], frame, kind="boosting")
    path = tmp_path / "m"
    save_model(small_linear[0], path)  # a linear export from an earlier save is removed
    save_model(boosting, path)
    assert "linear" not in json.loads((path / "meta.json").read_text())
    assert not (path / linear.SPEC_FILE).exists() and not (path / linear.ARRAYS_FILE).exists()
    loaded = load_model(path)
    assert loaded.linear is None
    assert (loaded.predict_records(small_linear[1][:20])[1] == boosting.predict_records(small_linear[1][:20])[1]).all()


@pytest.mark.slow
def test_tagging_imports_no_scikit_learn(tmp_path):
    """Tagging JSONL with the export unpickles nothing and imports neither scikit-learn nor SciPy
    nor pandas (start-up time)."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"note_id": "1", "text": OTHER_NOTES[3]}) + "\n", encoding="utf8")
    code = (
        "import sys; from ercp_nlp.tagging import tag; "
        f"tag({str(src)!r}, {str(tmp_path / 'out.jsonl')!r}, model={str(MODEL_DIR)!r}, jobs=1); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'pandas')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], check=True)
    assert proc.stdout.strip() == "[]"
