"""What can stop a report, each with what to do about it (exit codes 45–49)."""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class HangulFontMissing(SillokError):
    exit_code = 45
    template = N_(
        "No TrueType font with Hangul was found to write the PDF (looked for: {looked}). "
        "Install one: on Debian or Ubuntu `sudo apt install fonts-nanum`; on Windows Malgun "
        "Gothic comes with the system; on macOS AppleGothic. Or set SILLOK_PDF_FONT to a "
        ".ttf or .ttc file with Hangul."
    )


class HangulFontUnusable(SillokError):
    exit_code = 46
    template = N_(
        "The font {path} (from SILLOK_PDF_FONT) cannot be used for the PDF: {detail}. "
        "Choose a .ttf or .ttc file with TrueType outlines and Hangul, such as "
        "NanumGothic.ttf or malgun.ttf; OpenType fonts with PostScript (CFF) outlines "
        "cannot be embedded."
    )


class ReportNotWritten(SillokError):
    exit_code = 47
    template = N_(
        "The report could not be written to {path} ({detail}). Nothing was left there. "
        "Choose a folder that exists and can be written, with free space."
    )


class ReportLanguageInvalid(SillokError):
    exit_code = 48
    template = N_("A report can be written in {allowed}, not in “{language}”.")


class NothingToReport(SillokError):
    exit_code = 49
    template = N_("There is nothing to report: {detail}")
