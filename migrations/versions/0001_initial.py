"""The initial schema: ledger and cooperative tables, and the guards.

Revision ID: 0001
Revises:
Until the first release this revision creates the schema as the table modules
define it; from then on every change is a new revision and this one is frozen.
"""

from __future__ import annotations

from alembic import op

from coop.store import tables as coop_tables
from ledger.store import tables as ledger_tables
from ledger.store.guards import ledger_guards, postgresql_ddl, sqlite_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    ledger_tables.metadata.create_all(bind)
    coop_tables.metadata.create_all(bind)
    dialect = bind.dialect.name
    for ddl in ledger_guards(dialect, ledger_tables.APPEND_ONLY):
        op.execute(ddl)
    coop_guard = sqlite_ddl if dialect == "sqlite" else postgresql_ddl
    for ddl in coop_guard(coop_tables.APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
