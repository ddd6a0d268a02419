"""Reading notes and writing tag rows: CSV, JSONL and Parquet, streamed in chunks.

Notes are read with explicit dtypes and `keep_default_na=False` (a note that says "NA" is
text). Every input row yields one output row, in order, ids preserved. JSON lines are read with
the json module, CSV and Parquet with pandas, imported only then (it takes a third of a second).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from .labels import TECHNIQUES

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
# Flat output columns for CSV and Parquet, in this order.
FLAT_COLUMNS = (
    ["note_id", "status", "error"]
    + [f"{label}{suffix}" for label in TECHNIQUES for suffix in ("", "_probability", "_evidence")]
    + ["stones", "stones_probability", "stones_evidence", "suggested_cpt", "cpt_reasons", "flags",
       "needs_review", "review_reasons", "model_name", "model_version", "model_sha256", "mentions_json"]
)


class UndecodableText(str):
    """Text of a CSV row whose bytes were not valid UTF-8 (decoded with replacement characters)."""


def mark_undecodable(value):
    return UndecodableText(value) if isinstance(value, str) and "\ufffd" in value else value


class InputError(Exception):
    """An input file that cannot be read; the message is one sentence that says what to do."""


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path.name} has an unknown extension; use .csv, .jsonl or .parquet.")
    return fmt


def read_notes(path: str | Path, *, id_col: str = "note_id", text_col: str = "text",
               chunk_size: int = 1000) -> Iterator[tuple[list[str], list]]:
    """Yield chunks as (note ids as str, texts: str, or the raw value if not text)."""
    path = Path(path)
    fmt = file_format(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist; check the path.")
    try:
        if fmt == "jsonl":
            chunks = _jsonl_chunks(path, chunk_size, (id_col, text_col))
        else:
            chunks = _frame_chunks(path, fmt, chunk_size, (id_col, text_col))
        for chunk in chunks:
            missing = [c for c in (id_col, text_col) if c not in chunk]
            if missing:
                raise InputError(f"{path.name} has no column {missing[0]!r}; name the columns with --id-col and --text-col.")
            values = chunk[text_col]
            if fmt == "csv":
                values = [mark_undecodable(v) for v in values]
            yield [_as_id(v) for v in chunk[id_col]], values
    except InputError:
        raise
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name} could not be read as {fmt} ({exc.__class__.__name__}); check the file format.") from exc
    except Exception as exc:  # pyarrow and pandas raise many parser errors
        raise InputError(f"{path.name} could not be read as {fmt} ({exc.__class__.__name__}); check the file format.") from exc


def count_rows(path: str | Path) -> int | None:
    """Rows in a notes file, for a progress bar's total; None when unknown."""
    path = Path(path)
    try:
        fmt = file_format(path)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        with path.open(encoding="utf8", errors="replace", newline="") as fh:
            if fmt == "jsonl":
                return sum(1 for line in fh if line.strip())
            return max(0, sum(1 for _ in csv.reader(fh)) - 1)
    except Exception:  # a progress total is a nicety; never fail the run for it
        return None


def _as_id(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


NAN = float("nan")


def _jsonl_chunks(path: Path, chunk_size: int, columns: tuple[str, ...]) -> Iterator[dict[str, list]]:
    """`columns` of each `chunk_size` lines, as pandas.read_json(lines=True, dtype=False) reads
    them: blank lines skipped, a missing key or a null as NaN; a column no row of the chunk has
    is left out."""
    with path.open(encoding="utf8") as fh:
        while lines := list(islice(fh, chunk_size)):
            try:
                rows = [json.loads(line) for line in lines if line.strip()]
            except json.JSONDecodeError as exc:
                raise ValueError(str(exc)) from exc  # named ValueError in the message, as before
            if not all(isinstance(row, dict) for row in rows):
                raise ValueError("a line is not a JSON object")
            yield {c: [NAN if row.get(c) is None else row[c] for row in rows]
                   for c in columns if any(c in row for row in rows)}


def _frame_chunks(path: Path, fmt: str, chunk_size: int, columns: tuple[str, ...]) -> Iterator[dict[str, list]]:
    """`columns` of each `chunk_size` rows of a CSV (every value a string) or Parquet file."""
    import pandas as pd

    if fmt == "csv":
        frames = pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=chunk_size,
                             encoding="utf8", encoding_errors="replace")
    else:
        import pyarrow.parquet as pq

        frames = (batch.to_pandas() for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size))
    for frame in frames:
        yield {c: frame[c].tolist() for c in columns if c in frame.columns}


