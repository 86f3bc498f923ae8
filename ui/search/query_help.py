"""How to write a query (docs/search.md, "How a query is read"), in a few lines a person
reads beside the search box: both search boxes show it (the interviewers' panel as the
box's tooltip, the analysts' search tab under the box); and the texts of the controls
both search boxes share."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QAbstractButton, QLineEdit

from app.i18n import _


def query_help() -> str:
    """Rich text: each form of query, an example in bold, what it finds."""
    forms = (
        ("보위부 집결소", _("interviews that hold both words")),
        ("“국경 보위부”", _("these words in this order, in one passage")),
        ("교화소 OR 관리소", _("either word")),
        ("-집결소 / NOT 집결소", _("leave out the interviews that hold it")),
        ("보위부에서", _("a particle may stay on the word")),
    )
    lines = "&nbsp;&nbsp;·&nbsp;&nbsp;".join(
        f"<b>{html.escape(example)}</b>: {html.escape(meaning)}" for example, meaning in forms
    )
    spelling = _(
        "Unless “Exact spelling” is ticked, every spelling of a place or agency is found "
        "(보위부 = 국가보위성 = bowibu = MSS)."
    )
    return f"{lines}<br>{html.escape(spelling)}"


def name_controls(
    query: QLineEdit,
    exact: QAbstractButton,
    newest: QAbstractButton,
    buttons: tuple[QAbstractButton, QAbstractButton, QAbstractButton],
) -> None:
    """The texts of a search box's controls, in the language chosen: the box, "Exact
    spelling", "Newest first", and the Search, Previous and Next buttons."""
    query.setPlaceholderText(_("Search all testimony: 보위부, Hoeryong, “국경 보위부”…"))
    exact.setText(_("Exact spelling"))
    exact.setToolTip(_("Find only this spelling, not the other names of the same place or agency"))
    newest.setText(_("Newest first"))
    newest.setToolTip(_("Show the most recent interviews first, not the best"))
    for button, text in zip(buttons, (_("Search"), _("Previous"), _("Next")), strict=True):
        button.setText(text)
