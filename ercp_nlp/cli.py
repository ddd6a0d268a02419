"""The `ercp-nlp` command: thin wrappers over library functions of the same name."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Tag ERCP notes with the stone-removal technique documented, with evidence.")


@app.callback()
def main_options() -> None:
    """Tag ERCP notes with the stone-removal technique documented, with evidence."""


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command("explain")
def explain_cmd(
    file: Annotated[Path | None, typer.Argument(help="A text file with one note; stdin when omitted.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
):
    """Show a note's sections and every procedure mention with its assertion, section and rule."""
    import json

    from .explain import explain, format_explanation

    if file is None:
        text = sys.stdin.read()
    else:
        try:
            text = file.read_text(encoding="utf8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {file}: {exc.__class__.__name__}; pass a readable UTF-8 text file.")
    if not text.strip():
        fail("the note is empty; pass a file or stdin with the note's text.")
    result = explain(text)
    typer.echo(json.dumps(result, indent=2) if json_out else format_explanation(result))


def main() -> None:  # pragma: no cover
    app()
