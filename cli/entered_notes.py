"""Commands on the entered notes of the 附注 (statutory.md §7.1, cli-additions.md §8): the
texts of the items, the losses not yet written off and the tax adjustments of a year.

Every value is checked by ``coop.entered_notes``, not by click, so a refusal is one line
(click's usage errors take three)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from cli.app import State, cli, pass_state
from cli.options import output_options
from cli.output import emit_json, emit_rows, note
from coop import entered_notes as notes
from ledger.i18n import N_, tr

FORMATS = ("table", "json")
F = TypeVar("F", bound=Callable[..., Any])


def _year_option(f: F) -> F:
    return click.option(
        "--year",
        required=True,
        metavar="YEAR",
        help=N_("The year of the notes (open or closed)."),
    )(f)


def _id_option(help_text: str) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        return click.option("--id", "entry_id", required=True, metavar="N", help=help_text)(f)

    return decorate


@cli.group(
    "notes",
    help=N_(
        "The entered notes of the 附注: the texts of items 4, 7.1, 7.2, 7.3, 7.5, 7.9 and 9, "
        "the losses not yet written off (item 5) and the tax adjustments (item 8), per year. "
        "They change no figure of the books, so closed years take them too."
    ),
)
def notes_group() -> None:
    pass


@notes_group.command(
    "set",
    help=N_(
        "Set the text of an item of a year's notes (the latest text of an item wins); an "
        "empty TEXT clears the item. ITEM: 4, 7.1, 7.2, 7.3, 7.5, 7.9, 9."
    ),
)
@_year_option
@click.option("--item", required=True, help=N_("The item: 4, 7.1, 7.2, 7.3, 7.5, 7.9 or 9."))
@click.option(
    "--text", required=True, help=N_("The text, up to 4000 characters; empty clears the item.")
)
@pass_state
def notes_set(state: State, year: str, item: str, text: str) -> None:
    y, written = state.run(lambda c: notes.set_text(c, year, item, text))
    cleared = not text.strip()
    if not written:
        message = (
            N_("notes of {year}, item {item}: no text to clear; nothing to do")
            if cleared
            else N_("notes of {year}, item {item}: the text is so already; nothing to do")
        )
        note(tr(message, year=y, item=item))
    elif cleared:
        note(tr("notes of {year}, item {item}: the text cleared", year=y, item=item))
    else:
        note(tr("notes of {year}, item {item}: the text set", year=y, item=item))


# ----- losses (item 5) -------------------------------------------------------------------------


@notes_group.group(
    "loss",
    help=N_("Assets lost but not yet written off (item 5 of the notes): add, remove."),
)
def loss_group() -> None:
    pass


@loss_group.command(
    "add",
    help=N_(
        "Enter a loss not yet written off in a year's notes; prints its id (1, 2, … in "
        "each year). CATEGORY: receivable, investment, fixed_asset, construction, "
        "intangible, other."
    ),
)
@_year_option
@click.option(
    "--category",
    required=True,
    help=N_(
        "receivable (应收款项), investment (对外投资), fixed_asset (固定资产), construction "
        "(在建工程), intangible (无形资产) or other (其他)."
    ),
)
@click.option("--name", required=True, help=N_("What was lost."))
@click.option("--amount", required=True, metavar="AMOUNT", help=N_("The amount lost, in yuan."))
@click.option(
    "--explanation", required=True, help=N_("Why, and where it stands; up to 4000 characters.")
)
@pass_state
def loss_add(
    state: State, year: str, category: str, name: str, amount: str, explanation: str
) -> None:
    y, loss = state.run(lambda c: notes.add_loss(c, year, category, name, amount, explanation))
    click.echo(loss.id)
    note(
        tr(
            "loss {id} entered in the notes of {year}: {category} {name} {amount}",
            id=loss.id,
            year=y,
            category=notes.category_label(loss.category),
            name=loss.name,
            amount=loss.as_json()["amount"],
        )
    )


@loss_group.command("remove", help=N_("Remove a loss from a year's notes (a void is recorded)."))
@_year_option
@_id_option(N_("The loss's id, as notes list shows it."))
@pass_state
def loss_remove(state: State, year: str, entry_id: str) -> None:
    y, loss = state.run(lambda c: notes.remove_loss(c, year, entry_id))
    note(
        tr(
            "loss {id} removed from the notes of {year}: {name} {amount}",
            id=loss.id,
            year=y,
            name=loss.name,
            amount=loss.as_json()["amount"],
        )
    )


# ----- tax adjustments (item 8) ----------------------------------------------------------------


@notes_group.group(
    "tax",
    help=N_("The tax adjustments of item 8 of the notes: add, rate, remove."),
)
def tax_group() -> None:
    pass


@tax_group.command(
    "add",
    help=N_(
        "Enter an increase (调增) or a decrease (调减) of the taxable income in a year's "
        "notes; prints its id (1, 2, … in each year)."
    ),
)
@_year_option
@click.option("--increase", is_flag=True, help=N_("The amount raises the taxable income."))
@click.option("--decrease", is_flag=True, help=N_("The amount lowers the taxable income."))
@click.option("--item", required=True, help=N_("What is adjusted."))
@click.option("--amount", required=True, metavar="AMOUNT", help=N_("The amount, in yuan."))
@pass_state
def tax_add(
    state: State, year: str, increase: bool, decrease: bool, item: str, amount: str
) -> None:
    kind = notes.tax_kind(increase, decrease)
    y, added = state.run(lambda c: notes.add_tax(c, year, kind, item, amount))
    click.echo(added.id)
    note(
        tr(
            "tax adjustment {id} entered in the notes of {year}: {kind} {item} {amount}",
            id=added.id,
            year=y,
            kind=notes.tax_kind_label(added.kind),
            item=added.item,
            amount=added.as_json()["amount"],
        )
    )


@tax_group.command(
    "rate",
    help=N_("Set the income-tax rate of a year's notes (the latest rate wins)."),
)
@_year_option
@click.option("--rate", required=True, metavar="R", help=N_("A decimal from 0 to 1, such as 0.25."))
@pass_state
def tax_rate(state: State, year: str, rate: str) -> None:
    y, value, written = state.run(lambda c: notes.set_rate(c, year, rate))
    said = dict(year=y, rate=notes.rate_text(value))
    if written:
        note(tr("tax rate of {year}: {rate}", **said))
    else:
        note(tr("the tax rate of {year} is {rate} already; nothing to do", **said))


@tax_group.command(
    "remove", help=N_("Remove a tax adjustment from a year's notes (a void is recorded).")
)
@_year_option
@_id_option(N_("The adjustment's id, as notes list shows it."))
@pass_state
def tax_remove(state: State, year: str, entry_id: str) -> None:
    y, removed = state.run(lambda c: notes.remove_tax(c, year, entry_id))
    note(
        tr(
            "tax adjustment {id} removed from the notes of {year}: {item} {amount}",
            id=removed.id,
            year=y,
            item=removed.item,
            amount=removed.as_json()["amount"],
        )
    )


# ----- listing ---------------------------------------------------------------------------------


@notes_group.command(
    "list",
    help=N_(
        "List what is entered for a year's notes: the texts, the losses and the tax "
        "adjustments with the rate."
    ),
)
@_year_option
@output_options(FORMATS)
@pass_state
def notes_list(state: State, year: str, fmt: str) -> None:
    data = state.read(lambda c: notes.listing(c, year))
    if fmt == "json":
        emit_json(data)
        return
    emit_rows(
        fmt,
        [tr("Item"), tr("Text")],
        [[f"{k} {notes.item_label(k)}", v] for k, v in data["texts"].items()],
        None,
        title=tr("Notes of {year}: texts", year=data["year"]),
    )
    click.echo()
    emit_rows(
        fmt,
        [tr("No."), tr("Category"), "name", "amount", tr("Explanation")],
        [
            [x["id"], notes.category_label(x["category"]), x["name"], x["amount"], x["explanation"]]
            for x in data["losses"]
        ],
        None,
        title=tr("Losses not yet written off"),
    )
    click.echo()
    rate = data["tax"]["rate"]
    emit_rows(
        fmt,
        [tr("No."), tr("Adjustment"), tr("Item"), "amount"],
        [
            [x["id"], notes.tax_kind_label(x["kind"]), x["item"], x["amount"]]
            for x in data["tax"]["items"]
        ],
        None,
        title=(
            tr("Tax adjustments (rate {rate})", rate=rate)
            if rate is not None
            else tr("Tax adjustments (no rate set)")
        ),
    )
