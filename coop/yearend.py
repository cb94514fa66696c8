"""The year-end arithmetic of domain.md §7, pure: facts in, a plan out.

No database, click or clock: ``load_year`` (in ``coop.distribution``) reads the facts
of a closed year from the books into a ``YearFacts``; ``plan_for`` decides the
distribution from them, exact to the fen (integers, largest remainder, ties by member
number); ``plan_json`` shapes it for people and scripts. The unit tests run §7's
worked examples and the acceptance scenario's plans here, in milliseconds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from coop.charter import Charter
from coop.errors import BadInput
from ledger.i18n import tr
from ledger.money import (
    Rounding,
    allocate,
    divide,
    format_area,
    format_fen,
    format_fixed,
    round_fraction,
)


@dataclass(frozen=True)
class MemberFacts:
    member_no: str
    mu_days: int  # L_i: Σ area (1/10000 mu) × days held in the year
    residual_basis: int  # fen × days
    trade_amount: int = 0  # A_i: Σ fen of the member's trade records that count


@dataclass(frozen=True)
class YearFacts:
    """What §7 reads from the books for a closed year, in fen and basis units."""

    year: int
    days: int
    charter: Charter
    surplus: int  # S
    opening_undistributed: int  # U0
    reserve_cover: int  # T
    leavers_loss: int  # X
    members: tuple[MemberFacts, ...]  # everyone who was a member on some day, by number


@dataclass
class MemberShare:
    member_no: str
    patronage_basis: int  # the weight of P and R under the charter's patronage_basis
    residual_basis: int  # fen × days
    mu_days: int = 0  # L_i, 1/10000 mu × days
    trade_amount: int = 0  # A_i, fen
    patronage_return: int = 0
    residual_distribution: int = 0
    reserve_share: int = 0
    converted_patronage: int = 0  # cp: of the patronage return, converted into 股金
    converted_residual: int = 0  # cq: of the residual distribution, likewise

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
    convert: Fraction = Fraction(0)  # of P and Q, converted into 股金 at posting (O§2.7)

    @property
    def converted(self) -> int:
        return sum(m.converted_patronage + m.converted_residual for m in self.members)

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
        if self.convert:  # a plan without conversion keeps the digest it always had
            figures.append(
                [
                    _ratio(self.convert),
                    [
                        [m.member_no, m.converted_patronage, m.converted_residual]
                        for m in self.members
                    ],
                ]
            )
        return hashlib.sha256(json.dumps(figures).encode()).hexdigest()


def _ratio(r: Fraction) -> str:
    """A ratio of at most four decimals as its text (``0.5000``)."""
    return format_fixed(round_fraction(r * 10_000, Rounding.HALF_UP), 4)


def plan_for(facts: YearFacts, retain: int = 0, convert: Fraction = Fraction(0)) -> Plan:
    """domain.md §7, steps 5–9: reserve and welfare on the surplus net of a loss brought
    forward, the patronage pool (≥ the charter's ratio), what is retained, the residual
    pool, and each member's share of each, by largest remainder; then, with ``convert``,
    the part of each member's shares converted into 股金 at posting (operations.md §2.7:
    cp = round(p × RATIO), cq = round(q × RATIO), half-up to the fen)."""
    plan = _plan(facts, retain)
    plan.convert = convert
    if convert:
        for m in plan.members:
            m.converted_patronage = round_fraction(m.patronage_return * convert, Rounding.HALF_UP)
            m.converted_residual = round_fraction(
                m.residual_distribution * convert, Rounding.HALF_UP
            )
    return plan


def _plan(facts: YearFacts, retain: int) -> Plan:
    s, charter, year = facts.surplus, facts.charter, facts.year
    u = facts.opening_undistributed + facts.reserve_cover + facts.leavers_loss
    members = [m.member_no for m in facts.members]
    plan = Plan(
        year,
        facts.days,
        charter,
        s,
        facts.opening_undistributed,
        facts.reserve_cover,
        facts.leavers_loss,
        members=[
            MemberShare(m.member_no, w, m.residual_basis, m.mu_days, m.trade_amount)
            for m, w in zip(facts.members, patronage_weights(facts), strict=True)
        ],
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
                tr(
                    "--retain {retain} is more than the {left} left after the patronage pool",
                    retain=format_fen(retain),
                    left=format_fen(d - plan.patronage_pool),
                ),
                field="retain",
            )
        plan.retained = retain
        plan.residual_pool = d - plan.patronage_pool - retain
    else:
        _no_retain(retain, year)
    _allocate(plan, members)
    return plan


def patronage_weights(facts: YearFacts) -> list[int]:
    """The weights of 盈余返还 and of the reserve's quantification (operations.md §7.2):
    L_i (``mu_days``), A_i (``trade_amount``) or, under ``mixed`` with a = the trade
    weight × 10000, w_i = a·A_i·ΣL + (10000 − a)·L_i·ΣA (L_i when ΣA = 0, A_i when
    ΣL = 0). Sums over the year's members; negative parts weigh as they are (``pick``
    clamps at zero later, as for every basis)."""
    kind = facts.charter.patronage_basis
    land = [m.mu_days for m in facts.members]
    trade = [m.trade_amount for m in facts.members]
    if kind == "trade_amount":
        return trade
    if kind != "mixed":
        return land
    sum_l, sum_a = sum(land), sum(trade)
    if sum_a == 0:
        return land
    if sum_l == 0:
        return trade
    a = round_fraction(facts.charter.patronage_trade_weight * 10_000, Rounding.HALF_UP)
    return [a * ai * sum_l + (10_000 - a) * li * sum_a for li, ai in zip(land, trade, strict=True)]


def weight_total(plan: Plan) -> int:
    """Σw, the plan's positive patronage weights: what ``display_patronage`` divides by
    under ``mixed``. A caller that shows every member sums it once and passes it (summed
    per member, the plan of 100,000 members was quadratic)."""
    return sum(max(0, x.patronage_basis) for x in plan.members)


def display_patronage(plan: Plan, m: MemberShare, total: int | None = None) -> str:
    """A member's patronage basis as people read it: average mu (mu-days ÷ days, four
    decimals) under ``mu_days``; A_i in yuan under ``trade_amount``; w_i / Σw to six
    decimals under ``mixed`` (``total``: Σw, ``weight_total(plan)``, if the caller has
    it)."""
    kind = plan.charter.patronage_basis
    if kind == "trade_amount":
        return format_fen(m.patronage_basis)
    if kind == "mixed":
        if total is None:
            total = weight_total(plan)
        ratio = Fraction(max(0, m.patronage_basis) * 10**6, total) if total else Fraction(0)
        return format_fixed(round_fraction(ratio, Rounding.HALF_UP), 6)
    return format_basis(m.patronage_basis, plan.days, 10_000, 4)


def _no_retain(retain: int, year: int) -> None:
    if retain:
        raise BadInput(
            tr("--retain: there is nothing to distribute for {year}", year=year), field="retain"
        )


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
    total = weight_total(plan)
    return {
        **plan_json_head(plan),
        "members": [plan_member_json(plan, m, total) for m in plan.members],
        **plan_json_tail(plan),
    }


def plan_json_head(plan: Plan) -> dict[str, Any]:
    """``plan_json``'s keys before ``members`` (a listing streams the members)."""
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
        "patronage_basis_kind": plan.charter.patronage_basis,
        "residual_basis_kind": plan.charter.residual_basis,
    }


