"""Commands on equity beyond land (operations.md §2, cli-additions.md §3): donations
received, 公积金 / 资本公积 转增股金, and assets received in kind from donors and the
state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cli.app import State, cli, pass_state
from cli.distribute import subsidy_group
from cli.options import attachments_option, output_options
from cli.output import emit_json, recorded
from cli.params import AMOUNT, DATE
from coop import equity
from coop.errors import BadInput
from ledger.i18n import N_, tr
from ledger.money import format_fen, parse_amount

F = TypeVar("F", bound=Callable[..., Any])


@cli.group(
    "donation",
    help=N_(
        "Donations from others (他人捐赠) into 专项基金 (311), quantified equally to the "
        "members of the day."
    ),
)
def donation_group() -> None:
    pass


@donation_group.command(
    "receive",
    help=N_(
        "Record a cash donation: Dr 102 (or --debit) / Cr 311, split equally among the "
        "members on DATE as donation shares; prints the voucher number."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--donor", required=True, help=N_("Who gave it (捐赠人)."))
@click.option("--debit", default="102", help=N_("101, 102, 109 or a leaf of 211."))
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@attachments_option
@pass_state
def donation_receive(
    state: State, date: dt.date, amount: str, donor: str, debit: str, ref: str | None
) -> None:
    fen = parse_amount(amount)
    recorded(*state.run(lambda c: equity.donation_receive(c, date, fen, donor, ref, debit)))


@cli.group("equity", help=N_("Equity (所有者权益): 公积金 and 资本公积 转增股金."))
def equity_group() -> None:
    pass


@equity_group.command(
    "capitalise",
    help=N_(
        "Convert 资本公积 (--from 321) or 盈余公积 (--from 32201) into members' 股金 (转增): "
        "split by capital or equally (321) or by the reserve shares (32201), largest "
        "remainder; prints the voucher number."
    ),
)
@click.option("--from", "source", required=True, help=N_("321 or 32201."))
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--basis", help=N_("capital (default) or equal; only with --from 321."))
@click.option("--approved-on", type=DATE, help=N_("The members' assembly that approved it."))
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def equity_capitalise(
    state: State,
    source: str,
    amount: str,
    date: dt.date,
    basis: str | None,
    approved_on: dt.date | None,
    ref: str | None,
    fmt: str,
) -> None:
    fen = parse_amount(amount)
    done = state.run(lambda c: equity.capitalise(c, source, fen, date, basis, approved_on, ref))
    if fmt == "json":
        emit_json(
            {
                "number": done.posted.number,
                "quantified": [{"member_no": m, "amount": format_fen(a)} for m, a in done.parts],
            }
        )
    else:
        recorded(done.posted, done.created)


def in_kind_options(f: F) -> F:
    """The options of an asset received in kind (operations.md §2.5): the account and value,
    the nominal amount, the costs of bringing it in, and the asset card's fields."""
    for option in reversed(
        (
            click.option("--date", type=DATE, required=True),
            click.option("--account", required=True, help=N_("A leaf under 151, 142, 144 or 161.")),
            click.option("--value", type=AMOUNT, required=True),
            click.option("--nominal", is_flag=True, help=N_("Valued at 1.00 (名义金额).")),
            click.option("--reason", help=N_("Why it is valued at the nominal amount.")),
            click.option("--costs", type=AMOUNT, help=N_("Taxes and transport paid.")),
            click.option("--costs-from", help=N_("101, 102, 109 or 211 leaves.")),
            click.option("--asset", "asset_no", help=N_("The asset number, for 151 and 142.")),
            click.option("--name"),
            click.option("--life-months", type=int),
            click.option("--cost-centre"),
            click.option("--residual"),
            click.option("--in-service", type=DATE),
            click.option(
                "--poverty", is_flag=True, help=N_("A poverty-alleviation project asset.")
            ),
            click.option(
                "--ref", help=N_("Idempotency key: the same key and content does nothing.")
            ),
        )
    ):
        f = option(f)
    return f


def _receive_in_kind(state: State, fund: str, giver: str, o: dict[str, Any]) -> None:
    if o["nominal"] and not o["reason"]:
        raise BadInput(tr("--nominal needs --reason"), field="reason")
    if (o["costs"] is None) != (o["costs_from"] is None):
        raise BadInput(tr("--costs goes with --costs-from"), field="costs")
    asset = None
    if o["asset_no"] is not None:
        if o["name"] is None or o["life_months"] is None or o["cost_centre"] is None:
            raise BadInput(
                tr("--asset needs --name, --life-months and --cost-centre"), field="asset"
            )
        asset = {
            "asset_no": o["asset_no"],
            "name": o["name"],
            "life_months": o["life_months"],
            "cost_centre": o["cost_centre"],
            "residual": parse_amount(o["residual"] or "0", allow_zero=True, what="residual"),
            "in_service": o["in_service"],
            "poverty": o["poverty"],
        }
    costs = None if o["costs"] is None else (parse_amount(o["costs"]), str(o["costs_from"]))
    recorded(
        *state.run(
            lambda c: equity.receive_in_kind(
                c,
                fund,
                o["date"],
                giver,
                o["account"],
                parse_amount(o["value"]),
                nominal_reason=o["reason"] if o["nominal"] else None,
                costs=costs,
                name=o["name"],
                asset=asset,
                ref=o["ref"],
            )
        )
    )


@donation_group.command(
    "receive-asset",
    help=N_(
        "Record an asset donated in kind: Dr ACCOUNT / Cr 311 (at 1.00 with --nominal), "
        "quantified equally to the members of the day; an asset under 151 or 142 is "
        "registered."
    ),
)
@click.option("--donor", required=True, help=N_("Who gave it (捐赠人)."))
@in_kind_options
@attachments_option
@pass_state
def donation_receive_asset(state: State, /, donor: str, **options: Any) -> None:
    _receive_in_kind(state, "donation", donor, options)


@subsidy_group.command(
    "receive-asset",
    help=N_(
        "Record an asset given by the state in kind: Dr ACCOUNT / Cr 311, quantified "
        "equally to the members of the day as subsidy shares."
    ),
)
@click.option("--giver", default="财政", help=N_("Who gave it (default 财政)."))
@in_kind_options
@attachments_option
@pass_state
def subsidy_receive_asset(state: State, /, giver: str, **options: Any) -> None:
    _receive_in_kind(state, "subsidy", giver, options)
