"""medSpaCy baseline for the benchmark: the comparable rule-based job, done the medSpaCy way.

Runs in its own virtual environment (benchmarks/setup_medspacy.sh makes it; medSpaCy pins an
older spaCy and numpy than this project uses) and does not import ercp_nlp. The pipeline is
`spacy.blank("en")` with medSpaCy's clinical tokenizer, the PyRuSH sentencizer, a TargetMatcher
holding our mention lexicon (read straight from ercp_nlp/pipeline/resources/mentions.jsonl),
ConText with medSpaCy's default rules and the Sectionizer with its default rules.

Rule translation: a `literal` rule becomes a TargetRule on that phrase (matched on LOWER, as our
PhraseMatcher does); a `pattern` rule becomes a TargetRule with the same spaCy Matcher pattern.
The category is our label. A rule's `also` labels (a second label on the same words, e.g. BML is
mechanical lithotripsy and a basket) cannot be a second entity in `doc.ents`, so they are kept in
the rule's metadata and written out with the mention. What our pipeline adds beyond this (balloon
purpose from use cues, organ context, outcome filtering, our own ConText rules, the classifier
and the coding decisions) has no counterpart here, so this is less work than `ercp-nlp tag`.

`--sentencizer spacy` swaps PyRuSH for spaCy's own rule-based sentencizer, to show how much of
medSpaCy's time its sentence splitter takes (PyRuSH runs its rules in pure Python).

Usage: python medspacy_baseline.py NOTES.jsonl OUT.jsonl [--id-col note_id] [--text-col text]
                                   [--sentencizer pyrush|spacy]
Writes one JSON line per note (id and mentions with their ConText attributes and section) and
prints one JSON line of timings on stdout.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

START = time.perf_counter()

import medspacy  # noqa: E402
from loguru import logger  # noqa: E402
from medspacy.ner import TargetRule  # noqa: E402

MENTIONS = Path(__file__).resolve().parent.parent / "ercp_nlp" / "pipeline" / "resources" / "mentions.jsonl"
PIPES = ["medspacy_tokenizer", "medspacy_pyrush", "medspacy_target_matcher", "medspacy_context", "medspacy_sectionizer"]


def target_rules(path: Path) -> list[TargetRule]:
    rules = []
    with path.open(encoding="utf8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rule = json.loads(line)
            meta = {"id": rule["id"], "also": rule.get("also", [])}
            if "literal" in rule:
                rules.append(TargetRule(rule["literal"], rule["label"], metadata=meta))
            else:
                rules.append(TargetRule(rule["id"], rule["label"], pattern=rule["pattern"], metadata=meta))
    return rules


def build(sentencizer: str = "pyrush"):
    if sentencizer == "pyrush":
        nlp = medspacy.load(medspacy_enable=PIPES)
    else:
        nlp = medspacy.load(medspacy_enable=[p for p in PIPES if p != "medspacy_pyrush"])
        nlp.add_pipe("sentencizer", first=True)
    nlp.get_pipe("medspacy_target_matcher").add(target_rules(MENTIONS))
    return nlp


def mention(ent) -> dict:
    rule = ent._.target_rule
    return {
        "label": ent.label_, "also": rule.metadata["also"], "rule": rule.metadata["id"],
        "text": ent.text, "start": ent.start_char, "end": ent.end_char,
        "negated": ent._.is_negated, "historical": ent._.is_historical,
        "hypothetical": ent._.is_hypothetical, "uncertain": ent._.is_uncertain,
        "family": ent._.is_family, "section": ent._.section_category,
    }


def read(path: Path, id_col: str, text_col: str):
    with path.open(encoding="utf8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                yield str(row[id_col]), row[text_col] if isinstance(row[text_col], str) else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--id-col", default="note_id")
    parser.add_argument("--text-col", default="text")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--sentencizer", choices=("pyrush", "spacy"), default="pyrush")
    args = parser.parse_args()
    logger.remove()  # PyRuSH logs every sentence boundary at DEBUG level through loguru
    nlp = build(args.sentencizer)
    loaded = time.perf_counter()
    rows = list(read(args.input, args.id_col, args.text_col))
    notes = mentions = 0
    with args.output.open("w", encoding="utf8") as out:
        docs = nlp.pipe((text for _, text in rows), batch_size=args.batch_size)
        for (note_id, _), doc in zip(rows, docs, strict=True):
            found = [mention(ent) for ent in doc.ents]
            out.write(json.dumps({"note_id": note_id, "mentions": found}, ensure_ascii=False) + "\n")
            notes += 1
            mentions += len(found)
    done = time.perf_counter()
    print(json.dumps({"notes": notes, "mentions": mentions, "import_and_load_s": round(loaded - START, 3),
                      "tag_s": round(done - loaded, 3), "total_s": round(done - START, 3),
                      "pipes": nlp.pipe_names, "medspacy": medspacy.__version__}))


if __name__ == "__main__":
    main()
