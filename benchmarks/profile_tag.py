"""Where `ercp-nlp tag` spends its time: CPU seconds per stage, in one process, model loaded.

Usage: python benchmarks/profile_tag.py [NOTES.jsonl] [--id-col note_id] [--limit N] [--cprofile N]

Stages, timed one after another over all notes (CPU time of this process, so other work on the
machine matters less than for wall time): the cleanup, the tokenizer, each pipeline component, `analyse`
(Doc -> record), the classifiers (`tagging.predict`, in 256-note chunks), `decide` plus the
output row, and JSON encoding. Then the whole `tag_texts` path in 256-note chunks for comparison.
`--cprofile N` also prints the top N functions of a cProfile run of that path (profiling slows
Python code more than C code, so read its shares with care). Start-up costs are printed first.
The real notes are evaluation-only: nothing of their text is printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # profile this checkout, ahead of any installed copy


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes", nargs="?", type=Path, default=ROOT / "corpora" / "synth" / "test.jsonl")
    parser.add_argument("--id-col", default="note_id")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--model", default=None)
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    args = parser.parse_args()

    t = cpu()
    import spacy  # noqa: F401

    spacy_import = cpu() - t
    t = cpu()
    from ercp_nlp import tagging
    from ercp_nlp.decide import decide
    from ercp_nlp.features import analyse
    from ercp_nlp.labels import TECHNIQUES
    from ercp_nlp.pipeline import clean

    rest_import = cpu() - t
    t = cpu()
    model = tagging.load_model(args.model or (ROOT / "models" / "default" if (ROOT / "models" / "default").is_dir() else None))
    load = cpu() - t
    t = cpu()
    model.nlp = tagging.load_pipeline()
    build = cpu() - t
    t = cpu()
    tagging.make_records(model, [])
    scan = cpu() - t
    t = cpu()
    tagging._sharing_model(model)
    sharing = cpu() - t
    print(f"start-up CPU s: import spacy {spacy_import:.2f}, import the rest (sklearn, pandas, ercp_nlp) {rest_import:.2f}, "
          f"load model {load:.2f}, build pipeline {build:.2f}, keyword scan {scan:.2f}, shared features {sharing:.2f}")

    rows = [json.loads(line) for line in args.notes.open(encoding="utf8") if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    ids = [str(r[args.id_col]) for r in rows]
    texts = [r["text"] for r in rows]
    nlp = model.nlp
    stages: list[tuple[str, float]] = []

    def timed(name, fn):
        start = cpu()
        out = fn()
        stages.append((name, cpu() - start))
        return out

    cleaned = timed("cleanup (markup, OCR slips)", lambda: [clean(x) for x in texts])
    docs = timed("tokenizer", lambda: [nlp.make_doc(x) for x in cleaned])
    for name, proc in nlp.pipeline:
        docs = timed(f"component {name}", lambda proc=proc, docs=docs: [proc(d) for d in docs])
    records = timed("analyse (Doc -> record)", lambda docs=docs: [analyse(d, x) for d, x in zip(docs, texts, strict=True)])
    del docs
    chunks = [(ids[i : i + 256], records[i : i + 256]) for i in range(0, len(records), 256)]
    preds = timed("classifiers (predict, 256-note chunks)", lambda: [tagging.predict(model, recs) for _, recs in chunks])

    def decide_all():
        for (_, recs), (probs, stone_probs, classes) in zip(chunks, preds, strict=True):
            for k, record in enumerate(recs):
                decide(record, {label: probs[label][k] for label in TECHNIQUES},
                       {c: float(stone_probs[k][j]) for j, c in enumerate(classes)}, model.meta.get("policy"))

    timed("decide", decide_all)
    start = cpu()
    out = []
    for i in range(0, len(texts), 256):
        out += tagging.tag_texts(ids[i : i + 256], texts[i : i + 256], model)
    whole = cpu() - start
    lines = timed("JSON encoding of the rows", lambda: [json.dumps(row, ensure_ascii=False) for row in out])
    total = sum(s for _, s in stages)
    print(f"{len(texts)} notes, {sum(len(x.split()) for x in texts):,} words, {sum(map(len, lines)):,} output characters")
    print("| stage | CPU s | share |\n|---|---:|---:|")
    for name, seconds in stages:
        print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
    print(f"| sum of the stages (every note through the full pipeline) | {total:.2f} | {len(texts) / total:.0f} notes per CPU s |")
    print(f"| `tag_texts` in 256-note chunks + JSON (keyword pre-pass on) | {whole + stages[-1][1]:.2f} | "
          f"{len(texts) / (whole + stages[-1][1]):.0f} notes per CPU s |")
    if args.cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for i in range(0, len(texts), 256):
            tagging.tag_texts(ids[i : i + 256], texts[i : i + 256], model)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
