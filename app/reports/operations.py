"""Every change to the periodic reports: figures and schedule, rounds, a unit's report and Sở Nội vụ's
desk. Each operation checks who acts (app/access.py), changes rows, writes the report's history row and
flushes; the view commits, or rolls back on ``ReportRefused`` so that a refusal changes nothing.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, insert, select

from app import access
from app.extensions import db
from app.models import Movement, Unit, UnitKind, User
from app.models.base import local_today, utcnow
from app.models.reports import (
    OPEN_STATUSES,
    FigureType,
    ReportAction,
    ReportAttachment,
    ReportEvent,
    ReportFigure,
    ReportFrequency,
    ReportReminder,
    ReportRound,
    ReportSchedule,
    ReportStatus,
    ReportValue,
    RoundKind,
    UnitReport,
)
from app.models.target_groups import TargetGroup, target_group_of
from app.nominations import storage
from app.reports.aggregation import format_figure
from app.reports.notify import notify_units, report_params
from app.reports.values import ParsedReport, parse_form
from app.text import clean_text
from app.workflow.calendar import WorkingCalendar

MAX_ATTACHMENTS = 10  # per report: evidence, not an archive
MAX_REASON = 2000


class ReportRefused(ValueError):
    """A refused change; ``status`` is the HTTP status, ``errors`` the message per form field."""

    def __init__(self, message: str, status: int = 422, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors or {}


def _require_manager(actor: User) -> None:
    if not access.can_manage_reports(actor):
        raise ReportRefused(_("Only the Department of Home Affairs can do this."), 403)


def _event(report: UnitReport, action: ReportAction, actor: User | None, comment: str = "") -> None:
    db.session.add(ReportEvent(report=report, action=action, actor_id=actor.id if actor else None, comment=comment,
                               created_at=utcnow()))


# --- figures and schedule ------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureData:
    code: str
    label: str
    value_type: FigureType
    min_value: Decimal | None
    max_value: Decimal | None
    target_group: TargetGroup | None
    unit_of_measure: str
    position: int
    active: bool = True
    content_group_id: int | None = None


def save_figure(actor: User, movement: Movement, data: FigureData, figure: ReportFigure | None = None) -> ReportFigure:
    """A new figure for the movement, or changes to one (the code stays unique within the movement)."""
    _require_manager(actor)
    if data.min_value is not None and data.max_value is not None and data.min_value > data.max_value:
        raise ReportRefused(_("The minimum is above the maximum."), errors={"max_value": _("Below the minimum.")})
    if data.value_type is FigureType.TEXT and (data.min_value is not None or data.max_value is not None):
        raise ReportRefused(_("A text figure has no bounds."), errors={"min_value": _("A text figure has no bounds.")})
    clash = db.session.scalar(select(ReportFigure.id).where(
        ReportFigure.movement_id == movement.id, ReportFigure.code == data.code,
        ReportFigure.id != (figure.id if figure else -1)))
    if clash is not None:
        raise ReportRefused(_("Another figure of this movement has the code %(code)s.", code=data.code),
                            errors={"code": _("Already used in this movement.")})
    if figure is not None and figure.value_type is not data.value_type and db.session.scalar(
            select(ReportValue.id).where(ReportValue.figure_id == figure.id).limit(1)) is not None:
        # Units' answers are of the old type: a number read as text (or the reverse) would vanish from the
        # reports and the aggregation. A new figure is the way to ask for something else.
        raise ReportRefused(_("Units have already answered this figure: its type cannot change. Add a new figure "
                              "instead."), errors={"value_type": _("Already answered by units.")})
    if figure is None:
        figure = ReportFigure(movement_id=movement.id)
        db.session.add(figure)
    for name, value in vars(data).items():
        setattr(figure, name, value)
    db.session.flush()
    return figure


def set_schedule(actor: User, movement: Movement, frequency: ReportFrequency, deadline_working_days: int,
                 active: bool) -> ReportSchedule:
    _require_manager(actor)
    if not 1 <= deadline_working_days <= 60:
        raise ReportRefused(_("The deadline is 1 to 60 working days."))
    schedule = db.session.scalar(select(ReportSchedule).where(ReportSchedule.movement_id == movement.id,
                                                              ReportSchedule.frequency == frequency))
    if schedule is None:
        schedule = ReportSchedule(movement_id=movement.id, frequency=frequency)
        db.session.add(schedule)
    schedule.deadline_working_days, schedule.active = deadline_working_days, active
    db.session.flush()
    return schedule


def active_figures(movement_id: int) -> list[ReportFigure]:
    return list(db.session.scalars(select(ReportFigure).where(
        ReportFigure.movement_id == movement_id, ReportFigure.active.is_(True))
        .order_by(ReportFigure.position, ReportFigure.code)))


def figures_for(report: UnitReport) -> list[ReportFigure]:
    """The figures this report asks for: the movement's active ones for the unit's target group, or all groups."""
    return [f for f in active_figures(report.round.movement_id) if f.applies_to(report.target_group)]


# --- rounds -------------------------------------------------------------------------------------

def period_end(kind: RoundKind, year: int, part: int) -> date:
    """The last day the round reports on: 30/06 for the first half-year, 31/12 otherwise."""
    return date(year, 6, 30) if kind is RoundKind.HALF_YEAR and part == 1 else date(year, 12, 31)


def round_title(kind: RoundKind, year: int, part: int) -> str:
    """The round's name as the documents print it (Vietnamese, whatever the reader's language)."""
    if kind is RoundKind.HALF_YEAR:
        return f"Báo cáo 6 tháng {'đầu' if part == 1 else 'cuối'} năm {year}"
    return {RoundKind.YEARLY: f"Báo cáo năm {year}", RoundKind.MID_TERM: f"Sơ kết giai đoạn (năm {year})",
            RoundKind.FINAL: f"Tổng kết phong trào (năm {year})"}[kind]


def units_in_scope(day: date, groups: Sequence[TargetGroup] | None = None) -> list[tuple[int, TargetGroup]]:
    """The units asked to report: every unit valid on ``day`` except sub-units (which report through their
    unit), in the chosen target groups (all when None)."""
    rows = db.session.execute(select(Unit.id, Unit.kind).where(
        Unit.kind != UnitKind.SUB_UNIT, Unit.valid_from <= day,
        (Unit.valid_to.is_(None)) | (Unit.valid_to >= day)).order_by(Unit.id)).all()
    chosen = set(groups) if groups else None
    return [(unit_id, target_group_of(kind)) for unit_id, kind in rows
            if chosen is None or target_group_of(kind) in chosen]


def open_round(actor: User, movement: Movement, kind: RoundKind, year: int, part: int, deadline_working_days: int,
               *, today: date | None = None, groups: Sequence[TargetGroup] | None = None,
               calendar: WorkingCalendar | None = None) -> ReportRound:
    """Open a round and request a report of every unit in scope. The deadline counts working days from the
    end of the period, or from today when the round opens after it."""
    _require_manager(actor)
    today = today or local_today()
    part = part if kind is RoundKind.HALF_YEAR else 0
    if kind is RoundKind.HALF_YEAR and part not in (1, 2):
        raise ReportRefused(_("Choose the first or the second half of the year."), errors={"part": _("Choose one.")})
    if not movement.start_year <= year <= movement.end_year:
        raise ReportRefused(_("The movement runs from %(start)s to %(end)s.", start=movement.start_year,
                              end=movement.end_year), errors={"year": _("Outside the movement's years.")})
    if not 1 <= deadline_working_days <= 60:
        raise ReportRefused(_("The deadline is 1 to 60 working days."),
                            errors={"deadline_working_days": _("1 to 60.")})
    exists = db.session.scalar(select(ReportRound.id).where(
        ReportRound.movement_id == movement.id, ReportRound.kind == kind, ReportRound.year == year,
        ReportRound.part == part))
    if exists is not None:
        raise ReportRefused(_("This round is already open."), 409)
    units = units_in_scope(today, groups)
    if not units:
        raise ReportRefused(_("No unit is in scope of this round."))
    calendar = calendar or WorkingCalendar.load()
    end = period_end(kind, year, part)
    due_on = calendar.add_working_days(max(end, today), deadline_working_days)
    report_round = ReportRound(movement_id=movement.id, kind=kind, year=year, part=part,
                               title=round_title(kind, year, part), period_end=end, opened_on=today, due_on=due_on,
                               deadline_working_days=deadline_working_days, opened_by_id=actor.id, created_at=utcnow())
    db.session.add(report_round)
    db.session.flush()
    now = utcnow()
    db.session.execute(insert(UnitReport), [
        {"round_id": report_round.id, "unit_id": unit_id, "target_group": group, "status": ReportStatus.DRAFT,
         "narrative": "", "reopened": False, "updated_at": now, "version": 1} for unit_id, group in units])
    return report_round


def close_round(actor: User, report_round: ReportRound) -> None:
    """No more submissions, except from units Sở Nội vụ reopens it for."""
    _require_manager(actor)
    if report_round.closed_at is None:
        report_round.closed_at = utcnow()
        db.session.flush()


def reopen_round(actor: User, report_round: ReportRound) -> None:
    _require_manager(actor)
    report_round.closed_at = None
    db.session.flush()


# --- the unit's report ---------------------------------------------------------------------------

def save_report(actor: User, report: UnitReport, form, *, submit: bool, today: date | None = None) -> ParsedReport:
    """Store the form's figures and text as a draft, or submit them. Refused as a whole (nothing stored)
    when the actor may not fill this report now, or a field is wrong (a message per field)."""
    reason = access.why_cannot_fill_report(actor, report)
    if reason is not None:
        own = actor.unit_id is not None and actor.unit_id == report.unit_id
        raise ReportRefused(reason, 409 if own else 403)
    figures = figures_for(report)
    parsed = parse_form(figures, form, submitting=submit)
    if parsed.errors:
        raise ReportRefused(_("The report was not saved: correct the fields marked below."), 422, parsed.errors)
    existing = {v.figure_id: v for v in report.values}
    for figure in figures:
        value = existing.get(figure.id)
        if value is None:
            value = ReportValue(figure_id=figure.id)
            report.values.append(value)
        if figure.value_type is FigureType.TEXT:
            value.number, value.text = None, parsed.texts.get(figure.id)
        else:
            value.number, value.text = parsed.numbers.get(figure.id), None
    report.narrative = parsed.narrative
    now = utcnow()
    report.updated_at = now
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.submitted_on = today or local_today()
    # A submission's figures stay in its history row: after a return, both versions can be read.
    _event(report, ReportAction.SUBMIT if submit else ReportAction.SAVE, actor,
           _figures_line(figures, parsed) if submit else "")
    db.session.flush()
    return parsed


def _figures_line(figures: Sequence[ReportFigure], parsed: ParsedReport) -> str:
    """"F1 = 3; F2 = 80,5 %; F4 = Mô hình …" (texts cut at 60 characters, the line at 4,000)."""
    parts = []
    for figure in figures:
        if figure.value_type is FigureType.TEXT:
            text = parsed.texts.get(figure.id) or ""
            if text:
                parts.append(f"{figure.code} = {text[:60]}{'…' if len(text) > 60 else ''}".replace("\n", " "))
        else:
            parts.append(f"{figure.code} = {format_figure(figure, parsed.numbers.get(figure.id))}")
    return "; ".join(parts)[:4000]


def add_attachment(actor: User, report: UnitReport, stream, filename: str) -> ReportAttachment:
    """A file checked like a dossier's (type by its content, size bounded); at most ``MAX_ATTACHMENTS``."""
    reason = access.why_cannot_fill_report(actor, report)
    if reason is not None:
        raise ReportRefused(reason, 403 if actor.unit_id != report.unit_id else 409)
    count = db.session.scalar(select(func.count()).select_from(ReportAttachment)
                              .where(ReportAttachment.report_id == report.id)) or 0
    if count >= MAX_ATTACHMENTS:
        raise ReportRefused(_("At most %(max)s files per report.", max=MAX_ATTACHMENTS))
    name = clean_text(filename).replace("\n", " ")[:255]
    try:
        stored = storage.save_upload(stream, name)
    except storage.UploadRejected as rejected:
        raise ReportRefused(str(rejected)) from None
    attachment = ReportAttachment(report=report, filename=name, stored_name=stored.stored_name,
                                  content_type=stored.content_type, size_bytes=stored.size_bytes, sha256=stored.sha256,
                                  uploaded_by_id=actor.id, uploaded_at=utcnow())
    db.session.add(attachment)
    _event(report, ReportAction.ATTACH, actor, name)
    try:
        db.session.flush()
    except Exception:
        storage.delete_file(stored.stored_name)  # no row points at it
        raise
    return attachment


