"""The member account (成员账户) of a year, and the member's share statement data.

``YearView`` reads what a year's statements need once (the plan, the register,
the dividends ledger, balances), so that printing every member's statement costs
one pass, not one per member. Money stays integer fen; renderers format it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from coop import (
    base_pay,
    capital_tags,
    distribution,
    dividends,
    grades,
    keys,
    land,
    payees,
    products,
    trade,
    weights,
    yearend,
)
from coop.kinds import CONVERTED_PATRONAGE, CONVERTED_RESIDUAL, Acct
from coop.kinds import VoucherKind as K
from coop.members import require
from coop.shares import Spell, held_on, mu_days
from coop.store import repo, views
from coop.store.uow import Context
from coop.text import mask_id
from ledger.errors import LedgerError
from ledger.money import (
    Rounding,
    format_area,
    format_fen,
    format_fixed,
    format_quantity,
    round_fraction,
)


@dataclass(frozen=True)
class PostedPlan:
    plan: yearend.Plan
    approved_on: str | None
    by_member: dict[str, yearend.MemberShare]

    @cached_property
    def basis_totals(self) -> tuple[int, int]:
        """The patronage and residual bases summed over the plan's members, once for all
        the statements of the year (per statement, ``statement --all`` was quadratic)."""
        members = self.plan.members
        return sum(m.patronage_basis for m in members), sum(m.residual_basis for m in members)

    @cached_property
    def weight_total(self) -> int:
        """Σw of ``yearend.display_patronage`` under ``mixed``, likewise once."""
        return yearend.weight_total(self.plan)


class YearView:
    """Everything the statements of one year share, read once."""

    def __init__(self, ctx: Context, year: int) -> None:
        self.ctx, self.year = ctx, year
        self.start, self.end = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)

    @cached_property
    def charter(self) -> Any:
        return repo.charter(self.ctx, self.year)

    @cached_property
    def grade_table(self) -> dict[str, grades.Grade]:
        return grades.table(self.ctx, self.year)

    @cached_property
    def parcel_grades(self) -> dict[str, str | None]:
        return grades.grades_in(self.ctx, self.year)

    def shares_per_mu(self, parcel_no: str) -> Fraction:
        g = self.grade_table.get(self.parcel_grades.get(parcel_no) or "")
        if g is None or g.shares_per_mu is None:
            return Fraction(self.charter.shares_per_mu)
        return g.shares_per_mu

    @cached_property
    def trade(self) -> dict[str, list[dict[str, Any]]]:
        """Each member's trade in the year per product (its standing records, every kind:
        operations.md §7.1), in product-number order."""
        register = products.register(self.ctx)
        sums: dict[str, dict[str, list[int]]] = {}
        for r in trade.standing(self.ctx, self.year):
            if r["member_no"] is None or r["void"]:
                continue
            s = sums.setdefault(r["member_no"], {}).setdefault(r["product_no"], [0, 0])
            s[0] += r["quantity"] or 0
            s[1] += r["amount"]
        return {
            m: [
                dict(
                    product_no=p,
                    name=register[p]["name"],
                    unit=register[p]["unit"],
                    quantity=q,
                    amount=a,
                )
                for p, (q, a) in sorted(by.items())
            ]
            for m, by in sums.items()
        }

    @cached_property
    def members(self) -> dict[str, Any]:
        """Every member as they stand now, read once for the statements of the year (a
        query per statement was a fifth of ``statement --all``)."""
        return repo.members(self.ctx)

    @cached_property
    def parcels(self) -> dict[str, Any]:
        return land.parcels(self.ctx)

    @cached_property
    def spells(self) -> dict[str, list[Spell]]:
        return land.spells(self.ctx)

    @cached_property
    def held_end(self) -> dict[str, Spell]:
        return held_on(self.spells, self.end)

    @cached_property
    def held_by_member(self) -> dict[str, dict[str, Spell]]:
        """``held_end`` by member: parcel → spell, in the same order."""
        out: dict[str, dict[str, Spell]] = {}
        for p, s in self.held_end.items():
            out.setdefault(s.member_no, {})[p] = s
        return out

    @cached_property
    def mu_days(self) -> dict[str, int]:
        return mu_days(self.spells, {p: x.area for p, x in self.parcels.items()}, self.year)

    @cached_property
    def dividends(self) -> dict[str, dict[dividends.Key, int]]:
        return dividends.ledger(self.ctx)

    @cached_property
    def dividend_totals(self) -> dict[tuple[str, str], int]:
        """(member, 'paid'|'converted') → this year's total, summed once for all members."""
        out: dict[tuple[str, str], int] = {}
        for name in ("paid", "converted"):
            for (y, m, _a), amount in self.dividends[name].items():
                if y == self.year:
                    out[(m, name)] = out.get((m, name), 0) + amount
        return out

    @cached_property
    def converted_at_posting(self) -> dict[tuple[str, str], int]:
        """(member, 221|222) → what the year's distribution converted into 股金 as it was
        posted, of the patronage return or the residual distribution (operations.md §2.7;
        the memo entries beside its one 301@M line)."""
        out: dict[tuple[str, str], int] = {}
        for share, account in (
            (CONVERTED_PATRONAGE, Acct.PATRONAGE_PAYABLE),
            (CONVERTED_RESIDUAL, Acct.RESIDUAL_PAYABLE),
        ):
            before = repo.memo_balances(self.ctx, share, self.start)
            for m, amount in repo.memo_balances(self.ctx, share, self.end).items():
                out[(m, account)] = amount - before.get(m, 0)
        return out

    @cached_property
    def base_rows(self) -> dict[str, list[views.BaseRow]]:
        """member → the year's base register rows paid to them (unreversed)."""
        return base_pay.member_rows(self.ctx, self.year)

    @cached_property
    def base(self) -> dict[str, int]:
        return {m: sum(r.amount for r in rows) for m, rows in self.base_rows.items()}

    @cached_property
    def year_spells(self) -> dict[str, list[tuple[Spell, int]]]:
        """member → every spell that overlaps the year, with its days in the year."""
        first, after = dt.date(self.year, 1, 1), dt.date(self.year + 1, 1, 1)
        out: dict[str, list[tuple[Spell, int]]] = {}
        for ss in self.spells.values():
            for sp in ss:
                since, until = max(sp.start, first), min(sp.end or after, after)
                if until > since:
                    out.setdefault(sp.member_no, []).append((sp, (until - since).days))
        return out

    @cached_property
    def closed(self) -> bool:
        return self.ctx.books.is_closed(self.year)

    @cached_property
    def capital(self) -> tuple[dict[str, int], dict[str, int]]:
        books = self.ctx.books
        return books.member_balances(Acct.SHARE_CAPITAL, self.start), books.member_balances(
            Acct.SHARE_CAPITAL, self.end
        )

    @cached_property
    def memo(self) -> dict[str, dict[str, int]]:
        out = {}
        for share in ("reserve", "subsidy", "donation"):
            out[f"{share}_start"] = repo.memo_balances(self.ctx, share, self.start)
            out[f"{share}_end"] = repo.memo_balances(self.ctx, share, self.end)
        return out

    @cached_property
    def poverty_capital(self) -> dict[str, int]:
        """member → 出资 from poverty-alleviation assets at the year end (tagged lines)."""
        return {
            m: by_tag[capital_tags.POVERTY]
            for m, by_tag in capital_tags.balances(self.ctx, self.end).items()
            if by_tag.get(capital_tags.POVERTY)
        }

    @cached_property
    def cash(self) -> dict[str, int]:
        """Cash contributed and dividends converted to capital, to the year end."""
        rows = views.line_totals(
            self.ctx,
            ("member",),
            views.Lines(
                accounts=(Acct.SHARE_CAPITAL,),
                kinds=(K.CONTRIBUTE, K.CONVERT, K.DISTRIBUTION),
                date_to=self.end,
            ),
        )
        return {m: -a for m, a in rows}

    @cached_property
    def plan(self) -> PostedPlan | None:
        """The year's posted distribution, recomputed (None before it is posted)."""
        row = distribution.posted(self.ctx, self.year)
        if row is None:
            return None
        try:
            plan = distribution.compute_posted(self.ctx, row)
        except LedgerError:
            return None
        return PostedPlan(plan, row.approved_on, {m.member_no: m for m in plan.members})

    @cached_property
    def payments(self) -> dict[str, list[dict[str, str]]]:
        """member → payments and conversions of the year's dividends (any date)."""
        rows = views.line_totals(
            self.ctx,
            ("date", "year", "seq", "kind", "member"),
            views.Lines(
                accounts=(Acct.PATRONAGE_PAYABLE, Acct.RESIDUAL_PAYABLE),
                key_prefixes=keys.dividend_prefixes(self.year),
            ),
        )
        out: dict[str, list[dict[str, str]]] = {}
        for date, vy, vs, kind, member, amount in rows:
            out.setdefault(member, []).append(
                dict(date=date, number=f"{vy}-{vs}", kind=kind, amount=format_fen(amount))
            )
        return out

    @cached_property
    def labour_paid(self) -> dict[str, int]:
        return payees.labour_paid(self.ctx, self.year)

    @cached_property
    def digest(self) -> dict[str, Any]:
        """The head the statement rests on: ``{"seq": …, "hash": …}`` (trust.md §1)."""
        seq, h = self.ctx.books.head()
        return {"seq": seq, "hash": h.hex()}


