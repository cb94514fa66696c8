"""Base payments (保底金): paid per parcel for a whole year, in-year or prepaid.

Each (year, parcel) is paid once: the base register keeps every run's rows,
and a row counts as paid while its voucher is not reversed. In-year runs book
Dr 52101 / Cr 102; runs before the year are prepayments, Dr 114@member /
Cr 102, recognized into 52101 on the year's first day by ``recognize``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from coop import grades, keys, land, posting
from coop.closing import unrecognized_prepayments
from coop.errors import NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.shares import held_on
from coop.store import repo, views
from coop.store.uow import Context
from ledger.entries import Line, Posted, Voucher
from ledger.i18n import tr
from ledger.money import Rounding, format_area, format_fen, parse_amount, round_fraction


@dataclass(frozen=True)
class PayResult:
    voucher: str | None
    paid: int
    total: int
    skipped_paid: int
    skipped_leaving: int


def base_of(area: int, rate: int) -> int:
    """round(area × rate per mu), half-up to the fen."""
    return round_fraction(Fraction(area * rate, 10_000), Rounding.HALF_UP)


def register_rows(ctx: Context, year: int | None = None) -> list[views.BaseRow]:
    return views.base_rows(ctx, year)


def paid_parcels(ctx: Context, year: int) -> set[str]:
    reversed_ = ctx.books.reversed_numbers()
    return {r.parcel_no for r in register_rows(ctx, year) if r.voucher not in reversed_}


def pay(ctx: Context, year: int, date: dt.date, rate_text: str | None) -> PayResult:
    if date > dt.date(year, 12, 31):
        raise NotAllowed(
            tr(
                "the base for {year} is paid on or before {year}-12-31, not {date}",
                year=year,
                date=date,
            )
        )
    override = (
        parse_amount(rate_text, allow_zero=True, what="rate") if rate_text is not None else None
    )
    scalar = repo.charter(ctx, year).base_rate
    table = grades.table(ctx, year)
    grade_of = grades.grades_in(ctx, year) if table else {}

    def rate_of(parcel_no: str) -> int:
        """--rate for every parcel; else the base rate of the parcel's grade in the year
        (operations.md §8); else the charter's."""
        if override is not None:
            return override
        g = table.get(grade_of.get(parcel_no) or "")
        return scalar if g is None else g.base_rate

    if ctx.books.is_closed(date.year):
        raise NotAllowed(tr("year {year} is closed", year=date.year))
    known = land.parcels(ctx)
    held = held_on(land.spells(ctx), date)
    done = paid_parcels(ctx, year)
    notices = repo.notices(ctx)
    first = dt.date(year, 1, 1)
    to_pay, skipped_paid, skipped_leaving = [], 0, 0
    rates: dict[str, int] = {}
    for parcel_no, spell in sorted(held.items()):
        if parcel_no in done:
            skipped_paid += 1
            continue
        notice = notices.get(spell.member_no)
        if notice is not None and dt.date.fromisoformat(notice.exit_on) <= first:
            skipped_leaving += 1
            continue
        rate = rate_of(parcel_no)
        amount = base_of(known[parcel_no].area, rate)
        if amount:
            to_pay.append((parcel_no, spell.member_no, known[parcel_no].area, amount))
            rates[parcel_no] = rate
    if not to_pay:
        return PayResult(None, 0, 0, skipped_paid, skipped_leaving)
    total = sum(a for *_, a in to_pay)
    prepaid = date.year < year
    debit: dict[str, str] = {}
    if prepaid:
        per_member: dict[str, int] = {}
        for _, member, _, amount in to_pay:
            per_member[member] = per_member.get(member, 0) + amount
        lines = [Line(Acct.MEMBER_CURRENT, amt, m) for m, amt in sorted(per_member.items())]
        memo, kind = f"预付{year}年土地保底金", K.BASE_PREPAY
    else:
        debit = crop_costs(ctx, year, [p for p, *_ in to_pay])
        by_leaf: dict[str, int] = {}
        for p, _m, _a, amount in to_pay:
            leaf = debit.get(p, Acct.BASE_EXPENSE)
            by_leaf[leaf] = by_leaf.get(leaf, 0) + amount
        lines = [Line(leaf, amt) for leaf, amt in sorted(by_leaf.items())]
        memo, kind = f"支付{year}年土地保底金", K.BASE
    ((posted, _),) = posting.post(
        ctx,
        [
            Voucher(
                date, memo, (*lines, Line(Acct.BANK, -total)), kind=kind, key=None, user=ctx.user
            )
        ],
    )
    repo.add_base_rows(
        ctx,
        posted.number,
        [
            dict(
                year=year,
                parcel_no=p,
                member_no=m,
                area=area,
                rate=rates[p],
                amount=amount,
                paid_on=date.isoformat(),
                prepaid=int(prepaid),
                **({} if prepaid or p not in debit else {"debit_account": debit[p]}),
            )
            for p, m, area, amount in to_pay
        ],
    )
    ctx.books.audit(
        "base", [f"{posted.number}: base for {year}, {len(to_pay)} parcels, {format_fen(total)}"]
    )
    return PayResult(posted.number, len(to_pay), total, skipped_paid, skipped_leaving)


