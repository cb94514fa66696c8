"""The schema the migrations create, and ``check``'s comparison with what is present
(trust.md §4, problem ``schema``): an extra trigger, view, rule, table or index (a
trigger planted to rewrite rows as they are written, a view shadowing a table), or a
missing one (a guard dropped), is a problem.

The expected inventory is derived from the same table modules and guard DDL that the
migrations use, so it cannot drift from them; a test upgrades an empty database and
compares it with this inventory exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from coop.store import access
from coop.store import tables as coop_tables
from ledger.checks import Problem
from ledger.i18n import N_, gettext, tr
from ledger.store import tables as ledger_tables
from ledger.store.guards import ledger_guards, postgresql_ddl, sqlite_ddl

_TRIGGER = re.compile(r"CREATE (?:CONSTRAINT )?TRIGGER (?:IF NOT EXISTS )?(\w+)", re.I)


@dataclass(frozen=True)
class Inventory:
    tables: frozenset[str]
    triggers: frozenset[str]
    indexes: frozenset[str]
    views: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()


def expected(dialect: str) -> Inventory:
    metas = (ledger_tables.metadata, coop_tables.metadata)
    tables = {name for m in metas for name in m.tables} | {"alembic_version"}
    indexes = {ix.name for m in metas for t in m.tables.values() for ix in t.indexes if ix.name}
    ddl = ledger_guards(dialect, ledger_tables.APPEND_ONLY)
    ddl += (sqlite_ddl if dialect == "sqlite" else postgresql_ddl)(coop_tables.APPEND_ONLY)
    triggers = {m.group(1) for d in ddl if (m := _TRIGGER.search(d))}
    return Inventory(frozenset(tables), frozenset(triggers), frozenset(indexes))


#: Present only once an administrator has run ``coop db roles`` (PostgreSQL).
OPTIONAL_TABLES = frozenset(name for name, _why in access.UNCHAINED_ADMIN_TABLES)


def present(conn: Connection) -> Inventory:
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).all()
        by: dict[str, set[str]] = {}
        for kind, name in rows:
            by.setdefault(kind, set()).add(name)
        return Inventory(
            frozenset(by.get("table", ())),
            frozenset(by.get("trigger", ())),
            frozenset(by.get("index", ())),
            frozenset(by.get("view", ())),
        )
    schema = "current_schema()"
    tables = {
        r[0]
        for r in conn.exec_driver_sql(
            f"SELECT tablename FROM pg_tables WHERE schemaname = {schema}"
        )
    }
    triggers = {
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE NOT t.tgisinternal AND n.nspname = {schema}"
        )
    }
    indexes = {
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_namespace n ON n.oid = i.relnamespace "
            f"WHERE n.nspname = {schema} AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
        )
    }
    views = {
        r[0]
        for r in conn.exec_driver_sql(f"SELECT viewname FROM pg_views WHERE schemaname = {schema}")
    }
    rules = {
        r[0]
        for r in conn.exec_driver_sql(f"SELECT rulename FROM pg_rules WHERE schemaname = {schema}")
    }
    return Inventory(
        frozenset(tables),
        frozenset(triggers),
        frozenset(indexes),
        frozenset(views),
        frozenset(rules),
    )


def problems(conn: Connection) -> list[Problem]:
    want, have = expected(conn.dialect.name), present(conn)
    out = []
    for what, w, h, optional in (
        (N_("table"), want.tables, have.tables, OPTIONAL_TABLES),
        (N_("trigger"), want.triggers, have.triggers, frozenset()),
        (N_("index"), want.indexes, have.indexes, frozenset()),
        (N_("view"), want.views, have.views, frozenset()),
        (N_("rule"), want.rules, have.rules, frozenset()),
    ):
        for name in sorted(h - w - optional):
            out.append(
                Problem(
                    "schema",
                    tr(
                        "an extra {what} {name} is in the database: the "
                        "migrations create no such thing",
                        what=gettext(what),
                        name=name,
                    ),
                )
            )
        for name in sorted(w - h):
            out.append(
                Problem(
                    "schema",
                    tr(
                        "the {what} {name} is missing: the guards or the "
                        "schema were changed outside the migrations",
                        what=gettext(what),
                        name=name,
                    ),
                )
            )
    return out
