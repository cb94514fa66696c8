"""The one decorator for how a command prints or writes its data: ``--format``, ``-o`` and
``--force``.

Every command that prints data takes its output options from ``output_options``, so
the choices, the default and the rule that a binary format needs ``-o FILE`` are
spelled once::

    @output_options()                                   # --format table|json|csv
    @output_options(("text", "json"))                   # --format text|json
    @output_options(("table", "json", "pdf"), output="optional", output_help=N_("The PDF file."))
    @output_options(None, output="required")            # -o FILE --force, no --format

The callback receives ``fmt`` (with ``--format``), ``output`` (with ``-o``) and ``force``
(whenever there is ``-o``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar, cast

import click

from cli.app import State
from cli.params import ATTACHMENTS, DATE, YEAR
from coop import periods
from ledger.i18n import N_, tr

F = TypeVar("F", bound=Callable[..., Any])

TABLE_FORMATS = ("table", "json", "csv")
BINARY_FORMATS = frozenset({"pdf", "xlsx"})  # cli.md: binary formats need -o FILE

#: The help of ``--format``, one text for each set of formats a command offers (a help
#: text is one message of the catalog, translated when the help is shown).
FORMAT_HELP = {
    ("table", "json", "csv"): N_("How to print: table, json, csv."),
    ("table", "json"): N_("How to print: table, json."),
    ("text", "json"): N_("How to print: text, json."),
    ("table", "json", "pdf"): N_("How to print: table, json, pdf."),
    ("table", "json", "csv", "pdf"): N_("How to print: table, json, csv, pdf."),
    ("text", "json", "pdf"): N_("How to print: text, json, pdf."),
}


def force_option(f: F) -> F:
    """``--force``: the flag of every command that writes a file."""
    return click.option(
        "--force", is_flag=True, help=N_("Replace the output file(s) if they exist.")
    )(f)


def output_options(
    formats: Sequence[str] | None = TABLE_FORMATS,
    *,
    output: Literal["optional", "required"] | None = None,
    output_help: str | None = None,
    binary_needs_output: bool = True,
) -> Callable[[F], F]:
    """``--format`` with ``formats`` (the first is the default), and with ``output``
    also ``-o FILE`` and ``--force``. With ``binary_needs_output`` (and an optional
    ``-o``), a binary format without ``-o`` is a usage error (exit 2) before the
    command runs; a command that checks it itself, later, passes False. ``output_help``
    is marked by the caller: ``output_help=N_("The PDF file.")``."""
    if formats is not None and tuple(formats) not in FORMAT_HELP:
        raise ValueError(f"no help text for --format {'|'.join(formats)}: add it to FORMAT_HELP")

    def decorate(f: F) -> F:
        command: Callable[..., Any] = f
        if (
            output == "optional"
            and binary_needs_output
            and formats is not None
            and (BINARY_FORMATS & set(formats))
        ):
            command = _needing_output(f)
        if output is not None:
            command = force_option(command)
            command = click.option(
                "-o",
                "output",
                type=click.Path(dir_okay=False),
                required=output == "required",
                help=output_help,
            )(command)
        if formats is not None:
            command = click.option(
                "--format",
                "fmt",
                type=click.Choice(list(formats)),
                default=formats[0],
                help=FORMAT_HELP[tuple(formats)],
            )(command)
        return cast(F, command)  # f, or f checked for -o; with the options attached

    return decorate


def _needing_output(f: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        fmt = kwargs.get("fmt")
        if fmt in BINARY_FORMATS and not kwargs.get("output"):
            raise click.UsageError(tr("--format {fmt} needs -o FILE", fmt=fmt))
        return f(*args, **kwargs)

    return command


def attachments_option(f: F) -> F:
    """``--attachments N``: 附单据张数 of the vouchers the command writes (0–999, default 0;
    cli-additions.md §0). It reaches the books through the command's state."""

    def keep(ctx: click.Context, _param: click.Parameter, value: int | None) -> None:
        state = ctx.find_object(State)  # built by the group, before this option is parsed
        if state is not None and value is not None:
            state.attachments = value

    return click.option(
        "--attachments",
        type=ATTACHMENTS,
        default=None,
        expose_value=False,
        callback=keep,
        help=N_("The number of source documents attached to the voucher (附单据张数, 0–999)."),
    )(f)


def period_options(*, optional: bool = False) -> Callable[[F], F]:
    """``--period``, ``--from``, ``--to`` and ``--year`` (cli-additions.md §0), passed on as
    one ``chosen`` period; exactly one way of saying it (exit 2 otherwise). With
    ``optional``, none at all passes ``chosen=None`` (the command takes the whole books)."""

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def command(
            *args: Any,
            period: str | None = None,
            start: dt.date | None = None,
            end: dt.date | None = None,
            year: int | None = None,
            **kwargs: Any,
        ) -> Any:
            given = any(x is not None for x in (period, start, end, year))
            chosen = periods.choose(period, start, end, year) if given or not optional else None
            return f(*args, chosen=chosen, **kwargs)

        for option in (
            click.option("--year", type=YEAR),
            click.option("--to", "end", type=DATE, help=N_("Last day of the period.")),
            click.option("--from", "start", type=DATE, help=N_("First day of the period.")),
            click.option("--period", help=N_("YYYY, YYYY-MM, YYYY-Qn or YYYY-H1/H2.")),
        ):
            command = option(command)
        return cast(F, command)

    return decorate
