"""Mentions, assertions and purposes on notes in several writing styles, and serialization."""

import json
import subprocess
import sys

import pytest



def mentions(doc, label=None):
    return [m for m in doc.spans["ercp_mentions"] if label is None or m.label_ == label]


def found(doc, label):
    return [(m.text.lower(), m._.ercp_assertion) for m in mentions(doc, label)]


STYLES = {
    "structured": (
        "Procedure Performed: ERCP with sphincterotomy\n"
        "Indications: Choledocholithiasis\n"
        "Findings: The common bile duct was dilated to 13 mm with two filling defects. A biliary sphincterotomy was made. "
        "The duct was swept with a 12 mm extraction balloon and two stones were removed.\n"
        "Impression: Choledocholithiasis, cleared.\nRecommendation: Lap chole.",
        {"balloon": "performed", "stone_removed": "performed", "sphincterotomy": "performed"},
    ),
    "dictated": (
        "DESCRIPTION OF PROCEDURE: After informed consent the duodenoscope was passed. Attempts to capture the stone "
        "with a Dormia basket were unsuccessful, so a 10 Fr plastic stent was placed. We will bring her back for "
        "cholangioscopy with electrohydraulic lithotripsy in six weeks.",
        {"basket": "attempted_failed", "electrohydraulic_lithotripsy": "planned"},
    ),
    "terse": (
        "ERCP: deep CBD cann. EPT. 2 x 8mm stones -> BML, frags cleared w/ 12mm balloon. Occl chol neg. No EHL needed.",
        {"mechanical_lithotripsy": "performed", "basket": "performed", "balloon": "performed",
         "electrohydraulic_lithotripsy": "negated"},
    ),
    "british": (
        "Indication: obstructive jaundice.\nTherapeutic: Sphincterotomy performed. Calculi trawled with a "
        "balloon and a Dormia basket. Complete ductal clearance achieved.\nOutcome: duct clear.",
        {"balloon": "performed", "basket": "performed"},
    ),
    "checkbox": (
        "Stone extraction: [X] balloon [ ] basket\nLithotripsy: ( ) mechanical ( ) EHL ( ) laser\n",
        {"balloon": "performed", "basket": "negated", "electrohydraulic_lithotripsy": "negated", "laser_lithotripsy": "negated"},
    ),
    "boxes_after_items": (
        "Extraction: Balloon [ ]  Basket [x]\nEHL ✘   Laser ✘   Stent ✔\n",
        {"balloon": "negated", "basket": "performed", "electrohydraulic_lithotripsy": "negated", "laser_lithotripsy": "negated"},
    ),
    "one_line_each": (
        "Stone: removed with basket after ES extension\nBalloon: 9 mm x2, clean\n",
        {"basket": "performed", "balloon": "performed"},
    ),
    "messy": (
        "pt w/ cbd stones s/p prior ercp w/ basket extraction in 2019. findings: cbd 14mm. ballon sweep x3 sludge out. "
        "impression: sludge cleared plan: f/u",
        {"basket": "historical", "balloon": "performed"},
    ),
    "history": (
        "HISTORY: Prior ERCP with mechanical lithotripsy at an outside hospital.\n\n"
        "TECHNIQUE: Cholangioscopy was performed; the stone was fragmented with a holmium laser and fragments "
        "cleared with a basket.",
        {"mechanical_lithotripsy": "historical", "laser_lithotripsy": "performed", "basket": "performed"},
    ),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_mentions_and_assertions_by_style(nlp, style):
    text, expected = STYLES[style]
    doc = nlp(text)
    for label, assertion in expected.items():
        assertions = {a for _, a in found(doc, label)}
        assert assertion in assertions, (label, found(doc, label))


@pytest.mark.parametrize(
    "text, label",
    [
        ("Sphincteroplasty was performed with a 15 mm CRE balloon.", "balloon_dilation"),
        ("The papilla was dilated with a 12 mm balloon.", "balloon_dilation"),
        ("The extraction balloon was inflated at the hilum and contrast injected for an occlusion cholangiogram.",
         "occlusion_cholangiogram"),
        ("Balloon angioplasty of the LAD was performed.", "balloon_other"),
        ("Deep cannulation was achieved with a balloon catheter.", "balloon_other"),
        ("Deep access was achieved with a balloon catheter and wire.", "balloon_other"),
        ("The balloon catheter was then taken out.", "balloon_other"),
        ("After the images the balloon was deflated and pulled back into the scope.", "balloon_other"),
        ("then a balloon sphincter o plasty with a ten millimeter c r e balloon period", "balloon_dilation"),
        ("A covered stent was expanded on its delivery balloon across the stricture.", "balloon_other"),
    ],
)
def test_balloon_look_alikes_are_not_extraction(nlp, text, label):
    doc = nlp(text)
    labels = {m.label_ for m in mentions(doc)}
    assert label in labels
    assert not any(m.label_ == "balloon" and m._.ercp_purpose == "extraction" for m in mentions(doc))


@pytest.mark.parametrize(
    "text, label, assertion",
    [
        ("Stone extraction with a basket was attempted but unsuccessful.", "basket", "attempted_failed"),
        ("No basket was needed.", "basket", "negated"),
        ("Will return for EHL.", "electrohydraulic_lithotripsy", "planned"),
        ("Stent placed. Rtn 6 wks for Spy + EHL.", "electrohydraulic_lithotripsy", "planned"),
        ("Colédoco con 2 cálculos; barrido con balón. No se utilizó canastilla.", "basket", "negated"),
        ("Intento de extracción con canastilla sin éxito; se deja prótesis plástica.", "basket", "attempted_failed"),
        ("Se planea litotricia electrohidráulica en 6 semanas.", "electrohydraulic_lithotripsy", "planned"),
        ("Dilatación papilar con balón de 12 mm.", "balloon_dilation", "performed"),
        ("O cálculo foi capturado com cesto de litotrícia e fragmentado.", "mechanical_lithotripsy", "performed"),
        ("Stent across them. Return 6 weeks for repeat SOC and more EHL.", "electrohydraulic_lithotripsy", "planned"),
        ("She is s/p mechanical lithotripsy in 2019.", "mechanical_lithotripsy", "historical"),
        ("No stones were seen after the balloon sweep.", "balloon", "performed"),
        ("Plan: laser lithotripsy at the next ERCP.", "laser_lithotripsy", "planned"),
        ("Cholangiogram without defects, sphincterotomy, balloon swept x2.", "balloon", "performed"),
        ("No stones, sludge or debris; no basket, balloon or lithotripsy was needed.", "balloon", "negated"),
        ("Basket retrieval none.", "basket", "negated"),
        ("The balloon sweep retrieved none.", "balloon", "performed"),
        ("BE sweep x2: nil", "balloon", "performed"),
        ("I did not go on to sweep the duct with a retrieval balloon.", "balloon", "negated"),
        ("The duct was clear, so the extraction balloon and basket that had been prepared were not used.", "balloon", "negated"),
        ("The duct was swept with a balloon and no basket was needed.", "balloon", "performed"),
        ("Le ballon a été dégonflé et retiré sans balayage.", "balloon", "negated"),
        ("Balloon sweep: {YES/NO:19234}\nFindings: fragments pulled with a basket.", "balloon", "uncertain"),
        ("Yesterday's ERCP: EHL of a 25 mm stone. Partial fragmentation before the EHL generator faulted.\n"
         "Today: stents removed, duct clear.", "electrohydraulic_lithotripsy", "historical"),
        ("Fragments taken with a basket, as the balloon would not have opened in the narrow duct.", "balloon", "negated"),
        ("The holmium laser was set up in the room in case we needed it.", "laser_lithotripsy", "negated"),
        ("Assessment and plan:\n1. The stone was crushed with a mechanical lithotripter and cleared.\n2. Lap chole.",
         "mechanical_lithotripsy", "performed"),
        ("Assessment and plan:\n1. Stent placed.\n2. Will return in 4 weeks for mechanical lithotripsy.",
         "mechanical_lithotripsy", "planned"),
        ("Plan: cholangioscopy with EHL at the tertiary centre - referral made today.",
         "electrohydraulic_lithotripsy", "planned"),
        # a progress note's assessment and plan: the day's account runs on along its line
        ("A/P: 52M POD3 lap chole c/b bile leak.\n- ERCP done today by GI. Sphincterotomy; balloon sweep of the CBD "
         "brought out sludge. Stent placed.\n- Stent removal ERCP in 4-6 wks.", "balloon", "performed"),
        ("Assessment and plan: proceed with ERCP under GA today. EHL and/or laser as needed.",
         "electrohydraulic_lithotripsy", "planned"),
        ("Plan: ERCP was discussed. EHL at the next session.", "electrohydraulic_lithotripsy", "planned"),
        ("Plan: repeat ERCP.\n[Amendment 12/11 07:58 Dr A] Omitted detail: two sweeps with an extraction balloon were done.",
         "balloon", "performed"),
        ("BE sweep x2: no.", "balloon", "performed"),
        ("Swept with a 12 mm balloon x4: no stones returned.", "stone", "negated"),  # the count does not shield the finding
        ("An extraction balloon was inflated for an occlusion cholangiogram: CBD 9 mm, no filling defects.",
         "occlusion_cholangiogram", "performed"),
        ("Basket: nil\nStent: yes", "basket", "negated"),
        ("indication: retained stone after lithotripsy in 2023\nbasket: yes", "basket", "performed"),
        ("no CBDS\nstns out w/ bskt", "basket", "performed"),
        ("The balloon was inflated for cholangiography only and was not swept.", "sweep", "negated"),
        ("We elected not to use a basket.", "basket", "negated"),
        ("Fragments left, none removed.", "stone_removed", "negated"),
        ("Fragments left, none removed.", "stone_not_removed", "performed"),
        ("Stone extraction was deliberately avoided.", "stone_removed", "negated"),
        ("jaundice comma CBD 12 mm period no basket comma lithotripsy period the duct was swept with a balloon", "balloon", "performed"),
        ("A basket trawl did not prove necessary.", "basket", "negated"),
        ("There was no call for extraction with a balloon.", "balloon", "negated"),
        ("PMHx balloon sweep 2019, laser lithotripsy today.", "balloon", "historical"),
        ("PMHx balloon sweep 2019, laser lithotripsy today.", "laser_lithotripsy", "performed"),
        ("Old ES noted / basket failed x3 / stone fragmented w/ holmium laser", "laser_lithotripsy", "performed"),
        ("Just back: stones out with balloon + prev ERCP 2012 w/ Dormia basket", "basket", "historical"),
        ("Fragments were entrapped in a Dormia basket and removed.", "basket", "performed"),
        ("The basket became entrapped in the distal CBD.", "basket", "attempted_failed"),
        ("EUS REPORT\nCourse: at ERCP the stones were removed with a basket. EUS today: clear duct.", "basket", "historical"),
        ("Balloon trawl x2, nothing retrieved.", "stone_removed", "negated"),
        ("bal swept - no debris --> EHL avoided", "balloon", "performed"),
        ("Balloon extraction -> no clearance.", "balloon", "attempted_failed"),
        ("Biliary endoscopy today: dormia in 2018 + 4-wire basket -> stone delivered", "basket", "performed"),
        ("In 2018 she had an ERCP with sphincterotomy, basket extraction and a stent.", "basket", "historical"),
        ("The Trapezoid basket was opened repeatedly but never held the stone.", "basket", "attempted_failed"),
        ("A 12 mm balloon was prepared on the table but it was not needed.", "balloon", "negated"),
        ("It was a basket, not a balloon.", "balloon", "negated"),
        ("At that ERCP, the stones were removed with a basket.", "basket", "historical"),
        ("The balloon was let down and removed over the wire.", "stone_removed", None),
        ("Stone out with a balloon, 10 Fr stent left in situ.", "stone_not_removed", None),
        ("Stones were captured with a basket and removed.", "stone_removed", "performed"),
        ("Bskt x3 attempts -> cannot capture", "basket", "attempted_failed"),
        ("The balloon was then deflated and withdrawn through the duct without a sweep.", "balloon", "negated"),
        ("Ind: CBD stones\nBalloon sweep: NOT required.\nBasket: 2 stones out.", "balloon", "negated"),
        ("Done (✓):\n✓ Sphincterotomy\n✓ Basket extraction\n  Balloon extraction\n\nStones out.", "balloon", "negated"),
        ("Done (✓):\n✓ Sphincterotomy\n✓ Basket extraction\n  Balloon extraction\n\nStones out.", "basket", "performed"),
        ("✓ Sphincterotomy\n✓ Basket extraction\nThe duct was then swept with a balloon.", "balloon", "performed"),
        ("A Dormia basket was used to grab the migrated stent.", "basket", None),
        ("Lithotripsy modality: ( ) laser  (x) EHL  ( ) mechanical", "laser_lithotripsy", "negated"),
        ("Lithotripsy modality: ( ) laser  (x) EHL  ( ) mechanical", "electrohydraulic_lithotripsy", "performed"),
        ("In 2018 she had an ERCP with sphincterotomy, basket extraction and a stent.", "basket", "historical"),
        ("The duct was swept with a balloon; no further sweep was needed.", "balloon", "performed"),
        ("could not be captured (basket) / balloon not tried", "basket", "attempted_failed"),
        ("Basket extraction [x]\nBasket box ticked by nurse in error.", "basket", "negated"),
        ("| Basket        | n/a      | - |", "basket", "negated"),
        ("Back in 6/52 for SpyGlass and EHL.", "electrohydraulic_lithotripsy", "planned"),
        ("Had we swept the duct with a balloon, the sweep would have been empty.", "balloon", "uncertain"),
        ("A balloon sweep of the pancreatic duct was considered but not performed.", "balloon", "negated"),
        ("The case was abandoned by anaesthesia before any basket extraction.", "basket", "negated"),
        ("Three sweeps with the balloon returned clear bile only.", "stone_removed", None),
        ("Basket extraction                [N]\nBalloon sweep                    [Y]", "basket", "negated"),
        ("Basket extraction                [N]\nBalloon sweep                    [Y]", "balloon", "performed"),
        ("Stones removed?                  [N]", "stone_removed", "negated"),
        ("Memory basket, lot 5512 - opened, not used", "basket", "negated"),
        ("The line 'stones extracted with a basket' is incorrect.", "basket", "negated"),
        ("CONSENT FORM - ERCP\nProcedures consented: [x] balloon sweep [x] basket extraction", "basket", "planned"),
        ("Session 1 (03/02): a basket could not open around the stone.\nToday: balloon sweep x3, stone out.", "basket", "historical"),
        ("Stones removed: ☐ Complete  ☐ Partial  ☑ None", "stone_removed", "negated"),
        ("Stone extraction device: [ None ▼ ]", "stone_removed", "negated"),
        ("Hx: cholangitis 2023.\nERCP 03/2023: stones removed with a basket.\nToday: stent out, sweep negative.", "basket", "historical"),
        ("---- copied from previous note (ERCP 01/08) ----\nstone crushed with BML\n---- end copied text ----", "mechanical_lithotripsy", "historical"),
        ("The overtube balloon was deflated and the enteroscope withdrawn.", "balloon", None),
        ("The stone was released from the basket and the basket was removed intact.", "stone_removed", None),
        ("The procedure was stopped early for hypotension (MAP 50) before any extraction of the stone.", "stone_removed", "negated"),
        ("Retrieval balloon .............. N\nDormia basket .............. Y\n", "balloon", "negated"),
        ("Retrieval balloon .............. N\nDormia basket .............. Y\n", "basket", "performed"),
        ("Debris was trawled out with an 11.5 mm balloon, occlusion film clean.", "balloon", "performed"),
        ("A basket trawl was thought unlikely to help in a duct this narrow and was not attempted.", "basket", "negated"),
        ("A retrieval balloon was opened but it was not necessary to pass it.", "balloon", "negated"),
        ("Crushed with the BML, not the laser.", "laser_lithotripsy", "negated"),
        ("Stones: none were seen or removed.", "stone_removed", "negated"),
        ("None of the three fragments could be extracted.", "stone_removed", "negated"),
        ("Kindly book him for cholangioscopy with laser next month.", "laser_lithotripsy", "planned"),
        ("14 mm extraction bln x3, sludge out", "balloon", "performed"),
        ("A basket was on standby in case it was needed but was never used; balloon only.", "basket", "negated"),
        ("The dilation balloon was deflated and was not used for extraction of the stone.", "stone_removed", "negated"),
        ("Occlusion balloon inflated, contrast in, deflated and withdrawn w/o sweeping.", "sweep", "negated"),
        ("We tried to capture the stone with a Dormia basket; it would not open.", "basket", "attempted_failed"),
        ("The patient desaturated, so we did not try to remove the stone with the basket.", "basket", "negated"),
        ("Referral: failed basket extraction at the district hospital last month.", "basket", "historical"),
        ("The stricture was tight and we dilated it with a 6 mm balloon.", "balloon_dilation", "performed"),
        ("| Item | Yes | No |\n|------|-----|----|\n| Basket extraction |  | X |\n| Balloon sweep | X |  |\n", "basket", "negated"),
        ("| Item | Yes | No |\n|------|-----|----|\n| Basket extraction |  | X |\n| Balloon sweep | X |  |\n", "balloon", "performed"),
        ("Balloon trawl x3: 0 stones, clear bile.", "stone", "negated"),
        ("Jaundice and ALP 400, ?CBD stone on ultrasound.", "stone", "uncertain"),
        ("After the papillotomy much biliary mud and two calculi exited into the duodenum.", "stone_removed", "performed"),
        ("Frags: BE 9->12mm x4, duct clear", "balloon", "performed"),
        ("The Dormia box was checked by mistake; only the balloon was used.", "basket", "negated"),
        ("Stent in; for SpyGlass and laser on the next list (booked).", "laser_lithotripsy", "planned"),
        ("Modality:\n  [x] EHL probe\n  [ ] Laser - holmium / thulium\n", "laser_lithotripsy", "negated"),
        ("Stone removal: Balloon [ ]  Basket [x]", "basket", "performed"),
        ("The report above wrongly states EHL; the holmium laser was used.", "electrohydraulic_lithotripsy", "negated"),
        ("Complete ductal clearance was achieved.", "stone_removed", "performed"),
        ("Unable to clear the duct.", "stone_removed", "attempted_failed"),
        ("Extraction failed; a 10 Fr stent was placed.", "stone_not_removed", "performed"),
        ("Creatinine clearance 45 ml/min.", "stone_removed", None),
        ("The scope came out easily.", "stone_removed", None),
        ("Lithotripsy (mechanical) was performed.", "mechanical_lithotripsy", "performed"),
        ("The possibility that lithotripsy (mechanical, EHL or laser) might be required was explained.", "mechanical_lithotripsy", "planned"),
        ("Intraductal shock-wave lithotripsy fragmented the stone.", "eswl", None),
        ("Intraductal shock-wave lithotripsy fragmented the stone.", "electrohydraulic_lithotripsy", "performed"),
        ("Was not necessary the lithotripsy; the stones came out with the balloon.", "lithotripsy", "negated"),
        ("We decided against lithotripsy as the stones were small.", "lithotripsy", "negated"),
        ("We decided against further manipulation and placed a 10 Fr stent.", "stent_placement", "performed"),
        ("Laser: not applicable.", "laser_lithotripsy", "negated"),
        ("Prior history: ES and BML 2019, stent since.", "mechanical_lithotripsy", "historical"),
        ("The EHL console was not switched on during the case.", "electrohydraulic_lithotripsy", "negated"),
        ("A basket was taken out of its packet but was thrown away without being used.", "basket", "negated"),
        ("The retrieval basket that had been requested by the fellow was not used.", "basket", "negated"),
        ("They were so small that a basket was not needed.", "basket", "negated"),
        ("Laser was considered but the EHL probe was chosen.", "laser_lithotripsy", "negated"),
        ("Wasted items, not used (wasted): Trapezoid basket, 12 mm balloon", "basket", "negated"),
        ("The laser wording was left over from another report.", "laser_lithotripsy", "negated"),
        ("IMPRESSION: Choledocholithiasis s/p sphincterotomy and balloon extraction.", "balloon", "performed"),
        ("HISTORY: Choledocholithiasis s/p sphincterotomy and balloon extraction.", "balloon", "historical"),
        ("2 cm stone BML'd, pieces out with the basket.", "mechanical_lithotripsy", "performed"),
        ("The cholangiogram was clean, so we didn't run a balloon.", "balloon", "negated"),
        ("I did not sweep the duct.", "sweep", "negated"),
        ("Attestation: I would add that a balloon sweep was performed and was negative.", "balloon", "performed"),
        ("Duct clear; EHL only if the stone recurs.", "electrohydraulic_lithotripsy", "planned"),
        ("Retrieval: {balloon/basket}", "basket", "negated"),
        ("Retrieval: {balloon} used, duct clear.", "balloon", "performed"),
        ("TECH^LASER^Y|TECH^BASKET^N|TECH^EHL^N", "basket", "negated"),
        ("Stones extracted w/ ~~basket~~ -> balloon, both out", "basket", None),  # struck out, not a basket
        ("Lithotripter handle was in the room but never attached.", "mechanical_lithotripsy", "negated"),
        ("honestly we didnt need the basket it was all small stuff", "basket", "negated"),  # voice-to-text, no apostrophe
        ("We didn't have to crush anything.", "mechanical_lithotripsy", "negated"),
        ("Basket not req'd.", "basket", "negated"),
        ("no filling defects at all we swept the duct twice with the balloon and nothing came out", "balloon", "performed"),
        ("I did not feel mechanical lithotripsy was needed", "mechanical_lithotripsy", "negated"),
        ("Occlusion film (extraction balloon inflated at the hilum, balloon not pulled through).", "balloon", "negated"),
        ("Balloon: ***\nBasket: 2 stones out", "balloon", "negated"),
        ("Balloon: ***\nBasket: 2 stones out", "basket", "performed"),
        ("Stone extraction device:  Balloon [ ]   Basket [ ]   Other: ______", "balloon", "negated"),
        ("Balloon sweep x2 (11.5mm) -> nil. Clear.", "balloon", "performed"),
        ("Imp: CBD stones removed after ES + large-balloon dil.", "balloon_dilation", "performed"),
        ("STONE EXTRACTION\n  Balloon   [x]  size: 12 mm\n  Basket    [ ]  type: ________", "basket", "negated"),
        ("Extraction: [ ] balloon  [ ] basket  [X] other: ____", "basket", "negated"),
        ("TECHNIQUE | USED | COMMENT\nEHL    | YES  | 1.9 Fr probe\nMechanical lith.    | NO   | stone too large for basket capture", "lithotripsy", "negated"),
        ("| Device | Opened | Used |\n| Extraction balloon | Y | Y |\n| Trapezoid basket | Y | N |", "balloon", "performed"),
        ("Indication: large CBD stone, stent in\n- stent out\n- frags -> 12mm balloon x5 -> out", "balloon", "performed"),
        ("Indication:\n- prior ERCP with balloon 2019\n- jaundice", "balloon", "historical"),
        ("TECH^LASER^Y|TECH^BASKET^N|TECH^EHL^N", "laser_lithotripsy", "performed"),
        ("clearance=complete | ehl=no | stent=none", "electrohydraulic_lithotripsy", "negated"),
        ("On review of the images the third sweep did deliver a plug of sludge.", "stone_removed", "performed"),
        ("The balloon did not deliver any stone.", "stone_removed", None),
        ("Impacted calculus filling the CHD, with no room to open a basket or to pass a balloon above it.", "balloon",
         "negated"),
        ("Attempts to capture the stone with the basket failed, as there was little room to open it.", "basket",
         "attempted_failed"),
        ("Stent left; SpyGlass laser at the tertiary centre in 4-6 wk.", "laser_lithotripsy", "planned"),
        ("Extraction balloon 9-12 mm     lot 55-0192-A     opened - NOT USED\nBasket     lot 77-1140     used",
         "balloon", "negated"),
        ("Dormia: -. Extraction balloon: 12 mm, 3 passes.", "basket", "negated"),
        ("Session 2. Stent out. EHL not repeated; remaining fragments swept out.", "electrohydraulic_lithotripsy", "negated"),
        ("A lithotripsy basket was unwrapped in case, but it never went into the duct.", "basket", "negated"),
        ("couldnt cannulate well enough, didnt bother with a basket", "basket", "negated"),
        ("Cholangioscopic laser lithotripsy (holmium, 365 um fibre) was not carried out.", "laser_lithotripsy", "negated"),
        ("The Soehendra lithotriptor did not need to be used.", "mechanical_lithotripsy", "negated"),
        ("Mechanical lithotripsy N/A.", "mechanical_lithotripsy", "negated"),
        ("Stent placed; EHL at second look.", "electrohydraulic_lithotripsy", "planned"),
        ("Further ERCP in about 6 weeks with cholangioscopy and laser lithotripsy has been arranged.",
         "laser_lithotripsy", "planned"),
        ("Should the laser be unavailable we may use electrohydraulic lithotripsy.", "electrohydraulic_lithotripsy", "planned"),
        ("Known from a remote ERCP with basket extraction.", "basket", "historical"),
        ("Fragments cleared with a balloon today (mechanical lithotripsy had failed at session 1).", "balloon", "performed"),
        ("Fragments cleared with a balloon today (mechanical lithotripsy had failed at session 1).",
         "mechanical_lithotripsy", "historical"),
        ("REMOVAL DEVICE\n☑ Balloon (15 mm)   ☐ Basket   ☐ None\n", "balloon", "performed"),
        ("Given her frailty no extraction was attempted with balloon or basket; stent placed.", "basket", "negated"),
        ("The calculus was not amenable to removal with a balloon or a basket.", "balloon", "negated"),
        ("| Retrieval basket 2 cm | 0 | not requested |", "basket", "negated"),
        ("| Laser fibre 272 um | 4471-A | 1 | NOT USED |", "laser_lithotripsy", "negated"),
        ("Pancreatoscopy and laser will both be needed again next month.", "laser_lithotripsy", "planned"),
        ("This unit does not currently have a mechanical lithotripter.", "mechanical_lithotripsy", "negated"),
        ("The EHL probe was not advanced as the angle was unsafe.", "electrohydraulic_lithotripsy", "negated"),
        ("I did not think a basket would help.", "basket", "negated"),
        ("A balloon trawl was considered and none was performed.", "balloon", "negated"),
        ("The team did not sweep or basket the fragments: they were left in the CBD.", "basket", "negated"),
        ("Impression: no retained stones.", "stone_not_removed", "negated"),
        ("We had intended to use the laser today, but the fibre was missing.", "laser_lithotripsy", "planned"),
        ("I did not want to sweep a balloon through the oozing sphincterotomy.", "balloon", "negated"),
        ("He'll need cholangioscopy and EHL - please book.", "electrohydraulic_lithotripsy", "planned"),
        ("Stent in; laser lithotripsy next month.", "laser_lithotripsy", "planned"),
        ("CBD 12 mm, 3 FD. EST. EB sweeps x4, all out.", "balloon", "performed"),
        ("A Soehendra lithotriptor was unpacked in case it was needed but was not attached.",
         "mechanical_lithotripsy", "negated"),
        ("Comment: no lithotripsy was performed - the stone came out in the basket intact.", "basket", "performed"),
        ("Sweeps x3: no calculus was present or extracted.", "stone_removed", "negated"),
        ("Two 10 mm stones, unsuitable for basket capture through the narrow distal duct.", "basket", "negated"),
        ("The stone was not suitable for balloon or basket extraction.", "balloon", "negated"),
        ("The EHL generator failed on start-up, so a holmium laser was used instead.",
         "electrohydraulic_lithotripsy", "negated"),
        ("The report lists a sweep whenever a balloon is entered in the device list.", "balloon", "uncertain"),
        ("A 4 Fr Fogarty catheter was inflated above the stone and drawn down into the duodenum.", "balloon",
         "performed"),
        ("Coding asks whether any stone or sludge was removed at the sweep.", "stone_removed", "uncertain"),
        ("One more sweep was made to make sure the duct was clear.", "stone_removed", "uncertain"),
        ("Answer to the query: stone removal should not be coded.", "stone_removed", "negated"),
        ("The EHL generator failed its self-test, so the holmium laser was used.", "electrohydraulic_lithotripsy",
         "negated"),
        ("The laser fibre would not fire; EHL was used instead.", "laser_lithotripsy", "negated"),
        ("Proposition: new ERCP in 6 weeks for basket extraction of the fragments.", "basket", "planned"),
        ("About 8 minutes of laser time were delivered to the stone.", "stone_removed", "negated"),
        ("Swept with a 12 mm balloon comma correction comma delete balloon, the stone came out in a basket.",
         "balloon", "negated"),
        ("The mechanical lithotripter was prepared but the stone came out whole.", "mechanical_lithotripsy",
         "negated"),
        ("Extraction balloons out of stock today; stone removed with a basket.", "balloon", "negated"),
        ("Stent placed as we could not proceed with basket extraction today.", "basket", "negated"),
        ('- Balloon sweep: {Blank single:19197::"yes","no"}\n- Basket: two stones out', "balloon", "uncertain"),
        ("Stones judged too large for basket extraction; a stent was placed.", "basket", "negated"),
        ("Rescue basket permitted only after two failed balloon sweeps.", "basket", "planned"),
        ("She recovered well in the unit after the sweeps.", "stone_removed", "negated"),
        ("Return in 8 weeks so that the fragments can be cleared.", "stone_removed", "planned"),
        ("tried bsket x3 - couldnt get around the stone", "basket", "attempted_failed"),
        ("ES + 10 Fr stent. No extraction attempted. Refer Spy/EHL 6/52.", "electrohydraulic_lithotripsy", "planned"),
        ("Teaching point: why not simply trawl the duct with a balloon?\nBecause the stone was impacted.", "balloon",
         "uncertain"),
        ("Balloon sweep?\n[x] yes", "balloon", "performed"),
        ("Balloon sweep: Y x2\nComment: no stones or sludge on sweeps; the stone had likely passed.", "sweep",
         "performed"),
        ("Not tried with a basket, as the stone was wedged in the narrow distal duct.", "basket", "negated"),
        ("Basket box checked by default in the template.", "basket", "uncertain"),
        ("- Session 1 (3 Feb): SpyGlass holmium laser, partial fragmentation.\nToday: stents exchanged only.",
         "laser_lithotripsy", "historical"),
        ("Repeat ERCP. Session 1 (3 Feb): holmium laser, partial fragmentation. Today: stents exchanged only.",
         "laser_lithotripsy", "historical"),
        ("The referring unit's report says the EHL probe failed to fragment the stone.",
         "electrohydraulic_lithotripsy", "historical"),
        ("REFERRAL SUMMARY (from outside records):\n- ERCP 1: basket extraction failed, stent placed.",
         "basket", "historical"),
        ("Escort II 12 mm: stone does not move.", "balloon", "attempted_failed"),
        ("The EHL generator repeatedly failed its self-test.", "electrohydraulic_lithotripsy", "negated"),
        ("Anamnesis: ERCP, EPST, mechanical lithotripsy of a large concrement.\nToday: balloon sweep, duct clear.",
         "mechanical_lithotripsy", "historical"),
        ("Sweeps x2: no calculus was seen exiting the papilla.", "stone_removed", "negated"),
        ("Addendum: please disregard the basket in the device list.", "basket", "negated"),
        ("Risks, including pancreatitis and incomplete stone clearance, were explained.", "stone_removed",
         "uncertain"),
        ("We did not use an extraction balloon or a basket at any point.", "basket", "negated"),
        ("Retrieval basket          N\nStent placed              Y", "basket", "negated"),
        ("Mechanical lithotripsy        N (duct clear)\nStent                        Y", "mechanical_lithotripsy",
         "negated"),
        ("PD basket:              N\nPD stent:               Y", "basket", "negated"),
        ("Balloon and basket both failed to move it, and you placed a stent above the stone.", "basket",
         "historical"),
        ("At your first ERCP the lithotripsy basket broke.", "basket", "historical"),
        ("BS x3 (12 mm): sludge out.", "balloon", "performed"),
        ("BS: not done, duct clear.", "balloon", "negated"),
        ("Abdomen soft, normal BS. BS 142 this morning.", "balloon", None),
        ("Impression: retained 5 mm CBD stone, extracted with a basket.", "stone_not_removed", None),
        ("Large stone retained; stent placed.", "stone_not_removed", "performed"),
        ("Extraction: basket x2, BS 12/15mm x3 -> sludge.", "balloon", "performed"),
        ("Lithotripsy basket - opened on the trolley, sent back unopened.", "basket", "negated"),
        ("Lithotripsy basket brought in, returned to stock.", "basket", "negated"),
        ("The patient was taken to the recovery area; basket used for two stones.", "basket", "performed"),
        ("Lithotritie mecanique non necessaire.", "mechanical_lithotripsy", "negated"),
        ("Non eseguita litotrissia laser.", "laser_lithotripsy", "negated"),
        ("La lithotritie laser n'est pas disponible ici.", "laser_lithotripsy", "negated"),
        ("Drainage with a prosthesis. New ERCP after the INR is corrected, for removal with a basket.", "basket",
         "planned"),
        ("Last stone would not come with the balloon - removed with a Trapezoid basket.", "basket", "performed"),
        ("Cannulation: difficult, needle-knife precut then BS", "balloon", None),
        ("Removed with a basket comma correction comma removed with a balloon period.", "basket", "negated"),
        ("Impression: no retained stones on occlusion cholangiogram or balloon sweep.", "balloon", "performed"),
        ("Addendum: the note above was filled from the laser template in error.", "laser_lithotripsy", "negated"),
        ("Basket and lithotripter fetched per the large-stone protocol but not opened.", "basket", "negated"),
        ("STONE_SEEN=YES; CHOLANGIOSCOPY=NOT_AVAILABLE; STENT=YES", "cholangioscopy", "negated"),
        ("STENT=PLASTIC; LITHO_PLANNED=EHL; FOLLOW_UP=6W", "electrohydraulic_lithotripsy", "planned"),
        ("IND=STONE; PRIOR_ERCP=YES (x2, BALLOON/BASKET FAILED); STONE_EXTRACTION=BASKET", "balloon", "historical"),
        ("Balloon trawl: stones out. Basket n/r. OC: clear.", "basket", "negated"),
        ("CBD: large stone ~20 mm, extraction not attempted; stent placed.", "stone", "performed"),
        ("Stones found             Y / N : N\nBasket                   Y / N : Y", "stone", "negated"),
        ("The holmium laser console was down for servicing today.", "laser_lithotripsy", "negated"),
        ("While the extraction balloon was being prepared, flushing washed the stones out.", "balloon", "negated"),
        ("We dilated the stricture with a 4 mm balloon, then took the stone out with a basket.", "balloon", None),
        ("Six weeks after her index procedure, at which the stone was fragmented with EHL.",
         "electrohydraulic_lithotripsy", "historical"),
    ],
)
def test_assertions(nlp, text, label, assertion):
    """`assertion` None: no such mention at all."""
    if assertion is None:
        assert found(nlp(text), label) == []
    else:
        assert (assertion in {a for _, a in found(nlp(text), label)}), found(nlp(text), label)


def test_an_addendum_that_negates_a_device_takes_back_the_body(nlp):
    doc = nlp("Findings: Stones removed with a basket and a balloon.\n\n"
              "Addendum (Dr Q): correction - the basket was never inserted; the balloon alone cleared the duct.")
    assert {a for _, a in found(doc, "basket")} == {"negated"}
    assert "performed" in {a for _, a in found(doc, "balloon")}


def test_a_dictated_colon_makes_a_header(nlp):
    doc = nlp("Stent placed period new paragraph\n\nPlan colon she will need to come back in six weeks for "
              "cholangioscopy with easy HL comma correction E H L comma at the time of stent removal period")
    assert [a for _, a in found(doc, "electrohydraulic_lithotripsy")] == ["planned"]
    assert {s.label_ for s in doc.spans["ercp_sections"]} == {"plan"}
    organ = nlp("Findings\nColon: a basket was used in the colon.")
    assert [s.label_ for s in organ.spans["ercp_sections"]] == ["findings"]


def test_a_dictated_history_ends_with_its_paragraph_and_an_addendum_may_name_its_author(nlp):
    doc = nlp("ercp comma date 11 26 period new paragraph history colon a stone could not be removed 3 weeks ago "
              "period new paragraph the stone was removed with a basket period")
    assert [a for _, a in found(doc, "basket")] == ["performed"]
    late = nlp("Plan colon home tomorrow. End of dictation.\nAddendum dictated at 4 15 pm by Dr. Ames: the fragments "
               "were cleared with an extraction balloon.")
    assert [s.label_ for s in late.spans["ercp_sections"]] == ["plan", "addendum"]
    assert [a for _, a in found(late, "balloon")] == ["performed"]


def test_key_value_lines_are_sentences_of_their_own(nlp):
    doc = nlp("hx=recurrent CBD stones; prior BML 2021\nfindings=EST site patent | CBD 9 mm | no filling defects\n"
              "therapy=balloon sweep 12 mm x3: negative, no stone\noutcome=duct clear")
    assert [a for _, a in found(doc, "balloon")] == ["performed"]  # the line above's "no" stops at its end


def test_a_form_fields_label_names_what_its_balloon_did(nlp):
    doc = nlp("Occlusion cholangiogram: done with the extraction balloon, no defects\nBalloon sweep: not done")
    assert ("extraction balloon", "performed") in found(doc, "occlusion_cholangiogram")
    assert [a for _, a in found(doc, "balloon")] == ["negated"]  # only "Balloon sweep: not done"
    long_line = nlp("Findings after a long day in the unit and much else: the duct was swept with the extraction "
                    "balloon. Occlusion cholangiogram clear.")
    assert [a for _, a in found(long_line, "balloon")] == ["performed"]


def test_an_addendum_saying_no_lithotripsy_takes_back_every_kind(nlp):
    doc = nlp("Findings: stone fragmented with EHL and cleared with a balloon.\n\n"
              "ADDENDUM: correction - no lithotripsy of any kind was done; the stone came out whole.")
    assert found(doc, "electrohydraulic_lithotripsy") == [("ehl", "negated")]
    assert [a for _, a in found(doc, "balloon")] == ["performed"]


def test_an_addendum_headed_with_a_dash_is_an_addendum(nlp):
    doc = nlp("Findings: stones removed with a basket.\n\nADDENDUM (next morning) - Dr Q\n"
              "Correction: no basket was used; a balloon removed the stones.")
    assert {a for _, a in found(doc, "basket")} == {"negated"}


def test_a_form_comment_corrects_its_boxes(nlp):
    doc = nlp("Devices used:\n [x] Extraction balloon\n [x] Retrieval basket\n\n"
              "Comments: the basket was opened in case it was needed but was never used; balloon sweeps x3 cleared "
              "the duct. Please untick basket.")
    assert {a for _, a in found(doc, "basket")} == {"negated"}
    assert "performed" in {a for _, a in found(doc, "balloon")}


def test_a_templates_operator_notes_correct_its_fields(nlp):
    doc = nlp("Balloon sweep: Y\nBasket extraction: Y\n\nOperator notes (Dr Q): the balloon was only used to dilate "
              "the papilla; no sweep was done. The basket removed both stones.")
    assert "performed" not in {a for _, a in found(doc, "balloon")}
    assert "performed" in {a for _, a in found(doc, "basket")}
    late = nlp("Stones: 1 - removed: YES\n\nADDITIONAL COMMENTS (added after image review): the defect was air; "
               "the fields above are incorrect and no stone was present or extracted.")
    assert "performed" not in {a for _, a in found(late, "stone_removed")}


def test_a_bracketed_correction_inside_a_sentence_is_not_a_section(nlp):
    doc = nlp("Findings: a Fogarty [senior correction: an extraction balloon] was swept twice and cleared the duct."
              "\nPlan: cholecystectomy.")
    assert [s.label_ for s in doc.spans["ercp_sections"]] == ["findings", "plan"]
    assert "performed" in {a for _, a in found(doc, "balloon")}


def test_a_consent_discussion_lists_what_may_be_done(nlp):
    doc = nlp("Consent: we went through sphincterotomy; clearing stones with a balloon or a basket; crushing them "
              "with a mechanical lithotripter if large.\nFindings: the duct was swept with a balloon.")
    assert [a for _, a in found(doc, "basket")] == ["planned"]
    assert [a for _, a in found(doc, "balloon")] == ["planned", "performed"]
    short = nlp("Consent: signed.\nThe duodenoscope was passed and a basket removed the stone.")
    assert [a for _, a in found(short, "basket")] == ["performed"]


def test_an_addendum_heading_may_end_with_a_bracket_instead_of_a_colon(nlp):
    doc = nlp("Findings: stone fragmented with EHL.\n\nADDENDUM / CORRECTION (next day, Dr Q)\nNo EHL was fired; "
              "a holmium laser fragmented the stone.")
    assert [s.label_ for s in doc.spans["ercp_sections"]] == ["findings", "addendum"]
    assert {a for _, a in found(doc, "electrohydraulic_lithotripsy")} == {"negated"}


def test_supplies_requested_are_a_list_not_the_account(nlp):
    doc = nlp("Supplies requested: SpyGlass, holmium fibre, EHL probe (backup)\nFindings: EHL fragmented the stone.")
    assert [m._.ercp_section for m in mentions(doc, "laser_lithotripsy")] == ["procedure"]


def test_a_sentence_opening_with_next_or_risks_is_not_a_heading(nlp):
    doc = nlp("Findings: stone seen. Next, the duct was swept with a balloon. Risks, as always, were explained.")
    assert [s.label_ for s in doc.spans["ercp_sections"]] == ["findings"]
    assert [a for _, a in found(doc, "balloon")] == ["performed"]


def test_an_addendum_saying_what_the_impression_should_read_takes_back_the_outcome(nlp):
    doc = nlp("Findings: balloon sweep x2, one stone removed.\n\nADDENDUM (Dr Q): on the saved images the defect was "
              "air. The impression should read: negative sweep, no stone or debris removed.")
    assert "performed" not in {a for _, a in found(doc, "stone_removed")}


def test_a_registry_field_about_the_first_ercp_is_not_a_history_heading(nlp):
    doc = nlp("Complete clearance at first ERCP: yes\nTechnique: two stones retrieved with a balloon.")
    assert "history" not in {s.label_ for s in doc.spans["ercp_sections"]}


def test_an_addendum_quote_is_the_wording_discussed_unless_it_is_the_right_wording(nlp):
    doc = nlp("Procedure: ERCP; balloon stone extraction\nBalloon sweep: N\n\nComments: \"balloon stone extraction\" "
              "came from the booking template - not done.")
    assert [m._.ercp_assertion for m in mentions(doc, "balloon") if m._.ercp_section == "addendum"] == ["uncertain"]
    fixed = nlp("Findings: stone removed.\n\nADDENDUM: the impression should read \"stone removed with a Dormia basket\".")
    assert [a for _, a in found(fixed, "basket")] == ["performed"]


def test_a_report_inside_a_letter_is_todays(nlp):
    doc = nlp("DISCHARGE LETTER\nShe had a basket extraction here in 2019 and came today for ERCP.\n\n"
              "PROCEDURE REPORT\nFindings: a 10 mm stone was removed with a Dormia basket.")
    assert [a for _, a in found(doc, "basket")] == ["historical", "performed"]
    letter = nlp("DISCHARGE LETTER\nFindings at the ERCP on 03/04: a stone was removed with a Dormia basket.")
    assert [a for _, a in found(letter, "basket")] == ["historical"]


def test_an_addendum_quoting_a_wrong_field_takes_it_back(nlp):
    doc = nlp('Result: stones removed\nBalloon sweeps x4.\n\nADDENDUM (Dr Q): the field "Result: stones removed" '
              "was filled by a macro and is wrong; no stones or sludge were retrieved.")
    assert "performed" not in {a for _, a in found(doc, "stone_removed")}


def test_an_addendum_that_finds_a_removal_takes_back_no_stones(nlp):
    doc = nlp("Procedure: balloon sweeps x3, nothing came out.\nImpression: no choledocholithiasis.\n\n"
              "Addendum: corrected after review of the video - the second sweep delivered a 4 mm stone.")
    assert {a for _, a in found(doc, "stone_absent")} == {"negated"}


def test_a_correcting_addendum_takes_back_the_opposite_outcome(nlp):
    doc = nlp("Findings: balloon sweep x2, stone extracted.\n\nAddendum: correction after review of the images - "
              "the stone was not retrieved; it remains in the distal duct.")
    assert {a for _, a in found(doc, "stone_removed")} == {"negated"}
    kept = nlp("Findings: balloon sweep x2, stone extracted.\n\nAddendum: one small fragment was left in the duct.")
    assert "performed" in {a for _, a in found(kept, "stone_removed")}  # an addendum that only adds leaves it


def test_a_report_pasted_between_banners_is_history(nlp):
    doc = nlp("ERCP REPORT\n=== PREVIOUS ERCP (copied forward) ===\nFindings: stone crushed with a mechanical "
              "lithotripter.\nPlan: repeat ERCP.\n=== END OF COPIED TEXT ===\nFindings: the duct was swept with a "
              "balloon, nothing retrieved.\n")
    assert {a for _, a in found(doc, "mechanical_lithotripsy")} == {"historical"}
    assert {a for _, a in found(doc, "balloon")} == {"performed"}


@pytest.mark.parametrize("banner, end", [
    ("=== OUTSIDE RECORD (scanned from the referral) ===", "=== END OUTSIDE RECORD ==="),
    ("*** Findings carried forward from ERCP 02/14 (for reference) ***", "*** end carried-forward text ***"),
])
def test_a_history_word_anywhere_in_a_banner_makes_it_history(nlp, banner, end):
    doc = nlp(f"ERCP REPORT\n{banner}\nFindings: stone crushed with a mechanical lithotripter.\n{end}\n"
              "Today: the duct was swept with a balloon, nothing retrieved.\n")
    assert {a for _, a in found(doc, "mechanical_lithotripsy")} == {"historical"}
    assert {a for _, a in found(doc, "balloon")} == {"performed"}


@pytest.mark.parametrize("text", [
    "HISTORY / PRIOR PROCEDURE\nStones were crushed with a mechanical lithotripter.\n\nTODAY\nDuct clear.",
    "Outside report pasted from the referral packet:\nStones were crushed with a mechanical lithotripter.\n"
    "Today: duct clear.",
    "Index ERCP (5 weeks ago, Dr A): stones were crushed with a mechanical lithotripter.\nToday: duct clear.",
])
def test_headings_of_earlier_sessions_are_history(nlp, text):
    assert {a for _, a in found(nlp(text), "mechanical_lithotripsy")} == {"historical"}


def test_a_procedure_field_that_tells_what_happened_is_the_account(nlp):
    doc = nlp("Findings: two stones.\nProcedure: EHL - both stones fragmented. Fragments cleared with a balloon.\nEBL: nil")
    assert {m._.ercp_section for m in mentions(doc, "electrohydraulic_lithotripsy")} == {"technique"}
    doc = nlp("Procedure: ERCP, sphincterotomy, balloon extraction.\nFindings: the duct was clear.")
    assert {m._.ercp_section for m in mentions(doc, "balloon")} == {"procedure"}


def test_an_enteroscopes_balloons_are_not_for_stones(nlp):
    doc = nlp("Long DBE with overtube; both balloons used to advance.")
    assert found(doc, "balloon") == [] and found(doc, "balloon_other")


@pytest.mark.parametrize("text", [
    "Cholangioscopy with probe-based confocal laser endomicroscopy of the stricture.",
    "PDT: 630 nm laser light delivered through a cylindrical diffuser across the hilar stricture.",
    "A diode laser illuminated both hepatic ducts after porfimer.",
    "Thulium laser ablation of residual ampullary adenoma at the duct orifice.",
    "The ingrowing tissue in the metal stent was ablated with the holmium laser.",
    "A thulium laser fibre was used to cut the wires of the impacted basket.",
    "Holmium laser (365 micron, 0.6 J) used to incise the web at 3 points - no stone, laser for the web only.",
    "Membranous anastomotic stricture: laser incision and balloon dilation.",
    "Laser safety checklist completed 07:50. Laser key returned 09:00.",
])
def test_a_laser_for_tissue_is_not_lithotripsy(nlp, text):
    doc = nlp(text)
    assert found(doc, "laser_lithotripsy") == []
    assert found(doc, "laser_other")


@pytest.mark.parametrize("text", [
    "Once the films were taken the balloon was let down and taken out without being drawn through the duct.",
    "After the contrast injection the 12 mm balloon was taken out without being drawn through the duct.",
])
def test_a_balloon_taken_out_without_being_drawn_through_made_no_sweep(nlp, text):
    balloons = [m for m in mentions(nlp(text)) if m.text.lower() == "balloon"]
    assert balloons and all(m._.ercp_assertion == "negated" for m in balloons)


@pytest.mark.parametrize("text", ["Frags: balloon 12 mm x4", "Balloon 12 mm x3 to the hilum, duct clear."])
def test_balloon_without_a_use_word_near_stones_or_passes_is_for_extraction(nlp, text):
    assert [m._.ercp_purpose for m in mentions(nlp(text), "balloon")] == ["extraction"]


def test_a_balloon_named_again_after_a_comma_keeps_its_use(nlp):
    doc = nlp("Occlusion cholangiogram with a 12 mm extraction balloon at the hilum, balloon then deflated and pulled back.")
    assert [m._.ercp_purpose for m in mentions(doc) if "balloon" in m.text.lower()] == ["occlusion", "occlusion"]
    assert mentions(doc, "balloon") == []


def test_a_heading_line_of_two_headings_heads_a_section(nlp):
    doc = nlp("Dear Dr Ames,\n\nHistory and previous procedures\n\nA basket was used in March.\n\n"
              "Today's procedure\n\nThe duct was swept with a balloon.")
    assert found(doc, "basket") == [("basket", "historical")]
    assert [m._.ercp_section for m in mentions(doc, "basket")] == ["history"]
    assert ("swept with a balloon", "performed") in found(doc, "balloon")


@pytest.mark.parametrize("title, assertion", [
    ("DISCHARGE SUMMARY\nService: medicine", "historical"),
    ("Transfer summary - GI service", "historical"),
    ("ENDOSCOPY UNIT DISCHARGE SUMMARY (copy to GP)", "performed"),
    ("ERCP report / discharge summary to GP", "performed"),
])
def test_a_discharge_summary_recaps_an_earlier_procedure_unless_it_is_the_units_report(nlp, title, assertion):
    doc = nlp(title + "\n\nERCP on day 2: the duct was swept with a balloon and three stones were removed.")
    assert {a for _, a in found(doc, "balloon")} == {assertion}


def test_a_copied_forward_block_is_history_until_the_banner_of_today(nlp):
    doc = nlp("ERCP note\n**Copied forward from 3/2 note - please update**\nIndication: stone.\n"
              "Procedure (3/2): stone crushed with BML.\n\n---- 4/9 (today) ----\n09:10 balloon sweep x3, sludge out\n")
    assert {a for _, a in found(doc, "mechanical_lithotripsy")} == {"historical"}
    assert ("balloon sweep", "performed") in found(doc, "balloon")


def test_an_all_caps_heading_may_end_with_a_bracketed_remark(nlp):
    doc = nlp("PRIOR PROCEDURES (from the outside reports)\n1. ERCP in May: basket extraction.\n\nPROCEDURE\nBalloon sweep.")
    assert [m._.ercp_section for m in mentions(doc, "basket")] == ["history"]


@pytest.mark.parametrize("heading", ["-- Attending correction (Dr Raman):", "Attending amendment:"])
def test_an_attending_correction_is_an_addendum(nlp, heading):
    doc = nlp(f"Impression: laser lithotripsy, duct clear.\n\n{heading} the laser was not used; EHL was.")
    assert [m._.ercp_section for m in mentions(doc, "electrohydraulic_lithotripsy")] == ["addendum"]


def test_a_dictated_correction_does_not_run_on_to_the_next_heading(nlp):
    doc = nlp("Findings: stent placed. Correction, 10 French by 5 centimeter. Good drainage.\n"
              "Impression: leak. No stones.\nPlan: stent out.")
    assert "impression" in [s.label_ for s in doc.spans["ercp_sections"]]


def test_a_slash_at_the_end_of_a_word_is_its_own_token(nlp):
    assert [t.text for t in nlp.make_doc("lots of sludge/ sand out w/ balloon")] == [
        "lots", "of", "sludge", "/", "sand", "out", "w/", "balloon"]


def test_a_procedure_field_told_in_spanish_is_the_account(nlp):
    doc = nlp("Procedure: canulacion del Wirsung. Litotricia laser holmio: lito fragmentado. Fragmentos extraidos.")
    assert {m._.ercp_section for m in mentions(doc, "laser_lithotripsy")} == {"technique"}


def test_ureteroscopy_mentions_are_other_domain(nlp):
    doc = nlp("Ureteroscopy: the ureteral stone was fragmented with a holmium laser and removed with a basket.")
    assert {m._.ercp_domain for m in mentions(doc) if m.label_ in ("basket", "laser_lithotripsy")} == {"other"}


def summary(doc):
    return [(m.label_, m.start_char, m.end_char, m._.ercp_assertion, m._.ercp_section, m._.ercp_rule)
            for m in mentions(doc)]


def test_saved_pipeline_loads_with_bare_spacy_load(nlp, tmp_path):
    """Each component writes its rules; a fresh process loads the folder with spacy.load alone."""
    nlp.to_disk(tmp_path / "pipe")
    for name in ("ercp_sections", "ercp_mentions", "ercp_assertion"):
        assert any((tmp_path / "pipe" / name).glob("*.jsonl")), name
    text = STYLES["dictated"][0] + "\n" + STYLES["checkbox"][0]
    script = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        f"doc = nlp({text!r})\n"
        "print(json.dumps([(m.label_, m.start_char, m.end_char, m._.ercp_assertion, m._.ercp_section, m._.ercp_rule)"
        " for m in doc.spans['ercp_mentions']]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert [tuple(x) for x in json.loads(out.stdout)] == summary(nlp(text))


def test_component_round_trip_keeps_rules(nlp, tmp_path):
    for name in ("ercp_sections", "ercp_mentions", "ercp_assertion"):
        pipe = nlp.get_pipe(name)
        pipe.to_disk(tmp_path / name)
        before = list(pipe.rules)
        pipe.from_disk(tmp_path / name)
        assert pipe.rules == before


def test_lower_case_and_no_line_breaks(nlp):
    text = STYLES["structured"][0].lower().replace("\n", " ")
    doc = nlp(text)
    assert {"findings", "impression"} <= {s.label_ for s in doc.spans["ercp_sections"]}
    assert ("performed" in {a for _, a in found(doc, "balloon")})


def test_rule_matching_finds_what_plain_matchers_find(nlp):
    """The token Matchers run only around anchor tokens, and patterns of plain words (then perhaps
    single-token tests) run as phrases: the same matches as a plain Matcher (patterns) and
    PhraseMatcher (literals) over the whole doc, on every test note and at the doc's edges."""
    from spacy.matcher import Matcher, PhraseMatcher

    from ercp_nlp.corpus import load
    from ercp_nlp.pipeline.components import phrase_forms

    texts = load("test")["text"].tolist() + [
        "Balloon sweep", "ML", "ML performed", "was dilated with a 12 mm CRE balloon", "in 2019", "(2019)",
        "Basket: No\nBalloon: yes", "[ ] basket [x] balloon ( ) EHL -> no", "did not prove to be necessary",
        "Basket: --", "Basket: --\n", "Lithotripsy: none.", "At the ERCP carried out on 24/09/2018", "at that ERCP on 3",
    ]
    docs = [nlp.make_doc(t) for t in texts]
    for name in ("ercp_mentions", "ercp_assertion"):
        pipe = nlp.get_pipe(name)
        plain, phrases = Matcher(nlp.vocab), PhraseMatcher(nlp.vocab, attr="LOWER")
        for rule in pipe.rules:
            if "pattern" in rule:
                plain.add(rule["id"], [rule["pattern"]])
            else:
                phrases.add(rule["id"], [nlp.make_doc(rule["literal"])])
        assert not pipe.matcher.whole
        assert sum(phrase_forms(r["pattern"]) is not None for r in pipe.rules if "pattern" in r) > 10
        for doc in docs:
            expected = sorted((nlp.vocab.strings[k], s, e) for k, s, e in [*plain(doc), *phrases(doc)])
            assert sorted((r["id"], s, e) for r, s, e in pipe.match(doc)) == expected


def test_anchored_matcher_without_an_anchor_matches_the_whole_doc(nlp):
    from ercp_nlp.pipeline.components import AnchoredMatcher

    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("num", [[{"LIKE_NUM": True}, {"LOWER": "mm", "OP": "?"}]])
    assert matcher.whole
    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("stones", [[{"LOWER": "stones"}, {"IS_PUNCT": True, "OP": "*"}]])
    assert matcher.whole
    matcher.add("cbd", [[{"ORTH": "CBD"}]])
    doc = nlp.make_doc("CBD stones ... removed")
    assert [(nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc)] == [
        ("cbd", 0, 1), ("stones", 1, 2), ("stones", 1, 3)]


@pytest.mark.parametrize("text", ["CPRE: colédoco de 12 mm, esfinterotomía.", "Balayage de la VBP, papille normale.",
                                  "Colangiografia: via biliar dilatada.", "Bili should come down now.",
                                  "Back in 6 weeks for spy and EHL."])
def test_foreign_duct_words_and_ward_shorthand_make_a_biliary_note(nlp, text):
    doc = nlp(text)
    assert any(c.label_ == "domain_biliary" for c in doc.spans["ercp_cues"])
