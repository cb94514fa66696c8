"""operations.md §1.4, for the commands of operations I (equity, assets, labour): each bad
input exits 2 (malformed) or 1 (refused) with one line that names what is wrong, and writes
nothing: the chain's head is where it was."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import Coop

TRACTOR = (
    "asset", "add", "FA01", "--name", "手扶拖拉机", "--account", "151", "--cost", "12000",
    "--in-service", "2024-07-01", "--life-months", "60", "--cost-centre", "40101",
)  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def books(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Coop:
    """One cooperative per backend for every case: none of them writes anything."""
    tmp_path = tmp_path_factory.mktemp("refusals")
    code = "T" + uuid.uuid4().hex[:8].upper()
    if request.param == "pg":
        db = request.getfixturevalue("pg_url")
    else:
        db = str(tmp_path / "coop.db")
    coop = Coop(db, code, str(request.param)).init()
    coop.ok("member", "add", "M1", "--name", "张一", "--joined-on", "2023-01-01")
    coop.ok("member", "add", "M2", "--name", "李二", "--joined-on", "2023-01-01")
    coop.ok("member", "add", "M3", "--name", "王三", "--joined-on", "2024-06-01")
    coop.ok("member", "withdraw", "M2", "--date", "2023-06-01")  # leaves on 2024-01-01
    coop.ok("account", "add", "40101", "生产成本—金银花")
    coop.ok("payee", "add", "P01", "--member", "M1")
    coop.ok("voucher", "add", "--date", "2023-06-01", "--memo", "借款", "--dr", "102", "90000",
            "--cr", "201", "90000")  # fmt: skip
    coop.ok("year", "close", "2023")
    coop.ok("member", "contribute", "M1", "--amount", "100", "--date", "2024-01-05",
            "--ref", "R1")  # fmt: skip
    coop.ok(*TRACTOR, "--pay-from", "102")
    (tmp_path / "labour.csv").write_text(
        "ref,date,payee_no,account,cost_centre,amount,memo\n,2024-09-01,P01,213,40101,1.234,x\n",
        encoding="utf-8",
    )
    (tmp_path / "payees.csv").write_text("payee_no,name\nP 2,王五\n", encoding="utf-8")
    coop.tmp = tmp_path  # type: ignore[attr-defined]
    return coop


def _head(coop: Coop) -> Any:
    head: Any = coop.ok("head", "--format", "json").json()
    return head["seq"]


CASES = [
    # exit 2: a malformed amount, date, month, rate, or CSV row (file, line, field)
    (2, "1.234", ("member", "contribute", "M1", "--amount", "1.234", "--date", "2024-02-01")),
    (2, "abc", ("labour", "accrue", "P01", "--date", "2024-02-01", "--amount", "abc",
                "--account", "213", "--cost-centre", "40101", "--memo", "x")),
    (2, "2024-02-30", ("donation", "receive", "--date", "2024-02-30", "--amount", "10",
                       "--donor", "某")),
    (2, "2024-13", ("asset", "depreciate", "--month", "2024-13")),
    (2, "1.5", ("distribute", "plan", "2023", "--convert", "1.5")),
    (2, "labour.csv:2", ("labour", "import", "{tmp}/labour.csv")),
    (2, "payees.csv:2", ("payee", "import", "{tmp}/payees.csv")),
    (2, "--source", ("member", "contribute", "M1", "--amount", "10", "--date", "2024-02-01",
                     "--source", "gift")),
    # exit 1: a date in a closed year
    (1, "2023", ("member", "contribute", "M1", "--amount", "10", "--date", "2023-12-01")),
    (1, "2023", ("labour", "accrue", "P01", "--date", "2023-12-01", "--amount", "10",
                 "--account", "213", "--cost-centre", "40101", "--memo", "x")),
    (1, "2023", ("asset", "depreciate", "--month", "2023-12")),
    # exit 1: unknown member, payee, asset, account
    (1, "M9", ("member", "contribute", "M9", "--amount", "10", "--date", "2024-02-01")),
    (1, "P09", ("labour", "accrue", "P09", "--date", "2024-02-01", "--amount", "10",
                "--account", "213", "--cost-centre", "40101", "--memo", "x")),
    (1, "FA09", ("asset", "dispose", "FA09", "--date", "2024-09-01", "--reason", "scrap")),
    (1, "FA09", ("asset", "revise", "FA09", "--from-month", "2024-09", "--life-months", "12")),
    (1, "999", ("asset", "add", "FA02", "--name", "x", "--account", "999", "--cost", "10",
                "--in-service", "2024-07-01", "--life-months", "6", "--cost-centre", "40101",
                "--pay-from", "102")),
    (1, "P09", ("voucher", "add", "--date", "2024-02-01", "--memo", "x", "--dr", "40101", "5",
                "--cr", "213@P09", "5")),
    # exit 1: not a member on the date (joined after it, left by it)
    (1, "M3", ("member", "contribute", "M3", "--amount", "10", "--date", "2024-02-01")),
    (1, "M2", ("member", "contribute", "M2", "--amount", "10", "--date", "2024-02-01")),
    # exit 1: an account that is not a leaf, or not allowed for the option
    (1, "52101", ("labour", "accrue", "P01", "--date", "2024-02-01", "--amount", "10",
                  "--account", "213", "--cost-centre", "52101", "--memo", "x")),
    (1, "201", ("member", "contribute", "M1", "--amount", "10", "--date", "2024-02-01",
                "--debit", "201")),
    (1, "52101", ("asset", "add", "FA02", "--name", "x", "--account", "151", "--cost", "10",
                  "--in-service", "2024-07-01", "--life-months", "6", "--cost-centre", "52101",
                  "--pay-from", "102")),
    # exit 1: a --ref reused with other content
    (1, "R1", ("member", "contribute", "M1", "--amount", "200", "--date", "2024-01-05",
               "--ref", "R1")),
]  # fmt: skip


@pytest.mark.parametrize(("code", "named", "args"), CASES, ids=[" ".join(c[2][:2]) for c in CASES])
def test_refused_with_one_line_and_nothing_written(
    books: Coop, code: int, named: str, args: tuple[str, ...]
) -> None:
    before = _head(books)
    r = books(*[a.replace("{tmp}", str(books.tmp)) for a in args])  # type: ignore[attr-defined]
    lines = r.err.strip().splitlines()
    assert r.code == code and len(lines) == 1 and named in lines[0], (r.code, r.err)
    assert "Traceback" not in r.err + r.out
    assert _head(books) == before  # nothing written


def test_a_group_without_its_command_shows_its_help(books: Coop) -> None:
    r = books("asset")
    assert "add" in r.out + r.err and "dispose" in r.out + r.err
    assert (r.out + r.err).count("\n") > 3  # the help, not squeezed into one error line
