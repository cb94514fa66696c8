"""The ledger's exception tree.

Two kinds matter to a caller: ``InvalidInput`` (the input is malformed: exit 2
at the command line) and ``Refused`` (well-formed, but the books refuse it:
exit 1). Every error carries a message meant for a person, naming the value.
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(LedgerError):
    """Malformed input: an amount, a date, a field of a file."""

    def __init__(self, message: str, *, field: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class Refused(LedgerError):
    """A well-formed operation that the books refuse; nothing was written."""


class Busy(Refused):
    """Other writers kept the database busy past the retry budget; nothing was written."""


class NotFound(Refused):
    """An account, member, voucher or cooperative that does not exist."""


class Unbalanced(Refused):
    """A voucher whose lines do not sum to zero, or with too few lines."""


class ClosedPeriod(Refused):
    """A write dated in a closed year."""


class Conflict(Refused):
    """An idempotency key reused with different content, or a duplicate."""


class Corrupt(Refused):
    """A stored value no command could have written (the file was edited): ``check``
    reports it as a problem; any other command refuses to go on."""
