"""Spark engine: same rows as the single-machine `tag_texts`, on a real local[2] SparkSession."""

import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

pytest.importorskip(
    "pyspark", reason="PySpark is not installed; install the extra: pip install 'ercp-nlp[spark]'"
)

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import LongType, StringType, StructField, StructType  # noqa: E402

from ercp_nlp.corpus import load  # noqa: E402
from ercp_nlp.labels import TECHNIQUES  # noqa: E402
from ercp_nlp.model import default_model_path, load_model  # noqa: E402
from ercp_nlp.spark import OUTPUT_COLUMNS, SCHEMA, tag_dataframe, tag_file  # noqa: E402
from ercp_nlp.tagging import tag_texts  # noqa: E402

pytestmark = pytest.mark.slow
N_NOTES = 200


@pytest.fixture(scope="session")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ercp-nlp tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def model():
    return load_model()


@pytest.fixture(scope="session")
def notes():
    return load("test").head(N_NOTES)[["note_id", "text"]].reset_index(drop=True)


def as_dicts(sdf):
    return [row.asDict(recursive=True) for row in sdf.collect()]


def assert_same(spark_rows, local_rows):
    assert [r["note_id"] for r in spark_rows] == [r["note_id"] for r in local_rows]
    for got, want in zip(spark_rows, local_rows, strict=True):
        assert (got["status"], got["error"]) == (want["status"], want["error"]), want["note_id"]
        for label in TECHNIQUES:
            g, w = got["techniques"][label], want["techniques"][label]
            assert g["tagged"] == w["tagged"] == got[label], (want["note_id"], label)
            if w["probability"] is None:
                assert g["probability"] is None and got[f"{label}_probability"] is None
            else:
                assert math.isclose(g["probability"], w["probability"], rel_tol=0, abs_tol=1e-9)
                assert got[f"{label}_probability"] == g["probability"]
            assert g["evidence"] == w["evidence"]
        assert got["stones"]["value"] == want["stones"]["value"]
        if want["stones"]["probability"] is not None:
            assert math.isclose(
                got["stones"]["probability"], want["stones"]["probability"], abs_tol=1e-9
            )
        assert got["stones"]["evidence"] == want["stones"]["evidence"]
        for key in (
            "suggested_cpt",
            "cpt_reasons",
            "flags",
            "needs_review",
            "review_reasons",
            "mentions",
            "model",
        ):
            assert got[key] == want[key], (want["note_id"], key)


def test_matches_single_machine(spark, model, notes):
    sdf = spark.createDataFrame(notes, schema="note_id string, text string")
    out = tag_dataframe(sdf)
    assert out.schema == SCHEMA
    assert tuple(out.columns) == OUTPUT_COLUMNS
    got = as_dicts(out)
    want = tag_texts(notes["note_id"].tolist(), notes["text"].tolist(), model)
    assert len(got) == N_NOTES
    assert sum(r["status"] == "ok" for r in got) == N_NOTES
    assert_same(got, want)


def test_bad_rows_are_error_rows(spark, model, notes):
    good = notes["text"][0]
    cap = len(good)
    # A decoded string holding U+FFFD is text (real notes carry mojibake); only a CSV's undecodable
    # bytes are errors, and Spark has decoded the data before we see it.
    texts = ["", "   ", None, "x" * (cap + 1), good, "odd \ufffd character"]
    ids = [f"bad-{i}" for i in range(len(texts))]
    schema = StructType([StructField("id", StringType()), StructField("body", StringType())])
    sdf = spark.createDataFrame(list(zip(ids, texts, strict=True)), schema)
    got = as_dicts(tag_dataframe(sdf, id_col="id", text_col="body", max_chars=cap))
    want = tag_texts(ids, texts, model, max_chars=cap)
    assert [r["status"] for r in got] == ["error", "error", "error", "error", "ok", "ok"]
    assert got[2]["error"] == "text is not a string (NoneType)"
    assert all(
        r["needs_review"] and r["review_reasons"] == [r["error"]]
        for r in got
        if r["status"] == "error"
    )
    assert_same(got, want)


