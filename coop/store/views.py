"""Every read the cooperative layer makes, in one place (the read side of the store).

Rules, use cases and renderers outside ``coop/store`` import no SQLAlchemy: they call
these functions and get frozen, typed records or plain values back. Lines are read
through one selectable, ``VOUCHER_LINES`` (a line joined to its voucher), with one
builder, ``line_totals`` / ``line_rows``, instead of a hand-written join per caller.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

from coop.kinds import MoveKind
from coop.shares import Movement, Parcel
from coop.store import tables as ct
from coop.store.uow import Context
from ledger.store import tables as lt
from ledger.store.checks import fetched

#: A line with its voucher: the one join every line query goes through.
_ON = sa.and_(
    lt.voucher.c.coop_id == lt.line.c.coop_id,
    lt.voucher.c.year == lt.line.c.year,
    lt.voucher.c.seq == lt.line.c.seq,
)
VOUCHER_LINES = lt.line.join(lt.voucher, _ON)


class VouchersFirst(sa.sql.selectable.Join):
    """``voucher JOIN line``, read voucher first: on SQLite a CROSS JOIN, the one way to
    fix its join order (the books keep no planner statistics, docs/decisions.md), for a
    selection a few vouchers satisfy (the year-opening kinds) and that would otherwise
    walk every line. Elsewhere a plain join; PostgreSQL plans from its statistics."""

    inherit_cache = True


@compiles(VouchersFirst)
def _plain_join(join: VouchersFirst, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_join(join, **kw))


@compiles(VouchersFirst, "sqlite")
def _cross_join(join: VouchersFirst, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left = join.left._compiler_dispatch(compiler, **kw)
    right = join.right._compiler_dispatch(compiler, **kw)
    assert join.onclause is not None
    on = join.onclause._compiler_dispatch(compiler, **kw)
    return f"{left} CROSS JOIN {right} ON {on}"


OPENING_LINES = VouchersFirst(lt.voucher, lt.line, _ON)

#: The columns a line query may select or group by.
COLUMNS: dict[str, sa.ColumnElement[Any]] = {
    "year": lt.voucher.c.year,
    "seq": lt.voucher.c.seq,
    "date": lt.line.c.date,
    "memo": lt.voucher.c.memo,
    "kind": lt.voucher.c.kind,
    "key": lt.voucher.c.key,
    "reversal_of": lt.voucher.c.reversal_of,
    "line_no": lt.line.c.line_no,
    "account": lt.line.c.account,
    "member": lt.line.c.member,
    "amount": lt.line.c.amount,
    "chain_seq": lt.voucher.c.chain_seq,
}


@dataclass(frozen=True)
class Lines:
    """Which lines: every field that is set narrows the selection."""

    accounts: Sequence[str] | None = None  # exactly these codes
    prefixes: Sequence[str] | None = None  # codes starting with one of these
    kinds: Sequence[str] | None = None
    not_kinds: Sequence[str] | None = None
    key_prefixes: Sequence[str] | None = None
    year: int | None = None  # the voucher's year
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    with_member: bool = False
    member: str | None = None  # lines of this member only


def _under(column: sa.ColumnElement[str], prefix: str) -> sa.ColumnElement[bool]:
    """Account codes starting with ``prefix``, as an index range: codes are digits, so
    every one under PREFIX sorts between PREFIX and PREFIX + ':' (a LIKE is matched
    without case on SQLite, which keeps it off the account index)."""
    return sa.and_(column >= prefix, column < prefix + ":")


def _where(ctx: Context, f: Lines) -> list[sa.ColumnElement[bool]]:
    c = lt.line.c
    w: list[sa.ColumnElement[bool]] = [c.coop_id == ctx.coop_id]
    if f.accounts is not None:
        w.append(c.account.in_(list(f.accounts)))
    if f.prefixes is not None:
        w.append(sa.or_(*[_under(c.account, p) for p in f.prefixes]))
    if f.kinds is not None:
        w.append(lt.voucher.c.kind.in_(list(f.kinds)))
    if f.not_kinds is not None:
        w.append(lt.voucher.c.kind.not_in(list(f.not_kinds)))
    if f.key_prefixes is not None:
        w.append(sa.or_(*[lt.voucher.c.key.startswith(p, autoescape=True) for p in f.key_prefixes]))
    if f.year is not None:
        w.append(c.year == f.year)
    if f.date_from is not None:
        w.append(c.date >= f.date_from.isoformat())
    if f.date_to is not None:
        w.append(c.date <= f.date_to.isoformat())
    if f.with_member:
        w.append(c.member.is_not(None))
    if f.member is not None:
        w.append(c.member == f.member)
    return w


def line_totals(
    ctx: Context, by: Sequence[str], f: Lines, joined: sa.FromClause = VOUCHER_LINES
) -> list[tuple[Any, ...]]:
    """Σ amount (debit positive) of the selected lines, grouped by ``by`` columns, in
    the order of ``by``: each row is ``(*by values, total)``. ``joined``: the join read
    (``OPENING_LINES`` reads the vouchers first)."""
    cols = [COLUMNS[b] for b in by]
    q = (
        sa.select(*cols, sa.func.coalesce(sa.func.sum(lt.line.c.amount), 0))
        .select_from(joined)
        .where(*_where(ctx, f))
    )
    if cols:
        q = q.group_by(*cols).order_by(*cols)

    def read() -> list[tuple[Any, ...]]:
        return [(*r[:-1], int(r[-1])) for r in ctx.conn.execute(q)]

    return ctx.books.remembered(("line_totals", tuple(by), _hashable(f)), read)


def _hashable(f: Lines) -> tuple[Any, ...]:
    """A selection as a key (its sequences as tuples)."""
    return tuple(tuple(v) if isinstance(v, list | tuple) else v for v in dataclasses.astuple(f))


def year_opening_totals(
    ctx: Context, year: int, kinds: Sequence[str], by: Sequence[str] = ("account",)
) -> list[tuple[Any, ...]]:
    """Σ of the year-opening vouchers of ``year`` (``kinds``, dated Y-01-01), grouped."""
    day = dt.date(year, 1, 1)
    return line_totals(ctx, by, Lines(kinds=kinds, date_from=day, date_to=day), OPENING_LINES)


def side_totals(
    ctx: Context,
    date_from: dt.date,
    date_to: dt.date,
    *,
    red_kind: str,
    skip_kinds_on_first_day: Sequence[str] = (),
    prefixes: Sequence[str] | None = None,
) -> list[tuple[str, str | None, int, int]]:
    """(account, member, 借方发生额, 贷方发生额) of the lines dated ``date_from``…``date_to``.
    A line of a red reversal (``red_kind``) keeps the side of the line it reverses, with a
    negative amount (statutory.md §1.2); ``skip_kinds_on_first_day``: vouchers of these
    kinds dated ``date_from`` are left out (the year-opening vouchers, which are 年初)."""
    amount, kind = lt.line.c.amount, lt.voucher.c.kind
    red = kind == red_kind
    debit = sa.case(
        (sa.and_(~red, amount > 0), amount), (sa.and_(red, amount < 0), amount), else_=0
    )
    credit = sa.case(
        (sa.and_(~red, amount < 0), -amount), (sa.and_(red, amount > 0), -amount), else_=0
    )
    where = _where(ctx, Lines(date_from=date_from, date_to=date_to, prefixes=prefixes))
    if skip_kinds_on_first_day:
        where.append(
            sa.not_(
                sa.and_(
                    kind.in_(list(skip_kinds_on_first_day)),
                    lt.line.c.date == date_from.isoformat(),
                )
            )
        )
    q = (
        sa.select(
            lt.line.c.account,
            lt.line.c.member,
            sa.func.coalesce(sa.func.sum(debit), 0),
            sa.func.coalesce(sa.func.sum(credit), 0),
        )
        .select_from(VOUCHER_LINES)
        .where(*where)
        .group_by(lt.line.c.account, lt.line.c.member)
        .order_by(lt.line.c.account, lt.line.c.member)
    )
    return [(str(a), m, int(d), int(c)) for a, m, d, c in ctx.conn.execute(q)]


def lines_of_vouchers_touching(
    ctx: Context, prefix: str, date_from: dt.date, date_to: dt.date
) -> Iterator[tuple[Any, ...]]:
    """Every line (year, seq, line_no, date, memo, kind, account, member, amount) of the
    vouchers dated ``date_from``…``date_to`` that have a line on ``prefix`` or under it,
    in date, voucher and line order (a 日记账 names each line's other side), streamed: a
    voucher's lines come together."""
    touching = (
        sa.select(lt.line.c.year, lt.line.c.seq)
        .where(
            lt.line.c.coop_id == ctx.coop_id,
            _under(lt.line.c.account, prefix),
            lt.line.c.date >= date_from.isoformat(),
            lt.line.c.date <= date_to.isoformat(),
        )
        .distinct()
        .subquery()
    )
    cols = ("year", "seq", "line_no", "date", "memo", "kind", "account", "member", "amount")
    q = (
        sa.select(*[COLUMNS[c] for c in cols])
        .select_from(
            VOUCHER_LINES.join(
                touching,
                sa.and_(touching.c.year == lt.line.c.year, touching.c.seq == lt.line.c.seq),
            )
        )
        .where(lt.line.c.coop_id == ctx.coop_id)
        .order_by(lt.line.c.date, lt.voucher.c.year, lt.voucher.c.seq, lt.line.c.line_no)
    )
    for r in ctx.conn.execute(q.execution_options(yield_per=5000)):
        yield tuple(r)


def has_lines_below(
    ctx: Context, code: str, member: str | None, date_from: dt.date, date_to: dt.date
) -> bool:
    """Whether a line dated ``date_from``…``date_to`` (of ``member`` when given) is on a
    sub-account of ``code`` (a parent's book names each line's leaf)."""
    c = lt.line.c
    q = sa.select(sa.literal(1)).where(
        c.coop_id == ctx.coop_id,
        _under(c.account, code),
        c.account != code,
        c.date >= date_from.isoformat(),
        c.date <= date_to.isoformat(),
        *([] if member is None else [c.member == member]),
    )
    return ctx.conn.execute(q.limit(1)).first() is not None


def kind_side_totals(
    ctx: Context, year: int, prefixes: Sequence[str], *, red_kind: str
) -> dict[tuple[str, str], tuple[int, int]]:
    """(account's first three digits, voucher kind) → (借方, 贷方) of the year's lines on
    ``prefixes``, a red line on its original side with a negative amount."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for account, amount, kind in line_rows(
        ctx, ("account", "amount", "kind"), Lines(prefixes=prefixes, year=year)
    ):
        red = kind == red_kind
        d = amount if (amount > 0) != red else 0
        c = -amount if (amount < 0) != red else 0
        key = (str(account)[:3], str(kind))
        od, oc = out.get(key, (0, 0))
        out[key] = (od + d, oc + c)
    return out


def member_memo_entries(
    ctx: Context, member: str, date_to: dt.date
) -> list[tuple[int, str, str, int, int, str]]:
    """(chain_seq, date, share, amount, year, cause) of a member's memo entries up to
    ``date_to``, in chain order."""
    m = ct.memo_entry.c
    q = (
        sa.select(m.chain_seq, m.date, m.share, m.amount, m.year, m.cause)
        .where(m.coop_id == ctx.coop_id, m.member_no == member, m.date <= date_to.isoformat())
        .order_by(m.chain_seq, m.line_no)
    )
    return [
        (int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]))
        for r in ctx.conn.execute(q)
    ]


def command_links(ctx: Context) -> list[int]:
    """The chain seqs of the audit links, one per command: a row written by a command lies
    between the previous command's audit link and its own."""
    a = lt.audit.c
    q = (
        sa.select(a.chain_seq)
        .where(a.coop_id == ctx.coop_id, a.chain_seq.is_not(None))
        .distinct()
        .order_by(a.chain_seq)
    )
    return [int(x) for (x,) in ctx.conn.execute(q)]


def vouchers_between(
    ctx: Context, date_from: dt.date, date_to: dt.date
) -> list[tuple[int, str, str]]:
    """(chain_seq, number, date) of the vouchers dated in the range, in chain order."""
    v = lt.voucher.c
    q = (
        sa.select(v.chain_seq, v.year, v.seq, v.date)
        .where(
            v.coop_id == ctx.coop_id,
            v.date >= date_from.isoformat(),
            v.date <= date_to.isoformat(),
        )
        .order_by(v.chain_seq)
    )
    return [(int(r[0]), f"{r[1]}-{r[2]}", str(r[3])) for r in ctx.conn.execute(q)]


def last_voucher_year(ctx: Context) -> int | None:
    q = sa.select(sa.func.max(lt.voucher.c.year)).where(lt.voucher.c.coop_id == ctx.coop_id)
    found = ctx.conn.execute(q).scalar()
    return None if found is None else int(found)


def account_movements(ctx: Context) -> list[tuple[int, str, int, int]]:
    """(year, account, Σ debits, Σ credits) of every account that moved in a year."""
    amount = lt.line.c.amount
    q = (
        sa.select(
            lt.line.c.year,
            lt.line.c.account,
            sa.func.coalesce(sa.func.sum(sa.case((amount > 0, amount), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((amount < 0, -amount), else_=0)), 0),
        )
        .where(lt.line.c.coop_id == ctx.coop_id)
        .group_by(lt.line.c.year, lt.line.c.account)
        .order_by(lt.line.c.year, lt.line.c.account)
    )
    return [(int(y), str(a), int(d), int(c)) for y, a, d, c in ctx.conn.execute(q)]


def line_total(ctx: Context, f: Lines) -> int:
    return int(line_totals(ctx, (), f)[0][0])


def line_rows(ctx: Context, cols: Sequence[str], f: Lines) -> Iterator[tuple[Any, ...]]:
    """The selected lines' ``cols``, in voucher and line order, streamed."""
    q = (
        sa.select(*[COLUMNS[c] for c in cols])
        .select_from(VOUCHER_LINES)
        .where(*_where(ctx, f))
        .order_by(lt.voucher.c.year, lt.voucher.c.seq, lt.line.c.line_no)
    )
    # Streamed in batches (``fetched``: on SQLite the driver's own tuples; every column
    # here is an integer or text, which SQLAlchemy does not convert).
    for r in fetched(ctx.conn, q):
        yield tuple(r)


def keys_like(ctx: Context, prefix: str) -> list[str]:
    q = sa.select(lt.voucher.c.key).where(
        lt.voucher.c.coop_id == ctx.coop_id, lt.voucher.c.key.like(prefix + "%")
    )
    return [k for (k,) in ctx.conn.execute(q)]


def line_members(
    ctx: Context, *, prefixes: Sequence[str] = (), not_prefixes: Sequence[str] = ()
) -> list[str]:
    """Every sub-ledger key (member or payee number) that some line names; with
    ``prefixes`` on those accounts only, with ``not_prefixes`` on the others."""
    c = lt.line.c
    q = sa.select(c.member).distinct().where(c.coop_id == ctx.coop_id, c.member.is_not(None))
    if prefixes:
        q = q.where(sa.or_(*[c.account.startswith(p) for p in prefixes]))
    for p in not_prefixes:
        q = q.where(sa.not_(c.account.startswith(p)))
    return [m for (m,) in ctx.conn.execute(q)]


# ----- land ----------------------------------------------------------------------------------


def parcels(ctx: Context) -> dict[str, Parcel]:
    p = ct.parcel.c
    q = sa.select(p.parcel_no, p.contract_no, p.area, p.term_years, p.grade).where(
        p.coop_id == ctx.coop_id
    )
    # unpacked, not read by name: a county's 100,000 parcels
    return {no: Parcel(no, c, a, t, g) for no, c, a, t, g in ctx.conn.execute(q)}


def parcel_areas(ctx: Context) -> dict[str, int]:
    """parcel number → its area (1/10000 mu): ``parcels`` without building each row."""
    p = ct.parcel.c
    q = sa.select(p.parcel_no, p.area).where(p.coop_id == ctx.coop_id)
    return {r[0]: r[1] for r in ctx.conn.execute(q)}


def movements(ctx: Context) -> list[Movement]:
    """The movements that change who holds a parcel (a regrade does not)."""
    c = ct.land_movement.c
    q = sa.select(c.chain_seq, c.parcel_no, c.kind, c.member_no, c.date, c.booked).where(
        c.coop_id == ctx.coop_id, c.kind != MoveKind.REGRADE
    )
    day = dt.date.fromisoformat
    return [Movement(s, p, k, m, day(d), b) for s, p, k, m, d, b in ctx.conn.execute(q)]


def regrade_rows(ctx: Context) -> list[tuple[str, str, str]]:
    """(parcel_no, date, grade) of every regrade, in chain order (operations.md §8)."""
    c = ct.land_movement.c
    q = (
        sa.select(c.parcel_no, c.date, c.reason)
        .where(c.coop_id == ctx.coop_id, c.kind == MoveKind.REGRADE)
        .order_by(c.chain_seq)
    )
    return [(str(p), str(d), str(g)) for p, d, g in ctx.conn.execute(q)]


def contribution_vouchers(ctx: Context) -> dict[str, str | None]:
    """parcel → the voucher of its contribution (None when it booked nothing)."""
    c = ct.land_movement.c
    q = sa.select(c.parcel_no, c.voucher).where(
        c.coop_id == ctx.coop_id, c.kind == MoveKind.CONTRIBUTE
    )
    return {p: v for p, v in ctx.conn.execute(q)}


# ----- base register -------------------------------------------------------------------------


class BaseRow(NamedTuple):
    year: int
    parcel_no: str
    voucher: str
    member_no: str
    area: int
    rate: int
    amount: int
    paid_on: str
    prepaid: int
    debit_account: str | None = None  # a 401 leaf under base_cost capitalise


def base_rows(
    ctx: Context, year: int | None = None, *, prepaid: bool | None = None
) -> list[BaseRow]:
    b = ct.base_register.c
    q = sa.select(
        b.year,
        b.parcel_no,
        b.voucher,
        b.member_no,
        b.area,
        b.rate,
        b.amount,
        b.paid_on,
        b.prepaid,
        b.debit_account,
    ).where(b.coop_id == ctx.coop_id)
    if year is not None:
        q = q.where(b.year == year)
    if prepaid is not None:
        q = q.where(b.prepaid == int(prepaid))
    return [BaseRow._make(r) for r in ctx.conn.execute(q.order_by(b.year, b.parcel_no))]


# ----- member-account memo entries -----------------------------------------------------------


def memo_changes(
    ctx: Context,
    shares: Sequence[str],
    end: dt.date,
    leave_out: tuple[int, Sequence[str]] | None = None,
) -> list[tuple[str, str, int]]:
    """(member, date, Σ amount) of memo entries of these shares up to ``end``;
    ``leave_out``: (year, causes) whose entries are left out."""
    m = ct.memo_entry.c
    q = (
        sa.select(m.member_no, m.date, sa.func.sum(m.amount))
        .where(m.coop_id == ctx.coop_id, m.share.in_(list(shares)), m.date <= end.isoformat())
        .group_by(m.member_no, m.date)
        .order_by(m.member_no, m.date)
    )
    if leave_out is not None:
        year, causes = leave_out
        q = q.where(sa.not_(sa.and_(m.year == year, m.cause.in_(list(causes)))))
    return [(r[0], r[1], int(r[2])) for r in ctx.conn.execute(q)]


def owed_entries(ctx: Context) -> list[tuple[int, str, str, int]]:
    """(year, member, account, amount) of the ``owed:ACCOUNT`` memo entries (openings)."""
    m = ct.memo_entry.c
    q = sa.select(m.year, m.member_no, m.share, m.amount).where(
        m.coop_id == ctx.coop_id, m.share.like("owed:%")
    )
    return [(y, member, share.split(":")[1], int(a)) for y, member, share, a in ctx.conn.execute(q)]


# ----- distributions -------------------------------------------------------------------------


@dataclass(frozen=True)
class PostedDistribution:
    year: int
    chain_seq: int
    retained: int
    approved_on: str | None
    digest: str
    convert_ratio: str | None = None  # converted into 股金 at posting (O§2.7)

    @property
    def convert(self) -> Fraction:
        return Fraction(self.convert_ratio) if self.convert_ratio else Fraction(0)


def distributions(ctx: Context, year: int | None = None) -> list[PostedDistribution]:
    d = ct.distribution.c
    q = sa.select(d.year, d.chain_seq, d.retained, d.approved_on, d.digest, d.convert_ratio).where(
        d.coop_id == ctx.coop_id
    )
    if year is not None:
        q = q.where(d.year == year)
    return [PostedDistribution(*r) for r in ctx.conn.execute(q.order_by(d.year))]


# ----- the chain, as people name its links ---------------------------------------------------


def link_meta(ctx: Context, seq: int) -> tuple[str, str | None] | None:
    """(kind, recorded at) of the stored link at ``seq``."""
    row = ctx.conn.execute(
        sa.select(lt.chain.c.kind, lt.chain.c.at).where(
            lt.chain.c.coop_id == ctx.coop_id, lt.chain.c.seq == seq
        )
    ).first()
    return None if row is None else (row.kind, row.at)


def link_key(ctx: Context, seq: int, kind: str) -> str | None:
    """What the link at ``seq`` records, as people name it (a voucher number, a year)."""
    cid = ctx.coop_id
    if kind == "voucher":
        r = ctx.conn.execute(
            sa.select(lt.voucher.c.year, lt.voucher.c.seq).where(
                lt.voucher.c.coop_id == cid, lt.voucher.c.chain_seq == seq
            )
        ).first()
        return None if r is None else f"{r.year}-{r.seq}"
    if kind == "close":
        y = ctx.conn.execute(
            sa.select(lt.period_close.c.year).where(
                lt.period_close.c.coop_id == cid, lt.period_close.c.chain_seq == seq
            )
        ).scalar()
        return None if y is None else str(y)
    if kind == "audit":
        r = ctx.conn.execute(
            sa.select(lt.audit.c.command, lt.audit.c.action)
            .where(lt.audit.c.coop_id == cid, lt.audit.c.chain_seq == seq)
            .limit(1)
        ).first()
        return None if r is None else (r.command or r.action)
    return None


class ExportLine(NamedTuple):
    year: int
    seq: int
    date: str
    memo: str
    kind: str
    account: str
    member: str | None
    amount: int


def export_lines(ctx: Context) -> Iterator[ExportLine]:
    cols = ("year", "seq", "date", "memo", "kind", "account", "member", "amount")
    for r in line_rows(ctx, cols, Lines()):
        yield ExportLine(*r)
