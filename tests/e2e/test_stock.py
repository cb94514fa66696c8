"""Crops, products and stock, trade records and the patronage basis (operations.md §5, §7;
cli-additions.md §6–§7): costs by the inventory method to the fen, the refusals, reversal
voiding a movement and its trade record, a crop's path from 401 to 141 to stock, and
盈余返还 by trade amount or mixed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Coop
from tests.helpers import snapshot


def _members(coop: Coop, *nos: str) -> None:
    for no in nos:
        coop.ok("member", "add", no, "--name", f"成员{no}", "--joined-on", "2024-01-01")


def _lines(coop: Coop, number: str) -> list[tuple[str, str | None, str, str]]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [(ln["account"], ln["member_no"], ln["debit"], ln["credit"]) for ln in v["lines"]]


def _stock(coop: Coop, as_of: str | None = None) -> dict[str, tuple[str, str]]:
    extra = ["--as-of", as_of] if as_of else []
    data: Any = coop.ok("product", "stock", *extra, "--format", "json").json()
    return {p["product_no"]: (p["quantity"], p["cost"]) for p in data["products"]}


def _buy(coop: Coop, date: str, q: str, amount: str, *who: str) -> Any:
    party = list(who) or ["--non-member", "周五"]
    return coop.ok(
        "product",
        "buy",
        "PR01",
        "--date",
        date,
        *party,
        "--quantity",
        q,
        "--amount",
        amount,
        "--format",
        "json",
    ).json()


@pytest.mark.parametrize(
    ("method", "cost", "left"),
    [
        ("moving_average", "1725.00", "575.00"),  # round(2,300.00 × 150 / 200)
        ("fifo", "1650.00", "650.00"),  # 100 at 1,000.00, then 50 of 100 at 1,300.00
    ],
)
def test_an_issue_costs_what_the_inventory_method_gives(
    coop: Coop, method: str, cost: str, left: str
) -> None:
    coop.ok("charter", "set", "inventory_method", method, "--from-year", "2024")
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    _buy(coop, "2024-06-01", "100", "1000")
    _buy(coop, "2024-06-02", "100", "1300")
    sold = coop.ok(
        "product",
        "sell",
        "PR01",
        "--date",
        "2024-06-03",
        "--buyer",
        "药材公司",
        "--quantity",
        "150",
        "--amount",
        "3000",
        "--format",
        "json",
    ).json()
    assert sold == {"number": "2024-3", "quantity": "150.000", "amount": "3000.00", "cost": cost}
    assert _lines(coop, "2024-3") == [
        ("102", None, "3000.00", "0.00"),
        ("50101", None, "0.00", "3000.00"),
        ("52103", None, cost, "0.00"),
        ("12101", None, "0.00", cost),
    ]
    assert _stock(coop) == {"PR01": ("50.000", left)}
    # the rest goes out at what is left, to the fen
    rest: Any = coop.ok(
        "product",
        "issue",
        "PR01",
        "--date",
        "2024-06-04",
        "--quantity",
        "50",
        "--to",
        "523",
        "--memo",
        "样品",
        "--format",
        "json",
    ).json()
    assert rest["cost"] == left
    assert _stock(coop) == {"PR01": ("0.000", "0.00")}
    coop.ok("check")


def test_the_inventory_method_is_changed_only_from_a_year_without_movements(coop: Coop) -> None:
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    _buy(coop, "2024-06-01", "100", "1000")
    r = coop("charter", "set", "inventory_method", "fifo", "--from-year", "2024")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1, r.err
    shown: Any = coop.ok("charter", "show", "--year", "2024", "--format", "json").json()
    assert shown["charter"]["inventory_method"] == "moving_average"
    coop.ok("charter", "set", "inventory_method", "fifo", "--from-year", "2025")


def test_refusals_write_nothing(coop: Coop, tmp_path: Any) -> None:
    _members(coop, "M1")
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    before = coop.ok("head").out
    _buy(coop, "2024-06-02", "100", "1000")
    after = coop.ok("head").out
    cases: list[tuple[list[str], int, str]] = [
        # more than the stock, naming what there is
        (["product", "sell", "PR01", "--date", "2024-06-03", "--buyer", "X", "--quantity",
          "130", "--amount", "10"], 1, "100.000"),
        # before a later movement of the product
        (["product", "buy", "PR01", "--date", "2024-06-01", "--non-member", "Y", "--quantity",
          "1", "--amount", "10"], 1, "PR01"),
        # the stock account by an ordinary voucher
        (["voucher", "add", "--date", "2024-06-05", "--memo", "x", "--dr", "12101", "5",
          "--cr", "102", "5"], 1, "12101"),
        # 114 for a non-member
        (["product", "buy", "PR01", "--date", "2024-06-05", "--non-member", "Y", "--quantity",
          "1", "--amount", "10", "--credit", "114"], 1, "114"),
        # a quantity with four decimals, and none at all
        (["product", "buy", "PR01", "--date", "2024-06-05", "--member", "M1", "--quantity",
          "1.2345", "--amount", "10"], 2, "1.2345"),
        (["product", "buy", "PR01", "--date", "2024-06-05", "--member", "M1", "--amount",
          "10"], 2, "quantity"),
        # both parties, and a surplus without its cost
        (["product", "buy", "PR01", "--date", "2024-06-05", "--member", "M1", "--non-member",
          "Y", "--quantity", "1", "--amount", "10"], 2, "--member"),
        (["product", "adjust", "PR01", "--date", "2024-06-05", "--quantity", "+3"], 2, "cost"),
        # an unknown product, and one registered again with another unit
        (["product", "issue", "PR09", "--date", "2024-06-05", "--quantity", "1", "--to", "523",
          "--memo", "x"], 1, "PR09"),
        (["product", "add", "PR01", "--name", "金银花", "--unit", "斤"], 1, "unit"),
        # trade: no party, a missing quantity, a member before joining, a reversed voucher
        (["trade", "add", "--date", "2024-06-05", "--product", "PR01", "--kind", "service",
          "--amount", "10"], 2, "--member"),
        (["trade", "add", "--date", "2024-06-05", "--member", "M1", "--product", "PR01",
          "--kind", "delivery", "--amount", "10"], 2, "quantity"),
        (["trade", "add", "--date", "2023-06-05", "--member", "M1", "--product", "PR01",
          "--kind", "service", "--amount", "10"], 1, "M1"),
        (["charter", "set", "patronage_trade_kinds", "delivery,delivery", "--from-year",
          "2024"], 2, "delivery"),
        (["charter", "set", "patronage_trade_weight", "0.12345", "--from-year", "2024"], 2,
         "0.12345"),
        (["charter", "set", "patronage_basis", "land", "--from-year", "2024"], 2, "mu_days"),
    ]  # fmt: skip
    for args, code, said in cases:
        r = coop(*args, lang="en")
        assert r.code == code, (args, r.code, r.err)
        assert said in r.err and len(r.err.strip().splitlines()) == 1, (args, r.err)
        assert coop.ok("head").out == after, args
    rows = tmp_path / "mixed.csv"
    rows.write_text(
        "ref,date,action,product_no,member_no,counterparty,quantity,amount,account\n"
        "R1,2024-06-05,buy,PR01,M1,,1,10,\n"
        "R1,2024-06-06,buy,PR01,M1,,1,10,\n",
        encoding="utf-8",
    )
    r = coop("product", "import", str(rows), lang="en")
    assert r.code == 2 and "mixed.csv:3" in r.err, r.err
    assert coop.ok("head").out == after != before


def test_a_reversed_movement_is_void_and_only_the_last_reverses(coop: Coop) -> None:
    _members(coop, "M1")
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    first = _buy(coop, "2024-06-01", "100", "1000", "--member", "M1")["number"]
    second = _buy(coop, "2024-06-02", "50", "600", "--member", "M1")["number"]
    r = coop("voucher", "reverse", first, "--date", "2024-06-03", "--reason", "错记")
    assert r.code == 1 and second in r.err, r.err
    coop.ok("voucher", "reverse", second, "--date", "2024-06-03", "--reason", "错记")
    assert _stock(coop) == {"PR01": ("100.000", "1000.00")}
    trades: Any = coop.ok("trade", "list", "--year", "2024", "--format", "json").json()
    assert [(t["voucher"], t["void"]) for t in trades["records"]] == [
        (first, False),
        (second, True),
    ]
    assert trades["totals"][0]["member_amount"] == "1000.00"
    # the same --ref again is nothing to do, even after later movements
    again = ["product", "buy", "PR01", "--date", "2024-06-04", "--member", "M1", "--quantity",
             "10", "--amount", "100", "--ref", "D1"]  # fmt: skip
    n = coop.ok(*again).out
    coop.ok(
        "product",
        "sell",
        "PR01",
        "--date",
        "2024-06-05",
        "--buyer",
        "X",
        "--quantity",
        "5",
        "--amount",
        "80",
    )
    r2 = coop.ok(*again)
    assert r2.out == n and r2.err
    coop.ok("check")


def test_a_crop_from_401_to_141_to_stock_and_its_sale(coop: Coop) -> None:
    _members(coop, "M1")
    coop.ok("product", "add", "PR01", "--name", "白术", "--unit", "公斤")
    coop.ok("crop", "add", "C01", "--name", "白术", "--started", "2024-03-01", "--product", "PR01")
    coop.ok("crop", "add", "C02", "--name", "丹参", "--started", "2024-03-01")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-05",
        "--memo",
        "种苗",
        "--dr",
        "40101",
        "800",
        "--dr",
        "40102",
        "500",
        "--cr",
        "102",
        "1300",
    )
    settled: Any = coop.ok("crop", "settle", "--date", "2024-06-30", "--format", "json").json()
    assert settled["crops"] == [
        {"crop_no": "C01", "amount": "800.00"},
        {"crop_no": "C02", "amount": "500.00"},
    ]
    # nothing left to settle: nothing written
    again: Any = coop.ok("crop", "settle", "--date", "2024-06-30", "--format", "json").json()
    assert again == {"number": None, "crops": []}
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-07-05",
        "--memo",
        "人工",
        "--dr",
        "40101",
        "200",
        "--cr",
        "102",
        "200",
    )
    h = coop.ok("crop", "harvest", "C01", "--date", "2024-08-01", "--quantity", "400").out.strip()
    assert _lines(coop, h) == [
        ("14101", None, "200.00", "0.00"),  # the settle pair first
        ("40101", None, "0.00", "200.00"),
        ("12101", None, "1000.00", "0.00"),
        ("14101", None, "0.00", "1000.00"),
    ]
    assert _stock(coop) == {"PR01": ("400.000", "1000.00")}
    r = coop("crop", "harvest", "C01", "--date", "2024-08-02", "--quantity", "1")
    assert r.code == 1  # harvested: no longer growing
    r = coop("crop", "harvest", "C02", "--date", "2024-08-02", "--quantity", "1")
    assert r.code == 1 and "C02" in r.err  # no product to harvest into
    loss = coop.ok("crop", "loss", "C02", "--date", "2024-08-03", "--amount", "100").out.strip()
    assert _lines(coop, loss) == [("181", None, "100.00", "0.00"), ("14102", None, "0.00",
                                                                      "100.00")]  # fmt: skip
    sale = coop.ok(
        "crop",
        "sell",
        "C02",
        "--date",
        "2024-09-01",
        "--amount",
        "900",
        "--buyer",
        "药材公司",
        "--income-account",
        "50101",
        "--expense-account",
        "52102",
    ).out.strip()
    assert _lines(coop, sale) == [
        ("102", None, "900.00", "0.00"),
        ("50101", None, "0.00", "900.00"),
        ("52102", None, "400.00", "0.00"),  # what was left of 丹参 after the loss
        ("14102", None, "0.00", "400.00"),
    ]
    crops: Any = coop.ok("crop", "list", "--format", "json").json()
    assert [(c["crop_no"], c["status"], c["in_biological_assets"]) for c in crops["crops"]] == [
        ("C01", "harvested", "0.00"),
        ("C02", "sold", "0.00"),
    ]
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-12-31",
        "--memo",
        "损失处理",
        "--dr",
        "529",
        "100",
        "--cr",
        "181",
        "100",
    )
    coop.ok("check", "--strict")


def test_check_strict_finds_a_crop_left_unsettled(coop: Coop) -> None:
    coop.ok("crop", "add", "C01", "--name", "白术", "--started", "2024-03-01")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-05",
        "--memo",
        "种苗",
        "--dr",
        "40101",
        "800",
        "--cr",
        "102",
        "800",
    )
    coop.ok("year", "close", "2024")
    coop.ok("check")
    r = coop("check", "--strict", lang="en")
    assert r.code == 1 and r.out.startswith("crop: crop C01"), r.out


def _trading_books(coop: Coop, basis: str, weight: str | None = None) -> Any:
    """Two members, M1 with 3 mu all year and M2 with 1; M2 delivers 300.00 and M1 100.00.
    A surplus of 1,000.00."""
    _members(coop, "M1", "M2")
    coop.ok("charter", "set", "patronage_basis", basis, "--from-year", "2024")
    if weight is not None:
        coop.ok("charter", "set", "patronage_trade_weight", weight, "--from-year", "2024")
    coop.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "3", "--date", "2024-01-01")
    coop.ok("land", "contribute", "M2", "--parcel", "P2", "--area", "1", "--date", "2024-01-01")
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    _buy(coop, "2024-06-01", "30", "300", "--member", "M2")
    _buy(coop, "2024-06-02", "10", "100", "--member", "M1")
    coop.ok(
        "product",
        "sell",
        "PR01",
        "--date",
        "2024-07-01",
        "--buyer",
        "X",
        "--quantity",
        "40",
        "--amount",
        "1400",
    )
    coop.ok("year", "close", "2024")
    return coop.ok("distribute", "plan", "2024", "--format", "json").json()


@pytest.mark.parametrize(
    ("basis", "weight", "returns", "shown"),
    [
        # P = round((1,000.00 − 100.00) × 0.60) = 540.00; R = 100.00
        (
            "mu_days",
            None,
            {"M1": ("405.00", "75.00"), "M2": ("135.00", "25.00")},
            ("3.0000", "1.0000"),
        ),
        (
            "trade_amount",
            None,
            {"M1": ("135.00", "25.00"), "M2": ("405.00", "75.00")},
            ("100.00", "300.00"),
        ),
        # a = 0.5: w = 0.5 × A/ΣA + 0.5 × L/ΣL = 0.5 × 0.25 + 0.5 × 0.75 = 0.5 each
        (
            "mixed",
            "0.5000",
            {"M1": ("270.00", "50.00"), "M2": ("270.00", "50.00")},
            ("0.500000", "0.500000"),
        ),
    ],
)
def test_the_patronage_basis_follows_the_charter(
    coop: Coop,
    basis: str,
    weight: str | None,
    returns: dict[str, tuple[str, str]],
    shown: tuple[str, str],
) -> None:
    plan = _trading_books(coop, basis, weight)
    assert plan["surplus"] == "1000.00" and plan["patronage_pool"] == "540.00"
    assert plan["patronage_basis_kind"] == basis
    got = {m["member_no"]: (m["patronage_return"], m["reserve_share"]) for m in plan["members"]}
    assert got == returns
    assert tuple(m["patronage_basis"] for m in plan["members"]) == shown
    assert [(m["trade_amount"], m["mu_days"]) for m in plan["members"]] == [
        ("100.00", "1098.0000"),
        ("300.00", "366.0000"),
    ]
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    coop.ok("check")


def test_the_base_as_a_crop_cost_under_base_cost_capitalise(coop: Coop) -> None:
    """operations.md §5.4: each parcel's base debits the 401 leaf of its crop for the year,
    in-year and on recognising a prepayment; a parcel with no crop is refused by name; the
    assignment stays once a base used it; 02表 shows none of it until the crop is sold."""
    _members(coop, "M1", "M2")
    coop.ok("land", "contribute", "M1", "--parcel", "A1", "--area", "2", "--date", "2024-01-01")
    coop.ok("land", "contribute", "M2", "--parcel", "A2", "--area", "1.5", "--date", "2024-01-01")
    coop.ok("crop", "add", "C1", "--name", "白术", "--started", "2024-01-01")
    coop.ok("crop", "add", "C2", "--name", "丹参", "--started", "2024-01-01")
    coop.ok("charter", "set", "base_cost", "capitalise", "--from-year", "2024")
    coop.ok("charter", "set", "base_cost", "capitalise", "--from-year", "2025")
    coop.ok("land", "assign", "--year", "2024", "--crop", "C1", "A1")
    head = coop.ok("head").out
    r = coop("base", "pay", "--year", "2024", "--date", "2024-03-01", lang="en")
    assert r.code == 1 and "parcel A2 has no crop for 2024" in r.err, r.err
    assert coop.ok("head").out == head
    coop.ok("land", "assign", "--year", "2024", "--crop", "C2", "A2")
    paid = coop.ok("base", "pay", "--year", "2024", "--date", "2024-03-01").out.strip()
    assert _lines(coop, paid) == [
        ("40101", None, "2000.00", "0.00"),
        ("40102", None, "1500.00", "0.00"),
        ("102", None, "0.00", "3500.00"),
    ]
    r = coop("land", "assign", "--year", "2024", "--crop", "C2", "A1", lang="en")
    assert r.code == 1 and "A1" in r.err, r.err
    listed: Any = coop.ok("base", "list", "--year", "2024", "--format", "json").json()
    assert [p["debit_account"] for p in listed["payments"]] == ["40101", "40102"]
    # a prepayment of 2025 is recognised on the crops assigned for 2025
    coop.ok("base", "pay", "--year", "2025", "--date", "2024-12-20")
    coop.ok("crop", "settle", "--date", "2024-12-31")
    coop.ok("year", "close", "2024")
    surplus: Any = coop.ok("report", "surplus", "--year", "2024", "--format", "json").json()
    line3 = next(x for x in surplus["lines"] if x["no"] == 3)
    assert line3["values"][0] == "0.00"  # the base waits in 141 until the crops are sold
    r = coop("base", "recognize", "--year", "2025", lang="en")
    assert r.code == 1 and "A1" in r.err, r.err
    coop.ok("land", "assign", "--year", "2025", "--crop", "C2", "A1", "A2")
    number = coop.ok("base", "recognize", "--year", "2025").out.strip()
    assert _lines(coop, number) == [
        ("40102", None, "3500.00", "0.00"),
        ("114", "M1", "0.00", "2000.00"),
        ("114", "M2", "0.00", "1500.00"),
    ]
    # the register shows where the recognition debited each row, and the crop stays
    listed = coop.ok("base", "list", "--year", "2025", "--format", "json").json()
    assert [p["debit_account"] for p in listed["payments"]] == ["40102", "40102"]
    before = snapshot(coop.db, coop.code)
    r = coop("land", "assign", "--year", "2025", "--crop", "C1", "A1", lang="en")
    assert r.code == 1 and "A1" in r.err and "C2" in r.err, r.err
    assert snapshot(coop.db, coop.code) == before
    coop.ok("check")


def test_stock_and_a_growing_crop_contributed_in_kind(coop: Coop) -> None:
    """operations.md §2.2: products go into stock at the value (the product's stock leaf,
    +Q), a growing crop's 141 leaf takes it; 301@M the capital, 321 the difference."""
    _members(coop, "M1")
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    coop.ok("crop", "add", "C01", "--name", "白术", "--started", "2024-03-01")
    stock = ["member", "contribute-asset", "M1", "--date", "2024-04-01", "--account", "12101",
             "--value", "1200", "--capital", "1000", "--product", "PR01", "--quantity", "60",
             "--ref", "S1"]  # fmt: skip
    number = coop.ok(*stock).out.strip()
    assert _lines(coop, number) == [
        ("12101", None, "1200.00", "0.00"),
        ("301", "M1", "0.00", "1000.00"),
        ("321", None, "0.00", "200.00"),
    ]
    assert coop.ok(*stock).out.strip() == number  # the same ref: nothing more
    assert _stock(coop) == {"PR01": ("60.000", "1200.00")}
    crop = coop.ok(
        "member",
        "contribute-asset",
        "M1",
        "--date",
        "2024-04-02",
        "--account",
        "14101",
        "--value",
        "500",
        "--crop",
        "C01",
    ).out.strip()
    assert _lines(coop, crop) == [("14101", None, "500.00", "0.00"), ("301", "M1", "0.00",
                                                                      "500.00")]  # fmt: skip
    for args, code in (
        (["--account", "12101", "--value", "5", "--product", "PR01"], 2),  # no quantity
        (["--account", "14101", "--value", "5"], 2),  # no crop
        (["--account", "12101", "--value", "5", "--product", "PR09", "--quantity", "1"], 1),
        (["--account", "14101", "--value", "5", "--crop", "C09"], 1),
    ):
        r = coop("member", "contribute-asset", "M1", "--date", "2024-04-03", *args)
        assert r.code == code, (args, r.err)
    coop.ok("check")


