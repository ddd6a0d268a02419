"""`python -m ercp_nlp.review ...`: the same commands as `ercp-nlp review ...`."""

from .cli import app

app(prog_name="python -m ercp_nlp.review")
