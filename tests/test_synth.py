"""Tests of the synthetic corpus generator and of the committed corpus it made."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ercp_nlp.labels import LITHOTRIPSY, STONES, TECHNIQUES
from ercp_nlp.synth import COLUMNS, MAX_WORDS, MIN_WORDS, SPLIT_OF_FAMILY, generate, make_note, write_corpus
from ercp_nlp.synth.__main__ import main as cli_main
from ercp_nlp.synth.facts import HARD_CASE_KINDS, SHORT_NON_ERCP_TYPES, labels_from_facts
from ercp_nlp.synth.phrases import KEY, N_FAMILIES, SHARED_KEYS
from ercp_nlp.synth.stats import stats_markdown

SEED = 20261125
CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "synth"
TRAIN_FAMILIES = {f for f, s in SPLIT_OF_FAMILY.items() if s == "train"}
TEST_FAMILIES = {f for f, s in SPLIT_OF_FAMILY.items() if s == "test"}


@pytest.fixture(scope="module")
def rows():
    return generate(6000, SEED)


def _committed():
    out = []
    for split in ("train", "dev", "test"):
        with open(CORPUS / f"{split}.jsonl", encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh]
    return out


# ----------------------------------------------------------------------------- determinism
def test_same_seed_same_note_and_other_seed_differs():
    assert make_note(17, SEED) == make_note(17, SEED)
    texts = {make_note(i, SEED)["text"] for i in range(30)}
    other = {make_note(i, SEED + 1)["text"] for i in range(30)}
    assert len(texts) == 30 and not texts & other


def test_committed_corpus_is_what_the_documented_command_makes(rows):
    committed = {r["note_id"]: r for r in _committed()}
    assert len(committed) == len(rows)
    for r in rows:
        c = committed[r["note_id"]]
        assert {k: c[k] for k in COLUMNS} == json.loads(json.dumps({k: r[k] for k in COLUMNS}))


def test_write_corpus_writes_three_splits(tmp_path):
    counts = write_corpus(tmp_path, n=200, seed=3)
    assert sum(counts.values()) == 200
    for split, n in counts.items():
        lines = (tmp_path / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == n
        assert all(set(json.loads(x)) == set(COLUMNS) for x in lines)


# ----------------------------------------------------------------------------- labels
# Written independently of facts.STEP_TECHS: which labels each step name implies.
def _expected_techniques(steps):
    out = set()
    for s in steps:
        if s.startswith("balloon_sweep"):
            out.add("balloon")
        if s.startswith("basket") or s in ("bml", "impacted_basket_ml"):
            out.add("basket")
        if s in ("bml", "impacted_basket_ml"):
            out.add("mechanical_lithotripsy")
        if s.startswith("ehl"):
            out.add("electrohydraulic_lithotripsy")
        if s.startswith("laser"):
            out.add("laser_lithotripsy")
    return out


def test_labels_agree_with_facts(rows):
    for r in rows:
        f = r["facts"]
        assert {t: r[t] for t in TECHNIQUES} | {"stones": r["stones"]} == labels_from_facts(f)
        if f["kind"] != "ercp":
            continue
        want = _expected_techniques([s["step"] for s in f["steps"]])
        assert {t for t in TECHNIQUES if r[t]} == want, r["note_id"]
        if f["material"] is None:
            assert r["stones"] == "none_found"
        else:
            assert r["stones"] == ("removed" if f["removed"] else "not_removed")


def test_label_values_are_legal(rows):
    for r in rows:
        assert all(r[t] in (0, 1) for t in TECHNIQUES)
        assert r["stones"] in (*STONES, None)
        assert set(r["hard_cases"]) <= set(HARD_CASE_KINDS)
        assert r["split"] == SPLIT_OF_FAMILY[r["family"]]
        assert r["n_words"] == len(r["text"].split())


def test_non_ercp_notes_have_no_labels(rows):
    non = [r for r in rows if r["style"] == "non_ercp"]
    assert non
    for r in non:
        assert r["hard_cases"] == ["non_ercp"]
        assert all(r[t] == 0 for t in TECHNIQUES) and r["stones"] is None
    # they really do share the vocabulary
    joined = " ".join(r["text"].lower() for r in non)
    for word in ("balloon", "basket", "laser", "lithotripsy", "ercp"):
        assert word in joined


def _only(rows, kind, lookalike_free=()):
    return [r for r in rows if kind in r["hard_cases"] and not set(lookalike_free) & set(r["hard_cases"])]


def test_balloon_lookalikes_never_set_balloon(rows):
    for kind, cue in (("balloon_dilation", r"dilat|sphincteroplasty|eplbd|inflated"), ("occlusion_balloon", r"occl|occul|inflated"),
                      ("cannulation_balloon", r"cannulat|canulat|access")):
        sample = [r for r in rows if kind in r["hard_cases"] and not any(s["step"].startswith("balloon_sweep")
                                                                         for s in r["facts"]["steps"])]
        assert len(sample) >= 30, kind
        for r in sample:
            assert r["balloon"] == 0, r["note_id"]
            assert re.search(cue, r["text"], re.I), (kind, r["note_id"])


def test_negative_sweep_sets_balloon_and_none_found(rows):
    sample = [r for r in rows if "negative_sweep" in r["hard_cases"]]
    assert len(sample) >= 30
    assert all(r["balloon"] == 1 and r["stones"] == "none_found" for r in sample)


def test_eswl_sets_no_lithotripsy_label(rows):
    sample = [r for r in rows if "eswl" in r["hard_cases"] and not r["facts"]["steps"]]
    assert len(sample) >= 10
    for r in sample:
        assert all(r[t] == 0 for t in LITHOTRIPSY)
        assert re.search(r"eswl|shock|extracorporeal", r["text"], re.I), r["note_id"]


def test_special_outcomes(rows):
    by = lambda k: [r for r in rows if k in r["hard_cases"]]  # noqa: E731
    assert by("irrigation_only") and all(r["stones"] == "removed" and not any(r[t] for t in TECHNIQUES)
                                        for r in by("irrigation_only"))
    assert by("fragments_left") and all(r["stones"] == "not_removed" and any(r[t] for t in LITHOTRIPSY)
                                       for r in by("fragments_left"))
    assert by("stent_only") and all(r["stones"] == "not_removed" and not any(r[t] for t in TECHNIQUES)
                                   for r in by("stent_only"))
    assert by("impacted_basket") and all(r["basket"] and r["mechanical_lithotripsy"] for r in by("impacted_basket"))
    assert by("cholangioscopy_biopsy_only") and all(not r["electrohydraulic_lithotripsy"] and not r["laser_lithotripsy"]
                                                   for r in by("cholangioscopy_biopsy_only"))


CUES = {
    "balloon": r"ball?oo?n|sweep|swept|trawl|\bbal\b",
    "basket": r"bask|dormia|\bbml\b|basketed|trapezoid",
    "mechanical_lithotripsy": r"lithotri|lithotry|litho|crush|bml",
    "electrohydraulic_lithotripsy": r"\behl\b|electrohydraulic",
    "laser_lithotripsy": r"laser|\bll\b",
}


def test_every_set_label_is_written_in_the_text(rows):
    for r in rows:
        for t, cue in CUES.items():
            if r[t]:
                assert re.search(cue, r["text"], re.I), (t, r["note_id"])


def test_impression_only_technique_is_written_in_the_impression_only(rows):
    sample = [r for r in rows if "impression_only" in r["hard_cases"]]
    assert len(sample) >= 30
    for r in sample:
        assert all(s["where"] in ("body", "impression") for s in r["facts"]["steps"])
        assert r["style"] != "checkbox"


# ----------------------------------------------------------------------------- families
def test_every_key_table_can_serve_every_family():
    for key, templates in KEY.items():
        assert len(templates) >= N_FAMILIES, key


def test_test_family_templates_are_never_train_templates():
    for key, templates in KEY.items():
        if key in SHARED_KEYS:
            continue
        norm = lambda t: t.lstrip("~").strip().lower()  # noqa: E731
        train = {norm(t) for i, t in enumerate(templates) if i % N_FAMILIES in TRAIN_FAMILIES}
        test = {norm(t) for i, t in enumerate(templates) if i % N_FAMILIES in TEST_FAMILIES}
        assert not train & test, (key, train & test)


def test_split_by_family_and_templates_disjoint(rows):
    used = {"train": set(), "dev": set(), "test": set()}
    for r in rows:
        assert r["split"] == SPLIT_OF_FAMILY[r["family"]]
        for tid in r["template_ids"]:
            key, idx = tid.split("#")
            if key not in SHARED_KEYS:
                assert int(idx) % N_FAMILIES == r["family"], (r["note_id"], tid)
                used[r["split"]].add(tid)
    assert used["test"] and used["train"]
    assert not used["test"] & used["train"]
    assert not used["dev"] & used["train"]


# ----------------------------------------------------------------------------- corpus shape
def test_corpus_size_mix_and_lengths():
    rows = _committed()
    n = len(rows)
    assert n >= 5000
    assert sum(bool(r["hard_cases"]) for r in rows) / n >= 0.35
    assert sum(r["style"] == "non_ercp" for r in rows) / n >= 0.10
    styles = {r["style"] for r in rows} - {"non_ercp"}
    assert len(styles) >= 8
    for split in ("train", "dev", "test"):
        assert {r["style"] for r in rows if r["split"] == split} >= styles | {"non_ercp"}, split
    assert all(MIN_WORDS <= r["n_words"] <= MAX_WORDS for r in rows)
    assert max(r["n_words"] for r in rows) > 1000 and min(r["n_words"] for r in rows) < 100
    kinds = Counter(h for r in rows for h in r["hard_cases"])
    assert set(kinds) == set(HARD_CASE_KINDS)
    assert len({r["text"] for r in rows}) == n  # no duplicate notes


def test_stats_command_prints_the_counts(capsys):
    assert cli_main(["stats", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    rows = _committed()
    assert f"Notes: {len(rows)}" in out
    n_balloon = sum(r["balloon"] for r in rows)
    assert re.search(rf"\| balloon \| {n_balloon} \|", out)
    assert out == stats_markdown(CORPUS)


# ----------------------------------------------------------------------------- peri-ERCP notes and short ERCP notes
def test_peri_ercp_notes_recap_a_past_ercp_and_set_nothing(rows):
    from ercp_nlp.synth.facts import PERI_TYPES

    peri = [r for r in rows if r["facts"]["nonercp_type"] in PERI_TYPES]
    assert {r["facts"]["nonercp_type"] for r in peri} == set(PERI_TYPES)
    assert len(peri) >= 0.05 * len(rows)
    for r in peri:
        assert r["style"] == "non_ercp" and r["hard_cases"] == ["non_ercp"]
        assert all(r[t] == 0 for t in TECHNIQUES) and r["stones"] is None
        keys = {tid.split("#")[0] for tid in r["template_ids"]}
        if r["facts"]["past_ercp"]:
            assert "peri_past_intro" in keys, r["note_id"]
        if r["facts"]["plan_techs"] or r["facts"]["plan_other"]:
            assert "peri_plan" in keys, r["note_id"]
    # the recaps carry real techniques and outcomes: past ERCPs that set labels are common
    past = [labels_from_facts(r["facts"]["past"]) for r in peri if r["facts"]["past_ercp"]]
    assert sum(p["stones"] == "removed" for p in past) > 0.3 * len(past)
    assert sum(any(p[t] for t in LITHOTRIPSY) for p in past) > 0.1 * len(past)


def test_progress_and_brief_notes_are_ercp_reports(rows):
    for style in ("progress", "brief"):
        sample = [r for r in rows if r["style"] == style]
        assert len(sample) >= 200, style
        assert all(r["stones"] in STONES for r in sample)
    for r in rows:
        if r["style"] == "progress":
            assert any(t.startswith("today_opener#") for t in r["template_ids"]), r["note_id"]
        if r["style"] == "brief":
            assert "common bile duct" not in r["text"].lower(), r["note_id"]
        elif r["style"] not in ("non_ercp", "handoff"):
            assert r["n_words"] >= 60, r["note_id"]
    assert min(r["n_words"] for r in rows if r["style"] == "brief") < 60


def test_stones_deliberately_left_are_not_removed(rows):
    sample = [r for r in rows if r["facts"]["kind"] == "ercp" and r["facts"]["left_reason"]]
    assert len(sample) >= 50
    for r in sample:
        assert r["stones"] == "not_removed" and not any(r[t] for t in TECHNIQUES), r["note_id"]
        assert "stent_only" in r["hard_cases"]
        assert any(t.startswith(("not_attempted#", "hf_not_attempted#")) for t in r["template_ids"]), r["note_id"]


def test_key_facts_have_several_wordings_per_family():
    for key in ("outcome_cleared", "outcome_partial", "outcome_remains", "frag_left", "outcome_none", "not_attempted",
                "sweep_remove", "sweep_negative", "sweep_failed", "basket_remove", "basket_failed", "negated", "planned",
                "imp_none", "imp_not_removed"):
        per_family = Counter(i % N_FAMILIES for i in range(len(KEY[key])))
        assert min(per_family.values()) >= 4, key


# ----------------------------------------------------------------------------- hand-off notes
HF_KEYS_4 = ("hf_open", "hf_sweep", "hf_basket", "hf_failed", "hf_litho", "hf_cleared", "hf_remains", "hf_not_attempted",
             "hf_none", "hf_sweep_negative", "hf_stent", "hf_dilation", "hf_occlusion")


def test_handoff_tables_are_family_split_with_four_wordings():
    for key in HF_KEYS_4:
        per_family = Counter(i % N_FAMILIES for i in range(len(KEY[key])))
        assert set(per_family) == set(range(N_FAMILIES)) and min(per_family.values()) >= 4, key
    for key in [k for k in KEY if k.startswith("hf_")]:
        assert key not in SHARED_KEYS
        norm = lambda t: t.lstrip("~").strip().lower()  # noqa: E731
        train = {norm(t) for i, t in enumerate(KEY[key]) if i % N_FAMILIES in TRAIN_FAMILIES}
        test = {norm(t) for i, t in enumerate(KEY[key]) if i % N_FAMILIES in TEST_FAMILIES}
        assert not train & test, key


def test_handoff_notes_are_short_ercp_reports_with_labels_from_facts(rows):
    hand = [r for r in rows if r["style"] == "handoff"]
    assert len(hand) >= 200
    assert {r["split"] for r in hand} == {"train", "dev", "test"}
    for r in hand:
        assert r["text"].count("\n") <= 2 and r["n_words"] <= 60, r["note_id"]
        assert {t: r[t] for t in TECHNIQUES} | {"stones": r["stones"]} == labels_from_facts(r["facts"])
        assert r["stones"] in STONES
        keys = {tid.split("#")[0] for tid in r["template_ids"]}
        assert keys and all(k.startswith("hf_") for k in keys), r["note_id"]  # key facts from the hand-off tables only
        for tid in r["template_ids"]:
            assert int(tid.split("#")[1]) % N_FAMILIES == r["family"], (r["note_id"], tid)
    assert Counter(r["stones"] for r in hand).keys() == set(STONES)
    assert max(r["n_words"] for r in hand) <= 45 and min(r["n_words"] for r in hand) >= MIN_WORDS


def test_short_non_ercp_notes_are_as_short_as_handoffs(rows):
    short = [r for r in rows if r["facts"]["nonercp_type"] in SHORT_NON_ERCP_TYPES]
    assert {r["facts"]["nonercp_type"] for r in short} == set(SHORT_NON_ERCP_TYPES)
    assert len(short) >= 60
    for r in short:
        assert r["style"] == "non_ercp" and r["hard_cases"] == ["non_ercp"]
        assert all(r[t] == 0 for t in TECHNIQUES) and r["stones"] is None
        assert r["text"].count("\n") <= 2 and r["n_words"] <= 45, r["note_id"]
    # the past ERCPs they recap set labels when they are the report: the same words, another day
    past = [labels_from_facts(r["facts"]["past"]) for r in short if r["facts"]["nonercp_type"] == "handoff_past"]
    assert sum(p["stones"] == "removed" for p in past) > 0.3 * len(past)
