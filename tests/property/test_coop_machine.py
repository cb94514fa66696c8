"""P1 for the cooperative: a state machine against a plain model and an independent oracle.

Time only moves forward (a cursor date); at each step the machine admits members,
contributes, transfers or withdraws parcels, pays the base, books income or costs,
brings cash with a premium, receives a donation, accrues and pays labour by person,
buys an asset, buys or sells a product (members' trade counted), assigns the land to a
crop, or ends the year (amortise the land, depreciate every month, close, distribute, pay),
under a drawn land model (memo, one year's value, or booked for a term and amortised
yearly or monthly) and base cost policy (expensed or capitalised into the crop).
After every step: trial balance zero; holdings derived from the movements equal the
model's on the cursor date and on a drawn earlier date; the product's stock and each
sale's cost as the model costs it by the drawn inventory method; Σ 301@member = Σ booked
values held, net of amortisation under ``term`` (transfers and withdrawals move the net
book value after the catch-up); 162 and the amortisation register = the model's schedule
cum(k); base paid = Σ round(area × rate); donation shares and labour owed per person as
the model has them; `check` clean. At every year end the depreciation equals an oracle
of art. 26 and the posted distribution equals an oracle written here from domain.md §7
with Fractions, independent of coop's code, under the drawn patronage (§7.2) and
residual (§7.3) bases.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from coop import (
    assets,
    base_pay,
    capital_tags,
    crops,
    distribution,
    dividends,
    equity,
    grades,
    land,
    land_models,
    members,
    payees,
    products,
    services,
    vouchers,
)
from coop.errors import NotAllowed
from coop.store import repo
from coop.store.uow import UnitOfWork
from ledger.money import format_fen, format_fixed, parse_amount

RATE = 99_999  # base, fen per mu (999.99 yuan: makes rounding matter)
VALUE = 123_456  # land value, fen per mu
#: The charter's grade table (operations.md §8): G1 valued and paid otherwise; G2 is not in
#: the table, so a parcel of G2 uses the scalar values.
GRADES = {"G1": (150_050, 77_777)}


@dataclass
class Spell:
    """A parcel held by ``member`` from ``start`` until ``end`` (None: still held)."""

    member: str
    start: dt.date
    end: dt.date | None


SOURCES = ("other", "poverty")


def half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def oracle_allocate(total: int, weights: Mapping[str, int | Fraction]) -> dict[str, int]:
    """Largest remainder, written independently: floors, then spare fen by remainder, number."""
    s = sum(weights.values())
    quota = {k: Fraction(total * w, s) for k, w in weights.items()}
    parts = {k: q.numerator // q.denominator for k, q in quota.items()}
    spare = total - sum(parts.values())
    for k in sorted(quota, key=lambda k: (-(quota[k] - parts[k]), k))[:spare]:
        parts[k] += 1
    return parts


class CoopMachine(RuleBasedStateMachine):
    #: Set to a PostgreSQL URL to run against the server (each run its own cooperative).
    target: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.mkdtemp()
        self.code = "CM" if self.target is None else "CM" + uuid.uuid4().hex[:8].upper()
        self.db = self.target or str(Path(self.dir) / "c.db")
        services.init(
            self.db,
            name="模型合作社",
            code=self.code,
            user="h",
            at="t",
            charter_text={
                "base_rate": "999.99",
                "land_value_per_mu": "1234.56",
                "reserve_rate": "0.10",
                "welfare_rate": "0",
                "patronage_ratio": "0.60",
            },
        )
        self.uow = UnitOfWork(self.db, coop_code=self.code, user="h", at="t")
        self.today = dt.date(2024, 1, 1)
        self.members: dict[str, dt.date] = {}
        self.area: dict[str, int] = {}
        self.booked: dict[str, int] = {}
        # spells: parcel → who held it from when to when
        self.spells: dict[str, list[Spell]] = {}
        self.income: dict[int, int] = {}
        self.base_paid: dict[int, dict[str, int]] = {}
        self.capital: list[tuple[str, dt.date, int]] = []
        self.reserve: list[tuple[str, dt.date, int]] = []
        self.undistributed = 0
        self.any_voucher = False
        self.cash_in: dict[str, int] = {}
        # issue 12: donation shares, labour owed per (payee, account), assets bought
        self.funds: list[tuple[str, dt.date, int]] = []
        self.owed: dict[tuple[str, str], int] = {}
        #: asset → (cost, in service, schedule segments): each segment (first month index
        #: k, base, months, months used before it, depreciation before it)
        self.source: dict[str, str] = {}  # parcel → the 出资 source of its contribution
        self.assets: dict[str, tuple[int, dt.date, list[tuple[int, int, int, int, int]]]] = {}
        #: parcel → [(from year, grade)]: its grade at contribution, then each regrade
        self.grade: dict[str, list[tuple[int, str | None]]] = {}
        # issue 13: the stock of PR1 as receipt layers (quantity, cost), oldest first, and
        # each member's trade amount per year (deliveries and purchases)
        self.layers: list[tuple[int, int]] = []
        self.trade: dict[int, dict[str, int]] = {}
        self.basis, self.weight, self.method = "mu_days", Fraction(1, 2), "moving_average"
        self.residual = "day_weighted"
        # a two-year crop: its costs gather on 40101 and wait in 14101 (operations.md §5.1)
        self.crop_cost = 0  # on 40101, not settled yet
        self.crop_asset = 0  # settled into 14101
        # land models (operations.md §6) and the base cost policy (§5.4)
        self.land_model, self.amort_policy, self.base_cost = "one_year", "yearly", "expense"
        self.term: dict[str, tuple[dt.date, int]] = {}  # term parcel → (contributed, years)
        self.acc: dict[str, int] = {}  # term parcel → amortised so far
        self.assigned: dict[int, set[str]] = {}  # year → parcels assigned to the crop C1
        self.tagged: dict[str, int] = {}  # member → 301 tagged as poverty-alleviation

    def teardown(self) -> None:
        self.uow.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ----- model helpers
    def holder(self, parcel: str, day: dt.date) -> str | None:
        for s in self.spells[parcel]:
            if s.start <= day and (s.end is None or day < s.end):
                return s.member
        return None

    def held(self, day: dt.date) -> dict[str, str]:
        out = {}
        for p in self.spells:
            h = self.holder(p, day)
            if h is not None:
                out[p] = h
        return out

    # ----- rules
    @initialize(
        area1=st.integers(1, 60_000),
        area2=st.integers(1, 60_000),
        fen=st.integers(1, 10**7),
        basis=st.sampled_from(("mu_days", "trade_amount", "mixed")),
        weight=st.integers(0, 10_000),
        method=st.sampled_from(("moving_average", "fifo")),
        land_model=st.sampled_from(("term", "one_year", "term", "memo")),  # term: the most to check
        amort=st.sampled_from(("yearly", "monthly")),
        base_cost=st.sampled_from(("expense", "capitalise")),
        residual=st.sampled_from(("day_weighted", "year_end")),
    )
    def two_members(
        self,
        area1: int,
        area2: int,
        fen: int,
        basis: str,
        weight: int,
        method: str,
        land_model: str,
        amort: str,
        base_cost: str,
        residual: str,
    ) -> None:
        """Every run starts with two members whose patronage and residual bases differ,
        under a drawn patronage basis, residual basis, inventory method, land model and
        base cost policy (operations.md §1.3)."""
        self.residual = residual
        self.basis, self.weight, self.method = basis, Fraction(weight, 10_000), method
        self.land_model, self.amort_policy, self.base_cost = land_model, amort, base_cost
        for key, value in (
            ("patronage_basis", basis),
            ("patronage_trade_weight", format_fixed(weight, 4)),
            ("inventory_method", method),
            ("land_model", land_model),
            ("land_amortisation", amort),
            ("base_cost", base_cost),
            ("residual_basis", residual),
        ):
            self.uow.run(lambda c, k=key, v=value: services.charter_set(c, k, v, 2024))  # type: ignore[misc]
        self.uow.run(lambda c: services.add_account(c, "50101", "业务收入", None, None))
        self.uow.run(lambda c: products.add(c, "PR1", "金银花", "公斤"))
        self.uow.run(lambda c: crops.add(c, "C1", "白术", dt.date(2024, 1, 1)))
        self.uow.run(lambda c: grades.set_grade(c, "G1", "1500.50", "777.77", None, 2024))
        self.admit()
        self.admit()
        for m, area in (("M01", area1), ("M02", area2)):
            self._contribute(m, area)
        self._cash("M02", fen)
        self.business(3_000_000)
        self.uow.run(lambda c: payees.add(c, "P1", member_no="M01"))
        self.uow.run(lambda c: payees.add(c, "P2", name="临时工"))

    @rule(days=st.integers(0, 120))
    def advance(self, days: int) -> None:
        self.today = min(self.today + dt.timedelta(days=days), dt.date(self.today.year, 12, 31))

    @precondition(lambda self: len(self.members) < 6)
    @rule()
    def admit(self) -> None:
        no = f"M{len(self.members) + 1:02d}"
        self.uow.run(lambda c: members.add(c, no, f"成员{no}", self.today.isoformat(), "", "", ""))
        self.members[no] = self.today

    @precondition(lambda self: bool(self.members) and len(self.area) < 10)
    @rule(
        data=st.data(),
        area=st.integers(1, 60_000),
        source=st.sampled_from(SOURCES),
        grade=st.sampled_from((None, "G1", "G2")),
        term=st.integers(1, 4),
    )
    def contribute(
        self, data: st.DataObject, area: int, source: str, grade: str | None, term: int
    ) -> None:
        m = data.draw(st.sampled_from(sorted(self.members)))
        self._contribute(m, area, source, grade, term)

    def _contribute(
        self, m: str, area: int, source: str = "other", grade: str | None = None, term: int = 2
    ) -> None:
        p = f"P{len(self.area) + 1:02d}"
        area_text = f"{area // 10000}.{area % 10000:04d}"
        years = str(term) if self.land_model == "term" else None
        self.uow.run(
            lambda c: land.contribute(c, m, p, area_text, self.today, None, source, grade, years)
        )
        self.source[p] = source  # the parcel keeps its contribution's tag (O§2.3)
        self.grade[p] = [(self.today.year, grade)]
        value = GRADES[grade][0] if grade in GRADES else VALUE  # booked at its grade's value
        # O§6: nothing under memo; one year's value; or the value per year for the term
        times = {"memo": 0, "one_year": 1, "term": term}[self.land_model]
        booked = half_up(Fraction(area * value * times, 10_000))
        if self.land_model == "term" and booked:
            self.term[p], self.acc[p] = (self.today, term), 0
        self.area[p], self.booked[p] = area, booked
        self.spells[p] = [Spell(m, self.today, None)]
        self.capital.append((m, self.today, booked))
        if source == "poverty":
            self.tagged[m] = self.tagged.get(m, 0) + booked
        self.any_voucher = True

    # ----- the term schedule of operations.md §6.1, written here
    def _cum(self, p: str, k: int) -> int:
        (_since, years), months = self.term[p], 12 * self.term[p][1]
        return half_up(Fraction(self.booked[p] * max(0, min(k, months)), 12 * years))

    def _months(self, p: str, year: int, month: int) -> int:
        """Term months of parcel p from its first one to (year, month), that one included:
        the first is the contribution month when contributed on the 1st, else the next."""
        since = self.term[p][0]
        first = since.year * 12 + since.month - (since.day == 1)
        return year * 12 + month - first

    def _charge(self, p: str, year: int, amount: int) -> None:
        """Amortisation of p: the crop's cost when p grows C1 that year, else 52102."""
        self.acc[p] += amount
        if p in self.assigned.get(year, set()):
            self.crop_cost += amount
        else:
            self.income[year] = self.income.get(year, 0) - amount

    def _net_after_catch_up(self, p: str) -> int:
        """At a transfer or withdrawal today: amortise every term month before this month,
        then what the parcel is still worth (its booked value outside ``term``)."""
        if p not in self.term:
            return self.booked[p]
        k = self._months(p, self.today.year, self.today.month) - 1
        catch = self._cum(p, k) - self.acc[p]
        if catch > 0:
            self._charge(p, self.today.year, catch)
        return self.booked[p] - self.acc[p]

    def _move_capital(self, p: str, frm: str, to: str | None, net: int) -> None:
        self.capital.append((frm, self.today, -net))
        if to is not None:
            self.capital.append((to, self.today, net))
        if self.source[p] == "poverty":
            self.tagged[frm] = self.tagged.get(frm, 0) - net
            if to is not None:
                self.tagged[to] = self.tagged.get(to, 0) + net

    def _movable(self) -> list[str]:
        return sorted(
            p for p, ss in self.spells.items() if ss[-1].end is None and ss[-1].start < self.today
        )

    @precondition(lambda self: bool(self._movable()) and len(self.members) > 1)
    @rule(data=st.data())
    def transfer(self, data: st.DataObject) -> None:
        p = data.draw(st.sampled_from(self._movable()))
        frm = self.spells[p][-1].member
        to = data.draw(st.sampled_from(sorted(set(self.members) - {frm})))
        self.uow.run(lambda c: land.transfer(c, p, to, self.today, None))
        self._move_capital(p, frm, to, self._net_after_catch_up(p))
        self.spells[p][-1].end = self.today
        self.spells[p].append(Spell(to, self.today, None))

    @precondition(lambda self: bool(self._movable()))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        p = data.draw(st.sampled_from(self._movable()))
        frm = self.spells[p][-1].member
        self.uow.run(lambda c: land.withdraw(c, p, self.today, None))
        self._move_capital(p, frm, None, self._net_after_catch_up(p))
        self.spells[p][-1].end = self.today

    @precondition(lambda self: bool(self.members))
    @rule(data=st.data(), fen=st.integers(1, 500_000), source=st.sampled_from(SOURCES))
    def cash(self, data: st.DataObject, fen: int, source: str) -> None:
        self._cash(data.draw(st.sampled_from(sorted(self.members))), fen, source)

    def _cash(self, m: str, fen: int, source: str = "other") -> None:
        self.uow.run(lambda c: equity.contribute(c, m, fen, self.today, None, source=source))
        if source == "poverty":
            self.tagged[m] = self.tagged.get(m, 0) + fen
        self.capital.append((m, self.today, fen))
        self.cash_in[m] = self.cash_in.get(m, 0) + fen
        self.any_voucher = True

    @precondition(lambda self: bool(self.members))
    @rule(data=st.data(), fen=st.integers(2, 500_000))
    def cash_with_premium(self, data: st.DataObject, fen: int) -> None:
        """Cash of which only ``capital`` is 股金; the rest is 资本公积 (no member's part)."""
        m = data.draw(st.sampled_from(sorted(self.members)))
        capital = data.draw(st.integers(1, fen))
        self.uow.run(lambda c: equity.contribute(c, m, fen, self.today, None, capital=capital))
        self.capital.append((m, self.today, capital))
        self.cash_in[m] = self.cash_in.get(m, 0) + capital
        self.any_voucher = True

    @rule(fen=st.integers(1, 300_000))
    def donation(self, fen: int) -> None:
        """A donation: 311, and a share for every member of the day (the residual basis)."""
        self.uow.run(lambda c: equity.donation_receive(c, self.today, fen, "某公司", None))
        who = sorted(m for m, joined in self.members.items() if joined <= self.today)
        parts = oracle_allocate(fen, dict.fromkeys(who, 1))
        self.funds += [(m, self.today, parts[m]) for m in who]
        self.any_voucher = True

    @rule(data=st.data(), fen=st.integers(1, 200_000))
    def accrue_labour(self, data: st.DataObject, fen: int) -> None:
        payee = data.draw(st.sampled_from(["P1", "P2"]))
        account = data.draw(st.sampled_from(["212", "213"]))
        self.uow.run(
            lambda c: payees.accrue(
                c, payee, self.today, format_fen(fen), account, "52102", "劳务", None
            )
        )
        self.owed[(payee, account)] = self.owed.get((payee, account), 0) + fen
        self.income[self.today.year] = self.income.get(self.today.year, 0) - fen
        self.any_voucher = True

    @rule()
    def pay_labour(self) -> None:
        paid = self.uow.run(lambda c: payees.pay(c, self.today, None, None, "102", None))
        assert sorted(paid.paid) == sorted((p, a, v) for (p, a), v in self.owed.items() if v)
        self.owed = {}

    @precondition(lambda self: len(self.assets) < 3)
    @rule(cost=st.integers(100, 2_000_000), life=st.integers(1, 30))
    def buy_asset(self, cost: int, life: int) -> None:
        no = f"A{len(self.assets) + 1}"
        self.uow.run(
            lambda c: assets.add(
                c,
                asset_no=no,
                name="机械",
                account="151",
                cost=cost,
                in_service=self.today,
                life_months=life,
                cost_centre="52102",
                pay_from="102",
            )
        )
        self.assets[no] = (cost, self.today, [(1, cost, life, 0, 0)])
        self.any_voucher = True

    def depreciation_due(self, year: int, month: int) -> dict[str, int]:
        """The oracle of art. 26: from the month after the asset came into use, cum(k) =
        round(cost × k / life) half-up, the month's amount the step."""
        out = {}
        for no, (_cost, since, segments) in self.assets.items():
            k = (year * 12 + month) - (since.year * 12 + since.month)
            start, base, life, _used, _acc = [s for s in segments if s[0] <= k or s[0] == 1][-1]
            j = k - start + 1
            if 1 <= j <= life:
                amount = half_up(Fraction(base * j, life)) - half_up(Fraction(base * (j - 1), life))
                if amount:
                    out[no] = amount
        return out

    @precondition(lambda self: self.assets)
    @rule(data=st.data(), life=st.integers(1, 40))
    def revise_asset(self, data: st.DataObject, life: int) -> None:
        """`asset revise` from a month of the open year (every earlier month is run at the
        year ends): the model ends the segment before it and starts one there with what
        is left, over what is left of the new life (operations.md §3.3)."""
        no = data.draw(st.sampled_from(sorted(self.assets)))
        cost, since, segments = self.assets[no]
        k_r = max((self.today.year * 12 + self.today.month) - (since.year * 12 + since.month), 1)
        index = since.year * 12 + since.month - 1 + k_r
        if index // 12 != self.today.year:
            return  # its first month is next year
        month = f"{index // 12}-{index % 12 + 1:02d}"
        start, base, months, used, acc = segments[-1]
        k0 = min(max(k_r - start, 0), max(months, 0))
        acc += half_up(Fraction(base * k0, months)) if k0 else 0
        used += k0
        if life - used <= 0:
            with pytest.raises(NotAllowed):
                self.uow.run(lambda c: assets.revise(c, no, month, life, None, None))
            return
        self.uow.run(lambda c: assets.revise(c, no, month, life, None, None))
        segments.append((k_r, cost - acc, life - used, used, acc))

    @precondition(lambda self: bool(self.held(self.today)))
    @rule(data=st.data())
    def assign(self, data: st.DataObject) -> None:
        """Some parcels held today grow the crop C1 this year (`land assign`): their base
        under ``capitalise`` and their amortisation become its costs."""
        held = sorted(self.held(self.today))
        chosen = data.draw(st.lists(st.sampled_from(held), min_size=1, unique=True))
        year = self.today.year
        self.uow.run(lambda c: crops.assign(c, year, [(p, "C1") for p in chosen]))
        self.assigned.setdefault(year, set()).update(chosen)

    @rule()
    def pay_base(self) -> None:
        year = self.today.year
        paid = self.base_paid.setdefault(year, {})
        expected = {
            p: half_up(Fraction(self.area[p] * self.base_rate(p, year), 10_000))
            for p in self.held(self.today)
            if p not in paid
        }
        crop = self.assigned.get(year, set())
        if self.base_cost == "capitalise" and any(v and p not in crop for p, v in expected.items()):
            with pytest.raises(NotAllowed):  # a parcel paid with no crop to carry its base
                self.uow.run(lambda c: base_pay.pay(c, year, self.today, None))
            return
        r = self.uow.run(lambda c: base_pay.pay(c, year, self.today, None))
        assert r.total == sum(expected.values()) and r.paid == len(
            [v for v in expected.values() if v]
        )
        paid.update(expected)
        if self.base_cost == "capitalise":
            self.crop_cost += r.total
        else:
            self.income[year] = self.income.get(year, 0) - r.total
        self.any_voucher = self.any_voucher or r.total > 0

    @precondition(lambda self: bool(self.members))
    @rule(data=st.data(), q=st.integers(1, 10**7), fen=st.integers(1, 10**7), member=st.booleans())
    def deliver(self, data: st.DataObject, q: int, fen: int, member: bool) -> None:
        """PR1 bought from a member (交售, a delivery trade) or a non-member."""
        m = data.draw(st.sampled_from(sorted(self.members))) if member else None
        self.uow.run(
            lambda c: products.buy(
                c,
                "PR1",
                self.today,
                format_fixed(q, 3),
                format_fen(fen),
                member=m,
                non_member=None if m else "周五",
            )
        )
        self.layers.append((q, fen))
        if m is not None:
            year = self.trade.setdefault(self.today.year, {})
            year[m] = year.get(m, 0) + fen
        self.any_voucher = True

    def _issue_cost(self, q: int) -> int:
        """O1 art. 18 as operations.md §5.2 writes it, on the model's layers."""
        if self.method == "moving_average":
            tq, tc = sum(x for x, _ in self.layers), sum(y for _, y in self.layers)
            cost = tc if q == tq else half_up(Fraction(tc * q, tq))
            self.layers = [(tq - q, tc - cost)] if tq > q else []
            return cost
        cost, left, keep = 0, q, []
        for lq, lc in self.layers:
            take = min(left, lq)
            part = lc if take == lq else half_up(Fraction(lc * take, lq))
            cost, left = cost + part, left - take
            if lq > take:
                keep.append((lq - take, lc - part))
        self.layers = keep
        return cost

    @precondition(lambda self: bool(self.layers) and bool(self.members))
    @rule(data=st.data(), fen=st.integers(1, 10**7), member=st.booleans())
    def sell(self, data: st.DataObject, fen: int, member: bool) -> None:
        """Some of PR1 sold, to a member (a purchase trade) or a market buyer."""
        held = sum(x for x, _ in self.layers)
        q = data.draw(st.integers(1, held))
        m = data.draw(st.sampled_from(sorted(self.members))) if member else None
        _p, _c, _q, cost = self.uow.run(
            lambda c: products.sell(
                c,
                "PR1",
                self.today,
                format_fixed(q, 3),
                format_fen(fen),
                member=m,
                buyer=None if m else "市场",
            )
        )
        assert cost == self._issue_cost(q)
        self.income[self.today.year] = self.income.get(self.today.year, 0) + fen - cost
        if m is not None:
            year = self.trade.setdefault(self.today.year, {})
            year[m] = year.get(m, 0) + fen
        self.any_voucher = True

    def base_rate(self, parcel: str, year: int) -> int:
        """The base rate of the parcel's grade in ``year`` (its latest regrade from a year
        not after it), else the charter's (operations.md §8)."""
        grade = [g for y, g in self.grade[parcel] if y <= year][-1]
        return GRADES[grade][1] if grade in GRADES else RATE

    @precondition(lambda self: bool(self.held(self.today)))
    @rule(data=st.data(), grade=st.sampled_from(("G1", "G2")))
    def regrade(self, data: st.DataObject, grade: str) -> None:
        """A parcel's grade from next year on: its base follows, its booked value not."""
        p = data.draw(st.sampled_from(sorted(self.held(self.today))))
        year = self.today.year + 1
        changed = self.uow.run(lambda c: grades.regrade(c, p, grade, str(year)))
        now = [g for y, g in self.grade[p] if y <= year][-1]
        assert changed == (now != grade)
        if changed:
            self.grade[p].append((year, grade))

    @rule(fen=st.integers(1, 500_000))
    def grow(self, fen: int) -> None:
        """A cost of the crop (seeds, fertiliser): never in the year's surplus."""
        amount = format_fen(fen)
        self.uow.run(
            lambda c: vouchers.add(
                c, self.today, "种苗", [("40101", amount)], [("102", amount)], None
            )
        )
        self.crop_cost += fen
        self.any_voucher = True

    @rule(fen=st.integers(-500_000, 2_000_000).filter(bool))
    def business(self, fen: int) -> None:
        amount = format_fen(abs(fen))
        dr, cr = ("102", "50101") if fen > 0 else ("52102", "102")
        self.uow.run(
            lambda c: vouchers.add(c, self.today, "业务", [(dr, amount)], [(cr, amount)], None)
        )
        self.income[self.today.year] = self.income.get(self.today.year, 0) + fen
        self.any_voucher = True

    @precondition(lambda self: self.any_voucher and self.today.year < 2027)
    @rule(pay=st.booleans(), convert=st.one_of(st.just(0), st.integers(0, 10_000)))
    def end_year(self, pay: bool, convert: int) -> None:
        """Close the year, plan and post its distribution, converting ``convert``/10000 of
        each member's patronage return and residual distribution into 股金 (O§2.7)."""
        ratio = Fraction(convert, 10_000)
        year = self.today.year
        if self.land_model == "term":
            periods = [12] if self.amort_policy == "yearly" else list(range(1, 13))
            for month in periods:
                end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
                due = {}
                for p in sorted(self.held(end)):
                    if p in self.term:
                        amount = self._cum(p, self._months(p, year, month)) - self.acc[p]
                        if amount > 0:
                            due[p] = amount
                            self._charge(p, year, amount)
                y, mm = (
                    (year, None) if self.amort_policy == "yearly" else (None, f"{year}-{month:02d}")
                )
                _v, done = self.uow.run(lambda c, y=y, mm=mm: land_models.amortise(c, y, mm))  # type: ignore[misc]
                assert dict(done) == due, (year, month)
        _posted, settled = self.uow.run(lambda c: crops.settle(c, dt.date(year, 12, 31)))
        assert settled == ([("C1", self.crop_cost)] if self.crop_cost else [])
        self.crop_asset += self.crop_cost
        self.crop_cost = 0
        for month in range(1, 13):
            run = self.uow.run(lambda c, m=month: assets.depreciate(c, f"{year}-{m:02d}"))  # type: ignore[misc]
            assert dict(run.amounts) == self.depreciation_due(year, month), (year, month)
            self.income[year] = self.income.get(year, 0) - sum(a for _n, a in run.amounts)
        self.uow.run(lambda c: services.close_year(c, year))
        expected = self.oracle(year)
        plan = self.uow.run(
            lambda c: distribution.plan_json(distribution.compute(c, year, 0, ratio))
        )
        got = {
            "R": plan["reserve"],
            "P": plan["patronage_pool"],
            "Q": plan["residual_pool"],
            "members": {
                m["member_no"]: (
                    m["patronage_return"],
                    m["residual_distribution"],
                    m["reserve_share"],
                )
                for m in plan["members"]
            },
        }
        assert got == expected
        converted = {}  # the model's conversion: half-up of each share × the ratio
        for m, (p_text, q_text, _r) in got["members"].items():
            cp = half_up(parse_amount(p_text, allow_zero=True) * ratio)
            cq = half_up(parse_amount(q_text, allow_zero=True) * ratio)
            row = next(x for x in plan["members"] if x["member_no"] == m)
            assert (row["converted_patronage"], row["converted_residual"]) == (
                format_fen(cp),
                format_fen(cq),
            )
            converted[m] = cp + cq
        self.uow.run(lambda c: distribution.post(c, year, 0, None, ratio))
        end = dt.date(year, 12, 31)
        for m, fen in converted.items():
            if fen:  # credited to 301@M, counted in the residual basis from next year
                self.capital.append((m, end, fen))
                self.cash_in[m] = self.cash_in.get(m, 0) + fen
        if pay:
            self.uow.run(lambda c: dividends.pay(c, year, dt.date(year + 1, 1, 1), None))
        self.today = dt.date(year + 1, 1, 1)

    def oracle(self, year: int) -> dict[str, object]:
        first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        days = (after - first).days
        s = self.income.get(year, 0)
        u = self.undistributed
        who = sorted(m for m, j in self.members.items() if j < after)
        pat = dict.fromkeys(who, 0)
        for p, ss in self.spells.items():
            for spell in ss:
                since, until = max(spell.start, first), min(spell.end or after, after)
                if until > since:
                    pat[spell.member] += self.area[p] * (until - since).days
        amounts = {m: self.trade.get(year, {}).get(m, 0) for m in who}
        by_basis = self.patronage(pat, amounts)
        res = dict.fromkeys(who, 0)
        for m, on, amt in self.capital + self.reserve + self.funds:
            if on < after:  # O§7.3: fen-days of the holding, or the holding at the year's end
                weight = (
                    1 if self.residual == "year_end" else days if on < first else (after - on).days
                )
                res[m] += amt * weight
        r = pp = q = 0
        shares = {m: (0, 0, 0) for m in who}
        if s + u > 0:
            b = max(0, s + min(u, 0))
            r = half_up(Fraction(b, 10))
            d = s + u - r
            if d > 0:
                pp = half_up(Fraction(d * 6, 10))
                q = d - pp
            if any(by_basis.values()) or any(res.values()):
                by_p = by_basis if any(by_basis.values()) else res
                by_q = res if any(res.values()) else by_basis
                ap, aq, ar = (
                    oracle_allocate(pp, by_p),
                    oracle_allocate(q, by_q),
                    oracle_allocate(r, by_p),
                )
                shares = {m: (ap[m], aq[m], ar[m]) for m in who}
                self.undistributed = s + u - r - pp - q
                self.reserve += [(m, dt.date(year, 12, 31), ar[m]) for m in who]
            else:
                r = pp = q = 0
                self.undistributed = s + u
        else:
            self.undistributed = s + u
        return {
            "R": format_fen(r),
            "P": format_fen(pp),
            "Q": format_fen(q),
            "members": {m: tuple(format_fen(x) for x in shares[m]) for m in who},
        }

    def patronage(
        self, land_days: dict[str, int], amounts: dict[str, int]
    ) -> dict[str, int] | dict[str, Fraction]:
        """operations.md §7.2 as written: L_i, A_i, or a·A_i/ΣA + (1 − a)·L_i/ΣL."""
        if self.basis == "mu_days":
            return land_days
        if self.basis == "trade_amount":
            return amounts
        sum_l, sum_a = sum(land_days.values()), sum(amounts.values())
        if sum_a == 0:
            return land_days
        if sum_l == 0:
            return amounts
        a = self.weight
        return {m: a * amounts[m] / sum_a + (1 - a) * land_days[m] / sum_l for m in land_days}

    # ----- invariants
    @invariant()
    def books_hold(self) -> None:
        tb = self.uow.run(lambda c: services.trial_balance(c, None))
        assert tb.total_debit == tb.total_credit
        listing = self.uow.run(lambda c: land.listing(c, self.today))
        assert {x["parcel_no"]: x["member_no"] for x in listing} == self.held(self.today)
        earlier = self.today - dt.timedelta(days=45)
        listing = self.uow.run(lambda c: land.listing(c, earlier))
        assert {x["parcel_no"]: x["member_no"] for x in listing} == self.held(earlier)
        capital = self.uow.run(lambda c: c.books.member_balances("301"))
        model: dict[str, int] = {}
        for m, _on, amount in self.capital:
            model[m] = model.get(m, 0) + amount
        assert {m: -b for m, b in capital.items()} == {m: v for m, v in model.items() if v}
        # outside term, what each holds is cash and the booked values of the parcels held
        if self.land_model != "term":
            held: dict[str, int] = dict(self.cash_in)
            for p, m in self.held(dt.date.max - dt.timedelta(days=1)).items():
                held[m] = held.get(m, 0) + self.booked[p]
            assert {m: v for m, v in held.items() if v} == {m: v for m, v in model.items() if v}
        # 出资 from poverty-alleviation assets (O§2.3): the poverty parcels' moves, and cash
        tagged = self.uow.run(lambda c: capital_tags.balances(c))
        poor = {m: b["poverty"] for m, b in tagged.items() if b.get("poverty")}
        assert poor == {m: v for m, v in self.tagged.items() if v}
        # the land's amortisation: 162 and the register, parcel by parcel (O§6.1)
        amortised = self.uow.run(lambda c: (c.books.balance("162"), land_models.amortised(c)))
        # a withdrawal takes its parcel's accumulated amortisation out of 162 (Dr 162 acc)
        still = self.held(dt.date.max - dt.timedelta(days=1))
        in_162 = sum(v for p, v in self.acc.items() if p in still)
        assert amortised == (-in_162, {p: v for p, v in self.acc.items() if v})
        for year, paid in self.base_paid.items():
            got = self.uow.run(lambda c, y=year: base_pay.member_rows(c, y))  # type: ignore[misc]
            assert sum(r.amount for rows in got.values() for r in rows) == sum(paid.values())
        donated: dict[str, int] = {}
        for m, _on, amt in self.funds:
            donated[m] = donated.get(m, 0) + amt
        shares = self.uow.run(lambda c: repo.memo_balances(c, "donation"))
        assert shares == {m: v for m, v in donated.items() if v}
        owed = self.uow.run(lambda c: payees.owed(c, dt.date(2999, 12, 31)))
        assert owed == {k: v for k, v in self.owed.items() if v}
        crop = self.uow.run(lambda c: (c.books.balance("40101"), c.books.balance("14101")))
        assert crop == (self.crop_cost, self.crop_asset)
        stock = self.uow.run(lambda c: products.position(c, "PR1"))
        assert (stock.quantity, stock.cost) == (
            sum(x for x, _ in self.layers),
            sum(y for _, y in self.layers),
        )
        problems = self.uow.run(lambda c: services.check(c, True)[0])
        assert problems == [], problems


CoopMachine.TestCase.settings = settings(stateful_step_count=40)
test_coop_machine = pytest.mark.slow(CoopMachine.TestCase)  # about 100 s


@pytest.mark.slow
@pytest.mark.pg
def test_coop_machine_on_postgresql(pg_url: str) -> None:
    class OnPostgres(CoopMachine):
        target = pg_url

    run_state_machine_as_test(OnPostgres, settings=settings(max_examples=8, stateful_step_count=20))
