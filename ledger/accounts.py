"""Accounts and charts: code, names, class, normal side, per-member flag, versions.

A chart is a versioned set of account definitions valid for a range of fiscal
years. Sub-accounts extend a parent's code by two digits; lines post only to
leaf accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ledger.errors import InvalidInput
from ledger.i18n import tr


class AccountClass(Enum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    COST = "cost"
    INCOME = "income"
    EXPENSE = "expense"


class Side(Enum):
    DEBIT = "Dr"
    CREDIT = "Cr"


@dataclass(frozen=True, slots=True)
class Account:
    code: str
    name: str
    name_en: str
    cls: AccountClass
    side: Side
    per_member: bool = False
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart version: the accounts in force from ``from_year`` to ``to_year`` (inclusive)."""

    version: str
    from_year: int
    to_year: int | None
    accounts: tuple[Account, ...]


_CODE_RE = re.compile(r"[1-9][0-9]{2}(?:[0-9]{2})*", re.ASCII)


def validate_code(code: str) -> str:
    """Three digits, then two digits per sub-account level."""
    if not _CODE_RE.fullmatch(code or ""):
        raise InvalidInput(
            tr(
                "account code {code!r} is not valid: three digits, plus two per sub-account level",
                code=code,
            ),
            field="code",
            value=code,
        )
    return code


def parent_code(code: str) -> str | None:
    """The code a sub-account sits under by its digits (``33202`` → ``332``)."""
    return code[:-2] if len(code) > 3 else None


def leaf_codes(accounts: dict[str, Account]) -> set[str]:
    """Codes of the accounts that have no sub-account (the only ones that take lines)."""
    parents = {a.parent for a in accounts.values() if a.parent}
    return {code for code in accounts if code not in parents}
