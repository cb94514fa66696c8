"""Land grades (operations.md §8; 农产发〔2018〕4号: land valued by 数量质量 and term): the
charter's grade table, a value and a base rate per mu (and optionally shares per mu) for
each grade from a year on, and each parcel's grade, set at contribution and changed from a
year on by ``land regrade``.

A grade row is kept as charter amendments ``grade:G:value``, ``grade:G:base_rate`` and
``grade:G:shares_per_mu`` (chained like every charter record); a regrade is a land
movement of kind ``regrade`` whose reason is the new grade, dated the first day of the
year it holds from. A parcel whose grade is not in the table for a year uses the
charter's scalar values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from coop.errors import BadInput, NotAllowed
from coop.kinds import MoveKind
from coop.shares import spells
from coop.store import repo, views
from coop.store.uow import Context
from coop.text import parse_year
from ledger.errors import NotFound
from ledger.i18n import tr
from ledger.money import format_fen, parse_amount

PREFIX = "grade:"
FIELDS = ("value", "base_rate", "shares_per_mu")


@dataclass(frozen=True)
class Grade:
    grade: str
    value: int  # fen per mu (per mu per year under land_model term)
    base_rate: int  # fen per mu per year
    shares_per_mu: Fraction | None  # None: the charter's


def check_name(text: str) -> str:
    if not 1 <= len(text) <= 16 or any(c.isspace() for c in text) or ":" in text:
        raise BadInput(
            tr("grade {text!r} is not valid: 1 to 16 characters, no blank or ':'", text=text),
            field="grade",
            value=text,
        )
    return text


def table(ctx: Context, year: int) -> dict[str, Grade]:
    """The grades in force for ``year``: a grade is in the table once its value and base
    rate are set from a year not after it (the latest amendment winning)."""
    got: dict[str, dict[str, str]] = {}
    for _seq, from_year, key, value in sorted(repo.charter_rows(ctx), key=lambda a: (a[1], a[0])):
        if key.startswith(PREFIX) and from_year <= year:
            _, grade, field = key.split(":", 2)
            got.setdefault(grade, {})[field] = value
    return {
        g: Grade(
            g,
            parse_amount(f["value"], allow_zero=True),
            parse_amount(f["base_rate"], allow_zero=True),
            Fraction(parse_amount(f["shares_per_mu"]), 100) if f.get("shares_per_mu") else None,
        )
        for g, f in sorted(got.items())
        if "value" in f and "base_rate" in f
    }


def set_grade(
    ctx: Context,
    grade: str,
    value: str,
    base_rate: str,
    shares_per_mu: str | None,
    from_year: int,
) -> Grade:
    """``charter grade set``: the grade's value and base rate (and shares) from a year on."""
    g = check_name(grade)
    v = parse_amount(value, allow_zero=True, what="value")
    r = parse_amount(base_rate, allow_zero=True, what="base_rate")
    s = None if shares_per_mu is None else parse_amount(shares_per_mu, what="shares_per_mu")
    if ctx.books.is_closed(from_year):
        raise NotAllowed(
            tr(
                "year {year} is closed: the charter can be amended only from an open year",
                year=from_year,
            )
        )
    values = [(f"{PREFIX}{g}:value", format_fen(v)), (f"{PREFIX}{g}:base_rate", format_fen(r))]
    if s is not None:
        values.append((f"{PREFIX}{g}:shares_per_mu", format_fen(s)))
    repo.amend_charter(ctx, from_year, values)
    ctx.books.audit("charter", [f"grade {g} from {from_year}: {value} / {base_rate}"])
    return table(ctx, from_year)[g]


def listing(ctx: Context, year: int) -> list[dict[str, Any]]:
    charter = repo.charter(ctx, year)
    return [
        {
            "grade": g.grade,
            "value_per_mu": format_fen(g.value),
            "base_rate": format_fen(g.base_rate),
            "shares_per_mu": format_fen(int((g.shares_per_mu or charter.shares_per_mu) * 100)),
        }
        for g in table(ctx, year).values()
    ]


def regrades(ctx: Context) -> dict[str, list[tuple[int, str]]]:
    """parcel → [(from year, grade)] in the order they were made."""
    out: dict[str, list[tuple[int, str]]] = {}
    for parcel, date, grade in views.regrade_rows(ctx):
        out.setdefault(parcel, []).append((int(date[:4]), grade))
    return out


def grade_of(parcel_grade: str | None, changes: list[tuple[int, str]], year: int) -> str | None:
    """A parcel's grade in ``year``: its latest regrade from a year not after it, else the
    grade it was contributed with."""
    now = parcel_grade
    best = -1
    for from_year, grade in changes:
        if best <= from_year <= year:
            now, best = grade, from_year
    return now


def grades_in(ctx: Context, year: int) -> dict[str, str | None]:
    """parcel → its grade in ``year``."""
    changes = regrades(ctx)
    return {
        no: grade_of(p.grade, changes.get(no, []), year) for no, p in views.parcels(ctx).items()
    }


def regrade(ctx: Context, parcel_no: str, grade: str, from_year_text: str) -> bool:
    """``land regrade``: the parcel's base rate and shares follow ``grade`` from the year on
    (never its booked value). The same grade is nothing to do (False)."""
    g = check_name(grade)
    year = parse_year(from_year_text, what="from-year")
    parcel = views.parcels(ctx).get(parcel_no)
    if parcel is None:
        raise NotFound(tr("parcel {parcel!r} does not exist", parcel=parcel_no))
    if ctx.books.is_closed(year):
        raise NotAllowed(tr("year {year} is closed", year=year))
    if grade_of(parcel.grade, regrades(ctx).get(parcel_no, []), year) == g:
        return False
    first = dt.date(year, 1, 1)
    holder = next(
        (
            s.member_no
            for s in spells(views.movements(ctx)).get(parcel_no, [])
            if s.end is None or s.end > first
        ),
        None,
    )
    if holder is None:
        raise NotAllowed(
            tr("parcel {parcel} is not held in or after {year}", parcel=parcel_no, year=year)
        )
    repo.append_movements(
        ctx,
        [
            dict(
                parcel_no=parcel_no,
                kind=MoveKind.REGRADE,
                member_no=holder,
                date=first.isoformat(),
                booked=0,
                voucher=None,
                reason=g,
            )
        ],
        {},
    )
    ctx.books.audit("land", [f"parcel {parcel_no} regraded {g} from {year}"])
    return True
