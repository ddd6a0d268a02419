"""Realisation tables: the words the generator may use for each fact.

Two kinds of table live here.

``KEY`` tables realise the facts that decide a label (a balloon sweep, a basket
capture, an outcome, a negation, a header, ...). Each is a list of templates and is
*partitioned into families*: template ``i`` belongs to family ``i % N_FAMILIES``.
A note of family ``f`` only ever draws from family ``f``'s share, so the test split
(families 8-9) reads key-fact sentences the training split (families 0-6) never saw.
Every KEY list therefore has at least ``N_FAMILIES`` entries. The few KEY tables named in
``SHARED_KEYS`` describe routine steps that decide nothing and are drawn like filler.

``SHARED`` tables are filler or slot values (device names, sedation, vitals, histories,
scope passage) that carry no label; any family may use any entry.

Templates are ``str.format`` strings. The slots are filled by ``render.py``:
{duct} {duct2} the duct ("CBD", "main pancreatic duct", ...); {stone_np} what was found,
with article ("a 14 mm stone", "sludge", "the fragments"); {stone_ref} a definite
reference ("the stone", "the calculi"); {was} "was"/"were"; {them} "it"/"them";
{bal} {bsk} {bml} {ehl} {laser} {scope} device names; {oscopy} "cholangioscopy" or
"pancreatoscopy"; {passes} a count of passes; {stent} a stent; {dil_bal} {dil_size}
a dilation balloon and its size; {wire} a guidewire; {size} the stone size;
{tech} a technique name (negations, plans, histories, impressions); {year} a year.
A leading "~" marks a terse template that the abbreviation-heavy styles prefer.
"""

N_FAMILIES = 10

# KEY tables that carry no label-relevant fact (cannulation, sphincterotomy, stent removal):
# any family may draw any entry, which keeps each family's notes varied.
SHARED_KEYS = {"cannulation", "sphincterotomy", "prior_sphincterotomy", "occlusion_withdrawn", "stent_remove"}

KEY = {}
SHARED = {}

# --------------------------------------------------------------------------- headers
KEY["h_indication"] = [
    "Indications", "Ind", "Reason for procedure", "Indication for ERCP", "Clinical indication",
    "Referral reason", "Reason for exam", "Indication(s)", "Reason for referral", "Referred for",
]
KEY["h_history"] = [
    "Hx", "Clinical history", "Past medical history", "Background", "Relevant history",
    "PMH", "History of present illness", "Brief history", "Clinical details", "HPI",
]
KEY["h_procedure"] = [
    "Procedures performed", "Proc", "Procedure(s)", "Operation", "Procedures",
    "Interventions", "Procedure done", "Procedure name", "Therapeutic procedures", "Operation performed",
]
KEY["h_technique"] = [
    "Technique", "Procedure details", "Procedure description", "Details", "Narrative",
    "Report", "Procedure note", "Operative description", "Course of procedure", "Description",
]
KEY["h_findings"] = [
    "Fluoroscopic findings", "Findings and therapy", "Cholangiogram", "Results", "Endoscopic findings",
    "Observations", "Findings/interventions", "Therapy", "Findings & therapy", "ERCP findings",
]
KEY["h_impression"] = [
    "Imp", "Summary", "Conclusion", "Assessment", "Final impression",
    "Endoscopic impression", "Diagnosis", "Post-procedure diagnosis", "Conclusions", "Impression/summary",
]
KEY["h_plan"] = [
    "Recommendations", "Recs", "Follow-up", "Post-procedure plan", "Advice",
    "Recommendation", "Disposition/plan", "Next steps", "Management", "Adv",
]
KEY["h_complications"] = [
    "Complication", "Adverse events", "Comps", "Immediate complications", "Complications/EBL",
    "Adverse events (immediate)", "Complications noted", "AEs", "Intra-procedure events", "Events",
]
# The everyday header of each section, usable by any family.
SHARED["h_common"] = {
    "indication": "Indication", "history": "History", "procedure": "Procedure",
    "technique": "Description of procedure", "findings": "Findings", "impression": "Impression",
    "plan": "Plan", "complications": "Complications",
}

# --------------------------------------------------------------------------- findings
KEY["chol_stones"] = [
    "The cholangiogram showed a dilated {duct} containing {stone_np}.",
    "Contrast injection demonstrated {stone_np} in the {duct}.",
    "~{duct} dilated to {cbd_size}, {stone_np} seen.",
    "Opacification of the {duct} revealed {stone_np}.",
    "There {was} {stone_np} within the {duct}, which measured {cbd_size} in diameter.",
    "~Filling defect(s) in {duct} c/w {stone_np}.",
    "Fluoroscopy showed {stone_np} sitting in the distal {duct}.",
    "The {duct} was opacified and {stone_np} {was} identified.",
    "~Cholangio: {stone_np} in dilated {duct}.",
    "Filling defects consistent with {stone_np} were noted in the {duct}.",
    "On injection of contrast the {duct} measured {cbd_size} with {stone_np} layering in it.",
    "~{duct} {cbd_size}; {stone_np}.",
    "The {duct} was seen to contain {stone_np}.",
    "Injection outlined {stone_np} in a {cbd_size} {duct}.",
    "The ductogram was notable for {stone_np}.",
    "~Contrast study: {stone_np} within the {duct}.",
    "A {cbd_size} {duct} with {stone_np} was demonstrated.",
    "Initial films showed {stone_np} in the {duct}.",
    "We saw {stone_np} in the {duct} on the first contrast run.",
    "~Cholangiogram - {stone_np}, {duct} {cbd_size}.",
]
KEY["chol_clear"] = [
    "The cholangiogram showed a {duct} of normal calibre with no filling defects.",
    "No filling defects were seen in the {duct}.",
    "~{duct} {cbd_size}, no filling defects.",
    "Contrast injection showed a smooth {duct} without stones.",
    "There was no evidence of choledocholithiasis on the cholangiogram.",
    "~No stones seen on cholangiogram.",
    "The {duct} filled well and was free of defects.",
    "Opacification of the {duct} demonstrated no intraluminal filling defect.",
    "~Cholangio: clean {duct}, no defects.",
    "No stones or sludge were visible on fluoroscopy.",
    "The ductogram was unremarkable apart from a mildly dilated {duct}.",
    "~Nil filling defects.",
    "Injection of the {duct} showed no calculi.",
    "The {duct} measured {cbd_size} with no stones evident.",
    "Fluoroscopy did not show any filling defect.",
    "~No defects in {duct}.",
    "We saw no stones on the initial films.",
    "The duct was free of stones on contrast injection.",
    "No calculi were demonstrated.",
    "~Contrast study: no stones.",
]
KEY["stone_gone"] = [
    "The stone seen on the recent MRCP was not present today; it has presumably passed.",
    "No stone was found despite the MRCP finding, suggesting spontaneous passage.",
    "~MRCP stone not seen - likely passed.",
    "The previously reported calculus could not be demonstrated.",
    "The filling defect described on imaging was no longer seen.",
    "~Previously seen stone now absent.",
    "The stone noted on EUS appears to have passed spontaneously.",
    "Despite the imaging report, no stone remained in the duct.",
    "~Stone on CT not found today.",
    "The CBD stone on the admission ultrasound has evidently passed.",
]
KEY["cannulation"] = [
    "Deep {target} cannulation was achieved with a sphincterotome over a {wire}.",
    "The {target} duct was cannulated using a sphincterotome and {wire}.",
    "~Selective {target} cannulation w/ sphincterotome + {wire}.",
    "{target_cap} access was obtained with a standard sphincterotome preloaded with a {wire}.",
    "Wire-guided cannulation of the {target} duct was successful.",
    "~{target_cap} duct cannulated, {wire}.",
    "After a few attempts the {target} duct was entered with the sphincterotome and a {wire}.",
    "Cannulation of the {target} duct was straightforward with a {wire}.",
    "~Cannulated {target} easily.",
    "The {target} duct was deeply cannulated with a {wire}.",
    "The sphincterotome and {wire} gave {target} access without difficulty.",
    "~Deep {target} access obtained.",
]
KEY["sphincterotomy"] = [
    "A {target} sphincterotomy was performed with a sphincterotome using blended current.",
    "~ES done.",
    "A medium-sized {target} sphincterotomy was made.",
    "Sphincterotomy was performed along the 11 o'clock axis.",
    "~EPT performed.",
    "A generous {target} sphincterotomy was carried out without bleeding.",
    "We performed a {target} sphincterotomy with a pull-type sphincterotome.",
    "~EST given.",
    "A {target} sphincterotomy was done using ERBE Endocut.",
    "Endoscopic sphincterotomy was performed.",
    "~Sphincterotomy done, no bleed.",
    "A small {target} sphincterotomy was made.",
    "A sphincterotomey was performed in the standard fashion.",
    "~ES (medium).",
    "The papilla was cut with a sphincterotome.",
    "~EPT, adequate.",
    "A full-length {target} sphincterotomy was completed.",
    "~Sphincterotomy x 8mm.",
    "{target_cap} sphincterotomy was performed with a traction sphincterotome.",
    "~ES extended.",
]
KEY["prior_sphincterotomy"] = [
    "A prior {target} sphincterotomy was noted.",
    "~Old ES seen.",
    "The previous sphincterotomy appeared patent.",
    "There was evidence of an earlier sphincterotomy.",
    "~Previous EPT noted.",
    "The existing sphincterotomy was extended slightly.",
    "A healed sphincterotomy from the prior ERCP was seen.",
    "~Prior EST, patent.",
    "The papilla showed a previous sphincterotomy.",
    "The old sphincterotomy was adequate and was not extended.",
]

# --------------------------------------------------------------------------- balloon sweeps
KEY["sweep_remove"] = [
    "The {duct} was swept with a {bal} and {stone_np} {was} extracted.",
    "~Balloon sweep x{passes}: {stone_np} removed.",
    "Multiple balloon sweeps were made with a {bal}, delivering {stone_np} into the duodenum.",
    "Using a {bal}, {stone_np} {was} trawled out of the {duct}.",
    "{stone_np} {was} removed with a {bal}.",
    "~{bal} trawl - {stone_np} out.",
    "A {bal} was passed above {stone_ref} and pulled through, bringing {them} out.",
    "Sweeping the {duct} {passes} times with a {bal} cleared {stone_np}.",
    "~Swept w/ {bal}, {stone_np} extracted.",
    "{stone_np} {was} delivered into the duodenum with a {bal}.",
    "The duct was trawled with a {bal} and {stone_np} came out.",
    "~Balloon extraction of {stone_np}.",
    "Balloon trawls of the {duct} ({passes} passes, {bal}) retrieved {stone_np}.",
    "We swept the {duct} using a {bal}; {stone_np} {was} pulled into the duodenum.",
    "Then {stone_np} {was} swept out using a {bal}.",
    "~Sweeps with {bal} yielded {stone_np}.",
    "A {bal} was inflated in the {duct} and drawn down, extracting {stone_np}.",
    "{stone_np} {was} cleared from the {duct} with {passes} passes of a {bal}.",
    "~Ballon sweep done - {stone_np} delivered.",
    "Extraction with a {bal} brought out {stone_np}.",
    "Balloon sweeps of the {duct} with a {bal} yielded {stone_np}.",
    "~Trawl with {bal}: {stone_np} retrieved.",
    "The {bal} was used to sweep {stone_np} from the duct.",
    "{stone_np} {was} retrieved after the {duct} was swept with a {bal}.",
    "The {duct} was then balloon-swept and {stone_np} {was} removed.",
    "~{passes} sweeps ({bal}), {stone_np} cleared.",
    "With the {bal} inflated above {stone_ref}, {they} {was} drawn out through the papilla.",
    "A {bal} sweep extracted {stone_np}.",
    "~Bal sweep -> {stone_np} out.",
    "Trawling the {duct} with a {bal} produced {stone_np}.",
]
KEY["sweep_negative"] = [
    "The {duct} was swept with a {bal}; no stones or sludge were retrieved.",
    "~Balloon sweep x{passes}: negative.",
    "Balloon sweeps returned nothing.",
    "Several passes of a {bal} through the {duct} produced no stones or debris.",
    "~Sweep w/ {bal} - nil.",
    "A {bal} was used to sweep the duct and no material was extracted.",
    "Trawls of the {duct} with a {bal} were clear.",
    "~Negative sweep ({bal}).",
    "We swept the {duct} {passes} times with a {bal} and nothing came out.",
    "Balloon trawl of the {duct} did not yield any stones.",
    "~Swept {duct} with {bal}, no stones, no sludge.",
    "Sweeping the {duct} with a {bal} was negative for stones and sludge.",
    "The duct was balloon-swept with no return of stone or sludge.",
    "~Bal sweeps clean.",
    "{passes} sweeps with a {bal} brought out no debris.",
    "A {bal} sweep to confirm was negative.",
    "~Sweep x{passes}: no stone material.",
    "Careful balloon sweeping of the {duct} recovered no stones.",
    "Nothing was extracted on balloon sweep of the {duct}.",
    "~Trawl x{passes} -ve.",
]
KEY["sweep_failed"] = [
    "Balloon sweeps with a {bal} could not dislodge {stone_ref}.",
    "~Bal sweep x{passes} - unable to move stone.",
    "Attempts to sweep {stone_ref} out with a {bal} were unsuccessful.",
    "A {bal} was tried but slipped past {stone_ref} repeatedly.",
    "~Sweep failed - stone too big for orifice.",
    "Balloon trawl failed to extract {stone_ref}.",
    "We tried sweeping with a {bal}; {stone_ref} would not come through the papilla.",
    "~Trawl w/ {bal} unsuccessful.",
    "Repeated balloon sweeps did not move {stone_ref}.",
    "Extraction with a {bal} was attempted without success.",
    "~{bal} x{passes}, no progress.",
    "The balloon would not pass above {stone_ref}, and sweeping achieved nothing.",
]