def plan_member_json(plan: Plan, m: MemberShare, total: int | None = None) -> dict[str, Any]:
    """A member's item of ``plan_json``'s ``members`` (``total``: ``weight_total(plan)``,
    summed once by a caller that lists every member)."""
    return {
        "member_no": m.member_no,
        "patronage_basis": display_patronage(plan, m, total),
        "patronage_return": format_fen(m.patronage_return),
        "residual_basis": format_basis(m.residual_basis, plan.days, 100, 2),
        "residual_distribution": format_fen(m.residual_distribution),
        "reserve_share": format_fen(m.reserve_share),
        "total": format_fen(m.total),
        # Σ area × days held (1/10000 mu-days): the patronage basis under mu_days
        "mu_days": format_area(m.mu_days),
        "trade_amount": format_fen(m.trade_amount),
        "converted": format_fen(m.converted_patronage + m.converted_residual),
        "converted_patronage": format_fen(m.converted_patronage),
        "converted_residual": format_fen(m.converted_residual),
    }


def plan_json_tail(plan: Plan) -> dict[str, Any]:
    """``plan_json``'s keys after ``members``."""
    return {"convert_ratio": _ratio(plan.convert), "converted": format_fen(plan.converted)}


def format_basis(value: int, days: int, unit: int, digits: int) -> str:
    """A basis for display: value ÷ days in the unit, half-up to ``digits`` decimals."""
    scaled = divide(value * 10**digits, days * unit, Rounding.HALF_UP)
    return format_fixed(scaled, digits)
