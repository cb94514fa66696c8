"""The asset register: fixed and productive biological assets, depreciation, events (frozen).

Revision ID: 0008
Revises: 0007

Adds, append-only like every table of the books (triggers on SQLite and PostgreSQL):

- ``asset``: one row per ``asset`` link, the 固定资产登记簿 card (operations.md §3.1);
- ``asset_depr``: the depreciation register, one row per asset and month, written by
  ``asset depreciate`` (one ``depr`` link per run) or by a disposal in its month;
- ``asset_event``: one row per ``asset_event`` link (a disposal, with its figures).

Books made before this revision have no registered assets, so nothing is brought in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = ("asset", "asset_depr", "asset_event")


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "asset",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("asset_no", Text, primary_key=True),
        sa.Column("name", Text, nullable=False),
        sa.Column("category", Text, nullable=False),
        sa.Column("account", Text, nullable=False),
        sa.Column("contra", Text, nullable=False),
        sa.Column("cost", Int64, nullable=False),
        sa.Column("residual", Int64, nullable=False),
        sa.Column("in_service", Text, nullable=False),
        sa.Column("life_months", Int64, nullable=False),
        sa.Column("cost_centre", Text, nullable=False),
        sa.Column("poverty", Int64, nullable=False),
        sa.Column("source", Text, nullable=False),
        sa.Column("nominal", Int64, nullable=False),
        sa.Column("nominal_reason", Text),
        sa.Column("quantity", Text),
        sa.Column("unit", Text),
        sa.Column("mode", Text, nullable=False),
        sa.Column("voucher", Text),
        sa.Column("accumulated", Int64, nullable=False),
        sa.Column("months_used", Int64, nullable=False),
        sa.Column("ref", Text),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_asset_chain"),
        **STRICT,
    )
    sa.Table(
        "asset_depr",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("asset_no", Text, primary_key=True),
        sa.Column("month", Text, primary_key=True),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("voucher", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        **STRICT,
    )
    sa.Table(
        "asset_event",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("asset_no", Text, nullable=False),
        sa.Column("date", Text, nullable=False),
        sa.Column("kind", Text, nullable=False),
        sa.Column("detail", Text, nullable=False),
        sa.Column("voucher", Text),
        **STRICT,
    )
    m.create_all(bind)
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
