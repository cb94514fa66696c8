"""The entered notes of the 附注: texts, losses not yet written off, tax adjustments
(frozen).

Revision ID: 0005
Revises: 0004

Adds, append-only like every table of the books (triggers on SQLite and PostgreSQL):

- ``note_text``: one row per ``note`` link, the text of an item of the notes (4, 7.1,
  7.2, 7.3, 7.5, 7.9, 9) for a year; the latest of an item wins, an empty text clears it;
- ``note_loss``: one row per ``note_loss`` link, an asset lost but not yet written off
  (item 5), numbered per cooperative and year;
- ``note_tax``: one row per ``note_tax`` link, an increase or decrease of the taxable
  income (item 8), numbered per cooperative and year;
- ``note_tax_rate``: one row per ``note_rate`` link, the income-tax rate of a year (the
  latest wins);
- ``note_void``: one row per ``note_void`` link, a loss or tax row removed (the row
  itself is never changed).

Books made before this revision have no entered notes, so nothing is brought in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ledger.store.guards import postgresql_ddl, sqlite_ddl

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Text = sa.Text()
STRICT = {"sqlite_strict": True}

NEW_APPEND_ONLY = ("note_text", "note_loss", "note_tax", "note_tax_rate", "note_void")


def upgrade() -> None:
    bind = op.get_bind()
    m = sa.MetaData()
    sa.Table(
        "note_text",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("year", Int64, nullable=False),
        sa.Column("item", Text, nullable=False),
        sa.Column("text", Text, nullable=False),
        **STRICT,
    )
    sa.Table(
        "note_loss",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("loss_id", Int64, primary_key=True),
        sa.Column("category", Text, nullable=False),
        sa.Column("name", Text, nullable=False),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("explanation", Text, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_note_loss_chain"),
        **STRICT,
    )
    sa.Table(
        "note_tax",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("tax_id", Int64, primary_key=True),
        sa.Column("kind", Text, nullable=False),
        sa.Column("item", Text, nullable=False),
        sa.Column("amount", Int64, nullable=False),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_note_tax_chain"),
        **STRICT,
    )
    sa.Table(
        "note_tax_rate",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("chain_seq", Int64, primary_key=True),
        sa.Column("year", Int64, nullable=False),
        sa.Column("rate", Int64, nullable=False),
        **STRICT,
    )
    sa.Table(
        "note_void",
        m,
        sa.Column("coop_id", sa.Integer, primary_key=True),
        sa.Column("year", Int64, primary_key=True),
        sa.Column("target", Text, primary_key=True),
        sa.Column("entry_id", Int64, primary_key=True),
        sa.Column("chain_seq", Int64, nullable=False),
        sa.UniqueConstraint("coop_id", "chain_seq", name="uq_note_void_chain"),
        **STRICT,
    )
    m.create_all(bind)
    guard = sqlite_ddl if bind.dialect.name == "sqlite" else postgresql_ddl
    for ddl in guard(NEW_APPEND_ONLY):
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
