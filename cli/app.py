"""What every command shares: ``State``, the ``coop`` group with its global options, and
the one place errors become exit codes (``run``).

Command modules import this module and register their own commands and groups on
``cli``; nothing here imports a command module, so there is no import cycle.
``cli.main`` imports every command module and is the program's entry point.

Exit codes: 0 success; 1 a refused operation; 2 bad usage or bad input. A
user's error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import getpass
import importlib.util
import io
import os
import shlex
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click
import sqlalchemy as sa

from cli.params import USER, now_text
from cli.words import Group, choose_language, speak_click
from coop.store.uow import Context, UnitOfWork
from ledger import i18n
from ledger.errors import InvalidInput, LedgerError
from ledger.i18n import N_, tr
from ledger.store.engine import redact
from ledger.store.witness import Witness, Witnessed

T = TypeVar("T")

PACKAGE = "coop-ledger"  # the distribution whose version ``coop --version`` prints


def lazy_module(name: str) -> types.ModuleType:
    """The module ``name``, executed when one of its attributes is first read (importlib's
    ``LazyLoader``): a command that prints no PDF does not pay for importing fpdf."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


@dataclass
class State:
    db: str
    coop: str | None
    lang: str
    user: str
    witness: str | None = None
    command: str | None = None  # the command line, for the audit record
    attachments: int = 0  # 附单据张数 (--attachments), for the vouchers the command writes

    def now(self) -> str:
        return now_text()

    def uow(self) -> UnitOfWork:
        if not _is_url(self.db) and not os.path.exists(self.db):
            raise LedgerError(
                tr("no database at {db}: run 'coop init' first or give --db", db=self.db)
            )
        return UnitOfWork(self.db, coop_code=self.coop, user=self.user, at=self.now())

    def run(self, work: Callable[[Context], T]) -> T:
        uow = self.uow()
        uow.command = self.command
        uow.attachments = self.attachments
        try:
            result = uow.run(work)
        finally:
            uow.close()
        if uow.committed is not None:
            self.committed(*uow.committed)
        return result

    def witness_heads(self, code: str) -> list[Witnessed]:
        """What the witness holds for this cooperative (none without a witness). A witness
        that cannot be read is an error: a check that skipped it would prove nothing."""
        if not self.witness:
            return []
        w = Witness(self.witness)
        try:
            return w.heads(code)
        except sa.exc.SQLAlchemyError as exc:
            reason = redact(str(getattr(exc, "orig", None) or exc).splitlines()[0])
            raise LedgerError(tr("the witness cannot be read: {reason}", reason=reason)) from None
        finally:
            w.close()

    def committed(self, code: str, seq: int, head: bytes) -> None:
        """After a commit: the new head on stderr, and to the witness when there is one.
        A witness that cannot be written does not undo the commit; it is said in one line,
        and the next successful write witnesses the then-current head."""
        click.echo(tr("head {seq} {hash}", seq=seq, hash=head.hex()), err=True)
        if not self.witness:
            return
        w = Witness(self.witness)
        try:
            w.append(
                code,
                "head",
                seq,
                head.hex(),
                at=self.now(),
                command=self.command or "",
                user=self.user,
            )
        except (sa.exc.SQLAlchemyError, OSError, LedgerError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            click.echo(tr("the head was not witnessed: {reason}", reason=redact(reason)), err=True)
        finally:
            w.close()

    def read(self, work: Callable[[Context], T]) -> T:
        """For commands that only read: a read-only transaction (no write lock, no row
        lock) that has ended when this returns; render the result afterwards."""
        uow = self.uow()
        try:
            return uow.read(work)
        finally:
            uow.close()


pass_state = click.make_pass_decorator(State)


def _is_url(text: str) -> bool:
    return "://" in text


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("coop — the books of a land-shareholding cooperative (土地股份合作社)."),
)
@click.version_option(
    package_name=PACKAGE, prog_name="coop", help=N_("Print the version of coop and exit.")
)
@click.option(
    "--db",
    envvar="COOP_DB",
    default="./coop.db",
    show_default=True,
    help=N_("SQLite file path, or postgresql+psycopg://… URL."),
)
@click.option(
    "--coop",
    "coop_code",
    envvar="COOP_CODE",
    default=None,
    help=N_("Which cooperative, when the database holds several."),
)
@click.option(
    "--lang",
    envvar="COOP_LANG",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help=N_("The language of every message and paper (COOP_LANG)."),
)
@click.option(
    "--user", envvar="COOP_USER", default=None, type=USER, help=N_("Who acts (default: OS user).")
)
@click.option(
    "--witness",
    envvar="COOP_WITNESS",
    default=None,
    help=N_("Where heads are witnessed: an SQLite file or a PostgreSQL URL."),
)
@click.pass_context
def cli(
    ctx: click.Context,
    db: str,
    coop_code: str | None,
    lang: str,
    user: str | None,
    witness: str | None,
) -> None:
    i18n.use(lang)
    if witness and _same_target(witness, db):
        raise click.BadParameter(
            tr("the witness must be kept outside the books: give another file or database"),
            param_hint="--witness",
        )
    ctx.obj = State(
        db=db,
        coop=coop_code,
        lang=lang,
        user=user or _default_user(),
        witness=witness or None,
        command=command_line(_argv),
    )


