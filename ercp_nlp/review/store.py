"""The review store: tagged notes, coders' decisions and an append-only audit trail, in SQLite.

One file, WAL mode, one connection per operation, so any number of threads or processes
(reviewers behind the web app, a script exporting) can use it at once.

Tables:
- ``notes``: one row per note: its text and the model's suggestion (the whole tag output row).
- ``decisions``: the audit trail. Every decision a reviewer makes is one new row with who, when,
  the state before and after (JSON) and an optional comment. Triggers refuse UPDATE and DELETE,
  so the trail is never rewritten. A note's current state is its latest decision's ``after``,
  or the model's suggestion when nobody has decided yet.

A state is a plain dict: the five technique labels as 0/1 and ``stones`` as one of
``removed``/``not_removed``/``none_found`` or ``None``: the training format of ANNOTATION.md.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ercp_nlp.labels import ID_COL, STONES, TECHNIQUES, TEXT_COL

log = logging.getLogger(__name__)

REVIEWER_COL = "reviewer"
# Column order of `export`: the training format of the contract, plus who decided.
EXPORT_COLUMNS = (ID_COL, TEXT_COL, *TECHNIQUES, "stones", REVIEWER_COL)
MAX_REVIEWER = 80
MAX_COMMENT = 4000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    note_id      TEXT PRIMARY KEY,
    text         TEXT NOT NULL,
    suggestion   TEXT NOT NULL,          -- the tag output row, JSON
    needs_review INTEGER NOT NULL,
    margin       REAL NOT NULL,          -- smallest probability margin: 0 = a coin toss
    imported_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    note_id    TEXT NOT NULL REFERENCES notes(note_id),
    reviewer   TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('accept', 'set')),
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    comment    TEXT
);
CREATE INDEX IF NOT EXISTS decisions_note ON decisions(note_id, id);
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""

_LATEST = """
SELECT d.* FROM decisions d
JOIN (SELECT note_id, MAX(id) AS id FROM decisions GROUP BY note_id) m ON d.id = m.id
"""


class ReviewInputError(ValueError):
    """Bad input from a user: the message is one sentence that says what to do."""


class DecisionConflict(RuntimeError):
    """Somebody else decided on the note since the reviewer loaded it."""

    def __init__(self, note_id: str, latest_id: int | None):
        super().__init__(f"note {note_id} was changed by another reviewer; reload it.")
        self.note_id = note_id
        self.latest_id = latest_id


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def suggested_state(row: dict[str, Any]) -> dict[str, Any]:
    """The model's suggestion of a tag output row, as a state."""
    techniques = row.get("techniques") or {}
    state: dict[str, Any] = {
        t: int(bool((techniques.get(t) or {}).get("tagged"))) for t in TECHNIQUES
    }
    state["stones"] = (row.get("stones") or {}).get("value")
    return state


def confidence_margin(row: dict[str, Any]) -> float:
    """The smallest distance of any suggestion from a coin toss, from 0 (unsure) to 1 (certain).

    A technique's margin is |2p - 1|; the stones outcome's is 2p - 1 for its chosen class
    (below 0.5 another class may be as likely). A row with no probability at all gets 0.
    """
    margins = []
    for t in TECHNIQUES:
        p = ((row.get("techniques") or {}).get(t) or {}).get("probability")
        if isinstance(p, int | float):
            margins.append(abs(2 * p - 1))
    p = (row.get("stones") or {}).get("probability")
    if isinstance(p, int | float):
        margins.append(max(0.0, 2 * p - 1))
    return round(min(margins), 6) if margins else 0.0


def check_state(state: Any) -> dict[str, Any]:
    """A state with exactly the label keys and valid values, or ReviewInputError."""
    if not isinstance(state, dict):
        raise ReviewInputError("a decision must be an object with the technique labels and stones.")
    unknown = set(state) - set(TECHNIQUES) - {"stones"}
    if unknown:
        raise ReviewInputError(
            f"unknown label {sorted(unknown)[0]!r}; use {', '.join(TECHNIQUES)}, stones."
        )
    clean: dict[str, Any] = {}
    for t in TECHNIQUES:
        v = state.get(t)
        if isinstance(v, bool):
            v = int(v)
        if v not in (0, 1):
            raise ReviewInputError(f"label {t!r} must be 0 or 1.")
        clean[t] = int(v)
    stones = state.get("stones")
    if stones == "":
        stones = None
    if stones is not None and stones not in STONES:
        raise ReviewInputError(f"stones must be one of {', '.join(STONES)} or empty.")
    clean["stones"] = stones
    return clean


