"""F1 and F2 of reliability.md on SQLite: a killed import and a read-only database."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ledger.store.engine import sqlite_has_wal_fix
from tests.conftest import Coop
from tests.helpers import snapshot


def write_vouchers(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("ref,date,memo,account,member_no,debit,credit\n")
        for i in range(n):
            f.write(
                f"R{i},2024-03-01,v{i},102,,{i % 97 + 1}.05,\n"
                f"R{i},2024-03-01,v{i},501,,,{i % 97 + 1}.05\n"
            )


def head(c: Coop) -> str:
    return str(snapshot(c.db, c.code)["head"])


N = 20_000

# Runs the command line with a pause at a named point of the import's one write
# transaction: "before" = every row written, the commit not yet made; "after" = the
# commit made, the process not yet ended. It touches MARKER there and sleeps, so the
# test kills it exactly at that point.
PAUSED = """
import sys, time
import coop.store.uow as uow
from cli.main import run
point, marker = sys.argv[1], sys.argv[2]
real = uow.run_transaction
def paused(engine, work, **kw):
    def written(conn):
        result = work(conn)
        if point == "before":
            open(marker, "w").close(); time.sleep(120)
        return result
    result = real(engine, written, **kw)
    if point == "after":
        open(marker, "w").close(); time.sleep(120)
    return result
uow.run_transaction = paused
sys.exit(run(sys.argv[3:]))
"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The import file and the chain head of an uninterrupted import of it."""
    folder = tmp_path_factory.mktemp("f1")
    csv_file = folder / "big.csv"
    write_vouchers(csv_file, N)
    reference = Coop(str(folder / "ref.db"), "F1", "sqlite").init()
    reference.ok("voucher", "import", str(csv_file))
    return csv_file, head(reference)


def _argv(db: str, csv_file: Path) -> list[str]:
    return ["--db", db, "--coop", "F1", "--user", "tester", "voucher", "import", str(csv_file)]


def _wait(path: Path, proc: subprocess.Popen[bytes], limit: float = 120) -> None:
    started = time.monotonic()
    while not path.exists():
        assert proc.poll() is None, f"the import ended ({proc.returncode}) before {path.name}"
        assert time.monotonic() - started < limit, f"no {path.name} after {limit} s"
        time.sleep(0.005)


def _resume_and_compare(victim: Coop, csv_file: Path, reference_head: str) -> None:
    victim.ok("check")
    victim.ok("voucher", "import", str(csv_file))  # resume: the same file again
    assert snapshot(victim.db, victim.code)["voucher"] == N
    assert head(victim) == reference_head
    victim.ok("check")


@pytest.mark.slow  # a 20,000-voucher import killed (with its fixture, 30 s)
@pytest.mark.parametrize("point", ["before", "after"])
def test_f1_kill_just_before_or_just_after_the_commit(
    tmp_path: Path, big: tuple[Path, str], point: str
) -> None:
    csv_file, reference_head = big
    victim = Coop(str(tmp_path / "victim.db"), "F1", "sqlite").init()
    before = head(victim)
    marker = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED, point, str(marker), *_argv(victim.db, csv_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(marker, proc)
    journal = Path(victim.db + "-journal")
    # Where the kill lands, seen at kill time: a hot journal means an open write
    # transaction (rollback-journal mode commits by deleting it).
    assert journal.exists() == (point == "before") or sqlite_has_wal_fix()
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    counted = snapshot(victim.db, victim.code)["voucher"]
    if point == "before":
        assert counted == 0 and head(victim) == before  # all rows written, none committed
    else:
        assert counted == N and head(victim) == reference_head  # committed, then killed
    _resume_and_compare(victim, csv_file, reference_head)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_f1_kill_at_a_random_moment_of_the_write_then_resume(
    tmp_path: Path, big: tuple[Path, str], seed: int
) -> None:
    csv_file, reference_head = big
    victim = Coop(str(tmp_path / "victim.db"), "F1", "sqlite").init()
    before = head(victim)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", *_argv(victim.db, csv_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Wait until the write phase has begun (the rollback journal exists), then stop the
    # process at a random moment inside it, see where it is, and kill it there.
    journal = Path(victim.db + "-journal")
    _wait(journal, proc)
    time.sleep(random.Random(seed).uniform(0.0, 0.8))
    proc.send_signal(signal.SIGSTOP)
    alive = proc.poll() is None
    in_write = journal.exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert alive, "the import ended before the kill: the test would prove nothing"
    counted = snapshot(victim.db, victim.code)["voucher"]
    print(
        f"F1 seed {seed}: killed {'inside' if in_write else 'after'} the write, "
        f"{counted} vouchers committed"
    )
    # One file is one transaction: before the commit nothing, after it everything.
    if in_write:
        assert counted == 0 and head(victim) == before
    else:
        assert counted == N and head(victim) == reference_head
    _resume_and_compare(victim, csv_file, reference_head)


def test_f2_read_only_connection_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Coop(str(tmp_path / "ro.db"), "RO", "sqlite").init()
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    before = snapshot(c.db, c.code)
    import sqlite3.dbapi2

    real_connect = sqlite3.dbapi2.connect

    def read_only(database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = real_connect(
            f"file:{database}?mode=ro", *args, **{**kwargs, "uri": True}
        )
        return conn

    # A read-only connection stands for a read-only file (root ignores file modes).
    monkeypatch.setattr(sqlite3.dbapi2, "connect", read_only)
    r = c(
        "voucher",
        "add",
        "--date",
        "2024-01-02",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    monkeypatch.undo()
    assert r.code == 1 and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "read" in r.err.lower()
    assert snapshot(c.db, c.code) == before
    c.ok("check")
