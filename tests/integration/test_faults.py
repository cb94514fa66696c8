"""F1 and F2 of reliability.md on SQLite: a killed import and a read-only database."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Coop
from tests.helpers import snapshot


def write_vouchers(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("ref,date,memo,account,member_no,debit,credit\n")
        for i in range(n):
            f.write(f"R{i},2024-03-01,v{i},102,,{i % 97 + 1}.05,\n"
                    f"R{i},2024-03-01,v{i},501,,,{i % 97 + 1}.05\n")


def head(c: Coop) -> str:
    return str(snapshot(c.db, c.code)["head"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_f1_kill_during_import_then_resume(tmp_path: Path, seed: int) -> None:
    csv_file = tmp_path / "big.csv"
    write_vouchers(csv_file, 20_000)
    reference = Coop(str(tmp_path / "ref.db"), "F1", "sqlite").init()
    reference.ok("voucher", "import", str(csv_file))

    victim = Coop(str(tmp_path / "victim.db"), "F1", "sqlite").init()
    before = head(victim)
    env = {**os.environ, "COOP_USER": "tester"}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "--db", victim.db, "--coop",
                             "F1", "--user", "tester", "voucher", "import", str(csv_file)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Wait until the write phase has begun (the rollback journal exists), then kill at
    # a random moment inside it: the import parses and validates first, then writes.
    journal = Path(victim.db + "-journal")
    started = time.monotonic()
    while not journal.exists() and proc.poll() is None and time.monotonic() - started < 60:
        time.sleep(0.005)
    time.sleep(random.Random(seed).uniform(0.0, 0.8))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # One file is one transaction: either nothing or everything was committed.
    counted = snapshot(victim.db, victim.code)["voucher"]
    assert counted in (0, 20_000)
    assert (head(victim) == before) == (counted == 0)
    victim.ok("check")
    victim.ok("voucher", "import", str(csv_file))  # resume: the same file again
    assert snapshot(victim.db, victim.code)["voucher"] == 20_000
    assert head(victim) == head(reference)
    victim.ok("check")


def test_f2_read_only_connection_writes_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    c = Coop(str(tmp_path / "ro.db"), "RO", "sqlite").init()
    c.ok("voucher", "add", "--date", "2024-01-01", "--memo", "m", "--dr", "102", "1",
         "--cr", "501", "1")
    before = snapshot(c.db, c.code)
    import sqlite3.dbapi2

    real_connect = sqlite3.dbapi2.connect

    def read_only(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(f"file:{database}?mode=ro", *args, uri=True,  # type: ignore[misc]
                            **{k: v for k, v in kwargs.items() if k != "uri"})
    # A read-only connection stands for a read-only file (root ignores file modes).
    monkeypatch.setattr(sqlite3.dbapi2, "connect", read_only)
    r = c("voucher", "add", "--date", "2024-01-02", "--memo", "m", "--dr", "102", "1",
          "--cr", "501", "1")
    monkeypatch.undo()
    assert r.code == 1 and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "read" in r.err.lower()
    assert snapshot(c.db, c.code) == before
    c.ok("check")
