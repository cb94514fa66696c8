"""The ledger commands through the real command line, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Coop
from tests.helpers import snapshot


def test_voucher_add_trial_balance_and_ledger(coop: Coop) -> None:
    r = coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-01",
        "--memo",
        "白术销售",
        "--dr",
        "102",
        "1000.50",
        "--cr",
        "501",
        "1000.50",
        "--format",
        "json",
    )
    assert r.json()["number"] == "2024-1"  # type: ignore[index]
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-02-01",
        "--memo",
        "农资",
        "--dr",
        "52102",
        "200",
        "--cr",
        "102",
        "200",
    )
    tb = coop.ok("report", "trial-balance", "--format", "json").json()
    assert tb == {
        "as_of": None,
        "accounts": [
            {"code": "102", "name": "银行存款", "name_en": "Bank deposits", "balance": "800.50"},
            {
                "code": "501",
                "name": "经营收入",
                "name_en": "Operating income",
                "balance": "-1000.50",
            },
            {
                "code": "52102",
                "name": "其他经营支出",
                "name_en": "Other operating expenses",
                "balance": "200.00",
            },
        ],
        "total_debit": "1000.50",
        "total_credit": "1000.50",
    }
    as_of = coop.ok("report", "trial-balance", "--as-of", "2024-02-15", "--format", "json").json()
    assert [a["balance"] for a in as_of["accounts"]] == ["-200.00", "200.00"]  # type: ignore[index]
    led = coop.ok("report", "ledger", "102", "--year", "2024", "--format", "json").json()
    assert [ln["balance"] for ln in led["lines"]] == ["-200.00", "800.50"]  # type: ignore[index]
    listing = coop.ok("voucher", "list", "--format", "json").json()
    assert [v["number"] for v in listing["vouchers"]] == ["2024-1", "2024-2"]  # type: ignore[index]
    coop.ok("check")


def test_ref_is_an_idempotency_key(coop: Coop) -> None:
    args = [
        "voucher",
        "add",
        "--date",
        "2024-03-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "5",
        "--cr",
        "501",
        "5",
        "--ref",
        "K1",
    ]
    first = coop.ok(*args)
    again = coop.ok(*args, lang="en")
    assert first.out == again.out and "nothing to do" in again.err
    before = snapshot(coop.db, coop.code)
    changed = coop(*args[:-2])
    assert changed.code == 0  # no ref: a new fact
    diff = coop(*[a if a != "5" else "6" for a in args], lang="en")
    assert diff.code == 1 and "different content" in diff.err and "lines" in diff.err
    assert snapshot(coop.db, coop.code)["voucher"] == before["voucher"] + 1  # type: ignore[operator]


def test_reversal_restores_balances_and_only_once(coop: Coop) -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "5",
        "--cr",
        "501",
        "5",
    )
    r = coop.ok("voucher", "reverse", "2024-1", "--date", "2024-03-02", "--reason", "错账")
    assert r.out.strip() == "2024-2"
    shown = coop.ok("voucher", "show", "2024-2", "--format", "json").json()
    assert shown["memo"] == "注销 2024年03月01日 第2024-1号凭证"  # type: ignore[index]
    assert shown["reversal_of"] == "2024-1"  # type: ignore[index]
    tb = coop.ok("report", "trial-balance", "--format", "json").json()
    assert tb["accounts"] == []  # type: ignore[index]
    before = snapshot(coop.db, coop.code)
    again = coop("voucher", "reverse", "2024-1", "--date", "2024-03-03", "--reason", "x", lang="en")
    assert again.code == 1 and "already reversed" in again.err
    of_reversal = coop("voucher", "reverse", "2024-2", "--date", "2024-03-03", "--reason", "x")
    assert of_reversal.code == 1
    other_year = coop(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "5",
        "--cr",
        "501",
        "5",
    )
    assert other_year.code == 0
    across = coop(
        "voucher", "reverse", "2024-3", "--date", "2025-01-02", "--reason", "x", lang="en"
    )
    assert across.code == 1 and "year of the voucher" in across.err
    assert snapshot(coop.db, coop.code)["voucher"] == before["voucher"] + 1  # type: ignore[operator]
    coop.ok("check")


def test_closed_year_refuses_and_years_close_in_order(coop: Coop) -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2023-06-01",
        "--memo",
        "a",
        "--dr",
        "102",
        "100",
        "--cr",
        "501",
        "100",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "b",
        "--dr",
        "102",
        "100",
        "--cr",
        "501",
        "100",
    )
    skip = coop("year", "close", "2024", lang="en")
    assert skip.code == 1 and "close 2023 first" in skip.err
    closed = coop.ok("year", "close", "2023", lang="en")
    assert closed.out.startswith("chain head: ") and len(closed.out.split()[-1]) == 64
    again = coop.ok("year", "close", "2023", lang="en")
    assert "already closed" in again.err
    before = snapshot(coop.db, coop.code)
    late = coop(
        "voucher",
        "add",
        "--date",
        "2023-12-31",
        "--memo",
        "late",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
        lang="en",
    )
    assert late.code == 1 and "closed" in late.err
    rev = coop("voucher", "reverse", "2023-1", "--date", "2023-12-31", "--reason", "x")
    assert rev.code == 1
    assert snapshot(coop.db, coop.code) == before
    tb = coop.ok("report", "trial-balance", "--as-of", "2023-12-31", "--format", "json").json()
    assert {a["code"]: a["balance"] for a in tb["accounts"]} == {  # type: ignore[index]
        "102": "100.00",
        "33202": "-100.00",
    }
    coop.ok("check")


REFUSALS = [
    (
        2,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "102",
            "1e3",
            "--cr",
            "501",
            "1000",
        ],
    ),
    (
        2,
        [
            "voucher",
            "add",
            "--date",
            "2024-02-30",
            "--memo",
            "m",
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "2",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "999",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "521",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "114",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "102@M1",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "114@NOBODY",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        1,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "52101",
            "1",
            "--cr",
            "102",
            "1",
        ],
    ),
    (
        2,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "a\u202eb",
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (
        2,
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "102'; DROP TABLE line;--",
            "1",
            "--cr",
            "501",
            "1",
        ],
    ),
    (1, ["voucher", "reverse", "2024-9", "--date", "2024-01-01", "--reason", "x"]),
    (2, ["voucher", "reverse", "24-1", "--date", "2024-01-01", "--reason", "x"]),
    (2, ["account", "add", "10201", "工行", "--parent", "101"]),
    (1, ["account", "add", "30101", "股金明细"]),
    (2, ["account", "add", "1x", "坏"]),
]


@pytest.mark.parametrize(
    "expected,args", REFUSALS, ids=[" ".join(a[:2]) + f"-{i}" for i, (_, a) in enumerate(REFUSALS)]
)
def test_refusals_write_nothing(coop: Coop, expected: int, args: list[str]) -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "seed",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    before = snapshot(coop.db, coop.code)
    r = coop(*args, lang="en")
    assert r.code == expected, r.err
    assert r.err.count("\n") == 1 or r.err.startswith("Usage"), r.err
    assert "Traceback" not in r.err
    assert snapshot(coop.db, coop.code) == before


def test_sub_accounts_and_leaf_rule(coop: Coop) -> None:
    coop.ok("account", "add", "50101", "经营收入—白术", "--name-en", "Operating income - baizhu")
    leaf = coop(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
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
    assert leaf.code == 1 and "sub-accounts" in leaf.err
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "50101",
        "1",
    )
    used = coop("account", "add", "5010101", "细目", lang="en")
    assert used.code == 1 and "already has lines" in used.err
    accounts = coop.ok("account", "list", "--format", "json").json()["accounts"]  # type: ignore[index]
    assert {"code": "50101", "parent": "501"}.items() <= next(
        a for a in accounts if a["code"] == "50101"
    ).items()


def test_voucher_import(coop: Coop, tmp_path: Path) -> None:
    f = tmp_path / "v.csv"
    f.write_text(
        "ref,date,memo,account,member_no,debit,credit\n"
        "A,2024-01-02,农资,52102,,100.00,\nA,2024-01-02,农资,102,,,100.00\n"
        "B,2024-01-03,销售,102,,250,\nB,2024-01-03,销售,501,,,250\n",
        encoding="utf-8",
    )
    r = coop.ok("voucher", "import", str(f), lang="en")
    assert "imported 2 vouchers" in r.err
    again = coop.ok("voucher", "import", str(f), lang="en")
    assert "imported 0 vouchers, 2 already posted" in again.err
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ref,date,memo,account,member_no,debit,credit\n"
        "C,2024-01-02,x,102,,1,\nC,2024-01-02,x,501,,,12.345\n",
        encoding="utf-8",
    )
    before = snapshot(coop.db, coop.code)
    r = coop("voucher", "import", str(bad), lang="en")
    assert r.code == 2 and f"{bad}:3: field credit" in r.err
    gb = tmp_path / "gb.csv"
    gb.write_bytes(
        "ref,date,memo,account,member_no,debit,credit\n"
        "D,2024-01-02,丹参收入,102,,1,\nD,2024-01-02,丹参收入,501,,,1\n".encode("gb18030")
    )
    assert snapshot(coop.db, coop.code) == before
    coop.ok("voucher", "import", str(gb))
    shown = coop.ok("voucher", "show", "2024-3", "--format", "json").json()
    assert shown["memo"] == "丹参收入"  # type: ignore[index]
    coop.ok("check")
