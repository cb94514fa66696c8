"""The pure year-end core (coop.yearend): domain.md §7's worked examples, the public
acceptance scenario's plans, and a property against an independent implementation —
all without a database."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.charter import Charter, parse_value
from coop.errors import BadInput
from coop.yearend import MemberFacts, YearFacts, plan_for, plan_json
from tests.property.test_coop_machine import half_up, oracle_allocate

HERE = Path(__file__).parent
ACCEPTANCE = HERE.parent / "e2e" / "acceptance" / "public-1"
CHARTER = Charter()  # reserve 10 %, welfare 0, patronage 60 %


def three_members(surplus: int) -> YearFacts:
    """domain.md §7's worked example: three members with 1.0000 mu each all year."""
    days = 366
    members = tuple(MemberFacts(m, 10_000 * days, 100_000 * days) for m in ("M1", "M2", "M3"))
    return YearFacts(2024, days, CHARTER, surplus, 0, 0, 0, members)


def test_worked_example_even() -> None:
    p = plan_for(three_members(10_000))
    assert (p.reserve, p.distributable, p.patronage_pool, p.residual_pool) == (
        1_000,
        9_000,
        5_400,
        3_600,
    )
    assert [(m.patronage_return, m.residual_distribution) for m in p.members] == [
        (1_800, 1_200)
    ] * 3


def test_worked_example_one_fen_more() -> None:
    p = plan_for(three_members(10_001))
    assert (p.reserve, p.distributable, p.patronage_pool) == (1_000, 9_001, 5_401)
    assert [m.patronage_return for m in p.members] == [1_801, 1_800, 1_800]  # by number
    assert sum(m.total for m in p.members) == p.patronage_pool + p.residual_pool


def test_a_loss_brought_forward_is_made_good_before_the_reserve() -> None:
    facts = replace(three_members(100_000), opening_undistributed=-30_000)
    p = plan_for(facts)
    assert p.reserve == 7_000  # 10 % of 1,000.00 − 300.00
    assert p.distributable == 100_000 - 30_000 - 7_000


def test_nothing_to_weigh_distributes_nothing() -> None:
    facts = replace(
        three_members(10_000), members=tuple(MemberFacts(f"M{i}", 0, 0) for i in (1, 2))
    )
    p = plan_for(facts)
    assert p.allocated == 0 and p.distributable == 10_000


def test_retaining_more_than_is_left_is_refused() -> None:
    with pytest.raises(BadInput):
        plan_for(three_members(10_000), retain=3_601)
    assert plan_for(three_members(10_000), retain=3_600).residual_pool == 0


def _facts(d: dict[str, Any]) -> YearFacts:
    charter = Charter(**{k: parse_value(k, v) for k, v in d["charter"].items()})  # type: ignore[arg-type]
    return YearFacts(
        d["year"],
        d["days"],
        charter,
        d["surplus"],
        d["opening_undistributed"],
        d["reserve_cover"],
        d["leavers_loss"],
        tuple(MemberFacts(m, p, r) for m, p, r in d["members"]),
    )


