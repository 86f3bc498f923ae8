"""A line that finds places, facilities or agencies of the reference data as it is typed.

Typing "hoeryong", "Hoeryeong" or "회령" offers 회령시; each offer shows the Korean and English
names, the enclosing place and, when another spelling matched, that spelling. Picking an
offer links the field to the entry's stable id. Whatever matches nothing stays free text,
kept as typed; on leaving the field a text that names exactly one entry (회령, Hoeryong) is
linked to it, its words kept as told. Usable for any kind (the person editor's agency, too).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QWidget

from app.reference import MatchQuality, PlaceEntry, Reference, ReferenceEntry, ReferenceKind
from ui.editors.composing import ComposingLineEdit

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
"""The text an offer puts in the field: the entry's name (QStandardItem keeps one text for
DisplayRole and EditRole, so the name needs a role of its own)."""
OFFER_DELAY_MS = 400
"""Offers come after this pause in typing (and never while a syllable is composed)."""
OFFERS = 8
"""How many entries the list offers at most."""

_SURE = (MatchQuality.EXACT, MatchQuality.NORMALISED)


@dataclass(frozen=True)
class Link:
    """The field's entry, and the words typed for it when they were not its name."""

    entry_id: str
    told: str | None = None


def _around(reference: Reference, entry: ReferenceEntry) -> PlaceEntry | None:
    """The place around an entry: a place's parent, a facility's place."""
    if isinstance(entry, PlaceEntry):
        ancestors = reference.ancestors(entry.id)
        return ancestors[0] if ancestors else None
    place_id = getattr(entry, "place", None)
    found = reference.find(place_id) if isinstance(place_id, str) else None
    return found if isinstance(found, PlaceEntry) else None


def describe(reference: Reference, entry: ReferenceEntry, spelling: str | None = None) -> str:
    """One line for an entry: "회령시 · Hoeryong — 함경북도 · North Hamgyong  ‹Hoeryŏng›"."""
    text = f"{entry.name.ko} · {entry.name.en}"
    around = _around(reference, entry)
    if around is not None:
        text += f" — {around.name.ko} · {around.name.en}"
    if spelling and spelling not in (entry.name.ko, entry.name.en):
        text += f"  ‹{spelling}›"
    return text


class ReferenceField(ComposingLineEdit):
    """A composing line edit with reference look-up; `linked` says when the link changes."""

    linked = Signal()

    def __init__(
        self,
        reference: Reference,
        kinds: Collection[ReferenceKind],
        types: Collection[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reference = reference
        self.kinds = tuple(kinds)
        self.types = None if types is None else tuple(types)
        self.link: Link | None = None
        self.language = "ko"
        self.offers = QStandardItemModel(self)
        self.completer_ = QCompleter(self.offers, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCompletionRole(NAME_ROLE)
        self.completer_.setMaxVisibleItems(OFFERS)
        # Not setCompleter: QLineEdit would refill and pop the offers up at every edit,
        # between two syllables of a word typed through a Korean input method.
        self.completer_.setWidget(self)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(OFFER_DELAY_MS)
        self.pause.timeout.connect(self._offer)
        self.completer_.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._settle)

    def entry(self) -> ReferenceEntry | None:
        return None if self.link is None else self.reference.find(self.link.entry_id)

    def show_link(self, link: Link | None, text: str) -> None:
        """Show `text` linked to `link` (or free), without saying `edited`."""
        self.link = link
        self.set_text_quietly(text)

    def name_of(self, entry: ReferenceEntry) -> str:
        return entry.name.get(self.language)

    def lookup(self, text: str) -> None:
        """Offer the entries `text` matches (what typing does)."""
        self.offers.clear()
        for match in self.reference.lookup(text, kinds=self.kinds, types=self.types, limit=OFFERS):
            item = QStandardItem(describe(self.reference, match.entry, match.spelling))
            item.setData(self.name_of(match.entry), NAME_ROLE)
            item.setData(match.entry.id, ID_ROLE)
            self.offers.appendRow(item)

    def offered_ids(self) -> list[str]:
        return [self.offers.item(row).data(ID_ROLE) for row in range(self.offers.rowCount())]

    def pick(self, entry_id: str) -> None:
        """Link the field to an entry and show its name, as picking an offer does."""
        entry = self.reference.get(entry_id)
        self.link = Link(entry_id)
        self.set_text_quietly(self.name_of(entry))
        self._hide_offers()
        self.linked.emit()

    # -- inside ----------------------------------------------------------------------------------

    def _hide_offers(self) -> None:
        popup = self.completer_.popup()
        if popup is not None:
            popup.hide()

    def _typed(self, text: str) -> None:
        had_link = self.link is not None
        self.link = None
        self.lookup(text)
        self.pause.start()
        if had_link:
            self.linked.emit()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Each event of the input method postpones the offers. Seen with ibus-hangul: the
        offers refilled and popped up at each committed syllable, the input method
        started the next one over, and 회령 was recorded as "회려ㅇ"; ibus commits a
        syllable and begins the next in two events, so 'nothing composed' alone is no
        sign that the typing stopped."""
        super().inputMethodEvent(event)
        self.pause.start()

    def _offer(self) -> None:
        """After a pause with nothing being composed: pop up the offers for what is typed
        (looked up at each edit, so `offered_ids` is always current)."""
        if self.composing or self.link is not None or not self.hasFocus():
            return
        if self.offers.rowCount():
            self.completer_.complete()
        else:
            self._hide_offers()

    def _picked(self, index: QModelIndex) -> None:
        entry_id = index.data(ID_ROLE)
        if isinstance(entry_id, str):
            self.pick(entry_id)

    def _settle(self) -> None:
        """On leaving the field: link a text that names exactly one entry."""
        text = self.text()
        if self.link is not None or not text.strip() or self.composing:
            return
        matches = self.reference.lookup(text, kinds=self.kinds, types=self.types, limit=2)
        sure = [match for match in matches if match.quality in _SURE]
        if len(sure) == 1:
            self.link = Link(sure[0].entry.id, told=text)
            self.linked.emit()
