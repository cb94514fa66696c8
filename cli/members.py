"""Commands on members, land and base payments (filled in by the cooperative issue)."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    _ = cli
