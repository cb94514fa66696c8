"""Equity beyond land (operations.md §2, in part; the worked example of §10): cash with a
premium and a source, a tractor contributed in kind with 2,000.00 to 321 and the poverty
tag, a donation of 3,000.00 quantified 750.00 each, and what the 成员账户 shows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import Coop

TRACTOR = (
    "member", "contribute-asset", "M4", "--date", "2024-07-01", "--account", "151",
    "--value", "12000", "--capital", "10000", "--source", "poverty", "--asset", "FA01",
    "--name", "手扶拖拉机", "--life-months", "60", "--residual", "600",
    "--cost-centre", "40101", "--poverty", "--approved-on", "2024-06-30",
)  # fmt: skip


def _four(coop: Coop) -> Coop:
    for m in ("M1", "M2", "M3", "M4"):
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", "2024-01-01")
    coop.ok("account", "add", "40101", "生产成本—金银花")
    return coop


def _lines(coop: Coop, number: str) -> list[tuple[str, str | None, str, str]]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [(ln["account"], ln["member_no"], ln["debit"], ln["credit"]) for ln in v["lines"]]


def test_the_worked_example_equity(coop: Coop) -> None:
    _four(coop)
    cash = coop.ok("member", "contribute", "M4", "--amount", "10000", "--date", "2024-01-01",
                   "--source", "poverty").out.strip()  # fmt: skip
    assert _lines(coop, cash) == [
        ("102", None, "10000.00", "0.00"),
        ("301", "M4", "0.00", "10000.00"),
    ]
    premium = coop.ok("member", "contribute", "M1", "--amount", "12000", "--capital", "10000",
                      "--date", "2024-01-02", "--debit", "101").out.strip()  # fmt: skip
    assert _lines(coop, premium) == [
        ("101", None, "12000.00", "0.00"),
        ("301", "M1", "0.00", "10000.00"),
        ("321", None, "0.00", "2000.00"),
    ]
    gift = coop.ok("donation", "receive", "--date", "2024-05-01", "--amount", "3000",
                   "--donor", "某农业公司").out.strip()  # fmt: skip
    assert _lines(coop, gift) == [
        ("102", None, "3000.00", "0.00"),
        ("311", None, "0.00", "3000.00"),
    ]
    tractor = coop.ok(*TRACTOR).out.strip()
    assert _lines(coop, tractor) == [
        ("151", None, "12000.00", "0.00"),
        ("301", "M4", "0.00", "10000.00"),
        ("321", None, "0.00", "2000.00"),
    ]
    card: Any = coop.ok("asset", "show", "FA01", "--format", "json").json()
    assert card["asset"]["source"] == "member:M4" and card["asset"]["poverty"] is True
    aug: Any = coop.ok("asset", "depreciate", "--month", "2024-08", "--format", "json").json()
    assert aug["total"] == "190.00"
    account: Any = coop.ok("report", "member-account", "M4", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    assert account["closing"]["capital_poverty"] == "20000.00"
    assert account["closing"]["capital_other"] == "0.00"
    assert account["closing"]["donation_share"] == "750.00"
    summary: Any = coop.ok("report", "member-accounts", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    shares = {r["member_no"]: (r["donation_share"], r["capital_poverty"], r["capital_other"])
              for r in summary["members"]}  # fmt: skip
    assert shares == {
        "M1": ("750.00", "0.00", "10000.00"),
        "M2": ("750.00", "0.00", "0.00"),
        "M3": ("750.00", "0.00", "0.00"),
        "M4": ("750.00", "20000.00", "0.00"),
    }
    coop.ok("check")


def test_refusals(coop: Coop) -> None:
    _four(coop)
    for args, code in (
        (
            (
                "member",
                "contribute",
                "M1",
                "--amount",
                "100",
                "--capital",
                "200",
                "--date",
                "2024-01-02",
            ),
            1,
        ),
        (
            (
                "member",
                "contribute",
                "M1",
                "--amount",
                "100",
                "--date",
                "2024-01-02",
                "--source",
                "aid",
            ),
            2,
        ),
        (
            (
                "member",
                "contribute",
                "M1",
                "--amount",
                "100",
                "--date",
                "2024-01-02",
                "--debit",
                "501",
            ),
            1,
        ),
        (
            (
                "member",
                "contribute-asset",
                "M1",
                "--date",
                "2024-03-01",
                "--account",
                "121",
                "--value",
                "100",
            ),
            2,  # stock comes in with its product and quantity (operations.md §2.2)
        ),
        (
            (
                "member",
                "contribute-asset",
                "M1",
                "--date",
                "2024-03-01",
                "--account",
                "151",
                "--value",
                "100",
            ),
            2,
        ),
        (
            (
                "member",
                "contribute-asset",
                "M1",
                "--date",
                "2024-03-01",
                "--account",
                "151",
                "--value",
                "100",
                "--capital",
                "150",
                "--asset",
                "X",
                "--name",
                "犁",
                "--life-months",
                "12",
                "--cost-centre",
                "40101",
            ),
            1,
        ),  # a discount, 321 empty
        (
            ("donation", "receive", "--date", "2023-05-01", "--amount", "10", "--donor", "某"),
            1,
        ),
    ):
        r = coop(*args)
        assert r.code == code and r.err.count("\n") == 1, (args, r.code, r.err)
    assert coop("voucher", "show", "2024-1").code == 1  # nothing was written


def test_a_leavers_donation_share_is_pooled(coop: Coop) -> None:
    _four(coop)
    coop.ok("donation", "receive", "--date", "2024-05-01", "--amount", "1000", "--donor", "某")
    coop.ok("member", "contribute", "M1", "--amount", "100", "--date", "2024-01-02")
    coop.ok("member", "withdraw", "M4", "--date", "2024-06-01")
    coop.ok("year", "close", "2024")
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    summary: Any = coop.ok("report", "member-accounts", "--year", "2025", "--format",
                           "json").json()  # fmt: skip
    shares = {r["member_no"]: r["donation_share"] for r in summary["members"]}
    assert shares == {"M1": "333.34", "M2": "333.33", "M3": "333.33"}  # M4's 250 pooled
    statement: Any = coop.ok("statement", "M1", "--year", "2025", "--format", "json").json()
    assert (statement["opening_donation_share"], statement["donation_share"]) == (
        "250.00",  # 1,000.00 among four at the end of 2024
        "333.34",
    )
    assert all(p["grade"] is None for p in statement["parcels"])
    coop.ok("check")


def test_reserves_converted_into_capital(coop: Coop) -> None:
    _four(coop)
    coop.ok("member", "contribute", "M1", "--amount", "12000", "--capital", "10000",
            "--date", "2024-01-02")  # fmt: skip
    coop.ok("member", "contribute", "M2", "--amount", "5000", "--date", "2024-01-02")
    r = coop("equity", "capitalise", "--from", "321", "--amount", "3000", "--date", "2024-03-01")
    assert r.code == 1 and "2000.00" in r.err  # 321 holds the premium only
    done: Any = coop.ok("equity", "capitalise", "--from", "321", "--amount", "1000", "--date",
                        "2024-03-01", "--format", "json").json()  # fmt: skip
    # by capital on the day before: 10,000 and 5,000 → 666.67 and 333.33
    assert done["quantified"] == [
        {"member_no": "M1", "amount": "666.67"},
        {"member_no": "M2", "amount": "333.33"},
    ]
    equal: Any = coop.ok("equity", "capitalise", "--from", "321", "--amount", "1000", "--date",
                         "2024-03-02", "--basis", "equal", "--format", "json").json()  # fmt: skip
    assert [q["amount"] for q in equal["quantified"]] == ["250.00"] * 4
    for args, code in (
        (("--from", "32202", "--amount", "1"), 1),
        (("--from", "32201", "--amount", "1", "--basis", "equal"), 2),
        (("--from", "331", "--amount", "1"), 2),
        (("--from", "32201", "--amount", "1"), 1),  # no reserve yet
    ):
        r = coop("equity", "capitalise", *args, "--date", "2024-03-03")
        assert r.code == code and r.err.count("\n") == 1, (args, r.err)
    account: Any = coop.ok("report", "member-account", "M1", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    assert account["closing"]["capital_other"] == "10916.67"  # 10,000 + 666.67 + 250
    coop.ok("check")


def test_the_surplus_reserve_converted_by_its_shares(tmp_path: Path) -> None:
    demo = Coop(str(tmp_path / "demo.db"), "YS", "sqlite")
    demo.ok("demo")
    before: Any = demo.ok("report", "member-accounts", "--year", "2020", "--format",
                          "json").json()  # fmt: skip
    reserve = {r["member_no"]: Decimal(r["reserve_share"]) for r in before["members"]}
    total = sum(reserve.values())
    done: Any = demo.ok("equity", "capitalise", "--from", "32201", "--amount", "1000",
                        "--date", "2021-03-01", "--format", "json").json()  # fmt: skip
    parts = {q["member_no"]: Decimal(q["amount"]) for q in done["quantified"]}
    assert sum(parts.values()) == Decimal(1000)
    assert all(parts[m] <= reserve[m] for m in parts)
    after: Any = demo.ok("report", "member-accounts", "--year", "2021", "--format",
                         "json").json()  # fmt: skip
    now = {r["member_no"]: Decimal(r["reserve_share"]) for r in after["members"]}
    assert sum(now.values()) == total - 1000
    assert all(now[m] == reserve[m] - parts.get(m, 0) for m in now)
    demo.ok("check")


def test_assets_received_in_kind(coop: Coop) -> None:
    _four(coop)
    gift = coop.ok("donation", "receive-asset", "--donor", "某农业公司", "--date", "2024-04-01",
                   "--account", "151", "--value", "4000", "--costs", "200", "--costs-from",
                   "102", "--asset", "FA05", "--name", "烘干机", "--life-months", "40",
                   "--cost-centre", "40101").out.strip()  # fmt: skip
    assert _lines(coop, gift) == [
        ("151", None, "4000.00", "0.00"),
        ("311", None, "0.00", "4000.00"),
        ("151", None, "200.00", "0.00"),
        ("102", None, "0.00", "200.00"),
    ]
    card: Any = coop.ok("asset", "show", "FA05", "--format", "json").json()
    assert card["asset"]["cost"] == "4200.00" and card["asset"]["source"] == "donation"
    old = coop.ok("donation", "receive-asset", "--donor", "老户", "--date", "2024-04-02",
                  "--account", "151", "--value", "1", "--nominal", "--reason", "无法估价",
                  "--costs", "50", "--costs-from", "102", "--asset", "FA06", "--name", "旧水车",
                  "--life-months", "12", "--cost-centre", "40101").out.strip()  # fmt: skip
    assert _lines(coop, old) == [
        ("151", None, "1.00", "0.00"),
        ("311", None, "0.00", "1.00"),
        ("529", None, "50.00", "0.00"),
        ("102", None, "0.00", "50.00"),
    ]
    nominal: Any = coop.ok("asset", "show", "FA06", "--format", "json").json()
    assert nominal["asset"]["nominal"] is True and nominal["schedule"] == []
    state = coop.ok("subsidy", "receive-asset", "--date", "2024-04-03", "--account", "151",
                    "--value", "8000", "--asset", "FA07", "--name", "喷灌设备",
                    "--life-months", "80", "--cost-centre", "40101").out.strip()  # fmt: skip
    assert _lines(coop, state)[:2] == [
        ("151", None, "8000.00", "0.00"),
        ("311", None, "0.00", "8000.00"),
    ]
    summary: Any = coop.ok("report", "member-accounts", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    shares = {r["member_no"]: (r["donation_share"], r["subsidy_share"]) for r in summary["members"]}
    assert shares["M1"] == ("1000.25", "2000.00") and shares["M4"] == ("1000.25", "2000.00")
    r = coop("donation", "receive-asset", "--donor", "某", "--date", "2024-04-04", "--account",
             "151", "--value", "5", "--nominal")  # fmt: skip
    assert r.code == 2  # --nominal needs --reason
    coop.ok("check")
