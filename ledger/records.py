"""The ledger's rows as chain records (docs/chain.md): one field list per kind.

The same functions build a record when its rows are written and when ``check``
(or ``verify``, or the migration that brings older books in) recomputes it, so
the two can never drift apart. Pure: rows come in as mappings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ledger.chain import Field

Row = Mapping[str, Any]


def coop_fields(code: str, name: str) -> list[Field]:
    return ["coop", code, name]


def account_item(a: Row) -> list[Field]:
    return [
        a["code"],
        a["name"],
        a["name_en"],
        a["cls"],
        a["side"],
        a["parent"],
        int(a["per_member"]),
        a["chart"],
    ]


def chart_fields(
    version: str, from_year: int, to_year: int | None, accounts: Sequence[Row]
) -> list[Field]:
    """A chart version and the accounts loaded with it, in code order."""
    items: list[Field] = [account_item(a) for a in sorted(accounts, key=lambda a: a["code"])]
    return ["chart", version, from_year, to_year, items]


def account_fields(a: Row) -> list[Field]:
    return ["account", account_item(a)]


def audit_fields(rows: Sequence[Row]) -> list[Field]:
    """One command's audit rows: each row's id, user, command (its arguments, never a
    password), the head before the command, action and detail. The wall-clock time is
    stored beside the rows, not chained, so that a resumed command reaches the same head
    as an uninterrupted one (reliability F1)."""
    items: list[Field] = [
        [r["id"], r["user"], r["command"], r["head_before"], r["action"], r["detail"]]
        for r in sorted(rows, key=lambda r: r["id"])
    ]
    return ["audit", items]
