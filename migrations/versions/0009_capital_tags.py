"""The source of members' capital (出资来源) (frozen).

Revision ID: 0009
Revises: 0008

Adds ``capital_tag``: one row per 301@M line a contribution writes, with its source,
``poverty`` (来源于到户类扶贫项目资产) or ``other`` (operations.md §2.3); one ``capital_tag``
link per voucher. A 301@M line without a row (written before this revision, or by a
command that takes no source) is of ``other`` source. Append-only like every table of
the books (triggers on SQLite and PostgreSQL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = ("capital_tag",)


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "capital_tag",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("voucher", Text, primary_key=True),
        sa.Column("line_no", Int64, primary_key=True),
        sa.Column("member_no", Text, nullable=False),
        sa.Column("tag", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        **STRICT,
    )
    m.create_all(bind)
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
