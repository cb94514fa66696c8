"""The voucher's papers: 附单据张数 and the voucher it corrects (frozen).

Revision ID: 0006
Revises: 0005

Adds two columns to ``voucher``: ``attachments`` (the number of source documents
attached, 附单据 N 张) and ``corrects`` (the number of the reversed voucher that this one
corrects, 订正). Both are part of the voucher as posted and never change. Vouchers
written before this revision keep NULL attachments and their chain record as it was; a
voucher written from this revision on always has attachments (0 by default) and its
chain record gains the two fields after its lines (docs/chain.md). The append-only
triggers of ``voucher`` stay as they are: adding a column changes no row.

Adds two columns to ``member`` in the same way: ``kind`` (farmer, citizen, enterprise,
institution, social: 法 arts 19–20) and ``address`` (联系地址). Members registered before
keep NULL (read as a farmer without an address) and their chain record as it was; a
member registered from this revision on has both fields at the end of its record.
Later changes are member amendments (``member set``), dated from the day they hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Int64 = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("voucher", sa.Column("attachments", Int64))
    op.add_column("voucher", sa.Column("corrects", sa.Text()))
    op.add_column("member", sa.Column("kind", sa.Text()))
    op.add_column("member", sa.Column("address", sa.Text()))


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
