"""The review store: import, the append-only audit trail, derived state, concurrency, export."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from ercp_nlp.labels import ID_COL, TECHNIQUES, TEXT_COL
from ercp_nlp.review import (
    EXPORT_COLUMNS,
    DecisionConflict,
    ReviewInputError,
    ReviewStore,
    export,
    import_tagged,
)
from ercp_nlp.review.demo import HOSTILE_ID, HOSTILE_TEXT, NOTES, demo_rows, notes_table, write_demo
from ercp_nlp.review.store import confidence_margin, suggested_state


def contract_schema() -> dict:
    """The shared contract's schema: $ERCP_NLP_CONTRACT_DIR, or shared/ beside the repo."""
    candidates = (
        [Path(os.environ["ERCP_NLP_CONTRACT_DIR"])] if "ERCP_NLP_CONTRACT_DIR" in os.environ else []
    )
    candidates += [
        Path(__file__).resolve().parents[2] / "shared" / "contract",
        Path("/work/shared/contract"),
    ]
    for folder in candidates:
        if (folder / "tag-output.schema.json").is_file():
            return json.loads((folder / "tag-output.schema.json").read_text(encoding="utf8"))
    pytest.skip("the shared contract (tag-output.schema.json) is not beside the repo")


@pytest.fixture
def store(tmp_path) -> ReviewStore:
    texts = {r["note_id"]: r["text"] for r in notes_table(hostile=True)}
    s = ReviewStore(tmp_path / "review.sqlite")
    s.import_rows(demo_rows(hostile=True), texts)
    return s


def test_demo_rows_follow_the_contract():
    import jsonschema

    schema = contract_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    texts = {r["note_id"]: r["text"] for r in notes_table(hostile=True)}
    for row in demo_rows(hostile=True):
        errors = list(validator.iter_errors(row))
        assert not errors, (row["note_id"], errors[0].message)
        for m in row["mentions"]:
            assert texts[row["note_id"]][m["start"] : m["end"]] == m["text"]


def test_import_from_notes_file_in_every_format(tmp_path):
    tagged, notes_jsonl = write_demo(tmp_path)
    table = pd.DataFrame(notes_table())
    table.to_csv(tmp_path / "notes.csv", index=False)
    table.to_parquet(tmp_path / "notes.parquet", index=False)
    for i, notes in enumerate([notes_jsonl, tmp_path / "notes.csv", tmp_path / "notes.parquet"]):
        summary = import_tagged(tagged, db=tmp_path / f"r{i}.sqlite", notes=notes)
        assert (summary.added, summary.total) == (len(NOTES), len(NOTES))
        s = ReviewStore(tmp_path / f"r{i}.sqlite")
        assert s.note_ids() == sorted(NOTES)
        assert s.note("demo-002")["text"] == NOTES["demo-002"]


def test_import_takes_text_from_the_tag_output(tmp_path):
    rows = [{**r, "text": NOTES[r["note_id"]]} for r in demo_rows()]
    (tmp_path / "t.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf8")
    import_tagged(tmp_path / "t.jsonl", db=tmp_path / "r.sqlite")
    note = ReviewStore(tmp_path / "r.sqlite").note("demo-001")
    assert note["text"] == NOTES["demo-001"]
    assert "text" not in note["suggestion"]


def test_a_note_with_NA_text_stays_text(tmp_path):
    row = {**demo_rows()[0], "note_id": "NA"}
    (tmp_path / "t.jsonl").write_text(json.dumps(row) + "\n", encoding="utf8")
    (tmp_path / "n.csv").write_text("note_id,text\nNA,NA\n", encoding="utf8")
    import_tagged(tmp_path / "t.jsonl", db=tmp_path / "r.sqlite", notes=tmp_path / "n.csv")
    assert ReviewStore(tmp_path / "r.sqlite").note("NA")["text"] == "NA"


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json\n", "is not JSON"),
        ('{"note_id": "x"}\n', "has no 'techniques' field"),
        ("", "has no rows"),
        (json.dumps(demo_rows()[0]) + "\n", "has no text"),
    ],
)
def test_bad_tag_output_is_one_clear_error(tmp_path, content, message):
    (tmp_path / "t.jsonl").write_text(content, encoding="utf8")
    with pytest.raises(ReviewInputError, match=message):
        import_tagged(tmp_path / "t.jsonl", db=tmp_path / "r.sqlite")


def test_notes_file_without_text_column(tmp_path):
    tagged, _ = write_demo(tmp_path)
    (tmp_path / "n.csv").write_text("note_id,body\ndemo-001,x\n", encoding="utf8")
    with pytest.raises(ReviewInputError, match="no 'text' column"):
        import_tagged(tagged, db=tmp_path / "r.sqlite", notes=tmp_path / "n.csv")


