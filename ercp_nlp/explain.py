"""`explain`: what the pipeline saw in one note — sections and mentions, with the rule for each."""

from __future__ import annotations

from spacy.attrs import ORTH, SPACY
from spacy.language import Language

from .pipeline import (
    MENTION_GROUP,
    SECTION_GROUP,
    clean,
    load_pipeline,
    sentence_of,
    sentence_starts,
)


def mention_rows(doc, text: str | None = None) -> list[dict]:
    """Every mention as a plain dict with character offsets into the note (the evidence format).

    `text`: the note as given, when the Doc was made from its `clean` copy (same length): the
    mention and sentence texts are then cut from it."""
    rows = []
    mentions = sorted(doc.spans.get(MENTION_GROUP, []), key=lambda s: (s.start, s.label_))
    if not mentions:
        return rows
    starts = sentence_starts(doc)
    sentences: dict[int, str] = {}  # sentence start: its text
    # Texts from (ORTH, SPACY) ids, as lists only for the sentences that hold a mention: a span's
    # `.text` would make a Token per token.
    words = doc.to_array([ORTH, SPACY])
    strings = doc.vocab.strings
    for span in mentions:
        sent_start, sent_end = sentence_of(starts, span.start, len(doc))
        if sent_start not in sentences:
            sentences[sent_start] = "".join(strings[o] + " " * s for o, s in words[sent_start:sent_end].tolist()).strip()
        start, end = span.start_char, span.end_char
        ext = span._  # each `span._` makes a new accessor object
        rows.append(
            {
                "label": span.label_,
                "text": "".join(strings[o] + " " * s for o, s in words[span.start:span.end].tolist())[: end - start],
                "start": start,
                "end": end,
                "sentence": sentences[sent_start] if text is None else _cut(doc, text, sent_start, sent_end),
                "section": ext.ercp_section,
                "assertion": ext.ercp_assertion,
                "rule": ext.ercp_rule,
                "cue": ext.ercp_cue,
                "purpose": ext.ercp_purpose,
                "domain": ext.ercp_domain,
            }
        )
    if text is not None:
        for row in rows:
            row["text"] = text[row["start"]:row["end"]]
    return rows


def _cut(doc, text: str, start: int, end: int) -> str:
    """The text of tokens start..end (a sentence) in `text`, a same-length copy of the Doc's text,
    without the space tokens at either end (blanked markup in the copy)."""
    while end - 1 > start and doc[end - 1].is_space:
        end -= 1
    while start < end - 1 and doc[start].is_space:
        start += 1
    return text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])].strip()


def explain(text: str, *, nlp: Language | None = None) -> dict:
    """Sections and mentions of one note."""
    doc = (nlp or load_pipeline())(clean(text))
    sections = [
        {"section": s.label_, "start": s.start_char, "end": s.end_char, "header": s[: min(len(s), 6)].text}
        for s in doc.spans.get(SECTION_GROUP, [])
    ]
    return {"sections": sections, "mentions": mention_rows(doc, text if doc.text != text else None)}


def format_explanation(result: dict) -> str:
    lines = ["SECTIONS"]
    for s in result["sections"] or [{"section": "(none found)", "start": 0, "end": 0, "header": ""}]:
        lines.append(f"  {s['section']:<14} chars {s['start']}-{s['end']}")
    lines.append("MENTIONS")
    for m in result["mentions"]:
        extra = f" purpose={m['purpose']}" if m["purpose"] else ""
        extra += f" domain={m['domain']}" if m["domain"] else ""
        lines.append(
            f"  {m['label']:<28} {m['assertion']:<16} section={m['section'] or '-':<12} "
            f"rule={m['rule']} cue={m['cue'] or '-'}{extra}"
        )
        lines.append(f"      {m['text']!r} in: {m['sentence'][:160]!r}")
    return "\n".join(lines)
