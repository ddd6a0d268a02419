"""The batch loop: read notes in chunks, tag each, write one row per input row, in order.

Chunks go to worker processes (`jobs`), each loading the pipeline and model once; workers send
back plain result dicts. A keyword pre-pass sends notes that cannot hold a mention through the
tokenizer and cue matcher only, which gives the same record the full pipeline would. A progress
sidecar beside the `.part` output lets `resume=True` continue a killed run.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing
import os
import pickle
import re
import shutil
import sys
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from spacy.symbols import ORTH

from .decide import decide
from .features import analyse_texts, cue_counts
from .io import InputError, RowWriter, UndecodableText, count_rows, encode_rows, read_notes
from .labels import STONE_CLASSES, TECHNIQUES
from .model import Model, load_model
from .pipeline import clean, load_pipeline

log = logging.getLogger(__name__)
DEFAULT_MAX_CHARS = 200_000
MENTIONS_PIPE = "ercp_mentions"


def check_text(text, max_chars: int) -> str | None:
    """Why a value cannot be tagged, or None when it can."""
    if not isinstance(text, str):
        return f"text is not a string ({type(text).__name__})"
    if not text.strip():
        return "text is empty"
    if len(text) > max_chars:
        return f"text is longer than the {max_chars:,}-character cap"
    if isinstance(text, UndecodableText):
        return "text has undecodable bytes"
    return None


def error_row(note_id: str, reason: str, model_info: dict) -> dict:
    empty = {"tagged": False, "probability": None, "evidence": []}
    return {
        "note_id": note_id, "status": "error", "error": reason,
        "techniques": {label: dict(empty) for label in TECHNIQUES},
        "stones": {"value": None, "probability": None, "evidence": []},
        "mentions": [], "suggested_cpt": [], "cpt_reasons": [], "flags": [],
        "needs_review": True, "review_reasons": [reason], "model": model_info,
    }


def model_info(model: Model) -> dict:
    meta = model.meta
    return {"name": meta.get("name", "ercp-nlp"), "version": meta.get("version", ""), "sha256": meta.get("sha256", "")}


WORD = re.compile(r"[^\W\d_]+")  # a run of letters


class KeywordScan:
    """A fast test that is true for every note in which a mention rule can match.

    The tokenizer splits words only at non-letters, except in its special cases, so every letter
    run of a matched token is a letter run of the note. A literal rule can match only in a note
    that holds every letter run of its tokens, leaving out tokens that a special case can make
    (`can't` gives `ca`): those runs are the rule's key. Each pattern rule contributes the values
    of one required token (ORTH values keep their case), and a literal made only of special-case
    tokens one of its tokens (preferring the domain words that rules share); any special case
    that holds such a keyword becomes a keyword itself. A note that covers no key has no mention.

    Outcome rules (`Mentions.OUTCOMES`: removed, not removed, fragmented) are left out unless
    `anchored`: the mentions component keeps any other outcome only in a sentence that also holds
    one of `Mentions.OUTCOME_ANCHORS` (stones, devices), which come from the other rules, so a note
    where no other rule can match has no mention at all.
    """

    def __init__(self, nlp):
        pipe = nlp.get_pipe(MENTIONS_PIPE)
        outcomes = set(getattr(pipe, "OUTCOMES", ()))
        if outcomes & set(getattr(pipe, "OUTCOME_ANCHORS", outcomes)):  # an outcome could anchor itself
            outcomes = set()
        rules = [r for r in pipe.rules if r["label"] not in outcomes or r.get("anchored")]
        stop = nlp.Defaults.stop_words
        specials = {special: [piece[ORTH] for piece in pieces] for special, pieces in nlp.tokenizer.rules.items()}
        made_by_specials = {t.lower() for tokens in specials.values() for t in tokens}
        literals = [[t.lower_ for t in nlp.make_doc(r["literal"])] for r in rules if "literal" in r]
        shared = Counter(t for tokens in literals for t in set(tokens))
        lower, exact, phrases = set(), set(), set()
        for tokens in literals:
            runs = frozenset(run for t in tokens if t not in made_by_specials for run in WORD.findall(t))
            if runs:
                phrases.add(runs)
                continue
            content = [t for t in tokens if WORD.fullmatch(t) and t not in stop] or tokens
            lower.add(max(content, key=lambda t: (shared[t], len(t))))
        for rule in rules:
            if "pattern" in rule:
                attr, words = _pattern_keywords(rule["pattern"], lower, stop)
                (exact if attr == "ORTH" else lower).update(words)
        for special, tokens in specials.items():
            if any(t.lower() in lower for t in tokens):
                lower.add(special.lower())
            if any(t in exact for t in tokens):
                exact.add(special)
        self.keywords = sorted(lower), sorted(exact)
        self.phrases = sorted(phrases, key=sorted)
        single = _runs(lower)
        self.lower = single + [key for key in self.phrases if not any(word <= key for word in single)]
        self.exact = _runs(exact)

    def __call__(self, text: str) -> bool:
        return _covers(self.lower, set(WORD.findall(text.lower()))) or (
            bool(self.exact) and _covers(self.exact, set(WORD.findall(text))))


def _runs(words: set[str]) -> list[frozenset]:
    return [frozenset(WORD.findall(w)) for w in words]


def _covers(keys: list[frozenset], runs: set[str]) -> bool:
    return any(key <= runs for key in keys)


def _pattern_keywords(pattern: list[dict], known: set[str], stop: set[str]) -> tuple[str, list[str]]:
    """The attribute and values of a required token of a Matcher pattern: one with a value that
    is not a `stop` word ("not" is in too many notes to key anything), adding the fewest keywords
    not `known` already, then the one with the fewest values."""
    options = []
    for spec in pattern:
        if spec.get("OP") not in (None, "!", "+", "{1,}"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = spec.get(attr)
            words = [value] if isinstance(value, str) else (value or {}).get("IN") if isinstance(value, dict) else None
            if words and all(WORD.search(w) for w in words):  # a value without letters ("1.9") keys nothing
                options.append(("LOWER" if attr == "LOWER" else "ORTH", [w.lower() if attr == "LOWER" else w for w in words]))
    if not options:
        raise ValueError(f"no keyword in pattern {pattern!r}")
    return min(options, key=lambda o: (set(o[1]) <= stop, len(set(o[1]) - known), len(o[1])))


def quick_record(nlp, text: str) -> dict:
    """The record `analyse` gives for a note without mentions, from the tokenizer and cues only."""
    return {"mentions": [], **cue_counts(nlp.get_pipe(MENTIONS_PIPE).cues.spans(nlp.make_doc(text))), "evidence_text": ""}


def make_records(model: Model, texts: list[str], *, prepass: bool = True) -> list[dict]:
    """One analysis record per text; notes with no keyword skip the full pipeline."""
    if model.nlp is None:
        model.nlp = load_pipeline()
    nlp = model.nlp
    scan = getattr(model, "_scan", None) or KeywordScan(nlp)
    model._scan = scan
    if not prepass:
        return analyse_texts(nlp, texts)
    cleaned = [clean(t) for t in texts]
    hits = [scan(t) for t in cleaned]
    full = iter(analyse_texts(nlp, [t for t, h in zip(texts, hits, strict=True) if h],
                              [c for c, h in zip(cleaned, hits, strict=True) if h]))
    return [next(full) if h else quick_record(nlp, t) for t, h in zip(cleaned, hits, strict=True)]


class _SharedTransform:
    """A fitted transformer that gives its last result again when called on the same list object.

    The technique and stones classifiers are trained on the same records, so their feature steps
    (mention counts + TF-IDF) usually come out identical; one such object stands in for all of
    them and the features of a chunk are computed once instead of once per classifier.
    """

    def __init__(self, inner):
        self.inner = inner
        self.last: tuple | None = None

    def transform(self, X):
        if self.last is not None and self.last[0] is X:
            return self.last[1]
        Xt = self.inner.transform(X)
        self.last = (X, Xt)
        return Xt


def _sharing_model(model: Model) -> tuple[Model, list[_SharedTransform]]:
    """A shallow copy of `model` whose classifiers with identical fitted feature steps share one
    `_SharedTransform`; `Model.predict_records` on it gives exactly what it gives on `model`."""
    cached = getattr(model, "_sharing", None)
    if cached is not None and cached[0] is model.techniques and cached[1] is model.stones:
        return cached[2], cached[3]
    from sklearn.pipeline import Pipeline

    shared: dict[bytes, _SharedTransform] = {}
    by_id: dict[int, _SharedTransform] = {}  # a saved model holds identical steps as one object

    def rebuilt(est):
        if not isinstance(est, Pipeline) or len(est.steps) < 2:
            return est
        name, features = est.steps[0]
        if id(features) not in by_id:
            key = pickle.dumps(features, protocol=pickle.HIGHEST_PROTOCOL)
            by_id[id(features)] = shared.setdefault(key, _SharedTransform(features))
        return Pipeline([(name, by_id[id(features)]), *est.steps[1:]])

    copy = dataclasses.replace(model, techniques={label: rebuilt(est) for label, est in model.techniques.items()},
                               stones=rebuilt(model.stones))
    model._sharing = (model.techniques, model.stones, copy, list(shared.values()))
    return copy, model._sharing[3]


SHARE_FROM = 16  # fewer records than this: finding the shared steps would cost more than it saves


def predict(model: Model, records: list[dict]):
    """`model.predict_records(records)`, with each distinct feature step run once per call (a
    model loaded from its linear export does that itself)."""
    if model.linear is not None or (len(records) < SHARE_FROM and getattr(model, "_sharing", None) is None):
        return model.predict_records(records)
    try:
        copy, shared = _sharing_model(model)
    except Exception:  # an estimator that cannot be pickled or rebuilt: predict as saved
        return model.predict_records(records)
    try:
        return copy.predict_records(records)
    finally:
        for wrapper in shared:
            wrapper.last = None


def tag_texts(note_ids: list[str], texts: list, model: Model, *, max_chars: int = DEFAULT_MAX_CHARS,
              policy: dict | None = None, prepass: bool = True) -> list[dict]:
    """Tag a batch of notes; one contract row per note, in order."""
    info = model_info(model)
    policy = policy or model.meta.get("policy")
    reasons = [check_text(t, max_chars) for t in texts]
    good = [i for i, r in enumerate(reasons) if r is None]
    records = make_records(model, [texts[i] for i in good], prepass=prepass)
    rows: list[dict | None] = [None] * len(texts)
    if records:
        probs, stone_probs, classes = predict(model, records)
        for k, i in enumerate(good):
            p = {label: probs[label][k] for label in TECHNIQUES}
            sp = {c: float(stone_probs[k][j]) for j, c in enumerate(classes)}
            for c in STONE_CLASSES:
                sp.setdefault(c, 0.0)
            row = {"note_id": note_ids[i], "status": "ok", "error": None}
            row.update(decide(records[k], p, sp, policy))
            row["mentions"] = [{key: m[key] for key in ("label", "text", "start", "end", "sentence", "section", "assertion", "rule")}
                               for m in records[k]["mentions"]]
            row["model"] = info
            rows[i] = row
    for i, reason in enumerate(reasons):
        if reason is not None:
            rows[i] = error_row(note_ids[i], reason, info)
    return rows


def tag_encoded(ids: list[str], texts: list, model: Model, fmt: str, **options) -> tuple:
    """`tag_texts` rows encoded for an output format (`encode_rows`), with how many rows, errors
    and notes with a technique tagged they hold: what `tag` writes and counts."""
    rows = tag_texts(ids, texts, model, **options)
    return (encode_rows(rows, fmt), len(rows), sum(r["status"] == "error" for r in rows),
            sum(any(t["tagged"] for t in r["techniques"].values()) for r in rows))


@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    tagged: int = 0
    duplicates: int = 0
    resumed_from: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        done = self.rows - self.resumed_from
        rate = done / self.seconds if self.seconds else 0.0
        resumed = f" (resumed after row {self.resumed_from})" if self.resumed_from else ""
        return (f"{self.rows} rows{resumed}, {self.errors} errors, {self.tagged} with a technique tagged, "
                f"{self.seconds:.1f} s ({rate:.1f} notes/s)")


# Worker processes get the loaded model once, through the initializer (for free under fork).
_worker_model: Model | None = None


def _init_worker(model: Model) -> None:
    global _worker_model
    _worker_model = model


def _work(ids: list[str], texts: list, fmt: str, max_chars: int, prepass: bool) -> tuple:
    return tag_encoded(ids, texts, _worker_model, fmt, max_chars=max_chars, prepass=prepass)


def _tasks(batches, jobs: int, size: int):
    """Regroup (ids, texts) batches into worker tasks: `size` notes while more than `jobs` tasks'
    worth of input follows, then ever smaller tasks (a quarter of what is left per worker, at
    least 16 notes), so that the workers finish at about the same time. Large tasks spread the
    classifiers' per-call cost (~15 ms) over many notes."""
    ids: list = []
    texts: list = []
    for batch_ids, batch_texts in batches:
        ids += batch_ids
        texts += batch_texts
        while len(ids) > jobs * size:
            yield ids[:size], texts[:size]
            del ids[:size], texts[:size]
    while ids:
        n = min(size, max(16, -(-len(ids) // (2 * jobs))))
        yield ids[:n], texts[:n]
        del ids[:n], texts[:n]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def progress_file(output_path: Path) -> Path:
    return output_path.with_name(output_path.name + ".progress")


def tag(input_path: str | Path, output_path: str | Path, *, model: Model | str | Path | None = None,
        id_col: str = "note_id", text_col: str = "text", max_chars: int = DEFAULT_MAX_CHARS,
        chunk_size: int | None = None, jobs: int | None = None, resume: bool = False, progress: bool = False,
        prepass: bool = True) -> Summary:
    """Tag every note of a CSV/JSONL/Parquet file into a CSV/JSONL/Parquet output.

    Output goes to `<output>.part` and is renamed when complete; `<output>.progress` records how
    many rows and bytes are safely written, so `resume=True` can continue a killed run.
    Notes go through in chunks of `chunk_size` (default 256: the classifiers' per-call cost is
    spread over many notes); with workers, the input is read 64 notes at a time and regrouped
    into tasks of up to `chunk_size` notes, smaller towards the end (`_tasks`).
    """
    start = time.perf_counter()
    input_path, output_path = Path(input_path), Path(output_path)
    jobs = jobs or default_jobs()
    chunk_size = chunk_size or 256
    chunks = read_notes(input_path, id_col=id_col, text_col=text_col,
                        chunk_size=chunk_size if jobs == 1 else min(64, chunk_size))
    head = [c for c in (next(chunks, None), next(chunks, None)) if c is not None]  # unreadable input fails here
    chunks = chain(head, chunks)
    if len(head) < 2:  # one chunk: workers would cost more than they save
        jobs = 1
    model = model if isinstance(model, Model) else load_model(model)
    if jobs > 1:  # load everything once here; forked workers inherit it
        make_records(model, [])
        if model.linear is None:
            _sharing_model(model)

    summary = Summary()
    skip = 0
    sidecar = progress_file(output_path)
    if resume:
        writer, skip = _resume_writer(output_path, sidecar, input_path)
    else:
        writer = RowWriter(output_path)
    summary.rows = summary.resumed_from = skip
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=count_rows(input_path), initial=skip, unit="notes", file=sys.stderr, smoothing=0.1,
                   ncols=shutil.get_terminal_size().columns)  # a terminal may report 0 columns
    seen_ids: set[str] = set()
    pool = None
    if jobs > 1:  # forked workers inherit the loaded model and pipeline
        fork = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(jobs, mp_context=fork, initializer=_init_worker, initargs=(model,))
    pending: deque = deque()

    def finish(done: tuple) -> None:
        data, n, errors, tagged = done
        writer.write_encoded(data, n)
        if writer.fmt != "parquet":
            _write_progress(sidecar, input_path, writer.count, writer.tell())
        summary.rows += n
        summary.errors += errors
        summary.tagged += tagged
        if bar is not None:
            bar.update(n)

    def batches():
        nonlocal skip
        for ids, texts in chunks:
            if skip:
                n = min(skip, len(ids))
                ids, texts, skip = ids[n:], texts[n:], skip - n
                if not ids:
                    continue
            for note_id in ids:
                summary.duplicates += note_id in seen_ids
                seen_ids.add(note_id)
            yield ids, texts

    try:
        if pool is None:
            for ids, texts in batches():
                finish(tag_encoded(ids, texts, model, writer.fmt, max_chars=max_chars, prepass=prepass))
        else:
            for ids, texts in _tasks(batches(), jobs, chunk_size):
                pending.append(pool.submit(_work, ids, texts, writer.fmt, max_chars, prepass))
                while len(pending) > 2 * jobs:
                    finish(pending.popleft().result())
        while pending:
            finish(pending.popleft().result())
    except BaseException:
        writer.abort()
        for future in pending:
            future.cancel()
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()
    writer.close()
    sidecar.unlink(missing_ok=True)
    if summary.duplicates:
        log.warning("%d rows repeat an earlier note_id; all were kept", summary.duplicates)
    summary.seconds = time.perf_counter() - start
    return summary


def _write_progress(sidecar: Path, input_path: Path, rows: int, nbytes: int) -> None:
    tmp = sidecar.with_name(sidecar.name + ".tmp")
    tmp.write_text(json.dumps({"input": str(input_path.resolve()), "rows": rows, "bytes": nbytes}), encoding="utf8")
    tmp.replace(sidecar)


def _resume_writer(output_path: Path, sidecar: Path, input_path: Path) -> tuple[RowWriter, int]:
    """A writer appending to the kept `.part` file, truncated to its last recorded row."""
    if output_path.suffix.lower() in (".parquet", ".pq"):
        raise InputError("--resume works for .jsonl and .csv output only; rerun without --resume.")
    if not sidecar.is_file():
        log.warning("no interrupted run to resume for %s; starting from the first row", output_path)
        return RowWriter(output_path), 0
    state = json.loads(sidecar.read_text(encoding="utf8"))
    if state.get("input") != str(input_path.resolve()):
        raise InputError(f"{output_path.name} was started from another input ({state.get('input')}); "
                         "rerun without --resume.")
    return RowWriter(output_path, resume_rows=state["rows"], resume_bytes=state["bytes"]), state["rows"]
