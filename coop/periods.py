"""Periods of the books (statutory.md §9.1): a month, a quarter, a half-year or a year,
or any inclusive range of dates. Pure: no store, no clock."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from coop.errors import BadInput
from ledger.i18n import tr


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def opens_year(self) -> bool:
        """A period starting on 1 January opens with the year-opening vouchers (上年结转)."""
        return self.start.month == 1 and self.start.day == 1

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


PATTERN = re.compile(r"(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?")


def parse_period(text: str) -> Period:
    """``2024``, ``2024-03``, ``2024-Q4``, ``2024-H1`` → the period they name."""
    m = PATTERN.fullmatch(text.strip())
    if m is None:
        raise BadInput(
            tr(
                "period {text!r} is not valid: give YYYY, YYYY-MM, YYYY-Qn or YYYY-H1/H2",
                text=text,
            ),
            field="period",
            value=text,
        )
    year = int(m.group(1))
    if m.group(2):
        first = last = int(m.group(2))
    elif m.group(3):
        first = 3 * int(m.group(3)) - 2
        last = first + 2
    elif m.group(4):
        first = 1 if m.group(4) == "1" else 7
        last = first + 5
    else:
        first, last = 1, 12
    return Period(dt.date(year, first, 1), month_end(year, last))


def choose(
    period: str | None, start: dt.date | None, end: dt.date | None, year: int | None
) -> Period:
    """Exactly one of ``--period``, ``--from``/``--to`` (both) and ``--year``."""
    given = [period is not None, start is not None or end is not None, year is not None]
    if sum(given) != 1:
        raise BadInput(
            tr("give exactly one of --period, --from with --to, and --year"), field="period"
        )
    if period is not None:
        return parse_period(period)
    if year is not None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if start is None or end is None:
        raise BadInput(tr("--from and --to go together"), field="from")
    if start > end:
        raise BadInput(
            tr("--from {start} is after --to {end}", start=start.isoformat(), end=end.isoformat()),
            field="from",
        )
    return Period(start, end)