# --------------------------------------------------------------------------- baskets
KEY["basket_remove"] = [
    "{stone_np} {was} captured with a {bsk} and removed.",
    "~Basket extraction ({bsk}): {stone_np} removed.",
    "A {bsk} was opened in the {duct}; {stone_np} {was} engaged and delivered into the duodenum.",
    "{stone_np} {was} retrieved using a {bsk}.",
    "~{bsk} - {stone_np} caught and pulled.",
    "Using a {bsk} we trapped {stone_ref} and pulled {them} through the papilla.",
    "{stone_np} {was} grasped in a {bsk} and extracted.",
    "~Basketed {stone_np} w/ {bsk}.",
    "The {bsk} was used to snare {stone_np}, which {was} withdrawn.",
    "Basket trawl with a {bsk} brought out {stone_np}.",
    "~{stone_np} extracted by {bsk}.",
    "{stone_np} {was} basketed and removed.",
    "With a {bsk}, {stone_np} {was} captured in the mid {duct} and delivered.",
    "A {bsk} was passed beyond {stone_ref}, opened and closed around {them}, and {stone_ref} came out.",
    "~Dormia: {stone_np} out.",
    "{stone_np} {was} removed with the {bsk} in {passes} passes.",
    "The {bsk} engaged {stone_np} at the first attempt and extraction was easy.",
    "~Basket x{passes}, {stone_np} retrieved.",
    "Extraction of {stone_np} was done with a {bsk}.",
    "{stone_np} {was} trawled out using a {bsk}.",
    "A {bsk} captured {stone_np}, which {was} dropped in the duodenum.",
    "~Stone(s) caught in {bsk}, delivered.",
    "We engaged {stone_np} with a {bsk} and withdrew {them}.",
    "Basket retrieval of {stone_np} with a {bsk} was successful.",
    "~{bsk} used, {stone_np} removed.",
    "{stone_np} {was} caught in a {bsk} and pulled into the duodenum.",
    "Using the {bsk}, {stone_np} {was} extracted from the {duct}.",
    "~Basketing of {stone_np}.",
    "After opening a {bsk} above {stone_ref}, {stone_np} {was} trapped and brought out.",
    "Removal of {stone_np} was achieved with a {bsk}.",
]
KEY["basket_failed"] = [
    "Attempts to capture {stone_ref} with a {bsk} failed because the stone filled the duct.",
    "~Basket ({bsk}) could not engage stone.",
    "A {bsk} was opened but {stone_ref} could not be trapped.",
    "We were unable to capture {stone_ref} in a {bsk}.",
    "~{bsk} tried - unable to grasp.",
    "The {bsk} could not be opened around {stone_ref} given its size.",
    "Repeated attempts with a {bsk} did not engage {stone_ref}.",
    "~Basketing failed x{passes}.",
    "{stone_ref} could not be grasped with the {bsk}.",
    "Basket extraction was attempted with a {bsk} without success.",
    "~Basket attempt unsuccessful.",
    "A {bsk} was tried, but {stone_ref} slipped out each time.",
]
KEY["bml"] = [
    "{stone_ref} {was} engaged in a {bml} and crushed.",
    "~BML ({bml}) - stone crushed.",
    "Mechanical lithotripsy was performed with a {bml}, fragmenting {stone_ref}.",
    "{stone_ref} {was} captured in a {bml} basket and crushed into several pieces.",
    "~Mech litho w/ {bml}: fragmented.",
    "Using a {bml}, {stone_ref} {was} trapped and mechanically crushed.",
    "{stone_ref} {was} too large to extract whole, so {they} {was} crushed with a {bml}.",
    "~Captured + crushed ({bml}).",
    "A {bml} was used to grasp and crush {stone_ref}.",
    "Mechanical lithotripsy ({bml}) broke {stone_ref} into fragments.",
    "~BML x{passes}.",
    "We engaged {stone_ref} in the {bml} and cranked down until {they} fractured.",
    "{stone_ref} {was} crushed using a {bml} after capture in the basket.",
    "~Lithotripsy basket ({bml}) - stone fragmented.",
    "The {bml} was used to capture and crush {stone_ref} in the mid {duct}.",
    "Basket mechanical lithotripsy with a {bml} reduced {stone_ref} to fragments.",
    "~Mechanical lithotrypsy done ({bml}).",
    "{stone_ref} {was} crushed in a {bml}; the handle was cranked until the basket closed.",
    "Lithotripsy of {stone_ref} was done with a {bml}.",
    "A {bml} basket captured {stone_ref}, which {was} crushed.",
]
KEY["impacted"] = [
    "The {bsk} became impacted with {stone_ref} at the papilla; the handle was cut and a Soehendra lithotriptor was used to crush {stone_ref} and free the basket.",
    "~Basket impacted - Soehendra lithotripsy, stone crushed, basket freed.",
    "{stone_ref} {was} captured in a {bsk} but the basket impacted in the distal {duct}; rescue mechanical lithotripsy with a Soehendra lithotriptor crushed it.",
    "Basket impaction occurred; after cutting the handle, an emergency lithotriptor was applied and {stone_ref} fractured.",
    "~Impacted {bsk}, rescued w/ mechanical lithotriptor.",
    "With {stone_ref} trapped and the {bsk} stuck, a Soehendra lithotriptor was advanced over the wires and {stone_ref} {was} crushed.",
    "The basket with {stone_ref} could not be withdrawn; salvage mechanical lithotripsy broke {stone_ref} and released the basket.",
    "~Stuck basket -> Soehendra crush.",
    "An impacted {bsk} was freed by crushing {stone_ref} with a rescue lithotriptor.",
    "{stone_ref} {was} engaged but the {bsk} became lodged at the ampulla; the sheath was removed and the stone crushed with a Soehendra device.",
    "~Basket/stone impaction, salvage mech litho.",
    "After the basket became trapped around {stone_ref}, emergency mechanical lithotripsy was needed and it fragmented {stone_ref}.",
]

# --------------------------------------------------------------------------- cholangioscopy lithotripsy
KEY["ehl"] = [
    "{scope} {oscopy} was performed and electrohydraulic lithotripsy was applied to {stone_ref} with a {ehl}.",
    "~{scope}: EHL ({ehl}) - stone fragmented.",
    "Under direct visualisation with {scope}, EHL using a {ehl} fragmented {stone_ref}.",
    "EHL was performed through the {scope} with a {ehl}, breaking {stone_ref} into pieces.",
    "~DSOC + EHL, {ehl}.",
    "A {ehl} was passed through the {scope} and {stone_ref} {was} fragmented with several pulses.",
    "Electrohydraulic lithotripsy of {stone_ref} was carried out under {oscopic} guidance using a {ehl}.",
    "~SOC-guided EHL of {stone_ref}.",
    "{stone_ref} {was} fragmented by EHL ({ehl}) under {scope} vision.",
    "With the {scope} in the {duct}, {stone_ref} {was} shattered using a {ehl}.",
    "~EHL via {scope}, {ehl}, fragments.",
    "Direct {oscopy} with {scope} allowed electrohydraulic lithotripsy of {stone_ref}.",
    "We used a {ehl} through the {scope} to fragment {stone_ref} under saline irrigation.",
    "~Electrohydraulic lithotrypsy under {scope}.",
    "EHL ({ehl}) was delivered to {stone_ref} under direct {oscopic} view.",
    "{stone_ref} {was} broken up with electrohydraulic lithotripsy via the {scope}.",
    "~{oscopy} EHL - stone broken.",
    "The {ehl} was positioned against {stone_ref} under {scope} vision and EHL fragmented {them}.",
    "Using {scope} {oscopy}, electrohydraulic shocks from a {ehl} broke {stone_ref}.",
    "EHL was applied through the {scope} until {stone_ref} {was} fragmented.",
]
KEY["ehl_failed"] = [
    "EHL with a {ehl} was attempted under {scope} vision but did not fragment {stone_ref}.",
    "~EHL tried - ineffective.",
    "Electrohydraulic lithotripsy was applied to {stone_ref} but only a few chips came off.",
    "Under {scope} guidance, EHL was tried; {stone_ref} proved too hard.",
    "~EHL ({ehl}): minimal effect.",
    "The {ehl} was fired against {stone_ref} without meaningful fragmentation.",
    "EHL was performed but {stone_ref} could not be broken.",
    "~EHL attempted, stone intact.",
    "Despite EHL via the {scope}, {stone_ref} remained intact.",
    "Several minutes of EHL had little effect on {stone_ref}.",
]
KEY["laser"] = [
    "Laser lithotripsy was performed under {scope} guidance using {laser}.",
    "~{scope} + laser ({laser}) - stone fragmented.",
    "{stone_ref} {was} fragmented with {laser} under direct {oscopic} vision.",
    "Using {laser} through the {scope}, {stone_ref} {was} broken into fragments.",
    "~LL: {laser}.",
    "Cholangioscopy-guided laser lithotripsy ({laser}) fragmented {stone_ref}.",
    "A laser fibre was passed through the {scope} and {stone_ref} {was} lasered ({laser}).",
    "~DSOC-LL of {stone_ref}, {laser}.",
    "Intraductal laser lithotripsy with {laser} broke {stone_ref} into small pieces.",
    "Under {scope} visualisation, {stone_ref} {was} dusted with {laser}.",
    "~Laser litho via {scope}.",
    "{stone_ref} {was} targeted with {laser}; good fragmentation was achieved.",
    "Laser lithotripsy ({laser}) was applied under {oscopic} vision until {stone_ref} {was} in fragments.",
    "We fragmented {stone_ref} with {laser} via the {scope}.",
    "~{laser} to stone, fragmented.",
    "{oscopy} with {scope} was followed by laser fragmentation of {stone_ref} using {laser}.",
    "Laser energy ({laser}) was delivered to {stone_ref} under direct view.",
    "~Lasered {stone_ref} ({laser}).",
    "{stone_ref} {was} broken with {laser} through the {scope}.",
    "Using the {scope}, intracorporeal laser lithotripsy fragmented {stone_ref}.",
]
KEY["laser_partial"] = [
    "Laser lithotripsy with {laser} only chipped the surface of {stone_ref}.",
    "~Laser ({laser}) - minimal fragmentation.",
    "{stone_ref} {was} lasered with {laser} but proved too hard, with only small chips removed from its edge.",
    "Laser fragmentation was attempted under {scope} vision with little effect.",
    "~LL attempted, stone hard.",
    "The laser ({laser}) produced only superficial pitting of {stone_ref}.",
    "Laser lithotripsy was tried first but {stone_ref} barely fragmented.",
    "~Laser tried, partial.",
    "Initial laser lithotripsy ({laser}) only nibbled at {stone_ref}.",
    "Despite laser energy via the {scope}, {stone_ref} stayed largely intact.",
]
KEY["chol_inspect"] = [
    "{scope} {oscopy} was performed to examine the stricture; targeted biopsies were taken with SpyBite forceps.",
    "~{scope}: stricture inspected, SpyBite bx x{passes}.",
    "Direct {oscopy} with {scope} showed a nodular stricture; biopsies were obtained.",
    "Cholangioscopic inspection with {scope} showed smooth mucosa without stones; biopsies taken.",
    "~DSOC - visual impression benign, bx taken.",
    "We performed {scope} {oscopy} for the indeterminate stricture and took {passes} biopsies.",
    "The {scope} was advanced to the hilum; the mucosa was inspected and biopsied.",
    "~SOC for stricture assessment, biopsies.",
    "{oscopy} ({scope}) showed tortuous vessels at the stricture; SpyBite biopsies x{passes}.",
    "Single-operator {oscopy} was used to assess the stricture and obtain biopsies.",
    "~{scope} inspection + biopsies.",
    "The {scope} gave a clear view of the stricture, which was sampled with mini forceps.",
]

# --------------------------------------------------------------------------- look-alikes
KEY["occlusion"] = [
    "An occlusion cholangiogram was obtained with a {bal} inflated at the hilum.",
    "~Occlusion cholangiogram ({bal}).",
    "A {bal} was inflated in the proximal {duct} for an occlusion cholangiogram.",
    "Balloon-occlusion cholangiography was performed using a {bal}.",
    "~Balloon occlusion study.",
    "With a {bal} inflated just above the papilla, contrast was injected to fill the ducts.",
    "An occlusion study with a {bal} was done to opacify the ducts fully.",
    "~Occl. cholangio w/ {bal}.",
    "The ducts were opacified under balloon occlusion using a {bal}.",
    "An extraction balloon was inflated at the bifurcation and an occlusion cholangiogram taken.",
    "~Occlusion cholangiogram obtained.",
    "To fill the intrahepatics, a {bal} was inflated and contrast injected below it.",
    "A balloon occlusion cholangiogram was performed with a {bal}.",
    "~{bal} inflated for occlusion cholangio.",
    "An occlusion cholangiogram was performed.",
    "Contrast was injected with a {bal} inflated at the distal duct to get an occlusion view.",
    "~Balloon occlusion cholangiogram.",
    "The ducts were filled under occlusion with a {bal}.",
    "A {bal} was used to perform an occlusion cholangiogram.",
    "~Occlusion study ({bal}).",
]
KEY["occlusion_withdrawn"] = [
    "The balloon was then deflated and withdrawn.",
    "~Balloon deflated, withdrawn.",
    "The balloon was deflated and removed.",
    "The balloon catheter was then taken out.",
    "~Bal withdrawn.",
    "After the images the balloon was deflated and pulled back into the scope.",
    "The balloon was let down and removed over the wire.",
    "~Catheter removed.",
    "The catheter was withdrawn after deflation.",
    "The balloon was deflated and exchanged out.",
]
KEY["dilation"] = [
    "Balloon sphincteroplasty was performed with a {dil_bal} to {dil_size}.",
    "~EPLBD w/ {dil_bal} to {dil_size}.",
    "The sphincterotomy was dilated with a {dil_bal} to {dil_size}.",
    "Large-balloon dilation of the papilla was done with a {dil_bal} inflated to {dil_size}.",
    "~Sphincteroplasty {dil_size} ({dil_bal}).",
    "A {dil_bal} was positioned across the papilla and inflated to {dil_size} until the waist disappeared.",
    "Papillary balloon dilation to {dil_size} was performed with a {dil_bal}.",
    "~CRE dilation of papilla to {dil_size}.",
    "Endoscopic papillary large-balloon dilation was performed to {dil_size}.",
    "The papilla was dilated with a {dil_bal} up to {dil_size} and held for 30 seconds.",
    "~Balloon dilation of sphincter {dil_size}.",
    "Dilation of the biliary orifice with a {dil_bal} to {dil_size} was carried out.",
    "A sphincteroplasty to {dil_size} was done with a {dil_bal}.",
    "~EPLBD {dil_size}.",
    "We dilated the papillary orifice to {dil_size} using a {dil_bal}.",
    "Balloon dilation of the distal {duct} and sphincter to {dil_size} was performed.",
    "~Papillary dilation ({dil_bal}) {dil_size}.",
    "A {dil_bal} was inflated in the sphincterotomy to {dil_size}.",
    "Sphincteroplasty with a {dil_bal} to {dil_size} was performed under fluoroscopy.",
    "~Sphincter dilated w/ {dil_bal}.",
]
KEY["stricture_dilation"] = [
    "The stricture was dilated with a {dil_bal} to {dil_size}.",
    "~Stricture dilation {dil_size} ({dil_bal}).",
    "Hydrostatic balloon dilation of the stricture was performed to {dil_size}.",
    "A {dil_bal} was used to dilate the anastomotic stricture to {dil_size}.",
    "~CRE dilation of stricture.",
    "The narrowed segment was dilated to {dil_size} with a {dil_bal}.",
    "Balloon dilation of the stricture to {dil_size} was carried out.",
    "~Stricture balloon-dilated to {dil_size}.",
    "We dilated the stricture with a {dil_bal}.",
    "The stricture was balloon dilated ({dil_bal}, {dil_size}) with waist effacement.",
]
KEY["cannulation_balloon"] = [
    "Cannulation was achieved with a balloon catheter after the sphincterotome failed to align.",
    "~Cannulated w/ balloon catheter.",
    "The duct was accessed using an extraction balloon catheter and {wire}.",
    "Deep cannulation was finally obtained with a balloon catheter.",
    "~Bal catheter used for cannulation only.",
    "A balloon catheter was used to cannulate the papilla, then exchanged for a sphincterotome.",
    "The balloon catheter, uninflated, was used to gain deep access over a {wire}.",
    "~Access via balloon catheter + {wire}.",
    "Deep access was achieved with a balloon catheter and wire.",
    "Cannulation with a balloon catheter was successful where the sphincterotome was not.",
]
KEY["irrigation"] = [
    "Saline irrigation through the catheter flushed {stone_np} out of the {duct}.",
    "~Irrigation - {stone_np} flushed out.",
    "Copious irrigation of the {duct} washed {stone_np} into the duodenum.",
    "{stone_np} {was} flushed out with saline irrigation alone.",
    "~Flushed w/ saline: {stone_np} out.",
    "After sphincterotomy, irrigation cleared {stone_np} from the {duct}.",
    "{stone_np} {was} washed out by vigorous flushing.",
    "~Saline flush cleared {stone_np}.",
    "Irrigation with 60 mL saline flushed {stone_np} through the papilla.",
    "{stone_np} drained freely with irrigation.",
]

# --------------------------------------------------------------------------- outcomes
KEY["outcome_cleared"] = [
    "The duct was cleared.",
    "~Duct clear.",
    "An occlusion cholangiogram confirmed clearance.",
    "The final cholangiogram showed no filling defects.",
    "~Complete clearance.",
    "Ductal clearance was achieved.",
    "At the end the {duct} was clear.",
    "~{duct} cleared.",
    "There were no residual filling defects.",
    "Complete duct clearance was confirmed.",
    "~No residual stones.",
    "The final occlusion cholangiogram was clear.",
    "The duct was free of stones at the end of the procedure.",
    "~Clearance achieved.",
    "Final films showed a clean duct.",
    "The {duct} was cleared completely.",
    "~Duct clear, final films clean.",
    "No residual stone was seen on the completion cholangiogram.",
    "We were satisfied that the duct was clear.",
    "~Cleared.",
]
KEY["outcome_partial"] = [
    "Some fragments remained in the duct.",
    "~Partial clearance.",
    "Incomplete clearance: residual stones were seen above the {duct} stricture.",
    "A few fragments were left behind.",
    "~Residual fragments.",
    "Clearance was incomplete.",
    "Some stone material remained in the intrahepatic ducts.",
    "~Not fully cleared.",
    "The duct could not be completely cleared.",
    "Residual filling defects persisted on the final films.",
]
KEY["outcome_remains"] = [
    "{stone_ref} remained in the duct.",
    "~Stone(s) left in situ.",
    "A large stone remained.",
    "No stone could be removed.",
    "~Stone not extracted.",
    "{stone_ref} {was} left in place.",
    "The duct was not cleared.",
    "~Unsuccessful extraction.",
    "{stone_ref} could not be extracted.",
    "Stone extraction was unsuccessful.",
    "~Stone remains.",
    "{stone_ref} {was} not removed at this sitting.",
]
KEY["frag_left"] = [
    "The fragments were left in the duct.",
    "~Fragments left in situ.",
    "No fragments were removed; they were left to pass behind the stent.",
    "The fragments were not extracted.",
    "~Fragments not extracted.",
    "Fragments were left in the {duct}, with a plan to clear them at the next session.",
    "No attempt was made to remove the fragments today.",
    "~Frags left in duct.",
    "The fragments remain in situ.",
    "All fragments were left in place.",
]
KEY["outcome_none"] = [
    "No stones were found.",
    "~No stones.",
    "No stone or sludge was identified.",
    "There was no choledocholithiasis.",
    "~No stone disease.",
    "The duct was free of stones.",
    "No calculi were present.",
    "~Nil stones found.",
    "No stones, sludge or debris were seen.",
    "The {duct} contained no stones.",
]

