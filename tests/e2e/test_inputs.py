"""trust.md §6: one range of dates, where the books begin, no overflow, clean text, no
traceback for anything a user supplies, no password printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Coop, Result
from tests.helpers import snapshot


@pytest.fixture
def sqlite_coop(tmp_path: Path) -> Coop:
    return Coop(str(tmp_path / "coop.db"), "IN", "sqlite")


def add(
    c: Coop, date: str, amount: str = "1", memo: str = "m", *extra: str, lang: str | None = None
) -> Result:
    return c(
        "voucher",
        "add",
        "--date",
        date,
        "--memo",
        memo,
        "--dr",
        "102",
        amount,
        "--cr",
        "501",
        amount,
        *extra,
        lang=lang,
    )


# ----- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["1899-12-31", "3000-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_1900_2999_are_refused_everywhere(sqlite_coop: Coop, date: str) -> None:
    c = sqlite_coop.init()
    for args in (
        ["voucher", "add", "--date", date, "--memo", "m", "--dr", "102", "1", "--cr", "501", "1"],
        ["member", "add", "M1", "--name", "甲", "--joined-on", date],
        ["report", "trial-balance", "--as-of", date],
    ):
        r = c(*args)
        assert r.code == 2 and "1900-01-01…2999-12-31" in r.err, (args, r.err)
    year = date[:4]
    r = c("voucher", "list", "--year", year)
    assert r.code == 2 and "1900…2999" in r.err


def test_year_and_date_parsers_agree_on_the_edges(sqlite_coop: Coop) -> None:
    c = sqlite_coop.init()
    assert c("report", "trial-balance", "--as-of", "1900-01-01").code == 0
    assert c("report", "trial-balance", "--as-of", "2999-12-31").code == 0
    assert c("voucher", "list", "--year", "1900").code == 0
    assert c("voucher", "list", "--year", "2999").code == 0


def test_init_begins_the_books_this_year_by_default(
    sqlite_coop: Coop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_TODAY", "2026-11-30")
    c = sqlite_coop
    c.ok("init", "--name", "社", "--code", c.code)
    shown = c.ok("charter", "show", "--format", "json").json()
    assert isinstance(shown, dict) and shown["charter"]["first_year"] == "2026"
    before = snapshot(c.db, c.code)
    r = add(c, "2025-12-31")
    assert r.code == 2 and "账簿始于 2026 年" in r.err and r.err.count("\n") == 1
    r = c(
        "--lang",
        "en",
        "voucher",
        "add",
        "--date",
        "2025-12-31",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    assert r.code == 2 and "the books begin in 2026" in r.err
    assert snapshot(c.db, c.code) == before
    assert add(c, "2026-01-01").code == 0


def test_posting_dates_lie_between_the_first_year_and_a_year_from_today(
    sqlite_coop: Coop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_TODAY", "2026-11-30")
    c = sqlite_coop.init("--first-year", "2019")
    assert add(c, "2018-12-31").code == 2
    assert add(c, "2019-01-01").code == 0
    assert add(c, "2027-11-30").code == 0
    r = c(
        "voucher",
        "add",
        "--date",
        "2027-12-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
        lang="en",
    )
    assert r.code == 2 and "more than a year after today (2026-11-30)" in r.err
    # the other posting commands pass the same door
    assert c("subsidy", "receive", "--date", "2018-06-01", "--amount", "5").code == 2
    assert c("year", "close", "2018").code in (1, 2)
    r = c("subsidy", "receive", "--date", "2027-12-01", "--amount", "5", lang="en")
    assert r.code == 2 and "more than a year after today" in r.err
    # register dates may precede: a member joining, a parcel moved in without a voucher
    c.ok("member", "add", "M1", "--name", "甲", "--joined-on", "2010-05-01")
    csv_file = c.db + ".parcels.csv"
    Path(csv_file).write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no\nM1,P1,1,2010-05-01,HT\n",
        encoding="utf-8",
    )
    r = c("land", "import", csv_file)
    assert r.code == 2 and "账簿始于 2019 年" in r.err  # booking it would post in 2010
    c.ok("land", "import", csv_file, "--no-voucher")
    # first_year is where the books begin, not a charter amendment
    assert c("charter", "set", "first_year", "2010", "--from-year", "2026").code == 1


def test_opening_import_moves_the_first_year_earlier(sqlite_coop: Coop) -> None:
    c = sqlite_coop.init("--first-year", "2024")
    opening = c.db + ".opening.csv"
    Path(opening).write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,100.00,,,\n201,,,,100.00,,\n",
        encoding="utf-8",
    )
    c.ok("opening", "import", opening, "--date", "2020-01-01")
    shown = c.ok("charter", "show", "--format", "json").json()
    assert isinstance(shown, dict) and shown["charter"]["first_year"] == "2020"
    assert add(c, "2020-03-01").code == 0
    assert add(c, "2019-12-31").code == 2
    c.ok("check")


# ----- overflow -----------------------------------------------------------------------------


def test_no_posting_takes_the_books_past_10_to_the_15_fen(sqlite_coop: Coop) -> None:
    c = sqlite_coop.init()
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-02",
        "--memo",
        "大",
        "--dr",
        "102",
        "9999999999999.99",
        "--cr",
        "501",
        "9999999999999.99",
    )
    before = snapshot(c.db, c.code)
    r = add(c, "2024-01-03", "0.02", lang="en")
    assert r.code == 1 and "past" in r.err and r.err.count("\n") == 1
    assert snapshot(c.db, c.code) == before
    assert add(c, "2024-01-03", "0.01").code == 0  # exactly 10^15 fen is the edge
    fresh = Coop(c.db, "IN2", "sqlite").init()
    r = fresh(
        "voucher",
        "add",
        "--date",
        "2024-01-02",
        "--memo",
        "两行",
        "--dr",
        "102",
        "6000000000000",
        "--dr",
        "52102",
        "6000000000000",
        "--cr",
        "501",
        "6000000000000",
        "--cr",
        "501",
        "6000000000000",
        lang="en",
    )
    assert r.code == 1 and "past" in r.err
    c.ok("check")
    fresh.ok("check")


# ----- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "a\u202eb",
        "a\u2066b",
        "\u3164",
        "x\u115f",
        "y\u1160",
        "z\uffa0",
        "a\x07b",
        "a\nb",
        "a\u200bb",
    ],
)
def test_text_refuses_invisible_and_reordering_characters(sqlite_coop: Coop, bad: str) -> None:
    c = sqlite_coop.init()
    before = snapshot(c.db, c.code)
    for args in (
        [
            "voucher",
            "add",
            "--date",
            "2024-01-02",
            "--memo",
            bad,
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "1",
        ],
        ["member", "add", "M1", "--name", bad, "--joined-on", "2024-01-01"],
        ["account", "add", "10201", bad],
    ):
        r = c(*args)
        assert r.code == 2 and r.err.count("\n") == 1, (args, r.err)
    r = c(
        "--user",
        bad,
        "voucher",
        "add",
        "--date",
        "2024-01-02",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    assert r.code == 2 and "user" in r.err
    assert snapshot(c.db, c.code) == before


def test_text_limits_are_named(sqlite_coop: Coop) -> None:
    c = sqlite_coop.init()
    assert add(c, "2024-01-02", "1", "备" * 500).code == 0
    r = add(c, "2024-01-02", "1", "备" * 501, lang="en")
    assert r.code == 2 and "at most 500" in r.err
    r = c("--user", "u" * 201, "voucher", "list", lang="en")
    assert r.code == 2 and "at most 200" in r.err
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-02",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    r = c("voucher", "reverse", "2024-2", "--date", "2024-01-03", "--reason", "因" * 201, lang="en")
    assert r.code == 2 and "at most 200" in r.err


def test_csv_names_and_memos_are_cleaned(sqlite_coop: Coop, tmp_path: Path) -> None:
    c = sqlite_coop.init()
    members = tmp_path / "m.csv"
    members.write_text("member_no,name,joined_on\nM1,甲\u202e乙,2024-01-01\n", encoding="utf-8")
    r = c("member", "import", str(members))
    assert r.code == 2 and "m.csv:2" in r.err and "name" in r.err
    vouchers = tmp_path / "v.csv"
    vouchers.write_text(
        "ref,date,memo,account,member_no,debit,credit\n"
        "R1,2024-01-02,a\u3164,102,,1,\nR1,2024-01-02,a\u3164,501,,,1\n",
        encoding="utf-8",
    )
    r = c("voucher", "import", str(vouchers))
    assert r.code == 2 and "v.csv:2" in r.err and "memo" in r.err


# ----- no traceback, no password ------------------------------------------------------------


def test_bad_bytes_and_huge_cells_are_one_line(sqlite_coop: Coop, tmp_path: Path) -> None:
    c = sqlite_coop.init()
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbfmember_no,name,joined_on\nM1,\xff\xfe,2024-01-01\n")
    huge = tmp_path / "huge.csv"
    huge.write_text(
        "member_no,name,joined_on\nM1," + "x" * 140_000 + ",2024-01-01\n", encoding="utf-8"
    )
    for path in (bom, huge):
        for command in (["member", "import"], ["land", "import"], ["voucher", "import"]):
            r = c(*command, str(path))
            assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err
    opening = tmp_path / "opening.csv"
    opening.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,," + "9" * 140_000 + ",,,\n",
        encoding="utf-8",
    )
    r = c("opening", "import", str(opening), "--date", "2024-01-01")
    assert r.code == 2 and "field limit" in r.err and r.err.count("\n") == 1


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://%zz",
        "postgresql://u:s3cret@host:port/db",
        "postgres://u:s3cret@[::1",
        "postgresql+nodriver://u:s3cret@h/d",
        "mysql://u:s3cret@h/d",
    ],
)
def test_malformed_database_urls_are_one_line_without_the_password(url: str) -> None:
    c = Coop(url, "X", "sqlite")
    r = c("check")
    assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "s3cret" not in r.err + r.out


def test_an_unreachable_database_does_not_print_its_password() -> None:
    c = Coop("postgresql://u:s3cret@127.0.0.1:9/db", "X", "pg")
    r = c("check")
    assert r.code == 1 and r.err.count("\n") == 1
    assert "s3cret" not in r.err + r.out
