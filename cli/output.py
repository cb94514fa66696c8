"""Rendering data for the terminal and for scripts: table, json, csv.

JSON money is always a string; CSV is UTF-8 with a BOM (Excel on Chinese
Windows opens it), and a cell that starts with ``= + - @`` is neutralised so a
spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import click
from tabulate import tabulate

from coop.render.cells import safe_cell
from coop.render.i18n import LABELS, header, t
from ledger.entries import Posted
from ledger.i18n import N_, tr, translations

#: Headings of the columns (and key/value rows) that ``coop.render.i18n`` has no ``h.``
#: label for; the English is the field name, as before.
HEADINGS = {
    "account": N_("account"),
    "seq": N_("seq"),
    "hash": N_("hash"),
    "at": N_("at"),
    "command": N_("command"),
    "user": N_("user"),
    "note": N_("note"),
    "phone": N_("phone"),
    "notice_on": N_("notice_on"),
    "member_current": N_("member_current"),
}


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def json_list(write: Callable[[str], object], key: str, items: Iterable[Any]) -> None:
    """``{key: [items]}`` written an item at a time, to the character what ``emit_json``
    prints for it (the listings of any length use it)."""
    json_object(write, {}, [(key, items)])


def json_object(
    write: Callable[[str], object],
    head: dict[str, Any],
    lists: Sequence[tuple[str, Iterable[Any]]],
    tail: dict[str, Any] | None = None,
) -> None:
    """``head``'s keys, then each of ``lists`` as a key and a list, then ``tail``'s keys,
    written an item at a time (each list read only when the one before it is done), to
    the character what ``emit_json`` prints for the whole object."""
    tail = tail or {}
    if not lists:
        write(json.dumps({**head, **tail}, ensure_ascii=False, indent=1) + "\n")
        return
    write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ",\n" if head else "{\n")
    for i, (key, items) in enumerate(lists):
        write(" " + json.dumps(key, ensure_ascii=False) + ": [")
        sep = "\n"
        for item in items:
            write(sep + "  " + _item(item))
            sep = ",\n"
        write("\n ]" if sep != "\n" else "]")
        write(",\n" if i < len(lists) - 1 or tail else "\n")
    if tail:  # its keys and closing brace, indented as the whole object's
        write(json.dumps(tail, ensure_ascii=False, indent=1)[2:])
        write("\n")
    else:
        write("}\n")


#: How ``json.dumps`` writes a scalar value (a str through its C escaper; no ASCII escapes).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: json.encoder.encode_basestring,
    int: int.__repr__,
    bool: lambda b: "true" if b else "false",
    type(None): lambda _: "null",
}


def _item(item: Any) -> str:
    """An item of a listed JSON array as ``json_object`` prints it: ``json.dumps`` with
    ``indent=1``, its lines indented by two more spaces. A flat object (every value a
    string, an integer, a boolean or null: every listing's rows) is written here to the
    character the same, without the pure-Python encoder that ``indent`` otherwise runs,
    which was a third of a 100,000-member plan's time."""
    if type(item) is dict and item:
        parts = []
        for key, value in item.items():
            write = _SCALARS.get(type(value))
            if write is None or type(key) is not str:
                break
            parts.append(f"   {_SCALARS[str](key)}: {write(value)}")
        else:
            return "{\n" + ",\n".join(parts) + "\n  }"
    return json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def csv_rows(
    write: Callable[[str], object],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    bom: bool = True,
) -> None:
    """CSV as ``emit_rows`` prints it, written a row at a time."""
    writer = csv.writer(_Writes(write), lineterminator="\r\n")
    if bom:
        write("\ufeff")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])


