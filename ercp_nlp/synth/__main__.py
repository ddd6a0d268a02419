"""Command line: ``python -m ercp_nlp.synth --out corpora/synth --n 6000 --seed 20261125``
regenerates the corpus; ``python -m ercp_nlp.synth stats corpora/synth`` prints its count tables."""

from __future__ import annotations

import argparse
import sys

from . import write_corpus
from .stats import stats_markdown


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "stats":
        p = argparse.ArgumentParser(prog="python -m ercp_nlp.synth stats", description="Print count tables as markdown.")
        p.add_argument("folder", help="folder holding train.jsonl, dev.jsonl and test.jsonl")
        a = p.parse_args(argv[1:])
        try:
            sys.stdout.write(stats_markdown(a.folder))
        except FileNotFoundError as e:
            print(f"error: {e.filename} is missing; generate the corpus first.", file=sys.stderr)
            return 1
        return 0
    p = argparse.ArgumentParser(prog="python -m ercp_nlp.synth", description="Generate the synthetic ERCP corpus.")
    p.add_argument("--out", required=True, help="output folder for train/dev/test JSONL")
    p.add_argument("--n", type=int, default=6000, help="number of notes (default 6000)")
    p.add_argument("--seed", type=int, default=20261125, help="random seed (default 20261125)")
    a = p.parse_args(argv)
    counts = write_corpus(a.out, n=a.n, seed=a.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
