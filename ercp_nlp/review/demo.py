"""A handful of short, fictional ERCP notes and hand-written tag output rows for them.

They let a person try the review app (`python -m ercp_nlp.review demo`) and the tests run it
without the tagger. No real patient text: every note here was written for this file.
Offsets are computed from the phrases, so they always point at the right characters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ercp_nlp.labels import SECTIONS, TECHNIQUES

MODEL = {"name": "demo-tagger", "version": "0.0-demo"}

# note id -> text
NOTES: dict[str, str] = {
    "demo-001": (
        "INDICATION: Choledocholithiasis on MRCP.\n"
        "FINDINGS: The common bile duct was dilated to 11 mm with two filling defects. "
        "A biliary sphincterotomy was performed. "
        "The duct was swept with a 12 mm extraction balloon and two stones were removed.\n"
        "IMPRESSION: Choledocholithiasis, cleared with balloon sweeps.\n"
        "PLAN: Cholecystectomy this admission."
    ),
    "demo-002": (
        "INDICATION: Large common bile duct stone.\n"
        "FINDINGS: A 16 mm stone was seen in the mid duct. "
        "The stone was captured in a Trapezoid basket but could not be withdrawn. "
        "Mechanical lithotripsy was performed and the fragments were removed with the basket. "
        "An occlusion cholangiogram showed no residual filling defect.\n"
        "IMPRESSION: Large stone crushed and cleared.\n"
        "PLAN: No EHL needed; repeat ERCP only if symptoms recur."
    ),
    "demo-003": (
        "HISTORY: Prior ERCP with failed basket extraction of an impacted stone.\n"
        "FINDINGS: Cholangioscopy with SpyGlass showed an impacted 20 mm stone. "
        "Electrohydraulic lithotripsy fragmented the stone. "
        "Laser lithotripsy was not required. "
        "Fragments were cleared with balloon sweeps.\n"
        "IMPRESSION: Difficult stone treated with EHL, duct cleared."
    ),
    "demo-004": (
        "INDICATION: Suspected choledocholithiasis, stone seen on ultrasound last week.\n"
        "FINDINGS: The cholangiogram was normal. "
        "A balloon sweep of the bile duct yielded no stones or sludge.\n"
        "IMPRESSION: No choledocholithiasis; the stone has likely passed."
    ),
    "demo-005": (
        "INDICATION: Biliary stricture and stones.\n"
        "FINDINGS: Balloon dilation of the distal stricture to 10 mm was performed. "
        "Several small stones were extracted with a Dormia basket. "
        "A plastic stent was placed.\n"
        "PLAN: Return in 8 weeks for cholangioscopy and laser lithotripsy of residual stones."
    ),
    "demo-006": "FINDINGS: Procedure note truncated in the source system.",
}

# A note a hostile user might plant: the app must show it as text and never run it.
HOSTILE_ID = "demo-hostile"
HOSTILE_TEXT = (
    "FINDINGS: <script>window.__pwned = 1; alert('x')</script> The duct was swept with a balloon "
    '<img src=x onerror="window.__pwned = 2"> and a stone & sludge were removed. '
    '<b>bold</b> </textarea><a href="javascript:alert(1)">link</a>'
)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): split at ". " and newlines, a header left out."""
    for m in re.finditer(r"(?:^[A-Z]+: )?([^\n]+?(?:\.(?= |$)|$))", text, flags=re.M):
        if m.start(1) <= start < m.end(1) + 1:
            return m.start(1), max(m.end(1), end)
    return start, end


def _section(text: str, start: int) -> str | None:
    heads = [(m.start(), m.group(1).lower()) for m in re.finditer(r"(?m)^([A-Z]+):", text)]
    names = [name for pos, name in heads if pos <= start]
    if not names:
        return None
    return names[-1] if names[-1] in SECTIONS else "other"


