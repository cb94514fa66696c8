"""Commands on fixed and productive biological assets (operations.md §3, cli-additions.md §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from cli.app import State, cli, pass_state
from cli.options import attachments_option, output_options
from cli.output import emit_json, emit_rows, note
from cli.params import AMOUNT, DATE
from coop import assets
from coop.errors import BadInput
from coop.render.i18n import t
from ledger.i18n import N_, tr
from ledger.money import format_fen, parse_amount


@cli.group(
    "asset",
    help=N_(
        "Fixed and productive biological assets (固定资产、生产性生物资产): the register, "
        "monthly depreciation, disposal."
    ),
)
def asset_group() -> None:
    pass


@asset_group.command(
    "add",
    help=N_(
        "Register asset ASSET_NO (固定资产卡片): bought now (--pay-from ACCOUNT posts Dr the "
        "asset / Cr ACCOUNT), built (--from-construction: Dr the asset / Cr 153), already "
        "debited by a voucher (--from-voucher NUMBER) or by ordinary vouchers on its 142 "
        "leaf (--ledger), or in the opening balances (--opening --accumulated A "
        "--months-used N)."
    ),
)
@click.argument("asset_no")
@click.option("--name", required=True)
@click.option("--account", required=True, help=N_("A leaf under 151 (fixed) or 142 (biological)."))
@click.option("--cost", type=AMOUNT, required=True)
@click.option("--in-service", type=DATE, required=True, help=N_("The day it came into use."))
@click.option("--life-months", type=int, required=True)
@click.option(
    "--cost-centre",
    required=True,
    help=N_("Where depreciation is charged: a leaf under 401, 141, 153, 521, 523 or 529."),
)
@click.option("--residual", default="0", help=N_("The residual value (残值)."))
@click.option("--contra", help=N_("A leaf under 152 or 143 (default: 152 or 143)."))
@click.option(
    "--poverty", is_flag=True, help=N_("A poverty-alleviation project asset (扶贫项目资产).")
)
@click.option("--quantity")
@click.option("--unit")
@click.option("--nominal", is_flag=True, help=N_("Valued at 1.00 (名义金额): not depreciated."))
@click.option("--reason", help=N_("Why it is valued at the nominal amount."))
@click.option("--pay-from", help=N_("101, 102, 109 or 211 leaves, or 114@MEMBER_NO."))
@click.option("--from-voucher", metavar="NUMBER")
@click.option("--opening", is_flag=True)
@click.option(
    "--from-construction",
    "from_construction",
    is_flag=True,
    help=N_("Completed construction: Dr the asset / Cr 153 (or --construction-account)."),
)
@click.option("--construction-account", help=N_("A leaf under 153 (default 153)."))
@click.option(
    "--ledger",
    is_flag=True,
    help=N_("A biological asset whose cost grew on its 142 leaf by ordinary vouchers."),
)
@click.option("--accumulated", help=N_("With --opening: depreciation to date."))
@click.option("--months-used", type=int, help=N_("With --opening: months already depreciated."))
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@attachments_option
@pass_state
def asset_add(
    state: State,
    asset_no: str,
    name: str,
    account: str,
    cost: str,
    in_service: dt.date,
    life_months: int,
    cost_centre: str,
    residual: str,
    contra: str | None,
    poverty: bool,
    quantity: str | None,
    unit: str | None,
    nominal: bool,
    reason: str | None,
    pay_from: str | None,
    from_voucher: str | None,
    opening: bool,
    accumulated: str | None,
    months_used: int | None,
    from_construction: bool,
    construction_account: str | None,
    ledger: bool,
    ref: str | None,
) -> None:
    modes = (pay_from is not None, from_voucher is not None, opening, from_construction, ledger)
    if sum(modes) != 1:
        raise BadInput(
            tr(
                "give one of --pay-from, --from-construction, --from-voucher, --opening or --ledger"
            ),
            field="mode",
        )
    if construction_account is not None and not from_construction:
        raise BadInput(
            tr("--construction-account goes with --from-construction"), field="construction"
        )
    if not opening and (accumulated is not None or months_used is not None):
        raise BadInput(tr("--accumulated and --months-used go with --opening"), field="opening")
    if nominal and not reason:
        raise BadInput(tr("--nominal needs --reason"), field="reason")
    fen = parse_amount(cost)
    if nominal and fen != 100:
        raise BadInput(tr("an asset at the nominal amount costs 1.00"), field="cost")
    begun = (
        (parse_amount(accumulated or "0", allow_zero=True), months_used or 0) if opening else None
    )
    no, posted = state.run(
        lambda c: assets.add(
            c,
            asset_no=asset_no,
            name=name,
            account=account,
            cost=fen,
            in_service=in_service,
            life_months=life_months,
            cost_centre=cost_centre,
            residual=parse_amount(residual, allow_zero=True, what="residual"),
            contra=contra,
            poverty=poverty,
            quantity=quantity,
            unit=unit,
            nominal_reason=reason if nominal else None,
            pay_from=pay_from,
            from_voucher=from_voucher,
            opening=begun,
            construction=(construction_account or "153") if from_construction else None,
            ledger=ledger,
            ref=ref,
        )
    )
    click.echo(posted.number if posted else no)
    note(tr("asset {asset} registered", asset=no))


@asset_group.command(
    "depreciate",
    help=N_(
        "Depreciate the month's due (计提折旧): one voucher dated the month's last day, Dr the "
        "cost centres / Cr 152 (143); a second run of the month writes nothing."
    ),
)
@click.option("--month", required=True, help=N_("YYYY-MM."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def asset_depreciate(state: State, month: str, fmt: str) -> None:
    assets.parse_month(month)
    run = state.run(lambda c: assets.depreciate(c, month))
    total = sum(a for _n, a in run.amounts)
    if fmt == "json":
        emit_json(
            {
                "month": month,
                "voucher": run.posted.number if run.posted else None,
                "assets": [{"asset_no": n, "amount": format_fen(a)} for n, a in run.amounts],
                "total": format_fen(total),
            }
        )
    elif run.posted is not None:
        click.echo(run.posted.number)
    if run.posted is None:
        note(tr("nothing to depreciate for {month}", month=month))


AMOUNT_OPTIONS = ("proceeds", "costs", "compensation", "salvage", "value")


def _clearing_options(f: Any) -> Any:
    """The amounts a disposal or its clearing moves through 154."""
    for option in reversed(
        (
            click.option("--proceeds", type=AMOUNT),
            click.option("--proceeds-to"),
            click.option("--costs", type=AMOUNT),
            click.option("--costs-from"),
            click.option("--compensation", type=AMOUNT),
            click.option("--compensation-from"),
            click.option("--salvage", type=AMOUNT),
            click.option("--salvage-to"),
        )
    ):
        f = option(f)
    return f


def _amounts(given: dict[str, tuple[str | None, str | None]]) -> dict[str, tuple[int, str]]:
    """Each amount option with the account it moves to or from (both, or neither)."""
    amounts: dict[str, tuple[int, str]] = {}
    for option, (amount, where) in given.items():
        if (amount is None) != (where is None):
            raise BadInput(
                tr("--{option} goes with the account it moves to or from", option=option),
                field=option,
            )
        if amount is not None and where is not None:
            amounts[option] = (parse_amount(amount), where)
    return amounts


@asset_group.command(
    "dispose",
    help=N_(
        "Dispose of ASSET_NO (处置): the month's depreciation if due, then the asset through "
        "154 (sale, scrap, damage, donate), 181 (loss) or 131 (invest), the net to 529 or 502."
    ),
)
@click.argument("asset_no")
@click.option("--date", type=DATE, required=True)
@click.option("--reason", required=True, help=N_("sale, scrap, damage, donate, invest or loss."))
@_clearing_options
@click.option("--value", type=AMOUNT)
@click.option("--investment")
@click.option(
    "--open",
    "open_",
    is_flag=True,
    help=N_("Leave the net on 154 (清理中) until `asset clear`."),
)
@attachments_option
@pass_state
def asset_dispose(
    state: State,
    asset_no: str,
    date: dt.date,
    reason: str,
    proceeds: str | None,
    proceeds_to: str | None,
    costs: str | None,
    costs_from: str | None,
    compensation: str | None,
    compensation_from: str | None,
    salvage: str | None,
    salvage_to: str | None,
    value: str | None,
    investment: str | None,
    open_: bool,
) -> None:
    amounts = _amounts(
        {
            "proceeds": (proceeds, proceeds_to),
            "costs": (costs, costs_from),
            "compensation": (compensation, compensation_from),
            "salvage": (salvage, salvage_to),
            "value": (value, investment),
        }
    )
    posted = state.run(lambda c: assets.dispose(c, asset_no, date, reason, amounts, open_))
    click.echo(posted.number)


@asset_group.command(
    "clear",
    help=N_(
        "Finish the open disposal of ASSET_NO: further proceeds, costs, compensation or "
        "salvage against 154, then the net to 529 or 502; prints the voucher number."
    ),
)
@click.argument("asset_no")
@click.option("--date", type=DATE, required=True)
@_clearing_options
@attachments_option
@pass_state
def asset_clear(
    state: State,
    asset_no: str,
    date: dt.date,
    proceeds: str | None,
    proceeds_to: str | None,
    costs: str | None,
    costs_from: str | None,
    compensation: str | None,
    compensation_from: str | None,
    salvage: str | None,
    salvage_to: str | None,
) -> None:
    amounts = _amounts(
        {
            "proceeds": (proceeds, proceeds_to),
            "costs": (costs, costs_from),
            "compensation": (compensation, compensation_from),
            "salvage": (salvage, salvage_to),
        }
    )
    posted = state.run(lambda c: assets.clear(c, asset_no, date, amounts))
    click.echo(posted.number)


@asset_group.command(
    "revise",
    help=N_(
        "Change ASSET_NO's estimates from a month on (未来适用法): the life, the residual "
        "value or the cost centre; the rest of the cost is spread over the rest of the life."
    ),
)
@click.argument("asset_no")
@click.option("--from-month", required=True, help=N_("YYYY-MM, after the last month run."))
@click.option("--life-months", type=int, help=N_("The whole life, in months."))
@click.option("--residual", help=N_("The residual value (残值)."))
@click.option("--cost-centre", help=N_("Where depreciation is charged from then on."))
@pass_state
def asset_revise(
    state: State,
    asset_no: str,
    from_month: str,
    life_months: int | None,
    residual: str | None,
    cost_centre: str | None,
) -> None:
    fen = None if residual is None else parse_amount(residual, allow_zero=True, what="residual")
    state.run(lambda c: assets.revise(c, asset_no, from_month, life_months, fen, cost_centre))
    note(tr("asset {asset} revised from {month}", asset=asset_no, month=from_month))


@asset_group.command(
    "flag",
    help=N_(
        "Mark ASSET_NO as having a loss known but not yet approved for write-off (附注 item "
        "5), or --clear the mark. Books nothing."
    ),
)
@click.argument("asset_no")
@click.option("--date", type=DATE, required=True)
@click.option("--impaired", "text", help=N_("What is known of the loss."))
@click.option("--clear", is_flag=True, help=N_("Take the mark off."))
@pass_state
def asset_flag(state: State, asset_no: str, date: dt.date, text: str | None, clear: bool) -> None:
    if (text is None) == (not clear):
        raise BadInput(tr("give one of --impaired TEXT and --clear"), field="impaired")
    changed = state.run(lambda c: assets.flag(c, asset_no, date, None if clear else text))
    if not changed:
        note(tr("asset {asset}: nothing to change", asset=asset_no))
    elif clear:
        note(tr("asset {asset}: the loss mark is taken off", asset=asset_no))
    else:
        note(tr("asset {asset} is marked: {text}", asset=asset_no, text=text))


@asset_group.command("list", help=N_("The asset register (固定资产登记簿), as of a day."))
@click.option("--as-of", type=DATE)
@click.option("--poverty", is_flag=True, help=N_("Poverty-alleviation project assets only."))
@click.option("--category", type=click.Choice(["fixed", "bio"]))
@output_options()
@pass_state
def asset_list(
    state: State, as_of: dt.date | None, poverty: bool, category: str | None, fmt: str
) -> None:
    rows = state.read(lambda c: assets.listed(c, as_of, poverty, category))
    fields = ["asset_no", "name", "account", "cost", "accumulated", "net", "status"]
    people = fmt == "table"  # the status in words for people; its code in csv and json

    def cell(r: dict[str, Any], f: str) -> object:
        return t(state.lang, f"asset.{r[f]}") if people and f == "status" else r[f]

    emit_rows(
        fmt,
        fields,
        [[cell(r, f) for f in fields] for r in rows],
        {"as_of": as_of.isoformat() if as_of else None, "assets": rows},
        labels={"name": "h.asset_name"},
    )


@asset_group.command("show", help=N_("The card of ASSET_NO: its fields, schedule and events."))
@click.argument("asset_no")
@output_options(("table", "json"))
@pass_state
def asset_show(state: State, asset_no: str, fmt: str) -> None:
    data = state.read(lambda c: assets.show(c, asset_no))
    if fmt == "json":
        emit_json(data)
        return
    emit_rows("table", ["field", "value"], [[k, v] for k, v in data["asset"].items()], None)
    click.echo()
    emit_rows(
        "table",
        ["month", "amount", "voucher"],
        [[s["month"], s["amount"], s["voucher"] or ""] for s in data["schedule"]],
        None,
    )
