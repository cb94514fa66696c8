"""The command line in the reader's language: help texts, click's own words, the language.

- Help texts are written ``help=N_("…")``: click keeps the English (the message id) and
  ``Command`` / ``Group`` translate it when the help is shown, in the language chosen.
- Click says its own words (``Usage:``, ``Options``, ``No such option``…) through
  gettext; ``speak_click`` points those modules at the project's catalog, which holds
  the words below (a test checks that click still says each of them).
- ``choose_language`` reads ``--lang`` / ``COOP_LANG`` from the command line before click
  parses it, so even a usage error or ``--help`` is said in the chosen language.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from ledger import i18n
from ledger.i18n import N_, ngettext

# What click says to a person, in its own words (click's message ids, extracted from here).
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    HELP_OPTION := N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Aborted!"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("(dynamic)"),
    N_("deprecated"),
    N_("Do you want to continue?"),
    N_("Confirm the action without prompting."),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("Invalid start character for option ({option})"),
    N_("Option {name!r} does not take a value."),
)
CLICK_PLURALS = (
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    ngettext(
        "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1
    ),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    ngettext(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1
    ),
    ngettext(
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
        1,
    ),
)
_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def speak_click() -> None:
    """Click's words through the project's catalog (click calls gettext at the moment it
    speaks, so the language chosen for this command is the one used)."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = i18n.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def choose_language(argv: Sequence[str]) -> str:
    """``--lang`` from the command line (its last value before the command), else
    ``COOP_LANG``, else Chinese; an unknown value is left to click to refuse."""
    lang = os.environ.get("COOP_LANG") or "zh"
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(words):
            lang = words[i + 1]
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    chosen = lang if lang in i18n.LANGS else "zh"
    i18n.use(chosen)
    return chosen


@contextmanager
def _said(params: Sequence[click.Parameter]) -> Iterator[None]:
    """Each option's help in the reader's language while the help page is written."""
    kept = [(p, p.help) for p in params if isinstance(p, click.Option) and p.help]
    for p, text in kept:
        p.help = i18n.gettext(text) if text else text
    try:
        yield
    finally:
        for p, text in kept:
            p.help = text


class _Said:
    """Help texts kept in English (message ids) and shown in the reader's language."""

    help: str | None
    short_help: str | None

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text, self.help = self.help, i18n.gettext(self.help) if self.help else self.help
        try:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
        finally:
            self.help = text

    def get_short_help_str(self, limit: int = 45) -> str:
        text, short = self.help, self.short_help
        self.help = i18n.gettext(text) if text else text
        self.short_help = i18n.gettext(short) if short else short
        try:
            return str(super().get_short_help_str(limit))  # type: ignore[misc]
        finally:
            self.help, self.short_help = text, short

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """Click words ``--help`` once, in the language of the first call: keep the message
        id, said in the reader's language when the page is written."""
        option: click.Option | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = i18n.gettext(HELP_OPTION)
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _said(self.get_params(ctx)):  # type: ignore[attr-defined]
            super().format_options(ctx, formatter)  # type: ignore[misc]


class Command(_Said, click.Command):
    pass


class Group(_Said, click.Group):
    command_class = Command
    group_class = type  # a group's sub-groups are of this class too


def help_texts(group: click.Group) -> Iterator[tuple[str, str, Any]]:
    """(command path, what, text) for every help text under ``group`` (for the tests)."""

    def walk(cmd: click.Command, path: str) -> Iterator[tuple[str, str, Any]]:
        yield path, "help", cmd.help
        for p in cmd.params:
            if isinstance(p, click.Option):
                yield path, p.name or "", p.help
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, f"{path} {name}")

    yield from walk(group, "coop")
