"""Fixed and productive biological assets (operations.md §3, cli-additions.md §4): the
register, monthly straight-line depreciation (idempotent, in order, required before the
year closes), disposal through 154 / 181, and the ``asset-register`` and ``depreciation``
checks."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop

TRACTOR = (
    "asset", "add", "FA01", "--name", "手扶拖拉机", "--account", "151", "--cost", "12000",
    "--in-service", "2024-07-01", "--life-months", "60", "--residual", "600",
    "--cost-centre", "40101", "--poverty",
)  # fmt: skip


def _farm(coop: Coop) -> Coop:
    coop.ok("account", "add", "40101", "生产成本—金银花")
    coop.ok("voucher", "add", "--date", "2024-01-02", "--memo", "借款", "--dr", "102", "50000",
            "--cr", "201", "50000")  # fmt: skip
    return coop


def _lines(coop: Coop, number: str) -> list[tuple[str, str, str]]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [(ln["account"], ln["debit"], ln["credit"]) for ln in v["lines"]]


def test_the_tractor_is_depreciated_monthly_from_august(coop: Coop) -> None:
    _farm(coop)
    number = coop.ok(*TRACTOR, "--pay-from", "102").out.strip()
    assert _lines(coop, number) == [("151", "12000.00", "0.00"), ("102", "0.00", "12000.00")]
    july: Any = coop.ok("asset", "depreciate", "--month", "2024-07", "--format", "json").json()
    assert july == {"month": "2024-07", "voucher": None, "assets": [], "total": "0.00"}
    r = coop("asset", "depreciate", "--month", "2024-09")
    assert r.code == 1 and "2024-08" in r.err  # August first
    aug: Any = coop.ok("asset", "depreciate", "--month", "2024-08", "--format", "json").json()
    assert aug["assets"] == [{"asset_no": "FA01", "amount": "190.00"}]
    assert _lines(coop, aug["voucher"]) == [
        ("40101", "190.00", "0.00"),
        ("152", "0.00", "190.00"),
    ]
    again: Any = coop.ok("asset", "depreciate", "--month", "2024-08", "--format", "json").json()
    assert again["voucher"] is None  # run twice, written once
    for month in ("2024-09", "2024-10", "2024-11"):
        coop.ok("asset", "depreciate", "--month", month)
    r = coop("year", "close", "2024")
    assert r.code == 1 and "2024-12" in r.err and "FA01" in r.err, r.err
    coop.ok("asset", "depreciate", "--month", "2024-12")
    coop.ok("year", "close", "2024")
    shown: Any = coop.ok("asset", "show", "FA01", "--format", "json").json()
    assert shown["asset"]["accumulated"] == "950.00" and shown["asset"]["net"] == "11050.00"
    run = [s for s in shown["schedule"] if s["voucher"]]
    assert [s["amount"] for s in run] == ["190.00"] * 5
    rest = [Decimal(s["amount"]) for s in shown["schedule"]]
    assert sum(rest) == Decimal("11400.00") and len(rest) == 60  # cost − residual, 60 months
    r = coop("asset", "depreciate", "--month", "2024-12")
    assert r.code == 1  # a closed year
    listed: Any = coop.ok("asset", "list", "--poverty", "--format", "json").json()
    assert [a["asset_no"] for a in listed["assets"]] == ["FA01"]
    coop.ok("check")


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ((), 2),  # no acquisition mode
        (("--pay-from", "102", "--opening"), 2),
        (("--pay-from", "501"), 1),
        (("--pay-from", "114@M9"), 1),  # no such member
        (("--pay-from", "102@M9"), 1),
    ],
)
def test_acquisition_modes(coop: Coop, extra: tuple[str, ...], code: int) -> None:
    _farm(coop)
    r = coop(*TRACTOR, *extra)
    assert r.code == code and r.err.count("\n") <= 3, r.err
    assert coop.ok("asset", "list", "--format", "json").json() == {"as_of": None, "assets": []}


def test_refusals_write_nothing(coop: Coop) -> None:
    _farm(coop)
    base = list(TRACTOR)
    for change, code in (
        (("--account", "152"), 1),
        (("--cost-centre", "52101"), 1),
        (("--cost-centre", "102"), 1),
        (("--residual", "12000"), 2),
        (("--life-months", "0"), 2),
        (("--life-months", "1201"), 2),
    ):
        args = list(base)
        i = args.index(change[0])
        args[i + 1] = change[1]
        r = coop(*args, "--pay-from", "102")
        assert r.code == code and r.err.count("\n") == 1, (change, r.err)
    coop.ok(*TRACTOR, "--pay-from", "102")
    r = coop(*TRACTOR, "--pay-from", "102")
    assert r.code == 1 and "FA01" in r.err
    assert len(_lines(coop, "2024-2")) == 2
    assert coop("voucher", "show", "2024-3").code == 1  # nothing more was posted


def test_an_asset_from_a_voucher_and_one_from_the_opening(coop: Coop) -> None:
    _farm(coop)
    coop.ok("voucher", "add", "--date", "2024-03-01", "--memo", "购水泵", "--dr", "151", "3000",
            "--cr", "102", "3000")  # fmt: skip
    pump = ["asset", "add", "FA02", "--name", "水泵", "--account", "151", "--in-service",
            "2024-03-01", "--life-months", "24", "--cost-centre", "40101"]  # fmt: skip
    coop.ok(*pump, "--cost", "3000", "--from-voucher", "2024-2")
    pump[2] = "FA03"
    r = coop(*pump, "--cost", "1", "--from-voucher", "2024-2")
    assert r.code == 1 and "2024-2" in r.err
    coop.ok("asset", "depreciate", "--month", "2024-04")
    assert _lines(coop, "2024-3")[0] == ("40101", "125.00", "0.00")  # 3000 / 24


def test_disposal_by_sale_takes_the_month_and_the_net(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    for month in ("2024-08", "2024-09"):
        coop.ok("asset", "depreciate", "--month", month)
    number = coop.ok("asset", "dispose", "FA01", "--date", "2024-10-15", "--reason", "sale",
                     "--proceeds", "11000", "--proceeds-to", "102", "--costs", "100",
                     "--costs-from", "101").out.strip()  # fmt: skip
    lines = _lines(coop, number)
    assert lines[:2] == [("40101", "190.00", "0.00"), ("152", "0.00", "190.00")]  # October's
    # cost 12,000, depreciation 570, NBV 11,430; proceeds 11,000, costs 100 → loss 530
    assert ("154", "11430.00", "0.00") in lines and ("529", "530.00", "0.00") in lines
    bal: Any = coop.ok("report", "balances", "--year", "2024", "--format", "json").json()
    closing = {r["code"]: (r["closing_debit"], r["closing_credit"]) for r in bal["accounts"]}
    for code in ("151", "152", "154"):  # the asset, its depreciation and 154 are cleared
        assert Decimal(closing[code][0]) == Decimal(closing[code][1]) == 0, (code, closing)
    octo: Any = coop.ok("asset", "depreciate", "--month", "2024-10", "--format", "json").json()
    assert octo["voucher"] is None  # the disposal wrote October
    nov: Any = coop.ok("asset", "depreciate", "--month", "2024-11", "--format", "json").json()
    assert nov["voucher"] is None  # nothing after the disposal
    r = coop("asset", "dispose", "FA01", "--date", "2024-11-01", "--reason", "scrap")
    assert r.code == 1
    shown: Any = coop.ok("asset", "show", "FA01", "--format", "json").json()
    assert shown["asset"]["status"] == "disposed" and shown["asset"]["net"] == "0.00"
    coop.ok("check")


def test_a_loss_goes_to_181(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    number = coop.ok("asset", "dispose", "FA01", "--date", "2024-07-20", "--reason",
                     "loss").out.strip()  # fmt: skip
    assert _lines(coop, number) == [
        ("181", "12000.00", "0.00"),
        ("151", "0.00", "12000.00"),
    ]  # in service in July: nothing depreciated yet


def test_check_compares_the_register(tmp_path: Path) -> None:
    """Edits the SQLite file directly (dropping a guard), so it runs on SQLite only."""
    coop = Coop(str(tmp_path / "books.db"), "TQ", "sqlite").init()
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    for month in range(8, 13):
        coop.ok("asset", "depreciate", "--month", f"2024-{month:02d}")
    coop.ok("year", "close", "2024")
    coop.ok("check")
    conn = sqlite3.connect(coop.db)
    try:
        conn.execute("DROP TRIGGER asset_depr_no_delete")
        conn.execute("DELETE FROM asset_depr WHERE month = '2024-12'")
        conn.commit()
    finally:
        conn.close()
    r = coop("check", "--format", "json")
    data: Any = r.json()
    named = {p["check"] for p in data["problems"]}
    assert r.code == 1 and {"asset-register", "depreciation"} <= named, data
    said = [p["detail"] for p in data["problems"] if p["check"] == "depreciation"]
    assert any("2024-12" in d and "FA01" in d for d in said), said


def test_a_purchase_is_reversed_only_before_depreciation(coop: Coop) -> None:
    _farm(coop)
    first = coop.ok(*TRACTOR, "--pay-from", "102").out.strip()
    coop.ok("voucher", "reverse", first, "--date", "2024-07-02", "--reason", "买错了")
    listed: Any = coop.ok("asset", "list", "--format", "json").json()
    assert listed["assets"] == []  # the card is void
    again: Any = coop.ok("asset", "depreciate", "--month", "2024-08", "--format", "json").json()
    assert again["voucher"] is None
    coop.ok("check")
    other = list(TRACTOR)
    other[2] = "FA02"
    bought = coop.ok(*other, "--pay-from", "102").out.strip()
    coop.ok("asset", "depreciate", "--month", "2024-08")
    r = coop("voucher", "reverse", bought, "--date", "2024-09-01", "--reason", "x")
    assert r.code == 1 and "FA02" in r.err, r.err


def test_a_loss_is_flagged_for_the_notes_and_cleared(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    for month in range(8, 13):
        coop.ok("asset", "depreciate", "--month", f"2024-{month:02d}")
    for args, code in (
        (("FA01", "--date", "2024-11-15"), 2),  # neither --impaired nor --clear
        (("FA01", "--date", "2024-11-15", "--impaired", "x", "--clear"), 2),
        (("FA09", "--date", "2024-11-15", "--impaired", "x"), 1),  # unknown
        (("FA01", "--date", "2024-06-30", "--impaired", "x"), 1),  # before its service
    ):
        r = coop("asset", "flag", *args)
        assert r.code == code and len(r.err.strip().splitlines()) == 1, (args, r.err)
    coop.ok("asset", "flag", "FA01", "--date", "2024-11-15", "--impaired", "发动机进水，待批准核销")
    again = coop.ok("asset", "flag", "FA01", "--date", "2024-11-16", "--impaired",
                    "发动机进水，待批准核销")  # fmt: skip
    assert "FA01" in again.err  # the same mark: nothing to change
    listed: Any = coop.ok("asset", "list", "--format", "json").json()
    assert listed["assets"][0]["impaired"] == "发动机进水，待批准核销"
    earlier: Any = coop.ok("asset", "list", "--as-of", "2024-10-31", "--format", "json").json()
    assert earlier["assets"][0]["impaired"] is None
    notes = coop.ok("report", "notes", "--year", "2024").out
    assert "FA01 手扶拖拉机" in notes and "11050.00" in notes and "发动机进水" in notes
    r = coop("asset", "flag", "FA01", "--date", "2024-11-01", "--clear")
    assert r.code == 1  # before the last event
    coop.ok("asset", "flag", "FA01", "--date", "2025-01-10", "--clear")
    card: Any = coop.ok("asset", "show", "FA01", "--format", "json").json()
    assert card["asset"]["impaired"] is None
    assert [e["kind"] for e in card["events"]] == ["impaired", "impaired_clear"]
    assert "FA01 手扶拖拉机" in coop.ok("report", "notes", "--year", "2024").out  # as of 12-31
    coop.ok("check")


def test_a_revised_estimate_applies_from_its_month(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    for month in ("08", "09", "10"):
        coop.ok("asset", "depreciate", "--month", f"2024-{month}")
    for args, code in (
        (("FA01", "--from-month", "2024-11"), 2),  # nothing to change
        (("FA01", "--from-month", "2024-13", "--life-months", "36"), 2),
        (("FA01", "--from-month", "2024-11", "--life-months", "0"), 2),
        (("FA01", "--from-month", "2024-11", "--residual", "12000"), 2),
        (("FA01", "--from-month", "2024-10", "--life-months", "36"), 1),  # already run
        (("FA01", "--from-month", "2024-11", "--life-months", "3"), 1),  # 3 used already
        (("FA01", "--from-month", "2024-11", "--cost-centre", "52101"), 1),
        (("FA09", "--from-month", "2024-11", "--life-months", "36"), 1),
    ):
        r = coop("asset", "revise", *args)
        assert r.code == code and len(r.err.strip().splitlines()) == 1, (args, r.err)
    coop.ok("asset", "revise", "FA01", "--from-month", "2024-11", "--life-months", "36",
            "--residual", "1000", "--cost-centre", "52102")  # fmt: skip
    # 570.00 run; from November 12,000.00 − 1,000.00 − 570.00 = 10,430.00 over 33 months
    card: Any = coop.ok("asset", "show", "FA01", "--format", "json").json()
    amounts = [Decimal(x["amount"]) for x in card["schedule"]]
    assert len(amounts) == 36 and sum(amounts) == Decimal("11000.00")
    base, months = 1_043_000, 33
    cum = [(base * k * 2 + months) // (2 * months) for k in range(months + 1)]  # half-up
    assert amounts[3:] == [Decimal(cum[k] - cum[k - 1]) / 100 for k in range(1, months + 1)]
    assert (card["asset"]["life_months"], card["asset"]["residual"]) == (36, "1000.00")
    r = coop("year", "close", "2024")
    assert r.code == 1 and "2024-11" in r.err and "FA01" in r.err
    nov: Any = coop.ok("asset", "depreciate", "--month", "2024-11", "--format", "json").json()
    assert nov["total"] == format(amounts[3], ".2f")
    assert _lines(coop, nov["voucher"]) == [
        ("52102", nov["total"], "0.00"),  # the new cost centre from November
        ("152", "0.00", nov["total"]),
    ]
    coop.ok("asset", "depreciate", "--month", "2024-12")
    coop.ok("year", "close", "2024")
    coop.ok("check")


def test_built_and_grown_assets(coop: Coop) -> None:
    _farm(coop)
    coop.ok("account", "add", "14201", "生产性生物资产—果树")
    coop.ok("voucher", "add", "--date", "2024-03-01", "--memo", "仓库工程款", "--dr", "153",
            "8000", "--cr", "102", "8000")  # fmt: skip
    coop.ok("voucher", "add", "--date", "2024-04-01", "--memo", "果树培育", "--dr", "14201",
            "3000", "--cr", "102", "3000")  # fmt: skip
    store = ("asset", "add", "FA02", "--name", "仓库", "--account", "151", "--in-service",
             "2024-06-30", "--life-months", "240", "--cost-centre", "40101")  # fmt: skip
    r = coop(*store, "--cost", "8000.01", "--from-construction")
    assert r.code == 1 and "153" in r.err and "8000.00" in r.err
    shed = ("asset", "add", "FA04", "--name", "棚", "--account", "151", "--cost", "8000",
            "--in-service", "2024-05-31", "--life-months", "120", "--cost-centre", "40101",
            "--from-construction")  # fmt: skip
    r = coop(*store, "--cost", "8000", "--from-construction", "--pay-from", "102")
    assert r.code == 2  # two modes
    r = coop(*store, "--cost", "8000", "--construction-account", "153")
    assert r.code == 2  # --construction-account without --from-construction
    number = coop.ok(*store, "--cost", "8000", "--from-construction").out.strip()
    assert _lines(coop, number) == [("151", "8000.00", "0.00"), ("153", "0.00", "8000.00")]
    r = coop(*shed)  # on 05-31 153 held the 8,000.00, but the transfer of 06-30 took it
    assert r.code == 1 and "153" in r.err
    trees = ("asset", "add", "BA01", "--name", "果树", "--account", "14201", "--ledger",
             "--in-service", "2024-05-31", "--life-months", "120",
             "--cost-centre", "40101")  # fmt: skip
    r = coop(*trees, "--cost", "3000.01")
    assert r.code == 1 and "14201" in r.err
    assert coop.ok(*trees, "--cost", "3000").out.strip() == "BA01"  # no voucher
    r = coop("asset", "add", "FA03", "--name", "棚", "--account", "151", "--cost", "10",
             "--in-service", "2024-06-30", "--life-months", "12", "--cost-centre", "40101",
             "--ledger")  # fmt: skip
    assert r.code == 1  # --ledger is for biological assets
    card: Any = coop.ok("asset", "show", "BA01", "--format", "json").json()
    assert (card["asset"]["category"], card["asset"]["source"]) == ("bio", "ledger")
    built: Any = coop.ok("asset", "show", "FA02", "--format", "json").json()
    assert built["asset"]["source"] == "construction"
    coop.ok("check")


def test_an_open_disposal_waits_on_154_until_cleared(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    coop.ok("asset", "depreciate", "--month", "2024-08")
    r = coop("asset", "dispose", "FA01", "--date", "2024-09-10", "--reason", "loss", "--open")
    assert r.code == 1 and "--open" in r.err
    r = coop("asset", "clear", "FA01", "--date", "2024-09-10")
    assert r.code == 1 and "FA01" in r.err  # nothing open
    number = coop.ok("asset", "dispose", "FA01", "--date", "2024-09-10", "--reason", "scrap",
                     "--costs", "200", "--costs-from", "102", "--open").out.strip()  # fmt: skip
    assert _lines(coop, number) == [
        ("40101", "190.00", "0.00"),  # September's depreciation first
        ("152", "0.00", "190.00"),
        ("154", "11620.00", "0.00"),
        ("152", "380.00", "0.00"),
        ("151", "0.00", "12000.00"),
        ("154", "200.00", "0.00"),
        ("102", "0.00", "200.00"),
    ]  # no net result: 11,820.00 stays on 154
    listed: Any = coop.ok("asset", "list", "--format", "json").json()
    assert listed["assets"][0]["status"] == "open_disposal"
    sheet: Any = coop.ok("report", "balance-sheet", "--as-of", "2024-09-30", "--format",
                         "json").json()  # fmt: skip
    assert {row["no"]: row["values"][0] for row in sheet["lines"]}[14] == "11820.00"
    cleared = coop.ok("asset", "clear", "FA01", "--date", "2024-10-05", "--proceeds", "3000",
                      "--proceeds-to", "102").out.strip()  # fmt: skip
    assert _lines(coop, cleared) == [
        ("102", "3000.00", "0.00"),
        ("154", "0.00", "3000.00"),
        ("529", "8820.00", "0.00"),  # 清理净损失
        ("154", "0.00", "8820.00"),
    ]
    listed = coop.ok("asset", "list", "--format", "json").json()
    assert listed["assets"][0]["status"] == "disposed"
    r = coop("asset", "clear", "FA01", "--date", "2024-10-06")
    assert r.code == 1  # cleared already
    trial: Any = coop.ok("report", "trial-balance", "--format", "json").json()
    assert all(a["code"] != "154" or a["balance"] == "0.00" for a in trial["accounts"]), trial
    coop.ok("check")


def test_revisions_keep_their_order_and_flags_keep_to_open_years(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    coop.ok("asset", "add", "FA02", "--name", "水泵", "--account", "151", "--cost", "1200",
            "--in-service", "2024-09-15", "--life-months", "12", "--cost-centre", "40101",
            "--pay-from", "102")  # fmt: skip
    for month in ("08", "09"):
        coop.ok("asset", "depreciate", "--month", f"2024-{month}")
    # 2024-09 is run (for FA01): FA02, with nothing due then, cannot be revised from it
    r = coop("asset", "revise", "FA02", "--from-month", "2024-09", "--life-months", "6")
    assert r.code == 1 and "2024-09" in r.err
    coop.ok("asset", "revise", "FA02", "--from-month", "2024-12", "--life-months", "6")
    r = coop("asset", "revise", "FA02", "--from-month", "2024-11", "--life-months", "24")
    assert r.code == 1  # before the earlier revision's month
    card: Any = coop.ok("asset", "show", "FA02", "--format", "json").json()
    assert sum(Decimal(x["amount"]) for x in card["schedule"]) == Decimal("1200.00")
    for month in ("10", "11", "12"):
        coop.ok("asset", "depreciate", "--month", f"2024-{month}")
    coop.ok("year", "close", "2024")
    r = coop("asset", "flag", "FA01", "--date", "2024-06-30", "--impaired", "x")
    assert r.code == 1 and "2024" in r.err  # a closed year's 附注 does not change
    coop.ok("check")


def test_disposals_that_leave_nothing_and_donations(coop: Coop) -> None:
    _farm(coop)
    coop.ok(*TRACTOR, "--pay-from", "102")
    coop.ok("asset", "add", "FA02", "--name", "旧机", "--account", "151", "--cost", "100",
            "--in-service", "2024-07-01", "--life-months", "1", "--cost-centre", "40101",
            "--pay-from", "102")  # fmt: skip
    coop.ok("asset", "depreciate", "--month", "2024-08")
    # FA02 is fully depreciated: its scrap leaves nothing on 154, so it is not left open
    coop.ok("asset", "dispose", "FA02", "--date", "2024-09-10", "--reason", "scrap", "--open")
    listed: Any = coop.ok("asset", "list", "--format", "json").json()
    assert {a["asset_no"]: a["status"] for a in listed["assets"]}["FA02"] == "disposed"
    coop.ok("asset", "dispose", "FA01", "--date", "2024-09-10", "--reason", "donate", "--open")
    r = coop("asset", "clear", "FA01", "--date", "2024-09-20", "--proceeds", "10",
             "--proceeds-to", "102")  # fmt: skip
    assert r.code == 1  # a donation brings no proceeds
    number = coop.ok("asset", "clear", "FA01", "--date", "2024-09-20").out.strip()
    assert [a for a, _d, _c in _lines(coop, number)] == ["529", "154"]
    coop.ok("check")


def test_what_a_leaf_held_in_between_and_a_disposals_month(coop: Coop) -> None:
    _farm(coop)
    coop.ok("voucher", "add", "--date", "2024-01-10", "--memo", "工程", "--dr", "153", "100",
            "--cr", "201", "100")  # fmt: skip
    base = ("--account", "151", "--life-months", "12", "--cost-centre", "40101",
            "--from-construction")  # fmt: skip
    coop.ok("asset", "add", "A1", "--name", "甲", "--cost", "80", "--in-service", "2024-02-01",
            *base)  # fmt: skip
    coop.ok("voucher", "add", "--date", "2024-03-01", "--memo", "工程", "--dr", "153", "100",
            "--cr", "201", "100")  # fmt: skip
    # on 01-31 153 held 100.00, and holds 120.00 now, but only 20.00 in February
    r = coop("asset", "add", "B1", "--name", "乙", "--cost", "100", "--in-service", "2024-01-31",
             *base)  # fmt: skip
    assert r.code == 1 and "153" in r.err
    coop.ok("asset", "add", "B1", "--name", "乙", "--cost", "20", "--in-service", "2024-01-31",
            *base)  # fmt: skip
    coop.ok("asset", "depreciate", "--month", "2024-02")
    r = coop("asset", "dispose", "A1", "--date", "2024-03-10", "--reason", "donate",
             "--proceeds", "10", "--proceeds-to", "102")  # fmt: skip
    assert r.code == 1  # a donation brings no proceeds
    coop.ok("asset", "dispose", "A1", "--date", "2024-03-10", "--reason", "scrap")
    # A1's March row is its disposal's, not a run of March: B1 can still be revised from it
    coop.ok("asset", "revise", "B1", "--from-month", "2024-03", "--life-months", "24")
    coop.ok("asset", "depreciate", "--month", "2024-03")
    coop.ok("check")
