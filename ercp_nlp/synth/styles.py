"""Documentation styles: how sections are laid out, and the surface rewrites of each style.

Each ``style_*`` function builds a note from the section sentences that ``render.py``
produces. The rewrites (terse abbreviations, British spelling and idiom, Indian-English
shorthand, misspellings, messy dictation) only change surface wording: none of them adds,
drops or negates a fact.
"""

from __future__ import annotations

import re

from . import render as R
from .phrases import SHARED

# Words that make a line recognisably about the bile or pancreatic duct or the ERCP itself.
ANCHOR = re.compile(r"\b(ercp?|cbd|chd|ducts?|ductal|biliary|bile|papilla|ampulla\w*|cholangio\w*|sphincterotom\w*|"
                    r"papillotomy|choledocho\w*|pancreatic|duodenum|mpd|pd|hil(um|ar)|spyglass|intrahepatic)\b", re.I)

# (pattern, replacement, probability per occurrence)
TERSE_SUBS = [
    (r"\bcommon bile duct\b", "CBD", 0.9), (r"\bmain pancreatic duct\b", "MPD", 0.7),
    (r"\bpancreatic duct\b", "PD", 0.7), (r"\bwith\b", "w/", 0.5), (r"\bwithout\b", "w/o", 0.7),
    (r"\bperformed\b", "done", 0.6), (r"\bpatient\b", "pt", 0.8), (r"\bapproximately\b", "~", 0.8),
    (r"\bcholangiogram\b", "cholangio", 0.3), (r"\belectrohydraulic lithotripsy\b", "EHL", 0.7),
    (r"\bmechanical lithotripsy\b", "mech litho", 0.3), (r"\band\b", "+", 0.15),
    (r"\b(was|were) (?=\w+ed\b)", "", 0.4), (r"\bbiliary sphincterotomy\b", "ES", 0.5),
    (r"\bsphincterotomy\b", "EPT", 0.2), (r"(?<!part of )the duodenum\b", "D2", 0.3), (r"\bextraction\b", "extr", 0.1),
]
BRITISH_SUBS = [
    (r"\bswept\b", "trawled", 0.5), (r"\bsweeps\b", "trawls", 0.5), (r"\bsweep\b", "trawl", 0.4),
    (r"\bstones\b", "calculi", 0.35), (r"\banesthesia\b", "anaesthesia", 1), (r"\bvisualization\b", "visualisation", 1),
    (r"\bfiber\b", "fibre", 1), (r"\bedema\b", "oedema", 1), (r"\bhemostasis\b", "haemostasis", 1),
    (r"\bThe duct was cleared\b", "Ductal clearance was achieved", 0.6), (r"\bDuct clear\b", "Ductal clearance achieved", 0.7),
    (r"\b(a|the) basket\b", r"\1 Dormia basket", 0.5), (r"\bwas performed\b", "was undertaken", 0.25),
    (r"\besophagus\b", "oesophagus", 1), (r"\bgeneral anesthesia\b", "general anaesthetic", 1),
    (r"\bRecommendations\b", "Follow up", 0.5), (r"\bdiarrhea\b", "diarrhoea", 1),
]
INDIAN_SUBS = [
    (r"\b(showed|revealed|demonstrated)\b", "s/o", 0.5), (r"\bThe patient\b", "Pt", 0.8),
    (r"\b[Ss]phincterotomy was performed\b", "EST given", 0.7), (r"\bstones\b", "calculi", 0.3),
    (r"\bwas done\b", "done", 0.5), (r"\bcommon bile duct\b", "CBD", 0.9), (r"\bRecommendations\b", "Adv", 0.8),
    (r"\bwith\b", "with", 1), (r"\bperformed\b", "done", 0.5),
]
MISSPELL = {
    "balloon": "ballon", "basket": "baskett", "lithotripsy": "lithotrypsy", "sphincterotomy": "sphincterotomey",
    "cholangiogram": "cholangiogarm", "duodenum": "duodenam", "extracted": "extraced", "retrieval": "retreival",
    "occlusion": "occulsion", "choledocholithiasis": "choledocolithiasis", "pancreatitis": "pancreatits",
    "fragments": "fragmants", "sphincterotome": "sphinctertome", "cannulation": "canulation",
    "cannulated": "canulated", "papilla": "pappila", "removed": "remved", "successful": "sucessful",
}


