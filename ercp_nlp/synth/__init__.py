"""Seeded generator of labelled synthetic ERCP notes.

Design
------
A note is made in three independent steps, so the number of distinct notes is huge
while every label stays exactly right:

1. **Facts** (``facts.py``): sample what happened — a scenario (balloon clearance, BML,
   cholangioscopy with EHL, negative sweep, stent only, balloon dilation, ...), the duct,
   the stones, sphincterotomy, stents, and look-alikes that set nothing (history, plan,
   negation, ESWL, a technique named only in the procedure list). Labels and hard-case
   kinds are *derived from the facts by code* (``labels_from_facts``,
   ``hard_cases_from_facts``); the text never decides a label.
2. **Realisation** (``render.py``, ``phrases.py``): each fact becomes a sentence drawn
   from a table of templates, filled with device names, sizes and counts. Key-fact
   tables are partitioned into ``N_FAMILIES`` template families; a note uses only its
   own family's templates, and records the ids of the templates it used.
3. **Style** (``styles.py``): the sections are laid out and rewritten in one of fourteen
   documentation styles (structured report, dictated narrative, terse, British, teaching,
   checkbox, telegraphic, messy dictation, discharge-summary-like, Indian-English,
   Australian, post-ERCP progress / SOAP note, brief operative or very short note, and a
   one-to-three-line hand-off of today's ERCP).
   Non-ERCP notes that share the vocabulary come from ``nonercp.py``, among them
   peri-ERCP notes (clinic letters, follow-up notes, pre-procedure notes, referrals,
   discharge summaries of a later admission) that recap a past ERCP and plan the next.

Families 0-6 are the training split, 7 the dev split and 8-9 the test split, so the test
notes express the key facts with sentences the training notes never contain.

Every note has its own ``random.Random`` seeded from (seed, index): the corpus is a pure
function of ``n`` and ``seed``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from ercp_nlp.labels import ID_COL, LABEL_COLUMNS, TEXT_COL

from . import render, styles
from .facts import SHORT_NON_ERCP_TYPES, hard_cases_from_facts, labels_from_facts, sample_ercp, sample_non_ercp
from .nonercp import render_non_ercp
from .phrases import N_FAMILIES, SHARED

SPLIT_OF_FAMILY = {**{f: "train" for f in range(7)}, 7: "dev", 8: "test", 9: "test"}
SPLITS = ("train", "dev", "test")
ERCP_STYLES = render.STYLES
NON_ERCP_STYLE = "non_ercp"
NON_ERCP_SHARE = 0.18
MIN_WORDS, MAX_WORDS = 10, 1500
# (min, max) words of the short styles; every other note has 60 to MAX_WORDS words.
WORD_RANGE = {"brief": (30, MAX_WORDS), "handoff": (MIN_WORDS, 45)}
SHORT_NON_ERCP_WORDS = (MIN_WORDS, 45)  # the short non-ERCP notes (facts.SHORT_NON_ERCP_TYPES)
STEPS_IN_BODY = {"checkbox", "progress", "brief", "handoff"}  # styles without an impression of their own
COLUMNS = (ID_COL, TEXT_COL, *LABEL_COLUMNS, "style", "family", "hard_cases", "split", "n_words",
           "facts", "template_ids")

# How much noise and history each style carries (noise factor, (min, max) history items).
STYLE_SIZE = {
    "structured": (1.0, (0, 4)), "narrative": (1.0, (1, 8)), "terse": (0.3, (0, 2)),
    "british": (0.8, (0, 5)), "teaching": (1.2, (5, 30)), "checkbox": (0.4, (0, 2)),
    "telegraphic": (0.5, (0, 2)), "messy": (0.9, (0, 6)), "discharge": (0.8, (2, 12)),
    "indian": (0.5, (0, 3)), "australian": (0.8, (0, 5)), "progress": (0.0, (0, 1)), "brief": (0.0, (0, 0)),
    "handoff": (0.0, (0, 0)),
}


def n_words(text: str) -> int:
    return len(text.split())


def make_note(index: int, seed: int) -> dict:
    """The ``index``-th note of the corpus made with ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    family = rng.randrange(N_FAMILIES)
    if rng.random() < NON_ERCP_SHARE:
        f, style = sample_non_ercp(rng), NON_ERCP_STYLE
    else:
        style = rng.choice(ERCP_STYLES)
        # short notes are often stent exchanges with the stones deliberately left
        f = sample_ercp(rng, "stent_exchange" if style == "brief" and rng.random() < 0.3 else None)
        if style == "handoff":  # a 1-3 line note names at most one negated or past technique, no procedure list
            f["negated"], f["historical"], f["procedure_list_extra"] = f["negated"][:1], f["historical"][:1], []
            f["planned"] = [t for t in f["planned"] if t not in f["negated"]]  # not "no BML needed ... plan BML"
        if style in STEPS_IN_BODY:  # a checked box or a short note documents the technique in the body
            for s in f["steps"]:
                s["where"] = "body"
    min_words, max_words = WORD_RANGE.get(style, (60, MAX_WORDS))
    if f["kind"] != "ercp" and f["nonercp_type"] in SHORT_NON_ERCP_TYPES:
        min_words, max_words = SHORT_NON_ERCP_WORDS
    for attempt in range(20):
        if f["kind"] == "ercp":
            slots = render.make_slots(f, rng)
        else:  # a peri-ERCP note speaks of the stones of the ERCP it recaps
            slots = render.make_slots(f["past"], rng) if f.get("past") else {}
        w = render.Writer(rng, family, style, slots)
        if f["kind"] != "ercp":
            text = render_non_ercp(f, rng, w)
        else:
            noise, (lo, hi) = STYLE_SIZE[style]
            # long histories sometimes, so lengths cover the whole range
            if style in ("teaching", "discharge", "narrative", "messy") and rng.random() < 0.25:
                lo, hi = 13, 40  # a long irrelevant history: several hundred words
            if style == "teaching" and rng.random() < 0.2:
                lo, hi = 25, 40
            base = rng.choice(["narrative", "terse", "structured", "british"]) if style == "messy" else style
            text = styles.finish(styles.build(f, base, w, noise, rng.randint(lo, max(lo, hi - attempt))), style, rng)
        if min_words <= n_words(text) <= max_words:
            break
    else:  # pad a short note with neutral filler (never reached for long ones in practice)
        if max_words < 60:  # a hand-off style note: one more line of plan
            text = text + "\n" + rng.choice(SHARED["hf_plan_head"]) + " " + ", ".join(rng.sample(SHARED["hf_plan"], 3))
        else:
            text = text + " " + " ".join(rng.sample(SHARED["closing"], 4))
    labels = labels_from_facts(f)
    return {
        ID_COL: f"syn-{index + 1:06d}", TEXT_COL: text, **labels, "style": style, "family": family,
        "hard_cases": hard_cases_from_facts(f), "split": SPLIT_OF_FAMILY[family], "n_words": n_words(text),
        "facts": f, "template_ids": sorted(set(w.used)),
    }


def generate(n: int = 6000, seed: int = 20261125) -> list:
    return [make_note(i, seed) for i in range(n)]


def write_corpus(out: str | Path, n: int = 6000, seed: int = 20261125) -> dict:
    """Write train/dev/test JSONL files under ``out``; returns the row count per split."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = generate(n, seed)
    counts = {}
    for split in SPLITS:
        part = [r for r in rows if r["split"] == split]
        counts[split] = len(part)
        with open(out / f"{split}.jsonl", "w", encoding="utf-8") as fh:
            for r in part:
                fh.write(json.dumps({c: r[c] for c in COLUMNS}, ensure_ascii=False) + "\n")
    return counts
