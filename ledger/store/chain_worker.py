"""The chain rule of ``check`` in a second process, while the other rules run here.

Recomputing the chain is Python per record (canonical encoding and hashing) and is most
of ``check``'s time on large books; the other rules are mostly the database's work.
On a machine with two cores the two can run at once: a worker process opens the same
books, reads them in a read transaction of its own and runs ``check_chain``; this
process runs every other rule meanwhile, then takes the worker's result.

The worker's result is used only when it read the same books: it returns the recorded
chain head it saw, and this process compares it with the head it sees in its own
transaction. Every write a command makes moves that head, so the same head means the
same chained rows. Otherwise (a command's write committed between the two snapshots,
the worker failed, could not start, or met any error at all) the chain is recomputed
here, as it was before, and any error is then reported under the chain rule as
``check`` always reports it. (A raw write to the file committed between the two
snapshots moves no head: the two snapshots can then differ, and the next ``check``
sees the write either way.)

The worker never stalls a writer or ``check``: on SQLite without WAL a writer waiting
to commit blocks a new reader, so the worker waits at most ``SNAPSHOT_WAIT_MS`` for its
snapshot and otherwise gives up. It runs isolated (``python -I``) with this process's
module path, so it imports the code this process imports, never a file of the current
folder; and it ends when this process does (it watches its standard input).
"""

from __future__ import annotations

import gc
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ledger import chain as chainmod
from ledger import i18n
from ledger.checks import Problem
from ledger.store import tables as t

#: Chains of at least this many links are recomputed in a worker process (below it the
#: worker's start, about half a second to import the code, costs more than it saves).
#: ``COOP_CHECK_WORKER=0`` (or ``false``, ``no``, ``off``) in the environment turns the
#: worker off.
MIN_LINKS = 20_000

#: How long the worker waits for its SQLite snapshot before giving up (a writer waiting
#: to commit on a rollback journal holds new readers off until this process ends).
SNAPSHOT_WAIT_MS = 200

Head = tuple[int, bytes] | None

_LENGTH = struct.Struct(">Q")


def recorded_head(conn: Connection, coop_id: int) -> Head:
    row = conn.execute(
        sa.select(t.chain_head.c.seq, t.chain_head.c.hash).where(t.chain_head.c.coop_id == coop_id)
    ).first()
    return None if row is None else (row.seq, bytes(row.hash))


@dataclass(frozen=True)
class _Job:
    target: str  # a SQLite path or a PostgreSQL URL (open_engine's argument)
    coop_id: int
    sources: tuple[Any, ...]  # RecordSource functions, pickled by their names
    want: frozenset[int]
    lang: str


@dataclass(frozen=True)
class _Outcome:
    head: Head
    problems: list[Problem]
    hashes: dict[int, bytes]
    length: int


def _run(job: _Job) -> _Outcome:
    """In the worker: the chain rule over its own read transaction. Any error ends the
    worker: this process then recomputes the chain and reports the error itself."""
    from ledger.store.checks import check_chain
    from ledger.store.engine import BUSY_TIMEOUT_MS, open_engine, read_transaction

    i18n.use(job.lang)
    # On SQLite the connection's first statements (its journal mode) and its snapshot
    # (the first read) wait at most SNAPSHOT_WAIT_MS for a lock.
    engine = open_engine(job.target, create=False, busy_ms=SNAPSHOT_WAIT_MS)
    try:

        def work(conn: Connection) -> _Outcome:
            keep = chainmod.Keep(want=job.want)
            head = recorded_head(conn, job.coop_id)
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            problems = check_chain(conn, job.coop_id, job.sources, keep)
            return _Outcome(head, problems, keep.hashes, keep.length)

        return read_transaction(engine, work)
    finally:
        engine.dispose()


def _target(conn: Connection) -> str | None:
    url = conn.engine.url
    if conn.dialect.name == "sqlite":
        path = url.database
        return None if not path or path == ":memory:" else path
    if conn.dialect.name == "postgresql":
        return url.render_as_string(hide_password=False)
    return None


def _wanted() -> bool:
    return os.environ.get("COOP_CHECK_WORKER", "1").strip().lower() not in (
        "0",
        "false",
        "no",
        "off",
    )


