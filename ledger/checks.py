"""Invariants of the books, reported as a list of problems (never raised one by one).

A ``Problem`` names the check that failed and says what it found, so one run of
``coop check`` reports everything, as bean-check and ``hledger check`` do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ledger.entries import Line
from ledger.i18n import tr


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


def guarded(check: str, rule: Callable[[], list[Problem]]) -> list[Problem]:
    """Run one rule; if the rows it reads break its assumptions (a row deleted under
    another, a value no command writes), report that as a problem of the rule instead of
    stopping: ``check`` reports everything it finds and never ends in a traceback."""
    try:
        return rule()
    except Exception as exc:  # tampered rows can break any rule; say so and go on
        return [
            Problem(
                check,
                tr(
                    "cannot be evaluated on the rows in the books ({error}: {reason}): they "
                    "were altered",
                    error=type(exc).__name__,
                    reason=exc,
                ),
            )
        ]


def gapless(seqs: Iterable[int], expected_next: int | None) -> str | None:
    """Describe a gap in 1..n (and against the counter's next number), or None."""
    ordered = sorted(seqs)
    for want, got in enumerate(ordered, start=1):
        if got != want:
            return (
                tr("number {n} is missing", n=want)
                if got > want
                else tr("number {n} is repeated", n=got)
            )
    n = len(ordered)
    if expected_next is not None and expected_next != n + 1:
        return tr(
            "the counter says {numbered} vouchers were numbered but {n} are in the books",
            numbered=expected_next - 1,
            n=n,
        )
    return None


def is_red_copy(original: Iterable[Line], reversal: Iterable[Line]) -> bool:
    """True when ``reversal`` is ``original`` with every amount negated."""

    def key(lines: Iterable[Line], sign: int) -> list[tuple[str, str, int]]:
        return sorted((ln.account, ln.member or "", sign * ln.amount) for ln in lines)

    return key(original, 1) == key(reversal, -1)
