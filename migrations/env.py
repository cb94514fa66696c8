"""Alembic environment: runs on the connection the application hands it."""

from __future__ import annotations

from alembic import context

from coop.store.tables import metadata as coop_metadata
from ledger.store.tables import metadata as ledger_metadata

target_metadata = [ledger_metadata, coop_metadata]


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through coop.store.schema.upgrade()")
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


run()