# --------------------------------------------------------------------------- stents
KEY["stent_place"] = [
    "A {stent} was placed.",
    "~{stent} placed.",
    "A {stent} was deployed across the papilla.",
    "A {stent} was inserted for drainage.",
    "~Stent: {stent}.",
    "We placed a {stent}.",
    "A {stent} was left in the {duct}.",
    "~Plastic stent inserted ({stent}).",
    "Drainage was secured with a {stent}.",
    "A {stent} was positioned with good drainage of contrast and bile.",
    "~{stent} deployed.",
    "A {stent} was placed with its distal end in the duodenum.",
]
KEY["stent_remove"] = [
    "The existing stent was removed with a snare.",
    "~Old stent removed (snare).",
    "The previously placed stent was grasped with a snare and removed.",
    "The indwelling stent was pulled with a rat-tooth forceps.",
    "~Prior stent out.",
    "The stent from the last procedure was removed.",
    "The biliary stent was removed.",
    "~Stent removed w/ forceps.",
    "The old stent was retrieved with a snare.",
    "Stent removal was performed with a snare.",
]

# --------------------------------------------------------------------------- assertions
KEY["negated"] = [
    "{tech} was not required.",
    "~No {tech}.",
    "There was no need for {tech}.",
    "{tech} was not needed.",
    "~{tech} not required.",
    "{tech} was not performed.",
    "No {tech} was necessary.",
    "~{tech}: not done.",
    "{tech} was not used.",
    "We did not need {tech}.",
    "~{tech} - not needed.",
    "{tech} was unnecessary.",
    "No {tech} was done.",
    "~Nil {tech}.",
    "It was not necessary to use {tech}.",
    "{tech} was not attempted.",
    "~{tech} N/A.",
    "No {tech} was performed.",
    "{tech} was not undertaken.",
    "~No need for {tech}.",
]
KEY["planned"] = [
    "Will return in 6 weeks for {tech}.",
    "~Plan {tech} at repeat ERCP.",
    "Repeat ERCP with {tech} is planned.",
    "If the stone persists, {tech} will be done at the next session.",
    "~Return for {tech}.",
    "We will bring the patient back for {tech}.",
    "Plan: repeat ERCP in 4-6 weeks with {tech}.",
    "~Re-ERCP w/ {tech} in 6/52.",
    "{tech} will be arranged electively.",
    "Consider {tech} at the next procedure.",
    "~Next time: {tech}.",
    "Referral for {tech} at a tertiary centre.",
    "Book for {tech}.",
    "~Plan {tech}.",
    "Rescheduled for {tech} next month.",
    "The next ERCP should include {tech}.",
    "~Will need {tech}.",
    "{tech} to follow at repeat procedure.",
    "A second session with {tech} will be required.",
    "~Book re-look ERCP + {tech}.",
]
KEY["historical"] = [
    "Prior ERCP in {year} with {tech}.",
    "~s/p ERCP {year} ({tech}).",
    "In {year} she underwent ERCP with sphincterotomy and {tech}.",
    "Previous ERCP ({year}) required {tech}.",
    "~Hx {tech} at outside ERCP {year}.",
    "At an outside ERCP in {year}, {tech} was performed.",
    "Status post {tech} in {year}.",
    "~Prior {tech} ({year}).",
    "He had {tech} at his first ERCP in {year}.",
    "Past ERCP in {year}: sphincterotomy, {tech}, stent.",
    "~Previous ERCP w/ {tech}.",
    "The {year} ERCP report describes {tech}.",
    "Underwent {tech} for choledocholithiasis in {year}.",
    "~{year}: {tech}.",
    "At the index ERCP ({year}), stones were managed with {tech}.",
    "Records from {year} document {tech}.",
    "~Old ERCP ({year}) - {tech}.",
    "Known to have had {tech} in {year}.",
    "History of {tech} in {year}.",
    "~Had {tech} previously.",
]
KEY["eswl_history"] = [
    "He has had ESWL of pancreatic duct stones, {passes} sessions.",
    "~s/p ESWL x{passes} to PD stones.",
    "Prior extracorporeal shock-wave lithotripsy of the pancreatic stones.",
    "ESWL was performed on the pancreatic calculi last week.",
    "~Post-ESWL.",
    "Underwent ESWL before this procedure.",
    "ESWL was done in {year}.",
    "~ESWL {year}.",
    "Extracorporeal shockwave lithotripsy was performed yesterday.",
    "Had ESWL to the head-of-pancreas stone.",
]
KEY["eswl_plan"] = [
    "Refer for ESWL.",
    "~ESWL next.",
    "ESWL of the remaining stone will be arranged.",
    "Plan extracorporeal shock-wave lithotripsy.",
    "~Book ESWL.",
    "We will discuss ESWL with the lithotripsy unit.",
    "ESWL to be considered.",
    "~Plan ESWL then re-ERCP.",
    "Extracorporeal lithotripsy will be requested.",
    "Referral placed for ESWL.",
]

# --------------------------------------------------------------------------- impression
KEY["imp_removed"] = [
    "{dx}, removed with {tech}.",
    "~{dx} - {tech}, cleared.",
    "{dx}; {tech} performed.",
    "{dx}. Managed with {tech}.",
    "~{dx}: {tech}.",
    "{dx} extracted using {tech}.",
    "{dx} treated by {tech}.",
    "~{tech} for {dx}.",
    "{dx} - {tech} done.",
    "{dx}: cleared with {tech}.",
    "~{dx}, {tech}.",
    "Successful {tech} for {dx}.",
    "{dx}, dealt with by {tech}.",
    "~{dx} -> {tech}.",
    "{tech} of {dx}.",
    "{dx} removed after {tech}.",
    "~{dx} removed ({tech}).",
    "{dx}, successfully treated with {tech}.",
    "{dx} with {tech}.",
    "~{tech}, {dx} out.",
]
KEY["imp_not_removed"] = [
    "{dx}, not removed; {tech} attempted.",
    "~{dx} - failed {tech}.",
    "{dx}: {tech} unsuccessful.",
    "{dx}. {tech} tried without success.",
    "~{dx}, {tech} failed.",
    "{dx} - could not be cleared despite {tech}.",
    "Unsuccessful {tech} for {dx}.",
    "~{tech} failed; {dx} in situ.",
    "{dx} remain after {tech}.",
    "{dx}: {tech} did not clear the duct.",
]
KEY["imp_dx_only"] = [
    "{dx}.",
    "~{dx}.",
    "{dx} noted.",
    "{dx} seen.",
    "~{dx} found.",
    "{dx} on cholangiogram.",
    "Cholangiographic {dx}.",
    "~{dx} present.",
    "{dx} demonstrated.",
    "Findings of {dx}.",
]
KEY["imp_none"] = [
    "No choledocholithiasis.",
    "~No stones.",
    "No stones found.",
    "Normal cholangiogram, no stones.",
    "~Negative for stones.",
    "No retained stones.",
    "No evidence of stone disease.",
    "~Nil stones.",
    "Clean duct.",
    "No stones or sludge.",
]

# --------------------------------------------------------------------------- checkbox labels
KEY["cb_extraction"] = [
    "Stone extraction", "Stone removal", "Extraction method", "Stone clearance device",
    "Extraction", "Calculus retrieval", "Stone Extraction Technique", "Retrieval device",
    "Stone management", "Therapeutic - stones",
]
KEY["cb_lithotripsy"] = [
    "Lithotripsy", "Lithotripsy type", "Fragmentation", "Stone fragmentation",
    "Lithotripsy method", "Intraductal lithotripsy", "Litho", "Destruction of calculi",
    "Stone destruction", "Lithotripsy performed",
]

# =========================================================================== SHARED
SHARED["balloon_device"] = [
    "12 mm extraction balloon", "9-12 mm retrieval balloon", "15 mm Extractor Pro balloon",
    "stone extraction balloon", "8.5-11.5 mm balloon", "11.5 mm extraction balloon",
    "triple-lumen extraction balloon", "retrieval balloon", "Fusion Quattro balloon",
    "12mm stone balloon", "multi-size extraction balloon", "15mm Escort balloon",
    "standard extraction balloon", "9mm balloon", "12-15mm retrieval balloon", "balloon catheter",
    "occlusion balloon", "18 mm extraction balloon", "Extractor RX balloon", "8.5 mm Fogarty-type balloon",
]
SHARED["basket_device"] = [
    "Trapezoid RX basket", "Dormia basket", "4-wire basket", "Memory basket", "Flower basket",
    "8-wire Flower basket", "Web basket", "retrieval basket", "wire basket", "spiral basket",
    "Trapezoid basket", "Dormia", "Fusion basket", "Segura basket", "4-wire Dormia basket",
    "extraction basket",
]
SHARED["bml_device"] = [
    "BML-4Q", "BML-V242QR-30", "mechanical lithotripsy basket", "lithotripsy basket", "BML basket",
    "Trapezoid basket with lithotripsy handle", "Olympus BML", "lithotripsy basket (BML-4Q)",
    "BML-3Q basket", "crushing basket", "BML-V237QR-30 basket",
]
SHARED["ehl_device"] = [
    "Autolith EHL probe", "1.9 Fr EHL probe", "Autolith Touch probe", "Nortech EHL probe",
    "1.9Fr electrohydraulic probe", "EHL fibre", "3 Fr EHL probe", "EHL probe at 80 W",
]
SHARED["laser_device"] = [
    "holmium:YAG laser at 1.0 J / 10 Hz", "Ho:YAG laser, 365 um fibre",
    "thulium fibre laser", "FREDDY laser", "holmium laser (200 um fibre, 0.8 J x 8 Hz)",
    "holmium laser at 1.2J/12Hz", "Ho:YAG laser 0.6 J, 15 Hz", "thulium laser at 0.5 J / 20 Hz",
    "holmium laser", "a 272 micron holmium laser fibre",
]
SHARED["scope"] = [
    "SpyGlass DS", "SpyGlass DS II", "DSOC", "SpyGlass", "single-operator cholangioscope",
    "SpyScope", "peroral cholangioscope", "digital cholangioscope", "SOC", "SpyGlass DSII",
]
SHARED["stent_bile"] = [
    "10 Fr x 7 cm plastic biliary stent", "10Fr x 9cm double pigtail stent",
    "fully covered SEMS 10 mm x 6 cm", "7 Fr x 10 cm straight plastic stent",
    "10Fr 7cm Cotton-Leung stent", "10 French by 5 centimeter plastic stent",
    "8.5 Fr x 12 cm stent", "10Fr x 12cm pigtail stent", "7Fr x 5cm double pigtail",
]
SHARED["stent_panc"] = [
    "5 Fr x 3 cm pancreatic stent", "5Fr x 5cm single pigtail PD stent",
    "7 Fr x 7 cm pancreatic stent", "10Fr x 5cm PD stent", "5 Fr 4 cm Zimmon stent",
]
SHARED["dil_balloon"] = [
    "12-13.5-15 mm CRE balloon", "15 mm CRE balloon", "CRE balloon", "10 mm Hurricane balloon",
    "18 mm CRE dilation balloon", "12-15 mm controlled radial expansion balloon",
    "Giga balloon", "13.5 mm dilating balloon", "6 mm Hurricane balloon", "8 mm dilation balloon",
]
SHARED["wire"] = [
    "0.035 inch Jagwire", ".025 VisiGlide wire", "0.035\" hydrophilic wire", "Dreamwire",
    "0.025 inch guidewire", "Hydra Jagwire", "straight-tipped wire", "0.035 Revolution wire",
]
SHARED["years"] = [str(y) for y in range(2008, 2026)]

# Technique names for negations, plans, histories, impressions and procedure lists.
SHARED["tech_names"] = {
    "balloon": ["balloon sweep", "balloon extraction", "balloon trawl", "balloon sweeps",
                "stone extraction with a balloon", "extraction balloon sweep", "balloon stone extraction"],
    "basket": ["basket extraction", "basket retrieval", "Dormia basket extraction", "basketing",
               "stone extraction with a basket", "Trapezoid basket extraction"],
    "mechanical_lithotripsy": ["mechanical lithotripsy", "BML", "mechanical lithotripsy (BML)",
                               "basket mechanical lithotripsy", "mechanical stone crushing", "mech lithotripsy"],
    "electrohydraulic_lithotripsy": ["EHL", "electrohydraulic lithotripsy", "cholangioscopy with EHL",
                                     "SpyGlass-guided EHL", "DSOC-EHL", "electrohydraulic lithotripsy (EHL)"],
    "laser_lithotripsy": ["laser lithotripsy", "holmium laser lithotripsy", "cholangioscopic laser lithotripsy",
                          "SpyGlass laser lithotripsy", "DSOC-guided laser", "laser lithotripsy (Ho:YAG)"],
    "lithotripsy": ["lithotripsy", "intraductal lithotripsy", "stone fragmentation"],
}
# What a step is called in an impression or a procedure list (it names every label the step sets).
SHARED["step_names"] = {
    "balloon_sweep": ["balloon sweep", "balloon extraction", "balloon trawl", "extraction balloon sweeps", "balloon sweeps"],
    "basket_extraction": ["basket extraction", "Dormia basket extraction", "basket retrieval", "basketing"],
    "bml": ["BML and basket extraction", "basket mechanical lithotripsy", "mechanical lithotripsy with a lithotripsy basket",
            "basket capture and mechanical lithotripsy", "BML (basket lithotripsy)"],
    "impacted_basket_ml": ["rescue mechanical lithotripsy of an impacted basket", "Soehendra lithotripsy for basket impaction"],
    "ehl": ["cholangioscopy-guided EHL", "electrohydraulic lithotripsy", "EHL under SpyGlass", "DSOC with EHL"],
    "laser": ["cholangioscopic laser lithotripsy", "laser lithotripsy", "SpyGlass-guided laser lithotripsy", "holmium laser lithotripsy"],
    "balloon_sweep_failed": ["balloon sweeps", "balloon extraction"],
    "basket_failed": ["basket extraction", "basket capture"],
    "ehl_failed": ["EHL", "electrohydraulic lithotripsy"],
    "laser_partial": ["laser lithotripsy", "holmium laser lithotripsy"],
    "balloon_sweep_negative": ["balloon sweep", "negative balloon sweep", "balloon trawl"],
}

