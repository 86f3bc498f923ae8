"""Corroboration across witnesses and devices, contradictions within one witness's
accounts, and the possible earlier statements (the same person interviewed twice): an
analyst confirms or rejects each, with reasons (`corroboration_decisions`, as `sillok
repository corroboration decide` does, and `witness_decisions`, as `sillok repository
same-witness` does). Each list shows the decision in force and who made it; the chosen
row's every decision, oldest first, shows under it (decision_bar.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.sync.repository import desk, permissions
from ui.analysts.decision_bar import (
    CANDIDATE_WORDS,
    CONTRADICTION_WORDS,
    DecisionBar,
    status_text,
)
from ui.analysts.labels import REASONS, word
from ui.analysts.rows import Column, RowsModel, rows_view, yes_no
from ui.analysts.session import RepositorySession
from ui.analysts.tab import DeskTab
from ui.errors import error_text


def _pairs(witnesses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each witness seen in more than one interviewee: one pair to confirm or reject."""
    found = []
    for row in witnesses:
        codes = row["interviewees"]
        if len(codes) < 2:
            continue
        latest = row["decisions"][-1] if row["decisions"] else None
        found.append(
            {
                "first": codes[0],
                "second": codes[1],
                "interviews": row["interviews"],
                "devices": row["devices"],
                "decision": latest,
            }
        )
    return found


def _decision_text(row: dict[str, Any]) -> str:
    made = row.get("decision")
    if not made:
        return _("possible: not decided")
    return (_("confirmed: the same person") if made["same"] else _("rejected")) + (
        f" ({made['analyst']})"
    )


