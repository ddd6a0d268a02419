"""The label names, once. Everything else imports them from here."""

TECHNIQUES = (
    "balloon",
    "basket",
    "mechanical_lithotripsy",
    "electrohydraulic_lithotripsy",
    "laser_lithotripsy",
)
LITHOTRIPSY = TECHNIQUES[2:]
STONES = ("removed", "not_removed", "none_found")
# Used only inside the stones classifier for notes that are not ERCP reports;
# the output writes null for it, as the contract and the real labelled notes do.
NOT_ERCP = "not_ercp"
STONE_CLASSES = STONES + (NOT_ERCP,)

ASSERTIONS = ("performed", "negated", "planned", "historical", "attempted_failed", "uncertain")

SECTIONS = (
    "indication",
    "history",
    "procedure",
    "technique",
    "findings",
    "impression",
    "plan",
    "complications",
    "addendum",
    "consent",
    "other",
)

# Labels a pipeline mention can carry: the five techniques, plus what a coder must tell apart.
MENTION_LABELS = TECHNIQUES + (
    "balloon_dilation",
    "occlusion_cholangiogram",
    "balloon_other",
    "laser_other",  # a laser for tissue, not stones: confocal endomicroscopy, photodynamic light, ablation
    "sweep",
    "sphincterotomy",
    "stent_placement",
    "stent_removal",
    "cholangioscopy",
    "eswl",
    "ercp",
    "stone",
    "stone_removed",
    "stone_not_removed",
    "stone_fragmented",
    "stone_absent",
    "lithotripsy",
)

CPT_REMOVAL = "43264"
CPT_DESTRUCTION = "43265"
CPT_SPHINCTEROPLASTY = "43277"
CPT_CHOLANGIOSCOPY = "43273"
CPT_SPHINCTEROTOMY = "43262"
CPT_STENT = "43274"

# Column names of a labelled row (the contract's training format).
ID_COL = "note_id"
TEXT_COL = "text"
LABEL_COLUMNS = TECHNIQUES + ("stones",)