def member_year(
    ctx: Context, member: str, year: int, view: YearView | None = None
) -> dict[str, Any]:
    """Everything the member account shows for a year, in fen / area units."""
    m = view.members.get(member) if view is not None else None
    m = m or require(ctx, member)
    v = view or YearView(ctx, year)
    held = v.held_by_member.get(member, {})
    area = sum(v.parcels[p].area for p in held)
    # land shares per mu by the grade of each parcel in the year (operations.md §8)
    shares = sum(
        (Fraction(v.parcels[p].area, 10_000) * v.shares_per_mu(p) for p in held), Fraction(0)
    ) + Fraction(v.cash.get(member, 0), v.charter.share_price)
    # as allocated: what 221/222 owe plus what the posting converted into 301@M directly
    cp = v.converted_at_posting.get((member, Acct.PATRONAGE_PAYABLE), 0)
    cq = v.converted_at_posting.get((member, Acct.RESIDUAL_PAYABLE), 0)
    pr = v.dividends["owed"].get((year, member, Acct.PATRONAGE_PAYABLE), 0) + cp
    rd = v.dividends["owed"].get((year, member, Acct.RESIDUAL_PAYABLE), 0) + cq
    paid = v.dividend_totals.get((member, "paid"), 0)
    conv = v.dividend_totals.get((member, "converted"), 0) + cp + cq
    opening_cap, closing_cap = v.capital
    share = v.plan.by_member.get(member) if v.plan else None
    days = v.plan.plan.days if v.plan else 1
    pools = _pool_shares(v.plan, share)
    return dict(
        member_no=member,
        name=m.name,
        household=m.household,
        id_masked=mask_id(m.id_number),
        year=year,
        area=area,
        mu_days=v.mu_days.get(member, 0),
        days=weights.days_in(year),
        shares=shares,
        parcels=[
            dict(
                parcel_no=p,
                area=v.parcels[p].area,
                held_since=s.start.isoformat(),
                contract_no=v.parcels[p].contract_no,
                grade=v.parcel_grades.get(p),
            )
            for p, s in sorted(held.items())
        ],
        parcels_in_year=[
            dict(
                parcel_no=sp.parcel_no,
                area=v.parcels[sp.parcel_no].area,
                start=sp.start.isoformat(),
                end=None if sp.end is None else sp.end.isoformat(),
                days=days_held,
            )
            for sp, days_held in sorted(
                v.year_spells.get(member, []), key=lambda x: (x[0].parcel_no, x[0].start)
            )
        ],
        base_rows=[
            dict(
                parcel_no=r.parcel_no,
                area=r.area,
                rate=r.rate,
                amount=r.amount,
                paid_on=r.paid_on,
                voucher=r.voucher,
            )
            for r in v.base_rows.get(member, [])
        ],
        provisional=not v.closed or v.plan is None,
        base_payment=v.base.get(member, 0),
        patronage_return=pr,
        residual_distribution=rd,
        dividend_total=pr + rd,
        patronage_basis=None
        if share is None or v.plan is None
        else yearend.display_patronage(v.plan.plan, share, v.plan.weight_total),
        residual_basis=None
        if share is None
        else yearend.format_basis(share.residual_basis, days, 100, 2),
        **pools,
        opening_capital=-opening_cap.get(member, 0),
        share_capital=-closing_cap.get(member, 0),
        opening_reserve=v.memo["reserve_start"].get(member, 0),
        reserve_share=v.memo["reserve_end"].get(member, 0),
        opening_subsidy=v.memo["subsidy_start"].get(member, 0),
        opening_donation=v.memo["donation_start"].get(member, 0),
        subsidy_share=v.memo["subsidy_end"].get(member, 0),
        donation_share=v.memo["donation_end"].get(member, 0),
        capital_poverty=v.poverty_capital.get(member, 0),
        paid=paid,
        converted=conv,
        unpaid=pr + rd - paid - conv,
        labour_paid=v.labour_paid.get(member, 0),
        trade=v.trade.get(member, []),
        payments=v.payments.get(member, []),
        charter=v.charter.as_text(),
        approved_on=v.plan.approved_on if v.plan else None,
        ledger_digest=v.digest,
    )


