"""Turn a facts dict into the text of a note, in one documentation style.

``render(facts, style, family, rng)`` returns ``(text, template_ids)``. Every key-fact
sentence is drawn from ``phrases.KEY`` restricted to the note's family, and its id
(``"key#index"``) is recorded so tests can prove the family split is honest.
Styles differ in section order, header format, register (terse templates and
abbreviations), dialect and noise; they never change what the facts say.
"""

from __future__ import annotations

import random

from .facts import FRAGMENTING_STEPS, techniques_done
from .phrases import KEY, N_FAMILIES, SHARED, SHARED_KEYS

STYLES = (
    "structured", "narrative", "terse", "british", "teaching", "checkbox",
    "telegraphic", "messy", "discharge", "indian", "australian", "progress", "brief", "handoff",
)
TERSE_STYLES = {"terse", "telegraphic", "indian", "checkbox"}

NUM_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 8: "eight"}


class Writer:
    """Draws templates for one note: family-restricted keys, shared filler, slot filling."""

    def __init__(self, rng: random.Random, family: int, style: str, slots: dict):
        self.rng, self.family, self.style, self.slots = rng, family, style, slots
        self.used: list[str] = []
        self.filler: set[str] = set()  # sentences drawn from SHARED filler

    def options(self, key):
        if key in SHARED_KEYS:
            return list(enumerate(KEY[key]))
        return [(i, t) for i, t in enumerate(KEY[key]) if i % N_FAMILIES == self.family]

    def say(self, key, **extra):
        """One sentence realising ``key`` from this note's family."""
        opts = self.options(key)
        terse = [o for o in opts if o[1].startswith("~")]
        full = [o for o in opts if not o[1].startswith("~")]
        want_terse = self.rng.random() < (0.75 if self.style in TERSE_STYLES else 0.12)
        pool = (terse if want_terse else full) or opts
        i, t = self.rng.choice(pool)
        self.used.append(f"{key}#{i}")
        return self.fill(t.lstrip("~"), **extra)

    def header(self, section):
        if self.rng.random() < 0.5:
            return SHARED["h_common"][section]
        return self.say("h_" + section)

    def fill(self, template, **extra):
        text = template.format_map({**self.slots, **extra})
        return text[:1].upper() + text[1:]

    def any(self, key):
        text = self.rng.choice(SHARED[key])
        self.filler.add(text)
        return text


# --------------------------------------------------------------------------- slots
def _mm(rng, n):
    return rng.choice([f"{n}mm", f"{n} mm", f"{n} mm", f"{n}-mm", f"{n / 10:.1f} cm"])


def make_slots(f: dict, rng: random.Random) -> dict:
    bile = f["duct"] == "bile"
    s = {
        "duct": rng.choice(["CBD", "CBD", "common bile duct", "bile duct", "common duct"] if bile
                           else ["PD", "main pancreatic duct", "pancreatic duct", "MPD"]),
        "target": "biliary" if bile else "pancreatic",
        "oscopy": "cholangioscopy" if bile else "pancreatoscopy",
        "oscopic": "cholangioscopic" if bile else "pancreatoscopic",
        "cbd_size": _mm(rng, rng.randint(9, 18) if bile else rng.randint(5, 10)),
        "bal": rng.choice(SHARED["balloon_device"]),
        "bsk": rng.choice(SHARED["basket_device"]),
        "bml": rng.choice(SHARED["bml_device"]),
        "ehl": rng.choice(SHARED["ehl_device"]),
        "laser": rng.choice(SHARED["laser_device"]),
        "scope": rng.choice(SHARED["scope"]),
        "stent": rng.choice(SHARED["stent_bile"] if bile else SHARED["stent_panc"]),
        "dil_bal": rng.choice(SHARED["dil_balloon"]),
        "dil_size": _mm(rng, rng.choice([10, 12, 13, 15, 18]) if f["dilation"] != "stricture" else rng.choice([6, 8, 10])),
        "wire": rng.choice(SHARED["wire"]),
        "passes": str(rng.randint(2, 6)),
        "year": rng.choice(SHARED["years"]),
        "size": _mm(rng, f["size_mm"] or 8),
        "reason": rng.choice(SHARED["left_reason"][f["left_reason"] or "generic"]),
    }
    s["target_cap"] = s["target"].capitalize()
    s.update(stone_slots(f, rng, s["size"]))
    return s


