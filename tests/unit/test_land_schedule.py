"""The amortisation schedule of land booked for its term (operations.md §6.1), pure: whatever
the rhythm of the runs (yearly, monthly, a catch-up at a withdrawal), each run takes
cum(k) less what came before, never a negative amount, and the runs add up to the booked
value once the term has ended. cum(k) = round(booked × k / M) half-up, written here again
with Fractions; the first month is the contribution month only when dated the 1st."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from coop.land_models import cum, months_before, months_ended


def _oracle_cum(booked: int, k: int, term: int) -> int:
    x = Fraction(booked * k, 12 * term)
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


@given(
    booked=st.integers(0, 10**10),
    term=st.integers(1, 30),
    contributed=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
    steps=st.lists(st.integers(1, 40), min_size=1, max_size=30),
)
def test_runs_in_any_rhythm_add_up_to_the_booked_value(
    booked: int, term: int, contributed: dt.date, steps: list[int]
) -> None:
    first = (
        contributed
        if contributed.day == 1
        else _month_end(contributed.year, contributed.month) + dt.timedelta(days=1)
    )
    # the first month of the term is the one the first run of its end counts as month 1
    assert months_ended(contributed, term, _month_end(first.year, first.month)) == 1
    assert months_ended(contributed, term, first - dt.timedelta(days=1)) == 0
    day, done, last_k = contributed, 0, 0
    for gap in steps:  # runs at month ends, some months apart; one a catch-up mid-month
        y, m = day.year, day.month + gap
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        run_on = _month_end(y, m)
        k = months_ended(contributed, term, run_on)
        assert last_k <= k <= 12 * term
        amount = cum(booked, k, term) - done
        assert amount >= 0
        assert cum(booked, k, term) == _oracle_cum(booked, k, term)
        done, last_k, day = done + amount, k, run_on
        mid = run_on + dt.timedelta(days=15)  # a withdrawal in the next month
        assert months_before(contributed, term, mid) == k
    end = _month_end(first.year + term, first.month) + dt.timedelta(days=400)
    k = months_ended(contributed, term, end)
    assert k == 12 * term
    assert done + (cum(booked, k, term) - done) == booked
