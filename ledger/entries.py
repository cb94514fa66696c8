"""Vouchers and their lines: balanced on construction, reversed by a red copy.

Amounts are signed integer fen: debit positive, credit negative. A ``Voucher``
that is unbalanced, has fewer than two lines or a zero line cannot be built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ledger.errors import Unbalanced
from ledger.i18n import tr
from ledger.money import format_fen


@dataclass(frozen=True, slots=True)
class Line:
    account: str
    amount: int  # fen, debit positive
    member: str | None = None


@dataclass(frozen=True, slots=True)
class Voucher:
    """A voucher not yet numbered. ``kind`` names the command that writes it."""

    date: dt.date
    memo: str
    lines: tuple[Line, ...]
    kind: str = "manual"
    key: str | None = None
    user: str = ""
    reversal_of: str | None = None
    #: 附单据张数 (None only on vouchers written before the books stored it)
    attachments: int | None = 0
    #: the number of the reversed voucher this one corrects (订正), if any
    corrects: str | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not str:  # a StrEnum member: store and chain its plain value
            object.__setattr__(self, "kind", str.__str__(self.kind))
        if len(self.lines) < 2:
            raise Unbalanced(tr("voucher {memo!r} needs at least two lines", memo=self.memo))
        for line in self.lines:
            if line.amount == 0:
                raise Unbalanced(
                    tr(
                        "voucher {memo!r} has a zero line on {account}",
                        memo=self.memo,
                        account=line.account,
                    )
                )
        total = sum(line.amount for line in self.lines)
        if total != 0:
            raise Unbalanced(
                tr(
                    "voucher {memo!r} does not balance: debits exceed credits by {amount}",
                    memo=self.memo,
                    amount=format_fen(total),
                )
            )


@dataclass(frozen=True, slots=True)
class Posted:
    """A voucher as it stands in the books, with its number ``YYYY-N``."""

    year: int
    seq: int
    voucher: Voucher
    chain_seq: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def number(self) -> str:
        return format_number(self.year, self.seq)


def format_number(year: int, seq: int) -> str:
    return f"{year}-{seq}"


def reversal_memo(original_date: dt.date, number: str) -> str:
    """The memo of a red reversal: ``注销 YYYY年MM月DD日 第YYYY-N号凭证``."""
    d = original_date
    return f"注销 {d.year:04d}年{d.month:02d}月{d.day:02d}日 第{number}号凭证"


def reversal(original: Posted, date: dt.date, user: str) -> Voucher:
    """The red copy of a posted voucher: every line negated, linked to the original."""
    v = original.voucher
    return Voucher(
        date=date,
        memo=reversal_memo(v.date, original.number),
        lines=tuple(Line(ln.account, -ln.amount, ln.member) for ln in v.lines),
        kind="reversal",
        key=None,
        user=user,
        reversal_of=original.number,
        attachments=0,  # 更正错误的记账凭证可以不附原始凭证 (会计基础工作规范 art. 51)
    )


def differences(a: Voucher, b: Voucher) -> list[str]:
    """Field names in which two vouchers' content differ (for idempotency errors)."""
    out = []
    if a.date != b.date:
        out.append(tr("date ({old} vs {new})", old=a.date.isoformat(), new=b.date.isoformat()))
    if a.memo != b.memo:
        out.append(tr("memo ({old!r} vs {new!r})", old=a.memo, new=b.memo))
    if a.kind != b.kind:
        out.append(tr("kind ({old} vs {new})", old=a.kind, new=b.kind))
    if sorted(map(_line_key, a.lines)) != sorted(map(_line_key, b.lines)):
        out.append(tr("lines"))
    if None not in (a.attachments, b.attachments) and a.attachments != b.attachments:
        out.append(tr("attachments ({old} vs {new})", old=a.attachments, new=b.attachments))
    if a.attachments is not None and b.attachments is not None and a.corrects != b.corrects:
        out.append(tr("corrects ({old} vs {new})", old=a.corrects, new=b.corrects))
    return out


def _line_key(line: Line) -> tuple[str, str, int]:
    return (line.account, line.member or "", line.amount)
