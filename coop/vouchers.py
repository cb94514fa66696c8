"""Use cases on vouchers: add, import, reverse, show, list; the cooperative's rules on top
of the ledger's (command-only accounts, known members, reversible kinds)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from coop import assets, csvio, keys, payees, posting, products
from coop.chart_2021 import COMMAND_ONLY
from coop.errors import BadInput, NotAllowed, OutsideBooks, UnknownMember
from coop.kinds import CLOSED_OK, REVERSIBLE, STOCK_KINDS
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.uow import Context
from coop.text import clean_memo, clean_text, parse_attachments, parse_date
from ledger.accounts import Account, leaf_codes
from ledger.entries import Line, Posted, Voucher, differences, reversal
from ledger.errors import ClosedPeriod, Conflict, InvalidInput, NotFound, Refused, Unbalanced
from ledger.i18n import tr
from ledger.money import parse_amount


@dataclass(frozen=True)
class LineSpec:
    account: str
    member: str | None
    amount: int


def parse_target(text: str) -> tuple[str, str | None]:
    """``ACCOUNT`` or ``ACCOUNT@MEMBER_NO``."""
    account, _, member = text.partition("@")
    if not account.isascii() or not account.isdigit():
        raise BadInput(
            tr("account {text!r} is not valid: use a code like 102 or 114@M001", text=text),
            field="account",
            value=text,
        )
    if "@" in text and not member:
        raise BadInput(
            tr("account {text!r} names no member after '@'", text=text),
            field="account",
            value=text,
        )
    return account, (member or None)


def check_lines(
    ctx: Context, lines: Sequence[Line], *, manual: bool, known: Collection[str] | None = None
) -> None:
    """The cooperative's rules for lines: command-only accounts, members that exist, and
    a payee of the register on every line of a person account (212, 213)."""
    payees.check_lines(ctx, lines)
    if manual:
        linked = products.stock_accounts(ctx)
        for ln in lines:
            if ln.account in linked:
                raise NotAllowed(
                    tr(
                        "{account} is the stock account of product {product}; use coop "
                        "product buy, sell, issue or adjust",
                        account=ln.account,
                        product=linked[ln.account],
                    )
                )
    for ln in lines:
        if payees.is_person_account(ln.account):
            continue
        if manual and ln.account in COMMAND_ONLY:
            raise NotAllowed(
                tr(
                    "account {account} is written only by its own commands "
                    "(land, base, close, distribute…), not by voucher add/import",
                    account=ln.account,
                )
            )
        if ln.member is not None:
            if known is None:
                known = repo.member_numbers(ctx)
            if ln.member not in known:
                raise UnknownMember(ln.member)


def post_manual(
    ctx: Context, vouchers: Sequence[Voucher], known: Collection[str] | None = None
) -> list[tuple[Posted, bool]]:
    # Every line of every voucher at once: the member and payee registers are read once
    # for the whole import, not once per voucher (which made an import quadratic);
    # ``known``: the members, when the caller has read them.
    check_lines(ctx, [ln for v in vouchers for ln in v.lines], manual=True, known=known)
    return posting.post(ctx, vouchers, closed_ok=CLOSED_OK)


def check_corrects(ctx: Context, number: str, year: int, taken: Sequence[str] = ()) -> str:
    """A voucher may correct (订正) a voucher of its own year that has been reversed and
    that no other voucher corrects yet; returns the number as stored."""
    original = ctx.books.voucher(number)  # NotFound names it
    if original.year != year:
        raise NotAllowed(
            tr(
                "voucher {number} is of {year}: a correcting voucher is dated in the "
                "year of the voucher it corrects",
                number=original.number,
                year=original.year,
            )
        )
    if ctx.books.reversal_of(original.number) is None:
        raise NotAllowed(
            tr(
                "voucher {number} is not reversed: reverse {number} first",
                number=original.number,
            )
        )
    other = ctx.books.corrected_by(original.number)
    if other is not None or original.number in taken:
        raise NotAllowed(
            tr(
                "voucher {number} is already corrected by {other}",
                number=original.number,
                other=other or tr("another voucher of this file"),
            )
        )
    return original.number


def add(
    ctx: Context,
    date: dt.date,
    memo: str,
    debits: Sequence[tuple[str, str]],
    credits: Sequence[tuple[str, str]],
    ref: str | None,
    attachments: int = 0,
    corrects: str | None = None,
) -> tuple[Posted, bool]:
    lines: list[Line] = []
    for sign, specs in ((1, debits), (-1, credits)):
        for target, amount_text in specs:
            account, member = parse_target(target)
            lines.append(Line(account, sign * parse_amount(amount_text), member))
    v = Voucher(
        date=date,
        memo=clean_memo(memo),
        lines=tuple(lines),
        kind=K.MANUAL,
        key=keys.with_ref("voucher", None if ref is None else clean_text(ref, "ref", max_len=100)),
        user=ctx.user,
        attachments=attachments,
        corrects=corrects,
    )
    if corrects is not None:
        was = ctx.books.find_by_keys([v.key]) if v.key is not None else {}
        if not was:  # a re-run of the same command finds its voucher, correcting already
            v = replace(v, corrects=check_corrects(ctx, corrects, date.year))
    return post_manual(ctx, [v])[0]


IMPORT_COLUMNS = ("ref", "date", "memo", "account", "member_no", "debit", "credit")
#: What ``voucher import`` needs; ``member_no`` may be left out (a Kingdee export has none).
IMPORT_REQUIRED = ("ref", "date", "memo", "account", "debit", "credit")
IMPORT_OPTIONAL = (
    "member_no",
    "account_name",
    "voucher_word",
    "attachments",
    "corrects",
    "payee_no",
)
#: Columns a Kingdee (金蝶) or UFIDA (用友) voucher export carries that the engine does not
#: need: accepted and not read (docs/decisions.md lists them).
IMPORT_IGNORED = frozenset(
    {
        "会计年度",
        "会计期间",
        "期间",
        "年度",
        "序号",
        "分录号",
        "分录序号",
        "币别",
        "币种",
        "汇率",
        "原币金额",
        "数量",
        "单价",
        "制单",
        "制单人",
        "审核",
        "审核人",
        "过账",
        "过账人",
        "记账人",
        "出纳",
        "经办人",
        "结算方式",
        "结算号",
        "业务日期",
        "凭证类型",
        "科目全名",
    }
)
_SLASH_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SIGNED = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
#: How a 科目名称 may join a sub-account's name to its parents' (管理费用-办公费).
_NAME_JOINS = ("-", "_", "/", "\\", "－", "—", "—", ":", "：")


def import_date(text: str) -> dt.date:
    """YYYY-MM-DD, or as Kingdee and UFIDA export it: YYYY/M/D or YYYYMMDD."""
    m = _SLASH_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if m:
        text = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    return parse_date(text)


def _names(code: str, accounts: dict[str, Account]) -> set[str]:
    """The names a 科目名称 may give account ``code``: its own, or its path of names."""
    path = []
    at: str | None = code
    while at is not None and at in accounts:
        path.append(accounts[at].name)
        at = accounts[at].parent
    path.reverse()
    return {path[-1]} | {sep.join(path) for sep in _NAME_JOINS}


#: Vouchers written at a time by ``voucher import`` (the file is still one transaction).
IMPORT_BATCH = 2000


@dataclass(frozen=True)
class Imported:
    """What ``voucher import`` did: vouchers posted, refs already posted (skipped), and
    the numbers of the first and last posted."""

    created: int
    skipped: int
    first: str | None
    last: str | None


def import_file(ctx: Context, path: str) -> Imported:
    """``voucher import``: rows sharing a ref (凭证号) are one voucher. Every refusal names
    the file, the line and the column as the file's header names it; nothing is written.

    The file is read twice and never held whole: the first pass finds the line on which
    each ref's voucher ends; the second checks each row and posts the vouchers in
    batches, in the order their refs first appear (as a file read whole would number
    them), each once its last line is read. A ref's rows need not be adjacent; the
    vouchers held at a time are those whose rows are interleaved with later ones. The
    whole file is one transaction: a refusal on any line writes nothing."""
    stream = csvio.open_table(path, IMPORT_REQUIRED, IMPORT_OPTIONAL, IMPORT_IGNORED)
    tab = stream.table()
    rows = _ImportRows(ctx, tab)
    ends: dict[str, int] = {}  # ref → the line of its voucher's last row
    for lineno, row in stream.each():
        try:
            ends[rows.ref(lineno, row)] = lineno
        except BadInput:
            continue  # said in the second pass, in its place among the other rows' refusals
    window = (ctx.books.closed_years(), posting.first_year(ctx))  # once, not per voucher
    corrected: list[str] = []
    groups: dict[str, list[tuple[int, dict[str, str], Line]]] = {}
    complete: set[str] = set()
    batch: list[tuple[int, Voucher]] = []
    created = skipped = 0
    first: str | None = None
    last: str | None = None

    def flush() -> None:
        nonlocal created, skipped, first, last
        if not batch:
            return
        for posted, new in _post_batch(ctx, tab, batch, rows.known):
            if new:
                created += 1
                first = first or posted.number
                last = posted.number
            else:
                skipped += 1
        batch.clear()

    for lineno, row in stream.each():
        ref, line = rows.line(lineno, row)
        groups.setdefault(ref, []).append((lineno, row, line))
        if ends[ref] != lineno:
            continue
        complete.add(ref)
        while groups and (ref := next(iter(groups))) in complete:
            complete.discard(ref)
            group = groups.pop(ref)
            batch.append((group[0][0], _import_voucher(ctx, tab, ref, group, window, corrected)))
            if len(batch) >= IMPORT_BATCH:
                flush()
    flush()
    return Imported(created, skipped, first, last)


class _ImportRows:
    """The row-by-row checks of ``voucher import``; the registers are read once."""

    def __init__(self, ctx: Context, tab: csvio.Table) -> None:
        self.ctx, self.tab = ctx, tab
        self.accounts = ctx.books.accounts()
        self.leaves = leaf_codes(self.accounts)
        self.known: set[str] | None = None
        self.known_payees: set[str] | None = None
        self.word_in_ref = tab.label("ref") == "凭证字号"  # 凭证字号 already reads 记-12
        self._last: tuple[str, str, str] = ("\0", "\0", "")  # (ref cell, word, ref): rows repeat

    def known_members(self) -> set[str]:
        if self.known is None:
            self.known = repo.member_numbers(self.ctx)
        return self.known

    def ref(self, lineno: int, row: dict[str, str]) -> str:
        cell, word = row["ref"], row.get("voucher_word", "")
        if self._last[0] == cell and self._last[1] == word:
            return self._last[2]
        tab = self.tab
        ref = tab.field(lineno, "ref", lambda s: clean_text(s, "ref", max_len=100), cell)
        if word and not self.word_in_ref:
            ref = tab.field(
                lineno,
                "voucher_word",
                lambda s: clean_text(s, "ref", max_len=100),
                f"{word}-{ref}",
            )
        self._last = (cell, word, ref)
        return ref

    def line(self, lineno: int, row: dict[str, str]) -> tuple[str, Line]:
        tab, accounts = self.tab, self.accounts
        ref = self.ref(lineno, row)
        account = tab.field(lineno, "account", lambda s: parse_target(s)[0], row["account"])
        acc = accounts.get(account)
        if acc is None:
            raise tab.error(NotFound, lineno, "account", "imp.no_account", account=account)
        if account not in self.leaves:
            raise tab.error(Refused, lineno, "account", "imp.not_leaf", account=account)
        if account in COMMAND_ONLY:
            raise tab.error(NotAllowed, lineno, "account", "imp.command_only", account=account)
        name = row.get("account_name", "")
        if name and name not in _names(account, accounts):
            raise tab.error(
                Refused,
                lineno,
                "account_name",
                "imp.account_name",
                name=name,
                account=account,
                expected=acc.name,
            )
        member = row.get("member_no", "") or None
        member_col = "member_no" if "member_no" in row else "account"
        payee = row.get("payee_no", "") or None
        if payees.is_person_account(account):
            if member is not None:
                raise tab.error(
                    BadInput, lineno, "member_no", "imp.member_on_person", account=account
                )
            if payee is None:
                column = "payee_no" if "payee_no" in row else "account"
                raise tab.error(Refused, lineno, column, "imp.needs_payee", account=account)
            if self.known_payees is None:
                self.known_payees = set(repo.payees(self.ctx))
            if payee not in self.known_payees:
                raise tab.error(NotFound, lineno, "payee_no", "imp.unknown_payee", payee=payee)
            return ref, Line(account, _amount(tab, lineno, row), payee)
        if payee is not None:
            raise tab.error(BadInput, lineno, "payee_no", "imp.payee_not_person", account=account)
        if acc.per_member and not member:
            raise tab.error(Refused, lineno, member_col, "imp.needs_member", account=account)
        if not acc.per_member and member:
            raise tab.error(
                Refused, lineno, member_col, "imp.no_member_ledger", account=account, member=member
            )
        if member is not None and member not in self.known_members():
            raise tab.error(NotFound, lineno, "member_no", "imp.unknown_member", member=member)
        return ref, Line(account, _amount(tab, lineno, row), member)


def _import_voucher(
    ctx: Context,
    tab: csvio.Table,
    ref: str,
    group: list[tuple[int, dict[str, str], Line]],
    window: tuple[list[int], int],
    corrected: list[str],
) -> Voucher:
    """One ref's rows as its voucher: shared date, memo and papers checked at their line."""
    zh_memo = not tab.label("memo").isascii()  # 摘要: one per entry line in Kingdee
    first_line, first, _ = group[0]
    date = tab.field(first_line, "date", import_date, first["date"])
    memo_line, memo_text = first_line, first["memo"]
    if zh_memo:  # the voucher's 摘要 is its first line's that has one
        memo_line, memo_text = next(
            ((n, r["memo"]) for n, r, _ in group if r["memo"]), (first_line, "")
        )
    memo = tab.field(memo_line, "memo", clean_memo, memo_text)
    papers: dict[str, tuple[int, str]] = {}  # column: (line, the group's one value)
    for lineno, row, _ in group:
        if row["date"] != first["date"]:
            raise tab.error(BadInput, lineno, "date", "imp.shared", ref=ref)
        if not zh_memo and row["memo"] != first["memo"]:
            raise tab.error(BadInput, lineno, "memo", "imp.shared", ref=ref)
        for column in ("attachments", "corrects"):
            value = row.get(column, "")
            if value and papers.setdefault(column, (lineno, value))[1] != value:
                raise tab.error(BadInput, lineno, column, "imp.shared", ref=ref)
    _check_date(ctx, tab, first_line, date, window)
    attachments = 0
    if "attachments" in papers:
        at_line, text = papers["attachments"]
        attachments = tab.field(at_line, "attachments", parse_attachments, text)
    corrects = None
    if "corrects" in papers:
        at_line, text = papers["corrects"]
        corrects = _corrects_at(ctx, tab, at_line, text, (date.year, ref), corrected)
        corrected.append(corrects)
    try:
        return Voucher(
            date=date,
            memo=memo,
            lines=tuple(ln for _, _, ln in group),
            kind=K.MANUAL,
            key=keys.voucher_ref(ref),
            user=ctx.user,
            attachments=attachments,
            corrects=corrects,
        )
    except Unbalanced as exc:
        raise tab.error(
            Unbalanced, first_line, "ref", "imp.unbalanced", ref=ref, detail=exc.message
        ) from None


