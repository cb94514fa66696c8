"""The statutory distribution (domain.md §7). Not built yet: see the open issue."""

from __future__ import annotations

from coop.store.uow import Context


def require_posted_before_close(ctx: Context, year: int) -> None:
    """``year close Y`` needs Y−1's distribution posted; a no-op until distribution lands."""
    _ = (ctx, year)


def demo_year_end(ctx: Context, year: int) -> list[str]:
    """What the demo does at a year end; the distribution issue fills this in."""
    _ = (ctx, year)
    return []
