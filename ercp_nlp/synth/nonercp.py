"""Notes that are not ERCP procedure reports but share its words (all labels 0, stones null).

Urology (ureteroscopy with laser and basket, PCNL, ESWL), cardiology and vascular
balloon angioplasty, laparoscopic cholecystectomy with a balloon-tipped cholangiogram
catheter, Foley balloons, and GI consults or discharge summaries in which ERCP is only
recommended, feared or past. Each note type is a list of sentence slots with several
options; section headers come from the note's family like every other note.

Peri-ERCP notes (``render_peri``) are written around an ERCP without being its report: a
clinic letter, an outpatient follow-up (also Indian-English OPD style), a ward note the day
before, a pre-procedure assessment, a referral letter and a discharge summary of a later
admission. They recap a past ERCP from its sampled facts (``facts["past"]``: its real steps and
outcome, sometimes in the very sentences an ERCP report would use) and plan the next one
(``plan_techs``); the recap and plan sentences come from family-partitioned KEY tables.
"""

from __future__ import annotations

import random
import re

from .facts import SHORT_NON_ERCP_TYPES
from .phrases import SHARED
from .render import body_sentences, handoff_outcome, handoff_slots, handoff_steps, join_names
from .styles import finish, handoff_lines, misspell, section

SIDE = ["left", "right"]

