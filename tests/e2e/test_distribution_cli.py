"""The year end through the command line, with every amount worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop


def setup_members(
    coop: Coop,
    tmp: Path,
    areas: dict[str, str],
    joined: str = "2023-01-01",
    contributed: str | None = None,
) -> None:
    (tmp / "m.csv").write_text(
        "member_no,name,household,id_number,phone,joined_on\n"
        + "".join(f"{m},成员{m},,,,{joined}\n" for m in areas),
        encoding="utf-8",
    )
    (tmp / "p.csv").write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no\n"
        + "".join(f"{m},P{m},{a},{contributed or joined},HT-{m}\n" for m, a in areas.items()),
        encoding="utf-8",
    )
    coop.ok("member", "import", str(tmp / "m.csv"))
    coop.ok("land", "import", str(tmp / "p.csv"))


def plan(coop: Coop, year: int) -> dict[str, Any]:
    data = coop.ok("distribute", "plan", str(year), "--format", "json").json()
    assert isinstance(data, dict)
    return data


def by_member(p: dict[str, Any], field: str) -> dict[str, str]:
    return {m["member_no"]: m[field] for m in p["members"]}


@pytest.mark.parametrize(
    "income,expect",
    [
        (
            "100.00",
            {
                "reserve": "10.00",
                "distributable": "90.00",
                "patronage_pool": "54.00",
                "residual_pool": "36.00",
                "pat": ["18.00", "18.00", "18.00"],
                "res": ["12.00", "12.00", "12.00"],
            },
        ),
        (
            "100.01",
            {
                "reserve": "10.00",
                "distributable": "90.01",
                "patronage_pool": "54.01",
                "residual_pool": "36.00",
                "pat": ["18.01", "18.00", "18.00"],
                "res": ["12.00", "12.00", "12.00"],
            },
        ),
    ],
)
def test_worked_example_of_domain(
    make_coop: Any, tmp_path: Path, income: str, expect: dict[str, Any]
) -> None:
    coop: Coop = make_coop().init("--base-rate", "0", "--land-value-per-mu", "0")
    setup_members(coop, tmp_path, {"M1": "1.0000", "M2": "1.0000", "M3": "1.0000"})
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "收入",
        "--dr",
        "102",
        income,
        "--cr",
        "501",
        income,
    )
    # Memo-only land (value 0): the books begin with the 2024 voucher.
    coop.ok("year", "close", "2024")
    p = plan(coop, 2024)
    for k in ("reserve", "distributable", "patronage_pool", "residual_pool"):
        assert p[k] == expect[k], k
    assert list(by_member(p, "patronage_return").values()) == expect["pat"]
    assert list(by_member(p, "residual_distribution").values()) == expect["res"]
    assert by_member(p, "patronage_basis") == {"M1": "1.0000", "M2": "1.0000", "M3": "1.0000"}
    coop.ok("distribute", "post", "2024")
    again = coop.ok("distribute", "post", "2024", lang="en")
    assert "already posted" in again.err
    changed = coop("distribute", "post", "2024", "--retain", "1")
    assert changed.code == 1
    coop.ok("check")


def profit_loss_profit(coop: Coop, tmp: Path) -> None:
    setup_members(coop, tmp, {"A": "2.0000", "B": "1.0000"})
    for date, dr, cr, amt in [
        ("2023-09-01", "102", "501", "3000"),
        ("2024-09-01", "52102", "102", "1000"),
        ("2025-09-01", "102", "501", "1500"),
    ]:
        coop.ok("voucher", "add", "--date", date, "--memo", "x", "--dr", dr, amt, "--cr", cr, amt)


def test_profit_then_loss_then_profit(make_coop: Any, tmp_path: Path) -> None:
    coop: Coop = make_coop().init("--base-rate", "0")
    profit_loss_profit(coop, tmp_path)
    refused = coop("distribute", "plan", "2023", lang="en")
    assert refused.code == 1 and "not closed" in refused.err
    coop.ok("year", "close", "2023")
    p = plan(coop, 2023)
    # S = 3000; R = 300; D = 2700; P = 1620 by mu-days 2:1; Q = 1080 by capital 2000:1000.
    assert (p["surplus"], p["reserve"], p["distributable"]) == ("3000.00", "300.00", "2700.00")
    assert by_member(p, "patronage_return") == {"A": "1080.00", "B": "540.00"}
    assert by_member(p, "residual_distribution") == {"A": "720.00", "B": "360.00"}
    assert by_member(p, "reserve_share") == {"A": "200.00", "B": "100.00"}
    assert by_member(p, "residual_basis") == {"A": "2000.00", "B": "1000.00"}
    early = coop("year", "close", "2024")
    assert early.code == 1 and "distribute post 2023" in early.err
    coop.ok("distribute", "post", "2023")
    coop.ok("year", "close", "2024")
    p = plan(coop, 2024)
    # A loss: nothing reserved, nothing distributed, the loss carried in 33202.
    assert (p["surplus"], p["reserve"], p["distributable"], p["patronage_pool"]) == (
        "-1000.00",
        "0.00",
        "0.00",
        "0.00",
    )
    coop.ok("distribute", "post", "2024")
    coop.ok("year", "close", "2025")
    p = plan(coop, 2025)
    # U0 = -1000; reserve base B = 1500 - 1000 = 500; R = 50; D = 450; P = 270; Q = 180.
    assert (p["opening_undistributed"], p["reserve"], p["distributable"]) == (
        "-1000.00",
        "50.00",
        "450.00",
    )
    assert (p["patronage_pool"], p["residual_pool"]) == ("270.00", "180.00")
    assert by_member(p, "patronage_return") == {"A": "180.00", "B": "90.00"}
    # Residual basis: capital + reserve share 2200 : 1100.
    assert by_member(p, "residual_basis") == {"A": "2200.00", "B": "1100.00"}
    assert by_member(p, "residual_distribution") == {"A": "120.00", "B": "60.00"}
    # R = 50.00 by 2:1 → quotas 33.333 / 16.667: the spare fen goes to B's larger remainder.
    assert by_member(p, "reserve_share") == {"A": "33.33", "B": "16.67"}
    coop.ok("distribute", "post", "2025")
    tb = coop.ok("report", "trial-balance", "--format", "json").json()
    bal = {a["code"]: a["balance"] for a in tb["accounts"]}  # type: ignore[index]
    # 33202 after 2025: -1000 + 1500 - (50 + 270 + 180) = -0: the loss is absorbed.
    assert "33202" not in bal and bal["32201"] == "-350.00"
    coop.ok("check")
    st = coop.ok("statement", "A", "--year", "2025", "--format", "json").json()
    assert st["reserve_share"] == "233.33" and st["dividend_total"] == "300.00"  # type: ignore[index]


def test_reserve_covers_a_loss(make_coop: Any, tmp_path: Path) -> None:
    coop: Coop = make_coop().init("--base-rate", "0")
    profit_loss_profit(coop, tmp_path)
    for y in ("2023",):
        coop.ok("year", "close", y)
        coop.ok("distribute", "post", y)
    coop.ok("year", "close", "2024")
    too_much = coop("reserve", "cover-loss", "--year", "2024", "--amount", "300.01")
    assert too_much.code == 1
    coop.ok("reserve", "cover-loss", "--year", "2024", "--amount", "300", "--ref", "会议1")
    again = coop.ok(
        "reserve", "cover-loss", "--year", "2024", "--amount", "300", "--ref", "会议1", lang="en"
    )
    assert "nothing to do" in again.err
    p = plan(coop, 2024)
    assert (p["reserve_cover"], p["distributable"]) == ("300.00", "0.00")
    coop.ok("distribute", "post", "2024")
    late = coop("reserve", "cover-loss", "--year", "2024", "--amount", "1")
    assert late.code == 1
    coop.ok("year", "close", "2025")
    p = plan(coop, 2025)
    # U0 = -700; B = 800; R = 80; D = 720; P = 432; Q = 288 by capital alone (2:1).
    assert (p["opening_undistributed"], p["reserve"], p["distributable"]) == (
        "-700.00",
        "80.00",
        "720.00",
    )
    assert by_member(p, "residual_distribution") == {"A": "192.00", "B": "96.00"}
    assert by_member(p, "residual_basis") == {"A": "2000.00", "B": "1000.00"}
    coop.ok("check")


def test_withdrawal_subsidy_settle_and_convert(make_coop: Any, tmp_path: Path) -> None:
    coop: Coop = make_coop().init("--base-rate", "0")
    setup_members(coop, tmp_path, {"A": "2.0000", "B": "1.0000"})
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-09-01",
        "--memo",
        "x",
        "--dr",
        "102",
        "3000",
        "--cr",
        "501",
        "3000",
    )
    coop.ok("subsidy", "receive", "--date", "2024-03-01", "--amount", "600.01")
    shed = coop.ok("voucher", "add", "--date", "2024-03-01", "--memo", "建棚", "--dr", "151",
                   "700", "--cr", "102", "700").out.strip()  # fmt: skip
    linked = ("--voucher", shed)
    over = coop("subsidy", "capitalise", "--date", "2024-03-01", "--amount", "600.02", *linked)
    assert over.code == 1
    coop.ok("subsidy", "capitalise", "--date", "2024-03-01", "--amount", "600.01", *linked)
    out = coop.ok("member", "withdraw", "B", "--date", "2024-09-30")
    assert out.out.strip() == "2025-01-01"
    late = coop.ok("member", "withdraw", "A", "--date", "2024-10-01")
    assert late.out.strip() == "2026-01-01"
    for y in ("2023", "2024"):
        coop.ok("year", "close", y)
        if y == "2024":
            p = plan(coop, 2024)
            assert by_member(p, "patronage_return") == {"A": "1080.00", "B": "540.00"}
            assert by_member(p, "reserve_share") == {"A": "200.00", "B": "100.00"}
        coop.ok("distribute", "post", y)
    # B left on 2025-01-01: land back in kind, reserve share 100.00 owed on 114.
    tb = coop.ok("report", "trial-balance", "--as-of", "2025-01-01", "--format", "json").json()
    bal = {a["code"]: a["balance"] for a in tb["accounts"]}  # type: ignore[index]
    assert bal["161"] == "2000.00" and bal["301"] == "-2000.00" and bal["114"] == "-100.00"
    land = coop.ok("land", "list", "--as-of", "2025-01-01", "--format", "json").json()
    assert [p["member_no"] for p in land["parcels"]] == ["A"]  # type: ignore[index]
    st = coop.ok("statement", "A", "--year", "2025", "--format", "json").json()
    assert st["subsidy_share"] == "600.01"  # type: ignore[index]
    settle = coop.ok("member", "settle", "B", "--date", "2025-01-05")
    assert "100.00" in settle.err
    assert "nothing" in coop.ok("member", "settle", "B", "--date", "2025-01-06", lang="en").err
    conv = coop(
        "distribute",
        "convert",
        "2024",
        "--member",
        "A",
        "--amount",
        "1774.22",
        "--date",
        "2025-02-01",
    )
    # A's residual basis counts the subsidy share from 2024-03-01 (306 days):
    # A 2000×366 + 300.01×306 = 823803.06, B 1000×366 + 300.00×306 = 457800.00 yuan-days,
    # so Q_A = 1080 × 823803.06 / 1281603.06 = 694.21 and A is owed 1080 + 694.21 = 1774.21.
    p = plan(coop, 2024)
    assert by_member(p, "residual_distribution") == {"A": "694.21", "B": "385.79"}
    assert conv.code == 1
    coop.ok(
        "distribute",
        "convert",
        "2024",
        "--member",
        "A",
        "--amount",
        "1100",
        "--date",
        "2025-02-01",
        "--ref",
        "大会2025",
    )
    coop.ok("distribute", "pay", "2024", "--date", "2025-02-02")
    st = coop.ok("statement", "A", "--year", "2024", "--format", "json").json()
    assert (st["converted"], st["paid"], st["unpaid"]) == ("1100.00", "674.21", "0.00")  # type: ignore[index]
    assert "nothing" in coop.ok("distribute", "pay", "2024", "--date", "2025-02-03", lang="en").err
    coop.ok("check")


def test_demo_closes_2020_and_distributes(empty_coop: Coop) -> None:
    coop = empty_coop
    r = coop.ok("demo")
    assert "700000.00" in r.out
    p = plan(coop, 2020)
    assert (
        p["surplus"],
        p["reserve"],
        p["distributable"],
        p["patronage_pool"],
        p["residual_pool"],
    ) == ("700000.00", "70000.00", "630000.00", "378000.00", "252000.00")
    assert len(p["members"]) == 220
    members = coop.ok("member", "list", "--format", "json").json()["members"]  # type: ignore[index]
    assert len(members) == 220
    from decimal import Decimal

    parcels = coop.ok("land", "list", "--format", "json").json()["parcels"]  # type: ignore[index]
    assert sum(Decimal(x["area_mu"]) for x in parcels) == Decimal("200.0000")
    led: Any = coop.ok("report", "ledger", "52101", "--year", "2020", "--format", "json").json()
    debits = sum(Decimal(x["amount"]) for x in led["lines"] if Decimal(x["amount"]) > 0)
    assert debits == Decimal("200000.00")
    tb: Any = coop.ok("report", "trial-balance", "--as-of", "2020-12-30", "--format", "json").json()
    net = -sum(Decimal(a["balance"]) for a in tb["accounts"] if a["code"].startswith("5"))
    assert net == Decimal("700000.00")
    silent = coop("check")  # silent: nothing on stdout or stderr, exit 0
    assert (silent.code, silent.out, silent.err) == (0, "", "")
    before = coop.ok("head", "--format", "json").json()
    again = coop("demo")  # the demo goes only into an empty database, even its own
    assert again.code == 1 and "演示账簿只建在新文件里" in again.err
    assert coop.ok("head", "--format", "json").json() == before


def test_demo_refuses_books_that_hold_anything(coop: Coop) -> None:
    """issue 10: `coop init … && coop demo` exits 1 and writes nothing."""
    before = coop.ok("head", "--format", "json").json()
    r = coop("demo", lang="en")
    assert r.code == 1 and r.err.count("\n") == 1 and "only in a new file" in r.err
    assert coop.ok("member", "list", "--format", "json").json() == {"members": []}
    assert coop.ok("head", "--format", "json").json() == before
