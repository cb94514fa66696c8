"""The statutory distribution of a year's surplus (domain.md §7), exact to the fen.

``compute`` follows §7 step by step and writes nothing; ``post`` writes the
distribution voucher, the 33201 transfer, the reserve-share entries and the
leavers' exits, and records the plan's digest so that a re-run is a no-op and
``check`` can recompute every posted year to the fen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from coop import closing, keys, leaving, posting, weights
from coop.charter import Charter
from coop.closing import surplus_of
from coop.errors import BadInput, NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import records, repo
from coop.store import tables as ct
from coop.store.uow import Context
from ledger.entries import Line, Voucher
from ledger.money import Rounding, allocate, format_fen, format_fixed, round_fraction
from ledger.store import tables as lt


@dataclass
class MemberShare:
    member_no: str
    patronage_basis: int  # 1/10000 mu × days
    residual_basis: int  # fen × days
    patronage_return: int = 0
    residual_distribution: int = 0
    reserve_share: int = 0

    @property
    def total(self) -> int:
        return self.patronage_return + self.residual_distribution


@dataclass
class Plan:
    year: int
    days: int
    charter: Charter
    surplus: int  # S
    opening_undistributed: int  # U0
    reserve_cover: int  # T
    leavers_loss: int  # X
    reserve: int = 0  # R
    welfare: int = 0  # W
    distributable: int = 0  # D, signed
    retained: int = 0  # K
    patronage_pool: int = 0  # P
    residual_pool: int = 0  # Q
    members: list[MemberShare] = field(default_factory=list)

    @property
    def allocated(self) -> int:
        return self.reserve + self.welfare + self.patronage_pool + self.residual_pool

    def digest(self) -> str:
        figures = [
            self.year,
            self.surplus,
            self.opening_undistributed,
            self.reserve_cover,
            self.leavers_loss,
            self.reserve,
            self.welfare,
            self.distributable,
            self.retained,
            self.patronage_pool,
            self.residual_pool,
            [
                [m.member_no, m.patronage_return, m.residual_distribution, m.reserve_share]
                for m in self.members
            ],
        ]
        return hashlib.sha256(json.dumps(figures).encode()).hexdigest()


# ----- reading the books ------------------------------------------------------------------------


def posted(ctx: Context, year: int) -> Any:
    return ctx.conn.execute(
        sa.select(ct.distribution).where(
            ct.distribution.c.coop_id == ctx.coop_id, ct.distribution.c.year == year
        )
    ).first()


def posted_years(ctx: Context) -> list[Any]:
    return list(
        ctx.conn.execute(
            sa.select(ct.distribution)
            .where(ct.distribution.c.coop_id == ctx.coop_id)
            .order_by(ct.distribution.c.year)
        )
    )


def _credit_33202(ctx: Context, kind: str, date_from: str, date_to: str) -> int:
    q = (
        sa.select(sa.func.coalesce(sa.func.sum(lt.line.c.amount), 0))
        .select_from(
            lt.line.join(
                lt.voucher,
                sa.and_(
                    lt.voucher.c.coop_id == lt.line.c.coop_id,
                    lt.voucher.c.year == lt.line.c.year,
                    lt.voucher.c.seq == lt.line.c.seq,
                ),
            )
        )
        .where(
            lt.line.c.coop_id == ctx.coop_id,
            lt.line.c.account == Acct.UNDISTRIBUTED,
            lt.voucher.c.kind == kind,
            lt.line.c.date >= date_from,
            lt.line.c.date <= date_to,
        )
    )
    return -int(ctx.conn.execute(q).scalar_one())


def require_previous_posted(ctx: Context, year: int, doing: str) -> None:
    first = ctx.books.first_year()
    if first is not None and first <= year - 1 and posted(ctx, year - 1) is None:
        raise NotAllowed(
            f"the distribution of {year - 1} is not posted: run "
            f"'coop distribute post {year - 1}' before {doing}"
        )


def require_posted_before_close(ctx: Context, year: int) -> None:
    require_previous_posted(ctx, year, f"closing {year}")


# ----- the plan ---------------------------------------------------------------------------------


def compute(ctx: Context, year: int, retain: int = 0) -> Plan:
    """domain.md §7, steps 1–9, with the charter in force for the year."""
    if not ctx.books.is_closed(year):
        raise NotAllowed(f"year {year} is not closed: run 'coop year close {year}' first")
    require_previous_posted(ctx, year, f"the distribution of {year}")
    charter = repo.charter(ctx, year)
    y0, y1 = f"{year:04d}-01-01", f"{year:04d}-12-31"
    s = surplus_of(ctx, year)
    u0 = -ctx.books.balance(Acct.UNDISTRIBUTED, as_of=dt.date(year - 1, 12, 31))
    t = _credit_33202(ctx, K.COVER_LOSS, y1, y1)
    x = _credit_33202(ctx, K.LEAVE, y0, y0)
    u = u0 + t + x
    members = weights.year_members(ctx, year)
    pat, res = weights.patronage(ctx, year), weights.residual(ctx, year)
    plan = Plan(
        year,
        weights.days_in(year),
        charter,
        s,
        u0,
        t,
        x,
        members=[MemberShare(m, pat.get(m, 0), res.get(m, 0)) for m in members],
    )
    plan.distributable = s + u
    if s + u <= 0:
        _no_retain(retain, year)
        return plan
    b = max(0, s + min(u, 0))
    plan.reserve = round_fraction(b * charter.reserve_rate, Rounding.HALF_UP)
    plan.welfare = round_fraction(b * charter.welfare_rate, Rounding.HALF_UP)
    d = s + u - plan.reserve - plan.welfare
    plan.distributable = d
    if d > 0:
        plan.patronage_pool = round_fraction(d * charter.patronage_ratio, Rounding.HALF_UP)
        if not 0 <= retain <= d - plan.patronage_pool:
            raise BadInput(
                f"--retain {format_fen(retain)} is more than the "
                f"{format_fen(d - plan.patronage_pool)} left after the patronage "
                "pool",
                field="retain",
            )
        plan.retained = retain
        plan.residual_pool = d - plan.patronage_pool - retain
    else:
        _no_retain(retain, year)
    _allocate(plan, members)
    return plan


def _no_retain(retain: int, year: int) -> None:
    if retain:
        raise BadInput(f"--retain: there is nothing to distribute for {year}", field="retain")


def _allocate(plan: Plan, members: list[str]) -> None:
    pat = [m.patronage_basis for m in plan.members]
    res = [m.residual_basis for m in plan.members]
    pat_w = [max(0, w) for w in pat]
    res_w = [max(0, w) for w in res]
    if not any(pat_w) and not any(res_w):
        # Step 9: nothing to weigh by; nothing is taken or distributed, D = S + U.
        plan.distributable = (
            plan.surplus + plan.opening_undistributed + plan.reserve_cover + plan.leavers_loss
        )
        plan.reserve = plan.welfare = plan.patronage_pool = plan.residual_pool = 0
        plan.retained = 0
        return
    by_pat = pat_w if any(pat_w) else res_w
    by_res = res_w if any(res_w) else pat_w
    for share, p, q, r in zip(
        plan.members,
        allocate(plan.patronage_pool, by_pat, members),
        allocate(plan.residual_pool, by_res, members),
        allocate(plan.reserve, by_pat, members),
        strict=True,
    ):
        share.patronage_return, share.residual_distribution, share.reserve_share = p, q, r


def plan_json(plan: Plan) -> dict[str, Any]:
    d = plan.distributable
    return {
        "year": plan.year,
        "surplus": format_fen(plan.surplus),
        "opening_undistributed": format_fen(plan.opening_undistributed),
        "reserve_cover": format_fen(plan.reserve_cover),
        "leavers_loss": format_fen(plan.leavers_loss),
        "reserve": format_fen(plan.reserve),
        "welfare": format_fen(plan.welfare),
        "distributable": format_fen(max(d, 0)),
        "retained": format_fen(plan.retained),
        "patronage_pool": format_fen(plan.patronage_pool),
        "residual_pool": format_fen(plan.residual_pool),
        "charter": plan.charter.as_text(),
        "members": [
            {
                "member_no": m.member_no,
                "patronage_basis": format_basis(m.patronage_basis, plan.days, 10_000, 4),
                "patronage_return": format_fen(m.patronage_return),
                "residual_basis": format_basis(m.residual_basis, plan.days, 100, 2),
                "residual_distribution": format_fen(m.residual_distribution),
                "reserve_share": format_fen(m.reserve_share),
                "total": format_fen(m.total),
            }
            for m in plan.members
        ],
    }


def format_basis(value: int, days: int, unit: int, digits: int) -> str:
    """A basis for display: value ÷ days in the unit, half-up to ``digits`` decimals."""
    scaled = round_fraction(Fraction(value * 10**digits, days * unit), Rounding.HALF_UP)
    return format_fixed(scaled, digits)


# ----- posting ----------------------------------------------------------------------------------


def post(
    ctx: Context, year: int, retain: int, approved_on: dt.date | None
) -> tuple[Plan, bool, list[str]]:
    plan = compute(ctx, year, retain)
    done = posted(ctx, year)
    if done is not None:
        if done.digest != plan.digest():
            raise NotAllowed(
                f"the distribution of {year} is already posted and the books now "
                "give a different result (or --retain differs)"
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
        lines += [
            Line(Acct.PATRONAGE_PAYABLE, -m.patronage_return, m.member_no) for m in plan.members
        ]
        lines += [
            Line(Acct.RESIDUAL_PAYABLE, -m.residual_distribution, m.member_no) for m in plan.members
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
        [(m.member_no, "reserve", m.reserve_share) for m in plan.members],
    )
    row = dict(
        year=year,
        retained=plan.retained,
        approved_on=approved_on.isoformat() if approved_on else None,
        digest=plan.digest(),
    )
    (seq,) = ctx.books.append_links([("distribution", records.distribution_fields(row))])
    ctx.conn.execute(ct.distribution.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))
    ctx.books.audit("distribute", [f"distribution of {year} posted: {format_fen(plan.allocated)}"])
    numbers += leaving.carry_out(ctx, year, plan)
    return plan, True, numbers


def demo_year_end(ctx: Context, year: int) -> list[str]:
    """The demo's year end: close and post the distribution, approved on 10 January of
    the new year. Paying it is left to the person trying the demo
    (``coop distribute pay 2020 --date 2021-01-20``)."""
    closing.close_year(ctx, year)
    plan, _, _ = post(ctx, year, 0, dt.date(year + 1, 1, 10))
    return [
        f"closed {year} (surplus {format_fen(plan.surplus)}) and posted its distribution:"
        f" reserve {format_fen(plan.reserve)}, patronage {format_fen(plan.patronage_pool)},"
        f" residual {format_fen(plan.residual_pool)}"
    ]
