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
from ledger.i18n import N_, tr

_PREFIX = click.option(
    "--prefix",
    envvar=access.PREFIX_ENV,
    default=access.DEFAULT_PREFIX,
    show_default=True,
    help=N_(
        "Role names are PREFIX + owner|clerk|auditor (roles are "
        "cluster-wide; env COOP_ROLE_PREFIX)."
    ),
)


@cli.group(help=N_("PostgreSQL roles and grants: least privilege for clerks and auditors."))
def db() -> None:
    pass


@db.command(
    "roles",
    help=N_(
        "Create the owner, clerk and auditor roles (idempotent), make the owner own every "
        "table and function, grant, and enforce row-level security per cooperative."
    ),
)
@_PREFIX
@pass_state
def roles(state: State, prefix: str) -> None:
    names, policed = access.setup(state.db, prefix)
    click.echo(f"{names.owner} {names.clerk} {names.auditor}")
    note(
        tr(
            "roles ready: {owner} owns the schema, {clerk} may write, {auditor} may read; "
            "row-level security on {tables} tables",
            owner=names.owner,
            clerk=names.clerk,
            auditor=names.auditor,
            tables=len(policed),
        )
    )


@db.command(
    "grant",
    help=N_(
        "Let LOGIN act as clerk or auditor on one cooperative (LOGIN is created, without a "
        "password, if it does not exist)."
    ),
)
@click.argument("login")
@click.option("--role", "kind", type=click.Choice(access.KINDS), required=True)
@click.option("--coop", "coop_code", required=True, help=N_("The cooperative LOGIN may act on."))
@_PREFIX
@pass_state
def grant(state: State, login: str, kind: str, coop_code: str, prefix: str) -> None:
    names, changed = access.grant_login(state.db, login, kind, coop_code, prefix)
    if changed:
        note(
            tr(
                "{login} may act as {role} on cooperative {coop}",
                login=login,
                role=names.of(kind),
                coop=coop_code,
            )
        )
    else:
        note(
            tr(
                "{login} already acts as {role} on cooperative {coop}; nothing to do",
                login=login,
                role=names.of(kind),
                coop=coop_code,
            )
        )
