"""Year close (结账): close income and expense into 331, 331 into 33202, lock the year.

Both closing vouchers are dated Y-12-31 and written only when they have a
non-zero line; the close itself is always recorded, as a chain link, and the
chain head after it is returned for the supervisory board to sign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from coop import keys, posting
from coop.errors import NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import views
from coop.store.uow import Context
from ledger.accounts import Account, AccountClass
from ledger.entries import Line, Voucher
from ledger.i18n import tr
from ledger.money import format_fen

CLOSED_CLASSES = (AccountClass.INCOME, AccountClass.EXPENSE)


def next_year_to_close(ctx: Context) -> int | None:
    closed = ctx.books.closed_years()
    if closed:
        return closed[-1] + 1
    return ctx.books.first_year()


def unrecognized_prepayments(ctx: Context, year: int) -> list[str]:
    """Prepaid base vouchers for ``year`` (not reversed) without their recognition."""
    prepaid = {r.voucher for r in views.base_rows(ctx, year, prepaid=True)}
    reversed_ = ctx.books.reversed_numbers()
    wanted = {keys.base_recognize(n): n for n in sorted(prepaid - reversed_)}
    found = ctx.books.find_by_keys(list(wanted))
    return [n for k, n in wanted.items() if k not in found]


def close_year(ctx: Context, year: int) -> tuple[tuple[int, bytes], bool, list[str]]:
    """Returns (the close's link: seq and hash, whether anything was done, numbers of the
    closing vouchers)."""
    if ctx.books.is_closed(year):
        link = ctx.books.close_link(year)
        if link is None:
            raise NotAllowed(tr("year {year} is before the books begin", year=year))
        return link, False, []
    expected = next_year_to_close(ctx)
    if expected is None:
        raise NotAllowed(tr("the books have no voucher yet: there is no year to close"))
    if year != expected:
        raise NotAllowed(
            tr("years close in order: close {year} first", year=expected)
            if year > expected
            else tr("year {year} is before the books begin ({first})", year=year, first=expected)
        )
    pending = unrecognized_prepayments(ctx, year)
    if pending:
        raise NotAllowed(
            tr(
                "the base prepaid for {year} by voucher {number} is not "
                "recognized yet: run 'coop base recognize --year {year}'",
                year=year,
                number=pending[0],
            )
        )
    from coop import assets, distribution

    distribution.require_posted_before_close(ctx, year)
    unrun = assets.unrun_in_year(ctx, year)
    if unrun is not None:
        raise NotAllowed(
            tr(
                "the depreciation of {month} is not run (asset {asset}): run 'coop asset "
                "depreciate --month {month}' before closing {year}",
                month=unrun[0],
                asset=unrun[1],
                year=year,
            )
        )
    end = dt.date(year, 12, 31)
    from coop import land_models

    late = land_models.unrun(ctx, end)
    if late is not None:
        raise NotAllowed(
            tr(
                "the land amortisation of {year} is not run (parcel {parcel}): run 'coop land "
                "amortise' before closing {year}",
                year=year,
                parcel=late,
            )
        )
    accounts = ctx.books.accounts()
    _require_181_cleared(ctx, year, accounts)
    closing_codes = [c for c, a in accounts.items() if a.cls in CLOSED_CLASSES]
    balances = [
        (code, b)
        for code, b in views.line_totals(
            ctx, ("account",), views.Lines(accounts=closing_codes, date_to=end)
        )
        if b
    ]
    written = []
    if balances:
        # 331 closed gross (财会〔2021〕37号 331 二, statutory.md §2.4): the credit balances
        # of income and expense go to its credit, the debit balances to its debit
        lines = [Line(code, -b) for code, b in balances]
        lines.append(Line(Acct.CURRENT_SURPLUS, sum(b for _, b in balances if b > 0)))
        lines.append(Line(Acct.CURRENT_SURPLUS, sum(b for _, b in balances if b < 0)))
        lines = [ln for ln in lines if ln.amount]
        if len(lines) >= 2:
            ((p, _),) = posting.post(
                ctx,
                [
                    Voucher(
                        end,
                        f"{year}年结转本年收支",
                        tuple(lines),
                        kind=K.CLOSE_INCOME,
                        key=keys.close_income(year),
                        user=ctx.user,
                    )
                ],
            )
            written.append(p.number)
    surplus = ctx.books.balance(Acct.CURRENT_SURPLUS, as_of=end)
    if surplus:
        ((p, _),) = posting.post(
            ctx,
            [
                Voucher(
                    end,
                    f"{year}年结转本年盈余",
                    (Line(Acct.CURRENT_SURPLUS, -surplus), Line(Acct.UNDISTRIBUTED, surplus)),
                    kind=K.CLOSE_SURPLUS,
                    key=keys.close_surplus(year),
                    user=ctx.user,
                )
            ],
        )
        written.append(p.number)
    head = ctx.books.record_close(year)
    return head, True, written


def _require_181_cleared(ctx: Context, year: int, accounts: Mapping[str, Account]) -> None:
    """181 待处理财产损溢 must have no balance when a year closes (财会〔2021〕37号 181 五:
    "在期末结账前处理完毕，处理后本科目应无余额"); statutory.md §2.2 (G2)."""
    end = dt.date(year, 12, 31)
    rows = views.line_totals(
        ctx, ("account",), views.Lines(prefixes=(Acct.LOSS_PENDING,), date_to=end)
    )
    total = sum(b for _, b in rows)
    if not total:
        return
    code, shown = next((code, b) for code, b in rows if b)  # the first leaf, in code order
    acc = accounts.get(code)
    raise NotAllowed(
        tr(
            "{code} {name} has a balance of {amount} ({side}) at {date}; process it before "
            "closing {year} (财会〔2021〕37号 181 五)",
            code=code,
            name=acc.name if acc else "",
            amount=format_fen(abs(shown)),
            side=tr("Dr") if shown > 0 else tr("Cr"),
            date=end.isoformat(),
            year=year,
        )
    )


def surplus_of(ctx: Context, year: int) -> int:
    """S: what the close of ``year`` moved from 331 into 33202 (credit positive)."""
    found = ctx.books.find_by_keys([keys.close_surplus(year)])
    p = found.get(keys.close_surplus(year))
    if p is None:
        return 0
    return -sum(ln.amount for ln in p.voucher.lines if ln.account == Acct.UNDISTRIBUTED)


def year_end_balance_problems(ctx: Context) -> list[tuple[int, str, int]]:
    """(year, account, balance) where 331 or 33201 is not zero at a closed year's end."""
    out = []
    for year in ctx.books.closed_years():
        for code in (Acct.CURRENT_SURPLUS, Acct.DISTRIBUTION):
            b = ctx.books.balance(code, as_of=dt.date(year, 12, 31))
            if b:
                out.append((year, code, b))
    return out
