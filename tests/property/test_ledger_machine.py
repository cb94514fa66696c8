"""P1 for the ledger: a hypothesis state machine against a plain in-memory model.

Steps: post, post-unbalanced, reverse, replay the same key, replay a key with
different content, close a year, post into a closed year, reopen the engine.
After every step: trial balance zero, every balance equal to the model's,
numbers gapless, the chain verifies and `check` is clean.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from coop import distribution, services, vouchers
from coop.store.uow import UnitOfWork
from ledger.errors import ClosedPeriod, Conflict, Refused, Unbalanced
from ledger.money import format_fen

ACCOUNTS = ["101", "102", "501", "52102", "523"]
YEARS = [2023, 2024, 2025]
CLOSING = ("5",)


class LedgerMachine(RuleBasedStateMachine):
    #: Set to a PostgreSQL URL to run against the server (each run its own cooperative).
    target: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.mkdtemp()
        self.code = "SM" if self.target is None else "SM" + uuid.uuid4().hex[:8].upper()
        self.db = self.target or str(Path(self.dir) / "m.db")
        services.init(self.db, name="模型社", code=self.code, charter_text={}, user="h", at="t")
        self.uow = UnitOfWork(self.db, coop_code=self.code, user="h", at="t")
        self.lines: list[tuple[dt.date, str, int]] = []
        self.posted: dict[str, tuple[int, list[tuple[str, int]], dt.date]] = {}
        self.reversed: set[str] = set()
        self.keys: dict[str, tuple[dt.date, str, str, int]] = {}
        self.closed: list[int] = []
        self.count: Counter[int] = Counter()
        self.manual: set[str] = set()

    def teardown(self) -> None:
        self.uow.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers
    def _add(self, date: dt.date, dr: str, cr: str, fen: int, ref: str | None) -> str:
        amount = format_fen(fen)
        p, _ = self.uow.run(
            lambda c: vouchers.add(c, date, "m", [(dr, amount)], [(cr, amount)], ref)
        )
        return p.number

    def _record(self, number: str, date: dt.date, lines: list[tuple[str, int]]) -> None:
        self.posted[number] = (date.year, lines, date)
        self.count[date.year] += 1
        self.lines += [(date, a, x) for a, x in lines]

    # -- rules
    @rule(
        year=st.sampled_from(YEARS),
        day=st.integers(1, 365),
        dr=st.sampled_from(ACCOUNTS),
        cr=st.sampled_from(ACCOUNTS),
        fen=st.integers(1, 10**9),
        ref=st.none() | st.text("ab", min_size=1, max_size=3),
    )
    def post(self, year: int, day: int, dr: str, cr: str, fen: int, ref: str | None) -> None:
        date = dt.date(year, 1, 1) + dt.timedelta(days=day - 1)
        if dr == cr:
            cr = "102" if dr != "102" else "101"
        if self.closed and year <= self.closed[-1]:
            with pytest.raises(ClosedPeriod):
                self._add(date, dr, cr, fen, ref)
            return
        if ref is not None and ref in self.keys:
            if self.keys[ref] != (date, dr, cr, fen):
                with pytest.raises(Conflict):
                    self._add(date, dr, cr, fen, ref)
                return
            before = dict(self.posted)
            self._add(date, dr, cr, fen, ref)
            assert self.posted == before
            return
        number = self._add(date, dr, cr, fen, ref)
        assert number == f"{year}-{self.count[year] + 1}"
        self._record(number, date, [(dr, fen), (cr, -fen)])
        self.manual.add(number)
        if ref is not None:
            self.keys[ref] = (date, dr, cr, fen)

    @rule(fen=st.integers(1, 10**6), delta=st.integers(1, 100))
    def post_unbalanced(self, fen: int, delta: int) -> None:
        with pytest.raises(Unbalanced):
            self.uow.run(
                lambda c: vouchers.add(
                    c,
                    dt.date(2025, 6, 1),
                    "bad",
                    [("102", format_fen(fen + delta))],
                    [("501", format_fen(fen))],
                    None,
                )
            )

    @precondition(lambda self: bool(self.posted))
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(sorted(self.posted)))
        year, lines, _date = self.posted[number]
        rev_date = dt.date(year, 12, 30)
        if number not in self.manual or number in self.reversed or year in self.closed:
            with pytest.raises(Refused):
                self.uow.run(lambda c: vouchers.reverse(c, number, rev_date, "test"))
            return
        p = self.uow.run(lambda c: vouchers.reverse(c, number, rev_date, "test"))
        self.reversed.add(number)
        self._record(p.number, rev_date, [(a, -x) for a, x in lines])

    @rule()
    def close_year(self) -> None:
        expected = (
            self.closed[-1] + 1
            if self.closed
            else (min(y for y, _, _ in self.posted.values()) if self.posted else None)
        )
        if expected is None or expected > YEARS[-1]:
            return
        end = dt.date(expected, 12, 31)
        _, done, numbers = self.uow.run(lambda c: services.close_year(c, expected))
        assert done
        # No members: the distribution writes only its record (nothing to weigh by).
        _, posted, written = self.uow.run(lambda c: distribution.post(c, expected, 0, None))
        assert posted and written == []
        bal: Counter[str] = Counter()
        for d, a, x in self.lines:
            if d <= end and a.startswith(CLOSING):
                bal[a] += x
        closing = [(a, -x) for a, x in sorted(bal.items()) if x]
        net = sum(x for _, x in bal.items())
        if closing:
            self._record(numbers[0], end, [*closing, ("331", net)])
        if net:
            self._record(numbers[-1], end, [("331", -net), ("33202", net)])
        self.closed.append(expected)

    @precondition(lambda self: bool(self.closed))
    @rule(fen=st.integers(1, 1000))
    def post_into_closed(self, fen: int) -> None:
        with pytest.raises(ClosedPeriod):
            self._add(dt.date(self.closed[0], 12, 31), "102", "501", fen, None)

    @rule()
    def reopen(self) -> None:
        self.uow.close()
        self.uow = UnitOfWork(self.db, coop_code=self.code, user="h", at="t")

    # -- invariants
    @invariant()
    def books_agree_with_model(self) -> None:
        tb = self.uow.run(lambda c: services.trial_balance(c, None))
        assert tb.total_debit == tb.total_credit
        model: Counter[str] = Counter()
        for _d, a, x in self.lines:
            model[a] += x
        assert {a.code: b for a, b in tb.rows} == {a: x for a, x in model.items() if x}
        problems = self.uow.run(lambda c: services.check(c, False)[0])
        assert problems == []


LedgerMachine.TestCase.settings = settings(stateful_step_count=20)
test_ledger_machine = pytest.mark.slow(LedgerMachine.TestCase)  # about 30 s


@pytest.mark.slow
@pytest.mark.pg
def test_ledger_machine_on_postgresql(pg_url: str) -> None:
    class OnPostgres(LedgerMachine):
        target = pg_url

    run_state_machine_as_test(OnPostgres, settings=settings(max_examples=8, stateful_step_count=20))
