"""Sở KH&CN's digital-transformation index (chỉ số chuyển đổi số) per unit or enterprise and year: the XLSX
layout, its template, the checking job and the write once the importer confirms.

Sheet 1 ("Dữ liệu"), row 1 the header, then one row per unit and year:

| Col | Header | Content |
|---|---|---|
| A | Mã đơn vị | the unit's (enterprise's) code, as in the units list |
| B | Tên đơn vị | its name (read by people only; the code decides) |
| C | Năm | the year assessed |
| D | Điểm | the score, 0 to 1000, at most two decimals |
| E | Mức | the level reached, 0 to 6 |
| F | Ghi chú | a note (optional) |

The check runs as a job (``KIND_CHECK``): an unknown unit code, a bad number, or the same unit and year twice
refuse the whole file with the rows named, and nothing is written. A clean file is written when the importer
confirms (``apply``): a unit's score for a year already imported is replaced (a re-assessment).
"""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_

from app import jobs
from app.extensions import db
from app.jobs.runner import JobFailed, JobResult, Progress
from app.models import NomineeKind, Unit, User
from app.models.base import utcnow
from app.models.jobs import Job
from app.models.movement_plans import DigitalTransformationScore
from app.numbers import decimal_number
from app.spreadsheets import Limits, MiB, SheetWriter, SpreadsheetRefused, escape, read_sheet
from app.text import clean_line

KIND_CHECK = "dx_index_check"
HEADERS = ("Mã đơn vị", "Tên đơn vị", "Năm", "Điểm", "Mức", "Ghi chú")
MAX_ROWS = 5_000
MAX_ERRORS_SHOWN = 200
MAX_SCORE = Decimal(1000)
MAX_LEVEL = 6
LIMITS = Limits(max_file_bytes=2 * MiB, max_members=100, max_member_bytes=40 * MiB, max_total_bytes=60 * MiB,
                max_ratio=100, max_elements=400_000)


def template(units: list[Unit]) -> bytes:
    """The template: the header on the data sheet and an instructions sheet with the columns and unit codes."""
    writer = SheetWriter("Dữ liệu")
    writer.append(list(HEADERS), bold=True)
    for letter, width in zip("ABCDEF", (14, 40, 8, 10, 8, 30)):
        writer.sheet.column_dimensions[letter].width = width
    guide = writer.book.create_sheet("Hướng dẫn")

    def line(*values) -> None:
        guide.append([escape(v) if isinstance(v, str) else v for v in values])

    line(_("How to fill in the sheet “Dữ liệu”: one row per unit or enterprise and year assessed. Keep the "
           "header row; at most %(n)s rows per file. Any error and nothing is imported; a unit's score for a "
           "year already imported is replaced.", n=MAX_ROWS))
    line()
    line("Cột", "Tiêu đề", _("Content"))
    explanations = (
        _("Code of the unit or enterprise, as in the list below"),
        _("Its name (for reading; the code decides)"),
        _("Year assessed"),
        _("Score from 0 to 1000, at most two decimals (85,5 or 85.5)"),
        _("Level reached, a whole number from 0 to 6"),
        _("Note (optional)"),
    )
    for letter, header, explanation in zip("ABCDEF", HEADERS, explanations):
        line(letter, header, explanation)
    line()
    line(_("Unit codes"), _("Unit"))
    for unit in units:
        line(unit.code, unit.name)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 50
    guide.column_dimensions["C"].width = 60
    return writer.to_bytes()


