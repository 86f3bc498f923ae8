"""The session log of an interview: each sitting, when it began and ended, the time spent
interviewing (breaks excluded) against the two-hour budget, each break and why, and who
was present. Times are shown in this computer's time zone, with its UTC offset."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.domain import PauseReason, Session
from app.i18n import N_
from app.i18n.formats import (
    format_date,
    format_datetime,
    format_duration,
    format_time,
    gettext_in,
    plural,
)
from app.reports.data import load_interview
from app.reports.document import (
    BODY_WIDTH,
    RULE,
    SHADE,
    Furniture,
    Progress,
    Styles,
    Texts,
    build_pdf,
    labelled_table,
    prepare,
)
from app.reports.text import plain
from app.store.database import Database

REASONS = {
    PauseReason.BREAK: N_("break"),
    # as the interviewer chose it ("The witness needs a moment"), not a diagnosis
    PauseReason.DISTRESS: N_("the witness needed a moment"),
    PauseReason.INTERRUPTION: N_("interruption"),
    PauseReason.OTHER: N_("other"),
    PauseReason.CLOSED: N_("Sillok closed"),
}


def render_session_log(
    database: Database,
    interview_id: UUID,
    out: Path,
    *,
    language: str = "en",
    progress: Progress | None = None,
) -> Path:
    """Write the session log of `interview_id` to `out`."""
    texts, styles = prepare(language)
    label = texts(N_("Writing the session log"))
    if progress is not None:
        progress(0, None, label)
    data = load_interview(database, interview_id)
    now = datetime.now().astimezone()
    story: list[Flowable] = [Paragraph(plain(texts(N_("Session log"))), styles.title)]
    interview = data.interview
    facts = [
        (N_("Interview code"), interview.code),
        (N_("Interviewer"), interview.interviewer),
        (N_("Interpreter"), interview.interpreter or "—"),
    ]
    for name, value in facts:
        story.append(styles.para(f"{texts(name)}: {value}"))
    total = sum((s.elapsed(now) for s in data.sessions), timedelta(0))
    paused = sum((_paused(s, now) for s in data.sessions), timedelta(0))
    summary = texts.per_language(
        lambda language: (
            plural(len(data.sessions), N_("{count} session"), N_("{count} sessions"), language)
            + ", "
            + format_duration(total, language)
            + " "
            + gettext_in(N_("interviewing"), language)
            + ", "
            + format_duration(paused, language)
            + " "
            + gettext_in(N_("of breaks"), language)
        ),
        joiner="\n",
    )
    story.append(styles.para(summary, styles.label))
    if not data.sessions:
        story.append(styles.para(texts(N_("No session was recorded.")), styles.muted))
    for session in data.sessions:
        story.extend(_session(session, now, texts, styles))
    footer = texts(
        N_("Interview {code} · printed {date}"),
        code=interview.code,
        date=format_date(now.date(), texts.primary),
    )
    furniture = Furniture(
        title=f"{texts(N_('Session log'))} — {interview.code}",
        footer_lines=(footer,),
        texts=texts,
        fonts=styles.fonts,
    )
    return build_pdf(
        story,
        out,
        furniture,
        subject=texts(N_("Session log")),
        progress=progress,
        progress_label=label,
    )


def _paused(session: Session, now: datetime) -> timedelta:
    end = now if session.ended_at is None else session.ended_at
    return max(end - session.started_at, timedelta(0)) - session.elapsed(now)


def _session(session: Session, now: datetime, texts: Texts, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(plain(texts(N_("Session {number}"), number=session.number)), styles.heading)
    ]
    started = session.started_at.astimezone()
    ended = session.ended_at.astimezone() if session.ended_at is not None else None
    elapsed = session.elapsed(now)
    rows: list[tuple[str, str]] = [
        (N_("Began"), texts.per_language(lambda lang: format_datetime(started, lang))),
        (
            N_("Ended"),
            texts.per_language(lambda lang: format_datetime(ended, lang))
            if ended is not None
            else texts(N_("still open")),
        ),
        (N_("Time interviewing"), texts.per_language(lambda lang: format_duration(elapsed, lang))),
        (
            N_("Breaks"),
            texts.per_language(lambda lang: format_duration(_paused(session, now), lang)),
        ),
        (
            N_("Budget"),
            texts.per_language(lambda lang: format_duration(session.budget_minutes, lang)),
        ),
        (N_("Present"), ", ".join(session.present) or "—"),
    ]
    if elapsed > timedelta(minutes=session.budget_minutes):
        over = elapsed - timedelta(minutes=session.budget_minutes)
        rows.append(
            (N_("Over budget by"), texts.per_language(lambda lang: format_duration(over, lang)))
        )
    story.append(labelled_table(rows, texts, styles, 45 * mm))
    if session.pauses:
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(plain(texts(N_("Breaks and pauses"))), styles.subheading))
        story.append(_pauses(session, now, texts, styles))
    return story


def _pauses(session: Session, now: datetime, texts: Texts, styles: Styles) -> Table:
    widths = [12 * mm, 30 * mm, 30 * mm, 40 * mm]
    widths.append(BODY_WIDTH - sum(widths))
    header = [N_("No."), N_("From"), N_("To"), N_("Length"), N_("Reason")]
    rows: list[list[Any]] = [
        [
            styles.cell_para(texts(h, joiner="\n"), w, bold=True)
            for h, w in zip(header, widths, strict=True)
        ]
    ]
    language = texts.primary
    for number, pause in enumerate(session.pauses, start=1):
        start = pause.started_at.astimezone()
        end = pause.ended_at.astimezone() if pause.ended_at is not None else None
        length = (end or now) - start
        values = [
            str(number),
            format_time(start, language),
            format_time(end, language) if end is not None else texts(N_("still open")),
            texts.per_language(partial(format_duration, length), joiner="\n"),
            texts(REASONS[pause.reason], joiner="\n"),
        ]
        rows.append([styles.cell_para(v, w) for v, w in zip(values, widths, strict=True)])
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
