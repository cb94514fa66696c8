"""Equity beyond land (operations.md §2, in part; the worked example of §10): cash with a
premium and a source, a tractor contributed in kind with 2,000.00 to 321 and the poverty
tag, a donation of 3,000.00 quantified 750.00 each, and what the 成员账户 shows."""

from __future__ import annotations

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
    coop.ok("check")
