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
