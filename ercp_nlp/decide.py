"""Probabilities + mentions -> the output row: tags with evidence, stones, codes, review flags."""

from __future__ import annotations

from .features import names_no_duct
from .labels import (
    CPT_CHOLANGIOSCOPY,
    CPT_DESTRUCTION,
    CPT_REMOVAL,
    CPT_SPHINCTEROPLASTY,
    CPT_SPHINCTEROTOMY,
    CPT_STENT,
    LITHOTRIPSY,
    NOT_ERCP,
    TECHNIQUES,
)

ACTIVE = ("performed", "attempted_failed")
# What shows a stone was there to be removed (a fragmentation counts, even a failed one).
STONE_SEEN = {"stone", "stone_not_removed", "stone_fragmented", "mechanical_lithotripsy",
              "electrohydraulic_lithotripsy", "laser_lithotripsy"}
STONE_WORK = {*TECHNIQUES, "sweep", "stone_removed", "stone_not_removed", "stone_fragmented"}
# Mentions that can support each technique tag (a sweep is a balloon's action).
SUPPORT = {label: (label,) for label in TECHNIQUES}
SUPPORT["balloon"] = ("balloon", "sweep")
EVIDENCE_KEYS = ("text", "start", "end", "sentence", "section", "assertion")
RELATED = {  # mention label -> (code, what it means)
    "balloon_dilation": (CPT_SPHINCTEROPLASTY, "balloon dilation / sphincteroplasty"),
    "cholangioscopy": (CPT_CHOLANGIOSCOPY, "cholangioscopy"),
    "sphincterotomy": (CPT_SPHINCTEROTOMY, "sphincterotomy"),
    "stent_placement": (CPT_STENT, "stent placement"),
}
DEFAULT_POLICY = {"threshold": 0.5, "min_margin": 0.3, "min_stone_prob": 0.7}


def evidence(m: dict) -> dict:
    return {k: m[k] for k in EVIDENCE_KEYS}


def technique_evidence(label: str, mentions: list[dict]) -> list[dict]:
    """Active mentions first; if there are none, the others, so a coder sees why it is 0."""
    found = [m for m in mentions if m["label"] in SUPPORT[label]]
    active = [m for m in found if m["assertion"] in ACTIVE and m["section"] != "procedure"]
    return [evidence(m) for m in (active or found)]


def stone_evidence(value: str | None, mentions: list[dict]) -> list[dict]:
    wanted = {
        "removed": ("stone_removed",),
        "not_removed": ("stone_not_removed", "stone_fragmented", "stone"),
        "none_found": ("stone", "stone_absent"),
    }.get(value, ())
    return [evidence(m) for m in mentions if m["label"] in wanted][:5]


def codes(tags: dict[str, bool], stones: str | None, mentions: list[dict]) -> tuple[list, list, list]:
    """Suggested CPT codes with a reason each, and flags for related procedures."""
    cpt, reasons, flags = [], [], []
    if stones == NOT_ERCP:
        flags.append("not an ERCP procedure report")
        return cpt, reasons, flags
    litho = [label for label in LITHOTRIPSY if tags[label]]
    removal = [label for label in ("balloon", "basket") if tags[label]]
    if litho:
        cpt.append(CPT_DESTRUCTION)
        reasons.append(f"{CPT_DESTRUCTION}: stone destruction by {', '.join(litho)}"
                       + (f"; not {CPT_REMOVAL} for the same stones" if removal else ""))
    elif removal and stones == "removed":
        cpt.append(CPT_REMOVAL)
        reasons.append(f"{CPT_REMOVAL}: stones or debris removed with {', '.join(removal)}")
    elif removal:
        why = "no stone or debris found" if stones == "none_found" else "stones were not removed"
        reasons.append(f"no stone code: {', '.join(removal)} used but {why}")
    elif stones == "removed":
        reasons.append("no stone code suggested: stones removed without a named device; coder to decide")
    for label, (code, meaning) in RELATED.items():
        if any(m["label"] == label and m["assertion"] in ACTIVE and m["section"] != "procedure" for m in mentions):
            flags.append(f"{code}: {meaning} documented")
    return cpt, reasons, flags


def decide(record: dict, probs: dict[str, float], stone_probs: dict[str, float], policy: dict | None = None) -> dict:
    """One output row's decision fields from a note's record and the model's probabilities."""
    policy = {**DEFAULT_POLICY, **(policy or {})}
    mentions = record["mentions"]
    techniques, review = {}, []
    tags = {}
    for label in TECHNIQUES:
        p = float(probs[label])
        tagged = p >= policy["threshold"]
        tags[label] = tagged
        ev = technique_evidence(label, mentions)
        has_active = any(e["assertion"] in ACTIVE for e in ev)
        techniques[label] = {"tagged": tagged, "probability": round(p, 4), "evidence": ev}
        if abs(p - policy["threshold"]) < policy["min_margin"] / 2:
            review.append(f"{label}: uncertain (probability {p:.2f})")
        if tagged and not has_active:
            review.append(f"{label}: tagged without performed evidence")
        elif not tagged and has_active and any(e["section"] not in ("plan", "history", "indication") for e in ev):
            review.append(f"{label}: performed evidence but not tagged")
    best = max(stone_probs, key=stone_probs.get)
    seen = {m["label"] for m in mentions if m["assertion"] in ("performed", "attempted_failed", "uncertain")}
    failed = {m["label"] for m in mentions if m["assertion"] == "attempted_failed"}
    if best == "not_removed" and not (seen & STONE_SEEN or failed & set(TECHNIQUES)):
        best = max((c for c in stone_probs if c not in ("not_removed", NOT_ERCP)), key=stone_probs.get)
        review.append("stones: not removed, but no stone, fragmentation or failed attempt is named")
    removal = any(m["label"] == "stone_removed" and m["assertion"] == "performed"
                  and m["section"] not in ("plan", "history", "indication") for m in mentions)
    if best == "not_removed" and removal and stone_probs["removed"] >= stone_probs["not_removed"] - 0.1:
        best = "removed"  # some stone came out: partly removed is removed
        review.append("stones: removal documented; removed and not removed nearly tied")
    if best == NOT_ERCP and any(tags.values()):
        best = max((c for c in stone_probs if c != NOT_ERCP), key=stone_probs.get)
        review.append("stones: a technique is tagged but the note does not read as an ERCP report")
    value = None if best == NOT_ERCP else best
    cpt, reasons, flags = codes(tags, best, mentions)
    if stone_probs[best] < policy["min_stone_prob"]:
        review.append(f"stones: uncertain ({best} {stone_probs[best]:.2f})")
    outcome_labels = {m["label"] for m in mentions if m["assertion"] == "performed"}
    if value == "none_found" and "stone_removed" in outcome_labels and "stone" in outcome_labels:
        review.append("stones: removal cues conflict with none_found")
    if value == "removed" and not ({"stone_removed"} & outcome_labels):
        review.append("stones: removed without a removal cue")
    if value is None and names_no_duct(record) and outcome_labels & STONE_WORK:
        review.append("stones: stone or device work described, but no ERCP, duct or papilla named")
    return {
        "techniques": techniques,
        "stones": {"value": value, "probability": round(float(stone_probs[best]), 4),
                   "evidence": stone_evidence(value, mentions)},
        "suggested_cpt": cpt,
        "cpt_reasons": reasons,
        "flags": flags,
        "needs_review": bool(review),
        "review_reasons": review,
    }
