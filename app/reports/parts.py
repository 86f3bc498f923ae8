"""Pieces of the statement: the account in the witness's words, the answers, incidents."""

from __future__ import annotations

from functools import partial

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.domain import Answer, Session
from app.domain.answers import TextValue
from app.domain.bilingual import Bilingual
from app.i18n import N_
from app.i18n.formats import format_approximate_date, format_date, gettext_in
from app.questionnaire import Questionnaire, evaluate
from app.questionnaire.model import Group, Question, Section
from app.questionnaire.structure import NodeKind
from app.reports.data import InterviewData
from app.reports.document import BODY_WIDTH, Styles, Texts
from app.reports.text import markup, plain
from app.reports.values import (
    SOURCES,
    SPEAKERS,
    answer_text,
    facility_name,
    person_name,
    place_name,
)

INDENT = 7 * mm


def account(data: InterviewData, texts: Texts, styles: Styles) -> list[Flowable]:
    """Every transcript segment, session by session, with who spoke, exactly as typed."""
    story: list[Flowable] = [
        Paragraph(plain(texts(N_("The account in the witness's words"))), styles.heading)
    ]
    if not data.segments:
        story.append(styles.para(texts(N_("No transcript was recorded.")), styles.muted))
        return story
    sessions = {session.id: session for session in data.sessions}
    current = None
    style = styles.body
    width = BODY_WIDTH
    bold = styles.fonts.bold
    labels = {speaker: texts(message) for speaker, message in SPEAKERS.items()}
    for segment in data.segments:
        if segment.session_id != current:
            current = segment.session_id
            session = sessions.get(segment.session_id)
            story.append(Paragraph(plain(_session_title(session, texts)), styles.subheading))
        label = labels[segment.speaker]
        text = markup(segment.text, width, style.fontName, style.fontSize)
        story.append(Paragraph(f'<font name="{bold}">{plain(label)}:</font> {text}', style))
    return story


def _session_title(session: Session | None, texts: Texts) -> str:
    if session is None:
        return texts(N_("Session"))
    day = session.started_at.astimezone().date()
    return texts.per_language(
        lambda language: gettext_in(N_("Session {number} — {date}"), language).format(
            number=session.number, date=format_date(day, language)
        )
    )


def answers(
    data: InterviewData, questionnaire: Questionnaire, texts: Texts, styles: Styles
) -> list[Flowable]:
    """The answers in the order of the questionnaire: each question in the report's
    languages, then the answer; typed text exactly as typed, the rest in words."""
    story: list[Flowable] = [Paragraph(plain(texts(N_("The answers"))), styles.heading)]
    if not data.answers:
        story.append(styles.para(texts(N_("No question was answered.")), styles.muted))
        return story
    evaluation = evaluate(questionnaire, data.answers)
    shown: set[str] = set()
    section_title: str | None = None
    instance_seen: set[tuple[str, tuple[int, ...]]] = set()
    nodes = questionnaire.structure.nodes
    for slot in evaluation.slots:
        node = slot.node
        if node.kind is NodeKind.SECTION:
            assert isinstance(node.item, Section)
            section_title = _bilingual(node.item.title, texts)
            continue
        if node.kind is not NodeKind.QUESTION:
            continue
        answer = evaluation.answer(slot.id, slot.indices)
        if answer is None:
            continue
        if section_title is not None:
            story.append(Paragraph(plain(section_title), styles.subheading))
            section_title = None
        if node.scope:
            key = (node.scope[-1], slot.indices)
            if key not in instance_seen:
                instance_seen.add(key)
                group = nodes[node.scope[-1]].item
                assert isinstance(group, Group)
                label = f"{_bilingual(group.title, texts)} {slot.indices[-1] + 1}"
                story.append(Paragraph(plain(label), styles.label))
        story.extend(_answer(answer, node.question, data, texts, styles))
        shown.add(str(answer.id))
    rest = [answer for answer in data.answers if str(answer.id) not in shown]
    if rest:
        story.append(Paragraph(plain(texts(N_("Other answers on record"))), styles.subheading))
        story.append(
            styles.para(
                texts(
                    N_(
                        "These answers belong to questions not shown for this interview now, or to "
                        "another version of the questionnaire. They are kept as given."
                    )
                ),
                styles.muted,
            )
        )
        for answer in rest:
            found = nodes.get(answer.question_id)
            question = (
                found.question if found is not None and found.kind is NodeKind.QUESTION else None
            )
            story.extend(_answer(answer, question, data, texts, styles))
    return story


