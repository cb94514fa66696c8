"""The streamed listings print, to the character, what the whole-document printers print."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cli.output import csv_rows, emit_rows, json_list

_scalar = st.none() | st.booleans() | st.integers() | st.text()
_item = st.dictionaries(
    st.text(max_size=5),
    st.recursive(_scalar, lambda x: st.lists(x, max_size=3) | st.dictionaries(st.text(), x)),
    max_size=5,
)


@given(st.text(), st.lists(_item, max_size=5))
def test_json_list_is_json_dumps_of_the_document(key: str, items: list[dict[str, Any]]) -> None:
    out: list[str] = []
    json_list(out.append, key, iter(items))
    expected = json.dumps({key: items}, ensure_ascii=False, indent=1) + "\n"
    assert "".join(out) == expected


@given(
    st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=4),
    st.lists(st.lists(st.text() | st.integers(), min_size=4, max_size=4), max_size=5),
    st.booleans(),
)
def test_csv_rows_is_emit_rows_csv(headers: list[str], rows: list[list[Any]], bom: bool) -> None:
    rows = [r[: len(headers)] for r in rows]
    out: list[str] = []
    csv_rows(out.append, headers, iter(rows), bom=bom)
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8")
    with contextlib.redirect_stdout(stdout):
        emit_rows("csv", headers, rows, None, bom=bom)
    assert sys.stdout is not stdout
    assert "".join(out).encode("utf-8") == raw.getvalue()
