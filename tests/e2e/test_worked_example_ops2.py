"""operations.md §10 end to end, as its commands say: one year of 东坡村金银花专业合作社 with
four members. The vouchers 2024-1 … 2024-24 in the order of §10.1's table (number, date,
kind, lines to the fen), the crop, the stock and the trade records, the plan of §10.2, the
posting and the balances of §10.3, 01表, 02表 and 03表 between `year close` and
`distribute post` and after it (§10.4–§10.6), and M4's 成员账户 (§10.7).

A second test: `inventory_method` cannot change from a year that already has a stock
movement under the old method (cli-additions.md §1.1)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import Coop
from tests.e2e.test_acceptance import contains
from tests.helpers import snapshot

Line = tuple[str, str | None, str, str]
ZERO = "0.00"

#: §10.1: every voucher of 2024, its date, kind (operations.md §1.1) and total (Σ debits).
VOUCHERS = [
    ("2024-1", "2024-01-01", "contribute", "20000.00"),
    ("2024-2", "2024-01-01", "contribute", "20000.00"),
    ("2024-3", "2024-01-01", "contribute", "10000.00"),
    ("2024-4", "2024-01-01", "contribute", "10000.00"),
    ("2024-5", "2024-03-05", "manual", "8000.00"),
    ("2024-6", "2024-03-15", "donation", "3000.00"),
    ("2024-7", "2024-05-31", "labour_accrue", "1500.00"),
    ("2024-8", "2024-06-10", "labour_pay", "1500.00"),
    ("2024-9", "2024-06-20", "product_buy", "20000.00"),
    ("2024-10", "2024-06-25", "product_buy", "4000.00"),
    ("2024-11", "2024-06-30", "manual", "20000.00"),
    ("2024-12", "2024-07-01", "asset_contribute", "12000.00"),
    ("2024-13", "2024-08-31", "depreciation", "190.00"),
    ("2024-14", "2024-09-10", "product_sale", "54000.00"),
    ("2024-15", "2024-09-30", "depreciation", "190.00"),
    ("2024-16", "2024-10-31", "depreciation", "190.00"),
    ("2024-17", "2024-11-30", "depreciation", "190.00"),
    ("2024-18", "2024-12-20", "manual", "1200.00"),
    ("2024-19", "2024-12-31", "depreciation", "190.00"),
    ("2024-20", "2024-12-31", "crop_settle", "10450.00"),
    ("2024-21", "2024-12-31", "close_income", "55200.00"),
    ("2024-22", "2024-12-31", "close_surplus", "4800.00"),
    ("2024-23", "2024-12-31", "distribution", "4800.00"),
    ("2024-24", "2024-12-31", "distribution_transfer", "4800.00"),
]

#: §10.2, verbatim (members abridged to the fields of cli.md; more fields may be added).
PLAN = {
    "year": 2024, "surplus": "4800.00", "opening_undistributed": "0.00",
    "reserve_cover": "0.00", "leavers_loss": "0.00", "reserve": "480.00", "welfare": "0.00",
    "distributable": "4320.00", "retained": "0.00", "patronage_pool": "2592.00",
    "residual_pool": "1728.00", "patronage_basis_kind": "trade_amount",
    "residual_basis_kind": "day_weighted", "convert_ratio": "0.0000", "converted": "0.00",
    "members": [
        {"member_no": "M1", "patronage_basis": "10000.00", "patronage_return": "1296.00",
         "residual_basis": "20598.36", "residual_distribution": "527.94",
         "reserve_share": "240.00", "total": "1823.94"},
        {"member_no": "M2", "patronage_basis": "5000.00", "patronage_return": "648.00",
         "residual_basis": "20598.36", "residual_distribution": "527.94",
         "reserve_share": "120.00", "total": "1175.94"},
        {"member_no": "M3", "patronage_basis": "3000.00", "patronage_return": "388.80",
         "residual_basis": "10598.36", "residual_distribution": "271.63",
         "reserve_share": "72.00", "total": "660.43"},
        {"member_no": "M4", "patronage_basis": "2000.00", "patronage_return": "259.20",
         "residual_basis": "15625.68", "residual_distribution": "400.49",
         "reserve_share": "48.00", "total": "659.69"},
    ],
}  # fmt: skip

#: §10.3: the balances at 2024-12-31, debit positive; every other account is 0.00.
BALANCES = {
    "102": "58300.00", "14101": "10450.00", "151": "12000.00", "152": "-950.00",
    "221": "-2592.00", "222": "-1728.00", "301": "-70000.00", "311": "-3000.00",
    "321": "-2000.00", "32201": "-480.00",
}  # fmt: skip
#: Between `year close` and `distribute post`: the surplus waits in 33202.
BALANCES_CLOSED = {
    **{code: b for code, b in BALANCES.items() if code not in ("221", "222", "32201")},
    "33202": "-4800.00",
}

#: §10.4: 01表 期末余额, the lines that are not 0.00.
BALANCE_SHEET = {
    1: "58300.00", 4: "10450.00", 5: "68750.00", 10: "12000.00", 11: "950.00",
    12: "11050.00", 15: "11050.00", 21: "11050.00", 22: "79800.00",
    29: "2592.00", 30: "1728.00", 31: "4320.00", 35: "4320.00", 36: "70000.00",
    37: "3000.00", 38: "2000.00", 39: "480.00", 41: "75480.00", 42: "79800.00",
}  # fmt: skip
BALANCE_SHEET_CLOSED = {
    **BALANCE_SHEET,
    29: ZERO, 30: ZERO, 31: ZERO, 35: ZERO, 39: ZERO, 40: "4800.00", 41: "79800.00",
}  # fmt: skip

#: §10.5: 02表 本年金额, the lines that are not 0.00 (上年金额 is blank throughout).
SURPLUS = {
    1: "30000.00", 3: "24000.00", 5: "1200.00", 7: "4800.00", 10: "4800.00", 12: "4800.00",
    15: "480.00", 16: "4320.00", 17: "2592.00", 18: "1728.00",
}  # fmt: skip
SURPLUS_CLOSED = {**SURPLUS, 15: ZERO, 16: "4800.00", 17: ZERO, 18: ZERO, 20: "4800.00"}

#: §10.6: 03表 rows 1, 2, 7, 13 (JSON lines 1–4), columns 股金 … 未分配盈余, 合计.
EQUITY = {
    1: [ZERO] * 6,
    2: ["70000.00", "3000.00", "2000.00", "480.00", "4800.00", "80280.00"],
    3: [ZERO, ZERO, ZERO, ZERO, "4800.00", "4800.00"],
    4: ["70000.00", "3000.00", "2000.00", "480.00", ZERO, "75480.00"],
}
EQUITY_CLOSED = {
    1: [ZERO] * 6,
    2: ["70000.00", "3000.00", "2000.00", ZERO, "4800.00", "79800.00"],
    3: [ZERO] * 6,
    4: ["70000.00", "3000.00", "2000.00", ZERO, "4800.00", "79800.00"],
}
#: §10.6: the 19 其中 cells, by key.
EQUITY_OF_WHICH = {
    "eq.inc.capital_reserve_transfer": ZERO,
    "eq.inc.surplus_reserve_transfer": ZERO,
    "eq.inc.contribution": "70000.00",  # 60,000.00 cash + 10,000.00 tractor
    "eq.inc.state_subsidy": ZERO,
    "eq.inc.donation": "3000.00",
    "eq.inc.share_premium": "2000.00",
    "eq.inc.revaluation": ZERO,
    "eq.inc.from_surplus": "480.00",
    "eq.inc.surplus": "4800.00",
    "eq.inc.other_in": ZERO,
    "eq.dec.withdrawal": ZERO,
    "eq.dec.capital_reserve_to_capital": ZERO,
    "eq.dec.capital_reserve_cover": ZERO,
    "eq.dec.surplus_reserve_to_capital": ZERO,
    "eq.dec.cover_loss": ZERO,
    "eq.dec.reserve": "480.00",
    "eq.dec.patronage": "2592.00",
    "eq.dec.residual": "1728.00",
    "eq.dec.to_capital": ZERO,
}
EQUITY_OF_WHICH_CLOSED = {
    **EQUITY_OF_WHICH,
    "eq.inc.from_surplus": ZERO,
    "eq.dec.reserve": ZERO,
    "eq.dec.patronage": ZERO,
    "eq.dec.residual": ZERO,
}

IMPORT = """\
ref,date,action,product_no,member_no,counterparty,quantity,amount,account
D0620,2024-06-20,buy,PR01,M1,,500,10000,
D0620,2024-06-20,buy,PR01,M2,,250,5000,
D0620,2024-06-20,buy,PR01,M3,,150,3000,
D0620,2024-06-20,buy,PR01,M4,,100,2000,
"""

#: 成员账户 columns with money (statutory.md §6.5), the trade columns apart.
MONEY = (
    "capital_poverty",
    "capital_other",
    "reserve_share",
    "subsidy_share",
    "donation_share",
    "patronage_return",
    "residual_distribution",
)


def _lines(coop: Coop, number: str) -> list[Line]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [
        (ln["account"], ln["member_no"] or ln["payee_no"], ln["debit"], ln["credit"])
        for ln in v["lines"]
    ]


def _any_order(lines: list[Line]) -> list[Line]:
    """For the vouchers of more than one pair, whose line order §10 does not fix."""
    return sorted(lines, key=lambda ln: (ln[0], ln[1] or "", ln[2], ln[3]))


def _has(got: Any, expected: Any) -> None:
    """``got`` has every field of ``expected`` (fields may be added, none left out)."""
    differences = contains(got, expected)
    assert differences == [], differences


def _json(coop: Coop, *args: str) -> Any:
    return coop.ok(*args, "--format", "json").json()


def _form(coop: Coop, name: str) -> Any:
    """01表 (balance-sheet), 02表 (surplus) or 03表 (equity-changes) of 2024."""
    return _json(coop, "report", name, "--year", "2024")


def _column(form: Any, i: int) -> dict[int, Any]:
    return {ln["no"]: ln["values"][i] for ln in form["lines"]}


def _filled(count: int, figures: dict[int, str]) -> dict[int, str]:
    """Lines 1 … count: the figures given, 0.00 for the others."""
    return {no: figures.get(no, ZERO) for no in range(1, count + 1)}


def _trial_balance(coop: Coop) -> dict[str, str]:
    """The accounts with a balance at 2024-12-31, debit positive."""
    tb: Any = _json(coop, "report", "trial-balance", "--as-of", "2024-12-31")
    assert tb["total_debit"] == tb["total_credit"]
    return {a["code"]: a["balance"] for a in tb["accounts"] if Decimal(a["balance"]) != 0}


def _assert_forms(coop: Coop, bs: dict[int, str], ss: dict[int, str], eq: Any, of: Any) -> None:
    """01表, 02表 and 03表 of 2024 as §10.4–§10.6 print them."""
    sheet = _form(coop, "balance-sheet")
    assert sheet["balanced"] is True and sheet["interim"] is False
    assert _column(sheet, 0) == _filled(42, bs)
    assert _column(sheet, 1) == _filled(42, {})  # 年初余额: the books begin on 2024-01-01
    surplus = _form(coop, "surplus")
    assert _column(surplus, 0) == _filled(20, ss)
    assert _column(surplus, 1) == dict.fromkeys(range(1, 21))  # 上年金额 blank: no 2023
    assert _column(surplus, 0)[20] == _column(sheet, 0)[40]
    equity = _form(coop, "equity-changes")
    assert equity["foots"] is True
    assert {ln["no"]: ln["values"] for ln in equity["lines"]} == eq
    assert {c["key"]: c["value"] for c in equity["of_which"]} == of
    sheet_end = _filled(42, bs)
    assert equity["lines"][3]["values"][:5] == [sheet_end[n] for n in (36, 37, 38, 39, 40)]
    assert equity["lines"][3]["values"][5] == sheet_end[41]


def _year_2024(coop: Coop, tmp_path: Path) -> None:
    """§10.1 up to 2024-20, each command in the order of the table."""
    for no, name in (("M1", "张大"), ("M2", "李二"), ("M3", "王三"), ("M4", "赵四")):
        coop.ok("member", "add", no, "--name", name, "--joined-on", "2024-01-01",
                "--kind", "farmer")  # fmt: skip
    numbers = [
        coop.ok("member", "contribute", m, "--amount", a, "--date", "2024-01-01").out.strip()
        for m, a in (("M1", "20000"), ("M2", "20000"), ("M3", "10000"), ("M4", "10000"))
    ]
    assert numbers == ["2024-1", "2024-2", "2024-3", "2024-4"]
    assert _lines(coop, "2024-4") == [
        ("102", None, "10000.00", ZERO),
        ("301", "M4", ZERO, "10000.00"),
    ]

    coop.ok("crop", "add", "C01", "--name", "白术", "--started", "2024-03-01")
    accounts: Any = _json(coop, "account", "list")
    names = {a["code"]: a["name"] for a in accounts["accounts"]}
    assert names["40101"].endswith("白术(2024)") and names["14101"].endswith("白术(2024)")

    seeds = coop.ok("voucher", "add", "--date", "2024-03-05", "--memo", "购白术种苗、肥料",
                    "--dr", "40101", "8000", "--cr", "102", "8000",
                    "--attachments", "2").out.strip()  # fmt: skip
    assert seeds == "2024-5"
    assert _json(coop, "voucher", "show", seeds)["attachments"] == 2
    assert _lines(coop, seeds) == [("40101", None, "8000.00", ZERO), ("102", None, ZERO, "8000.00")]

    gift = coop.ok("donation", "receive", "--date", "2024-03-15", "--amount", "3000",
                   "--donor", "某农业公司").out.strip()  # fmt: skip
    assert gift == "2024-6"
    assert _lines(coop, gift) == [("102", None, "3000.00", ZERO), ("311", None, ZERO, "3000.00")]

    coop.ok("payee", "add", "P01", "--member", "M2")
    accrued = coop.ok("labour", "accrue", "P01", "--date", "2024-05-31", "--amount", "1500",
                      "--account", "213", "--cost-centre", "40101",
                      "--memo", "白术田间管理").out.strip()  # fmt: skip
    assert accrued == "2024-7"
    assert _lines(coop, accrued) == [
        ("40101", None, "1500.00", ZERO),
        ("213", "P01", ZERO, "1500.00"),
    ]
    paid = coop.ok("labour", "pay", "--date", "2024-06-10", "--payee", "P01").out.strip()
    assert paid == "2024-8"
    assert _lines(coop, paid) == [("213", "P01", "1500.00", ZERO), ("102", None, ZERO, "1500.00")]

    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    accounts = _json(coop, "account", "list")
    names = {a["code"]: a["name"] for a in accounts["accounts"]}
    assert all(names[code].endswith("金银花") for code in ("12101", "50101", "52103"))

    deliveries = tmp_path / "deliveries.csv"
    deliveries.write_text(IMPORT, encoding="utf-8")
    coop.ok("product", "import", str(deliveries))
    assert _lines(coop, "2024-9") == [
        ("12101", None, "20000.00", ZERO),
        ("114", "M1", ZERO, "10000.00"),
        ("114", "M2", ZERO, "5000.00"),
        ("114", "M3", ZERO, "3000.00"),
        ("114", "M4", ZERO, "2000.00"),
    ]
    bought: Any = _json(coop, "product", "buy", "PR01", "--date", "2024-06-25",
                        "--non-member", "周五", "--quantity", "200",
                        "--amount", "4000")  # fmt: skip
    _has(bought, {"number": "2024-10", "quantity": "200.000", "amount": "4000.00",
                  "cost": "4000.00"})  # fmt: skip
    assert _lines(coop, "2024-10") == [
        ("12101", None, "4000.00", ZERO),
        ("102", None, ZERO, "4000.00"),
    ]
    stock: Any = _json(coop, "product", "stock", "--as-of", "2024-06-30")
    assert stock["as_of"] == "2024-06-30"
    assert stock["products"] == [
        {"product_no": "PR01", "name": "金银花", "unit": "公斤", "account": "12101",
         "quantity": "1200.000", "cost": "24000.00"},
    ]  # fmt: skip

    members_paid = coop.ok("voucher", "add", "--date", "2024-06-30", "--memo", "支付成员交售款",
                           "--dr", "114@M1", "10000", "--dr", "114@M2", "5000",
                           "--dr", "114@M3", "3000", "--dr", "114@M4", "2000",
                           "--cr", "102", "20000").out.strip()  # fmt: skip
    assert members_paid == "2024-11"
    assert _lines(coop, members_paid) == [
        ("114", "M1", "10000.00", ZERO),
        ("114", "M2", "5000.00", ZERO),
        ("114", "M3", "3000.00", ZERO),
        ("114", "M4", "2000.00", ZERO),
        ("102", None, ZERO, "20000.00"),
    ]

    tractor = coop.ok(
        "member", "contribute-asset", "M4", "--date", "2024-07-01", "--account", "151",
        "--value", "12000", "--capital", "10000", "--source", "poverty", "--asset", "FA01",
        "--name", "手扶拖拉机", "--life-months", "60", "--residual", "600",
        "--cost-centre", "40101", "--poverty",
    ).out.strip()  # fmt: skip
    assert tractor == "2024-12"
    assert _lines(coop, tractor) == [
        ("151", None, "12000.00", ZERO),
        ("301", "M4", ZERO, "10000.00"),
        ("321", None, ZERO, "2000.00"),
    ]

    july: Any = _json(coop, "asset", "depreciate", "--month", "2024-07")
    assert july["voucher"] is None  # in service in July: nothing due
    august: Any = _json(coop, "asset", "depreciate", "--month", "2024-08")
    assert august["voucher"] == "2024-13"

    sold: Any = _json(coop, "product", "sell", "PR01", "--date", "2024-09-10",
                      "--buyer", "县药材公司", "--quantity", "1200",
                      "--amount", "30000")  # fmt: skip
    # q = Q: the sale takes the whole stock cost, 24,000.00
    _has(sold, {"number": "2024-14", "quantity": "1200.000", "amount": "30000.00",
                "cost": "24000.00"})  # fmt: skip
    assert _any_order(_lines(coop, "2024-14")) == _any_order(
        [
            ("102", None, "30000.00", ZERO),
            ("50101", None, ZERO, "30000.00"),
            ("52103", None, "24000.00", ZERO),
            ("12101", None, ZERO, "24000.00"),
        ]
    )

    for month, number in (("09", "2024-15"), ("10", "2024-16"), ("11", "2024-17")):
        run: Any = _json(coop, "asset", "depreciate", "--month", f"2024-{month}")
        assert (run["voucher"], run["total"]) == (number, "190.00")

    office = coop.ok("voucher", "add", "--date", "2024-12-20", "--memo", "办公费",
                     "--dr", "523", "1200", "--cr", "102", "1200").out.strip()  # fmt: skip
    assert office == "2024-18"
    december: Any = _json(coop, "asset", "depreciate", "--month", "2024-12")
    assert december["voucher"] == "2024-19"
    for number in ("2024-13", "2024-15", "2024-16", "2024-17", "2024-19"):
        assert _lines(coop, number) == [
            ("40101", None, "190.00", ZERO),
            ("152", None, ZERO, "190.00"),
        ]
    card: Any = _json(coop, "asset", "show", "FA01")
    assert card["asset"]["accumulated"] == "950.00"

    growing: Any = _json(coop, "crop", "list", "--as-of", "2024-11-30")
    c01 = growing["crops"][0]
    # 8,000.00 + 1,500.00 + 4 × 190.00 in 40101, nothing in 14101 yet
    assert (c01["in_production_cost"], c01["in_biological_assets"]) == ("10260.00", ZERO)
    settled: Any = _json(coop, "crop", "settle", "--date", "2024-12-31")
    _has(settled, {"number": "2024-20", "crops": [{"crop_no": "C01", "amount": "10450.00"}]})
    assert _lines(coop, "2024-20") == [
        ("14101", None, "10450.00", ZERO),
        ("40101", None, ZERO, "10450.00"),
    ]


def _assert_stock_crop_and_trade(coop: Coop) -> None:
    """The registers behind the vouchers: stock, the crop, the trade records (§10.8 7(6))."""
    stock: Any = _json(coop, "product", "stock", "--as-of", "2024-12-31")
    assert [(p["product_no"], p["quantity"], p["cost"]) for p in stock["products"]] == [
        ("PR01", "0.000", ZERO)
    ]
    crops: Any = _json(coop, "crop", "list", "--as-of", "2024-12-31")
    assert crops["as_of"] == "2024-12-31"
    _has(crops["crops"], [
        {"crop_no": "C01", "name": "白术", "started": "2024-03-01", "status": "growing",
         "cost_account": "40101", "asset_account": "14101", "product_no": None,
         "in_production_cost": ZERO, "in_biological_assets": "10450.00"},
    ])  # fmt: skip
    trade: Any = _json(coop, "trade", "list", "--year", "2024")
    assert trade["year"] == 2024
    records = [
        (r["date"], r["party"], r["member_no"] or r["counterparty"], r["product_no"],
         r["kind"], r["quantity"], r["amount"], r["voucher"], r["void"])
        for r in trade["records"]
    ]  # fmt: skip
    # the sale to 县药材公司, a market customer (--buyer), is no trade record
    assert sorted(records) == [
        ("2024-06-20", "member", "M1", "PR01", "delivery", "500.000", "10000.00", "2024-9", False),
        ("2024-06-20", "member", "M2", "PR01", "delivery", "250.000", "5000.00", "2024-9", False),
        ("2024-06-20", "member", "M3", "PR01", "delivery", "150.000", "3000.00", "2024-9", False),
        ("2024-06-20", "member", "M4", "PR01", "delivery", "100.000", "2000.00", "2024-9", False),
        ("2024-06-25", "non_member", "周五", "PR01", "delivery", "200.000", "4000.00", "2024-10",
         False),
    ]  # fmt: skip
    assert len({r["trade_no"] for r in trade["records"]}) == 5
    assert trade["totals"] == [
        {"product_no": "PR01", "name": "金银花", "unit": "公斤",
         "member_quantity": "1000.000", "member_amount": "20000.00",
         "non_member_quantity": "200.000", "non_member_amount": "4000.00",
         "member_share": "83.33"},
    ]  # fmt: skip


def _assert_member_accounts(coop: Coop) -> None:
    """The distribution per member (§10.2, §10.3) and M4's 成员账户 (§10.7)."""
    summary: Any = _json(coop, "report", "member-accounts", "--year", "2024")
    rows = {
        m["member_no"]: (m["capital_poverty"], m["capital_other"], m["donation_share"],
                         m["reserve_share"], m["trade_amount"], m["patronage_return"],
                         m["residual_distribution"])
        for m in summary["members"]
    }  # fmt: skip
    assert rows == {
        "M1": (ZERO, "20000.00", "750.00", "240.00", "10000.00", "1296.00", "527.94"),
        "M2": (ZERO, "20000.00", "750.00", "120.00", "5000.00", "648.00", "527.94"),
        "M3": (ZERO, "10000.00", "750.00", "72.00", "3000.00", "388.80", "271.63"),
        "M4": ("10000.00", "10000.00", "750.00", "48.00", "2000.00", "259.20", "400.49"),
    }
    statement: Any = _json(coop, "statement", "M4", "--year", "2024")
    assert (statement["dividend_total"], statement["unpaid"]) == ("659.69", "659.69")

    m4: Any = _json(coop, "report", "member-account", "M4", "--year", "2024")
    assert (m4["member_no"], m4["name"]) == ("M4", "赵四")
    assert m4["opening"] == dict.fromkeys(MONEY[:5], ZERO)
    assert [e["no"] for e in m4["entries"]] == list(range(1, len(m4["entries"]) + 1))
    entries = [
        (e["date"], e["voucher"], {c: e[c] for c in MONEY if e[c] is not None})
        for e in m4["entries"]
        if any(e[c] is not None for c in MONEY)
    ]
    assert entries == [
        ("2024-01-01", "2024-4", {"capital_other": "10000.00"}),
        # the donation's memo batch carries its command's voucher (statutory.md §6.2)
        ("2024-03-15", "2024-6", {"donation_share": "750.00"}),
        ("2024-07-01", "2024-12", {"capital_poverty": "10000.00"}),
        ("2024-12-31", "2024-23", {"reserve_share": "48.00", "patronage_return": "259.20",
                                   "residual_distribution": "400.49"}),
    ]  # fmt: skip
    assert {c: m4["closing"][c] for c in MONEY} == {
        "capital_poverty": "10000.00",
        "capital_other": "10000.00",
        "reserve_share": "48.00",
        "subsidy_share": ZERO,
        "donation_share": "750.00",
        "patronage_return": "259.20",
        "residual_distribution": "400.49",
    }
    # the trade columns (statutory.md §6.1, §6.5; §10.7): one pair, for 金银花
    assert m4["products"] == [{"product_no": "PR01", "name": "金银花", "unit": "公斤"}]
    trades = [
        (e["no"], e["date"], e["voucher"], e["memo"], e["quantity"], e["amount"])
        for e in m4["entries"]
        if e["quantity"]["PR01"] is not None
    ]
    assert trades == [(3, "2024-06-20", "2024-9", "交售金银花", {"PR01": "100.000"},
                       {"PR01": "2000.00"})]  # fmt: skip
    assert len(m4["entries"]) == 5
    assert (m4["closing"]["quantity"], m4["closing"]["amount"]) == (
        {"PR01": "100.000"},
        {"PR01": "2000.00"},
    )
    assert statement["trade"] == [
        {"product_no": "PR01", "name": "金银花", "unit": "公斤", "quantity": "100.000",
         "amount": "2000.00"}
    ]  # fmt: skip


