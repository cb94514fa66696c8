"""The statutory distribution of a year's surplus (domain.md §7), exact to the fen.

``compute`` follows §7 step by step and writes nothing; ``post`` writes the
distribution voucher, the 33201 transfer, the reserve-share entries and the
leavers' exits, and records the plan's digest so that a re-run is a no-op and
``check`` can recompute every posted year to the fen.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from coop import closing, keys, leaving, posting, trade, weights
from coop.closing import surplus_of
from coop.errors import NotAllowed
from coop.kinds import CONVERTED_PATRONAGE, CONVERTED_RESIDUAL, YEAR_OPENING, Acct
from coop.kinds import VoucherKind as K
from coop.store import repo, views
from coop.store.uow import Context
from coop.yearend import MemberFacts, Plan, YearFacts, plan_for
from coop.yearend import MemberShare as MemberShare  # re-exported
from coop.yearend import format_basis as format_basis  # re-exported
from coop.yearend import plan_json as plan_json  # re-exported
from coop.yearend import plan_json_head as plan_json_head
from coop.yearend import plan_json_tail as plan_json_tail
from coop.yearend import plan_member_json as plan_member_json
from coop.yearend import weight_total as weight_total
from ledger.entries import Line, Voucher
from ledger.i18n import tr
from ledger.money import allocate, format_fen

# ----- reading the books ------------------------------------------------------------------------


def posted(ctx: Context, year: int) -> views.PostedDistribution | None:
    found = views.distributions(ctx, year)
    return found[0] if found else None


def posted_years(ctx: Context) -> list[views.PostedDistribution]:
    return views.distributions(ctx)


def _credit_33202(ctx: Context, kind: str, date_from: dt.date, date_to: dt.date) -> int:
    return -views.line_total(
        ctx,
        views.Lines(
            accounts=(Acct.UNDISTRIBUTED,), kinds=(kind,), date_from=date_from, date_to=date_to
        ),
    )


def require_previous_posted(ctx: Context, year: int, doing: str) -> None:
    first = ctx.books.first_year()
    if first is not None and first <= year - 1 and posted(ctx, year - 1) is None:
        raise NotAllowed(
            tr(
                "the distribution of {year} is not posted: run "
                "'coop distribute post {year}' before {doing}",
                year=year - 1,
                doing=doing,
            )
        )


def require_posted_before_close(ctx: Context, year: int) -> None:
    require_previous_posted(ctx, year, tr("closing {year}", year=year))


# ----- the plan ---------------------------------------------------------------------------------


def load_year(ctx: Context, year: int) -> YearFacts:
    """The facts of a closed year that §7 reads (read, then decide: ``plan_for``)."""
    y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    pat, res = weights.patronage(ctx, year), weights.residual(ctx, year)
    charter = repo.charter(ctx, year)
    amounts = trade.member_amounts(ctx, year, charter.patronage_trade_kinds)
    return YearFacts(
        year=year,
        days=weights.days_in(year),
        charter=charter,
        surplus=surplus_of(ctx, year),
        # U0 at the start of the year, its year-opening vouchers included (statutory.md §1.2)
        opening_undistributed=-ctx.books.balance(
            Acct.UNDISTRIBUTED, as_of=dt.date(year - 1, 12, 31)
        )
        - sum(
            amount
            for code, amount in views.year_opening_totals(ctx, year, tuple(sorted(YEAR_OPENING)))
            if code == Acct.UNDISTRIBUTED
        ),
        reserve_cover=_credit_33202(ctx, K.COVER_LOSS, y1, y1),
        leavers_loss=_credit_33202(ctx, K.LEAVE, y0, y0),
        members=tuple(
            MemberFacts(m, pat.get(m, 0), res.get(m, 0), amounts.get(m, 0))
            for m in weights.year_members(ctx, year)
        ),
    )


def compute(ctx: Context, year: int, retain: int = 0, convert: Fraction = Fraction(0)) -> Plan:
    """domain.md §7, steps 1–9, with the charter in force for the year: read, decide;
    ``convert``: the part converted into 股金 at posting (operations.md §2.7)."""
    if not ctx.books.is_closed(year):
        raise NotAllowed(
            tr("year {year} is not closed: run 'coop year close {year}' first", year=year)
        )
    require_previous_posted(ctx, year, tr("the distribution of {year}", year=year))
    return plan_for(load_year(ctx, year), retain, convert)


def compute_posted(ctx: Context, row: views.PostedDistribution) -> Plan:
    """The plan of a posted distribution, as the books give it now."""
    return compute(ctx, row.year, row.retained, row.convert)


# ----- posting ----------------------------------------------------------------------------------


def post(
    ctx: Context,
    year: int,
    retain: int,
    approved_on: dt.date | None,
    convert: Fraction = Fraction(0),
) -> tuple[Plan, bool, list[str]]:
    plan = compute(ctx, year, retain, convert)
    done = posted(ctx, year)
    if done is not None:
        if done.digest != plan.digest():
            raise NotAllowed(
                tr(
                    "the distribution of {year} is already posted and the books now "
                    "give a different result (or --retain or --convert differs)",
                    year=year,
                )
            )
        return plan, False, []
    end = dt.date(year, 12, 31)
    numbers = []
    total = plan.allocated
    if total:
        lines = [
            Line(Acct.DISTRIBUTION, total),
            Line(Acct.RESERVE, -plan.reserve),
            Line(Acct.WELFARE, -plan.welfare),
        ]
        # What is converted into 股金 at posting is credited to 301@M, not owed (O§2.7).
        lines += [
            Line(Acct.PATRONAGE_PAYABLE, -(m.patronage_return - m.converted_patronage), m.member_no)
            for m in plan.members
        ]
        lines += [
            Line(
                Acct.RESIDUAL_PAYABLE,
                -(m.residual_distribution - m.converted_residual),
                m.member_no,
            )
            for m in plan.members
        ]
        lines += [
            Line(
                Acct.SHARE_CAPITAL,
                -(m.converted_patronage + m.converted_residual),
                m.member_no,
            )
            for m in plan.members
        ]
        lines = [ln for ln in lines if ln.amount]
        ((p1, _),) = posting.post(
            ctx,
            [
                Voucher(
                    end,
                    f"{year}年盈余分配",
                    tuple(lines),
                    kind=K.DISTRIBUTION,
                    key=keys.distribution(year),
                    user=ctx.user,
                )
            ],
            closed_ok=frozenset({"distribution"}),
        )
        ((p2, _),) = posting.post(
            ctx,
            [
                Voucher(
                    end,
                    f"{year}年结转各项分配",
                    (Line(Acct.UNDISTRIBUTED, total), Line(Acct.DISTRIBUTION, -total)),
                    kind=K.DISTRIBUTION_TRANSFER,
                    key=keys.distribution_transfer(year),
                    user=ctx.user,
                )
            ],
            closed_ok=frozenset({K.DISTRIBUTION_TRANSFER}),
        )
        numbers = [p1.number, p2.number]
    repo.add_memo(
        ctx,
        end,
        year,
        "distribution",
        [(m.member_no, "reserve", m.reserve_share) for m in plan.members]
        # which of the conversion came from which pool (the 301 line holds their sum)
        + [(m.member_no, CONVERTED_PATRONAGE, m.converted_patronage) for m in plan.members]
        + [(m.member_no, CONVERTED_RESIDUAL, m.converted_residual) for m in plan.members],
    )
    if plan.charter.share_requantify == "reaverage":
        requantify(ctx, year)
    row = dict(
        year=year,
        retained=plan.retained,
        approved_on=approved_on.isoformat() if approved_on else None,
        digest=plan.digest(),
        convert_ratio=plan_json(plan)["convert_ratio"] if plan.convert else None,
    )
    repo.add_distribution(ctx, row)
    ctx.books.audit("distribute", [f"distribution of {year} posted: {format_fen(plan.allocated)}"])
    numbers += leaving.carry_out(ctx, year, plan)
    return plan, True, numbers


def requantify(ctx: Context, year: int) -> None:
    """成员账户 note 3 under ``share_requantify reaverage`` (statutory.md §6.4): each fund's
    shares (subsidy, donation) evened out, on 31 December, among the members of that day
    who stay into the next year, in member-number order; a leaver's share goes to them.
    Σ entries = 0 per fund. Written before the leavers' exit, which then pools nothing."""
    end = dt.date(year, 12, 31)
    going = set(leaving.leavers(ctx, end + dt.timedelta(days=1)))
    stay = [m for m in weights.members_on(ctx, end) if m not in going]
    if not stay:
        return
    entries: list[tuple[str, str, int]] = []
    for fund in ("subsidy", "donation"):
        held = repo.memo_balances(ctx, fund, as_of=end)
        total = sum(held.values())
        even = dict(zip(stay, allocate(total, [1] * len(stay), stay), strict=True))
        entries += [(m, fund, even[m] - held.get(m, 0)) for m in stay]
        entries += [(m, fund, -v) for m, v in sorted(held.items()) if m not in even]
    repo.add_memo(ctx, end, year, "requantify", entries)


def demo_year_end(ctx: Context, year: int) -> list[str]:
    """The demo's year end: close and post the distribution, approved on 10 January of
    the new year. Paying it is left to the person trying the demo
    (``coop distribute pay 2020 --date 2021-01-20``)."""
    closing.close_year(ctx, year)
    plan, _, _ = post(ctx, year, 0, dt.date(year + 1, 1, 10))
    return [
        tr(
            "closed {year} (surplus {surplus}) and posted its distribution: reserve {reserve}, "
            "patronage {patronage}, residual {residual}",
            year=year,
            surplus=format_fen(plan.surplus),
            reserve=format_fen(plan.reserve),
            patronage=format_fen(plan.patronage_pool),
            residual=format_fen(plan.residual_pool),
        )
    ]