def substitute(text, subs, rng):
    for pat, rep, p in subs:
        text = re.sub(pat, lambda m: m.expand(rep) if rng.random() < p else m.group(0), text)
    return text


def misspell(text, rng, p):
    def one(m):
        word = m.group(0)
        wrong = MISSPELL.get(word.lower())
        if wrong is None or rng.random() >= p:
            return word
        return wrong.capitalize() if word[0].isupper() else wrong
    return re.sub(r"[A-Za-z]+", one, text)


def messy(text, rng):
    """All on one line, mostly lower case, typos and dictation artefacts between sentences."""
    text = re.sub(r"\s*\n+\s*", " ", text)
    parts = re.split(r"(?<=[.;])\s+", text)
    out = []
    for part in parts:
        r = rng.random()
        if r < 0.12 and part.endswith("."):
            part = part[:-1] + " period"
        elif r < 0.17:
            part = part + " new paragraph"
        elif r < 0.21:
            part = part + " [inaudible]"
        elif r < 0.24:
            part = "um " + part
        out.append(part)
    text = " ".join(out)
    text = re.sub(r",", lambda m: " comma" if rng.random() < 0.08 else ",", text)
    text = misspell(text, rng, 0.35)
    if rng.random() < 0.85:
        text = text.lower()
    return text


def section(header, lines, fmt, listing=None, rng=None):
    if not lines:
        return ""
    if listing == "numbered":
        content = "\n".join(f"{i}. {s}" for i, s in enumerate(lines, 1))
    elif listing == "bullets":
        mark = rng.choice(["-", "•", "*"]) if rng else "-"
        content = "\n".join(f"{mark} {s}" for s in lines)
    else:
        content = " ".join(lines)
    nl = "\n" if listing else " "
    if fmt == "caps_colon":
        return f"{header.upper()}:\n{content}"
    if fmt == "title_colon":
        return f"{header}:\n{content}"
    if fmt == "caps_inline":
        return f"{header.upper()}:{nl}{content}"
    if fmt == "own_line":
        return f"{header}\n{content}"
    return f"{header}:{nl}{content}"  # inline


def _join(blocks, sep="\n\n"):
    return sep.join(b for b in blocks if b)


def meta_lines(rng):
    d = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(18, 26)}"
    return [
        rng.choice([f"Date of procedure: {d}", f"Procedure date: {d}", f"Date: {d}", f"DOS {d}"]),
        rng.choice(["Endoscopist: attending gastroenterologist", "Operator: consultant", "Endoscopist: Dr. R. (attending), Dr. T. (fellow)",
                    "Performed by: advanced endoscopy service", "Endoscopist: consultant gastroenterologist"]),
        rng.choice(["Instrument: TJF-Q190V duodenoscope", "Scope: ED-580XT", "Instrument: therapeutic duodenoscope",
                    "Scope used: TJF-Q180V", "Equipment: duodenoscope, fluoroscopy C-arm"]),
    ]