def flatten(row: dict) -> dict:
    """A contract row as flat columns for CSV or Parquet."""
    flat = {"note_id": row["note_id"], "status": row["status"], "error": row.get("error")}
    for label in TECHNIQUES:
        tag = row["techniques"][label]
        flat[label] = int(tag["tagged"]) if row["status"] == "ok" else None
        flat[f"{label}_probability"] = tag["probability"]
        flat[f"{label}_evidence"] = " | ".join(e["sentence"] for e in tag["evidence"] if e["assertion"] in ("performed", "attempted_failed"))
    stones = row["stones"]
    flat.update({
        "stones": stones["value"], "stones_probability": stones["probability"],
        "stones_evidence": " | ".join(e.get("sentence", e["text"]) for e in stones["evidence"]),
        "suggested_cpt": " ".join(row["suggested_cpt"]), "cpt_reasons": " | ".join(row.get("cpt_reasons", [])),
        "flags": " | ".join(row.get("flags", [])), "needs_review": row["needs_review"],
        "review_reasons": " | ".join(row["review_reasons"]), "model_name": row["model"]["name"],
        "model_version": row["model"]["version"], "model_sha256": row["model"].get("sha256", ""),
        "mentions_json": json.dumps(row.get("mentions", []), ensure_ascii=False),
    })
    return flat


def encode_rows(rows: list[dict], fmt: str):
    """Rows ready for `RowWriter.write_encoded`: one string of JSON lines for JSONL, flat column
    dicts for CSV and Parquet. Worker processes encode their rows, so that the process that writes
    them has little to do (and less to unpickle)."""
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return [flatten(row) for row in rows]


def parquet_schema():
    import pyarrow as pa

    def kind(column: str):
        if column.endswith("_probability"):
            return pa.float64()
        if column in TECHNIQUES:
            return pa.int8()
        if column == "needs_review":
            return pa.bool_()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in FLAT_COLUMNS])


class RowWriter:
    """Write rows to a temporary file beside the output, renamed into place on `close()`."""

    def __init__(self, path: str | Path, *, resume_rows: int = 0, resume_bytes: int = 0):
        self.path = Path(path)
        self.fmt = file_format(self.path)
        self.tmp = self.path.with_name(self.path.name + ".part")
        self.count = resume_rows
        self._fh = None
        self._parquet = None
        if self.fmt != "parquet":
            mode = "r+" if resume_rows and self.tmp.is_file() else "w"
            if mode == "w":
                self.count = 0
            self._fh = self.tmp.open(mode, encoding="utf8", newline="" if self.fmt == "csv" else None)
            if mode == "r+":  # drop any row written after the last recorded one
                self._fh.truncate(resume_bytes)
                self._fh.seek(resume_bytes)

    def tell(self) -> int:
        """Bytes of complete rows written so far (text formats)."""
        return self._fh.tell()

    def write(self, rows: list[dict]) -> None:
        self.write_encoded(encode_rows(rows, self.fmt), len(rows))

    def write_encoded(self, data, n: int) -> None:
        """Write `n` rows given as `encode_rows` gives them for this writer's format."""
        if not n:
            return
        if self.fmt == "jsonl":
            self._fh.write(data)
        else:
            import pandas as pd

            frame = pd.DataFrame(data, columns=FLAT_COLUMNS)
            if self.fmt == "csv":
                frame.to_csv(self._fh, header=self.count == 0, index=False)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(frame, schema=parquet_schema(), preserve_index=False)
                if self._parquet is None:
                    self._parquet = pq.ParquetWriter(self.tmp, table.schema)
                self._parquet.write_table(table)
        self.count += n
        if self._fh:
            self._fh.flush()

    def abort(self) -> None:
        """Stop without renaming: the partial file stays as `<output>.part`."""
        if self._fh:
            self._fh.close()
        if self._parquet is not None:
            self._parquet.close()

    def close(self) -> None:
        if self._fh:
            self._fh.close()
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            if self._parquet is None:
                pq.write_table(parquet_schema().empty_table(), self.tmp)
            else:
                self._parquet.close()
        self.tmp.replace(self.path)