# Compact names for hand-off notes (``handoff_slots``, ``handoff_steps``).
HF_LITHO = {
    "bml": ["BML", "BML basket", "mech litho (BML)", "basket mech litho", "ML w/ litho basket", "Trapezoid BML"],
    "ehl": ["EHL", "SpyGlass EHL", "DSOC-EHL", "Spy + EHL", "cholangioscopic EHL", "EHL (Spy)"],
    "laser": ["laser", "holmium laser", "Spy + laser", "LL", "FREDDY laser", "SpyGlass laser litho"],
}
HF_LITHO.update(ehl_failed=HF_LITHO["ehl"], laser_partial=HF_LITHO["laser"])
HF_FAILED_DEV = {
    "balloon_sweep_failed": ["balloon", "bal sweep", "extraction balloon", "balloon sweeps", "bal", "balloon trawl"],
    "basket_failed": ["basket", "Dormia", "Trapezoid basket", "basketing", "wire basket", "Dormia basket"],
}
HF_STEP_KEY = {"balloon_sweep": "hf_sweep", "basket_extraction": "hf_basket", "balloon_sweep_negative": "hf_sweep_negative",
               "balloon_sweep_failed": "hf_failed", "basket_failed": "hf_failed", "bml": "hf_litho",
               "impacted_basket_ml": "hf_impacted", "ehl": "hf_litho", "laser": "hf_litho", "ehl_failed": "hf_litho_failed",
               "laser_partial": "hf_litho_failed"}


def handoff_slots(f: dict, rng: random.Random) -> dict:
    """Compact slot values of a hand-off note: "CBD", "3 stones", "15mm bal", "10Fr stent"."""
    bile = f["duct"] == "bile"
    duct = rng.choice(["CBD", "CBD", "CBD", "CHD", "bile duct", "duct"] if bile else ["PD", "PD", "MPD", "panc duct"])
    sz = f["size_mm"] or 8
    size = rng.choice([f"{sz}mm", f"{sz} mm", f"{sz}mm", f"{sz / 10:.1f}cm"])
    m, n = f["material"], f["n_stones"]
    if m == "stones" and n == 1:
        hs = rng.choice([f"{size} stone", "1 stone", f"single {size} stone", f"stone ({size})", f"{duct} stone",
                         "large stone" if sz >= 14 else "small stone", f"{size} {duct} stone", "stone"])
        ref = rng.choice(["stone", "the stone"])
    elif m == "stones":
        hs = rng.choice([f"{n} stones", f"x{n} stones", "multiple stones", f"{n} stones up to {size}", "several stones",
                         f"{n} {duct} stones", f"stones x{n}", "lots of small stones" if n >= 4 else f"{n} stones ({size} max)"])
        ref = rng.choice(["stones", "the stones"])
    else:
        hs = rng.choice({"sludge": ["sludge", "sludge/sand", "thick sludge"], "debris": ["debris", "sludge + debris", "stone debris"],
                         "cast": ["cast", "bile cast", "cast material"], "pus": ["pus + debris", "pus/sludge", "pus and debris"],
                         None: ["nothing"]}[m])
        ref = hs
    dil = rng.choice(["12mm", "15mm", "13.5 mm", "18mm", "10mm", "12 mm"] if f["dilation"] != "stricture"
                     else ["6mm", "8mm", "10mm", "8 mm"])
    return {
        "duct": duct, "hs": hs, "hs_ref": ref, "size": size, "dil": dil,
        "bal": rng.choice(["balloon", "bal", "extraction balloon", "12mm balloon", "15mm bal", "retrieval balloon",
                           "9-12mm bal", "Extractor bal"]),
        "bsk": rng.choice(["basket", "Dormia", "Dormia basket", "Trapezoid", "wire basket", "Memory basket", "4-wire basket"]),
        "stent": rng.choice(["10Fr stent", "10Fr x 7cm plastic stent", "7Fr pigtail", "FCSEMS", "10x60 FCSEMS",
                             "2x 10Fr stents", "10Fr straight stent", "8.5Fr stent"] if bile
                            else ["5Fr PD stent", "7Fr PD stent", "PD stent", "5Fr x 5cm PD stent"]),
        "n": str(rng.randint(2, 5)), "year": rng.choice(SHARED["years"]),
        "reason": rng.choice(SHARED["hf_reason"][f["left_reason"] or "generic"]),
    }


