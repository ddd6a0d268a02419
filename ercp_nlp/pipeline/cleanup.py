"""Export debris wiped from a note before the pipeline reads it, without moving a character.

Notes exported from other systems carry markup (HTML tags and entities, RTF control words, line
breaks escaped as a literal backslash-n, text struck out in an editor) and scanned ones OCR's
digit-for-letter slips ("ba1loon", "1ithotripsy", "0ccluded"). `clean` replaces each of these
with text of the same length, so every character offset the pipeline finds is an offset into
the note as given, and the evidence shown to a coder can be cut from the original.
"""

from __future__ import annotations

import re
import string

# Tags that end a line of text where they stand; any other tag is blanked.
_BREAK_TAGS = {"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]{0,200})?/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&#39;": "'"}
_ESCAPED_BREAK = re.compile(r"\\[nr](?![a-z])")  # "\n" written out by an export, not RTF's "\nosupersub"
_RTF = re.compile(r"\\(?:[a-z]{1,32}-?[0-9]{0,10} ?|'[0-9a-f]{2})")
_RTF_BREAKS = ("\\par", "\\line")
# OCR's 1-for-l and 0-for-o in a word of at least three lower-case letters: between letters
# ("ba11oon", "st0ne"), a 1 after five letters at the end ("mechanica1") or one digit before
# three at the start ("1ithotripsy"). Counts, sizes and days ("x10", "10mm", "pod0", "day1") stay.
_OCR = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]+[01]+[A-Za-z][A-Za-z01]*|[A-Za-z]{5,}1|[01][a-z]{3,}[A-Za-z01]*)(?![A-Za-z0-9])")
_SHAPE = str.maketrans(dict.fromkeys(string.ascii_letters, "a") | {"1": "0"})
# Text an editor struck out and left in the export is not the report: markdown "~~...~~" (not a
# "~~ banner ~~", with spaces inside its marks), CriticMarkup deletions "{--...--}" and the old
# side of "{~~old~>new~~}", and HTML <del>, <s>, <strike>. It is blanked, and so are CriticMarkup's
# own marks around what was inserted or kept.
_STRUCK = re.compile(r"~~(?=\S)[^~\n]{0,400}\S~~|\{--.{0,600}?--\}|\{~~.{0,400}?~>"
                     r"|<(del|s|strike)(?:\s[^<>]{0,200})?>.{0,600}?</\1\s*>", re.S | re.I)
_EDIT_MARKS = re.compile(r"\{\+\+|\+\+\}|~~\}")


def _blank(match: re.Match, first: str = "") -> str:
    return first + " " * (len(match.group()) - len(first))


def _tag(match: re.Match) -> str:
    return _blank(match, "\n" if match.group(1).lower() in _BREAK_TAGS else "")


def _entity(match: re.Match) -> str:
    return _blank(match, _ENTITIES.get(match.group(), ""))


def _rtf(match: re.Match) -> str:
    return _blank(match, "\n" if match.group().rstrip() in _RTF_BREAKS else "")


def _ocr(match: re.Match) -> str:
    word = match.group()
    if sum(c.islower() for c in word) < 3:
        return word
    return word.replace("1", "l").replace("0", "o")


def clean(text: str) -> str:
    """`text` with markup, struck-out text and OCR slips replaced by text of the same length."""
    if "~~" in text or "{--" in text or "<" in text:
        text = _STRUCK.sub(_blank, text)
        text = _EDIT_MARKS.sub(_blank, text)
    if "<" in text:
        text = _TAG.sub(_tag, text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "\\" in text:
        text = _ESCAPED_BREAK.sub(lambda m: "\n ", text)
        if "\\rtf" in text or "\\par" in text:  # control words only in what is RTF, not in a path
            text = _RTF.sub(_rtf, text)
    shape = text.translate(_SHAPE)  # a quick look for a letter next to a 0 or 1 before the slow pass
    if "a0" in shape or "0a" in shape:
        text = _OCR.sub(_ocr, text)
    return text
