"""The residual basis as a charter policy (operations.md §7.3): ``day_weighted`` (the
default, the holding summed over the days of the year) or ``year_end`` (the holding at the
year end), each exact to the fen by largest remainder."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.conftest import Coop


def _year(coop: Coop, *policy: str) -> Coop:
    for m in ("M1", "M2", "M3"):
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", "2024-01-01")
    for m, parcel, area, day in (("M1", "P1", "2", "01-01"), ("M2", "P2", "1", "01-01"),
                                 ("M3", "P3", "1.5", "07-01")):  # fmt: skip
        coop.ok("land", "contribute", m, "--parcel", parcel, "--area", area,
                "--date", f"2024-{day}")  # fmt: skip
    if policy:
        coop.ok("charter", "set", *policy, "--from-year", "2024")
    coop.ok("voucher", "add", "--date", "2024-06-01", "--memo", "销售", "--dr", "102", "10000",
            "--cr", "501", "10000")  # fmt: skip
    coop.ok("year", "close", "2024")
    return coop


def _plan(coop: Coop) -> Any:
    return coop.ok("distribute", "plan", "2024", "--format", "json").json()


def test_day_weighted_is_the_default(coop: Coop) -> None:
    plan = _plan(_year(coop))
    assert plan["residual_basis_kind"] == "day_weighted"
    assert plan["patronage_basis_kind"] == "mu_days"
    bases = {m["member_no"]: m["residual_basis"] for m in plan["members"]}
    # M3's 1,500.00 held 184 of 366 days: 1,500 × 184 / 366 = 754.098… → 754.10
    assert bases == {"M1": "2000.00", "M2": "1000.00", "M3": "754.10"}
    # mu-days: 2 mu × 366, 1 mu × 366, 1.5 mu × 184 (from 07-01)
    mu_days = {m["member_no"]: m["mu_days"] for m in plan["members"]}
    assert mu_days == {"M1": "732.0000", "M2": "366.0000", "M3": "276.0000"}


def test_year_end_weighs_the_holding_at_the_year_end(coop: Coop) -> None:
    plan = _plan(_year(coop, "residual_basis", "year_end"))
    assert plan["residual_basis_kind"] == "year_end"
    assert plan["charter"]["residual_basis"] == "year_end"
    bases = {m["member_no"]: m["residual_basis"] for m in plan["members"]}
    assert bases == {"M1": "2000.00", "M2": "1000.00", "M3": "1500.00"}
    q = Decimal(plan["residual_pool"])  # 3,600.00, split 2,000 : 1,000 : 1,500
    parts = {m["member_no"]: Decimal(m["residual_distribution"]) for m in plan["members"]}
    assert parts == {"M1": q * 4 / 9, "M2": q * 2 / 9, "M3": q * 3 / 9}
    coop.ok("distribute", "post", "2024")
    coop.ok("check")


def test_the_policy_is_one_of_two(coop: Coop) -> None:
    r = coop("charter", "set", "residual_basis", "average", "--from-year", "2024")
    assert r.code == 2 and "residual_basis" in r.err and "year_end" in r.err
    shown: Any = coop.ok("charter", "show", "--format", "json").json()
    assert "day_weighted" in str(shown)