# --------------------------------------------------------------------------- the styles
def build(f, style, w, noise, n_pmh):
    rng = w.rng
    if style == "handoff":
        return handoff_note(f, w)
    pre, ther, neg_left = R.body_sentences(f, w, noise, brief=style in ("progress", "brief"))
    imp = R.impression_sentences(f, w, neg_left)
    plan = R.plan_sentences(f, w, rng.randint(0, 3))
    hist = R.history_sentences(f, w, n_pmh)
    special = R.history_special(f, w)  # history that a hard case depends on: always shown
    ind = R.indication(f, rng)
    proc = R.procedure_list(f, rng)
    comp = [rng.choice(SHARED["complications"])]
    show_proc = bool(f["procedure_list_extra"]) or rng.random() < 0.7
    H = w.header
    S = lambda key, lines, fmt, listing=None: section(H(key), lines, fmt, listing, rng)  # noqa: E731

    if style == "structured":
        fmt = rng.choice(["caps_colon", "caps_inline", "title_colon"])
        blocks = ["\n".join(meta_lines(rng)),
                  S("indication", [ind + "."], fmt),
                  S("history", hist[: rng.randint(1, 3)] + special, fmt) if special or rng.random() < 0.5 else "",
                  S("procedure", proc, fmt, rng.choice(["bullets", None])) if show_proc else "",
                  section("Sedation", [rng.choice(SHARED["sedation"])], fmt),
                  S("technique", pre, fmt), S("findings", ther, fmt, rng.choice([None, None, "bullets"])),
                  S("complications", comp, fmt),
                  S("impression", imp, fmt, rng.choice(["numbered", "numbered", None])),
                  S("plan", plan, fmt, rng.choice(["numbered", "bullets", None]))]
        return _join(blocks)

    if style == "narrative":
        fmt = rng.choice(["caps_inline", "caps_colon", "title_colon"])
        opener = rng.choice(["The patient was brought to the endoscopy suite and placed in the prone position.",
                             "After adequate sedation, the procedure was begun.",
                             "The patient was identified in the holding area and brought to the fluoroscopy suite.",
                             "Following the time-out, sedation was administered."])
        blocks = [section("Preoperative diagnosis", [ind + "."], fmt),
                  section("Postoperative diagnosis", [R.dx_phrase(f, rng) + "." if f["material"] else "Same."], fmt),
                  S("procedure", [", ".join(proc) + "."], fmt) if show_proc else "",
                  section("Anesthesia", [rng.choice(SHARED["sedation"])], fmt),
                  S("indication", hist + special, fmt),
                  S("technique", [opener] + pre + ther, fmt),
                  S("complications", comp, fmt),
                  S("impression", imp, fmt), S("plan", plan, fmt)]
        return _join(blocks)

    if style in ("terse", "telegraphic", "indian"):
        if style == "telegraphic":
            lines = [rng.choice(["ERCP done.", "ERCP performed.", "Side-viewer passed to D2.", "Duodenoscopy + ERCP."])]
            lines += pre + ther
            fmt = "own_line"
            body = section(H("findings"), lines, fmt, rng.choice(["numbered", None, "bullets"]), rng)
        else:
            fmt = "inline"
            body = _join([S("technique", pre, fmt), S("findings", ther, fmt)], "\n")
        blocks = [S("indication", [ind + "."], fmt if style != "telegraphic" else "inline"),
                  S("history", hist[:2] + special, "inline") if special or rng.random() < 0.4 else "",
                  S("procedure", ["/".join(proc) if style == "terse" else ", ".join(proc)], "inline") if show_proc else "",
                  body, S("impression", imp, "inline"),
                  S("plan", plan, "inline") if plan else "",
                  S("complications", comp, "inline") if rng.random() < 0.5 else ""]
        return _join(blocks, "\n")

    if style in ("british", "australian"):
        fmt = rng.choice(["title_colon", "own_line", "inline"])
        if style == "australian":
            plan = plan + [rng.choice(["Review in rooms in 6 weeks.", "Copy to GP.", "GP to repeat LFTs in a fortnight.",
                                       "Surgical team to review on the ward."])]
        blocks = [S("indication", [ind + "."], fmt), S("history", hist + special, fmt) if special or rng.random() < 0.6 else "",
                  S("procedure", [", ".join(proc) + "."], fmt) if show_proc else "",
                  S("technique", pre, fmt), S("findings", ther, fmt),
                  section(rng.choice(["Outcome", "Impression", "Conclusion"]), imp, fmt),
                  S("plan", plan, fmt)]
        return _join(blocks)

    if style == "teaching":
        fmt = rng.choice(["caps_colon", "title_colon"])
        disc = rng.sample(SHARED["teaching"], rng.randint(3, 7))
        blocks = ["\n".join(meta_lines(rng)),
                  S("indication", [ind + "."], fmt), S("history", hist + special, fmt),
                  S("procedure", proc, fmt, "bullets") if show_proc else "",
                  S("technique", pre, fmt), S("findings", ther, fmt), S("complications", comp, fmt),
                  S("impression", imp, fmt, "numbered"),
                  section(rng.choice(["Discussion", "Assessment and discussion", "Teaching note"]), disc, fmt),
                  S("plan", plan, fmt, "numbered")]
        return _join(blocks)

    if style == "checkbox":
        comments = [s for s in pre + ther if s not in w.filler]  # every fact sentence, no filler
        blocks = ["\n".join(meta_lines(rng)[:2]),
                  section(H("indication"), [ind], "inline"),
                  section(H("history"), special, "inline"),
                  "\n".join(R.checkbox_block(f, w)),
                  section(rng.choice(["Comments", "Notes", "Free text"]), comments, "inline"),
                  section(H("impression"), imp, "inline"), section(H("plan"), plan, "inline") if plan else ""]
        return _join(blocks, "\n")

    if style == "discharge":
        fmt = rng.choice(["caps_colon", "title_colon"])
        day = rng.choice(["On day 2", "On hospital day 3", "The following morning", "After 24 hours of antibiotics"])
        course = [f"{day} ERCP was performed."] + pre + ther
        blocks = [section("Admission diagnosis", [ind + "."], fmt), S("history", hist + special, fmt),
                  S("procedure", proc, fmt, "bullets") if show_proc else "",
                  section("Hospital course", course, fmt), S("impression", imp, fmt),
                  section(rng.choice(["Discharge plan", "Discharge instructions"]), plan or ["Home."], fmt, "bullets")]
        return _join(blocks)

    if style == "progress":
        return progress_note(f, w, pre, ther, imp, plan, special, proc)

    if style == "brief":
        return brief_note(f, w, pre, ther, imp, plan, special, proc, ind)

    raise ValueError(f"unknown style {style!r}")