# --------------------------------------------------------------------------- filler
SHARED["consent"] = [
    "Informed consent was obtained after discussion of risks including pancreatitis, bleeding, perforation and cholangitis.",
    "The risks, benefits and alternatives were explained and written consent obtained.",
    "Consent was signed and is on the chart.",
    "A time-out was performed confirming the patient, procedure and site.",
    "The patient understood the risk of post-ERCP pancreatitis and agreed to proceed.",
    "Consent obtained from the patient's daughter, who holds power of attorney.",
    "Interpreter used for the consent discussion.",
]
SHARED["sedation"] = [
    "General anaesthesia with endotracheal intubation was provided by the anaesthesia team.",
    "Monitored anesthesia care with propofol.",
    "Conscious sedation: midazolam 3 mg and fentanyl 100 mcg IV in divided doses.",
    "Deep sedation with propofol, administered by anesthesia.",
    "Sedation: propofol infusion, airway maintained with nasal cannula oxygen.",
    "GA, intubated.",
    "Midazolam 2mg + pethidine 50mg IV.",
    "Topical pharyngeal anaesthesia and IV midazolam.",
]
SHARED["position"] = [
    "The patient was placed in the prone position.",
    "Positioned semi-prone on the fluoroscopy table.",
    "Left lateral position.",
    "The patient lay supine because of a recent abdominal wound.",
    "Prone, head turned to the right.",
]
SHARED["scope_pass"] = [
    "The duodenoscope was passed through the mouth under direct vision into the second part of the duodenum.",
    "A therapeutic duodenoscope was introduced and advanced to D2 without difficulty.",
    "The TJF-Q190V was advanced to the major papilla.",
    "The scope was passed easily into the duodenum and shortened.",
    "Side-viewing scope advanced to D2.",
    "The esophagus and stomach were traversed without difficulty.",
    "Intubation of the oesophagus was uneventful and the pylorus was passed easily.",
]
SHARED["duodenum"] = [
    "The major papilla appeared normal.",
    "A large periampullary diverticulum was present, with the papilla at its rim.",
    "The papilla was bulging.",
    "Mild duodenitis was noted.",
    "The major papilla was small and located in the second part of the duodenum.",
    "Pus was seen draining from the papilla.",
    "The stomach contained a moderate amount of fluid, which was aspirated.",
    "There was erythema of the duodenal bulb.",
    "The papilla was intradiverticular.",
    "Normal appearing ampulla.",
]
SHARED["prophylaxis"] = [
    "Rectal indomethacin 100 mg was given.",
    "IV ciprofloxacin was given before the procedure.",
    "Aggressive IV fluids with lactated Ringer's were started.",
    "Indomethacin 100 mg PR administered.",
    "Antibiotic prophylaxis: co-amoxiclav IV.",
    "Diclofenac 100mg PR given.",
]
SHARED["vitals"] = [
    "Vital signs remained stable throughout.",
    "Oxygen saturations stayed above 95%.",
    "Blood pressure 132/78, pulse 88 at the start.",
    "Transient hypotension responded to a fluid bolus.",
    "ASA class III.",
    "Heart rate 70s, SpO2 98% on 2 L.",
    "Temperature 38.4 C on arrival.",
]
SHARED["closing"] = [
    "The patient tolerated the procedure well.",
    "The scope was withdrawn.",
    "The patient was taken to recovery in stable condition.",
    "Fluoroscopy time 6.2 minutes.",
    "Estimated blood loss minimal.",
    "Total procedure time 48 minutes.",
    "No specimens.",
    "Fluoro time: 3.1 min, dose 42 mGy.",
    "Recovered in the endoscopy unit.",
    "The duodenoscope was removed and the stomach decompressed.",
]
SHARED["complications"] = [
    "None.", "None immediate.", "Nil.", "No immediate complications.",
    "Minor oozing from the sphincterotomy, controlled with epinephrine injection.",
    "None apparent.", "Small amount of bleeding, self-limited.", "No adverse events.",
]
SHARED["plan_filler"] = [
    "Monitor for post-ERCP pancreatitis.",
    "Clear liquids today, advance diet as tolerated.",
    "Trend LFTs in the morning.",
    "Continue IV antibiotics for 5 days.",
    "Refer to surgery for cholecystectomy.",
    "Laparoscopic cholecystectomy during this admission.",
    "Hold anticoagulation for 48 hours.",
    "Return to the ward.",
    "Follow up in the biliary clinic.",
    "Check lipase if abdominal pain develops.",
    "Stent change in 3 months.",
    "Discharge tomorrow if well.",
    "Results of biopsies to be followed up.",
    "Resume aspirin tomorrow.",
]
SHARED["pmh_items"] = [
    "type 2 diabetes mellitus on metformin", "hypertension", "hyperlipidaemia", "atrial fibrillation on apixaban",
    "chronic kidney disease stage 3", "COPD on inhaled therapy", "obstructive sleep apnoea",
    "coronary artery disease with stents in 2015", "hypothyroidism", "gout", "osteoarthritis of both knees",
    "depression", "GERD", "prior stroke with mild left-sided weakness", "heart failure with reduced ejection fraction",
    "morbid obesity (BMI 42)", "alcohol use disorder, abstinent for 4 years", "benign prostatic hyperplasia",
    "rheumatoid arthritis on methotrexate", "asthma", "anaemia of chronic disease", "migraine",
    "remote appendectomy", "total hip replacement", "osteoporosis", "previous DVT",
    "peripheral vascular disease", "chronic back pain", "hepatitis C, treated", "sickle cell trait",
]
SHARED["meds"] = [
    "metformin 1 g BD", "amlodipine 5 mg daily", "atorvastatin 40 mg", "apixaban 5 mg BD (held)",
    "aspirin 81 mg", "levothyroxine 75 mcg", "omeprazole 20 mg", "furosemide 40 mg",
    "insulin glargine 20 units nightly", "sertraline 50 mg", "allopurinol 100 mg", "bisoprolol 2.5 mg",
    "tiotropium inhaler", "paracetamol PRN", "pregabalin 75 mg", "ursodeoxycholic acid",
]
SHARED["social"] = [
    "Lives with her husband and is independent.", "Ex-smoker, 30 pack-years.", "Drinks alcohol socially.",
    "Retired teacher.", "Lives alone; daughter visits daily.", "Never smoker.", "Works as a long-haul driver.",
    "Nursing home resident.", "Uses a walking frame.", "Married, two adult children.",
]
SHARED["presentation"] = [
    "presented with right upper quadrant pain and jaundice",
    "was admitted with fever, rigors and deranged liver tests",
    "presented with epigastric pain radiating to the back and a lipase of 2,400",
    "had obstructive LFTs on routine bloods",
    "was found to have a dilated CBD on ultrasound",
    "developed jaundice two weeks after cholecystectomy",
    "presented with recurrent biliary colic",
    "had painless jaundice and weight loss",
    "had recurrent pancreatitis with a dilated pancreatic duct",
    "was transferred from a district hospital with cholangitis",
]
SHARED["teaching"] = [
    "This case illustrates the importance of matching the extraction technique to stone size and the diameter of the distal duct.",
    "Stones larger than the distal duct are unlikely to pass through a standard sphincterotomy.",
    "The fellow performed the cannulation under supervision; the attending took over for the therapeutic portion.",
    "We reviewed the MRCP together before the case, which showed the anatomy well.",
    "Risk factors for post-ERCP pancreatitis in this patient included female sex and a difficult cannulation.",
    "The decision to place a stent was made jointly with the surgical team.",
    "Duct diameter and stone burden were measured on fluoroscopy against the scope diameter.",
    "Teaching points were discussed with the fellow after the case.",
    "Cholecystectomy remains indicated to prevent recurrent biliary events.",
    "The periampullary diverticulum made orientation of the sphincterotome more challenging.",
    "Long-term outcomes after ductal clearance are good but recurrence occurs in up to 15% of patients.",
    "We discussed the case at the weekly pancreaticobiliary conference.",
    "I was present for the entire procedure and agree with the fellow's note.",
    "Attending attestation: I personally performed the key portions of this procedure.",
]
SHARED["indication_stones"] = [
    "Choledocholithiasis on MRCP", "CBD stones on ultrasound", "Ascending cholangitis", "Gallstone pancreatitis with persistent obstruction",
    "Obstructive jaundice, suspected stones", "Retained CBD stone after cholecystectomy", "Elevated LFTs and dilated CBD",
    "Suspected choledocholithiasis", "Cholangitis with CBD stone on CT", "Biliary colic with abnormal LFTs",
]
SHARED["indication_panc"] = [
    "Chronic calcific pancreatitis with PD stones", "Painful chronic pancreatitis, obstructing PD stone",
    "Recurrent acute pancreatitis with pancreatic duct calculi", "Pancreatic duct stone on CT",
]
SHARED["indication_other"] = [
    "Indeterminate biliary stricture", "Stent exchange", "Post liver transplant anastomotic stricture",
    "Bile leak after cholecystectomy", "Abnormal LFTs, rule out stones", "Planned stent removal and duct review",
    "Suspected sphincter of Oddi dysfunction", "Dilated CBD on imaging",
]
SHARED["dx_stones"] = ["Choledocholithiasis", "CBD stones", "Common bile duct stones", "Bile duct calculi",
                       "Stones in the CBD", "Choledocholithiasis with cholangitis"]
SHARED["dx_large"] = ["Large CBD stone", "Difficult choledocholithiasis", "Giant CBD stone", "Large impacted stone"]
SHARED["dx_sludge"] = ["Biliary sludge", "Sludge in the CBD", "Sludge and debris", "Biliary debris"]
SHARED["dx_panc"] = ["Pancreatic duct stones", "PD calculi", "Main pancreatic duct stone", "Pancreatic ductal calculi"]

# Long, label-free background for notes that carry a lot of history.
SHARED["admission_events"] = [
    "In {year} {pron} was admitted with {item} and discharged after {n} days.",
    "{year}: hospital stay for {item}, complicated by a urinary tract infection.",
    "{Pron} attended the emergency department in {year} with symptoms attributed to {item}.",
    "A cardiology review in {year} for {item} did not change management.",
    "Outpatient follow-up for {item} has been irregular since {year}.",
    "{Pron} was seen in the {clinic} clinic in {year}; no new concerns were raised.",
    "Elective admission in {year} for investigation of {item}.",
    "In {year} {pron} fell at home and was admitted for {n} days; {item} was noted at that time.",
]
SHARED["clinics"] = ["diabetes", "renal", "respiratory", "falls", "memory", "rheumatology", "pain", "heart failure"]
SHARED["ros"] = [
    "Review of systems: no chest pain, no dyspnoea, no change in bowel habit.",
    "Reports pruritus and dark urine for one week; pale stools.",
    "Appetite reduced with 3 kg weight loss over two months.",
    "Denies haematemesis or melaena.",
    "Intermittent fevers at home, worst in the evenings.",
    "No recent travel.",
    "Mild nausea without vomiting.",
]
SHARED["exam"] = [
    "On examination: jaundiced, afebrile, tender in the right upper quadrant, Murphy's sign negative.",
    "Exam: alert, mildly icteric, abdomen soft with epigastric tenderness.",
    "Heart sounds normal; chest clear; no peripheral oedema.",
    "Abdomen obese, non-distended, bowel sounds present.",
    "Temperature 38.1, pulse 104, BP 118/70, saturations 96% on air.",
]
SHARED["labs"] = [
    "Bilirubin {a} umol/L, ALP {b} U/L, ALT {c} U/L, GGT {d}.",
    "WCC {e}, CRP {f}, lipase {g}.",
    "INR 1.{h}, platelets {i}, haemoglobin {j} g/L.",
    "Creatinine {k} umol/L, eGFR {l}.",
    "Total bilirubin {m} mg/dL, AST {c}, ALT {b}.",
]
SHARED["imaging"] = [
    "Ultrasound: gallbladder contains multiple small stones, wall not thickened.",
    "CT abdomen: no pancreatic necrosis, mild peripancreatic stranding.",
    "MRCP reviewed at the pre-procedure huddle.",
    "Chest X-ray: no consolidation.",
    "CT showed intrahepatic duct dilatation without a mass lesion.",
    "Previous ultrasound in {year} reported a fatty liver.",
]
SHARED["family_hx"] = [
    "Family history: mother had gallstones; father died of a stroke.",
    "No family history of pancreatic or biliary cancer.",
    "Family history of type 2 diabetes.",
]


# =========================================================================== more wordings per family
# Added so that a fact has 4-6 realisations inside one family (it had 1-3). Each table below is
# written per family: ``add_by_family(key, rows)`` appends the templates so that every template of
# ``rows[f]`` lands at an index ``i`` with ``i % N_FAMILIES == f`` (the family rule above), whatever
# the table's length before. Every family gets the same number of new templates.
def add_by_family(key, rows):
    assert len(rows) == N_FAMILIES and len({len(r) for r in rows}) == 1, key
    table = KEY.setdefault(key, [])
    queues = [list(r) for r in rows]
    while any(queues):
        table.append(queues[len(table) % N_FAMILIES].pop(0))


# Why stones were deliberately left (slot {reason}); "generic" when no reason was sampled.
SHARED["left_reason"] = {
    "goals_of_care": ["given her goals of care", "in keeping with the agreed ceiling of care",
                      "as comfort-focused care had been agreed with the family", "in line with his advance care plan"],
    "anticoagulation": ["because anticoagulation could not be interrupted", "as she remains on warfarin for a mechanical valve",
                        "given ongoing apixaban", "because of dual antiplatelet therapy after a recent coronary stent"],
    "frailty": ["in view of frailty", "given his frailty and age", "because of poor performance status", "as she is very frail"],
    "sepsis": ["as the patient was septic", "given active cholangitis", "because drainage was the priority in sepsis",
               "as the aim today was drainage only"],
    "staged": ["as a staged approach is planned", "with a view to clearance at a later session", "pending a planned cholangioscopy"],
    "coagulopathy": ["because of coagulopathy", "given an INR of 2.4", "because of a low platelet count"],
    "generic": ["given the stone burden", "in view of the stone size", "as planned beforehand", "given the size of the stones"],
}
# Label-free lines of ward and progress notes.
SHARED["progress_heads"] = [
    "GI Progress Note", "Progress note - gastroenterology, day {n}", "SOAP note", "Post-ERCP ward review",
    "Ward round (surgical team)", "Evening review", "Hospitalist progress note", "Daily progress note - HD {n}",
    "Medical ward round", "Gastro registrar review",
]
SHARED["post_subjective"] = [
    "Comfortable after the procedure.", "Mild epigastric soreness, no vomiting.", "Tolerating sips of water.",
    "Drowsy for a while after sedation, now alert.", "Denies abdominal pain.", "Itch improving.",
    "Some throat discomfort from the scope.", "Keen to eat.", "No fever or rigors since return to the ward.",
]
SHARED["ward_vitals"] = [
    "T 36.8, HR 84, BP 124/70, SpO2 97% RA.", "Afebrile, obs stable.", "HR 96, BP 108/64, T 37.6.", "NEWS 1.",
    "Abdomen soft, mildly tender in the epigastrium.", "Obs within normal limits overnight.", "Urine output adequate.",
    "Sats 95% on 2 L, chest clear.",
]
SHARED["ward_plan"] = [
    "Lipase at 6 hours if pain.", "Free fluids this evening, light diet tomorrow.", "LFTs in the morning.",
    "Restart apixaban in 48 h if no bleeding.", "Continue antibiotics, 5 days in total.",
    "Surgical referral for cholecystectomy.", "Likely discharge tomorrow.", "Watch for post-ERCP pancreatitis.",
    "Stent review in 3 months.", "Mobilise; VTE prophylaxis from tomorrow.",
]

# --------------------------------------------------------------------------- new key tables
# How a progress note introduces the ERCP done TODAY (the note is then its report).
add_by_family("today_opener", [
    ["ERCP this morning:", "She had her ERCP this morning.", "~ERCP today -"],
    ["Procedure today:", "He went down for ERCP this morning.", "~ERCP done this AM:"],
    ["Underwent ERCP earlier today, findings as follows:", "Today's ERCP:", "~Post ERCP (today):"],
    ["ERCP was performed today.", "Summary of today's ERCP:", "~Today - ERCP:"],
    ["Back from ERCP, done at 10:00:", "ERCP on today's list:", "~S/p ERCP today;"],
    ["Had ERCP under GA today.", "Endoscopy today (ERCP):", "~ERCP this am -"],
    ["ERCP was completed this afternoon.", "Result of today's ERCP:", "~Procedure (today): ERCP."],
    ["She underwent ERCP on this morning's list.", "ERCP findings today:", "~ERCP earlier today:"],
    ["The ERCP went ahead this morning.", "Key points from ERCP today:", "~Today ERCP ->"],
    ["ERCP was done today by the biliary team.", "In brief, today's ERCP:", "~ERCP (today, this admission):"],
])
# Stones seen and deliberately not attempted (stent only / stent exchange).
add_by_family("not_attempted", [
    ["No attempt was made to extract {stone_ref} {reason}.", "~Extraction not attempted - {reason}.",
     "{stone_ref} {was} deliberately left in the {duct} {reason}.", "Stone extraction was not attempted today.",
     "We elected not to clear the duct {reason}; a stent was placed instead."],
    ["~Stone(s) left in situ, stent only.", "Clearance was not attempted {reason}.", "I did not try to remove {stone_ref} {reason}.",
     "{stone_ref} {was} seen but not extracted; drainage alone was the aim.", "No extraction attempt: stent for drainage {reason}."],
    ["~No extraction ({reason}); stent.", "The decision was taken not to extract {stone_ref} {reason}.",
     "{stone_ref} {was} not touched; a stent was inserted to keep the duct draining.", "Stone removal was deferred {reason}.",
     "Extraction of {stone_ref} was not undertaken."],
    ["~Stone(s) not addressed - stent only.", "We did not attempt extraction {reason}.",
     "{stone_ref} {was} left where {they} lay and the duct was stented.", "No stone was removed: extraction was not attempted {reason}.",
     "Management of {stone_ref} was limited to stenting {reason}."],
    ["~Calculi left, no attempt at clearance.", "Given the circumstances, no stone extraction was attempted.",
     "{stone_ref} {was} intentionally left in place {reason}.", "There was no attempt at stone clearance {reason}.",
     "Rather than extract {stone_ref}, we placed a stent {reason}."],
    ["~Stones not extracted (by intent).", "Extraction was not tried {reason}.",
     "{stone_ref} {was} not removed; the plan was drainage only {reason}.", "Stone clearance was not attempted at this session.",
     "No manoeuvre to remove {stone_ref} was made."],
    ["~No attempt at extraction; stented.", "We chose to leave {stone_ref} {reason}.",
     "{stone_ref} {was} bypassed with a stent rather than removed.", "Stone extraction was intentionally not performed {reason}.",
     "A stent-only approach was taken and {stone_ref} left in situ."],
    ["~Stone left, stent across.", "Clearance of {stone_ref} was not pursued {reason}.", "{stone_ref} {was} left untouched {reason}.",
     "No effort was made to retrieve {stone_ref}.", "The duct was simply stented; {stone_ref} {was} not extracted."],
    ["~Stone(s) seen - no extraction (intentional).", "We made no attempt to retrieve {stone_ref} {reason}.",
     "{stone_ref} {was} left behind on purpose {reason}.", "Stone extraction was consciously avoided {reason}.",
     "Only a stent was placed; {stone_ref} remained untouched."],
    ["~No stone extraction attempted; stent.", "I chose not to extract {stone_ref} {reason}.",
     "{stone_ref} {was} not addressed at this procedure {reason}.", "Extraction was deliberately deferred and the duct stented.",
     "{stone_ref} {was} left in situ without any attempt at removal."],
])

