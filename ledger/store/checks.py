"""``check`` for the ledger: every invariant recomputed from the database.

Set-based where it can be (one aggregate per check), streaming where it must
read every record (the hash chain is recomputed in full, never just its ends).
"""

from __future__ import annotations

import collections
import datetime as dt
import heapq
import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ledger import chain as chainmod
from ledger import records
from ledger.accounts import leaf_codes
from ledger.checks import Problem, gapless, guarded, is_red_copy
from ledger.entries import Line, Voucher, format_number
from ledger.errors import NotFound
from ledger.i18n import tr
from ledger.store import chain_worker
from ledger.store import tables as t
from ledger.store.books import Books, voucher_papers
from ledger.store.chain_worker import recorded_head

ChainRecord = tuple[int, str, Sequence[chainmod.Field]]
RecordSource = Callable[[Connection, int], Iterator[ChainRecord]]


def fetched(conn: Connection, q: sa.Select[Any], size: int = 5000) -> Iterator[tuple[Any, ...]]:
    """The rows of ``q`` streamed in batches (a batch fetched at a time costs less per
    row than a row at a time: the largest reads use it)."""
    if conn.dialect.name != "sqlite":  # a server-side cursor, SQLAlchemy's rows
        result = conn.execute(q.execution_options(yield_per=size))
        try:
            while rows := result.fetchmany(size):
                yield from rows
        finally:
            result.close()
        return
    # SQLite's cursor streams by itself: its plain tuples are read directly (integers and
    # text need no conversion), without a result object per row.
    result = conn.execute(q)
    try:
        cursor = result.cursor
        while rows := cursor.fetchmany(size):
            yield from rows
    finally:
        result.close()


