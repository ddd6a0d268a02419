"""Tag notes on Apache Spark: the single-machine `tag_texts`, run inside `mapInPandas`.

Each Python worker process loads the model (and its spaCy pipeline) once, on first use, and keeps
it in a module-level cache keyed by the model directory, so a job pays the load cost once per
worker rather than once per batch. Every input row yields one output row, errors included, with
the contract's nested fields plus flat `<technique>` and `<technique>_probability` columns.

Needs the optional extra: ``pip install "ercp-nlp[spark]"``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from .io import _as_id, file_format
from .labels import TECHNIQUES
from .model import Model, default_model_path, load_model
from .pipeline import load_pipeline
from .tagging import DEFAULT_MAX_CHARS, tag_texts

log = logging.getLogger(__name__)

# Inputs to the Python function: the id and text renamed, plus the row index when ordering.
_ID, _TEXT, ROW_COL = "note_id", "text", "_ercp_row"
BATCH_SIZE = 500  # notes per tag_texts call inside one Arrow batch

EVIDENCE = StructType(
    [
        StructField("text", StringType()),
        StructField("start", LongType()),
        StructField("end", LongType()),
        StructField("sentence", StringType()),
        StructField("section", StringType()),
        StructField("assertion", StringType()),
    ]
)
MENTION = StructType(
    [StructField("label", StringType()), *EVIDENCE.fields, StructField("rule", StringType())]
)
TECHNIQUE = StructType(
    [
        StructField("tagged", BooleanType()),
        StructField("probability", DoubleType()),
        StructField("evidence", ArrayType(EVIDENCE)),
    ]
)
STONES = StructType(
    [
        StructField("value", StringType()),
        StructField("probability", DoubleType()),
        StructField("evidence", ArrayType(EVIDENCE)),
    ]
)
MODEL_INFO = StructType(
    [
        StructField("name", StringType()),
        StructField("version", StringType()),
        StructField("sha256", StringType()),
    ]
)
STRINGS = ArrayType(StringType())

# The output schema, in output column order: the contract's fields, then the flat columns.
SCHEMA = StructType(
    [
        StructField("note_id", StringType()),
        StructField("status", StringType()),
        StructField("error", StringType()),
        StructField(
            "techniques", StructType([StructField(label, TECHNIQUE) for label in TECHNIQUES])
        ),
        StructField("stones", STONES),
        StructField("mentions", ArrayType(MENTION)),
        StructField("suggested_cpt", STRINGS),
        StructField("cpt_reasons", STRINGS),
        StructField("flags", STRINGS),
        StructField("needs_review", BooleanType()),
        StructField("review_reasons", STRINGS),
        StructField("model", MODEL_INFO),
    ]
    + [
        field
        for label in TECHNIQUES
        for field in (
            StructField(label, BooleanType()),
            StructField(f"{label}_probability", DoubleType()),
        )
    ]
)
OUTPUT_COLUMNS = tuple(SCHEMA.fieldNames())

# One model per model directory per Python process ("" is the bundled default model).
_MODELS: dict[str, Model] = {}


def _resolve(path: str | Path | None) -> str:
    """The model directory as this process sees it; a bare name may be shipped with the job."""
    if path is None:
        return ""
    path = Path(path)
    if not path.is_dir() and not path.is_absolute():
        from pyspark import SparkFiles

        try:
            shipped = Path(SparkFiles.get(str(path)))
        except Exception:  # no SparkContext in this process: fall back to the path as given
            shipped = path
        if shipped.is_dir():
            return str(shipped)
    return str(path)


def cached_model(path: str | Path | None = None) -> Model:
    """This process's model for `path`, loaded (with its spaCy pipeline) on first use."""
    key = _resolve(path)
    if key not in _MODELS:
        log.info("loading model %s in this worker", key or "(bundled default)")
        model = load_model(key or None)
        model.nlp = load_pipeline()
        _MODELS[key] = model
    return _MODELS[key]


def flat_row(row: dict) -> dict:
    """A contract row plus the flat technique columns, in output column order."""
    out = dict(row)
    for label in TECHNIQUES:
        out[label] = row["techniques"][label]["tagged"]
        out[f"{label}_probability"] = row["techniques"][label]["probability"]
    return {name: out[name] for name in OUTPUT_COLUMNS}


