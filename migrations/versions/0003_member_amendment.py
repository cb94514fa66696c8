"""Members' details can be corrected: the member amendment (frozen).

Revision ID: 0003
Revises: 0002

Adds ``member_amendment``: one row per field an ``amend`` link changes (name,
household, ID number, phone), with the value before and after, the date and the
reason. Append-only like every table of the books (triggers on SQLite and
PostgreSQL). Books made before this revision have no amendments, so nothing is
brought in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = ("member_amendment",)


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "member_amendment",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("field", Text, primary_key=True),
        sa.Column("member_no", Text, nullable=False),
        sa.Column("date", Text, nullable=False),
        sa.Column("old", Text),
        sa.Column("value", Text),
        sa.Column("reason", Text, nullable=False),
        **STRICT,
    )
    m.create_all(bind)
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
