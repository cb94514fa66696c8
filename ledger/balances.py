"""Pure folds over balances: totals of a trial balance, signs by normal side."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.accounts import Side


def trial_totals(balances: Iterable[tuple[str, int]]) -> tuple[int, int]:
    """(total debit, total credit) of signed balances; equal when the books balance."""
    debit = credit = 0
    for _code, amount in balances:
        if amount > 0:
            debit += amount
        else:
            credit -= amount
    return debit, credit


def on_normal_side(amount: int, side: Side) -> int:
    """A signed (debit-positive) balance as seen from the account's normal side."""
    return amount if side is Side.DEBIT else -amount