def _same_target(a: str, b: str) -> bool:
    if _is_url(a) or _is_url(b):
        return a.split("?")[0].rstrip("/") == b.split("?")[0].rstrip("/")
    return os.path.realpath(a) == os.path.realpath(b)


_GLOBAL_WITH_VALUE = ("--db", "--coop", "--lang", "--user", "--witness")


def command_line(argv: list[str]) -> str:
    """The command and its arguments, without the global options (the database URL may
    hold a password; which database, language or witness do not change the books)."""
    words: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in _GLOBAL_WITH_VALUE and not words:
            i += 2
            continue
        if not words and word.split("=", 1)[0] in _GLOBAL_WITH_VALUE:
            i += 1
            continue
        words.append(word)
        i += 1
    return " ".join(shlex.quote(w) for w in words)


_argv: list[str] = []


def run(argv: list[str]) -> int:
    """Run the command line on ``argv``; returns the exit code (no traceback for user
    errors). Runs the commands registered on ``cli``: import ``cli.main`` for all."""
    global _argv
    _argv = list(argv)
    before = i18n.current()
    choose_language(argv)
    speak_click()
    try:
        return _run(argv)
    finally:
        i18n.use(before)  # the caller (a test, an embedding program) keeps its language


#: click ≥ 8.2 raises this for a group given no command (its help); nothing before.
NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _run(argv: list[str]) -> int:
    try:
        rv = cli.main(args=argv, prog_name="coop", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(tr("aborted"), err=True)
        return 1
    except NO_ARGS_IS_HELP as exc:  # `coop asset`: the group's help, as click shows it
        exc.show()
        return int(exc.exit_code)
    except click.UsageError as exc:
        # One line, as for every bad input (cli.md): what is wrong, not the usage;
        # `coop COMMAND --help` gives that.
        said = " ".join(exc.format_message().split())
        click.echo(redact(tr("error: {message}", message=said)), err=True)
        return exc.exit_code
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)
        click.echo(redact(shown.getvalue()), err=True, nl=False)
        return exc.exit_code
    except InvalidInput as exc:
        click.echo(tr("error: {message}", message=_message(exc, argv)), err=True)
        return 2
    except LedgerError as exc:
        click.echo(tr("error: {message}", message=_message(exc, argv)), err=True)
        return 1
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        click.echo(
            tr("error: the database refused the operation: {reason}", reason=redact(reason)),
            err=True,
        )
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        said = f"{where}{exc.strerror or exc}"
        click.echo(redact(tr("error: {message}", message=said)), err=True)
        return 1
    return rv if isinstance(rv, int) else 0


def _message(exc: LedgerError, argv: list[str]) -> str:
    """The error's one line in ``--lang`` when it carries a catalog key; never a password."""
    key, values = getattr(exc, "key", None), getattr(exc, "values", None)
    text = exc.message
    if isinstance(key, str) and isinstance(values, dict):
        from coop.render.i18n import t

        text = t(_lang(argv), key, **values)
    return redact(text.splitlines()[0] if text else text)


def _lang(argv: list[str]) -> str:
    """``--lang`` (or COOP_LANG) as click parses it; read again only to word an error."""
    try:
        ctx = cli.make_context("coop", list(argv), resilient_parsing=True)
    except click.ClickException:
        return "zh"
    return str(ctx.params.get("lang") or "zh")
