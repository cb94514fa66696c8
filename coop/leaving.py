"""A member leaving (domain.md §7, "Leaving"), carried out by the distribution of the
year before the exit date, one voucher per leaver dated the exit date.

(1) their parcels leave the register and the land capital goes back in kind;
(2) if a loss is still open after the year's distribution, they bear their share
    L of it, by that year's residual bases (with the fall-back), limited to their
    capital plus reserve share;
(3) the rest of their capital and their reserve share, less L, are owed to them
    on 114@M;
(4) their reserve share goes to zero and their subsidy share is split equally
    among those who remain.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from coop import capital_tags, keys, land, land_models, posting, weights
from coop.kinds import Acct, MoveKind
from coop.kinds import VoucherKind as K
from coop.members import require
from coop.shares import held_on
from coop.store import repo
from coop.store.uow import Context
from ledger.entries import Line, Voucher
from ledger.money import allocate

if TYPE_CHECKING:
    from coop.yearend import Plan


def leavers(ctx: Context, exit_on: dt.date) -> list[str]:
    return sorted(no for no, n in repo.notices(ctx).items() if n.exit_on == exit_on.isoformat())


def carry_out(ctx: Context, year: int, plan: Plan) -> list[str]:
    exit_on = dt.date(year + 1, 1, 1)
    who = leavers(ctx, exit_on)
    if not who:
        return []
    end = dt.date(year, 12, 31)
    open_loss = max(0, ctx.books.balance(Acct.UNDISTRIBUTED, as_of=end))  # debit = loss
    reserve = repo.memo_balances(ctx, "reserve", as_of=end)
    subsidy = repo.memo_balances(ctx, "subsidy", as_of=end)
    donation = repo.memo_balances(ctx, "donation", as_of=end)
    loss_share: dict[str, int] = {}
    if open_loss:
        names = [m.member_no for m in plan.members]
        res = [max(0, m.residual_basis) for m in plan.members]
        pat = [max(0, m.patronage_basis) for m in plan.members]
        by = res if any(res) else pat
        if any(by):
            loss_share = dict(zip(names, allocate(open_loss, by, names), strict=True))
    held = held_on(land.spells(ctx), end)
    # land under land_model term leaves at its net book value (operations.md §6.2): Dr 162
    # what was amortised, Dr 301@M the rest / Cr 161 what it was booked at
    terms = land_models.term_parcels(ctx)
    done = land_models.amortised(ctx)

    def in_capital(parcel: str) -> int:
        return held[parcel].booked - (done.get(parcel, 0) if parcel in terms else 0)

    by_tag = capital_tags.balances(ctx, end)
    parcel_tag = capital_tags.parcel_tags(ctx)
    numbers = []
    memo: list[tuple[str, str, int]] = []
    pooled = pooled_donation = 0
    for m in who:
        capital = -ctx.books.balance(Acct.SHARE_CAPITAL, m, as_of=end)
        res_share = reserve.get(m, 0)
        limit = max(0, capital + res_share)
        loss = min(loss_share.get(m, 0), limit)
        parcels = sorted(p for p, s in held.items() if s.member_no == m)
        land_capital = sum(in_capital(p) for p in parcels)
        land_booked = sum(held[p].booked for p in parcels)
        rest = capital - land_capital
        # One 301 line per source tag (operations.md §2.3): the land by its parcels'
        # tags, the rest bringing each tag's balance to zero.
        land_by = {
            t: sum(in_capital(p) for p in parcels if parcel_tag.get(p) == t)
            for t in capital_tags.TAGS
        }
        rest_by = {t: by_tag.get(m, {}).get(t, 0) - land_by[t] for t in capital_tags.TAGS}
        tagged = [
            *[(Line(Acct.SHARE_CAPITAL, land_by[t], m), t) for t in capital_tags.TAGS],
            (Line(land_models.AMORTISED, land_booked - land_capital), ""),
            (Line(Acct.LAND_RIGHTS, -land_booked), ""),
            *[(Line(Acct.SHARE_CAPITAL, rest_by[t], m), t) for t in capital_tags.TAGS],
            (Line(Acct.RESERVE, res_share), ""),
            (Line(Acct.UNDISTRIBUTED, -loss), ""),
            (Line(Acct.MEMBER_CURRENT, -(rest + res_share - loss), m), ""),
        ]
        tagged = [(ln, t) for ln, t in tagged if ln.amount]
        lines = [ln for ln, _t in tagged]
        if lines:
            v = Voucher(
                exit_on,
                f"成员 {m} 退社",
                tuple(lines),
                kind=K.LEAVE,
                key=keys.leave(m, exit_on),
                user=ctx.user,
            )
            ((p, _),) = posting.post(ctx, [v], derived=True)  # the exit date is the engine's
            capital_tags.tag_posted(ctx, p, [t for _ln, t in tagged], always=False)
            numbers.append(p.number)
        rows = [
            dict(
                parcel_no=pn,
                kind=MoveKind.LEAVE,
                member_no=m,
                date=exit_on.isoformat(),
                booked=held[pn].booked,
                voucher=numbers[-1] if lines else None,
                reason="退社",
            )
            for pn in parcels
        ]
        if rows:
            repo.append_movements(ctx, rows, {})
        memo.append((m, "reserve", -res_share))
        memo.append((m, "subsidy", -subsidy.get(m, 0)))
        pooled += subsidy.get(m, 0)
        memo.append((m, "donation", -donation.get(m, 0)))
        pooled_donation += donation.get(m, 0)
    stay = [m for m in weights.members_on(ctx, end) if m not in who]
    for share, total in (("subsidy", pooled), ("donation", pooled_donation)):
        if total and stay:
            memo += [
                (m, share, a)
                for m, a in zip(stay, allocate(total, [1] * len(stay), stay), strict=True)
            ]
    repo.add_memo(ctx, exit_on, exit_on.year, "leave", memo)
    ctx.books.audit("leave", [f"member {m} left on {exit_on}" for m in who])
    return numbers


def settle(ctx: Context, member: str, date: dt.date) -> tuple[str | None, int]:
    """Pay what 114@M owes the member (its credit balance): Dr 114@M / Cr 102."""
    require(ctx, member)
    owed = -ctx.books.balance(Acct.MEMBER_CURRENT, member, as_of=date)
    if owed <= 0:
        return None, 0
    ((p, _),) = posting.post(
        ctx,
        [
            Voucher(
                date,
                f"成员 {member} 退社结算",
                (Line(Acct.MEMBER_CURRENT, owed, member), Line(Acct.BANK, -owed)),
                kind=K.SETTLE,
                key=None,
                user=ctx.user,
            )
        ],
    )
    return p.number, owed
