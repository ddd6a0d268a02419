"""Sample the facts of a procedure, and derive labels and hard-case kinds from them.

The facts are the single source of truth: ``labels_from_facts`` and
``hard_cases_from_facts`` are plain functions of the facts dict, and the text is
written from the same dict by ``render.py``. Nothing about a label is decided
while writing text.

A technique label comes only from ``facts["steps"]``: each step names what was
done to stones in this procedure, and ``STEP_TECHS`` says which labels it sets.
Everything else in the facts (dilation, occlusion cholangiogram, cannulation
balloon, cholangioscopy for biopsy, ESWL, history, plan, negations, procedure
list) is a look-alike that sets no label.
"""

from __future__ import annotations

import random

from ercp_nlp.labels import LITHOTRIPSY, TECHNIQUES

# The labels each step sets. Failed or partial attempts still set their label.
STEP_TECHS = {
    "balloon_sweep": ("balloon",),
    "balloon_sweep_negative": ("balloon",),
    "balloon_sweep_failed": ("balloon",),
    "basket_extraction": ("basket",),
    "basket_failed": ("basket",),
    "bml": ("basket", "mechanical_lithotripsy"),
    "impacted_basket_ml": ("basket", "mechanical_lithotripsy"),
    "ehl": ("electrohydraulic_lithotripsy",),
    "ehl_failed": ("electrohydraulic_lithotripsy",),
    "laser": ("laser_lithotripsy",),
    "laser_partial": ("laser_lithotripsy",),
}
FRAGMENTING_STEPS = {"bml", "impacted_basket_ml", "ehl", "laser"}
CLEARING_STEPS = {"balloon_sweep", "basket_extraction"}
# Steps whose description can stand alone in an impression without implying another label.
IMPRESSION_ONLY_STEPS = {"balloon_sweep", "basket_extraction", "ehl", "laser"}

HARD_CASE_KINDS = (
    "negated", "planned", "historical", "attempted_failed", "balloon_dilation",
    "balloon_dilation_with_extraction", "occlusion_balloon", "negative_sweep", "impacted_basket",
    "cholangioscopy_biopsy_only", "litho_then_clearance", "pancreatic_duct", "eswl", "stent_only",
    "procedure_list_only", "impression_only", "sludge_debris_only", "irrigation_only",
    "fragments_left", "cannulation_balloon", "non_ercp",
)

# name: weight. Each scenario is a small function below.
SCENARIO_WEIGHTS = {
    "balloon_clear": 15, "basket_clear": 6, "balloon_basket": 7, "bml": 7, "impacted_basket": 2.5,
    "ehl": 5, "laser": 5, "laser_then_ehl": 1.5, "negative_sweep": 6, "sludge": 5,
    "failed_extraction": 5, "stent_only": 4, "fragments_left": 3, "irrigation": 2.5,
    "occlusion_only": 4, "dilation_only": 3, "dilation_extraction": 4, "cannulation_balloon": 2.5,
    "cholangioscopy_biopsy": 3, "pancreatic": 4, "no_stone_ercp": 3, "stone_gone": 2, "stent_exchange": 3,
}
# Why stones seen at ERCP were deliberately left (stent exchange / stent only).
LEFT_REASONS = ("goals_of_care", "anticoagulation", "frailty", "sepsis", "staged", "coagulopathy")

# Notes written around an ERCP that are not its report: they recap a past ERCP and plan the next.
PERI_TYPES = ("clinic_letter", "opd_followup", "opd_indian", "ward_preop", "preop_assessment",
              "referral_letter", "discharge_previous")
OTHER_NON_ERCP_TYPES = ("ureteroscopy", "ureteroscopy", "pcnl", "eswl_renal", "angioplasty", "peripheral_angioplasty",
                        "lap_chole_ioc", "foley", "gi_consult", "gi_consult", "discharge_summary")
PERI_SHARE = 0.55  # share of non-ERCP notes that are peri-ERCP notes
# One-to-three-line notes as terse as a hand-off but not an ERCP report: a past ERCP noted in clinic,
# an ERCP planned for tomorrow, a ureteroscopy with laser and basket, a PCI with a balloon, a lap chole + IOC.
SHORT_NON_ERCP_TYPES = ("handoff_past", "handoff_future", "handoff_urs", "handoff_pci", "handoff_ioc")
SHORT_NON_ERCP_SHARE = 0.12  # share of non-ERCP notes that are short


