"""PostgreSQL: the deferred balance re-check runs once per voucher, not once per line.

Revision ID: 0012
Revises: 0011

The constraint trigger ``line_balanced`` (0001) summed a line's whole voucher for every
line at commit: a voucher of n lines cost n² (a distribution or a land import of 10,000
members: 35–48× SQLite's time, bench/RESULTS.md). It now calls ``coop_line_balanced()``,
which sums the voucher once, at the lowest-numbered line this transaction wrote to it; a
line written to a voucher by another transaction is still checked in full (the race the
trigger exists for). Same trigger name and timing: the schema inventory is unchanged.
SQLite has no such trigger (its header trigger checks the voucher once).
"""

from __future__ import annotations

from alembic import op

#: Frozen here (this migration's own text): the new function and the trigger calling it.
#: The deferred re-check of a line's voucher at commit runs once per voucher: a line skips
#: it when a line of the same voucher with a lower number was written by this same
#: transaction (that line's check sums the same voucher at the same commit). A line
#: another transaction wrote to a voucher (a race past ``line_sealed``) is checked in
#: full. Before 0012 every line summed its whole voucher: n² for a voucher of n lines.
PG_LINE_BALANCED = [
    """
CREATE OR REPLACE FUNCTION coop_line_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; s bigint; z bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM line
              WHERE coop_id = NEW.coop_id AND year = NEW.year AND seq = NEW.seq
                AND line_no < NEW.line_no AND xmin = pg_current_xact_id()::xid) THEN
    RETURN NEW;
  END IF;
  SELECT COUNT(*), COALESCE(SUM(amount), 0), COUNT(*) FILTER (WHERE amount = 0)
    INTO n, s, z FROM line
   WHERE coop_id = NEW.coop_id AND year = NEW.year AND seq = NEW.seq;
  IF n < 2 OR s <> 0 OR z > 0 THEN
    RAISE EXCEPTION 'voucher %-% does not balance', NEW.year, NEW.seq USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$
""",
    "DROP TRIGGER IF EXISTS line_balanced ON line",
    "CREATE CONSTRAINT TRIGGER line_balanced AFTER INSERT ON line "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION coop_line_balanced()",
]

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for ddl in PG_LINE_BALANCED:
        op.execute(ddl)


def downgrade() -> None:
    raise RuntimeError("the books are never dropped by a migration")
