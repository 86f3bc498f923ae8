"""What the session screen holds unsaved at a lock, and where in the records tab the
interviewer was: taken before the lock, put back after the unlock.

Drafts (`app.desk.drafts`) come from the incidents, persons and facilities forms of the
records tab, from the "new person / new facility" line of the person and facility
questions on screen, and from the transcript's tag dialog (passage and choices); each is
named by where it was shown ("persons|field.name", "answer|<question>|<position>|name",
"tag|dialog.elements"). The records tab's place (which form, which record,
which field and cursor) is part of `Place` and holds no testimony.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.desk.drafts import Drafts
from ui.desk.place import cursor_of, put_cursor
from ui.desk.record_forms import ListAndForm
from ui.editors.records import RecordPicker
from ui.transcript import TranscriptEditor

if TYPE_CHECKING:
    from ui.desk.place import Place
    from ui.desk.session_screen import SessionScreen


def _forms(screen: SessionScreen) -> dict[str, ListAndForm]:
    records = screen.records
    if records is None:
        return {}
    return {
        "incidents": records.incidents,
        "persons": records.persons,
        "facilities": records.facilities,
    }


def _pickers(screen: SessionScreen) -> dict[str, RecordPicker]:
    return {
        f"answer|{key[0]}|{key[1]}": row.editor
        for key, row in screen.questions.rows.items()
        if isinstance(row.editor, RecordPicker)
    }


def _holders(screen: SessionScreen) -> dict[str, ListAndForm | RecordPicker | TranscriptEditor]:
    holders: dict[str, ListAndForm | RecordPicker | TranscriptEditor] = {
        **_forms(screen),
        **_pickers(screen),
    }
    if screen.transcript is not None:  # its tag dialog, if open
        holders["tag"] = screen.transcript
    return holders


def drafts_of(screen: SessionScreen) -> Drafts:
    """Everything typed on the screen that waits for Save or Add (or for Tag)."""
    drafts: Drafts = {}
    holders = _holders(screen)
    for prefix, holder in holders.items():
        drafts.update({f"{prefix}|{k}": v for k, v in holder.draft().items()})
    return drafts


def restore_drafts(screen: SessionScreen, drafts: Drafts) -> None:
    """Put each draft back where it was shown (a question's line only if it is on screen;
    the tag dialog once the transcript is loaded)."""
    holders = _holders(screen)
    for prefix, holder in holders.items():
        mine = {k[len(prefix) + 1 :]: v for k, v in drafts.items() if k.startswith(prefix + "|")}
        if mine:
            holder.restore_draft(mine)


def records_place(screen: SessionScreen) -> tuple[int | None, str | None, int | None]:
    """On the records tab: which form, which of its fields has the focus, the cursor."""
    records = screen.records
    if records is None or screen.tabs.currentWidget() is not records:
        return None, None, None
    form = records.currentWidget()
    if not isinstance(form, ListAndForm):
        return records.currentIndex(), None, None
    field = form.focused_field()
    widget = form.fields.get(field) if field is not None else None
    return records.currentIndex(), field, cursor_of(widget)


def record_of(screen: SessionScreen) -> str | None:
    """The id of the record shown in the records tab's current form (None: a new one)."""
    records = screen.records
    if records is None or screen.tabs.currentWidget() is not records:
        return None
    form = records.currentWidget()
    current = getattr(form, "current", None)
    return None if current is None else str(current.id)


def restore_records_place(screen: SessionScreen, place: Place) -> QWidget | None:
    """Show the form, the record and the field of `place`; the field with the focus."""
    records = screen.records
    if records is None or place.records_tab is None:
        return None
    records.setCurrentIndex(place.records_tab)
    form = records.currentWidget()
    if not isinstance(form, ListAndForm):
        return None
    if place.record is not None and form.current is None:
        record = UUID(place.record)
        if record in form.records_shown():
            form.show_record(record)
            form.show_saved(record)
    return form.fields.get(place.field) if place.field is not None else None


def focus_records_field(widget: QWidget | None, cursor: int | None) -> None:
    if widget is None:
        return
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    put_cursor(widget, cursor)