def crop_costs(ctx: Context, year: int, parcels: list[str]) -> dict[str, str]:
    """Under ``base_cost capitalise`` (operations.md §5.4): each parcel's base for ``year``
    is a cost of the crop assigned to it for that year, its 401 leaf; refused, naming the
    first parcel without one. Under ``expense``: nothing (52101)."""
    if repo.charter(ctx, year).base_cost != "capitalise":
        return {}
    assigned = repo.land_assign_rows(ctx, year)
    crops = repo.crop_rows(ctx)
    out = {}
    for p in sorted(parcels):
        crop = assigned.get((year, p))
        if crop is None:
            raise NotAllowed(
                tr(
                    "parcel {parcel} has no crop for {year} and base_cost is capitalise: run "
                    "coop land assign --year {year} --crop …",
                    parcel=p,
                    year=year,
                )
            )
        out[p] = crops[crop]["cost_account"]
    return out


def recognize(ctx: Context, year: int) -> list[str]:
    """Move every unrecognized prepayment for ``year`` into 52101 (or, under ``base_cost
    capitalise``, the 401 leaves of the parcels' crops), dated ``year``-01-01."""
    out = []
    rows = views.base_rows(ctx, year, prepaid=True)
    for number in unrecognized_prepayments(ctx, year):
        prepay: Posted = ctx.books.voucher(number)
        lines = [
            Line(Acct.MEMBER_CURRENT, -ln.amount, ln.member)
            for ln in prepay.voucher.lines
            if ln.account == Acct.MEMBER_CURRENT
        ]
        total = -sum(ln.amount for ln in lines)
        mine = [r for r in rows if r.voucher == number]
        debit = crop_costs(ctx, year, [r.parcel_no for r in mine])
        by_leaf: dict[str, int] = {}
        for r in mine:
            leaf = debit.get(r.parcel_no, Acct.BASE_EXPENSE)
            by_leaf[leaf] = by_leaf.get(leaf, 0) + r.amount
        if sum(by_leaf.values()) != total:  # rows and voucher disagree: one 52101 line
            by_leaf = {Acct.BASE_EXPENSE: total}
        ((posted, _),) = posting.post(
            ctx,
            [
                Voucher(
                    dt.date(year, 1, 1),
                    f"确认{year}年预付土地保底金 (凭证 {number})",
                    (*(Line(a, v) for a, v in sorted(by_leaf.items())), *lines),
                    kind=K.BASE_RECOGNIZE,
                    key=keys.base_recognize(number),
                    user=ctx.user,
                )
            ],
        )
        out.append(posted.number)
    return out


def recognized_debits(ctx: Context, year: int) -> dict[str, str]:
    """parcel → the account its prepaid base for ``year`` was debited to when the
    prepayment was recognized (operations.md §5.4): the 401 leaf of its crop for the year
    under ``base_cost capitalise`` (the assignment cannot change once used), else 52101."""
    pending = set(unrecognized_prepayments(ctx, year))
    reversed_ = ctx.books.reversed_numbers()
    rows = [
        r
        for r in views.base_rows(ctx, year, prepaid=True)
        if r.voucher not in pending and r.voucher not in reversed_
    ]
    if not rows:
        return {}
    debit: dict[str, str] = {}
    if repo.charter(ctx, year).base_cost == "capitalise":
        crops = repo.crop_rows(ctx)
        assigned = repo.land_assign_rows(ctx, year).items()
        debit = {p: crops[c]["cost_account"] for (y, p), c in assigned if y == year}
    return {r.parcel_no: debit.get(r.parcel_no, Acct.BASE_EXPENSE) for r in rows}


def listing(ctx: Context, year: int) -> list[dict[str, Any]]:
    reversed_ = ctx.books.reversed_numbers()
    graded = grades.grades_in(ctx, year)
    recognized = recognized_debits(ctx, year)
    return [
        dict(
            member_no=r.member_no,
            parcel_no=r.parcel_no,
            grade=graded.get(r.parcel_no),
            area_mu=format_area(r.area),
            rate=format_fen(r.rate),
            amount=format_fen(r.amount),
            paid_on=r.paid_on,
            voucher=r.voucher,
            prepaid=bool(r.prepaid),
            reversed=r.voucher in reversed_,
            # where the base was debited: a crop's 401 leaf under base_cost capitalise
            # a prepayment: where its recognition debited it (None until recognized)
            debit_account=r.debit_account
            or (recognized.get(r.parcel_no) if r.prepaid else Acct.BASE_EXPENSE),
        )
        for r in sorted(register_rows(ctx, year), key=lambda r: (r.member_no, r.parcel_no))
    ]


def member_rows(ctx: Context, year: int) -> dict[str, list[views.BaseRow]]:
    """member → the year's register rows paid to them, leaving out reversed runs."""
    reversed_ = ctx.books.reversed_numbers()
    out: dict[str, list[views.BaseRow]] = {}
    for r in register_rows(ctx, year):
        if r.voucher not in reversed_:
            out.setdefault(r.member_no, []).append(r)
    return out