class CorroborationTab(DeskTab):
    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.candidates = RowsModel(
            [
                Column(lambda: _("Shared"), lambda r: r["shared"]),
                Column(lambda: _("Why"), lambda r: word(REASONS, r["reason"])),
                Column(lambda: _("Witnesses"), lambda r: r["witnesses"]),
                Column(lambda: _("Across devices"), lambda r: yes_no(r["across_devices"])),
                Column(
                    lambda: _("Interviews"),
                    lambda r: ", ".join(i["interview"] for i in r["incidents"]),
                ),
                Column(lambda: _("Decision"), lambda r: status_text(CANDIDATE_WORDS, r)),
            ],
            self,
        )
        self.contradictions = RowsModel(
            [
                Column(lambda: _("What disagrees"), lambda r: word(REASONS, r["kind"])),
                Column(lambda: _("Witness"), lambda r: r["witness"]),
                Column(lambda: _("Interviews"), lambda r: ", ".join(r["interviews"])),
                Column(lambda: _("Devices"), lambda r: ", ".join(r["devices"])),
                Column(lambda: _("Decision"), lambda r: status_text(CONTRADICTION_WORDS, r)),
            ],
            self,
        )
        self.pairs = RowsModel(
            [
                Column(lambda: _("Interviewee"), lambda r: r["first"]),
                Column(lambda: _("And interviewee"), lambda r: r["second"]),
                Column(lambda: _("Interviews"), lambda r: ", ".join(r["interviews"])),
                Column(lambda: _("Decision"), _decision_text),
            ],
            self,
        )
        self.candidate_table = rows_view(self.candidates, self)
        self.candidate_table.setObjectName("corroborations")
        self.contradiction_table = rows_view(self.contradictions, self)
        self.contradiction_table.setObjectName("contradictions")
        self.pair_table = rows_view(self.pairs, self)
        self.pair_table.setObjectName("sameWitness")
        self.candidate_bar = DecisionBar(
            CANDIDATE_WORDS, lambda verdict: self.decide_on(self.candidate_table, verdict), self
        )
        self.contradiction_bar = DecisionBar(
            CONTRADICTION_WORDS,
            lambda verdict: self.decide_on(self.contradiction_table, verdict),
            self,
        )
        self.bars = {
            self.candidate_table: (self.candidates, self.candidate_bar),
            self.contradiction_table: (self.contradictions, self.contradiction_bar),
        }
        for table, (model, bar) in self.bars.items():
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, model=model, bar=bar: bar.show_row(model.row(current))
            )
        self.labels = [QLabel(self) for _n in range(3)]
        self.reasons = QLineEdit(self)
        self.confirm = QPushButton(self)
        self.confirm.clicked.connect(lambda: self.decide(same=True))
        self.reject = QPushButton(self)
        self.reject.clicked.connect(lambda: self.decide(same=False))
        self.error = QLabel(self)
        self.error.setProperty("role", "alert")
        self.error.setWordWrap(True)
        self.error.hide()
        deciding = QHBoxLayout()
        deciding.addWidget(self.reasons, 1)
        deciding.addWidget(self.confirm)
        deciding.addWidget(self.reject)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for label, table in zip(
            self.labels,
            (self.candidate_table, self.contradiction_table, self.pair_table),
            strict=True,
        ):
            part = QWidget(self)
            box = QVBoxLayout(part)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(label)
            box.addWidget(table)
            if table is self.pair_table:
                box.addLayout(deciding)
                box.addWidget(self.error)
            else:
                box.addWidget(self.bars[table][1])
            split.addWidget(part)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    def title(self) -> str:
        return _("Corroboration")

    def retranslate(self) -> None:
        for model in (self.candidates, self.contradictions, self.pairs):
            model.retranslate()
        for _model, bar in self.bars.values():
            bar.retranslate()
        texts = (
            _("Candidate corroborations between different witnesses"),
            _("Contradictions within one witness's accounts"),
            _("Possible earlier statements: the same person interviewed twice?"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.reasons.setPlaceholderText(_("Reasons for the decision (required)"))
        self.confirm.setText(_("Confirm: the same person"))
        self.reject.setText(_("Reject: not the same person"))

    def offer(self) -> None:
        refusal = self.session.refusal(permissions.DECIDE_SAME_WITNESS)
        for button in (self.confirm, self.reject):
            button.setEnabled(not refusal)
            button.setToolTip(refusal)
        decide = self.session.refusal(permissions.DECIDE)
        for _model, bar in self.bars.values():
            bar.allow(decide)

    def forget(self) -> None:
        super().forget()
        self.reasons.clear()
        self.error.hide()
        for _model, bar in self.bars.values():
            bar.forget()

    def load(self) -> None:
        def op(repository: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
            # The pairs picked on the worker: the register holds every witness, the pairs
            # are a few; going through it and freeing it stay off the UI thread.
            return desk.corroboration(repository), _pairs(desk.register(repository, "witnesses"))

        self.act(op, self._shown, _("Reading corroboration…"))

    def _shown(self, found: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
        value, pairs = found
        for table, rows in (
            (self.candidate_table, value["candidates"]),
            (self.contradiction_table, value["contradictions"]),
        ):
            model, bar = self.bars[table]
            chosen = (bar.row or {}).get("key")
            model.show_rows(rows)
            bar.show_row(None)
            again = [n for n, row in enumerate(rows) if row["key"] == chosen]
            if again:  # the same one chosen again: its decisions as recorded now
                table.selectRow(again[0])
        self.pairs.show_rows(pairs)

    def decide(self, *, same: bool) -> None:
        pair = self.pairs.row(self.pair_table.currentIndex())
        if pair is None:
            self._say(_("Choose a pair of interviewees first."))
            return
        first, second, reasons = str(pair["first"]), str(pair["second"]), self.reasons.text()
        analyst = self.session.analyst
        self.act(
            lambda repository: desk.decide_same_witness(
                repository, first, second, same=same, reasons=reasons, analyst=analyst
            ),
            self._decided,
            _("Recording the decision…"),
            on_error=lambda error: self._say(error_text(error)),
            writes=True,
        )

    def decide_on(self, table: QTableView, verdict: str) -> None:
        """Record `verdict` on the candidate or contradiction chosen in `table`."""
        model, bar = self.bars[table]
        chosen = model.row(table.currentIndex())
        if chosen is None:
            bar.say(_("Choose one in the list first."))
            return
        key, reasons, analyst = str(chosen["key"]), bar.reasons.text(), self.session.analyst
        self.act(
            lambda repository: desk.decide_corroboration(
                repository, key, verdict, reasons, analyst
            ),
            lambda _made: self._recorded(bar),
            _("Recording the decision…"),
            on_error=lambda error: bar.say(error_text(error)),
            writes=True,
        )

    def _recorded(self, bar: DecisionBar) -> None:
        bar.recorded()
        self.load()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _decided(self, _made: dict[str, Any]) -> None:
        self.error.hide()
        self.reasons.clear()
        self.load()
