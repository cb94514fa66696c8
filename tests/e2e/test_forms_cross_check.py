"""Every form foots and agrees with the others (issue 11, item 8) on a cooperative with a
loss year, a leaver and an opening import, on both databases: 01表 balances (year end and
each month end), 02表 line 20 = 01表 line 40, 03表 foots and its year end is 01表's, the
科目余额表 foots, the 成员账户 closings add up to 301 and 32201, and `check` is silent."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import Coop
from tests.e2e.test_books import assert_foots
from tests.e2e.test_statutory_corrections import check_links

D = Decimal


def sale(coop: Coop, date: str, amount: str) -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        date,
        "--memo",
        "销售",
        "--dr",
        "102",
        amount,
        "--cr",
        "50101",
        amount,
    )


def cost(coop: Coop, date: str, amount: str) -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        date,
        "--memo",
        "农资",
        "--dr",
        "52102",
        amount,
        "--cr",
        "102",
        amount,
    )


def test_a_loss_year_a_leaver_and_an_opening(coop: Coop, tmp_path: Path) -> None:
    opening = tmp_path / "opening.csv"
    opening.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,6000.00,,,\n201,,,,4000.00,,\n33202,,,,2000.00,,\n",
        encoding="utf-8",
    )
    coop.ok("opening", "import", str(opening), "--date", "2024-01-01")
    coop.ok("account", "add", "50101", "经营收入—产品")
    for no, name in (("M1", "张三"), ("M2", "李四"), ("M3", "王五")):
        coop.ok("member", "add", no, "--name", name, "--joined-on", "2024-01-01")
    for no, parcel, area in (("M1", "P1", "3"), ("M2", "P2", "2"), ("M3", "P3", "1")):
        coop.ok(
            "land", "contribute", no, "--parcel", parcel, "--area", area, "--date", "2024-01-05"
        )
    coop.ok("member", "contribute", "M3", "--amount", "1000", "--date", "2024-02-01")
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-02-10")
    cost(coop, "2024-04-01", "3000")
    sale(coop, "2024-10-01", "20000")
    coop.ok("year", "close", "2024")
    check_links(coop, 2024)
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-08")
    check_links(coop, 2024)
    coop.ok("distribute", "pay", "2024", "--date", "2025-01-15")
    # 2025: a loss, and M2 gives notice
    coop.ok("base", "pay", "--year", "2025", "--date", "2025-02-10")
    cost(coop, "2025-05-01", "9000")
    sale(coop, "2025-09-01", "2000")
    exit_on = coop.ok("member", "withdraw", "M2", "--date", "2025-03-01").out.split()[-1]
    for month in ("2025-03-31", "2025-06-30", "2025-09-30"):
        bs: Any = coop.ok("report", "balance-sheet", "--as-of", month, "--format", "json").json()
        assert bs["balanced"], month
    coop.ok("year", "close", "2025")
    _bs, ss2025 = check_links(coop, 2025)
    assert ss2025[12][0] < 0  # a loss
    reserve = -balances(coop, "2025-12-31").get("32201", D(0))
    loss = -ss2025[12][0]
    coop.ok("reserve", "cover-loss", "--year", "2025", "--amount", str(min(reserve, loss)))
    _bs, ss2025 = check_links(coop, 2025)
    assert ss2025[14][0] == min(reserve, loss)  # 其他转入: the loss covered from the reserve
    coop.ok("distribute", "post", "2025", "--approved-on", "2026-01-08")
    check_links(coop, 2025)
    for year in ("2024", "2025"):
        data: Any = coop.ok("report", "balances", "--year", year, "--format", "json").json()
        assert_foots(data)
        eq: Any = coop.ok("report", "equity-changes", "--year", year, "--format", "json").json()
        assert eq["foots"] is True
        accounts: Any = coop.ok(
            "report", "member-account", "--all", "--year", year, "--format", "json"
        ).json()
        tb = balances(coop, f"{year}-12-31")
        capital = sum(D(a["closing"]["capital_other"]) for a in accounts["member_accounts"])
        shares = sum(D(a["closing"]["reserve_share"]) for a in accounts["member_accounts"])
        assert capital == -tb.get("301", D(0)), year
        assert shares == -tb.get("32201", D(0)), year
    notes: Any = coop.ok("report", "notes", "--year", "2025", "--format", "json").json()
    left = next(i for i in notes["items"] if i["no"] == "3.2")
    assert (f"M2（{exit_on}）" in left["text"]) == exit_on.startswith("2025"), (exit_on, left)
    coop.ok("check")
    coop.ok("check", "--strict")


def balances(coop: Coop, day: str) -> dict[str, Decimal]:
    tb: Any = coop.ok("report", "trial-balance", "--as-of", day, "--format", "json").json()
    return {a["code"]: D(a["balance"]) for a in tb["accounts"]}
