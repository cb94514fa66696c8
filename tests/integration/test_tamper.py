"""T1: raw-SQL tampering with a SQLite file is caught by `coop check`; guards refuse it first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Coop


def build(tmp_path: Path) -> Coop:
    c = Coop(str(tmp_path / "coop.db"), "TT", "sqlite").init()
    for i, (dr, cr, amt) in enumerate(
        [
            ("102", "501", "100"),
            ("52102", "102", "30"),
            ("523", "102", "7.5"),
            ("102", "502", "12"),
        ],
        start=1,
    ):
        c.ok(
            "voucher",
            "add",
            "--date",
            f"2024-0{i}-01",
            "--memo",
            f"v{i}",
            "--dr",
            dr,
            amt,
            "--cr",
            cr,
            amt,
        )
    c.ok("check")
    return c


def raw(c: Coop, *sql: str, drop_triggers: bool = True) -> None:
    conn = sqlite3.connect(c.db)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        if drop_triggers:
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger'"
            ).fetchall():
                conn.execute(f"DROP TRIGGER {name}")
        for s in sql:
            conn.execute(s)
        conn.commit()
    finally:
        conn.close()


TAMPERS = {
    "amount": [
        "UPDATE line SET amount = 200 WHERE seq = 1 AND line_no = 1",
        "UPDATE line SET amount = -200 WHERE seq = 1 AND line_no = 2",
    ],
    "date": [
        "UPDATE voucher SET date = '2024-01-02' WHERE seq = 1",
        "UPDATE line SET date = '2024-01-02' WHERE seq = 1",
    ],
    "account": ["UPDATE line SET account = '101' WHERE seq = 2 AND account = '102'"],
    "memo": ["UPDATE voucher SET memo = 'changed' WHERE seq = 3"],
    "delete line": ["DELETE FROM line WHERE seq = 2 AND line_no = 2"],
    "delete every line of a voucher": ["DELETE FROM line WHERE seq = 2"],
    "insert line": [
        "INSERT INTO line VALUES (1, 2024, 3, 3, '2024-03-01', '101', NULL, 5)",
        "INSERT INTO line VALUES (1, 2024, 3, 4, '2024-03-01', '102', NULL, -5)",
    ],
    "swap numbers": [
        "UPDATE voucher SET seq = 99 WHERE seq = 1",
        "UPDATE voucher SET seq = 1 WHERE seq = 2",
        "UPDATE voucher SET seq = 2 WHERE seq = 99",
    ],
    "truncate tail": [
        "DELETE FROM line WHERE seq = 4",
        "DELETE FROM voucher WHERE seq = 4",
        "DELETE FROM chain WHERE seq = (SELECT MAX(seq) FROM chain)",
        "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)",
    ],
    "truncate tail and counter": [
        "DELETE FROM line WHERE seq = 4",
        "DELETE FROM voucher WHERE seq = 4",
        "DELETE FROM chain WHERE seq = (SELECT MAX(seq) FROM chain)",
        "UPDATE counter SET next_seq = 4",
    ],
    "name of account": ["UPDATE account SET name = '现金' WHERE code = '102'"],
}


@pytest.mark.parametrize("kind", list(TAMPERS))
def test_check_catches_tampering(tmp_path: Path, kind: str) -> None:
    c = build(tmp_path)
    raw(c, *TAMPERS[kind])
    r = c("check")
    assert r.code == 1, f"{kind} went unnoticed"
    assert r.out.strip(), "check must name what it found"
    first = r.out.splitlines()[0]
    assert (
        (":" in first and ("voucher" in r.out or "chart" in r.out))
        or "head" in r.out
        or "year" in r.out
    )
    js = c("check", "--format", "json")
    assert js.code == 1 and js.json()["problems"]  # type: ignore[index]


def test_truncated_tail_is_caught_against_the_recorded_head(tmp_path: Path) -> None:
    c = build(tmp_path)
    raw(c, *TAMPERS["truncate tail and counter"])
    r = c("check", lang="en")
    assert r.code == 1 and "chain: head" in r.out


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE line SET amount = 1 WHERE seq = 1",
        "DELETE FROM line WHERE seq = 1",
        "UPDATE voucher SET memo = 'x'",
        "DELETE FROM voucher",
        "DELETE FROM chain",
        "UPDATE audit SET user = 'x'",
        "UPDATE account SET name = 'x'",
        "INSERT INTO line VALUES (1, 2024, 1, 9, '2024-01-01', '101', NULL, 5)",
    ],
)
def test_guards_refuse_in_the_database(tmp_path: Path, sql: str) -> None:
    c = build(tmp_path)
    with pytest.raises(sqlite3.DatabaseError):
        raw(c, sql, drop_triggers=False)
    c.ok("check")


def test_half_a_voucher_cannot_be_committed(tmp_path: Path) -> None:
    c = build(tmp_path)
    conn = sqlite3.connect(c.db)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("INSERT INTO line VALUES (1, 2024, 9, 1, '2024-01-01', '101', NULL, 5)")
        conn.execute("INSERT INTO line VALUES (1, 2024, 9, 2, '2024-01-01', '102', NULL, -4)")
        conn.execute(
            "INSERT INTO voucher VALUES (1, 2024, 9, '2024-01-01', 'x', 'u', "
            "'manual', NULL, NULL, 999)"
        )
    conn.rollback()
    with pytest.raises(sqlite3.DatabaseError):  # lines alone: the deferred foreign key
        conn.execute("INSERT INTO line VALUES (1, 2024, 9, 1, '2024-01-01', '101', NULL, 5)")
        conn.commit()
    conn.close()
    c.ok("check")


def test_sqlite_file_mode_is_0600(tmp_path: Path) -> None:
    c = build(tmp_path)
    assert Path(c.db).stat().st_mode & 0o777 == 0o600
