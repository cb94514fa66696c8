"""Land valuation models (operations.md §6): land booked for its term and amortised
straight-line into 162, its withdrawal, transfer and leaving at net book value (the
domain check E5: 10 亩 × 800 × 6 年 = 48,000.00, 8,000.00 a year), land kept as a memo,
and the refusals."""

from __future__ import annotations

from typing import Any

from tests.conftest import Coop
from tests.helpers import snapshot


def _lines(coop: Coop, number: str) -> list[tuple[str, str | None, str, str]]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [(ln["account"], ln["member_no"], ln["debit"], ln["credit"]) for ln in v["lines"]]


def _last(coop: Coop) -> str:
    v: Any = coop.ok("voucher", "list", "--format", "json").json()
    return str(v["vouchers"][-1]["number"])


def _balances(coop: Coop, as_of: str) -> dict[str, str]:
    tb: Any = coop.ok("report", "trial-balance", "--as-of", as_of, "--format", "json").json()
    return {a["code"]: a["balance"] for a in tb["accounts"] if not a.get("member_no")}


def _term_books(coop: Coop, policy: str = "yearly") -> None:
    coop.ok("charter", "set", "land_model", "term", "--from-year", "2024")
    coop.ok("charter", "set", "land_value_per_mu", "800", "--from-year", "2024")
    coop.ok("charter", "set", "land_amortisation", policy, "--from-year", "2024")
    for no in ("A1", "B1"):
        coop.ok("member", "add", no, "--name", f"成员{no}", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "A1", "--parcel", "P1", "--area", "10", "--date",
            "2024-01-01", "--term-years", "6")  # fmt: skip


def test_term_land_is_amortised_and_withdrawn_at_its_net_book_value(coop: Coop) -> None:
    _term_books(coop)
    assert _lines(coop, "2024-1") == [
        ("161", None, "48000.00", "0.00"),
        ("301", "A1", "0.00", "48000.00"),
    ]
    run: Any = coop.ok("land", "amortise", "--year", "2024", "--format", "json").json()
    assert run["total"] == "8000.00" and run["parcels"] == [
        {"parcel_no": "P1", "amount": "8000.00"}
    ]
    assert _lines(coop, run["voucher"]) == [
        ("52102", None, "8000.00", "0.00"),
        ("162", None, "0.00", "8000.00"),
    ]
    again: Any = coop.ok("land", "amortise", "--year", "2024", "--format", "json").json()
    assert again["voucher"] is None  # nothing due twice
    coop.ok("year", "close", "2024")
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    r = coop("year", "close", "2025", lang="en")
    assert r.code == 1 and "land amortisation" in r.err, r.err
    coop.ok("land", "amortise", "--year", "2025")
    listed: Any = coop.ok("land", "list", "--format", "json").json()
    (p1,) = listed["parcels"]
    assert (p1["model"], p1["booked"], p1["amortised"], p1["net"]) == (
        "term",
        "48000.00",
        "16000.00",
        "32000.00",
    )
    coop.ok("land", "withdraw", "P1", "--date", "2026-01-01")
    number = _last(coop)
    assert _lines(coop, number) == [  # E5: the member keeps 16,000.00 as capital
        ("162", None, "16000.00", "0.00"),
        ("301", "A1", "32000.00", "0.00"),
        ("161", None, "0.00", "48000.00"),
    ]
    b = _balances(coop, "2026-01-31")
    assert (b.get("161"), b.get("162")) == (None, None)  # 01表 lines 16–18 all 0.00
    coop.ok("check", "--strict")


def test_monthly_runs_a_transfer_catches_up_and_moves_the_net_value(coop: Coop) -> None:
    _term_books(coop, "monthly")
    r = coop("land", "amortise", "--year", "2024", lang="en")
    assert r.code == 1 and "--month" in r.err, r.err
    r = coop("land", "amortise", "--month", "2024-02", lang="en")
    assert r.code == 1 and "2024-01-31" in r.err, r.err  # January first
    months = []
    for m in ("01", "02", "03"):
        run: Any = coop.ok("land", "amortise", "--month", f"2024-{m}", "--format",
                           "json").json()  # fmt: skip
        months.append(run["total"])
    assert months == ["666.67", "666.66", "666.67"]  # cum(k) = round(48,000 × k / 72)
    # transferred on 2024-06-15: April and May caught up in the same voucher
    coop.ok("land", "transfer", "P1", "--to", "B1", "--date", "2024-06-15")
    number = _last(coop)
    assert _lines(coop, number) == [
        ("52102", None, "1333.33", "0.00"),
        ("162", None, "0.00", "1333.33"),
        ("301", "A1", "44666.67", "0.00"),  # 48,000 − cum(5) = 48,000 − 3,333.33
        ("301", "B1", "0.00", "44666.67"),
    ]
    run = coop.ok("land", "amortise", "--month", "2024-06", "--format", "json").json()
    assert run["total"] == "666.67"  # the schedule goes on under B1
    coop.ok("check")


