"""The pipeline's components: sections, sentences, mentions and assertion.

Each is a plain class: `__init__` stores settings, `initialize`/`add_rules` brings the rules
(by default the JSONL files bundled in `resources/`), and `to_disk`/`from_disk` write and read
those rules in the component's own folder, so `nlp.to_disk(dir)` is the whole artefact.
"""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path
from typing import NamedTuple

import numpy
from spacy.attrs import IS_LOWER, IS_SPACE, LIKE_NUM, LOWER, ORTH, SENT_START, SHAPE, SPACY
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..labels import LITHOTRIPSY, TECHNIQUES
from .extensions import register_extensions
from .rules import check_rules, default_rules, read_jsonl, write_jsonl

SECTION_GROUP = "ercp_sections"
HEADER_GROUP = "ercp_headers"  # each section header's own words, up to and with its colon
MENTION_GROUP = "ercp_mentions"
CUE_GROUP = "ercp_cues"
SENT_END = {".", "!", "?", "…"}
COLONS = (":", ":-", "-:")
DASHES = ("-", "–", "—", "--")
LIST_MARKERS = {"-", "--", "*", "•", "·", "–", "—", "o", "☐", "☑", "☒", "✓", "✔", "□", "■", "▪", ">"}
FINDINGS = {"stone", "stone_absent"}
FORM_ANSWERS = {"[", "(", "☐", "☑", "☒", "□", "■", "✓", "✔", "y", "n", "yes", "no", "none", "nil", "n/a"}  # after "?"
SPOKEN_ENDS = {"period", "paragraph", "stop"}  # "period", "new paragraph", "full stop" when dictated
LINE_SECTIONS = {"indication", "procedure", "history", "consent"}
COORDINATORS = {"and", "or", "/", "&", ",", "the", "a", "an"}  # what may join two devices named together
ASSESSMENT = re.compile(r"assess|a\s*[/&]\s*p\b|impression")  # a plan heading that also assesses the day
# A sentence under such a heading that says "today", "was", "done" ... and no word of the future or
# of a condition tells what was done ("Assessment and plan: 1. The stone was crushed and cleared. 2. Lap chole.")
# a report of its own inside a letter or summary ("DISCHARGE LETTER ... PROCEDURE REPORT")
REPORT_HEADING = re.compile(r"(?i)\b(procedure|ercp|endoscopy|operative|operation)\s+report\b")
OWN_REPORT = re.compile(REPORT_HEADING.pattern + r"|\bendoscopy\s+(unit|department)\s+discharge\b")  # the unit's own, as a letter
SEQUENCE_WORDS = {"next", "then", "finally", "subsequently"}  # "Next, the fragments were cleared": not a heading
ACCOUNT_CUES = {"today", "was", "were", "done", "performed"}
FUTURE_WORDS = {"will", "should", "shall", "may", "might", "plan", "plans", "planned", "planning", "next", "repeat",
                "consider", "if", "return", "tomorrow", "later", "future", "again", "schedule", "scheduled", "book",
                "booked", "needs", "need", "recommend", "recommended", "discuss", "discussed", "after", "until", "once",
                "when", "weeks", "wks", "months", "session", "refer", "referral", "referred", "proceed",
                "proceeding", "needed", "possible", "possibly", "consent", "consented", "prn"}
STONE_WORDS = {"stone", "stone_removed", "stone_absent", "stone_not_removed", "stone_fragmented"}  # mention labels
# Words that tell what happened, which a list of procedure names does not
ACCOUNT_WORDS = {"was", "were", "fragmented", "crushed", "cleared",  # and the same in Spanish, Portuguese, French, Italian
                 "fragmentado", "fragmentada", "fragmentados", "fragmenté", "fragmentés", "frammentato", "frammentati",
                 "extraído", "extraídos", "extraido", "extraidos", "extraits", "estratti", "removidos", "retirados"}
TODAY = {"today", "today's", "todays"}
GRASP_WORDS = {"grab", "grabbed", "grasp", "grasped", "snare", "snared", "capture", "captured", "retrieve",
               "retrieved", "remove", "removed", "pull", "pulled", "engage", "engaged"}
TICKS = {"☒", "☑", "✓", "✔", "■", "▪", "⊠"}
BOX_OPENERS = {"[", "(", "☐", "□", "✘", "✗", "-", "*", "•"}
TICK_IDS = {get_string_id(t) for t in TICKS}
NO_IDS = {get_string_id(t) for t in ("n", "no", "na")}
FORM_OPTIONS = {"y", "n", "yes", "no", "na", "/", ":", "?"}  # the choices a form prints before its answer ("Y / N : N")
PIPE_ID = get_string_id("|")
BRACE_ID = get_string_id("{")
QUESTION_ID = get_string_id("?")
USED_NO = {"n", "no", "not used", "unused", "-", "✗", "✘"}  # a "Used" column's answer for a device left unused
BOX_REACH = 3  # a box written after its item reaches back over the item's name only ("Basket [ ]")
QUOTES = {'"', "“", "”", "„"}
COLUMN_MARKS = {"x", "✓", "✔", "☑", "☒", "■", "•", "*"}  # a table cell that only marks its column
# the devices an addendum can take back, by the label they are counted under (a sweep is a balloon's)
CORRECTABLE = {label: label for label in TECHNIQUES} | {"sweep": "balloon"}
CORRECTION_WORDS = {"correction", "corrected", "correct", "incorrect", "wrong", "error", "erroneous", "inaccurate",
                    "amended", "amendment", "retract", "retracted", "misread", "mistake", "incomplete", "disagree",
                    "disregard", "void", "revised"}
SWEEP_WORDS = {"sweep", "sweeps", "swept", "sweeping", "trawl", "trawls", "trawled", "trawling"}
# What an outcome word may be said of instead of stones ("the stent was removed").
DEVICE_SUBJECTS = {"balloon", "basket", "balloon_other", "occlusion_cholangiogram", "balloon_dilation",
                   "stent_placement", "stent_removal", "cholangioscopy"}
TITLE_TOKENS = 40  # a document title is within the first this many tokens
FIELD_LABEL_TOKENS = 5  # a form field's label ("Occlusion cholangiogram:") is at most this long
OUTCOME_FIELDS = {"extraction", "clearance", "outcome", "result", "results", "removal", "retrieval"}
# What ends a list item for a `"clause": true` context rule ("PMHx BML 2019, bal sweep today"); a
# `"clause": "strong"` rule crosses commas ("In 2018 an ERCP with sphincterotomy, basket and stent");
# a `"clause": "line"` rule stops at the end of its line ("[ ] Laser - holmium / thulium").
ARROWS = {"->", "-->", "=>", "→"}
ITEM_BREAKS = {";", "/", "+", "•", *ARROWS}
LIST_BREAKS = ITEM_BREAKS | {",", "comma"}  # "comma" dictated

BALLOON_USES = {"extraction": "balloon", "dilation": "balloon_dilation", "occlusion": "occlusion_cholangiogram"}
DECORATION = set("=*#[]<>-_~")  # what frames a banner line ("=== PRIOR ERCP ===", "[Copied text]")
BARE_LASER_RULE = "las-laser"  # the mention rule for the word "laser" alone
PHRASE_OPENERS = {"a", "an", "the", "this", "his", "her", "their", "with", "for", "by", "via", "into", "under"}
NOT_HEADER_BEFORE = {"the", "of", "my", "our", "this", "his", "her", "a", "an", "their", "and", "for",
                     "before", "after", "pre", "post", "under", "into", "via", "at"
                     } | QUOTES  # "post-operation:", 'the field "Result:" is wrong', "entered under accessories:"


ASIDE_TOKENS = 8  # the longest parenthetical a cue's scope steps over ("Laser (Ho:YAG) was not needed")
BOX_MARKS = {"", "x", "y", "n", "yes", "no", "✓", "✔", "*", "-"}  # what a form's "( )" box holds


def not_before(doc: Doc, lowers: list[str], end: int, words: list[str]) -> bool:
    """True when the next word after `end` is one of `words` ("#number": any number)."""
    nxt = min(next_non_space(doc, end), len(doc) - 1)
    return lowers[nxt] in words or ("#number" in words and doc[nxt].like_num)


def joins_heading(doc: Doc, i: int, ends: dict[int, int]) -> bool:
    """True when token `i` is "and", "&" or "/" and a heading phrase after it ends its line: a
    heading line of two ("Background and previous procedures")."""
    if i >= len(doc) - 1 or doc[i].lower_ not in ("and", "&", "/"):
        return False
    end = ends.get(next_non_space(doc, i + 1))
    return end is not None and (end >= len(doc) or "\n" in doc[end].text)


def within(doc: Doc, start: int, end: int, max_scope: int) -> bool:
    """True when tokens `start` to `end` number at most `max_scope`, not counting short asides in
    brackets between them: an abbreviation or setting in brackets ("(Ho:YAG)", "(EHL)") does not
    take a device out of a cue's reach. Asides count when another mention stands between, outside
    them ("Balloon (12 mm)  [ ] Basket  [ ] None"); a form's tick box ("( )", "(X)") is no aside."""
    if end - start <= max_scope:
        return True
    if not any(doc[i].text == "(" for i in range(start, end)):
        return False
    starts = {m.start for m in doc.spans.get(MENTION_GROUP, []) if start <= m.start < end}
    count, i = 0, start
    while i < end:
        if doc[i].text == "(":
            reach = range(i + 1, min(i + 2 + ASIDE_TOKENS, end))
            close = next((j for j in reach if doc[j].text in ("(", ")")), None)
            inside = doc[i + 1 : close].text.strip().lower() if close is not None else ""
            if close is not None and doc[close].text == ")" and inside not in BOX_MARKS:
                i = close + 1
                continue
        if i in starts:
            return False  # end - start > max_scope: counted in full
        count += 1
        if count > max_scope:
            return False
        i += 1
    return True


