"""Labour kept by person (operations.md §4, cli-additions.md §5): the payee register, 212 and
213 as person accounts (``213@P01``), accrual and payment per person, the year's list,
``labour_paid`` on the member statement and the ``payee`` check."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import Coop

VALID_ID = "11010519491231002X"


def _books(coop: Coop) -> Coop:
    coop.ok("member", "add", "M2", "--name", "李二", "--joined-on", "2024-01-01")
    coop.ok("payee", "add", "P01", "--member", "M2")
    coop.ok("payee", "add", "P02", "--name", "王五", "--kind", "staff", "--id-number", VALID_ID)
    return coop


def test_the_payee_register(coop: Coop) -> None:
    _books(coop)
    listed: Any = coop.ok("payee", "list", "--format", "json").json()
    by = {p["payee_no"]: p for p in listed["payees"]}
    assert (by["P01"]["name"], by["P01"]["member_no"], by["P01"]["kind"]) == (
        "李二",
        "M2",
        "seasonal",
    )
    assert by["P02"]["kind"] == "staff" and by["P02"]["id_number"] != VALID_ID
    assert by["P02"]["id_number"].startswith("1101")  # masked as on statements
    assert coop("payee", "add", "P01", "--member", "M2").code == 0  # the same: nothing
    for args, code in (
        (("P01", "--name", "别人"), 1),  # taken, with other content
        (("M2", "--name", "某"), 1),  # another member's number
        (("P03", "--member", "M9"), 1),  # unknown member
        (("P03",), 2),  # no name and no member
        (("P03", "--name", "某", "--kind", "boss"), 2),
        (("P03", "--name", "某", "--id-number", "123"), 2),
        (("P 3", "--name", "某"), 2),
    ):
        r = coop("payee", "add", *args)
        assert r.code == code and r.err.count("\n") == 1, (args, r.code, r.err)
    listed = coop.ok("payee", "list", "--format", "json").json()
    assert len(listed["payees"]) == 2
    coop.ok("payee", "add", "M2", "--member", "M2")  # a member's own number, for that member
    coop.ok("check")


def test_accrue_pay_and_list(coop: Coop) -> None:
    _books(coop)
    accrue = ["labour", "accrue", "--date", "2024-05-01", "--account", "213", "--memo", "采收"]
    coop.ok(*accrue[:2], "P01", *accrue[2:], "--amount", "600", "--cost-centre", "52102")
    v: Any = coop.ok("voucher", "show", "2024-1", "--format", "json").json()
    assert v["kind"] == "labour_accrue"
    assert [(ln["account"], ln["payee_no"], ln["member_no"], ln["credit"]) for ln in v["lines"]][
        1
    ] == ("213", "P01", None, "600.00")
    for extra, code in (
        (["--cost-centre", "52101"], 1),
        (["--cost-centre", "102"], 1),
        (["--cost-centre", "52102", "--account", "201"], 1),
    ):
        args = [*accrue[:2], "P01", *accrue[2:], "--amount", "1", *extra]
        r = coop(*args)
        assert r.code == code and r.err.count("\n") == 1, (extra, r.err)
    r = coop(*accrue[:2], "P09", *accrue[2:], "--amount", "1", "--cost-centre", "52102")
    assert r.code == 1 and "P09" in r.err
    # a manual voucher on a person account names a payee of the register
    add = ("voucher", "add", "--date", "2024-05-02", "--memo", "工资", "--dr", "52102", "100")
    coop.ok(*add, "--cr", "212@P02", "100")
    for target in ("212@P09", "212", "212@M2"):
        r = coop(*add, "--cr", target, "100")
        assert r.code == 1 and r.err.count("\n") == 1, (target, r.err)
    ledger: Any = coop.ok(
        "report", "ledger", "212@P02", "--year", "2024", "--format", "json"
    ).json()
    assert [Decimal(r["credit"]) for r in ledger["rows"] if r["kind"] == "line"] == [Decimal(100)]
    # pay: a part, refusals, then the rest
    r = coop("labour", "pay", "--date", "2024-05-10", "--payee", "P01", "--account", "213",
             "--amount", "700")  # fmt: skip
    assert r.code == 1 and "600.00" in r.err
    r = coop("labour", "pay", "--date", "2024-05-10", "--amount", "10")
    assert r.code == 2
    part: Any = coop.ok("labour", "pay", "--date", "2024-05-10", "--payee", "P01", "--account",
                        "213", "--amount", "200", "--format", "json").json()  # fmt: skip
    assert part["paid"] == [{"payee_no": "P01", "account": "213", "amount": "200.00"}]
    rest: Any = coop.ok("labour", "pay", "--date", "2024-05-20", "--credit", "101",
                        "--format", "json").json()  # fmt: skip
    assert rest["paid"] == [
        {"payee_no": "P01", "account": "213", "amount": "400.00"},
        {"payee_no": "P02", "account": "212", "amount": "100.00"},
    ]
    assert rest["total"] == "500.00"
    pay: Any = coop.ok("voucher", "show", rest["number"], "--format", "json").json()
    assert pay["kind"] == "labour_pay" and pay["lines"][-1]["account"] == "101"
    again = coop("labour", "pay", "--date", "2024-05-21")
    assert again.code == 0 and again.out == "" and again.err.strip(), again.err
    year: Any = coop.ok("labour", "list", "--year", "2024", "--format", "json").json()
    rows = {(r["payee_no"], r["account"]): r for r in year["payees"]}
    assert {k: (r["accrued"], r["paid"], r["closing"]) for k, r in rows.items()} == {
        ("P01", "213"): ("600.00", "600.00", "0.00"),
        ("P02", "212"): ("100.00", "100.00", "0.00"),
    }
    statement: Any = coop.ok("statement", "M2", "--year", "2024", "--format", "json").json()
    assert statement["labour_paid"] == "600.00"
    # a payment can be reversed; the person's ledger shows it
    coop.ok("voucher", "reverse", rest["number"], "--date", "2024-05-22", "--reason", "错付")
    year = coop.ok("labour", "list", "--year", "2024", "--format", "json").json()
    closing = {(r["payee_no"], r["account"]): r["closing"] for r in year["payees"]}
    assert closing == {("P01", "213"): "400.00", ("P02", "212"): "100.00"}
    coop.ok("check")


def test_import_names_payees_in_their_own_column(coop: Coop, tmp_path: Path) -> None:
    _books(coop)
    f = tmp_path / "v.csv"
    f.write_text(
        "ref,date,memo,account,member_no,payee_no,debit,credit\n"
        "1,2024-06-01,除草,52102,,,300.00,\n"
        "1,2024-06-01,除草,213,,P01,,300.00\n",
        encoding="utf-8",
    )
    coop.ok("voucher", "import", str(f))
    v: Any = coop.ok("voucher", "show", "2024-1", "--format", "json").json()
    assert v["lines"][1]["payee_no"] == "P01"
    for row, code in (
        ("2,2024-06-02,x,213,M2,,,5.00", 2),  # a member on a person account
        ("2,2024-06-02,x,213,,,,5.00", 1),  # no payee
        ("2,2024-06-02,x,213,,P09,,5.00", 1),  # unknown payee
    ):
        bad = tmp_path / "bad.csv"
        bad.write_text(
            "ref,date,memo,account,member_no,payee_no,debit,credit\n"
            f"2,2024-06-02,x,52102,,,5.00,\n{row}\n",
            encoding="utf-8",
        )
        r = coop("voucher", "import", str(bad))
        assert r.code == code and "bad.csv:3" in r.err, (row, r.err)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ref,date,memo,account,member_no,payee_no,debit,credit\n"
        "3,2024-06-02,x,52102,,P01,5.00,\n3,2024-06-02,x,102,,,,5.00\n",
        encoding="utf-8",
    )
    r = coop("voucher", "import", str(bad))
    assert r.code == 2 and "bad.csv:2" in r.err and "payee_no" in r.err, r.err


def test_lines_without_a_payee_from_before_are_a_warning(coop: Coop, tmp_path: Path) -> None:
    opening = tmp_path / "opening.csv"
    opening.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,800.00,,,\n213,,,,800.00,,\n",
        encoding="utf-8",
    )
    coop.ok("opening", "import", str(opening), "--date", "2024-01-01")
    coop.ok("payee", "add", "P01", "--name", "王五")
    coop.ok("labour", "accrue", "P01", "--date", "2024-02-02", "--amount", "50", "--account",
            "213", "--cost-centre", "52102", "--memo", "计提")  # fmt: skip
    year: Any = coop.ok("labour", "list", "--year", "2024", "--format", "json").json()
    assert [(p["payee_no"], p["name"], p["opening"], p["accrued"]) for p in year["payees"]] == [
        (None, "（未指定）", "800.00", "0.00"),  # the opening, not the year's accruals
        ("P01", "王五", "0.00", "50.00"),
    ]
    book = coop.ok("report", "ledger", "213", "--year", "2024").out
    assert "人员编号" in book and "P01" in book
    coop.ok("voucher", "add", "--date", "2025-01-05", "--memo", "x", "--dr", "102", "1",
            "--cr", "201", "1")  # fmt: skip
    later: Any = coop.ok("labour", "list", "--year", "2025", "--format", "json").json()
    assert [(p["payee_no"], p["name"], p["opening"]) for p in later["payees"]] == [
        (None, "（未指定）", "800.00"),
        ("P01", "王五", "50.00"),
    ]
    r = coop.ok("check")
    assert "213" in r.err and "（未指定）" in r.err, r.err
    assert coop("check", "--strict").code == 1


def test_check_finds_lines_on_unknown_payees(tmp_path: Path) -> None:
    """Edits the SQLite file directly (dropping a guard), so it runs on SQLite only."""
    coop = Coop(str(tmp_path / "books.db"), "TQ", "sqlite").init()
    _books(coop)
    coop.ok("labour", "accrue", "P02", "--date", "2024-05-01", "--amount", "50", "--account",
            "212", "--cost-centre", "52102", "--memo", "值班")  # fmt: skip
    conn = sqlite3.connect(coop.db)
    try:
        conn.execute("DROP TRIGGER payee_no_delete")
        conn.execute("DELETE FROM payee WHERE payee_no = 'P02'")
        conn.commit()
    finally:
        conn.close()
    r = coop("check", "--format", "json")
    assert r.code == 1
    data: Any = r.json()
    assert any(p["check"] == "payee" and "P02" in p["detail"] for p in data["problems"]), data


def test_labour_import_all_or_nothing_and_once(coop: Coop, tmp_path: Path) -> None:
    _books(coop)
    head = "ref,date,payee_no,account,cost_centre,amount,memo\n"
    f = tmp_path / "labour.csv"
    rows = (
        "L1,2024-09-20,P01,213,52102,600,采收\n"
        ",2024-09-21,P02,212,52102,1500.50,九月工资\n"
        ",2024-09-22,P01,213,52102,80,搬运\n"
        "L1,2024-09-20,P02,213,52102,300,采收\n"
    )
    for bad, code, said in (
        (rows.replace("P02", "P09"), 1, ("labour.csv:3", "P09")),
        (rows.replace("1500.50", "15.005"), 2, ("labour.csv:3", "amount")),
        (rows.replace("52102,80", "52101,80"), 1, ("labour.csv:4", "52101")),
        (rows.replace("2024-09-22", "2024-13-01"), 2, ("labour.csv:4", "date")),
        (rows.replace("L1,2024-09-20,P02", "L1,2024-09-23,P02"), 2, ("labour.csv:5", "L1")),
    ):
        f.write_text(head + bad, encoding="utf-8")
        r = coop("labour", "import", str(f))
        assert r.code == code and all(s in r.err for s in said), r.err
        assert len(r.err.strip().splitlines()) == 1
    listed: Any = coop.ok("voucher", "list", "--format", "json").json()
    assert listed["vouchers"] == []  # every refusal wrote nothing
    f.write_text(head + rows, encoding="utf-8")
    numbers = coop.ok("labour", "import", str(f)).out.split()
    assert len(numbers) == 3  # the two rows of ref L1 are one voucher
    shown: Any = coop.ok("voucher", "show", numbers[0], "--format", "json").json()
    assert [
        (ln["account"], ln["payee_no"], ln["debit"], ln["credit"]) for ln in shown["lines"]
    ] == [
        ("52102", None, "600.00", "0.00"),
        ("213", "P01", "0.00", "600.00"),
        ("52102", None, "300.00", "0.00"),
        ("213", "P02", "0.00", "300.00"),
    ]
    assert coop.ok("labour", "import", str(f)).out.split() == []  # the same file again
    f.write_text(head + ",2024-09-25,P02,212,52102,99,加班\n" + rows, encoding="utf-8")
    assert len(coop.ok("labour", "import", str(f)).out.split()) == 1  # only the new row
    # the same rows written otherwise (99.00 for 99), and a ref'd twin: one new voucher
    again = head + "R9,2024-09-25,P02,212,52102,99,加班\n,2024-09-25,P02,212,52102,99.00,加班\n"
    f.write_text(again + rows, encoding="utf-8")
    assert len(coop.ok("labour", "import", str(f)).out.split()) == 1  # only R9
    year: Any = coop.ok("labour", "list", "--year", "2024", "--format", "json").json()
    accrued = {(p["payee_no"], p["account"]): Decimal(p["accrued"]) for p in year["payees"]}
    assert accrued == {
        ("P01", "213"): Decimal("680.00"),
        ("P02", "212"): Decimal("1698.50"),
        ("P02", "213"): Decimal("300.00"),
    }
    coop.ok("check")
