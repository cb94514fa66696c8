"""Reading the CSV files users bring: UTF-8 (with or without BOM) or GB18030.

Every problem is one ``BadInput`` naming the file, line and field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from coop.errors import BadInput
from ledger.errors import InvalidInput

T = TypeVar("T")


def read_rows(path: str, required: Sequence[str], optional: Sequence[str] = ()
              ) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header must have the required columns."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})", field="file") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="strict")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise BadInput(f"{path}: is neither UTF-8 nor GB18030 text",
                               field="file") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise BadInput(f"{path}: the file is empty", field="file") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BadInput(f"{path}:1: missing column {missing[0]!r} (expected "
                       f"{','.join(required)})", field=missing[0])
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        raise BadInput(f"{path}:1: unknown column {unknown[0]!r}", field=unknown[0])
    out = []
    for row in reader:
        lineno = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise BadInput(f"{path}:{lineno}: {len(row)} fields but the header has "
                           f"{len(header)}", field="row")
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in
                 enumerate(header)}
        out.append((lineno, cells))
    if not out:
        raise BadInput(f"{path}: has a header but no rows", field="file")
    return out


def field(path: str, lineno: int, name: str, parse: Callable[[str], T], text: str) -> T:
    """Parse one cell; any input error is re-raised naming file, line and field."""
    try:
        return parse(text)
    except InvalidInput as exc:
        raise BadInput(f"{path}:{lineno}: field {name}: {exc.message}", field=name,
                       value=text) from None