def aside_holds_subject(doc: Doc, start: int, end: int) -> bool:
    """True when a parenthesis opens between `start` and `end`, is still open at `end`, and holds
    a mention of its own before `end`: a cue inside such an aside is about that mention and does
    not reach back out of it ("balloon extraction (lithotripsy failed at session 1)"), while an
    aside on the mention itself still does ("Basket (not needed)")."""
    opened = []
    for i in range(start, end):
        if doc[i].text == "(":
            opened.append(i)
        elif doc[i].text == ")" and opened:
            opened.pop()
    if not opened:
        return False
    return any(opened[-1] < m.start < end for m in doc.spans.get(MENTION_GROUP, []))


def breaks_item(rule: dict, doc: Doc, start: int, end: int, forward: bool = False) -> bool:
    """True when a list-item rule's scope, tokens start to end, would cross the end of its item
    (looking `forward`, also a spaced dash after a negation, a failure or a doubt)."""
    clause = rule.get("clause")
    if not clause:
        return False
    if clause == "line":
        return any("\n" in doc[i].text for i in range(start, end))
    breaks = ITEM_BREAKS if clause == "strong" else LIST_BREAKS
    # "ERCP yesterday - basket": a dash may explain; "would not come with the balloon - removed with a basket"
    dash_ends = forward and rule["label"] in ("negated", "uncertain", "attempted_failed")
    return any(doc[i].text in breaks or (dash_ends and spaced_dash(doc, i)) for i in range(start, end))


def spaced_dash(doc: Doc, i: int) -> bool:
    """A dash with a space on each side, which ends a negation's, a failure's or a doubt's clause ("No
    lithotripsy was done - both stones came out whole"), unlike a hyphen ("9-12 mm")."""
    return doc[i].text in DASHES and doc[i].whitespace_ != "" and i > 0 and doc[i - 1].whitespace_ != ""


def _max_width(spec: dict) -> int | None:
    """The most tokens a Matcher token spec can take (None: no bound)."""
    op = spec.get("OP", "1")
    if op in ("1", "?", "!"):
        return 1
    if op in ("*", "+"):
        return None
    low, comma, high = op[1:-1].partition(",")  # {n}, {n,m}, {n,}, {,m}
    bound = high if comma else low
    return int(bound) if bound else None


class AnchoredMatcher:
    """A spaCy `Matcher` that runs only around the tokens where a match can be.

    A pattern of bounded length with a token that must match exactly once by LOWER, ORTH or SHAPE (one
    value or an IN list: an anchor) can only match within `before` tokens before such a token and
    `after` after it. For each doc, each pattern takes the anchor with the fewest hits, and the
    Matcher runs on the merged windows around them. Its predicates look at one token at a time, so
    it finds the same matches, in the same order, as on the whole doc, without stepping every
    pattern through every token (each IN list is a Python call per token there). A pattern without
    an anchor or a bound makes it run on the whole doc.
    """

    COLUMNS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "SHAPE": SHAPE}

    def __init__(self, vocab):
        self.matcher = Matcher(vocab)
        self.anchors: list[list[tuple[int, int]]] = []  # per pattern: its anchors' (before, after)
        self.lookup: dict[int, dict[int, list[int]]] = {ORTH: {}, LOWER: {}, SHAPE: {}}  # attr: value: anchors
        self.keys: dict[int, numpy.ndarray] = {}  # attr: its lookup's values as an array
        self.whole = False  # a pattern without an anchor: match the whole doc

    def __len__(self) -> int:
        return len(self.matcher)

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        self.matcher.add(key, patterns)
        for pattern in patterns:
            pattern = [{attr.upper(): value for attr, value in spec.items()} for spec in pattern]
            widths = [_max_width(spec) for spec in pattern]
            options = []
            for k, spec in enumerate(pattern):
                if None in widths or spec.get("OP", "1") != "1":
                    continue
                for attr, value in spec.items():
                    values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
                    if attr in self.COLUMNS and values:
                        anchor = sum(len(a) for a in self.anchors) + len(options)
                        options.append((sum(widths[:k]), sum(widths[k + 1 :])))
                        for v in values:
                            self.lookup[self.COLUMNS[attr]].setdefault(get_string_id(v), []).append(anchor)
                        break
            self.anchors.append(options)
            self.whole = self.whole or not options

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Disjoint token ranges of `doc` that hold every match, in order."""
        extents = [extent for options in self.anchors for extent in options]
        hits: list[list[int]] = [[] for _ in extents]
        for attr, lookup in self.lookup.items():
            if lookup:
                keys = self.keys.get(attr)
                if keys is None or len(keys) != len(lookup):
                    keys = self.keys[attr] = numpy.array(sorted(lookup), dtype="uint64")
                values = doc.to_array(attr)
                found = keys[numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)]
                where = numpy.flatnonzero(found == values)  # the tokens that are an anchor
                for i, value in zip(where.tolist(), values[where].tolist(), strict=True):
                    for anchor in lookup[value]:
                        hits[anchor].append(i)
        ranges, first = [], 0
        for options in self.anchors:
            anchor = min(range(first, first + len(options)), key=lambda a: len(hits[a]))
            before, after = extents[anchor]
            # + 2: the anchor itself and one token of lookahead past the longest match
            ranges += [(max(i - before, 0), min(i + after + 2, len(doc))) for i in hits[anchor]]
            first += len(options)
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(start, end) for start, end in merged]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if self.whole:
            return self.matcher(doc)
        return [(key, a + s, a + e) for a, b in self.windows(doc) for key, s, e in self.matcher(doc[a:b])]


class RuleComponent:
    """Shared plumbing: a rule list of one kind, matchers built from it, and serialization."""

    kind = ""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self.rules: list[dict] = []
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = AnchoredMatcher(nlp.vocab)
        self.by_key: dict[int, dict] = {}  # match key (the rule id's string hash): rule
        self.tails: dict[int, list] = {}  # match key: tests of the tokens after a phrase (see phrase_and_tail)
        register_extensions()

    def initialize(self, get_examples=None, *, nlp=None, rules: list[dict] | None = None):
        self.add_rules(default_rules(self.kind) if rules is None else rules)

    def add_rules(self, rules: list[dict]) -> None:
        rules = check_rules(self.rules + list(rules), self.kind, self.name)
        new = rules[len(self.rules) :]
        literals = [r for r in new if "literal" in r]
        patterns = self.nlp.tokenizer.pipe([r["literal"] for r in literals])
        for rule, pattern in zip(literals, patterns, strict=True):
            bare = [NO_APOSTROPHE if t.lower_ == APOSTROPHE else t.text for t in pattern]
            self.phrase_matcher.add(rule["id"], [pattern] + ([Doc(self.nlp.vocab, words=bare)] if NO_APOSTROPHE in bare else []))
        for rule in new:
            if "pattern" in rule:
                pattern = [apostrophe_free(spec) for spec in rule["pattern"]]
                split = phrase_and_tail(pattern)
                if split is None:
                    self.matcher.add(rule["id"], [pattern])
                else:  # the same matches, from the PhraseMatcher: no per-token predicate checks
                    phrases, tests = split
                    self.phrase_matcher.add(rule["id"], [Doc(self.nlp.vocab, words=words) for words in phrases])
                    if tests:
                        self.tails[get_string_id(rule["id"])] = tests
            self.by_key[get_string_id(rule["id"])] = rule
        self.rules = rules

    def match(self, doc: Doc) -> list[tuple[dict, int, int]]:
        """(rule, start, end) for every literal and pattern match in the doc."""
        found = []
        for key, start, end in self.phrase_matcher(doc):
            tests = self.tails.get(key)
            if tests:  # the pattern's last tokens, one test each
                if end + len(tests) > len(doc) or not all(test(doc[end + k]) for k, test in enumerate(tests)):
                    continue
                end += len(tests)
            found.append((key, start, end))
        if len(self.matcher):
            found += self.matcher(doc)
        return [(self.by_key[key], start, end) for key, start, end in found]

    def to_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_jsonl(self.rules, path / f"{self.kind}.jsonl")

    def from_disk(self, path, *, exclude=tuple()):
        self.rules = []
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.matcher = AnchoredMatcher(self.nlp.vocab)
        self.by_key = {}
        self.add_rules(read_jsonl(Path(path) / f"{self.kind}.jsonl", self.kind))
        return self


def longest(matches: list[tuple[dict, int, int]]) -> list[tuple[dict, int, int]]:
    """The (rule, start, end) matches that `spacy.util.filter_spans` would keep of their spans (of
    overlapping ones the longest, then the first), in order of start, without a Span per match
    (each Span reads two Tokens for its character offsets)."""
    ordered = sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
    taken: set[int] = set()
    kept = []
    for match in ordered:
        if match[1] not in taken and match[2] - 1 not in taken:
            kept.append(match)
            taken.update(range(match[1], match[2]))
    return sorted(kept, key=lambda m: m[1])


def sentence_starts(doc: Doc) -> list[int]:
    """The first token of each sentence, as `doc.sents` has them, read from one array."""
    flags = doc.to_array(SENT_START)
    return [0, *(numpy.flatnonzero(flags[1:] == 1) + 1).tolist()] if len(doc) else []


def sentence_of(starts: list[int], i: int, length: int) -> tuple[int, int]:
    """The (start, end) tokens of the sentence that holds token i, from `sentence_starts` of a doc
    of `length` tokens."""
    k = bisect.bisect_right(starts, i) - 1
    return starts[k], starts[k + 1] if k + 1 < len(starts) else length


def field_label_start(doc: Doc, sent_start: int) -> int:
    """Where the line begins when the sentence at `sent_start` is the value of a short "Field:"
    label on the same line ("Occlusion cholangiogram: performed with the extraction balloon");
    otherwise `sent_start`."""
    j = sent_start - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    if j < 0 or doc[j].text != ":":
        return sent_start
    colon = j
    while j > 0 and "\n" not in doc[j - 1].text:
        j -= 1
    return j if colon - j <= FIELD_LABEL_TOKENS else sent_start


def line_start(doc: Doc, i: int) -> bool:
    """True when token i is the first non-space token of its line."""
    j = i - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    return j < 0 or "\n" in doc[j].text


def phrase_forms(pattern: list[dict], limit: int = 512) -> list[list[str]] | None:
    """Every word sequence a pattern of lower-case words can match (each token a LOWER value or
    IN list, or an ORTH one of symbols; optional or not), or None for a pattern that needs the
    token Matcher (other attributes, repeats) or would have more than `limit` forms."""
    choices = []
    for spec in pattern:
        attrs, op = set(spec) - {"OP"}, spec.get("OP", "1")
        if len(attrs) != 1 or not attrs <= {"LOWER", "ORTH"} or op not in ("1", "?"):
            return None
        attr = attrs.pop()
        value = spec[attr]
        words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and list(value) == ["IN"] else None
        # an ORTH value without letters ("->", ":") is its own lower case
        if not words or any(not isinstance(w, str) or not w or " " in w or w != w.lower()
                            or (attr == "ORTH" and w != w.upper()) for w in words):
            return None
        choices.append([*dict.fromkeys(words), *([None] if op == "?" else [])])
    forms = {tuple(w for w in combo if w is not None) for combo in itertools.product(*choices)} - {()}
    return [list(f) for f in sorted(forms)] if len(forms) <= limit else None


TOKEN_TESTS = {"IS_SPACE": "is_space", "IS_PUNCT": "is_punct", "LIKE_NUM": "like_num", "IS_ALPHA": "is_alpha",
               "SHAPE": "shape_", "ORTH": "text", "TEXT": "text", "LOWER": "lower_"}


def token_test(spec: dict):
    """A Matcher token spec that must match exactly once, as a function of a Token (None for a
    spec it cannot express: other attributes or operators)."""
    if spec.get("OP", "1") != "1" or not set(spec) - {"OP"}:
        return None
    tests = []
    for key, value in spec.items():
        if key == "OP":
            continue
        attr = TOKEN_TESTS.get(key)
        if attr is None:
            return None
        if isinstance(value, dict):
            if list(value) not in (["IN"], ["NOT_IN"]):
                return None
            tests.append((attr, frozenset(value.get("IN", value.get("NOT_IN"))), "IN" in value))
        else:
            tests.append((attr, frozenset([value]), True))
    return lambda tok: all((getattr(tok, attr) in values) == inside for attr, values, inside in tests)


def phrase_and_tail(pattern: list[dict]):
    """(word sequences, tests) for a pattern whose leading tokens are plain words and whose last
    tokens are single-token tests ("Basket: --" then a space; "in" then a 'dddd' year): the
    PhraseMatcher finds the words and the tests check the tokens after them. None when the
    pattern needs the token Matcher."""
    for split in range(len(pattern), 0, -1):
        tests = [token_test(spec) for spec in pattern[split:]]
        if None in tests:
            return None
        phrases = phrase_forms(pattern[:split])
        if phrases is not None:
            return phrases, tests
    return None


def after_sentence(doc: Doc, i: int) -> bool:
    """True when token i opens a sentence: a full stop (or a dictated "period") comes before it."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j >= 0 and (doc[j].text == "." or doc[j].lower_ in SPOKEN_ENDS)


