"""``Books.bulk_insert`` (ledger/store/books.py): rows go in INSERTs of many rows each,
cut at ``INSERT_ROWS`` and at the connection's limit on parameters; every row lands once,
in order, whatever the cut, and a guard's refusal of one row refuses the unit of work."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from coop.store.uow import UnitOfWork
from ledger.entries import Line, Voucher
from ledger.store import books
from ledger.store import tables as t
from tests.conftest import Coop


def _voucher(n: int) -> Voucher:
    """One voucher of ``n`` debit lines (1, 2, … fen on 102) and the credit."""
    lines = [Line("102", i) for i in range(1, n + 1)]
    return Voucher(dt.date(2024, 3, 1), "many lines", (*lines, Line("501", -sum(range(n + 1)))))


@pytest.mark.parametrize(("rows", "limit"), [(2, None), (500, None), (1234, None), (47, 40)])
def test_every_row_lands_once_in_order(
    coop: Coop, monkeypatch: pytest.MonkeyPatch, rows: int, limit: int | None
) -> None:
    """2 lines; exactly one INSERT's worth; two full INSERTs and the rest; a limit of 40
    parameters (5 lines of 8 columns a statement), as a SQLite built with a small one."""
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-06-01T00:00:00")
    statements: list[int] = []

    def seen(_c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if sql.startswith("INSERT INTO line "):
            statements.extend(len(p) // 8 for p in (params if many else [params]))

    sa.event.listen(uow.engine, "before_cursor_execute", seen)

    def work(ctx: Any) -> Any:
        if limit is not None:
            monkeypatch.setattr(ctx.books, "_max_parameters", limit)
        ((p, _),) = ctx.books.post([_voucher(rows - 1)])
        return p

    p = uow.run(work)
    per = min(books.INSERT_ROWS, (limit or 10**6) // 8)
    assert statements == [per] * (rows // per) + ([rows % per] if rows % per else [])
    got = uow.read(
        lambda ctx: ctx.conn.execute(
            sa.select(t.line.c.line_no, t.line.c.amount)
            .where(t.line.c.coop_id == ctx.coop_id, t.line.c.year == p.year, t.line.c.seq == p.seq)
            .order_by(t.line.c.line_no)
        ).all()
    )
    assert [tuple(r) for r in got] == [
        (i, ln.amount) for i, ln in enumerate(p.voucher.lines, start=1)
    ]
    coop.ok("check")


def test_a_guard_refusing_one_row_refuses_the_unit_of_work(
    coop: Coop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines for a voucher already posted, the 700th of 1,000 rows (the second INSERT):
    the books' guard refuses it, and nothing of the unit of work is written."""
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-06-01T00:00:00")
    p = uow.run(lambda ctx: ctx.books.post([_voucher(3)])[0][0])
    before = coop.ok("voucher", "list", "--format", "json").out

    def work(ctx: Any) -> None:
        ctx.books.post([_voucher(20)])
        rows = [
            dict(coop_id=ctx.coop_id, year=2024, seq=900_000 + i, line_no=1,
                 date="2024-03-01", account="102", member=None, amount=1)
            for i in range(1000)
        ]  # fmt: skip
        rows[699].update(seq=p.seq, line_no=99)
        ctx.books.bulk_insert(t.line, rows)

    with pytest.raises(Exception, match="already posted"):
        uow.run(work)
    assert coop.ok("voucher", "list", "--format", "json").out == before
