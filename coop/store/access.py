"""Least privilege on PostgreSQL (trust.md §7): three roles and one cooperative per login.

``setup_roles`` (``coop db roles``) creates, idempotently:

* ``<prefix>owner`` (NOLOGIN) owns every table and function of the schema; only
  migrations need it (a DBA runs them as a superuser or ``SET ROLE`` to it);
* ``<prefix>clerk`` (NOLOGIN) may SELECT and INSERT on the books' tables and UPDATE
  only the two mutable rows (``counter``, ``chain_head`` and any other table that is
  not append-only); not being the owner it cannot ALTER, DISABLE TRIGGER, TRUNCATE
  or DROP anything;
* ``<prefix>auditor`` (NOLOGIN) may only SELECT.

The prefix is ``coop_`` unless ``COOP_ROLE_PREFIX`` (or ``--prefix``) says otherwise:
roles belong to the whole cluster, so two databases (or parallel test runs) on one
server can keep separate sets.

``grant`` (``coop db grant LOGIN --role clerk|auditor --coop CODE``) makes LOGIN a
member of the role and records ``(LOGIN, the cooperative)`` in ``coop_grant``. A
LOGIN that does not exist yet is created ``LOGIN`` without a password (the DBA sets
one, or pg_hba decides how it authenticates); an existing one keeps its attributes,
but a superuser or BYPASSRLS role is refused (row-level security would not bind
it). A login holds one of the two roles only.

Every table with a ``coop_id`` column (and ``book`` by its ``id``) gets ENABLE and
FORCE ROW LEVEL SECURITY and two policies: the owner role sees and writes every row
(migrations), clerk and auditor only the rows of the cooperatives granted to
``current_user``. Any other non-superuser role matches no policy and sees nothing.
After a schema upgrade, run ``coop db roles`` again: new tables get their owner,
grants and policies then.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coop.errors import BadInput, NotAllowed
from coop.store import schema
from coop.store import tables as coop_tables
from ledger.i18n import tr
from ledger.store import tables as ledger_tables
from ledger.store.engine import is_postgres_url, open_engine, run_transaction
from ledger.store.types import Text

metadata = sa.MetaData()

coop_grant = sa.Table(
    "coop_grant",
    metadata,
    sa.Column("login", Text, primary_key=True),
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("role", Text, nullable=False),  # clerk | auditor
)

#: Tables outside the hash chain, each with why (the chain-coverage test reads this).
UNCHAINED_ADMIN_TABLES: tuple[tuple[str, str], ...] = (
    (
        "coop_grant",
        "which database login may act on which cooperative: access control "
        "kept by the DBA, not part of any cooperative's books",
    ),
)

PREFIX_ENV = "COOP_ROLE_PREFIX"
DEFAULT_PREFIX = "coop_"
KINDS = ("clerk", "auditor")
_IDENT = re.compile(r"[a-z_][a-z0-9_]*")
_POLICY = "coop_rls"
_OWNER_POLICY = "coop_owner_all"


@dataclass(frozen=True)
class Roles:
    owner: str
    clerk: str
    auditor: str

    def of(self, kind: str) -> str:
        return {"clerk": self.clerk, "auditor": self.auditor}[kind]


def identifier(text: str, what: str, *, max_len: int = 63) -> str:
    """A role name we will put into SQL: lower-case letters, digits and _, not quoted."""
    if not (_IDENT.fullmatch(text) and len(text) <= max_len):
        raise BadInput(
            tr(
                "{what} {text!r} is not valid: use lower-case letters, digits and _, "
                "starting with a letter or _, at most {n} characters",
                what=what,
                text=text,
                n=max_len,
            ),
            field=what,
            value=text,
        )
    return text


def role_names(prefix: str | None = None) -> Roles:
    p = prefix if prefix is not None else os.environ.get(PREFIX_ENV) or DEFAULT_PREFIX
    identifier(p, "role prefix", max_len=40)
    return Roles(f"{p}owner", f"{p}clerk", f"{p}auditor")


def _require_postgresql(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise NotAllowed(
            tr(
                "database roles are a PostgreSQL feature: a SQLite file is guarded "
                "by its file mode (0600) and whoever may open it"
            )
        )


def _role_exists(conn: Connection, name: str) -> bool:
    return (
        conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        is not None
    )


def _tables(conn: Connection) -> list[str]:
    rows = conn.execute(
        sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
        )
    )
    return [r[0] for r in rows]


def _columns(conn: Connection, table: str) -> set[str]:
    rows = conn.execute(
        sa.text(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = :t"
        ),
        {"t": table},
    )
    return {r[0] for r in rows}


def _functions(conn: Connection) -> list[str]:
    """Functions of the schema that no extension owns, as ``name(arg types)``."""
    rows = conn.execute(
        sa.text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_depend d "
            "WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1"
        )
    )
    return [r[0] for r in rows]


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def setup_roles(conn: Connection, roles: Roles) -> list[str]:
    """Create the roles, hand the schema to the owner, grant, and enforce row-level
    security. Idempotent. Returns one line per table policed."""
    _require_postgresql(conn)
    for name in (roles.owner, roles.clerk, roles.auditor):
        if not _role_exists(conn, name):
            conn.exec_driver_sql(f"CREATE ROLE {name} NOLOGIN")
    metadata.create_all(conn, checkfirst=True)
    schema = _quote(conn, conn.execute(sa.text("SELECT current_schema()")).scalar_one())
    conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {roles.owner}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {roles.clerk}, {roles.auditor}")
    append_only = set(ledger_tables.APPEND_ONLY) | set(coop_tables.APPEND_ONLY)
    readers = f"{roles.clerk}, {roles.auditor}"
    mine = "coop_id IN (SELECT g.coop_id FROM coop_grant g WHERE g.login = current_user)"
    policed = []
    for table in _tables(conn):
        q = _quote(conn, table)
        conn.exec_driver_sql(f"ALTER TABLE {q} OWNER TO {roles.owner}")
        conn.exec_driver_sql(f"REVOKE ALL ON {q} FROM PUBLIC, {readers}")
        conn.exec_driver_sql(f"GRANT SELECT ON {q} TO {readers}")
        cols = _columns(conn, table)
        if table == "coop_grant":
            rule = "login = current_user"
        elif table == "book":
            rule = mine.replace("coop_id IN", "id IN", 1)
        elif "coop_id" in cols:
            rule = mine
            conn.exec_driver_sql(f"GRANT INSERT ON {q} TO {roles.clerk}")
            if table not in append_only:
                conn.exec_driver_sql(f"GRANT UPDATE ON {q} TO {roles.clerk}")
        else:
            continue  # alembic_version and the like: read-only to both, no cooperative
        conn.exec_driver_sql(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {q} FORCE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {_OWNER_POLICY} ON {q}")
        conn.exec_driver_sql(
            f"CREATE POLICY {_OWNER_POLICY} ON {q} TO {roles.owner} USING (true) WITH CHECK (true)"
        )
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {_POLICY} ON {q}")
        conn.exec_driver_sql(
            f"CREATE POLICY {_POLICY} ON {q} TO {readers} USING ({rule}) WITH CHECK ({rule})"
        )
        policed.append(table)
    for function in _functions(conn):
        conn.exec_driver_sql(f"ALTER FUNCTION {function} OWNER TO {roles.owner}")
    return policed


def grant(conn: Connection, roles: Roles, login: str, kind: str, coop_code: str) -> bool:
    """Let ``login`` act as ``kind`` on one cooperative. Returns False when it already
    could (nothing changed)."""
    _require_postgresql(conn)
    identifier(login, "login")
    if kind not in KINDS:
        raise BadInput(
            tr("role {kind!r} is not valid: clerk or auditor", kind=kind), field="role", value=kind
        )
    if login in (roles.owner, roles.clerk, roles.auditor):
        raise NotAllowed(
            tr("{login} is one of the group roles; grant a login instead", login=login)
        )
    missing = [r for r in (roles.owner, roles.clerk, roles.auditor) if not _role_exists(conn, r)]
    if missing or not sa.inspect(conn).has_table("coop_grant"):
        raise NotAllowed(
            tr(
                "the roles ({roles}) are not set up in this database: run 'coop db roles' first",
                roles=", ".join(missing) or "coop_grant",
            )
        )
    coop_id = conn.execute(
        sa.select(ledger_tables.book.c.id).where(ledger_tables.book.c.code == coop_code)
    ).scalar()
    if coop_id is None:
        raise NotAllowed(tr("no cooperative with code {code!r} in this database", code=coop_code))
    row = conn.execute(
        sa.text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :n"), {"n": login}
    ).first()
    if row is None:
        conn.exec_driver_sql(f"CREATE ROLE {login} LOGIN")
    elif row.rolsuper or row.rolbypassrls:
        raise NotAllowed(
            tr(
                "{login} is a superuser or bypasses row-level security: a grant "
                "could not restrict it to one cooperative",
                login=login,
            )
        )
    other = conn.execute(
        sa.select(coop_grant.c.role).where(coop_grant.c.login == login, coop_grant.c.role != kind)
    ).first()
    if other is not None:
        raise NotAllowed(
            tr(
                "{login} already holds the {role} role; a login holds one "
                "role only (make another login)",
                login=login,
                role=other.role,
            )
        )
    conn.exec_driver_sql(f"GRANT {roles.of(kind)} TO {login}")
    done = conn.execute(
        sa.select(sa.literal(1)).where(coop_grant.c.login == login, coop_grant.c.coop_id == coop_id)
    ).first()
    if done is not None:
        return False
    conn.execute(coop_grant.insert().values(login=login, coop_id=coop_id, role=kind))
    return True


def _engine_for(target: str) -> sa.engine.Engine:
    if not is_postgres_url(target):
        raise NotAllowed(
            tr(
                "database roles are a PostgreSQL feature (give --db postgresql://…): "
                "a SQLite file is guarded by its file mode (0600)"
            )
        )
    engine = open_engine(target, create=False)
    schema.upgrade(engine)
    return engine


def setup(target: str, prefix: str | None = None) -> tuple[Roles, list[str]]:
    """``coop db roles``: one transaction."""
    roles = role_names(prefix)
    engine = _engine_for(target)
    try:
        return roles, run_transaction(engine, lambda conn: setup_roles(conn, roles))
    finally:
        engine.dispose()


def grant_login(
    target: str, login: str, kind: str, coop_code: str, prefix: str | None = None
) -> tuple[Roles, bool]:
    """``coop db grant``: one transaction."""
    roles = role_names(prefix)
    identifier(login, "login")
    engine = _engine_for(target)
    try:
        return roles, run_transaction(
            engine, lambda conn: grant(conn, roles, login, kind, coop_code)
        )
    finally:
        engine.dispose()
