"""`ercp-nlp review ...`: serve the review app, export what the coders decided.

The main CLI mounts this Typer app as `review`; `python -m ercp_nlp.review` runs it alone.
Each command is a thin wrapper over the library function of the same name. `serve` is the
default command: `ercp-nlp review tagged.jsonl --db review.sqlite` is
`ercp-nlp review serve tagged.jsonl --db review.sqlite`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from ercp_nlp.labels import ID_COL, TEXT_COL

from .store import ReviewInputError


class ServeByDefault(TyperGroup):
    """A group whose default command is `serve`: arguments that do not start with a command name
    (a TAGGED file, or options such as --db) go to `serve`."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["serve", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=ServeByDefault,
    subcommand_metavar="[TAGGED | COMMAND] [ARGS]...",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Review tagged notes in a local web app and export the coders' labels. "
    "`review TAGGED --db review.sqlite` is short for `review serve TAGGED --db review.sqlite`.",
)

TOKEN_ENV = "ERCP_NLP_REVIEW_TOKEN"


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command("serve")
def serve_cmd(
    tagged: Annotated[
        Path | None,
        typer.Argument(
            help="The JSONL written by `ercp-nlp tag`; leave out to serve an existing --db."
        ),
    ] = None,
    db: Annotated[
        Path, typer.Option("--db", help="The review database (SQLite), created if missing.")
    ] = Path("review.sqlite"),
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="The notes that were tagged (CSV, JSONL or Parquet),"
            " unless TAGGED has a text field.",
        ),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV, show_envvar=True, help="Access token, required off loopback."
        ),
    ] = None,
    id_col: Annotated[str, typer.Option(help="Id column of the notes file.")] = ID_COL,
    text_col: Annotated[str, typer.Option(help="Text column of the notes file.")] = TEXT_COL,
    import_only: Annotated[
        bool, typer.Option("--import-only", help="Import, then exit without serving.")
    ] = False,
) -> None:
    """Import a tag output (and its notes) into the review database, then serve the review app."""
    from .app import is_loopback

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        if not import_only and not is_loopback(host) and not token:
            raise ReviewInputError(
                f"binding to {host} exposes the notes to the network;"
                f" pass --token or set {TOKEN_ENV}."
            )
        if tagged is not None:
            from .store import import_tagged

            summary = import_tagged(tagged, db=db, notes=notes, id_col=id_col, text_col=text_col)
            typer.echo(
                f"imported {summary.total} notes into {db} "
                f"({summary.added} new, {summary.updated} updated, {summary.unchanged} unchanged)",
                err=True,
            )
        elif not db.is_file():
            raise ReviewInputError(
                f"review database {db} does not exist; pass TAGGED to import notes first."
            )
        if import_only:
            return
        from .app import serve

        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
        typer.echo(f"review app on {url} (Ctrl+C stops it)", err=True)
        serve(db=db, host=host, port=port, token=token)
    except ReviewInputError as exc:
        _fail(str(exc))
    except ImportError as exc:
        _fail(
            f"the review app needs {exc.name}; install the extra: pip install 'ercp-nlp[review]'."
        )
    except OSError as exc:
        _fail(f"cannot serve on {host}:{port} ({exc.strerror or exc}); pick another --port.")


@app.command("export")
def export_cmd(
    db: Annotated[Path, typer.Option("--db", help="The review database.")] = Path("review.sqlite"),
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write: .csv, .jsonl or .parquet.")
    ] = Path("labelled.csv"),
) -> None:
    """Write the reviewed notes in the training format (note_id, text, the labels, reviewer)."""
    from .store import export

    try:
        n = export(db=db, output=output)
    except ReviewInputError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {n} reviewed notes to {output}", err=True)


@app.command("demo")
def demo_cmd(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write tagged.jsonl and notes.jsonl into.")
    ],
) -> None:
    """Write a few fictional tagged notes to try the app with (no tagger needed)."""
    from .demo import write_demo

    try:
        tagged, notes = write_demo(folder)
    except OSError as exc:
        _fail(f"cannot write into {folder} ({exc.strerror}); pick a writable folder.")
    typer.echo(
        f"wrote {tagged} and {notes}; now run: python -m ercp_nlp.review {tagged} "
        f"--notes {notes} --db {folder / 'review.sqlite'}",
        err=True,
    )
