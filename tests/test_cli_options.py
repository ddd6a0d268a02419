"""Options of `tag`, `train` and `evaluate` that are refused before any work: one sentence, exit 2.

None of these needs PySpark or a trained model; the Spark engine's real runs are in test_spark.py.
"""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from ercp_nlp.cli import app
from ercp_nlp.model import default_model_path

runner = CliRunner()
LABELLED = (
    "note_id,text,balloon,basket,mechanical_lithotripsy,electrohydraulic_lithotripsy,"
    "laser_lithotripsy,stones\n"
    'n1,"CBD stone swept out with a balloon.",1,0,0,0,0,removed\n'
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "notes.csv").write_text("note_id,text\n1,a note\n")
    (tmp_path / "labelled.csv").write_text(LABELLED)
    return tmp_path


@pytest.mark.parametrize(
    "args, message",
    [
        (["tag", "{d}/notes.csv", "-o", "{d}/t.parquet", "--engine", "dask"], "unknown engine"),
        (["tag", "{d}/notes.csv", "-o", "{d}/t.jsonl", "--master", "local[2]"], "--engine spark"),
        (
            ["tag", "{d}/notes.csv", "-o", "{d}/t.parquet", "--engine", "spark", "-j", "2"],
            "--jobs and --resume are for --engine local",
        ),
        (["train", "{d}/labelled.csv", "-o", "{d}/m", "--weight", "x"], "is not LABELLED=K"),
        (
            ["train", "{d}/labelled.csv", "-o", "{d}/m", "--weight", "{d}/other.csv=3"],
            "not among the labelled notes",
        ),
        (
            ["train", "{d}/labelled.csv", "-o", "{d}/m", "--weight", "{d}/labelled.csv=0"],
            "whole number of at least 1",
        ),
        (
            ["evaluate", "{d}/labelled.csv", "--compare", "{model}", "{d}/absent"],
            "is not a model directory",
        ),
        (
            [
                "evaluate",
                "{d}/labelled.csv",
                "--compare",
                "{model}",
                "{model}",
                "--model",
                "{model}",
            ],
            "--model and --report do not go with --compare",
        ),
        (["evaluate", "{d}/labelled.csv", "--require-better"], "go with --compare OLD NEW"),
    ],
)
def test_refused_in_one_sentence(files, args, message):
    res = runner.invoke(app, [a.format(d=files, model=default_model_path()) for a in args])
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert res.output.strip().count("\n") == 0 and "Traceback" not in res.output


def test_spark_engine_without_pyspark_says_how_to_install(files, monkeypatch):
    for name in [m for m in sys.modules if m.split(".")[0] == "pyspark" or m == "ercp_nlp.spark"]:
        monkeypatch.delitem(sys.modules, name)  # put back afterwards, for the tests that need them
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if PySpark were not installed
    args = ["tag", f"{files}/notes.csv", "-o", f"{files}/t.parquet", "--engine", "spark"]
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert res.output == (
        "error: --engine spark needs PySpark; install the extra: pip install 'ercp-nlp[spark]'.\n"
    )


def test_compare_a_model_with_itself_changes_nothing(files):
    model = str(default_model_path())
    res = runner.invoke(app, ["evaluate", f"{files}/labelled.csv", "--compare", model, model])
    assert res.exit_code == 0, res.output
    assert "fixed by NEW (OLD wrong, NEW right): 0" in res.output
    assert "broken by NEW (OLD right, NEW wrong): 0" in res.output
    assert "verdict: NEW is not better: it fixes 0 notes and breaks 0." in res.output
    res = runner.invoke(
        app, ["evaluate", f"{files}/labelled.csv", "--compare", model, model, "--require-better"]
    )
    assert res.exit_code == 1