def test_what_a_review_found_stays_fixed(coop: Coop, tmp_path: Any) -> None:
    """Date order for crops, closed years for trade, a --ref re-run with another quantity,
    the import's date order and parties, stock leaves only with a quantity, movements that
    cost 0.00, and costs stranded on a finished crop."""
    _members(coop, "M1")
    coop.ok("product", "add", "PR01", "--name", "白术", "--unit", "公斤")
    coop.ok("crop", "add", "C01", "--name", "白术", "--started", "2024-03-01", "--product", "PR01")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-05",
        "--memo",
        "种苗",
        "--dr",
        "40101",
        "1000",
        "--cr",
        "102",
        "1000",
    )
    coop.ok(
        "crop",
        "harvest",
        "C01",
        "--date",
        "2024-09-01",
        "--quantity",
        "100",
        "--partial",
        "--cost",
        "600",
    )
    head = coop.ok("head").out

    def refused(code: int, said: str, *args: str) -> None:
        r = coop(*args, lang="en")
        assert r.code == code and said in r.err, (args, r.code, r.err)
        assert len(r.err.strip().splitlines()) == 1, r.err
        assert coop.ok("head").out == head, args

    refused(1, "date order", "crop", "loss", "C01", "--date", "2024-06-01", "--amount", "100")
    refused(1, "date order", "crop", "settle", "--date", "2024-06-30")
    refused(
        1,
        "2023",
        "trade",
        "add",
        "--date",
        "2023-12-31",
        "--member",
        "M1",
        "--product",
        "PR01",
        "--kind",
        "service",
        "--amount",
        "10",
    )
    coop.ok(
        "product",
        "buy",
        "PR01",
        "--date",
        "2024-09-02",
        "--non-member",
        "周五",
        "--quantity",
        "10",
        "--amount",
        "100",
        "--ref",
        "K1",
    )
    head = coop.ok("head").out
    refused(
        1,
        "K1",
        "product",
        "buy",
        "PR01",
        "--date",
        "2024-09-02",
        "--non-member",
        "周五",
        "--quantity",
        "999",
        "--amount",
        "100",
        "--ref",
        "K1",
    )
    rows = tmp_path / "rows.csv"
    header = "ref,date,action,product_no,member_no,counterparty,quantity,amount,account\n"
    for body, code, said in (
        ("B1,2024-09-01,buy,PR01,M1,,1,10,\n", 1, "date order"),
        ("B2,2024-09-03,buy,PR01,M1,周五,1,10,\n", 2, "not both"),
        ("B3,2024-09-03,buy,PR01,,,1,10,\n", 2, "seller"),
        ("B4,2024-09-03,buy,PR01,M9,,1,10,\n", 1, "M9"),
    ):
        rows.write_text(header + body, encoding="utf-8")
        refused(code, said, "product", "import", str(rows))
    r = coop("product", "import", str(rows), lang="en")
    assert r.err.count("rows.csv") == 1, r.err  # said once, not garbled
    coop.ok(
        "asset",
        "add",
        "FA01",
        "--name",
        "水泵",
        "--account",
        "151",
        "--cost",
        "1000",
        "--in-service",
        "2024-09-03",
        "--life-months",
        "10",
        "--cost-centre",
        "52102",
        "--pay-from",
        "102",
    )
    head = coop.ok("head").out
    refused(
        1,
        "12101",
        "asset",
        "dispose",
        "FA01",
        "--date",
        "2024-09-04",
        "--reason",
        "scrap",
        "--salvage",
        "100",
        "--salvage-to",
        "12101",
    )
    # the rest of the crop comes in at 0.00 when its cost has all been harvested
    coop.ok(
        "crop",
        "harvest",
        "C01",
        "--date",
        "2024-09-05",
        "--quantity",
        "40",
        "--partial",
        "--cost",
        "400",
    )
    last = coop.ok("crop", "harvest", "C01", "--date", "2024-09-06", "--quantity", "5")
    assert last.out == "" and last.err
    assert _stock(coop)["PR01"] == ("155.000", "1100.00")
    crops: Any = coop.ok("crop", "list", "--format", "json").json()
    assert crops["crops"][0]["status"] == "harvested"
    # a cost posted to the harvested crop is reported at the year's close
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-10-01",
        "--memo",
        "人工",
        "--dr",
        "40101",
        "50",
        "--cr",
        "102",
        "50",
    )
    coop.ok("asset", "depreciate", "--month", "2024-10")
    coop.ok("asset", "depreciate", "--month", "2024-11")
    coop.ok("asset", "depreciate", "--month", "2024-12")
    coop.ok("year", "close", "2024")
    r = coop("check", "--strict", lang="en")
    assert r.code == 1 and "crop C01 is harvested" in r.out, r.out
    # a trade in a closed year would change the basis its distribution used
    r = coop(
        "trade",
        "add",
        "--date",
        "2024-08-01",
        "--member",
        "M1",
        "--product",
        "PR01",
        "--kind",
        "service",
        "--amount",
        "10",
        lang="en",
    )
    assert r.code == 1 and "closed" in r.err, r.err