def empty_facts() -> dict:
    return {
        "kind": "ercp", "scenario": None, "duct": "bile",
        "material": None,  # "stones" | "sludge" | "debris" | "cast" | "pus" | None (nothing found)
        "n_stones": 0, "size_mm": 0,
        "steps": [],  # [{"step": name, "where": "body" | "impression"}]
        "removed": False, "removal_means": None,  # "device" | "irrigation"
        "fragments_all_left": False, "residual": False, "stone_gone": False,
        "sphincterotomy": None,  # "new" | "existing"
        "dilation": None,  # "sphincteroplasty" | "stricture"
        "occlusion_cholangiogram": False, "cannulation_balloon": False,
        "cholangioscopy": None,  # "biopsy" | "lithotripsy"
        "stent_placed": False, "stent_removed": False,
        "negated": [], "planned": [], "historical": [], "eswl": None,  # "history" | "plan"
        "procedure_list_extra": [], "nonercp_type": None, "left_reason": None,
    }


def _stones(f, rng, large=False):
    f["material"] = "stones"
    f["n_stones"] = rng.choice([1, 1, 1, 2, 3]) if large else rng.choice([1, 1, 2, 2, 3, 4, 5, 8])
    f["size_mm"] = rng.randint(14, 30) if large else rng.randint(4, 14)


def _step(f, name):
    f["steps"].append({"step": name, "where": "body"})