def spoken_colon(doc: Doc, start: int, end: int, after: int, at_line_start: bool) -> bool:
    """A dictated colon after a header ("Impression colon large CBD stone"): the word "colon" on the
    header's line, the header opening its line or a sentence."""
    return (doc[after].lower_ == "colon" and "\n" not in doc[end:after].text
            and (at_line_start or after_sentence(doc, start)))


# Voice-to-text drops apostrophes: spaCy splits "didnt" into "did" + "nt", so a rule written
# with "n't" also matches "nt".
APOSTROPHE, NO_APOSTROPHE = "n't", "nt"


def apostrophe_free(spec: dict) -> dict:
    """A token spec that accepts "nt" wherever it accepts "n't"."""
    out = dict(spec)
    for attr in ("LOWER", "ORTH", "NORM"):
        value = spec.get(attr)
        if isinstance(value, str) and value.lower() == APOSTROPHE:
            out[attr] = {"IN": [value, NO_APOSTROPHE]}
        elif isinstance(value, dict) and APOSTROPHE in value.get("IN", ()) and NO_APOSTROPHE not in value["IN"]:
            out[attr] = {**value, "IN": [*value["IN"], NO_APOSTROPHE]}
    return out


def same_line(doc: Doc, i: int) -> bool:
    """True when text follows token i-1 on its line."""
    j = next_non_space(doc, i)
    return j < len(doc) and "\n" not in doc[i:j].text


def next_non_space(doc: Doc, i: int) -> int:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i


def short_line(text: str, end: int, wrap: int = 55) -> bool:
    """True when the line of `text` that ends at character `end` is written in lower case from its
    start and too short to have been wrapped: in such all-lower-case notes, each line is a new item."""
    begin = text.rfind("\n", 0, end) + 1
    return end - begin < wrap and text[begin:end].lstrip()[:1].islower()


def field_start(texts: list[str], i: int, width: int = 4) -> bool:
    """True when the line at token i opens with a field name and its colon or equals sign
    ("cholangioscopy: yes", "stone_clearance: complete", "therapy=balloon sweep"): a new item of a
    key-value export, not a continuation."""
    for j in range(i, min(i + width + 1, len(texts))):
        if texts[j] in COLONS or texts[j] == "=":
            return j > i
        if not texts[j].replace("_", "").replace("-", "").isalpha():
            return False
    return False


def skip_qualifier(doc: Doc, i: int, limit: int = 16, *, words: bool = False) -> int:
    """Past what may follow a header word on its line before the colon: a date, a time, a bracketed
    remark ("Addendum 08/18/2024 09:12 (Dr A):"), with `words` any words ("Addendum dictated at
    4 15 pm by Dr A:"), up to the colon or a spaced dash ("ADDENDUM (same day) - Dr A"); i when
    neither comes next."""
    j, end = i, min(len(doc), i + limit)
    while j < end and doc[j].text != ":" and doc[j].lower_ != "colon" and "\n" not in doc[j].text:
        if j > i and doc[j].text in DASHES and doc[j].whitespace_:
            return j
        if doc[j].text == "(":  # a bracketed remark may be long: "(entered later by Dr A after review of the images)"
            close = j
            while close < min(len(doc), j + 3 * limit) and doc[close].text != ")" and "\n" not in doc[close].text:
                close += 1
            if close >= len(doc) or doc[close].text != ")":
                return i
            j, end = close, min(len(doc), max(end, close + 4))
        elif not (words or any(c.isdigit() for c in doc[j].text) or doc[j].text in "/-.,"):
            return i
        nxt = next_non_space(doc, j + 1)
        if any("\n" in t.text for t in doc[j + 1 : nxt]):
            return i  # the line ended before a colon
        j = nxt
    return j if j > i and j < len(doc) and (doc[j].text in COLONS or doc[j].lower_ == "colon") else i


def bracket_ends_line(doc: Doc, i: int, limit: int = 24) -> int | None:
    """The token after a bracketed remark at token i that ends its line ("(02/28, Dr A)" and a line
    break), else None."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    close = next((j for j in range(i + 1, min(len(doc), i + limit)) if doc[j].text == ")" or "\n" in doc[j].text),
                 None)
    if close is None or doc[close].text != ")":
        return None
    return close + 1 if close + 1 >= len(doc) or "\n" in doc[close + 1].text else None


def heading_line(doc: Doc, start: int, words: int = 4) -> str:
    """Lower-case text of the line of a heading at token `start`, up to `words` tokens past it
    ("Assessment & plan:" for the heading "plan")."""
    i = start
    while i > 0 and "\n" not in doc[i - 1].text:
        i -= 1
    return doc[i : start + words].text.lower()


def running_prose(doc: Doc, i: int) -> bool:
    """True when token i continues a noun phrase that an article or preposition opens two words
    before it ("for an occlusion cholangiogram:"): inside a sentence, not a heading."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    k = j - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return k >= 0 and doc[j].is_lower and doc[j].is_alpha and doc[k].lower_ in PHRASE_OPENERS


def caps_line(doc: Doc, start: int, width: int = 6) -> bool:
    """True when the line from token `start` is a short ALL-CAPS heading ("HISTORY / PRIOR PROCEDURE"),
    perhaps with a bracketed remark at its end ("PRIOR PROCEDURES (from the outside reports)")."""
    end = start
    while end < len(doc) and "\n" not in doc[end].text and not (end > start and doc[end].text == "("
                                                                 and bracket_ends_line(doc, end)):
        end += 1
        if end - start > width:
            return False
    return doc[start:end].text.isupper() and not any(t.text in COLONS for t in doc[start:end])


def inline_aside(doc: Doc, start: int, words: int = 2) -> bool:
    """True when a heading's words at token `start` open a bracket inside a line, up to `words`
    words after it ("... a Fogarty [Attending correction: ...]"): an aside, not a section."""
    j = start - 1
    while j > 0 and start - j <= words and doc[j].is_alpha:
        j -= 1
    return j >= 0 and doc[j].text in ("[", "(") and not line_start(doc, j)


def banner_around(doc: Doc, i: int, first: int) -> int | None:
    """Where the words of a banner line begin when token i, on the line that starts at token
    `first`, is inside one ("=== OUTSIDE RECORD (pasted) ===": the first word); None when its line is
    not framed by decoration."""
    j = first
    while j < i and (doc[j].is_space or set(doc[j].text) <= DECORATION):
        j += 1
    return j if banner_end(doc, j) is not None else None


def banner_end(doc: Doc, start: int) -> int | None:
    """Where a banner line ends when token `start` opens one: only decoration before it on its line
    and decoration last ("=== PRIOR PROCEDURE (copied forward) ===", "[Prior ERCP, pasted]");
    None otherwise."""
    def framing(tok) -> bool:
        return not tok.is_space and set(tok.text) <= DECORATION

    i, framed = start - 1, False
    while i >= 0 and "\n" not in doc[i].text:
        if not (doc[i].is_space or framing(doc[i])):
            return None
        framed = framed or not doc[i].is_space
        i -= 1
    if not framed:
        return None
    end = start
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    last = end - 1
    while last > start and doc[last].is_space:
        last -= 1
    return end if last > start and framing(doc[last]) else None


