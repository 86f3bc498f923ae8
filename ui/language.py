"""Switching language while the app runs: our catalogue, Qt's own, and every open window.

Widgets re-set their texts in `retranslate()`, called from `changeEvent` on
`QEvent.LanguageChange`; they never touch what the user typed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from app.i18n import N_, SUPPORTED_LANGUAGES, _, language_from_environment, set_language

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}
"""Each language named in itself, so a person can find theirs whatever is shown now."""

__all__ = ["LANGUAGE_NAMES", "language_from_environment", "switch_language"]

_qt_translators: list[QTranslator] = []

QT_GAPS = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
}
"""Texts of Qt's own dialogs that Qt's Korean catalogue (qtbase_ko.qm) lacks: it has
"Look in:" but Qt 6 asks for "&Look in:". Ours translates them."""


class QtGaps(QTranslator):
    """Qt's texts listed in `QT_GAPS`, from our catalogue; any other text is left to the
    catalogues installed before (a null answer lets Qt ask the next)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        message = QT_GAPS.get((context, source))
        return _(message) if message is not None else None  # type: ignore[return-value]

    def isEmpty(self) -> bool:
        return False


def switch_language(language: str) -> None:
    """Use `language` for our texts and Qt's standard dialogs, and retranslate every window."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    set_language(language)
    _load_qt_catalogue(language)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in app.topLevelWidgets():
        if widget.parentWidget() is None:  # children hear it from their parent
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def _load_qt_catalogue(language: str) -> None:
    """Qt's own Korean catalogue (standard dialogs' buttons and labels), completed with ours
    where it has gaps (`QT_GAPS`); none for English."""
    app = QCoreApplication.instance()
    if app is None:
        return
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    if language == "en":
        return
    translator = QTranslator()
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", directory):
        app.installTranslator(translator)
        _qt_translators.append(translator)
    gaps = QtGaps()
    app.installTranslator(gaps)  # asked first: the last installed is
    _qt_translators.append(gaps)