def _bilingual(text: Bilingual, texts: Texts) -> str:
    get = text.get
    return " · ".join(dict.fromkeys(get(language) for language in texts.languages))


def _answer(
    answer: Answer, question: Question | None, data: InterviewData, texts: Texts, styles: Styles
) -> list[Flowable]:
    story: list[Flowable] = []
    if question is not None:
        for index, language in enumerate(texts.languages):
            style = styles.label if index == 0 else styles.muted
            para = styles.para(question.text.get(language), style)
            para.keepWithNext = True
            story.append(para)
    else:
        para = styles.para(f"[{answer.question_id}]", styles.label)
        para.keepWithNext = True
        story.append(para)
    if isinstance(answer.value, TextValue):
        value = answer.value.text  # the witness's words: once, exactly as typed
    else:
        value = texts.per_language(
            lambda language: answer_text(
                answer.value, question, language, data.persons, data.facilities
            )
        )
    story.append(styles.para(value, _indented(styles)))
    if answer.note:
        note = texts(N_("Note")) + ": " + answer.note
        story.append(styles.para(note, _indented(styles, muted=True)))
    return story


def _indented(styles: Styles, muted: bool = False) -> ParagraphStyle:
    base = styles.muted if muted else styles.body
    return ParagraphStyle(f"{base.name}-indented", base, leftIndent=INDENT, spaceAfter=5)


def incidents(data: InterviewData, texts: Texts, styles: Styles) -> list[Flowable]:
    """Each incident: when (with its precision), where, the facility, who was involved,
    how the witness knows, and whether it is exculpatory."""
    story: list[Flowable] = [Paragraph(plain(texts(N_("Incidents"))), styles.heading)]
    if not data.incidents:
        story.append(styles.para(texts(N_("No incident was recorded.")), styles.muted))
        return story
    indented = _indented(styles)
    for number, incident in enumerate(data.incidents, start=1):
        title = Paragraph(
            f"{number}. "
            + markup(incident.title, BODY_WIDTH, styles.label.fontName, styles.label.fontSize),
            styles.subheading,
        )
        title.keepWithNext = True
        story.append(title)
        rows: list[tuple[str, str]] = []
        if incident.date is not None:
            date = incident.date
            rows.append(
                (
                    N_("When"),
                    texts.per_language(partial(format_approximate_date, date)),
                )
            )
        if incident.place is not None:
            place = incident.place
            rows.append((N_("Where"), texts.per_language(partial(place_name, place))))
        if incident.facility_id is not None:
            facility = data.facilities.get(incident.facility_id)
            rows.append(
                (
                    N_("Facility"),
                    texts.per_language(partial(facility_name, facility)),
                )
            )
        for person_id in incident.person_ids:
            person = data.persons.get(person_id)
            rows.append(
                (
                    N_("Person involved"),
                    texts.per_language(partial(person_name, person)),
                )
            )
        if incident.source is not None:
            rows.append((N_("How the witness knows"), texts(SOURCES[incident.source])))
        if incident.exculpatory:
            rows.append(
                (
                    N_("Exculpatory"),
                    texts(
                        N_("This information may clear a suspect or lessen their responsibility.")
                    ),
                )
            )
        for label, value in rows:
            story.append(styles.para(f"{texts(label)}: {value}", indented))
        if incident.summary:
            story.append(styles.para(incident.summary, indented))
        story.append(Spacer(1, 2))
    return story