class Sections(RuleComponent):
    """Find section headers (ALL CAPS, Title Case, abbreviations, inline or on their own line)
    and put one span per section, header included, in `doc.spans["ercp_sections"]`.

    A known header phrase is a header when a colon follows it (or a dash, at the start of a line;
    or a comma, capitalised at the start of a dictated sentence; or the dictated word "colon" on
    its line, at the start of a line or sentence), when it fills its own line, or
    when it opens a banner line ("=== PRIOR ERCP (copied forward) ===": the line is the header).
    A "procedure" section longer than `max_list_tokens` is a narrative, so it becomes "technique".
    A run-in indication or procedure section (not at the start of a line) ends with its sentence, a
    run-in history where a sentence starts with "today"; what follows is "technique". A history
    heading whose next heading is "Today:" runs to it, not to the end of its line.
    """

    kind = "sections"

    def __init__(self, nlp: Language, name: str, *, max_list_tokens: int = 60):
        super().__init__(nlp, name)
        self.max_list_tokens = max_list_tokens

    def headers(self, doc: Doc) -> list[Span]:
        found, joined, banners = [], [], {}
        matches = self.match(doc)
        if not matches:
            return found
        # where each line starts, found once (a note written on one line is not walked back per match)
        breaks = [i for i, text in enumerate(doc.to_array(ORTH).tolist()) if "\n" in doc.vocab.strings[text]]
        ends = {s: e for _, s, e in matches}  # where each heading phrase starts: where it ends
        for rule, start, end in matches:
            k = bisect.bisect_left(breaks, start)
            words = banner_around(doc, start, breaks[k - 1] + 1 if k else 0)
            if words is not None:  # the whole line is the header; a history word in it decides
                if banners.get(words, "") != "history":
                    banners[words] = rule["label"]
                continue
            # a heading may follow a bullet ("- Session 1 (3 Feb): ...")
            at_line_start = line_start(doc, start) or (start > 0 and doc[start - 1].text in LIST_MARKERS
                                                       and line_start(doc, start - 1))
            after = next_non_space(doc, end)
            if start and doc[start - 1].text == "[" and line_start(doc, start - 1):
                # a bracketed heading: "[Amendment 12/11 07:58 Dr A] Omitted detail: ..."
                close = next((j for j in range(end, min(len(doc), end + 16)) if doc[j].text == "]" or "\n" in doc[j].text), None)
                if close is not None and doc[close].text == "]":
                    found.append(Span(doc, start - 1, close + 1, label=rule["label"]))
                    continue
            if at_line_start and rule["label"] == "addendum" and (close := bracket_ends_line(doc, after)):
                # "ADDENDUM (02/28, Dr A)" and a line break
                found.append(Span(doc, start, close, label=rule["label"]))
                continue
            if at_line_start or rule["label"] in ("addendum", "history") and after_sentence(doc, start):
                # "Addendum (12/06, Dr A):", "Addendum 02/03/2024:", "Addendum by Dr A:", dictated
                # "Addendum comma dictated by Dr A colon"
                qualified = skip_qualifier(doc, after, words=rule["label"] == "addendum")
                if qualified == after and rule["label"] == "history" and at_line_start:
                    # a heading line: "Outside report pasted from the referral packet:" and a line break
                    qualified = skip_qualifier(doc, after, words=True)
                    if not (qualified + 1 < len(doc) and "\n" in doc[qualified + 1].text):
                        qualified = after
                after = qualified
            # "Findings:" anywhere; "impression - ..." at the start of a line; "Impression, ..." opening
            # a dictated sentence
            colon = after < len(doc) and (doc[after].text in COLONS or (at_line_start and doc[after].text in DASHES)
                                          or (doc[after].text == "," and doc[start].is_title
                                              and after_sentence(doc, start) and rule["label"] != "other"
                                              and doc[start].lower_ not in SEQUENCE_WORDS)
                                          or spoken_colon(doc, start, end, after, at_line_start))
            own_line = at_line_start and (after >= len(doc) or "\n" in doc[end].text or caps_line(doc, start)
                                          or joins_heading(doc, after, ends))
            before = doc[start - 1].lower_ if start else ""
            if before == "-" and start > 1 and not doc[start - 2].whitespace_:
                before = doc[start - 2].lower_  # "post-operation:"
            if before in NOT_HEADER_BEFORE or not (colon or own_line):
                continue
            if not at_line_start and doc[start].is_lower and running_prose(doc, start):
                continue  # a sentence running on into a colon: "inflated for an occlusion cholangiogram: CBD 10 mm"
            if rule["label"] == "addendum" and not at_line_start and inline_aside(doc, start):
                continue  # "A Fogarty [Attending correction: an extraction balloon] was then passed"
            if own_line and not colon and not (doc[start:end].text.isupper() or doc[start].is_title):
                continue
            stop = after + 1 if colon else end
            if own_line and not colon and "\n" not in doc[end].text:  # a heading line of several ("HISTORY / PRIOR PROCEDURE")
                while stop < len(doc) and "\n" not in doc[stop].text:
                    stop += 1
                joined.append(Span(doc, start, stop, label=rule["label"]))  # behind a heading that fills the line
                continue
            found.append(Span(doc, start, stop, label=rule["label"]))
        found += [Span(doc, start, banner_end(doc, start), label=label) for start, label in banners.items()]
        return filter_spans(found + joined)

    def __call__(self, doc: Doc) -> Doc:
        headers = self.pasted(doc, self.headers(doc))
        doc.spans[HEADER_GROUP] = headers
        sections = []
        for k, header in enumerate(headers):
            end = headers[k + 1].start if k + 1 < len(headers) else len(doc)
            label = header.label_
            # a banner heads a block; so does a history heading answered by a "Today:" heading
            today_next = label == "history" and k + 1 < len(headers) and doc[headers[k + 1].start].lower_ in TODAY
            if label in LINE_SECTIONS and banner_end(doc, header.start) is None and not today_next:
                # an indication written on its heading's line is that line; bullets after it are the
                # day's steps ("Indication: large CBD stone\n- stent out\n- EHL ...")
                cut = self.line_end(doc, header.end, end, items=not (label == "indication" and same_line(doc, header.end)))
                if cut < end:  # unheaded text after a one-line indication or procedure list
                    sections.append(Span(doc, header.start, cut, label=self.narrative(doc, header.end, cut, label)))
                    header, label = Span(doc, cut, end), "technique"
            label = self.narrative(doc, header.end, end, label)
            if label in LINE_SECTIONS and not line_start(doc, header.start):
                # a run-in "Indication, ..." in a dictation is one sentence long; a "Background: ..."
                # ends where today's account begins
                if label == "history":  # ... or where a dictated paragraph ends ("new paragraph")
                    cut = next((i for i in range(header.end, end) if doc[i].lower_ in TODAY and after_sentence(doc, i)
                                or i > 1 and doc[i - 1].lower_ == "paragraph" and doc[i - 2].lower_ in ("new", "next")), end)
                else:
                    cut = next((i + 1 for i in range(header.end, end) if doc[i].text == "." or doc[i].lower_ in SPOKEN_ENDS), end)
                if cut < end:
                    sections.append(Span(doc, header.start, cut, label=label))
                    header, label = Span(doc, cut, end), "technique"
            sections.append(Span(doc, header.start, end, label=label))
        doc.spans[SECTION_GROUP] = sections
        return doc

    def narrative(self, doc: Doc, start: int, end: int, label: str) -> str:
        """"technique" for a procedure section whose content is too long for a list, or tells what
        happened ("Procedure: EHL - both stones fragmented. Fragments were cleared ...")."""
        if label == "procedure" and (sum(not t.is_space for t in doc[start:end]) > self.max_list_tokens
                                     or any(t.lower_ in ACCOUNT_WORDS for t in doc[start:end])):
            return "technique"
        return label

    @staticmethod
    def pasted(doc: Doc, headers: list[Span]) -> list[Span]:
        """Drop the headers of an earlier report pasted into this one: those between a history
        banner ("=== PRIOR ERCP (copied forward) ===") and the banner that closes it ("=== END
        PRIOR ===", or one that opens today's part: "---- 2/26 (today) ----"), so the pasted
        findings and plan stay history."""
        kept, k = [], 0
        while k < len(headers):
            kept.append(headers[k])
            if headers[k].label_ == "history" and banner_end(doc, headers[k].start) is not None:
                close = next((j for j in range(k + 1, len(headers)) if banner_end(doc, headers[j].start) is not None
                              and (doc[headers[j].start].lower_ == "end" or any(t.lower_ in TODAY for t in headers[j]))), None)
                if close is not None:
                    k = close
                    continue
            k += 1
        return kept

    @staticmethod
    def line_end(doc: Doc, start: int, end: int, *, items: bool = True) -> int:
        """Where a one-line section's content ends: the first line break followed by a line that
        is not a list item (`items`) or a lower-case continuation (a blank line always ends it)."""
        for i in range(next_non_space(doc, start) + 1, end):
            breaks = doc[i].text.count("\n") if doc[i].is_space else 0
            if not breaks:
                continue
            nxt = next_non_space(doc, i + 1)
            if nxt >= end:
                return end
            first = doc[nxt]
            if breaks > 1 or not ((items and (first.text in LIST_MARKERS or first.like_num)) or first.is_lower) \
                    or field_start([t.text for t in doc[nxt : nxt + 5]], 0):
                return nxt
        return end