def _post_batch(
    ctx: Context, tab: csvio.Table, batch: list[tuple[int, Voucher]], known: set[str] | None
) -> list[tuple[Posted, bool]]:
    """Post a batch of the file's vouchers; a ref already posted with the same content is
    skipped, with other content refused at its first line."""
    posted = ctx.books.find_by_keys([v.key for _, v in batch if v.key is not None])
    for first_line, v in batch:
        was = posted.get(v.key or "")
        diff = differences(was.voucher, v) if was is not None else []
        if was is not None and diff:
            raise tab.error(
                Conflict,
                first_line,
                "ref",
                "imp.ref_posted",
                ref=(v.key or "").removeprefix(keys.voucher_ref("")),
                number=was.number,
                diff=", ".join(diff),
            )
    return post_manual(ctx, [v for _, v in batch], known)


def _corrects_at(
    ctx: Context,
    tab: csvio.Table,
    lineno: int,
    text: str,
    year_ref: tuple[int, str],
    taken: list[str],
) -> str:
    """The ``corrects`` cell checked as ``voucher add --corrects`` checks it, refused at its
    line; a voucher of this file already posted (a re-run) is compared with what it
    corrects below, as its other fields are."""
    year, ref = year_ref
    try:
        if ctx.books.find_by_keys([keys.voucher_ref(ref)]):
            return text
        return check_corrects(ctx, text, year, taken)
    except (NotFound, NotAllowed, InvalidInput) as exc:
        raise csvio.located(
            type(exc), tab.path, lineno, tab.label("corrects"), "imp.corrects", message=exc.message
        ) from None


