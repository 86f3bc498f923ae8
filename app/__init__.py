"""Sillok core: the Qt-free library that the desktop app, the command line and the
Geneva repository tools all use the same way."""

__version__ = "0.1.0"
