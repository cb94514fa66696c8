"""The source of capital (operations.md §2.3) on land and in the opening: a parcel keeps
the tag of its contribution through transfer, withdrawal and leaving; a leaver's refund
is one 301 line per tag; `check` holds each member's tags to 301@M."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import Coop


def _members(coop: Coop, *numbers: str) -> Coop:
    for m in numbers:
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", "2024-01-01")
    return coop


def _sources(coop: Coop, member: str, year: int) -> tuple[str, str]:
    a: Any = coop.ok("report", "member-account", member, "--year", str(year), "--format",
                     "json").json()  # fmt: skip
    return a["closing"]["capital_poverty"], a["closing"]["capital_other"]


def _lines(coop: Coop, number: str) -> list[tuple[str, str | None, str, str]]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [(ln["account"], ln["member_no"], ln["debit"], ln["credit"]) for ln in v["lines"]]


def _vouchers(coop: Coop) -> Any:
    listed: Any = coop.ok("voucher", "list", "--format", "json").json()
    return listed["vouchers"]


def _land(coop: Coop, member: str, parcel: str, area: str, *source: str) -> None:
    coop.ok("land", "contribute", member, "--parcel", parcel, "--area", area,
            "--date", "2024-01-01", *source)  # fmt: skip


def test_a_parcel_keeps_its_tag_through_transfer_and_withdrawal(coop: Coop) -> None:
    _members(coop, "M1", "M2")
    _land(coop, "M1", "P1", "2", "--source", "poverty")
    _land(coop, "M1", "P2", "1")
    assert _sources(coop, "M1", 2024) == ("2000.00", "1000.00")
    listed: Any = coop.ok("land", "list", "--format", "json").json()
    assert {r["parcel_no"]: r["source"] for r in listed["parcels"]} == {
        "P1": "poverty",
        "P2": "other",
    }
    coop.ok("land", "transfer", "P1", "--to", "M2", "--date", "2024-03-01")
    assert _sources(coop, "M1", 2024) == ("0.00", "1000.00")
    assert _sources(coop, "M2", 2024) == ("2000.00", "0.00")
    coop.ok("land", "withdraw", "P1", "--date", "2024-04-01")
    assert _sources(coop, "M2", 2024) == ("0.00", "0.00")
    coop.ok("land", "transfer", "P2", "--to", "M2", "--date", "2024-05-01")
    assert _sources(coop, "M2", 2024) == ("0.00", "1000.00")  # an untagged parcel is other
    coop.ok("check")


def test_one_import_with_two_sources_makes_one_voucher_per_source(
    coop: Coop, tmp_path: Path
) -> None:
    _members(coop, "M1", "M2")
    f = tmp_path / "land.csv"
    f.write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no,source\n"
        "M1,P1,2,2024-01-01,C1,poverty\nM1,P2,1,2024-01-01,C2,\nM2,P3,1.5,2024-01-01,C3,other\n",
        encoding="utf-8",
    )
    coop.ok("land", "import", str(f))
    vouchers: Any = _vouchers(coop)
    assert len(vouchers) == 2  # one of each tag on the one date
    assert _sources(coop, "M1", 2024) == ("2000.00", "1000.00")
    assert _sources(coop, "M2", 2024) == ("0.00", "1500.00")
    coop.ok("land", "import", str(f))  # the same file again: nothing changes
    f.write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no,source\n"
        "M1,P1,2,2024-01-01,C1,other\n",
        encoding="utf-8",
    )
    r = coop("land", "import", str(f))  # the same parcel with another source
    assert r.code == 1 and "P1" in r.err and len(r.err.strip().splitlines()) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no,source\n"
        "M2,P9,1,2024-01-01,C9,charity\n",
        encoding="utf-8",
    )
    r = coop("land", "import", str(bad))
    assert r.code == 2 and "bad.csv:2" in r.err and "source" in r.err and "charity" in r.err
    assert len(r.err.strip().splitlines()) == 1
    r = coop("land", "contribute", "M2", "--parcel", "P9", "--area", "1", "--date", "2024-01-01",
             "--source", "charity")  # fmt: skip
    assert r.code == 2 and "--source" in r.err
    after: Any = _vouchers(coop)
    assert len(after) == 2  # the refusals wrote nothing


def test_a_leaver_is_refunded_by_tag(coop: Coop) -> None:
    _members(coop, "M1", "M2")
    _land(coop, "M1", "P1", "2", "--source", "poverty")
    _land(coop, "M1", "P2", "1")
    _land(coop, "M2", "P3", "1")
    coop.ok("member", "contribute", "M1", "--amount", "500", "--date", "2024-01-02",
            "--source", "poverty")  # fmt: skip
    coop.ok("member", "contribute", "M1", "--amount", "300", "--date", "2024-01-02")
    coop.ok("member", "withdraw", "M1", "--date", "2024-06-01")
    coop.ok("year", "close", "2024")
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    vouchers: Any = _vouchers(coop)
    leave = next(v["number"] for v in vouchers if v["kind"] == "leave")
    lines = _lines(coop, leave)
    assert lines[:5] == [
        ("301", "M1", "1000.00", "0.00"),  # the land: P2 (other)
        ("301", "M1", "2000.00", "0.00"),  # P1 (poverty)
        ("161", None, "0.00", "3000.00"),
        ("301", "M1", "300.00", "0.00"),  # the rest, other
        ("301", "M1", "500.00", "0.00"),  # the rest, poverty
    ]
    assert _sources(coop, "M1", 2025) == ("0.00", "0.00")
    coop.ok("check")


def test_the_opening_carries_sources(coop: Coop, tmp_path: Path) -> None:
    _members(coop, "M1")
    f = tmp_path / "opening.csv"
    head = "account,member_no,year,debit,credit,reserve_share,subsidy_share,source\n"
    f.write_text(head + "102,,,5000,,,,\n301,M1,,,3000,,,poverty\n301,M1,,,2000,,,\n",
                 encoding="utf-8")  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text(head + "102,,,5000,,,,poverty\n301,M1,,,5000,,,\n", encoding="utf-8")
    r = coop("opening", "import", str(bad), "--date", "2024-01-01")
    assert r.code == 2 and "bad.csv:2" in r.err and "source" in r.err
    coop.ok("opening", "import", str(f), "--date", "2024-01-01")
    assert _sources(coop, "M1", 2024) == ("3000.00", "2000.00")
    coop.ok("check")


def test_check_holds_the_tags_to_301(tmp_path: Path) -> None:
    """Edits the SQLite file directly (dropping a guard), so it runs on SQLite only."""
    coop = _members(Coop(str(tmp_path / "books.db"), "TQ", "sqlite").init(), "M1", "M2")
    _land(coop, "M1", "P1", "2", "--source", "poverty")
    coop.ok("check")
    conn = sqlite3.connect(coop.db)
    try:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'capital_tag'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE capital_tag SET member_no = 'M2'")
        conn.commit()
    finally:
        conn.close()
    r = coop("check", "--format", "json")
    data: Any = r.json()
    said = [p["detail"] for p in data["problems"] if p["check"] == "member-accounts"]
    assert r.code == 1 and any("M2" in d and "301" in d for d in said), data


def test_the_opening_carries_donation_shares_and_payees(coop: Coop, tmp_path: Path) -> None:
    _members(coop, "M1", "M2")
    coop.ok("payee", "add", "P01", "--name", "王五")
    head = (
        "account,member_no,year,debit,credit,reserve_share,subsidy_share,donation_share,payee_no\n"
    )
    body = "102,,,1600,,,,,\n311,,,,1000,,,,\n213,,,,600,,,,P01\n,M1,,,,,,600,\n,M2,,,,,,400,\n"
    f = tmp_path / "opening.csv"
    f.write_text(head + body.replace(",600,\n,M2", ",599,\n,M2"), encoding="utf-8")
    r = coop("opening", "import", str(f), "--date", "2024-01-01")
    assert r.code == 1 and "311" in r.err  # 999.00 of shares against 1,000.00
    f.write_text(head + body.replace("P01", "P09"), encoding="utf-8")
    r = coop("opening", "import", str(f), "--date", "2024-01-01")
    assert r.code == 1 and "P09" in r.err
    f.write_text(head + body.replace("213,,,,600,,,,P01", "102,,,,600,,,,P01"), encoding="utf-8")
    r = coop("opening", "import", str(f), "--date", "2024-01-01")
    assert r.code == 2 and "payee_no" in r.err
    vouchers: Any = _vouchers(coop)
    assert vouchers == []  # every refusal wrote nothing
    f.write_text(head + body, encoding="utf-8")
    coop.ok("opening", "import", str(f), "--date", "2024-01-01")
    a: Any = coop.ok("report", "member-account", "M1", "--year", "2024", "--format",
                     "json").json()  # fmt: skip
    assert a["opening"]["donation_share"] == "600.00"
    ledger: Any = coop.ok("report", "ledger", "213@P01", "--year", "2024", "--format",
                          "json").json()  # fmt: skip
    assert ledger["opening"] == "-600.00" and ledger["opening_direction"] == "贷", ledger
    assert ledger["payee_no"] == "P01" and ledger["member_no"] is None
    coop.ok("check")
