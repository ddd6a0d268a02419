import pytest

from ercp_nlp.pipeline import SECTION_GROUP


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a 12mm balloon", ["a", "12", "mm", "balloon"]),
        ("10Fr x 7cm stent", ["10", "Fr", "x", "7", "cm", "stent"]),
        ("swept x3", ["swept", "x", "3"]),
        ("s/p EPT w/ balloon", ["s/p", "EPT", "w/", "balloon"]),
        ("S/P ERCP w/o issue", ["S/P", "ERCP", "w/o", "issue"]),
        ("CBD/CHD", ["CBD", "/", "CHD"]),
        ("stone(s) 8x10mm", ["stone", "(", "s", ")", "8", "x", "10", "mm"]),
        ("Olympus BML-4Q", ["Olympus", "BML", "-", "4", "Q"]),
    ],
)
def test_clinical_tokens(nlp, text, expected):
    assert [t.text for t in nlp.make_doc(text)] == expected


def sections(doc):
    return [(s.label_, s.text.split()[0]) for s in doc.spans[SECTION_GROUP]]


@pytest.mark.parametrize(
    "text, labels",
    [
        ("INDICATIONS: stones.\nFINDINGS: No stones were seen.\nIMPRESSION: normal.", ["indication", "findings", "impression"]),
        ("Ind: jaundice\nImp: CBD stones\nRec: lap chole", ["indication", "impression", "plan"]),
        ("Findings\nThe duct was swept.\n\nImpression\nCleared.", ["findings", "impression"]),
        ("findings: stones. impression: cleared. plan: chole.", ["findings", "impression", "plan"]),
        ("Description of Procedure: The scope was passed.\nRecommendations: none", ["technique", "plan"]),
        ("POSTOPERATIVE DIAGNOSIS: stones\nCOMPLICATIONS: None", ["impression", "complications"]),
        ("Plan: repeat in 6 weeks.\nADDENDUM (12/06, Dr B): a balloon was swept.", ["plan", "addendum"]),
        ("Plan: repeat.\nAddendum 02/03/2024: a basket was used.", ["plan", "addendum"]),
        ("Plan: repeat.\nAddendum 2 stones were left (see below)", ["plan"]),
        ("Befund: CBD 12 mm.\nProcedere: stent change.", ["findings", "plan"]),
        ("Findings: stones cleared.\nPost-operation: laparoscopic cholecystectomy.", ["findings"]),
        ("Repeat ERCP for Ms A. Background: a stent last month. Today the duct was swept. Impression, clear. Plan, home.",
         ["history", "technique", "impression", "plan"]),
        # a long bracketed remark between the word and its colon
        ("Plan: repeat.\nADDENDUM (entered two hours later by Dr B after review of the stored fluoroscopy and endoscopic images): "
         "a balloon sweep was done.", ["plan", "addendum"]),
        # a dictated addendum: words, then the spoken "colon"
        ("Plan colon. Home period. Addendum comma dictated the next day by Dr B colon. The basket was used period.",
         ["plan", "addendum"]),
        ("Summary of management so far:\n- ERCP 1: stent.\nFindings: clear.", ["history", "findings"]),
        # a header word inside a running phrase is not a header
        ("Findings: the balloon was inflated for an occlusion cholangiogram: CBD 9 mm.", ["findings"]),
    ],
)
def test_section_headers(nlp, text, labels):
    assert [label for label, _ in sections(nlp(text))] == labels


def test_words_that_are_not_headers(nlp):
    doc = nlp("We reviewed the findings with the family and the plan of care.")
    assert list(doc.spans[SECTION_GROUP]) == []


def test_long_procedure_section_is_narrative(nlp):
    body = " ".join(["The scope was advanced and the papilla was seen."] * 8)
    doc = nlp(f"PROCEDURE: {body}\nIMPRESSION: ok")
    assert [s.label_ for s in doc.spans[SECTION_GROUP]] == ["technique", "impression"]


@pytest.mark.parametrize(
    "text, n",
    [
        ("FINDINGS: No stones were seen. The duct was swept.", 3),
        ("1. Stones in CBD.\n2. Balloon sweep done.\n3. Stent placed", 3),
        ("- stones\n- balloon sweep\n* stent", 3),
        ("findings: stones seen impression: duct cleared", 4),
        ("The duct was swept\nwith a balloon and cleared.", 1),
        ("Dr. Smith performed the ERCP. Stones were removed.", 2),
    ],
)
def test_sentences(nlp, text, n):
    assert len(list(nlp(text).sents)) == n
