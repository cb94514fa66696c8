"""PDF for people: A4, black on white, a CJK font that has every glyph (Noto Sans CJK SC).

The font is found at ``COOP_CJK_FONT`` or in the usual Debian place
(``fonts-noto-cjk``); the face for Simplified Chinese is picked out of the
collection by its name. Without it, one clear error says what to install.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from coop.errors import NotAllowed
from coop.render.document import RED, Document, VoucherPage
from ledger.i18n import tr

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, int]:
    """(path, face index) of a Simplified Chinese CJK font."""
    env = os.environ.get("COOP_CJK_FONT")
    for path in ([env] if env else []) + list(CANDIDATES):
        if path and Path(path).exists():
            return path, _sc_face(path)
    raise NotAllowed(
        tr(
            "no CJK font found for PDF output: install the Debian package "
            "fonts-noto-cjk, or set COOP_CJK_FONT to a .ttc/.otf file"
        )
    )


def _sc_face(path: str) -> int:
    if not path.endswith(".ttc"):
        return 0
    from fontTools.ttLib import TTCollection

    for i, font in enumerate(TTCollection(path).fonts):
        if "CJK SC" in str(font["name"].getDebugName(1)):
            return i
    return 0


def _common_chars() -> set[int]:
    """ASCII, Latin-1 and every character of GB2312 (the common hanzi and punctuation)."""
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | {0x2014, 0x2026, 0x00B7}
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((b1, b2)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


@lru_cache(maxsize=1)
def common_font() -> tuple[str, frozenset[int]]:
    """A cached TrueType font of the CJK face cut to the common characters.

    Made once per font file (kept in the user's cache folder): the GB2312 characters
    cut out of the face, their PostScript (CFF) outlines turned into TrueType ones,
    which fontTools subsets and writes many times faster. Each PDF is drawn with a
    small cut of this font (``_cut``); a document with a character outside it is
    cut from the full face instead.
    """
    from fontTools.ttLib import TTFont

    path, face = cjk_font()
    stamp = f"{Path(path).stat().st_mtime_ns}-{face}"
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "coop"
    target = folder / f"cjk-common-tt-{stamp}.ttf"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        font = _subset(TTFont(path, fontNumber=face), _common_chars())
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
        tmp.replace(target)  # atomic: concurrent runs never read half a file
    cmap = TTFont(str(target)).getBestCmap()
    return str(target), frozenset(cmap)


def _subset(font: Any, chars: Iterable[int]) -> Any:
    """``font`` cut to ``chars`` (those it has), with TrueType outlines."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=set(chars) & set(font.getBestCmap()))
    sub.subset(font)
    if "CFF " in font:
        _to_truetype(font)
    return font


def _to_truetype(font: Any) -> None:
    """Replace a font's CFF outlines by TrueType (quadratic) ones, in place: each cubic
    curve approximated to within one font unit (fontTools' cu2qu)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


@lru_cache(maxsize=1)
def _always() -> frozenset[int]:
    """Always in a cut: ASCII, Latin-1 and GB2312's punctuation and full-width forms (rows
    1 and 3), whatever the text, so page numbers and a cut cell's ellipsis draw."""
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | {0x2026}
    for row in (0xA1, 0xA3):
        for b in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((row, b)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _strings(obj: object) -> Iterable[str]:
    """Every string a document (a dataclass of strings, lists and tuples) holds."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _strings(item)


def chars_of(*things: object) -> frozenset[int]:
    """The characters of documents, voucher pages and footers, for ``render(chars=…)``."""
    return frozenset(ord(ch) for text in _strings(list(things)) for ch in text)


_CUT_FOLDER: list[Path] = []


@lru_cache(maxsize=4)
def _cut(chars: frozenset[int]) -> str:
    """A small TrueType font with ``chars`` (and ``_always``), in a folder of this process
    removed at exit: a PDF embeds only the glyphs it uses, but fpdf2 reads and subsets
    the whole font it is given for every file, so the font given is kept small."""
    from fontTools.ttLib import TTFont

    wanted = chars | _always()
    path, covered = common_font()
    if chars <= covered:
        font = TTFont(path)
    else:  # a rare character: cut from the full face
        full, face = cjk_font()
        font = TTFont(full, fontNumber=face)
    _subset(font, wanted)
    if not _CUT_FOLDER:
        _CUT_FOLDER.append(Path(tempfile.mkdtemp(prefix="coop-fonts-")))
        atexit.register(shutil.rmtree, _CUT_FOLDER[0], True)
    name = hashlib.sha256(",".join(map(str, sorted(wanted))).encode()).hexdigest()[:20]
    target = _CUT_FOLDER[0] / f"cut-{name}.ttf"
    font.save(str(target))
    return str(target)


class _PDF(FPDF):
    def __init__(
        self,
        footer_text: str,
        chars: frozenset[int],
        landscape: bool = False,
        page_format: str | tuple[float, float] = "A4",
    ) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format=page_format)
        self.footer_text = footer_text
        self.add_font("cjk", "", _cut((chars | chars_of(footer_text)) - _always()))
        font = self.fonts["cjk"]
        assert isinstance(font, TTFFont)
        # The cut's bounding boxes hold for every subset of it: not recomputed per file.
        font.ttfont.recalcBBoxes = False
        self.set_font("cjk", size=10)
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 16, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=7)
        self.cell(0, 5, f"{self.footer_text}  {self.page_no()}/{{nb}}", align="C")


_NUMBER = re.compile(r"-?[0-9][0-9,]*\.[0-9]+")
ROW = 5.2
HEADING_WIDTH = 30.0  # mm: a heading wider than this wraps rather than widen its column


def _align(text: str) -> str:
    return "R" if _NUMBER.fullmatch(text) else "L"


def _widths(pdf: FPDF, header: list[str], rows: list[list[str]], width: float) -> list[float]:
    """Column widths by their widest text, scaled to the page."""
    need = [
        max(
            max([pdf.get_string_width(r[i]) for r in rows] + [8]) + 3,
            min(pdf.get_string_width(header[i]) + 3, HEADING_WIDTH),  # long headings wrap
        )
        for i in range(len(header))
    ]
    scale = width / sum(need)
    return [n * scale for n in need]


def _fits(pdf: FPDF, text: str, width: float) -> bool:
    """Whether ``text`` goes on one line of a cell ``width`` wide (no line breaking)."""
    return "\n" not in text and pdf.get_string_width(text) <= width - 2 * pdf.c_margin


def _lines(pdf: FPDF, text: str, width: float) -> int:
    """How many lines ``text`` takes in a cell ``width`` wide."""
    if _fits(pdf, text, width):
        return 1
    lines = pdf.multi_cell(width, ROW, text, dry_run=True, output="LINES")
    return len(lines) if isinstance(lines, list) else 1


def _text(pdf: FPDF, width: float, height: float, text: str, align: str, below: bool) -> None:
    """``text`` in a cell ``width`` wide, wrapped when it does not fit on one line (fpdf2's
    line breaking is slow, and most cells are one line); then to the next line at the
    left margin when ``below``, else to the cell's right at its top."""
    new_x, new_y = (XPos.LMARGIN, YPos.NEXT) if below else (XPos.RIGHT, YPos.TOP)
    if _fits(pdf, text, width):
        pdf.cell(width, height, text, align=align, new_x=new_x, new_y=new_y)
    else:
        pdf.multi_cell(width, height, text, align=align, new_x=new_x, new_y=new_y)


def render(
    doc: Document,
    footer: str = "",
    *,
    landscape: bool = False,
    chars: frozenset[int] | None = None,
) -> bytes:
    """One document as PDF. ``chars``, when given, is a superset of the characters of
    the document (``chars_of``): many files rendered with the same superset share one
    cut of the font, made once."""
    return render_many([(doc, landscape)], footer, chars=chars)


def render_many(
    docs: list[tuple[Document, bool]], footer: str = "", *, chars: frozenset[int] | None = None
) -> bytes:
    """Several documents bound in one file, each from a new page in its own orientation
    (landscape when its flag is set), the pages numbered through."""
    first_landscape = docs[0][1] if docs else False
    own = chars_of(*(d for d, _ in docs))
    pdf = _PDF(footer, chars if chars is not None and own <= chars else own, first_landscape)
    for doc, landscape in docs:
        pdf.add_page(orientation="L" if landscape else "P")
        _draw(pdf, doc)
    return bytes(pdf.output())


def _draw(pdf: FPDF, doc: Document) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("cjk", size=15)
    _text(pdf, width, 8, doc.title, "C", below=True)
    pdf.ln(2)
    for s in doc.sections:
        if s.title:
            pdf.ln(1)
            pdf.set_font("cjk", size=11)
            pdf.cell(width, 6.5, s.title, border="B", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("cjk", size=9)
        if s.header is not None:
            widths = _widths(pdf, s.header, s.rows, width)

            def heading(header: list[str] = s.header, widths: list[float] = widths) -> None:
                """The heading row; a long heading wraps within its column, every cell as
                tall as the tallest."""
                n = max(_lines(pdf, text, w) for text, w in zip(header, widths, strict=True))
                if pdf.will_page_break(n * ROW):
                    pdf.add_page(same=True)
                x0, y0 = pdf.get_x(), pdf.get_y()
                x = x0
                for text, w in zip(header, widths, strict=True):
                    pdf.rect(x, y0, w, n * ROW)
                    pdf.set_xy(x, y0)
                    _text(pdf, w, ROW, text, "C", below=False)
                    x += w
                pdf.set_xy(x0, y0 + n * ROW)

            heading()
            for row in s.rows:
                if pdf.will_page_break(ROW):  # a table that runs on repeats its heading
                    pdf.add_page(same=True)
                    heading()
                last = row is s.rows[-1]
                for text, w in zip(row, widths, strict=True):
                    # inked: the amounts, and the whole last (total) row
                    if s.ink is not None and (last or _align(text) == "R"):
                        pdf.set_text_color(*s.ink)
                    pdf.cell(w, ROW, text, border=1, align=_align(text))
                    pdf.set_text_color(0, 0, 0)
                pdf.ln()
        else:
            for row in s.rows:
                if len(row) == 1:
                    _text(pdf, width, 4.8, row[0], "L", below=True)
                    continue
                label_w = width * 0.5
                pdf.cell(label_w, ROW, row[0])
                _text(pdf, width - label_w, ROW, " ".join(row[1:]), "R", below=True)
    pdf.ln(3)
    pdf.set_font("cjk", size=8)
    for note in doc.notes:
        _text(pdf, width, 4.2, note, "L", below=True)
    if doc.signatures:
        pdf.ln(6)
        pdf.set_font("cjk", size=10)
        w = width / len(doc.signatures)
        for sig in doc.signatures:  # the label, then a line for the signature to the cell's end
            line = "_" * max(
                2, int((w - pdf.get_string_width(sig) - 3) / pdf.get_string_width("_"))
            )
            pdf.cell(w, 8, f"{sig}{line}")
        pdf.ln()


# ----- the 记账凭证 (statutory.md §10.1): half A4 landscape, one page per eight rows ------

VOUCHER_ROW = 7.0
HALF_A4 = (148.5, 210.0)  # mm, turned to landscape: the lower half of an A4 sheet
#: 摘要 | 总账科目 | 明细科目 | 借方金额 | 贷方金额, as parts of the width
VOUCHER_COLUMNS = (0.24, 0.19, 0.21, 0.18, 0.18)


def render_vouchers(pages: list[VoucherPage], cover: Document | None = None) -> bytes:
    """Vouchers on half-A4 landscape pages (A5), each page as 《会计基础工作规范》 arts 51–53
    lay it out; a bound month's cover first."""
    pdf = _PDF("", chars_of(pages, cover), True, page_format=HALF_A4)
    pdf.set_margins(12, 10, 12)
    pdf.set_auto_page_break(False)
    if cover is not None:
        pdf.add_page()
        pdf.set_auto_page_break(True, margin=12)
        _draw(pdf, cover)
        pdf.set_auto_page_break(False)
    for page in pages:
        pdf.add_page()
        _draw_voucher(pdf, page)
    return bytes(pdf.output())


def _draw_voucher(pdf: _PDF, p: VoucherPage) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    x0 = pdf.l_margin
    pdf.set_font("cjk", size=15)
    if p.red:
        pdf.set_text_color(*RED)
    pdf.cell(width, 8, p.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("cjk", size=9)
    pdf.cell(width / 3, 6, "")
    pdf.cell(width / 3, 6, p.date, align="C")
    pdf.cell(width / 3, 6, p.number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(width / 2, 6, p.unit)
    pdf.cell(width / 2, 6, p.attachments, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    widths = [width * part for part in VOUCHER_COLUMNS]
    for text, w in zip(p.header, widths, strict=True):
        pdf.cell(w, VOUCHER_ROW, text, border=1, align="C")
    pdf.ln()
    body = ([p.carry_in] if p.carry_in else []) + p.rows
    for row in body:
        for i, (text, w) in enumerate(zip(row, widths, strict=True)):
            if p.red and i >= 3 and text:
                pdf.set_text_color(*RED)
            _fit_cell(pdf, text, w, "R" if i >= 3 else "L")
            pdf.set_text_color(0, 0, 0)
        pdf.ln()
    unused = p.slots - len(p.rows)
    if unused > 0:  # the unused rows, crossed out by one diagonal line (art. 51(六))
        top = pdf.get_y()
        for _ in range(unused):
            for w in widths:
                pdf.cell(w, VOUCHER_ROW, "", border=1)
            pdf.ln()
        pdf.line(x0, pdf.get_y(), x0 + width, top)
    label_w = sum(widths[:3])
    if p.red:
        pdf.set_text_color(*RED)
    _fit_cell(pdf, p.closing[0], label_w, "L")
    pdf.cell(widths[3], VOUCHER_ROW, p.closing[3], border=1, align="R")
    pdf.cell(widths[4], VOUCHER_ROW, p.closing[4], border=1, align="R")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(VOUCHER_ROW + 3)
    pdf.set_font("cjk", size=9)
    w = width / len(p.signatures)
    for sig in p.signatures:
        pdf.cell(w, 7, sig)
    pdf.ln(9)
    pdf.set_font("cjk", size=6.5)
    for line in p.digest:
        pdf.cell(width, 3.6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fit_cell(pdf: FPDF, text: str, width: float, align: str) -> None:
    """One cell of a voucher's row (one line high): a long text is set smaller to fit,
    down to 6 pt, and only then cut with …"""
    size = 9.0
    while size > 6 and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font("cjk", size=size)
    if pdf.get_string_width(text) > width - 2:
        while text and pdf.get_string_width(text + "…") > width - 2:
            text = text[:-1]
        text += "…"
    pdf.cell(width, VOUCHER_ROW, text, border=1, align=align)
    pdf.set_font("cjk", size=9)