def _ward_objective(rng):
    """Label-free vitals and labs of a ward note."""
    out = rng.sample(SHARED["ward_vitals"], rng.randint(1, 2))
    for t in rng.sample(SHARED["labs"], rng.randint(0, 2)):
        out.append(t.format(a=rng.randint(8, 240), b=rng.randint(60, 900), c=rng.randint(15, 600), d=rng.randint(30, 1200),
                            e=round(rng.uniform(4, 22), 1), f=rng.randint(1, 300), g=rng.randint(20, 4000),
                            h=rng.randint(0, 9), i=rng.randint(90, 450), j=rng.randint(80, 160), k=rng.randint(50, 300),
                            l=rng.randint(15, 90), m=round(rng.uniform(0.4, 12), 1)))
    return out


def _summary(w, pre, ther):
    """Today's ERCP in a few sentences, after a family opener ("ERCP this morning:")."""
    rng = w.rng
    sents = [s for s in pre + ther if s not in w.filler]
    opener = w.say("today_opener")
    if rng.random() < 0.3:  # one telegraphic run: "...; ...; ..."
        parts = [s.rstrip(".") for s in sents]
        parts = parts[:1] + [p[:1].lower() + p[1:] if p[1:2].islower() else p for p in parts[1:]]
        body = "; ".join(parts) + "."
    else:
        body = " ".join(sents)
    if opener.endswith((":", "-")) and body[1:2].islower():
        body = body[:1].lower() + body[1:]
    return opener + " " + body


def progress_note(f, w, pre, ther, imp, plan, special, proc):
    """A post-ERCP progress / SOAP note: today's ERCP summarised among vitals, labs and a plan."""
    rng = w.rng
    head = rng.choice(SHARED["progress_heads"]).format(n=rng.randint(1, 6))
    subj = rng.sample(SHARED["post_subjective"], rng.randint(1, 2))
    obj = _ward_objective(rng)
    summ = _summary(w, pre, ther)
    plan = plan + rng.sample(SHARED["ward_plan"], rng.randint(1, 3))
    assess = imp[: rng.randint(0, 2)]
    proc_line = ("Procedure: " + ", ".join(proc) + ".") if f["procedure_list_extra"] or rng.random() < 0.25 else ""
    bg = ("Background: " + " ".join(special)) if special else ""
    layout = rng.choice(["soap", "soap", "prose", "events"])
    if layout == "soap":
        blocks = [head, bg, "S: " + " ".join(subj), "O: " + " ".join(obj), proc_line, summ,
                  ("A: " + " ".join(assess)) if assess else "", section("P", plan, "inline", rng.choice([None, "bullets"]), rng)]
    elif layout == "prose":
        blocks = [head, bg, " ".join(subj + obj), proc_line, summ, " ".join(assess),
                  section(rng.choice(["Plan", "Plan today", "Management"]), plan, "inline", rng.choice([None, "numbered"]), rng)]
    else:
        blocks = [head, bg, section(rng.choice(["Events", "Overnight / today", "Since last review"]), [summ], "inline"),
                  section(rng.choice(["Obs", "Exam", "Review"]), subj + obj, "inline"), proc_line,
                  section(rng.choice(["Impression", "Assessment"]), assess, "inline") if assess else "",
                  section("Plan", plan, "inline", "bullets", rng)]
    return _join(blocks, "\n")