def _amount(tab: csvio.Table, lineno: int, row: dict[str, str]) -> int:
    """The line's amount in fen, debit positive. A side left empty or 0 (Kingdee writes
    0.00 on the side not used) is not used; an amount below zero is explained."""
    sides = []
    for name in ("debit", "credit"):
        text = row[name]
        if _SIGNED.fullmatch(text) and Decimal(text) <= 0:
            if Decimal(text) < 0:
                raise tab.error(BadInput, lineno, name, "imp.amount_not_positive", value=text)
            continue
        if text:
            sides.append(name)
    if len(sides) != 1:
        zero = not sides and (row["debit"] or row["credit"])
        raise tab.error(
            BadInput,
            lineno,
            "debit",
            "imp.amount_not_positive" if zero else "imp.one_side",
            value=row["debit"] or row["credit"],
            debit=tab.label("debit"),
            credit=tab.label("credit"),
        )
    (name,) = sides
    fen = tab.field(lineno, name, parse_amount, row[name])
    return fen if name == "debit" else -fen


def _check_date(
    ctx: Context,
    tab: csvio.Table,
    lineno: int,
    date: dt.date,
    window: tuple[list[int], int],
) -> None:
    """The books' window and closed years, said at the line (``posting`` checks again).
    ``window``: the closed years and the books' first year."""
    closed, begin = window
    if closed and date.year <= closed[-1] and K.MANUAL not in CLOSED_OK:
        raise tab.error(
            ClosedPeriod,
            lineno,
            "date",
            "imp.closed",
            year=str(date.year),
            date=date.isoformat(),
        )
    try:
        posting.check_dates(ctx, [date], begin)
    except OutsideBooks as exc:
        which = "imp.books_begin" if exc.key == "err.books_begin" else "imp.too_late"
        raise tab.error(BadInput, lineno, "date", which, **exc.values) from None


