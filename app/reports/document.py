"""What every report shares: its languages, styles, page furniture ("confidential" on
every page, "page n of m", the footer lines), progress, and the atomic write.

The PDF is built in memory and written once complete: to a temporary file beside the
target, then renamed over it. If building fails or the caller cancels (its progress
callback raises), nothing is left on disk.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from app.i18n import N_
from app.i18n.formats import gettext_in
from app.reports.errors import ReportLanguageInvalid, ReportNotWritten
from app.reports.fonts import ReportFonts, report_fonts
from app.reports.text import markup, plain

Progress = Callable[[int, int | None, str], None]
"""`progress(done, total, label)`; it may raise to cancel the report."""

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP = 22 * mm
BOTTOM = 24 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#9a9a9a")
ALERT = colors.HexColor("#a11d1d")
SHADE = colors.HexColor("#f0f0ec")

CONFIDENTIAL = N_("CONFIDENTIAL")
PAGE_OF = N_("Page {page} of {total}")


class Texts:
    """The report's languages: 'ko', 'en', or 'both' (Korean first, then English)."""

    def __init__(self, language: str, allowed: Sequence[str] = ("ko", "en", "both")) -> None:
        if language not in allowed:
            raise ReportLanguageInvalid(allowed=", ".join(allowed), language=language)
        self.language = language
        self.languages: tuple[str, ...] = ("ko", "en") if language == "both" else (language,)

    @property
    def primary(self) -> str:
        return self.languages[0]

    def __call__(self, message: str, joiner: str = " · ", **params: Any) -> str:
        """`message` in each language of the report, joined ("진술서 · Statement")."""
        return joiner.join(self.each(message, **params))

    def each(self, message: str, **params: Any) -> list[str]:
        texts = [gettext_in(message, language) for language in self.languages]
        if params:
            texts = [text.format(**params) for text in texts]
        return list(dict.fromkeys(texts))  # the same text twice is shown once

    def per_language(self, make: Callable[[str], str], joiner: str = " · ") -> str:
        """`make(language)` for each language, joined, duplicates once."""
        return joiner.join(dict.fromkeys(make(language) for language in self.languages))


@dataclass
class Styles:
    fonts: ReportFonts
    body: ParagraphStyle = field(init=False)
    small: ParagraphStyle = field(init=False)
    muted: ParagraphStyle = field(init=False)
    label: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    heading: ParagraphStyle = field(init=False)
    subheading: ParagraphStyle = field(init=False)
    cell: ParagraphStyle = field(init=False)
    cell_bold: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        regular, bold = self.fonts.regular, self.fonts.bold
        base = ParagraphStyle(
            "body",
            fontName=regular,
            fontSize=10,
            leading=15,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=4,
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8.5, leading=12, spaceAfter=2)
        self.muted = ParagraphStyle("muted", self.small, textColor=MUTED)
        self.label = ParagraphStyle(
            "label", base, fontName=bold, fontSize=9, leading=13, spaceAfter=1
        )
        self.title = ParagraphStyle(
            "title", base, fontName=bold, fontSize=17, leading=23, spaceAfter=6
        )
        self.heading = ParagraphStyle(
            "heading", base, fontName=bold, fontSize=12.5, leading=17, spaceBefore=10
        )
        self.subheading = ParagraphStyle(
            "subheading", base, fontName=bold, fontSize=10.5, leading=15, spaceBefore=6
        )
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11.5, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=bold)

    def para(self, text: str, style: ParagraphStyle | None = None, indent: float = 0) -> Paragraph:
        """A paragraph of typed text (escaped, wrapped the Korean way)."""
        chosen = style or self.body
        width = BODY_WIDTH - indent - chosen.leftIndent - chosen.rightIndent
        return Paragraph(markup(text, width, chosen.fontName, chosen.fontSize), chosen)

    def cell_para(self, text: str, width: float, bold: bool = False) -> Paragraph:
        style = self.cell_bold if bold else self.cell
        return Paragraph(markup(text, width - 6, style.fontName, style.fontSize), style)

    def label_para(self, text: str) -> Paragraph:
        return Paragraph(plain(text), self.label)