def span(
    text: str, phrase: str, label: str | None = None, assertion: str = "performed", nth: int = 0
) -> dict[str, Any]:
    """Evidence (or a mention, with a label) for the `nth` occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(phrase, start + 1)
    if start < 0:
        raise ValueError(f"{phrase!r} is not in the note")
    end = start + len(phrase)
    s0, s1 = _sentence(text, start, end)
    out: dict[str, Any] = {
        "text": phrase,
        "start": start,
        "end": end,
        "sentence": text[s0:s1].strip(),
        "section": _section(text, start),
        "assertion": assertion,
    }
    if label is not None:
        out = {"label": label, **out}
    return out


def make_row(
    note_id: str,
    text: str,
    *,
    mentions: list[dict[str, Any]],
    tagged: dict[str, float],
    probabilities: dict[str, float] | None = None,
    stones: str | None,
    stones_p: float | None,
    cpt: list[str],
    cpt_reasons: list[str],
    needs_review: bool = False,
    review_reasons: list[str] | None = None,
    flags: list[str] | None = None,
    status: str = "ok",
    error: str | None = None,
) -> dict[str, Any]:
    """A tag output row (per the contract) from hand-picked tags; evidence: the label's mentions."""
    probabilities = probabilities or {}
    techniques = {}
    for t in TECHNIQUES:
        p = tagged.get(t, probabilities.get(t, 0.03))
        evidence = [
            {k: v for k, v in m.items() if k != "label"} for m in mentions if m["label"] == t
        ]
        techniques[t] = {"tagged": t in tagged, "probability": p, "evidence": evidence}
    stone_evidence = [
        {k: v for k, v in m.items() if k != "label"}
        for m in mentions
        if m["label"].startswith("stone_")
    ]
    return {
        "note_id": note_id,
        "status": status,
        "error": error,
        "techniques": techniques,
        "stones": {"value": stones, "probability": stones_p, "evidence": stone_evidence},
        "mentions": mentions,
        "suggested_cpt": cpt,
        "cpt_reasons": cpt_reasons,
        "flags": flags or [],
        "needs_review": needs_review,
        "review_reasons": review_reasons or [],
        "model": dict(MODEL),
    }