def _check_reviewer(reviewer: Any) -> str:
    name = reviewer.strip() if isinstance(reviewer, str) else ""
    if not name or len(name) > MAX_REVIEWER or any(ord(c) < 32 for c in name):
        raise ReviewInputError(
            f"give the reviewer's name (1 to {MAX_REVIEWER} printable characters)."
        )
    return name


def _check_row(row: Any, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ReviewInputError(f"{where} is not a JSON object; pass the output of `ercp-nlp tag`.")
    missing = [k for k in ("note_id", "techniques", "stones") if k not in row]
    if missing:
        raise ReviewInputError(
            f"{where} has no {missing[0]!r} field; pass the output of `ercp-nlp tag`."
        )
    if not isinstance(row["note_id"], str) or not row["note_id"]:
        raise ReviewInputError(f"{where} has no note_id string; pass the output of `ercp-nlp tag`.")
    techniques = row["techniques"]
    if not isinstance(techniques, dict) or any(
        not isinstance(techniques.get(t), dict) for t in TECHNIQUES
    ):
        raise ReviewInputError(
            f"{where} lacks a technique in 'techniques'; pass the output of `ercp-nlp tag`."
        )
    if not isinstance(row["stones"], dict):
        raise ReviewInputError(
            f"{where} has no 'stones' object; pass the output of `ercp-nlp tag`."
        )
    return row


def read_tagged(path: str | Path) -> Iterator[dict[str, Any]]:
    """The rows of a tag output JSONL file, checked for the fields the review needs."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf8")
    except OSError as exc:
        raise ReviewInputError(
            f"cannot read {path} ({exc.strerror}); pass the JSONL written by `ercp-nlp tag`."
        ) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise ReviewInputError(
                    f"{path} line {n} is not JSON; pass the JSONL written by `ercp-nlp tag`."
                ) from None
            yield _check_row(row, f"{path} line {n}")


def read_note_texts(
    path: str | Path, *, id_col: str = ID_COL, text_col: str = TEXT_COL
) -> dict[str, str]:
    """note_id -> text from a CSV, JSONL or Parquet notes file."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise ReviewInputError(
            f"notes file {path} does not exist; pass the notes that were tagged."
        )
    suffix = "".join(path.suffixes[-2:]).lower()
    try:
        if suffix.endswith((".csv", ".csv.gz")):
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        elif suffix.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            df = pd.read_json(path, lines=True, dtype={id_col: str, text_col: str})
        elif suffix.endswith(".parquet"):
            df = pd.read_parquet(path)
        else:
            raise ReviewInputError(
                f"notes file {path} is not .csv, .jsonl or .parquet; convert it to one of those."
            )
    except ReviewInputError:
        raise
    except Exception as exc:  # pandas raises many kinds; the user needs one sentence
        raise ReviewInputError(
            f"cannot read notes file {path} ({exc.__class__.__name__}); check its format."
        ) from None
    for col in (id_col, text_col):
        if col not in df.columns:
            raise ReviewInputError(
                f"notes file {path} has no {col!r} column;"
                f" name the columns {id_col} and {text_col}."
            )
    ids = df[id_col].astype(str)
    texts = df[text_col].where(df[text_col].notna(), "").astype(str)
    return dict(zip(ids, texts, strict=True))


_HEADER = re.compile(r"(?m)^[ \t]*([A-Z][A-Za-z /&()-]{1,48}?)[ \t]*:")


def find_sections(text: str) -> list[dict[str, Any]]:
    """Section headers in a note ("FINDINGS:", "Impression:"), each with the span of its section."""
    heads = [m for m in _HEADER.finditer(text) if m.group(1).strip()[:1].isupper()]
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.append(
            {"name": m.group(1).strip(), "start": m.start(1), "end": end, "header_end": m.end()}
        )
    return out