def remove_attachment(actor: User, attachment: ReportAttachment) -> str:
    """Forget the file (the caller deletes it from disk after the commit); returns its stored name."""
    report = attachment.report
    reason = access.why_cannot_fill_report(actor, report)
    if reason is not None:
        raise ReportRefused(reason, 403 if actor.unit_id != report.unit_id else 409)
    _event(report, ReportAction.DETACH, actor, attachment.filename)
    stored = attachment.stored_name
    db.session.delete(attachment)
    db.session.flush()
    return stored


# --- Sở Nội vụ's desk ----------------------------------------------------------------------------

def return_report(actor: User, report: UnitReport, reason: str) -> None:
    """Send a submitted report back for correction, with the reason (kept in its history, told to the unit).
    After the round closed, the return also lets the unit submit again."""
    _require_manager(actor)
    reason = clean_text(reason)
    if not reason:
        raise ReportRefused(_("Say what the unit should correct."), errors={"reason": _("Required.")})
    if len(reason) > MAX_REASON:
        raise ReportRefused(_("At most %(max)s characters.", max=MAX_REASON), errors={"reason": _("Too long.")})
    if report.status is not ReportStatus.SUBMITTED:
        raise ReportRefused(_("Only a submitted report can be returned (it is %(status)s).",
                              status=report.status.label), 409)
    report.status = ReportStatus.RETURNED
    if report.round.is_closed:
        report.reopened = True
    report.updated_at = utcnow()
    _event(report, ReportAction.RETURN, actor, reason)
    notify_units("report_returned", [(report.id, report.unit_id, report_params(
        report.round.title, report.unit.name, report.round.due_on, comment=reason), None)])
    db.session.flush()


