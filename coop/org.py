"""The organisation register (statutory.md §7.2): the cooperative's particulars (统一社会信用代码,
住所, 成立日期 …), its officers (理事长, 理事, 执行监事, 监事会主席, 监事) and the staff of its
accounts (单位负责人, 会计主管, 记账, 审核, 出纳).

Everything is appended, never changed (docs/chain.md: kinds ``org``, ``officer``,
``officer_end``, ``staff``):

- a particular or a post holds from the day it is set (``--from``); what is in force on a
  day is the value with the latest ``from`` on or before it, and of two with the same
  ``from`` the one set later (a correction);
- an officer is registered once, under the next id; the end of a term is a record of its
  own, the officer's last day in office (an officer is in office from ``from`` to ``to``,
  both days included).

The read functions (``org_values``, ``officers``, ``staff``) are what the notes, the
voucher print and the annual report call.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from coop import members
from coop.errors import BadInput, NotAllowed
from coop.store import repo
from coop.store.repo import OfficerRow
from coop.store.uow import Context
from coop.text import clean_text, parse_date
from ledger.errors import Conflict, NotFound
from ledger.i18n import N_, gettext, tr

#: The particulars ``org set`` takes, in the order they are shown.
KEYS = (
    "credit_code",
    "address",
    "phone",
    "email",
    "website",
    "registered_on",
    "registrar",
    "service_objects",
    "business_items",
    "licences",
)
#: The offices of the board (理事会) and the supervisors (监事会), in the order they are shown.
OFFICER_ROLES = ("chair", "director", "executive_supervisor", "supervisory_chair", "supervisor")
#: The posts of the accounts, in the order a voucher is signed.
STAFF_ROLES = ("head", "chief", "bookkeeper", "reviewer", "cashier")

#: What a person reads for each particular (``name`` is the cooperative's own name).
KEY_LABELS = {
    "name": N_("Name of the cooperative"),
    "credit_code": N_("Unified social credit code"),
    "address": N_("Registered address"),
    "phone": N_("Telephone"),
    "email": N_("E-mail"),
    "website": N_("Website"),
    "registered_on": N_("Date of registration"),
    "registrar": N_("Registration authority"),
    "service_objects": N_("Members served"),
    "business_items": N_("Business scope"),
    "licences": N_("Licences"),
}
OFFICER_LABELS = {
    "chair": N_("Chair of the board"),
    "director": N_("Director"),
    "executive_supervisor": N_("Executive supervisor"),
    "supervisory_chair": N_("Chair of the board of supervisors"),
    "supervisor": N_("Supervisor"),
}
STAFF_LABELS = {
    "head": N_("Head of the cooperative"),
    "chief": N_("Chief accountant"),
    "bookkeeper": N_("Bookkeeper"),
    "reviewer": N_("Reviewer"),
    "cashier": N_("Cashier"),
}

_CREDIT_CODE = re.compile(r"[0-9A-Z]{18}", re.ASCII)
_OFFICER_ID = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)
#: Particulars that may run long (a business scope is often several hundred characters).
_LONG = frozenset({"service_objects", "business_items", "licences", "address"})
NAME_MAX = 64
LONG_MAX = 2000


def key_label(key: str) -> str:
    return gettext(KEY_LABELS[key]) if key in KEY_LABELS else key


def officer_label(role: str) -> str:
    return gettext(OFFICER_LABELS[role]) if role in OFFICER_LABELS else role


def staff_label(role: str) -> str:
    return gettext(STAFF_LABELS[role]) if role in STAFF_LABELS else role


@dataclass(frozen=True, slots=True)
class Officer:
    """An officer: ``to_date`` is the last day in office (None: no end recorded)."""

    id: int
    role: str
    name: str
    member_no: str | None
    from_date: str
    to_date: str | None
    ref: str | None = None

    def in_office(self, day: dt.date) -> bool:
        d = day.isoformat()
        return self.from_date <= d and (self.to_date is None or d <= self.to_date)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "name": self.name,
            "member_no": self.member_no,
            "from": self.from_date,
            "to": self.to_date,
        }


@dataclass(frozen=True, slots=True)
class Post:
    """Who holds a post of the accounts, from when."""

    role: str
    name: str
    from_date: str

    def as_json(self) -> dict[str, Any]:
        return {"role": self.role, "name": self.name, "from": self.from_date}


# ----- reading --------------------------------------------------------------------------------


def org_values(ctx: Context, as_of: dt.date) -> dict[str, str | None]:
    """The particulars in force on ``as_of``: ``name`` (the cooperative's name) and every
    key of ``KEYS``, None when not set by then."""
    day = as_of.isoformat()
    values: dict[str, str | None] = {"name": ctx.books.book.name, **dict.fromkeys(KEYS)}
    rows = sorted(repo.org_settings(ctx), key=lambda r: (r.from_date, r.chain_seq))
    for r in rows:
        if r.from_date <= day and r.key in values and r.key != "name":
            values[r.key] = r.value
    return values


def _officer(r: OfficerRow) -> Officer:
    return Officer(r.officer_id, r.role, r.name, r.member_no, r.from_date, r.to_date, r.ref)


def _role_order(o: Officer) -> tuple[int, str, int]:
    rank = OFFICER_ROLES.index(o.role) if o.role in OFFICER_ROLES else len(OFFICER_ROLES)
    return (rank, o.from_date, o.id)


def officers(ctx: Context, as_of: dt.date | None = None, year: int | None = None) -> list[Officer]:
    """The officers in office on ``as_of`` (from ≤ as_of ≤ to), or at any time in ``year``,
    or (neither given) every officer ever registered; by office, then from, then id."""
    if as_of is not None and year is not None:
        raise BadInput(tr("give --as-of or --year, not both"), field="as_of")
    every = [_officer(r) for r in repo.officer_rows(ctx)]
    if as_of is not None:
        every = [o for o in every if o.in_office(as_of)]
    elif year is not None:
        first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
        every = [
            o for o in every if o.from_date <= last and (o.to_date is None or o.to_date >= first)
        ]
    return sorted(every, key=_role_order)


def posts(ctx: Context, as_of: dt.date) -> list[Post]:
    """The posts of the accounts filled on ``as_of``, in ``STAFF_ROLES`` order."""
    day = as_of.isoformat()
    held: dict[str, Post] = {}
    for r in sorted(repo.staff_rows(ctx), key=lambda r: (r.from_date, r.chain_seq)):
        if r.from_date <= day:
            held[r.role] = Post(r.role, r.name, r.from_date)
    rank = {role: i for i, role in enumerate(STAFF_ROLES)}
    return sorted(held.values(), key=lambda p: (rank.get(p.role, len(rank)), p.role))


def staff(ctx: Context, as_of: dt.date) -> dict[str, str]:
    """Post → the name of who holds it on ``as_of`` (posts nobody holds are left out)."""
    return {p.role: p.name for p in posts(ctx, as_of)}


def show(ctx: Context, as_of: dt.date) -> dict[str, Any]:
    """What ``org show`` prints: the particulars, officers and staff in force on a day."""
    return {
        "as_of": as_of.isoformat(),
        "org": org_values(ctx, as_of),
        "officers": [o.as_json() for o in officers(ctx, as_of=as_of)],
        "staff": [p.as_json() for p in posts(ctx, as_of)],
    }


# ----- writing --------------------------------------------------------------------------------


def _one_of(value: str, allowed: tuple[str, ...], message: str, field: str) -> str:
    if value not in allowed:
        raise BadInput(tr(message, value=value, allowed=", ".join(allowed)), field=field)
    return value


def clean_value(key: str, value: str) -> str:
    """A particular's value, checked for its key (raises BadInput naming the key)."""
    _one_of(
        key,
        KEYS,
        N_("unknown organisation key {value!r}: one of {allowed}"),
        "key",
    )
    text = clean_text(value, key, max_len=LONG_MAX if key in _LONG else NAME_MAX * 4)
    if key == "credit_code" and not _CREDIT_CODE.fullmatch(text):
        raise BadInput(
            tr(
                "credit_code {value!r} is not valid: 18 characters, digits and upper-case letters",
                value=text,
            ),
            field=key,
            value=value,
        )
    if key == "registered_on":
        text = parse_date(text, key).isoformat()
    return text


def set_value(ctx: Context, key: str, value: str, from_date: dt.date) -> bool:
    """``org set``: KEY is VALUE from ``from_date`` on. False (nothing written) when that is
    what the register says for that day already."""
    text = clean_value(key, value)
    if org_values(ctx, from_date)[key] == text:
        return False
    repo.add_org_setting(ctx, from_date.isoformat(), key, text)
    ctx.books.audit("org", [f"{key} = {text} from {from_date}"])
    return True


def add_officer(
    ctx: Context,
    role: str,
    name: str,
    member_no: str | None,
    from_date: dt.date,
    ref: str | None = None,
) -> tuple[int, bool]:
    """``org officer add``: (the officer's id, whether it is new). The same ``ref`` with the
    same details gives the officer it recorded; with other details it is refused."""
    _one_of(
        role,
        OFFICER_ROLES,
        N_("unknown office {value!r}: one of {allowed}"),
        "role",
    )
    who = clean_text(name, "name", max_len=NAME_MAX)
    key = None if ref is None else clean_text(ref, "ref", max_len=100)
    if member_no is not None:
        members.require(ctx, member_no)
    day = from_date.isoformat()
    if key is not None:
        for o in repo.officer_rows(ctx):
            if o.ref != key:
                continue
            if (o.role, o.name, o.member_no, o.from_date) == (role, who, member_no, day):
                return o.officer_id, False
            raise Conflict(
                tr(
                    "--ref {ref} already recorded officer {id} ({role} {name} from {date}) "
                    "with other details",
                    ref=key,
                    id=o.officer_id,
                    role=officer_label(o.role),
                    name=o.name,
                    date=o.from_date,
                )
            )
    officer_id = repo.add_officer(ctx, role, who, member_no, day, key)
    member = f" (member {member_no})" if member_no else ""
    ctx.books.audit("officer", [f"officer {officer_id}: {role} {who}{member} from {day}"])
    return officer_id, True


def parse_officer_id(text: str | int) -> int:
    """An officer's id as typed: a positive whole number."""
    if isinstance(text, int):
        return text
    if not _OFFICER_ID.fullmatch(text.strip()):
        raise BadInput(
            tr("officer id {value!r} is not valid: a whole number such as 1", value=text),
            field="officer_id",
            value=text,
        )
    return int(text)


def end_officer(ctx: Context, officer_id: str | int, date: dt.date) -> Officer:
    """``org officer end``: ``date`` is the officer's last day in office."""
    oid = parse_officer_id(officer_id)
    found = next((o for o in repo.officer_rows(ctx) if o.officer_id == oid), None)
    if found is None:
        raise NotFound(tr("officer {id} does not exist", id=oid))
    if found.to_date is not None:
        raise NotAllowed(
            tr(
                "officer {id} ({role} {name}) already left office on {date}",
                id=oid,
                role=officer_label(found.role),
                name=found.name,
                date=found.to_date,
            )
        )
    day = date.isoformat()
    if day < found.from_date:
        raise NotAllowed(
            tr(
                "officer {id} ({role} {name}) took office on {from_date}; the term cannot "
                "end on {date}, before",
                id=oid,
                role=officer_label(found.role),
                name=found.name,
                from_date=found.from_date,
                date=day,
            )
        )
    repo.end_officer(ctx, oid, day)
    ctx.books.audit("officer_end", [f"officer {oid} ({found.role} {found.name}) ended on {day}"])
    return Officer(
        found.officer_id,
        found.role,
        found.name,
        found.member_no,
        found.from_date,
        day,
        found.ref,
    )


def set_staff(ctx: Context, role: str, name: str, from_date: dt.date) -> bool:
    """``org staff set``: NAME holds the post ROLE from ``from_date`` on. False (nothing
    written) when the register says so for that day already."""
    _one_of(
        role,
        STAFF_ROLES,
        N_("unknown post {value!r}: one of {allowed}"),
        "role",
    )
    who = clean_text(name, "name", max_len=NAME_MAX)
    if staff(ctx, from_date).get(role) == who:
        return False
    repo.add_staff(ctx, from_date.isoformat(), role, who)
    ctx.books.audit("staff", [f"{role} = {who} from {from_date}"])
    return True