def brief_note(f, w, pre, ther, imp, plan, special, proc, ind):
    """A brief operative note, or a very short ERCP note of a few lines (stent exchange and the like)."""
    rng = w.rng
    sents = [s for s in pre + ther if s not in w.filler]
    hx = ("Hx: " + " ".join(special)) if special else ""
    if rng.random() < 0.55:
        dx = R.dx_phrase(f, rng) if f["material"] else rng.choice(["Same", "As above", "No stones"])
        lines = [rng.choice(["BRIEF OPERATIVE NOTE", "Brief op note", "Brief Procedure Note", "BRIEF OP NOTE - ERCP",
                             "Immediate post-procedure note"]),
                 meta_lines(rng)[0], "Pre-procedure diagnosis: " + ind, hx, "Post-procedure diagnosis: " + dx,
                 "Procedure: " + ", ".join(proc), rng.choice(["Endoscopist: consultant", "Operator: Dr S.", "Surgeon: GI attending"]),
                 "Anaesthesia: " + rng.choice(["GA", "MAC/propofol", "conscious sedation", "deep sedation"]),
                 "Findings: " + " ".join(sents),
                 rng.choice(["EBL: minimal", "EBL: nil", "Blood loss: minimal"]), rng.choice(["Specimens: none", "Specimens: nil", "Specimen: bile for culture"]),
                 "Complications: " + rng.choice(["none", "nil", "none immediate"]),
                 "Disposition: " + rng.choice(["recovery, then ward", "PACU", "back to ward", "day unit, home later if well"]),
                 ("Plan: " + " ".join(plan)) if plan else ""]
        return _join(lines, "\n")
    top = rng.choice(["ERCP.", "ERCP -", "ERCP today.", "Procedure: ERCP.", "ERCP (stent exchange)." if f["stent_removed"] else "ERCP, GA."])
    lines = [top, hx, ("Proc: " + ", ".join(proc)) if f["procedure_list_extra"] else "", " ".join(sents)]
    if plan or rng.random() < 0.5:
        lines.append("Plan: " + " ".join(plan or rng.sample(SHARED["ward_plan"], 1)))
    return _join(lines, "\n")


def _frag(s):
    """A fragment inside a line: lower-case its first letter unless it starts an acronym ("CBD", "EPLBD")."""
    first = s.split(" ", 1)[0]
    return s[:1].lower() + s[1:] if s[1:2].islower() and first[1:].islower() else s


def handoff_lines(w, opener, core, tail, plan, max_lines=3, heads=None):
    """Lay out fragments as 1-3 telegraphic lines: opener + what was done, the outcome, one line of plan."""
    rng = w.rng
    sep = rng.choice([", ", "; ", ". ", " / ", ", ", " + "])
    arrow = rng.choice([" -> ", " → ", " => ", " --> ", sep, sep])
    head = " ".join(x for x in [opener, sep.join(_frag(c) for c in core)] if x).rstrip(";,")
    out = sep.join(_frag(t) for t in tail)
    plan_line = ((rng.choice(heads or SHARED["hf_plan_head"]) + " ").lstrip() + rng.choice([", ", "; ", ". "]).join(_frag(p) for p in plan)) if plan else ""
    r = rng.random()
    joined = (head + (" " if head.endswith((":", "-", ">", "→")) else arrow) + out) if head and out else head or out
    if r < 0.35 or max_lines == 1:
        lines = [joined + (". " + plan_line if plan_line else "")]
    elif r < 0.7 or max_lines == 2:
        lines = [joined, plan_line] if plan_line else [head, out]
    else:
        lines = [head, out, plan_line]
    lines = [x.strip(" ,;/+") for x in lines if x and x.strip(" ,;/+")]
    end = rng.choice(["", "", ".", "."])
    lines = [(x[:1].upper() + x[1:] if rng.random() < 0.7 else x) + (end if x[-1:] not in ".:-" else "") for x in lines]
    text = "\n".join(lines)
    return text.lower() if rng.random() < 0.12 else text