def reverse(ctx: Context, number: str, date: dt.date, reason: str) -> Posted:
    original = ctx.books.voucher(number)
    reason = clean_text(reason, "reason")
    if original.voucher.kind not in REVERSIBLE:
        raise NotAllowed(
            tr(
                "voucher {number} was written by '{kind}' and is undone by its own command, "
                "not reversed",
                number=number,
                kind=original.voucher.kind,
            )
        )
    if original.voucher.kind == K.BASE_PREPAY and ctx.books.find_by_keys(
        [keys.base_recognize(number)]
    ):
        raise NotAllowed(
            tr(
                "the prepayment {number} is already recognized in its year; correct "
                "it with an ordinary voucher",
                number=number,
            )
        )
    if original.voucher.kind == K.ASSET_ACQUIRE:
        assets.check_reversible(ctx, number)
    if original.voucher.kind in STOCK_KINDS:
        products.check_reversible(ctx, number)
    already = ctx.books.reversal_of(number)
    if already is not None:
        raise NotAllowed(
            tr(
                "voucher {number} was already reversed by {reversal}",
                number=number,
                reversal=already,
            )
        )
    if date.year != original.year:
        raise NotAllowed(
            tr(
                "a reversal is dated in the year of the voucher it reverses "
                "({year}); correct an error from a closed year with an "
                "ordinary voucher",
                year=original.year,
            )
        )
    red = reversal(original, date, ctx.user)
    ((posted, _),) = posting.post(ctx, [red])
    ctx.books.audit("reverse", [f"{posted.number} reverses {number}: {reason}"])
    return posted


def show(ctx: Context, number: str) -> Posted:
    return ctx.books.voucher(number)


def corrected_on(ctx: Context, posted: Posted) -> dt.date | None:
    """The date of the voucher ``posted`` corrects (for its 订正 line), if it corrects one."""
    number = posted.voucher.corrects
    return None if number is None else ctx.books.voucher(number).voucher.date
