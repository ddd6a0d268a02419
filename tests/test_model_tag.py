"""The classifier, its persistence checks, the coding rules and the tag output contract."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ercp_nlp.corpus import load
from ercp_nlp.decide import codes, decide
from ercp_nlp.labels import TECHNIQUES
from ercp_nlp.model import ModelError, fit_model, load_model, save_model
from ercp_nlp.tagging import tag_texts

SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "contract" / "tag-output.schema.json"


@pytest.fixture(scope="module")
def default_model():
    return load_model()


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.is_file():
        pytest.skip(f"the shared contract is not beside the repository ({SCHEMA})")
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))


def test_rows_follow_the_contract_one_per_note_in_order(default_model, validator):
    notes = pd.read_csv("corpora/samples/sample_notes.csv", dtype=str, keep_default_na=False)
    ids = notes["note_id"].tolist() + ["empty", "number"]
    texts = notes["text"].tolist() + ["   ", 42]
    rows = tag_texts(ids, texts, default_model)
    assert [r["note_id"] for r in rows] == ids
    for row in rows:
        validator.validate(row)
    assert [r["status"] for r in rows[-2:]] == ["error", "error"]
    for row in rows[:-2]:
        for label in TECHNIQUES:
            for ev in row["techniques"][label]["evidence"]:
                text = texts[ids.index(row["note_id"])]
                assert text[ev["start"]:ev["end"]] == ev["text"]


def test_default_model_reads_obvious_notes(default_model):
    rows = tag_texts(["a", "b", "c"], [
        "FINDINGS: Two CBD stones. Sphincterotomy done. The duct was swept with a 12 mm balloon and both stones "
        "were extracted. IMPRESSION: cleared.",
        "ERCP. FINDINGS: A 20 mm CBD stone was captured in a lithotripsy basket and crushed (BML); fragments "
        "removed with a basket. IMPRESSION: duct cleared.",
        "Ureteroscopy: the left ureteral stone was fragmented with a holmium laser and basket extracted. JJ stent.",
    ], default_model)
    tagged = [{label for label in TECHNIQUES if r["techniques"][label]["tagged"]} for r in rows]
    assert tagged[0] == {"balloon"} and rows[0]["stones"]["value"] == "removed"
    assert {"basket", "mechanical_lithotripsy"} <= tagged[1] and "43265" in rows[1]["suggested_cpt"]
    assert tagged[2] == set() and rows[2]["stones"]["value"] is None


def test_a_note_naming_no_duct_or_ercp_is_not_an_ercp_report(default_model):
    named, unnamed = tag_texts(["a", "b"], [
        "ERCP: three stones were swept out with a balloon and a basket; the duct is clear.",
        "Three stones were swept out with a balloon and a basket; all clear.",
    ], default_model)
    assert named["stones"]["value"] == "removed" and named["techniques"]["balloon"]["tagged"]
    assert unnamed["stones"]["value"] is None and not any(t["tagged"] for t in unnamed["techniques"].values())
    assert unnamed["needs_review"] and any("no ERCP, duct or papilla" in r for r in unnamed["review_reasons"])


@pytest.mark.parametrize(
    "tags, stones, expected",
    [
        ({"balloon"}, "removed", ["43264"]),
        ({"balloon"}, "none_found", []),
        ({"basket", "mechanical_lithotripsy"}, "removed", ["43265"]),
        ({"laser_lithotripsy"}, "not_removed", ["43265"]),
        ({"basket"}, "not_removed", []),
        (set(), "removed", []),
    ],
)
def test_coding_rules(tags, stones, expected):
    cpt, reasons, _ = codes({label: label in tags for label in TECHNIQUES}, stones, [])
    assert cpt == expected
    assert reasons or not tags


@pytest.mark.parametrize("stone_label, expected", [(None, "none_found"), ("stone", "not_removed")])
def test_not_removed_needs_a_stone_seen(stone_label, expected):
    mention = {"label": "stent_placement", "assertion": "performed", "section": "findings", "text": "stent",
               "start": 0, "end": 5, "sentence": "A stent was placed.", "rule": "r"}
    mentions = [mention] + ([{**mention, "label": stone_label}] if stone_label else [])
    probs = {label: 0.0 for label in TECHNIQUES}
    row = decide({"mentions": mentions, "biliary": 1}, probs, {"not_removed": 0.5, "none_found": 0.4, "removed": 0.1})
    assert row["stones"]["value"] == expected
    named = any("no stone, fragmentation or failed attempt" in r for r in row["review_reasons"])
    assert named == (expected == "none_found")


@pytest.mark.parametrize("removed, expected", [(0.45, "removed"), (0.3, "not_removed")])
def test_a_documented_removal_wins_a_near_tie(removed, expected):
    mention = {"label": "stone", "assertion": "performed", "section": "findings", "text": "stone",
               "start": 0, "end": 5, "sentence": "One stone out, one left.", "rule": "r"}
    mentions = [mention, {**mention, "label": "stone_removed"}]
    probs = {label: 0.0 for label in TECHNIQUES}
    stones = {"not_removed": 0.5, "removed": removed, "none_found": 0.5 - removed}
    assert decide({"mentions": mentions, "biliary": 1}, probs, stones)["stones"]["value"] == expected


@pytest.fixture(scope="module")
def small_model(default_model):
    frame = load("train").groupby("style", group_keys=False).head(12).reset_index(drop=True)
    frame.loc[0, "text"] = frame.loc[0, "text"] + " Patient Zqxjvorp MRN 99887766."
    records = default_model.records(frame["text"].tolist())
    return fit_model(records, frame, kind="linear"), frame


def test_model_file_holds_no_rare_note_text(small_model, tmp_path):
    model, _ = small_model
    save_model(model, tmp_path / "m")
    blob = (tmp_path / "m" / "model.joblib").read_bytes()
    import joblib

    parts = joblib.load(tmp_path / "m" / "model.joblib")
    vocab = set()
    for est in [*parts["techniques"].values(), parts["stones"]]:
        for _, part in est.named_steps["features"].transformer_list:
            for step in part.named_steps.values():
                assert not hasattr(step, "stop_words_")
                vocab |= set(getattr(step, "vocabulary_", {}))
    assert not any("zqxjvorp" in term or "99887766" in term for term in vocab)
    assert b"99887766" not in blob
    exported = json.loads((tmp_path / "m" / "linear.json").read_text())
    terms = {t for parts in exported["features"] for part in parts for t in part.get("terms", [])}
    assert terms == vocab - {n for parts in exported["features"] for part in parts for n in part.get("names", [])}
    for name in ("linear.json", "linear.npz"):
        data = (tmp_path / "m" / name).read_bytes().lower()
        assert b"99887766" not in data and b"zqxjvorp" not in data


def test_saved_model_holds_identical_feature_steps_once(small_model, default_model, tmp_path):
    model, frame = small_model
    records = default_model.records(frame["text"].tolist()[:20])
    before = model.predict_records(records)
    loaded = load_model(save_model(model, tmp_path / "m"), sklearn=True)
    # The technique classifiers are fitted on the same (ERCP) notes, so their feature steps are one.
    assert len({id(est.steps[0][1]) for est in loaded.techniques.values()}) == 1
    after = loaded.predict_records(records)
    assert (before[1] == after[1]).all() and before[2] == after[2]
    assert all((before[0][label] == after[0][label]).all() for label in TECHNIQUES)


def test_tampered_model_is_refused(small_model, tmp_path):
    model, _ = small_model
    path = save_model(model, tmp_path / "m")
    with (path / "model.joblib").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError, match="sha256"):
        load_model(path)


def test_version_mismatch_is_refused(small_model, tmp_path):
    model, _ = small_model
    path = save_model(model, tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text())
    meta["versions"]["scikit-learn"] = "0.1.0"
    (path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="scikit-learn"):
        load_model(path, sklearn=True)
    assert load_model(path).linear is not None  # the linear export is plain arrays: no version to match


def test_metadata_carries_fingerprint_not_text(tmp_path):
    shutil.copytree(Path(str(__import__("ercp_nlp.model").model.default_model_path())), tmp_path / "d")
    meta = json.loads((tmp_path / "d" / "meta.json").read_text())
    assert len(meta["training_data"]["sha256"]) == 64
    assert set(meta["labels"]) == set(TECHNIQUES)
    assert meta["cv"][meta["kind"]]["macro_f1"] > 0.5


def test_review_policy_takes_the_widest_that_reaches_the_target(default_model):
    from ercp_nlp.train import tune_policy

    dev = load("dev").head(40)
    loose = tune_policy(default_model, dev, target=0.0)
    assert loose["target_reached"] and (loose["min_margin"], loose["min_stone_prob"]) == (0.1, 0.5)
    impossible = tune_policy(default_model, dev, target=1.01)
    assert not impossible["target_reached"]
    assert impossible["auto_precision_on_dev"] >= loose["auto_precision_on_dev"]


def test_a_long_report_is_not_taken_for_less_of_an_ercp_than_a_short_one(default_model):
    """The biliary-word count feature is capped: a basket told the same way in a long report
    (many duct words) and in a short one gets about the same probability."""
    from ercp_nlp.features import mention_features

    short = ("ERCP. The papilla was cannulated; the cholangiogram showed the CBD at 12 mm with one stone in the "
             "distal duct. The stone was removed with a basket.")
    long = short + " The common bile duct, hepatic ducts and cystic duct were seen; the papilla and ampulla were normal." * 6
    records = default_model.records([short, long])
    assert 5 <= records[0]["biliary"] < records[1]["biliary"]
    assert mention_features(records[0])["ctx_biliary"] == mention_features(records[1])["ctx_biliary"]
    probs, _, _ = default_model.predict_records(records)
    assert probs["basket"][0] > 0.5 and probs["basket"][1] > 0.5
