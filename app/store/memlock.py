"""Let SQLCipher's memory security lock as much memory as the account may.

SQLCipher `mlock`s the memory SQLite holds, up to the soft `RLIMIT_MEMLOCK` (8 MiB on
Debian and Ubuntu); beyond it the lock fails and the memory can be swapped out as it is
(README, "Memory and swap"). When the system grants a higher hard limit (a `limits.conf`
entry, the packaged app's unit), the start raises the soft limit to it. Never fails the
start: where there is no such limit (Windows) or the system refuses, nothing changes.
"""

from __future__ import annotations


def raise_memlock_limit() -> int | None:
    """Raise the soft limit to the hard one; the soft limit now in force, or None."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_MEMLOCK)
        if soft != hard:
            resource.setrlimit(resource.RLIMIT_MEMLOCK, (hard, hard))
        return resource.getrlimit(resource.RLIMIT_MEMLOCK)[0]
    except (ValueError, OSError, AttributeError):
        return None
