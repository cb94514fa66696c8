"""T2 of reliability.md: a backup taken while a writer posts is consistent and restorable."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from ledger.store import tables as lt
from tests.conftest import Coop

WRITER = """
import sys
from cli.main import run
db = sys.argv[1]
for i in range(400):
    run(['--db', db, '--user', 'w', 'voucher', 'add', '--date', '2024-05-01', '--memo',
         f'w{i}', '--dr', '102', '1', '--cr', '501', '1'])
"""


@pytest.mark.slow  # a backup while a process writes (12 s)
def test_t2_backup_while_writing_then_restore(tmp_path: Path) -> None:
    live = Coop(str(tmp_path / "live.db"), "BK", "sqlite").init()
    live.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "seed",
        "--dr",
        "102",
        "5",
        "--cr",
        "501",
        "5",
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, live.db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _count(live.db) < 30 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert writer.poll() is None, "the writer must still be writing during the backup"
    copy = tmp_path / "backup.db"
    r = live.ok("backup", "-o", str(copy), lang="en")
    writer.wait(timeout=300)
    assert copy.stat().st_mode & 0o777 == 0o600
    printed = r.out.split()[2]
    link = int(r.out.split("link ")[1].rstrip(")\n"))
    restored = Coop(str(copy), "BK", "sqlite")
    restored.ok("check")  # the restored copy is sound on its own
    engine = sa.create_engine(f"sqlite:///{copy}")
    with engine.connect() as conn:
        head = conn.execute(sa.select(lt.chain_head.c.hash)).scalar_one()
    engine.dispose()
    assert bytes(head).hex() == printed  # restored chain head = head at backup
    live_conn = sqlite3.connect(live.db)
    live_hash = live_conn.execute("SELECT hash FROM chain WHERE seq = ?", (link,)).fetchone()[0]
    total = live_conn.execute("SELECT COUNT(*) FROM voucher").fetchone()[0]
    live_conn.close()
    assert bytes(live_hash).hex() == printed  # the copy is a prefix of the live chain
    assert total == 401 and 30 <= _count(str(copy)) < 401
    live.ok("check")
    again = live("backup", "-o", str(copy), lang="en")
    assert again.code == 2 and "already exists" in again.err  # trust.md §5: refused, exit 2


def _count(db: str) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM voucher").fetchone()[0])
    finally:
        conn.close()
