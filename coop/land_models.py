"""Land valuation models (operations.md §6; O1 arts 30(三), 31): land booked for its term
(``land_model term``) is amortised straight-line over it into 162 累计摊销, and a
withdrawal, transfer or leaving moves its net book value, not what it was booked at.

The schedule is exact: for the k-th of M = 12 × term_years months, ``cum(k) = round(booked
× k / M)`` half-up, and a run amortises cum(k) less what was amortised before, so the runs
add up to the booked value whatever their rhythm (yearly, monthly, or caught up at a
withdrawal). The first month is the contribution month when the contribution is dated the
1st, else the next month. A parcel keeps the model of its contribution year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from coop import keys, posting
from coop.charter import charter_for
from coop.errors import BadInput, NotAllowed
from coop.kinds import VoucherKind as K
from coop.shares import spells
from coop.store import repo, views
from coop.store.uow import Context
from ledger.accounts import leaf_codes
from ledger.checks import Problem
from ledger.entries import Line, Posted, Voucher
from ledger.i18n import tr
from ledger.money import Rounding, format_fen, round_fraction

AMORTISED = "162"  # 累计摊销
#: Where land amortisation may be charged (operations.md §1.3 land_cost_account).
COST_ACCOUNTS = ("401", "141", "521", "523")


# ----- the schedule (pure) ----------------------------------------------------------------------


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def first_month(contributed: dt.date) -> int:
    """The month index the term starts in (art. 31: from the day it is used; whole
    months): the contribution month when dated the 1st, else the next one."""
    i = _index(contributed.year, contributed.month)
    return i if contributed.day == 1 else i + 1


def months_ended(contributed: dt.date, term_years: int, day: dt.date) -> int:
    """How many term months have ended by the end of ``day`` (0 … M)."""
    last = _index(day.year, day.month)
    nxt = day + dt.timedelta(days=1)
    if nxt.month == day.month:  # the month of ``day`` has not ended
        last -= 1
    return max(0, min(12 * term_years, last - first_month(contributed) + 1))


def months_before(contributed: dt.date, term_years: int, day: dt.date) -> int:
    """How many term months lie wholly before the month of ``day``."""
    return months_ended(contributed, term_years, day.replace(day=1) - dt.timedelta(days=1))


def cum(booked: int, k: int, term_years: int) -> int:
    return round_fraction(Fraction(booked * k, 12 * term_years), Rounding.HALF_UP)


# ----- the parcels under term --------------------------------------------------------------------


@dataclass(frozen=True)
class TermParcel:
    parcel_no: str
    contributed: dt.date
    term_years: int
    booked: int


def models(
    ctx: Context, rows: list[tuple[int, int, str, str]] | None = None
) -> Callable[[int], str]:
    """year → the charter's land model, the charter read once (for a pass over every
    parcel or every row of a file)."""
    if rows is None:
        rows = repo.charter_rows(ctx)
    cache: dict[int, str] = {}

    def model(year: int) -> str:
        if year not in cache:
            cache[year] = charter_for(year, rows).land_model
        return cache[year]

    return model


def term_parcels(ctx: Context) -> dict[str, TermParcel]:
    """Every parcel contributed under ``land_model term`` (booked for its term)."""
    out: dict[str, TermParcel] = {}
    rows = repo.charter_rows(ctx)
    if not any(k == "land_model" and v == "term" for _s, _y, k, v in rows):
        return out  # no year of the charter books land for its term: no parcel to read
    parcels = views.parcels(ctx)
    model = models(ctx, rows)
    for no, ss in spells(views.movements(ctx)).items():
        first = ss[0]
        p = parcels.get(no)
        if p is None or p.term_years is None or not first.booked:
            continue
        if model(first.start.year) == "term":
            out[no] = TermParcel(no, first.start, p.term_years, first.booked)
    return out


def amortised(ctx: Context, as_of: dt.date | None = None) -> dict[str, int]:
    """parcel → what its register rows amortised (up to ``as_of``)."""
    out: dict[str, int] = {}
    for r in repo.land_amort_rows(ctx):
        if as_of is None or r["date"] <= as_of.isoformat():
            out[r["parcel_no"]] = out.get(r["parcel_no"], 0) + r["amount"]
    return out


def check_cost_account(ctx: Context, code: str) -> str:
    """``land_cost_account``: a leaf under 401, 141, 521 (not 52101) or 523 (exit 1)."""
    leaves = leaf_codes(ctx.books.accounts())
    if code not in leaves or not code.startswith(COST_ACCOUNTS) or code.startswith("52101"):
        raise NotAllowed(
            tr(
                "land_cost_account {account} is not a leaf under 401, 141, 521 (not 52101) or "
                "523: set it with coop charter set land_cost_account",
                account=code,
            )
        )
    return code


def debit_account(ctx: Context, parcel_no: str, year: int) -> str:
    """The 401 leaf of the parcel's crop for the year, else the charter's
    land_cost_account."""
    crop = repo.land_assign_rows(ctx, year).get((year, parcel_no))
    if crop is not None:
        return str(repo.crop_rows(ctx)[crop]["cost_account"])
    return check_cost_account(ctx, repo.charter(ctx, year).land_cost_account)


def _held_on(ctx: Context, day: dt.date, *, leavers: bool = True) -> set[str]:
    """Parcels held on ``day``; without ``leavers``, not those of a member who has left by
    then (their leaving settles the net book value, operations.md §6.2)."""
    gone = set()
    if not leavers:
        gone = {m for m, n in repo.notices(ctx).items() if n.exit_on <= day.isoformat()}
    out = set()
    for no, ss in spells(views.movements(ctx)).items():
        if any(
            s.start <= day and (s.end is None or day < s.end) and s.member_no not in gone
            for s in ss
        ):
            out.add(no)
    return out


def due(ctx: Context, day: dt.date) -> dict[str, tuple[int, int]]:
    """parcel → (k, amount) still to amortise for the term months ended by ``day``, for the
    term parcels held that day: cum(k) less everything amortised so far (a withdrawal's
    catch-up included, so a later run never amortises twice)."""
    terms = term_parcels(ctx)
    if not terms:
        return {}
    done = amortised(ctx)
    held = _held_on(ctx, day, leavers=False)
    out = {}
    for no, t in terms.items():
        if no not in held:
            continue
        k = months_ended(t.contributed, t.term_years, day)
        amount = cum(t.booked, k, t.term_years) - done.get(no, 0)
        if amount > 0:
            out[no] = (k, amount)
    return out


def unrun(ctx: Context, day: dt.date) -> str | None:
    """The first term parcel held on ``day`` whose amortisation due by then has no run."""
    late = due(ctx, day)
    return min(late) if late else None


# ----- the runs ---------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def parse_period(year: int | None, month: str | None) -> tuple[dt.date, str, str]:
    """(the run's date, its key suffix, its memo) for ``--year Y`` or ``--month YYYY-MM``."""
    if (year is None) == (month is None):
        raise BadInput(tr("give --year or --month"), field="year")
    if month is not None:
        ok = len(month) == 7 and month[4] == "-" and month.replace("-", "", 1).isascii()
        ok = ok and month[:4].isdigit() and month[5:].isdigit()
        if not ok or not 1 <= int(month[5:]) <= 12 or not 1900 <= int(month[:4]) <= 2999:
            raise BadInput(tr("month {text!r} is not valid: use YYYY-MM", text=month),
                           field="month")  # fmt: skip
        y, m = int(month[:4]), int(month[5:])
        return _month_end(y, m), month, f"摊销{y}年{m:02d}月土地经营权"
    assert year is not None
    return dt.date(year, 12, 31), f"{year:04d}", f"摊销{year}年土地经营权"


def amortise(
    ctx: Context, year: int | None, month: str | None
) -> tuple[Posted | None, list[tuple[str, int]]]:
    """``land amortise``: one voucher dated the period's last day, Dr the parcels' debit
    accounts / Cr 162, for what each term parcel held that day has due (operations.md
    §6.1); a second run of the period writes nothing."""
    day, suffix, memo = parse_period(year, month)
    policy = repo.charter(ctx, day.year).land_amortisation
    if (policy == "monthly") != (month is not None):
        option = "--month YYYY-MM" if policy == "monthly" else "--year " + str(day.year)
        raise NotAllowed(
            tr(
                "land_amortisation is {policy} in {year}: run coop land amortise {option}",
                policy=policy,
                year=day.year,
                option=option,
            )
        )
    if ctx.books.is_closed(day.year):
        raise NotAllowed(tr("year {year} is closed", year=day.year))
    previous = (
        day.replace(day=1) - dt.timedelta(days=1)
        if month is not None
        else dt.date(day.year - 1, 12, 31)
    )
    late = unrun(ctx, previous)
    if late is not None:
        raise NotAllowed(
            tr(
                "the amortisation due by {date} has no run (parcel {parcel}): run the "
                "earlier period first",
                date=previous.isoformat(),
                parcel=late,
            )
        )
    owed = due(ctx, day)
    if not owed:
        return None, []
    by_debit: dict[str, int] = {}
    for no, (_k, amount) in sorted(owed.items()):
        d = debit_account(ctx, no, day.year)
        by_debit[d] = by_debit.get(d, 0) + amount
    total = sum(a for _k, a in owed.values())
    # what became due after the period's run (land contributed later, dated inside it) is
    # a further run of the period with a key of its own: land-amort:2024, then :2024/2 …
    key, n = keys.land_amortise(suffix), 1
    while ctx.books.find_by_keys([key]):
        n += 1
        key = keys.land_amortise(f"{suffix}/{n}")
    v = Voucher(
        day,
        memo,
        (*(Line(d, a) for d, a in sorted(by_debit.items())), Line(AMORTISED, -total)),
        kind=K.LAND_AMORTISE,
        key=key,
        user=ctx.user,
    )
    ((posted, created),) = posting.post(ctx, [v])
    if created:
        repo.add_land_amort(
            ctx,
            posted.number,
            [
                dict(parcel_no=no, through=k, date=day.isoformat(), amount=a)
                for no, (k, a) in sorted(owed.items())
            ],
        )
        ctx.books.audit("land", [f"{posted.number}: land amortised {format_fen(total)}"])
    return posted, sorted((no, a) for no, (_k, a) in owed.items())


def settle_lines(ctx: Context, parcel_no: str, day: dt.date) -> tuple[list[Line], Any, int]:
    """For a withdrawal or transfer of a term parcel dated ``day`` (operations.md §6.2): the
    catch-up lines (every term month before the month of ``day`` not amortised yet), the
    register row they make (or None), and the net book value after them. ([], None,
    booked) for a parcel not under term."""
    t = term_parcels(ctx).get(parcel_no)
    if t is None:
        return [], None, -1
    rows = [r for r in repo.land_amort_rows(ctx) if r["parcel_no"] == parcel_no]
    k = months_before(t.contributed, t.term_years, day)
    # a run has amortised the month of ``day`` (or later): the holder's use is settled
    # past the movement
    later = [r["date"] for r in rows if r["through"] > k]
    if later:
        last = max(later)
        raise NotAllowed(
            tr(
                "parcel {parcel} is amortised to {date}: date the transfer or withdrawal "
                "after it, or reverse that run first",
                parcel=parcel_no,
                date=last,
            )
        )
    done = sum(r["amount"] for r in rows)
    year_before = dt.date(day.year - 1, 12, 31)
    if cum(t.booked, months_ended(t.contributed, t.term_years, year_before), t.term_years) > done:
        raise NotAllowed(
            tr(
                "the amortisation due by {date} has no run (parcel {parcel}): run the "
                "earlier period first",
                date=year_before.isoformat(),
                parcel=parcel_no,
            )
        )
    catch = cum(t.booked, k, t.term_years) - done
    lines: list[Line] = []
    row = None
    if catch:
        lines = [Line(debit_account(ctx, parcel_no, day.year), catch), Line(AMORTISED, -catch)]
        row = dict(parcel_no=parcel_no, through=k, date=day.isoformat(), amount=catch)
    return lines, row, t.booked - done - catch


def accumulated(ctx: Context, parcel_no: str) -> int:
    return amortised(ctx).get(parcel_no, 0)


def listing_fields(ctx: Context, as_of: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """parcel → model, booked, amortised, net (for ``land list``), as of a day."""
    done = amortised(ctx, as_of)
    model = models(ctx)
    out = {}
    for no, ss in spells(views.movements(ctx)).items():
        booked, acc = ss[0].booked, done.get(no, 0)
        out[no] = dict(
            model=model(ss[0].start.year), booked=booked, amortised=acc, net=booked - acc
        )
    return out


def one_year_warnings(ctx: Context) -> list[Problem]:
    """``check --strict`` (operations.md §0.8): land held at one year's value is not
    amortised, which O1 art. 31 allows only for assets at a nominal value; a warning on
    stderr, not a problem — the charter chose it, and 附注 item 4 discloses it."""
    charts = ctx.books.charts()
    if not charts or charts[-1][0] != "2021":
        return []
    held = _held_on(ctx, dt.date.max - dt.timedelta(days=1))
    terms = term_parcels(ctx)
    n = sum(
        1
        for no, ss in spells(views.movements(ctx)).items()
        if no in held and no not in terms and ss[0].booked
    )
    if not n:
        return []
    return [
        Problem(
            "land-amortisation",
            tr(
                "{n} parcels are booked at one year's value and not amortised (O1 art. 31 "
                "exempts only assets at a nominal value); 附注 item 4 discloses them",
                n=n,
            ),
        )
    ]