# --------------------------------------------------------------------------- peri-ERCP notes (not ERCP reports)
# Introduces the PAST ERCP that a clinic letter / follow-up / pre-procedure note recaps ({when}: "6 weeks ago").
add_by_family("peri_past_intro", [
    ["She had an ERCP {when}.", "~H/o ERCP {when}.", "To recap, ERCP was performed {when}."],
    ["He underwent ERCP {when}.", "~S/p ERCP {when}:", "At her ERCP {when}:"],
    ["She has had an ERCP since I last saw her, {when}.", "~ERCP {when} -", "As you know, ERCP was carried out {when}."],
    ["The ERCP {when} is summarised below.", "~Prev ERCP ({when}):", "By way of background, he had ERCP {when}."],
    ["Her index ERCP took place {when}.", "~ERCP done {when}.", "I note from the records that ERCP was done {when}."],
    ["ERCP had been performed {when}.", "~K/c/o CBD calculi, ERCP {when}.", "Her ERCP was {when}."],
    ["ERCP was undertaken {when}.", "~Last ERCP {when}:", "He was brought for ERCP {when}."],
    ["She was treated endoscopically {when}.", "~ERCP hx: {when}.", "Looking back at the ERCP {when}:"],
    ["At the ERCP carried out {when}:", "~Had ERCP {when}.", "He has undergone an ERCP {when}."],
    ["In summary, ERCP was done {when}.", "~Underwent ERCP {when} -", "The previous ERCP ({when}) went as follows."],
])
# One-line recaps of the past ERCP's outcome ({tech}: what was used then).
add_by_family("peri_recap_removed", [
    ["At that procedure {stone_np} {was} removed with {tech}.", "~{tech} - {stone_np} out.", "{stone_np} had been extracted using {tech}."],
    ["{stone_np} {was} taken out by {tech} at that time.", "~Removal w/ {tech} then.", "He has had {stone_np} extracted with {tech}."],
    ["{tech} was used then, and {stone_np} came out.", "~{stone_np} retrieved ({tech}).", "Removal of {stone_np} was achieved at that ERCP with {tech}."],
    ["Back then, {tech} had removed {stone_np}.", "~{stone_np} out by {tech}.", "That ERCP succeeded in extracting {stone_np} with {tech}."],
    ["{stone_np} {was} dealt with by {tech}.", "~Successful {tech} at that ERCP.", "She had {tech}, which brought out {stone_np}."],
    ["~Extraction ({tech}) of {stone_np}.", "{stone_np} had been retrieved with {tech}.", "It was a successful procedure: {tech} yielded {stone_np}."],
    ["{tech} delivered {stone_np} into the duodenum on that occasion.", "~{tech}: {stone_np} removed.", "The endoscopist removed {stone_np} using {tech}."],
    ["{stone_np} {was} extracted with {tech}.", "~Prior extraction by {tech}.", "Stone material was removed at that time using {tech}."],
    ["{tech} at that sitting removed {stone_np}.", "~{tech} -> {stone_np} out.", "She has had {stone_np} removed by way of {tech}."],
    ["At that ERCP, {stone_np} {was} successfully removed ({tech}).", "~{stone_np} extracted then ({tech}).", "{tech} had brought {stone_np} out at that time."],
])
add_by_family("peri_recap_not_removed", [
    ["{stone_ref} could not be removed despite {tech}.", "~Failed {tech}; stone(s) left."],
    ["{tech} was tried but did not clear {stone_ref}.", "~{tech} unsuccessful then."],
    ["Unfortunately {tech} failed and {stone_ref} {was} left in the duct.", "~Incomplete: {tech}, no clearance."],
    ["The attempt at {tech} was unsuccessful.", "~{tech} tried - stone not removed."],
    ["Despite {tech}, nothing could be extracted.", "~Stone(s) retained after {tech}."],
    ["{tech} did not succeed in removing {stone_ref}.", "~No clearance ({tech} failed)."],
    ["Extraction failed at that ERCP ({tech}).", "~{tech} - unsuccessful."],
    ["{stone_ref} remained after {tech}.", "~Unsuccessful {tech}."],
    ["{tech} was attempted without removing {stone_ref}.", "~{tech}: no stone out."],
    ["Neither stone nor fragments came out with {tech}.", "~{tech} failed to clear."],
])
add_by_family("peri_recap_left", [
    ["{stone_ref} {was} left in place and a stent inserted {reason}.", "~Stent only, stone(s) left."],
    ["No extraction was attempted; a stent was placed.", "~Stented, no clearance attempt."],
    ["Only a stent was placed at that ERCP {reason}.", "~Stone not addressed, stent placed."],
    ["{stone_ref} {was} bypassed with a stent.", "~Stent, {stone_ref} left."],
    ["At that stage a stent was placed rather than attempting removal.", "~Drainage stent only."],
    ["{stone_ref} {was} not extracted {reason}; a stent went in.", "~Stent; extraction deferred."],
    ["It was decided to stent and leave {stone_ref} {reason}.", "~Stent, no extraction."],
    ["A stent was placed and {stone_ref} left for a later session.", "~Stent only then."],
    ["A stent went in, with {stone_ref} left behind {reason}.", "~Stent placed - stones left."],
    ["A stent-only ERCP was done, leaving {stone_ref} in the duct.", "~Stented; stone(s) remain."],
])
add_by_family("peri_recap_none", [
    ["No stones were found at that procedure.", "~No stones found then."],
    ["The duct was clear and nothing was retrieved.", "~Clear duct at ERCP."],
    ["The cholangiogram at that time was normal.", "~Normal cholangiogram then."],
    ["No stone was identified on that occasion.", "~Nil stones at ERCP."],
    ["It showed no residual stones.", "~Duct free of stones."],
    ["That ERCP found no stone disease.", "~No stones seen."],
    ["No calculi were seen.", "~ERCP negative for stones."],
    ["The duct was free of calculi then.", "~No stones at that time."],
    ["No stones or sludge were present at that time.", "~Nothing found."],
    ["That study did not show any stones.", "~Clean duct then."],
])
# The NEXT ERCP a peri-ERCP note plans ({tech}: its techniques; {when}: "tomorrow", "in 6 weeks").
add_by_family("peri_plan", [
    ["Plan: ERCP {when} with {tech}.", "~ERCP {when} + possible {tech}.", "We will repeat the ERCP {when} for {tech}.",
     "I have listed her for ERCP {when}, with {tech} as needed."],
    ["He is booked for ERCP {when} with possible {tech}.", "~Re-ERCP {when}: {tech}.",
     "The next step is a repeat ERCP {when}, with {tech}.", "ERCP {when}, likely to need {tech}."],
    ["Proceed to ERCP {when} - {tech}.", "~Plan ERCP {when} ({tech}).", "I would suggest a further ERCP {when} with {tech}.",
     "She will come back {when} for ERCP and {tech}."],
    ["ERCP is planned {when} with {tech}.", "~ERCP {when}; {tech} if needed.", "Our plan is ERCP {when}, which may require {tech}.",
     "Arrange ERCP {when} for {tech}."],
    ["Further ERCP {when} with {tech} has been arranged.", "~ERCP + {tech} {when}.",
     "He needs a repeat ERCP {when}; {tech} is anticipated.", "Listed for ERCP {when} (includes {tech})."],
    ["Adv: ERCP with {tech} {when}.", "~Repeat ERCP {when} w/ {tech}.", "ERCP will be done {when}, with {tech} on standby.",
     "We have requested ERCP with {tech} {when}."],
    ["She is waitlisted for ERCP with {tech} {when}.", "~Book ERCP {when}, {tech}.", "A second ERCP {when} will aim at {tech}.",
     "ERCP {when}: the plan is {tech}."],
    ["Planned: ERCP {when}, {tech}.", "~ERCP {when} ?{tech}.", "We intend to bring him back {when} for {tech}.",
     "I have asked for ERCP {when} and {tech}."],
    ["For ERCP {when}, with {tech} if required.", "~To have ERCP {when} - {tech} planned.", "Scheduled: ERCP {when} with {tech}.",
     "I would like her to undergo ERCP {when}, including {tech}."],
    ["ERCP to follow {when}, anticipating {tech}.", "~Next: ERCP {when}, {tech}.", "He will be brought back {when} for ERCP with {tech}.",
     "The intention is ERCP {when} and {tech}."],
])

# --------------------------------------------------------------------------- outcomes, more wordings
add_by_family("outcome_cleared", [
    ["At the end the duct was clean.", "~Duct clear at end.", "No residual filling defect remained in the {duct}."],
    ["Complete clearance of the {duct} was achieved.", "~{duct} clean.", "I was happy that the duct was completely cleared."],
    ["The completion cholangiogram was clean.", "~Clear final cholangio.", "Nothing further was seen in the duct afterwards."],
    ["Ductal clearance was complete.", "~Duct cleared fully.", "Final contrast images showed an empty duct."],
    ["No residual stone or debris was left.", "~Clearance: complete.", "The duct appeared clear on the final images."],
    ["The duct was cleared of all visible material.", "~Clean duct at completion.", "Complete clearance was confirmed on contrast."],
    ["At completion no filling defects remained.", "~Full clearance.", "We achieved full ductal clearance."],
    ["The final cholangiogram confirmed an empty duct.", "~Duct clear on completion films.", "The duct was cleared entirely."],
    ["By the end, the {duct} was clear of stone.", "~Clearance complete.", "Nothing remained in the duct on the final pictures."],
    ["Clearance of the duct was total.", "~Clear at end.", "Completion imaging showed a stone-free duct."],
])
add_by_family("outcome_partial", [
    ["Some stone was left behind in the {duct}.", "~Incomplete clearance.", "Not all fragments could be removed."],
    ["A small residual fragment remained in the duct.", "~Residual stone(s).", "Clearance was only partial."],
    ["Most, but not all, of the stone burden was removed.", "~Partial clearance only.", "We could not clear the last fragments."],
    ["Residual stone fragments remained in the intrahepatic ducts.", "~Frags remain.", "The duct was not fully cleared at this session."],
    ["Some stones remain.", "~Clearance incomplete.", "A few fragments persisted despite further attempts."],
    ["Residual filling defects were still present at the end.", "~Not all stones out.", "Part of the stone burden remains in the {duct}."],
    ["Complete clearance was not achieved.", "~Residual fragments seen.", "Some smaller fragments were left to pass."],
    ["A residual stone was left in the {duct}.", "~Incomplete ductal clearance.", "One fragment could not be retrieved."],
    ["There was residual stone at the end of the procedure.", "~Partial stone clearance.", "Clearance remained incomplete."],
    ["Final films showed remaining stone fragments.", "~Residual stone.", "Not every fragment could be brought out."],
])
add_by_family("outcome_remains", [
    ["{stone_ref} could not be removed.", "~Extraction failed.", "Nothing was retrieved."],
    ["{stone_ref} stayed in the {duct}.", "~No stone out.", "All attempts at removal failed."],
    ["Extraction was unsuccessful and {stone_ref} remained.", "~Stone(s) retained.", "We did not manage to get {stone_ref} out."],
    ["The duct could not be cleared at this session.", "~Duct not cleared.", "{stone_ref} {was} left in situ after the failed attempts."],
    ["{stone_ref} {was} still in the duct at the end.", "~Failed extraction.", "No stone material was extracted."],
    ["I was unable to remove {stone_ref}.", "~Stone(s) remain in {duct}.", "Removal of {stone_ref} did not succeed."],
    ["{stone_ref} persisted in the {duct} despite these efforts.", "~Extraction unsuccessful.", "Nothing came out."],
    ["{stone_ref} {was} not retrieved.", "~No clearance.", "The attempts did not bring {stone_ref} out."],
    ["Ultimately {stone_ref} could not be delivered.", "~Not extracted.", "No stone was removed despite these attempts."],
    ["{stone_ref} remained impacted in the duct.", "~Stone(s) still in situ.", "The extraction attempts failed."],
])
add_by_family("frag_left", [
    ["None of the fragments were extracted.", "~Frags left.", "The fragments were left in situ for now."],
    ["We left the fragments in the duct.", "~Fragments left behind.", "Fragments were not removed at this session."],
    ["The broken stone was left in the duct behind the stent.", "~No frags extracted.", "All the fragments remain in the {duct}."],
    ["No attempt was made to retrieve the fragments.", "~Frags in situ, not removed.", "The fragmented stone was not extracted."],
    ["Fragments were left to be cleared at a later ERCP.", "~Fragments not retrieved.", "The pieces were left where they were."],
    ["I did not remove the fragments.", "~Left in duct: fragments.", "The fragments have been left in the {duct}."],
    ["Fragment extraction was not attempted.", "~Fragments remain.", "The stone pieces were not brought out."],
    ["The fragments were deliberately left in place.", "~Frags not cleared.", "No fragments were retrieved today."],
    ["Fragments were left in situ and not extracted.", "~Fragments left, none removed.", "The crushed stone remains in the duct."],
    ["Nothing was extracted; the fragments stay in the {duct}.", "~Fragments not removed.", "We did not clear the fragments."],
])
add_by_family("outcome_none", [
    ["No stone was seen.", "~Nil stones.", "The {duct} was free of calculi."],
    ["There were no stones in the duct.", "~No calculi.", "No stone, sludge or debris was found."],
    ["The duct contained no stone material.", "~No stone/sludge.", "Stones were not found."],
    ["No choledocholithiasis was demonstrated.", "~Duct clear, no stones.", "There was no stone disease in the {duct}."],
    ["No calculi or sludge were identified.", "~Negative for stones.", "Nothing suggestive of stone was seen."],
    ["The {duct} was clear of stones.", "~No stones identified.", "We found no stones."],
    ["No filling defects and no stones.", "~Clean duct.", "Stone disease was excluded."],
    ["There were no calculi.", "~Stones: none.", "No stones were present in the duct."],
    ["No stones or debris were present.", "~Nil calculi.", "The duct held no stones."],
    ["There was no evidence of stones, sludge or debris.", "~No stone seen.", "The duct was found to be stone-free."],
])
add_by_family("chol_clear", [
    ["The {duct} looked normal with no defects."], ["~{duct} nml, no defects."], ["No stones were outlined on the cholangiogram."],
    ["~Cholangiogram clean."], ["The cholangiogram did not show any stones."], ["~Duct clear on injection."],
    ["The ducts opacified normally, without stones."], ["~No defects seen."], ["No filling defects were outlined."],
    ["~Clean cholangio."],
])

