"""What the open repository's role may do, asked once when the analysts' desk opens it, so
that the desk offers only the actions the server will not refuse (and says why of the
others) instead of refusing them after the work (issue 18, review m6).

Each action names the privileges it needs, as the grants give them (server_roles.py);
the reason a role is refused one is in the same words the server's refusal uses
(server_errors.py, postgres.py). On the file store everything is allowed: its passphrase
opens everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import Marked
from app.sync.repository.server_errors import (
    DECIDE_CORROBORATION,
    DECIDE_WITNESS,
    DISCLOSE,
    READ_ACCESS_LOG,
    READ_DISCLOSURES,
    RECORD_ASSESSMENTS,
    AccessRefused,
)
from app.sync.repository.store import Repository

ASSESS = "assess"
DECIDE_SAME_WITNESS = "decide_witness"
DECIDE = "decide_corroboration"
DISCLOSING = "disclose"
DISCLOSURES = "read_disclosures"
ACCESS_LOG = "read_access_log"

NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    ASSESS: (("assessments", "INSERT"),),
    DECIDE_SAME_WITNESS: (("witness_decisions", "INSERT"),),
    DECIDE: (("corroboration_decisions", "INSERT"),),
    # A disclosure reads the register (its number), adds its line and outcome, and is
    # signed with Geneva's signing key.
    DISCLOSING: (
        ("disclosures", "SELECT"),
        ("disclosures", "INSERT"),
        ("disclosure_outcomes", "INSERT"),
        ("geneva_signing_key", "SELECT"),
    ),
    DISCLOSURES: (("disclosures", "SELECT"), ("disclosure_outcomes", "SELECT")),
    ACCESS_LOG: (("access_log", "SELECT"),),
}
"""Each action of the desk a role may be refused, and the privileges it needs."""

WHY: dict[str, Marked] = {
    ASSESS: RECORD_ASSESSMENTS,
    DECIDE_SAME_WITNESS: DECIDE_WITNESS,
    DECIDE: DECIDE_CORROBORATION,
    DISCLOSING: DISCLOSE,
    DISCLOSURES: READ_DISCLOSURES,
    ACCESS_LOG: READ_ACCESS_LOG,
}
"""What the role may not do, as AccessRefused says it ("may not {what}")."""


@dataclass(frozen=True)
class Allowed:
    """What one role may do on the open repository."""

    role: str
    """The server role ("" on the file store)."""
    refused: frozenset[str] = frozenset()
    """The actions of NEEDS this role would be refused."""

    def may(self, action: str) -> bool:
        return action not in self.refused

    def why(self, action: str) -> Marked | None:
        """What the role may not do, for the action's refusal; None when allowed."""
        return None if self.may(action) else WHY[action]


EVERYTHING = Allowed("")
"""The file store's answer (and the desk's before a repository is open)."""


def allowed(repository: Repository) -> Allowed:
    """Ask the server, in one question, which of the desk's actions this role may do."""
    if repository.store.kind != "postgres":
        return EVERYTHING
    asked = [pair for needs in NEEDS.values() for pair in needs]
    answers = dict(zip(asked, repository.granted(asked), strict=True))
    refused = frozenset(
        action for action, needs in NEEDS.items() if not all(answers[pair] for pair in needs)
    )
    return Allowed(str(getattr(repository.connection, "role", "")), refused)


def require(repository: Repository, action: str) -> None:
    """AccessRefused (81), in the action's own words, when the role may not do `action`:
    before any work, not after it (a disclosure's PDFs)."""
    found = allowed(repository)
    why = found.why(action)
    if why is not None:
        raise AccessRefused(role=found.role, what=why)
