"""trust.md §7: readers never take a write lock.

Read-only commands go through ``UnitOfWork.read``: a deferred ``BEGIN`` with
``query_only`` on SQLite, REPEATABLE READ READ ONLY on PostgreSQL with no
``FOR UPDATE``. While a long read holds its transaction open, a writer and another
reader in other processes get on with their work.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from coop.store.uow import Context, UnitOfWork
from ledger.entries import Line, Voucher
from tests.conftest import Coop
from tests.helpers import snapshot

ADD = [
    "voucher",
    "add",
    "--date",
    "2024-05-02",
    "--memo",
    "during the read",
    "--dr",
    "102",
    "2.00",
    "--cr",
    "501",
    "2.00",
]


def _cli(db: str, code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--db", db, "--coop", code, "--user", "tester", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )


class LongRead:
    """A read transaction held open in a thread until ``release``."""

    def __init__(self, db: str, code: str) -> None:
        self.uow = UnitOfWork(db, coop_code=code, user="tester", at="2024-01-01T00:00:00")
        self.entered, self.released = threading.Event(), threading.Event()
        self.seen: list[list[tuple[str, int]]] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _work(self, c: Context) -> None:
        self.seen.append(c.books.trial_balance())
        self.entered.set()
        self.released.wait(60)
        self.seen.append(c.books.trial_balance())

    def _run(self) -> None:
        try:
            self.uow.read(self._work)
        except BaseException as exc:  # reported by the test
            self.error = exc
            self.entered.set()

    def __enter__(self) -> LongRead:
        self.thread.start()
        assert self.entered.wait(30) and self.error is None, self.error
        return self

    def __exit__(self, *_: object) -> None:
        self.released.set()
        self.thread.join(60)
        self.uow.close()
        assert self.error is None, self.error


def test_a_long_read_on_sqlite_takes_no_write_lock_and_blocks_no_one(tmp_path: Path) -> None:
    c = Coop(str(tmp_path / "r.db"), "R", "sqlite").init()
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1.00",
        "--cr",
        "501",
        "1.00",
    )
    with LongRead(c.db, "R") as read:
        # The reader holds no RESERVED lock: another connection takes the write lock at
        # once (a reader that began with BEGIN IMMEDIATE makes this fail at timeout 0).
        raw = sqlite3.connect(c.db, timeout=0, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("ROLLBACK")
        raw.close()
        writer = _cli(c.db, "R", *ADD)
        reader = _cli(c.db, "R", "report", "trial-balance", "--format", "json")
        # Let both start and get as far as the reader allows, then end the read. In
        # rollback-journal mode the writer's commit waits for the open read (within
        # the busy timeout); with WAL it does not wait at all.
        time.sleep(2.0)
    w_out, w_err = writer.communicate(timeout=60)
    r_out, r_err = reader.communicate(timeout=60)
    assert writer.returncode == 0, w_err
    assert reader.returncode == 0, r_err
    assert w_out.strip() == "2024-2" and "locked" not in w_err + r_err
    assert json.loads(r_out)["total_debit"] in ("1.00", "3.00")  # before or after the add
    # The long read saw one snapshot: the same trial balance at its start and end.
    assert read.seen[0] == read.seen[1] == [("102", 100), ("501", -100)]
    tb: Any = c.ok("report", "trial-balance", "--format", "json").json()
    assert tb["total_debit"] == "3.00"


def test_sqlite_read_transaction_refuses_to_write(tmp_path: Path) -> None:
    c = Coop(str(tmp_path / "q.db"), "Q", "sqlite").init()
    before = snapshot(c.db, "Q")
    uow = UnitOfWork(c.db, coop_code="Q", user="tester", at="2024-01-01T00:00:00")
    v = Voucher(dt.date(2024, 1, 2), "m", (Line("102", 100), Line("501", -100)))
    try:
        with pytest.raises(sa.exc.OperationalError, match="readonly"):
            uow.read(lambda ctx: ctx.books.post([v]))
    finally:
        uow.close()
    assert snapshot(c.db, "Q") == before


@pytest.mark.pg
def test_postgresql_read_is_read_only_without_row_locks(pg_url: str) -> None:
    c = Coop(pg_url, "RP" + os.urandom(3).hex().upper(), "pg").init()
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1.00",
        "--cr",
        "501",
        "1.00",
    )
    uow = UnitOfWork(pg_url, coop_code=c.code, user="tester", at="2024-01-01T00:00:00")
    statements: list[str] = []

    def log(_conn: Any, _cursor: Any, text: str, *_: Any) -> None:
        statements.append(text)

    sa.event.listen(uow.engine, "before_cursor_execute", log)
    try:

        def work(ctx: Context) -> tuple[str, str, bool]:
            ctx.books.head()
            ctx.books.trial_balance()
            ctx.books.list_vouchers(2024)
            ro = ctx.conn.exec_driver_sql("SHOW transaction_read_only").scalar_one()
            iso = ctx.conn.exec_driver_sql("SHOW transaction_isolation").scalar_one()
            return ro, iso, ctx.books.locking

        ro, iso, locking = uow.read(work)
        assert (ro, iso, locking) == ("on", "repeatable read", False)
        assert statements and not any("FOR UPDATE" in s.upper() for s in statements)
        v = Voucher(dt.date(2024, 1, 2), "m", (Line("102", 100), Line("501", -100)))
        with pytest.raises(sa.exc.DBAPIError, match="read-only transaction"):
            uow.read(lambda ctx: ctx.books.post([v]))
    finally:
        uow.close()
    assert len(c.ok("voucher", "list", "--format", "json").json()["vouchers"]) == 1  # type: ignore[index]


@pytest.mark.pg
def test_postgresql_writer_and_reader_finish_while_a_long_read_is_open(pg_url: str) -> None:
    c = Coop(pg_url, "RL" + os.urandom(3).hex().upper(), "pg").init()
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1.00",
        "--cr",
        "501",
        "1.00",
    )
    with LongRead(pg_url, c.code) as read:
        writer = _cli(pg_url, c.code, *ADD)
        reader = _cli(pg_url, c.code, "report", "trial-balance", "--format", "json")
        # Both finish while the read is still open: nothing waits for it.
        w_out, w_err = writer.communicate(timeout=60)
        r_out, r_err = reader.communicate(timeout=60)
        assert not read.released.is_set()
    assert writer.returncode == 0 and w_out.strip() == "2024-2", w_err
    assert reader.returncode == 0, r_err
    assert json.loads(r_out)["total_debit"] in ("1.00", "3.00")  # before or after the add
    assert read.seen[0] == read.seen[1] == [("102", 100), ("501", -100)]
