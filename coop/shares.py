"""The share register, derived: who held which parcel on which day, from the movements.

Pure functions over an append-only movement history (contribute, transfer,
withdraw, leave). A movement dated D takes effect from day D: the holder's
spell runs from its first day inclusive to its last movement exclusive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter

from coop.kinds import MoveKind
from ledger.money import Rounding, round_fraction


@dataclass(frozen=True, slots=True)
class Parcel:
    parcel_no: str
    contract_no: str | None
    area: int  # 1/10000 mu
    term_years: int | None
    grade: str | None


@dataclass(frozen=True, slots=True)
class Movement:
    seq: int
    parcel_no: str
    kind: str  # contribute | transfer | withdraw | leave
    member_no: str
    date: dt.date
    booked: int


@dataclass(frozen=True, slots=True)
class Spell:
    parcel_no: str
    member_no: str
    start: dt.date
    end: dt.date | None  # exclusive
    booked: int


def spells(movements: Iterable[Movement]) -> dict[str, list[Spell]]:
    """Each parcel's holding spells in date order."""
    by_parcel: dict[str, list[Movement]] = {}
    for m in sorted(movements, key=attrgetter("date", "seq")):
        by_parcel.setdefault(m.parcel_no, []).append(m)
    out: dict[str, list[Spell]] = {}
    for parcel, moves in by_parcel.items():
        result: list[Spell] = []
        current: Spell | None = None
        for m in moves:
            if current is not None:
                result.append(
                    Spell(parcel, current.member_no, current.start, m.date, current.booked)
                )
                current = None
            if m.kind in (MoveKind.CONTRIBUTE, MoveKind.TRANSFER):
                current = Spell(parcel, m.member_no, m.date, None, m.booked)
        if current is not None:
            result.append(current)
        out[parcel] = result
    return out


def holder_on(parcel_spells: list[Spell], day: dt.date) -> Spell | None:
    for s in parcel_spells:
        if s.start <= day and (s.end is None or day < s.end):
            return s
    return None


def held_on(all_spells: dict[str, list[Spell]], day: dt.date) -> dict[str, Spell]:
    """parcel_no → the spell in force on ``day``, for every parcel held that day."""
    out = {}
    for parcel, ss in all_spells.items():
        s = holder_on(ss, day)
        if s is not None:
            out[parcel] = s
    return out


def last_date(parcel_spells: list[Spell]) -> dt.date | None:
    dates = [d for s in parcel_spells for d in (s.start, s.end) if d is not None]
    return max(dates) if dates else None


def mu_days(all_spells: dict[str, list[Spell]], areas: dict[str, int], year: int) -> dict[str, int]:
    """member → Σ area (1/10000 mu) × days held in ``year``."""
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    out: dict[str, int] = {}
    for parcel, ss in all_spells.items():
        for s in ss:
            start = max(s.start, first)
            end = min(s.end or after, after)
            if end > start:
                out[s.member_no] = out.get(s.member_no, 0) + areas[parcel] * (end - start).days
    return out


def booked_value(area: int, value_per_mu_fen: int) -> int:
    """round(area × land value per mu), half-up to the fen."""
    return round_fraction(Fraction(area * value_per_mu_fen, 10_000), Rounding.HALF_UP)


def shares(area: int, shares_per_mu: Fraction, capital_cash: int, share_price: int) -> Fraction:
    """Shares = area × shares per mu + cash (and converted dividends) / share price."""
    return Fraction(area, 10_000) * shares_per_mu + Fraction(capital_cash, share_price)