def _fen_or_none(fen: int | None) -> str | None:
    return None if fen is None else format_fen(fen)


def _pool_shares(plan: PostedPlan | None, share: yearend.MemberShare | None) -> dict[str, Any]:
    """What a member can check by hand: each pool, the member's part of its basis as a
    percentage (pool × part = the amount, to the fen after largest remainder), and the
    dividend per mu of the member's average land in the year."""
    if plan is None or share is None:
        return dict(
            patronage_pool=None,
            residual_pool=None,
            patronage_part=None,
            residual_part=None,
            dividend_per_mu=None,
        )
    p = plan.plan

    def part(mine: int, total: int) -> str | None:
        if total <= 0:
            return None
        return format_fixed(
            round_fraction(Fraction(mine * 100 * 10**4, total), Rounding.HALF_UP), 4
        )

    total_patronage, total_residual = plan.basis_totals
    per_mu = None
    if share.mu_days > 0:  # fen per mu of average land: total ÷ (mu·days ÷ days)
        per_mu = round_fraction(
            Fraction(share.total * p.days * 10_000, share.mu_days), Rounding.HALF_UP
        )
    return dict(
        patronage_pool=p.patronage_pool,
        residual_pool=p.residual_pool,
        patronage_part=part(share.patronage_basis, total_patronage),
        residual_part=part(share.residual_basis, total_residual),
        dividend_per_mu=per_mu,
    )


