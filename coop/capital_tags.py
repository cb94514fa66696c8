"""The source of capital (operations.md §2.3): each 301@M line is tagged ``poverty``
(来源于到户类扶贫项目资产) or ``other``; a line with no tag row is ``other``.

A parcel keeps the tag of its contribution (one contribution voucher per date and
tag, so every 301 line of it carries the same tag); its transfer, withdrawal and
leaving lines carry that tag, and a leaver's refund is one line per tag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from coop.errors import BadInput
from coop.kinds import Acct
from coop.store import repo, views
from coop.store.uow import Context
from ledger.entries import Posted
from ledger.i18n import tr

POVERTY = "poverty"
OTHER = "other"
TAGS = (OTHER, POVERTY)


def check_source(source: str) -> str:
    if source not in TAGS:
        raise BadInput(
            tr(
                "--source {text!r} is not valid: one of {values}",
                text=source,
                values=", ".join(TAGS),
            ),
            field="source",
            value=source,
        )
    return source


def tag_posted(ctx: Context, posted: Posted, tags: str | Sequence[str], *, always: bool) -> None:
    """Store the tag of each 301@M line of a voucher just posted: ``tags`` is one tag for
    every line, or one per line of the voucher. With ``always`` false, only when some
    line is not ``other`` (an untagged line is ``other``)."""
    rows = [
        dict(line_no=i, member_no=ln.member, tag=tags if isinstance(tags, str) else tags[i - 1])
        for i, ln in enumerate(posted.voucher.lines, start=1)
        if ln.account == Acct.SHARE_CAPITAL and ln.member
    ]
    if rows and (always or any(r["tag"] != OTHER for r in rows)):
        repo.add_capital_tags(ctx, posted.number, rows)


def tagged_lines(ctx: Context) -> dict[tuple[str, int], tuple[str, str]]:
    """(voucher, line_no) → (member, tag) of every tag row."""
    return {
        (str(r["voucher"]), int(r["line_no"])): (str(r["member_no"]), str(r["tag"]))
        for r in repo.capital_tag_rows(ctx)
    }


def balances(ctx: Context, as_of: dt.date | None = None) -> dict[str, dict[str, int]]:
    """member → tag → 出资 (credit positive) at ``as_of`` (every date when None)."""
    tags = tagged_lines(ctx)
    out: dict[str, dict[str, int]] = {}
    for vyear, vseq, line_no, member, amount in views.line_rows(
        ctx,
        ("year", "seq", "line_no", "member", "amount"),
        views.Lines(accounts=(Acct.SHARE_CAPITAL,), date_to=as_of),
    ):
        if member is None:
            continue
        _m, tag = tags.get((f"{vyear}-{vseq}", int(line_no)), ("", OTHER))
        per = out.setdefault(str(member), dict.fromkeys(TAGS, 0))
        per[tag] = per.get(tag, 0) - int(amount)
    return out


def parcel_tags(ctx: Context) -> dict[str, str]:
    """parcel → the tag of its contribution (``other`` when untagged or unbooked)."""
    by_voucher = {voucher: tag for (voucher, _n), (_m, tag) in tagged_lines(ctx).items()}
    return {
        parcel: by_voucher.get(voucher, OTHER) if voucher else OTHER
        for parcel, voucher in views.contribution_vouchers(ctx).items()
    }
