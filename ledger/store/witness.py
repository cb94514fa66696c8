"""The witness: heads of the chain kept outside the books' file (trust.md §2).

A witness is an SQLite file (a USB stick, a second disk) or a PostgreSQL URL (the
county's database). It holds one append-only table and nothing else, so it can be
kept by someone else (the 农经站, the 监事会). Rows:

* ``head``: a head the engine recorded after one of its own commits;
* ``paper``: a head copied from paper (the one the board signed, one a member brings);
* ``rewind``: an accepted rewind (``to_seq``, a reason): heads recorded before it
  and beyond ``to_seq`` are no longer required. Nothing else removes a head.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ledger.store.engine import is_postgres_url, open_engine
from ledger.store.types import TABLE_ARGS, Int64, Text

metadata = sa.MetaData()

witness_head = sa.Table(
    "witness_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("coop", Text, nullable=False),
    sa.Column("kind", Text, nullable=False),  # head | paper | rewind
    sa.Column("seq", Int64, nullable=False),  # the head's seq; for a rewind: to this seq
    sa.Column("hash", Text),  # 64 hex; NULL for a rewind
    sa.Column("at", Text, nullable=False),
    sa.Column("command", Text, nullable=False),
    sa.Column("user", Text, nullable=False),
    sa.Column("note", Text),
    **TABLE_ARGS,
)
sa.Index("ix_witness_coop", witness_head.c.coop, witness_head.c.id)

_SQLITE_GUARDS = [
    "CREATE TRIGGER IF NOT EXISTS witness_head_no_update BEFORE UPDATE ON witness_head "
    "BEGIN SELECT RAISE(ABORT, 'witness rows are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS witness_head_no_delete BEFORE DELETE ON witness_head "
    "BEGIN SELECT RAISE(ABORT, 'witness rows are append-only'); END",
]
_PG_GUARDS = [
    """CREATE OR REPLACE FUNCTION coop_witness_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'witness rows are append-only' USING ERRCODE = 'P0001'; END $$""",
    "DROP TRIGGER IF EXISTS witness_head_append_only ON witness_head",
    "CREATE TRIGGER witness_head_append_only BEFORE UPDATE OR DELETE ON witness_head "
    "FOR EACH ROW EXECUTE FUNCTION coop_witness_refuse()",
    "DROP TRIGGER IF EXISTS witness_head_no_truncate ON witness_head",
    "CREATE TRIGGER witness_head_no_truncate BEFORE TRUNCATE ON witness_head "
    "FOR EACH STATEMENT EXECUTE FUNCTION coop_witness_refuse()",
]


@dataclass(frozen=True, slots=True)
class Witnessed:
    id: int
    kind: str
    seq: int
    hash: str | None
    at: str
    command: str
    user: str
    note: str | None


class Witness:
    """One witness store, opened (and created, append-only) on first use."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        if self._engine is None:
            engine = open_engine(self.target, create=True)
            with engine.begin() as conn:
                if not sa.inspect(conn).has_table("witness_head"):
                    metadata.create_all(conn)
                    for ddl in _PG_GUARDS if is_postgres_url(self.target) else _SQLITE_GUARDS:
                        conn.exec_driver_sql(ddl)
            self._engine = engine
        return self._engine

    def append(
        self,
        coop: str,
        kind: str,
        seq: int,
        hash_hex: str | None,
        *,
        at: str,
        command: str,
        user: str,
        note: str | None = None,
    ) -> None:
        with self.engine().begin() as conn:
            conn.execute(
                witness_head.insert().values(
                    coop=coop,
                    kind=kind,
                    seq=seq,
                    hash=hash_hex,
                    at=at,
                    command=command,
                    user=user,
                    note=note,
                )
            )

    def heads(self, coop: str) -> list[Witnessed]:
        with self.engine().connect() as conn:
            rows = conn.execute(
                sa.select(witness_head)
                .where(witness_head.c.coop == coop)
                .order_by(witness_head.c.id)
            ).all()
        return [
            Witnessed(r.id, r.kind, r.seq, r.hash, r.at, r.command, r.user, r.note) for r in rows
        ]

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def required(heads: list[Witnessed]) -> list[Witnessed]:
    """The heads the books must still contain: every head or paper entry, except those
    recorded before an accepted rewind and beyond the seq it rewound to."""
    out: list[Witnessed] = []
    for h in heads:
        if h.kind == "rewind":
            out = [w for w in out if w.seq <= h.seq]
        else:
            out.append(h)
    return out
