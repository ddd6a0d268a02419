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




@app.command("tag")
def tag_cmd(
    input: Annotated[Path, typer.Argument(help="Notes: .csv, .jsonl or .parquet with an id and a text column.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write rows: .jsonl, .csv or .parquet.")],
    model: Annotated[Path | None, typer.Option("--model", help="Model directory; the bundled default when omitted.")] = None,
    id_col: Annotated[str, typer.Option("--id-col")] = "note_id",
    text_col: Annotated[str, typer.Option("--text-col")] = "text",
    max_chars: Annotated[int, typer.Option("--max-chars", help="Longer notes come back as errors.")] = 200_000,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes; the available cores when omitted.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run into the same output.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
):
    """Tag every note: techniques, stones outcome, evidence, suggested codes, review flags."""
    import logging

    from .io import InputError
    from .model import ModelError
    from .tagging import tag

    if jobs is not None and jobs < 1:
        fail("--jobs must be at least 1.")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.setLevel(logging.ERROR if quiet else logging.WARNING)
    logger = logging.getLogger("ercp_nlp")
    logger.addHandler(handler)
    try:
        summary = tag(input, output, model=model, id_col=id_col, text_col=text_col, max_chars=max_chars,
                      jobs=jobs, resume=resume, progress=not quiet and sys.stderr.isatty())
    except (InputError, ModelError) as exc:
        fail(str(exc))
    finally:
        logger.removeHandler(handler)
    if not quiet:
        typer.echo(f"{output}: {summary.line()}", err=True)


@app.command("train")
def train_cmd(
    labelled: Annotated[list[str], typer.Argument(help="Labelled files or corpus names (train, dev, test, gold).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model directory to write.")],
    kind: Annotated[str, typer.Option("--kind", help="linear, boosting, or auto (compare by CV).")] = "auto",
    dev: Annotated[str | None, typer.Option("--dev", help="Labelled notes to tune the review policy on.")] = None,
    name: Annotated[str, typer.Option("--name")] = "ercp-nlp",
):
    """Train a model on labelled notes and save it with its metadata."""
    import json

    from .train import train

    try:
        model = train(labelled, output, kind=kind, dev=dev, name=name)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    typer.echo(json.dumps({"kind": model.meta["kind"], "cv": model.meta["cv"], "policy": model.meta["policy"]}, indent=2))


@app.command("evaluate")
def evaluate_cmd(
    labelled: Annotated[list[str], typer.Argument(help="Labelled files or corpus names.")],
    model: Annotated[Path | None, typer.Option("--model")] = None,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List the errors with evidence.")] = True,
):
    """Per-label precision/recall/F1, exact match, stones and coding accuracy, auto-accept share."""
    import json

    from .model import ModelError
    from .train import evaluate

    try:
        metrics = evaluate(labelled, model=model)
    except (FileNotFoundError, ValueError, ModelError) as exc:
        fail(str(exc))
    if not errors:
        metrics.pop("errors")
    typer.echo(json.dumps(metrics, indent=2))


def _mount_review() -> None:
    from .review.cli import app as review_app

    app.add_typer(review_app, name="review", help="Coder review app: import tagged notes, serve, export decisions.")


_mount_review()