def test_non_string_text_is_an_error_row(spark, model):
    schema = StructType([StructField("note_id", LongType()), StructField("text", LongType())])
    got = as_dicts(tag_dataframe(spark.createDataFrame([(1, 42), (2, None)], schema)))
    assert [r["note_id"] for r in got] == ["1", "2"]
    assert [r["status"] for r in got] == ["error", "error"]
    assert got[0]["error"] == "text is not a string (int)"
    assert got[0]["techniques"]["balloon"] == {"tagged": False, "probability": None, "evidence": []}


def test_missing_column_and_loaded_model_are_refused(spark, model, notes):
    sdf = spark.createDataFrame(notes.head(2))
    with pytest.raises(ValueError, match="no column 'body'"):
        tag_dataframe(sdf, text_col="body")
    with pytest.raises(TypeError, match="directory"):
        tag_dataframe(sdf, model=model)


def test_tag_file_parquet_round_trip_keeps_order(spark, model, notes, tmp_path):
    frame = notes.head(80).copy()
    frame = frame.iloc[::-1].reset_index(
        drop=True
    )  # not sorted by id: order must come from the file
    texts = frame["text"].tolist()
    texts[5], texts[6] = (
        "",
        None,
    )  # a null note is "not a string (NoneType)", whatever pandas makes of it
    frame["text"] = pd.Series(texts, dtype=object)
    source = tmp_path / "notes.parquet"
    frame.to_parquet(source, row_group_size=10)
    # Small splits, so the file is read as several partitions and order has to be kept across them.
    old = spark.conf.get("spark.sql.files.maxPartitionBytes")
    spark.conf.set("spark.sql.files.maxPartitionBytes", "16k")
    try:
        n = tag_file(source, tmp_path / "tags.parquet", model=str(default_model_path()))
        assert spark.read.parquet(str(source)).rdd.getNumPartitions() > 1
    finally:
        spark.conf.set("spark.sql.files.maxPartitionBytes", old)
    assert n == len(frame)
    table = pq.read_table(tmp_path / "tags.parquet")  # the part files, in file-name order
    assert table.column_names == list(OUTPUT_COLUMNS)
    got = table.to_pylist()
    want = tag_texts(frame["note_id"].tolist(), texts, model)
    assert [r["note_id"] for r in got] == frame["note_id"].tolist()
    assert [r["status"] for r in got[5:7]] == ["error", "error"]
    assert_same(got, want)


def test_tag_command_with_spark_engine_matches_single_machine(model, notes, tmp_path):
    """`ercp-nlp tag --engine spark --master local[2]`, run as a user runs it: its own process
    and its own Spark session, reading CSV (quoted multi-line notes) and writing Parquet."""
    frame = notes.head(40).copy()
    frame.loc[3, "text"] = ""
    frame.to_csv(tmp_path / "notes.csv", index=False)
    command = Path(sys.executable).with_name("ercp-nlp")
    res = subprocess.run(
        [
            command,
            "tag",
            tmp_path / "notes.csv",
            "-o",
            tmp_path / "tags.parquet",
            "--engine",
            "spark",
            "--master",
            "local[2]",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"tags.parquet: {len(frame)} rows, 1 errors" in res.stderr
    got = pq.read_table(tmp_path / "tags.parquet").to_pylist()
    want = tag_texts(frame["note_id"].tolist(), frame["text"].tolist(), model)
    assert want[3]["error"] == got[3]["error"] == "text is empty"
    assert_same(got, want)


@pytest.mark.parametrize(
    "output, message",
    [("tags.jsonl", "the Spark engine writes Parquet"), ("tags.parquet", "does not exist")],
)
def test_tag_command_with_spark_engine_refuses_in_one_sentence(spark, tmp_path, output, message):
    from typer.testing import CliRunner

    from ercp_nlp.cli import app

    source = tmp_path / ("absent.csv" if output == "tags.parquet" else "notes.csv")
    if output != "tags.parquet":
        source.write_text("note_id,text\n1,a note\n")
    res = CliRunner().invoke(
        app, ["tag", str(source), "-o", str(tmp_path / output), "--engine", "spark"]
    )
    assert res.exit_code == 2 and message in res.output
    assert res.output.strip().count("\n") == 0 and "Traceback" not in res.output