def test_the_worked_example_of_operations(make_coop: Any, tmp_path: Path) -> None:
    coop: Coop = make_coop()
    coop.init("--first-year", "2024")  # §10: the books begin on 2024-01-01, no 2023
    for key, value in (
        ("reserve_rate", "0.10"),
        ("welfare_rate", "0"),
        ("patronage_ratio", "0.60"),
        ("patronage_basis", "trade_amount"),
        ("residual_basis", "day_weighted"),
        ("inventory_method", "moving_average"),
    ):
        coop.ok("charter", "set", key, value, "--from-year", "2024")
    _year_2024(coop, tmp_path)
    _assert_stock_crop_and_trade(coop)

    coop.ok("year", "close", "2024")
    assert _any_order(_lines(coop, "2024-21")) == _any_order(
        [
            ("50101", None, "30000.00", ZERO),
            ("331", None, ZERO, "30000.00"),
            ("331", None, "25200.00", ZERO),
            ("52103", None, ZERO, "24000.00"),
            ("523", None, ZERO, "1200.00"),
        ]
    )
    assert _lines(coop, "2024-22") == [
        ("331", None, "4800.00", ZERO),
        ("33202", None, ZERO, "4800.00"),
    ]
    # between `year close` and `distribute post` (G1)
    assert _trial_balance(coop) == BALANCES_CLOSED
    _assert_forms(coop, BALANCE_SHEET_CLOSED, SURPLUS_CLOSED, EQUITY_CLOSED,
                  EQUITY_OF_WHICH_CLOSED)  # fmt: skip
    coop.ok("check")

    plan: Any = _json(coop, "distribute", "plan", "2024")
    _has(plan, PLAN)
    assert [m["trade_amount"] for m in plan["members"]] == [  # operations.md §7.4
        "10000.00",
        "5000.00",
        "3000.00",
        "2000.00",
    ]
    posted = coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-15").out.split()
    assert posted == ["2024-23", "2024-24"]
    assert _any_order(_lines(coop, "2024-23")) == _any_order(
        [
            ("33201", None, "4800.00", ZERO),
            ("32201", None, ZERO, "480.00"),
            ("221", "M1", ZERO, "1296.00"),
            ("221", "M2", ZERO, "648.00"),
            ("221", "M3", ZERO, "388.80"),
            ("221", "M4", ZERO, "259.20"),
            ("222", "M1", ZERO, "527.94"),
            ("222", "M2", ZERO, "527.94"),
            ("222", "M3", ZERO, "271.63"),
            ("222", "M4", ZERO, "400.49"),
        ]
    )
    assert _lines(coop, "2024-24") == [
        ("33202", None, "4800.00", ZERO),
        ("33201", None, ZERO, "4800.00"),
    ]

    listed: Any = _json(coop, "voucher", "list", "--year", "2024")
    assert [(v["number"], v["date"], v["kind"], v["total"]) for v in listed["vouchers"]] == (
        VOUCHERS
    )
    assert _trial_balance(coop) == BALANCES
    tb: Any = _json(coop, "report", "trial-balance", "--as-of", "2024-12-31")
    assert (tb["total_debit"], tb["total_credit"]) == ("80750.00", "80750.00")
    year: Any = _json(coop, "report", "balances", "--year", "2024")
    moved = f"{sum(Decimal(v[3]) for v in VOUCHERS):.2f}"  # 266,200.00
    assert year["totals"] == {
        "opening_debit": ZERO,
        "opening_credit": ZERO,
        "debit": moved,
        "credit": moved,
        "closing_debit": "80750.00",
        "closing_credit": "80750.00",
    }
    rows = {r["code"]: r for r in year["accounts"] if not r["member_no"] and not r["payee_no"]}
    for code, balance in BALANCES.items():
        row = rows[code]
        assert Decimal(row["closing_debit"]) - Decimal(row["closing_credit"]) == Decimal(balance)
    assert (rows["40101"]["debit"], rows["40101"]["credit"]) == ("10450.00", "10450.00")
    assert rows["40101"]["closing_debit"] == rows["40101"]["closing_credit"] == ZERO

    _assert_forms(coop, BALANCE_SHEET, SURPLUS, EQUITY, EQUITY_OF_WHICH)
    coop.ok("check", "--strict")
    _assert_member_accounts(coop)
    # 附注 7(6) (§10.8): 金银花 with members and with non-members, the members' share
    notes: Any = _json(coop, "report", "notes", "--year", "2024")
    (item,) = [i for i in notes["items"] if i["no"] == "7.6"]
    assert item["tables"][0]["rows"] == [
        ["PR01 金银花", "公斤", "1000.000", "20000.00", "200.000", "4000.00", "83.33"]
    ]


def test_the_inventory_method_stays_in_a_year_with_stock_movements(coop: Coop) -> None:
    coop.ok("charter", "set", "inventory_method", "moving_average", "--from-year", "2024")
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    coop.ok("product", "buy", "PR01", "--date", "2024-06-25", "--non-member", "周五",
            "--quantity", "200", "--amount", "4000")  # fmt: skip
    before = snapshot(coop.db, coop.code)
    r = coop("charter", "set", "inventory_method", "fifo", "--from-year", "2024")
    assert r.code == 1 and r.err.count("\n") == 1 and "Traceback" not in r.err, r.err
    assert snapshot(coop.db, coop.code) == before  # nothing written
    shown: Any = _json(coop, "charter", "show")
    assert shown["charter"]["inventory_method"] == "moving_average"
    coop.ok("charter", "set", "inventory_method", "fifo", "--from-year", "2025")
    for year, method in (("2024", "moving_average"), ("2025", "fifo")):
        charter: Any = _json(coop, "charter", "show", "--year", year)
        assert charter["charter"]["inventory_method"] == method, year
