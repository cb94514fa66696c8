"""``views.year_opening_totals`` reads the vouchers first (``OPENING_LINES``: a CROSS JOIN
on SQLite, which keeps no planner statistics): the same sums as the plain join of lines
to vouchers, on either database, and on SQLite without walking every line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from coop.reports import OPENING_KINDS
from coop.store import views
from coop.store.uow import UnitOfWork
from tests.conftest import Coop


def test_the_opening_sums_are_the_plain_joins(coop: Coop, tmp_path: Path) -> None:
    opening = tmp_path / "opening.csv"
    opening.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,8000.00,,,\n201,,,,5000.00,,\n301,M001,,,3000.00,,\n",
        encoding="utf-8",
    )
    coop.ok("member", "add", "M001", "--name", "张三", "--joined-on", "2024-01-01")
    coop.ok("opening", "import", str(opening), "--date", "2024-01-01")
    coop.ok("voucher", "add", "--date", "2024-01-01", "--memo", "当日收款",
            "--dr", "102", "10", "--cr", "502", "10")  # fmt: skip
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-06-01T00:00:00")
    sqls: list[str] = []
    sa.event.listen(uow.engine, "before_cursor_execute", lambda *a: sqls.append(a[2]))
    day = dt.date(2024, 1, 1)

    def both(ctx: Any) -> list[tuple[list[Any], list[Any]]]:
        out = []
        for by in (("account",), ("account", "member")):
            f = views.Lines(kinds=OPENING_KINDS, date_from=day, date_to=day)
            plain = views.line_totals(ctx, by, f)
            ctx.books._sums = {}  # not the remembered sum: read again, the other way
            out.append((views.year_opening_totals(ctx, 2024, OPENING_KINDS, by), plain))
        return out

    for first, plain in uow.read(both):
        assert first == plain and first  # the opening's lines, not the day's other voucher
    sums = uow.read(lambda ctx: views.year_opening_totals(ctx, 2024, OPENING_KINDS))
    assert sums == [("102", 800000), ("201", -500000), ("301", -300000)]
    crossed = [s for s in sqls if "CROSS JOIN" in s]
    assert len(crossed) == (3 if coop.backend == "sqlite" else 0)
