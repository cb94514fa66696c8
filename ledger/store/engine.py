"""Opening a database: SQLite (a file path) or PostgreSQL (a ``postgresql+psycopg://`` URL).

SQLite connections get ``foreign_keys=ON``, ``synchronous=FULL``,
``busy_timeout=10000``, ``trusted_schema=OFF`` and transactions that begin with
``BEGIN IMMEDIATE`` (a deferred transaction that reads then writes fails with
"database is locked" whatever the timeout). WAL is used only where the SQLite
library has the WAL-reset fix (3.51.3, or the 3.44.6 / 3.50.7 backports);
elsewhere the rollback journal. New files are created mode 0600.

PostgreSQL runs SERIALIZABLE; ``run_transaction`` retries on serialization
failures and deadlocks (SQLSTATE 40001 / 40P01).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ledger.errors import Refused

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000


def sqlite_has_wal_fix(version: tuple[int, ...] | None = None) -> bool:
    """True when this SQLite library is not affected by the WAL-reset corruption bug."""
    v = version or sqlite3.sqlite_version_info
    if v >= (3, 51, 3):
        return True
    if v[:2] == (3, 44) and v >= (3, 44, 6):
        return True
    return v[:2] == (3, 50) and v >= (3, 50, 7)


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql:", "postgresql+", "postgres:"))


def open_engine(target: str, *, create: bool = True) -> Engine:
    """An engine for a file path (SQLite) or a PostgreSQL URL."""
    if is_postgres_url(target):
        url = target.replace("postgres://", "postgresql+psycopg://", 1)
        if url.startswith("postgresql://"):
            url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        return sa.create_engine(url, isolation_level="SERIALIZABLE", pool_pre_ping=False)
    return _sqlite_engine(target, create=create)


def _sqlite_engine(path_text: str, *, create: bool) -> Engine:
    path = Path(path_text)
    if path_text != ":memory:":
        if not path.exists():
            if not create:
                raise Refused(f"no database at {path_text}")
            if not path.parent.exists():
                raise Refused(f"the folder of {path_text} does not exist")
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    engine = sa.create_engine(f"sqlite:///{path_text}", poolclass=sa.pool.NullPool)
    journal = "WAL" if sqlite_has_wal_fix() else "DELETE"

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA trusted_schema = OFF")
        cur.execute(f"PRAGMA journal_mode = {journal}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _retryable(exc: sa.exc.DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    return state in ("40001", "40P01")


def run_transaction(engine: Engine, work: Callable[[Connection], T], *, attempts: int = 12) -> T:
    """Run ``work`` in one transaction; on PostgreSQL retry serialization failures."""
    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                return work(conn)
        except sa.exc.DBAPIError as exc:
            if not _retryable(exc) or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0, 0.02 * (2 ** min(attempt, 6))))
    raise AssertionError("unreachable")


def backup_sqlite(source: str, target: str) -> None:
    """A consistent copy of a live SQLite file with the online backup API (writers may go
    on meanwhile); the copy is created mode 0600 and must not exist yet."""
    if is_postgres_url(source):
        raise Refused("backup copies a SQLite file; for PostgreSQL use pg_dump")
    if not Path(source).exists():
        raise Refused(f"no database at {source}")
    if Path(target).exists():
        raise Refused(f"{target} already exists; a backup never overwrites a file")
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