def test_not_a_database(tmp_path):
    (tmp_path / "x.sqlite").write_text("hello, this is not sqlite" * 100)
    with pytest.raises(ReviewInputError, match="not a review database"):
        ReviewStore(tmp_path / "x.sqlite")


def test_wal_mode(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_derived_state_and_audit_trail(store):
    suggested = suggested_state(demo_rows()[1])
    assert store.state("demo-002") == suggested
    assert store.audit("demo-002") == []

    first = store.decide("demo-002", reviewer="Ann", accept=True)
    assert first["before"] == first["after"] == suggested
    assert store.state("demo-002") == suggested

    corrected = {**suggested, "balloon": 1, "stones": "not_removed"}
    second = store.decide(
        "demo-002", reviewer="Bob", after=corrected, comment="balloon sweep was done"
    )
    assert second["before"] == suggested and second["after"] == corrected
    note = store.note("demo-002")
    assert note["state"] == corrected and note["reviewed"] and note["reviewer"] == "Bob"
    assert note["suggested"] == suggested  # the model's suggestion is kept as it was

    trail = store.audit("demo-002")
    assert [(d["reviewer"], d["action"], d["comment"]) for d in trail] == [
        ("Ann", "accept", None),
        ("Bob", "set", "balloon sweep was done"),
    ]
    assert all(d["decided_at"].endswith("+00:00") for d in trail)


def test_audit_trail_cannot_be_rewritten(store):
    store.decide("demo-001", reviewer="Ann", accept=True)
    con = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE decisions SET reviewer = 'Eve'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM decisions")
    con.close()
    assert [d["reviewer"] for d in store.audit()] == ["Ann"]


def test_reimport_keeps_decisions_and_refreshes_suggestions(store):
    store.decide("demo-001", reviewer="Ann", after={**store.state("demo-001"), "basket": 1})
    rows = demo_rows(hostile=True)
    rows[0]["techniques"]["balloon"]["probability"] = 0.51
    texts = {r["note_id"]: r["text"] for r in notes_table(hostile=True)}
    summary = store.import_rows(rows, texts)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, len(rows) - 1)
    note = store.note("demo-001")
    assert note["state"]["basket"] == 1 and len(note["history"]) == 1
    assert note["margin"] == pytest.approx(0.02)


def test_invalid_decisions_are_refused(store):
    state = store.state("demo-001")
    for bad in ({**state, "balloon": 2}, {**state, "stones": "gone"}, {**state, "ercp": 1}, "x"):
        with pytest.raises(ReviewInputError):
            store.decide("demo-001", reviewer="Ann", after=bad)
    with pytest.raises(ReviewInputError, match="reviewer"):
        store.decide("demo-001", reviewer="  ", accept=True)
    with pytest.raises(ReviewInputError, match="not both"):
        store.decide("demo-001", reviewer="Ann", accept=True, after=state)
    with pytest.raises(KeyError):
        store.decide("no-such-note", reviewer="Ann", accept=True)
    assert store.audit() == []


def test_margin_orders_by_least_confident():
    rows = demo_rows()
    assert confidence_margin(rows[1]) == pytest.approx(0.16)  # mechanical lithotripsy at 0.58
    assert confidence_margin(rows[5]) == 0.0  # an error row with no probabilities


def test_stale_decision_is_refused_not_lost(store):
    seen = store.note("demo-003")["latest_decision_id"]
    assert seen is None
    store.decide("demo-003", reviewer="Ann", accept=True, expected_latest=seen)
    with pytest.raises(DecisionConflict) as err:
        store.decide(
            "demo-003",
            reviewer="Bob",
            after={**store.state("demo-003"), "basket": 1},
            expected_latest=seen,
        )
    assert err.value.latest_id == store.audit("demo-003")[0]["id"]
    assert [d["reviewer"] for d in store.audit("demo-003")] == ["Ann"]


def _chain_is_consistent(trail: list[dict]) -> bool:
    """Each decision's `before` is the previous one's `after`: no write lost or interleaved."""
    return all(b["before"] == a["after"] for a, b in zip(trail, trail[1:], strict=False))