def _tagger(model_path: str | None, max_chars: int, keep_row: bool):
    """The mapInPandas function; a closure over plain values so it pickles small."""

    def tag_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        model = cached_model(model_path)
        for batch in batches:
            for start in range(0, len(batch), BATCH_SIZE):
                part = batch.iloc[start : start + BATCH_SIZE]
                ids = [_as_id(v) for v in part[_ID].tolist()]
                texts = [None if _missing(t) else t for t in part[_TEXT].tolist()]
                rows = tag_texts(ids, texts, model, max_chars=max_chars)
                frame = pd.DataFrame([flat_row(r) for r in rows], columns=list(OUTPUT_COLUMNS))
                if keep_row:
                    frame[ROW_COL] = part[ROW_COL].to_numpy()
                yield frame

    return tag_batches


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _tag(
    df: DataFrame,
    *,
    id_col: str,
    text_col: str,
    model: str | Path | None,
    max_chars: int,
    keep_row: bool,
) -> DataFrame:
    if isinstance(model, Model):
        raise TypeError(
            "tag_dataframe needs the model's directory (a path every executor can read), "
            "not a loaded Model; pass model='path/to/model' or None for the bundled one."
        )
    for col in (id_col, text_col):
        if col not in df.columns:
            raise ValueError(
                f"the DataFrame has no column {col!r}; name the columns with id_col= and text_col=."
            )
    cols = [F.col(id_col).alias(_ID), F.col(text_col).alias(_TEXT)]
    schema = SCHEMA
    if keep_row:
        cols.append(F.col(ROW_COL))
        schema = StructType([*SCHEMA.fields, StructField(ROW_COL, LongType(), False)])
    if model is None and df.sparkSession.sparkContext.master.startswith("local"):
        # Local workers share this machine: hand them the driver's bundled model by path, so a
        # worker that imports ercp_nlp from a source checkout still finds it.
        model = default_model_path()
    fn = _tagger(None if model is None else str(model), max_chars, keep_row)
    return df.select(*cols).mapInPandas(fn, schema)


def tag_dataframe(
    df: DataFrame,
    *,
    id_col: str = "note_id",
    text_col: str = "text",
    model: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> DataFrame:
    """Tag a Spark DataFrame of notes: one output row per input row, in `SCHEMA`.

    `model` is a model directory readable on every executor (for a cluster, ship it with
    `--archives model.zip#model` and pass `model="model"`), or None for the bundled default.
    Rows whose text is null, not a string, empty or over `max_chars` come back as error rows.
    Within each partition the output keeps the input's order and partitioning.
    """
    return _tag(
        df, id_col=id_col, text_col=text_col, model=model, max_chars=max_chars, keep_row=False
    )


def read_notes(spark: SparkSession, path: str | Path) -> DataFrame:
    """A Parquet, CSV or JSONL file (or directory of Parquet parts) as a Spark DataFrame."""
    path = Path(path)
    fmt = "parquet" if path.is_dir() else file_format(path)
    if fmt == "parquet":
        return spark.read.parquet(str(path))
    if fmt == "csv":
        # All columns as strings; multi-line quoted notes allowed.
        return (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .option("encoding", "UTF-8")
            .csv(str(path))
        )
    return spark.read.json(str(path))


def tag_file(
    input: str | Path,
    output: str | Path,
    *,
    master: str | None = "local[2]",
    id_col: str = "note_id",
    text_col: str = "text",
    model: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> int:
    """Tag a Parquet/CSV/JSONL file into a Parquet dataset (a directory of parts), in input order.

    Uses the active SparkSession if there is one, else starts one on `master` (None leaves the
    master to `spark-submit`) and stops it afterwards. Returns the number of rows written.
    """
    input, output = Path(input), Path(output)
    if not input.exists():
        raise FileNotFoundError(f"{input} does not exist; check the path.")
    if output.suffix.lower() not in (".parquet", ".pq"):
        raise ValueError(
            f"{output.name}: the Spark engine writes Parquet; name the output *.parquet."
        )
    spark = SparkSession.getActiveSession()
    owned = spark is None
    if owned:
        builder = SparkSession.builder.appName("ercp-nlp tag")
        if master:
            builder = builder.master(master)
        if (master or "").startswith("local"):
            # Local workers must run this interpreter, the one with ercp-nlp installed.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = builder.getOrCreate()
    try:
        notes = read_notes(spark, input)
        if not input.is_dir() and file_format(input) == "csv" and text_col in notes.columns:
            # pandas reads an empty CSV field as "" (keep_default_na=False); Spark reads null.
            notes = notes.withColumn(text_col, F.coalesce(F.col(text_col), F.lit("")))
        # The index is taken straight after the read, before anything can reorder rows.
        notes = notes.withColumn(ROW_COL, F.monotonically_increasing_id())
        tagged = _tag(
            notes, id_col=id_col, text_col=text_col, model=model, max_chars=max_chars, keep_row=True
        )
        # mapInPandas keeps each partition's rows and partition number, and part files are
        # written in partition order, so sorting within partitions gives the global input order
        # without a range shuffle (whose sampling pass would tag every note twice).
        (
            tagged.sortWithinPartitions(ROW_COL)
            .drop(ROW_COL)
            .write.mode("overwrite")
            .parquet(str(output))
        )
        return spark.read.parquet(str(output)).count()
    finally:
        if owned:
            spark.stop()