TYPES = {
    "ureteroscopy": {
        "ind": ["{size} {side} distal ureteral stone with hydronephrosis", "{side} renal pelvis stone, {size}",
                "Obstructing {side} UVJ calculus", "Recurrent nephrolithiasis, {side} lower pole stone"],
        "proc": ["Cystoscopy, {side} ureteroscopy, holmium laser lithotripsy, basket extraction, stent placement",
                 "{side} URS + laser lithotripsy + stone basketing + DJ stent", "Flexible ureteroscopy with laser lithotripsy and basket retrieval"],
        "body": [
            ["A rigid cystoscope was passed per urethra and the bladder inspected.", "Cystoscopy showed a normal bladder.",
             "The {side} ureteric orifice was cannulated with a sensor wire."],
            ["A semirigid ureteroscope was advanced to the stone.", "A 12/14 Fr access sheath was placed and the flexible ureteroscope passed.",
             "The ureter was balloon dilated to allow passage of the ureteroscope."],
            ["The {size} stone was fragmented with a holmium:YAG laser at 0.6 J / 12 Hz.",
             "Laser lithotripsy (holmium, 200 um fibre) dusted the stone.", "The calculus was broken with a holmium laser at 0.8 J and 10 Hz."],
            ["Fragments were removed with a 1.9 Fr Zero Tip nitinol basket.", "The larger fragments were basketed and extracted.",
             "Stone fragments were captured with a Dormia basket and sent for analysis.", "Residual dust was left to pass."],
            ["A 6 Fr x 26 cm double-J stent was placed.", "A ureteric stent on a string was left.", "No stent was required."],
        ],
        "plan": ["Stent removal in 1 week.", "KUB X-ray in 4 weeks.", "Stone analysis sent.", "Urology clinic in 6 weeks."],
    },
    "pcnl": {
        "ind": ["Staghorn calculus, {side} kidney", "{size} {side} renal pelvis stone not suitable for URS"],
        "proc": ["{side} percutaneous nephrolithotomy", "PCNL with tract balloon dilation and ultrasonic lithotripsy"],
        "body": [
            ["Under fluoroscopic guidance the {side} lower pole calyx was punctured.", "Prone access to the {side} kidney was obtained."],
            ["The tract was dilated with a nephrostomy balloon to 30 Fr.", "Serial Amplatz dilators were used to create the tract."],
            ["The stone was fragmented with combined ultrasonic and ballistic lithotripsy.", "Pneumatic lithotripsy broke the staghorn stone.",
             "Laser lithotripsy was used for the calyceal fragment."],
            ["Fragments were removed with graspers and a basket.", "Stone clearance was confirmed with flexible nephroscopy.",
             "A small residual fragment was left in an upper calyx."],
            ["A nephrostomy tube was left.", "Tubeless finish with an antegrade stent."],
        ],
        "plan": ["CT KUB at 6 weeks.", "Remove nephrostomy in 48 hours.", "Metabolic stone work-up."],
    },
    "eswl_renal": {
        "ind": ["{size} {side} renal stone", "{side} upper ureteric calculus, {size}"],
        "proc": ["Extracorporeal shock wave lithotripsy", "ESWL {side} kidney"],
        "body": [
            ["The stone was localised with fluoroscopy.", "Ultrasound localisation of the {side} renal stone."],
            ["3000 shocks were delivered at 90 per minute, ramping to 18 kV.", "2500 shocks at 60/min, power level 3.",
             "Shock wave lithotripsy was carried out with analgesia only."],
            ["Good fragmentation was seen at the end.", "The stone appeared partially fragmented.", "Fragmentation was difficult to judge."],
        ],
        "plan": ["Strain urine.", "KUB in 2 weeks.", "Repeat ESWL if fragments persist.", "Tamsulosin for 2 weeks."],
    },
    "angioplasty": {
        "ind": ["NSTEMI", "Stable angina with positive stress test", "Inferior STEMI"],
        "proc": ["Coronary angiography and PCI to the RCA", "PCI to LAD with balloon angioplasty and DES"],
        "body": [
            ["Right radial access with a 6 Fr sheath.", "Femoral access was obtained with a 6 Fr sheath."],
            ["Angiography showed a 90% stenosis of the mid LAD.", "The proximal RCA had a subtotal occlusion."],
            ["The lesion was predilated with a 2.5 x 15 mm compliant balloon.", "Balloon angioplasty with a 3.0 mm NC balloon at 16 atm.",
             "A cutting balloon was used for the calcified segment."],
            ["A 3.0 x 28 mm drug-eluting stent was deployed and post-dilated.", "Balloon-expandable stent placed with good result.",
             "Final TIMI 3 flow."],
        ],
        "plan": ["Dual antiplatelet therapy for 12 months.", "Echo before discharge.", "Cardiac rehab referral."],
    },
    "peripheral_angioplasty": {
        "ind": ["Critical limb ischaemia, {side} leg", "Lifestyle-limiting claudication"],
        "proc": ["{side} SFA balloon angioplasty", "Peripheral angiogram with popliteal angioplasty"],
        "body": [
            ["Antegrade {side} common femoral access.", "Contralateral access with a crossover sheath."],
            ["A long SFA occlusion was crossed with a wire and catheter.", "Tandem stenoses of the popliteal artery were seen."],
            ["Plain balloon angioplasty with a 5 x 120 mm balloon.", "Drug-coated balloon angioplasty to 5 mm.",
             "Prolonged balloon inflation for a flow-limiting dissection."],
            ["Good in-line flow to the foot.", "Residual stenosis under 30%."],
        ],
        "plan": ["Clopidogrel and aspirin.", "Duplex surveillance at 6 weeks."],
    },
    "lap_chole_ioc": {
        "ind": ["Symptomatic cholelithiasis", "Gallstone pancreatitis, index admission", "Acute calculous cholecystitis"],
        "proc": ["Laparoscopic cholecystectomy with intraoperative cholangiogram", "Lap chole + IOC"],
        "body": [
            ["Four ports were placed.", "Pneumoperitoneum was established with an open Hasson technique."],
            ["The critical view of safety was obtained.", "Calot's triangle was dissected."],
            ["A balloon-tipped cholangiogram catheter was introduced through a cystic ductotomy and the balloon inflated.",
             "A Kumar clamp and cholangiogram catheter were placed in the cystic duct.", "An Olsen clamp held the cholangiocatheter in the cystic duct."],
            ["The intraoperative cholangiogram showed free flow into the duodenum with no filling defects.",
             "The cholangiogram showed a small filling defect in the distal CBD; postoperative ERCP will be arranged.",
             "IOC: normal calibre CBD, no stones."],
            ["The cystic duct and artery were clipped and divided.", "The gallbladder was removed in a retrieval bag."],
        ],
        "plan": ["Day-case discharge.", "GI to see for ERCP if LFTs rise.", "ERCP with balloon sweep if the filling defect persists."],
    },
    "foley": {
        "ind": ["Urinary retention", "Acute kidney injury, strict output monitoring", "Induction of labour"],
        "proc": ["Urethral catheterisation", "Foley catheter insertion", "Cervical ripening balloon"],
        "body": [
            ["A 16 Fr Foley catheter was inserted with aseptic technique.", "A 14 Fr two-way catheter was passed."],
            ["The balloon was inflated with 10 mL sterile water.", "The retention balloon was filled with 10 ml and gently withdrawn to the bladder neck.",
             "The catheter balloon was inflated with 30 mL saline for cervical ripening."],
            ["Residual volume 900 mL.", "Clear urine drained.", "Catheter secured to the thigh."],
        ],
        "plan": ["Trial without catheter in 48 hours.", "Monitor output hourly.", "Review in 12 hours."],
    },
    "gi_consult": {
        "ind": ["GI consult: suspected choledocholithiasis", "Gastroenterology consult for abnormal LFTs",
                "GI consult: gallstone pancreatitis", "Consult: large CBD stone on MRCP"],
        "proc": ["Consultation"],
        "body": [
            ["Thank you for this consult.", "Seen and examined on the surgical ward."],
            ["MRCP shows a {size} stone in the distal CBD.", "Ultrasound shows a dilated CBD and gallbladder stones.",
             "LFTs are cholestatic with bilirubin 68."],
            ["We recommend ERCP with sphincterotomy and balloon sweep.", "Plan ERCP tomorrow; may need mechanical lithotripsy or cholangioscopy with EHL given the size.",
             "If ERCP is unsuccessful, laser lithotripsy under SpyGlass could be considered at a tertiary centre.",
             "ERCP with basket extraction is suggested once coagulopathy is corrected.",
             "No ERCP indicated at present; the stone has likely passed."],
            ["Risks of ERCP including pancreatitis, bleeding and perforation were discussed.", "NPO after midnight.",
             "Please hold apixaban."],
        ],
        "plan": ["We will follow.", "Consent for ERCP tomorrow.", "Repeat LFTs in the morning."],
    },
    "discharge_summary": {
        "ind": ["Discharge summary: community-acquired pneumonia", "Discharge summary: acute cholecystitis managed conservatively",
                "Discharge summary: mild gallstone pancreatitis"],
        "proc": ["None", "Chest X-ray; abdominal ultrasound"],
        "body": [
            ["Admitted with fever and productive cough.", "Admitted with RUQ pain and raised inflammatory markers."],
            ["Past history includes ERCP with basket extraction of CBD stones in 2018.", "She had ERCP with balloon sweeps and a stent in 2021.",
             "Known to have had mechanical lithotripsy for a large stone several years ago."],
            ["LFTs normalised, so ERCP was not required.", "ERCP was considered but the MRCP was clear.",
             "Should jaundice recur, ERCP with stone extraction would be appropriate.", "Risk of post-ERCP pancreatitis discussed if future ERCP is needed."],
            ["Treated with IV antibiotics and discharged on oral co-amoxiclav.", "Diet reintroduced without pain."],
        ],
        "plan": ["Outpatient cholecystectomy.", "GP review in 1 week.", "Return if jaundice or fever."],
    },
}


