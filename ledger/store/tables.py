"""The ledger's tables. Every table's key starts with the book (cooperative) id.

Append-only tables (refused UPDATE and DELETE by triggers, see ``guards``):
book, account, chart_version, voucher, line, chain, audit, period_close. Mutable
bookkeeping rows: counter (next voucher number per year) and chain_head.
"""

from __future__ import annotations

import sqlalchemy as sa

from ledger.store.types import TABLE_ARGS, Bytes, Int64, Text

metadata = sa.MetaData()

book = sa.Table(
    "book",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", Text, nullable=False, unique=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("chain_seq", Int64),  # the "coop" link (NULL only in books before 0002)
    **TABLE_ARGS,
)

chart_version = sa.Table(
    "chart_version",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("version", Text, primary_key=True),
    sa.Column("from_year", Int64, nullable=False),
    sa.Column("to_year", Int64),
    sa.Column("chain_seq", Int64),  # the "chart" link
    **TABLE_ARGS,
)

account = sa.Table(
    "account",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("code", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("name_en", Text, nullable=False),
    sa.Column("cls", Text, nullable=False),
    sa.Column("side", Text, nullable=False),
    sa.Column("per_member", Int64, nullable=False),
    sa.Column("parent", Text),
    sa.Column("chart", Text, nullable=False),
    sa.Column("chain_seq", Int64),  # the "chart" or "account" link
    **TABLE_ARGS,
)

voucher = sa.Table(
    "voucher",
    metadata,
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
    sa.Column("attachments", Int64),  # NULL: written before the books stored it (0006)
    sa.Column("corrects", Text),
    sa.UniqueConstraint("coop_id", "key", name="uq_voucher_key"),
    sa.UniqueConstraint("coop_id", "reversal_of", name="uq_voucher_reversal_of"),
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_voucher_chain_seq"),
    **TABLE_ARGS,
)

line = sa.Table(
    "line",
    metadata,
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
    **TABLE_ARGS,
)
sa.Index("ix_line_account_date_amount", line.c.coop_id, line.c.account, line.c.date, line.c.amount)
sa.Index("ix_line_member", line.c.coop_id, line.c.member, line.c.account)

counter = sa.Table(
    "counter",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("next_seq", Int64, nullable=False),
    **TABLE_ARGS,
)

chain = sa.Table(
    "chain",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("seq", Int64, primary_key=True),
    sa.Column("kind", Text, nullable=False),
    sa.Column("hash", Bytes, nullable=False),
    sa.Column("at", Text),  # when the link was recorded: stored beside it, not chained
    **TABLE_ARGS,
)

chain_head = sa.Table(
    "chain_head",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("seq", Int64, nullable=False),
    sa.Column("hash", Bytes, nullable=False),
    **TABLE_ARGS,
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("id", Int64, primary_key=True),
    sa.Column("at", Text, nullable=False),
    sa.Column("user", Text, nullable=False),
    sa.Column("action", Text, nullable=False),
    sa.Column("detail", Text, nullable=False),
    sa.Column("chain_seq", Int64),  # the "audit" link of the command that wrote the row
    sa.Column("command", Text),
    sa.Column("head_before", Text),  # hex of the chain head when the command began
    **TABLE_ARGS,
)

period_close = sa.Table(
    "period_close",
    metadata,
    sa.Column("coop_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("chain_seq", Int64, nullable=False),
    sa.Column("head", Text, nullable=False),
    sa.Column("user", Text, nullable=False),
    **TABLE_ARGS,
)

#: Tables whose rows are never updated or deleted once written.
APPEND_ONLY = (
    "book",
    "chart_version",
    "account",
    "voucher",
    "line",
    "chain",
    "audit",
    "period_close",
)