def test_a_leaver_takes_land_out_at_its_net_book_value(coop: Coop) -> None:
    _term_books(coop)
    coop.ok("member", "withdraw", "A1", "--date", "2024-02-01")  # leaves on 2025-01-01
    coop.ok("voucher", "add", "--date", "2024-06-01", "--memo", "收入", "--dr", "102", "20000",
            "--cr", "501", "20000")  # fmt: skip
    coop.ok("land", "amortise", "--year", "2024")
    coop.ok("year", "close", "2024")
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    v: Any = coop.ok("voucher", "list", "--year", "2025", "--format", "json").json()
    (leave,) = [x["number"] for x in v["vouchers"] if x["kind"] == "leave"]
    lines = _lines(coop, leave)
    assert ("162", None, "8000.00", "0.00") in lines
    assert ("161", None, "0.00", "48000.00") in lines
    b = _balances(coop, "2025-01-01")
    assert (b.get("161"), b.get("162")) == (None, None)
    coop.ok("check")


def test_memo_land_books_nothing_and_the_model_stays(coop: Coop) -> None:
    coop.ok("charter", "set", "land_model", "memo", "--from-year", "2024")
    coop.ok("member", "add", "A1", "--name", "甲", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "A1", "--parcel", "P1", "--area", "3", "--date", "2024-01-01")
    listed: Any = coop.ok("voucher", "list", "--format", "json").json()
    assert listed["vouchers"] == []
    head = coop.ok("head").out
    for args, code in (
        (["charter", "set", "land_model", "term", "--from-year", "2024"], 1),
        (["charter", "set", "land_model", "lease", "--from-year", "2025"], 2),
        (["charter", "set", "land_cost_account", "52101", "--from-year", "2025"], 1),
        (["charter", "set", "land_cost_account", "abc", "--from-year", "2025"], 2),
    ):
        r = coop(*args)
        assert r.code == code, (args, r.err)
        assert coop.ok("head").out == head, args
    coop.ok("charter", "set", "land_model", "term", "--from-year", "2025")
    r = coop("land", "contribute", "A1", "--parcel", "P2", "--area", "1", "--date",
             "2025-01-01")  # fmt: skip
    assert r.code == 2 and "term_years" in r.err, r.err


def test_one_year_land_is_a_warning(coop: Coop) -> None:
    """operations.md §0.8: land at one year's value is not amortised; `check --strict`
    says so on stderr and still exits 0; 附注 item 4 shows the land by model."""
    coop.ok("member", "add", "A1", "--name", "甲", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "A1", "--parcel", "P1", "--area", "2", "--date", "2024-01-01")
    assert "land-amortisation" not in coop.ok("check", lang="en").err
    r = coop.ok("check", "--strict", lang="en")
    assert r.out == "" and "land-amortisation: 1 parcels" in r.err, r.err
    notes: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
    (item,) = [i for i in notes["items"] if i["no"] == "4"]
    row = ["按一年使用价值入账，不摊销", "1", "2.0000", "2000.00", "0.00"]
    assert row in item["tables"][-1]["rows"]


def test_land_contributed_inside_a_run_year_is_amortised_by_a_further_run(coop: Coop) -> None:
    """A parcel contributed after the year's run (dated inside it) is due for that year: a
    second run of the period posts it under a key of its own, and the year closes."""
    _term_books(coop)
    first: Any = coop.ok("land", "amortise", "--year", "2024", "--format", "json").json()
    coop.ok("land", "contribute", "B1", "--parcel", "P2", "--area", "5", "--date",
            "2024-07-01", "--term-years", "5")  # fmt: skip
    more: Any = coop.ok("land", "amortise", "--year", "2024", "--format", "json").json()
    # 5 mu × 800 × 5 years = 20,000.00 over 60 months; July–December: 2,000.00
    assert more["period"] == "2024" and more["voucher"] != first["voucher"]
    assert more["parcels"] == [{"parcel_no": "P2", "amount": "2000.00"}]
    again: Any = coop.ok("land", "amortise", "--year", "2024", "--format", "json").json()
    assert again["voucher"] is None
    coop.ok("year", "close", "2024")
    coop.ok("check")


