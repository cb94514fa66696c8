"""Opening a database: SQLite (a file path) or PostgreSQL (a ``postgresql+psycopg://`` URL).

SQLite connections get ``foreign_keys=ON``, ``synchronous=FULL``,
``busy_timeout=30000``, ``trusted_schema=OFF``. Write transactions
(``run_transaction``) begin with ``BEGIN IMMEDIATE`` (a deferred transaction that
reads then writes fails with "database is locked" whatever the timeout); read
transactions (``read_transaction``) begin with a deferred ``BEGIN`` on a
connection set ``query_only``, so a reader never takes the write lock. WAL is
used only where the SQLite library has the WAL-reset fix (3.51.3, or the
3.44.6 / 3.50.7 backports); elsewhere the rollback journal, where a writer's
commit still waits (up to the busy timeout) for open readers to finish. New
files are created mode 0600.

PostgreSQL writers run SERIALIZABLE. Writers of one cooperative first queue on a
session advisory lock (taken before their transaction's snapshot), so they do
not fail each other's serialization; whatever serialization failures and
deadlocks remain (SQLSTATE 40001 / 40P01) are retried with jittered backoff for
up to ``RETRY_SECONDS``, then reported as one ``Busy`` error. Readers run
REPEATABLE READ READ ONLY: one snapshot, no row locks, no part in the
serializable conflict checks that could fail a writer.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ledger.errors import Busy, InvalidInput, Refused
from ledger.i18n import tr
from ledger.store.files import replacing

T = TypeVar("T")

#: How long a SQLite writer waits for the write lock: the same 30 s a PostgreSQL writer
#: retries for (at 10 s, eight busy writers on two loaded cores could starve one).
BUSY_TIMEOUT_MS = 30_000
#: How long a PostgreSQL writer retries serialization failures (and waits for the
#: cooperative's writer lock) before it gives up with one line.
RETRY_SECONDS = 30.0
#: The execution option that marks a connection's transaction as read-only.
READ_ONLY = "coop_read_only"
#: The first key of the advisory locks writers take ('coop' in ASCII).
_LOCK_SPACE = 0x636F6F70


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


def open_engine(target: str, *, create: bool = True, busy_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for a file path (SQLite) or a PostgreSQL URL. ``busy_ms``: how long a
    SQLite connection waits for a lock (its first statements included) before it fails."""
    if is_postgres_url(target):
        url = postgres_url(target)
        return sa.create_engine(url, isolation_level="SERIALIZABLE", pool_pre_ping=False)
    if "://" in target:
        raise InvalidInput(
            tr(
                "the database {target!r} is neither a SQLite file path nor a postgresql:// URL",
                target=redact(target),
            ),
            field="db",
        )
    return _sqlite_engine(target, create=create, busy_ms=busy_ms)


_HOST_RE = re.compile(r"[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+")
_BAD_ESCAPE_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SECRET_RES = (
    re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):[^@\s]*@"),
    re.compile(r"((?:password|pass|pwd)=)[^&\s]*", re.IGNORECASE),
)


def redact(text: str) -> str:
    """``text`` with any database password replaced by ``***`` (URL or ``password=``)."""
    text = _SECRET_RES[0].sub(r"\1:***@", text)
    return _SECRET_RES[1].sub(r"\1***", text)


def postgres_url(target: str) -> str:
    """The SQLAlchemy URL for a ``postgres[ql][+psycopg]://`` text; a malformed one is
    ``InvalidInput`` naming it without its password."""
    url = target.replace("postgres://", "postgresql+psycopg://", 1)
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    bad = InvalidInput(
        tr(
            "the database URL {target!r} is not valid: use "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE",
            target=redact(target),
        ),
        field="db",
    )
    if _BAD_ESCAPE_RE.search(url):
        raise bad
    try:
        parsed = sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError):
        raise bad from None
    if parsed.drivername != "postgresql+psycopg" or (
        parsed.host is not None and not _HOST_RE.fullmatch(parsed.host)
    ):
        raise bad
    return url


