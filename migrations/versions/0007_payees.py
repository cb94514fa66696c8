"""The payee register: the people that 212 应付工资 and 213 应付劳务费 are kept by (frozen).

Revision ID: 0007
Revises: 0006

Adds ``payee``: one row per ``payee`` link, a person paid wages or labour fees
(operations.md §4.1): number, name, the member they are (or NULL), kind (staff,
seasonal), ID number and phone. Append-only like every table of the books (triggers on
SQLite and PostgreSQL). Books made before this revision have no payees, so nothing is
brought in; their lines on 212/213 name none and ``check`` warns about them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = ("payee",)


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "payee",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("payee_no", Text, primary_key=True),
        sa.Column("name", Text, nullable=False),
        sa.Column("member_no", Text),
        sa.Column("kind", Text, nullable=False),
        sa.Column("id_number", Text),
        sa.Column("phone", Text),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_payee_chain"),
        **STRICT,
    )
    m.create_all(bind)
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
