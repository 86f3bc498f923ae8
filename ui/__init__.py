"""Sillok's desktop interface (PySide6): windows, dialogs, widgets and the task runner.

Everything Qt lives here; the core in `app/` never imports it.
"""
