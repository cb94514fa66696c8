"""The cooperative's exception tree, mapped to exit codes in one place in ``cli``.

They extend the ledger's two kinds, so a caller distinguishes only
``InvalidInput`` (exit 2) from ``Refused`` (exit 1).
"""

from __future__ import annotations

from ledger.errors import InvalidInput, Refused


class CoopError(Exception):
    """Marker base of the cooperative's own errors."""


class BadInput(CoopError, InvalidInput):
    """Malformed input to a cooperative command (a CSV row, a name, an ID number)."""


class NotAllowed(CoopError, Refused):
    """The charter, the law or the state of the books forbids it."""


class UnknownMember(CoopError, Refused):
    def __init__(self, member_no: str) -> None:
        super().__init__(f"member {member_no!r} does not exist")
        self.member_no = member_no


class OutsideBooks(BadInput):
    """A posting date before the books begin or more than a year after today. Carries a
    catalog key (``coop.render.i18n``) so the command line says it in ``--lang``."""

    def __init__(self, message: str, *, key: str, values: dict[str, str]) -> None:
        super().__init__(message, field="date", value=values.get("date"))
        self.key = key
        self.values = values


class NotEmpty(NotAllowed):
    """The demo is built only into an empty database. Carries a catalog key."""

    def __init__(self, message: str, *, key: str, values: dict[str, str]) -> None:
        super().__init__(message)
        self.key = key
        self.values = values
