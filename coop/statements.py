"""The member account (成员账户) of a year, and the member's share statement data.

Money as integer fen; the renderers format it. ``statement_json`` is the shape
cli.md fixes.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from coop import base, bases, dividends, land
from coop.members import require
from coop.shares import held_on
from coop.store import repo
from coop.store.uow import Context
from ledger.money import Rounding, format_area, format_fen, format_fixed, round_fraction
from ledger.store import tables as lt


def _cash_and_converted(ctx: Context, member: str, end: dt.date) -> int:
    q = (sa.select(sa.func.coalesce(sa.func.sum(lt.line.c.amount), 0))
         .select_from(lt.line.join(lt.voucher, sa.and_(
             lt.voucher.c.coop_id == lt.line.c.coop_id, lt.voucher.c.year == lt.line.c.year,
             lt.voucher.c.seq == lt.line.c.seq)))
         .where(lt.line.c.coop_id == ctx.coop_id, lt.line.c.account == "301",
                lt.line.c.member == member, lt.voucher.c.kind.in_(("contribute", "convert")),
                lt.line.c.date <= end.isoformat()))
    return -int(ctx.conn.execute(q).scalar_one())


def member_year(ctx: Context, member: str, year: int) -> dict[str, Any]:
    """Everything the member account shows for a year, in fen / area units."""
    m = require(ctx, member)
    start, end = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)
    charter = repo.charter(ctx, year)
    parcels = land.parcels(ctx)
    spells = land.spells(ctx)
    held = {p: s for p, s in held_on(spells, end).items() if s.member_no == member}
    area = sum(parcels[p].area for p in held)
    areas = {p: x.area for p, x in parcels.items()}
    from coop.shares import mu_days

    md = mu_days(spells, areas, year).get(member, 0)
    cash = _cash_and_converted(ctx, member, end)
    shares = Fraction(area, 10_000) * charter.shares_per_mu + Fraction(cash, charter.share_price)
    dist = dividends.ledger(ctx)
    pr = dist["owed"].get((year, member, "221"), 0)
    rd = dist["owed"].get((year, member, "222"), 0)
    mine = dividends.member_year(ctx, year, member)
    return dict(
        member_no=member, name=m["name"], year=year, area=area, mu_days=md,
        days=bases.days_in(year), shares=shares,
        parcels=[dict(parcel_no=p, area=parcels[p].area, held_since=s.start.isoformat(),
                      contract_no=parcels[p].contract_no) for p, s in sorted(held.items())],
        base_payment=base.member_base(ctx, year).get(member, 0),
        patronage_return=pr, residual_distribution=rd, dividend_total=pr + rd,
        opening_capital=-ctx.books.balance("301", member, as_of=start),
        share_capital=-ctx.books.balance("301", member, as_of=end),
        opening_reserve=repo.memo_balances(ctx, "reserve", as_of=start).get(member, 0),
        reserve_share=repo.memo_balances(ctx, "reserve", as_of=end).get(member, 0),
        opening_subsidy=repo.memo_balances(ctx, "subsidy", as_of=start).get(member, 0),
        subsidy_share=repo.memo_balances(ctx, "subsidy", as_of=end).get(member, 0),
        paid=mine["paid"], converted=mine["converted"], unpaid=mine["unpaid"],
        ledger_digest=ctx.books.head()[1].hex(),
    )


def statement_json(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "member_no": d["member_no"], "name": d["name"], "year": d["year"],
        "area_mu": format_area(d["area"]),
        "shares": format_fixed(round_fraction(d["shares"] * 10_000, Rounding.HALF_UP), 4),
        "base_payment": format_fen(d["base_payment"]),
        "patronage_return": format_fen(d["patronage_return"]),
        "residual_distribution": format_fen(d["residual_distribution"]),
        "dividend_total": format_fen(d["dividend_total"]),
        "share_capital": format_fen(d["share_capital"]),
        "reserve_share": format_fen(d["reserve_share"]),
        "subsidy_share": format_fen(d["subsidy_share"]),
        "paid": format_fen(d["paid"]), "converted": format_fen(d["converted"]),
        "unpaid": format_fen(d["unpaid"]), "ledger_digest": d["ledger_digest"],
        "opening_capital": format_fen(d["opening_capital"]),
        "opening_reserve_share": format_fen(d["opening_reserve"]),
        "opening_subsidy_share": format_fen(d["opening_subsidy"]),
        "mu_days": format_area(d["mu_days"]),
        "parcels": [dict(parcel_no=p["parcel_no"], area_mu=format_area(p["area"]),
                         held_since=p["held_since"], contract_no=p["contract_no"])
                    for p in d["parcels"]],
    }


def member_accounts(ctx: Context, year: int) -> list[dict[str, Any]]:
    return [statement_json(member_year(ctx, m, year)) for m in bases.year_members(ctx, year)]