def render_non_ercp(f: dict, style_rng: random.Random, w) -> str:
    rng = style_rng
    if f["nonercp_type"] in SHORT_NON_ERCP_TYPES:
        return render_short(f, rng, w)
    if f["nonercp_type"] not in TYPES:
        return render_peri(f, rng, w)
    t = TYPES[f["nonercp_type"]]
    slots = {"side": rng.choice(SIDE), "size": rng.choice(["6 mm", "8mm", "11 mm", "1.4 cm", "9 mm"])}
    fill = lambda s: s.format(**slots)  # noqa: E731
    body = [fill(rng.choice(opts)) for opts in t["body"]]
    fmt = rng.choice(["caps_colon", "title_colon", "inline", "own_line"])
    blocks = [section(w.header("indication"), [fill(rng.choice(t["ind"])) + "."], fmt),
              section(w.header("history"), [f"{rng.randint(25, 90)}-year-old patient with " +
                                              ", ".join(rng.sample(SHARED['pmh_items'], rng.randint(1, 6))) + "."], fmt),
              section(w.header("procedure"), [fill(rng.choice(t["proc"])) + "."], fmt),
              section(w.header("findings"), body, fmt),
              section(w.header("plan"), rng.sample(t["plan"], rng.randint(1, len(t["plan"]))), fmt)]
    text = "\n\n".join(b for b in blocks if b)
    if rng.random() < 0.25:
        return finish(text, "messy", rng)
    return finish(text, rng.choice(["structured", "terse", "british"]), rng)


# --------------------------------------------------------------------------- peri-ERCP notes
# Notes written around an ERCP that are not its report: a clinic letter, an outpatient follow-up
# (also in Indian-English OPD style), a ward note the day before, a pre-procedure assessment, a
# referral letter, a discharge summary of a later admission. Each recaps the past ERCP (its real
# steps and outcome, from ``facts["past"]``) and plans the next one (``plan_techs``). The recap
# and plan sentences come from family-partitioned KEY tables; the layout lines below carry no label.