def test_a_trade_without_a_voucher_is_worded_on_the_member_account(coop: Coop) -> None:
    _members(coop, "M1")
    coop.ok("product", "add", "PR01", "--name", "烘干", "--unit", "次")
    coop.ok(
        "trade",
        "add",
        "--date",
        "2024-05-01",
        "--member",
        "M1",
        "--product",
        "PR01",
        "--kind",
        "service",
        "--amount",
        "80",
        "--ref",
        "T1",
    )
    account: Any = coop.ok(
        "report", "member-account", "M1", "--year", "2024", "--format", "json"
    ).json()
    (row,) = account["entries"]
    assert (row["memo"], row["voucher"], row["amount"]) == (
        "接受服务：烘干",
        None,
        {"PR01": "80.00"},
    )


def test_an_issue_that_costs_nothing_moves_its_quantity_only(coop: Coop) -> None:
    coop.ok("product", "add", "PR01", "--name", "金银花", "--unit", "公斤")
    _buy(coop, "2024-06-01", "1000", "10")  # 1,000 kg for 10.00
    out: Any = coop.ok(
        "product",
        "issue",
        "PR01",
        "--date",
        "2024-06-02",
        "--quantity",
        "0.4",
        "--to",
        "523",
        "--memo",
        "样品",
        "--format",
        "json",
    ).json()
    assert out == {"number": None, "quantity": "0.400", "amount": "0.00", "cost": "0.00"}
    short: Any = coop.ok(
        "product",
        "adjust",
        "PR01",
        "--date",
        "2024-06-03",
        "--quantity",
        "-0.4",
        "--format",
        "json",
    ).json()
    assert short["number"] is None
    assert _stock(coop) == {"PR01": ("999.200", "10.00")}
    coop.ok("check")


def test_init_sets_any_charter_key_from_the_start(make_coop: Any) -> None:
    """cli-additions.md §1.1: `init --charter KEY=VALUE`, repeatable."""
    fresh: Coop = make_coop()
    for bad in ("patronage_basis", "colour=red", "inventory_method=lifo"):
        r = fresh("init", "--name", "测试", "--code", fresh.code, "--charter", bad)
        assert r.code == 2 and len(r.err.strip().splitlines()) == 1, (bad, r.err)
    fresh.init("--charter", "patronage_basis=trade_amount", "--charter", "inventory_method=fifo")
    shown: Any = fresh.ok("charter", "show", "--format", "json").json()
    assert (shown["charter"]["patronage_basis"], shown["charter"]["inventory_method"]) == (
        "trade_amount",
        "fifo",
    )