def handoff_steps(f: dict, w: Writer) -> list:
    """One compact fragment per step of ``f["steps"]``; later steps speak of fragments or the rest."""
    rng, out, prev = w.rng, [], None
    mat = "stones" if f["material"] == "stones" and f["n_stones"] > 1 else "stone" if f["material"] == "stones" else f["material"]
    for s in f["steps"]:
        name = s["step"]
        extra = {}
        if prev == "fragmented":
            extra["hs"] = rng.choice(["frags", "fragments", "the frags", "pieces", "frags + debris"])
        elif prev == "removed":
            extra["hs"] = rng.choice(["the rest", f"remaining {mat}", "residual"])
        elif prev == "tried":
            extra["hs"] = w.slots["hs_ref"]
        if name in HF_LITHO:
            extra["litho"] = rng.choice(HF_LITHO[name])
        if name in HF_FAILED_DEV:
            extra["dev"] = rng.choice(HF_FAILED_DEV[name])
        out.append(w.say(HF_STEP_KEY[name], **extra))
        prev = ("fragmented" if name in FRAGMENTING_STEPS else "removed" if name in ("balloon_sweep", "basket_extraction")
                else "tried" if prev is None else prev)
    return out


def handoff_outcome(f: dict, w: Writer) -> list:
    """The stones outcome of a hand-off note (none found is sometimes left unsaid, as in the reports)."""
    rng = w.rng
    if f["material"] is None:
        negative = any(s["step"] == "balloon_sweep_negative" for s in f["steps"])
        return [w.say("hf_none")] if f["stone_gone"] or rng.random() < (0.5 if negative else 0.85) else []
    if f["removed"]:
        if f["residual"]:
            return [w.say("hf_partial")]
        return [w.say("hf_cleared")] if rng.random() < 0.9 else []
    if f["fragments_all_left"]:
        return [w.say("hf_frag_left")]
    if f["steps"]:
        return [w.say("hf_remains")]
    text = w.say("hf_not_attempted")
    if w.slots["hs"].lower() not in text.lower() and "stone" not in text.lower():  # say what was seen and left
        text = rng.choice(SHARED["hf_seen"]).format_map(w.slots) + ", " + text
    return [text]


def stone_slots(f, rng, size):
    m, n = f["material"], f["n_stones"]
    if m == "stones" and n == 1:
        np_ = rng.choice([f"a {size} stone", f"a single {size} stone", f"a {size} calculus",
                          f"one stone measuring {size}", "a large stone" if f["size_mm"] >= 14 else "a small stone",
                          f"a {size} impacted stone" if f["size_mm"] >= 14 else f"a {size} faceted stone"])
        return {"stone_np": np_, "stone_ref": rng.choice(["the stone", "the stone", "the calculus"]),
                "was": "was", "them": "it", "they": "it"}
    if m == "stones":
        nw = NUM_WORDS.get(n, str(n))
        np_ = rng.choice([f"{nw} stones, the largest {size}", f"multiple stones up to {size}", f"{n} stones ({size} max)",
                          f"several calculi up to {size}", f"{nw} stones" , f"multiple {size} stones",
                          "numerous small stones" if f["size_mm"] < 10 else f"{nw} large stones"])
        return {"stone_np": np_, "stone_ref": rng.choice(["the stones", "the stones", "the calculi"]),
                "was": "were", "them": "them", "they": "they"}
    table = {
        "sludge": (["sludge", "thick sludge", "biliary sludge", "sludge and sand"], "the sludge"),
        "debris": (["debris", "sludge and debris", "stone debris", "amorphous debris"], "the debris"),
        "cast": (["a biliary cast", "cast material", "a soft bile cast"], "the cast"),
        "pus": (["pus and debris", "purulent bile with debris", "pus with sludge"], "the debris"),
        None: (["no stones"], "the duct"),
    }
    nps, ref = table[m]
    return {"stone_np": rng.choice(nps), "stone_ref": ref, "was": "was", "them": "it", "they": "it"}


