"""Land valuation models (operations.md §6): land booked for its term and amortised
straight-line into 162, its withdrawal, transfer and leaving at net book value (the
domain check E5: 10 亩 × 800 × 6 年 = 48,000.00, 8,000.00 a year), land kept as a memo,
and the refusals."""

from __future__ import annotations

from typing import Any

from tests.conftest import Coop


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
