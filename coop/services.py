"""Use cases of the cooperative's books as a whole: set-up, accounts, reports, check, close.

Each function takes a ``Context`` (one transaction) and returns plain data for
``cli`` to render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from coop import chart_2021, closing, land_models, trust
from coop import checks as coop_checks
from coop.charter import KEYS, Charter, format_value, parse_value
from coop.errors import BadInput, NotAllowed, UnknownMember
from coop.kinds import CLOSED_OK, PERSON_ACCOUNTS, REVERSIBLE, MoveKind
from coop.store import records, repo, views
from coop.store.uow import Context, UnitOfWork
from coop.text import clean_code, clean_text
from coop.vouchers import parse_target
from ledger import chain as chainmod
from ledger.accounts import Account
from ledger.balances import trial_totals
from ledger.checks import Problem, guarded
from ledger.errors import Conflict, NotFound
from ledger.i18n import tr
from ledger.store.checks import check_books
from ledger.store.witness import Witnessed


@dataclass(frozen=True)
class InitResult:
    code: str
    name: str
    created: bool
    head: tuple[int, bytes] | None = None  # the new chain head when created


def init(
    target: str,
    *,
    name: str,
    code: str,
    charter_text: dict[str, str],
    user: str,
    at: str,
    command: str | None = None,
    first_year: int | None = None,
) -> InitResult:
    """Create the database if needed, the cooperative, its charter and the 2021 chart.
    ``first_year`` (the command line's default: this year) is where the books begin;
    without it nothing limits how early a date may post."""
    name = clean_text(name, "name")
    code = clean_code(code, "code")
    if first_year is not None:
        charter_text = {**charter_text, "first_year": str(first_year)}
    values = {k: parse_value(k, v) for k, v in charter_text.items()}
    charter = Charter(**values)  # type: ignore[arg-type]
    charter.validate()
    uow = UnitOfWork(target, coop_code=code, user=user, at=at, create=True)
    uow.command = command
    try:

        def work(ctx: Context) -> None:
            c = chart_2021.CHART_2021
            ctx.books.load_chart(c.version, c.from_year, c.to_year, c.accounts)
            land_models.check_cost_account(ctx, charter.land_cost_account)  # as charter set
            repo.amend_charter(ctx, 0, sorted(charter.as_text().items()))
            ctx.books.audit("init", [f"cooperative {code} {name} created"])

        existing, _ = uow.create(code, name, work)
        if existing is not None:
            if existing.name != name:
                raise Conflict(
                    tr(
                        "cooperative {code} already exists with the name {name!r}",
                        code=code,
                        name=existing.name,
                    )
                )
            return InitResult(code, name, False)
        assert uow.committed is not None
        return InitResult(code, name, True, uow.committed[1:])
    finally:
        uow.close()


# ----- charter ------------------------------------------------------------------------------


def charter_show(ctx: Context, year: int | None) -> tuple[int | None, dict[str, str]]:
    """The charter in force for ``year``; without a year, with every amendment applied."""
    return year, repo.charter(ctx, 9999 if year is None else year).as_text()


def charter_set(ctx: Context, key: str, value: str, from_year: int) -> dict[str, str]:
    if key not in KEYS:
        raise BadInput(
            tr("unknown charter key {key!r}: one of {keys}", key=key, keys=", ".join(KEYS)),
            field="key",
        )
    if key == "first_year":
        raise NotAllowed(
            tr(
                "first_year is where the books begin: 'coop init --first-year' sets "
                "it, and 'coop opening import' moves it earlier; it is not amended"
            )
        )
    parsed = parse_value(key, value)
    if ctx.books.is_closed(from_year):
        raise NotAllowed(
            tr(
                "year {year} is closed: the charter can be amended only from an open year",
                year=from_year,
            )
        )
    old = repo.charter(ctx, from_year)
    new = replace(old, **{key: parsed})  # type: ignore[arg-type]
    new.validate()
    if key == "land_cost_account":
        land_models.check_cost_account(ctx, str(parsed))
    if key in ("land_model", "land_amortisation") and parsed != getattr(old, key):
        since = f"{from_year:04d}-01-01"
        moved = (
            [m.date.isoformat() for m in views.movements(ctx) if m.kind == MoveKind.CONTRIBUTE]
            if key == "land_model"
            else [r["date"] for r in repo.land_amort_rows(ctx)]
        )
        later = [d for d in moved if d >= since]
        if later:
            # a parcel keeps the model of its contribution year; O1 art. 31 一经确定，不得随意变更
            raise NotAllowed(
                tr(
                    "{key} is {old} for land already moved under it on {date}: it can be "
                    "changed only from a year with no such movement yet",
                    key=key,
                    old=getattr(old, key),
                    date=max(later),
                )
            )
    if key == "inventory_method" and parsed != old.inventory_method:
        moved = [r["date"] for r in repo.stock_rows(ctx) if r["date"] >= f"{from_year:04d}-01-01"]
        if moved:
            # O1 art. 18: 一经确定，不得随意变更 — from a year with no movement under the old one
            raise NotAllowed(
                tr(
                    "inventory_method is {old} for stock already moved on {date}: it can be "
                    "changed only from a year with no stock movement yet",
                    old=old.inventory_method,
                    date=max(moved),
                )
            )
    repo.amend_charter(ctx, from_year, [(key, format_value(key, parsed))])
    ctx.books.audit("charter", [f"{key} = {value} from {from_year}"])
    return new.as_text()


# ----- accounts -----------------------------------------------------------------------------


def add_account(
    ctx: Context, code: str, name: str, name_en: str | None, parent: str | None
) -> Account:
    if parent in chart_2021.COMMAND_ONLY or (
        parent is None and code[:-2] in chart_2021.COMMAND_ONLY
    ):
        raise NotAllowed(
            tr(
                "account {account} is written by the engine's own commands and takes no "
                "sub-accounts",
                account=parent or code[:-2],
            )
        )
    if parent is None and code in chart_2021.OPTIONAL_TOP:
        fixed, name_en_fixed, cls, side = chart_2021.OPTIONAL_TOP[code]
        if clean_text(name, "name", max_len=60) != fixed:
            raise NotAllowed(
                tr(
                    "{code} is {name} by 财会〔2021〕37号; add a sub-account for what you "
                    "keep in it (e.g. 微信 or 支付宝 under 109)",
                    code=code,
                    name=fixed,
                )
            )
        acc = ctx.books.add_top_account(code, fixed, name_en or name_en_fixed, cls, side)
        ctx.books.audit("account", [f"account {code} {fixed} added"])
        return acc
    acc = ctx.books.add_account(
        code,
        clean_text(name, "name", max_len=60),
        clean_text(name_en or "", "name_en", max_len=80, required=False),
        parent,
    )
    ctx.books.audit("account", [f"account {code} {name} added"])
    return acc


def list_accounts(ctx: Context) -> list[Account]:
    return sorted(ctx.books.accounts().values(), key=lambda a: a.code)


# ----- reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialBalance:
    as_of: dt.date | None
    rows: list[tuple[Account, int]]
    total_debit: int
    total_credit: int


def trial_balance(ctx: Context, as_of: dt.date | None) -> TrialBalance:
    accounts = ctx.books.accounts()
    rows = ctx.books.trial_balance(as_of)
    debit, credit = trial_totals(rows)
    return TrialBalance(as_of, [(accounts[c], b) for c, b in rows], debit, credit)


def ledger_target(ctx: Context, target: str) -> tuple[Account, str | None]:
    """``ACCOUNT[@MEMBER_NO]`` of a ledger report: the account, and the member or payee,
    each known to the books (nothing else is read)."""
    code, member = parse_target(target)
    accounts = ctx.books.accounts()
    if code not in accounts:
        raise NotFound(tr("account {account} does not exist", account=code))
    if member is not None and code.startswith(PERSON_ACCOUNTS):
        if member not in repo.payees(ctx):
            raise NotFound(tr("payee {payee!r} does not exist", payee=member))
    elif member is not None and repo.member(ctx, member) is None:
        raise UnknownMember(member)
    return accounts[code], member


# ----- check --------------------------------------------------------------------------------


def check(
    ctx: Context,
    strict: bool,
    today: dt.date | None = None,
    witnessed: list[Witnessed] | None = None,
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings). Warnings (parcels past their term, accepted rewinds) are
    problems under strict. ``witnessed``: the heads a witness holds for this cooperative."""
    heads = witnessed or []
    keep = chainmod.Keep(want=frozenset(h.seq for h in heads))
    # Every rule runs guarded (ledger.checks.guarded): rows no command writes are reported
    # under the rule's name, so nothing here needs to catch them.
    problems = check_books(
        ctx.books,
        sources=records.SOURCES,
        reversible=REVERSIBLE,
        closed_ok=CLOSED_OK,
        thorough=strict,
        keep=keep,
        person_accounts=PERSON_ACCOUNTS,
        beside=lambda: coop_checks.check(ctx, strict=strict),
    )
    problems += trust.witness_problems(heads, keep)
    warnings = (
        guarded("term", lambda: coop_checks.term_warnings(ctx, today)) if today is not None else []
    )
    warnings += guarded("payee", lambda: coop_checks.payee_warnings(ctx))
    for r, given_up in trust.rewinds(heads):
        warnings.append(
            Problem(
                "witness",
                tr(
                    "a rewind to link {seq} was accepted on {date} by {user}, giving up "
                    "{n} links: {note}",
                    seq=r.seq,
                    date=r.at[:10],
                    user=r.user,
                    n=given_up,
                    note=r.note or "",
                ),
            )
        )
    if strict:
        # land at one year's value stays a warning even under --strict (operations.md §0.8:
        # the charter chose it, 附注 item 4 discloses it; the seed demo passes --strict)
        return problems + warnings, guarded(
            "land-amortisation", lambda: land_models.one_year_warnings(ctx)
        )
    return problems, warnings


# ----- year close ---------------------------------------------------------------------------


def close_year(ctx: Context, year: int) -> tuple[tuple[int, bytes], bool, Sequence[str]]:
    return closing.close_year(ctx, year)
