"""Creating and upgrading the schema with alembic, on the application's own connection."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

import migrations
from ledger.store.engine import read_transaction

HEAD = "0014"


def current_revision(engine: Engine) -> str | None:
    """Read in a read-only transaction: every command asks this first, and it must take
    no write lock (and work for a role that may only read)."""

    def read(conn: Connection) -> str | None:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    return read_transaction(engine, read)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the head revision (a no-op when it is there already)."""
    if current_revision(engine) == HEAD:
        return
    # alembic is imported only when there is something to migrate (every command starts
    # here: the import costs a fifth of a second).
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(Path(migrations.__file__).parent / "alembic.ini"))
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