def frag_slots(rng):
    return {"stone_np": rng.choice(["the fragments", "multiple fragments", "stone fragments", "the fragments and debris",
                                    "the pieces", "fragments"]),
            "stone_ref": rng.choice(["the fragments", "the stone fragments"]),
            "was": "were", "them": "them", "they": "they"}


def dx_phrase(f, rng):
    if f["duct"] == "pancreatic":
        return rng.choice(SHARED["dx_panc"])
    if f["material"] in ("sludge", "debris", "cast", "pus"):
        return rng.choice(SHARED["dx_sludge"])
    if f["size_mm"] >= 14:
        return rng.choice(SHARED["dx_large"])
    return rng.choice(SHARED["dx_stones"])


def join_names(names):
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- sections
def history_sentences(f, w: Writer, n_pmh: int) -> list:
    rng = w.rng
    age = rng.randint(24, 94)
    sex = rng.choice(["man", "woman", "male", "female", "gentleman", "lady"])
    out = [f"{age}-year-old {sex} who {rng.choice(SHARED['presentation'])}."]
    pmh = rng.sample(SHARED["pmh_items"], min(n_pmh, len(SHARED["pmh_items"])))
    if pmh:
        if rng.random() < 0.5:
            out.append("Past history includes " + join_names(pmh) + ".")
        else:
            for item in pmh:
                out.append(rng.choice([
                    f"Known {item}.", f"Background of {item}.", f"In {rng.choice(SHARED['years'])} diagnosed with {item}.",
                    f"Also has {item}, followed by the GP.", f"{item[:1].upper() + item[1:]}, stable.",
                    f"She was reviewed for {item} last year with no change in management.",
                    f"Long-standing {item}, managed in primary care.",
                ]))
    if n_pmh > 6:
        out.append("Medications: " + ", ".join(rng.sample(SHARED["meds"], rng.randint(3, 9))) + ".")
        out.append(rng.choice(SHARED["social"]))
        out.append(rng.choice(["Allergies: penicillin (rash).", "NKDA.", "Allergic to iodine contrast - premedicated.", "No known allergies."]))
    if n_pmh > 12:
        out.extend(long_background(rng, (n_pmh - 12) * 45))
    if f["stent_removed"] and rng.random() < 0.5:
        out.append(rng.choice(["A stent was placed at the previous ERCP.", "Has an indwelling biliary stent.",
                               "Stent in situ from the last procedure."]))
    return out


def history_special(f, w: Writer) -> list:
    """Earlier techniques and ESWL: the history sentences a hard case depends on."""
    out = [w.say("historical", tech=w.rng.choice(SHARED["tech_names"][t])) for t in f["historical"]]
    if f["eswl"] == "history":
        out.append(w.say("eswl_history"))
    return out


