"""The registers (incidents, facilities, perpetrators, units, witnesses) and, for the
legal officer on a PostgreSQL repository, the access log: one table, chosen from a list.
The access log and the register of disclosures grow for years: they are read a page at a
time, newest first, the older ones on request ("Show older entries")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.sync.repository import (
    desk,
    disclosure_consent,
    disclosure_register,
    permissions,
    registers,
)
from app.sync.repository.server_errors import AccessRefused
from ui.analysts.labels import REGISTERS, assessments_text, word
from ui.analysts.rows import Column, RowsModel, rows_view, yes_no
from ui.analysts.session import RepositorySession
from ui.analysts.tab import DeskTab
from ui.errors import error_text, show_error

ACCESS_LOG = "access_log"
DISCLOSURES = "disclosures"
PAGE = 200
"""How many lines of the access log or the register of disclosures are read at a time."""
PAGED = {ACCESS_LOG: desk.access_entries, DISCLOSURES: desk.disclosures}
NEEDS = {ACCESS_LOG: permissions.ACCESS_LOG, DISCLOSURES: permissions.DISCLOSURES}
"""The registers only some roles may read, and what reading each needs."""
TITLES = {
    "id": N_("Id"),
    "title": N_("Title"),
    "name": N_("Name"),
    "alias": N_("Alias"),
    "type": N_("Type"),
    "agency": N_("Agency"),
    "unit": N_("Unit"),
    "rank": N_("Rank"),
    "position": N_("Position"),
    "interview": N_("Interview"),
    "interviews": N_("Interviews"),
    "interviewees": N_("Interviewees"),
    "witness": N_("Witness"),
    "witnesses": N_("Witnesses"),
    "persons": N_("Persons"),
    "incidents": N_("Incidents"),
    "devices": N_("Devices"),
    "device_id": N_("Device"),
    "source": N_("Source"),
    "linked": N_("Linked across devices"),
    "imported": N_("Imported"),
    "versions": N_("Versions"),
    "assessments": N_("Assessments"),
    "number": N_("Number"),
    "made_at": N_("When"),
    "made_by": N_("By whom"),
    "recipient_name": N_("Recipient"),
    "redactions": N_("Redactions"),
    "withheld": N_("Withheld"),
    "file_name": N_("File"),
    "file_sha256": N_("SHA-256"),
    "outcome": N_("File written"),
    "at": N_("When"),
    "who": N_("Who"),
    "what": N_("What"),
    "detail": N_("Detail"),
}
"""The columns a register shows, in this order, where its rows have them."""


def _value(key: str) -> Any:
    def value(row: dict[str, Any]) -> object:
        held = row.get(key)
        if key == "assessments":
            return assessments_text(held or [])
        if key == "outcome":  # a disclosure whose file was not written says so
            return disclosure_register.outcome_text(str(held))
        if key == "withheld" and isinstance(held, dict):
            return ", ".join(
                f"{_(disclosure_consent.WITHHELD_REASONS.get(str(reason)) or str(reason))}: {count}"
                for reason, count in held.items()
            )
        if isinstance(held, bool):
            return yes_no(held)
        if isinstance(held, list):
            return ", ".join(str(v) for v in held) if key != "incidents" else len(held)
        if isinstance(held, dict):
            return ", ".join(f"{k}: {v}" for k, v in held.items())
        return held

    return value


def columns_for(rows: list[dict[str, Any]]) -> list[Column]:
    keys = set(rows[0]) if rows else set()
    return [Column(_title(title), _value(key)) for key, title in TITLES.items() if key in keys]


def _title(title: str) -> Callable[[], str]:
    return lambda: _(title)


class RegistersTab(DeskTab):
    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.which = QComboBox(self)
        self.which.setObjectName("registerChoice")
        for name in registers.REGISTERS:
            self.which.addItem(word(REGISTERS, name), name)
        self.which.addItem("", DISCLOSURES)
        self.which.addItem("", ACCESS_LOG)
        self.which.currentIndexChanged.connect(lambda _i: self.load())
        self.which_label = QLabel(self)
        self.model = RowsModel([], self)
        self.table = rows_view(self.model, self)
        self.table.setObjectName("register")
        self.note = QLabel(self)
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        self.note.hide()
        self.more = QPushButton(self)
        self.more.setObjectName("registerMore")
        self.more.clicked.connect(self.load_more)
        self.more.hide()
        choice = QHBoxLayout()
        choice.addWidget(self.which_label)
        choice.addWidget(self.which, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more)
        self.retranslate()

    def title(self) -> str:
        return _("Registers")

    def retranslate(self) -> None:
        self.which_label.setText(_("Register"))
        self.more.setText(_("Show older entries"))
        for number in range(self.which.count()):
            key = str(self.which.itemData(number))
            special = {ACCESS_LOG: _("Access log"), DISCLOSURES: _("Disclosures made")}
            self.which.setItemText(number, special.get(key) or word(REGISTERS, key))
        self.model.retranslate()

    def offer(self) -> None:
        """The access log and the register of disclosures cannot be chosen by a role that
        may not read them; their tooltip says why."""
        model = self.which.model()
        for name, action in NEEDS.items():
            number = self.which.findData(name)
            refusal = self.session.refusal(action)
            item = model.item(number)  # type: ignore[attr-defined]
            item.setEnabled(not refusal)
            self.which.setItemData(number, refusal or None, Qt.ItemDataRole.ToolTipRole)

    def forget(self) -> None:
        super().forget()
        self.note.hide()
        self.more.hide()

    def load(self) -> None:
        name = str(self.which.currentData())
        self.note.hide()
        self.more.hide()
        if name in PAGED:
            self._page(name, 0)
            return
        self.act(
            lambda repository: desk.register(repository, name),
            self._shown,
            _("Reading the register…"),
        )

    def load_more(self) -> None:
        """The next page of the access log or the register of disclosures, after those
        shown."""
        name = str(self.which.currentData())
        if name in PAGED:
            self.more.setEnabled(False)
            self._page(name, len(self.model.rows))

    def _page(self, name: str, offset: int) -> None:
        read, size = PAGED[name], PAGE

        def shown(rows: list[dict[str, Any]]) -> None:
            self.more.setEnabled(True)
            if str(self.which.currentData()) != name or len(self.model.rows) < offset:
                return  # another register was chosen meanwhile
            self._shown([*self.model.rows[:offset], *rows] if offset else rows)
            self.more.setVisible(len(rows) == size)

        def failed(error: BaseException) -> None:
            self.more.setEnabled(True)
            if name == ACCESS_LOG or isinstance(error, AccessRefused):  # said in place
                self._refused(error)
            else:
                show_error(self, error)

        self.act(
            lambda repository: read(repository, size, offset),
            shown,
            _("Reading the access log…") if name == ACCESS_LOG else _("Reading the register…"),
            on_error=failed,
        )

    def _shown(self, rows: list[dict[str, Any]]) -> None:
        self.model.beginResetModel()
        self.model.columns = columns_for(rows)
        self.model.rows = rows
        self.model.endResetModel()
        self.table.resizeColumnsToContents()

    def _refused(self, error: BaseException) -> None:
        self._shown([])
        self.note.setText(error_text(error))
        self.note.show()