WHEN_PAST = {
    "clinic_letter": ["{n} weeks ago", "on {date}", "last month", "in {month}", "{n} weeks before this visit",
                      "earlier this year", "at the start of {month}"],
    "opd_followup": ["{n} weeks ago", "on {date}", "in {month}", "about {n} weeks back", "last month"],
    "opd_indian": ["{n} months back", "{n} weeks back", "on {date}", "in {month}", "{n} months ago"],
    "ward_preop": ["last week", "{n} days ago", "on {date}", "earlier this admission", "at the referring hospital last week"],
    "preop_assessment": ["{n} weeks ago", "on {date}", "in {month}", "in {year}", "last year"],
    "referral_letter": ["on {date}", "last week", "{n} days ago", "earlier this month", "in {month}"],
    "discharge_previous": ["during the previous admission in {month}", "at the last admission ({date})",
                           "{n} weeks ago, on the index admission", "on {date}, during her earlier stay", "in {month}"],
}
WHEN_NEXT = {
    "clinic_letter": ["in {n} weeks", "in the next month", "on a routine list", "in about {n} weeks", "at the next available list"],
    "opd_followup": ["in {n} weeks", "next month", "in {n} weeks' time", "soon"],
    "opd_indian": ["after {n} weeks", "next week", "on {date}", "after {n} days"],
    "ward_preop": ["tomorrow", "tomorrow morning", "on tomorrow's list", "in the morning", "first case tomorrow"],
    "preop_assessment": ["on {date}", "tomorrow", "next week", "on Friday's list"],
    "referral_letter": ["at your earliest convenience", "within the next {n} weeks", "soon", "when a list allows"],
    "discharge_previous": ["in {n} weeks", "as an outpatient", "in {n} weeks' time", "next month"],
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SURNAMES = ["Okafor", "Brennan", "Sharma", "Nguyen", "Walsh", "Kowalski", "Haddad", "Reid", "Iyer", "Morales",
            "Fischer", "Lindqvist", "Mensah", "Patel", "Rossi", "Tanaka", "Byrne", "Akhtar", "Costa", "Murray"]

PERI = {
    "clinic_heads": ["Hepatobiliary Clinic", "Gastroenterology Outpatient Clinic", "Pancreaticobiliary clinic letter",
                     "Department of Gastroenterology - clinic letter", "Upper GI & Biliary Clinic", "Endoscopy follow-up clinic"],
    "seen": ["I saw {who} in clinic today.", "I reviewed {who} in the biliary clinic this afternoon.",
             "{who} attended clinic today with her daughter.", "Thank you for referring {who}, whom I saw today.",
             "I had the pleasure of seeing {who} again today.", "{who} came to clinic today for review.",
             "I met {who} in the outpatient clinic today, accompanied by her husband."],
    "current": ["She has had no further pain since.", "He has been well, with no jaundice, fever or rigors.",
                "Appetite is back to normal and she has regained some weight.", "He reports occasional right upper quadrant discomfort after fatty meals.",
                "There has been no further episode of cholangitis.", "LFTs today are within the normal range.",
                "Bilirubin has come down to {a} and ALP is {b}.", "She remains on apixaban for atrial fibrillation.",
                "His urine and stools are normal in colour.", "She had one brief episode of colicky pain last week that settled by itself.",
                "Examination today was unremarkable and she is not jaundiced.", "Weight is stable.",
                "The gallbladder is still in situ.", "He had his cholecystectomy {n} weeks ago and recovered well."],
    "no_plan": ["No further ERCP is needed; I have discharged her from the clinic.",
                "I do not think any further endoscopic procedure is required.", "No further biliary intervention is planned at present.",
                "Discharged from follow-up, to return if symptoms recur."],
    "letter_end": ["Yours sincerely,", "Kind regards,", "With best wishes,", "Yours faithfully,", "Many thanks,"],
    "signature": ["Consultant Gastroenterologist", "Dr {doc2}, Consultant Hepatobiliary Physician",
                  "Specialty Registrar in Gastroenterology, on behalf of Dr {doc2}", "Advanced Endoscopy Fellow",
                  "Dr {doc2} (dictated, not read)"],
    "cc": ["cc: GP", "cc: patient", "Copy: referring surgeon", "cc: Dr {doc2}, general surgery", ""],
    "opd_heads": ["Outpatient follow-up note", "GI clinic - follow-up visit", "Clinic note (biliary)", "Follow-up visit",
                  "Outpatient progress note", "Telephone clinic follow-up"],
    "reason": ["Reason for visit: follow-up after ERCP.", "Visit type: return patient.", "Reason for visit: results and plan.",
               "Chief complaint: none, routine review.", "Seen for: biliary follow-up."],
    "exam": ["Exam: well, anicteric, abdomen soft and non-tender.", "O/E afebrile, no icterus, abdomen soft.",
             "Examination: BMI 31, abdomen benign.", "Vitals: BP 128/76, HR 72, afebrile."],
    "indian_heads": ["OPD follow up", "Gastro OPD - review", "OPD notes, Dept of Medical Gastroenterology", "Review OPD",
                     "Follow up - GE OPD"],
    "indian_co": ["c/o nil.", "c/o mild pain abdomen, occasional.", "c/o dyspepsia x 1 week.", "No c/o fever, jaundice.",
                  "c/o intermittent pain RUQ.", "Pt asymptomatic."],
    "indian_oe": ["O/E: afebrile, no icterus, P/A soft, NT.", "O/E - conscious, oriented, no pallor/icterus. P/A soft.",
                  "GC fair. No icterus. P/A: soft, non tender.", "Vitals stable. P/A soft."],
    "indian_labs": ["LFT: T.bil {m}, SGPT {c}, ALP {b}.", "USG abd: CBD {n} mm, GB calculi.", "LFT wnl.",
                    "Hb {j}, TLC {g}, LFT: bil {m}.", "MRCP (outside) reports reviewed."],
    "indian_end": ["Review with reports.", "Review after LFT.", "Continue tab UDCA 300 mg BD.", "Tab pantoprazole 40 mg OD x 2 weeks.",
                   "Admit on the day of procedure.", "Lap chole - surgery opinion taken."],
    "ward_heads": ["Ward round - day {n}", "Progress note (gastroenterology)", "Surgical ward round, day {n} of admission",
                   "Medical registrar review", "Evening review", "Daily progress note"],
    "ward_s": ["S: RUQ pain easing, no fever overnight.", "S: feels better, tolerating fluids.", "S: ongoing itch, no pain.",
               "S: nauseated, one vomit overnight.", "S: comfortable, keen to go home."],
    "ward_a": ["A: choledocholithiasis.", "A: CBD stones with resolving cholangitis.", "A: obstructive jaundice secondary to CBD stones.",
               "A: retained CBD stone.", "A: gallstone pancreatitis, improving, CBD stone on MRCP."],
    "ward_a_other": ["A: abnormal LFTs after a previous ERCP.", "A: stent in situ, due for planned exchange.",
                     "A: recurrent biliary-type pain, cause unclear.", "A: possible stent occlusion."],
    "ward_p": ["NBM from midnight.", "Consent obtained and on the chart.", "Hold apixaban - last dose this morning.",
               "INR and platelets in the morning.", "Continue IV piperacillin-tazobactam.", "IV fluids overnight.",
               "Rectal indomethacin before the procedure.", "Anaesthetic review requested given OSA.",
               "Discussed with the endoscopy unit; booked.", "Keep fasting after breakfast tomorrow."],
    "preop_heads": ["Pre-procedure assessment", "Pre-endoscopy checklist", "Anaesthetic pre-assessment - ERCP list",
                    "Nursing pre-procedure assessment", "Pre-ERCP assessment clinic"],
    "preop_lines": ["ASA grade: {asa}.", "Airway: Mallampati {mall}, full dentition.", "Allergies: none known.",
                    "Allergies: penicillin (rash).", "Anticoagulation: apixaban to stop 48 h before.",
                    "Anticoagulation: none.", "Diabetes: metformin to be omitted on the morning of the list.",
                    "Fasting instructions given.", "Escort home arranged.", "Weight {wt} kg.",
                    "Consent discussed: pancreatitis, bleeding, perforation, cholangitis, failure.",
                    "Last INR 1.{h}.", "Previous sedation tolerated well.", "Pacemaker: no."],
    "referral_open": ["Dear Dr {doc},", "Dear Colleague,", "Dear Dr {doc} and team,"],
    "referral_ask": ["I would be grateful if you could see {who}.", "Thank you for accepting {who} for your advanced endoscopy list.",
                     "I am writing to refer {who} to your unit.", "Please see {who}, whom I am referring on."],
    "dis_heads": ["DISCHARGE SUMMARY", "Discharge summary", "Inpatient discharge letter", "Discharge Summary - General Medicine"],
    "dis_dx": ["Mild post-ERCP pancreatitis", "Cholangitis, treated with antibiotics", "Elective laparoscopic cholecystectomy",
               "Biliary colic, managed conservatively", "Community-acquired pneumonia", "Urinary tract infection",
               "Fall at home, no fracture"],
    "dis_follow": ["GP review in 2 weeks.", "LFTs with the GP in 1 week.", "Return if fever, jaundice or pain.",
                   "Surgical clinic in 6 weeks.", "Complete the oral antibiotic course."],
    "dis_course": ["Managed with IV fluids and analgesia; lipase normalised by day 3.", "Treated with IV antibiotics, switched to oral on day 3.",
                   "Laparoscopic cholecystectomy performed on day 2 without complication.", "Pain settled with simple analgesia.",
                   "No endoscopic procedure was needed during this admission.", "Blood cultures grew E. coli; completed antibiotics.",
                   "Mobilised with physiotherapy and discharged home."],
    "imaging_now": ["MRCP shows {stone_np} in the {duct}.", "Ultrasound shows a dilated {duct} and {stone_np}.",
                    "CT reported {stone_np} in the distal {duct}.", "EUS this week confirmed {stone_np} in the {duct}.",
                    "MRCP: {stone_np}, {duct} {cbd_size}."],
    "residual_then": ["A few fragments were left behind at that time.", "Clearance was incomplete.", "Some stone remained afterwards.",
                      "A residual fragment was noted on the final films."],
    "clear_then": ["The duct was clear at the end.", "The final cholangiogram was clear.", "Clearance was complete.",
                   "She was told the duct had been cleared."],
    "stent_since": ["A {stent} was left in place at the end.", "She has a {stent} in situ since then.",
                    "A stent was left and is still in place.", "{stent} remains in situ.", "A stent was placed at that procedure."],
}


def _tech_phrase(f, rng):
    names = [rng.choice(SHARED["tech_names"][t]) for t in f["plan_techs"]] + list(f["plan_other"])
    rng.shuffle(names)
    return join_names(names)


def _recap(f, w, when):
    """The past ERCP: an intro with its date, then a one-line summary, the procedure sentences, or both."""
    rng, past = w.rng, f["past"]
    if not f["past_ercp"]:
        return [w.fill(rng.choice(PERI["imaging_now"]))]
    out = [w.say("peri_past_intro", when=when)]
    mode = rng.choice(["summary", "summary", "detail", "both"])
    if mode in ("summary", "both"):
        done = [s["step"] for s in past["steps"] if not s["step"].endswith(("_failed", "_negative", "_partial"))]
        tried = [s["step"] for s in past["steps"]]
        if past["material"] is None:
            out.append(w.say("peri_recap_none"))
        elif past["removed"]:
            tech = (join_names([rng.choice(SHARED["step_names"][s]) for s in done]) if done
                    else rng.choice(["irrigation", "saline flushing", "irrigation alone"]))
            out.append(w.say("peri_recap_removed", tech=tech))
            if past["residual"]:
                out.append(rng.choice(PERI["residual_then"]))
            elif rng.random() < 0.4:
                out.append(rng.choice(PERI["clear_then"]))
        elif tried:
            out.append(w.say("peri_recap_not_removed", tech=join_names([rng.choice(SHARED["step_names"][s]) for s in tried])))
        else:
            out.append(w.say("peri_recap_left"))
    if mode in ("detail", "both"):
        if mode == "both" and rng.random() < 0.5:
            out.append(rng.choice(["The report reads:", "Details:", "From the procedure report:", "In more detail:",
                                   "Procedure note (copied):"]))
        pre, ther, _ = body_sentences(past, w, 0.0, brief=True)
        out += [s for s in pre + ther if s not in w.filler][-rng.randint(3, 6):]  # the steps and outcome come last
    elif past["stent_placed"] and (past["steps"] or past["material"] is None) and rng.random() < 0.6:
        out.append(w.fill(rng.choice(PERI["stent_since"])))
    return out


def _plan(f, w, when):
    rng = w.rng
    if not f["plan_techs"] and not f["plan_other"]:
        return [rng.choice(PERI["no_plan"])]
    out = [w.say("peri_plan", tech=_tech_phrase(f, rng), when=when)]
    if not f["past_ercp"]:  # a first ERCP is not a "repeat" one
        out[0] = re.sub(r"\b(repeat|further|second) ERCP\b", "ERCP", out[0]).replace("repeat the ERCP", "do the ERCP")
    for t in f["plan_techs"]:
        if rng.random() < 0.25:  # the ERCP reports' own plan sentences, here in a note that is not one
            out.append(w.say("planned", tech=rng.choice(SHARED["tech_names"][t])))
    return out


def _stones_left(past):
    return past["material"] is not None and (not past["removed"] or past["residual"])


def _cap(s):
    return s[:1].upper() + s[1:]


# One patient, one set of pronouns (templates are written with either).
TO_FEMALE = [(r"\bhe\b", "she"), (r"\bHe\b", "She"), (r"\bhis\b", "her"), (r"\bHis\b", "Her"), (r"\bhim\b", "her"),
             (r"\bhusband\b", "husband"), (r"\bgentleman\b", "lady")]
TO_MALE = [(r"\bshe\b", "he"), (r"\bShe\b", "He"), (r"\bher(?= (back|in|for|to|again|that|with|from)\b|[.,;])", "him"),
           (r"\bher\b", "his"), (r"\bHer\b", "His"), (r"\bhusband\b", "wife"), (r"\blady\b", "gentleman")]


def one_gender(text, female):
    for pat, rep in TO_FEMALE if female else TO_MALE:
        text = re.sub(pat, rep, text)
    return text


def render_peri(f, rng, w):
    t = f["nonercp_type"]
    n = rng.randint(2, 12)
    date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(23, 25)}"
    if t == "opd_indian":
        date = date.replace("/", rng.choice(["/", ".", "-"]))
    past_date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(18, 22)}"
    vals = {"n": n, "date": past_date, "month": rng.choice(MONTHS), "year": rng.choice(SHARED["years"])}
    when = rng.choice(WHEN_PAST[t]).format(**vals)
    vals["n"], vals["date"] = rng.randint(2, 8), f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026"
    when_next = rng.choice(WHEN_NEXT[t]).format(**vals)
    female = rng.random() < 0.5
    name = rng.choice(SURNAMES)
    who = rng.choice([f"{'Mrs' if female else 'Mr'} {name}", f"{'Ms' if female else 'Mr'} {name}", "this patient",
                      f"{'this lady' if female else 'this gentleman'}"])
    age = rng.randint(28, 92)
    fmt_vals = dict(who=who, doc=rng.choice(SURNAMES), doc2=rng.choice(SURNAMES), n=rng.randint(2, 10),
                    a=rng.randint(6, 40), b=rng.randint(70, 400), c=rng.randint(15, 200), g=rng.randint(4000, 14000),
                    j=rng.randint(9, 15), m=round(rng.uniform(0.4, 4), 1), h=rng.randint(0, 3), asa=rng.choice(["I", "II", "III"]),
                    mall=rng.randint(1, 3), wt=rng.randint(48, 120))
    P = lambda key, k=1: [_cap(s.format(**fmt_vals)) for s in rng.sample(PERI[key], k)]  # noqa: E731
    recap = _recap(f, w, when)
    plan = _plan(f, w, when_next)
    bullets = rng.random() < 0.5
    pmh = rng.sample(SHARED["pmh_items"], rng.randint(0, 4))

    if t == "clinic_letter":
        blocks = [P("clinic_heads")[0] + "\n" + f"Clinic date: {date}", P("referral_open")[0],
                  f"Re: {name}, {age} years" if rng.random() < 0.6 else "",
                  ("Diagnoses: " + "; ".join([rng.choice(SHARED["dx_stones"])] + pmh[:2])) if rng.random() < 0.5 else "",
                  " ".join(P("seen") + recap), " ".join(P("current", rng.randint(1, 3))),
                  section("Plan", plan, "inline", "bullets", rng) if bullets else " ".join(plan),
                  P("letter_end")[0] + "\n" + P("signature")[0], P("cc")[0]]
    elif t == "opd_followup":
        blocks = [P("opd_heads")[0] + f" - {date}", P("reason")[0],
                  section(rng.choice(["HPI", "History", "Interval history"]), recap + P("current", rng.randint(1, 2)), "inline"),
                  P("exam")[0], section(rng.choice(["Assessment/Plan", "A/P", "Plan"]), plan, "inline",
                                        "numbered" if bullets else None, rng)]
    elif t == "opd_indian":
        text = "\n".join([P("indian_heads")[0] + f" ({date})", f"{age}/{'F' if female else 'M'}",
                          " ".join(recap), P("indian_co")[0], P("indian_oe")[0], P("indian_labs")[0],
                          "Adv:\n" + "\n".join(f"- {s}" for s in plan + P("indian_end", rng.randint(1, 2)))])
        return finish(one_gender(text, female), "indian", rng)
    elif t == "ward_preop":
        blocks = [P("ward_heads")[0], P("ward_s")[0], "O: " + " ".join(P("exam") + P("current", 1)),
                  " ".join(recap), P("ward_a" if not f["past_ercp"] or _stones_left(f["past"]) else "ward_a_other")[0],
                  section("P", plan + P("ward_p", rng.randint(2, 4)), "inline", "bullets" if bullets else None, rng)]
    elif t == "preop_assessment":
        head = P("preop_heads")[0]
        blocks = [head, f"Planned procedure: ERCP{' with ' + _tech_phrase(f, rng) if f['plan_techs'] and rng.random() < 0.5 else ''}",
                  section(rng.choice(["Previous procedures", "Background", "History"]), recap, "inline"),
                  "\n".join(P("preop_lines", rng.randint(3, 6))), section("Plan", plan, "inline")]
    elif t == "referral_letter":
        blocks = [P("referral_open")[0], " ".join(P("referral_ask") + plan), " ".join(recap),
                  ("Background: " + join_names(pmh) + ".") if pmh else "", P("letter_end")[0] + "\n" + P("signature")[0]]
    else:  # discharge_previous: this admission had no ERCP; the ERCP was at an earlier one
        blocks = [P("dis_heads")[0], f"Discharge date: {date}", "Principal diagnosis: " + P("dis_dx")[0],
                  section(rng.choice(["Background", "History", "Relevant history"]), recap, "inline"),
                  section("Hospital course", P("dis_course", rng.randint(1, 3)), "inline"),
                  section(rng.choice(["Discharge plan", "Follow-up"]), plan + rng.sample(PERI["dis_follow"], 1),
                          "inline", "bullets", rng)]
    text = one_gender("\n\n".join(b for b in blocks if b), female)
    if rng.random() < 0.15:
        return finish(text, "messy", rng)
    return finish(text, rng.choice(["structured", "structured", "british", "terse"]), rng)