class Sentences:
    """Sentence boundaries for clinical text: full stops, blank lines, list items and bullets,
    lines that start with a capital, and section headers (a header is its own sentence). A form's
    question keeps the answer on its line ("Stones removed?  [N]")."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = {section.start for section in doc.spans.get(SECTION_GROUP, [])}
        for header in doc.spans.get(HEADER_GROUP, []):  # a section without a header has no colon to split at
            if doc[header.end - 1].text in COLONS:
                starts.add(next_non_space(doc, header.end))
        prev = None  # index of the previous non-space token
        newlines = 0
        # Boundaries are collected, then written at once: each Token.is_sent_start assignment
        # scans the whole doc for a parse (Doc.has_annotation("DEP")), quadratic in note length.
        flags = [-1] * len(doc)  # 1 starts a sentence, -1 does not
        # Token attributes read as lists: a Token object per token and look-up costs more.
        strings = doc.vocab.strings
        texts = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
        spaces = doc.to_array(SPACY).tolist()
        note = "".join(t + " " if space else t for t, space in zip(texts, spaces, strict=True))
        is_space, like_num, is_lower = doc.to_array([IS_SPACE, LIKE_NUM, IS_LOWER]).T.tolist()
        # Dictation transcribed with its spoken punctuation ("... the duct comma period"): a note
        # that says "comma" twice says "period" and "new paragraph" for its sentence ends.
        spoken = sum(t.lower() == "comma" for t in texts) >= 2
        for i, text in enumerate(texts):
            if spoken and i > 0 and texts[i - 1].lower() in SPOKEN_ENDS and not is_space[i]:
                flags[i], prev, newlines = 1, i, 0
                continue
            if is_space[i]:
                flags[i] = 1 if i == 0 else -1
                newlines += text.count("\n")
                continue
            start = prev is None or i in starts
            if not start:
                p = texts[prev]
                list_period = p in (".", ")") and prev > 0 and like_num[prev - 1] and line_start(doc, prev - 1)
                # a form's answer on the question's line: "Stones removed?  [N]", "Basket used? No"
                answer = p == "?" and not newlines and text.lower() in FORM_ANSWERS and (
                    text in BOX_OPENERS or i + 1 == len(texts) or "\n" in texts[i + 1])
                query = p == "?" and prev == i - 1 and not spaces[prev]  # "?passed stone": a query, not an end
                if p in SENT_END and not list_period and not answer and not query:
                    start = True
                elif text in LIST_MARKERS and (newlines or line_start(doc, i)):
                    start = True
                elif p == ";" and i + 1 < len(texts) and texts[i + 1] == "=":
                    start = True  # a registry feed's next field: "PRIOR_ERCP=YES (...); LITHO_TYPE=LASER"
                elif newlines:
                    start = (newlines > 1 or p in (":", ";") or bool(like_num[i]) or not is_lower[i]
                             or field_start(texts, i) or short_line(note, doc[prev].idx + len(texts[prev])))
            flags[i] = 1 if start else -1
            prev, newlines = i, 0
        doc.from_array([SENT_START], numpy.array(flags, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


class Mentions(RuleComponent):
    """Procedure mentions into `doc.spans["ercp_mentions"]`, each with the rule that found it.

    Cue words (what a balloon was used for; biliary or other organ context) are matched from
    `cues.jsonl` into `doc.spans["ercp_cues"]` and decide each balloon's purpose: the nearest
    use cue in the same clause wins (a cue with no comma between it and the balloon before any past
    a comma), so a balloon that dilates is `balloon_dilation`, one inflated for an occlusion
    cholangiogram is `occlusion_cholangiogram`, and one used to cannulate or outside the bile duct
    is `balloon_other`; with no use word, one in a sentence about stones is
    for extraction. A bare sweep or trawl is dropped when its clause names
    a basket and no balloon (the basket's own trawl); a basket whose clause names a stent and no
    stone removes the stent. A rule's `not_before` words drop a match they follow ("clear bile" is
    no clearance; "#number": any number, "BS 142" is a blood sugar). Stone outcome words are kept only in
    sentences that also speak of stones or of a technique, or on a form line that names an outcome,
    unless their rule is `anchored`: the phrase itself says what was cleared ("ductal clearance").
    """

    kind = "mentions"
    CLAUSE_BREAKS = {";", "then", "followed", "subsequently", "thereafter", "afterwards", "after", "next", "and then"}
    AUXILIARIES = {"was", "were", "is", "are", "been", "be", "being"}
    OUTCOMES = {"stone_removed", "stone_not_removed", "stone_fragmented"}
    OUTCOME_ANCHORS = {"stone", "stone_absent", "balloon", "basket", "mechanical_lithotripsy",
                       "electrohydraulic_lithotripsy", "laser_lithotripsy", "sweep"}

    def __init__(self, nlp: Language, name: str):
        super().__init__(nlp, name)
        self.cues = CueMatcher(nlp)

    def initialize(self, get_examples=None, *, nlp=None, rules=None, cues=None):
        super().initialize(get_examples, nlp=nlp, rules=rules)
        self.cues.add_rules(default_rules("cues") if cues is None else cues)

    def to_disk(self, path, *, exclude=tuple()):
        super().to_disk(path)
        self.cues.to_disk(path)

    def from_disk(self, path, *, exclude=tuple()):
        super().from_disk(path)
        self.cues.from_disk(path)
        return self

    @staticmethod
    def grabs_stent(lowers: list[str], start: int, end: int, kept: list, clause: tuple[int, int]) -> bool:
        """True for a basket that takes hold of a stent: a stent in its clause, a grasping verb
        between the two, and no stone in the clause (`kept`: the matches that are mentions)."""
        inside = [(r["label"], s, e) for r, s, e in kept if clause[0] <= s < clause[1]]
        if any(label == "stone" for label, _, _ in inside):
            return False
        return any(label in ("stent_placement", "stent_removal")
                   and any(w in GRASP_WORDS for w in lowers[min(e, end) : max(s, start)])
                   for label, s, e in inside)

    @staticmethod
    def says_device(lowers: list[str], start: int, end: int, matches: list, clause: tuple[int, int]) -> bool:
        """True for an outcome word said of a device, not of stones: within its clause, after the
        last comma (or "and", when a mention follows it) before it, the nearest mention before it
        is a device or stent and no stone is named before, in or just after it ("the balloon was
        deflated and removed", "stone out, 10 Fr stent left in situ", "... and the basket was
        removed intact"; not "the basket removed two stones")."""
        lo = max([clause[0], *(i + 1 for i in range(clause[0], start) if lowers[i] == ",")])
        before = [(s, r["label"]) for r, s, e in matches if lo <= s and e <= start]
        joined = [i + 1 for i in range(lo, start) if lowers[i] == "and"]  # "... and the basket was removed"
        if joined and any(s >= joined[-1] for s, _ in before):
            lo = joined[-1]
            before = [(s, label) for s, label in before if s >= lo]
        if not before or max(before)[1] not in DEVICE_SUBJECTS:
            return False
        return not any(r["label"] == "stone" and lo <= s <= min(end + 2, clause[1] - 1) for r, s, _ in matches)

    @staticmethod
    def outcome_field(lowers: list[str], sent_start: int) -> bool:
        """True for a form line that names an outcome ("Extraction: failed", "Complete clearance: Y")."""
        head = lowers[sent_start : sent_start + 4]
        return any(w in OUTCOME_FIELDS for w in head[:3]) and ":" in head

    def breaks_clause(self, lowers: list[str], i: int) -> bool:
        """A clause break word, except "then" inside a verb group ("was then pulled through")."""
        if lowers[i] not in self.CLAUSE_BREAKS:
            return False
        return not (lowers[i] == "then" and i > 0 and lowers[i - 1] in self.AUXILIARIES)

    def clause(self, lowers: list[str], span: tuple[int, int], sent: tuple[int, int]) -> tuple[int, int]:
        """The token range of the clause around tokens `span` within its sentence `sent` (start, end)."""
        start, end = sent
        for i in range(sent[0], span[0]):
            if self.breaks_clause(lowers, i):
                start = i + 1
        for i in range(span[1], sent[1]):
            if self.breaks_clause(lowers, i):
                end = i
                break
        return start, end

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        kept = longest(matches)
        strings = doc.vocab.strings
        lowers = [strings[x] for x in doc.to_array(LOWER).tolist()]  # a Token per look-up costs more
        rule_at = {}
        for rule, s, e in matches:
            prev = rule_at.get((s, e))
            if prev is None or (prev.get("purpose") is None and rule.get("purpose")):
                rule_at[(s, e)] = rule
        cues = self.cues.spans(doc)
        doc.spans[CUE_GROUP] = cues
        cue_starts = [c.start for c in cues]
        out = []
        # Each match's sentence, found by bisecting the sentence starts once per doc
        # (`Span.sent` walks the tokens again for every span).
        sent_starts = sentence_starts(doc)
        sent_labels: dict[int, set[str]] = {}  # every matched label, also those inside a longer match
        for rule, s, _ in matches:
            sent_labels.setdefault(sentence_of(sent_starts, s, len(doc))[0], set()).add(rule["label"])
        earlier: dict[int, tuple] = {}  # sentence start: the use of its last balloon so far
        for first_rule, start, end in kept:
            sent_start, sent_end = sentence_of(sent_starts, start, len(doc))
            rule = rule_at[(start, end)]
            label = first_rule["label"]
            if rule.get("not_before") and not_before(doc, lowers, end, rule["not_before"]):
                continue  # "clear bile", "cleared for discharge"
            if doc[start].text == "BS" and "sphincterotomy" in sent_labels[sent_start] and not sent_labels[sent_start] & STONE_WORDS:
                continue  # "precut needle-knife then BS": a biliary sphincterotomy, not a balloon sweep
            if label in self.OUTCOMES and (
                    not (rule.get("anchored") or sent_labels[sent_start] & self.OUTCOME_ANCHORS
                         or self.outcome_field(lowers, sent_start))
                    or self.says_device(lowers, start, end, matches, self.clause(lowers, (start, end), (sent_start, sent_end)))):
                continue
            span = Span(doc, start, end, label=label)
            lo, hi = bisect.bisect_left(cue_starts, sent_start), bisect.bisect_left(cue_starts, sent_end)
            sent_cues = cues[lo:hi]
            domains = {c.label_ for c in sent_cues if c.label_.startswith("domain_")}
            domain = "biliary" if "domain_biliary" in domains else "other" if domains else None
            purpose = rule.get("purpose")
            if label == "balloon":
                field = field_label_start(doc, sent_start)  # "Occlusion cholangiogram: ... balloon"
                use_cues = cues[bisect.bisect_left(cue_starts, field) : hi] if field < sent_start else sent_cues
                purpose, label = self.balloon_use(span, rule, use_cues, (field, sent_end), sent_labels[sent_start], lowers,
                                                  earlier.get(sent_start))
                earlier[sent_start] = (purpose, label)
            elif label == "stent_placement":
                near = [c for c in sent_cues if c.label_ == "use_removal" and distance(c, span) <= 4]
                label = "stent_removal" if near else label
            elif label == "basket" and self.grabs_stent(lowers, start, end, kept, self.clause(lowers, (start, end), (sent_start, sent_end))):
                label = "stent_removal"  # "a basket was used to grab the stent"
            elif label == "sweep":
                lo, hi = self.clause(lowers, (start, end), (sent_start, sent_end))
                near = {r["label"] for r, s, _ in matches if lo <= s < hi}
                if "basket" in near and "balloon" not in near and not purpose:
                    continue  # the basket's own trawl ("the basket was opened and trawled"), not a "BS"
                purpose = "extraction"
            if label != span.label_:
                span = Span(doc, start, end, label=label)
            ext = span._  # each `span._` makes a new accessor object
            ext.ercp_rule, ext.ercp_purpose, ext.ercp_domain = rule["id"], purpose, domain
            out.append(span)
            for extra in rule.get("also", []):
                out.append(Span(doc, start, end, label=extra))
        doc.spans[MENTION_GROUP] = self.bare_lasers_follow(out, sent_starts, len(doc))
        return doc

    @staticmethod
    def bare_lasers_follow(mentions: list[Span], sent_starts: list[int], n: int) -> list[Span]:
        """A bare "laser" in a sentence whose laser cuts or ablates tissue is that laser ("Holmium laser
        used to incise the web - no stone, laser for the web only")."""
        tissue = {sentence_of(sent_starts, m.start, n)[0] for m in mentions if m.label_ == "laser_other"}
        if not tissue:
            return mentions
        out = []
        for m in mentions:
            if m._.ercp_rule == BARE_LASER_RULE and sentence_of(sent_starts, m.start, n)[0] in tissue:
                ext = m._
                rule, purpose, domain = ext.ercp_rule, ext.ercp_purpose, ext.ercp_domain
                m = Span(m.doc, m.start, m.end, label="laser_other")
                m._.ercp_rule, m._.ercp_purpose, m._.ercp_domain = rule, purpose, domain
            out.append(m)
        return out

    def balloon_use(self, span: Span, rule: dict, sent_cues: list[Span], sent: tuple[int, int],
                    sent_labels: set[str], lowers: list[str], earlier: tuple | None = None) -> tuple[str | None, str]:
        """The balloon's use and mention label from the use cues of its clause. A use past a comma
        ranks behind one without; when every use is past a comma, a balloon named earlier in the
        sentence is the same one ("occlusion cholangiogram with an extraction balloon, the balloon
        then withdrawn")."""
        lo, hi = self.clause(lowers, (span.start, span.end), sent)
        near: dict[str, int] = {}
        named = None  # a use named inside the mention itself ("retrieval balloon"), the fallback
        for cue in sent_cues:
            if not cue.label_.startswith("use_"):
                continue
            use = cue.label_[4:]
            if cue.start < span.end and span.start < cue.end:
                named = named or (use if use != "removal" else None)
            elif cue.start >= lo and cue.end <= hi:  # a use past a comma ranks behind one without
                gap = range(min(cue.end, span.end), max(cue.start, span.start))
                near[use] = min(near.get(use, 999), distance(cue, span) + 100 * any(lowers[i] == "," for i in gap))
        if rule.get("purpose") == "extraction":
            near["extraction"] = 0
        if near.get("extraction") == 0 or ("occlusion" in near and "extraction" not in near):
            use = "extraction" if near.get("extraction") == 0 else "occlusion"
        else:
            ranked = sorted((d, use) for use, d in near.items() if use != "removal")
            if not ranked:
                if named:
                    return named, BALLOON_USES.get(named, "balloon_other")
                # no use named, but its sentence speaks of stones or their removal ("Frags: balloon x4")
                return ("extraction" if sent_labels & {"stone", "stone_removed"} else None), "balloon"
            if ranked[0][0] >= 100 and earlier is not None and not named:
                return earlier
            use = ranked[0][1]
        return use, BALLOON_USES.get(use, "balloon_other")


class CueMatcher(RuleComponent):
    """Matcher for `cues.jsonl`, owned and serialized by the mentions component."""

    kind = "cues"

    def __init__(self, nlp: Language):
        super().__init__(nlp, "cues")

    def spans(self, doc: Doc) -> list[Span]:
        """The cue spans of `doc`, labelled, of overlapping ones the longest."""
        return [Span(doc, s, e, label=r["label"]) for r, s, e in longest(self.match(doc))]


def quoted(span: Span) -> bool:
    """Whether `span` stands inside double quotation marks opened earlier in its sentence."""
    return sum(t.text in QUOTES for t in span.doc[span.sent.start : span.start]) % 2 == 1


def unanswered_question(doc: Doc, sent: Span) -> bool:
    """Whether sentence `sent` ends its line with a question mark written after a word ("- ? stone
    passed" is a doubt mark) and no answer follows on that line or opens the next ("[x] yes")."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text != "?" or last.i == 0 or doc[last.i - 1].whitespace_ or not doc[last.i - 1].is_alpha:
        return False
    nxt = next_non_space(doc, last.i + 1)
    return nxt >= len(doc) or (doc[nxt].lower_ not in FORM_ANSWERS
                               and any("\n" in doc[j].text for j in range(last.i + 1, nxt)))


def quote_corrects(span: Span) -> bool:
    """Whether the quotation `span` stands in is offered as the right wording ('should read "basket
    extraction"'), judged by the word just before its opening mark."""
    doc = span.doc
    opening = max((i for i in range(span.sent.start, span.start) if doc[i].text in QUOTES), default=None)
    j = opening - 1 if opening else -1
    while j >= 0 and (doc[j].is_space or doc[j].text in COLONS):
        j -= 1
    return j >= 0 and doc[j].lower_ in ("read", "reads", "say", "says", "state", "states", "to", "with", "as")


def distance(a: Span, b: Span) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


class Cue(NamedTuple):
    """A context rule's match: tokens start to end."""

    start: int
    end: int
    rule: dict


class Assertion(RuleComponent):
    """ConText-style assertion for every mention: performed, negated, planned, historical,
    attempted_failed or uncertain.

    Cues from `context.jsonl` act forward, backward or both within the sentence, up to a
    terminator or their `max_scope` in tokens; a `"clause": true` rule also stops at the end of
    its list item (a comma, semicolon, slash, plus or arrow; `"strong"`: not a comma). When several categories reach a mention the most
    decisive wins (historical, planned, negated, attempted_failed, uncertain). Under a plan,
    history or indication heading, a mention that no cue makes historical, planned or negated is
    planned or historical by its section ("Indication: basket extraction failed at another
    hospital"); in a document titled as something other than an ERCP report (a discharge summary,
    an EUS report: a `document` cue near the top) it is historical, outside its plan.
    """

    kind = "context"
    PRIORITY = ("historical", "planned", "negated", "attempted_failed", "uncertain")
    SECTION_DEFAULTS = {"plan": "planned", "history": "historical", "indication": "historical", "consent": "planned"}

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc.spans.get(MENTION_GROUP, [])
        if not mentions:
            return doc
        matches = self.match(doc)
        # Of overlapping cues the longest wins, but rules that match the very same words all stay
        # ("didn't": attempted for the device before it, negated for the one after).
        kept = {(s, e) for _, s, e in longest(matches)}
        cues = sorted((Cue(s, e, rule) for rule, s, e in matches if (s, e) in kept), key=lambda c: c.start)
        cue_starts = [c.start for c in cues]
        sections = list(doc.spans.get(SECTION_GROUP, []))
        section_starts = [s.start for s in sections]
        sent_starts = sentence_starts(doc)
        boxes_follow_in: dict[int, bool] = {}  # sentence start: whether its boxes follow their items
        head = itertools.takewhile(lambda c: c.start < TITLE_TOKENS, doc.spans.get(CUE_GROUP, []))  # cues are in order
        # a document word that labels a field ("Pre-assessment: [x] Consent") is not the note's title
        # nor is the unit's own report ("ERCP report / discharge summary to GP", "ENDOSCOPY UNIT DISCHARGE SUMMARY")
        title = next((c for c in head if c.label_ == "document" and doc[min(next_non_space(doc, c.end), len(doc) - 1)].text not in COLONS
                      and not OWN_REPORT.search(heading_line(doc, c.start, 8))), None)
        # the title rules until a report of its own begins ("DISCHARGE LETTER ... PROCEDURE REPORT")
        titled_end = len(doc) if title is None else next(
            (h.start for h in doc.spans.get(HEADER_GROUP, []) if h.start > title.end and REPORT_HEADING.search(h.text)),
            len(doc))
        accounts: dict[int, bool] = {}  # sentence start: whether it tells what was done, in the past or today
        assessing: dict[int, bool] = {}  # plan section index: whether its heading also assesses ("A/P")
        balloons: dict[int, list] = {}  # sentence start: its balloon and sweep mentions
        for span in mentions:
            sent_start, sent_end = sentence_of(sent_starts, span.start, len(doc))
            if span.label_ in ("balloon", "sweep"):
                balloons.setdefault(sent_start, []).append(span)
            k = bisect.bisect_right(section_starts, span.start) - 1
            section = sections[k].label_ if k >= 0 and span.start < sections[k].end else None
            ext = span._  # each `span._` makes a new accessor object
            ext.ercp_section = section
            lo, hi = bisect.bisect_left(cue_starts, sent_start), bisect.bisect_left(cue_starts, sent_end)
            sent_cues = cues[lo:hi]
            # a terminator followed by one of its `unless_next` words lets a negation go on ("no stone was
            # present or extracted", "no stone was seen exiting the papilla")
            terminators = [(c, (*c.rule.get("except", ()), *(("negated",) if c.end < len(doc) and doc[c.end].lower_
                                                               in c.rule.get("unless_next", ()) else ())))
                           for c in sent_cues if c.rule["label"] == "terminate"]
            if sent_start not in boxes_follow_in:
                boxes_follow_in[sent_start] = self.boxes_follow(doc, sent_cues, mentions, (sent_start, sent_end))
            boxes_follow = boxes_follow_in[sent_start]
            found = {}
            for cue in sent_cues:
                rule = cue.rule
                if section in rule.get("not_in", ()):
                    continue  # "s/p balloon extraction" in an impression is today's procedure
                if boxes_follow and rule.get("box"):
                    rule = {**rule, "direction": "backward", "max_scope": min(rule.get("max_scope", 12), BOX_REACH)}
                category = rule["label"]
                if category == "negated_finding":
                    category = "negated" if span.label_ in FINDINGS else "pseudo"
                elif rule.get("actions_only") and span.label_ == "stone":
                    continue  # "large stone, extraction not attempted": the stone was there
                if category in ("pseudo", "terminate") or not self.in_scope(cue, rule, category, span, terminators):
                    continue
                if category == "negated" and span.label_ not in FINDINGS and self.list_ends(doc, cue, span, mentions):
                    continue
                found.setdefault(category, rule["id"])
            category = next((c for c in self.PRIORITY if c in found), None)
            default = self.SECTION_DEFAULTS.get(section)
            reason = f"section:{section}"
            if default == "planned" and k not in assessing:
                assessing[k] = bool(ASSESSMENT.search(heading_line(doc, sections[k].start)))
            if default == "planned" and category not in ("historical", "planned", "negated") and assessing[k]:
                if self.account(doc, sent_starts, sent_start, accounts):
                    default = None  # "Assessment and plan: 1. The stone was crushed ... 2. Lap chole."
            if title is not None and default != "planned" and span.start < titled_end:
                default, reason = "historical", f"document:{title.text.lower()}"
            if default and category not in ("historical", "planned", "negated"):
                # a failed or uncertain attempt under a history or plan heading is that heading's
                ext.ercp_assertion = default
                ext.ercp_cue = reason + (f"+{found[category]}" if category else "")
            else:
                ext.ercp_assertion = category or "performed"
                ext.ercp_cue = found.get(category)
        self.unswept_balloons(balloons.values())
        self.coordinated_negations(doc, mentions)
        orths = set(doc.to_array(ORTH).tolist())
        if QUESTION_ID in orths:  # a question mark in the note
            self.questions(doc, mentions, sent_starts)
        addenda = [s for s in sections if s.label_ == "addendum"]
        if addenda:
            self.addendum_corrections(doc, mentions, addenda)
        if not TICK_IDS.isdisjoint(orths):  # a tick mark in the note
            self.unmarked_items(doc, mentions)
        if PIPE_ID in orths:  # a table
            self.no_column_marks(doc, mentions)
        self.padded_answers(doc, mentions, sent_starts)
        if BRACE_ID in orths:  # a template's pick-list
            self.template_choices(doc, mentions)
        return doc

    @staticmethod
    def questions(doc: Doc, mentions, sent_starts: list[int]) -> None:
        """A sentence that ends in a question mark with no answer after it asks, it does not tell
        ("Why not a balloon or a basket first?"); a form's question keeps its answer in its sentence."""
        asks: dict[int, bool] = {}  # sentence start: whether it is an unanswered question
        for m in mentions:
            if m._.ercp_assertion != "performed":
                continue
            start, end = sentence_of(sent_starts, m.start, len(doc))  # not `m.sent`: it walks the tokens
            if start not in asks:
                asks[start] = unanswered_question(doc, doc[start:end])
            if asks[start]:
                m._.ercp_assertion, m._.ercp_cue = "uncertain", "question"

    @staticmethod
    def coordinated_negations(doc: Doc, mentions) -> None:
        """A device joined by "and"/"or" to a negated device right after it shares the negation ("the
        extraction balloon and basket that had been prepared were not used"); one joined by "or" to a
        negated device right before it does too ("we did not use the balloon or a basket at all")."""
        devices = [m for m in mentions if m.label_ in TECHNIQUES]
        for a, b in itertools.pairwise(devices):
            if not 0 < b.start - a.end <= 8:
                continue  # apart or overlapping: not joined by a few coordinators
            between = doc[a.end : b.start]
            if not all(t.is_space or t.lower_ in COORDINATORS for t in between):
                continue
            if (a._.ercp_assertion == "performed" and a._.ercp_cue is None and b._.ercp_assertion == "negated"
                    and any(t.lower_ in ("and", "or", "/", "&") for t in between)):
                a._.ercp_assertion, a._.ercp_cue = "negated", f"with:{b._.ercp_cue}"
            elif (b._.ercp_assertion == "performed" and b._.ercp_cue is None and a._.ercp_assertion == "negated"
                  and any(t.lower_ == "or" for t in between)):
                b._.ercp_assertion, b._.ercp_cue = "negated", f"with:{a._.ercp_cue}"

    @staticmethod
    def account(doc: Doc, sent_starts: list[int], start: int, memo: dict[int, bool]) -> bool:
        """True when the sentence at `start` under a plan heading tells what was done: it says "today",
        "was", "done" ... and nothing of the future, or it follows such a sentence on the same line and
        says nothing of the future ("ERCP done today by GI. Basket opened but would not engage.")."""
        k = bisect.bisect_right(sent_starts, start) - 1  # this sentence's index; walk back along its line
        chain = []
        while start not in memo:
            end = sent_starts[k + 1] if k + 1 < len(sent_starts) else len(doc)
            words = {t.lower_ for t in doc[start:end]}
            text = doc[start:end].text.lower()
            if " to be " in text or re.search(r"\b\d+/(52|12)\b|\bre-", text):  # "stent to be removed", "in 6/52", "re-ERCP"
                words.add("will")
            if "this morning" in text:
                words.add("today")
            if words & FUTURE_WORDS or words & ACCOUNT_CUES:
                memo[start] = not words & FUTURE_WORDS
                break
            chain.append(start)
            if k == 0 or line_start(doc, start):  # the line began with this sentence
                memo[start] = False
                break
            k -= 1
            start = sent_starts[k]
        for s in chain:
            memo[s] = memo[start]
        return memo[chain[0] if chain else start]

    @staticmethod
    def template_choices(doc: Doc, mentions, reach: int = 20) -> None:
        """A template's unfilled pick-list ("Retrieval: {balloon/basket}") offers its choices and
        chooses none: mentions between braces on one line, with a slash, bar or comma between
        choices ('{Blank single:19197::"yes","no"}'), are negated."""
        by_start = {m.start: m for m in mentions}
        texts = [doc.vocab.strings[o] for o in doc.to_array(ORTH).tolist()]
        for open_ in (i for i, text in enumerate(texts) if text == "{"):
            close = next((i for i in range(open_ + 1, min(open_ + 1 + reach, len(texts)))
                          if texts[i] in ("{", "}") or "\n" in texts[i]), None)
            inner = doc[open_ + 1 : close].text.lower() if close is not None else ""
            if close is None or texts[close] != "}" or not set("/|,") & set(inner):
                continue
            for i in range(open_ + 1, close):
                m = by_start.get(i)
                if m is not None and m._.ercp_assertion == "performed":
                    m._.ercp_assertion, m._.ercp_cue = "negated", "template:unfilled-choice"
            # an unanswered field: "Balloon sweep: {YES/NO:19234}" says nothing of its balloon
            colon = open_ - 1
            while colon > 0 and doc[colon].is_space and "\n" not in texts[colon]:
                colon -= 1
            if texts[colon] not in COLONS or not re.search(r"\b(yes|no|y|n)\b", inner):
                continue
            for m in mentions:
                if m.end <= colon and field_label_start(doc, colon + 1) <= m.start and m._.ercp_assertion == "performed":
                    m._.ercp_assertion, m._.ercp_cue = "uncertain", "template:unanswered"

    @staticmethod
    def padded_answers(doc: Doc, mentions, sent_starts: list[int]) -> None:
        """A form line answered N, No or NA at its end, after padding, a colon or a question mark
        ("Retrieval basket     N", "PD basket:   No (duct clear)", "Stones found  Y / N : N"): what
        the line names was not done or not found."""
        if not NO_IDS.intersection(doc.to_array(LOWER).tolist()):
            return
        for m in mentions:
            if m._.ercp_assertion != "performed" or m._.ercp_cue is not None:
                continue
            end, sent_end = m.end, sentence_of(sent_starts, m.start, len(doc))[1]
            while end < sent_end and "\n" not in doc[end].text:
                end += 1
            last = end - 1
            while last > m.end and doc[last].is_space:
                last -= 1
            if doc[last].text == ")":  # a reason in brackets after the answer
                while last > m.end and doc[last].text != "(":
                    last -= 1
                last -= 1
                while last > m.end and doc[last].is_space:
                    last -= 1
            if last <= m.end or doc[last].lower_ not in ("n", "no", "na") or sum(
                    not t.is_space and t.lower_ not in FORM_OPTIONS for t in doc[m.end : last - 1]) > 4:
                continue  # no answer, or one for more than the item's name ("Basket used?  No", "Stones found  Y / N : N")
            before = doc[last - 1]  # a space token: two spaces or more ("basket  N", "used?   No")
            if before.is_space or before.text in (":", "=", "?"):
                m._.ercp_assertion, m._.ercp_cue = "negated", "form:answer-no"

    @staticmethod
    def no_column_marks(doc: Doc, mentions) -> None:
        """In a table with Yes and No columns ("| Item | Yes | No |"), a row whose mark ("X", "✓")
        stands in the No column was not done: the mentions in its first cell are negated. So are
        those of a row answered no in a "Used" column ("| Basket | Y | N |" under "| Device |
        Opened | Used |")."""
        strings = doc.vocab.strings
        lowers = [strings[x] for x in doc.to_array(LOWER).tolist()]  # a Token per look-up costs more
        rows: list[list[list[int]]] = [[[]]]  # per line: its cells, each a list of non-space token indices
        for i, word in enumerate(lowers):
            if "\n" in word:
                rows.append([[]])
            elif word == "|":
                rows[-1].append([])
            elif not word.isspace():
                rows[-1][-1].append(i)
        columns = None  # (yes, no) cell positions of the current table's header
        by_start = {m.start: m for m in mentions}
        for cells in rows:
            if len(cells) < 3:  # not a table row; a rule line ("|----|----|") keeps the table going
                if any(c.isalnum() for i in cells[0] for c in lowers[i]):
                    columns = None
                continue
            words = [" ".join(lowers[i] for i in cell) for cell in cells]
            header = ((words.index("yes"), words.index("no")) if "yes" in words and "no" in words
                      else (words.index("used"), None) if "used" in words else None)
            if columns is None or header:
                columns = header
                continue
            yes, no = columns
            if no is None:  # a Used column: its answer is in the row's own cell
                if yes >= len(words) or words[yes] not in USED_NO:
                    continue
                first = yes
            else:
                marked = [k for k, w in enumerate(words) if w in COLUMN_MARKS]
                if no not in marked or yes in marked:
                    continue
                first = min(yes, no)
            for i in (i for cell in cells[:first] for i in cell):
                m = by_start.get(i)
                if m is not None and m._.ercp_assertion == "performed":
                    m._.ercp_assertion, m._.ercp_cue = "negated", "form:no-column"

    @staticmethod
    def addendum_corrections(doc: Doc, mentions, addenda: list[Span]) -> None:
        """An addendum corrects the report above it. One that negates a device ("the basket was
        opened but never inserted") and does not also use it takes back the body's performed or
        attempted mentions of that device (balloon and sweep are one; "no lithotripsy" negates all
        three lithotripsies). One that says it corrects
        ("correction", "incorrect", ...) and states the outcome one way only ("the stone was NOT
        retrieved"; "a basket extracted the stone") takes back the body's opposite outcome (with a
        removal, also its "no stones"). Each is negated, citing the addendum; so is the addendum's
        own quote of the body ('the field "stones removed" is wrong')."""
        said, used, outcomes = {}, set(), set()
        for m in mentions:
            if m._.ercp_section != "addendum" or quoted(m):
                continue  # a quoted phrase is the wording being corrected ('the field "stones removed" is wrong')
            assertion = m._.ercp_assertion
            if assertion == "negated" and m.label_ in CORRECTABLE:
                said.setdefault(CORRECTABLE[m.label_], m)
            elif assertion == "negated" and m.label_ == "lithotripsy":  # "no lithotripsy of any kind was done"
                for label in LITHOTRIPSY:
                    said.setdefault(label, m)
            elif assertion in ("performed", "attempted_failed") and m.label_ in CORRECTABLE:
                used.add(CORRECTABLE[m.label_])  # "... BML is incorrect: extracted intact with the basket"
            if (m.label_, assertion) in (("stone_not_removed", "performed"), ("stone_absent", "performed"), ("stone_removed", "negated")):
                outcomes.add("stone_removed")  # the body's removal is what this addendum takes back
            elif (m.label_, assertion) == ("stone_removed", "performed"):
                outcomes.add("stone_not_removed")  # and the body's "no stones" with it
        corrects = any(t.lower_ in CORRECTION_WORDS or (t.lower_ == "read" and t.i and doc[t.i - 1].lower_ == "should")
                       for a in addenda for t in a)  # "The impression should read: no choledocholithiasis"
        taken_back = outcomes if corrects and len(outcomes) == 1 else set()
        if "stone_not_removed" in taken_back:
            taken_back.add("stone_absent")
        first = min(a.start for a in addenda)
        for m in mentions:
            if (m.start >= first and not quoted(m)) or m._.ercp_assertion not in ("performed", "attempted_failed"):
                continue  # the body's mentions, and the addenda's quotes of it
            device = CORRECTABLE.get(m.label_)
            if device in said and device not in used:
                m._.ercp_assertion, m._.ercp_cue = "negated", f"addendum:{said[device]._.ercp_cue}"
            elif m.label_ in taken_back:
                m._.ercp_assertion, m._.ercp_cue = "negated", "addendum:correction"
            elif m.start >= first and m._.ercp_assertion == "performed" and not quote_corrects(m):
                # a quote neither taken back nor offered as the right wording: '"balloon extraction" was listed'
                m._.ercp_assertion, m._.ercp_cue = "uncertain", "addendum:quoted"

    @staticmethod
    def unmarked_items(doc: Doc, mentions) -> None:
        """In a list whose items are ticked at the start of their lines ("✓ Basket extraction"), a
        line that is only an item's name with no mark before it ("  Balloon extraction") was not
        ticked: its device or procedure is negated. A list is a run of lines without a blank line,
        two or more of them ticked."""
        lines: list[list[int]] = [[]]  # non-space token indices per line; [] marks a blank line
        for tok in doc:
            if tok.is_space and "\n" in tok.text:
                lines.extend([[]] * (tok.text.count("\n") > 1) + [[]])
            elif not tok.is_space:
                lines[-1].append(tok.i)
        blocks, block = [], []
        for line in [*lines, []]:
            if line:
                block.append(line)
            elif block:
                blocks.append(block)
                block = []
        by_start = {m.start: m for m in mentions if m.label_ not in FINDINGS | Mentions.OUTCOMES}
        for block in blocks:
            if sum(doc[line[0]].text in TICKS for line in block) < 2:
                continue
            for line in block:
                first = doc[line[0]].text
                m = by_start.get(line[0])
                if first in TICKS or first in BOX_OPENERS or m is None or m.end < line[-1] + 1 - doc[line[-1]].is_punct:
                    continue  # ticked, a box of its own, or more than an item's name
                if m._.ercp_assertion == "performed" and m._.ercp_cue is None:
                    m._.ercp_assertion, m._.ercp_cue = "negated", "form:unmarked"

    @staticmethod
    def unswept_balloons(by_sentence) -> None:
        """A balloon named only as a device takes the negation of its sentence's sweep when nothing
        in the sentence sweeps ("the balloon was withdrawn without a sweep", "Balloon not used for
        sweep"). `by_sentence`: each sentence's balloon and sweep mentions."""
        for group in by_sentence:
            sweeps = [m.label_ == "sweep" or any(t.lower_ in SWEEP_WORDS for t in m) for m in group]
            said = [m._.ercp_assertion for m, sweep in zip(group, sweeps, strict=True) if sweep]
            if "negated" not in said or "performed" in said or "attempted_failed" in said:
                continue
            cue = next(m._.ercp_cue for m, sweep in zip(group, sweeps, strict=True)
                       if sweep and m._.ercp_assertion == "negated")
            for m, sweep in zip(group, sweeps, strict=True):
                if not sweep and m.label_ == "balloon" and m._.ercp_assertion == "performed":
                    m._.ercp_assertion, m._.ercp_cue = "negated", f"sweep:{cue}"

    @staticmethod
    def boxes_follow(doc: Doc, sent_cues: list[Cue], mentions, sent: tuple[int, int]) -> bool:
        """True when a sentence's tick boxes come after the items they mark ("Balloon [ ]  Basket
        [x]", "Balloon trawl: ☐   Basket: ☐", "Stones removed?  [N]"): a device, procedure or
        outcome (not a stone) is named before the first box, none after the last, and no word
        follows the last box but a field's label ("Basket [ ]  type: ____"). Box rules (`"box": true`)
        then act backward over the item's name (`BOX_REACH`); otherwise forward ("Lithotripsy: ( )
        mechanical ( ) EHL ( ) laser")."""
        boxes = [c for c in sent_cues if c.rule.get("box")]
        if not boxes:
            return False
        items = [m.start for m in mentions if sent[0] <= m.start < sent[1] and m.label_ not in FINDINGS]
        after = next_non_space(doc, boxes[-1].end)
        word_after = after < sent[1] and doc[after].is_alpha  # "( ) laser (x) EHL ( ) mechanical"
        # a field's label after boxes that follow their items: "Basket [ ]  type: ____", "Balloon [ ]
        # Basket [ ]  Other: ____" (not "Extraction: [ ] balloon [x] other: ___", boxes first)
        if word_after and after + 1 < sent[1] and doc[after + 1].text in COLONS:
            word_after = len(boxes) > 1 and not any(
                next_non_space(doc, m.end) == boxes[0].start for m in mentions if sent[0] <= m.start < boxes[0].start)
        return any(i < boxes[0].start for i in items) and not any(i >= boxes[-1].end for i in items) and not word_after

    @staticmethod
    def list_ends(doc: Doc, cue: Cue, span: Span, mentions) -> bool:
        """A negation carries over commas to a list of the same kind ("no basket, balloon or
        lithotripsy"), not from a finding to a device ("without filling defects, sphincterotomy,
        balloon swept"): True when a comma lies between cue and a device or procedure mention and
        the words before that comma name no device or procedure."""
        if not cue.end <= span.start:
            return False
        comma = next((i for i in range(cue.end, span.start) if doc[i].text == ","), None)
        if comma is None or comma == cue.end:
            return False
        return not any(cue.end <= m.start < comma and m.label_ not in FINDINGS for m in mentions)

    @staticmethod
    def in_scope(cue: Cue, rule: dict, category: str, span: Span, sent_terminators: list) -> bool:
        direction = rule.get("direction", "forward")
        max_scope = rule.get("max_scope", 12)
        terminators = [t for t, spared in sent_terminators if category not in spared]
        if category == "negated" and cue.start < span.start < cue.end:
            return True  # within a negation's own words ("no extraction was attempted", "did not sweep")
        if direction in ("forward", "bidirectional") and cue.end <= span.start:
            if within(span.doc, cue.end, span.start, max_scope) and not any(
                    cue.end <= t.start < span.start for t in terminators):
                return not breaks_item(rule, span.doc, cue.end, span.start, forward=True)
        # Backward, a mention may end with the colon a form's answer starts from ("ML: n/a"), and
        # a forward terminator ("but", "therefore") stops only what follows it, not a cue that
        # looks back across it ("the basket was opened but not used").
        after = span.end <= cue.start or (span.end - 1 == cue.start and span.start < cue.start and span[-1].is_punct)
        if direction in ("backward", "bidirectional") and after:
            if (within(span.doc, span.end, cue.start, max_scope)
                    and not aside_holds_subject(span.doc, span.end, cue.start)
                    and not any(span.end <= t.start < cue.start for t in terminators
                                if t.rule.get("direction") != "forward")):
                end = cue.start
                if end > span.end and span.doc[end - 1].text in ARROWS:  # "Basket x3 -> failed": the arrow leads to it
                    end -= 1
                return not breaks_item(rule, span.doc, span.end, end)
        return False

