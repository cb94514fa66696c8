"""The ``coop`` program: every command module, registered on the ``cli`` group of
``cli.app``, and the console-script entry point ``main``.

Importing a command module registers its commands and groups (``@cli.command``,
``@cli.group``); ``cli.app`` holds what they share (``State``, the group, the exit
codes) and imports none of them, so ``python -m cli.main`` and ``coop`` run the same
objects.
"""

from __future__ import annotations

import gc
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


#: The cyclic collector's thresholds for one command (mypy's): a command over a county's
#: books holds hundreds of thousands of rows until it ends, and at Python's default (a
#: collection every 700 new objects) it scans them again and again. Cycles are still
#: collected, every 200,000 new objects.
GC_THRESHOLDS = (200_000, 30, 30)


def main() -> None:
    """The console script ``coop``."""
    gc.set_threshold(*GC_THRESHOLDS)
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
