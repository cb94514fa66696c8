"""The message catalog (issue 10): every message the source marks has its Chinese, with the
same placeholders; the catalog in the repository is what ``make messages`` would make of
the source; what the build compiled is what the ``.po`` says."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ledger.i18n import DOMAIN, compile_po, translations

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "coop" / "locale" / "zh" / "LC_MESSAGES" / f"{DOMAIN}.po"
# The keywords `make messages` gives pybabel (the Makefile's `-k` options).
KEYWORDS = {
    "tr": None,
    "trn": (1, 2),
    "N_": None,
    "NC_": ((1, "c"), 2),
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_]\w*)(?:![rsa])?(?::[^}]*)?\}")


def source_messages() -> dict[tuple[str, str | None], str]:
    """(msgid, context) → where, for every marked message in ledger, coop and cli."""
    found: dict[tuple[str, str | None], str] = {}
    for package in ("ledger", "coop", "cli"):
        for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ):
            msgid = message if isinstance(message, str) else message[0]
            found.setdefault((msgid, context), f"{package}/{filename}:{lineno}")
    return found


def plural_ids() -> dict[str, str]:
    """singular → plural, for the catalog's plural messages."""
    with PO.open("rb") as fp:
        po = read_po(fp)
    return {m.id[0]: m.id[1] for m in po if m.id and not isinstance(m.id, str)}


def catalog() -> dict[tuple[str, str | None], tuple[str, set[str]]]:
    with PO.open("rb") as fp:
        po = read_po(fp)
    out: dict[tuple[str, str | None], tuple[str, set[str]]] = {}
    for m in po:
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        string = m.string if isinstance(m.string, str) else (m.string or [""])[0]
        out[(msgid, m.context)] = (string, set(m.flags))
    return out


def test_every_message_has_its_chinese() -> None:
    marked, po = source_messages(), catalog()
    assert len(marked) > 250  # the extraction found the source's messages
    missing = [
        f"{where}: {msgid!r}" for (msgid, ctx), where in marked.items() if (msgid, ctx) not in po
    ]
    assert not missing, "not in coop.po (run `make messages`):\n" + "\n".join(missing[:40])
    untranslated = [
        f"{marked[key]}: {key[0]!r}"
        for key in marked
        if not po[key][0] or "fuzzy" in po[key][1] or (po[key][0] == key[0] and key[0].strip())
    ]
    assert not untranslated, "no Chinese for:\n" + "\n".join(untranslated[:40])


def test_translations_keep_every_placeholder() -> None:
    wrong = []
    plurals = plural_ids()
    for (msgid, _ctx), (string, _flags) in catalog().items():
        said, given = set(PLACEHOLDER.findall(string)), set(PLACEHOLDER.findall(msgid))
        if msgid in plurals:  # one Chinese form for both: the values of either may be used
            if not said <= given | set(PLACEHOLDER.findall(plurals[msgid])):
                wrong.append(f"{msgid!r} → {string!r}")
        elif string and said != given:
            wrong.append(f"{msgid!r} → {string!r}")
    assert not wrong, "\n".join(wrong)


def test_no_message_left_in_the_catalog_that_the_source_dropped() -> None:
    stale = set(catalog()) - set(source_messages())
    assert not stale, f"obsolete entries (run `make messages`): {sorted(stale)[:20]}"


def test_the_compiled_catalog_says_what_the_po_says() -> None:
    """The build compiles the .po (setup.py); a stale .mo is never used (ledger.i18n)."""
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "coop.mo was not compiled by the install (setup.py build_py)"
    assert mo.read_bytes() == compile_po(PO) or mo.stat().st_mtime < PO.stat().st_mtime
    zh = translations("zh")
    some = next((msgid, ctx) for (msgid, ctx), (s, _) in catalog().items() if s)
    said = zh.pgettext(some[1], some[0]) if some[1] else zh.gettext(some[0])
    assert said != some[0] and not said.isascii()


def test_click_still_says_the_words_the_catalog_translates() -> None:
    """cli/words.py lists click's own messages for the catalog; a click upgrade that
    rewords one would leave it in English: each must still be a message of click."""
    import os

    import click

    from cli.words import CLICK_PLURALS, CLICK_WORDS

    said = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        os.path.dirname(click.__file__),
        method_map=[("**.py", "python")],
        keywords={"_": None, "ngettext": (1, 2)},
    ):
        said.add(message if isinstance(message, str) else message[0])
    missing = [w for w in (*CLICK_WORDS, *CLICK_PLURALS) if w not in said]
    assert not missing, missing
    assert len(CLICK_WORDS) > 30
