"""The depreciation schedule (operations.md §3.3) as a property of the pure ``Asset``: for
any cost, residual value and life, and any revisions in month order, it starts the month
after the asset came into use, each segment's months follow one another, no month's
amount is negative, and the amounts add up to exactly the cost less the residual value
in force at the end (when the last segment has months left)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coop.assets import Asset, add_months


def _asset(cost: int, residual: int, life: int, revisions: list[dict[str, object]]) -> Asset:
    row = dict(
        asset_no="A1",
        cost=cost,
        residual=residual,
        life_months=life,
        accumulated=0,
        months_used=0,
        nominal=0,
        mode="pay",
        in_service="2024-01-15",
        cost_centre="40101",
    )
    return Asset(row, [], None, tuple(revisions))


@st.composite
def assets(draw: st.DrawFn) -> tuple[Asset, int]:
    cost = draw(st.integers(1, 10**9))
    residual = draw(st.integers(0, cost - 1))
    life = draw(st.integers(1, 240))
    revisions: list[dict[str, object]] = []
    month, final_residual = "2024-02", residual
    for _ in range(draw(st.integers(0, 3))):
        month = add_months(month, draw(st.integers(0, 30)))
        new_residual = draw(st.none() | st.integers(0, cost - 1))
        revision: dict[str, object] = dict(
            from_month=month,
            life_months=draw(st.none() | st.integers(1, 300)),
            residual=new_residual,
            cost_centre=None,
        )
        _s, base, months, _u = _asset(cost, residual, life, [*revisions, revision]).segments()[-1]
        if months <= 0 or base < 0:
            break  # `asset revise` refuses it (exit 1), and every revision after it
        revisions.append(revision)
        final_residual = final_residual if new_residual is None else new_residual
    return _asset(cost, residual, life, revisions), final_residual


@given(assets())
def test_the_schedule_is_whole_and_exact(case: tuple[Asset, int]) -> None:
    asset, final_residual = case
    start, _base, months, _upto = asset.segments()[-1]
    schedule = asset.schedule()
    months_seen = sorted(schedule)
    assert months_seen[0] == "2024-02"  # the month after it came into use
    # each segment's months follow one another (a fully depreciated asset revised later
    # has a gap before its new segment: nothing is due in between)
    for seg_start, _base, seg_months, upto in asset.segments():
        assert all(add_months(seg_start, k) in schedule for k in range(upto))
        assert upto <= max(seg_months, 0)
    assert all(amount >= 0 for amount in schedule.values())
    assert sum(schedule.values()) == int(asset.row["cost"]) - final_residual
    assert months_seen[-1] == add_months(start, months - 1)


def test_an_unrevised_asset_is_the_straight_line() -> None:
    asset = _asset(12_000_00, 600_00, 60, [])
    schedule = asset.schedule()
    assert len(schedule) == 60 and set(schedule.values()) == {190_00}
