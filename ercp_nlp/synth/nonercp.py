"""Notes that are not ERCP procedure reports but share its words (all labels 0, stones null).

Urology (ureteroscopy with laser and basket, PCNL, ESWL), cardiology and vascular
balloon angioplasty, laparoscopic cholecystectomy with a balloon-tipped cholangiogram
catheter, Foley balloons, and GI consults or discharge summaries in which ERCP is only
recommended, feared or past. Each note type is a list of sentence slots with several
options; section headers come from the note's family like every other note.
"""

from __future__ import annotations

import random

from .phrases import SHARED
from .styles import finish, section

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