def long_background(rng, target_words: int) -> list:
    """Label-free history, examination, labs and imaging, about ``target_words`` long."""
    pron = rng.choice(["he", "she"])
    out, words = [], 0
    while words < target_words:
        kind = rng.choice(["admission_events"] * 3 + ["ros", "exam", "labs", "imaging", "family_hx", "social"])
        t = rng.choice(SHARED[kind])
        s = t.format(year=rng.choice(SHARED["years"]), pron=pron, Pron=pron.capitalize(),
                     item=rng.choice(SHARED["pmh_items"]), n=rng.randint(2, 14), clinic=rng.choice(SHARED["clinics"]),
                     a=rng.randint(8, 240), b=rng.randint(60, 900), c=rng.randint(15, 600), d=rng.randint(30, 1200),
                     e=round(rng.uniform(4, 22), 1), f=rng.randint(1, 300), g=rng.randint(20, 4000), h=rng.randint(0, 9),
                     i=rng.randint(90, 450), j=rng.randint(80, 160), k=rng.randint(50, 300), l=rng.randint(15, 90),
                     m=round(rng.uniform(0.4, 12), 1))
        out.append(s)
        words += len(s.split())
    return out


def indication(f, rng) -> str:
    if f["duct"] == "pancreatic":
        return rng.choice(SHARED["indication_panc"])
    if f["material"] or f["stone_gone"] or f["scenario"] in ("negative_sweep", "occlusion_only"):
        return rng.choice(SHARED["indication_stones"])
    if f["scenario"] in ("cholangioscopy_biopsy", "dilation_only"):
        return rng.choice(["Indeterminate biliary stricture", "Post liver transplant anastomotic stricture",
                           "Biliary stricture of uncertain cause", "Recurrent stricture"])
    return rng.choice(SHARED["indication_other"] + SHARED["indication_stones"][:3])


def procedure_list(f, rng) -> list:
    items = [rng.choice(["ERCP", "ERCP", "Endoscopic retrograde cholangiopancreatography", "ERCP with cholangiogram"])]
    if f["sphincterotomy"] == "new":
        items.append(rng.choice(["biliary sphincterotomy", "sphincterotomy", "EST", "ES"] if f["duct"] == "bile"
                                else ["pancreatic sphincterotomy", "sphincterotomy"]))
    if f["dilation"] == "sphincteroplasty":
        items.append(rng.choice(["balloon sphincteroplasty", "EPLBD", "papillary balloon dilation"]))
    elif f["dilation"] == "stricture":
        items.append(rng.choice(["balloon dilation of stricture", "stricture dilation (CRE)"]))
    if f["cholangioscopy"] == "biopsy":
        items.append(rng.choice(["cholangioscopy with biopsies", "SpyGlass cholangioscopy", "DSOC + SpyBite biopsy"]))
    if f["occlusion_cholangiogram"] and rng.random() < 0.5:
        items.append("occlusion cholangiogram")
    for s in f["steps"]:
        if s["where"] == "body" and not s["step"].endswith("_negative"):
            items.append(rng.choice(SHARED["step_names"][s["step"]]))
        elif s["step"] == "balloon_sweep_negative" and rng.random() < 0.5:
            items.append(rng.choice(SHARED["step_names"][s["step"]]))
    for t in f["procedure_list_extra"]:
        items.append(rng.choice(SHARED["tech_names"][t] + [f"possible {SHARED['tech_names'][t][0]}"]))
    if f["stent_removed"]:
        items.append("stent removal")
    if f["stent_placed"]:
        items.append(rng.choice(["stent placement", "biliary stent insertion" if f["duct"] == "bile" else "PD stent insertion"]))
    if rng.random() < 0.3:
        rng.shuffle(items)
    return items


