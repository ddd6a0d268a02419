"""Export debris and OCR slips wiped before the pipeline reads a note, offsets unchanged."""

import pytest

from ercp_nlp.explain import explain
from ercp_nlp.features import analyse_texts
from ercp_nlp.pipeline import clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Swept.</p>", "\n  Swept.\n   "),
        ("a 12&nbsp;mm balloon", "a 12      mm balloon"),
        ("stones &amp; sludge", "stones &     sludge"),
        ("{\\rtf1\\ansi Balloon sweep\\par Done}", "{           Balloon sweep\n    Done}"),
        ("Swept.\\nBasket not used.", "Swept.\n Basket not used."),
        ("ba1loon ba11oon mechanica1 1ithotripsy 0ccluded", "balloon balloon mechanical lithotripsy occluded"),
        ("~~Swept with a balloon.~~ Basket.", " " * 26 + "Basket."),
        ("{--laser--}{++EHL++} fired", " " * 14 + "EHL    fired"),
        ("a <del>basket</del> balloon", "a                   balloon"),
    ],
)
def test_clean_wipes_markup_and_ocr_slips(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize("text", ["x10 10mm 10French T1 CBD1 x1 1st 100ml ca19 pod0 day1 week10 a11", "stone <5 mm & CBD > 8; a<b", "C:\\notes\\ercp",
                                  "~~ Text imported from the 2021 report ~~"])
def test_clean_leaves_numbers_comparisons_and_plain_text(text):
    assert clean(text) == text


def test_mentions_are_found_in_the_clean_copy_and_cut_from_the_note(nlp):
    text = "<p>Fragments cleared with a 12&nbsp;mm extraction ba1loon.&nbsp;A basket was on the table but was not used.</p>"
    record = analyse_texts(nlp, [text])[0]
    found = {m["label"]: m for m in record["mentions"]}
    assert found["balloon"]["text"] == text[found["balloon"]["start"]:found["balloon"]["end"]] == "extraction ba1loon"
    assert found["balloon"]["assertion"] == "performed"
    assert found["basket"]["assertion"] == "negated"  # its own sentence once the entity is gone
    assert found["basket"]["sentence"] == "A basket was on the table but was not used."
    assert "balloon" in record["evidence_text"] and "&nbsp;" not in record["evidence_text"]
    assert explain(text, nlp=nlp)["mentions"] == record["mentions"]
