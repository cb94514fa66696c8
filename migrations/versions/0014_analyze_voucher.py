"""PostgreSQL: ``coop_analyze_voucher()``, the voucher table's statistics refreshed by any
writer of the books.

Revision ID: 0014
Revises: 0013

A unit of work that writes many more vouchers than the table's statistics count
refreshes them inside its transaction (``Books._refresh_statistics``): plans made on
statistics of a voucher or two read every voucher of the cooperative for each line
written. Only the table's owner may ``ANALYZE`` it, and a clerk login (``coop db
roles``) is not the owner: for anyone else PostgreSQL skips it with a warning. This
function runs it as its owner (``coop db roles`` gives the functions to the owner role,
as it gives the tables), with the search path pinned to the books' schema. It waits for
no other writer's analysis: if one holds the table, its statistics serve this one too.
SQLite needs no such thing (its writers drop the statistics instead).
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar_one()
    op.execute(
        f"""
CREATE OR REPLACE FUNCTION coop_analyze_voucher() RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = {schema}, pg_temp SET lock_timeout = '50ms' AS $$
BEGIN
  ANALYZE voucher;
EXCEPTION WHEN lock_not_available THEN
  NULL;
END $$
"""
    )


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
