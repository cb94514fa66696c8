"""trust.md §8: the tamper table, run on SQLite against one fixture copied per case.

Every column of every chained table is edited (guards dropped first), a row is inserted
into and deleted from every table, the tail is cut and the head rewound, the whole chain
is recomputed after an edit with the project's own code, an old copy is restored, a
trigger is planted, the counter row is deleted, and closed years are left unbalanced:
``coop check`` must fail, naming the check. The test prints "N of N caught".
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coop.store import records as coop_records
from ledger import chain as chainmod
from ledger.store.checks import LEDGER_SOURCES, all_records
from ledger.store.engine import open_engine
from tests.conftest import Coop

CODE = "TT"
#: Columns stored beside the records and deliberately not chained (trust.md §3: the
#: wall-clock time, so that a resumed command reaches the same head as an uninterrupted one).
NOT_CHAINED = {("audit", "at"), ("chain", "at")}
#: Tables whose rows are the chain's bookkeeping or schema metadata, edited elsewhere below.
NOT_ROW_TABLES = {"alembic_version"}


def _build(folder: Path) -> Coop:
    c = Coop(str(folder / "books.db"), CODE, "sqlite")
    c.ok(
        "init",
        "--name",
        "篡改测试社",
        "--code",
        CODE,
        "--first-year",
        "2024",
        "--reserve-rate",
        "0.10",
    )
    c.ok("account", "add", "50101", "经营收入—白术", "--name-en", "Operating income - baizhu")
    for no, name in (("A", "甲"), ("B", "乙"), ("C", "丙")):
        c.ok(
            "member",
            "add",
            no,
            "--name",
            name,
            "--joined-on",
            "2024-01-01",
            "--household",
            f"{name}户",
            "--phone",
            "13800000000",
        )
    c.ok("member", "amend", "A", "--phone", "13900000000", "--name", "甲一", "--reason", "更正")
    c.ok("land", "contribute", "A", "--parcel", "P1", "--area", "2", "--date", "2024-01-01")
    c.ok("land", "contribute", "B", "--parcel", "P2", "--area", "3", "--date", "2024-01-01")
    c.ok("member", "contribute", "C", "--amount", "500", "--date", "2024-01-02")
    c.ok("base", "pay", "--year", "2024", "--date", "2024-03-01")
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "白术销售",
        "--dr",
        "102",
        "20000",
        "--cr",
        "50101",
        "20000",
    )
    c.ok("charter", "set", "welfare_rate", "0.05", "--from-year", "2024")
    c.ok("member", "withdraw", "C", "--date", "2024-07-01")
    c.ok("year", "close", "2024")
    c.ok("distribute", "post", "2024", "--approved-on", "2025-01-10")
    c.ok("distribute", "pay", "2024", "--date", "2025-01-20")
    # the organisation register: a particular, two officers (one ended), a post
    c.ok("org", "set", "credit_code", "91370481MA3C12345X", "--from", "2024-01-01")
    c.ok("org", "set", "address", "山东省滕州市", "--from", "2024-01-01")
    c.ok("org", "officer", "add", "--role", "chair", "--name", "丁", "--from", "2024-01-01")
    c.ok(
        "org",
        "officer",
        "add",
        "--role",
        "supervisor",
        "--name",
        "甲一",
        "--member",
        "A",
        "--from",
        "2024-01-01",
        "--ref",
        "2024选举",
    )
    c.ok("org", "officer", "end", "1", "--date", "2024-12-31")
    c.ok("org", "staff", "set", "cashier", "乙", "--from", "2024-01-01")
    c.ok("org", "staff", "set", "bookkeeper", "丙", "--from", "2024-01-01")
    # the entered notes of a closed year: texts (one cleared), losses and tax adjustments
    # (one of each removed), the rate
    c.ok("notes", "set", "--year", "2024", "--item", "4", "--text", "年初数为迁移数")
    c.ok("notes", "set", "--year", "2024", "--item", "9", "--text", "无")
    c.ok("notes", "set", "--year", "2024", "--item", "9", "--text", "")
    loss = ["notes", "loss", "add", "--year", "2024", "--category"]
    c.ok(*loss, "receivable", "--name", "欠款", "--amount", "120.50", "--explanation", "无法收回")
    c.ok(*loss, "fixed_asset", "--name", "水泵", "--amount", "800", "--explanation", "报废")
    c.ok("notes", "loss", "remove", "--year", "2024", "--id", "1")
    tax = ["notes", "tax", "add", "--year", "2024"]
    c.ok(*tax, "--increase", "--item", "罚款", "--amount", "100")
    c.ok(*tax, "--decrease", "--item", "免税收入", "--amount", "500")
    c.ok("notes", "tax", "remove", "--year", "2024", "--id", "2")
    c.ok("notes", "tax", "rate", "--year", "2024", "--rate", "0.25")
    # labour kept by person: a payee who is a member, one who is not; accrued and paid
    c.ok("payee", "add", "P1", "--member", "A", "--kind", "staff")
    c.ok("payee", "add", "P2", "--name", "临时工", "--phone", "13800000001")
    c.ok(
        "labour",
        "accrue",
        "P2",
        "--date",
        "2025-03-01",
        "--account",
        "213",
        "--memo",
        "除草",
        "--amount",
        "300",
        "--cost-centre",
        "52102",
    )
    c.ok("labour", "pay", "--date", "2025-03-05")
    # an asset bought, depreciated and scrapped
    c.ok(
        "asset",
        "add",
        "FA1",
        "--name",
        "水泵",
        "--account",
        "151",
        "--cost",
        "1200",
        "--in-service",
        "2025-02-10",
        "--life-months",
        "12",
        "--cost-centre",
        "52102",
        "--pay-from",
        "102",
    )
    c.ok("asset", "depreciate", "--month", "2025-03")
    c.ok("asset", "dispose", "FA1", "--date", "2025-04-10", "--reason", "scrap")
    # capital from poverty-alleviation assets with a premium, and a donation quantified
    c.ok(
        "member",
        "contribute",
        "A",
        "--amount",
        "600",
        "--capital",
        "500",
        "--date",
        "2025-05-01",
        "--source",
        "poverty",
    )
    c.ok("donation", "receive", "--date", "2025-05-02", "--amount", "300", "--donor", "某公司")
    # a crop grown, harvested into a product's stock and sold to a member (a trade record)
    c.ok("product", "add", "PR1", "--name", "白术", "--unit", "公斤")
    c.ok("crop", "add", "C1", "--name", "白术", "--started", "2025-03-01", "--product", "PR1")
    c.ok("land", "assign", "--year", "2025", "--crop", "C1", "P1", "P2")
    # land booked for its term and amortised (operations.md §6)
    c.ok("charter", "set", "land_model", "term", "--from-year", "2025")
    c.ok(
        "land",
        "contribute",
        "B",
        "--parcel",
        "P3",
        "--area",
        "1",
        "--date",
        "2025-01-01",
        "--term-years",
        "2",
    )
    c.ok("land", "amortise", "--year", "2025")
    c.ok(
        "voucher",
        "add",
        "--date",
        "2025-03-02",
        "--memo",
        "种苗",
        "--dr",
        "40101",
        "400",
        "--cr",
        "102",
        "400",
    )
    c.ok("crop", "harvest", "C1", "--date", "2025-06-01", "--quantity", "100")
    c.ok(
        "product",
        "sell",
        "PR1",
        "--date",
        "2025-06-02",
        "--member",
        "A",
        "--quantity",
        "40",
        "--amount",
        "300",
    )
    c.ok("check")
    return c


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    c = _build(tmp_path_factory.mktemp("tamper"))
    conn = sqlite3.connect(c.db)
    try:
        empty = [
            t
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if t not in NOT_ROW_TABLES and not conn.execute(f'SELECT 1 FROM "{t}"').fetchone()
        ]
    finally:
        conn.close()
    assert empty == [], f"the fixture must have rows in every table: {empty}"
    return c.db


def _copy(src: str, tmp_path: Path) -> Coop:
    dst = tmp_path / "case.db"
    shutil.copyfile(src, dst)
    return Coop(str(dst), CODE, "sqlite")


def _raw(db: str, *sql: str, params: tuple[Any, ...] = ()) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='trigger'"
        ).fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        for s in sql:
            conn.execute(s, params if "?" in s else ())
        conn.commit()
    finally:
        conn.close()


def _restore_guards(db: str, original: str) -> None:
    """Put the guards back as the migration made them, so only the edit itself is left
    for ``check`` to find (a missing trigger is a ``schema`` problem of its own)."""
    src = sqlite3.connect(original)
    triggers = [sql for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE type='trigger'")]
    src.close()
    conn = sqlite3.connect(db)
    for sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _columns(db: str) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        out = []
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        ).fetchall():
            if table in NOT_ROW_TABLES:
                continue
            for _cid, name, kind, *_ in conn.execute(f'PRAGMA table_info("{table}")'):
                if (table, name) not in NOT_CHAINED:
                    out.append((table, name, kind))
        return out
    finally:
        conn.close()


def _edit(db: str, table: str, column: str, kind: str) -> None:
    """Change one value of one row (the last row, where it matters most): an integer by
    one, a blob's last byte, a text by one character (a NULL becomes a text or a 1)."""
    conn = sqlite3.connect(db)
    rowid, value = conn.execute(
        f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid DESC LIMIT 1'
    ).fetchone()
    conn.close()
    if kind == "BLOB":
        new: Any = bytes(value[:-1]) + bytes([value[-1] ^ 1])
    elif kind == "INTEGER":
        new = 1 if value is None else value + 1
        if column in ("per_member", "prepaid"):
            new = 1 - (value or 0)
    else:
        new = "x" if value is None else value + "x"
    _raw(db, f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = {rowid}', params=(new,))


def _caught(c: Coop, expect: set[str]) -> tuple[bool, str]:
    r = c("check", lang="en")
    named = {line.split(":", 1)[0] for line in r.out.splitlines()}
    # A deleted cooperative row leaves no cooperative to check: one line that says so.
    gone = r.code == 1 and "cooperative row is missing" in r.err
    return (r.code == 1 and bool(named & expect)) or gone, r.out + r.err


def _cases(db: str) -> list[tuple[str, Callable[[Coop, str], None], set[str]]]:
    any_check = {
        "chain",
        "balanced",
        "numbering",
        "counter",
        "dates",
        "accounts",
        "leaf-accounts",
        "member-lines",
        "reversals",
        "closed-years",
        "year-end",
        "members",
        "base",
        "base-register",
        "member-accounts",
        "distribution",
        "integrity",
        "schema",
        "181",
        "balance-sheet",
    }
    cases: list[tuple[str, Callable[[Coop, str], None], set[str]]] = []
    for table, column, kind in _columns(db):

        def edit(c: Coop, orig: str, t: str = table, col: str = column, k: str = kind) -> None:
            _edit(c.db, t, col, k)
            _restore_guards(c.db, orig)
            if (t, col) == ("book", "code"):  # the cooperative now answers to another code
                c.code = CODE + "x"

        cases.append((f"edit {table}.{column}", edit, any_check))
    tables = sorted({t for t, _c, _k in _columns(db)})
    for table in tables:

        def delete(c: Coop, orig: str, t: str = table) -> None:
            _raw(c.db, f'DELETE FROM "{t}" WHERE rowid = (SELECT MAX(rowid) FROM "{t}")')
            _restore_guards(c.db, orig)

        def insert(c: Coop, orig: str, t: str = table) -> None:
            conn = sqlite3.connect(c.db)
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
            conn.close()
            # a copy of the last row with every key-like integer moved on and texts marked
            sets = ", ".join(
                f'CASE WHEN typeof("{col}") = \'integer\' THEN "{col}" + 1000 '
                f'WHEN typeof("{col}") = \'text\' THEN "{col}" || \'y\' ELSE "{col}" END'
                if col not in ("coop_id",)
                else f'"{col}"'
                for col in cols
            )
            _raw(
                c.db,
                f'INSERT INTO "{t}" SELECT {sets} FROM "{t}" '
                f'WHERE rowid = (SELECT MAX(rowid) FROM "{t}")',
            )
            _restore_guards(c.db, orig)
            if t == "book":  # a cooperative planted beside: its own check must fail
                c.code = CODE + "y"

        cases.append((f"delete a row of {table}", delete, any_check))
        cases.append((f"insert a row into {table}", insert, any_check))

    def plant(c: Coop, orig: str) -> None:
        _plant(c.db)

    def drop_guard(c: Coop, orig: str) -> None:
        _raw(c.db, "SELECT 1")

    def raw_then_guards(sql: str) -> Callable[[Coop, str], None]:
        def edit(c: Coop, orig: str) -> None:
            _raw(c.db, sql)
            _restore_guards(c.db, orig)

        return edit

    cases += [
        ("an extra trigger planted", plant, {"schema"}),
        ("a guard trigger dropped", drop_guard, {"schema"}),
        (
            "the counter row deleted",
            raw_then_guards("DELETE FROM counter WHERE year = 2025"),
            {"counter"},
        ),
        (
            "5xx left non-zero in a closed year",
            raw_then_guards(
                "UPDATE line SET account = '102' WHERE account = '50101' "
                "AND year = 2024 AND seq = (SELECT MAX(seq) FROM voucher "
                "WHERE year = 2024 AND kind = 'close_income')"
            ),
            {"closed-years"},
        ),
        (
            "181 non-zero in a closed year",
            raw_then_guards(
                "UPDATE line SET account = '181' WHERE account = '102' AND year = 2024 AND seq = 3"
            ),
            {"181"},
        ),
    ]
    return cases


def _plant(db: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TRIGGER line_quietly AFTER INSERT ON line BEGIN SELECT 1; END")
    conn.commit()
    conn.close()


@pytest.mark.slow  # 239 tampers, each on a copy of the fixture, each checked (50 s)
def test_every_tamper_kind_is_caught(
    fixture_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missed: list[str] = []
    refused: list[str] = []
    cases = _cases(fixture_db)
    for i, (name, tamper, expect) in enumerate(cases):
        folder = tmp_path / str(i)
        folder.mkdir()
        c = _copy(fixture_db, folder)
        try:
            tamper(c, fixture_db)
        except sqlite3.IntegrityError as exc:
            # The schema itself makes this tamper impossible (the sole key of chain_head is
            # the cooperative): the database refuses it, which is caught enough.
            refused.append(f"{name}: {exc}")
            continue
        ok, out = _caught(c, expect)
        if not ok:
            missed.append(f"{name}: {out.strip()[:200] or '(check passed)'}")
    caught = len(cases) - len(missed)
    with capsys.disabled():
        print(
            f"\ntrust.md §8 tamper table: {caught} of {len(cases)} caught "
            f"({len(refused)} of them refused by the database's own constraints)"
        )
    assert not missed, "\n".join(missed)
    assert len(cases) > 150 and len(refused) <= 2, refused


# ----- the attacks a witness catches -------------------------------------------------------


def _recompute_chain(db: str) -> None:
    """The forgery trust.md warns of: after an edit, recompute every link and the head with
    the project's own code, so that the books verify again by themselves."""
    engine = open_engine(db, create=False)
    with engine.connect() as conn:
        cid = conn.exec_driver_sql("SELECT id FROM book WHERE code = ?", (CODE,)).scalar_one()
        # Each record hashed as it comes (an audit record's rows are read while it is).
        links = list(chainmod.links(all_records(conn, cid, coop_records.SOURCES)))
    engine.dispose()
    assert LEDGER_SOURCES
    conn2 = sqlite3.connect(db)
    triggers = conn2.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall()
    for name, _sql in triggers:
        conn2.execute(f'DROP TRIGGER "{name}"')
    for seq, _label, h in links:
        conn2.execute("UPDATE chain SET hash = ? WHERE coop_id = ? AND seq = ?", (h, cid, seq))
    conn2.execute(
        "UPDATE chain_head SET seq = ?, hash = ? WHERE coop_id = ?",
        (links[-1][0], links[-1][2], cid),
    )
    for _name, sql in triggers:  # and the guards put back, so nothing shows
        conn2.execute(sql)
    conn2.commit()
    conn2.close()


def test_witness_catches_rewind_forgery_and_restore(tmp_path: Path) -> None:
    c = _build(tmp_path)
    w = str(tmp_path / "witness.db")
    old, latest = tmp_path / "old.db", tmp_path / "latest.db"
    _with_witness(
        c,
        w,
        "voucher",
        "add",
        "--date",
        "2025-02-01",
        "--memo",
        "收入",
        "--dr",
        "102",
        "10",
        "--cr",
        "50101",
        "10",
    )
    shutil.copyfile(c.db, old)
    _with_witness(
        c,
        w,
        "voucher",
        "add",
        "--date",
        "2025-02-02",
        "--memo",
        "收入",
        "--dr",
        "102",
        "20",
        "--cr",
        "50101",
        "20",
    )
    shutil.copyfile(c.db, latest)
    assert _with_witness(c, w, "check").code == 0

    # an old copy restored (a rollback): by itself it verifies; the witness holds more
    shutil.copyfile(old, c.db)
    assert c("check").code == 0
    r = _with_witness(c, w, "--lang", "en", "check")
    assert r.code == 1 and r.out.startswith("witness: head"), r.out

    # the tail cut and the stored head and counter rewound by hand
    shutil.copyfile(latest, c.db)
    conn = sqlite3.connect(old)
    old_seq, old_hash = conn.execute("SELECT seq, hash FROM chain_head").fetchone()
    conn.close()
    _raw(
        c.db,
        "DELETE FROM line WHERE year = 2025 AND seq = (SELECT MAX(seq) FROM voucher "
        "WHERE year = 2025)",
        "DELETE FROM voucher WHERE year = 2025 AND seq = (SELECT MAX(seq) FROM voucher "
        "WHERE year = 2025)",
        f"DELETE FROM chain WHERE seq > {old_seq}",
        f"DELETE FROM audit WHERE chain_seq > {old_seq}",
        "UPDATE counter SET next_seq = next_seq - 1 WHERE year = 2025",
        f"UPDATE chain_head SET seq = {old_seq}, hash = X'{bytes(old_hash).hex()}'",
    )
    _restore_guards(c.db, str(latest))
    assert c("check").code == 0, "the cut verifies by itself"
    r = _with_witness(c, w, "check")
    assert r.code == 1 and "witness" in r.out, r.out

    # an edit, then the whole chain recomputed with the project's own code
    shutil.copyfile(latest, c.db)
    first = "(SELECT MIN(seq) FROM voucher WHERE year = 2025 AND memo = '收入')"
    _raw(
        c.db,
        f"UPDATE line SET amount = amount + 100 WHERE year = 2025 AND seq = {first} "
        "AND account = '102'",
        f"UPDATE line SET amount = amount - 100 WHERE year = 2025 AND seq = {first} "
        "AND account = '50101'",
    )
    _restore_guards(c.db, str(latest))
    assert c("check").code == 1
    _recompute_chain(c.db)
    assert c("check").code == 0, "the forgery verifies by itself"
    r = _with_witness(c, w, "check")
    assert r.code == 1 and "witness" in r.out, r.out

    # a deliberate restore is accepted, and never silent
    shutil.copyfile(old, c.db)
    head = c.ok("head", "--format", "json").json()
    assert isinstance(head, dict)
    assert (
        _with_witness(
            c, w, "witness", "accept-rewind", "--to", str(head["seq"]), "--reason", "从备份恢复"
        ).code
        == 0
    )
    r = _with_witness(c, w, "--lang", "en", "check")
    assert r.code == 0 and "从备份恢复" in r.err, r.out + r.err
    assert "giving up 2 links" in r.err  # the voucher and its audit record
    assert _with_witness(c, w, "check", "--strict").code == 1


def _with_witness(c: Coop, witness: str, *args: str) -> Any:
    from cli.main import run
    from tests.conftest import Result

    argv = ["--db", c.db, "--coop", c.code, "--user", "tester", "--witness", witness, *args]
    with c.runner.isolation() as (out, err, _mixed):
        code = run(argv)
    return Result(code, out.getvalue().decode("utf-8-sig"), err.getvalue().decode())


# ----- every problem name fires ------------------------------------------------------------

NAMED_TAMPERS: dict[str, list[str]] = {
    "balanced": [
        "UPDATE line SET amount = amount + 1 WHERE year = 2024 AND seq = 5 AND account = '102'"
    ],
    "accounts": [
        "UPDATE line SET account = '999' WHERE year = 2024 AND seq = 5 AND account = '102'"
    ],
    "leaf-accounts": [
        "UPDATE line SET account = '501' WHERE year = 2024 AND seq = 5 AND account = '50101'"
    ],
    "member-lines": [
        "UPDATE line SET member = 'A' WHERE year = 2024 AND seq = 5 AND account = '102'"
    ],
    "numbering": [
        "DELETE FROM line WHERE year = 2024 AND seq = 5",
        "DELETE FROM voucher WHERE year = 2024 AND seq = 5",
    ],
    "counter": ["DELETE FROM counter WHERE year = 2025"],
    "dates": [
        "UPDATE line SET date = '2024-06-02' WHERE year = 2024 AND seq = 5 AND account = '102'"
    ],
    "reversals": ["UPDATE voucher SET kind = 'reversal' WHERE year = 2024 AND seq = 5"],
    "closed-years": [
        "UPDATE line SET account = '102' WHERE account = '50101' AND year = 2024 AND seq = 6"
    ],
    "chain": ["UPDATE member SET phone = '13900000000' WHERE member_no = 'B'"],
    "integrity": ["DELETE FROM voucher WHERE year = 2024 AND seq = 5"],
    "year-end": [
        "UPDATE line SET account = '102' WHERE year = 2024 AND seq = 7 AND account = '331'"
    ],
    "181": ["UPDATE line SET account = '181' WHERE account = '102' AND year = 2024 AND seq = 3"],
    "balance-sheet": [
        "UPDATE line SET amount = amount + 1 WHERE year = 2024 AND seq = 5 AND account = '102'"
    ],
    "surplus-link": [
        "UPDATE line SET account = '32201' WHERE year = 2024 AND seq = 9 AND account = '33202'"
    ],
    "equity-link": [
        "UPDATE line SET account = '32201' WHERE year = 2024 AND seq = 9 AND account = '33202'"
    ],
    "members": ["UPDATE line SET member = 'ZZ' WHERE member = 'A' AND year = 2024 AND seq = 1"],
    "base": ["UPDATE base_register SET amount = amount + 1 WHERE parcel_no = 'P1'"],
    "base-register": ["UPDATE base_register SET amount = amount + 1 WHERE parcel_no = 'P1'"],
    "member-accounts": ["UPDATE memo_entry SET amount = amount + 1 WHERE line_no = 1"],
    "distribution": ["UPDATE distribution SET digest = 'x' || digest"],
    "statutory": ["UPDATE charter_amendment SET value = '0.50' WHERE key = 'patronage_ratio'"],
    "term": ["UPDATE parcel SET term_years = 1 WHERE parcel_no = 'P1'"],
    "stock": ["UPDATE stock_move SET cost = cost - 1 WHERE action = 'harvest'"],
    "trade": ["UPDATE trade SET voucher = '2099-1'"],
}
#: Fired by the other tests of this file (planted trigger; the witness tests).
ELSEWHERE = {
    "schema": "test_every_tamper_kind_is_caught (an extra trigger planted)",
    "witness": "test_witness_catches_rewind_forgery_and_restore",
    # not a tamper: a rule of the law on who the members are (法 art. 20), under --strict
    "membership": "tests/e2e/test_member_kind.py::test_membership_is_checked_at_closed_year_ends",
    "payee": "tests/e2e/test_labour.py::test_check_finds_lines_on_unknown_payees",
    "asset-register": "tests/e2e/test_assets.py::test_check_compares_the_register",
    "depreciation": "tests/e2e/test_assets.py::test_check_compares_the_register",
    "crop": "tests/e2e/test_stock.py::test_check_strict_finds_a_crop_left_unsettled",
    # not a tamper: a warning on land at one year's value (operations.md §0.8)
    "land-amortisation": "tests/e2e/test_land_models.py::test_one_year_land_is_a_warning",
}


def _documented_names() -> list[str]:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text("utf-8")
    import re

    return re.findall(r"^\| `([a-z0-9-]+)` \|", doc, re.M)


def test_the_documented_names_are_the_names_the_code_prints() -> None:
    import re

    root = Path(__file__).resolve().parents[2]
    code = {
        m
        for f in [*root.glob("ledger/**/*.py"), *root.glob("coop/**/*.py")]
        for m in re.findall(r'Problem\(\s*"([a-z0-9-]+)"', f.read_text("utf-8"))
    }
    documented = _documented_names()
    assert len(documented) == len(set(documented))
    assert set(documented) == code
    assert set(documented) == set(NAMED_TAMPERS) | set(ELSEWHERE)


@pytest.mark.parametrize("name", sorted(NAMED_TAMPERS))
def test_every_problem_name_fires(name: str, fixture_db: str, tmp_path: Path) -> None:
    c = _copy(fixture_db, tmp_path)
    _raw(c.db, *NAMED_TAMPERS[name])
    _restore_guards(c.db, fixture_db)
    r = c("check", "--strict")
    named = {line.split(":", 1)[0] for line in r.out.splitlines()}
    assert r.code == 1 and name in named, r.out + r.err
