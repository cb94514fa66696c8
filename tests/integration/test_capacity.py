"""The books' capacity (ledger/store/books.py ``_check_capacity``): a batch that would take
the debit side past ``MAX_TOTAL_FEN`` is refused and writes nothing, the unit of work's
own earlier writes counted; the books' side is read once per unit of work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from coop.store.uow import UnitOfWork
from ledger.entries import Line, Voucher
from ledger.errors import Refused
from ledger.store import books
from tests.conftest import Coop


def _coop(tmp_path: Path) -> Coop:
    c = Coop(str(tmp_path / "books.db"), "TC", "sqlite").init()
    c.ok("voucher", "add", "--date", "2024-01-01", "--memo", "v1",
         "--dr", "102", "300", "--cr", "501", "300")  # fmt: skip
    return c


def _vouchers(c: Coop) -> int:
    return len(c.ok("voucher", "list", "--format", "json").json()["vouchers"])  # type: ignore[index]


def test_a_voucher_past_the_capacity_is_refused_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = _coop(tmp_path)
    monkeypatch.setattr(books, "MAX_TOTAL_FEN", 500_00)
    r = c("voucher", "add", "--date", "2024-01-02", "--memo", "v2",
          "--dr", "102", "200.01", "--cr", "501", "200.01")  # fmt: skip
    assert r.code != 0 and "500.00" in r.err and len(r.err.strip().splitlines()) == 1
    assert _vouchers(c) == 1
    c.ok("voucher", "add", "--date", "2024-01-02", "--memo", "v2",
         "--dr", "102", "200", "--cr", "501", "200")  # fmt: skip
    assert _vouchers(c) == 2


def _v(day: int, yuan: int) -> Voucher:
    fen = yuan * 100
    return Voucher(dt.date(2024, 2, day), f"v{day}", (Line("102", fen), Line("501", -fen)))


def test_the_unit_of_works_own_writes_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 on the books, then 150 and 100 in one unit of work: the second batch would make
    550, past a capacity of 500, though the books held 300 when the unit began."""
    c = _coop(tmp_path)
    monkeypatch.setattr(books, "MAX_TOTAL_FEN", 500_00)
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")

    def work(ctx: Any) -> None:
        ctx.books.post([_v(1, 150)])
        ctx.books.post([_v(2, 100)])

    with pytest.raises(Refused):
        uow.run(work)
    assert _vouchers(c) == 1  # the whole unit of work was rolled back
    uow.run(lambda ctx: ctx.books.post([_v(1, 150)]))
    assert _vouchers(c) == 2


def test_the_books_side_is_read_once_per_unit_of_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = _coop(tmp_path)
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")
    sums: list[str] = []

    def seen(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        if "sum(line.amount)" in sql and "line.amount >" in sql:
            sums.append(sql)

    sa.event.listen(uow.engine, "before_cursor_execute", seen)
    uow.run(lambda ctx: [ctx.books.post([_v(d, 10)]) for d in range(1, 6)])
    assert len(sums) == 1
    assert _vouchers(c) == 6
