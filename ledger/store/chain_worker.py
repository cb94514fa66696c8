"""The chain rule of ``check`` in a second process, while the other rules run here.

Recomputing the chain is Python per record (canonical encoding and hashing) and is most
of ``check``'s time on large books; the other rules are mostly the database's work.
On a machine with two cores the two can run at once: a worker process opens the same
books, reads them in a read transaction of its own and runs ``check_chain``; this
process runs every other rule meanwhile, then takes the worker's result.

The worker's result is used only when it read the same books: it returns the recorded
chain head it saw, and this process compares it with the head it sees in its own
transaction. Every chained write moves that head, so the same head means the same
chained rows. Otherwise (a write committed between the two snapshots, or the worker
failed, or could not start) the chain is recomputed here, as it was before: the result
never depends on whether the worker ran.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ledger import chain as chainmod
from ledger import i18n
from ledger.checks import Problem, guarded
from ledger.store import tables as t

#: Chains of at least this many links are recomputed in a worker process (below it the
#: worker's start, about half a second to import the code, costs more than it saves).
#: ``COOP_CHECK_WORKER=0`` in the environment turns the worker off.
MIN_LINKS = 20_000

Head = tuple[int, bytes] | None


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
    """In the worker: the chain rule over its own read transaction."""
    from ledger.store.checks import check_chain
    from ledger.store.engine import open_engine, read_transaction

    i18n.use(job.lang)
    engine = open_engine(job.target, create=False)
    try:

        def work(conn: Connection) -> _Outcome:
            keep = chainmod.Keep(want=job.want)
            head = recorded_head(conn, job.coop_id)
            problems = guarded("chain", lambda: check_chain(conn, job.coop_id, job.sources, keep))
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


class Worker:
    """The chain rule started in a worker process; ``result`` takes it, or None when this
    process must recompute the chain itself.

    The worker is this Python running this module (``python -m``), given its job on its
    standard input and writing its outcome on its standard output, both pickled: a plain
    child process, reaped here, with no helper process left behind."""

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
        """A worker for books whose chain is long enough, else None."""
        if os.environ.get("COOP_CHECK_WORKER", "1") == "0":
            return None
        if keep is not None and keep.every:  # every link kept: too much to send back
            return None
        target = _target(conn)
        head = recorded_head(conn, coop_id)
        if target is None or head is None or head[0] < MIN_LINKS:
            return None
        job = _Job(
            target,
            coop_id,
            tuple(sources),
            keep.want if keep is not None else frozenset(),
            i18n.current(),
        )
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # a failure is recomputed here, never shown
            )
        except OSError:  # no worker can be started here: the chain is computed in-process
            return None
        worker = cls(proc)
        try:
            assert proc.stdin is not None
            proc.stdin.write(pickle.dumps(job))
            proc.stdin.close()
        except OSError:
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
            assert proc.stdout is not None
            data = proc.stdout.read()
            proc.stdout.close()
            if proc.wait() != 0:
                return None
            outcome = pickle.loads(data)
        except Exception:  # the worker failed or was killed: recompute here
            self.cancel()
            return None
        if not isinstance(outcome, _Outcome) or outcome.head != recorded_head(conn, coop_id):
            return None
        if keep is not None:
            keep.hashes.update(outcome.hashes)
            keep.length = outcome.length
        return outcome.problems

    def cancel(self) -> None:
        """Stop the worker and reap it."""
        self._proc.kill()
        self._proc.wait()


def main() -> int:
    """The worker: a pickled job on standard input, its pickled outcome on standard
    output; exit 1 on any failure (the caller then recomputes the chain itself)."""
    try:
        job = pickle.loads(sys.stdin.buffer.read())
        outcome = _run(job)
        sys.stdout.buffer.write(pickle.dumps(outcome))
        sys.stdout.buffer.flush()
    except Exception:
        return 1
    return 0


if __name__ == "__main__":
    # Run as the module it is imported as, so that what it pickles names that module.
    from ledger.store.chain_worker import main as worker_main

    sys.exit(worker_main())
