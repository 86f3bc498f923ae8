"""PDF documents: the statement of an interview for read-back to the witness, the
evidence matrix (legal elements against interviews) and the session log.

Each `render_*` reads through the open database, lays the document out in memory with
the Hangul font embedded, and writes `out` atomically; `progress(done, total, label)` is
called as pages are laid out, and may raise to cancel (nothing is then written).
See docs/reports.md.
"""

from __future__ import annotations

from app.reports.errors import (
    HangulFontMissing,
    HangulFontUnusable,
    NothingToReport,
    ReportLanguageInvalid,
    ReportNotWritten,
)
from app.reports.matrix import render_matrix
from app.reports.sessions import render_session_log
from app.reports.statement import IdentityProvider, render_statement, statement_pdf

__all__ = [
    "HangulFontMissing",
    "HangulFontUnusable",
    "IdentityProvider",
    "NothingToReport",
    "ReportLanguageInvalid",
    "ReportNotWritten",
    "render_matrix",
    "render_session_log",
    "render_statement",
    "statement_pdf",
]
