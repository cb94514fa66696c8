"""Database-side guards: append-only tables and balanced vouchers.

The application never updates or deletes posted rows; these triggers make the
database itself refuse it, so raw SQL cannot quietly edit the books:

* every append-only table refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL);
* a voucher's lines are written before its header; the header's INSERT is
  refused unless its lines number at least two, have no zero and sum to zero,
  and no line may be added to a voucher whose header exists. A line without a
  header fails the deferred foreign key at commit. On PostgreSQL a deferred
  constraint trigger also re-checks every touched voucher at commit (once per voucher
  since migration 0012, which replaces its function).
"""

from __future__ import annotations

from collections.abc import Iterable

_SQLITE_BALANCE = """
CREATE TRIGGER voucher_balanced BEFORE INSERT ON voucher
WHEN (SELECT COUNT(*) < 2 OR COALESCE(SUM(amount), 0) <> 0 OR SUM(amount = 0) > 0
      FROM line WHERE coop_id = NEW.coop_id AND year = NEW.year AND seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'voucher does not balance'); END
"""

_SQLITE_SEALED = """
CREATE TRIGGER line_sealed BEFORE INSERT ON line
WHEN EXISTS (SELECT 1 FROM voucher WHERE coop_id = NEW.coop_id AND year = NEW.year
             AND seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'voucher is already posted: lines cannot be added'); END
"""

_PG_FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION coop_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$
""",
    """
CREATE OR REPLACE FUNCTION coop_voucher_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; s bigint; z bigint;
BEGIN
  SELECT COUNT(*), COALESCE(SUM(amount), 0), COUNT(*) FILTER (WHERE amount = 0)
    INTO n, s, z FROM line
   WHERE coop_id = NEW.coop_id AND year = NEW.year AND seq = NEW.seq;
  IF n < 2 OR s <> 0 OR z > 0 THEN
    RAISE EXCEPTION 'voucher %-% does not balance', NEW.year, NEW.seq USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$
""",
    """
CREATE OR REPLACE FUNCTION coop_line_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM voucher WHERE coop_id = NEW.coop_id AND year = NEW.year
             AND seq = NEW.seq) THEN
    RAISE EXCEPTION 'voucher %-% is already posted: lines cannot be added', NEW.year, NEW.seq
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$
""",
]


def sqlite_ddl(append_only: Iterable[str]) -> list[str]:
    out = []
    for table in append_only:
        for op in ("UPDATE", "DELETE"):
            out.append(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )
    return out


def postgresql_ddl(append_only: Iterable[str]) -> list[str]:
    out = []
    for table in append_only:
        out.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION coop_refuse_change()"
        )
        out.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION coop_refuse_change()"
        )
    return out


def ledger_guards(dialect: str, append_only: Iterable[str]) -> list[str]:
    """DDL of every guard for the given dialect ('sqlite' or 'postgresql')."""
    if dialect == "sqlite":
        return [_SQLITE_BALANCE, _SQLITE_SEALED, *sqlite_ddl(append_only)]
    if dialect == "postgresql":
        return [
            *_PG_FUNCTIONS,
            "CREATE TRIGGER voucher_balanced BEFORE INSERT ON voucher "
            "FOR EACH ROW EXECUTE FUNCTION coop_voucher_balanced()",
            "CREATE TRIGGER line_sealed BEFORE INSERT ON line "
            "FOR EACH ROW EXECUTE FUNCTION coop_line_sealed()",
            "CREATE CONSTRAINT TRIGGER line_balanced AFTER INSERT ON line "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION coop_voucher_balanced()",
            *postgresql_ddl(append_only),
        ]
    raise ValueError(f"unsupported database dialect {dialect}")
