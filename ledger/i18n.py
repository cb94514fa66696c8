"""Every message a person reads, in the reader's language: gettext catalogs kept with Babel.

The English text is the message id (what ``pybabel extract`` collects from the source);
the Chinese is in ``coop/locale/zh/LC_MESSAGES/coop.po``, compiled to ``coop.mo`` when
the package is built or installed (``make messages`` refreshes both). English needs no
catalog: it is the source language.

- ``tr(text, **values)`` — the text in the current language, its ``{placeholders}`` filled;
- ``N_(text)`` / ``NC_(context, text)`` — mark a label kept in a table, translated where it
  is shown (``gettext`` / ``pgettext``);
- ``use(lang)`` — the command line sets the reader's language once, before anything is
  said; the library's own default is English, so code that calls the ledger directly
  reads the message ids.

A catalog whose ``.mo`` is missing or older than its ``.po`` (a checkout where ``make
messages`` has not run yet) is compiled in memory from the ``.po``: the words are never
out of date, only slower to load.
"""

from __future__ import annotations

import gettext as _gettext
import io
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "coop"
LANGS = ("zh", "en")
SOURCE_LANG = "en"

_current: ContextVar[str] = ContextVar("coop_lang", default=SOURCE_LANG)
_dirs: list[Path] = []
_loaded: dict[str, _gettext.NullTranslations] = {}


def add_catalog(localedir: Path) -> None:
    """Where a package's catalogs are (``<localedir>/<lang>/LC_MESSAGES/coop.{po,mo}``)."""
    if localedir not in _dirs:
        _dirs.append(localedir)
        _loaded.clear()


def use(lang: str) -> None:
    """From now on, messages are said in ``lang`` (``zh`` or ``en``)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    _current.set(lang)


def current() -> str:
    return _current.get()


def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` (English: the message ids themselves)."""
    found = _loaded.get(lang)
    if found is None:
        found = _gettext.NullTranslations()
        if lang != SOURCE_LANG:
            for localedir in reversed(_dirs):
                one = _load(localedir / lang / "LC_MESSAGES")
                if one is not None:
                    one.add_fallback(found)
                    found = one
        _loaded[lang] = found
    return found


def _load(folder: Path) -> _gettext.NullTranslations | None:
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    if po.exists():
        return _gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    return None


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file (what ``pybabel compile`` writes)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def gettext(text: str) -> str:
    return translations(_current.get()).gettext(text)


def pgettext(context: str, text: str) -> str:
    return translations(_current.get()).pgettext(context, text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def tr(text: str, /, **values: object) -> str:
    """``text`` in the current language, with its ``{name}`` placeholders filled."""
    said = translations(_current.get()).gettext(text)
    return said.format(**values) if values else said


def trn(singular: str, plural: str, n: int, /, **values: object) -> str:
    """As ``tr``, for a count: ``{n}`` is filled too."""
    said = translations(_current.get()).ngettext(singular, plural, n)
    return said.format(n=n, **values)


def N_(text: str) -> str:
    """Marks ``text`` for the catalog; translated later, where it is shown."""
    return text


def NC_(context: str, text: str) -> tuple[str, str]:
    """Marks ``text`` for the catalog under ``context`` (a label's stable key)."""
    return context, text
