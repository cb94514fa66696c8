"""Every row a computation reads is chained (trust.md §3).

Revision ID: 0002
Revises: 0001

Adds the link column to the cooperative (``book``), chart versions, accounts, the
audit log and the base register; the audit log gains the command line and the head
before it; a link gains the time it was recorded (stored beside it, not chained).
Books created before this revision are brought in: one record per existing row (the
base register: per run, i.e. per voucher), appended in a fixed order as new links
after the existing ones, which stay as they were. The cooperative row becomes
append-only as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from coop.store.records import base_fields
from ledger import chain as chainmod
from ledger import records
from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NEW_COLUMNS = [
    ("book", "chain_seq", "INTEGER"),
    ("chart_version", "chain_seq", "INTEGER"),
    ("account", "chain_seq", "INTEGER"),
    ("chain", "at", "TEXT"),
    ("audit", "chain_seq", "INTEGER"),
    ("audit", "command", "TEXT"),
    ("audit", "head_before", "TEXT"),
    ("base_register", "chain_seq", "INTEGER"),
]
FILLED = ("chart_version", "account", "audit", "base_register")


def _drop_guards(bind: Any, tables: Sequence[str]) -> None:
    for table in tables:
        if bind.dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")


def _add_guards(bind: Any, tables: Sequence[str]) -> None:
    if bind.dialect.name == "sqlite":
        for ddl in sqlite_ddl(tables):
            if "_no_update" in ddl.split(" BEFORE ")[0] or tables == ("book",):
                op.execute(ddl)
    else:
        for ddl in postgresql_ddl(tables):
            op.execute(ddl)


def _bring_in(bind: Any, coop_id: int, code: str, name: str, at: str) -> None:
    """Append one link per existing row of the newly chained kinds, in a fixed order."""
    seq, head = bind.execute(
        sa.text("SELECT seq, hash FROM chain_head WHERE coop_id = :c"), {"c": coop_id}
    ).one()
    head = bytes(head)
    links: list[dict[str, Any]] = []
    updates: list[tuple[str, str, dict[str, Any]]] = []

    def append(kind: str, fields: list[chainmod.Field]) -> int:
        nonlocal seq, head
        seq += 1
        head = chainmod.link(head, fields)
        links.append(dict(c=coop_id, s=seq, k=kind, h=head, a=at))
        return seq

    updates.append(
        (
            "UPDATE book SET chain_seq = :s WHERE id = :c",
            "book",
            {"s": append("coop", records.coop_fields(code, name)), "c": coop_id},
        )
    )
    charts = bind.execute(
        sa.text(
            "SELECT version, from_year, to_year FROM chart_version "
            "WHERE coop_id = :c ORDER BY from_year, version"
        ),
        {"c": coop_id},
    ).all()
    for version, from_year, to_year in charts:
        accounts = [
            dict(r._mapping)
            for r in bind.execute(
                sa.text(
                    "SELECT code, name, name_en, cls, side, parent, per_member, chart FROM account "
                    "WHERE coop_id = :c AND chart = :v ORDER BY code"
                ),
                {"c": coop_id, "v": version},
            )
        ]
        s = append("chart", records.chart_fields(version, from_year, to_year, accounts))
        updates.append(
            (
                "UPDATE chart_version SET chain_seq = :s WHERE coop_id = :c AND version = :v",
                "chart_version",
                {"s": s, "c": coop_id, "v": version},
            )
        )
        updates.append(
            (
                "UPDATE account SET chain_seq = :s WHERE coop_id = :c AND chart = :v",
                "account",
                {"s": s, "c": coop_id, "v": version},
            )
        )
    runs: dict[str, list[dict[str, Any]]] = {}
    for r in bind.execute(
        sa.text(
            "SELECT b.*, v.chain_seq AS vseq FROM base_register b JOIN voucher v ON "
            "v.coop_id = b.coop_id AND v.year || '-' || v.seq = b.voucher WHERE b.coop_id = :c "
            "ORDER BY v.chain_seq, b.parcel_no"
        ),
        {"c": coop_id},
    ):
        runs.setdefault(r.voucher, []).append(dict(r._mapping))
    for voucher, rows in runs.items():
        s = append("base", base_fields(voucher, rows))
        updates.append(
            (
                "UPDATE base_register SET chain_seq = :s WHERE coop_id = :c AND voucher = :v",
                "base_register",
                {"s": s, "c": coop_id, "v": voucher},
            )
        )
    for r in bind.execute(
        sa.text('SELECT id, "user", action, detail FROM audit WHERE coop_id = :c ORDER BY id'),
        {"c": coop_id},
    ):
        row = dict(
            id=r.id, user=r.user, command=None, head_before=None, action=r.action, detail=r.detail
        )
        s = append("audit", records.audit_fields([row]))
        updates.append(
            (
                "UPDATE audit SET chain_seq = :s WHERE coop_id = :c AND id = :i",
                "audit",
                {"s": s, "c": coop_id, "i": r.id},
            )
        )
    if links:
        bind.execute(
            sa.text("INSERT INTO chain (coop_id, seq, kind, hash, at) VALUES (:c, :s, :k, :h, :a)"),
            links,
        )
        bind.execute(
            sa.text("UPDATE chain_head SET seq = :s, hash = :h WHERE coop_id = :c"),
            {"s": seq, "h": head, "c": coop_id},
        )
    for sql, _table, params in updates:
        bind.execute(sa.text(sql), params)


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    for table, column, kind in NEW_COLUMNS:
        kind = "BIGINT" if pg and kind == "INTEGER" else kind
        op.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {kind}')
    _drop_guards(bind, FILLED)
    at = bind.execute(sa.text("SELECT CURRENT_TIMESTAMP")).scalar()
    for coop_id, code, name in bind.execute(
        sa.text("SELECT id, code, name FROM book ORDER BY id")
    ).all():
        _bring_in(bind, coop_id, code, name, str(at))
    _add_guards(bind, FILLED)
    _add_guards(bind, ("book",))


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
