"""What the desk refuses, and why, in words an interviewer can act on.

The consent rule itself lives in the services (app/services/consent.py), so every writer
keeps it; the desk names it here as before.
"""

from __future__ import annotations

from app.services.consent import ConsentRequired

__all__ = ["ConsentRequired"]
