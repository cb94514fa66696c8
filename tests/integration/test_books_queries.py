"""Queries of the ledger's store that the checks lean on, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coop import services
from coop.store.uow import UnitOfWork
from ledger.store import checks
from tests.conftest import Coop


def test_existing_numbers_names_only_posted_vouchers(coop: Coop) -> None:
    for day in ("2024-05-02", "2024-05-03"):
        coop.ok("voucher", "add", "--date", day, "--memo", "m", "--dr", "102", "1.00",
                "--cr", "501", "1.00")  # fmt: skip
    asked = ["2024-1", "2024-2", "2024-3", "2023-1", "not-a-number", "2024-01", *[
        f"2024-{n}" for n in range(10, 1000)  # more than one statement's chunk
    ]]  # fmt: skip
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-06-01T00:00:00")
    try:
        found = uow.read(lambda ctx: ctx.books.existing_numbers(asked))
        none = uow.read(lambda ctx: ctx.books.existing_numbers([]))
    finally:
        uow.close()
    assert found == {"2024-1", "2024-2"}
    assert none == set()


def _sqlite_coop(folder: Path) -> Coop:
    """Books in a SQLite file of their own (what these tests look at is SQLite's)."""
    return Coop(str(folder / "books.db"), "TQ", "sqlite").init()


def _plans_of(coop: Coop, work: Callable[[Any], Any], wanted: str) -> list[str]:
    """SQLite's query plan of each statement ``work`` runs whose SQL contains ``wanted``."""
    import sqlalchemy as sa

    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-06-01T00:00:00")
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        if wanted in sql:
            seen.append((sql, params))

    sa.event.listen(uow.engine, "before_cursor_execute", note)
    try:
        uow.read(work)
    finally:
        sa.event.remove(uow.engine, "before_cursor_execute", note)
    plans = []
    try:
        for sql, params in seen:
            with uow.engine.connect() as conn:
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            plans.append("\n".join(r[-1] for r in rows))
    finally:
        uow.close()
    assert plans, f"no statement with {wanted!r}"
    return plans


def test_sqlite_reads_balances_from_the_index_and_dates_in_table_order(tmp_path: Path) -> None:
    """The trial balance is a scan of the covering index alone (no row read per line), and
    check's dates rule reads the lines in table order, finding each voucher by its key:
    the plans that make them fast at a million postings (bench/RESULTS.md)."""
    coop = _sqlite_coop(tmp_path)
    for day in ("2024-05-02", "2024-05-03"):
        coop.ok("voucher", "add", "--date", day, "--memo", "m", "--dr", "102", "1.00",
                "--cr", "501", "1.00")  # fmt: skip
    (tb,) = _plans_of(coop, lambda c: services.trial_balance(c, None), "GROUP BY line.account")
    assert "COVERING INDEX ix_line_account_date_amount" in tb, tb
    (dates,) = _plans_of(coop, lambda c: checks._line_dates(c.conn, c.books.coop_id), "NOT INDEXED")
    assert dates.splitlines()[0] == "SCAN line", dates
    assert "SEARCH voucher USING INDEX" in dates, dates


def test_a_writer_drops_planner_statistics_someone_took(tmp_path: Path) -> None:
    """Statistics taken with ANALYZE (a SQLite browser's "optimize") can make the balance
    guard read every line per voucher: the next write transaction deletes them."""
    coop = _sqlite_coop(tmp_path)
    import sqlite3

    coop.ok("voucher", "add", "--date", "2024-05-02", "--memo", "m", "--dr", "102", "1.00",
            "--cr", "501", "1.00")  # fmt: skip
    raw = sqlite3.connect(coop.db)
    raw.execute("ANALYZE")
    taken = raw.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'line'").fetchone()[0]
    raw.close()
    assert taken > 0
    coop.ok("check")  # a reader leaves them
    raw = sqlite3.connect(coop.db)
    assert raw.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
    raw.close()
    coop.ok("voucher", "add", "--date", "2024-05-03", "--memo", "m", "--dr", "102", "1.00",
            "--cr", "501", "1.00")  # fmt: skip
    raw = sqlite3.connect(coop.db)
    left = raw.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0]
    raw.close()
    assert left == 0
    coop.ok("check")


def test_the_writer_plans_without_the_statistics_it_dropped(tmp_path: Path) -> None:
    """Statistics taken after a land import (one voucher of every parcel's lines) make
    SQLite plan the balance guard's sum of a voucher's lines as a scan of every line. They
    are read when a connection opens: a writer that deleted them but kept what it had
    read would still plan so."""
    coop = _sqlite_coop(tmp_path)
    import sqlite3

    from ledger.store.engine import open_engine

    people = [f"M{i:03d}" for i in range(60)]
    (tmp_path / "m.csv").write_text(
        "member_no,name,joined_on\n" + "".join(f"{m},名,2024-01-01\n" for m in people),
        encoding="utf-8",
    )
    (tmp_path / "p.csv").write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no\n"
        + "".join(f"{m},P{m},1.5,2024-01-01,\n" for m in people),
        encoding="utf-8",
    )
    coop.ok("member", "import", str(tmp_path / "m.csv"))
    coop.ok("land", "import", str(tmp_path / "p.csv"))
    guard = "SELECT COUNT(*), SUM(amount) FROM line WHERE coop_id = 1 AND year = 2024 AND seq = 9"
    raw = sqlite3.connect(coop.db)
    raw.execute("ANALYZE")
    raw.commit()
    stale = " ".join(r[-1] for r in raw.execute("EXPLAIN QUERY PLAN " + guard))
    raw.close()
    assert "SCAN line" in stale, stale
    engine = open_engine(coop.db, create=False)
    try:
        with engine.begin() as conn:  # a write transaction
            plan = " ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + guard))
            conn.rollback()
    finally:
        engine.dispose()
    assert "SEARCH line" in plan, plan
