"""Load a labelled corpus as a pandas DataFrame, checked against the label contract.

``load("train")``, ``load("dev")``, ``load("test")`` read the synthetic splits,
``load("synth")`` all three, ``load("written")`` every ``written/*.jsonl`` file (hand-written training notes),
``load("retired")`` every ``retired/*.jsonl`` file (blind sets whose errors were read, now training notes),
``load("gold")`` every ``gold/*.jsonl`` file, ``load("holdout")``
every ``holdout/*.jsonl`` file (blind sets never read), and
``load("some/file.csv")`` any labelled CSV, JSONL or Parquet file.

The corpora folder is ``root`` if given, else the ``ERCP_NLP_CORPORA`` environment
variable, else ``./corpora`` under the current directory.
"""

from __future__ import annotations

import json
import logging
import math
import os
from pathlib import Path

import pandas as pd

from ercp_nlp.labels import ID_COL, LABEL_COLUMNS, STONES, TECHNIQUES, TEXT_COL

log = logging.getLogger(__name__)

SYNTH_SPLITS = ("train", "dev", "test")
HAND_WRITTEN = ("written", "retired", "gold", "holdout")
NAMES = (*SYNTH_SPLITS, "synth", *HAND_WRITTEN)
REQUIRED_COLUMNS = (ID_COL, TEXT_COL, *LABEL_COLUMNS)
ENV_VAR = "ERCP_NLP_CORPORA"
# Values a file may use for "no stones label" (non-ERCP notes); all become None.
_NULLS = {"", "null", "none", "None"}


def corpora_root(root: str | Path | None = None) -> Path:
    if root is not None:
        return Path(root)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path.cwd() / "corpora"


def load(name: str | Path, *, root: str | Path | None = None) -> pd.DataFrame:
    """Read a named corpus or a labelled file; raise FileNotFoundError or ValueError clearly."""
    base = corpora_root(root)
    if isinstance(name, str) and name in SYNTH_SPLITS:
        paths = [base / "synth" / f"{name}.jsonl"]
    elif isinstance(name, str) and name == "synth":
        paths = [base / "synth" / f"{s}.jsonl" for s in SYNTH_SPLITS]
    elif isinstance(name, str) and name in HAND_WRITTEN:
        paths = sorted((base / name).glob("*.jsonl"))
        if not paths:
            raise FileNotFoundError(f"No {name} corpus: {base / name} holds no .jsonl file yet.")
    else:
        paths = [Path(name)]
    for p in paths:
        if not p.is_file():
            hint = " Run `python -m ercp_nlp.synth --out corpora/synth` to generate it." if "synth" in p.parts else ""
            raise FileNotFoundError(f"Corpus file {p} does not exist.{hint}")
    frames = [_read(p) for p in paths]
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return _validate(df, source=", ".join(str(p) for p in paths))


def _read(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df = pd.read_csv(path, dtype={ID_COL: str, TEXT_COL: str}, keep_default_na=False)
    elif suffix in (".jsonl", ".ndjson"):
        with open(path, encoding="utf-8") as fh:
            records = []
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path} line {lineno} is not valid JSON ({e.msg}).") from None
        df = pd.DataFrame.from_records(records)
    elif suffix in (".parquet", ".pq"):
        df = pd.read_parquet(path)
    else:
        raise ValueError(f"Cannot read {path}: use a .csv, .jsonl or .parquet file.")
    log.debug("read %d rows from %s", len(df), path)
    return df


def _is_null(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and v.strip() in _NULLS)


def _validate(df: pd.DataFrame, source: str) -> pd.DataFrame:
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{source} lacks the required column(s) {', '.join(missing)}.")
    df = df.copy()
    for col in (ID_COL, TEXT_COL):
        if df[col].map(_is_null).any() and col == ID_COL:
            raise ValueError(f"{source} has rows with an empty {ID_COL}.")
        df[col] = df[col].map(lambda v: "" if v is None else str(v)).astype(str)
    for t in TECHNIQUES:
        bad = ~df[t].map(lambda v: str(v).strip() in ("0", "1", "0.0", "1.0", "True", "False"))
        if bad.any():
            row = df.loc[bad.idxmax()]
            raise ValueError(f"{source}: label {t} must be 0 or 1, but note {row[ID_COL]} has {row[t]!r}.")
        df[t] = df[t].map(lambda v: int(float(v)) if str(v).strip() not in ("True", "False") else int(str(v).strip() == "True"))
        df[t] = df[t].astype("int64")
    stones = [None if _is_null(v) else str(v).strip() for v in df["stones"]]
    for note_id, raw, value in zip(df[ID_COL], df["stones"], stones):
        if value is not None and value not in STONES:
            raise ValueError(f"{source}: stones must be one of {', '.join(STONES)} or null, but note {note_id} has {raw!r}.")
    df["stones"] = pd.Series(stones, index=df.index, dtype=object)
    if df[ID_COL].duplicated().any():
        dup = df.loc[df[ID_COL].duplicated(), ID_COL].iloc[0]
        raise ValueError(f"{source} has the note_id {dup} more than once.")
    return df
