"""Alembic migrations of the whole schema (ledger and cooperative tables)."""