def demo_rows(*, hostile: bool = False) -> list[dict[str, Any]]:
    """Tag output rows for NOTES (and the hostile note when asked). No `text` field: use NOTES."""
    n = NOTES
    rows = [
        make_row(
            "demo-001",
            n["demo-001"],
            mentions=[
                span(n["demo-001"], "biliary sphincterotomy", "sphincterotomy"),
                span(n["demo-001"], "swept with a 12 mm extraction balloon", "balloon"),
                span(n["demo-001"], "two stones were removed", "stone_removed"),
                span(n["demo-001"], "balloon sweeps", "balloon"),
            ],
            tagged={"balloon": 0.97},
            stones="removed",
            stones_p=0.95,
            cpt=["43262", "43264"],
            cpt_reasons=[
                "43262: biliary sphincterotomy performed",
                "43264: stones removed with a balloon",
            ],
        ),
        make_row(
            "demo-002",
            n["demo-002"],
            mentions=[
                span(n["demo-002"], "captured in a Trapezoid basket", "basket", "attempted_failed"),
                span(n["demo-002"], "Mechanical lithotripsy", "mechanical_lithotripsy"),
                span(n["demo-002"], "fragments were removed with the basket", "basket"),
                span(n["demo-002"], "occlusion cholangiogram", "occlusion_cholangiogram"),
                span(n["demo-002"], "EHL", "electrohydraulic_lithotripsy", "negated"),
            ],
            tagged={"basket": 0.91, "mechanical_lithotripsy": 0.58},
            probabilities={"balloon": 0.35},
            stones="removed",
            stones_p=0.88,
            cpt=["43265"],
            cpt_reasons=[
                "43265: stone destroyed by mechanical lithotripsy (reported alone with removal)"
            ],
            needs_review=True,
            review_reasons=["mechanical_lithotripsy probability near the threshold"],
            flags=["occlusion balloon without sweep: balloon not tagged"],
        ),
        make_row(
            "demo-003",
            n["demo-003"],
            mentions=[
                span(n["demo-003"], "failed basket extraction", "basket", "historical"),
                span(n["demo-003"], "Cholangioscopy with SpyGlass", "cholangioscopy"),
                span(n["demo-003"], "Electrohydraulic lithotripsy", "electrohydraulic_lithotripsy"),
                span(n["demo-003"], "Laser lithotripsy", "laser_lithotripsy", "negated"),
                span(n["demo-003"], "balloon sweeps", "balloon"),
                span(n["demo-003"], "Fragments were cleared", "stone_removed"),
            ],
            tagged={"electrohydraulic_lithotripsy": 0.93, "balloon": 0.86},
            probabilities={"basket": 0.22, "laser_lithotripsy": 0.12},
            stones="removed",
            stones_p=0.9,
            cpt=["43265", "43273"],
            cpt_reasons=["43265: stone destroyed by EHL", "43273: cholangioscopy performed"],
        ),
        make_row(
            "demo-004",
            n["demo-004"],
            mentions=[
                span(n["demo-004"], "balloon sweep", "balloon"),
                span(n["demo-004"], "no stones or sludge", "stone_absent"),
            ],
            tagged={"balloon": 0.81},
            stones="none_found",
            stones_p=0.84,
            cpt=[],
            cpt_reasons=["43264 not suggested: no calculi or debris found"],
        ),
        make_row(
            "demo-005",
            n["demo-005"],
            mentions=[
                span(n["demo-005"], "Balloon dilation", "balloon_dilation"),
                span(n["demo-005"], "extracted with a Dormia basket", "basket"),
                span(n["demo-005"], "plastic stent was placed", "stent_placement"),
                span(n["demo-005"], "cholangioscopy", "cholangioscopy", "planned"),
                span(n["demo-005"], "laser lithotripsy", "laser_lithotripsy", "planned"),
            ],
            tagged={"basket": 0.89},
            probabilities={"balloon": 0.44, "laser_lithotripsy": 0.31},
            stones="removed",
            stones_p=0.74,
            cpt=["43264", "43277", "43274"],
            cpt_reasons=[
                "43264: stones extracted with a basket",
                "43277: balloon dilation of a stricture",
                "43274: stent placed",
            ],
            needs_review=True,
            review_reasons=["balloon dilation near a stone extraction"],
        ),
        make_row(
            "demo-006",
            n["demo-006"],
            mentions=[],
            tagged={},
            probabilities={t: None for t in TECHNIQUES},
            stones=None,
            stones_p=None,
            cpt=[],
            cpt_reasons=[],
            needs_review=True,
            review_reasons=["tagging failed"],
            status="error",
            error="note too short to tag",
        ),
    ]
    if hostile:
        rows.append(
            make_row(
                HOSTILE_ID,
                HOSTILE_TEXT,
                mentions=[
                    span(HOSTILE_TEXT, "swept with a balloon", "balloon"),
                    span(HOSTILE_TEXT, "<b>bold</b>", "stone"),
                ],
                tagged={"balloon": 0.66},
                stones="removed",
                stones_p=0.6,
                cpt=["43264"],
                cpt_reasons=["43264: <i>removed</i> with a balloon"],
                flags=["<script>flag()</script>"],
            )
        )
    return rows


def notes_table(*, hostile: bool = False) -> list[dict[str, str]]:
    """The notes as rows with note_id and text (what `ercp-nlp tag` reads)."""
    table = [{"note_id": k, "text": v} for k, v in NOTES.items()]
    if hostile:
        table.append({"note_id": HOSTILE_ID, "text": HOSTILE_TEXT})
    return table


def write_demo(folder: str | Path, *, hostile: bool = False) -> tuple[Path, Path]:
    """Write demo `tagged.jsonl` and `notes.jsonl` into `folder`; returns both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tagged, notes = folder / "tagged.jsonl", folder / "notes.jsonl"
    tagged.write_text(
        "".join(json.dumps(r) + "\n" for r in demo_rows(hostile=hostile)), encoding="utf8"
    )
    notes.write_text(
        "".join(json.dumps(r) + "\n" for r in notes_table(hostile=hostile)), encoding="utf8"
    )
    return tagged, notes
