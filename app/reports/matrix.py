"""The evidence matrix: legal elements (rows) against interviews (columns), each cell the
element's coverage in that interview and how the witness knows; then the gaps to follow up.

Interviews are shown five to a table; more interviews make more tables, one after the
other, each with all the elements.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.i18n import N_
from app.i18n.formats import format_date
from app.legal import Catalogue, default_catalogue
from app.questionnaire import Status, questionnaire_for
from app.reports.data import interview_ids as all_interview_ids
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
    prepare,
)
from app.reports.errors import NothingToReport
from app.reports.evidence import Cell, Knowledge, cells, source_questions
from app.reports.text import plain
from app.store.database import Database

COLUMNS = 5
ELEMENT_WIDTH = 62 * mm
"""The narrowest the element column gets (with five interviews)."""

STATUS_NAMES = {
    Status.COVERED: N_("covered"),
    Status.OPEN: N_("open"),
    Status.GAP: N_("gap"),
    Status.OUT_OF_SCOPE: N_("out of scope"),
}
STATUS_COLOURS = {
    Status.COVERED: colors.HexColor("#dcefd9"),
    Status.OPEN: colors.HexColor("#fbf0c9"),
    Status.GAP: colors.HexColor("#f6d5d2"),
    Status.OUT_OF_SCOPE: colors.HexColor("#ececec"),
}
KNOWLEDGE_NAMES = {
    Knowledge.DIRECT: N_("direct"),
    Knowledge.HEARSAY: N_("hearsay"),
    Knowledge.MIXED: N_("direct and hearsay"),
    Knowledge.DOCUMENT: N_("document"),
    Knowledge.UNSTATED: N_("source not stated"),
}


def render_matrix(
    database: Database,
    interview_ids: list[UUID] | None,
    out: Path,
    *,
    language: str = "en",
    progress: Progress | None = None,
) -> Path:
    """Write the evidence matrix of the given interviews (all when None) to `out`."""
    texts, styles = prepare(language)
    label = texts(N_("Writing the evidence matrix"))
    wanted = all_interview_ids(database) if interview_ids is None else list(interview_ids)
    if not wanted:
        raise NothingToReport(detail=texts(N_("the database holds no interview")))
    catalogue = default_catalogue()
    columns: list[tuple[str, dict[str, Cell]]] = []
    for done, interview_id in enumerate(wanted):
        if progress is not None:
            progress(done, len(wanted), label)
        data = load_interview(database, interview_id)
        # Each interview is read with the questionnaire version it was recorded under.
        questionnaire = questionnaire_for(
            data.interview.questionnaire_id, data.interview.questionnaire_version
        )
        qualifiers = source_questions(questionnaire)
        columns.append((data.interview.code, cells(data, questionnaire, catalogue, qualifiers)))
    story = _story(columns, catalogue, texts, styles)
    today = datetime.now().astimezone().date()
    footer = texts(
        N_("Legal catalogue {versions} · {count} interviews · printed {date}"),
        versions=", ".join(f"{name} {v}" for name, v in catalogue.version.items()),
        count=len(columns),
        date=format_date(today, texts.primary),
    )
    furniture = Furniture(
        title=texts(N_("Evidence matrix")),
        footer_lines=(footer,),
        texts=texts,
        fonts=styles.fonts,
    )
    return build_pdf(
        story,
        out,
        furniture,
        subject=texts(N_("Evidence matrix")),
        progress=progress,
        progress_label=label,
    )


def _story(
    columns: list[tuple[str, dict[str, Cell]]], catalogue: Catalogue, texts: Texts, styles: Styles
) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(plain(texts(N_("Evidence matrix"))), styles.title)]
    story.append(
        styles.para(
            texts(
                N_(
                    "Each legal element against each interview: covered (an answer or a tagged "
                    "passage supports it, with how the witness knows), open (a question shown "
                    "could still cover it), gap (nothing shown can), or out of scope of the "
                    "questionnaire."
                ),
                joiner="\n",
            ),
            styles.muted,
        )
    )
    story.append(_legend(texts, styles))
    story.append(Spacer(1, 4 * mm))
    for start in range(0, len(columns), COLUMNS):
        story.append(_table(columns[start : start + COLUMNS], catalogue, texts, styles))
        story.append(Spacer(1, 6 * mm))
    story.extend(_gaps(columns, catalogue, texts, styles))
    return story


def _legend(texts: Texts, styles: Styles) -> Table:
    width = BODY_WIDTH / len(STATUS_NAMES)
    row = [styles.cell_para(texts(name), width) for name in STATUS_NAMES.values()]
    legend = Table([row], colWidths=[width] * len(row), hAlign="LEFT")
    legend.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                *(
                    ("BACKGROUND", (i, 0), (i, 0), STATUS_COLOURS[s])
                    for i, s in enumerate(STATUS_NAMES)
                ),
                ("BOX", (0, 0), (-1, -1), 0.4, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return legend


def _table(
    columns: list[tuple[str, dict[str, Cell]]], catalogue: Catalogue, texts: Texts, styles: Styles
) -> Table:
    width = min(30 * mm, (BODY_WIDTH - ELEMENT_WIDTH) / len(columns))
    element_width = BODY_WIDTH - width * len(columns)
    header: list[Any] = [
        styles.cell_para(texts(N_("Legal element"), joiner="\n"), element_width, bold=True)
    ]
    header += [styles.cell_para(code, width, bold=True) for code, _ in columns]
    rows: list[list[Any]] = [header]
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for group in catalogue.groups.values():
        title = texts.per_language(group.title.get)
        rows.append(
            [styles.cell_para(f"{group.id} {title}", BODY_WIDTH, bold=True)] + [""] * len(columns)
        )
        index = len(rows) - 1
        commands += [
            ("SPAN", (0, index), (-1, index)),
            ("BACKGROUND", (0, index), (-1, index), SHADE),
        ]
        for element in group.elements:
            text = element.id + " " + texts.per_language(element.text.get, joiner="\n")
            row: list[Any] = [styles.cell_para(text, element_width)]
            for column, (_, found) in enumerate(columns, start=1):
                cell = found[element.id]
                words = texts(STATUS_NAMES[cell.status], joiner="\n")
                if cell.knowledge is not None:
                    words += "\n" + texts(KNOWLEDGE_NAMES[cell.knowledge], joiner="\n")
                row.append(styles.cell_para(words, width))
                commands.append(
                    (
                        "BACKGROUND",
                        (column, len(rows)),
                        (column, len(rows)),
                        STATUS_COLOURS[cell.status],
                    )
                )
            rows.append(row)
    widths = [element_width] + [width] * len(columns)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _gaps(
    columns: list[tuple[str, dict[str, Cell]]], catalogue: Catalogue, texts: Texts, styles: Styles
) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(plain(texts(N_("Gaps to follow up in a re-interview"))), styles.heading),
        styles.para(
            texts(
                N_(
                    "Elements a witness can usually speak to (importance 3) that are not "
                    "covered yet."
                ),
                joiner="\n",
            ),
            styles.muted,
        ),
    ]
    language = texts.primary
    for code, found in columns:
        missing = [
            element
            for element in catalogue.elements.values()
            if element.importance == 3 and found[element.id].status in (Status.OPEN, Status.GAP)
        ]
        story.append(Paragraph(plain(code), styles.subheading))
        if not missing:
            story.append(styles.para(texts(N_("No gap.")), styles.muted))
            continue
        for element in missing:
            status = texts(STATUS_NAMES[found[element.id].status])
            story.append(
                styles.para(f"{element.id} ({status}) — {element.text.get(language)}", styles.small)
            )
    return story