class _Writes:
    """A ``write`` function as the file object ``csv.writer`` wants."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self.write = write


@contextlib.contextmanager
def spooled() -> Iterator[Callable[[str], object]]:
    """A ``write`` into a temporary file that is copied to standard output when the
    block ends: a listing is written while its read transaction is open, and printed
    after it ends (the books are not held while a slow reader reads), in flat memory."""
    with tempfile.TemporaryFile("w+b") as f:
        writer = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=False)
        yield writer.write
        writer.flush()
        f.seek(0)
        out = sys.stdout.buffer
        while chunk := f.read(1 << 20):
            out.write(chunk)
        out.flush()
        writer.detach()


def emit_rows(
    fmt: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    json_data: Any,
    *,
    title: str | None = None,
    bom: bool = True,
    labels: dict[str, str] | None = None,
) -> None:
    """JSON as given; CSV with the field names as headers (scripts read them); a table
    for people, its headings (and a first column of field names) in --lang. ``bom``:
    False for a second CSV table printed after a first (one BOM per output); ``labels``:
    a field's heading when the table means something more precise than the field's
    usual label (a member's ``name`` is 姓名, an account's 名称)."""
    if fmt == "json":
        emit_json(json_data)
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([safe_cell(c) for c in row])
        sys.stdout.buffer.write((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
        sys.stdout.flush()
    else:
        lang = _lang()
        if title:
            click.echo(title)
        names = {f"h.{h}" for h in headers}
        if {"h.item", "h.key", "h.field"} & names:  # a key/value table: translate the keys
            rows = [[heading(lang, str(r[0])), *r[1:]] for r in rows]
        click.echo(_tabulate([_cells(r) for r in rows], *table_heads(lang, headers, labels)))


def table_heads(
    lang: str, headers: Sequence[str], labels: dict[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """A table's headings in ``lang`` and its columns' alignments (figures right)."""
    heads = [t(lang, labels[h]) if labels and h in labels else heading(lang, h) for h in headers]
    return heads, [("right" if h in NUMERIC else "left") for h in headers]


def _cells(row: Sequence[Any]) -> list[str]:
    return [("" if c is None else str(c)) for c in row]


def _tabulate(rows: list[list[str]], heads: list[str], align: list[str]) -> str:
    return tabulate(rows, headers=heads, disable_numparse=True, colalign=align)


#: The rows a streamed table measures and prints at a time.
TABLE_CHUNK = 2000


class TableSpool:
    """A table for people of any length, in flat memory, printed to the character as
    ``emit_rows`` prints the rows whole: the rows are kept in a temporary file as they
    come (inside the read transaction), each column's width is measured by tabulate a
    chunk of rows at a time, and the table is printed afterwards a chunk at a time, each
    chunk led by a row as wide as the whole table's columns (and that row left out)."""

    def __init__(self, heads: list[str], align: list[str]) -> None:
        self.heads, self.align = heads, align
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self.widths = [0] * len(heads)
        self.chunk: list[list[str]] = []
        self.count = 0

    def add(self, row: Sequence[Any]) -> None:
        # The books refuse control characters in text; a line break that came from
        # elsewhere prints as a space (tabulate would lay the whole table out anew).
        cells = [c.replace("\r", " ").replace("\n", " ") for c in _cells(row)]
        self.file.write(json.dumps(cells, ensure_ascii=False) + "\n")
        self.chunk.append(cells)
        self.count += 1
        if len(self.chunk) >= TABLE_CHUNK:
            self._measure()

    def _measure(self) -> None:
        if self.chunk:
            dashes = _tabulate(self.chunk, self.heads, self.align).split("\n")[1]
            for i, run in enumerate(dashes.split("  ")):
                self.widths[i] = max(self.widths[i], len(run))
            self.chunk = []

    def emit(self, title: str | None = None) -> None:
        """Print the table (after its title) and let the file go."""
        self._measure()
        if title:
            click.echo(title)
        with self.file:
            if not self.count:
                click.echo(_tabulate([], self.heads, self.align))
                return
            self.file.seek(0)
            wide = ["x" * w for w in self.widths]
            first = True
            while batch := [json.loads(line) for line in itertools.islice(self.file, TABLE_CHUNK)]:
                lines = _tabulate([wide, *batch], self.heads, self.align).split("\n")
                click.echo("\n".join(lines[:2] + lines[3:] if first else lines[3:]))
                first = False


#: Columns of amounts, areas and bases: right-aligned, as accountants read figures.
NUMERIC = frozenset(
    {
        "amount",
        "debit",
        "credit",
        "balance",
        "total",
        "capital",
        "area_mu",
        "rate",
        "patronage_basis",
        "patronage_return",
        "residual_basis",
        "residual_distribution",
        "reserve_share",
        "opening",
        "closing",
        "total_debit",
        "total_credit",
    }
)


def heading(lang: str, field: str) -> str:
    """A column's heading in ``lang``: its ``h.`` label, else one of ``HEADINGS``, else the
    field itself (a heading the caller has translated already, or a key a person types)."""
    if f"h.{field}" in LABELS:
        return header(lang, field)
    return translations(lang).gettext(HEADINGS[field]) if field in HEADINGS else field


def echo_digest(digest: dict[str, Any], lang: str) -> None:
    """The head a printed table rests on, and how to check it (trust.md §1)."""
    from coop.render.document import digest_section

    section = digest_section(digest, lang)
    click.echo()
    for row in section.rows:
        click.echo("  ".join(str(c) for c in row))


def note(message: str) -> None:
    """A message for the person at the terminal: stderr, never mixed into data."""
    click.echo(message, err=True)


def recorded(posted: Posted, created: bool) -> None:
    """Print a new fact's voucher number; say so when its --ref had recorded it already."""
    click.echo(posted.number)
    if not created:
        note(tr("already recorded as {number}; nothing to do", number=posted.number))


def _lang() -> str:
    ctx = click.get_current_context(silent=True)
    state = ctx.find_root().obj if ctx is not None else None
    return str(getattr(state, "lang", "zh"))