def sample_ercp(rng: random.Random, scenario: str | None = None) -> dict:
    """Sample one ERCP procedure's facts (of ``scenario`` if given)."""
    f = empty_facts()
    names = list(SCENARIO_WEIGHTS)
    sc = scenario or rng.choices(names, weights=[SCENARIO_WEIGHTS[n] for n in names])[0]
    f["scenario"] = sc
    f["sphincterotomy"] = rng.choice(["new", "new", "new", "existing", None])
    if sc == "balloon_clear":
        _stones(f, rng)
        _step(f, "balloon_sweep")
        f["removed"], f["residual"] = True, rng.random() < 0.1
    elif sc == "basket_clear":
        _stones(f, rng)
        _step(f, "basket_extraction")
        f["removed"] = True
    elif sc == "balloon_basket":
        _stones(f, rng)
        order = ["balloon_sweep", "basket_extraction"]
        rng.shuffle(order)
        if rng.random() < 0.3:
            order = ["balloon_sweep_failed", "basket_extraction"]
        for s in order:
            _step(f, s)
        f["removed"], f["residual"] = True, rng.random() < 0.1
    elif sc == "bml":
        _stones(f, rng, large=True)
        if rng.random() < 0.4:
            _step(f, rng.choice(["basket_failed", "balloon_sweep_failed"]))
        _step(f, "bml")
        if rng.random() < 0.85:
            _step(f, rng.choice(["balloon_sweep", "basket_extraction", "balloon_sweep"]))
        f["removed"], f["residual"] = True, rng.random() < 0.15
    elif sc == "impacted_basket":
        _stones(f, rng, large=True)
        _step(f, "impacted_basket_ml")
        _step(f, rng.choice(["balloon_sweep", "basket_extraction"]))
        f["removed"] = True
    elif sc in ("ehl", "laser", "laser_then_ehl"):
        _stones(f, rng, large=True)
        f["cholangioscopy"] = "lithotripsy"
        if rng.random() < 0.3:
            _step(f, rng.choice(["basket_failed", "balloon_sweep_failed"]))
        if sc == "laser_then_ehl":
            _step(f, "laser_partial")
            _step(f, "ehl")
        elif sc == "ehl" and rng.random() < 0.15:
            _step(f, "ehl_failed")
            _step(f, "laser")
        else:
            _step(f, sc)
        _step(f, rng.choice(["balloon_sweep", "basket_extraction", "balloon_sweep"]))
        f["removed"], f["residual"] = True, rng.random() < 0.15
        if f["duct"] == "bile" and rng.random() < 0.2:
            f["dilation"] = "sphincteroplasty"
    elif sc == "negative_sweep":
        _step(f, "balloon_sweep_negative")
        f["occlusion_cholangiogram"] = rng.random() < 0.3
    elif sc == "sludge":
        f["material"] = rng.choice(["sludge", "sludge", "debris", "cast", "pus"])
        _step(f, rng.choice(["balloon_sweep", "balloon_sweep", "balloon_sweep", "basket_extraction"]))
        f["removed"] = True
    elif sc == "failed_extraction":
        _stones(f, rng, large=True)
        tries = rng.sample(["balloon_sweep_failed", "basket_failed", "ehl_failed"], rng.choice([1, 1, 2]))
        for s in tries:
            _step(f, s)
        if "ehl_failed" in tries:
            f["cholangioscopy"] = "lithotripsy"
        f["stent_placed"] = True
    elif sc == "stent_only":
        _stones(f, rng, large=rng.random() < 0.7)
        f["stent_placed"] = True
        f["occlusion_cholangiogram"] = rng.random() < 0.3
        if rng.random() < 0.4:
            f["left_reason"] = rng.choice(LEFT_REASONS)
    elif sc == "stent_exchange":  # old stent out, stones seen and deliberately left, new stent in
        _stones(f, rng, large=rng.random() < 0.6)
        f["stent_removed"], f["stent_placed"] = True, True
        f["left_reason"] = rng.choice(LEFT_REASONS)
    elif sc == "fragments_left":
        _stones(f, rng, large=True)
        s = rng.choice(["bml", "ehl", "laser"])
        if s != "bml":
            f["cholangioscopy"] = "lithotripsy"
        _step(f, s)
        f["fragments_all_left"], f["stent_placed"] = True, True
    elif sc == "irrigation":
        f["material"] = rng.choice(["stones", "sludge", "sludge", "debris"])
        if f["material"] == "stones":
            f["n_stones"], f["size_mm"] = rng.choice([1, 2, 3]), rng.randint(2, 5)
        f["removed"], f["removal_means"] = True, "irrigation"
        f["sphincterotomy"] = "new"
        f["occlusion_cholangiogram"] = rng.random() < 0.3
    elif sc == "occlusion_only":
        f["occlusion_cholangiogram"] = True
    elif sc == "dilation_only":
        f["dilation"] = rng.choice(["sphincteroplasty", "stricture", "stricture"])
        f["stent_placed"] = f["dilation"] == "stricture" and rng.random() < 0.6
    elif sc == "dilation_extraction":
        _stones(f, rng, large=True)
        f["dilation"] = "sphincteroplasty"
        if rng.random() < 0.3:
            _step(f, "bml")
        _step(f, rng.choice(["balloon_sweep", "basket_extraction", "basket_extraction"]))
        f["removed"] = True
    elif sc == "cannulation_balloon":
        f["cannulation_balloon"] = True
        if rng.random() < 0.5:
            _stones(f, rng)
            _step(f, "basket_extraction")
            f["removed"] = True
    elif sc == "cholangioscopy_biopsy":
        f["cholangioscopy"] = "biopsy"
        f["stent_placed"] = rng.random() < 0.5
    elif sc == "pancreatic":
        f["duct"] = "pancreatic"
        f["sphincterotomy"] = rng.choice(["new", "existing"])
        _stones(f, rng)
        r = rng.random()
        if r < 0.5:
            _step(f, rng.choice(["balloon_sweep", "basket_extraction"]))
            f["removed"] = True
        elif r < 0.7:
            f["cholangioscopy"] = "lithotripsy"
            _step(f, rng.choice(["ehl", "laser"]))
            _step(f, "balloon_sweep")
            f["removed"] = True
        elif r < 0.85:
            _step(f, "basket_failed")
            f["stent_placed"] = True
        else:
            f["stent_placed"] = True
        f["eswl"] = rng.choice([None, "history", "plan", "history"])
        if f["eswl"] == "plan" and f["removed"]:
            f["residual"] = True
    elif sc == "no_stone_ercp":
        f["stent_removed"] = rng.random() < 0.6
        f["stent_placed"] = rng.random() < 0.5
    elif sc == "stone_gone":
        f["stone_gone"] = True
        if rng.random() < 0.6:
            _step(f, "balloon_sweep_negative")
    # a stent is often left after a clearance or a negative study too
    if not f["stent_placed"] and rng.random() < 0.15:
        f["stent_placed"] = True
    if f["scenario"] not in ("no_stone_ercp",) and rng.random() < 0.08:
        f["stent_removed"] = True
    if f["removed"] and f["material"] == "stones" and f["removal_means"] is None and rng.random() < 0.3:
        f["occlusion_cholangiogram"] = True  # a completion occlusion study after a sweep
    _add_assertion_lookalikes(f, rng)
    return f


