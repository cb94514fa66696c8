"""trust.md §7 on PostgreSQL: `coop db roles`, `coop db grant`, and the CLI run as a
clerk login and as an auditor login of one cooperative, in a database holding two.

Roles belong to the whole cluster: this module makes its own database and roles with
a per-run prefix, and drops both at the end. Without a server it skips with the
reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PG_ADMIN, Coop, _pg_ok
from tests.helpers import snapshot

pytestmark = pytest.mark.pg


@dataclass
class Setup:
    admin_url: str
    prefix: str
    a: Coop  # as the superuser
    b: Coop
    clerk: Coop  # cooperative A as the clerk login
    auditor: Coop  # cooperative A as the auditor login
    clerk_dsn: str
    head: str | None  # None until `coop head` exists


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _populate(c: Coop, member: str) -> None:
    c.ok("member", "add", member, "--name", "甲", "--joined-on", "2024-01-01")
    c.ok(
        "land",
        "contribute",
        member,
        "--parcel",
        f"P{member}",
        "--area",
        "2",
        "--date",
        "2024-01-01",
    )
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "收入",
        "--dr",
        "102",
        "5000",
        "--cr",
        "501",
        "5000",
    )
    c.ok("year", "close", "2024")
    c.ok("distribute", "post", "2024")


@pytest.fixture(scope="module")
def setup() -> Iterator[Setup]:
    reason = _pg_ok()
    if reason:
        pytest.skip(reason)
    import psycopg

    run = uuid.uuid4().hex[:6]
    name, prefix = f"coop_rls_{os.getpid()}_{run}", f"t{run}_"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    admin_url = f"{base}/{name}"
    host = base.split("@", 1)[1]
    clerk_login, auditor_login = f"{prefix}alice", f"{prefix}bob"
    try:
        a = Coop(admin_url, "A", "pg").init()
        b = Coop(admin_url, "B", "pg").init()
        _populate(a, "A1")
        _populate(b, "B1")
        for _ in range(2):  # idempotent
            r = a.ok("db", "roles", "--prefix", prefix)
            assert r.out.split() == [f"{prefix}owner", f"{prefix}clerk", f"{prefix}auditor"]
        a.ok("db", "grant", clerk_login, "--role", "clerk", "--coop", "A", "--prefix", prefix)
        again = a.ok(
            "db",
            "grant",
            clerk_login,
            "--role",
            "clerk",
            "--coop",
            "A",
            "--prefix",
            prefix,
            lang="en",
        )
        assert "nothing to do" in again.err
        a.ok("db", "grant", auditor_login, "--role", "auditor", "--coop", "A", "--prefix", prefix)
        clerk_url = f"postgresql+psycopg://{clerk_login}@{host}/{name}"
        auditor_url = f"postgresql+psycopg://{auditor_login}@{host}/{name}"
        from cli.main import cli

        head: Any = a.ok("head", "--format", "json").json() if "head" in cli.commands else None
        yield Setup(
            admin_url,
            prefix,
            a,
            b,
            Coop(clerk_url, "A", "pg"),
            Coop(auditor_url, "A", "pg"),
            _dsn(clerk_url),
            None if head is None else str(head["hash"]),
        )
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in (
                clerk_login,
                auditor_login,
                f"{prefix}clerk",
                f"{prefix}auditor",
                f"{prefix}owner",
            ):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_tables_belong_to_the_owner_role_and_every_coop_table_is_policed(setup: Setup) -> None:
    import psycopg

    with psycopg.connect(_dsn(setup.admin_url)) as conn:
        rows = conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, "
            "c.relforcerowsecurity, EXISTS (SELECT 1 FROM information_schema.columns k "
            "WHERE k.table_name = c.relname AND k.column_name = 'coop_id') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
    assert {r[1] for r in rows} == {f"{setup.prefix}owner"}
    policed = {r[0] for r in rows if r[2] and r[3]}
    with_coop = {r[0] for r in rows if r[4]}
    assert with_coop and with_coop | {"book", "coop_grant"} == policed
    assert {r[0] for r in rows} - policed == {"alembic_version"}


def test_clerk_writes_its_own_cooperative(setup: Setup) -> None:
    r = setup.clerk.ok(
        "voucher",
        "add",
        "--date",
        "2025-02-01",
        "--memo",
        "clerk",
        "--dr",
        "102",
        "3",
        "--cr",
        "501",
        "3",
    )
    assert r.out.strip() == "2025-1"
    setup.clerk.ok("member", "add", "A2", "--name", "乙", "--joined-on", "2025-01-01")
    setup.clerk.ok("check")
    setup.a.ok("check")
    setup.b.ok("check")


def test_clerk_refreshes_the_voucher_statistics_through_the_owners_function(
    setup: Setup,
) -> None:
    """A clerk is not the voucher table's owner: a plain ANALYZE would be skipped with a
    warning nobody sees, and a large import would stay quadratic. The function of
    migration 0014 analyzes it as the owner."""
    import psycopg

    with psycopg.connect(_dsn(setup.admin_url), autocommit=True) as conn:
        conn.execute("UPDATE pg_class SET reltuples = 1 WHERE oid = 'voucher'::regclass")
        (count,) = conn.execute("SELECT count(*) FROM voucher").fetchone() or (0,)
    assert count > 2
    with psycopg.connect(setup.clerk_dsn) as conn:
        conn.execute("ANALYZE voucher")  # what the code must not rely on: skipped
        skipped = conn.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'voucher'::regclass"
        ).fetchone()
        conn.execute("SELECT coop_analyze_voucher()")
        counted = conn.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'voucher'::regclass"
        ).fetchone()
        conn.rollback()
    assert skipped == (1,)
    assert counted == (count,)


def test_clerk_cannot_alter_disable_triggers_truncate_or_drop(setup: Setup) -> None:
    import psycopg

    before = snapshot(setup.admin_url, "A")
    for sql in (
        "ALTER TABLE voucher DISABLE TRIGGER ALL",
        "ALTER TABLE line DISABLE TRIGGER line_sealed",
        "ALTER TABLE line ADD COLUMN x integer",
        "ALTER TABLE voucher NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE voucher DISABLE ROW LEVEL SECURITY",
        "DROP POLICY coop_rls ON voucher",
        "TRUNCATE voucher CASCADE",
        "TRUNCATE counter",
        "DROP TABLE audit CASCADE",
        "DROP TRIGGER line_sealed ON line",
        "CREATE TABLE planted (x integer)",
        "CREATE OR REPLACE FUNCTION coop_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        "DELETE FROM coop_grant",
        "INSERT INTO coop_grant VALUES ('x', 2, 'clerk')",
    ):
        with psycopg.connect(setup.clerk_dsn) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    assert snapshot(setup.admin_url, "A") == before


def test_clerk_neither_reads_nor_writes_the_other_cooperative(setup: Setup) -> None:
    import psycopg

    before_b = snapshot(setup.admin_url, "B")
    r = setup.clerk("--coop", "B", "report", "trial-balance")  # --coop given twice: last wins
    assert r.code == 1 and r.err.count("\n") == 1 and "'B'" in r.err
    other = Coop(setup.clerk.db, "B", "pg")
    r = other(
        "voucher",
        "add",
        "--date",
        "2025-02-01",
        "--memo",
        "x",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    assert r.code == 1 and r.err.count("\n") == 1 and "Traceback" not in r.err
    with psycopg.connect(setup.clerk_dsn) as conn:
        b_id = 2
        assert conn.execute("SELECT code FROM book").fetchall() == [("A",)]
        for table in ("voucher", "line", "chain", "chain_head", "counter", "member", "audit"):
            n = conn.execute(f"SELECT count(*) FROM {table} WHERE coop_id = %s", (b_id,)).fetchone()
            assert n == (0,), table
        assert conn.execute("SELECT count(*) FROM voucher").fetchone()[0] > 0  # type: ignore[index]
        cur = conn.execute("UPDATE chain_head SET seq = 0 WHERE coop_id = %s", (b_id,))
        assert cur.rowcount == 0
        cur = conn.execute("UPDATE counter SET next_seq = 1 WHERE coop_id = %s", (b_id,))
        assert cur.rowcount == 0
        conn.rollback()
    with psycopg.connect(setup.clerk_dsn) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO counter (coop_id, year, next_seq) VALUES (%s, 2030, 1)", (b_id,)
            )
    assert snapshot(setup.admin_url, "B") == before_b


READS: list[tuple[str, ...]] = [
    ("statement", "A1", "--year", "2024"),
    ("statement", "A1", "--year", "2024", "--format", "json"),
    ("report", "trial-balance"),
    ("report", "ledger", "102", "--year", "2024"),
    ("report", "balance-sheet", "--year", "2024"),
    ("report", "surplus", "--year", "2024"),
    ("report", "equity-changes", "--year", "2024"),
    ("report", "member-accounts", "--year", "2024"),
    ("report", "notes", "--year", "2024"),
    ("check",),
    ("voucher", "list"),
    ("voucher", "show", "2024-1"),
    ("account", "list"),
    ("member", "list"),
    ("member", "show", "A1"),
    ("land", "list"),
    ("base", "list", "--year", "2024"),
    ("charter", "show"),
    ("distribute", "plan", "2024"),
    ("head",),
]

WRITES: list[tuple[str, ...]] = [
    (
        "voucher",
        "add",
        "--date",
        "2025-03-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    ),
    ("member", "add", "A9", "--name", "丙", "--joined-on", "2025-01-01"),
    ("land", "contribute", "A1", "--parcel", "PX", "--area", "1", "--date", "2025-01-01"),
    ("account", "add", "10201", "农行"),
    ("charter", "set", "reserve_rate", "0.2", "--from-year", "2026"),
    ("base", "pay", "--year", "2025", "--date", "2025-01-05"),
    ("distribute", "pay", "2024", "--date", "2025-01-10"),
    ("voucher", "reverse", "2024-1", "--date", "2025-01-02", "--reason", "x"),
    ("year", "close", "2025"),
]


def test_auditor_runs_every_read_command(setup: Setup, tmp_path: Path) -> None:
    for args in READS:
        if args != ("head",) or setup.head is not None:
            setup.auditor.ok(*args)
    if setup.head is not None:
        setup.auditor.ok("verify", setup.head)
    for kind in ("beancount", "csv", "xlsx"):
        out = tmp_path / f"books.{kind}"
        setup.auditor.ok("export", kind, "-o", str(out))
        assert out.stat().st_size > 0
    st: Any = setup.auditor.ok("statement", "A1", "--year", "2024", "--format", "json").json()
    assert st["member_no"] == "A1"
    r = setup.auditor("--coop", "B", "voucher", "list")
    assert r.code == 1 and "'B'" in r.err


def test_auditor_write_commands_fail_with_one_line_and_write_nothing(setup: Setup) -> None:
    before = snapshot(setup.admin_url, "A")
    for args in WRITES:
        r = setup.auditor(*args)
        assert r.code == 1, (args, r.err)
        assert r.err.count("\n") == 1 and "Traceback" not in r.err, (args, r.err)
    assert snapshot(setup.admin_url, "A") == before


def test_roles_and_grant_refuse_cleanly(setup: Setup, tmp_path: Path) -> None:
    lite = Coop(str(tmp_path / "l.db"), "L", "sqlite").init()
    r = lite("db", "roles")
    assert r.code == 1 and r.err.count("\n") == 1 and "PostgreSQL" in r.err
    for login, code in (("Robert'); DROP TABLE book;--", 2), ("postgres", 1)):
        r = setup.a(
            "db", "grant", login, "--role", "clerk", "--coop", "A", "--prefix", setup.prefix
        )
        assert r.code == code and r.err.count("\n") == 1, r.err
    r = setup.a(
        "db",
        "grant",
        f"{setup.prefix}bob",
        "--role",
        "clerk",
        "--coop",
        "A",
        "--prefix",
        setup.prefix,
    )
    assert r.code == 1 and "auditor" in r.err  # one role per login
    r = setup.a(
        "db",
        "grant",
        f"{setup.prefix}carol",
        "--role",
        "clerk",
        "--coop",
        "Z",
        "--prefix",
        setup.prefix,
    )
    assert r.code == 1 and "'Z'" in r.err
