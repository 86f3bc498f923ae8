"""Search and corroboration widgets for the desk: `SearchPanel` and `CorroborationView`.

Both take the task runner and a zero-argument callable returning the open `Database`
(called on the worker), and emit `open_requested(interview_id, target)`."""

from __future__ import annotations

from ui.search.corroboration_view import CorroborationView
from ui.search.panel import SearchPanel

__all__ = ["CorroborationView", "SearchPanel"]
