"""What the Geneva dialogs share: running core work on the one worker, messages for
failures, fingerprints and hashes in groups a person can read out, sizes and dates in the
current language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from babel.units import format_unit
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import N_, _
from app.i18n.formats import format_date, locale_of, plural
from app.store.database import Database
from app.sync.repository_errors import NotEnrolled, TrustBundleExpired
from ui.errors import error_text
from ui.ops import run_op
from ui.session import Session
from ui.tasks import Progress, Task

T = TypeVar("T")


def run(
    session: Session,
    work: Callable[[Database], T],
    done: Callable[[T], None],
    failed: Callable[[BaseException], None],
    owner: QObject,
    progress: Callable[[Progress], None] | None = None,
) -> Task[T]:
    """`work(database)` on the worker; `done` or `failed` back on the UI thread."""
    return run_op(session, work, done, failed, progress, owner=owner)


def geneva_error_text(error: BaseException) -> str:
    """The core's message; for enrolment problems, also where to fix them in the desk."""
    text = error_text(error)
    if isinstance(error, NotEnrolled | TrustBundleExpired):
        text += "\n\n" + _("In Sillok: Geneva → Enrol this laptop…")
    return text


def fingerprint_groups(fingerprint: str) -> str:
    """ "7K3Q-9XPM-2HCD-EF8W-RT4N" → "7K3Q  9XPM  2HCD  EF8W  RT4N" (read out group by
    group)."""
    return "  ".join(fingerprint.split("-"))


def sha_groups(sha256: str, size: int = 8) -> str:
    """A SHA-256 in groups of eight, four groups a line."""
    groups = [sha256[i : i + size] for i in range(0, len(sha256), size)]
    return "\n".join(" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))


def format_size(size: int) -> str:
    """ "3.4 MB", "3.4MB" in Korean's short units; bytes below a kilobyte."""
    locale = locale_of()
    for unit, factor in (("gigabyte", 10**9), ("megabyte", 10**6), ("kilobyte", 10**3)):
        if size >= factor:
            value = round(size / factor, 1)
            return format_unit(value, f"digital-{unit}", length="short", locale=locale)
    return format_unit(size, "digital-byte", length="short", locale=locale)


def format_day(moment: datetime) -> str:
    return format_date(moment.astimezone().date())


def big_label(parent: QWidget) -> QLabel:
    """A fingerprint or hash: large, fixed-width, selectable, in its groups."""
    label = QLabel(parent)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(max(font.pointSize(), 10) + 8)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def note(parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


KIND_NAMES = {
    "interviewee": N_("Witnesses (pseudonymous codes only)"),
    "sealed_identity": N_("Sealed identities"),
    "interview": N_("Interview records"),
    "consent": N_("Consent records"),
    "session": N_("Sessions"),
    "answer": N_("Answers"),
    "transcript_segment": N_("Transcript segments"),
    "incident": N_("Incidents"),
    "person": N_("Persons"),
    "facility": N_("Facilities"),
    "element_tag": N_("Legal element tags"),
    "attachment": N_("Attachments"),
}

WITHHELD_KINDS = {
    "interview": (N_("{count} interview"), N_("{count} interviews")),
    "sealed_identity": (N_("{count} sealed identity"), N_("{count} sealed identities")),
}

REASONS = {
    "no_consent_recorded": N_("no consent is recorded"),
    "transfer_geneva_not_granted": N_("the witness did not consent to transfer to Geneva"),
    "transfer_geneva_withdrawn": N_("the witness withdrew consent to transfer to Geneva"),
    "use_of_identity_not_granted": N_("the witness did not consent to the use of identity"),
    "use_of_identity_withdrawn": N_("the witness withdrew consent to the use of identity"),
    "no_interview_transferred": N_("none of the witness's interviews goes to Geneva"),
}


def kind_name(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def withheld_text(kind: str, reason: str, count: int) -> str:
    one, other = WITHHELD_KINDS.get(kind, (N_("{count} record"), N_("{count} records")))
    what = plural(count, one, other)
    why = _(REASONS[reason]) if reason in REASONS else reason
    return _("{what}: {why}").format(what=what, why=why)
