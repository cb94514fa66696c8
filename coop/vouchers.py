"""Use cases on vouchers: add, import, reverse, show, list; the cooperative's rules on top
of the ledger's (command-only accounts, known members, reversible kinds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coop import csvio, keys, posting
from coop.chart_2021 import COMMAND_ONLY
from coop.errors import BadInput, NotAllowed, UnknownMember
from coop.kinds import CLOSED_OK, REVERSIBLE
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.uow import Context
from coop.text import clean_memo, clean_text, parse_date
from ledger.entries import Line, Posted, Voucher, reversal
from ledger.errors import Unbalanced
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
            f"account {text!r} is not valid: use a code like 102 or 114@M001",
            field="account",
            value=text,
        )
    if "@" in text and not member:
        raise BadInput(f"account {text!r} names no member after '@'", field="account", value=text)
    return account, (member or None)


def check_lines(ctx: Context, lines: Sequence[Line], *, manual: bool) -> None:
    """The cooperative's rules for lines: command-only accounts, members that exist."""
    known = None
    for ln in lines:
        if manual and ln.account in COMMAND_ONLY:
            raise NotAllowed(
                f"account {ln.account} is written only by its own commands "
                "(land, base, close, distribute…), not by voucher add/import"
            )
        if ln.member is not None:
            if known is None:
                known = repo.members(ctx)
            if ln.member not in known:
                raise UnknownMember(ln.member)


def post_manual(ctx: Context, vouchers: Sequence[Voucher]) -> list[tuple[Posted, bool]]:
    for v in vouchers:
        check_lines(ctx, v.lines, manual=True)
    return posting.post(ctx, vouchers, closed_ok=CLOSED_OK)


def add(
    ctx: Context,
    date: dt.date,
    memo: str,
    debits: Sequence[tuple[str, str]],
    credits: Sequence[tuple[str, str]],
    ref: str | None,
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
    )
    return post_manual(ctx, [v])[0]


IMPORT_COLUMNS = ("ref", "date", "memo", "account", "member_no", "debit", "credit")


def import_file(ctx: Context, path: str) -> list[tuple[Posted, bool]]:
    rows = csvio.read_rows(path, IMPORT_COLUMNS)
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for lineno, row in rows:
        ref = csvio.field(
            path, lineno, "ref", lambda s: clean_text(s, "ref", max_len=100), row["ref"]
        )
        groups.setdefault(ref, []).append((lineno, row))
    vouchers = []
    for ref, group in groups.items():
        first_line, first = group[0]
        date = csvio.field(path, first_line, "date", parse_date, first["date"])
        memo = csvio.field(path, first_line, "memo", clean_memo, first["memo"])
        lines = []
        for lineno, row in group:
            if row["date"] != first["date"] or row["memo"] != first["memo"]:
                which = "date" if row["date"] != first["date"] else "memo"
                raise BadInput(
                    f"{path}:{lineno}: field {which}: rows of ref {ref!r} must share one {which}",
                    field=which,
                )
            account = csvio.field(
                path, lineno, "account", lambda s: parse_target(s)[0], row["account"]
            )
            member = csvio.field(path, lineno, "member_no", lambda s: s or None, row["member_no"])
            debit, credit = row["debit"], row["credit"]
            if bool(debit) == bool(credit):
                raise BadInput(
                    f"{path}:{lineno}: field debit: give exactly one of debit and credit",
                    field="debit",
                )
            amount = (
                csvio.field(path, lineno, "debit", parse_amount, debit)
                if debit
                else -csvio.field(path, lineno, "credit", parse_amount, credit)
            )
            lines.append(Line(account, amount, member))
        try:
            vouchers.append(
                Voucher(
                    date=date,
                    memo=memo,
                    lines=tuple(lines),
                    kind=K.MANUAL,
                    key=keys.voucher_ref(ref),
                    user=ctx.user,
                )
            )
        except Unbalanced as exc:
            raise Unbalanced(f"{path}:{first_line}: ref {ref}: {exc.message}") from None
    return post_manual(ctx, vouchers)


def reverse(ctx: Context, number: str, date: dt.date, reason: str) -> Posted:
    original = ctx.books.voucher(number)
    reason = clean_text(reason, "reason")
    if original.voucher.kind not in REVERSIBLE:
        raise NotAllowed(
            f"voucher {number} was written by '{original.voucher.kind}' and is "
            "undone by its own command, not reversed"
        )
    if original.voucher.kind == K.BASE_PREPAY and ctx.books.find_by_keys(
        [keys.base_recognize(number)]
    ):
        raise NotAllowed(
            f"the prepayment {number} is already recognized in its year; correct "
            "it with an ordinary voucher"
        )
    already = ctx.books.reversal_of(number)
    if already is not None:
        raise NotAllowed(f"voucher {number} was already reversed by {already}")
    if date.year != original.year:
        raise NotAllowed(
            f"a reversal is dated in the year of the voucher it reverses "
            f"({original.year}); correct an error from a closed year with an "
            "ordinary voucher"
        )
    red = reversal(original, date, ctx.user)
    ((posted, _),) = posting.post(ctx, [red])
    ctx.books.audit("reverse", [f"{posted.number} reverses {number}: {reason}"])
    return posted


def show(ctx: Context, number: str) -> Posted:
    return ctx.books.voucher(number)
