"""Read-only views for the accountant: the member register with land and capital."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coop import land
from coop.kinds import Acct
from coop.members import is_member_on, require
from coop.shares import held_on
from coop.store import repo
from coop.store.uow import Context
from coop.text import mask_id
from ledger.money import format_area, format_fen


def member_list(ctx: Context, as_of: dt.date | None) -> list[dict[str, Any]]:
    notices = repo.notices(ctx)
    day = as_of or dt.date.max
    held = held_on(land.spells(ctx), day)
    parcels = land.parcels(ctx)
    area: dict[str, int] = {}
    for parcel_no, s in held.items():
        area[s.member_no] = area.get(s.member_no, 0) + parcels[parcel_no].area
    capital = ctx.books.member_balances(Acct.SHARE_CAPITAL, as_of)
    out = []
    for no, m in sorted(repo.members(ctx).items()):
        notice = notices.get(no)
        if as_of is not None and not is_member_on(m, notice, as_of):
            continue
        out.append(
            dict(
                member_no=no,
                name=m.name,
                household=m.household,
                id_number=mask_id(m.id_number),
                phone=m.phone,
                joined_on=m.joined_on,
                kind=m.kind,
                address=m.address,
                exit_on=notice.exit_on if notice else None,
                area_mu=format_area(area.get(no, 0)),
                capital=format_fen(-capital.get(no, 0)),
            )
        )
    return out


def member_detail(ctx: Context, member_no: str) -> dict[str, Any]:
    m = require(ctx, member_no)
    notice = repo.notices(ctx).get(member_no)
    parcels = land.parcels(ctx)
    mine = [
        dict(
            parcel_no=p,
            area_mu=format_area(parcels[p].area),
            held_since=s.start.isoformat(),
            contract_no=parcels[p].contract_no,
        )
        for p, s in sorted(held_on(land.spells(ctx), dt.date.max).items())
        if s.member_no == member_no
    ]
    return dict(
        member_no=member_no,
        name=m.name,
        household=m.household,
        id_number=mask_id(m.id_number),
        phone=m.phone,
        joined_on=m.joined_on,
        kind=m.kind,
        address=m.address,
        notice_on=notice.notice_on if notice else None,
        exit_on=notice.exit_on if notice else None,
        area_mu=format_area(sum(parcels[str(p["parcel_no"])].area for p in mine)),
        capital=format_fen(-ctx.books.balance(Acct.SHARE_CAPITAL, member_no)),
        member_current=format_fen(ctx.books.balance(Acct.MEMBER_CURRENT, member_no)),
        parcels=mine,
        history=[
            dict(
                date=a.date,
                field=a.field,
                old=mask_id(a.old) if a.field == "id_number" else a.old,
                new=mask_id(a.value) if a.field == "id_number" else a.value,
                reason=a.reason,
            )
            for a in repo.amendments(ctx, member_no)
        ],
    )
