"""State subsidies only against what they formed (operations.md §2.6): capitalise names the
asset or the voucher, up to what is not linked yet; spend, offset and refund take money
out of 235 without quantifying it."""

from __future__ import annotations

from typing import Any

from tests.conftest import Coop


def _subsidised(coop: Coop) -> Coop:
    for m in ("M1", "M2"):
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", "2024-01-01")
    coop.ok("account", "add", "40101", "生产成本—金银花")
    coop.ok("subsidy", "receive", "--date", "2024-02-01", "--amount", "60000")
    return coop


def test_capitalise_against_an_asset_or_a_voucher(coop: Coop) -> None:
    _subsidised(coop)
    r = coop("subsidy", "capitalise", "--date", "2024-03-01", "--amount", "100")
    assert r.code == 2 and "--asset" in r.err and r.err.count("\n") == 1, r.err
    coop.ok("asset", "add", "FA03", "--name", "冷库", "--account", "151", "--cost", "50000",
            "--in-service", "2024-03-01", "--life-months", "240", "--cost-centre", "40101",
            "--pay-from", "102")  # fmt: skip
    coop.ok("subsidy", "capitalise", "--date", "2024-03-02", "--amount", "30000", "--asset",
            "FA03")  # fmt: skip
    r = coop("subsidy", "capitalise", "--date", "2024-03-03", "--amount", "20000.01",
             "--asset", "FA03")  # fmt: skip
    assert r.code == 1 and "50000.00" in r.err and "30000.00" in r.err, r.err
    coop.ok("subsidy", "capitalise", "--date", "2024-03-03", "--amount", "20000", "--asset",
            "FA03")  # fmt: skip
    shed = coop.ok("voucher", "add", "--date", "2024-04-01", "--memo", "建棚", "--dr", "153",
                   "8000", "--cr", "102", "8000").out.strip()  # fmt: skip
    r = coop("subsidy", "capitalise", "--date", "2024-04-02", "--amount", "8000.01",
             "--voucher", shed)  # fmt: skip
    assert r.code == 1, r.err
    coop.ok("subsidy", "capitalise", "--date", "2024-04-02", "--amount", "8000", "--voucher",
            shed)  # fmt: skip
    office = coop.ok("voucher", "add", "--date", "2024-04-03", "--memo", "办公", "--dr", "523",
                     "10", "--cr", "102", "10").out.strip()  # fmt: skip
    r = coop("subsidy", "capitalise", "--date", "2024-04-04", "--amount", "1", "--voucher",
             office)  # fmt: skip
    assert r.code == 1  # formed nothing
    summary: Any = coop.ok("report", "member-accounts", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    assert {r["member_no"]: r["subsidy_share"] for r in summary["members"]} == {
        "M1": "29000.00",
        "M2": "29000.00",
    }
    coop.ok("check")


def test_spend_offset_refund(coop: Coop) -> None:
    _subsidised(coop)
    coop.ok("account", "add", "52301", "管理费用—培训")
    spent = coop.ok("subsidy", "spend", "--date", "2024-03-01", "--amount", "1000", "--memo",
                    "技术培训").out.strip()  # fmt: skip
    coop.ok("voucher", "add", "--date", "2024-01-15", "--memo", "先行垫付培训费", "--dr", "52301",
            "500", "--cr", "102", "500")  # fmt: skip
    offset = coop.ok("subsidy", "offset", "--date", "2024-03-02", "--amount", "500",
                     "--account", "52301", "--memo", "补助冲减培训费").out.strip()  # fmt: skip
    back = coop.ok("subsidy", "refund", "--date", "2024-12-01", "--amount", "58500").out.strip()
    for number, credit in ((spent, "102"), (offset, "52301"), (back, "102")):
        v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
        assert [ln["account"] for ln in v["lines"]] == ["235", credit]
    r = coop("subsidy", "refund", "--date", "2024-12-02", "--amount", "0.01")
    assert r.code == 1  # 235 is empty
    r = coop("subsidy", "offset", "--date", "2024-03-02", "--amount", "1", "--account", "102",
             "--memo", "x")  # fmt: skip
    assert r.code == 1
    coop.ok("voucher", "reverse", back, "--date", "2024-12-03", "--reason", "退错")
    summary: Any = coop.ok("report", "member-accounts", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    assert {r["subsidy_share"] for r in summary["members"]} == {"0.00"}  # never quantified
    coop.ok("check")


def test_subsidies_by_project(coop: Coop) -> None:
    for m in ("M1", "M2"):
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", "2024-01-01")
    coop.ok("account", "add", "23501", "专项应付款—冷库项目")
    coop.ok("account", "add", "23502", "专项应付款—培训项目")
    r = coop("subsidy", "receive", "--date", "2024-02-01", "--amount", "100")
    assert r.code == 1 and "--project" in r.err and r.err.count("\n") == 1, r.err
    for project in ("23509", "102", "235"):
        r = coop("subsidy", "receive", "--date", "2024-02-01", "--amount", "100",
                 "--project", project)  # fmt: skip
        assert r.code == 1 and project in r.err, (project, r.err)
    money: Any = coop.ok("voucher", "list", "--format", "json").json()
    assert money["vouchers"] == []  # the refusals wrote nothing
    got = coop.ok("subsidy", "receive", "--date", "2024-02-01", "--amount", "30000",
                  "--project", "23501").out.strip()  # fmt: skip
    shown: Any = coop.ok("voucher", "show", got, "--format", "json").json()
    assert [(ln["account"], ln["credit"]) for ln in shown["lines"]][-1] == ("23501", "30000.00")
    r = coop("subsidy", "spend", "--date", "2024-03-01", "--amount", "10", "--memo", "培训",
             "--project", "23502")  # fmt: skip
    assert r.code == 1 and "23502" in r.err  # the training project holds nothing
    coop.ok("account", "add", "40101", "生产成本—金银花")
    coop.ok("asset", "add", "FA03", "--name", "冷库", "--account", "151", "--cost", "50000",
            "--in-service", "2024-03-01", "--life-months", "240", "--cost-centre", "40101",
            "--pay-from", "102")  # fmt: skip
    r = coop("subsidy", "capitalise", "--date", "2024-03-02", "--amount", "30000.01",
             "--asset", "FA03", "--project", "23501")  # fmt: skip
    assert r.code == 1 and "23501" in r.err
    coop.ok("subsidy", "capitalise", "--date", "2024-03-02", "--amount", "29000", "--asset",
            "FA03", "--project", "23501")  # fmt: skip
    coop.ok("subsidy", "refund", "--date", "2024-03-03", "--amount", "1000", "--project", "23501")
    tb: Any = coop.ok("report", "balances", "--year", "2024", "--level", "all", "--format",
                      "json").json()  # fmt: skip
    leaf = next(a for a in tb["accounts"] if a["code"] == "23501")
    assert leaf["closing_credit"] == "0.00" and leaf["closing_debit"] == "0.00", leaf
    coop.ok("check")
