"""The statement of an interview, for read-back to the witness in Korean, English or both.

Identity data (real name, birth date, hometown, relatives) is kept apart and sealed; it is
printed only when the caller hands it over through `identity` AND the witness's consent
to the use of their identity stands. Otherwise the statement says it is withheld.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from uuid import UUID

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.domain import ConsentScope, IdentityRecord, InterviewStatus
from app.i18n import N_
from app.i18n.formats import format_approximate_date, format_date, gettext_in
from app.questionnaire import Questionnaire, questionnaire_for
from app.reports import parts
from app.reports.data import InterviewData, load_interview
from app.reports.document import (
    BODY_WIDTH,
    RULE,
    Furniture,
    Progress,
    Styles,
    Texts,
    labelled_table,
    pdf_bytes,
    prepare,
    write_atomically,
)
from app.reports.text import plain
from app.store.database import Database

IdentityProvider = Callable[[UUID], IdentityRecord | None]
"""Gives the identity record of an interviewee (by interviewee id), or None."""

LOCATIONS = {
    "resettlement_centre": N_("resettlement centre"),
    "other": N_("other place"),
}

STATUSES = {
    InterviewStatus.DRAFT: N_("draft"),
    InterviewStatus.IN_PROGRESS: N_("in progress"),
    InterviewStatus.READ_BACK: N_("read back to the witness"),
    InterviewStatus.CLOSED: N_("closed"),
}

SCOPES = {
    ConsentScope.RECORDING: N_("audio recording"),
    ConsentScope.TRANSFER_GENEVA: N_("transfer to Geneva"),
    ConsentScope.USE_OF_IDENTITY: N_("use of identity"),
    ConsentScope.SHARE_ACCOUNTABILITY: N_("sharing with accountability mechanisms"),
    ConsentScope.RECONTACT: N_("re-contact"),
}

LANGUAGE_NAMES = {"ko": N_("Korean"), "en": N_("English")}


def render_statement(
    database: Database,
    interview_id: UUID,
    out: Path,
    *,
    language: str = "both",
    progress: Progress | None = None,
    identity: IdentityProvider | None = None,
) -> Path:
    """Write the statement of `interview_id` to `out` (PDF) in 'ko', 'en' or 'both'."""
    data = load_interview(database, interview_id)
    made = statement_pdf(data, language=language, progress=progress, identity=identity)
    return write_atomically(out, made)


def statement_pdf(
    data: InterviewData,
    *,
    language: str = "both",
    progress: Progress | None = None,
    identity: IdentityProvider | None = None,
) -> bytes:
    """The statement of the interview in `data`, in memory, however the records were read
    (the laptop's database, or Geneva's consolidated view): the same records give the
    same hash."""
    texts, styles = prepare(language)
    label = texts(N_("Writing the statement"))
    if progress is not None:
        progress(0, None, label)
    questionnaire = questionnaire_for(
        data.interview.questionnaire_id, data.interview.questionnaire_version
    )
    digest = data.content_hash()
    story = _story(data, questionnaire, texts, styles, identity, digest)
    version = data.interview.questionnaire_version or questionnaire.version
    furniture = Furniture(
        title=f"{texts(N_('Witness statement'))} — {data.interview.code}",
        footer_lines=(
            _footer(texts, data.interview.code, version),
            f"SHA-256 {digest}",
        ),
        texts=texts,
        fonts=styles.fonts,
    )
    return pdf_bytes(
        story,
        furniture,
        subject=texts(N_("Witness statement")),
        progress=progress,
        progress_label=label,
    )


def _footer(texts: Texts, code: str, version: str) -> str:
    today = datetime.now().astimezone().date()
    return gettext_in(
        N_("Interview {code} · questionnaire {version} · printed {date}"), texts.primary
    ).format(code=code, version=version, date=format_date(today, texts.primary))


def _story(
    data: InterviewData,
    questionnaire: Questionnaire,
    texts: Texts,
    styles: Styles,
    identity: IdentityProvider | None,
    digest: str,
) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(plain(texts(N_("Witness statement"))), styles.title)]
    story.append(
        styles.para(
            texts(
                N_(
                    "This statement is read back to the witness, who may correct or add to it. "
                    "It is confidential: keep it locked away and do not copy it."
                ),
                joiner="\n",
            ),
            styles.muted,
        )
    )
    story.append(_facts(data, questionnaire, texts, styles))
    story.extend(_identity(data, texts, styles, identity))
    story.extend(parts.account(data, texts, styles))
    story.extend(parts.answers(data, questionnaire, texts, styles))
    story.extend(parts.incidents(data, texts, styles))
    story.append(KeepTogether(_acknowledgement(data, texts, styles, digest)))
    return story


def _facts(
    data: InterviewData, questionnaire: Questionnaire, texts: Texts, styles: Styles
) -> Table:
    interview = data.interview
    rows: list[tuple[str, str]] = [
        (N_("Interview code"), interview.code),
        (N_("Interviewer"), interview.interviewer),
    ]
    if interview.interpreter:
        rows.append((N_("Interpreter"), interview.interpreter))
    location = LOCATIONS.get(interview.location_kind)
    rows.append((N_("Place"), texts(location) if location else interview.location_kind))
    if data.sessions:
        days = sorted({s.started_at.astimezone().date() for s in data.sessions})
        rows.append(
            (
                N_("Dates"),
                texts.per_language(
                    lambda language: ", ".join(format_date(day, language) for day in days)
                ),
            )
        )
    spoken = LANGUAGE_NAMES.get(interview.language.split("-")[0])
    rows.append((N_("Language of the interview"), texts(spoken) if spoken else interview.language))
    version = interview.questionnaire_version or questionnaire.version
    rows.append(
        (
            N_("Questionnaire"),
            texts.per_language(
                lambda language: f"{questionnaire.file.title.get(language)} {version}"
            ),
        )
    )
    rows.append((N_("Status"), texts(STATUSES[interview.status])))
    scopes = _consented(data)
    rows.append(
        (
            N_("Consent given to"),
            texts.per_language(
                lambda language: (
                    ", ".join(gettext_in(SCOPES[s], language) for s in scopes)
                    or gettext_in(N_("nothing recorded"), language)
                )
            ),
        )
    )
    return labelled_table(rows, texts, styles, 48 * mm, padding=3)


def _consented(data: InterviewData) -> list[ConsentScope]:
    current: set[ConsentScope] = set()
    for consent in data.consents:
        current |= consent.current_scopes
    return [scope for scope in ConsentScope if scope in current]


def _identity_allowed(data: InterviewData) -> bool:
    return any(c.allows(ConsentScope.USE_OF_IDENTITY) for c in data.consents)


def _identity(
    data: InterviewData, texts: Texts, styles: Styles, identity: IdentityProvider | None
) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(plain(texts(N_("Identity"))), styles.heading)]
    if not _identity_allowed(data):
        reason = N_(
            "The witness has not consented to the use of their identity; it is not "
            "shown in this statement."
        )
        return [*story, styles.para(texts(reason, joiner="\n"), styles.body)]
    record = identity(data.interview.interviewee_id) if identity is not None else None
    if record is None:
        reason = N_(
            "The identity is kept sealed apart from the testimony and is not shown "
            "in this statement."
        )
        return [*story, styles.para(texts(reason, joiner="\n"), styles.body)]
    rows: list[tuple[str, str]] = []
    if record.real_name:
        rows.append((N_("Name"), record.real_name))
    if record.other_names:
        rows.append((N_("Other names"), ", ".join(record.other_names)))
    if record.birth_date is not None:
        birth = record.birth_date
        rows.append(
            (
                N_("Date of birth"),
                texts.per_language(lambda language: format_approximate_date(birth, language)),
            )
        )
    if record.hometown:
        rows.append((N_("Hometown"), record.hometown))
    for relative in record.relatives:
        described = ", ".join(
            p for p in (relative.name, relative.relation, relative.whereabouts, relative.note) if p
        )
        rows.append((N_("Relative"), described))
    for label, value in rows:
        story.append(styles.para(f"{texts(label)}: {value}"))
    return story


def _acknowledgement(
    data: InterviewData, texts: Texts, styles: Styles, digest: str
) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(plain(texts(N_("The witness's acknowledgement"))), styles.heading)
    ]
    for language in texts.languages:
        spoken = ", ".join(gettext_in(LANGUAGE_NAMES[each], language) for each in texts.languages)
        sentence = gettext_in(
            N_(
                "This statement was read back to me in {languages}. It is what I said, with the "
                "corrections and additions written below."
            ),
            language,
        )
        story.append(styles.para(sentence.format(languages=spoken)))
    story.append(Paragraph(plain(texts(N_("Corrections and additions"))), styles.subheading))
    lines = Table([[""] for _ in range(9)], colWidths=[BODY_WIDTH], rowHeights=[8 * mm] * 9)
    lines.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ]
        )
    )
    story.append(lines)
    story.append(Spacer(1, 6 * mm))
    signers = [N_("Witness (signature or mark)"), N_("Interpreter"), N_("Interviewer")]
    column = BODY_WIDTH / 3
    cells = [
        [styles.cell_para(texts(signer, joiner="\n"), column) for signer in signers],
        [styles.cell_para(texts(N_("Date"), joiner="\n") + ":", column)] * 3,
    ]
    signatures = Table(cells, colWidths=[column] * 3, rowHeights=[16 * mm, 9 * mm])
    signatures.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    signatures.hAlign = "LEFT"
    story.append(Spacer(1, 14 * mm))
    story.append(signatures)
    story.append(Spacer(1, 6 * mm))
    story.append(
        styles.para(
            texts(
                N_("Content fingerprint (SHA-256 of the records this statement shows): {digest}"),
                joiner="\n",
                digest=digest,
            ),
            styles.muted,
        )
    )
    return story
