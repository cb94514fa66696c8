"""The two bases of a year's distribution (domain.md §7 steps 7–8), exact integers.

* patronage basis: land in use during the year, Σ area (1/10000 mu) × days held;
* residual basis: Σ over the year's days of the end-of-day balance of capital
  (301@M) + reserve share + subsidy share, in fen-days, leaving out what the
  year's own year-end commands write.

An amount dated D counts from day D on, so it weighs (days from D to the year's
end, inclusive); an amount dated before the year weighs every day of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from coop import land
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.members import member_during
from coop.shares import mu_days
from coop.store import repo, views
from coop.store.uow import Context


def days_in(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def year_members(ctx: Context, year: int) -> list[str]:
    """Everyone who was a member on some day of the year, by member number (code points)."""
    return _members_during(ctx, f"{year:04d}-01-01", f"{year:04d}-12-31")


def members_on(ctx: Context, day: dt.date) -> list[str]:
    """Who is a member on ``day`` (``members.is_member_on``), by member number."""
    return _members_during(ctx, day.isoformat(), day.isoformat())


def _members_during(ctx: Context, first: str, last: str) -> list[str]:
    exits = {no: n.exit_on for no, n in repo.notices(ctx).items()}
    return sorted(
        no
        for no, joined in repo.joined_dates(ctx).items()
        if member_during(joined, exits.get(no), first, last)
    )


def patronage(ctx: Context, year: int) -> dict[str, int]:
    areas = views.parcel_areas(ctx)
    return mu_days(land.spells(ctx), areas, year)


def _weigh(rows: Any, year: int, out: dict[str, int], sign: int, flat: bool) -> None:
    """Add amount × days held in ``year`` to each member's basis; with ``flat``, amount ×
    every day of the year, whenever it came (the holding at the year end, scaled so that
    both bases display alike: ÷ days)."""
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    full = days_in(year)
    for member, date, amount in rows:
        d = dt.date.fromisoformat(date)
        days = full if flat or d < first else (after - d).days
        out[member] = out.get(member, 0) + sign * int(amount) * days


def residual(ctx: Context, year: int) -> dict[str, int]:
    """The residual basis of each member for ``year`` (operations.md §7.3), by the
    charter's ``residual_basis``: ``day_weighted``, the holding (301@M and the reserve,
    subsidy and donation shares) summed over the days of the year, in fen-days; or
    ``year_end``, the holding at the year end times the days of the year. Both leave out
    what the year-end commands write for the year."""
    flat = repo.charter(ctx, year).residual_basis == "year_end"
    end = dt.date(year, 12, 31)
    out: dict[str, int] = {}
    capital = views.line_totals(
        ctx,
        ("member", "date"),
        views.Lines(accounts=(Acct.SHARE_CAPITAL,), date_to=end, not_kinds=(K.DISTRIBUTION,)),
    )
    _weigh(capital, year, out, -1, flat)
    # A conversion at a distribution's posting is a year-end entry: left out of that
    # year's basis, counted in full from the next (operations.md §2.7).
    converted = views.line_totals(
        ctx,
        ("member", "date"),
        views.Lines(
            accounts=(Acct.SHARE_CAPITAL,),
            date_to=dt.date(year - 1, 12, 31),
            kinds=(K.DISTRIBUTION,),
        ),
    )
    _weigh(converted, year, out, -1, flat)
    memo = views.memo_changes(
        ctx, ("reserve", "subsidy", "donation"), end, leave_out=(year, repo.YEAR_END_CAUSES)
    )
    _weigh(memo, year, out, 1, flat)
    return out


def pick(bases: Mapping[str, int], members: list[str]) -> list[int]:
    return [max(0, bases.get(m, 0)) for m in members]
