"""The cooperative's exception tree, mapped to exit codes in one place in ``cli``.

They extend the ledger's two kinds, so a caller distinguishes only
``InvalidInput`` (exit 2) from ``Refused`` (exit 1).
"""

from __future__ import annotations

from ledger.errors import Conflict, InvalidInput, Refused


class CoopError(Exception):
    """Marker base of the cooperative's own errors."""


class BadInput(CoopError, InvalidInput):
    """Malformed input to a cooperative command (a CSV row, a name, an ID number)."""


class NotAllowed(CoopError, Refused):
    """The charter, the law or the state of the books forbids it."""


class UnknownMember(CoopError, Refused):
    """Carries a catalog key, so the command line says it in ``--lang``."""

    def __init__(self, member_no: str) -> None:
        super().__init__(f"member {member_no!r} does not exist")
        self.member_no = member_no
        self.key = "err.unknown_member"
        self.values = {"member": member_no}


class DuplicateIdNumber(CoopError, Conflict):
    """A second member with an ID number (身份证号) another member already has. Carries a
    catalog key; names the member who has it (the ID shown masked)."""

    def __init__(self, where: str, member_no: str, id_masked: str, first: str, name: str) -> None:
        super().__init__(
            f"{where}member {member_no}: ID number {id_masked} is already member {first}'s ({name})"
        )
        self.key = "err.duplicate_id"
        self.values = {
            "where": where,
            "member": member_no,
            "id": id_masked,
            "first": first,
            "name": name,
        }


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
