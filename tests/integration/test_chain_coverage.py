"""trust.md §3: every table's rows are covered by a chain kind (or it says why not); the
migrations build exactly the schema ``check`` expects; older books are brought in."""

from __future__ import annotations

import lzma
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coop.store import access, inventory
from coop.store import records as coop_records
from coop.store import tables as coop_tables
from ledger import i18n
from ledger.store import checks as ledger_checks
from ledger.store import tables as ledger_tables
from ledger.store.engine import open_engine
from tests.conftest import Coop

ROOT = Path(__file__).resolve().parents[2]


def test_every_table_is_chained_or_says_why() -> None:
    covered = {**ledger_checks.CHAINED, **coop_records.CHAINED}
    exempt = {**ledger_checks.NOT_RECORDS, **dict(access.UNCHAINED_ADMIN_TABLES)}
    tables = {
        *ledger_tables.metadata.tables,
        *coop_tables.metadata.tables,
        *access.metadata.tables,
        "alembic_version",
    }
    uncovered = sorted(tables - set(covered) - set(exempt))
    assert uncovered == [], f"tables whose rows no chain kind covers: {uncovered}"
    assert set(covered) <= tables and set(exempt) <= tables
    assert not set(covered) & set(exempt)
    assert all(why.strip() for why in exempt.values())


def test_docs_chain_md_names_every_kind_and_chained_table() -> None:
    doc = (ROOT / "docs" / "chain.md").read_text(encoding="utf-8")
    kinds = {
        "voucher",
        "close",
        "coop",
        "chart",
        "account",
        "audit",
        "member",
        "charter",
        "notice",
        "land",
        "memo",
        "distribution",
        "base",
        "amend",
        "org",
        "officer",
        "officer_end",
        "staff",
        "note",
        "note_loss",
        "note_tax",
        "note_rate",
        "note_void",
    }
    for kind in kinds:
        assert re.search(rf"^\| `{kind}` \|", doc, re.M), f"docs/chain.md lacks kind {kind}"
    for table in {**ledger_checks.CHAINED, **coop_records.CHAINED}:
        assert f"`{table}`" in doc, f"docs/chain.md does not say which kind covers {table}"


def _fresh(target: str) -> list[str]:
    from coop.store import schema

    engine = open_engine(target, create=True)
    try:
        schema.upgrade(engine)
        with engine.connect() as conn:
            return [str(p) for p in inventory.problems(conn)]
    finally:
        engine.dispose()


def test_a_fresh_sqlite_database_is_exactly_the_inventory(tmp_path: Path) -> None:
    assert _fresh(str(tmp_path / "fresh.db")) == []


@pytest.mark.pg
def test_a_fresh_postgresql_database_is_exactly_the_inventory(pg_url: str) -> None:
    import psycopg

    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    name = admin.rsplit("/", 1)[1] + "_inv"
    base = admin.rsplit("/", 1)[0]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        assert _fresh(f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://")) == []
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_an_extra_view_or_trigger_is_a_schema_problem(tmp_path: Path) -> None:
    db = str(tmp_path / "v.db")
    assert _fresh(db) == []
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIEW quiet AS SELECT * FROM line")
    conn.execute("DROP TRIGGER line_no_update")
    conn.commit()
    conn.close()
    # the library's own language: an in-process `run` earlier in the session may have set
    # another one (``i18n.use``), and the problems are asserted in English
    said = i18n.current()
    i18n.use("en")
    try:
        problems = _fresh(db)
    finally:
        i18n.use(said)
    assert any("extra view quiet" in p for p in problems), problems
    assert any("trigger line_no_update is missing" in p for p in problems), problems


def test_books_made_before_the_chain_covered_everything_are_brought_in(tmp_path: Path) -> None:
    """The demo as the code before revision 0002 wrote it: the migration appends one link
    per newly chained row after the existing links, which stay as they were."""
    db = tmp_path / "legacy.db"
    db.write_bytes(
        lzma.decompress((ROOT / "tests" / "fixtures" / "legacy-0001-demo.db.xz").read_bytes())
    )
    before = sqlite3.connect(db)
    old_links = before.execute("SELECT seq, hash FROM chain ORDER BY seq").fetchall()
    before.close()
    c = Coop(str(db), "YS", "sqlite")
    c.ok("check")  # runs the migration first
    after = sqlite3.connect(db)
    try:
        links = after.execute("SELECT seq, hash FROM chain ORDER BY seq").fetchall()
        assert links[: len(old_links)] == old_links
        kinds = dict(
            after.execute(
                "SELECT kind, COUNT(*) FROM chain WHERE seq > ? GROUP BY kind", (len(old_links),)
            ).fetchall()
        )
        assert kinds["coop"] == 1 and kinds["chart"] == 1 and kinds["base"] == 1
        assert kinds["audit"] == after.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        for table in ("book", "chart_version", "account", "audit", "base_register"):
            n = after.execute(f"SELECT COUNT(*) FROM {table} WHERE chain_seq IS NULL").fetchone()[0]
            assert n == 0, f"{table} rows left uncovered"
    finally:
        after.close()
    h: Any = c.ok("head", "--format", "json").json()
    assert h["seq"] == len(links)
    assert c.ok("verify", h["hash"]).out.startswith("第 ")
    # an edit of a newly covered row is now caught
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER base_register_no_update")
    conn.execute("UPDATE base_register SET member_no = 'Y002' WHERE member_no = 'Y001'")
    conn.commit()
    conn.close()
    r = c("check")
    assert r.code == 1 and "chain" in r.out


def _columns_after_upgrade(target: str) -> dict[str, dict[str, tuple[str, bool]]]:
    import sqlalchemy as sa

    from coop.store import schema

    engine = open_engine(target, create=True)
    try:
        schema.upgrade(engine)
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            return {
                t: {
                    c["name"]: (type(c["type"]).__name__, bool(c["nullable"]))
                    for c in insp.get_columns(t)
                }
                for t in insp.get_table_names()
                if t != "alembic_version"
            }
    finally:
        engine.dispose()


def _declared() -> dict[str, dict[str, tuple[str, bool]]]:
    """What the table modules describe, as SQLite names the column types."""
    from sqlalchemy.dialects import sqlite

    d = sqlite.dialect()
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for table in [*ledger_tables.metadata.sorted_tables, *coop_tables.metadata.sorted_tables]:
        out[table.name] = {
            c.name: (c.type.compile(dialect=d).split("(")[0], bool(c.nullable))
            for c in table.columns
        }
    return out


def test_upgrading_an_empty_database_gives_the_table_modules_columns(tmp_path: Path) -> None:
    """Revision 0001 is frozen and 0002 adds to it: together they must build exactly the
    columns (names, types, nullability) the table modules describe."""
    got = _columns_after_upgrade(str(tmp_path / "cols.db"))
    want = _declared()
    assert set(got) == set(want)
    for table, cols in want.items():
        assert {n: (t.upper(), null) for n, (t, null) in got[table].items()} == {
            n: (t.upper(), null) for n, (t, null) in cols.items()
        }, table
