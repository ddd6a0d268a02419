import json

import pytest
import spacy

from ercp_nlp.labels import ASSERTIONS, MENTION_LABELS, SECTIONS
from ercp_nlp.pipeline.rules import RULE_KINDS, check_rules, default_rules


def component_for(nlp, kind):
    return {
        "sections": nlp.get_pipe("ercp_sections"),
        "mentions": nlp.get_pipe("ercp_mentions"),
        "cues": nlp.get_pipe("ercp_mentions").cues,
        "context": nlp.get_pipe("ercp_assertion"),
    }[kind]


@pytest.mark.parametrize("kind", sorted(RULE_KINDS))
def test_every_rule_matches_its_own_example(nlp, kind):
    component = component_for(nlp, kind)
    missing = []
    for rule in default_rules(kind):
        doc = nlp.make_doc(rule["example"])
        if kind == "context":  # some cue patterns look at sentence starts
            doc = nlp.get_pipe("ercp_sentences")(nlp.get_pipe("ercp_sections")(doc))
        if rule["id"] not in {r["id"] for r, _, _ in component.match(doc)}:
            missing.append(rule["id"])
    assert missing == []


def test_label_sets_come_from_labels_module():
    assert set(RULE_KINDS["sections"][0]) == set(SECTIONS)
    assert set(RULE_KINDS["mentions"][0]) == set(MENTION_LABELS)
    assert set(ASSERTIONS) - {"performed"} <= set(RULE_KINDS["context"][0])
    used = {r["label"] for r in default_rules("mentions")}
    assert used == set(MENTION_LABELS)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"id": "x", "label": "balloon", "literal": "b", "example": "b", "colour": "red"}, "unknown keys"),
        ({"id": "x", "label": "ballon", "literal": "b", "example": "b"}, "unknown label"),
        ({"id": "x", "label": "balloon", "example": "b"}, "exactly one"),
        ({"id": "x", "label": "balloon", "literal": "b"}, "example"),
        ({"id": "x", "label": "balloon", "literal": "b", "example": "b", "also": ["nope"]}, "also"),
        ({"id": "x", "label": "stone_removed", "literal": "b", "example": "b", "anchored": "yes"}, "anchored"),
    ],
)
def test_bad_rules_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        check_rules([bad], "mentions", "test.jsonl")


def test_a_context_rule_with_an_unknown_clause_is_refused():
    rule = {"id": "x", "label": "negated", "literal": "b", "example": "b", "clause": "strong"}
    assert check_rules([rule], "context") == [rule]
    with pytest.raises(ValueError, match="'clause' 'weak'"):
        check_rules([{**rule, "clause": "weak"}], "context", "test.jsonl")


def test_a_context_rule_for_an_unknown_section_is_refused():
    rule = {"id": "x", "label": "historical", "literal": "s/p", "example": "s/p", "not_in": ["impression"]}
    assert check_rules([rule], "context") == [rule]
    with pytest.raises(ValueError, match="'not_in'"):
        check_rules([{**rule, "not_in": ["impresion"]}], "context", "test.jsonl")


def test_a_context_rule_whose_actions_only_is_not_a_flag_is_refused():
    rule = {"id": "x", "label": "negated", "literal": "not done", "example": "not done", "actions_only": True}
    assert check_rules([rule], "context") == [rule]
    with pytest.raises(ValueError, match="'actions_only' 'yes'"):
        check_rules([{**rule, "actions_only": "yes"}], "context", "test.jsonl")


def test_duplicate_ids_are_refused():
    rule = {"id": "x", "label": "balloon", "literal": "b", "example": "b"}
    with pytest.raises(ValueError, match="unique"):
        check_rules([rule, dict(rule)], "mentions")


def test_added_rules_take_effect(nlp):
    fresh = spacy.blank("en")
    fresh.add_pipe("ercp_sections")
    fresh.add_pipe("ercp_sentences")
    mentions = fresh.add_pipe("ercp_mentions")
    fresh.initialize()
    mentions.add_rules([{"id": "bas-zzz", "label": "basket", "literal": "zorbo net", "example": "zorbo net"}])
    doc = fresh("The zorbo net captured the stone.")
    assert [(m.label_, m.text) for m in doc.spans["ercp_mentions"] if m.label_ == "basket"] == [("basket", "zorbo net")]


def test_rule_files_are_one_json_object_a_line():
    from importlib import resources

    folder = resources.files("ercp_nlp.pipeline") / "resources"
    for kind in RULE_KINDS:
        lines = (folder / f"{kind}.jsonl").read_text(encoding="utf8").splitlines()
        assert all(isinstance(json.loads(line), dict) for line in lines if line.strip())
