"""The initial schema: ledger and cooperative tables, and the guards (frozen).

Revision ID: 0001
Revises:

Frozen: the tables are written out here as they stood at this revision, so that
the revision never changes when the table modules do. Later changes are later
revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import ledger_guards, postgresql_ddl, sqlite_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
Bytes = sa.LargeBinary()
STRICT = {"sqlite_strict": True}

LEDGER_APPEND_ONLY = (
    "chart_version",
    "account",
    "voucher",
    "line",
    "chain",
    "audit",
    "period_close",
)
COOP_APPEND_ONLY = (
    "distribution",
    "charter_amendment",
    "member",
    "member_notice",
    "parcel",
    "land_movement",
    "base_register",
    "memo_entry",
)


def _ledger(m: sa.MetaData) -> None:
    sa.Table(
        "book",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", Text, nullable=False, unique=True),
        sa.Column("name", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "chart_version",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("version", Text, primary_key=True),
        sa.Column("from_year", Int64, nullable=False),
        sa.Column("to_year", Int64),
        **STRICT,
    )
    sa.Table(
        "account",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("code", Text, primary_key=True),
        sa.Column("name", Text, nullable=False),
        sa.Column("name_en", Text, nullable=False),
        sa.Column("cls", Text, nullable=False),
        sa.Column("side", Text, nullable=False),
        sa.Column("per_member", Int64, nullable=False),
        sa.Column("parent", Text),
        sa.Column("chart", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "voucher",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("seq", Int64, primary_key=True),
        sa.Column("date", Text, nullable=False),
        sa.Column("memo", Text, nullable=False),
        sa.Column("user", Text, nullable=False),
        sa.Column("kind", Text, nullable=False),
        sa.Column("key", Text),
        sa.Column("reversal_of", Text),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "key", name="uq_voucher_key"),
        sa.UniqueConstraint("coop_id", "reversal_of", name="uq_voucher_reversal_of"),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_voucher_chain_seq"),
        **STRICT,
    )
    line = sa.Table(
        "line",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("seq", Int64, primary_key=True),
        sa.Column("line_no", Int64, primary_key=True),
        sa.Column("date", Text, nullable=False),
        sa.Column("account", Text, nullable=False),
        sa.Column("member", Text),
        sa.Column("amount", Int64, nullable=False),
        sa.ForeignKeyConstraint(
            ["coop_id", "year", "seq"],
            ["voucher.coop_id", "voucher.year", "voucher.seq"],
            name="fk_line_voucher",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.CheckConstraint("amount <> 0", name="ck_line_nonzero"),
        **STRICT,
    )
    sa.Index("ix_line_account_date", line.c.coop_id, line.c.account, line.c.date)
    sa.Index("ix_line_member", line.c.coop_id, line.c.member, line.c.account)
    sa.Table(
        "counter",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("next_seq", Int64, nullable=False),
        **STRICT,
    )
    sa.Table(
        "chain",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("seq", Int64, primary_key=True),
        sa.Column("kind", Text, nullable=False),
        sa.Column("hash", Bytes, nullable=False),
        **STRICT,
    )
    sa.Table(
        "chain_head",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("seq", Int64, nullable=False),
        sa.Column("hash", Bytes, nullable=False),
        **STRICT,
    )
    sa.Table(
        "audit",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("id", Int64, primary_key=True),
        sa.Column("at", Text, nullable=False),
        sa.Column("user", Text, nullable=False),
        sa.Column("action", Text, nullable=False),
        sa.Column("detail", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "period_close",
        m,
        sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.Column("head", Text, nullable=False),
        sa.Column("user", Text, nullable=False),
        **STRICT,
    )


def _coop(m: sa.MetaData) -> None:
    sa.Table(
        "charter_amendment",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("from_year", Int64, nullable=False),
        sa.Column("key", Text, nullable=False),
        sa.Column("value", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "member",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("member_no", Text, primary_key=True),
        sa.Column("name", Text, nullable=False),
        sa.Column("household", Text),
        sa.Column("id_number", Text),
        sa.Column("phone", Text),
        sa.Column("joined_on", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_member_chain"),
        **STRICT,
    )
    sa.Table(
        "member_notice",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("member_no", Text, primary_key=True),
        sa.Column("notice_on", Text, nullable=False),
        sa.Column("exit_on", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        **STRICT,
    )
    sa.Table(
        "parcel",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("parcel_no", Text, primary_key=True),
        sa.Column("contract_no", Text),
        sa.Column("area", Int64, nullable=False),
        sa.Column("term_years", Int64),
        sa.Column("grade", Text),
        sa.CheckConstraint("area > 0", name="ck_parcel_area"),
        **STRICT,
    )
    movement = sa.Table(
        "land_movement",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("parcel_no", Text, nullable=False),
        sa.Column("kind", Text, nullable=False),
        sa.Column("member_no", Text, nullable=False),
        sa.Column("date", Text, nullable=False),
        sa.Column("booked", Int64, nullable=False),
        sa.Column("voucher", Text),
        sa.Column("reason", Text),
        **STRICT,
    )
    sa.Index("ix_land_movement_parcel", movement.c.coop_id, movement.c.parcel_no)
    sa.Table(
        "base_register",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("parcel_no", Text, primary_key=True),
        sa.Column("voucher", Text, primary_key=True),
        sa.Column("member_no", Text, nullable=False),
        sa.Column("area", Int64, nullable=False),
        sa.Column("rate", Int64, nullable=False),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("paid_on", Text, nullable=False),
        sa.Column("prepaid", Int64, nullable=False),
        **STRICT,
    )
    sa.Table(
        "memo_entry",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("line_no", Int64, primary_key=True),
        sa.Column("member_no", Text, nullable=False),
        sa.Column("share", Text, nullable=False),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("date", Text, nullable=False),
        sa.Column("year", Int64, nullable=False),
        sa.Column("cause", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "distribution",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.Column("retained", Int64, nullable=False),
        sa.Column("approved_on", Text),
        sa.Column("digest", Text, nullable=False),
        **STRICT,
    )


def upgrade() -> None:
    bind = op.get_bind()
    ledger, coop = sa.MetaData(), sa.MetaData()
    _ledger(ledger)
    _coop(coop)
    ledger.create_all(bind)
    coop.create_all(bind)
    dialect = bind.dialect.name
    for ddl in ledger_guards(dialect, LEDGER_APPEND_ONLY):
        op.execute(ddl)
    coop_guard = sqlite_ddl if dialect == "sqlite" else postgresql_ddl
    for ddl in coop_guard(COOP_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