# --------------------------------------------------------------------------- steps, more wordings
add_by_family("sweep_remove", [
    ["I swept the {duct} with a {bal} and retrieved {stone_np}.", "~Sweep -> {stone_np}."],
    ["{stone_np} {was} trawled from the {duct} with a {bal}.", "~{bal} x{passes}: {stone_np} delivered."],
    ["Balloon clearance of the {duct}: {stone_np} extracted.", "~Balloon: {stone_np} swept out."],
    ["On sweeping with a {bal}, {stone_np} came out into the duodenum.", "~Balloon trawl, {stone_np} retrieved."],
    ["A {bal} swept {stone_np} out of the {duct}.", "~{passes} x bal sweeps - {stone_np} delivered to D2."],
    ["We used a {bal} to sweep out {stone_np}.", "~Sweep ({bal}): {stone_np} out."],
    ["Extraction balloon sweeps delivered {stone_np}.", "~Bal trawl -> {stone_np}."],
    ["I trawled the {duct} with a {bal}, pulling out {stone_np}.", "~Bal swept: {stone_np}."],
    ["{stone_np} {was} swept clear of the {duct} with a {bal}.", "~Balloon sweeps: {stone_np} extracted."],
    ["Repeated sweeps of a {bal} removed {stone_np}.", "~Sweep w/ {bal} = {stone_np} out."],
])
add_by_family("sweep_negative", [
    ["I swept the {duct} with a {bal}; nothing was retrieved.", "~Sweep: neg.",
     "An occlusion cholangiogram after the balloon sweep showed no filling defects."],
    ["Balloon sweeps delivered no stones, sludge or debris.", "~Sweep x{passes} - nothing.",
     "The duct was trawled with a {bal}, with a negative result."],
    ["No stone or sludge came out with the {bal}.", "~{bal} trawl: clear.",
     "Sweeping with a {bal} produced nothing, and the occlusion cholangiogram showed no defects."],
    ["We swept the {duct} with a {bal}; the duct was clear.", "~Neg bal sweep.", "Balloon trawling of the {duct} retrieved no material."],
    ["A clearing sweep with a {bal} brought nothing out.", "~Sweeps x{passes}, no debris.",
     "No stones, sludge or debris were delivered on balloon sweeping."],
    ["Passes of the {bal} yielded no stone fragments or sludge.", "~Bal swept - clean.", "The balloon sweep confirmed a clear duct."],
    ["I passed a {bal} through the duct {passes} times without retrieving anything.", "~{bal}: no stones retrieved.",
     "Balloon sweeps of the {duct} were negative."],
    ["Balloon sweep of the {duct}: no material.", "~Trawl - nil.", "A {bal} sweep found no stones."],
    ["Trawling with a {bal} delivered no stones.", "~Bal sweep neg x{passes}.", "Nothing was swept out of the {duct} by the {bal}."],
    ["The {duct} was balloon-swept and came back clean.", "~Sweep = no stones.", "Balloon clearance sweeps retrieved no stones or debris."],
])
add_by_family("sweep_failed", [
    ["Balloon sweeping could not bring {stone_ref} down.", "~Sweep unsuccessful.", "The {bal} kept slipping past {stone_ref}."],
    ["I tried to trawl {stone_ref} out with a {bal}, without success.", "~Bal trawl failed.", "Sweeps with the {bal} left {stone_ref} in place."],
    ["{stone_ref} would not move with balloon sweeps.", "~Sweeps x{passes}, stone not moved.", "A balloon extraction attempt failed."],
    ["The {bal} could not deliver {stone_ref} through the papilla.", "~{bal} sweep - no success.", "Balloon trawls failed to shift {stone_ref}."],
    ["Sweeping with a {bal} was ineffective.", "~Balloon extraction failed.", "{stone_ref} did not come out with the {bal}."],
    ["Attempted balloon extraction did not succeed.", "~Bal sweep: stone stuck.", "The {bal} was pulled through but {stone_ref} stayed put."],
    ["{stone_ref} resisted balloon sweeping.", "~Unsuccessful bal sweeps.", "We swept with a {bal}, but {stone_ref} would not pass."],
    ["Balloon sweeps failed.", "~Trawl - stone won't come.", "A {bal} was used but could not remove {stone_ref}."],
    ["Balloon trawling got nowhere with {stone_ref}.", "~Sweep attempted, failed.", "I could not extract {stone_ref} with the {bal}."],
    ["Sweeps with a {bal} did not budge {stone_ref}.", "~{bal}: unable to extract.", "An attempt at balloon extraction was unsuccessful."],
])
add_by_family("basket_remove", [
    ["I caught {stone_np} in a {bsk} and delivered {them} into the duodenum.", "~Basket -> {stone_np} out."],
    ["{stone_np} {was} trapped in the {bsk} and withdrawn.", "~{bsk}: {stone_np} extracted."],
    ["Basket capture of {stone_np} ({bsk}) and extraction.", "~Basketed, {stone_np} delivered."],
    ["{stone_np} {was} pulled out in a {bsk}.", "~{stone_np} basketed x{passes}."],
    ["We retrieved {stone_np} with a {bsk}.", "~Basket: {stone_np} retrieved."],
    ["A {bsk} was used to catch and deliver {stone_np}.", "~Basket extr. of {stone_np}."],
    ["Using a {bsk} I extracted {stone_np}.", "~{bsk} -> {stone_np}."],
    ["{stone_np} {was} secured in a {bsk} and brought into the duodenum.", "~Caught w/ {bsk}, out."],
    ["{stone_np} {was} captured and withdrawn with a {bsk}.", "~Basket retrieval: {stone_np}."],
    ["The {bsk} trapped {stone_np}, which {was} delivered.", "~{bsk} x{passes}: {stone_np} out."],
])
add_by_family("basket_failed", [
    ["{stone_ref} could not be captured in the {bsk}.", "~Basket failed.", "I could not trap {stone_ref} with the {bsk}."],
    ["The {bsk} would not open fully beside {stone_ref}.", "~{bsk} - no capture.", "Basketing of {stone_ref} was unsuccessful."],
    ["Attempts at basket capture failed.", "~Unable to basket.", "{stone_ref} kept slipping out of the {bsk}."],
    ["We could not engage {stone_ref} in the {bsk}.", "~Basket x{passes} - failed.", "Basket extraction did not succeed."],
    ["The {bsk} could not grasp {stone_ref}.", "~Basket: unsuccessful.", "Basket retrieval was tried and failed."],
    ["{stone_ref} {was} too large to be captured in the {bsk}.", "~{bsk} failed to engage.", "I tried a {bsk}, without capturing {stone_ref}."],
    ["Capture with a {bsk} was not possible.", "~Basketing unsuccessful.", "{stone_ref} escaped the {bsk} on every pass."],
    ["The {bsk} failed to catch {stone_ref}.", "~No capture w/ basket.", "Basket attempts did not work."],
    ["{stone_ref} could not be engaged by the {bsk}.", "~Basket tried, failed.", "Our attempts with a {bsk} did not trap {stone_ref}."],
    ["Basket capture was unsuccessful despite {passes} attempts.", "~Failed basketing.", "The {bsk} was opened repeatedly but never held {stone_ref}."],
])
add_by_family("ehl_failed", [
    ["EHL made no impression on {stone_ref}.", "~EHL - no fragmentation."],
    ["I fired the {ehl} at {stone_ref} with little effect.", "~EHL ineffective."],
    ["Electrohydraulic lithotripsy failed to break {stone_ref}.", "~EHL tried, stone hard."],
    ["{stone_ref} did not fragment with EHL.", "~EHL: no effect."],
    ["EHL via the {scope} was unsuccessful.", "~Failed EHL."],
    ["Despite repeated EHL pulses, {stone_ref} stayed whole.", "~EHL - stone whole."],
    ["The EHL probe could not break {stone_ref}.", "~EHL unsuccessful."],
    ["EHL was tried on {stone_ref}, without fragmentation.", "~EHL no good."],
    ["{stone_ref} resisted EHL.", "~EHL failed to fragment."],
    ["Electrohydraulic shocks through the {scope} did not fracture {stone_ref}.", "~EHL, no breakage."],
])
add_by_family("laser_partial", [
    ["Laser lithotripsy only partly fragmented {stone_ref}.", "~Laser: partial frag."],
    ["I lasered {stone_ref} with {laser} but managed only small chips.", "~LL - chips only."],
    ["The {laser} achieved little fragmentation of {stone_ref}.", "~Laser, limited effect."],
    ["{stone_ref} broke only partially with {laser}.", "~Partial laser frag."],
    ["Laser fragmentation was incomplete.", "~Laser tried - partial."],
    ["Laser energy ({laser}) only scored {stone_ref}.", "~LL: minimal."],
    ["Laser lithotripsy broke off only a few fragments from {stone_ref}.", "~Laser - incomplete."],
    ["{stone_ref} {was} only partly broken by the laser.", "~LL partial."],
    ["The laser chipped {stone_ref} without breaking {them}.", "~Laser: chips, stone intact."],
    ["Laser lithotripsy with {laser} had a limited effect on {stone_ref}.", "~Laser partly effective."],
])
add_by_family("irrigation", [
    ["I flushed the {duct} with saline and {stone_np} washed out."], ["~Flush -> {stone_np} out."],
    ["{stone_np} cleared with saline flushing alone."], ["~NS irrigation: {stone_np} washed out."],
    ["Flushing the duct delivered {stone_np}."], ["~Irrigated; {stone_np} out."],
    ["With saline irrigation {stone_np} passed into the duodenum."], ["~Flush cleared {stone_np}."],
    ["{stone_np} came out with forceful saline flushing."], ["~Saline wash: {stone_np} out."],
])

# --------------------------------------------------------------------------- negations and plans, more wordings
add_by_family("negated", [
    ["There was no indication for {tech}.", "~{tech}: nil.", "We did not use {tech}."],
    ["{tech} was not called for.", "~No {tech} done.", "I did not perform {tech}."],
    ["{tech} proved unnecessary.", "~{tech} - nil.", "The procedure did not require {tech}."],
    ["No role for {tech} today.", "~{tech} not used.", "{tech} was avoided."],
    ["There was no requirement for {tech}.", "~{tech}: not indicated.", "{tech} was not carried out."],
    ["{tech} was not needed on this occasion.", "~Nil {tech} required.", "No {tech} was undertaken."],
    ["{tech} did not need to be used.", "~{tech}: none.", "At no point was {tech} used."],
    ["{tech} was not indicated.", "~{tech}: no.", "We avoided {tech}."],
    ["No {tech} was used.", "~{tech} none.", "There was no call for {tech}."],
    ["~{tech} unnecessary.", "I saw no need for {tech}.", "{tech} did not prove necessary."],
])
add_by_family("planned", [
    ["Plan for {tech} at a second ERCP.", "~{tech} next session.", "She will need {tech} once anticoagulation can be held."],
    ["Return in 4-6 weeks for {tech}.", "~Re-ERCP + {tech}.", "I have booked him for {tech} at the next list."],
    ["{tech} is to be arranged.", "~For {tech} later.", "A repeat ERCP for {tech} will be scheduled."],
    ["Next step: {tech}.", "~Plan: {tech} (staged).", "We plan to return for {tech}."],
    ["Listed for {tech} in 4/52.", "~{tech} to follow.", "Will be brought back for {tech}."],
    ["{tech} will be needed at a later date.", "~Needs {tech}.", "Staged {tech} is planned."],
    ["Refer for {tech}.", "~? {tech} next time.", "She is to return for {tech}."],
    ["{tech} is planned for the next ERCP.", "~Book {tech}.", "We will attempt {tech} at repeat ERCP."],
    ["Future {tech} is anticipated.", "~Plan for {tech}.", "Repeat procedure with {tech} in about six weeks."],
    ["{tech} at a later session.", "~{tech} planned.", "He will return for {tech} when fit."],
])

# --------------------------------------------------------------------------- impressions, more wordings
add_by_family("imp_none", [
    ["Stone-free duct.", "~No calculi.", "No choledocholithiasis identified."],
    ["Negative study for stones.", "~Clear duct.", "No filling defects; no stones."],
    ["No stone disease identified.", "~Duct clear.", "Cholangiogram without stones."],
    ["Negative for choledocholithiasis.", "~Nil calculi.", "No calculi identified."],
    ["No stones or debris.", "~No stones/sludge.", "Duct free of stones."],
    ["Normal duct, no stones.", "~Stones: none.", "No retained calculi."],
    ["Stones excluded.", "~Clean.", "No evidence of choledocholithiasis."],
    ["No ductal stones.", "~No stone.", "Clear duct without defects."],
    ["No calculi found.", "~Negative cholangiogram.", "Duct free of stones and sludge."],
    ["No stones were present.", "~Stone-free.", "No choledocholithiasis seen."],
])
add_by_family("imp_not_removed", [
    ["{dx}; {tech} failed to clear the duct.", "~{dx}: not cleared ({tech}).", "{dx}, still present after {tech}."],
    ["{dx} - {tech} without success.", "~{dx} retained after {tech}.", "Failed {tech}; {dx} not removed."],
    ["{dx}, not extracted despite {tech}.", "~{dx} - unsuccessful {tech}.", "{tech} did not remove the {dx}."],
    ["{dx}: {tech} tried, duct not cleared.", "~{dx}, {tech}: no clearance.", "{dx} persisting after attempted {tech}."],
    ["{dx} left in situ after unsuccessful {tech}.", "~{tech} failed, {dx}.", "Incomplete: {dx}, {tech} failed."],
    ["{dx}. Attempted {tech} did not succeed.", "~{dx} not removed ({tech}).", "{dx}: extraction by {tech} unsuccessful."],
    ["{dx}, {tech} attempted, not removed.", "~{dx}; {tech} failed.", "No clearance of {dx} despite {tech}."],
    ["{dx} unresolved after {tech}.", "~{dx}: failed {tech}.", "{tech} unsuccessful for {dx}."],
    ["{dx} - attempted {tech}, none removed.", "~{dx} in situ post {tech}.", "{dx} remains; {tech} did not work."],
    ["{dx}; removal by {tech} failed.", "~{dx}, {tech} -> no clearance.", "Persistent {dx} after failed {tech}."],
])
add_by_family("imp_removed", [
    ["{dx}, cleared by {tech}.", "~{dx}: {tech} -> clear."],
    ["{tech} achieved removal of {dx}.", "~{dx} out w/ {tech}."],
    ["{dx}, extracted with {tech}.", "~{tech}: {dx} extracted."],
    ["{dx}; removal by {tech}.", "~{dx}, {tech} ok."],
    ["{dx} - successfully extracted ({tech}).", "~{dx} cleared ({tech})."],
    ["{dx} retrieved using {tech}.", "~{tech} => {dx} removed."],
    ["{dx} removed by means of {tech}.", "~{dx}: removed, {tech}."],
    ["Clearance of {dx} with {tech}.", "~{dx} - {tech}, out."],
    ["{dx}, delivered by {tech}.", "~{dx} extracted, {tech}."],
    ["{dx} cleared using {tech}.", "~{tech}: {dx} cleared."],
])

