#!/usr/bin/env bash
# Make benchmarks/.venv-medspacy, the medSpaCy baseline's own virtual environment.
# medSpaCy 1.3.1 pulls spaCy 3.7 and numpy 1.26, older than ercp-nlp's: never install it into the
# project's environment. Usage: bash benchmarks/setup_medspacy.sh [python3.11]   (idempotent)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv-medspacy"
python="${1:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -r "$here/requirements-medspacy.txt"
"$venv/bin/python" -c "import medspacy; print('medspacy', medspacy.__version__, 'in', '$venv')"
