"""Land as equity (入股): contribute, transfer, withdraw, list; every change a movement.

A contribution books Dr 161 / Cr 301@member at round(area × land value per mu)
per parcel (nothing when the charter's value is 0: memo-only land); a transfer
moves the booked value between members' 301; a withdrawal gives the land back
in kind, Dr 301@M / Cr 161. Each movement is a link of the hash chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coop import capital_tags, csvio, grades, keys, land_models, posting
from coop.errors import BadInput, NotAllowed
from coop.kinds import Acct, MoveKind
from coop.kinds import VoucherKind as K
from coop.members import is_member_on, require
from coop.shares import Movement, Parcel, Spell, booked_value, held_on, holder_on, last_date
from coop.shares import spells as make_spells
from coop.store import repo, views
from coop.store.uow import Context
from coop.text import clean_code, clean_text, parse_date
from ledger.entries import Line, Voucher
from ledger.errors import Conflict, InvalidInput, NotFound
from ledger.i18n import tr
from ledger.money import format_area, parse_area


def parcels(ctx: Context) -> dict[str, Parcel]:
    return views.parcels(ctx)


def movements(ctx: Context) -> list[Movement]:
    return views.movements(ctx)


def spells(ctx: Context) -> dict[str, list[Spell]]:
    return make_spells(movements(ctx))


def _append(
    ctx: Context, rows: Sequence[dict[str, Any]], new_parcels: Mapping[str, dict[str, Any]]
) -> None:
    repo.append_movements(ctx, rows, new_parcels)


@dataclass(frozen=True)
class ParcelIn:
    member_no: str
    parcel_no: str
    area: int
    date: dt.date
    contract_no: str | None
    term_years: int | None = None
    grade: str | None = None
    source: str = capital_tags.OTHER  # operations.md §2.3


def _parse_term(text: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 99:
        raise BadInput(
            tr("term_years {text!r} is not valid: whole years from 1 to 99", text=text),
            field="term_years",
            value=text,
        )
    return int(text)


def contribute_many(
    ctx: Context, items: Sequence[tuple[str, ParcelIn]], *, voucher: bool = True
) -> tuple[list[str], list[str]]:
    """Contribute parcels; returns (added, unchanged). One voucher per contribution date."""
    known = parcels(ctx)
    moves = spells(ctx)
    tags = capital_tags.parcel_tags(ctx)
    members = repo.members(ctx)
    notices = repo.notices(ctx)
    added: list[ParcelIn] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    for where, p in items:
        if p.parcel_no in seen:
            raise BadInput(
                tr(
                    "{where}field parcel_no: parcel {parcel} appears twice",
                    where=where,
                    parcel=p.parcel_no,
                ),
                field="parcel_no",
            )
        seen.add(p.parcel_no)
        if p.parcel_no in known:
            old = known[p.parcel_no]
            ss = moves.get(p.parcel_no)
            first = ss[0] if ss else None
            same = (
                old.area == p.area
                and old.contract_no == p.contract_no
                and first is not None
                and first.member_no == p.member_no
                and first.start == p.date
                and (not first.booked or tags.get(p.parcel_no) == p.source)
            )
            if not same:
                raise Conflict(
                    tr(
                        "{where}parcel {parcel} is already in the register with different content",
                        where=where,
                        parcel=p.parcel_no,
                    )
                )
            unchanged.append(p.parcel_no)
            continue
        m = members.get(p.member_no)
        if m is None:
            raise NotFound(
                tr(
                    "{where}field member_no: member {member!r} does not exist",
                    where=where,
                    member=p.member_no,
                )
            )
        if p.date < dt.date.fromisoformat(m.joined_on):
            raise NotAllowed(
                tr(
                    "{where}field contributed_on: parcel {parcel} is dated "
                    "{date}, before member {member} joined ({joined})",
                    where=where,
                    parcel=p.parcel_no,
                    date=p.date,
                    member=p.member_no,
                    joined=m.joined_on,
                )
            )
        if not is_member_on(m, notices.get(p.member_no), p.date):
            raise NotAllowed(
                tr(
                    "{where}field member_no: member {member} has left by {date}",
                    where=where,
                    member=p.member_no,
                    date=p.date,
                )
            )
        if ctx.books.is_closed(p.date.year):
            raise NotAllowed(tr("{where}year {year} is closed", where=where, year=p.date.year))
        added.append(p)
    # One voucher per date and source tag: every 301 line of a contribution voucher
    # carries one tag, which its parcels keep (coop/capital_tags.py).
    by_date: dict[tuple[dt.date, str], list[ParcelIn]] = {}
    for p in added:
        by_date.setdefault((p.date, p.source), []).append(p)
    for (date, source), group in sorted(by_date.items()):
        charter = repo.charter(ctx, date.year)
        # a parcel of a grade in the table is booked at the grade's value (operations.md §8)
        table = grades.table(ctx, date.year)
        booked = {
            p.parcel_no: _booked(
                charter.land_model,
                p,
                table[p.grade].value if p.grade in table else charter.land_value_per_mu,
            )
            for p in group
        }
        number = None
        lines = [
            Line(Acct.SHARE_CAPITAL, -booked[p.parcel_no], p.member_no)
            for p in group
            if booked[p.parcel_no]
        ]
        if voucher and lines:
            total = -sum(ln.amount for ln in lines)
            digest = hashlib.sha256(",".join(sorted(booked)).encode()).hexdigest()[:16]
            ((posted, _),) = posting.post(
                ctx,
                [
                    Voucher(
                        date,
                        f"土地经营权入股 {len(group)} 块",
                        (Line(Acct.LAND_RIGHTS, total), *lines),
                        kind=K.LAND,
                        key=keys.land(date, digest),
                        user=ctx.user,
                    )
                ],
            )
            capital_tags.tag_posted(ctx, posted, source, always=False)
            number = posted.number
        rows = [
            dict(
                parcel_no=p.parcel_no,
                kind=MoveKind.CONTRIBUTE,
                member_no=p.member_no,
                date=date.isoformat(),
                booked=booked[p.parcel_no] if voucher else 0,
                voucher=number if booked[p.parcel_no] else None,
                reason=None,
            )
            for p in group
        ]
        _append(
            ctx,
            rows,
            {
                p.parcel_no: dict(
                    parcel_no=p.parcel_no,
                    contract_no=p.contract_no,
                    area=p.area,
                    term_years=p.term_years,
                    grade=p.grade,
                )
                for p in group
            },
        )
    if added:
        ctx.books.audit(
            "land", [f"parcel {p.parcel_no} contributed by {p.member_no}" for p in added]
        )
    return [p.parcel_no for p in added], unchanged


def _booked(model: str, p: ParcelIn, value: int) -> int:
    """What a contribution books (operations.md §6): nothing under ``memo``; the area at
    one year's value under ``one_year``; under ``term`` the value per mu per year for the
    whole term, which is then amortised."""
    if model == "memo":
        return 0
    if model == "term":
        if p.term_years is None:
            raise BadInput(
                tr(
                    "term_years is required when land_model is term (parcel {parcel})",
                    parcel=p.parcel_no,
                ),
                field="term_years",
            )
        return booked_value(p.area, value * p.term_years)
    return booked_value(p.area, value)


def contribute(
    ctx: Context,
    member_no: str,
    parcel_no: str,
    area: str,
    date: dt.date,
    contract: str | None,
    source: str = capital_tags.OTHER,
    grade: str | None = None,
    term_years: str | None = None,
) -> tuple[list[str], list[str]]:
    p = ParcelIn(
        clean_code(member_no, "member_no"),
        clean_code(parcel_no, "parcel"),
        parse_area(area),
        date,
        clean_text(contract, "contract", max_len=64) if contract else None,
        source=capital_tags.check_source(source),
        grade=None if grade is None else grades.check_name(grade),
        term_years=_parse_term(term_years or ""),
    )
    return contribute_many(ctx, [("", p)])


IMPORT_REQUIRED = ("member_no", "parcel_no", "area_mu", "contributed_on", "contract_no")


def import_file(ctx: Context, path: str, *, voucher: bool) -> tuple[list[str], list[str]]:
    items = []
    table = csvio.read_table(path, IMPORT_REQUIRED, ("term_years", "grade", "source"))
    label = table.label
    model_of = land_models.models(ctx)  # the charter read once for the file
    for lineno, c in table.rows:
        where = f"{path}:{lineno}: "
        column = "member_no"  # the column being read, named as the file's header names it
        try:
            member_no = clean_code(c["member_no"], label("member_no"))
            column = "parcel_no"
            parcel_no = clean_code(c["parcel_no"], label("parcel_no"))
            column = "area_mu"
            area = parse_area(c["area_mu"], what=label("area_mu"))
            column = "contributed_on"
            date = parse_date(c["contributed_on"], label("contributed_on"))
            column = "contract_no"
            contract = clean_text(
                c["contract_no"], label("contract_no"), max_len=64, required=False
            )
            column = "term_years"
            term = _parse_term(c.get("term_years", ""))
            if term is None and model_of(date.year) == "term":
                raise BadInput(
                    tr(
                        "term_years is required when land_model is term (parcel {parcel})",
                        parcel=parcel_no,
                    ),
                    field="term_years",
                )
            column = "grade"
            grade = clean_text(c.get("grade", ""), label("grade"), max_len=16, required=False)
            grade = grades.check_name(grade) if grade else grade
            column = "source"
            source = _parse_source(c.get("source", ""))
            p = ParcelIn(
                member_no=member_no,
                parcel_no=parcel_no,
                area=area,
                date=date,
                contract_no=contract or None,
                term_years=term,
                grade=grade or None,
                source=source,
            )
        except InvalidInput as exc:
            raise csvio.bad_cell(where, label(column), exc) from None
        items.append((where, p))
    del table, label  # the file's rows, read: their memory is the posting's to use
    return contribute_many(ctx, items, voucher=voucher)


def _parse_source(text: str) -> str:
    """A CSV ``source`` cell: empty for ``other``, else a tag of operations.md §2.3."""
    if not text:
        return capital_tags.OTHER
    if text not in capital_tags.TAGS:
        raise InvalidInput(
            tr(
                "{text!r} is not valid: one of {values}",
                text=text,
                values=", ".join(capital_tags.TAGS),
            )
        )
    return text


def _current(ctx: Context, parcel_no: str, date: dt.date) -> Spell:
    all_spells = spells(ctx)
    ss = all_spells.get(parcel_no)
    if ss is None:
        raise NotFound(tr("parcel {parcel!r} does not exist", parcel=parcel_no))
    last = last_date(ss)
    if last is not None and date < last:
        raise NotAllowed(
            tr(
                "parcel {parcel} has a movement on {last}; a later one cannot be dated {date}",
                parcel=parcel_no,
                last=last,
                date=date,
            )
        )
    if ctx.books.is_closed(date.year):
        raise NotAllowed(tr("year {year} is closed", year=date.year))
    current = holder_on(ss, date)
    if current is None:
        raise NotAllowed(
            tr("parcel {parcel} is not held by anyone on {date}", parcel=parcel_no, date=date)
        )
    if current.start == date:
        raise NotAllowed(tr("parcel {parcel} already moved on {date}", parcel=parcel_no, date=date))
    return current


def transfer(ctx: Context, parcel_no: str, to: str, date: dt.date, reason: str | None) -> str:
    current = _current(ctx, parcel_no, date)
    m = require(ctx, to)
    if to == current.member_no:
        raise NotAllowed(
            tr("parcel {parcel} is already held by {member}", parcel=parcel_no, member=to)
        )
    if not is_member_on(m, repo.notices(ctx).get(to), date):
        raise NotAllowed(tr("member {member} is not a member on {date}", member=to, date=date))
    number = None
    # under land_model term the net book value moves, after the catch-up (operations.md §6.2)
    catch, row, net = land_models.settle_lines(ctx, parcel_no, date)
    moved = current.booked if net < 0 else net
    lines = [
        *catch,
        Line(Acct.SHARE_CAPITAL, moved, current.member_no),
        Line(Acct.SHARE_CAPITAL, -moved, to),
    ]
    lines = [ln for ln in lines if ln.amount]
    if lines:
        ((p, _),) = posting.post(
            ctx,
            [
                Voucher(
                    date,
                    f"地块 {parcel_no} 转让 {current.member_no}→{to}",
                    tuple(lines),
                    kind=K.LAND_TRANSFER,
                    key=keys.land_transfer(parcel_no, date),
                    user=ctx.user,
                )
            ],
        )
        tag = capital_tags.parcel_tags(ctx).get(parcel_no, capital_tags.OTHER)
        capital_tags.tag_posted(ctx, p, tag, always=False)
        number = p.number
        if row is not None:
            repo.add_land_amort(ctx, p.number, [row])
    why = clean_text(reason, "reason") if reason else None
    _append(
        ctx,
        [
            dict(
                parcel_no=parcel_no,
                kind=MoveKind.TRANSFER,
                member_no=to,
                date=date.isoformat(),
                booked=current.booked,
                voucher=number,
                reason=why,
            )
        ],
        {},
    )
    ctx.books.audit("land", [f"parcel {parcel_no} transferred {current.member_no} → {to}"])
    return current.member_no


def withdraw(ctx: Context, parcel_no: str, date: dt.date, reason: str | None) -> str:
    current = _current(ctx, parcel_no, date)
    number = None
    # under land_model term: the catch-up, then Dr 162 acc, Dr 301@M NBV / Cr 161 booked —
    # the member keeps what was amortised as capital (operations.md §6.2)
    catch, row, net = land_models.settle_lines(ctx, parcel_no, date)
    if net < 0:
        lines = [
            Line(Acct.SHARE_CAPITAL, current.booked, current.member_no),
            Line(Acct.LAND_RIGHTS, -current.booked),
        ]
    else:
        acc = land_models.accumulated(ctx, parcel_no) + (row["amount"] if row else 0)
        lines = [
            *catch,
            Line(land_models.AMORTISED, acc),
            Line(Acct.SHARE_CAPITAL, net, current.member_no),
            Line(Acct.LAND_RIGHTS, -(acc + net)),
        ]
    lines = [ln for ln in lines if ln.amount]
    if lines:
        ((p, _),) = posting.post(
            ctx,
            [
                Voucher(
                    date,
                    f"地块 {parcel_no} 退出, 土地经营权实物退还",
                    tuple(lines),
                    kind=K.LAND_WITHDRAW,
                    key=keys.land_withdraw(parcel_no, date),
                    user=ctx.user,
                )
            ],
        )
        tag = capital_tags.parcel_tags(ctx).get(parcel_no, capital_tags.OTHER)
        capital_tags.tag_posted(ctx, p, tag, always=False)
        number = p.number
        if row is not None:
            repo.add_land_amort(ctx, p.number, [row])
    why = clean_text(reason, "reason") if reason else None
    _append(
        ctx,
        [
            dict(
                parcel_no=parcel_no,
                kind=MoveKind.WITHDRAW,
                member_no=current.member_no,
                date=date.isoformat(),
                booked=current.booked,
                voucher=number,
                reason=why,
            )
        ],
        {},
    )
    ctx.books.audit("land", [f"parcel {parcel_no} withdrawn from {current.member_no}"])
    return current.member_no


def listing(ctx: Context, as_of: dt.date | None) -> list[dict[str, Any]]:
    day = as_of or dt.date.max
    known = parcels(ctx)
    all_spells = spells(ctx)
    tags = capital_tags.parcel_tags(ctx)
    graded = grades.grades_in(ctx, day.year)  # regrades in force that year (operations.md §8)
    models = land_models.listing_fields(ctx, as_of)
    out = []
    for parcel_no, s in sorted(held_on(all_spells, day).items()):
        p = known[parcel_no]
        out.append(
            dict(
                parcel_no=parcel_no,
                member_no=s.member_no,
                area_mu=format_area(p.area),
                held_since=s.start.isoformat(),
                contributed_on=all_spells[parcel_no][0].start.isoformat(),
                contract_no=p.contract_no,
                term_years=p.term_years,
                grade=graded.get(parcel_no, p.grade),
                booked=s.booked,
                source=tags.get(parcel_no, capital_tags.OTHER),
                model=models[parcel_no]["model"],
                amortised=models[parcel_no]["amortised"],
                net=models[parcel_no]["net"],
            )
        )
    return out