@dataclass(frozen=True)
class Furniture:
    """What every page shows besides the body."""

    title: str
    footer_lines: tuple[str, ...]
    texts: Texts
    fonts: ReportFonts


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Draws the page furniture once the total number of pages is known."""

    furniture: Furniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        furniture = self.furniture
        texts = furniture.texts
        regular, bold = furniture.fonts.regular, furniture.fonts.bold
        top = PAGE_HEIGHT - 12 * mm
        self.saveState()
        self.setFillColor(ALERT)
        self.setFont(bold, 9)
        self.drawString(MARGIN, top, texts(CONFIDENTIAL))
        self.setFillColor(MUTED)
        self.setFont(regular, 8.5)
        self.drawRightString(PAGE_WIDTH - MARGIN, top, furniture.title)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN, top - 3 * mm, PAGE_WIDTH - MARGIN, top - 3 * mm)
        bottom = 15 * mm
        self.line(MARGIN, bottom + 4.5 * mm, PAGE_WIDTH - MARGIN, bottom + 4.5 * mm)
        self.setFont(regular, 7.5)
        for offset, line in enumerate(furniture.footer_lines):
            self.drawString(MARGIN, bottom - offset * 3.6 * mm, line)
        self.setFont(bold, 8.5)
        self.setFillColor(INK)
        self.drawRightString(PAGE_WIDTH - MARGIN, bottom, texts(PAGE_OF, page=number, total=total))
        self.setFillColor(ALERT)
        self.setFont(bold, 7.5)
        self.drawRightString(PAGE_WIDTH - MARGIN, bottom - 3.6 * mm, texts(CONFIDENTIAL))
        self.restoreState()


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, target: io.BytesIO, progress: Progress | None, total: int, **kw: Any):
        super().__init__(target, **kw)
        self._progress = progress
        self._total = total
        self._done = 0
        self._label = ""

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab's name
        self._done += 1
        if self._progress is not None and (self._done % 25 == 0 or self._done == self._total):
            self._progress(self._done, self._total, self._label)


def labelled_table(
    rows: Sequence[tuple[str, str]],
    texts: Texts,
    styles: Styles,
    label_width: float,
    padding: float | None = None,
) -> Table:
    """Label (translated, languages one under the other) and value, one row each, across
    the body width: the facts at the head of a statement or of a session."""
    table = Table(
        [
            [
                styles.cell_para(texts(label, joiner="\n"), label_width, bold=True),
                styles.cell_para(value, BODY_WIDTH - label_width),
            ]
            for label, value in rows
        ],
        colWidths=[label_width, BODY_WIDTH - label_width],
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if padding is not None:
        commands.append(("TOPPADDING", (0, 0), (-1, -1), padding))
        commands.append(("BOTTOMPADDING", (0, 0), (-1, -1), padding))
    table.setStyle(TableStyle(commands))
    return table


def build_pdf(
    story: list[Flowable],
    out: Path,
    furniture: Furniture,
    *,
    subject: str,
    progress: Progress | None = None,
    progress_label: str = "",
) -> Path:
    """Lay out `story` with the page furniture and write it to `out` atomically."""
    laid_out = pdf_bytes(
        story, furniture, subject=subject, progress=progress, progress_label=progress_label
    )
    return write_atomically(out, laid_out)


def pdf_bytes(
    story: list[Flowable],
    furniture: Furniture,
    *,
    subject: str,
    progress: Progress | None = None,
    progress_label: str = "",
) -> bytes:
    """Lay out `story` with the page furniture, in memory (no file: the PDF is testimony,
    for a caller that puts it straight into an encrypted package)."""
    buffer = io.BytesIO()
    frame = Frame(
        MARGIN,
        BOTTOM,
        BODY_WIDTH,
        PAGE_HEIGHT - TOP - BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document = _Document(
        buffer,
        progress,
        len(story),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=furniture.title,
        subject=subject,
        author="Sillok",
        creator="Sillok",
        invariant=1,
    )
    document._label = progress_label
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    fonts = furniture.fonts

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        kwargs["initialFontName"] = fonts.regular
        made = _NumberedCanvas(*args, **kwargs)
        made.furniture = furniture
        return made

    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def write_atomically(out: Path, data: bytes) -> Path:
    """Write `data` to `out` through a temporary file in the same folder and a rename,
    so `out` is either the whole new file or untouched."""
    out = Path(out)
    temporary = out.with_name(f".{out.name}.{secrets.token_hex(6)}.part")
    try:
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            os.fchmod(file.fileno(), 0o600)  # a statement is testimony: its owner only
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ReportNotWritten(path=str(out), detail=error.strerror or str(error)) from error
    return out


def prepare(language: str, allowed: Sequence[str] = ("ko", "en", "both")) -> tuple[Texts, Styles]:
    """The languages and styles of a report; fails early on a bad language or no font."""
    texts = Texts(language, allowed)
    return texts, Styles(report_fonts())
