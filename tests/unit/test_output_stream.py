"""The streamed listings print, to the character, what the whole-document printers print."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli.output
from cli.output import TableSpool, csv_rows, emit_rows, json_list, json_object, table_heads

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
    st.text(),
    st.lists(st.dictionaries(st.text(max_size=5), _scalar | st.floats(), max_size=12), max_size=5),
)
def test_flat_items_are_json_dumps_of_the_document(key: str, items: list[dict[str, Any]]) -> None:
    """Flat objects (every listing's rows) are written without ``json.dumps``: the same
    characters, strings escaped alike, a float left to ``json.dumps``."""
    out: list[str] = []
    json_list(out.append, key, iter(items))
    expected = json.dumps({key: items}, ensure_ascii=False, indent=1) + "\n"
    assert "".join(out) == expected


def test_a_flat_item_with_every_kind_of_scalar() -> None:
    item = {"a": 'x\n"y"\\ 中 \u2028 \x7f', "b": -12, "c": True, "d": False, "e": None, "f": 1.5}
    out: list[str] = []
    json_list(out.append, "k", iter([item, {"z": "中"}, {}]))
    assert (
        "".join(out)
        == json.dumps({"k": [item, {"z": "中"}, {}]}, ensure_ascii=False, indent=1) + "\n"
    )


@given(
    st.dictionaries(st.text(max_size=4), _scalar, max_size=4),
    st.dictionaries(st.text(max_size=4), st.lists(_item, max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=4), _scalar | st.lists(_scalar, max_size=2), max_size=3),
)
def test_json_object_is_json_dumps_of_the_document(
    head: dict[str, Any], lists: dict[str, list[dict[str, Any]]], tail: dict[str, Any]
) -> None:
    lists = {k: v for k, v in lists.items() if k not in head}
    tail = {k: v for k, v in tail.items() if k not in head and k not in lists}
    out: list[str] = []
    json_object(out.append, head, [(k, iter(v)) for k, v in lists.items()], tail)
    expected = json.dumps({**head, **lists, **tail}, ensure_ascii=False, indent=1) + "\n"
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


#: Cells as books hold them (no control character): CJK and ASCII, spaces at either end,
#: blanks.
_cell = st.text(st.sampled_from("ab 1,.-借贷平收到保底金"), max_size=6) | st.just("")
_fields = ["month", "memo", "debit", "balance"]


@pytest.mark.parametrize("chunk", [1, 3, 2000])
@given(st.lists(st.lists(_cell, min_size=4, max_size=4), max_size=9), st.booleans())
def test_a_spooled_table_is_emit_rows_table(
    chunk: int, rows: list[list[str]], titled: bool
) -> None:
    """Whatever the chunk size, the streamed table is the whole table, to the character:
    columns as wide as the widest cell of any chunk, headings aligned as tabulate does."""
    title = "102 银行存款" if titled else None
    whole = io.StringIO()
    with contextlib.redirect_stdout(whole):
        emit_rows("table", _fields, rows, None, title=title)
    old = cli.output.TABLE_CHUNK
    cli.output.TABLE_CHUNK = chunk
    try:
        spool = TableSpool(*table_heads("zh", _fields))
        for r in rows:
            spool.add(r)
        streamed = io.StringIO()
        with contextlib.redirect_stdout(streamed):
            spool.emit(title)
    finally:
        cli.output.TABLE_CHUNK = old
    assert streamed.getvalue() == whole.getvalue()


def test_a_line_break_in_a_spooled_cell_prints_as_a_space() -> None:
    spool = TableSpool(*table_heads("en", ["memo"]))
    spool.add(["a\nb"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        spool.emit()
    assert out.getvalue().splitlines()[2] == "a b"
