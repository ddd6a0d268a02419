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
    engine: Annotated[str, typer.Option("--engine", help="local (this machine) or spark (PySpark; "
                                        "writes a Parquet dataset, a directory of parts).")] = "local",
    master: Annotated[str | None, typer.Option("--master", help="Spark master URL for --engine spark, "
                                               "e.g. local[4] or yarn; local[*] when omitted.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
):
    """Tag every note: techniques, stones outcome, evidence, suggested codes, review flags."""
    if engine == "spark":
        if jobs is not None or resume:
            fail("--jobs and --resume are for --engine local; with spark, set the parallelism with "
                 "--master (e.g. local[4]).")
        _tag_spark(input, output, model=model, id_col=id_col, text_col=text_col, max_chars=max_chars,
                   master=master or "local[*]", quiet=quiet)
        return
    if engine != "local":
        fail(f"unknown engine {engine!r}; use local or spark.")
    if master is not None:
        fail("--master is for --engine spark.")
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
    import gc

    gc.freeze()  # the process ends now: spare the collector's last walk over the model at exit


def _tag_spark(input: Path, output: Path, *, model: Path | None, master: str, quiet: bool, **options) -> None:
    """`tag --engine spark`: `ercp_nlp.spark.tag_file` on `master`."""
    import time

    try:
        from .spark import tag_file
    except ImportError:
        fail("--engine spark needs PySpark; install the extra: pip install 'ercp-nlp[spark]'.")
    from .model import ModelError, load_model

    try:
        load_model(model)  # a bad model directory fails here, in one sentence, not in every worker
    except ModelError as exc:
        fail(str(exc))
    start = time.perf_counter()
    try:
        n = tag_file(input, output, master=master, model=None if model is None else model.resolve(), **options)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    if not quiet:
        import pyarrow.parquet as pq

        status = pq.read_table(output, columns=["status"]).column("status").to_pylist()
        typer.echo(f"{output}: {n} rows, {status.count('error')} errors, {time.perf_counter() - start:.1f} s "
                   f"(Spark, {master}; a Parquet dataset)", err=True)


@app.command("train")
def train_cmd(
    labelled: Annotated[list[str], typer.Argument(help="Labelled files or corpus names (train, dev, test, written, retired, gold, holdout).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model directory to write.")],
    kind: Annotated[str, typer.Option("--kind", help="linear, boosting, or auto (compare by CV).")] = "auto",
    dev: Annotated[str | None, typer.Option("--dev", help="Labelled notes to tune the review policy on.")] = None,
    weight: Annotated[list[str] | None, typer.Option(
        "--weight", metavar="LABELLED=K",
        help="Count each note of one of the LABELLED files K times (a whole number), e.g. coders' "
             "corrections exported from `ercp-nlp review`; repeat for several files.")] = None,
    name: Annotated[str, typer.Option("--name")] = "ercp-nlp",
):
    """Train a model on labelled notes and save it with its metadata."""
    import json

    from .train import train

    weights = {}
    for item in weight or []:
        source, _, k = item.rpartition("=")
        if not source or not k.isdigit():
            fail(f"--weight {item!r} is not LABELLED=K; write e.g. --weight reviewed.csv=3.")
        weights[source] = int(k)
    try:
        model = train(labelled, output, kind=kind, dev=dev, name=name, weights=weights)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    typer.echo(json.dumps({"kind": model.meta["kind"], "cv": model.meta["cv"], "policy": model.meta["policy"]}, indent=2))


@app.command("evaluate")
def evaluate_cmd(
    labelled: Annotated[list[str], typer.Argument(help="Labelled files or corpus names.")],
    model: Annotated[Path | None, typer.Option("--model")] = None,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List the errors with evidence.")] = True,
    compare: Annotated[tuple[Path, Path] | None, typer.Option(
        "--compare", metavar="OLD NEW",
        help="Evaluate two model directories on the same notes: metrics side by side, the notes NEW "
             "fixes and breaks, and a verdict whether NEW is better.")] = None,
    require_better: Annotated[bool, typer.Option(
        "--require-better", help="With --compare: exit 1 unless NEW is better (to gate a replacement).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="With --compare: print JSON instead of a table.")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Also write plots (PNG) and an HTML page of them into this folder (needs matplotlib).")] = None,
):
    """Per-label precision/recall/F1, exact match, stones and coding accuracy, auto-accept share.

    With --compare OLD NEW, two models side by side on the same notes, and a verdict.

    NEW is better when it fixes more notes than it breaks and no measure but the auto-accepted share is lower.

    Example: ercp-nlp evaluate gold --compare models/default models/new --require-better
    """
    import json

    from .model import ModelError
    from .train import compare as compare_models
    from .train import evaluate, format_comparison

    if compare is None:
        if require_better or json_out:
            fail("--require-better and --json go with --compare OLD NEW.")
        try:
            metrics = evaluate(labelled, model=model, report=report)
        except (FileNotFoundError, ValueError, ModelError) as exc:
            fail(str(exc))
        except ImportError:
            fail('--report needs matplotlib: pip install "ercp-nlp[report]".')
        if not errors:
            metrics.pop("errors")
        typer.echo(json.dumps(metrics, indent=2))
        return
    if model is not None or report is not None:
        fail("--model and --report do not go with --compare; name both models after --compare.")
    try:
        result = compare_models(compare[0], compare[1], labelled)
    except (FileNotFoundError, ValueError, ModelError) as exc:
        fail(str(exc))
    typer.echo(json.dumps(result, indent=2) if json_out else format_comparison(result))
    if require_better and not result["better"]:
        raise typer.Exit(1)


def _mount_review() -> None:
    from .review.cli import app as review_app

    app.add_typer(review_app, name="review", help="Coder review app: import tagged notes, serve, export decisions. "
                  "`review TAGGED --db review.sqlite` is short for `review serve TAGGED --db review.sqlite`.")


_mount_review()
