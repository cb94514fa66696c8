"""The one door through which the cooperative posts: the books' window of dates.

A date that posts (a voucher's, a payment's, a close's) lies on or after 1
January of the charter's ``first_year`` and at most one year after today
(trust.md §6). "Today" is the date of the action's time ``ctx.at``, which the
caller passes in (the command line: the clock, or ``COOP_TODAY``); the core
never reads the clock. A caller whose ``at`` carries no date (library use in
tests and benchmarks) gets no upper limit. Dates the engine derives itself (a
leaver's exit date) are posted with ``derived=True`` and not limited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from coop.errors import OutsideBooks
from coop.kinds import PERSON_ACCOUNTS
from coop.store import repo
from coop.store.uow import Context
from ledger.entries import Posted, Voucher


def today(ctx: Context) -> dt.date | None:
    try:
        return dt.date.fromisoformat(ctx.at[:10])
    except ValueError:
        return None


def horizon(day: dt.date) -> dt.date:
    """One year after ``day`` (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def first_year(ctx: Context) -> int:
    return repo.charter(ctx, 9999).first_year


def check_dates(ctx: Context, dates: Sequence[dt.date], begin: int | None = None) -> None:
    """The books' window: not before the first year, not more than a year after today.
    ``begin`` is the first year when the caller has it (an import checks every voucher)."""
    if not dates:
        return
    earliest, latest = min(dates), max(dates)
    if begin is None:
        begin = first_year(ctx)
    if earliest < dt.date(begin, 1, 1):
        raise OutsideBooks(
            f"the books begin in {begin}: {earliest} is before",
            key="err.books_begin",
            values={"year": str(begin), "date": earliest.isoformat()},
        )
    now = today(ctx)
    if now is not None and latest > horizon(now):
        raise OutsideBooks(
            f"{latest} is more than a year after today ({now})",
            key="err.too_late",
            values={"date": latest.isoformat(), "today": now.isoformat()},
        )


def post(
    ctx: Context,
    vouchers: Sequence[Voucher],
    *,
    closed_ok: frozenset[str] = frozenset(),
    derived: bool = False,
) -> list[tuple[Posted, bool]]:
    """``Books.post`` after the window check (skipped for engine-derived dates)."""
    if not derived:
        check_dates(ctx, [v.date for v in vouchers])
    if ctx.attachments:  # the command's papers, on what it writes (never on a red reversal)
        vouchers = [
            replace(v, attachments=ctx.attachments)
            if v.attachments == 0 and v.reversal_of is None
            else v
            for v in vouchers
        ]
    return ctx.books.post(vouchers, closed_ok=closed_ok, person_accounts=PERSON_ACCOUNTS)
