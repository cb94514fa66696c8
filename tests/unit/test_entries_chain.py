"""Vouchers balance on construction; a reversal restores every balance; the chain's encoding."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger import chain as chainmod
from ledger.chain import GENESIS, Streamed, canonical, link, verify
from ledger.entries import Line, Posted, Voucher, reversal
from ledger.errors import Unbalanced

line_st = st.tuples(
    st.sampled_from(["101", "102", "501", "114"]),
    st.integers(1, 10**12),
    st.none() | st.sampled_from(["M1", "M2"]),
)


@given(st.lists(line_st, min_size=1, max_size=6))
def test_voucher_plus_reversal_restores_every_balance(
    specs: list[tuple[str, int, str | None]],
) -> None:
    lines = [Line(a, x, m) for a, x, m in specs]
    lines.append(Line("999", -sum(x for _, x, _ in specs)))
    v = Voucher(dt.date(2024, 5, 1), "m", tuple(lines))
    red = reversal(Posted(2024, 7, v), dt.date(2024, 6, 1), "u")
    assert red.memo == "注销 2024年05月01日 第2024-7号凭证" and red.reversal_of == "2024-7"
    bal: Counter[tuple[str, str | None]] = Counter()
    for ln in (*v.lines, *red.lines):
        bal[(ln.account, ln.member)] += ln.amount
    assert all(x == 0 for x in bal.values())


@pytest.mark.parametrize(
    "lines",
    [
        (Line("102", 5),),
        (Line("102", 5), Line("501", -4)),
        (Line("102", 0), Line("501", 0)),
    ],
)
def test_unbalanced_vouchers_cannot_be_built(lines: tuple[Line, ...]) -> None:
    with pytest.raises(Unbalanced):
        Voucher(dt.date(2024, 1, 1), "m", lines)


def test_canonical_is_unambiguous_and_nfc() -> None:
    assert canonical(["ab", "c"]) != canonical(["a", "bc"])
    assert canonical([1]) != canonical(["1"])
    assert canonical([None]) != canonical([""])
    assert canonical([[1, 2]]) != canonical([1, 2])
    assert canonical(["e\u0301"]) == canonical(["\u00e9"])  # NFC


def _spec_bytes(item: object) -> bytes:
    """docs/chain.md's encoding written out plainly, to pin the fast encoder's bytes."""
    if isinstance(item, bool):
        raise TypeError
    if isinstance(item, str):
        raw = unicodedata.normalize("NFC", item).encode("utf-8")
        return b"s" + len(raw).to_bytes(8, "big") + raw
    if isinstance(item, int):
        raw = str(item).encode("ascii")
        return b"i" + len(raw).to_bytes(8, "big") + raw
    if item is None:
        return b"n" + bytes(8)
    assert isinstance(item, list | tuple)
    return b"l" + len(item).to_bytes(8, "big") + b"".join(_spec_bytes(x) for x in item)


# Past the encoder's prefix tables (256 bytes, 64 items, 32 digits), cheaply drawn.
_long_text = st.tuples(st.integers(250, 300), st.characters()).map(lambda nc: nc[1] * nc[0])
_long_list = st.integers(60, 70).map(lambda n: list(range(n)))
_field = st.recursive(
    st.none()
    | st.integers()
    | st.integers(10**30, 10**40)
    | st.text(max_size=8)
    | _long_text
    | _long_list,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner),
    max_leaves=20,
)


@given(st.lists(_field, max_size=8))
def test_canonical_is_the_specified_encoding(record: list[object]) -> None:
    # Lengths past the prefix tables (256 bytes, 64 items, 32 digits) included.
    assert canonical(record) == _spec_bytes(record)  # type: ignore[arg-type]
    assert canonical(tuple(record)) == _spec_bytes(record)  # type: ignore[arg-type]


def test_canonical_refuses_what_it_cannot_encode() -> None:
    for bad in ([True], [1.5], [[b"x"]], [["a", [2.0]]]):
        with pytest.raises(TypeError):
            canonical(bad)  # type: ignore[arg-type]


@given(st.lists(st.lists(st.integers() | st.text(), max_size=4), min_size=1, max_size=8), st.data())
def test_verify_finds_any_altered_record(
    records: list[list[int | str]], data: st.DataObject
) -> None:
    h, stored = GENESIS, []
    for i, r in enumerate(records, start=1):
        h = link(h, r)
        stored.append((i, h))
    ok, head = verify(
        iter(stored), iter((i, "r", r) for i, r in enumerate(records, 1)), (len(records), h)
    )
    assert ok == [] and head == h
    k = data.draw(st.integers(0, len(records) - 1))
    altered = [list(r) for r in records]
    altered[k] = [*altered[k], "tampered"]
    problems, _ = verify(
        iter(stored), iter((i, "r", r) for i, r in enumerate(altered, 1)), (len(records), h)
    )
    assert problems and problems[0].seq == k + 1


@pytest.mark.parametrize("parts", [1, 3, 4096])
@given(st.lists(st.lists(st.integers() | st.text() | st.none(), max_size=6), max_size=80))
def test_a_streamed_field_links_as_its_list(
    parts: int, items: list[list[int | str | None]]
) -> None:
    """A record whose items are read while it is hashed (check reads a bulk import's
    audit record so) links, and encodes, as the same record with the items in a list,
    and both link as SHA-256 of the previous link and the whole encoding, however often
    the encoded parts are handed to the hash."""
    old = chainmod.STREAMED_PARTS
    chainmod.STREAMED_PARTS = parts
    try:
        whole = ["audit", items]
        hashed_whole = hashlib.sha256(GENESIS + canonical(whole)).digest()
        assert link(GENESIS, whole) == hashed_whole
        streamed = ["audit", Streamed(len(items), iter(items))]
        assert link(GENESIS, streamed) == hashed_whole  # type: ignore[arg-type]
        again = ["audit", Streamed(len(items), iter(items))]
        assert canonical(again) == canonical(whole)  # type: ignore[arg-type]
    finally:
        chainmod.STREAMED_PARTS = old


def test_a_streamed_field_of_another_length_than_it_says_is_refused() -> None:
    with pytest.raises(ValueError, match="of 3 items gave 2"):
        link(GENESIS, ["audit", Streamed(3, iter([[1], [2]]))])
