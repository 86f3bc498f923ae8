"""Transcript entry for the session screen: the segment editor, tagging of passages with
legal elements, and the element picker. `TranscriptEditor` is what the window hosts."""

from ui.transcript.editor import TranscriptEditor
from ui.transcript.element_picker import ElementChooser, ElementPicker

__all__ = ["ElementChooser", "ElementPicker", "TranscriptEditor"]
