"""Tokenizer rules for clinical shorthand, added to spaCy's English defaults.

`12mm` -> `12 mm`, `10Fr` -> `10 Fr`, `x3` -> `x 3`, `8x10` -> `8 x 10`, `CBD/CHD` -> `CBD / CHD`,
`stone(s)` -> `stone ( s )`, while `s/p`, `w/`, `w/o`, `h/o` stay whole. The rules live in the
tokenizer itself, so `nlp.to_disk` saves them and a bare `spacy.load` restores them.
"""

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex

EXTRA_INFIXES = (
    r"(?<=[0-9])(?=[A-Za-z])",  # 12mm, 10Fr
    r"(?<=[0-9])[xX×](?=[0-9])",  # 8x10
    r"(?<=[A-Za-z])-(?=[0-9])",  # BML-4Q
    r"(?<=[\w])/(?=[\w])",  # CBD/CHD, 1.0J/10Hz
    r"[()\[\]]",  # stone(s)
    r"(?<=[)\]])(?=[:;,.])",  # (s): and [x]:
    r"(?<=[a-z])\.(?=[A-Z][a-z])",  # placed.Impression (no space after a full stop)
)
EXTRA_PREFIXES = (r"[xX×](?=[0-9])", r"[☐☑☒✓✔✗✘]")

# Shorthand that must stay one token, in the case variants notes use.
SHORTHAND = ("s/p", "w/", "w/o", "h/o", "c/o", "c/w", "d/t", "f/u", "r/o", "n/v", "b/l", "a/w")


def customize_tokenizer(nlp: Language) -> None:
    """Give `nlp` a tokenizer with the clinical rules added to its own.

    The new tokenizer is built in one go: each setter of a tokenizer attribute (prefixes, infixes,
    rules) reloads all ~1,800 special cases, which made start-up slower by a tenth of a second.
    """
    old = nlp.tokenizer
    infixes = list(nlp.Defaults.infixes) + list(EXTRA_INFIXES)
    prefixes = list(EXTRA_PREFIXES) + list(nlp.Defaults.prefixes)
    # Emoticon exceptions such as "):" would swallow the colon of "Indication(s):".
    rules = {k: v for k, v in old.rules.items() if not (":" in k and ("(" in k or ")" in k))}
    for short in SHORTHAND:
        for variant in {short, short.upper(), short.capitalize()}:
            rules[variant] = [{ORTH: variant}]
    nlp.tokenizer = Tokenizer(
        nlp.vocab, rules=rules, prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=old.suffix_search, infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=old.token_match, url_match=old.url_match,
        faster_heuristics=old.faster_heuristics, max_cache_size=old.max_cache_size)
