"""Crops, products and stock, and trade with members (operations.md §5, §7.1) (frozen).

Revision ID: 0011
Revises: 0010

Adds five append-only tables, each row a chained record (docs/chain.md):

* ``product`` — the product register (``product`` link): stock, income and expense leaves;
* ``stock_move`` — one row per voucher that moves a product's stock (``stock`` link):
  quantity in thousandths and cost in fen, both signed (in +, out −);
* ``crop`` — the crop register (``crop`` link): its 401 and 141 leaves, the product it
  yields;
* ``crop_event`` — a crop's harvest, sale or loss (``crop_event`` link), with its voucher;
* ``trade`` — trade records with members and non-members (``trade`` link);
* ``land_assign`` — the crop a parcel grows in a year (``land_assign`` link, one per
  command), which a base paid under ``base_cost capitalise`` is a cost of (§5.4);
* ``land_amort`` — the amortisation of land booked under ``land_model term`` (§6.1): per
  parcel, the term months amortised through and the amount (``land_amort`` link, one
  per voucher).

``base_register`` gains ``debit_account``: the 401 leaf a row's base was debited to under
``base_cost capitalise`` (NULL: 52101, or 114 for a prepayment); a run with one has it at
the end of each row of its ``base`` record, so older records are as they were.

A row that belongs to a voucher names it; reversing the voucher voids the row (computed,
never deleted). Append-only like every table of the books (triggers on SQLite and
PostgreSQL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = (
    "product",
    "stock_move",
    "crop",
    "crop_event",
    "trade",
    "land_assign",
    "land_amort",
)


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "product",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("product_no", Text, primary_key=True),
        sa.Column("name", Text, nullable=False),
        sa.Column("unit", Text, nullable=False),
        sa.Column("account", Text, nullable=False),
        sa.Column("income_account", Text, nullable=False),
        sa.Column("expense_account", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_product_chain"),
        **STRICT,
    )
    sa.Table(
        "stock_move",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("product_no", Text, nullable=False),
        sa.Column("date", Text, nullable=False),
        sa.Column("action", Text, nullable=False),
        sa.Column("quantity", Int64, nullable=False),
        sa.Column("cost", Int64, nullable=False),
        sa.Column("voucher", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "crop",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("crop_no", Text, primary_key=True),
        sa.Column("name", Text, nullable=False),
        sa.Column("started", Text, nullable=False),
        sa.Column("cost_account", Text, nullable=False),
        sa.Column("asset_account", Text, nullable=False),
        sa.Column("product_no", Text),
        sa.Column("area", Int64),
        sa.Column("poverty", Int64, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_crop_chain"),
        **STRICT,
    )
    sa.Table(
        "crop_event",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("crop_no", Text, nullable=False),
        sa.Column("date", Text, nullable=False),
        sa.Column("kind", Text, nullable=False),
        sa.Column("final", Int64, nullable=False),
        sa.Column("voucher", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "trade",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("trade_no", Int64, primary_key=True),
        sa.Column("date", Text, nullable=False),
        sa.Column("member_no", Text),
        sa.Column("counterparty", Text),
        sa.Column("product_no", Text, nullable=False),
        sa.Column("kind", Text, nullable=False),
        sa.Column("quantity", Int64),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("voucher", Text),
        sa.Column("ref", Text),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_trade_chain"),
        sa.UniqueConstraint("coop_id", "ref", name="uq_trade_ref"),
        **STRICT,
    )
    sa.Table(
        "land_assign",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("parcel_no", Text, primary_key=True),
        sa.Column("crop_no", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "land_amort",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("parcel_no", Text, primary_key=True),
        sa.Column("through", Int64, primary_key=True),
        sa.Column("date", Text, nullable=False),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("voucher", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        **STRICT,
    )
    m.create_all(bind)
    op.add_column("base_register", sa.Column("debit_account", sa.Text()))
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
