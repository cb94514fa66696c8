"""``coop db``: PostgreSQL roles and per-cooperative grants (trust.md §7).

``coop db roles`` creates the owner, clerk and auditor roles, hands the schema to
the owner, grants, and turns on row-level security; ``coop db grant LOGIN --role
clerk|auditor --coop CODE`` lets a login act on one cooperative only. Run both as a
superuser (or the database owner with CREATEROLE). See ``coop.store.access``.
"""

from __future__ import annotations

import click

from cli.app import State, cli, pass_state
from cli.output import note
from coop.store import access

_PREFIX = click.option(
    "--prefix",
    envvar=access.PREFIX_ENV,
    default=access.DEFAULT_PREFIX,
    show_default=True,
    help="Role names are PREFIX + owner|clerk|auditor (roles are "
    "cluster-wide; env COOP_ROLE_PREFIX).",
)


@cli.group()
def db() -> None:
    """PostgreSQL roles and grants: least privilege for clerks and auditors."""


@db.command("roles")
@_PREFIX
@pass_state
def roles(state: State, prefix: str) -> None:
    """Create the owner, clerk and auditor roles (idempotent), make the owner own every
    table and function, grant, and enforce row-level security per cooperative."""
    names, policed = access.setup(state.db, prefix)
    click.echo(f"{names.owner} {names.clerk} {names.auditor}")
    note(
        f"roles ready: {names.owner} owns the schema, {names.clerk} may write, "
        f"{names.auditor} may read; row-level security on {len(policed)} tables"
    )


@db.command("grant")
@click.argument("login")
@click.option("--role", "kind", type=click.Choice(access.KINDS), required=True)
@click.option("--coop", "coop_code", required=True, help="The cooperative LOGIN may act on.")
@_PREFIX
@pass_state
def grant(state: State, login: str, kind: str, coop_code: str, prefix: str) -> None:
    """Let LOGIN act as clerk or auditor on one cooperative (LOGIN is created, without a
    password, if it does not exist)."""
    names, changed = access.grant_login(state.db, login, kind, coop_code, prefix)
    if changed:
        note(f"{login} may act as {names.of(kind)} on cooperative {coop_code}")
    else:
        note(f"{login} already acts as {names.of(kind)} on cooperative {coop_code}; nothing to do")