def handoff_note(f, w):
    """A 1-3 line sign-out / text-message summary of TODAY's ERCP, every key fact from the hf_* tables."""
    rng = w.rng
    w.slots.update(R.handoff_slots(f, rng))
    techname = lambda t: rng.choice(SHARED["hf_tech"][t])  # noqa: E731
    core = []
    if f["eswl"] == "history":
        core.append(w.say("hf_eswl_hist"))
    if f["stent_removed"]:
        core.append(rng.choice(SHARED["hf_stent_out"]))
    if f["cannulation_balloon"]:
        core.append(w.say("hf_cannul"))
    if f["sphincterotomy"] == "new" and rng.random() < 0.6:
        core.append(rng.choice(SHARED["hf_es_new"] if f["duct"] == "bile" else SHARED["hf_es_panc"]))
    elif f["sphincterotomy"] == "existing" and rng.random() < 0.3:
        core.append(rng.choice(SHARED["hf_es_old"]))
    if f["stone_gone"]:
        core.append(w.say("hf_stone_gone"))
    if f["dilation"]:
        core.append(w.say("hf_dilation" if f["dilation"] == "sphincteroplasty" else "hf_stricture_dil"))
    if f["cholangioscopy"] == "biopsy":
        core.append(w.say("hf_biopsy"))
    occl_first = f["occlusion_cholangiogram"] and not f["steps"] and f["removal_means"] is None
    if occl_first:
        core.append(w.say("hf_occlusion"))
    core += R.handoff_steps(f, w)
    if f["removal_means"] == "irrigation":
        core.append(w.say("hf_irrigation"))
    if f["occlusion_cholangiogram"] and not occl_first:
        core.append(w.say("hf_occlusion"))
    tail = R.handoff_outcome(f, w)
    tail += [w.say("hf_negated", tech=techname(t)) for t in f["negated"]]
    if f["stent_placed"]:
        tail.append(w.say("hf_stent"))
    if f["historical"]:
        hist = w.say("hf_historical", tech=techname(f["historical"][0]))
        (core.insert(0, hist) if rng.random() < 0.5 else tail.append(hist))
    plan = [w.say("hf_planned", tech=techname(t)) for t in f["planned"]]
    if f["eswl"] == "plan":
        plan.append(w.say("hf_eswl_plan"))
    plan += rng.sample(SHARED["hf_plan"], rng.choice([0, 0, 1, 1, 2]))
    rng.shuffle(plan)
    # Without its opener ("ERCP today:") a hand-off must still name the duct or the procedure:
    # a line that names neither is not recognisably an ERCP report.
    opener = w.say("hf_open") if rng.random() < 0.8 or not ANCHOR.search(" ".join(core + tail)) else ""
    if rng.random() < 0.3:
        opener = (rng.choice(SHARED["hf_who"]) + " " + opener).strip()
    return handoff_lines(w, opener, core, tail, plan)


def finish(text, style, rng):
    """The surface rewrites of a style, then light misspelling everywhere."""
    if style in ("terse", "telegraphic", "checkbox"):
        text = substitute(text, TERSE_SUBS, rng)
    if style in ("british", "australian"):
        text = substitute(text, BRITISH_SUBS, rng)
    if style == "indian":
        text = substitute(text, INDIAN_SUBS + TERSE_SUBS[:6], rng)
    if style == "brief":  # never "common bile duct" in full
        text = re.sub(r"\b[Cc]ommon bile duct\b", lambda m: rng.choice(["CBD", "CBD", "bile duct", "duct"]), text)
        if rng.random() < 0.5:
            text = substitute(text, TERSE_SUBS, rng)
    if style == "messy":
        return messy(text, rng)
    if style == "handoff":  # hand-written in a hurry: the odd typo, nothing more
        return misspell(text, rng, 0.02)
    return misspell(text, rng, 0.03)
