"""成员账户 as the official dated ledger (statutory.md §6; issue 11 item 3 in part): the
opening is last year's closing, each entry is one command's changes on one date, and the
closings agree with the ledger (301@M, the members' reserve shares, 221/222@M)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Coop
from tests.e2e.test_reports import run_scenario

D = Decimal


def balances(coop: Coop, year: int) -> dict[str, Decimal]:
    tb: Any = coop.ok(
        "report", "trial-balance", "--as-of", f"{year}-12-31", "--format", "json"
    ).json()
    return {a["code"]: D(a["balance"]) for a in tb["accounts"]}


def test_the_member_accounts_of_the_public_scenario(
    make_coop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    coop: Coop = make_coop()
    run_scenario(coop, monkeypatch)
    summary: Any = coop.ok("report", "member-accounts", "--year", "2025", "--format", "json").json()
    by_member = {m["member_no"]: m for m in summary["members"]}
    every: Any = coop.ok(
        "report", "member-account", "--all", "--year", "2025", "--format", "json"
    ).json()
    accounts = every["member_accounts"]
    assert [a["member_no"] for a in accounts] == sorted(by_member)
    capital = reserve = patronage = residual = D(0)
    for a in accounts:
        # the closing is the opening plus the entries; the flows are the year's totals
        for col in ("capital_other", "reserve_share", "subsidy_share"):
            moved = sum(D(e[col]) for e in a["entries"] if e[col] is not None)
            assert D(a["opening"][col]) + moved == D(a["closing"][col]), (a["member_no"], col)
        dates = [(e["date"], e["no"]) for e in a["entries"]]
        assert dates == sorted(dates) and [e["no"] for e in a["entries"]] == list(
            range(1, len(dates) + 1)
        )
        m = by_member[a["member_no"]]
        assert D(a["closing"]["capital_other"]) == D(m["share_capital"])
        assert D(a["closing"]["reserve_share"]) == D(m["reserve_share"])
        assert D(a["closing"]["patronage_return"]) == D(m["patronage_return"])
        capital += D(a["closing"]["capital_other"])
        reserve += D(a["closing"]["reserve_share"])
        patronage += D(a["closing"]["patronage_return"])
        residual += D(a["closing"]["residual_distribution"])
    tb = balances(coop, 2025)
    assert capital == -tb["301"] and reserve == -tb["32201"]
    plan: Any = coop.ok("distribute", "plan", "2025", "--format", "json").json()
    assert patronage == D(plan["patronage_pool"]) and residual == D(plan["residual_pool"])
    # last year's closing is this year's opening
    s03_2024: Any = coop.ok(
        "report", "member-account", "S03", "--year", "2024", "--format", "json"
    ).json()
    s03: Any = next(a for a in accounts if a["member_no"] == "S03")
    for col in ("capital_other", "reserve_share", "subsidy_share"):
        assert s03["opening"][col] == s03_2024["closing"][col]
    # the transfer of A2 to S03 on 2025-07-01 is an entry of S03's 出资, with its voucher
    transfer = [e for e in s03["entries"] if e["date"] == "2025-07-01"]
    assert len(transfer) == 1 and D(transfer[0]["capital_other"]) > 0 and transfer[0]["voucher"]
    text = coop.ok("report", "member-account", "S03", "--year", "2025").out
    assert "成员账户" in text and "年初余额" in text and "年末余额/总额" in text
    r = coop("report", "member-account", "--year", "2025")
    assert r.code == 2 and r.err.count("\n") == 1