# --------------------------------------------------------------------------- short notes that are not ERCP reports
def render_short(f, rng, w):
    """A 1-3 line note as terse as a hand-off: a past ERCP in clinic, tomorrow's ERCP, urology, cardiology, lap chole."""
    t = f["nonercp_type"]
    who = rng.choice(SHARED["hf_who"]) + " " if rng.random() < 0.4 else ""
    if t in ("handoff_urs", "handoff_pci", "handoff_ioc"):
        line = rng.choice(SHARED[t.replace("handoff_", "hf_")]).format(
            side=rng.choice(["L", "R", "left", "right", "Lt", "Rt"]), size=rng.choice(["6mm", "8 mm", "11mm", "1.2cm", "9mm"]))
        tail = rng.choice(SHARED["hf_tail"][t])
        line = line + (". " + tail if tail else "")
        parts = re.split(r"(?<=[.])\s+", line)
        text = who + ("\n".join(parts) if rng.random() < 0.4 else line)
        return misspell(text.lower() if rng.random() < 0.12 else text, rng, 0.02)
    past = f["past"]
    w.slots.update(handoff_slots(past, rng))
    if t == "handoff_future":
        tech = rng.choice(["/", " or ", " +/- "]).join(rng.choice(SHARED["hf_tech"][x]) for x in f["plan_techs"])
        lead = w.say("hf_future", when=rng.choice(SHARED["hf_when_next"]), tech=tech)
        ward = rng.sample(SHARED["hf_ward"], rng.choice([0, 1, 2, 2]))
        return misspell(handoff_lines(w, who.strip(), [lead], [], ward, max_lines=2), rng, 0.02)
    # handoff_past: the past ERCP in the very fragments a hand-off of it would use, then how the patient is now
    opener = w.say("hf_past_open", when=rng.choice(SHARED["hf_when_past"]))
    core = handoff_steps(past, w)
    tail = handoff_outcome(past, w)
    if past["stent_placed"] and rng.random() < 0.5:
        tail.append(w.say("hf_stent"))
    now = [rng.choice(SHARED["hf_now"])]
    return misspell(handoff_lines(w, opener, core, tail, now, heads=["", "Now:", "Today:", "Since:", "Now"]), rng, 0.02)
