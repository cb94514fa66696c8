"""Opening balances (期初): a cooperative moving in from other books.

One opening voucher, dated the first day of a year, into a ledger with no
voucher (when that year is before the charter's ``first_year``, the books now
begin in it); it may touch every account (never 331, 33201 or 5xx), per member where
required, and carries each member's opening reserve, subsidy and donation shares,
which must equal 32201 and 311. A 221/222 balance names the year whose distribution
it belongs to, so later payments can be matched to it. Optional columns: ``source``
(the 出资 source of a 301@M row), ``donation_share`` and ``payee_no`` (the payee of a
212/213 row).
"""

from __future__ import annotations

import datetime as dt

from coop import capital_tags, csvio, keys, payees, posting, products
from coop.errors import BadInput, NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.repo import add_memo
from coop.store.uow import Context
from coop.text import clean_code, parse_year
from coop.vouchers import parse_target
from ledger.entries import Line, Posted, Voucher
from ledger.errors import InvalidInput, NotFound, Unbalanced
from ledger.i18n import tr
from ledger.money import format_fen, parse_amount

COLUMNS = ("account", "member_no", "year", "debit", "credit", "reserve_share", "subsidy_share")
#: cli-additions.md §1.4: the 出资 source of a 301@M row, a member's opening donation
#: share, and the payee of a 212/213 row (operations.md §2.3, §2.5, §4.1).
OPTIONAL = ("source", "donation_share", "payee_no")
FORBIDDEN = (Acct.CURRENT_SURPLUS, Acct.DISTRIBUTION)


def import_file(ctx: Context, path: str, date: dt.date) -> Posted:
    if (date.month, date.day) != (1, 1):
        raise BadInput(
            tr("opening balances are dated the first day of a year, not {date}", date=date),
            field="date",
        )
    if ctx.books.first_year() is not None:
        raise NotAllowed(
            tr("the ledger already has vouchers: opening balances go only into an empty ledger")
        )
    members = repo.members(ctx)
    lines: list[Line] = []
    tags: list[str] = []  # each line's source tag (operations.md §2.3; 301@M lines only)
    shares: list[tuple[str, str, int]] = []
    owed: dict[int, list[tuple[str, str, int]]] = {}
    for lineno, c in csvio.read_rows(path, COLUMNS, OPTIONAL):
        where = f"{path}:{lineno}: "
        try:
            member = clean_code(c["member_no"], "member_no") if c["member_no"] else None
            if member is not None and member not in members:
                raise NotFound(
                    tr(
                        "{where}field member_no: member {member!r} does not exist",
                        where=where,
                        member=member,
                    )
                )
            for share in ("reserve_share", "subsidy_share", "donation_share"):
                if c.get(share, ""):
                    if member is None:
                        raise BadInput(tr("{share} needs a member_no", share=share), field=share)
                    shares.append(
                        (
                            member,
                            share.split("_")[0],
                            parse_amount(c[share], allow_zero=True, what=share),
                        )
                    )
            if not c["account"]:
                if c["debit"] or c["credit"]:
                    raise BadInput(tr("an amount needs an account"), field="account")
                continue
            account, _ = parse_target(c["account"])
            payee = clean_code(c["payee_no"], "payee_no") if c.get("payee_no") else None
            if payee is not None and not payees.is_person_account(account):
                raise BadInput(tr("payee_no is only for 212 and 213 lines"), field="payee_no")
            if payee is not None and member is not None:
                raise BadInput(tr("give member_no or payee_no, not both"), field="payee_no")
            if account in products.stock_accounts(ctx):
                raise NotAllowed(
                    tr(
                        "{where}{account} is a product's stock account: bring opening stock "
                        "in with coop product adjust (its quantity and cost)",
                        where=where,
                        account=account,
                    )
                )
            if account in FORBIDDEN or account.startswith("5"):
                raise NotAllowed(
                    tr(
                        "{where}opening balances never touch {account}",
                        where=where,
                        account=account,
                    )
                )
            if bool(c["debit"]) == bool(c["credit"]):
                raise BadInput(tr("give exactly one of debit and credit"), field="debit")
            amount = (
                parse_amount(c["debit"], what="debit")
                if c["debit"]
                else -parse_amount(c["credit"], what="credit")
            )
            if account in (Acct.PATRONAGE_PAYABLE, Acct.RESIDUAL_PAYABLE):
                if not c["year"] or member is None:
                    raise BadInput(
                        tr(
                            "a {account} balance names its member and the year of its distribution",
                            account=account,
                        ),
                        field="year",
                    )
                owed.setdefault(parse_year(c["year"]), []).append(
                    (member, f"owed:{account}", -amount)
                )
            elif c["year"]:
                raise BadInput(tr("year is only for 221 and 222 balances"), field="year")
            source = c.get("source", "")
            if source and (account != Acct.SHARE_CAPITAL or member is None):
                raise BadInput(tr("source is only for 301 lines of a member"), field="source")
            if source and source not in capital_tags.TAGS:
                raise BadInput(
                    tr(
                        "{text!r} is not valid: one of {values}",
                        text=source,
                        values=", ".join(capital_tags.TAGS),
                    ),
                    field="source",
                )
            lines.append(Line(account, amount, payee or member))
            tags.append(source or capital_tags.OTHER)
        except InvalidInput as exc:
            raise csvio.bad_cell(where, exc.field or "row", exc) from None
    # A 212/213 balance names its payee when the file gives one (it must be registered);
    # one without is allowed in the opening, books kept before by account only, and
    # `check` warns of it (docs/decisions.md).
    for ln in lines:
        if payees.is_person_account(ln.account) and ln.member is not None:
            payees.require(ctx, ln.member)
    try:
        v = Voucher(date, "期初余额", tuple(lines), kind=K.OPENING, key=keys.OPENING, user=ctx.user)
    except Unbalanced as exc:
        raise Unbalanced(f"{path}: {exc.message}") from None
    reserve = sum(a for _, s, a in shares if s == "reserve")
    subsidy = sum(a for _, s, a in shares if s in ("subsidy", "donation"))
    b32201 = -sum(ln.amount for ln in lines if ln.account == Acct.RESERVE)
    b311 = -sum(ln.amount for ln in lines if ln.account == Acct.SPECIAL_FUND)
    if reserve != b32201:
        raise NotAllowed(
            tr(
                "{path}: members' reserve shares total {total} but 32201 is {balance}",
                path=path,
                total=format_fen(reserve),
                balance=format_fen(b32201),
            )
        )
    if subsidy != b311:
        raise NotAllowed(
            tr(
                "{path}: members' subsidy and donation shares total {total} but 311 is {balance}",
                path=path,
                total=format_fen(subsidy),
                balance=format_fen(b311),
            )
        )
    if date.year < posting.first_year(ctx):  # nothing is posted yet (checked above)
        repo.amend_charter(ctx, 0, [("first_year", str(date.year))])
        ctx.books.audit(
            "charter", [f"first_year = {date.year}: the opening balances begin the books"]
        )
    ((posted, _),) = posting.post(ctx, [v])
    capital_tags.tag_posted(ctx, posted, tags, always=False)
    add_memo(ctx, date, date.year, "opening", shares)
    for year, entries in sorted(owed.items()):
        add_memo(ctx, date, year, "opening-owed", entries)
    return posted