def _year(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError
    number = int(str(value).strip()) if str(value).strip().isascii() and str(value).strip().isdigit() else None
    if number is None or not 2000 <= number <= 2100:
        raise ValueError
    return number


def _score(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    number = Decimal(str(value)) if isinstance(value, int | float) else decimal_number(str(value or ""))
    if not number.is_finite() or not 0 <= number <= MAX_SCORE or number != number.quantize(Decimal("0.01")):
        raise ValueError
    return number


def _level(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= MAX_LEVEL:
        raise ValueError
    return int(text)


def check(content: bytes, progress: Progress | None = None) -> dict:
    """The file's rows checked against the units: ``{"rows": [...], "errors": [...], "error_count": n}``;
    rows are ``[row number, unit id, code, name, year, score, level, note]`` (score as text)."""
    try:
        sheet = read_sheet(content, columns=len(HEADERS), max_rows=MAX_ROWS, limits=LIMITS)
    except SpreadsheetRefused as refused:
        raise JobFailed(refused.message) from None
    if progress:
        progress(0, len(sheet), _("Checking %(n)s rows", n=len(sheet)), force=True)
    codes = {clean_line(str(values[0])).upper() for _number, values in sheet if values[0] is not None}
    units: dict[str, tuple[int, str]] = {}
    codes_list = sorted(codes)
    for start in range(0, len(codes_list), 1000):
        for uid, code, name in db.session.execute(select(Unit.id, Unit.code, Unit.name).where(
                Unit.code.in_(codes_list[start:start + 1000]))):
            units[code.upper()] = (uid, name)
    errors: list[tuple[int, str]] = []
    rows: list[list] = []
    seen: dict[tuple[int, int], int] = {}
    for number, values in sheet:
        code = clean_line(str(values[0] or "")).upper()
        problems = []
        unit = units.get(code)
        if not code:
            problems.append(_("the unit code is missing"))
        elif unit is None:
            problems.append(_("unknown unit code %(code)s", code=code))
        try:
            year = _year(values[2])
        except (ValueError, TypeError):
            year = None
            problems.append(_("the year must be a whole number from 2000 to 2100"))
        try:
            score = _score(values[3])
        except (ValueError, TypeError, ArithmeticError):
            score = None
            problems.append(_("the score must be a number from 0 to 1000 with at most two decimals"))
        try:
            level = _level(values[4])
        except (ValueError, TypeError):
            level = None
            problems.append(_("the level must be a whole number from 0 to 6"))
        note = clean_line(str(values[5] or ""))[:1000]
        if unit is not None and year is not None:
            first = seen.setdefault((unit[0], year), number)
            if first != number:
                problems.append(_("%(code)s, %(year)s is already on row %(row)s", code=code, year=year, row=first))
        if problems:
            errors.append((number, "; ".join(problems)))
        elif unit is not None and year is not None and score is not None and level is not None:
            rows.append([number, unit[0], code, unit[1], year, str(score), level, note])
    replacing = 0
    if not errors and rows:
        pairs = [(row[1], row[4]) for row in rows]
        for start in range(0, len(pairs), 500):
            replacing += len(db.session.execute(select(DigitalTransformationScore.id).where(
                tuple_(DigitalTransformationScore.unit_id, DigitalTransformationScore.year)
                .in_(pairs[start:start + 500]))).all())
    if not sheet:
        errors.append((0, _("The sheet has no rows under its header.")))
    return {"rows": rows if not errors else [], "errors": errors[:MAX_ERRORS_SHOWN], "error_count": len(errors),
            "replacing": replacing}


def run_check(job: Job, progress: Progress) -> JobResult:
    if job.payload is None:
        raise JobFailed(_("The file is missing."))
    return JobResult(check(job.payload, progress))


def apply(job: Job, user: User) -> int:
    """Write a checked file's rows (flushes; the caller commits): a unit's score for a year replaces the one
    already there. Returns how many rows were written."""
    result = job.result or {}
    rows = result.get("rows") or []
    if result.get("error_count") or result.get("applied") or not rows:
        raise ValueError("nothing to apply")
    known = set(db.session.scalars(select(Unit.id).where(Unit.id.in_({row[1] for row in rows}))))
    if len(known) != len({row[1] for row in rows}):
        raise ValueError("a unit disappeared since the check")
    existing = {}
    pairs = [(row[1], row[4]) for row in rows]
    for start in range(0, len(pairs), 500):
        for score in db.session.scalars(select(DigitalTransformationScore).where(
                tuple_(DigitalTransformationScore.unit_id, DigitalTransformationScore.year)
                .in_(pairs[start:start + 500]))):
            existing[(score.unit_id, score.year)] = score
    now = utcnow()
    for _number, unit_id, _code, _name, year, score, level, note in rows:
        row = existing.get((unit_id, year))
        if row is None:
            row = DigitalTransformationScore(unit_id=unit_id, year=year)
            db.session.add(row)
        row.score, row.level, row.note = Decimal(score), level, note
        row.imported_at, row.imported_by_id, row.job_id = now, user.id, job.id
    job.result = {**result, "applied": True, "applied_rows": len(rows)}
    db.session.flush()
    return len(rows)


def _page(job: Job) -> str | None:
    from flask import url_for

    return url_for("movements.dx_import_page", job_id=job.id)


jobs.register(KIND_CHECK, run_check, label=_l("Digital-transformation index: checking the file"), result_url=_page)


def scores_for(unit_ids: set[int] | list[int], year: int | None = None) -> dict[int, DigitalTransformationScore]:
    """Each unit's latest assessment (up to ``year`` when given), in one statement: the evidence beside a
    nominee or a unit on a scoring sheet. Read only."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    query = select(DigitalTransformationScore).where(DigitalTransformationScore.unit_id.in_(ids))
    if year is not None:
        query = query.where(DigitalTransformationScore.year <= year)
    found: dict[int, DigitalTransformationScore] = {}
    for score in db.session.scalars(query.order_by(DigitalTransformationScore.year)):
        found[score.unit_id] = score  # ordered by year: the last one wins
    return found


def evidence_for(dossier) -> DigitalTransformationScore | None:
    """The digital-transformation score shown on a collective nominee's dossier: its unit's latest assessment
    up to the campaign's year (a template global, ``dx_evidence``)."""
    if dossier.nominee_kind is not NomineeKind.COLLECTIVE or dossier.nominee_unit_id is None:
        return None
    return scores_for([dossier.nominee_unit_id], dossier.campaign.year).get(dossier.nominee_unit_id)
