"""Rendering data for the terminal and for scripts: table, json, csv.

JSON money is always a string; CSV is UTF-8 with a BOM (Excel on Chinese
Windows opens it), and a cell that starts with ``= + - @`` is neutralised so a
spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

import click
from tabulate import tabulate

from coop.render.cells import safe_cell
from ledger.entries import Posted


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def emit_rows(fmt: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
              json_data: Any, *, title: str | None = None) -> None:
    if fmt == "json":
        emit_json(json_data)
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([safe_cell(c) for c in row])
        sys.stdout.buffer.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
        sys.stdout.flush()
    else:
        if title:
            click.echo(title)
        click.echo(tabulate([[("" if c is None else str(c)) for c in r] for r in rows],
                            headers=list(headers), disable_numparse=True,
                            colalign=None))


def note(message: str) -> None:
    """A message for the person at the terminal: stderr, never mixed into data."""
    click.echo(message, err=True)


def recorded(posted: Posted, created: bool) -> None:
    """Print a new fact's voucher number; say so when its --ref had recorded it already."""
    click.echo(posted.number)
    if not created:
        note(f"already recorded as {posted.number}; nothing to do")