def test_a_movement_inside_a_run_period_is_refused_and_writes_nothing(coop: Coop) -> None:
    """The run amortised the holder's use past the day: a transfer or withdrawal dated in
    it would undo posted amortisation (a negative catch-up); refused, exit 1, one line."""
    _term_books(coop, "monthly")
    for month in range(1, 7):
        coop.ok("land", "amortise", "--month", f"2024-{month:02d}")
    before = snapshot(coop.db, coop.code)
    for args in (("transfer", "P1", "--to", "B1"), ("withdraw", "P1")):
        r = coop("land", *args, "--date", "2024-06-15", lang="en")
        assert r.code == 1 and len(r.err.strip().splitlines()) == 1, r.err
        assert "P1" in r.err and "2024-06-30" in r.err, r.err
        assert snapshot(coop.db, coop.code) == before
    coop.ok("land", "transfer", "P1", "--to", "B1", "--date", "2024-07-01")
    # 48,000.00 less six months of 666.67 (cum(6) = 4,000.00) moves to B1
    assert _lines(coop, _last(coop)) == [
        ("301", "A1", "44000.00", "0.00"),
        ("301", "B1", "0.00", "44000.00"),
    ]
    coop.ok("check")


def test_a_withdrawal_with_an_earlier_year_unrun_is_refused(coop: Coop) -> None:
    """The catch-up covers the months of the movement's year; an earlier year's
    amortisation belongs to that year (and its crop) and must be run there first."""
    _term_books(coop)
    before = snapshot(coop.db, coop.code)
    r = coop("land", "withdraw", "P1", "--date", "2025-03-10", lang="en")
    assert r.code == 1 and "2024-12-31" in r.err and "P1" in r.err, r.err
    assert snapshot(coop.db, coop.code) == before


def test_a_leavers_land_is_not_amortised_after_they_left(coop: Coop) -> None:
    """Leaving settles the parcel at its net book value with the year before fully
    amortised (operations.md §6.2): no run amortises it in the leaving year."""
    _term_books(coop, "monthly")
    coop.ok("member", "withdraw", "A1", "--date", "2024-06-01")  # leaves on 2025-01-01
    for month in range(1, 13):
        coop.ok("land", "amortise", "--month", f"2024-{month:02d}")
    coop.ok("year", "close", "2024")
    jan: Any = coop.ok("land", "amortise", "--month", "2025-01", "--format", "json").json()
    assert jan["voucher"] is None and jan["parcels"] == []
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    v: Any = coop.ok("voucher", "list", "--year", "2025", "--format", "json").json()
    (leave,) = [x["number"] for x in v["vouchers"] if x["kind"] == "leave"]
    lines = _lines(coop, leave)
    assert ("162", None, "8000.00", "0.00") in lines and ("301", "A1", "40000.00", "0.00") in lines
    coop.ok("check")


def test_a_crop_carrying_amortisation_is_not_reassigned_and_list_is_as_of(coop: Coop) -> None:
    _term_books(coop)
    for no in ("C1", "C2"):
        coop.ok("crop", "add", no, "--name", f"作物{no}", "--started", "2024-01-01")
    coop.ok("land", "assign", "--year", "2024", "--crop", "C1", "P1")
    run: Any = coop.ok("land", "amortise", "--year", "2024", "--format", "json").json()
    assert _lines(coop, run["voucher"])[0][0] == "40101"  # the crop's cost
    before = snapshot(coop.db, coop.code)
    r = coop("land", "assign", "--year", "2024", "--crop", "C2", "P1", lang="en")
    assert r.code == 1 and "C1" in r.err, r.err
    assert snapshot(coop.db, coop.code) == before
    early: Any = coop.ok("land", "list", "--as-of", "2024-06-30", "--format", "json").json()
    (p1,) = early["parcels"]
    assert (p1["amortised"], p1["net"]) == ("0.00", "48000.00")  # the run is dated 12-31


def test_bad_periods_and_cost_accounts_are_refused(coop: Coop, make_coop: Any) -> None:
    _term_books(coop, "monthly")
    r = coop("land", "amortise", "--month", "２０２４-01", lang="en")  # full-width digits
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    fresh: Coop = make_coop()
    r = fresh("init", "--name", "测试", "--code", fresh.code, "--charter",
              "land_cost_account=101", lang="en")  # fmt: skip
    assert r.code == 1 and "land_cost_account" in r.err, r.err


def test_an_import_under_term_names_the_line_missing_term_years(coop: Coop, tmp_path: Any) -> None:
    _term_books(coop)
    path = tmp_path / "land.csv"
    path.write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no,term_years,grade\n"
        "B1,Q1,2,2024-02-01,,5,\nB1,Q2,2,2024-02-01,,,\n",
        encoding="utf-8",
    )
    before = snapshot(coop.db, coop.code)
    r = coop("land", "import", str(path), lang="en")
    assert r.code == 2 and f"{path}:3:" in r.err and "term_years" in r.err, r.err
    path.write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no,term_years,grade\n"
        "B1,Q1,2,2024-02-01,,5,a b\n",
        encoding="utf-8",
    )
    r = coop("land", "import", str(path), lang="en")  # a grade name contribute refuses
    assert r.code == 2 and f"{path}:2:" in r.err and "grade" in r.err, r.err
    assert snapshot(coop.db, coop.code) == before