def _add_assertion_lookalikes(f, rng):
    done = techniques_done(f)
    not_done = [t for t in TECHNIQUES if t not in done]
    if rng.random() < 0.22 and not_done:
        pool = list(not_done)
        if not any(t in done for t in LITHOTRIPSY):
            pool.append("lithotripsy")
        f["negated"] = rng.sample(pool, rng.choice([1, 1, 2]) if len(pool) > 1 else 1)
    if rng.random() < 0.18 and not_done:
        f["planned"] = rng.sample(not_done, 1)
    if rng.random() < 0.22:
        f["historical"] = rng.sample(list(TECHNIQUES), rng.choice([1, 1, 2]))
    if f["eswl"] is None and rng.random() < 0.04:
        f["eswl"] = rng.choice(["history", "plan"])
    if rng.random() < 0.07 and not_done:
        f["procedure_list_extra"] = [rng.choice(not_done)]
    impressible = [i for i, s in enumerate(f["steps"]) if s["step"] in IMPRESSION_ONLY_STEPS]
    if impressible and f["removed"] and rng.random() < 0.08:
        f["steps"][rng.choice(impressible)]["where"] = "impression"


def sample_non_ercp(rng: random.Random) -> dict:
    f = empty_facts()
    f["kind"] = "non_ercp"
    f["scenario"] = "non_ercp"
    f["sphincterotomy"] = None
    if rng.random() < SHORT_NON_ERCP_SHARE:
        sample_short_non_ercp(f, rng)
    elif rng.random() < PERI_SHARE:
        sample_peri(f, rng)
    else:
        f["nonercp_type"] = rng.choice(OTHER_NON_ERCP_TYPES)
    return f


def sample_short_non_ercp(f, rng):
    """A short note that is not an ERCP report; a past or planned ERCP keeps its facts in ``past``."""
    t = rng.choice(("handoff_past", "handoff_past", "handoff_future", "handoff_future", "handoff_urs", "handoff_pci",
                    "handoff_ioc"))
    f["nonercp_type"], f["plan_techs"], f["plan_other"] = t, [], []
    if t == "handoff_past":  # a past ERCP with its real steps and outcome
        past = sample_ercp(rng)
        past.update(negated=[], planned=[], historical=[], procedure_list_extra=[], eswl=None)
        for s in past["steps"]:
            s["where"] = "body"
        f["past"], f["past_ercp"] = past, True
    elif t == "handoff_future":  # stones on imaging, ERCP planned with techniques
        past = empty_facts()
        _stones(past, rng, large=rng.random() < 0.5)
        f["past"], f["past_ercp"] = past, False
        f["plan_techs"] = rng.sample(list(TECHNIQUES), rng.choice([1, 1, 2]))