def _sqlite_engine(path_text: str, *, create: bool, busy_ms: int) -> Engine:
    path = Path(path_text)
    if path_text != ":memory:":
        if not path.exists():
            if not create:
                raise Refused(tr("no database at {path}", path=path_text))
            if not path.parent.exists():
                raise Refused(tr("the folder of {path} does not exist", path=path_text))
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    engine = sa.create_engine(f"sqlite:///{path_text}", poolclass=sa.pool.NullPool)
    journal = "WAL" if sqlite_has_wal_fix() else "DELETE"

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA trusted_schema = OFF")
        cur.execute(f"PRAGMA journal_mode = {journal}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("PRAGMA query_only = ON")
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("PRAGMA query_only = OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            _forget_statistics(conn)

    return engine


def _forget_statistics(conn: Connection) -> None:
    """A writer drops planner statistics someone took with ``ANALYZE`` (a SQLite
    browser's "optimize" does). Taken after a land import's one voucher of 100,000 lines,
    they tell SQLite that a voucher's number does not narrow the line table, and the
    guard that sums a voucher's lines as its header is written then reads every line:
    an import of a million postings ran past ten minutes instead of 82 s
    (docs/decisions.md). A lookup of the schema, and of the statistics tables when
    someone made them (they stay, emptied)."""
    tables = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sqlite_stat%'"
    ).scalars()
    stats = [name for name in tables if name in ("sqlite_stat1", "sqlite_stat4")]
    held = [n for n in stats if conn.exec_driver_sql(f"SELECT 1 FROM {n} LIMIT 1").first()]
    if held:
        for name in held:
            conn.exec_driver_sql(f"DELETE FROM {name}")
        conn.exec_driver_sql("ANALYZE sqlite_master")  # the planner reads them again


def _retryable(exc: sa.exc.DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    return state in ("40001", "40P01")


def _lock_timed_out(exc: sa.exc.DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "55P03"


def _busy(seconds: float) -> Busy:
    return Busy(
        tr(
            "the database stayed busy with other writers for {seconds:.0f} s; "
            "nothing was written: try again",
            seconds=seconds,
        )
    )


def lock_key(name: str) -> int:
    """A signed 32-bit advisory-lock key for a cooperative's code."""
    return zlib.crc32(name.encode("utf-8")) - 2**31


@contextmanager
def _writer_lock(conn: Connection, key: str | None, deadline: float) -> Iterator[None]:
    """On PostgreSQL, hold the advisory lock of ``key`` (a cooperative's code) around the
    transaction to come. Taken in its own short transaction, before the writer's
    snapshot: a writer that waited sees what the one before it committed, so writers
    of one cooperative queue instead of failing each other's serialization."""
    if key is None or conn.dialect.name != "postgresql":
        yield
        return
    wait_ms = max(1, int((deadline - time.monotonic()) * 1000))
    with conn.begin():
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
        conn.exec_driver_sql("SELECT pg_advisory_lock(%s, %s)", (_LOCK_SPACE, lock_key(key)))
    try:
        yield
    finally:
        try:
            if conn.in_transaction():
                conn.rollback()
            with conn.begin():
                conn.exec_driver_sql(
                    "SELECT pg_advisory_unlock(%s, %s)", (_LOCK_SPACE, lock_key(key))
                )
        except sa.exc.DBAPIError:
            conn.invalidate()  # a closed session releases its locks


def run_transaction(
    engine: Engine,
    work: Callable[[Connection], T],
    *,
    lock: str | None = None,
    budget: float = RETRY_SECONDS,
) -> T:
    """Run ``work`` in one write transaction. On PostgreSQL: queue on the advisory lock
    of ``lock`` (a cooperative's code) if given, and retry serialization failures and
    deadlocks with jittered exponential backoff for up to ``budget`` seconds (bounded
    by time, not by attempts), then raise ``Busy``."""
    deadline = time.monotonic() + budget
    attempt = 0
    while True:
        try:
            with engine.connect() as conn, _writer_lock(conn, lock, deadline), conn.begin():
                return work(conn)
        except sa.exc.DBAPIError as exc:
            if _lock_timed_out(exc):
                raise _busy(budget) from None
            if not _retryable(exc):
                raise
            attempt += 1
            # full jitter over an exponential window, capped at half a second
            delay = random.uniform(0, min(0.5, 0.005 * 2 ** min(attempt, 10)))
            if time.monotonic() + delay > deadline:
                raise _busy(budget) from None
            time.sleep(delay)


def read_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one read-only transaction and end it before returning: on SQLite
    a deferred ``BEGIN`` with ``query_only`` (never the write lock), on PostgreSQL
    REPEATABLE READ READ ONLY (one snapshot, no row locks). Whatever ``work`` returns
    is rendered by the caller after the transaction has ended."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        conn.execution_options(**{READ_ONLY: True})
        with conn.begin():
            return work(conn)


def is_read_only(conn: Connection) -> bool:
    """True inside ``read_transaction``."""
    return bool(conn.get_execution_options().get(READ_ONLY))


def backup_sqlite(source: str, target: str, *, overwrite: bool = False) -> None:
    """A consistent copy of a live SQLite file with the online backup API (writers may go
    on meanwhile). The copy is written under a temporary name (mode 0600) and renamed into
    place when complete; on failure nothing is left under either name."""
    if is_postgres_url(source):
        raise Refused(tr("backup copies a SQLite file; for PostgreSQL use pg_dump"))
    if not Path(source).exists():
        raise Refused(tr("no database at {path}", path=source))
    if Path(target).exists() and not overwrite:
        raise Refused(
            tr("{target} already exists; a backup never overwrites a file", target=target)
        )
    with replacing(Path(target), overwrite=overwrite) as temp:
        try:
            _copy_sqlite(source, str(temp), target)
        finally:  # the copy's own journal, when the copy failed midway
            for suffix in ("-journal", "-wal", "-shm"):
                Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _copy_sqlite(source: str, temp: str, target: str) -> None:
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
        except sqlite3.Error as exc:  # "database or disk is full", an unreadable source…
            raise Refused(
                tr(
                    "cannot write {target}: {reason}; nothing was written under that name",
                    target=target,
                    reason=exc,
                )
            ) from None
        finally:
            dst.close()
    finally:
        src.close()