def body_sentences(f, w: Writer, noise: float, brief: bool = False):
    """(technique_part, therapy_part): the procedure narrative split where the therapy starts.

    ``brief`` (a few-sentence summary) leaves out most label-free routine lines."""
    rng = w.rng
    pre, ther = [], []

    def maybe(key, p):
        if rng.random() < p * noise:
            pre.append(w.any(key))

    maybe("consent", 0.5)
    maybe("sedation", 0.6)
    maybe("position", 0.4)
    maybe("prophylaxis", 0.3)
    maybe("scope_pass", 0.8)
    maybe("duodenum", 0.7)
    if f["stent_removed"]:
        pre.append(w.say("stent_remove"))
    if f["cannulation_balloon"]:
        pre.append(w.say("cannulation_balloon"))
    elif rng.random() < (0.25 if brief else 0.8):
        pre.append(w.say("cannulation"))
    if f["sphincterotomy"] == "existing":
        pre.append(w.say("prior_sphincterotomy"))
    occl_first = f["occlusion_cholangiogram"] and (not f["steps"] and f["removal_means"] is None)
    if occl_first:
        pre.append(w.say("occlusion"))
    if f["material"]:
        pre.append(w.say("chol_stones"))
    else:
        pre.append(w.say("chol_clear"))
    if occl_first and rng.random() < 0.6:
        pre.append(w.say("occlusion_withdrawn"))
    if f["stone_gone"]:
        pre.append(w.say("stone_gone"))
    if f["sphincterotomy"] == "new" and (not brief or rng.random() < 0.5):
        ther.append(w.say("sphincterotomy"))
    if f["dilation"] == "sphincteroplasty":
        ther.append(w.say("dilation"))
    elif f["dilation"] == "stricture":
        ther.append(w.say("stricture_dilation"))
    if f["cholangioscopy"] == "biopsy":
        ther.append(w.say("chol_inspect"))
    fragmented = False
    for s in f["steps"]:
        name = s["step"]
        if s["where"] == "body":
            key = {"balloon_sweep": "sweep_remove", "balloon_sweep_negative": "sweep_negative",
                   "balloon_sweep_failed": "sweep_failed", "basket_extraction": "basket_remove",
                   "basket_failed": "basket_failed", "bml": "bml", "impacted_basket_ml": "impacted",
                   "ehl": "ehl", "ehl_failed": "ehl_failed", "laser": "laser", "laser_partial": "laser_partial"}[name]
            extra = frag_slots(rng) if fragmented else {}
            ther.append(w.say(key, **extra))
        if name in FRAGMENTING_STEPS:
            fragmented = True
    if f["removal_means"] == "irrigation":
        ther.append(w.say("irrigation"))
    if f["occlusion_cholangiogram"] and not occl_first:
        ther.append(w.say("occlusion"))
    ther.extend(outcome_sentences(f, w))
    negated_left = []
    for t in f["negated"]:
        if rng.random() < 0.6:
            ther.append(w.say("negated", tech=rng.choice(SHARED["tech_names"][t])))
        else:
            negated_left.append(t)
    if f["stent_placed"]:
        ther.append(w.say("stent_place"))
    if rng.random() < 0.6 * noise:
        ther.append(w.any("closing"))
    return pre, ther, negated_left


def outcome_sentences(f, w):
    if f["material"] is None:
        if f["stone_gone"] or w.rng.random() < 0.5:
            return [w.say("outcome_none")]
        return []
    if f["removed"]:
        return [w.say("outcome_partial")] if f["residual"] else [w.say("outcome_cleared")]
    if f["fragments_all_left"]:
        return [w.say("frag_left")]
    if not f["steps"]:  # seen, and deliberately not attempted
        return [w.say("not_attempted")]
    return [w.say("outcome_remains")]


