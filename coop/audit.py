"""``check`` for the cooperative: what the ledger alone cannot know.

Lines name members that exist; the base register totals its vouchers; 331 and
33201 are zero at every closed year end; parcels held past their term (a warning).
"""

from __future__ import annotations

import sqlalchemy as sa

from coop.closing import year_end_balance_problems
from coop.store import repo
from coop.store import tables as ct
from coop.store.uow import Context
from ledger.checks import Problem
from ledger.money import format_fen
from ledger.store import tables as lt


def check(ctx: Context, *, strict: bool) -> list[Problem]:
    problems: list[Problem] = []
    problems += _members(ctx)
    problems += _base_register(ctx)
    for year, code, b in year_end_balance_problems(ctx):
        problems.append(Problem("year-end", f"{code} is {format_fen(b)} at the end of closed "
                                f"year {year}; it must be zero"))
    _ = strict
    return problems


def _members(ctx: Context) -> list[Problem]:
    known = set(repo.members(ctx))
    q = sa.select(lt.line.c.member).distinct().where(lt.line.c.coop_id == ctx.coop_id,
                                                     lt.line.c.member.is_not(None))
    return [Problem("members", f"lines name member {m!r}, who is not in the register")
            for (m,) in ctx.conn.execute(q) if m not in known]


def _base_register(ctx: Context) -> list[Problem]:
    reg = dict(ctx.conn.execute(
        sa.select(ct.base_register.c.voucher, sa.func.sum(ct.base_register.c.amount))
        .where(ct.base_register.c.coop_id == ctx.coop_id)
        .group_by(ct.base_register.c.voucher)).all())
    out = []
    for number, total in sorted(reg.items()):
        try:
            p = ctx.books.voucher(number)
        except Exception:
            out.append(Problem("base-register", f"rows name voucher {number}, which does not "
                               "exist"))
            continue
        paid = -sum(ln.amount for ln in p.voucher.lines if ln.account == "102")
        if paid != total or p.voucher.kind not in ("base", "base_prepay"):
            out.append(Problem("base-register", f"voucher {number} pays {format_fen(paid)} "
                               f"but its register rows total {format_fen(int(total))}"))
    return out
