"""The ``coop`` program: every command module, registered on the ``cli`` group of
``cli.app``, and the console-script entry point ``main``.

Importing a command module registers its commands and groups (``@cli.command``,
``@cli.group``); ``cli.app`` holds what they share (``State``, the group, the exit
codes) and imports none of them, so ``python -m cli.main`` and ``coop`` run the same
objects.
"""

from __future__ import annotations

import sys

from cli import (
    assets,
    books,
    db,
    distribute,
    entered_notes,
    equity,
    labour,
    ledgers,
    members,
    org,
    stock,
    trust,
)
from cli.app import cli, run

COMMAND_MODULES = (
    books,
    members,
    labour,
    equity,
    assets,
    stock,
    org,
    entered_notes,
    distribute,
    ledgers,
    trust,
    db,
)

__all__ = ["COMMAND_MODULES", "cli", "main", "run"]


def main() -> None:
    """The console script ``coop``."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
