"""Rules are data: JSONL files in `resources/`, one rule a line, checked when loaded.

A rule has an `id`, a `label`, either a `literal` phrase or a spaCy Matcher token `pattern`,
and an `example` that the rule must match (every example is a test case). Each file kind
allows a few extra keys. Unknown keys, unknown labels, duplicate ids or a missing example are
refused with a `ValueError` that names the file and the rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..labels import ASSERTIONS, MENTION_LABELS, SECTIONS

COMMON_KEYS = {"id", "label", "literal", "pattern", "example", "comment"}

# file kind -> (allowed labels, extra keys allowed on a rule)
RULE_KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "sections": (frozenset(SECTIONS), frozenset()),
    "mentions": (frozenset(MENTION_LABELS), frozenset({"also", "purpose", "not_before", "anchored"})),
    "cues": (
        frozenset(
            {
                "use_extraction",
                "use_dilation",
                "use_occlusion",
                "use_cannulation",
                "use_other",
                "use_removal",
                "domain_biliary",
                "domain_other",
                "encounter",
                "document",
            }
        ),
        frozenset(),
    ),
    "context": (
        frozenset(ASSERTIONS) - {"performed"} | {"pseudo", "terminate", "negated_finding"},
        frozenset({"direction", "max_scope", "except", "box", "clause", "not_in", "unless_next", "actions_only"}),
    ),
}
DIRECTIONS = ("forward", "backward", "bidirectional", "none")
PURPOSES = ("extraction", "dilation", "occlusion", "cannulation", "other")


def check_rules(rules: Iterable[dict], kind: str, source: str = "<rules>") -> list[dict]:
    """Validate rule dicts of one kind and return them as a list."""
    labels, extra = RULE_KINDS[kind]
    allowed = COMMON_KEYS | extra
    seen: set[str] = set()
    out = []
    for rule in rules:
        where = f"{source}: rule {rule.get('id', '?')!r}"
        unknown = set(rule) - allowed
        if unknown:
            raise ValueError(f"{where} has unknown keys {sorted(unknown)}.")
        if not rule.get("id") or rule["id"] in seen:
            raise ValueError(f"{where} needs a unique non-empty id.")
        seen.add(rule["id"])
        if rule.get("label") not in labels:
            raise ValueError(f"{where} has unknown label {rule.get('label')!r}.")
        if ("literal" in rule) == ("pattern" in rule):
            raise ValueError(f"{where} needs exactly one of 'literal' or 'pattern'.")
        if not rule.get("example"):
            raise ValueError(f"{where} needs an example it matches.")
        for label in rule.get("also", []):
            if label not in labels:
                raise ValueError(f"{where} has unknown 'also' label {label!r}.")
        not_before = rule.get("not_before", [])
        if not (isinstance(not_before, list) and all(isinstance(w, str) and w == w.lower() for w in not_before)):
            raise ValueError(f"{where} has 'not_before' {not_before!r}; use a list of lower-case words.")
        if rule.get("purpose") not in (None, *PURPOSES):
            raise ValueError(f"{where} has unknown purpose {rule['purpose']!r}.")
        if rule.get("direction", "forward") not in DIRECTIONS:
            raise ValueError(f"{where} has unknown direction {rule['direction']!r}.")
        if rule.get("clause", False) not in (False, True, "strong", "line"):
            raise ValueError(f"{where} has 'clause' {rule['clause']!r}; use true, \"strong\" or \"line\".")
        if not set(rule.get("not_in", [])) <= set(SECTIONS):
            raise ValueError(f"{where} has 'not_in' {rule['not_in']!r}; use a list of section labels.")
        for flag in ("anchored", "actions_only"):
            if rule.get(flag, False) not in (False, True):
                raise ValueError(f"{where} has '{flag}' {rule[flag]!r}; use true or false.")
        out.append(rule)
    return out


def read_jsonl(path: Path | str, kind: str) -> list[dict]:
    """Read and validate a rule file from disk."""
    path = Path(path)
    with path.open(encoding="utf8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return check_rules(rows, kind, str(path))


def write_jsonl(rules: Iterable[dict], path: Path | str) -> None:
    with Path(path).open("w", encoding="utf8") as fh:
        for rule in rules:
            fh.write(json.dumps(rule, ensure_ascii=False) + "\n")


def default_rules(kind: str) -> list[dict]:
    """The rules bundled with the package for one kind (`resources/<kind>.jsonl`)."""
    ref = resources.files("ercp_nlp.pipeline") / "resources" / f"{kind}.jsonl"
    with resources.as_file(ref) as path:
        return read_jsonl(path, kind)
