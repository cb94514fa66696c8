"""The charter's policies of the statutory set (operations.md §1.3, statutory.md §6.4, §7.1,
§9.7): ``share_requantify``, ``notes_material_amount``, ``disclosure_detail_threshold``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Coop


def _subsidised(coop: Coop, policy: str | None) -> Coop:
    """A and B from January, C from July; a subsidy capitalised in March (A and B get it);
    B gives notice in June and leaves on 2025-01-01."""
    if policy:
        coop.ok("charter", "set", "share_requantify", policy, "--from-year", "2024")
    for m, joined in (("A", "2024-01-01"), ("B", "2024-01-01"), ("C", "2024-07-01")):
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", joined)
    coop.ok("subsidy", "receive", "--date", "2024-02-01", "--amount", "1000")
    coop.ok("voucher", "add", "--date", "2024-03-01", "--memo", "建棚", "--dr", "151", "1000",
            "--cr", "102", "1000")  # fmt: skip
    coop.ok("subsidy", "capitalise", "--date", "2024-03-01", "--amount", "1000", "--voucher",
            "2024-2")  # fmt: skip
    coop.ok("member", "contribute", "A", "--amount", "100", "--date", "2024-01-02")
    coop.ok("member", "withdraw", "B", "--date", "2024-06-01")
    coop.ok("year", "close", "2024")
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    return coop


def _subsidy_shares(coop: Coop, year: str) -> dict[str, str]:
    data: Any = coop.ok("report", "member-accounts", "--year", year, "--format", "json").json()
    rows = data["members"] if isinstance(data, dict) else data
    return {r["member_no"]: r["subsidy_share"] for r in rows}


@pytest.mark.parametrize("policy", [None, "fixed"])
def test_fixed_keeps_the_split_and_pools_only_on_leaving(coop: Coop, policy: str | None) -> None:
    _subsidised(coop, policy)
    shares = _subsidy_shares(coop, "2025")
    # A keeps the 500 of March; B's 500 is pooled on leaving and split between A and C,
    # the members who stay (domain.md §7); nothing else moves the shares
    assert shares == {"A": "750.00", "C": "250.00"}
    account25: Any = coop.ok("report", "member-account", "C", "--year", "2025", "--format",
                           "json").json()  # fmt: skip
    assert account25["closing"]["subsidy_share"] == shares["C"]
    pooled = [e["subsidy_share"] for e in account25["entries"] if e["date"] == "2025-01-01"]
    assert pooled == ["250.00"]  # the leaver's share, on the day B leaves
    coop.ok("check")


def test_reaverage_evens_the_shares_out_at_the_distribution(coop: Coop) -> None:
    _subsidised(coop, "reaverage")
    shares = _subsidy_shares(coop, "2025")
    assert shares == {"A": "500.00", "C": "500.00"}
    account: Any = coop.ok("report", "member-account", "C", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    year_end = [e for e in account["entries"] if e["date"] == "2024-12-31"]
    assert [e["subsidy_share"] for e in year_end] == ["500.00"]
    assert account["closing"]["subsidy_share"] == "500.00"
    coop.ok("check")  # Σ subsidy shares = 311, each fund separately
    bad = coop("charter", "set", "share_requantify", "sometimes", "--from-year", "2025")
    assert bad.code == 2 and "fixed, reaverage" in bad.err


def test_disclosure_sums_small_lines_per_counter_account(coop: Coop) -> None:
    coop.ok("account", "add", "52301", "管理费用—办公")
    add = ("voucher", "add", "--date")
    coop.ok(*add, "2024-07-01", "--memo", "销售", "--dr", "102", "5000", "--cr", "502", "5000")
    coop.ok(*add, "2024-07-02", "--memo", "邮票", "--dr", "52301", "10", "--cr", "102", "10")
    coop.ok(*add, "2024-07-03", "--memo", "信封", "--dr", "52301", "20", "--cr", "102", "20")
    coop.ok(*add, "2024-07-04", "--memo", "打印机", "--dr", "52301", "800", "--cr", "102", "800")

    def sheet() -> Any:
        return coop.ok("report", "disclosure", "--quarter", "2024-Q3", "--format", "json").json()

    every = sheet()
    assert [p["count"] for p in every["payments"]] == [1, 1, 1]
    coop.ok("charter", "set", "disclosure_detail_threshold", "100", "--from-year", "2024")
    summed = sheet()
    assert [(p["memo"], p["amount"], p["count"]) for p in summed["payments"]] == [
        ("打印机", "800.00", 1),
        ("其他（2笔）", "30.00", 2),
    ]
    assert summed["payments"][1]["date"] is None
    assert summed["payments_total"] == every["payments_total"] == "830.00"
    assert summed["receipts"] == every["receipts"]
    assert summed["money_closing"] == every["money_closing"]
    assert "其他（2笔）" in coop.ok("report", "disclosure", "--quarter", "2024-Q3").out


def test_notes_name_loans_from_the_material_amount(coop: Coop) -> None:
    coop.ok(
        "voucher", "add", "--date", "2024-05-01", "--memo", "向信用社借款",
        "--dr", "102", "2000", "--cr", "201", "2000",
    )  # fmt: skip

    def item_73() -> str:
        data: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
        return repr([i for i in data["items"] if i["no"] == "7.3"])

    assert "向信用社借款" not in item_73()  # below the default 10,000.00
    coop.ok("charter", "set", "notes_material_amount", "1000", "--from-year", "2024")
    assert "向信用社借款" in item_73()
