"""A distribution's conversion into capital at posting (operations.md §2.7).

Revision ID: 0010
Revises: 0009

Adds ``convert_ratio`` to ``distribution``: the part of each member's patronage return
and residual distribution that the assembly converted into 股金 when the distribution
was posted (`distribute post --convert RATIO`), as a decimal text with four places, or
NULL for none. A distribution posted before, or without a conversion, keeps NULL and its
chain record as it was; one posted with a conversion has the ratio at the end of its
record (docs/chain.md). The append-only triggers stay as they are: adding a column
changes no row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("distribution", sa.Column("convert_ratio", sa.Text()))


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
