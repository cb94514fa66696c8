"""The ``coop`` group, its global options, and the one place errors become exit codes.

Exit codes: 0 success; 1 a refused operation; 2 bad usage or bad input. A
user's error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import click
import sqlalchemy as sa

from coop.store.uow import Context, UnitOfWork
from ledger.errors import InvalidInput, LedgerError

T = TypeVar("T")


@dataclass
class State:
    db: str
    coop: str | None
    lang: str
    user: str

    def now(self) -> str:
        return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    def uow(self) -> UnitOfWork:
        if not _is_url(self.db) and not os.path.exists(self.db):
            raise LedgerError(f"no database at {self.db}: run 'coop init' first or give --db")
        return UnitOfWork(self.db, coop_code=self.coop, user=self.user, at=self.now())

    def run(self, work: Callable[[Context], T]) -> T:
        uow = self.uow()
        try:
            return uow.run(work)
        finally:
            uow.close()

    def read(self, work: Callable[[Context], T]) -> T:
        """For commands that only read: a read-only transaction (no write lock, no row
        lock) that has ended when this returns; render the result afterwards."""
        uow = self.uow()
        try:
            return uow.read(work)
        finally:
            uow.close()


def _is_url(text: str) -> bool:
    return "://" in text


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="COOP_DB", default="./coop.db", show_default=True,
              help="SQLite file path, or postgresql+psycopg://… URL.")
@click.option("--coop", "coop_code", envvar="COOP_CODE", default=None,
              help="Which cooperative, when the database holds several.")
@click.option("--lang", envvar="COOP_LANG", type=click.Choice(["zh", "en"]), default="zh",
              show_default=True)
@click.option("--user", envvar="COOP_USER", default=None, help="Who acts (default: OS user).")
@click.pass_context
def cli(ctx: click.Context, db: str, coop_code: str | None, lang: str, user: str | None) -> None:
    """coop — the books of a land-shareholding cooperative (土地股份合作社)."""
    ctx.obj = State(db=db, coop=coop_code, lang=lang, user=user or _default_user())


def register() -> None:
    from cli import books, db, distribute, members

    books.register(cli)
    members.register(cli)
    distribute.register(cli)
    db.register(cli)


_registered = False


def run(argv: list[str]) -> int:
    """Run the command line on ``argv``; returns the exit code (no traceback for user errors)."""
    global _registered
    if not _registered:
        register()
        _registered = True
    try:
        rv = cli.main(args=argv, prog_name="coop", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except InvalidInput as exc:
        click.echo(f"error: {exc.message}", err=True)
        return 2
    except LedgerError as exc:
        click.echo(f"error: {exc.message}", err=True)
        return 1
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        click.echo(f"error: the database refused the operation: {reason}", err=True)
        return 1
    except OSError as exc:
        click.echo(f"error: {exc.strerror or exc}", err=True)
        return 1
    return rv if isinstance(rv, int) else 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    # `python -m cli.main` runs this file as __main__, a second copy whose State class the
    # commands (which import cli.main) do not know: run the imported module's main.
    from cli.main import main as _main

    _main()
