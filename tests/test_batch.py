"""Batch tagging: bad input, workers, resume, progress and the keyword pre-pass."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ercp_nlp import corpus
from ercp_nlp.cli import app
from ercp_nlp.model import load_model
from ercp_nlp.pipeline import load_pipeline
from ercp_nlp.tagging import KeywordScan, make_records, predict, tag

runner = CliRunner()
CLI = [str(Path(sys.executable).with_name("ercp-nlp"))]

NON_ERCP = [
    "Patient seen for knee pain after a fall. X-ray negative. Ibuprofen and rest advised.",
    "Colonoscopy to the cecum. Two small polyps removed with cold snare. Good prep.",
    "Cardiac catheterization: the LAD lesion was dilated with a 3.0 balloon and a stent placed.",
    "Renal stone 6 mm in the left ureter; ESWL planned. Urology follow-up.",
    "Cholecystectomy done laparoscopically; the gallbladder had stones. No CBD exploration.",
    "Follow-up: feels well, cannot sleep. Let's recheck labs in 3 months. BP 120/80.",
]


@pytest.fixture(scope="session")
def schema(request):
    path = request.config.rootpath.parent / "shared" / "contract" / "tag-output.schema.json"
    if not path.is_file():
        pytest.skip(f"the output contract is not present at {path} (it sits beside the repository)")
    return json.loads(path.read_text(encoding="utf8"))


@pytest.fixture(scope="session")
def validate(schema):
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)

    def check(rows):
        for row in rows:
            validator.validate(row)

    return check


@pytest.fixture(scope="session")
def model():
    return load_model()


@pytest.fixture(scope="session")
def test_notes():
    return corpus.load("test")[["note_id", "text"]]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf8").splitlines()]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf8")
    return path


def no_leftovers(out: Path) -> bool:
    return not any(out.parent.glob(out.name + ".*"))


# Bad rows: one output row each, in order, status error with a reason; the run goes on.

def test_bad_rows_jsonl(tmp_path, validate):
    rows = [
        {"note_id": "a", "text": "Balloon sweep cleared the CBD of stones."},
        {"note_id": "b", "text": ""},
        {"note_id": "c", "text": "   \n\t "},
        {"note_id": "d", "text": 12345},
        {"note_id": "e", "text": None},
        {"note_id": "f", "text": "stone " * 50},
        {"note_id": "a", "text": "Basket extraction of a 9 mm stone."},
        {"note_id": 7, "text": "NA"},
    ]
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["tag", str(write_jsonl(tmp_path / "in.jsonl", rows)), "-o", str(out),
                                 "--max-chars", "200", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    got = read_jsonl(out)
    validate(got)
    assert [r["note_id"] for r in got] == ["a", "b", "c", "d", "e", "f", "a", "7"]
    assert [r["status"] for r in got] == ["ok", "error", "error", "error", "error", "error", "ok", "ok"]
    assert got[1]["error"] == got[2]["error"] == "text is empty"
    assert got[3]["error"] == "text is not a string (int)"
    assert "200-character cap" in got[5]["error"]
    assert all(r["error"] in r["review_reasons"] for r in got if r["status"] == "error")
    assert "1 rows repeat an earlier note_id" in result.stderr
    assert "8 rows, 5 errors" in result.stderr
    assert no_leftovers(out)


def test_jsonl_is_read_as_pandas_read_it(tmp_path):
    """`read_notes` reads JSON lines with the json module (no pandas import); ids and texts come
    out as they did from pandas.read_json, chunk by chunk: a null or a missing key is NaN."""
    from ercp_nlp.io import _as_id, read_notes

    lines = ['{"note_id": "a", "text": "x"}', '{"note_id": 7, "text": null}', "",
             '{"note_id": 8.0, "text": 12345}', '{"note_id": null, "text": "y"}', '{"text": "no id"}',
             '{"note_id": "z", "text": {"a": 1}}', '{"note_id": true, "text": "NA"}', '{"note_id": "q", "text": ""}']
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf8")
    got = list(read_notes(src, chunk_size=3))
    want = list(pd.read_json(src, lines=True, dtype=False, chunksize=3))
    assert len(got) == len(want) == 3
    for (ids, texts), frame in zip(got, want, strict=True):
        assert ids == [_as_id(v) for v in frame["note_id"].tolist()]
        assert [(type(t), repr(t)) for t in texts] == [(type(t), repr(t)) for t in frame["text"].tolist()]


def test_undecodable_csv_bytes(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"note_id,text\n1,Balloon sweep done.\n2,caf\xe9 \xff\xfe note\n3,Basket used.\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["tag", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert got["note_id"].tolist() == ["1", "2", "3"]
    assert got["status"].tolist() == ["ok", "error", "ok"]
    assert got["error"][1] == "text has undecodable bytes"


def test_parquet_in_and_out(tmp_path):
    src = tmp_path / "in.parquet"
    pd.DataFrame({"id": ["x", "y"], "body": ["Balloon sweep done.", ""]}).to_parquet(src)
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["tag", str(src), "-o", str(out), "--id-col", "id", "--text-col", "body", "-j", "1"])
    assert result.exit_code == 0, result.output
    got = pd.read_parquet(out)
    assert got["note_id"].tolist() == ["x", "y"] and got["status"].tolist() == ["ok", "error"]


# Unreadable files: one sentence on stderr, exit code 2, no traceback, no output.

def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf8")
    (tmp_path / "garbage.jsonl").write_text("this is {not json\n", encoding="utf8")
    (tmp_path / "corrupt.parquet").write_bytes(b"PAR1 definitely not a parquet file")
    write_jsonl(tmp_path / "noid.jsonl", [{"id": "1", "text": "x"}])
    write_jsonl(tmp_path / "notext.jsonl", [{"note_id": "1", "body": "x"}])
    (tmp_path / "notext.csv").write_text("note_id,body\n1,x\n", encoding="utf8")
    return {
        "missing": (tmp_path / "nope.jsonl", "does not exist"),
        "extension": (tmp_path / "notes.txt", "unknown extension"),
        "format": (tmp_path / "garbage.jsonl", "could not be read as jsonl"),
        "parquet": (tmp_path / "corrupt.parquet", "could not be read as parquet"),
        "no id": (tmp_path / "noid.jsonl", "no column 'note_id'"),
        "no text": (tmp_path / "notext.jsonl", "no column 'text'"),
        "no text csv": (tmp_path / "notext.csv", "no column 'text'"),
    }


def test_unreadable_inputs_exit_2(tmp_path):
    out = tmp_path / "out.jsonl"
    for name, (path, message) in bad_files(tmp_path).items():
        result = runner.invoke(app, ["tag", str(path), "-o", str(out), "-j", "1"])
        assert result.exit_code == 2, name
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], (name, lines)
        assert "Traceback" not in result.output
        assert not out.exists() and no_leftovers(out), name


def test_bad_output_extension(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": "x"}])
    result = runner.invoke(app, ["tag", str(src), "-o", str(tmp_path / "out.xlsx"), "-j", "1"])
    assert result.exit_code == 2 and "unknown extension" in result.stderr


@pytest.mark.slow
def test_subprocess_bad_and_good(tmp_path, validate):
    out = tmp_path / "out.jsonl"
    for name, (path, message) in list(bad_files(tmp_path).items())[::3]:
        proc = subprocess.run(CLI + ["tag", str(path), "-o", str(out), "-j", "1"], capture_output=True, text=True)
        assert proc.returncode == 2, name
        assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr
    src = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": "Basket extraction."}, {"note_id": "2", "text": 3}])
    proc = subprocess.run(CLI + ["tag", str(src), "-o", str(out), "-j", "1"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "2 rows, 1 errors" in proc.stderr and "notes/s]" not in proc.stderr
    validate(read_jsonl(out))
    assert no_leftovers(out)


def test_failed_run_leaves_no_output(tmp_path, monkeypatch, model):
    import ercp_nlp.tagging as tagging

    calls = []

    def boom(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("worker died")
        return real(*args, **kwargs)

    real = tagging.tag_texts
    monkeypatch.setattr(tagging, "tag_texts", boom)
    src = write_jsonl(tmp_path / "in.jsonl", [{"note_id": str(i), "text": "Balloon sweep."} for i in range(6)])
    out = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        tag(src, out, model=model, jobs=1, chunk_size=2)
    assert not out.exists()
    assert len(read_jsonl(out.with_name("out.jsonl.part"))) == 2


# Workers: the same rows, in input order.

@pytest.mark.slow
def test_two_jobs_match_one(tmp_path, test_notes, validate):
    src = tmp_path / "in.jsonl"
    test_notes.head(150).to_json(src, orient="records", lines=True)
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    tag(src, out1, jobs=1, chunk_size=16)
    tag(src, out2, jobs=2, chunk_size=16)
    assert out1.read_bytes() == out2.read_bytes()
    rows = read_jsonl(out2)
    assert [r["note_id"] for r in rows] == test_notes.head(150)["note_id"].tolist()
    validate(rows)
    result = runner.invoke(app, ["tag", str(src), "-o", str(tmp_path / "cli.jsonl"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.jsonl").read_bytes() == out1.read_bytes()


# Resume after SIGKILL: no lost and no duplicated row.

@pytest.mark.slow
def test_resume_after_sigkill(tmp_path, test_notes):
    src = tmp_path / "in.jsonl"
    notes = test_notes.head(400)
    notes.to_json(src, orient="records", lines=True)
    out = tmp_path / "out.jsonl"
    sidecar = tmp_path / "out.jsonl.progress"
    proc = subprocess.Popen(CLI + ["tag", str(src), "-o", str(out), "-j", "1", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if sidecar.is_file() and json.loads(sidecar.read_text())["rows"] > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    part = tmp_path / "out.jsonl.part"
    done = json.loads(sidecar.read_text())["rows"]
    assert 0 < done < len(notes)
    with part.open("a", encoding="utf8") as fh:  # a row half-written when the process died
        fh.write('{"note_id": "half')
    result = runner.invoke(app, ["tag", str(src), "-o", str(out), "--resume", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert f"resumed after row {done}" in result.stderr
    resumed = read_jsonl(out)
    assert [r["note_id"] for r in resumed] == notes["note_id"].tolist()
    shutil.move(out, tmp_path / "resumed.jsonl")
    tag(src, out, jobs=1)
    assert read_jsonl(out) == resumed
    assert no_leftovers(out)


def test_resume_refuses_parquet_and_other_input(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": "Basket."}])
    result = runner.invoke(app, ["tag", str(src), "-o", str(tmp_path / "o.parquet"), "--resume", "-j", "1"])
    assert result.exit_code == 2 and "--resume works for .jsonl and .csv" in result.stderr
    out = tmp_path / "o.jsonl"
    (tmp_path / "o.jsonl.progress").write_text(json.dumps({"input": "/elsewhere.jsonl", "rows": 1, "bytes": 0}))
    result = runner.invoke(app, ["tag", str(src), "-o", str(out), "--resume", "-j", "1"])
    assert result.exit_code == 2 and "another input" in result.stderr


def test_resume_without_a_previous_run_starts_over(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"note_id": "1", "text": "Basket."}])
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["tag", str(src), "-o", str(out), "--resume", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 1


# Progress: a bar only on a terminal; never on stdout.

def test_progress_bar_goes_to_stderr(tmp_path, capsys, model):
    rows = [{"note_id": str(i), "text": "Basket."} for i in range(3)]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    summary = tag(src, tmp_path / "o.jsonl", model=model, jobs=1, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "3/3" in captured.err
    assert summary.rows == 3 and "3 rows, 0 errors" in summary.line()


# The keyword pre-pass gives the records the full pipeline gives.

@pytest.mark.slow
def test_prepass_identical_on_test_split(model, test_notes):
    texts = test_notes["text"].tolist()
    assert make_records(model, texts, prepass=True) == make_records(model, texts, prepass=False)


# Outcome words with no stone or device in the note: the mentions component keeps none of them
# (an `anchored` outcome such as "ductal clearance" stands alone, so its words are keys).
OUTCOME_ONLY = [
    "The drain was removed and the wound left open.",
    "Sutures removed; incision dry. Airway suctioned.",
    "Nothing was left behind and the field was dry; the clip was retrieved.",
]


def test_prepass_identical_on_other_notes(model):
    scan = KeywordScan(load_pipeline())
    assert not scan(NON_ERCP[0]) and not scan(NON_ERCP[5])  # the quick path is exercised
    assert not scan(NON_ERCP[1]) and not any(scan(t) for t in OUTCOME_ONLY)  # outcome rules need an anchor
    assert scan("Stone removed by basket.") and scan("ML performed") and scan("Stones were seen. Nothing removed.")
    assert not scan("HTML and mL units")
    assert scan("Complete ductal clearance.")  # an anchored outcome needs no stone word
    notes = NON_ERCP + OUTCOME_ONLY + ["Stones were seen. Nothing removed.", "CBD cleared of stones.", "Complete ductal clearance."]
    quick = make_records(model, notes, prepass=True)
    assert quick == make_records(model, notes, prepass=False)


# Shared feature steps: the probabilities the model gives classifier by classifier.

def test_shared_features_predict_identical(model, test_notes):
    records = make_records(model, test_notes["text"].head(120).tolist())
    for part in (records, records[:3]):  # a chunk, and a batch too small to share
        probs, stones, classes = model.predict_records(part)
        got_probs, got_stones, got_classes = predict(model, part)
        assert got_classes == classes and np.array_equal(got_stones, stones)
        assert got_probs.keys() == probs.keys() and all(np.array_equal(got_probs[k], probs[k]) for k in probs)
