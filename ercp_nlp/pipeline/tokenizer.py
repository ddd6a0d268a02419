"""Tokenizer rules for clinical shorthand, added to spaCy's defaults for the language.

`12mm` -> `12 mm`, `10Fr` -> `10 Fr`, `x3` -> `x 3`, `8x10` -> `8 x 10`, `CBD/CHD` -> `CBD / CHD`,
`stone(s)` -> `stone ( s )`, `TECH^EHL^N|` -> `TECH ^ EHL ^ N |`, `sludge/` -> `sludge /`, while `s/p`, `w/`, `w/o`, `h/o`,
`n/a` and arrows (`->`) stay whole.
The rules live in the tokenizer itself, so `nlp.to_disk` saves them and a bare `spacy.load`
restores them.
"""

from collections.abc import Callable

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_INFIXES = (
    r"(?<=[0-9])(?=[A-Za-z])",  # 12mm, 10Fr
    r"(?<=[0-9])[xX×](?=[0-9])",  # 8x10
    r"(?<=[A-Za-z])-(?=[0-9])",  # BML-4Q
    r"(?<=[\w])/(?=[\w])",  # CBD/CHD, 1.0J/10Hz
    r"[()\[\]]",  # stone(s)
    r"(?<=[)\]])(?=[:;,.])",  # (s): and [x]:
    r"(?<=[a-z])\.(?=[A-Z][a-z])",  # placed.Impression (no space after a full stop)
    r"[|^]",  # interface feeds: OBX|3|TX|FND^Findings (a tilde stays: ~~struck out~~)
)
EXTRA_PREFIXES = (r"[xX×](?=[0-9])", r"[☐☑☒✓✔✗✘]")
EXTRA_SUFFIXES = (r"(?<=[A-Za-z]{2})/",)  # "sludge/ sand" (a one-letter "w/" stays whole)

# Shorthand and arrows that must stay one token, in the case variants notes use.
SHORTHAND = ("s/p", "w/", "w/o", "h/o", "c/o", "c/w", "d/t", "f/u", "r/o", "n/v", "b/l", "a/w", "n/a", "->", "-->", "=>")


@registry.tokenizers("ercp.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer for the language, built once with the clinical rules added (the name
    `ercp.Tokenizer.v1` goes into a saved pipeline's config; the `spacy_tokenizers` entry point
    lets a bare `spacy.load` find it)."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        # Emoticon exceptions such as "):" would swallow the colon of "Indication(s):".
        rules = {k: v for k, v in defaults.tokenizer_exceptions.items() if not (":" in k and ("(" in k or ")" in k))}
        for short in SHORTHAND:
            for variant in {short, short.upper(), short.capitalize()}:
                rules[variant] = [{ORTH: variant}]
        return Tokenizer(
            nlp.vocab, rules=rules,
            prefix_search=compile_prefix_regex(list(EXTRA_PREFIXES) + list(defaults.prefixes)).search,
            suffix_search=compile_suffix_regex(list(defaults.suffixes) + list(EXTRA_SUFFIXES)).search,
            infix_finditer=compile_infix_regex(list(defaults.infixes) + list(EXTRA_INFIXES)).finditer,
            token_match=defaults.token_match, url_match=defaults.url_match)

    return make
