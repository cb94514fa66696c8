"""Commands on crops, products and trade (operations.md §5, §7.1; cli-additions.md §6–§7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from cli.app import State, cli, pass_state
from cli.options import attachments_option, output_options
from cli.output import emit_json, emit_rows, note
from cli.params import AMOUNT, DATE, YEAR
from coop import crops, products, trade
from coop.errors import BadInput
from ledger.entries import Posted
from ledger.i18n import N_, tr
from ledger.money import format_fen, format_quantity

REF_HELP = N_("Idempotency key: the same key and content does nothing.")


def _one_of(**given: str | None) -> None:
    named = [k for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise BadInput(
            tr(
                "give exactly one of {options}",
                options=", ".join("--" + k.replace("_", "-") for k in given),
            )
        )


def _moved(
    fmt: str, posted: Posted | None, created: bool, quantity: int, amount: int, cost: int
) -> None:
    if posted is None:  # a movement that costs 0.00: its quantity only
        if fmt == "json":
            emit_json(
                {
                    "number": None,
                    "quantity": format_quantity(quantity),
                    "amount": "0.00",
                    "cost": "0.00",
                }
            )
        note(tr("the movement costs 0.00: its quantity is recorded, with no voucher"))
        return
    if fmt == "json":
        emit_json(
            {
                "number": posted.number,
                "quantity": format_quantity(quantity),
                "amount": format_fen(amount),
                "cost": format_fen(cost),
            }
        )
    else:
        click.echo(posted.number)
    if not created:
        note(
            tr("voucher {number} already posted with this ref; nothing to do", number=posted.number)
        )


# ----- crops ------------------------------------------------------------------------------------


@cli.group(
    "crop",
    help=N_(
        "Crops (农作物): costs on 401 by crop, 141 消耗性生物资产 while growing, harvest "
        "into products, sale or loss."
    ),
)
def crop_group() -> None:
    pass


@crop_group.command(
    "add",
    help=N_(
        "Add crop CROP_NO; its 401 and 141 leaves are created when not given, named "
        "<name>(<year started>)."
    ),
)
@click.argument("crop_no")
@click.option("--name", required=True)
@click.option("--started", type=DATE, required=True)
@click.option("--cost-account", help=N_("A leaf under 401 (default: a new one)."))
@click.option("--asset-account", help=N_("A leaf under 141 (default: a new one)."))
@click.option("--product", "product_no", help=N_("The product its harvest yields."))
@click.option("--area", help=N_("Area in mu."))
@click.option("--poverty", is_flag=True, help=N_("Formed with poverty-alleviation funds."))
@pass_state
def crop_add(
    state: State,
    crop_no: str,
    name: str,
    started: dt.date,
    cost_account: str | None,
    asset_account: str | None,
    product_no: str | None,
    area: str | None,
    poverty: bool,
) -> None:
    row, added = state.run(
        lambda c: crops.add(
            c,
            crop_no,
            name,
            started,
            cost_account=cost_account,
            asset_account=asset_account,
            product_no=product_no,
            area=area,
            poverty=poverty,
        )
    )
    if added:
        note(
            tr(
                "crop {crop} added: costs on {cost}, growing on {asset}",
                crop=row["crop_no"],
                cost=row["cost_account"],
                asset=row["asset_account"],
            )
        )
    else:
        note(tr("crop {crop} is already registered as given; nothing to do", crop=row["crop_no"]))


CROP_COLUMNS = (
    "crop_no",
    "name",
    "started",
    "status",
    "cost_account",
    "asset_account",
    "product_no",
    "area_mu",
    "in_production_cost",
    "in_biological_assets",
)


@crop_group.command("list", help=N_("List the crops with their 401 and 141 balances."))
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def crop_list(state: State, as_of: dt.date | None, fmt: str) -> None:
    rows = state.read(lambda c: crops.listed(c, as_of))
    emit_rows(
        fmt,
        list(CROP_COLUMNS),
        [[r[k] for k in CROP_COLUMNS] for r in rows],
        {"as_of": as_of.isoformat() if as_of else None, "crops": rows},
    )


@crop_group.command(
    "settle",
    help=N_(
        "Move each growing crop's 401 balance to its 141 leaf (one voucher); prints its number."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--crop", "crop_no", help=N_("Only this crop."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def crop_settle(state: State, date: dt.date, crop_no: str | None, fmt: str) -> None:
    posted, settled = state.run(lambda c: crops.settle(c, date, crop_no))
    if fmt == "json":
        emit_json(
            {
                "number": posted.number if posted else None,
                "crops": [{"crop_no": n, "amount": format_fen(a)} for n, a in settled],
            }
        )
    elif posted is not None:
        click.echo(posted.number)
    if posted is None:
        note(
            tr(
                "no crop has production cost to settle on {date}; nothing to do",
                date=date.isoformat(),
            )
        )


@crop_group.command(
    "harvest",
    help=N_(
        "Harvest CROP_NO into its product's stock at its 141 cost (or --partial --cost A of "
        "it); prints the voucher number."
    ),
)
@click.argument("crop_no")
@click.option("--date", type=DATE, required=True)
@click.option("--quantity", required=True)
@click.option("--partial", is_flag=True, help=N_("A part of the crop; the rest grows on."))
@click.option("--cost", type=AMOUNT, help=N_("With --partial: the cost harvested."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def crop_harvest(
    state: State,
    crop_no: str,
    date: dt.date,
    quantity: str,
    partial: bool,
    cost: str | None,
    fmt: str,
) -> None:
    if cost is not None and not partial:
        raise BadInput(tr("--cost goes with --partial; a final harvest takes the whole cost"))
    posted, q, x = state.run(lambda c: crops.harvest(c, crop_no, date, quantity, cost, partial))
    _moved(fmt, posted, True, q, x, x)


@crop_group.command(
    "sell",
    help=N_("Sell CROP_NO standing: income, and its 141 cost to expense; prints the voucher."),
)
@click.argument("crop_no")
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--buyer", help=N_("A market customer (no trade record)."))
@click.option("--member", "member_no")
@click.option("--non-member")
@click.option("--debit", help=N_("101, 102, 109, 113 (a leaf) or 114 for the member."))
@click.option("--income-account", help=N_("A leaf under 501 (default: the product's)."))
@click.option("--expense-account", help=N_("A leaf under 521 (default: the product's)."))
@attachments_option
@pass_state
def crop_sell(
    state: State,
    crop_no: str,
    date: dt.date,
    amount: str,
    buyer: str | None,
    member_no: str | None,
    non_member: str | None,
    debit: str | None,
    income_account: str | None,
    expense_account: str | None,
) -> None:
    _one_of(buyer=buyer, member=member_no, non_member=non_member)
    posted, _ = state.run(
        lambda c: crops.sell(
            c,
            crop_no,
            date,
            amount,
            buyer=buyer,
            member=member_no,
            non_member=non_member,
            debit=debit,
            income_account=income_account,
            expense_account=expense_account,
        )
    )
    click.echo(posted.number)


@crop_group.command(
    "loss",
    help=N_("A crop lost (Dr 181 / Cr 141); the whole cost ends the crop. Prints the voucher."),
)
@click.argument("crop_no")
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@attachments_option
@pass_state
def crop_loss(state: State, crop_no: str, date: dt.date, amount: str) -> None:
    posted, _ = state.run(lambda c: crops.loss(c, crop_no, date, amount))
    click.echo(posted.number)


# ----- products ---------------------------------------------------------------------------------


@cli.group(
    "product",
    help=N_(
        "Products and stock (产品物资): purchases from members and others, sales, issues and "
        "stocktaking, costed by the charter's inventory_method."
    ),
)
def product_group() -> None:
    pass


@product_group.command(
    "add",
    help=N_(
        "Add product PRODUCT_NO; its stock (121), income (501) and expense (521) leaves are "
        "created when not given."
    ),
)
@click.argument("product_no")
@click.option("--name", required=True)
@click.option("--unit", required=True)
@click.option("--account", help=N_("Its stock leaf under 121 or 122."))
@click.option("--income-account", help=N_("A leaf under 501."))
@click.option("--expense-account", help=N_("A leaf under 521, not 52101."))
@pass_state
def product_add(
    state: State,
    product_no: str,
    name: str,
    unit: str,
    account: str | None,
    income_account: str | None,
    expense_account: str | None,
) -> None:
    row, added = state.run(
        lambda c: products.add(c, product_no, name, unit, account, income_account, expense_account)
    )
    if added:
        note(
            tr(
                "product {product} added: stock {account}, income {income}, expense {expense}",
                product=row["product_no"],
                account=row["account"],
                income=row["income_account"],
                expense=row["expense_account"],
            )
        )
    else:
        note(
            tr(
                "product {product} is already registered as given; nothing to do",
                product=row["product_no"],
            )
        )


PRODUCT_COLUMNS = ("product_no", "name", "unit", "account", "income_account", "expense_account")


@product_group.command("list", help=N_("List the products."))
@output_options()
@pass_state
def product_list(state: State, fmt: str) -> None:
    rows = state.read(products.listed)
    emit_rows(
        fmt,
        list(PRODUCT_COLUMNS),
        [[r[k] for k in PRODUCT_COLUMNS] for r in rows],
        {"products": [{k: r[k] for k in PRODUCT_COLUMNS} for r in rows]},
    )


def _party_options(f: Any) -> Any:
    for option in reversed(
        (
            click.option("--member", "member_no", help=N_("A member.")),
            click.option("--non-member", help=N_("A non-member's name.")),
        )
    ):
        f = option(f)
    return f


@product_group.command(
    "buy",
    help=N_(
        "Take PRODUCT_NO into stock from a member (交售) or a non-member: Dr stock / Cr 114@M "
        "or 102; a trade record of kind delivery."
    ),
)
@click.argument("product_no")
@click.option("--date", type=DATE, required=True)
@_party_options
@click.option("--quantity", required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--credit", help=N_("101, 102, 109, 211 (a leaf) or 114 for the member."))
@click.option("--ref", help=REF_HELP)
@output_options(("text", "json"))
@attachments_option
@pass_state
def product_buy(
    state: State,
    product_no: str,
    date: dt.date,
    member_no: str | None,
    non_member: str | None,
    quantity: str,
    amount: str,
    credit: str | None,
    ref: str | None,
    fmt: str,
) -> None:
    _one_of(member=member_no, non_member=non_member)
    posted, created, q, fen = state.run(
        lambda c: products.buy(
            c,
            product_no,
            date,
            quantity,
            amount,
            member=member_no,
            non_member=non_member,
            credit=credit,
            ref=ref,
        )
    )
    _moved(fmt, posted, created, q, fen, fen)


@product_group.command(
    "sell",
    help=N_(
        "Sell PRODUCT_NO: Dr 114@M or 102 / Cr income; Dr expense / Cr stock at its cost. "
        "To a member or non-member a trade record of kind purchase."
    ),
)
@click.argument("product_no")
@click.option("--date", type=DATE, required=True)
@_party_options
@click.option("--buyer", help=N_("A market customer (no trade record)."))
@click.option("--quantity", required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--debit", help=N_("101, 102, 109, 113 (a leaf) or 114 for the member."))
@click.option("--ref", help=REF_HELP)
@output_options(("text", "json"))
@attachments_option
@pass_state
def product_sell(
    state: State,
    product_no: str,
    date: dt.date,
    member_no: str | None,
    non_member: str | None,
    buyer: str | None,
    quantity: str,
    amount: str,
    debit: str | None,
    ref: str | None,
    fmt: str,
) -> None:
    _one_of(member=member_no, non_member=non_member, buyer=buyer)
    posted, created, q, cost = state.run(
        lambda c: products.sell(
            c,
            product_no,
            date,
            quantity,
            amount,
            member=member_no,
            non_member=non_member,
            buyer=buyer,
            debit=debit,
            ref=ref,
        )
    )
    _moved(fmt, posted, created, q, posted.voucher.lines[0].amount, cost)


@product_group.command(
    "issue",
    help=N_("Issue PRODUCT_NO to production or use: Dr the target leaf / Cr stock at its cost."),
)
@click.argument("product_no")
@click.option("--date", type=DATE, required=True)
@click.option("--quantity", required=True)
@click.option("--to", "to", required=True, help=N_("A leaf under 401, 141, 153, 523 or 529."))
@click.option("--memo", required=True)
@click.option("--ref", help=REF_HELP)
@output_options(("text", "json"))
@attachments_option
@pass_state
def product_issue(
    state: State,
    product_no: str,
    date: dt.date,
    quantity: str,
    to: str,
    memo: str,
    ref: str | None,
    fmt: str,
) -> None:
    posted, created, q, cost = state.run(
        lambda c: products.issue(c, product_no, date, quantity, to, memo, ref)
    )
    _moved(fmt, posted, created, q, cost, cost)


@product_group.command(
    "adjust",
    help=N_(
        "Stocktaking: a surplus (+Q, with --cost) Dr stock / Cr 181; a shortage (-Q) Dr 181 / "
        "Cr stock at its cost."
    ),
)
@click.argument("product_no")
@click.option("--date", type=DATE, required=True)
@click.option("--quantity", required=True, help=N_("+Q for a surplus, -Q for a shortage."))
@click.option("--cost", type=AMOUNT, help=N_("The value a surplus is taken in at."))
@click.option("--ref", help=REF_HELP)
@output_options(("text", "json"))
@attachments_option
@pass_state
def product_adjust(
    state: State,
    product_no: str,
    date: dt.date,
    quantity: str,
    cost: str | None,
    ref: str | None,
    fmt: str,
) -> None:
    posted, created, q, fen = state.run(
        lambda c: products.adjust(c, product_no, date, quantity, cost, ref)
    )
    _moved(fmt, posted, created, q, abs(fen), abs(fen))


@product_group.command(
    "import",
    help=N_(
        "Post the movements of a CSV file (ref,date,action,product_no,member_no,counterparty,"
        "quantity,amount,account): rows sharing a ref are one voucher. Prints the numbers."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@attachments_option
@pass_state
def product_import(state: State, file: str) -> None:
    done = state.run(lambda c: products.import_file(c, file))
    for posted, _created in done:
        if posted is not None:
            click.echo(posted.number)
    again = sum(1 for _, created in done if not created)
    if again:
        note(tr("{n} vouchers were already posted; nothing to do for them", n=again))


STOCK_COLUMNS = ("product_no", "name", "unit", "account", "quantity", "cost")


@product_group.command("stock", help=N_("Quantity and cost per product."))
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def product_stock(state: State, as_of: dt.date | None, fmt: str) -> None:
    rows = state.read(lambda c: products.stock_list(c, as_of))
    emit_rows(
        fmt,
        list(STOCK_COLUMNS),
        [[r[k] for k in STOCK_COLUMNS] for r in rows],
        {"as_of": as_of.isoformat() if as_of else None, "products": rows},
    )


# ----- trade ------------------------------------------------------------------------------------


@cli.group(
    "trade",
    help=N_(
        "Trade records (交易记录) with members and non-members: the basis of 盈余返还 by "
        "trade (law art. 44), members and non-members apart (art. 41)."
    ),
)
def trade_group() -> None:
    pass


@trade_group.command("add", help=N_("Record a trade booked otherwise; prints its number."))
@click.option("--date", type=DATE, required=True)
@_party_options
@click.option("--product", "product_no", required=True)
@click.option("--kind", required=True, help=N_("delivery, purchase or service."))
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--quantity")
@click.option("--voucher", help=N_("The voucher that booked it."))
@click.option("--ref", help=REF_HELP)
@pass_state
def trade_add(
    state: State,
    date: dt.date,
    member_no: str | None,
    non_member: str | None,
    product_no: str,
    kind: str,
    amount: str,
    quantity: str | None,
    voucher: str | None,
    ref: str | None,
) -> None:
    def work(c: Any) -> tuple[list[int], int]:
        row = trade.record_row(
            c,
            date=date,
            member=member_no,
            non_member=non_member,
            product_no=product_no,
            kind=kind,
            amount=amount,
            quantity=quantity,
            voucher=voucher,
            ref=ref,
        )
        return trade.add_rows(c, [row])

    numbers, same = state.run(work)
    for n in numbers:
        click.echo(n)
    if same:
        note(tr("the trade record with ref {ref} is already there; nothing to do", ref=ref))


@trade_group.command(
    "import",
    help=N_(
        "Record the trades of a CSV file (ref,date,member_no,counterparty,product_no,kind,"
        "quantity,amount,voucher); each ref once."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def trade_import(state: State, file: str) -> None:
    numbers, same = state.run(lambda c: trade.import_file(c, file))
    note(tr("added {n} trade records", n=len(numbers)))
    if same:
        note(tr("{n} trade records already there", n=same))


TRADE_COLUMNS = (
    "trade_no",
    "date",
    "party",
    "member_no",
    "counterparty",
    "product_no",
    "kind",
    "quantity",
    "amount",
    "voucher",
    "void",
)
TOTAL_COLUMNS = (
    "product_no",
    "name",
    "unit",
    "member_quantity",
    "member_amount",
    "non_member_quantity",
    "non_member_amount",
    "member_share",
)


@trade_group.command("list", help=N_("The year's trade records, and totals per product."))
@click.option("--year", type=YEAR, required=True)
@click.option("--member", "member_no")
@output_options()
@pass_state
def trade_list(state: State, year: int, member_no: str | None, fmt: str) -> None:
    data = state.read(lambda c: trade.listing(c, year, member_no))
    emit_rows(
        fmt, list(TRADE_COLUMNS), [[r[k] for k in TRADE_COLUMNS] for r in data["records"]], data
    )
    if fmt != "json":
        click.echo()
        emit_rows(
            fmt,
            list(TOTAL_COLUMNS),
            [[r[k] for k in TOTAL_COLUMNS] for r in data["totals"]],
            data,
            bom=False,
        )
