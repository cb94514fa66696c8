"""The books of one cooperative in a database: posting, the chain, queries.

``Books`` works inside a transaction its caller opened (the unit of work);
it never commits. Posting is set-based: a batch of vouchers is validated in
Python, numbered from the counter rows, linked into the hash chain and written
with ``executemany`` (lines first, then headers, which the database checks for
balance), together with one audit row per voucher.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ledger import chain as chainmod
from ledger import records
from ledger.accounts import Account, AccountClass, Side, leaf_codes, parent_code, validate_code
from ledger.entries import Line, Posted, Voucher, differences, format_number
from ledger.errors import ClosedPeriod, Conflict, Corrupt, InvalidInput, NotFound, Refused
from ledger.i18n import tr
from ledger.money import MAX_TOTAL_FEN, format_fen
from ledger.store import tables as t

CHUNK = 500


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def voucher_record(year: int, seq: int, v: Voucher) -> list[chainmod.Field]:
    """The chain fields of a voucher (docs/chain.md)."""
    return [
        "voucher",
        year,
        seq,
        v.date.isoformat(),
        v.memo,
        v.user,
        v.kind,
        v.key,
        v.reversal_of,
        [[i, ln.account, ln.member, ln.amount] for i, ln in enumerate(v.lines, start=1)],
        *voucher_papers(v.attachments, v.corrects),
    ]


def voucher_papers(attachments: int | None, corrects: str | None) -> list[chainmod.Field]:
    """The trailing fields of a voucher written since the books store its papers
    (docs/chain.md): none for one written before (attachments NULL)."""
    return [] if attachments is None else [attachments, corrects]


#: A line's columns, in the order ``Books._write`` gives their values.
LINE_COLUMNS = ("coop_id", "year", "seq", "line_no", "date", "account", "member", "amount")
#: The most rows in one INSERT of ``Books.bulk_insert``.
INSERT_ROWS = 500
#: The most parameters of one statement: PostgreSQL's; SQLite's is its build's
#: (``Books._parameters``; 999 before 3.32).
PG_PARAMETERS = 65_535

#: The most rows of a sum a reader's books keep (``Books.remembered``).
SUMS_MAX_ROWS = 2_000
#: PostgreSQL: vouchers one unit of work writes before it asks whether the voucher table's
#: statistics still describe it (``Books._refresh_statistics``)
ANALYZE_AFTER = 1_000
S = TypeVar("S", list[Any], dict[Any, Any])


def parse_number(number: str) -> tuple[int, int]:
    try:
        year_text, seq_text = number.split("-")
        year, seq = int(year_text), int(seq_text)
        if not (1000 <= year <= 9999 and seq >= 1) or number != f"{year}-{seq}":
            raise ValueError
    except ValueError:
        raise InvalidInput(
            tr("voucher number {number!r} is not valid: use YYYY-N, like 2024-3", number=number),
            field="number",
            value=number,
        ) from None
    return year, seq


@dataclass(frozen=True, slots=True)
class BookRef:
    id: int
    code: str
    name: str


def create_book(conn: Connection, code: str, name: str, *, user: str, at: str) -> Books:
    """A new cooperative: its row is the first link of its chain (kind ``coop``)."""
    existing = conn.execute(sa.select(t.book.c.id).where(t.book.c.code == code)).first()
    if existing is not None:
        raise Conflict(tr("a cooperative with code {code!r} already exists", code=code))
    new_id = conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.book.c.id), 0) + 1)).scalar_one()
    name = nfc(name)
    conn.execute(t.book.insert().values(id=new_id, code=code, name=name, chain_seq=1))
    conn.execute(t.chain_head.insert().values(coop_id=new_id, seq=0, hash=chainmod.GENESIS))
    books = Books(conn, BookRef(new_id, code, name), user=user, at=at)
    (seq,) = books.append_links([("coop", records.coop_fields(code, name))])
    assert seq == 1
    return books


def list_books(conn: Connection) -> list[BookRef]:
    rows = conn.execute(sa.select(t.book.c.id, t.book.c.code, t.book.c.name).order_by(t.book.c.id))
    return [BookRef(r.id, r.code, r.name) for r in rows]


def orphan_books(conn: Connection, known: Sequence[int]) -> list[int]:
    """Cooperative ids that have a chain but no cooperative row (a deleted ``book`` row)."""
    q = sa.select(t.chain_head.c.coop_id).where(t.chain_head.c.coop_id.not_in(known))
    return [r[0] for r in conn.execute(q)]


class Books:
    """One cooperative's ledger within the caller's transaction."""

    def __init__(
        self, conn: Connection, book: BookRef, *, user: str, at: str, read_only: bool = False
    ) -> None:
        self.conn = conn
        self.book = book
        self.coop_id = book.id
        self.user = user
        self.at = at
        self._accounts: dict[str, Account] | None = None
        self._head: tuple[int, bytes] | None = None
        self._next_audit: int | None = None
        self._closed: list[int] | None = None
        self._start: tuple[int, bytes] | None = None  # the head when this unit began
        self._pending_audit: list[tuple[str, str]] = []
        self._unanalyzed = 0  # vouchers written since the statistics were last looked at
        self._max_parameters: int | None = None  # bound in one statement (_parameters)
        self._debits: int | None = None  # Σ of the debit lines, once read (_check_capacity)
        self.command: str | None = None  # the command line (set by the unit of work)
        #: A reader's books (UnitOfWork.read) take no row lock: no FOR UPDATE.
        self.read_only = read_only
        self.locking = conn.dialect.name == "postgresql" and not read_only
        #: A reader's sums, kept for the rest of its transaction: one snapshot, so a sum
        #: asked again (the forms of a closed year ask for the same balances several
        #: times) is read once. None for a writer, whose sums change as it writes.
        self._sums: dict[Any, list[Any] | dict[Any, Any]] | None = {} if read_only else None

    # ----- accounts -------------------------------------------------------------------------

    def accounts(self) -> dict[str, Account]:
        if self._accounts is None:
            rows = self.conn.execute(
                sa.select(t.account).where(t.account.c.coop_id == self.coop_id)
            )
            accounts = {}
            for r in rows:
                try:
                    cls, side = AccountClass(r.cls), Side(r.side)
                except ValueError:
                    raise Corrupt(
                        tr(
                            "account {code} has class {cls!r} and side {side!r}, "
                            "which no command writes: the books were altered",
                            code=r.code,
                            cls=r.cls,
                            side=r.side,
                        )
                    ) from None
                accounts[r.code] = Account(
                    r.code, r.name, r.name_en, cls, side, bool(r.per_member), r.parent
                )
            self._accounts = accounts
        return self._accounts

    def load_chart(
        self, version: str, from_year: int, to_year: int | None, accounts: Sequence[Account]
    ) -> None:
        """A chart version and its accounts: one ``chart`` link."""
        rows = [self._account_row(a, version) for a in accounts]
        (seq,) = self.append_links(
            [("chart", records.chart_fields(version, from_year, to_year, rows))]
        )
        self.conn.execute(
            t.chart_version.insert().values(
                coop_id=self.coop_id,
                version=version,
                from_year=from_year,
                to_year=to_year,
                chain_seq=seq,
            )
        )
        self.conn.execute(t.account.insert(), [{**r, "chain_seq": seq} for r in rows])
        self._accounts = None

    def charts(self) -> list[tuple[str, int, int | None]]:
        rows = self.conn.execute(
            sa.select(t.chart_version)
            .where(t.chart_version.c.coop_id == self.coop_id)
            .order_by(t.chart_version.c.from_year)
        )
        return [(r.version, r.from_year, r.to_year) for r in rows]

    def _account_row(self, a: Account, chart: str) -> dict[str, object]:
        return dict(
            coop_id=self.coop_id,
            code=a.code,
            name=nfc(a.name),
            name_en=nfc(a.name_en),
            cls=a.cls.value,
            side=a.side.value,
            per_member=int(a.per_member),
            parent=a.parent,
            chart=chart,
        )

    def add_top_account(
        self, code: str, name: str, name_en: str, cls: AccountClass, side: Side
    ) -> Account:
        """A top-level account the chart's rules allow a book to add (the caller decides
        which); chained like every account."""
        validate_code(code)
        if code in self.accounts():
            raise Conflict(tr("account {code} already exists", code=code))
        acc = Account(code, name, name_en or name, cls, side, False, None)
        row = self._account_row(acc, self.charts()[-1][0])
        (seq,) = self.append_links([("account", records.account_fields(row))])
        self.conn.execute(t.account.insert().values(**row, chain_seq=seq))
        self._accounts = None
        return acc

    def add_account(self, code: str, name: str, name_en: str, parent: str | None) -> Account:
        validate_code(code)
        accounts = self.accounts()
        if code in accounts:
            raise Conflict(tr("account {code} already exists", code=code))
        expected_parent = parent_code(code)
        if parent is None:
            parent = expected_parent
        if parent is None:
            raise Refused(
                tr("account {code}: only sub-accounts can be added (give --parent)", code=code)
            )
        if parent != expected_parent:
            raise InvalidInput(
                tr(
                    "account {code} cannot sit under {parent}: a sub-account's code "
                    "is its parent's code plus two digits",
                    code=code,
                    parent=parent,
                ),
                field="code",
                value=code,
            )
        if parent not in accounts:
            raise NotFound(tr("parent account {parent} does not exist", parent=parent))
        if self.has_lines(parent):
            raise Refused(
                tr(
                    "account {parent} already has lines; a sub-account cannot be added under it",
                    parent=parent,
                )
            )
        p = accounts[parent]
        acc = Account(code, name, name_en or name, p.cls, p.side, p.per_member, parent)
        charts = self.charts()
        row = self._account_row(acc, charts[-1][0])
        (seq,) = self.append_links([("account", records.account_fields(row))])
        self.conn.execute(t.account.insert().values(**row, chain_seq=seq))
        self._accounts = None
        return acc

    def has_lines(self, code: str) -> bool:
        q = (
            sa.select(sa.literal(1))
            .where(t.line.c.coop_id == self.coop_id, t.line.c.account == code)
            .limit(1)
        )
        return self.conn.execute(q).first() is not None

    def bulk_insert(self, table: sa.Table, rows: Sequence[dict[str, object]]) -> None:
        """Straight to the driver, the set-based path for large batches: INSERTs of up to
        ``INSERT_ROWS`` rows each (``VALUES (…), (…), …``), run as one executemany. Every
        row has the keys of the first; no rows: nothing written. The values go to the
        driver as they are: integers and text.

        A statement of many rows, not one per row: SQLite journals each page a statement
        changes (its statement journal, kept while a guard may abort it) once per
        statement, so 200,000 lines take half the time (bench/RESULTS.md)."""
        if not rows:
            return
        names = list(rows[0])
        self.insert_values(table, names, [r[n] for r in rows for n in names])

    def insert_values(self, table: sa.Table, names: Sequence[str], flat: list[object]) -> None:
        """``bulk_insert`` of rows given as one flat list of values, ``names`` after
        ``names`` (no dictionary a row: a voucher's lines)."""
        if not flat:
            return
        width = len(names)
        mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        cols = ", ".join(f'"{n}"' for n in names)
        one = f"({', '.join([mark] * width)})"
        head = f"INSERT INTO {table.name} ({cols}) VALUES "
        per = max(1, min(INSERT_ROWS, self._parameters() // width))
        step = per * width
        whole = len(flat) // step * step
        if whole:
            self.conn.exec_driver_sql(
                head + ", ".join([one] * per),
                [tuple(flat[i : i + step]) for i in range(0, whole, step)],
            )
        if whole < len(flat):
            rest = (len(flat) - whole) // width
            self.conn.exec_driver_sql(head + ", ".join([one] * rest), [tuple(flat[whole:])])

    def _parameters(self) -> int:
        """The most parameters one statement may bind on this connection."""
        if self._max_parameters is None:
            self._max_parameters = PG_PARAMETERS
            if self.conn.dialect.name == "sqlite":
                raw = self.conn.connection.dbapi_connection
                self._max_parameters = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
        return self._max_parameters

    # ----- the chain ------------------------------------------------------------------------

    def head(self) -> tuple[int, bytes]:
        if self._head is None:
            q = sa.select(t.chain_head.c.seq, t.chain_head.c.hash).where(
                t.chain_head.c.coop_id == self.coop_id
            )
            if self.locking:
                q = q.with_for_update()
            row = self.conn.execute(q).one()
            self._head = (row.seq, bytes(row.hash))
            self._start = self._head
        return self._head

    def began_at(self) -> tuple[int, bytes] | None:
        """The head when this unit of work first read it (None: it never did)."""
        return self._start

    def append_links(self, records: Sequence[tuple[str, Sequence[chainmod.Field]]]) -> list[int]:
        """Append records to the chain; returns their chain seqs. Fields go in as given."""
        seq, h = self.head()
        rows, seqs = [], []
        for kind, fields in records:
            seq += 1
            h = chainmod.link(h, fields)
            rows.append(dict(coop_id=self.coop_id, seq=seq, kind=kind, hash=h, at=self.at))
            seqs.append(seq)
        if rows:
            self.bulk_insert(t.chain, rows)
            self.conn.execute(
                t.chain_head.update()
                .where(t.chain_head.c.coop_id == self.coop_id)
                .values(seq=seq, hash=h)
            )
            self._head = (seq, h)
        return seqs

    def next_chain_seq(self) -> int:
        return self.head()[0] + 1

    # ----- audit ----------------------------------------------------------------------------

    def audit(self, action: str, details: Iterable[str]) -> None:
        """Note what this unit of work did; ``seal`` writes it as one chained record."""
        self._pending_audit.extend((action, d) for d in details)

    def seal(self) -> None:
        """End of a unit of work: when it appended anything, one ``audit`` link records
        who ran which command, the head before it and what it did. A unit that wrote
        nothing writes no audit row either."""
        if self._start is None or self._head is None or self._head[0] == self._start[0]:
            self._pending_audit.clear()
            return
        if self._next_audit is None:
            self._next_audit = self.conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(t.audit.c.id), 0) + 1).where(
                    t.audit.c.coop_id == self.coop_id
                )
            ).scalar_one()
        pending = self._pending_audit or [(self.command or "", "")]
        before = self._start[1].hex()
        rows: list[dict[str, object]] = []
        for action, detail in pending:
            rows.append(
                dict(
                    id=self._next_audit,
                    user=nfc(self.user),
                    command=self.command,
                    head_before=before,
                    action=action,
                    detail=nfc(detail),
                )
            )
            self._next_audit += 1
        (seq,) = self.append_links([("audit", records.audit_fields(rows))])
        self.bulk_insert(
            t.audit, [dict(coop_id=self.coop_id, at=self.at, chain_seq=seq, **r) for r in rows]
        )
        self._pending_audit.clear()

    # ----- periods --------------------------------------------------------------------------

    def closed_years(self) -> list[int]:
        """Read once per transaction (record_close keeps it current)."""
        if self._closed is None:
            q = (
                sa.select(t.period_close.c.year)
                .where(t.period_close.c.coop_id == self.coop_id)
                .order_by(t.period_close.c.year)
            )
            self._closed = [r[0] for r in self.conn.execute(q)]
        return list(self._closed)

    def is_closed(self, year: int) -> bool:
        """Closed years, and every year before the last closed one (years close in order)."""
        closed = self.closed_years()
        return bool(closed) and year <= closed[-1]

    def record_close(self, year: int) -> tuple[int, bytes]:
        """Lock ``year``: a chain link and a period_close row. Returns that link (seq, hash):
        the head of the close, which the board signs."""
        _, prev_head = self.head()
        fields: list[chainmod.Field] = ["close", year, prev_head.hex(), self.user]
        (seq,) = self.append_links([("close", fields)])
        self.conn.execute(
            t.period_close.insert().values(
                coop_id=self.coop_id, year=year, chain_seq=seq, head=prev_head.hex(), user=self.user
            )
        )
        self._closed = None
        self.audit("year close", [f"year {year} closed at chain link {seq}"])
        return self.head()

    def close_link(self, year: int) -> tuple[int, bytes] | None:
        """The link that records the close of ``year`` (as stored)."""
        row = self.conn.execute(
            sa.select(t.chain.c.seq, t.chain.c.hash)
            .join(
                t.period_close,
                sa.and_(
                    t.period_close.c.coop_id == t.chain.c.coop_id,
                    t.period_close.c.chain_seq == t.chain.c.seq,
                ),
            )
            .where(t.chain.c.coop_id == self.coop_id, t.period_close.c.year == year)
        ).first()
        return None if row is None else (row.seq, bytes(row.hash))

    def first_year(self) -> int | None:
        return self.conn.execute(
            sa.select(sa.func.min(t.voucher.c.year)).where(t.voucher.c.coop_id == self.coop_id)
        ).scalar()

    # ----- posting --------------------------------------------------------------------------

    def post(
        self,
        vouchers: Sequence[Voucher],
        *,
        closed_ok: frozenset[str] = frozenset(),
        person_accounts: tuple[str, ...] = (),
    ) -> list[tuple[Posted, bool]]:
        """Post a batch atomically (the caller's transaction). Returns (posted, created) each.

        ``person_accounts``: accounts (with their sub-accounts) whose lines may name a
        person's sub-ledger key though they keep no member sub-ledger; the caller says
        who the key names and whether one is needed.

        Keyed vouchers already in the books with the same content are returned as
        they are (created False); the same key with different content is a
        ``Conflict`` naming what differs.
        """
        accounts = self.accounts()
        leaves = leaf_codes(accounts)
        closed = self.closed_years()
        last_closed = closed[-1] if closed else None
        by_key: dict[str, Voucher] = {}
        for v in vouchers:
            self._validate(v, accounts, leaves, last_closed, closed_ok, person_accounts)
            if v.key is not None:
                seen = by_key.get(v.key)
                if seen is not None and differences(seen, v):
                    raise Conflict(
                        tr(
                            "key {key!r} is used twice with different content: {diff}",
                            key=v.key,
                            diff=", ".join(differences(seen, v)),
                        )
                    )
                by_key[v.key] = v
        existing = self.find_by_keys(list(by_key))
        for key, posted in existing.items():
            diff = differences(posted.voucher, by_key[key])
            if diff:
                raise Conflict(
                    tr(
                        "key {key!r} was already posted as {number} with different content: {diff}",
                        key=key,
                        number=posted.number,
                        diff=", ".join(diff),
                    )
                )
        results: list[tuple[Posted, bool]] = []
        fresh: list[Voucher] = []
        done_keys: set[str] = set()
        for v in vouchers:
            if v.key is not None and v.key in existing:
                results.append((existing[v.key], False))
            elif v.key is not None and v.key in done_keys:
                continue
            else:
                if v.key is not None:
                    done_keys.add(v.key)
                fresh.append(v)
        batch = self._check_capacity(fresh)
        results.extend((p, True) for p in self._write(fresh))
        if self._debits is not None:
            self._debits += batch
        return results

    def _check_capacity(self, vouchers: Sequence[Voucher]) -> int:
        """Refuse a batch that would take the books' debit side (= the credit side, every
        voucher balances) past ``MAX_TOTAL_FEN``; any one account's total is within it
        then too. Returns the batch's debit side. The books' side is one aggregate over
        the cooperative's lines, read once in a unit of work and kept up to date by the
        writes that follow (an import of 178,705 vouchers posts 90 batches)."""
        batch = sum(ln.amount for v in vouchers for ln in v.lines if ln.amount > 0)
        if not batch:
            return 0
        if self._debits is None:
            self._debits = int(
                self.conn.execute(
                    sa.select(sa.func.coalesce(sa.func.sum(t.line.c.amount), 0)).where(
                        t.line.c.coop_id == self.coop_id, t.line.c.amount > 0
                    )
                ).scalar_one()
            )
        current = self._debits
        if current + batch > MAX_TOTAL_FEN:
            raise Refused(
                tr(
                    "posting {batch} would take the books' total past {limit} (now {now}); "
                    "nothing was written",
                    batch=format_fen(batch),
                    limit=format_fen(MAX_TOTAL_FEN),
                    now=format_fen(current),
                )
            )
        return batch

    def _validate(
        self,
        v: Voucher,
        accounts: dict[str, Account],
        leaves: set[str],
        last_closed: int | None,
        closed_ok: frozenset[str],
        person_accounts: tuple[str, ...] = (),
    ) -> None:
        year = v.date.year
        year_end_write = v.kind in closed_ok and v.date == dt.date(year, 12, 31)
        if last_closed is not None and year <= last_closed and not year_end_write:
            raise ClosedPeriod(
                tr(
                    "year {year} is closed: nothing more can be dated {date}",
                    year=year,
                    date=v.date.isoformat(),
                )
            )
        for ln in v.lines:
            acc = accounts.get(ln.account)
            if acc is None:
                raise NotFound(tr("account {account} does not exist", account=ln.account))
            if ln.account not in leaves:
                raise Refused(
                    tr(
                        "account {account} has sub-accounts; post to one of them",
                        account=ln.account,
                    )
                )
            if acc.per_member and not ln.member:
                raise Refused(
                    tr(
                        "account {account} keeps a member sub-ledger: write {account}@MEMBER_NO",
                        account=ln.account,
                    )
                )
            if not acc.per_member and ln.member and not ln.account.startswith(person_accounts):
                raise Refused(
                    tr(
                        "account {account} has no member sub-ledger: "
                        "{account}@{member} is not allowed",
                        account=ln.account,
                        member=ln.member,
                    )
                )

    def _write(self, vouchers: Sequence[Voucher]) -> list[Posted]:
        if not vouchers:
            return []
        years = sorted({v.date.year for v in vouchers})
        next_seq = self._take_numbers(years, vouchers)
        posted: list[Posted] = []
        records: list[tuple[str, Sequence[chainmod.Field]]] = []
        for v in vouchers:
            year = v.date.year
            seq = next_seq[year]
            next_seq[year] += 1
            v = Voucher(
                v.date,
                nfc(v.memo),
                v.lines,
                v.kind,
                v.key,
                nfc(v.user or self.user),
                v.reversal_of,
                v.attachments,
                v.corrects,
            )
            posted.append(Posted(year, seq, v))
            records.append(("voucher", voucher_record(year, seq, v)))
        chain_seqs = self.append_links(records)
        line_values: list[object] = []
        head_rows, audit_rows = [], []
        coop = self.coop_id
        for p, cseq in zip(posted, chain_seqs, strict=True):
            v = p.voucher
            iso = v.date.isoformat()
            for i, ln in enumerate(v.lines, start=1):
                line_values += (coop, p.year, p.seq, i, iso, ln.account, ln.member, ln.amount)
            head_rows.append(
                dict(
                    coop_id=self.coop_id,
                    year=p.year,
                    seq=p.seq,
                    date=iso,
                    memo=v.memo,
                    user=v.user,
                    kind=v.kind,
                    key=v.key,
                    reversal_of=v.reversal_of,
                    chain_seq=cseq,
                    attachments=v.attachments,
                    corrects=v.corrects,
                )
            )
            audit_rows.append(f"posted {p.number} ({v.kind})")
        self.insert_values(t.line, LINE_COLUMNS, line_values)
        self.bulk_insert(t.voucher, head_rows)
        self._refresh_statistics(len(head_rows))
        self.audit("post", audit_rows)
        return [
            Posted(p.year, p.seq, p.voucher, cs) for p, cs in zip(posted, chain_seqs, strict=True)
        ]

    def _refresh_statistics(self, written: int) -> None:
        """PostgreSQL: refresh the voucher table's statistics inside a large write once
        they undercount it by half. Plans made on statistics taken when the books held a
        voucher or two (autovacuum takes them between commands) look a line's voucher up
        through any index that starts with the cooperative, then filter: the deferred
        foreign key of every line, and the ``line_sealed`` guard, then read every voucher
        of the cooperative, and an import of 100,000 postings became quadratic. ANALYZE
        counts this transaction's own rows and invalidates the cached plans; it gives way
        (50 ms) to another writer analyzing the table."""
        if self.conn.dialect.name != "postgresql":
            return
        self._unanalyzed += written
        if self._unanalyzed < ANALYZE_AFTER:
            return
        counted = self.conn.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'voucher'::regclass"
        ).scalar_one()
        if self._unanalyzed > max(float(counted), 0.0) / 2:
            # as the table's owner (a clerk login is not): migration 0014
            self.conn.exec_driver_sql("SELECT coop_analyze_voucher()")
        self._unanalyzed = 0

    def _take_numbers(self, years: list[int], vouchers: Sequence[Voucher]) -> dict[int, int]:
        q = sa.select(t.counter.c.year, t.counter.c.next_seq).where(
            t.counter.c.coop_id == self.coop_id, t.counter.c.year.in_(years)
        )
        if self.locking:
            q = q.with_for_update()
        have = {r.year: r.next_seq for r in self.conn.execute(q)}
        counts: dict[int, int] = {}
        for v in vouchers:
            counts[v.date.year] = counts.get(v.date.year, 0) + 1
        for year in years:
            if year in have:
                self.conn.execute(
                    t.counter.update()
                    .where(t.counter.c.coop_id == self.coop_id, t.counter.c.year == year)
                    .values(next_seq=have[year] + counts[year])
                )
            else:
                have[year] = 1
                self.conn.execute(
                    t.counter.insert().values(
                        coop_id=self.coop_id, year=year, next_seq=1 + counts[year]
                    )
                )
        return dict(have)

    # ----- reading vouchers -----------------------------------------------------------------

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, Posted]:
        found: dict[str, Posted] = {}
        for i in range(0, len(keys), CHUNK):
            chunk = keys[i : i + CHUNK]
            rows = self.conn.execute(
                sa.select(t.voucher).where(
                    t.voucher.c.coop_id == self.coop_id, t.voucher.c.key.in_(chunk)
                )
            ).all()
            for p in self._with_lines(rows):
                assert p.voucher.key is not None
                found[p.voucher.key] = p
        return found

    def _with_lines(self, headers: Sequence[Any]) -> list[Posted]:
        if not headers:
            return []
        ids = [(h.year, h.seq) for h in headers]
        lines: dict[tuple[int, int], list[Line]] = {i: [] for i in ids}
        q = (
            sa.select(t.line)
            .where(
                t.line.c.coop_id == self.coop_id,
                sa.tuple_(t.line.c.year, t.line.c.seq).in_(ids),
            )
            .order_by(t.line.c.year, t.line.c.seq, t.line.c.line_no)
        )
        for r in self.conn.execute(q):
            lines[(r.year, r.seq)].append(Line(r.account, r.amount, r.member))
        return [self._posted(h, lines[(h.year, h.seq)]) for h in headers]

    @staticmethod
    def _posted(h: Any, lines: list[Line]) -> Posted:
        v = Voucher.__new__(Voucher)  # as stored: skip re-validation of what the DB holds
        for name, value in (
            ("date", dt.date.fromisoformat(h.date)),
            ("memo", h.memo),
            ("lines", tuple(lines)),
            ("kind", h.kind),
            ("key", h.key),
            ("user", h.user),
            ("reversal_of", h.reversal_of),
            ("attachments", h.attachments),
            ("corrects", h.corrects),
        ):
            object.__setattr__(v, name, value)
        return Posted(h.year, h.seq, v, h.chain_seq)

    def voucher(self, number: str) -> Posted:
        year, seq = parse_number(number)
        rows = self.conn.execute(
            sa.select(t.voucher).where(
                t.voucher.c.coop_id == self.coop_id,
                t.voucher.c.year == year,
                t.voucher.c.seq == seq,
            )
        ).all()
        if not rows:
            raise NotFound(tr("voucher {number} does not exist", number=number))
        return self._with_lines(rows)[0]

    def reversal_of(self, number: str) -> str | None:
        row = self.conn.execute(
            sa.select(t.voucher.c.year, t.voucher.c.seq).where(
                t.voucher.c.coop_id == self.coop_id, t.voucher.c.reversal_of == number
            )
        ).first()
        return None if row is None else format_number(row.year, row.seq)

    def corrected_by(self, number: str) -> str | None:
        """The voucher that corrects ``number`` (订正), if one does."""
        row = self.conn.execute(
            sa.select(t.voucher.c.year, t.voucher.c.seq).where(
                t.voucher.c.coop_id == self.coop_id, t.voucher.c.corrects == number
            )
        ).first()
        return None if row is None else format_number(row.year, row.seq)

    def reversed_numbers(self) -> set[str]:
        rows = self.conn.execute(
            sa.select(t.voucher.c.reversal_of).where(
                t.voucher.c.coop_id == self.coop_id, t.voucher.c.reversal_of.is_not(None)
            )
        )
        return {r[0] for r in rows}

    def existing_numbers(self, numbers: Iterable[str]) -> set[str]:
        """Those of ``numbers`` that name a posted voucher (a number that does not parse
        names none)."""
        keys: set[tuple[int, int]] = set()
        for n in numbers:
            try:
                keys.add(parse_number(n))
            except InvalidInput:
                continue
        found: set[str] = set()
        v = t.voucher.c
        ordered = sorted(keys)
        for i in range(0, len(ordered), 400):  # bound the statement's parameters
            chunk = ordered[i : i + 400]
            rows = self.conn.execute(
                sa.select(v.year, v.seq).where(
                    v.coop_id == self.coop_id, sa.tuple_(v.year, v.seq).in_(chunk)
                )
            )
            found.update(format_number(y, s) for y, s in rows)
        return found

    def list_vouchers(self, year: int | None = None) -> Iterator[Any]:
        debit = sa.func.sum(sa.case((t.line.c.amount > 0, t.line.c.amount), else_=0))
        q = (
            sa.select(
                t.voucher.c.year,
                t.voucher.c.seq,
                t.voucher.c.date,
                t.voucher.c.memo,
                t.voucher.c.kind,
                t.voucher.c.user,
                t.voucher.c.reversal_of,
                debit.label("total"),
            )
            .join(
                t.line,
                sa.and_(
                    t.line.c.coop_id == t.voucher.c.coop_id,
                    t.line.c.year == t.voucher.c.year,
                    t.line.c.seq == t.voucher.c.seq,
                ),
            )
            .where(t.voucher.c.coop_id == self.coop_id)
            .group_by(
                t.voucher.c.year,
                t.voucher.c.seq,
                t.voucher.c.date,
                t.voucher.c.memo,
                t.voucher.c.kind,
                t.voucher.c.user,
                t.voucher.c.reversal_of,
            )
            .order_by(t.voucher.c.year, t.voucher.c.seq)
        )
        if year is not None:
            q = q.where(t.voucher.c.year == year)
        yield from self.conn.execute(q)

    # ----- balances -------------------------------------------------------------------------

    def _account_filter(self, code: str) -> sa.ColumnElement[bool]:
        """The account and its sub-accounts, as an index range (codes are digits, so every
        sub-account sorts between CODE and CODE + ':')."""
        return sa.and_(t.line.c.account >= code, t.line.c.account < code + ":")

    def balance(self, code: str, member: str | None = None, as_of: dt.date | None = None) -> int:
        q = sa.select(sa.func.coalesce(sa.func.sum(t.line.c.amount), 0)).where(
            t.line.c.coop_id == self.coop_id, self._account_filter(code)
        )
        if member is not None:
            q = q.where(t.line.c.member == member)
        if as_of is not None:
            q = q.where(t.line.c.date <= as_of.isoformat())
        return int(self.conn.execute(q).scalar_one())

    def remembered(self, key: Hashable, read: Callable[[], S]) -> S:
        """``read()``, or in a reader's transaction what it gave before for ``key`` (a
        copy: the caller may change it). Results of more than ``SUMS_MAX_ROWS`` rows are
        not kept (a sum per member of a county's cooperative)."""
        if self._sums is None:
            return read()
        if key not in self._sums:
            value = read()
            if len(value) > SUMS_MAX_ROWS:
                return value
            self._sums[key] = value
        kept = self._sums[key]
        return dict(kept) if isinstance(kept, dict) else list(kept)  # type: ignore[return-value]

    def trial_balance(self, as_of: dt.date | None = None) -> list[tuple[str, int]]:
        """Non-zero balances per account with lines (debit positive): one GROUP BY."""
        return self.remembered(("trial_balance", as_of), lambda: self._trial_balance(as_of))

    def _trial_balance(self, as_of: dt.date | None) -> list[tuple[str, int]]:
        total = sa.func.sum(t.line.c.amount)
        q = (
            sa.select(t.line.c.account, total.label("balance"))
            .where(t.line.c.coop_id == self.coop_id)
            .group_by(t.line.c.account)
            .having(total != 0)
        )
        if as_of is not None:
            q = q.where(t.line.c.date <= as_of.isoformat())
        return sorted((r.account, int(r.balance)) for r in self.conn.execute(q))

    def member_balances(self, code: str, as_of: dt.date | None = None) -> dict[str, int]:
        return self.remembered(
            ("member_balances", code, as_of), lambda: self._member_balances(code, as_of)
        )

    def _member_balances(self, code: str, as_of: dt.date | None) -> dict[str, int]:
        total = sa.func.sum(t.line.c.amount)
        q = (
            sa.select(t.line.c.member, total.label("balance"))
            .where(t.line.c.coop_id == self.coop_id, t.line.c.account == code)
            .group_by(t.line.c.member)
        )
        if as_of is not None:
            q = q.where(t.line.c.date <= as_of.isoformat())
        return {r.member: int(r.balance) for r in self.conn.execute(q) if r.balance}