def impression_sentences(f, w: Writer, negated_left):
    rng = w.rng
    out = []
    dx = dx_phrase(f, rng)
    if not dx[1:2].isupper():
        dx = dx[:1].lower() + dx[1:]
    named = [s for s in f["steps"] if not s["step"].endswith(("_failed", "_negative", "_partial"))]
    must = any(s["where"] == "impression" for s in f["steps"])
    tech = join_names([rng.choice(SHARED["step_names"][s["step"]]) for s in named])
    if f["material"] and f["removed"] and named and (must or rng.random() < 0.7):
        out.append(w.say("imp_removed", dx=dx, tech=tech))
    elif f["material"] and not f["removed"] and f["steps"] and rng.random() < 0.7:
        tried = join_names([rng.choice(SHARED["step_names"][s["step"]]) for s in f["steps"]])
        out.append(w.say("imp_not_removed", dx=dx, tech=tried))
    elif f["material"]:
        out.append(w.say("imp_dx_only", dx=dx))
        if f["removed"] and rng.random() < 0.6:
            out.append(w.say("outcome_partial" if f["residual"] else "outcome_cleared"))
        elif not f["removed"] and rng.random() < 0.6:
            out.append(w.say("frag_left" if f["fragments_all_left"] else "outcome_remains" if f["steps"] else "not_attempted"))
    else:
        out.append(w.say("imp_none"))
    if f["dilation"] and rng.random() < 0.6:
        out.append(rng.choice(["Balloon sphincteroplasty performed.", "Papillary dilation to facilitate extraction.", "EPLBD done."]
                              if f["dilation"] == "sphincteroplasty" else
                              ["Stricture dilated.", "Biliary stricture, balloon dilated.", "Anastomotic stricture - dilated."]))
    if f["cholangioscopy"] == "biopsy":
        out.append(rng.choice(["Indeterminate stricture, biopsied under cholangioscopy.", "Stricture - SpyBite biopsies taken.",
                               "Cholangioscopy: no stones, stricture sampled."]))
    if f["stent_placed"] and rng.random() < 0.7:
        out.append(rng.choice(["Stent placed.", "Biliary stent inserted.", "Stent in situ for drainage.", "Plastic stent left."]
                              if f["duct"] == "bile" else ["PD stent placed.", "Pancreatic stent inserted."]))
    for t in negated_left:
        out.append(w.say("negated", tech=rng.choice(SHARED["tech_names"][t])))
    return out


def plan_sentences(f, w: Writer, n_filler: int):
    rng = w.rng
    out = []
    for t in f["planned"]:
        out.append(w.say("planned", tech=rng.choice(SHARED["tech_names"][t])))
    if f["eswl"] == "plan":
        out.append(w.say("eswl_plan"))
    out.extend(rng.sample(SHARED["plan_filler"], n_filler))
    rng.shuffle(out)
    return out


def checkbox_block(f, w: Writer):
    rng = w.rng
    done = techniques_done(f)
    on, off = rng.choice([("[X]", "[ ]"), ("[x]", "[ ]"), ("(X)", "( )"), ("[✓]", "[ ]"), ("☒", "☐")])

    def box(cond, label):
        return f"{on if cond else off} {label}"

    lines = [
        f"{w.header('procedure')}: " + "; ".join(procedure_list(f, rng)) if f["procedure_list_extra"] else None,
        "Sphincterotomy: " + box(f["sphincterotomy"] == "new", "new") + " " + box(f["sphincterotomy"] == "existing", "previous"),
        "Sphincteroplasty / dilation: " + box(bool(f["dilation"]), rng.choice(["yes", "performed"])),
        w.say("cb_extraction") + ": " + box("balloon" in done, rng.choice(["balloon", "Balloon", "extraction balloon"]))
        + "  " + box("basket" in done, rng.choice(["basket", "Basket", "Dormia/basket"])),
        w.say("cb_lithotripsy") + ": " + box("mechanical_lithotripsy" in done, rng.choice(["mechanical", "BML", "Mechanical"]))
        + "  " + box("electrohydraulic_lithotripsy" in done, "EHL")
        + "  " + box("laser_lithotripsy" in done, rng.choice(["laser", "Laser"])),
        "Occlusion cholangiogram: " + box(f["occlusion_cholangiogram"], "done"),
        "Cholangioscopy: " + box(bool(f["cholangioscopy"]), rng.choice(["SpyGlass", "DSOC", "yes"])),
        "Stent: " + box(f["stent_placed"], "placed") + " " + box(f["stent_removed"], "removed"),
    ]
    if f["material"] is None:
        res = "none"
    elif f["removed"]:
        res = "partial" if f["residual"] else "complete"
    else:
        res = "failed"
    lines.append("Stone clearance: " + box(res == "complete", "complete") + " " + box(res == "partial", "partial")
                 + " " + box(res == "failed", "not achieved") + " " + box(res == "none", "no stones"))
    return [x for x in lines if x]
