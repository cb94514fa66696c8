"""``check``'s chain rule in a worker process (ledger/store/chain_worker.py): the same
problems, in the same order, as when this process recomputes the chain; and the worker's
result is dropped whenever it read other books than this process reads."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from coop import services
from coop.store.records import SOURCES
from coop.store.uow import UnitOfWork
from ledger.checks import Problem
from ledger.store import chain_worker
from tests.conftest import Coop
from tests.integration.test_tamper import TAMPERS, build, raw


@pytest.fixture
def used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every chain of a link or more goes to the worker; ``used`` records, for each check,
    whether the worker's result was taken (True) or the chain recomputed here (False)."""
    monkeypatch.setattr(chain_worker, "MIN_LINKS", 1)
    monkeypatch.delenv("COOP_CHECK_WORKER", raising=False)
    seen: list[bool] = []
    real = chain_worker.Worker.result

    def result(self: chain_worker.Worker, *args: Any) -> list[Problem] | None:
        got = real(self, *args)
        seen.append(got is not None)
        return got

    monkeypatch.setattr(chain_worker.Worker, "result", result)
    return seen


def _checked(c: Coop, monkeypatch: pytest.MonkeyPatch, worker: bool) -> tuple[int, str]:
    monkeypatch.setenv("COOP_CHECK_WORKER", "1" if worker else "0")
    r = c("check", "--format", "json", lang="en")
    return r.code, r.out


@pytest.mark.parametrize("kind", [None, "amount", "memo", "truncate tail", "name of account"])
def test_the_worker_finds_what_this_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool], kind: str | None
) -> None:
    c = build(tmp_path)
    used.clear()  # build ran a check of its own
    if kind is not None:
        raw(c, *TAMPERS[kind])
    here = _checked(c, monkeypatch, worker=False)
    there = _checked(c, monkeypatch, worker=True)
    assert used == [True], "the worker's result was not taken"
    assert there == here
    assert here[0] == (0 if kind is None else 1)
    if kind is not None:
        assert '"check": "chain"' in here[1]


def test_chinese_problems_come_back_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    c = build(tmp_path)
    used.clear()  # build ran a check of its own
    raw(c, *TAMPERS["memo"])
    monkeypatch.setenv("COOP_CHECK_WORKER", "0")
    here = c("check", lang="zh")
    monkeypatch.setenv("COOP_CHECK_WORKER", "1")
    there = c("check", lang="zh")
    assert used == [True]
    assert there.out == here.out and "凭证" in there.out


def test_another_head_in_the_worker_drops_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    """The worker saw another recorded head than this process sees (here: this process's
    reading of it is changed once the worker has started): its result is dropped, and the
    chain is recomputed here."""
    c = build(tmp_path)
    used.clear()  # build ran a check of its own
    raw(c, *TAMPERS["memo"])
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")
    started = chain_worker.Worker.start

    def start(*args: Any) -> chain_worker.Worker | None:
        worker = started(*args)
        monkeypatch.setattr(chain_worker, "recorded_head", lambda *_: (1, bytes(32)))
        return worker

    def checked() -> list[Problem]:
        return uow.read(lambda ctx: services.check(ctx, False, dt.date(2024, 6, 1)))[0]

    monkeypatch.setenv("COOP_CHECK_WORKER", "0")
    here = checked()
    monkeypatch.setenv("COOP_CHECK_WORKER", "1")
    monkeypatch.setattr(chain_worker.Worker, "start", start)
    assert checked() == here
    assert used == [False], "a result read from other books was taken"
    assert "chain" in [p.check for p in here]