def accept_report(actor: User, report: UnitReport) -> None:
    _require_manager(actor)
    if report.status is not ReportStatus.SUBMITTED:
        raise ReportRefused(_("Only a submitted report can be accepted (it is %(status)s).",
                              status=report.status.label), 409)
    report.status = ReportStatus.ACCEPTED
    report.updated_at = utcnow()
    _event(report, ReportAction.ACCEPT, actor)
    db.session.flush()


def reopen_report(actor: User, report: UnitReport, reason: str = "") -> None:
    """Let this one unit submit although the round is closed."""
    _require_manager(actor)
    if not access.can_reopen_report(actor, report):
        raise ReportRefused(_("Only a report still owed in a closed round can be reopened."), 409)
    report.reopened = True
    report.updated_at = utcnow()
    _event(report, ReportAction.REOPEN, actor, clean_text(reason)[:MAX_REASON])
    db.session.flush()


@dataclass(frozen=True)
class Reminded:
    sent: int     # reports whose unit was reminded now
    skipped: int  # reports already reminded today


def remind(actor: User, report_round: ReportRound, report_ids: Sequence[int] | None = None,
           today: date | None = None) -> Reminded:
    """Remind the units that still owe their report (all of them, or those chosen): a notification and an
    e-mail to their officers and head, a row in each report's history; never twice the same day."""
    _require_manager(actor)
    today = today or local_today()
    query = (select(UnitReport.id, UnitReport.unit_id, Unit.name).join(Unit, Unit.id == UnitReport.unit_id)
             .where(UnitReport.round_id == report_round.id, UnitReport.status.in_(OPEN_STATUSES)))
    if report_ids is not None:
        query = query.where(UnitReport.id.in_(list(report_ids)[:5000]))
    owed = db.session.execute(query).all()
    done = set(db.session.scalars(select(ReportReminder.report_id).where(
        ReportReminder.kind == "manual", ReportReminder.on_day == today,
        ReportReminder.report_id.in_(query.with_only_columns(UnitReport.id)))))
    fresh = [row for row in owed if row.id not in done]
    if fresh:
        now = utcnow()
        db.session.execute(insert(ReportReminder), [
            {"report_id": row.id, "kind": "manual", "on_day": today, "actor_id": actor.id, "created_at": now}
            for row in fresh])
        db.session.execute(insert(ReportEvent), [
            {"report_id": row.id, "action": ReportAction.REMIND, "actor_id": actor.id, "comment": "",
             "created_at": now} for row in fresh])
        notify_units("report_reminder", [
            (row.id, row.unit_id, report_params(report_round.title, row.name, report_round.due_on), None)
            for row in fresh])
    db.session.flush()
    return Reminded(sent=len(fresh), skipped=len(owed) - len(fresh))
