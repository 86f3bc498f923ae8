"""The few style rules the app sets itself: headings, hints, warnings, alerts.

Widgets say what a label is with the `role` property; colours keep a contrast of at least
4.5:1 on the window background.
"""

from __future__ import annotations

DIALOG_STYLE = """
QLabel[role="heading"] { font-size: 15pt; font-weight: bold; }
QLabel[role="hint"] { color: #4a4a4a; }
QLabel[role="warning"] {
    background: #fff4d6; border: 1px solid #e8c66a; border-radius: 6px; padding: 8px 10px;
    color: #3d2e00;
}
QLabel[role="alert"] {
    background: #fdecea; border: 1px solid #e5a29c; border-radius: 6px; padding: 8px 10px;
    color: #8c1d18;
}
"""