@pytest.mark.pg
def test_a_write_between_the_two_snapshots_is_recomputed_here(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    """On PostgreSQL a writer goes on while ``check`` reads: this process's snapshot is
    taken before a voucher is added, the worker's after it. The heads differ, the worker's
    result is dropped, and the answer is this snapshot's."""
    c = Coop(pg_url, "TW" + uuid.uuid4().hex[:6].upper(), "pg").init()
    c.ok("voucher", "add", "--date", "2024-04-01", "--memo", "v4",
         "--dr", "102", "1", "--cr", "501", "1")  # fmt: skip
    used.clear()
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")
    started = chain_worker.Worker.start
    heads = []

    def start_after_a_write(conn: Any, coop_id: int, *args: Any) -> chain_worker.Worker | None:
        heads.append(chain_worker.recorded_head(conn, coop_id))  # this snapshot begins here
        c.ok("voucher", "add", "--date", "2024-05-01", "--memo", "v5",
             "--dr", "102", "1", "--cr", "501", "1")  # fmt: skip
        return started(conn, coop_id, *args)

    monkeypatch.setattr(chain_worker.Worker, "start", start_after_a_write)

    def checked(ctx: Any) -> list[Problem]:
        problems, _ = services.check(ctx, False, dt.date(2024, 6, 1))
        assert chain_worker.recorded_head(ctx.conn, ctx.coop_id) == heads[0]
        return problems

    assert uow.read(checked) == []
    assert used == [False], "a result read from other books was taken"
    c.ok("check")


def test_the_links_a_witness_holds_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    from ledger import chain as chainmod
    from ledger.store.checks import check_chain

    c = build(tmp_path)
    used.clear()  # build ran a check of its own
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")

    def both(ctx: Any) -> tuple[chainmod.Keep, chainmod.Keep, list[Problem] | None]:
        here = chainmod.Keep(want=frozenset({1, 3}))
        check_chain(ctx.conn, ctx.coop_id, SOURCES, here)
        there = chainmod.Keep(want=frozenset({1, 3}))
        worker = chain_worker.Worker.start(ctx.conn, ctx.coop_id, SOURCES, there)
        assert worker is not None
        return here, there, worker.result(ctx.conn, ctx.coop_id, there)

    here, there, problems = uow.read(both)
    assert problems == [] and used == [True]
    assert set(there.hashes) == {1, 3}
    assert there.hashes == here.hashes and there.length == here.length > 3


def test_a_worker_that_fails_is_recomputed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    c = build(tmp_path)
    raw(c, *TAMPERS["amount"])
    here = _checked(c, monkeypatch, worker=False)
    used.clear()
    monkeypatch.setattr(sys, "executable", "/bin/false")  # exits 1 at once
    assert _checked(c, monkeypatch, worker=True) == here
    assert used == [False]


_WRITER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
try:
    con.execute("BEGIN IMMEDIATE")
    con.execute("CREATE TABLE IF NOT EXISTS scratch(x)")
    con.execute("COMMIT")
    print("committed")
except Exception as e:
    print("failed", e)
"""


def test_a_writer_waiting_to_commit_stalls_neither_the_worker_nor_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    """On SQLite without WAL a writer waiting to commit (for this process's read to end)
    holds new readers off: the worker gives up on its snapshot at once instead of waiting
    for the writer, which waits for this process, which waits for the worker (30 s, and
    the writer's commit refused). The writer commits once ``check`` has ended."""
    import subprocess
    import time

    c = build(tmp_path)
    used.clear()
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")
    started = chain_worker.Worker.start
    writers: list[subprocess.Popen[str]] = []

    def start_beside_a_writer(*args: Any) -> chain_worker.Worker | None:
        worker = started(*args)
        writers.append(
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, c.db], stdout=subprocess.PIPE, text=True
            )
        )
        time.sleep(0.3)  # the writer is waiting to commit
        return worker

    monkeypatch.setattr(chain_worker.Worker, "start", start_beside_a_writer)
    began = time.monotonic()
    problems, _ = uow.read(lambda ctx: services.check(ctx, False, dt.date(2024, 6, 1)))
    took = time.monotonic() - began
    out, _ = writers[0].communicate(timeout=60)
    assert out.strip() == "committed"
    assert problems == []
    assert took < 20, f"check waited {took:.1f} s for its worker"  # stalled: 30 s


@pytest.mark.pg
def test_an_error_that_ends_this_transaction_is_reported_not_raised(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    """A rule whose SQL fails leaves a PostgreSQL transaction unusable: every later rule,
    the chain included, is reported as it was without the worker; ``check`` does not
    raise."""
    from ledger.store import checks

    c = Coop(pg_url, "TE" + uuid.uuid4().hex[:6].upper(), "pg").init()
    used.clear()

    def broken(conn: Any, _cid: int) -> list[Problem]:
        conn.exec_driver_sql("SELECT 1/0").all()
        return []

    monkeypatch.setattr(checks, "_numbering", broken)
    uow = UnitOfWork(c.db, coop_code=c.code, user="tester", at="2024-06-01T00:00:00")

    def checked() -> list[Problem]:
        return uow.read(lambda ctx: services.check(ctx, False, dt.date(2024, 6, 1)))[0]

    monkeypatch.setenv("COOP_CHECK_WORKER", "0")
    here = checked()
    monkeypatch.setenv("COOP_CHECK_WORKER", "1")
    assert checked() == here
    assert used == [False]
    assert {"numbering", "chain"} <= {p.check for p in here}
