"""Vouchers balance on construction; a reversal restores every balance; the chain's encoding."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.chain import GENESIS, canonical, link, verify
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