#: The worker's program: this process's module path, then the worker's main.
_PROGRAM = (
    "import sys; sys.path[:] = {path!r}; "
    "from ledger.store.chain_worker import main; sys.exit(main())"
)


class Worker:
    """The chain rule started in a worker process; ``result`` takes it, or None when this
    process must recompute the chain itself.

    The worker is this Python, isolated, running ``main`` below: its job comes pickled
    on its standard input, its outcome goes pickled to its standard output. It is a
    plain child process, reaped here, with no helper process left behind."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self._proc = proc

    @classmethod
    def start(
        cls,
        conn: Connection,
        coop_id: int,
        sources: Sequence[Any],
        keep: chainmod.Keep | None,
    ) -> Worker | None:
        """A worker for books whose chain is long enough, else None (never an error:
        without a worker the chain is recomputed here)."""
        if not _wanted() or (keep is not None and keep.every):  # every link: too many
            return None
        target = _target(conn)
        if target is None:
            return None
        try:
            head = recorded_head(conn, coop_id)
            if head is None or head[0] < MIN_LINKS:
                return None
            job = pickle.dumps(
                _Job(
                    target,
                    coop_id,
                    tuple(sources),
                    keep.want if keep is not None else frozenset(),
                    i18n.current(),
                )
            )
            proc = subprocess.Popen(
                [sys.executable, "-I", "-c", _PROGRAM.format(path=list(sys.path))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # a failure is recomputed here, never shown
            )
        except Exception:  # no worker here: the chain is recomputed in-process
            return None
        worker = cls(proc)
        try:
            assert proc.stdin is not None
            # Its standard input stays open while this process wants the worker: the
            # worker ends when it closes (this process ended, or no longer waits).
            proc.stdin.write(_LENGTH.pack(len(job)) + job)
            proc.stdin.flush()
        except Exception:
            worker.cancel()
            return None
        return worker

    def result(
        self, conn: Connection, coop_id: int, keep: chainmod.Keep | None
    ) -> list[Problem] | None:
        """The worker's problems if it read the books this process reads (``keep`` filled
        as ``check_chain`` fills it), else None."""
        proc = self._proc
        try:
            assert proc.stdout is not None and proc.stdin is not None
            data = proc.stdout.read()
            proc.stdin.close()
            if proc.wait() != 0:
                return None
            outcome = pickle.loads(data)
            if not isinstance(outcome, _Outcome) or outcome.head != recorded_head(conn, coop_id):
                return None
        except Exception:  # the worker failed, or this transaction did: recompute here
            self.cancel()
            return None
        if keep is not None:
            keep.hashes.update(outcome.hashes)
            keep.length = outcome.length
        return outcome.problems

    def cancel(self) -> None:
        """Stop the worker and reap it."""
        try:
            self._proc.kill()
        finally:
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    try:
                        pipe.close()
                    except OSError:
                        pass


def _read(fd: int, n: int) -> bytes:
    """Exactly ``n`` bytes of ``fd`` (fewer only at its end)."""
    parts, got = [], 0
    while got < n:
        part = os.read(fd, n - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _watch(fd: int) -> None:
    """End the worker once its standard input closes: the process that started it has
    ended or no longer waits for it (nothing is left holding the books). It reads the
    descriptor itself: a thread blocked in ``sys.stdin`` would hold its lock at exit."""
    try:
        while os.read(fd, 65536):
            pass
    finally:
        os._exit(1)


def main() -> int:
    """The worker: a pickled job on standard input, its pickled outcome on standard
    output; exit 1 on any error (the caller then recomputes the chain itself)."""
    gc.set_threshold(200_000, 30, 30)  # as the command's (cli.main.GC_THRESHOLDS)
    fd = sys.stdin.fileno()
    try:
        (n,) = _LENGTH.unpack(_read(fd, _LENGTH.size))
        job = pickle.loads(_read(fd, n))
        threading.Thread(target=_watch, args=(fd,), daemon=True).start()
        outcome = _run(job)
        sys.stdout.buffer.write(pickle.dumps(outcome))
        sys.stdout.buffer.flush()
    except BaseException:
        return 1
    return 0