def _contains(got: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        return all(k in got and _contains(got[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return len(got) == len(expected) and all(map(_contains, got, expected))
    return bool(got == expected)


@pytest.mark.parametrize("year", ["2024", "2025"])
def test_the_acceptance_plans_from_their_facts(year: str) -> None:
    """The facts load_year read from the scenario's books (tests/unit/fixtures), decided
    here: the plan equals the acceptance JSON to the fen."""
    facts = json.loads((HERE / "fixtures" / "public-1-facts.json").read_text("utf-8"))[year]
    expected = json.loads((ACCEPTANCE / f"plan-{year}.json").read_text("utf-8"))
    got = plan_json(plan_for(_facts(facts)))
    assert _contains(got, expected), (got, expected)


def oracle_weights(f: YearFacts) -> list[Fraction]:
    """operations.md §7.2 as written: L_i, A_i, or a·A_i/ΣA + (1 − a)·L_i/ΣL."""
    land = [Fraction(m.mu_days) for m in f.members]
    trade = [Fraction(m.trade_amount) for m in f.members]
    kind, a = f.charter.patronage_basis, f.charter.patronage_trade_weight
    if kind == "mu_days":
        return land
    if kind == "trade_amount":
        return trade
    if sum(trade) == 0:
        return land
    if sum(land) == 0:
        return trade
    return [a * t / sum(trade) + (1 - a) * x / sum(land) for x, t in zip(land, trade, strict=True)]


def oracle(f: YearFacts) -> tuple[int, int, int, dict[str, tuple[int, int, int]]]:
    """§7 written again from the state machine's independent pieces."""
    s, u = f.surplus, f.opening_undistributed + f.reserve_cover + f.leavers_loss
    pat = {
        m.member_no: max(Fraction(0), w) for m, w in zip(f.members, oracle_weights(f), strict=True)
    }
    res = {m.member_no: max(0, m.residual_basis) for m in f.members}
    zero = {m: (0, 0, 0) for m in pat}
    if s + u <= 0 or not (any(pat.values()) or any(res.values())):
        return 0, 0, 0, zero
    b = max(0, s + min(u, 0))
    r = half_up(b * f.charter.reserve_rate)
    w = half_up(b * f.charter.welfare_rate)
    d = s + u - r - w
    pp = half_up(d * f.charter.patronage_ratio) if d > 0 else 0
    q = d - pp if d > 0 else 0
    by_p = pat if any(pat.values()) else res
    by_q = res if any(res.values()) else pat
    ap, aq, ar = oracle_allocate(pp, by_p), oracle_allocate(q, by_q), oracle_allocate(r, by_p)
    return r, pp, q, {m: (ap[m], aq[m], ar[m]) for m in pat}


@given(
    surplus=st.integers(-(10**9), 10**9),
    u0=st.integers(-(10**8), 10**8),
    reserve=st.integers(0, 30),
    ratio=st.integers(60, 100),
    bases=st.lists(
        st.tuples(st.integers(0, 10**7), st.integers(0, 10**9), st.integers(0, 10**8)),
        min_size=1,
        max_size=12,
    ),
    policy=st.sampled_from(("mu_days", "trade_amount", "mixed")),
    weight=st.integers(0, 10_000),
)
def test_the_pure_plan_agrees_with_an_independent_one(
    surplus: int,
    u0: int,
    reserve: int,
    ratio: int,
    bases: list[tuple[int, int, int]],
    policy: str,
    weight: int,
) -> None:
    """Any charter, any patronage basis (operations.md §7.2): the plan is the oracle's."""
    charter = Charter(
        reserve_rate=Fraction(reserve, 100),
        welfare_rate=Fraction(0),
        patronage_ratio=Fraction(ratio, 100),
        patronage_basis=policy,
        patronage_trade_weight=Fraction(weight, 10_000),
    )
    members = tuple(MemberFacts(f"M{i:03d}", p, r, a) for i, (p, r, a) in enumerate(bases))
    facts = YearFacts(2024, 366, charter, surplus, u0, 0, 0, members)
    plan = plan_for(facts)
    r, pp, q, shares = oracle(facts)
    assert (plan.reserve, plan.patronage_pool, plan.residual_pool) == (r, pp, q)
    assert {
        m.member_no: (m.patronage_return, m.residual_distribution, m.reserve_share)
        for m in plan.members
    } == shares


def test_the_plan_of_a_mixed_basis_is_listed_in_time_linear_in_the_members() -> None:
    """Under ``mixed`` a member's basis shows as w_i / Σw: Σw was summed again for each
    member, so the plan's JSON of 100,000 members was quadratic. Counted in Python calls
    (the generator's steps), the same on any machine: 4× the members, at most 6× the
    calls (quadratic: 16×)."""
    import cProfile
    import pstats

    charter = Charter(patronage_basis="mixed", patronage_trade_weight=Fraction(1, 2))

    def calls(n: int) -> int:
        members = tuple(MemberFacts(f"M{i:05d}", 10_000 * 366, 50_000, i * 100) for i in range(n))
        plan = plan_for(YearFacts(2024, 366, charter, 10**9, 0, 0, 0, members))
        profile = cProfile.Profile()
        profile.enable()
        listed = plan_json(plan)
        profile.disable()
        assert len(listed["members"]) == n
        return pstats.Stats(profile).total_calls  # type: ignore[attr-defined,no-any-return]

    small, large = calls(200), calls(800)
    assert large <= 6 * small, f"{small:,} calls at 200 members, {large:,} at 800"