# =========================================================================== hand-off notes (style "handoff")
# A 1-3 line sign-out / text-message summary of TODAY's ERCP. Every key fact has its own compact
# table, partitioned into the 10 families like the tables above (``add_by_family``). Templates are
# fragments without a final full stop; ``styles.handoff_note`` joins them with commas, semicolons,
# arrows or slashes. Slots (``render.handoff_slots``): {hs} the stones (or "frags" after
# lithotripsy); {duct} CBD / CHD / PD; {bal} {bsk} compact balloon and basket names; {dev} the
# device of a failed attempt; {litho} the lithotripsy device; {stent}; {dil} a dilation size; {n} a
# count of passes; {reason} why stones were left; {tech} a technique name; {year}; {when}.
add_by_family("hf_open", [
    ["s/p ERCP today:", "ERCP today -", "Post-ERCP:", "~ERCP done:"],
    ["ERCP this am:", "Back from ERCP.", "ERCP (today):", "~ERC today -"],
    ["Today's ERCP:", "ERCP done today ->", "post ERCP today;", "Scoped today (ERCP):"],
    ["ERCP earlier:", "S/P ERCP this AM -", "ERCP today, GA.", "Had ERCP today:"],
    ["ERCP done this afternoon:", "ERCP w/ Dr K today:", "POD0 ERCP:", "ERCP - today:"],
    ["ERCP (today) summary:", "ERCP/ES today:", "ERCP under MAC this am:", "Today ERCP:"],
    ["ERCP went ahead today:", "FYI ERCP today -", "ERCP this morning ->", "ERC(P) today:"],
    ["Post-ERCP update:", "ERCP completed today:", "Today: ERCP.", "ERCP (this am) -"],
    ["ERCP this AM, summary:", "Just back from ERCP:", "ERCP today/sphincterotomy:", "D0 post ERCP -"],
    ["ERCP outcome today:", "ERCP today, findings:", "Biliary endoscopy today (ERCP):", "Update - ERCP done:"],
])
add_by_family("hf_sweep", [
    ["{hs} out w/ {bal}", "bal sweep x{n} -> {hs} extracted", "{hs} swept from {duct}", "{bal} sweeps, {hs} delivered"],
    ["{bal} trawl: {hs} removed", "{hs} pulled w/ {bal}", "swept {duct} x{n}, {hs} out", "{hs} removed by balloon"],
    ["balloon extraction of {hs}", "{duct} swept ({bal}) - {hs} out", "{hs} -> balloon -> out", "sweeps w/ {bal} retrieved {hs}"],
    ["{hs} balloon-swept into D2", "BE x{n} ({bal}): {hs} out", "{hs} cleared out w/ {bal} sweeps", "{bal} brought {hs} out"],
    ["sweep x{n} ({bal}), {hs} extracted", "{hs} out on balloon", "{duct} balloon-trawled, {hs} delivered", "{hs} extracted (balloon)"],
    ["{bal} x{n} passes, {hs} retrieved", "{hs} removed - bal sweep", "{hs}: swept out", "balloon sweeps got {hs} out"],
    ["{hs} balloon extracted", "swept x{n} w/ {bal} -> {hs}", "{hs} dragged out w/ {bal}", "{bal} pulled {hs} through"],
    ["{hs} sweep-extracted", "{bal} swept {hs} into duodenum", "{hs} / balloon / out", "retrieval balloon x{n} - {hs} out"],
    ["{hs} fished out w/ {bal}", "bal sweeps ({n}) -> {hs} extracted", "{hs} delivered by balloon trawl", "{duct} swept, {hs} came out"],
    ["{hs} evacuated w/ {bal}", "{hs} out via balloon sweeps", "{n}x {bal} sweep: {hs} retrieved", "balloon'd out {hs}"],
])
add_by_family("hf_basket", [
    ["{hs} basketed out", "{bsk} -> {hs} extracted", "{hs} captured in {bsk}", "basket extraction of {hs}"],
    ["{hs} out w/ {bsk}", "{bsk} retrieval: {hs}", "{hs} trapped in basket + removed", "basketed {hs}"],
    ["{hs} grabbed w/ {bsk}", "{bsk} x{n}, {hs} out", "{hs} - basket - out", "{hs} pulled out in {bsk}"],
    ["{hs} extracted ({bsk})", "basket caught {hs}", "{bsk} delivered {hs}", "{hs}: basket x{n}, out"],
    ["{hs} snared in {bsk} and removed", "{bsk} got {hs}", "{hs} basket-retrieved", "{bsk} trawl, {hs} extracted"],
    ["{hs} removed via {bsk}", "{hs} engaged in {bsk}, out", "basketing -> {hs} extracted", "{bsk}: {hs} out"],
    ["{hs} retrieved w/ {bsk}", "{hs} captured (basket) + extracted", "{bsk} used, {hs} removed", "{hs} out in the basket"],
    ["{bsk} grabbed {hs}", "{hs} / {bsk} / extracted", "basket x{n} -> {hs} delivered", "{hs} came out in {bsk}"],
    ["{hs} bagged in {bsk}, out", "{bsk} extraction: {hs}", "{hs} basketed into D2", "{hs} caught w/ basket + pulled"],
    ["{hs} entrapped in {bsk} + removed", "{bsk} -> {hs} delivered", "basket: {hs} retrieved", "{hs} extracted by basket"],
])
add_by_family("hf_failed", [
    ["{dev} failed", "{hs} wouldn't come w/ {dev}", "{dev} x{n} - unsuccessful", "couldn't extract w/ {dev}"],
    ["{dev} no good", "unable to move {hs} w/ {dev}", "{dev} tried, failed", "failed {dev}"],
    ["{dev} unsuccessful", "{dev} couldn't shift {hs}", "{dev} attempted x{n}, no luck", "no extraction w/ {dev}"],
    ["{dev} - no success", "{dev} tried but {hs} too big", "{hs} not delivered w/ {dev}", "{dev} x{n}: failed"],
    ["attempted {dev}, failed", "{dev} didn't work", "{hs} resisted {dev}", "{dev} couldn't get {hs}"],
    ["{dev} ineffective", "unsuccessful {dev} x{n}", "{dev}: {hs} stuck", "tried {dev} - no"],
    ["{dev} failed to extract", "{dev} attempts futile", "{hs} wouldn't budge w/ {dev}", "{dev} - failed x{n}"],
    ["{dev} unable to clear {hs}", "{dev} tried, no movement", "failed attempt w/ {dev}", "{dev} no joy"],
    ["{dev} gave nothing", "{dev} x{n} unsuccessful", "{hs} couldn't be pulled w/ {dev}", "{dev}: no extraction"],
    ["{dev} failed x{n}", "{dev} could not engage {hs}", "{dev} attempt - failed", "unsuccessful w/ {dev}"],
])
add_by_family("hf_litho", [
    ["{hs} broken w/ {litho}", "{litho} -> frags", "{litho} to {hs}", "{hs} fragmented ({litho})"],
    ["{litho} of {hs}", "{hs} crushed/fragmented w/ {litho}", "{litho}: {hs} in pieces", "{hs} -> {litho} -> frags"],
    ["{hs} smashed w/ {litho}", "{litho} done, {hs} fragmented", "{litho} x1 -> {hs} broken", "fragmented {hs} w/ {litho}"],
    ["{litho} on {hs}", "{hs} broken up ({litho})", "{litho} => frags", "{hs} fragmented by {litho}"],
    ["{litho} used, {hs} in frags", "{hs} - {litho} - broken", "{litho} fragmentation of {hs}", "broke {hs} w/ {litho}"],
    ["{hs} reduced to frags w/ {litho}", "{litho} to {hs}, good frag", "{litho}; {hs} broken", "frag'd {hs} w/ {litho}"],
    ["{litho} -> {hs} broken up", "{hs} shattered w/ {litho}", "{litho} applied to {hs}", "{hs} / {litho} / frags"],
    ["{litho} needed for {hs}", "{hs} fragmented w/ {litho}", "{litho}, {hs} in bits", "{litho} broke {hs}"],
    ["{hs} treated w/ {litho}", "{litho} -> {hs} fragmented", "{litho} + frag of {hs}", "{hs} split w/ {litho}"],
    ["{litho} for {hs}", "{hs} broken into frags ({litho})", "{litho}: good fragmentation", "{hs} pulverised w/ {litho}"],
])
add_by_family("hf_litho_failed", [
    ["{litho} - little effect", "{litho} tried, stone too hard"],
    ["{litho} minimal frag", "{litho} barely touched it"],
    ["{litho} partial only", "{litho} ineffective on {hs}"],
    ["{litho} w/ poor fragmentation", "{litho} attempted - hard stone"],
    ["{litho} not effective", "{litho} only chipped {hs}"],
    ["{litho} failed to break {hs}", "{litho} - minimal change"],
    ["{litho} unsuccessful", "{litho} did little"],
    ["{litho}: stone barely fragmented", "{litho} tried without much effect"],
    ["{litho} w/o useful frag", "{litho} inadequate"],
    ["{litho} suboptimal", "{litho} - no real fragmentation"],
])
add_by_family("hf_impacted", [
    ["{bsk} impacted -> Soehendra crush, freed", "stuck {bsk}, rescue mech litho"],
    ["{bsk} impacted w/ stone, crushed w/ Soehendra", "basket impaction - lithotriptor rescue"],
    ["impacted {bsk} freed by mech lithotripsy", "{bsk} stuck at papilla -> crushed"],
    ["{bsk} trapped, Soehendra lithotriptor used", "basket impaction, stone crushed to free it"],
    ["{bsk} stuck -> emergency mech litho", "rescue crush of impacted {bsk}"],
    ["{bsk} jammed; Soehendra crushed stone", "impacted basket -> lithotriptor -> free"],
    ["{bsk} impacted, handle cut + crushed", "stuck basket rescued w/ mech litho"],
    ["{bsk} wedged, mechanical lithotripsy to release", "basket jam -> Soehendra crush"],
    ["{bsk} locked on stone -> crush rescue", "impaction of {bsk}, freed w/ lithotriptor"],
    ["{bsk} impacted (needed Soehendra litho)", "trapped basket, crushed out"],
])
add_by_family("hf_cleared", [
    ["duct clear", "clear at end", "{duct} clear on final chol", "complete clearance"],
    ["{duct} clean", "stone-free at end", "clear final films", "clearance complete"],
    ["duct empty at end", "all out", "final chol clean", "{duct} cleared"],
    ["{duct} clear", "no residual", "full clearance", "clean final images"],
    ["duct cleared", "clear final cholangio", "{duct} stone-free", "nil residual"],
    ["all stones out, duct clean", "cleared fully", "{duct} empty", "no stone left"],
    ["clean duct", "complete ductal clearance", "{duct} clean at end", "final films clear"],
    ["clearance achieved", "{duct} free of stone", "duct clear on completion", "nothing left"],
    ["{duct} clean on final chol", "clear duct at end", "fully cleared", "no residual defects"],
    ["duct stone-free", "{duct} completely cleared", "clear end films", "totally cleared"],
])
add_by_family("hf_partial", [
    ["small frag left", "incomplete clearance"],
    ["partial clearance", "residual stone in {duct}"],
    ["not fully cleared", "1 frag remains"],
    ["some stone left", "residual frags"],
    ["incomplete, residual stone", "most out, some left"],
    ["small residual", "partly cleared"],
    ["residual frag in {duct}", "clearance incomplete"],
    ["not completely clear", "a few frags remain"],
    ["residual stone left", "subtotal clearance"],
    ["bits left behind", "partial - residual in {duct}"],
])
add_by_family("hf_remains", [
    ["stone(s) still in", "{duct} not cleared", "failed clearance", "stone remains"],
    ["not cleared", "stone still in {duct}", "nothing out", "unable to clear"],
    ["stones remain in situ", "no clearance", "{duct} still full", "failed to extract"],
    ["stone left", "clearance failed", "nil extracted", "{duct} stones remain"],
    ["no stone out", "stone(s) retained", "still obstructed by stone", "not extracted"],
    ["{duct} still has stone", "unsuccessful clearance", "stone in situ", "nothing retrieved"],
    ["stone not removed", "retained stone", "{duct} not clear", "zero out"],
    ["stones persist", "no success clearing", "stone stays", "{duct} uncleared"],
    ["stone still there", "clearance not achieved", "retained {duct} stone", "none extracted"],
    ["stones unmoved", "{duct} remains full", "no extraction", "unable to remove"],
])
add_by_family("hf_frag_left", [
    ["frags left in {duct}", "nothing retrieved, frags left in situ"],
    ["frags left for later", "fragments all left in duct"],
    ["frags not extracted", "pieces left in situ"],
    ["fragments remain in {duct}", "no retrieval of frags"],
    ["frags left behind", "fragments not removed"],
    ["all frags still in duct", "frags in situ"],
    ["fragments left in place", "pieces not extracted"],
    ["frags left, none out", "{duct} still has frags"],
    ["no frags retrieved", "fragments left behind in {duct}"],
    ["frags stay in for now", "frags not cleared"],
])
add_by_family("hf_not_attempted", [
    ["{hs} left in situ ({reason}), stent only", "no extraction attempt - {reason}", "{hs} not touched, {reason}", "stent only ({reason})"],
    ["{hs} seen, not extracted - {reason}", "no attempt at stones, {reason}", "drainage only, {reason}", "stones left ({reason})"],
    ["{hs} left - {reason}", "extraction deferred ({reason})", "no clearance attempted, {reason}", "stones not addressed - {reason}"],
    ["{hs} bypassed w/ stent ({reason})", "no stone extraction ({reason})", "left stones, {reason}", "stent, no extraction ({reason})"],
    ["{hs} - no attempt ({reason})", "extraction not tried: {reason}", "stones left in, {reason}", "just stented ({reason})"],
    ["{hs} left alone ({reason})", "did not try extraction - {reason}", "no clearance ({reason})", "stones deliberately left, {reason}"],
    ["{hs}, not extracted ({reason})", "decided vs extraction: {reason}", "stone left in situ - {reason}", "stent-only ERCP, {reason}"],
    ["{hs} in situ, not attempted - {reason}", "no attempt to clear ({reason})", "left the stones, {reason}", "stent across, stones left"],
    ["{hs} intentionally left ({reason})", "no extraction today - {reason}", "stones stay, {reason}", "drain only ({reason})"],
    ["{hs} not removed by choice ({reason})", "extraction not attempted, {reason}", "stones untouched - {reason}", "stented + left stones"],
])
add_by_family("hf_none", [
    ["no stones", "no filling defects", "normal chol", "nil stones"],
    ["no stone seen", "clean chol, no stones", "no defects", "stones: none"],
    ["no {duct} stones", "nothing in the duct", "no stone found", "chol normal"],
    ["nil calculi", "no stones/sludge", "empty duct", "no stones identified"],
    ["no stone on chol", "duct free of stones", "no defects on chol", "negative for stones"],
    ["no calculi", "no stones or debris", "clean cholangiogram", "stones absent"],
    ["no choledocholithiasis", "no stone in duct", "chol: no defects", "no sludge/stones"],
    ["stone-free duct (none found)", "no stones found", "zero stones", "no defects seen"],
    ["no stones present", "normal duct", "nothing found", "no filling defect in duct"],
    ["no stones at all", "cholangiogram clean", "duct negative", "no stones on chol today"],
])
add_by_family("hf_sweep_negative", [
    ["bal sweep neg", "sweep x{n} - nothing", "{bal} sweep: nil", "swept, no stones"],
    ["sweep neg", "{bal} trawl x{n} - empty", "negative sweep", "swept x{n} - clean"],
    ["bal sweep negative", "sweeps x{n}, nothing back", "{bal} sweeps clean", "neg balloon trawl"],
    ["sweep: nil", "{bal} x{n} - no stones", "balloon sweep, nothing", "neg sweeps"],
    ["sweeps negative", "{bal} swept - empty", "sweep x{n} nil", "trawled, nil retrieved"],
    ["balloon sweep neg x{n}", "swept, nothing out", "{bal} sweep - no stone", "sweep clean"],
    ["bal x{n}, nothing", "negative {bal} sweeps", "swept duct - nil", "sweeps: nothing"],
    ["sweep x{n} empty", "{bal} passes - nothing retrieved", "balloon trawl negative", "swept, clean"],
    ["negative sweep x{n}", "bal swept - no debris", "{bal}: nothing out", "sweeps -> nil"],
    ["sweep nil x{n}", "{bal} sweeps - negative", "balloon'd, nothing", "swept - no stone"],
])
add_by_family("hf_stent", [
    ["{stent} in", "{stent} placed", "stented ({stent})", "+ {stent}"],
    ["{stent} left", "stent in ({stent})", "{stent} inserted", "stent: {stent}"],
    ["{stent} across", "placed {stent}", "{stent} deployed", "stent left ({stent})"],
    ["{stent} in situ", "stent placed - {stent}", "{stent} for drainage", "w/ {stent}"],
    ["{stent} put in", "stented w/ {stent}", "{stent} sited", "new {stent}"],
    ["{stent} placed for drainage", "{stent} left in", "+ stent ({stent})", "{stent} positioned"],
    ["{stent} inserted for drainage", "stenting: {stent}", "{stent} now in", "{stent} left across"],
    ["{stent} in place", "stent ({stent}) in", "{stent} placed across papilla", "then {stent}"],
    ["{stent} deployed across", "drain w/ {stent}", "{stent} - in", "stent -> {stent}"],
    ["{stent} sited for drainage", "{stent} left in situ", "placed a {stent}", "& {stent}"],
])
add_by_family("hf_dilation", [
    ["EPLBD to {dil}", "CRE dilation of papilla {dil}", "papillary bal dilation {dil}", "sphincteroplasty {dil}"],
    ["EPLBD {dil}", "papilla dilated to {dil} (CRE)", "balloon sphincteroplasty to {dil}", "dilation {dil} CRE"],
    ["large bal dilation {dil}", "sphincteroplasty w/ {dil} balloon", "papillary dilation {dil}", "EPLBD done ({dil})"],
    ["{dil} EPLBD", "dilated papilla {dil}", "CRE {dil} dilation", "sphincteroplasty ({dil})"],
    ["EPLBD x1 to {dil}", "papilla balloon-dilated {dil}", "sphincteroplasty to {dil}", "{dil} papillary dilation"],
    ["dilation balloon {dil} to papilla", "EPLBD {dil} done", "sphincteroplasty - {dil}", "CRE dilation {dil}"],
    ["papillary large bal dilation ({dil})", "EPLBD: {dil}", "sphincteroplasty {dil} CRE", "dilated to {dil}"],
    ["{dil} sphincteroplasty", "EPLBD up to {dil}", "papilla dilated ({dil})", "CRE to {dil} - dilation"],
    ["EPLBD ({dil})", "sphincteroplasty {dil} bal", "dilation of papilla to {dil}", "{dil} CRE dilation"],
    ["bal sphincteroplasty {dil}", "EPLBD {dil} performed", "papillary bal dilatation {dil}", "dilatation to {dil}"],
])
add_by_family("hf_stricture_dil", [
    ["stricture dilated to {dil}", "CRE dilation of stricture {dil}"],
    ["stricture bal dilation {dil}", "{dil} dilation of stricture"],
    ["dilated stricture ({dil})", "stricture CRE {dil} dilation"],
    ["stricture: dilation to {dil}", "anastomotic stricture dilated"],
    ["stricture dilated {dil} CRE", "stenosis dilated to {dil}"],
    ["{dil} bal dilation of stricture", "stricture dilatation {dil}"],
    ["stricture - dilated {dil}", "dilation of stricture w/ {dil} bal"],
    ["CRE {dil} to stricture (dilated)", "dilated the stricture"],
    ["stricture dilation {dil}", "stricture dilated w/ CRE"],
    ["dilatation of stricture to {dil}", "stricture bal-dilated {dil}"],
])
add_by_family("hf_occlusion", [
    ["occlusion chol", "occl cholangio ({bal})", "balloon-occluded chol", "occlusion study done"],
    ["occl chol", "occlusion cholangiogram w/ {bal}", "bal occlusion chol", "occlusion views"],
    ["occlusion cholangio", "{bal} inflated for occl chol", "occluded chol", "occl study"],
    ["balloon occlusion chol", "occlusion chol ({bal})", "occl. cholangiogram", "occlusion films"],
    ["occlusion cholangiogram", "{bal} occlusion study", "occl chol x1", "chol under occlusion"],
    ["occl views", "bal-occluded cholangiogram", "occlusion chol done", "{bal} inflated - occlusion chol"],
    ["occlusion chol w/ bal", "occl cholangio", "occlusion study ({bal})", "balloon inflated for occlusion views"],
    ["occlusion chol obtained", "occl chol ({bal})", "balloon-occlusion study", "occl cholangiogram done"],
    ["occlusion imaging", "{bal}-occluded chol", "occl. chol", "occlusion chol performed"],
    ["occlusion cholangiography", "occl film w/ {bal}", "balloon occlusion views", "occlusion chol taken"],
])
add_by_family("hf_irrigation", [
    ["{hs} flushed out w/ saline"], ["saline irrigation cleared {hs}"], ["{hs} washed out (irrigation)"],
    ["irrigated, {hs} came out"], ["{hs} flushed out"], ["flushing -> {hs} out"], ["{hs} out w/ irrigation alone"],
    ["{hs} irrigated out"], ["saline flush brought out {hs}"], ["{hs} washed into D2"],
])
add_by_family("hf_biopsy", [
    ["Spy of stricture + SpyBites"], ["cholangioscopy: stricture biopsied"], ["SpyGlass + biopsies x4"],
    ["DSOC, bx of stricture"], ["Spy look + bx"], ["cholangioscopy w/ SpyBite bx"], ["SpyGlass inspection, biopsies"],
    ["stricture biopsied under Spy"], ["DSOC bx x3"], ["Spy to stricture, bx taken"],
])
add_by_family("hf_cannul", [
    ["cannulated over balloon cath"], ["access only w/ balloon catheter"], ["balloon cath used to cannulate"],
    ["cannulation via balloon catheter"], ["deep access w/ bal cath"], ["cannulated w/ balloon catheter"],
    ["balloon cath for cannulation"], ["access w/ balloon catheter"], ["cannulation needed bal catheter"],
    ["bal catheter for access"],
])
add_by_family("hf_stone_gone", [
    ["MRCP stone not seen - passed"], ["stone on imaging gone"], ["prev seen stone no longer there"], ["MRCP stone passed"],
    ["stone on US not present"], ["imaging stone gone"], ["stone seen on CT has passed"], ["no trace of the MRCP stone"],
    ["stone from MRCP gone"], ["CT stone not there today"],
])
add_by_family("hf_planned", [
    ["re-ERCP 4/52 for {tech}", "{tech} next time"],
    ["for {tech} at repeat ERCP", "{tech} planned"],
    ["back in 6/52 for {tech}", "needs {tech} later"],
    ["repeat ERCP + {tech}", "{tech} to follow"],
    ["book {tech}", "plan {tech} at next ERCP"],
    ["{tech} at 2nd look", "re-scope for {tech}"],
    ["refer for {tech}", "{tech} staged"],
    ["{tech} next session", "list for {tech}"],
    ["will need {tech}", "repeat w/ {tech} in 4-6/52"],
    ["{tech} pending", "return for {tech}"],
])
add_by_family("hf_negated", [
    ["no {tech} needed", "{tech} not req'd"],
    ["{tech} not needed", "didn't need {tech}"],
    ["no {tech} required", "{tech} unnecessary"],
    ["without {tech}", "no need for {tech}"],
    ["{tech} not used", "no {tech}"],
    ["nil {tech}", "{tech} not necessary"],
    ["{tech} - not needed", "no {tech} reqd"],
    ["{tech} not required", "w/o {tech}"],
    ["{tech} avoided", "no call for {tech}"],
    ["{tech}: not needed", "no {tech} used"],
])
add_by_family("hf_historical", [
    ["hx {tech} {year}", "(prev {tech} {year})"],
    ["prior {tech} {year}", "had {tech} in {year}"],
    ["s/p {tech} {year}", "old {tech} ({year})"],
    ["{tech} back in {year}", "previous {tech}, {year}"],
    ["known {tech} {year}", "({tech} {year})"],
    ["h/o {tech} {year}", "{tech} at OSH {year}"],
    ["{tech} previously ({year})", "past {tech} {year}"],
    ["had {tech} {year}", "{tech} {year} elsewhere"],
    ["remote {tech} ({year})", "prev ERCP {year} w/ {tech}"],
    ["{tech} in {year}", "PMHx {tech} {year}"],
])
add_by_family("hf_eswl_hist", [
    ["s/p ESWL yest"], ["ESWL done yesterday"], ["post ESWL (day 1)"], ["had ESWL y/day"], ["ESWL x1 yesterday"],
    ["ESWL last wk"], ["after ESWL yesterday"], ["ESWL preceding day"], ["ESWL session yesterday"], ["h/o ESWL this wk"],
])
add_by_family("hf_eswl_plan", [
    ["for ESWL"], ["ESWL next"], ["refer ESWL"], ["ESWL to follow"], ["book ESWL"], ["plan ESWL"], ["ESWL later"],
    ["needs ESWL"], ["ESWL then re-ERCP"], ["ESWL pending"],
])
# Short notes that are NOT an ERCP report (all labels 0): a past ERCP noted in clinic, a future ERCP planned.
add_by_family("hf_past_open", [
    ["Clinic: s/p ERCP {when} -", "OPD f/u, ERCP {when}:"],
    ["Seen in clinic. ERCP {when}:", "F/u: had ERCP {when},"],
    ["Clinic r/v - ERCP {when}:", "OPD: prev ERCP {when} -"],
    ["Outpt: ERCP was {when};", "Clinic today. ERCP {when} ->"],
    ["Rooms: ERCP {when} -", "Clinic: h/o ERCP {when}:"],
    ["OPD review, ERCP done {when}:", "Tele-clinic: ERCP {when},"],
    ["Clinic: post ERCP ({when}) -", "Reviewed in OPD; ERCP {when}:"],
    ["Clinic: ERCP back {when}:", "F/u clinic, s/p ERCP {when} -"],
    ["OPD: ERCP {when} ->", "Clinic note - ERCP {when}:"],
    ["Clinic: last ERCP {when},", "Outpt f/u; ERCP {when}:"],
])
add_by_family("hf_future", [
    ["ERCP {when} for {hs} in {duct}, ?{tech}", "Listed ERCP {when} ({hs}) - may need {tech}"],
    ["For ERCP {when}: {hs}, poss {tech}", "ERCP {when} planned, {duct} {hs} -> ?{tech}"],
    ["Plan ERCP {when} + {tech} for {hs}", "{hs} on MRCP, ERCP {when}, {tech} on standby"],
    ["ERCP {when} w/ ?{tech} ({hs})", "Booked ERCP {when}; {hs}; likely {tech}"],
    ["To have ERCP {when} - {hs}, ?{tech}", "ERCP {when} for {duct} {hs} (poss {tech})"],
    ["ERCP {when}: {hs}, prob {tech}", "{duct} {hs} -> ERCP {when}, ?{tech}"],
    ["Awaiting ERCP {when} ({hs}) ?{tech}", "ERCP {when}, consented for {tech}"],
    ["ERCP {when} for {hs}; {tech} if needed", "On list {when} for ERCP, {hs}, ?{tech}"],
    ["{hs}: ERCP {when}, {tech} poss", "ERCP {when} - plan {tech} for {hs}"],
    ["ERCP {when} re {hs}, anticipate {tech}", "{hs} -> for ERCP {when} +/- {tech}"],
])
# Label-free lines of hand-off notes (any family).
SHARED["hf_who"] = [
    "Bed 12:", "Bay 4 -", "Mrs K, 78F:", "Mr D (84M) -", "Re 62M on ward 7:", "Sign-out:", "FYI:", "Handover:",
    "Hi, update on bed 3:", "Pt in SAU:", "72F cholangitis -", "Gastro handover:", "Night team FYI -", "Text from endo:",
    "Re: bed 22,", "Evening update:",
]
SHARED["hf_es_new"] = ["ES", "EST", "ES done", "sphincterotomy", "small ES", "EST extended", "ES +", "sphincterotomy done"]
SHARED["hf_es_old"] = ["prior ES", "old ES noted", "previous EST", "ES already", "existing ES"]
SHARED["hf_es_panc"] = ["pancreatic ES", "PES", "pancreatic sphincterotomy"]
SHARED["hf_seen"] = ["{hs} seen", "{hs} in {duct}", "{duct}: {hs}", "{hs} on chol", "chol: {hs}", "{duct} dilated, {hs}"]
SHARED["hf_stent_out"] = ["old stent out", "stent removed", "prev stent pulled", "stent out", "old plastic stent removed"]
SHARED["hf_plan_head"] = ["Plan:", "P:", "Plan -", "->", "Plan", "Pl:", "Next:"]
SHARED["hf_plan"] = [
    "LFTs am", "obs overnight", "NBM 4h then diet", "abx 5d", "home tmrw if LFTs ok", "lap chole next admission",
    "watch for PEP", "restart DOAC 48h", "surg r/v for chole", "d/c tmrw", "amylase if pain", "free fluids tonight",
    "IV abx, cultures sent", "PR indometh given", "stent review 3/12", "hold apixaban 48h", "LFTs + FBC am", "clinic 6/52",
    "call if pain/fever", "r/v on WR",
]
SHARED["hf_now"] = [
    "LFTs nl, asymptomatic", "no pain since, d/c from clinic", "well, anicteric", "LFTs improving", "mild RUQ pain, LFTs ok",
    "doing well", "no cholangitis since", "LFTs normalised", "awaiting lap chole", "stent still in, due exchange",
    "had chole since", "bili 14, ALP 160",
]
SHARED["hf_ward"] = [
    "NBM from MN", "consent done", "hold apixaban", "INR am", "IV abx", "G&S sent", "PR indometh pre-procedure",
    "keep fasted", "anaesthetic r/v req'd", "plts + INR am",
]
SHARED["hf_urs"] = [
    "{side} URS today: {size} stone lasered (holmium) + frags basketed, DJ stent in. Home tmrw",
    "s/p {side} ureteroscopy today - laser litho + basket extraction, stent on string. KUB 4/52",
    "Uro: {side} URS/laser/basket today, stone clear. Stent out 1/52",
    "{side} flexi URS today, holmium laser dusting of {size} renal stone, basketed frags. Stent in",
    "Post URS ({side}): laser lithotripsy + Dormia basket, ureter clear. TWOC am",
    "Ureteroscopy today - {size} {side} VUJ stone, laser + basket, DJ stent. Abx 3d",
    "{side} URS: lasered + basketed {size} stone. Clinic 6/52",
    "Urology FYI: {side} ureteroscopy, holmium laser, frags retrieved w/ basket",
]
SHARED["hf_pci"] = [
    "PCI today: LAD 90% -> 2.5 balloon predil + 3.0x28 DES, TIMI 3. DAPT 12/12",
    "Cath lab: RCA balloon angioplasty + stent, good result. Radial band off at 4h",
    "s/p PCI today - balloon predilation, DES to Cx. Echo am",
    "Angio/PCI today: NC balloon 3.5 post-dil, DES LAD. Ticagrelor + aspirin",
    "Cardiology FYI: POBA + DES to mid LAD today, no complications",
    "PCI (today): cutting balloon to calcified RCA, 2 DES, TIMI 3 flow",
    "{side} SFA balloon angioplasty today, DCB 5mm, good flow. Clopidogrel",
    "Post-PCI: balloon + stent to OM1, radial access. Home tmrw",
]
SHARED["hf_ioc"] = [
    "Lap chole today, IOC via balloon cath - no CBD stones. Home tmrw",
    "s/p lap chole + IOC today: balloon-tipped catheter, free flow, no filling defects",
    "Lap chole today. IOC: small CBD defect -> for ERCP if LFTs rise",
    "Surgery today: lap chole, IOC normal (balloon cholangiocatheter). Diet tonight",
    "Post lap chole + IOC, no stones in CBD. d/c am",
    "Lap chole/IOC today - CBD clear on IOC, balloon cath. Drain out am",
]
SHARED["hf_tail"] = {
    "handoff_urs": ["", "", "Obs stable", "Pain controlled", "Urine clear", "Cr 98", "Urology to review am", "D/c when passing urine"],
    "handoff_pci": ["", "", "Obs stable", "Groin site ok", "Troponin am", "No chest pain since", "Cardiology r/v am", "ECG post"],
    "handoff_ioc": ["", "", "Obs stable", "Pain ok", "LFTs am", "Surgical r/v am", "Eating", "Port sites clean"],
}
SHARED["hf_tech"] = {
    "balloon": ["balloon sweep", "bal sweep", "balloon extraction", "sweeps"],
    "basket": ["basket", "Dormia", "basketing", "basket extraction"],
    "mechanical_lithotripsy": ["BML", "mech litho", "mechanical lithotripsy", "ML"],
    "electrohydraulic_lithotripsy": ["EHL", "Spy-EHL", "DSOC + EHL"],
    "laser_lithotripsy": ["laser", "LL", "holmium laser", "Spy laser"],
    "lithotripsy": ["litho", "lithotripsy"],
}
SHARED["hf_when_past"] = ["6/52 ago", "3/12 ago", "last month", "in March", "2 wks ago", "in 2023", "8 wk ago", "last yr",
                          "in Jan", "4/52 ago"]
SHARED["hf_when_next"] = ["tmrw", "tomorrow", "Fri", "next wk", "on Mon list", "in 2/52", "tmrw am", "Thurs"]
SHARED["hf_reason"] = {
    "goals_of_care": ["GOC", "comfort focus", "ceiling of care"], "anticoagulation": ["on warfarin", "can't stop DOAC", "on DAPT"],
    "frailty": ["frail", "too frail", "poor PS"], "sepsis": ["septic, drain only", "cholangitis - drainage first"],
    "staged": ["staged", "for staged clearance", "Spy next time"], "coagulopathy": ["INR 2.4", "plts 40", "coagulopathic"],
    "generic": ["stone burden", "as planned", "size", "stone size"],
}
