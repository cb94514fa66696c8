"""The organisation register: the cooperative's particulars, its officers and its staff
(frozen).

Revision ID: 0004
Revises: 0003

Adds, append-only like every table of the books (triggers on SQLite and PostgreSQL):

- ``org_setting``: one row per ``org`` link, a particular (credit code, address, …) and
  the day it holds from;
- ``officer``: one row per ``officer`` link, an officer (理事长, 理事, 监事 …) and the day
  they took office;
- ``officer_end``: one row per ``officer_end`` link, the last day in office of an officer
  (the officer row itself is never changed);
- ``staff_assignment``: one row per ``staff`` link, who holds a post of the accounts
  (单位负责人, 会计主管, 记账, 审核, 出纳) from a day on.

Books made before this revision have no register, so nothing is brought in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = ("org_setting", "officer", "officer_end", "staff_assignment")


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "org_setting",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("from_date", Text, nullable=False),
        sa.Column("key", Text, nullable=False),
        sa.Column("value", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "officer",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("officer_id", Int64, primary_key=True),
        sa.Column("role", Text, nullable=False),
        sa.Column("name", Text, nullable=False),
        sa.Column("member_no", Text),
        sa.Column("from_date", Text, nullable=False),
        sa.Column("ref", Text),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_officer_chain"),
        sa.UniqueConstraint("coop_id", "ref", name="uq_officer_ref"),
        **STRICT,
    )
    sa.Table(
        "officer_end",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("officer_id", Int64, primary_key=True),
        sa.Column("date", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_officer_end_chain"),
        **STRICT,
    )
    sa.Table(
        "staff_assignment",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("from_date", Text, nullable=False),
        sa.Column("role", Text, nullable=False),
        sa.Column("name", Text, nullable=False),
        **STRICT,
    )
    m.create_all(bind)
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
