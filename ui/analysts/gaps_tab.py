"""Gaps (elements resting on one witness, or on hearsay only) and the witnesses worth
re-interviewing, with "Export list for Seoul": the signed list of one device's witnesses
to ask again (`reinterview_requests`, as `sillok repository reinterview-requests`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.sync.repository import desk
from ui.analysts.labels import REASONS, assessments_text, word
from ui.analysts.rows import Column, RowsModel, rows_view, yes_no
from ui.analysts.session import RepositorySession
from ui.analysts.tab import DeskTab


def _reasons(row: dict[str, Any]) -> str:
    return ", ".join(word(REASONS, r) for r in row["reasons"])


class GapsTab(DeskTab):
    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.gaps = RowsModel(
            [
                Column(lambda: _("Element"), lambda r: r["element"]),
                Column(lambda: _("Why it is a gap"), _reasons),
                Column(lambda: _("Witnesses"), lambda r: r["witnesses"]),
                Column(lambda: _("Interviews"), lambda r: ", ".join(r["interviews"])),
                Column(lambda: _("Assessments"), lambda r: assessments_text(r["assessments"])),
            ],
            self,
        )
        self.gap_table = rows_view(self.gaps, self)
        self.gap_table.setObjectName("gaps")
        self.candidates = RowsModel(
            [
                Column(lambda: _("Witness"), lambda r: r["witness"]),
                Column(
                    lambda: _("Why ask again"),
                    lambda r: ", ".join(
                        f"{word(REASONS, x['reason'])} ({x['element']})" for x in r["reasons"]
                    ),
                ),
                Column(lambda: _("Interviews"), lambda r: len(r["interviews"])),
                Column(lambda: _("Re-contact allowed"), lambda r: yes_no(r["recontact_allowed"])),
            ],
            self,
        )
        self.candidate_table = rows_view(self.candidates, self)
        self.candidate_table.setObjectName("reinterviewCandidates")
        self.gaps_label = QLabel(self)
        self.candidates_label = QLabel(self)
        self.device = QComboBox(self)
        self.device_label = QLabel(self)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        export = QHBoxLayout()
        export.addWidget(self.device_label)
        export.addWidget(self.device, 1)
        export.addWidget(self.export_button)
        top, bottom = QWidget(self), QWidget(self)
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.gaps_label)
        upper.addWidget(self.gap_table)
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.candidates_label)
        lower.addWidget(self.candidate_table)
        lower.addLayout(export)
        lower.addWidget(self.result)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    def title(self) -> str:
        return _("Gaps and re-interviews")

    def retranslate(self) -> None:
        self.gaps.retranslate()
        self.candidates.retranslate()
        self.gaps_label.setText(_("Elements resting on one witness or on hearsay only"))
        self.candidates_label.setText(_("Witnesses worth interviewing again"))
        self.device_label.setText(_("Device in Seoul"))
        self.export_button.setText(_("Export list for Seoul…"))

    def forget(self) -> None:
        super().forget()
        self.device.clear()
        self.result.clear()

    def load(self) -> None:
        def op(repository: Any) -> tuple[dict[str, Any], list[str]]:
            return desk.gaps(repository), desk.devices_asked(repository)

        self.act(op, self._shown, _("Reading the gaps…"))

    def _shown(self, found: tuple[dict[str, Any], list[str]]) -> None:
        value, devices = found
        self.gaps.show_rows(value["gaps"])
        self.candidates.show_rows(value["reinterview"])
        self.device.clear()
        for device in devices:
            self.device.addItem(device, device)
        self.export_button.setEnabled(bool(devices))

    def export(self) -> None:
        device = self.device.currentData()
        if not device:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export list for Seoul"),
            str(Path.home() / f"reinterview-{device}.json"),
            _("Re-interview lists (*.json)"),
        )
        if not path:
            return
        analyst = self.session.analyst
        self.act(
            lambda repository: desk.export_requests(repository, str(device), Path(path), analyst),
            self._exported,
            _("Writing the list for Seoul…"),
            writes=True,
        )

    def _exported(self, made: dict[str, Any]) -> None:
        self.result.setText(
            _("{witnesses} witness(es) to ask again written to {path}.").format(**made)
            + " "
            + _(
                "{withheld_no_recontact} more left out: their consent does not allow re-contact."
            ).format(**made)
        )
