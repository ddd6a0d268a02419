"""The whole loop a hospital runs: tag with a model, coders correct its errors in the review app,
export their labels, retrain with them, and check the new model against the old.

Everything goes through the commands and the review app's HTTP API as a user would drive them; the
only shortcut is the model size (trained on a slice of the synthetic corpus, so it makes errors).
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from ercp_nlp.corpus import load
from ercp_nlp.labels import TECHNIQUES
from ercp_nlp.model import gold_stones

pytest.importorskip(
    "fastapi", reason="the review app needs the extra: pip install 'ercp-nlp[review]'"
)
from fastapi.testclient import TestClient  # noqa: E402

from ercp_nlp.cli import app  # noqa: E402
from ercp_nlp.review.app import CSRF_HEADER, create_app  # noqa: E402

pytestmark = pytest.mark.slow
N_TRAIN = 150  # notes of the synthetic train split the first model learns from
N_REVIEWED = 80  # dev notes tagged and put in front of the coders
N_CORRECTED = 6  # of the first model's errors, how many the coders correct
N_ACCEPTED = 10  # notes the first model got right, accepted as they are
WEIGHT = 3  # each reviewed note counts this many times when retraining

runner = CliRunner()


def cli(*args) -> str:
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res.output


def labels_of(gold) -> dict:
    return {**{t: int(gold[t]) for t in TECHNIQUES}, "stones": gold_stones(gold["stones"])}


def suggestion_of(row: dict) -> dict:
    return {
        **{t: int(row["techniques"][t]["tagged"]) for t in TECHNIQUES},
        "stones": row["stones"]["value"],
    }


def test_corrections_exported_from_review_fix_the_retrained_model(tmp_path):
    d = tmp_path
    corpus, old, new, reviewed_csv = d / "train.jsonl", d / "old", d / "new", d / "reviewed.csv"
    load("train").sample(N_TRAIN, random_state=0).to_json(corpus, orient="records", lines=True)
    cli("train", corpus, "-o", old, "--kind", "linear")

    # The hospital's notes: an id and a text. Their true labels are what the coders know.
    notes = load("dev").head(N_REVIEWED)
    truth = {g["note_id"]: labels_of(g) for _, g in notes.iterrows()}
    notes[["note_id", "text"]].to_csv(d / "notes.csv", index=False)
    cli("tag", d / "notes.csv", "-o", d / "tagged.jsonl", "--model", old, "-j", "1", "-q")
    db = d / "review.sqlite"
    out = cli("review", d / "tagged.jsonl", "--notes", d / "notes.csv", "--db", db, "--import-only")
    assert f"imported {N_REVIEWED} notes" in out

    rows = [json.loads(line) for line in (d / "tagged.jsonl").read_text().splitlines()]
    wrong = [r["note_id"] for r in rows if suggestion_of(r) != truth[r["note_id"]]]
    right = [r["note_id"] for r in rows if suggestion_of(r) == truth[r["note_id"]]]
    assert len(wrong) >= N_CORRECTED, f"the small model made only {len(wrong)} errors"
    corrected, accepted = wrong[:N_CORRECTED], right[:N_ACCEPTED]

    # The coders, through the app's API: correct the errors, accept some right suggestions.
    client = TestClient(create_app(db))
    csrf = re.search(r'name="csrf-token" content="([0-9a-f]{64})"', client.get("/").text).group(1)
    for note_id in corrected + accepted:
        body = {"reviewer": "Ann"}
        body |= {"labels": truth[note_id]} if note_id in corrected else {"accept": True}
        res = client.post(f"/api/notes/{note_id}/decision", json=body, headers={CSRF_HEADER: csrf})
        assert res.status_code == 200, res.text
        assert res.json()["state"] == truth[note_id]

    cli("review", "export", "--db", db, "-o", reviewed_csv)
    reviewed = load(reviewed_csv)
    assert sorted(reviewed["note_id"]) == sorted(corrected + accepted)
    assert all(labels_of(g) == truth[g["note_id"]] for _, g in reviewed.iterrows())

    weight = f"{reviewed_csv}={WEIGHT}"
    cli("train", corpus, reviewed_csv, "-o", new, "--kind", "linear", "--weight", weight)
    meta = json.loads((new / "meta.json").read_text())
    assert meta["training_data"]["n_notes"] == N_TRAIN + len(reviewed)
    assert meta["weights"] == {str(reviewed_csv): WEIGHT}

    result = json.loads(cli("evaluate", reviewed_csv, "--compare", old, new, "--json"))
    assert sorted(result["fixed"]) == sorted(corrected)  # every correction learnt
    assert result["broken"] == []  # and nothing the coders accepted unlearnt
    assert result["old"]["notes_right"] == N_ACCEPTED
    assert result["new"]["notes_right"] == N_ACCEPTED + N_CORRECTED
    assert result["better"]
    table = cli("evaluate", reviewed_csv, "--compare", old, new, "--require-better")
    assert "verdict: NEW is better" in table
    assert f"fixed by NEW (OLD wrong, NEW right): {N_CORRECTED}" in table

    # The same gate refuses the swap the other way round: exit 1, with the reason.
    swapped = ["evaluate", reviewed_csv, "--compare", new, old, "--require-better"]
    res = runner.invoke(app, [str(a) for a in swapped])
    assert res.exit_code == 1 and "verdict: NEW is not better" in res.output
    assert not any(notes["text"].str[:40].map(lambda t: t in res.output))  # ids, never note text