def sample_peri(f, rng):
    """A note written around an ERCP: the past ERCP it recaps (its real steps and outcome) and the plan.

    ``past`` holds the full facts of the earlier ERCP (or, when ``past_ercp`` is false, only the
    stones seen on imaging before a first ERCP); ``plan_techs`` are the techniques of the ERCP
    being planned; ``plan_other`` its other items. None of it sets a label: the note is not the
    report of an ERCP.
    """
    t = rng.choice(PERI_TYPES + ("clinic_letter", "opd_followup", "ward_preop"))
    f["nonercp_type"] = t
    first_ercp = t in ("ward_preop", "preop_assessment") and rng.random() < 0.35
    if first_ercp:
        past = empty_facts()
        _stones(past, rng, large=rng.random() < 0.4)
    else:
        past = sample_ercp(rng)
        past.update(negated=[], planned=[], historical=[], procedure_list_extra=[])
        if past["eswl"] == "plan":
            past["eswl"] = None
        for s in past["steps"]:
            s["where"] = "body"
    f["past"], f["past_ercp"] = past, not first_ercp
    left = past["material"] is not None and (not past["removed"] or past["residual"])
    if first_ercp or left:
        pool = ["balloon", "basket", "mechanical_lithotripsy", "electrohydraulic_lithotripsy", "laser_lithotripsy"]
        if left and past["size_mm"] >= 14:
            pool = pool[2:] + ["basket"]
        f["plan_techs"] = rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))
        other = ["cholangioscopy", "sphincteroplasty", "sphincterotomy"] if first_ercp else \
            ["stent exchange", "cholangioscopy", "sphincteroplasty", "stent removal"]
        f["plan_other"] = rng.sample(other, rng.choice([0, 1, 1]))
    elif rng.random() < 0.8 or t in ("ward_preop", "preop_assessment", "referral_letter"):
        f["plan_techs"] = rng.sample(["balloon", "basket"], rng.choice([0, 1, 1]))
        f["plan_other"] = rng.choice([["stent removal"], ["check cholangiogram"], ["stent removal", "check cholangiogram"],
                                      ["stent exchange"]])
    else:
        f["plan_techs"], f["plan_other"] = [], []  # no further ERCP needed


def techniques_done(f: dict) -> set:
    return {t for s in f["steps"] for t in STEP_TECHS[s["step"]]}


def labels_from_facts(f: dict) -> dict:
    """The gold labels of a note, computed from its facts alone."""
    if f["kind"] != "ercp":
        return {**{t: 0 for t in TECHNIQUES}, "stones": None}
    done = techniques_done(f)
    if f["material"] is None:
        stones = "none_found"
    elif f["removed"]:
        stones = "removed"
    else:
        stones = "not_removed"
    return {**{t: int(t in done) for t in TECHNIQUES}, "stones": stones}


def hard_cases_from_facts(f: dict) -> list:
    """The hard-case kinds a note exhibits, computed from its facts alone."""
    if f["kind"] != "ercp":
        return ["non_ercp"]
    steps = [s["step"] for s in f["steps"]]
    done = techniques_done(f)
    labels = labels_from_facts(f)
    extracted = bool(set(steps) & CLEARING_STEPS) or f["removed"]
    hc = []
    if f["negated"]:
        hc.append("negated")
    if f["planned"] or f["eswl"] == "plan":
        hc.append("planned")
    if f["historical"] or f["eswl"] == "history":
        hc.append("historical")
    if any(s.endswith("_failed") or s == "laser_partial" for s in steps):
        hc.append("attempted_failed")
    if f["dilation"]:
        hc.append("balloon_dilation_with_extraction" if extracted else "balloon_dilation")
    if f["occlusion_cholangiogram"] and "balloon" not in done:
        hc.append("occlusion_balloon")
    if "balloon_sweep_negative" in steps:
        hc.append("negative_sweep")
    if "impacted_basket_ml" in steps:
        hc.append("impacted_basket")
    if f["cholangioscopy"] == "biopsy":
        hc.append("cholangioscopy_biopsy_only")
    frag = [i for i, s in enumerate(steps) if s in FRAGMENTING_STEPS]
    if frag and any(s in CLEARING_STEPS for s in steps[frag[0] + 1:]):
        hc.append("litho_then_clearance")
    if f["duct"] == "pancreatic":
        hc.append("pancreatic_duct")
    if f["eswl"]:
        hc.append("eswl")
    if labels["stones"] == "not_removed" and not steps and f["stent_placed"]:
        hc.append("stent_only")
    if f["procedure_list_extra"]:
        hc.append("procedure_list_only")
    if any(s["where"] == "impression" for s in f["steps"]):
        hc.append("impression_only")
    if f["material"] in ("sludge", "debris", "cast", "pus") and f["removed"]:
        hc.append("sludge_debris_only")
    if f["removal_means"] == "irrigation":
        hc.append("irrigation_only")
    if f["fragments_all_left"]:
        hc.append("fragments_left")
    if f["cannulation_balloon"]:
        hc.append("cannulation_balloon")
    return hc
