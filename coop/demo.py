"""The seed scenario (domain.md §1), built end to end and deterministically.

滕州市御宿种植专业合作社: 220 member households contribute exactly 200.0000 mu;
land valued at 1000 yuan/mu; the base of 1000 yuan/mu for 2020 prepaid in
December 2019 (200,000.00) and recognized on 2020-01-01; crops 白术 100 mu,
丹参 85 mu, 白术育苗 15 mu; 2020 costs 375,000.00 besides the base and sales
1,275,000.00, so the 2020 surplus is exactly 700,000.00.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from coop import base_pay, land, members, posting, services
from coop.errors import NotEmpty
from coop.land import ParcelIn
from coop.store.uow import Context, UnitOfWork
from ledger.entries import Line, Voucher
from ledger.i18n import tr
from ledger.money import allocate, format_fen
from ledger.store.books import list_books

NAME = "滕州市御宿种植专业合作社"
CODE = "YS"
#: The demo's books begin in 2019 (its members join in November 2019).
FIRST_YEAR = 2019
SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕孔颜"
GIVEN = "志国建军明华文德永红玉秀英兰芳桂春海平金成立东长庆福学新振兴保荣富贵山林宝忠"
CROPS = [
    ("01", "白术", "Baizhu (Atractylodes)", 100),
    ("02", "丹参", "Danshen (Salvia)", 85),
    ("03", "白术育苗", "Baizhu seedlings", 15),
]
COSTS = [
    ("种苗", "seedlings", 40),
    ("技术指导", "technical guidance", 10),
    ("人工", "labour", 30),
    ("肥料", "fertiliser", 20),
]
TOTAL_COST = 37_500_000  # fen, besides the base
SALES = [70_000_000, 50_000_000, 7_500_000]  # fen: 白术, 丹参, 育苗 = 1,275,000.00


@dataclass(frozen=True)
class DemoResult:
    created: bool
    steps: list[str]
    head: tuple[str, int, bytes] | None = None  # (code, seq, hash) after the last commit


def _names(rnd: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice([1, 2])))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def build(
    target: str,
    *,
    user: str,
    at: str,
    code: str | None = None,
    after_year: Callable[[Context, int], list[str]] | None = None,
    command: str | None = None,
) -> DemoResult:
    """Build the demo in ``target`` (under ``code``, default YS); ``after_year`` (if given)
    closes and distributes each year."""
    code = code or CODE
    _require_empty(target, user=user, at=at)
    result = services.init(
        target,
        name=NAME,
        code=code,
        charter_text={
            "base_rate": "1000",
            "land_value_per_mu": "1000",
            "reserve_rate": "0.10",
            "welfare_rate": "0",
            "patronage_ratio": "0.60",
        },
        user=user,
        at=at,
        first_year=FIRST_YEAR,
        command=command,
    )
    uow = UnitOfWork(target, coop_code=code, user=user, at=at)
    uow.command = command
    try:
        if not result.created or uow.run(lambda c: c.books.first_year() is not None):
            return DemoResult(False, [])
        built = uow.run(lambda c: _populate(c, code, after_year))
        return DemoResult(built.created, built.steps, uow.committed)
    finally:
        uow.close()


def _require_empty(target: str, *, user: str, at: str) -> None:
    """The demo's 220 households must never land in real books: refuse any database that
    already holds a cooperative (exit 1, nothing written)."""
    uow = UnitOfWork(target, coop_code=None, user=user, at=at, create=True)
    try:
        codes = uow.run_raw(lambda conn: [b.code for b in list_books(conn)])
    finally:
        uow.close()
    if codes:
        raise NotEmpty(
            f"this database already holds books ({', '.join(codes)}): the demo is built "
            "only in a new file, e.g. coop --db demo.db demo",
            key="err.demo_not_empty",
            values={"codes": ", ".join(codes)},
        )


def _populate(
    ctx: Context, code: str, after_year: Callable[[Context, int], list[str]] | None
) -> DemoResult:
    rnd = random.Random(20191201)
    steps = [
        tr("created {name} ({code}) with the 2021 chart and its charter", name=NAME, code=code)
    ]
    for suffix, name, name_en, _mu in CROPS:
        services.add_account(
            ctx, f"501{suffix}", f"经营收入—{name}", f"Operating income - {name_en}", "501"
        )
        services.add_account(
            ctx,
            f"521{int(suffix) + 2:02d}",
            f"经营支出—{name}",
            f"Operating expenses - {name_en}",
            "521",
        )
    names = _names(rnd, 220)
    rows = [
        (
            "",
            members.member_row(
                f"Y{i:03d}", names[i - 1], "2019-11-01", f"御宿村{(i - 1) // 4 + 1:02d}组-{i:03d}户"
            ),
        )
        for i in range(1, 221)
    ]
    members._add_rows(ctx, rows)
    steps.append(tr("admitted 220 member households (Y001 … Y220) on 2019-11-01"))
    areas = allocate(2_000_000, [rnd.randint(4, 16) for _ in range(220)])
    parcels = [
        (
            "",
            ParcelIn(
                f"Y{i:03d}",
                f"P{i:03d}",
                areas[i - 1],
                dt.date(2019, 11, 15),
                f"HT-2019-{i:03d}",
                None,
                rnd.choice("ABC"),
            ),
        )
        for i in range(1, 221)
    ]
    land.contribute_many(ctx, parcels)
    steps.append(
        tr(
            "contributed 220 parcels, 200.0000 mu, booked at 1000 yuan/mu "
            "(Dr 161 / Cr 301) on 2019-11-15"
        )
    )
    posting.post(
        ctx,
        [
            Voucher(
                dt.date(2019, 11, 20),
                "农商银行短期借款(生产启动资金)",
                (Line("102", 60_000_000), Line("201", -60_000_000)),
                user=ctx.user,
            )
        ],
    )
    steps.append(
        tr(
            "borrowed 600000.00 short-term from the rural bank on 2019-11-20 (the seed's "
            "budgeted investment)"
        )
    )
    paid = base_pay.pay(ctx, 2020, dt.date(2019, 12, 20), None)
    steps.append(
        tr(
            "prepaid the 2020 base on 2019-12-20: {amount} (voucher {number})",
            amount=format_fen(paid.total),
            number=paid.voucher,
        )
    )
    base_pay.recognize(ctx, 2020)
    steps.append(tr("recognized the prepaid base into 52101 on 2020-01-01"))
    vouchers = []
    crop_cost = allocate(TOTAL_COST, [mu for *_, mu in CROPS])
    for (suffix, crop, _en, _mu), cost, sale in zip(CROPS, crop_cost, SALES, strict=True):
        expense = f"521{int(suffix) + 2:02d}"
        for month, ((what, _w_en, _), part) in enumerate(
            zip(COSTS, allocate(cost, [w for *_, w in COSTS]), strict=True), start=3
        ):
            vouchers.append(
                Voucher(
                    dt.date(2020, month, 10),
                    f"{crop}{what}",
                    (Line(expense, part), Line("102", -part)),
                    key=None,
                    user=ctx.user,
                )
            )
        for month, part in zip((10, 11), allocate(sale, [1, 1]), strict=True):
            vouchers.append(
                Voucher(
                    dt.date(2020, month, 20),
                    f"{crop}销售收入",
                    (Line("102", part), Line(f"501{suffix}", -part)),
                    user=ctx.user,
                )
            )
    posting.post(ctx, vouchers)
    steps.append(
        tr(
            "booked 2020 costs of 375000.00 and sales of 1275000.00 on the crop "
            "accounts: the 2020 surplus is 700000.00"
        )
    )
    if after_year is not None:
        steps += after_year(ctx, 2019)
        steps += after_year(ctx, 2020)
    return DemoResult(True, steps)