def test_concurrent_saves_from_threads_lose_nothing(store):
    n_threads, per_thread = 8, 15
    barrier = threading.Barrier(n_threads)
    errors = []

    def work(k: int) -> None:
        own = ReviewStore(store.path)  # each reviewer's own connection, as in the web app
        barrier.wait()
        try:
            for i in range(per_thread):
                note_id = ("demo-001", "demo-002")[i % 2]
                after = {t: (k >> j) & 1 for j, t in enumerate(TECHNIQUES)} | {"stones": "removed"}
                own.decide(note_id, reviewer=f"reviewer-{k}", after=after, comment=f"{k}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    trail = store.audit()
    assert len(trail) == n_threads * per_thread
    assert {d["comment"] for d in trail} == {
        f"{k}-{i}" for k in range(n_threads) for i in range(per_thread)
    }
    for note_id in ("demo-001", "demo-002"):
        assert _chain_is_consistent(store.audit(note_id))


def _process_worker(path: str, k: int, n: int, start) -> int:
    s = ReviewStore(path)
    start.wait()
    for i in range(n):
        s.decide(
            "demo-004",
            reviewer=f"proc-{k}",
            after={**s.state("demo-004"), "basket": i % 2},
            comment=f"{k}-{i}",
        )
    return n


def test_concurrent_saves_from_processes_lose_nothing(store):
    ctx = multiprocessing.get_context("spawn")
    n_procs, per_proc = 4, 20
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(n_procs) as pool:
            results = [
                pool.apply_async(_process_worker, (str(store.path), k, per_proc, start))
                for k in range(n_procs)
            ]
            start.set()
            assert sum(r.get(timeout=120) for r in results) == n_procs * per_proc
    trail = store.audit("demo-004")
    assert len(trail) == n_procs * per_proc
    assert len({d["id"] for d in trail}) == len(trail)
    assert _chain_is_consistent(trail)


def test_export_in_training_format(store, tmp_path):
    store.decide("demo-001", reviewer="Ann", accept=True)
    store.decide("demo-006", reviewer="Bob", after={t: 0 for t in TECHNIQUES} | {"stones": None})
    store.decide(
        HOSTILE_ID,
        reviewer="Bob",
        after={t: 0 for t in TECHNIQUES} | {"stones": "removed", "basket": 1},
    )

    n = export(db=store.path, output=tmp_path / "labelled.csv")
    assert n == 3
    df = pd.read_csv(tmp_path / "labelled.csv", dtype=str, keep_default_na=False)
    assert tuple(df.columns) == EXPORT_COLUMNS
    assert EXPORT_COLUMNS[:2] == (ID_COL, TEXT_COL)
    rows = {r[ID_COL]: r for r in df.to_dict("records")}
    assert set(rows) == {"demo-001", "demo-006", HOSTILE_ID}  # only reviewed notes
    assert rows["demo-001"]["balloon"] == "1" and rows["demo-001"]["basket"] == "0"
    assert rows["demo-001"]["stones"] == "removed" and rows["demo-001"]["reviewer"] == "Ann"
    assert rows["demo-006"]["stones"] == ""  # blank outcome: empty
    assert rows[HOSTILE_ID][TEXT_COL] == HOSTILE_TEXT  # text round-trips byte for byte
    assert all(set(df[t]) <= {"0", "1"} for t in TECHNIQUES)

    export(db=store.path, output=tmp_path / "labelled.jsonl")
    back = pd.read_json(tmp_path / "labelled.jsonl", lines=True, dtype={ID_COL: str})
    assert tuple(back.columns) == EXPORT_COLUMNS and len(back) == 3
    export(db=store.path, output=tmp_path / "labelled.parquet")
    assert len(pd.read_parquet(tmp_path / "labelled.parquet")) == 3


def test_export_reflects_the_latest_decision(store, tmp_path):
    store.decide("demo-002", reviewer="Ann", accept=True)
    store.decide(
        "demo-002", reviewer="Bob", after={**store.state("demo-002"), "mechanical_lithotripsy": 0}
    )
    export(db=store.path, output=tmp_path / "l.csv")
    row = pd.read_csv(tmp_path / "l.csv", dtype=str).iloc[0]
    assert (row["mechanical_lithotripsy"], row["reviewer"]) == ("0", "Bob")


def test_export_errors(tmp_path, store):
    with pytest.raises(ReviewInputError, match="does not exist"):
        export(db=tmp_path / "missing.sqlite", output=tmp_path / "l.csv")
    with pytest.raises(ReviewInputError, match=r"\.csv, \.jsonl or \.parquet"):
        export(db=store.path, output=tmp_path / "l.xlsx")


def test_note_text_never_reaches_the_logs(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    tagged, notes = write_demo(tmp_path, hostile=True)
    import_tagged(tagged, db=tmp_path / "r.sqlite", notes=notes)
    s = ReviewStore(tmp_path / "r.sqlite")
    s.decide("demo-001", reviewer="Ann", accept=True, comment="private remark")
    export(db=tmp_path / "r.sqlite", output=tmp_path / "l.csv")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "imported" in logged
    for text in [*NOTES.values(), HOSTILE_TEXT]:
        for fragment in text.split(". "):
            assert fragment[:30] not in logged
    assert "private remark" not in logged
