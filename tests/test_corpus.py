"""Tests of ercp_nlp.corpus.load."""

import json
from pathlib import Path

import pandas as pd
import pytest

from ercp_nlp import corpus
from ercp_nlp.labels import ID_COL, LABEL_COLUMNS, STONES, TECHNIQUES, TEXT_COL
from ercp_nlp.synth import write_corpus


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpora")
    write_corpus(base / "synth", n=300, seed=11)
    return base


def _check_types(df):
    assert all(isinstance(v, str) for v in df[ID_COL]) and all(isinstance(v, str) for v in df[TEXT_COL])
    for t in TECHNIQUES:
        assert df[t].dtype == "int64" and set(df[t]) <= {0, 1}
    assert all(v is None or v in STONES for v in df["stones"])


def test_load_splits_and_synth(root):
    parts = {s: corpus.load(s, root=root) for s in ("train", "dev", "test")}
    whole = corpus.load("synth", root=root)
    assert len(whole) == 300 == sum(len(p) for p in parts.values())
    for s, df in parts.items():
        assert set(df["split"]) == {s}
        _check_types(df)
    assert whole["stones"].isna().sum() > 0  # non-ERCP rows keep a null outcome


def test_root_from_environment_and_cwd(root, monkeypatch, tmp_path):
    monkeypatch.setenv(corpus.ENV_VAR, str(root))
    assert len(corpus.load("dev")) == len(corpus.load("dev", root=root))
    monkeypatch.delenv(corpus.ENV_VAR)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        corpus.load("train")
    monkeypatch.chdir(root.parent)
    (root.parent / "corpora").mkdir(exist_ok=True)


def test_gold_missing_then_concatenated(tmp_path):
    with pytest.raises(FileNotFoundError, match="gold"):
        corpus.load("gold", root=tmp_path)
    gold = tmp_path / "gold"
    gold.mkdir()
    row = {ID_COL: "g1", TEXT_COL: "Balloon sweep cleared the duct.", "style": "x", "hard_cases": [],
           **{t: 0 for t in TECHNIQUES}, "balloon": 1, "stones": "removed"}
    (gold / "a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (gold / "b.jsonl").write_text(json.dumps({**row, ID_COL: "g2", "stones": None}) + "\n\n", encoding="utf-8")
    df = corpus.load("gold", root=tmp_path)
    assert list(df[ID_COL]) == ["g1", "g2"] and df["stones"].tolist() == ["removed", None]
    _check_types(df)


def _frame(**over):
    base = {ID_COL: ["00012", "13"], TEXT_COL: ["NA", "Basket used."], **{t: [0, 0] for t in TECHNIQUES},
            "stones": ["none_found", ""]}
    base.update(over)
    return pd.DataFrame(base)


def test_csv_keeps_ids_and_na_text_as_strings(tmp_path):
    p = tmp_path / "x.csv"
    _frame(basket=[0, 1]).to_csv(p, index=False)
    df = corpus.load(p)
    assert df[ID_COL].tolist() == ["00012", "13"]
    assert df[TEXT_COL].tolist() == ["NA", "Basket used."]
    assert df["basket"].tolist() == [0, 1] and df["stones"].tolist() == ["none_found", None]
    _check_types(df)


def test_parquet_and_jsonl_paths(tmp_path):
    df = _frame()
    df.to_parquet(tmp_path / "x.parquet")
    assert corpus.load(str(tmp_path / "x.parquet"))[ID_COL].tolist() == ["00012", "13"]
    with open(tmp_path / "x.jsonl", "w") as fh:
        for r in df.to_dict("records"):
            fh.write(json.dumps(r) + "\n")
    got = corpus.load(tmp_path / "x.jsonl")
    assert got[ID_COL].tolist() == ["00012", "13"] and got["stones"].tolist() == ["none_found", None]


@pytest.mark.parametrize("bad, message", [
    (dict(drop="laser_lithotripsy"), "lacks the required column"),
    (dict(basket=[0, 2]), "basket must be 0 or 1"),
    (dict(stones=["gone", "removed"]), "stones must be one of"),
    (dict(note_id=["a", "a"]), "more than once"),
])
def test_invalid_files_raise_one_clear_value_error(tmp_path, bad, message):
    drop = bad.pop("drop", None)
    df = _frame(**bad)
    if drop:
        df = df.drop(columns=[drop])
    p = tmp_path / "bad.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValueError, match=message):
        corpus.load(p)


def test_unknown_format_and_bad_json(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ValueError, match="csv"):
        corpus.load(tmp_path / "x.txt")
    (tmp_path / "y.jsonl").write_text("{not json}\n")
    with pytest.raises(ValueError, match="line 1"):
        corpus.load(tmp_path / "y.jsonl")


def test_required_columns_come_from_labels():
    assert corpus.REQUIRED_COLUMNS == (ID_COL, TEXT_COL, *LABEL_COLUMNS)


HAND_WRITTEN_FILES = sorted(p for folder in ("written", "retired", "written_dev", "gold", "holdout")
                            for p in (Path(__file__).parents[1] / "corpora" / folder).glob("*.jsonl"))


@pytest.mark.parametrize("path", HAND_WRITTEN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hand_written_notes_follow_the_guide_format(path):
    df = corpus.load(path)
    assert len(df) and df[ID_COL].is_unique and df[TEXT_COL].str.strip().str.len().gt(0).all()
    assert df[list(TECHNIQUES)].isin([0, 1]).all().all()
    assert df["stones"].dropna().isin(STONES).all()
    not_reports = df["stones"].isna()
    assert (df.loc[not_reports, list(TECHNIQUES)] == 0).all().all()  # a note that is not an ERCP report sets nothing


def test_hand_written_note_ids_are_unique_across_files():
    ids = pd.concat([corpus.load(p)[ID_COL] for p in HAND_WRITTEN_FILES])
    assert len(HAND_WRITTEN_FILES) >= 10 and ids.is_unique