class ReviewStore:
    """The SQLite review database at `path` (created when missing)."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0):
        self.path = Path(path)
        self.timeout = timeout
        try:
            with self._connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ReviewInputError(
                f"{self.path} is not a review database ({exc});"
                " pass a new or existing .sqlite file."
            ) from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self.path.parent.exists():
            raise ReviewInputError(
                f"folder {self.path.parent} does not exist; create it or pick another --db."
            )
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA foreign_keys=ON")
            con.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            yield con
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the write lock from its first statement."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # ----------------------------------------------------------------- import
    def import_rows(
        self, rows: Iterable[dict[str, Any]], texts: dict[str, str] | None = None
    ) -> ImportSummary:
        """Add or refresh tagged notes. Decisions made are kept whatever the new suggestion."""
        texts = texts or {}
        added = updated = unchanged = 0
        now = _now()
        with self._write() as con:
            for row in rows:
                note_id = row["note_id"]
                text = row.get("text") if isinstance(row.get("text"), str) else texts.get(note_id)
                if text is None:
                    raise ReviewInputError(
                        f"note {note_id} has no text;"
                        " pass the notes file that was tagged with --notes."
                    )
                suggestion = {k: v for k, v in row.items() if k != "text"}
                blob = json.dumps(suggestion, sort_keys=True, ensure_ascii=False)
                needs = int(bool(row.get("needs_review")) or row.get("status") == "error")
                old = con.execute(
                    "SELECT text, suggestion FROM notes WHERE note_id = ?", (note_id,)
                ).fetchone()
                if old is not None and old["text"] == text and old["suggestion"] == blob:
                    unchanged += 1
                    continue
                con.execute(
                    "INSERT INTO notes"
                    " (note_id, text, suggestion, needs_review, margin, imported_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(note_id) DO UPDATE SET"
                    " text = excluded.text,"
                    " suggestion = excluded.suggestion, needs_review = excluded.needs_review,"
                    " margin = excluded.margin, imported_at = excluded.imported_at",
                    (note_id, text, blob, needs, confidence_margin(row), now),
                )
                if old is None:
                    added += 1
                else:
                    updated += 1
        summary = ImportSummary(added, updated, unchanged)
        log.info(
            "imported %d notes (%d new, %d updated, %d unchanged)",
            summary.total,
            added,
            updated,
            unchanged,
        )
        return summary

    # ------------------------------------------------------------------ reads
    def note_ids(self) -> list[str]:
        with self._connect() as con:
            return [r[0] for r in con.execute("SELECT note_id FROM notes ORDER BY note_id")]

    def note(self, note_id: str) -> dict[str, Any] | None:
        """Everything the note view shows: text, suggestion, current state, history."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM notes WHERE note_id = ?", (note_id,)).fetchone()
            if row is None:
                return None
            history = [
                self._decision(d)
                for d in con.execute(
                    "SELECT * FROM decisions WHERE note_id = ? ORDER BY id", (note_id,)
                )
            ]
        suggestion = json.loads(row["suggestion"])
        suggested = suggested_state(suggestion)
        latest = history[-1] if history else None
        return {
            "note_id": note_id,
            "text": row["text"],
            "suggestion": suggestion,
            "suggested": suggested,
            "state": latest["after"] if latest else suggested,
            "reviewed": latest is not None,
            "reviewer": latest["reviewer"] if latest else None,
            "latest_decision_id": latest["id"] if latest else None,
            "needs_review": bool(row["needs_review"]),
            "margin": row["margin"],
            "history": history,
        }

    def state(self, note_id: str) -> dict[str, Any]:
        """The note's current state: its latest decision, or the model's suggestion."""
        note = self.note(note_id)
        if note is None:
            raise KeyError(note_id)
        return note["state"]

    @staticmethod
    def _decision(d: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": d["id"],
            "note_id": d["note_id"],
            "reviewer": d["reviewer"],
            "decided_at": d["decided_at"],
            "action": d["action"],
            "before": json.loads(d["before"]),
            "after": json.loads(d["after"]),
            "comment": d["comment"],
        }

    def audit(self, note_id: str | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest first (one note's, or everyone's)."""
        sql, args = "SELECT * FROM decisions ORDER BY id", ()
        if note_id is not None:
            sql, args = "SELECT * FROM decisions WHERE note_id = ? ORDER BY id", (note_id,)
        with self._connect() as con:
            return [self._decision(d) for d in con.execute(sql, args)]

    def worklist(
        self,
        *,
        tag: str | None = None,
        code: str | None = None,
        status: str = "all",
        reviewer: str | None = None,
    ) -> dict[str, Any]:
        """The notes to review, in order, with counts.

        Order: unreviewed before reviewed; within each, notes the tagger flagged for review first,
        then the least confident (smallest probability margin), then by id.
        Filters: `tag` a technique label or stones value in the current state, `code` a CPT code
        the model suggested, `status` "reviewed"/"unreviewed"/"all", `reviewer` who decided last.
        """
        if tag is not None and tag not in TECHNIQUES and tag not in STONES:
            raise ReviewInputError(f"unknown tag {tag!r}; use a technique label or a stones value.")
        if status not in ("all", "reviewed", "unreviewed"):
            raise ReviewInputError("status must be all, reviewed or unreviewed.")
        with self._connect() as con:
            rows = con.execute(
                f"SELECT n.note_id, n.suggestion, n.needs_review, n.margin, l.after, l.reviewer,"
                f" l.decided_at FROM notes n LEFT JOIN ({_LATEST}) l ON l.note_id = n.note_id"
            ).fetchall()
        items, done = [], 0
        for r in rows:
            suggestion = json.loads(r["suggestion"])
            reviewed = r["after"] is not None
            done += reviewed
            state = json.loads(r["after"]) if reviewed else suggested_state(suggestion)
            cpt = [c for c in suggestion.get("suggested_cpt") or [] if isinstance(c, str)]
            if status == "reviewed" and not reviewed or status == "unreviewed" and reviewed:
                continue
            if (
                tag in TECHNIQUES
                and not state.get(tag)
                or tag in STONES
                and state.get("stones") != tag
            ):
                continue
            if code and code not in cpt:
                continue
            if reviewer and r["reviewer"] != reviewer:
                continue
            items.append(
                {
                    "note_id": r["note_id"],
                    "needs_review": bool(r["needs_review"]),
                    "review_reasons": suggestion.get("review_reasons") or [],
                    "status": suggestion.get("status"),
                    "margin": r["margin"],
                    "suggested": suggested_state(suggestion),
                    "state": state,
                    "suggested_cpt": cpt,
                    "reviewed": reviewed,
                    "reviewer": r["reviewer"],
                    "decided_at": r["decided_at"],
                }
            )
        items.sort(key=lambda i: (i["reviewed"], not i["needs_review"], i["margin"], i["note_id"]))
        with self._connect() as con:
            reviewers = [
                x[0]
                for x in con.execute("SELECT DISTINCT reviewer FROM decisions ORDER BY reviewer")
            ]
        codes = sorted(
            {c for r in rows for c in json.loads(r["suggestion"]).get("suggested_cpt") or []}
        )
        return {
            "items": items,
            "counts": {
                "total": len(rows),
                "done": done,
                "left": len(rows) - done,
                "shown": len(items),
            },
            "reviewers": reviewers,
            "codes": codes,
        }

    def counts(self) -> dict[str, int]:
        """How many notes there are, how many were reviewed and how many are left."""
        with self._connect() as con:
            total = con.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
            done = con.execute("SELECT COUNT(DISTINCT note_id) FROM decisions").fetchone()[0]
        return {"total": total, "done": done, "left": total - done}

    # ----------------------------------------------------------------- writes
    def decide(
        self,
        note_id: str,
        *,
        reviewer: str,
        after: dict[str, Any] | None = None,
        accept: bool = False,
        comment: str | None = None,
        expected_latest: int | None | str = "any",
    ) -> dict[str, Any]:
        """Record one decision and return it. `accept=True` takes the model's suggestion as is.

        `expected_latest` is the id of the latest decision the reviewer saw (None: none yet);
        when another decision was saved since, DecisionConflict is raised and nothing is written,
        so one reviewer never silently overwrites another. "any" skips that check.
        """
        reviewer = _check_reviewer(reviewer)
        if comment is not None:
            if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
                raise ReviewInputError(
                    f"the comment must be text of at most {MAX_COMMENT} characters."
                )
            comment = comment.strip() or None
        if accept == (after is not None):
            raise ReviewInputError(
                "a decision either accepts the suggestion or sets the labels, not both."
            )
        if after is not None:
            after = check_state(after)
        with self._write() as con:
            row = con.execute(
                "SELECT suggestion FROM notes WHERE note_id = ?", (note_id,)
            ).fetchone()
            if row is None:
                raise KeyError(note_id)
            suggested = suggested_state(json.loads(row["suggestion"]))
            latest = con.execute(
                "SELECT id, after FROM decisions WHERE note_id = ? ORDER BY id DESC LIMIT 1",
                (note_id,),
            ).fetchone()
            latest_id = latest["id"] if latest else None
            if expected_latest != "any" and expected_latest != latest_id:
                raise DecisionConflict(note_id, latest_id)
            before = json.loads(latest["after"]) if latest else suggested
            if accept:
                after = suggested
            cur = con.execute(
                "INSERT INTO decisions"
                " (note_id, reviewer, decided_at, action, before, after, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    note_id,
                    reviewer,
                    _now(),
                    "accept" if accept else "set",
                    json.dumps(before, sort_keys=True),
                    json.dumps(after, sort_keys=True),
                    comment,
                ),
            )
            decision_id = cur.lastrowid
            d = con.execute("SELECT * FROM decisions WHERE id = ?", (decision_id,)).fetchone()
        log.info(
            "decision %d on note %s by a reviewer (%s)",
            decision_id,
            note_id,
            "accept" if accept else "set",
        )
        return self._decision(d)

    # ----------------------------------------------------------------- export
    def reviewed_rows(self) -> list[dict[str, Any]]:
        """Every reviewed note in the training format (EXPORT_COLUMNS), ordered by note id."""
        with self._connect() as con:
            rows = con.execute(
                f"SELECT n.note_id, n.text, l.after, l.reviewer FROM notes n"
                f" JOIN ({_LATEST}) l ON l.note_id = n.note_id ORDER BY n.note_id"
            ).fetchall()
        out = []
        for r in rows:
            state = json.loads(r["after"])
            out.append(
                {
                    ID_COL: r["note_id"],
                    TEXT_COL: r["text"],
                    **{t: int(state[t]) for t in TECHNIQUES},
                    "stones": state["stones"],
                    REVIEWER_COL: r["reviewer"],
                }
            )
        return out


def import_tagged(
    tagged: str | Path,
    *,
    db: str | Path,
    notes: str | Path | None = None,
    id_col: str = ID_COL,
    text_col: str = TEXT_COL,
) -> ImportSummary:
    """Import a tag output JSONL (and the notes it was made from) into the review database."""
    texts = read_note_texts(notes, id_col=id_col, text_col=text_col) if notes is not None else None
    rows = list(read_tagged(tagged))
    if not rows:
        raise ReviewInputError(f"{tagged} has no rows; pass the JSONL written by `ercp-nlp tag`.")
    return ReviewStore(db).import_rows(rows, texts)


def export(*, db: str | Path, output: str | Path) -> int:
    """Write the reviewed notes in the training format (.csv, .jsonl or .parquet).

    Returns how many notes were written."""
    import pandas as pd

    db, output = Path(db), Path(output)
    if not db.is_file():
        raise ReviewInputError(
            f"review database {db} does not exist; pass the --db used with `review serve`."
        )
    rows = ReviewStore(db).reviewed_rows()
    df = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    for t in TECHNIQUES:
        df[t] = df[t].astype("int64")
    suffix = output.suffix.lower()
    try:
        if suffix == ".csv":
            df.to_csv(output, index=False)
        elif suffix in (".jsonl", ".ndjson"):
            df.to_json(output, orient="records", lines=True, force_ascii=False)
        elif suffix == ".parquet":
            df.to_parquet(output, index=False)
        else:
            raise ReviewInputError(
                f"cannot tell the format of {output}; name it .csv, .jsonl or .parquet."
            )
    except OSError as exc:
        raise ReviewInputError(
            f"cannot write {output} ({exc.strerror}); pick a writable path."
        ) from None
    log.info("exported %d reviewed notes", len(df))
    return len(df)
