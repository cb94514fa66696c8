"""The database itself refuses edits, deletes, truncation and unbalanced vouchers on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import Coop

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_coop(pg_url: str) -> Coop:
    import uuid

    c = Coop(pg_url, "G" + uuid.uuid4().hex[:8].upper(), "pg").init()
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "5",
        "--cr",
        "501",
        "5",
    )
    return c


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE line SET amount = amount * 2",
        "DELETE FROM line",
        "UPDATE voucher SET memo = 'x'",
        "DELETE FROM chain",
        "TRUNCATE line CASCADE",
        "TRUNCATE audit",
    ],
)
def test_append_only(pg_coop: Coop, sql: str) -> None:
    engine = sa.create_engine(pg_coop.db)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()
    pg_coop.ok("check")


def test_unbalanced_voucher_refused_at_commit(pg_coop: Coop) -> None:
    engine = sa.create_engine(pg_coop.db)
    with engine.connect() as conn:
        cid = conn.exec_driver_sql(f"SELECT id FROM book WHERE code = '{pg_coop.code}'").scalar()
    with pytest.raises(sa.exc.DBAPIError, match=r"balance|foreign key"), engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO line VALUES ({cid}, 2024, 7, 1, '2024-01-01', '101', NULL, 5)"
        )
        conn.exec_driver_sql(
            f"INSERT INTO line VALUES ({cid}, 2024, 7, 2, '2024-01-01', '102', NULL, -4)"
        )
    engine.dispose()
    pg_coop.ok("check")


def test_a_line_raced_into_another_transactions_voucher_is_refused(pg_coop: Coop) -> None:
    """The deferred re-check sums a voucher once per transaction (migration 0012), not
    once per line; a line another transaction slipped into the voucher before its header
    was committed (past ``line_sealed``) is still checked in full at its commit."""
    engine = sa.create_engine(pg_coop.db)
    with engine.connect() as conn:
        cid = conn.exec_driver_sql(f"SELECT id FROM book WHERE code = '{pg_coop.code}'").scalar()
    line = "INSERT INTO line VALUES ({cid}, 2024, 90, {n}, '2024-01-01', '{acc}', NULL, {amt})"
    a, b = engine.connect(), engine.connect()
    try:
        ta = a.begin()
        for n, acc, amt in ((1, "102", 5), (2, "501", -5)):
            a.exec_driver_sql(line.format(cid=cid, n=n, acc=acc, amt=amt))
        a.exec_driver_sql(
            f'INSERT INTO voucher (coop_id, year, seq, date, memo, "user", kind, chain_seq) '
            f"VALUES ({cid}, 2024, 90, '2024-01-01', 'm', 'u', 'manual', 900000)"
        )
        tb = b.begin()
        b.exec_driver_sql(line.format(cid=cid, n=3, acc="102", amt=7))  # header not visible
        ta.commit()
        with pytest.raises(sa.exc.DBAPIError, match="balance"):
            tb.commit()
    finally:
        a.close()
        b.close()
        engine.dispose()
    with engine.connect() as conn:
        total = conn.exec_driver_sql(
            f"SELECT SUM(amount), COUNT(*) FROM line WHERE coop_id = {cid} AND year = 2024 "
            "AND seq = 90"
        ).one()
    engine.dispose()
    assert tuple(total) == (0, 2)


def test_a_voucher_of_many_lines_is_checked_once_and_still_refused_unbalanced(
    pg_coop: Coop,
) -> None:
    """Within one transaction: 3,000 lines of one voucher commit at once (one check), and
    the same lines off by one fen are refused."""
    engine = sa.create_engine(pg_coop.db)
    with engine.connect() as conn:
        cid = conn.exec_driver_sql(f"SELECT id FROM book WHERE code = '{pg_coop.code}'").scalar()
    for seq, off in ((91, 0), (92, 1)):
        rows = [(cid, 2024, seq, n, "2024-01-01", "102", None, 1) for n in range(1, 3000)]
        rows.append((cid, 2024, seq, 3000, "2024-01-01", "501", None, -2999 + off))
        header = (
            f'INSERT INTO voucher (coop_id, year, seq, date, memo, "user", kind, chain_seq) '
            f"VALUES ({cid}, 2024, {seq}, '2024-01-01', 'm', 'u', 'manual', {900000 + seq})"
        )
        if off:
            with pytest.raises(sa.exc.DBAPIError, match="balance"), engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO line VALUES (%s,%s,%s,%s,%s,%s,%s,%s)", rows)
                conn.exec_driver_sql(header)
        else:
            with engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO line VALUES (%s,%s,%s,%s,%s,%s,%s,%s)", rows)
                conn.exec_driver_sql(header)
    engine.dispose()


def test_a_large_write_refreshes_the_voucher_statistics_it_outgrows(pg_coop: Coop) -> None:
    """Statistics taken when the books held one voucher made every line's deferred foreign
    key look its voucher up through ``uq_voucher_chain_seq`` (the cooperative, then a
    filter over all its vouchers): an import of 100,000 postings never finished. One unit
    of work that writes more vouchers than the statistics count refreshes them within
    the transaction, so the lookup takes the primary key."""
    import datetime as dt

    from coop.store.uow import UnitOfWork
    from ledger.entries import Line, Voucher
    from ledger.store.books import ANALYZE_AFTER

    engine = sa.create_engine(pg_coop.db)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE voucher")
    engine.dispose()
    lookup = (
        "EXPLAIN SELECT 1 FROM ONLY voucher x WHERE coop_id = {} AND year = 2024 "
        "AND seq = 2 FOR KEY SHARE OF x"
    )

    def write(ctx: object) -> tuple[float, str]:
        books = ctx.books  # type: ignore[attr-defined]
        day = dt.date(2024, 2, 1)
        lines = (Line("102", 100), Line("501", -100))
        books.post([Voucher(day, f"v{i}", lines) for i in range(ANALYZE_AFTER + 200)])
        conn = books.conn
        counted = conn.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'voucher'::regclass"
        ).scalar_one()
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(lookup.format(books.coop_id)))
        return float(counted), plan

    uow = UnitOfWork(pg_coop.db, coop_code=pg_coop.code, user="pg", at="2024-02-01T00:00:00")
    counted, plan = uow.run(write)
    uow.close()
    assert counted >= ANALYZE_AFTER
    assert "voucher_pkey" in plan, plan
    pg_coop.ok("check")