def voucher_records(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    """Every voucher as its chain record, in chain order, streamed.

    The headers and the lines are read as two streams in chain order, merged here: a
    line's row carries its voucher's chain position, not the header's eleven columns
    again (a million lines' rows read in half the time)."""
    v, ln = t.voucher.c, t.line.c
    heads = (
        sa.select(
            v.year,
            v.seq,
            v.date,
            v.memo,
            v.user,
            v.kind,
            v.key,
            v.reversal_of,
            v.chain_seq,
            v.attachments,
            v.corrects,
        )
        .where(v.coop_id == coop_id)
        .order_by(v.chain_seq)
    )
    lines_q = (
        sa.select(v.chain_seq, ln.line_no, ln.account, ln.member, ln.amount)
        .select_from(
            t.voucher.outerjoin(  # the headers outer: chain order without a sort
                t.line,
                sa.and_(ln.coop_id == v.coop_id, ln.year == v.year, ln.seq == v.seq),
            )
        )
        .where(v.coop_id == coop_id)
        .order_by(v.chain_seq, ln.line_no)
    )
    label = tr("voucher {number}")  # translated once, filled per voucher
    groups = itertools.groupby(fetched(conn, lines_q), key=operator.itemgetter(0))
    group = next(groups, None)  # (chain position, its lines' rows), the next to match
    for h in fetched(conn, heads):
        rows: list[list[chainmod.Field]] = []
        if group is not None and group[0] == h[8]:
            # A voucher without lines has one row, its line columns null (line_no is
            # never null in a line); dropped wherever it sorts, on either database.
            rows = [[r[1], r[2], r[3], r[4]] for r in group[1] if r[1] is not None]
            group = next(groups, None)
        yield _voucher_chain_record(h, rows, label)


def _voucher_chain_record(
    h: tuple[Any, ...], lines: list[list[chainmod.Field]], label: str
) -> ChainRecord:
    year, seq, date, memo, user, kind, key, reversal_of, chain_seq, attachments, corrects = h[:11]
    fields: list[chainmod.Field] = [
        "voucher",
        year,
        seq,
        date,
        memo,
        user,
        kind,
        key,
        reversal_of,
        lines,
        *voucher_papers(attachments, corrects),
    ]
    return (chain_seq, label.format(number=f"{year}-{seq}"), fields)


def close_records(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    q = (
        sa.select(t.period_close)
        .where(t.period_close.c.coop_id == coop_id)
        .order_by(t.period_close.c.chain_seq)
    )
    for r in conn.execute(q):
        yield (r.chain_seq, tr("close of {year}", year=r.year), ["close", r.year, r.head, r.user])


def coop_records(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in conn.execute(
        sa.select(t.book).where(t.book.c.id == coop_id, t.book.c.chain_seq.is_not(None))
    ):
        yield (
            r.chain_seq,
            tr("cooperative {code}", code=r.code),
            records.coop_fields(r.code, r.name),
        )


def chart_records(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    """Chart versions with the accounts loaded with them, and accounts added later."""
    charts = {
        r.chain_seq: r
        for r in conn.execute(
            sa.select(t.chart_version).where(
                t.chart_version.c.coop_id == coop_id, t.chart_version.c.chain_seq.is_not(None)
            )
        )
    }
    groups: dict[int, list[Any]] = {seq: [] for seq in charts}
    for r in conn.execute(
        sa.select(t.account).where(
            t.account.c.coop_id == coop_id, t.account.c.chain_seq.is_not(None)
        )
    ):
        groups.setdefault(r.chain_seq, []).append(r._mapping)
    for seq in sorted(groups):
        rows = groups[seq]
        c = charts.get(seq)
        if c is not None:
            yield (
                seq,
                tr("chart {version}", version=c.version),
                records.chart_fields(c.version, c.from_year, c.to_year, rows),
            )
        elif len(rows) == 1:
            label = tr("account {code}", code=rows[0]["code"])
            yield (seq, label, records.account_fields(rows[0]))
        else:  # two accounts claim one account link: encode both, so it cannot match
            yield (
                seq,
                tr("account {code}", code=rows[0]["code"]),
                ["account", [records.account_item(r) for r in rows]],
            )


def audit_records(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    """One record per command, streamed: its rows are read in link order, a link's rows
    together (``audit_fields`` orders them by id), and each record's rows are read while
    it is hashed (``chain.Streamed``; a bulk import's record holds a row per voucher)."""
    a = t.audit.c
    chained = (a.coop_id == coop_id, a.chain_seq.is_not(None))
    q = (
        sa.select(a.chain_seq, a.id, a.user, a.command, a.head_before, a.action, a.detail)
        .where(*chained)
        .order_by(a.chain_seq, a.id)
    )
    counts = (
        sa.select(a.chain_seq, sa.func.count())
        .where(*chained)
        .group_by(a.chain_seq)
        .order_by(a.chain_seq)
    )
    rows = fetched(conn, q)
    # Both read one snapshot: each link's rows are the next ``n`` of the ordered rows.
    for seq, n in fetched(conn, counts):
        first = next(rows)
        rest = itertools.islice(rows, n - 1)
        items = (list(r[1:]) for r in itertools.chain([first], rest))
        label = tr("audit {command}", command=first[3] or first[5])
        yield (seq, label, ["audit", chainmod.Streamed(n, items)])
        collections.deque(rest, maxlen=0)  # the rows a record left unread (a broken link)


LEDGER_SOURCES: tuple[RecordSource, ...] = (coop_records, chart_records, audit_records)

#: Tables of this layer whose rows are chain records, with the column naming each row's
#: link; ``line`` rows are fields of their voucher's record.
CHAINED: dict[str, str] = {
    "book": "chain_seq",
    "chart_version": "chain_seq",
    "account": "chain_seq",
    "voucher": "chain_seq",
    "line": "voucher",
    "audit": "chain_seq",
    "period_close": "chain_seq",
}
#: Tables that are not records but the chain's own bookkeeping, each checked otherwise.
NOT_RECORDS: dict[str, str] = {
    "chain": "the links themselves: every one recomputed from the records",
    "chain_head": "compared with the recomputed head",
    "counter": "compared with the highest voucher number of its year (check: counter)",
    "alembic_version": "the schema revision; the schema check compares the whole schema",
}


def uncovered_rows(conn: Connection, coop_id: int, tables: dict[str, sa.Table]) -> list[Problem]:
    """Rows of chained tables whose link column is empty: covered by no chain record."""
    out = []
    for name, table in tables.items():
        key = table.c.id if name == "book" else table.c.coop_id
        n = conn.execute(
            sa.select(sa.func.count()).where(key == coop_id, table.c.chain_seq.is_(None))
        ).scalar_one()
        if n:
            out.append(
                Problem(
                    "chain",
                    tr("{n} row(s) of {table} are covered by no chain link", n=n, table=name),
                )
            )
    return out


def all_records(
    conn: Connection, coop_id: int, sources: Sequence[RecordSource]
) -> Iterator[ChainRecord]:
    """Every chain record of a cooperative, from its rows, in chain order, each to be
    hashed before the next is taken (an audit record's rows are read while it is)."""
    streams = [voucher_records(conn, coop_id), close_records(conn, coop_id)]
    streams += [src(conn, coop_id) for src in (*LEDGER_SOURCES, *sources)]
    # Each source reads on its own cursor, a batch at a time: the merge holds a record of
    # each, not the sources whole (SQLite keeps several cursors open on one connection;
    # PostgreSQL's driver has fetched each result by the time its cursor is read).
    return heapq.merge(*streams, key=lambda rec: rec[0])


def link_times(conn: Connection, coop_id: int) -> dict[int, str | None]:
    """When each link was recorded (stored beside the chain, not part of it)."""
    q = sa.select(t.chain.c.seq, t.chain.c.at).where(t.chain.c.coop_id == coop_id)
    return {r.seq: r.at for r in conn.execute(q)}


def check_chain(
    conn: Connection,
    coop_id: int,
    sources: Sequence[RecordSource],
    keep: chainmod.Keep | None = None,
) -> list[Problem]:
    """Recompute every link from the records and compare it with the stored link (and its
    stored kind) and with the recorded head; name rows that no link covers."""
    stored_q = (
        sa.select(t.chain.c.seq, t.chain.c.kind, t.chain.c.hash)
        .where(t.chain.c.coop_id == coop_id)
        .order_by(t.chain.c.seq)
    )
    # The stored links are read beside the records, in step with them: each link's kind
    # waits in ``kinds`` until its record comes (a few at a time, not the whole chain).
    kinds: dict[int, str] = {}

    def stored() -> Iterator[tuple[int, bytes]]:
        for seq, kind, digest in fetched(conn, stored_q):
            kinds[seq] = kind
            yield seq, bytes(digest)

    head = recorded_head(conn, coop_id)
    out: list[Problem] = []
    if head is None:
        out.append(Problem("chain", tr("the recorded head of the chain is missing")))
    wrong_kind: list[tuple[int, str]] = []

    def watched() -> Iterator[ChainRecord]:
        for rec in all_records(conn, coop_id, sources):
            kind = kinds.pop(rec[0], None)
            if kind is not None and kind != rec[2][0]:
                wrong_kind.append((rec[0], kind))
            yield rec

    problems, _ = chainmod.verify(stored(), watched(), head, keep)
    out += [
        Problem("chain", tr("{label}: {detail}", label=p.label, detail=p.detail)) for p in problems
    ]
    if wrong_kind:
        out.append(
            Problem(
                "chain",
                tr(
                    "link {seq} is stored as a {kind!r} link but its record is not",
                    seq=wrong_kind[0][0],
                    kind=wrong_kind[0][1],
                ),
            )
        )
    return out + uncovered_rows(
        conn,
        coop_id,
        {n: t.metadata.tables[n] for n in ("book", "chart_version", "account", "audit")},
    )


def check_books(
    books: Books,
    *,
    sources: Sequence[RecordSource] = (),
    reversible: frozenset[str],
    closed_ok: frozenset[str],
    thorough: bool = False,
    keep: chainmod.Keep | None = None,
    person_accounts: tuple[str, ...] = (),
    beside: Callable[[], list[Problem]] | None = None,
) -> list[Problem]:
    """Every ledger invariant; an empty list when the books are sound. ``thorough`` runs
    SQLite's full integrity_check (indexes against tables) instead of quick_check.
    ``person_accounts``: as ``Books.post`` (lines on them may name a person). ``beside``:
    the caller's own rules, run while the chain is recomputed and listed last.

    On long chains the chain rule runs in a worker process meanwhile
    (``chain_worker``); the problems and their order are the same either way."""
    conn, cid = books.conn, books.coop_id
    worker = chain_worker.Worker.start(conn, cid, sources, keep)
    try:
        problems: list[Problem] = []
        problems += guarded("balanced", lambda: _balanced(conn, cid))
        problems += guarded("accounts", lambda: _accounts(books, person_accounts))
        problems += guarded("numbering", lambda: _numbering(conn, cid))
        problems += guarded("dates", lambda: _line_dates(conn, cid))
        problems += guarded("reversals", lambda: _reversals(books, reversible))
        problems += guarded("closed-years", lambda: _closed_years(books, closed_ok))
        theirs = beside() if beside is not None else []
        if conn.dialect.name == "sqlite":
            theirs = _sqlite_integrity(conn, thorough) + theirs
        chained = worker.result(conn, cid, keep) if worker is not None else None
    except BaseException:
        if worker is not None:
            worker.cancel()
        raise
    if chained is None:
        chained = guarded("chain", lambda: check_chain(conn, cid, sources, keep))
    return problems + chained + theirs


def _balanced(conn: Connection, cid: int) -> list[Problem]:
    total = sa.func.coalesce(sa.func.sum(t.line.c.amount), 0)
    zeros = sa.func.sum(sa.case((t.line.c.amount == 0, 1), else_=0))
    q = (
        sa.select(t.voucher.c.year, t.voucher.c.seq, sa.func.count(t.line.c.line_no), total, zeros)
        .select_from(
            t.voucher.outerjoin(
                t.line,
                sa.and_(
                    t.line.c.coop_id == t.voucher.c.coop_id,
                    t.line.c.year == t.voucher.c.year,
                    t.line.c.seq == t.voucher.c.seq,
                ),
            )
        )
        .where(t.voucher.c.coop_id == cid)
        .group_by(t.voucher.c.year, t.voucher.c.seq)
        .having(sa.or_(sa.func.count(t.line.c.line_no) < 2, total != 0, zeros > 0))
        .order_by(t.voucher.c.year, t.voucher.c.seq)
    )
    out = [
        Problem(
            "balanced",
            tr(
                "voucher {number} has {n} lines summing to {total} fen with a zero line",
                number=format_number(y, s),
                n=n,
                total=tot,
            )
            if z
            else tr(
                "voucher {number} has {n} lines summing to {total} fen",
                number=format_number(y, s),
                n=n,
                total=tot,
            ),
        )
        for y, s, n, tot, z in conn.execute(q)
    ]
    orphan = (
        sa.select(t.line.c.year, t.line.c.seq)
        .distinct()
        .where(
            t.line.c.coop_id == cid,
            ~sa.exists().where(
                t.voucher.c.coop_id == t.line.c.coop_id,
                t.voucher.c.year == t.line.c.year,
                t.voucher.c.seq == t.line.c.seq,
            ),
        )
    )
    out += [
        Problem(
            "balanced",
            tr("lines of voucher {number} have no voucher", number=format_number(y, s)),
        )
        for y, s in conn.execute(orphan)
    ]
    return out


def _accounts(books: Books, person_accounts: tuple[str, ...] = ()) -> list[Problem]:
    """Lines on known leaf accounts, naming a member exactly on per-member accounts.

    One aggregate per account; the first offending voucher is looked up only for an
    account that breaks a rule.
    """
    accounts = books.accounts()
    leaves = leaf_codes(accounts)
    q = (
        sa.select(t.line.c.account, sa.func.count(t.line.c.member), sa.func.count())
        .where(t.line.c.coop_id == books.coop_id)
        .group_by(t.line.c.account)
    )
    out = []
    for code, with_member, n in books.conn.execute(q):
        acc = accounts.get(code)
        if acc is None:
            out.append(
                Problem(
                    "accounts",
                    tr(
                        "voucher {number} posts to unknown account {code}",
                        number=_first(books, code, None),
                        code=code,
                    ),
                )
            )
        elif code not in leaves:
            out.append(
                Problem(
                    "leaf-accounts",
                    tr(
                        "voucher {number} posts to {code}, which has sub-accounts",
                        number=_first(books, code, None),
                        code=code,
                    ),
                )
            )
        elif acc.per_member and with_member != n:
            out.append(
                Problem(
                    "member-lines",
                    tr(
                        "voucher {number}: a line on {code} names no member",
                        number=_first(books, code, False),
                        code=code,
                    ),
                )
            )
        elif not acc.per_member and with_member and not code.startswith(person_accounts):
            out.append(
                Problem(
                    "member-lines",
                    tr(
                        "voucher {number}: a line on {code} names a member",
                        number=_first(books, code, True),
                        code=code,
                    ),
                )
            )
    return out


def _first(books: Books, code: str, with_member: bool | None) -> str:
    q = sa.select(t.line.c.year, t.line.c.seq).where(
        t.line.c.coop_id == books.coop_id, t.line.c.account == code
    )
    if with_member is not None:
        q = q.where(t.line.c.member.is_not(None) if with_member else t.line.c.member.is_(None))
    row = books.conn.execute(q.order_by(t.line.c.year, t.line.c.seq).limit(1)).one()
    return format_number(row.year, row.seq)


def _numbering(conn: Connection, cid: int) -> list[Problem]:
    """Gapless numbers per year (``numbering``); every year with vouchers has its counter
    row, and the counter is the highest number used plus one (``counter``)."""
    q = sa.select(t.counter.c.year, t.counter.c.next_seq).where(t.counter.c.coop_id == cid)
    counters: dict[int, int] = {y: n for y, n in conn.execute(q)}
    seqs: dict[int, list[int]] = {}
    for y, s in conn.execute(
        sa.select(t.voucher.c.year, t.voucher.c.seq).where(t.voucher.c.coop_id == cid)
    ):
        seqs.setdefault(y, []).append(s)
    out = []
    for year in sorted(set(seqs) | set(counters)):
        used = seqs.get(year, [])
        gap = gapless(used, None)
        if gap:
            out.append(Problem("numbering", tr("year {year}: {gap}", year=year, gap=gap)))
        highest = max(used, default=0)
        if year not in counters:
            out.append(
                Problem(
                    "counter",
                    tr(
                        "year {year} has vouchers up to {number} but no counter row",
                        year=year,
                        number=format_number(year, highest),
                    ),
                )
            )
        elif counters[year] != highest + 1:
            out.append(
                Problem(
                    "counter",
                    tr(
                        "year {year}: the counter says {numbered} vouchers were numbered but "
                        "the highest number is {number}",
                        year=year,
                        numbered=counters[year] - 1,
                        number=format_number(year, highest),
                    ),
                )
            )
    return out


#: SQLite: the lines read in the table's own order (a sequential scan, ``NOT INDEXED``),
#: each finding its voucher by the primary key (``CROSS JOIN`` keeps that order). Left to
#: itself the planner walks an index of ``line`` and reads each line's row from it, one
#: random read per line: 7.7 s against 1.3 s at 1M postings (bench/RESULTS.md).
_SQLITE_LINE_DATES = """
SELECT DISTINCT voucher.year, voucher.seq
FROM line NOT INDEXED CROSS JOIN voucher
  ON voucher.coop_id = line.coop_id AND voucher.year = line.year AND voucher.seq = line.seq
WHERE line.coop_id = :cid
  AND (line.date != voucher.date OR substr(voucher.date, 1, 4) != CAST(voucher.year AS TEXT))
"""


def _line_dates(conn: Connection, cid: int) -> list[Problem]:
    """Vouchers whose lines' date, or whose number's year, is not the voucher's date's."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(sa.text(_SQLITE_LINE_DATES), {"cid": cid}).all()
        return _dates_problems(rows)
    q = (
        sa.select(t.voucher.c.year, t.voucher.c.seq)
        .distinct()
        .join(
            t.line,
            sa.and_(
                t.line.c.coop_id == t.voucher.c.coop_id,
                t.line.c.year == t.voucher.c.year,
                t.line.c.seq == t.voucher.c.seq,
            ),
        )
        .where(
            t.voucher.c.coop_id == cid,
            sa.or_(
                t.line.c.date != t.voucher.c.date,
                sa.func.substr(t.voucher.c.date, 1, 4) != sa.cast(t.voucher.c.year, sa.Text),
            ),
        )
    )
    return _dates_problems(conn.execute(q).all())


def _dates_problems(rows: Sequence[Any]) -> list[Problem]:
    return [
        Problem(
            "dates",
            tr(
                "voucher {number}: its date and its lines' or number's year disagree",
                number=format_number(y, s),
            ),
        )
        for y, s in sorted(rows)
    ]


def _lines_of(books: Books, number: str) -> tuple[Voucher | None, list[Line]]:
    try:
        p = books.voucher(number)
    except NotFound:
        return None, []
    return p.voucher, list(p.voucher.lines)


def _reversals(books: Books, reversible: frozenset[str]) -> list[Problem]:
    rows = books.conn.execute(
        sa.select(
            t.voucher.c.year, t.voucher.c.seq, t.voucher.c.reversal_of, t.voucher.c.kind
        ).where(
            t.voucher.c.coop_id == books.coop_id,
            sa.or_(t.voucher.c.reversal_of.is_not(None), t.voucher.c.kind == "reversal"),
        )
    ).all()
    out = []
    for r in rows:
        number = format_number(r.year, r.seq)
        if r.kind != "reversal" or r.reversal_of is None:
            out.append(
                Problem("reversals", tr("voucher {number} is half a reversal", number=number))
            )
            continue
        original, lines = _lines_of(books, r.reversal_of)
        rev, rev_lines = _lines_of(books, number)
        if original is None or rev is None:
            out.append(
                Problem(
                    "reversals",
                    tr(
                        "voucher {number} reverses {original}, which does not exist",
                        number=number,
                        original=r.reversal_of,
                    ),
                )
            )
        elif original.kind not in reversible:
            out.append(
                Problem(
                    "reversals",
                    tr(
                        "voucher {number} reverses {original}, a {kind} voucher that cannot be "
                        "reversed",
                        number=number,
                        original=r.reversal_of,
                        kind=original.kind,
                    ),
                )
            )
        elif original.date.year != r.year:
            out.append(
                Problem(
                    "reversals",
                    tr(
                        "voucher {number} reverses {original} across a year end",
                        number=number,
                        original=r.reversal_of,
                    ),
                )
            )
        elif not is_red_copy(lines, rev_lines):
            out.append(
                Problem(
                    "reversals",
                    tr(
                        "voucher {number} is not the red copy of {original}",
                        number=number,
                        original=r.reversal_of,
                    ),
                )
            )
    return out


def _closed_years(books: Books, closed_ok: frozenset[str]) -> list[Problem]:
    conn, cid = books.conn, books.coop_id
    closes = conn.execute(
        sa.select(t.period_close.c.year, t.period_close.c.chain_seq)
        .where(t.period_close.c.coop_id == cid)
        .order_by(t.period_close.c.year)
    ).all()
    out = []
    first = books.first_year()
    years = [c.year for c in closes]
    if years and first is not None and years != list(range(first, first + len(years))):
        out.append(
            Problem(
                "closed-years",
                tr(
                    "years were not closed in order from {first}: {years}",
                    first=first,
                    years=", ".join(map(str, years)),
                ),
            )
        )
    for c in closes:
        q = sa.select(t.voucher.c.seq, t.voucher.c.kind, t.voucher.c.date).where(
            t.voucher.c.coop_id == cid,
            t.voucher.c.year == c.year,
            t.voucher.c.chain_seq > c.chain_seq,
        )
        for seq, kind, date in conn.execute(q):
            if kind not in closed_ok or date != dt.date(c.year, 12, 31).isoformat():
                out.append(
                    Problem(
                        "closed-years",
                        tr(
                            "voucher {number} ({kind}) was written into {year} after it closed",
                            number=format_number(c.year, seq),
                            kind=kind,
                            year=c.year,
                        ),
                    )
                )
    return out


def _sqlite_integrity(conn: Connection, thorough: bool) -> list[Problem]:
    out = []
    pragma = "integrity_check" if thorough else "quick_check"
    result = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    if result != ["ok"]:
        out.append(Problem("integrity", "; ".join(result[:5])))
    fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if fk:
        out.append(
            Problem(
                "integrity",
                tr(
                    "{n} rows break a foreign key (first in table {table})",
                    n=len(fk),
                    table=fk[0][0],
                ),
            )
        )
    return out
