"""The editors' look: the app's dialog style plus a few calm additions.

Colours keep a contrast of at least 4.5:1 on the window background, as in ui/style.py.
"""

from __future__ import annotations

from ui.style import DIALOG_STYLE

SPACING = 8
"""Space between the rows of an editor."""

FIELD_SPACING = 6
"""Space between the fields of one row."""

EDITOR_STYLE = (
    DIALOG_STYLE
    + """
QLabel[role="problem"] { color: #8c1d18; }
QLabel[role="meaning"] { color: #1f4e79; }
QLabel[role="caption"] { color: #4a4a4a; font-size: 9pt; }
QPushButton[segment="true"] {
    padding: 5px 16px; border: 1px solid #9aa4ae; border-radius: 5px; background: #f7f8f9;
}
QPushButton[segment="true"]:checked {
    background: #1f4e79; border-color: #1f4e79; color: white;
}
QPushButton[segment="true"]:focus { border: 2px solid #3b7bbf; }
QCheckBox[role="declined"] { color: #4a4a4a; }
"""
)
