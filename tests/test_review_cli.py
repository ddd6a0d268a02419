"""`ercp-nlp review ...` commands: in-process with Typer's CliRunner, and as subprocesses."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pandas as pd
import pytest
from typer.testing import CliRunner

from ercp_nlp.review import ReviewStore
from ercp_nlp.review.cli import app
from ercp_nlp.review.demo import NOTES, write_demo

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_import_then_export(tmp_path):
    tagged, notes = write_demo(tmp_path)
    db = tmp_path / "review.sqlite"
    res = run("serve", tagged, "--notes", notes, "--db", db, "--import-only")
    assert res.exit_code == 0, res.output
    assert f"imported {len(NOTES)} notes" in res.output
    ReviewStore(db).decide("demo-001", reviewer="Ann", accept=True)
    res = run("export", "--db", db, "-o", tmp_path / "labelled.csv")
    assert res.exit_code == 0, res.output
    assert "wrote 1 reviewed notes" in res.output
    assert pd.read_csv(tmp_path / "labelled.csv")["note_id"].tolist() == ["demo-001"]


def test_review_tagged_is_short_for_review_serve_tagged(tmp_path):
    """`ercp-nlp review TAGGED --db ...` (the main command) imports and serves, like `serve`;
    `review export` and `review demo` stay subcommands."""
    from ercp_nlp.cli import app as main_app

    def main(*args: str):
        return runner.invoke(main_app, ["review", *(str(a) for a in args)])

    res = main("demo", tmp_path)
    assert res.exit_code == 0, res.output
    tagged, notes, db = tmp_path / "tagged.jsonl", tmp_path / "notes.jsonl", tmp_path / "r.sqlite"
    res = main(tagged, "--notes", notes, "--db", db, "--import-only")
    assert res.exit_code == 0, res.output
    assert f"imported {len(NOTES)} notes into {db} ({len(NOTES)} new" in res.output
    assert main("--db", db, "--import-only").exit_code == 0  # options alone go to serve too
    ReviewStore(db).decide("demo-002", reviewer="Ann", accept=True)
    res = main("export", "--db", db, "-o", tmp_path / "l.jsonl")
    assert res.exit_code == 0 and "wrote 1 reviewed notes" in res.output
    res = main("--help")
    assert res.exit_code == 0 and "[TAGGED | COMMAND]" in res.output and "export" in res.output
    res = main("--db", tmp_path / "absent.sqlite")
    assert res.exit_code == 2 and "does not exist; pass TAGGED" in res.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["serve", "missing.jsonl", "--import-only"], "cannot read missing.jsonl"),
        (
            ["serve", "{tagged}", "--db", "{db}", "--import-only"],
            "has no text; pass the notes file",
        ),
        (
            ["serve", "{tagged}", "--notes", "nope.csv", "--db", "{db}", "--import-only"],
            "notes file nope.csv does not exist",
        ),
        (["serve", "--db", "{tmp}/absent.sqlite"], "does not exist; pass TAGGED"),
        (
            ["serve", "--db", "{db}", "--host", "0.0.0.0"],
            "pass --token or set ERCP_NLP_REVIEW_TOKEN",
        ),
        (["export", "--db", "{tmp}/absent.sqlite", "-o", "{tmp}/x.csv"], "does not exist"),
        (["export", "--db", "{db}", "-o", "{tmp}/x.xlsx"], "name it .csv, .jsonl or .parquet"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ERCP_NLP_REVIEW_TOKEN", raising=False)
    tagged, _ = write_demo(tmp_path)
    db = tmp_path / "review.sqlite"
    ReviewStore(db)
    res = run(*(a.format(tagged=tagged, db=db, tmp=tmp_path) for a in args))
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert "Traceback" not in res.output
    assert res.output.strip().count("\n") == 0  # one line


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_python_m_serves_and_exports_as_subprocesses(tmp_path):
    tagged, notes = write_demo(tmp_path)
    db, port = tmp_path / "review.sqlite", _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ercp_nlp.review",
            "serve",
            str(tagged),
            "--notes",
            str(notes),
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, data = time.monotonic() + 30, None
        while data is None:
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "the server did not come up"
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/worklist", timeout=2
                ) as r:
                    data = json.load(r)
            except OSError:
                time.sleep(0.2)
        assert data["counts"]["total"] == len(NOTES)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    for text in NOTES.values():
        assert text[:40] not in out  # the server's log holds no note text
    assert "review app on http://127.0.0.1" in out

    ReviewStore(db).decide("demo-004", reviewer="Ann", accept=True)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "ercp_nlp.review",
            "export",
            "--db",
            str(db),
            "-o",
            str(tmp_path / "l.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert pd.read_csv(tmp_path / "l.csv")["note_id"].tolist() == ["demo-004"]
    bad = subprocess.run(
        [sys.executable, "-m", "ercp_nlp.review", "export", "--db", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
