"""From a processed note to model features.

`analyse(doc)` turns a spaCy Doc into a small, picklable record (mentions with offsets,
assertion, section; context counts; the sentences that hold mentions), and `mention_features`
turns a record into the feature dict the classifier reads. No scikit-learn here: tagging imports
this module, and the transformers that wrap it for a scikit-learn Pipeline are in `transformers`.
"""

from __future__ import annotations

import math
from collections import Counter

from .explain import mention_rows
from .pipeline import CUE_GROUP, TITLE_TOKENS, clean

SECTION_GROUPS = {
    "procedure": "list",
    "impression": "impression",
    "plan": "plan",
    "consent": "plan",
    "history": "history",
    "indication": "history",
    "complications": "body",
    "addendum": "addendum",  # written after the report: it adds to or corrects what the body says
    "findings": "body",
    "technique": "body",
    "other": "body",
    None: "body",
}
ACTIVE = ("performed", "attempted_failed")
CTX_CAP = 5  # biliary words past this many say nothing more
DEVICES = {"balloon", "basket", "mechanical_lithotripsy", "electrohydraulic_lithotripsy", "laser_lithotripsy",
           "lithotripsy", "sweep", "cholangioscopy"}
PARTNERS = {"stone_removed", "stone_not_removed", "stone_absent", "stone_fragmented", "stone",
            "occlusion_cholangiogram", "balloon_dilation", "stent_placement"}


def cue_counts(cues) -> dict[str, int]:
    """Counts of the note-level cue spans the features use (domain words, encounter words)."""
    labels = Counter(c.label_ for c in cues)
    encounter = ("encounter", "document")  # a document's title is an encounter word too
    return {
        "biliary": labels["domain_biliary"],
        "other": labels["domain_other"],
        "encounter": labels["encounter"] + labels["document"],
        "encounter_head": sum(1 for c in cues if c.label_ in encounter and c.start < TITLE_TOKENS),
    }


def names_no_duct(record: dict) -> bool:
    """True for a note without one word of bile-duct or pancreatic anatomy or of ERCP itself
    (`domain_biliary` cues): it cannot be an ERCP report."""
    return record["biliary"] == 0


def analyse(doc, text: str | None = None, cleaned: str | None = None) -> dict:
    """The record the classifier and the decision rules need from one processed note.

    `text`: the note as given, when the Doc was made from its `clean` copy; the evidence text the
    classifier reads stays the clean one, the mentions' texts and sentences are the note's own."""
    mentions = mention_rows(doc)
    sentences = []
    seen = set()
    for m in mentions:
        if m["sentence"] not in seen:
            seen.add(m["sentence"])
            sentences.append(m["sentence"])
    if text is not None and text != (doc.text if cleaned is None else cleaned):  # `cleaned`: doc.text, known already
        mentions = mention_rows(doc, text)
    return {
        "mentions": mentions,
        **cue_counts(doc.spans.get(CUE_GROUP, [])),
        "evidence_text": "\n".join(sentences),
    }


def analyse_texts(nlp, texts: list[str], cleaned: list[str] | None = None) -> list[dict]:
    """Records for notes, each read by the pipeline in its `clean` copy (`cleaned`, if made already)."""
    cleaned = [clean(t) for t in texts] if cleaned is None else cleaned
    return [analyse(doc, text, clean_text)
            for doc, text, clean_text in zip(nlp.pipe(cleaned, batch_size=64), texts, cleaned, strict=True)]


def sentence_pairs(mentions: list[dict]) -> Counter:
    """What each active device or step shares its sentence with: an outcome ("swept, 3 stones
    delivered"), an occlusion cholangiogram or a dilation ("balloon inflated for an occlusion
    cholangiogram"). Counts of `label|with|other:assertion`."""
    by_sentence: dict[str, list[dict]] = {}
    for m in mentions:
        by_sentence.setdefault(m["sentence"], []).append(m)
    pairs: Counter = Counter()
    for group in by_sentence.values():
        partners = {f"{o['label']}:{o['assertion']}" for o in group if o["label"] in PARTNERS}
        for m in group:
            if m["label"] in DEVICES and m["assertion"] in ACTIVE:
                pairs.update(f"{m['label']}|with|{p}" for p in partners)
    return pairs


def mention_features(record: dict) -> dict[str, float]:
    """Counts of mentions by label x assertion x section group (and purpose/domain), log-scaled,
    and for each label whether any mention of it is performed or attempted outside a procedure list."""
    counts: Counter = Counter()
    for m in record["mentions"]:
        label, assertion = m["label"], m["assertion"]
        where = SECTION_GROUPS.get(m["section"], "body")
        counts[f"{label}|{assertion}"] += 1
        counts[f"{label}|{assertion}|{where}"] += 1
        active = assertion in ACTIVE
        if active:
            counts[f"{label}|active"] += 1
            counts[f"{label}|active|{where}"] += 1
            if m["domain"]:
                counts[f"{label}|active|domain_{m['domain']}"] += 1
            if m["purpose"]:
                counts[f"{label}|active|purpose_{m['purpose']}"] += 1
    counts.update(sentence_pairs(record["mentions"]))
    feats = {k: math.log1p(v) for k, v in counts.items()}
    for m in record["mentions"]:
        if m["assertion"] in ACTIVE and m["section"] != "procedure":
            feats[f"{m['label']}|evidence"] = 1.0
    biliary, other = record["biliary"], record["other"]
    feats["ctx_biliary"] = math.log1p(min(biliary, CTX_CAP))  # capped: a long note is no less an ERCP report
    feats["ctx_other"] = math.log1p(other)
    feats["ctx_other_share"] = other / (biliary + other) if biliary + other else 0.0
    feats["ctx_no_biliary"] = float(biliary == 0)
    feats["ctx_encounter"] = math.log1p(record.get("encounter", 0))
    feats["ctx_encounter_head"] = float(record.get("encounter_head", 0) > 0)
    return feats