def statement_json(d: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "member_no": d["member_no"],
        "name": d["name"],
        "year": d["year"],
        "area_mu": format_area(d["area"]),
        "shares": format_fixed(round_fraction(d["shares"] * 10_000, Rounding.HALF_UP), 4),
        "base_payment": format_fen(d["base_payment"]),
        "provisional": d["provisional"],
        "parcels_in_year": [
            {
                ("area_mu" if k == "area" else k): (format_area(v) if k == "area" else v)
                for k, v in p.items()
            }
            for p in d["parcels_in_year"]
        ],
        "base_rows": [
            {
                "parcel_no": r["parcel_no"],
                "area_mu": format_area(r["area"]),
                "rate": format_fen(r["rate"]),
                "amount": format_fen(r["amount"]),
                "paid_on": r["paid_on"],
                "voucher": r["voucher"],
            }
            for r in d["base_rows"]
        ],
        "patronage_return": format_fen(d["patronage_return"]),
        "residual_distribution": format_fen(d["residual_distribution"]),
        "dividend_total": format_fen(d["dividend_total"]),
        "share_capital": format_fen(d["share_capital"]),
        "reserve_share": format_fen(d["reserve_share"]),
        "subsidy_share": format_fen(d["subsidy_share"]),
        "donation_share": format_fen(d["donation_share"]),
        "capital_poverty": format_fen(d["capital_poverty"]),
        "capital_other": format_fen(d["share_capital"] - d["capital_poverty"]),
        "paid": format_fen(d["paid"]),
        "converted": format_fen(d["converted"]),
        "unpaid": format_fen(d["unpaid"]),
        "labour_paid": format_fen(d["labour_paid"]),
        "trade": [
            dict(r, quantity=format_quantity(r["quantity"]), amount=format_fen(r["amount"]))
            for r in d["trade"]
        ],
        "trade_amount": format_fen(sum(r["amount"] for r in d["trade"])),
        "ledger_digest": d["ledger_digest"],
        "opening_capital": format_fen(d["opening_capital"]),
        "opening_reserve_share": format_fen(d["opening_reserve"]),
        "opening_subsidy_share": format_fen(d["opening_subsidy"]),
        "opening_donation_share": format_fen(d["opening_donation"]),
        "mu_days": format_area(d["mu_days"]),
        "patronage_basis": d["patronage_basis"],
        "residual_basis": d["residual_basis"],
        "patronage_pool": _fen_or_none(d["patronage_pool"]),
        "residual_pool": _fen_or_none(d["residual_pool"]),
        "patronage_part_percent": d["patronage_part"],
        "residual_part_percent": d["residual_part"],
        "dividend_per_mu": _fen_or_none(d["dividend_per_mu"]),
        "approved_on": d["approved_on"],
        "payments": d["payments"],
        "parcels": [
            dict(
                parcel_no=p["parcel_no"],
                area_mu=format_area(p["area"]),
                held_since=p["held_since"],
                contract_no=p["contract_no"],
                grade=p["grade"],
            )
            for p in d["parcels"]
        ],
    }


def member_accounts(ctx: Context, year: int) -> list[dict[str, Any]]:
    view = YearView(ctx, year)
    return [
        statement_json(member_year(ctx, m, year, view)) for m in weights.year_members(ctx, year)
    ]
