"""The unit of work: the only thing that commits. One use case = one transaction.

``UnitOfWork.run(work)`` opens a transaction (``BEGIN IMMEDIATE`` on SQLite,
SERIALIZABLE with retries on PostgreSQL, queued behind the cooperative's other
writers), hands ``work`` a ``Context`` with the cooperative's books, and commits
when ``work`` returns; any exception rolls everything back, so a refused
operation writes nothing. ``UnitOfWork.read(work)`` is the same for commands that
only read: a read-only transaction that takes no write lock and no row lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine

from coop.errors import NotAllowed
from coop.store import schema
from ledger.errors import Corrupt
from ledger.i18n import tr
from ledger.store.books import BookRef, Books, create_book, list_books, orphan_books
from ledger.store.engine import open_engine, read_transaction, run_transaction

T = TypeVar("T")


@dataclass
class Context:
    conn: Connection
    books: Books
    user: str
    at: str
    #: 附单据张数 the command was given for the vouchers it writes (``posting.post``)
    attachments: int = 0

    @property
    def coop_id(self) -> int:
        return self.books.coop_id


class UnitOfWork:
    def __init__(
        self, target: str, *, coop_code: str | None, user: str, at: str, create: bool = False
    ) -> None:
        self.engine: Engine = open_engine(target, create=create)
        schema.upgrade(self.engine)
        self.coop_code = coop_code
        self.user = user
        self.at = at

    def book(self, conn: Connection) -> BookRef:
        books = list_books(conn)
        if self.coop_code is not None:
            for b in books:
                if b.code == self.coop_code:
                    return b
        orphans = orphan_books(conn, [b.id for b in books])
        if orphans:
            raise Corrupt(
                tr(
                    "the database holds the chain of a cooperative (id {id}) "
                    "whose cooperative row is missing: the books were altered",
                    id=orphans[0],
                )
            )
        if self.coop_code is not None:
            raise NotAllowed(
                tr("no cooperative with code {code!r} in this database", code=self.coop_code)
            )
        if not books:
            raise NotAllowed(tr("this database holds no cooperative yet: run 'coop init' first"))
        if len(books) > 1:
            codes = ", ".join(b.code for b in books)
            raise NotAllowed(
                tr(
                    "this database holds several cooperatives ({codes}): choose one with --coop",
                    codes=codes,
                )
            )
        return books[0]

    #: The command line recorded in the audit record of what a unit of work writes.
    command: str | None = None
    #: 附单据张数 given to the command, for the vouchers it writes.
    attachments: int = 0
    #: After a unit of work that appended to the chain committed: (code, seq, hash).
    committed: tuple[str, int, bytes] | None = None
    _moved: tuple[str, int, bytes] | None = None

    def run(self, work: Callable[[Context], T]) -> T:
        def in_tx(conn: Connection) -> T:
            books = Books(conn, self.book(conn), user=self.user, at=self.at)
            books.command = self.command
            ctx = Context(conn, books, self.user, self.at, self.attachments)
            result = work(ctx)
            books.seal()
            start = books.began_at()
            head = books.head() if start is not None else None
            moved = start is not None and head is not None and head[0] != start[0]
            self._moved = (books.book.code, *head) if moved and head else None
            return result

        self._moved = None
        result = run_transaction(self.engine, in_tx, lock=self.coop_code or "")
        if self._moved is not None:
            self.committed = self._moved
        return result

    def read(self, work: Callable[[Context], T]) -> T:
        """Run ``work`` in a read-only transaction that has ended when this returns: a
        deferred ``BEGIN`` on SQLite (never the write lock), READ ONLY on PostgreSQL
        (no ``FOR UPDATE``). Writing through it fails. Render what it returns."""

        def in_tx(conn: Connection) -> T:
            books = Books(conn, self.book(conn), user=self.user, at=self.at, read_only=True)
            return work(Context(conn, books, self.user, self.at))

        return read_transaction(self.engine, in_tx)

    def create(
        self, code: str, name: str, work: Callable[[Context], T]
    ) -> tuple[BookRef | None, T | None]:
        """A new cooperative: ``(None, work's result)``; or ``(the existing one, None)``
        when its code is taken (nothing written)."""

        def in_tx(conn: Connection) -> tuple[BookRef | None, T | None]:
            for b in list_books(conn):
                if b.code == code:
                    return b, None
            books = create_book(conn, code, name, user=self.user, at=self.at)
            books.command = self.command
            result = work(Context(conn, books, self.user, self.at))
            books.seal()
            self._moved = (code, *books.head())
            return None, result

        self._moved = None
        out = run_transaction(self.engine, in_tx)
        if self._moved is not None:
            self.committed = self._moved
        return out

    def run_raw(self, work: Callable[[Connection], T]) -> T:
        return run_transaction(self.engine, work)

    def close(self) -> None:
        self.engine.dispose()
