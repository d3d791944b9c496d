"""The report screens: Sở Nội vụ's movement page (figures, schedule, rounds), a round's desk and its
aggregate (page, DOCX/PDF, XLSX); a unit's list of its reports and the report form."""
import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from app import access, filestore
from app.downloads import send_document
from app.extensions import db
from app.list_exports import send as send_xlsx
from app.models import Movement
from app.models.base import local_today
from app.models.movement_plans import ContentGroup, MovementLaunch
from app.models.reports import (
    FigureType,
    ReportAttachment,
    ReportFigure,
    ReportFrequency,
    ReportRound,
    ReportSchedule,
    ReportStatus,
    RoundKind,
    UnitReport,
)
from app.models.target_groups import TargetGroup
from app.nominations import storage
from app.numbers import id_list
from app.reports import bp, operations
from app.reports.aggregation import REPORTING_GROUPS, aggregate, format_figure
from app.reports.desk import desk_rows, summarise
from app.reports.export import render_docx, render_xlsx
from app.reports.forms import FigureForm, OpenRoundForm, ReasonForm, ScheduleForm
from app.reports.values import field_name
from app.workflow.calendar import WorkingCalendar

log = logging.getLogger(__name__)


@bp.before_request
@login_required
def only_reporting_people():
    if not access.can_see_reports(current_user):
        abort(403)


def _manager_only() -> None:
    if not access.can_manage_reports(current_user):
        abort(403)


def _refused(error: operations.ReportRefused, back: str):
    db.session.rollback()
    if error.status == 403:
        abort(403)
    flash(error.message, "danger" if error.status == 409 else "warning")
    return redirect(back, code=303)


# --- lists -----------------------------------------------------------------------------------------

@bp.route("/")
def index():
    if access.can_see_report_desk(current_user):
        movements = db.session.scalars(select(Movement).order_by(Movement.start_year.desc(), Movement.name)).all()
        rounds = db.session.scalars(select(ReportRound).options(joinedload(ReportRound.movement))
                                    .order_by(ReportRound.due_on.desc()).limit(50)).all()
        return render_template("reports/index.html", movements=movements, rounds=rounds, own=None)
    own = db.session.scalars(
        select(UnitReport).where(access.unit_report_scope(current_user))
        .options(joinedload(UnitReport.round).joinedload(ReportRound.movement))
        .join(ReportRound).order_by(ReportRound.due_on.desc()).limit(100)).all()
    return render_template("reports/index.html", movements=[], rounds=[], own=own)


# --- Sở Nội vụ: figures, schedule, rounds ------------------------------------------------------------

def _movement_or_404(movement_id: int) -> Movement:
    return db.session.get(Movement, movement_id) or abort(404)


def _content_group_choices(movement: Movement) -> list[tuple[str, str]]:
    groups = db.session.execute(
        select(ContentGroup.id, ContentGroup.code, ContentGroup.title).join(MovementLaunch)
        .where(MovementLaunch.movement_id == movement.id).order_by(ContentGroup.sort_order, ContentGroup.id)).all()
    return [("", "—")] + [(str(g.id), f"{g.code} – {g.title}"[:120]) for g in groups]


def _figure_form(movement: Movement, figure: ReportFigure | None = None, data=None) -> FigureForm:
    form = FigureForm(formdata=data, obj=None)
    form.content_group_id.choices = _content_group_choices(movement)
    if figure is not None and data is None:
        form.code.data, form.label.data = figure.code, figure.label
        form.value_type.data = figure.value_type.value
        form.min_value.data, form.max_value.data = figure.min_value, figure.max_value
        form.target_group.data = figure.target_group.value if figure.target_group else ""
        form.unit_of_measure.data, form.position.data = figure.unit_of_measure, figure.position
        form.content_group_id.data = str(figure.content_group_id or "")
        form.active.data = figure.active
    return form


def _figure_data(form: FigureForm) -> operations.FigureData:
    return operations.FigureData(
        code=form.code.data.strip(), label=form.label.data.strip(), value_type=FigureType(form.value_type.data),
        min_value=form.min_value.data, max_value=form.max_value.data,
        target_group=TargetGroup(form.target_group.data) if form.target_group.data else None,
        unit_of_measure=(form.unit_of_measure.data or "").strip(), position=form.position.data or 0,
        active=bool(form.active.data),
        content_group_id=int(form.content_group_id.data) if form.content_group_id.data else None)


def _movement_page(movement: Movement, figure_form=None, round_form=None, schedule_form=None, status=200):
    figures = db.session.scalars(select(ReportFigure).where(ReportFigure.movement_id == movement.id)
                                 .order_by(ReportFigure.position, ReportFigure.code)).all()
    schedules = db.session.scalars(select(ReportSchedule).where(ReportSchedule.movement_id == movement.id)
                                   .order_by(ReportSchedule.frequency)).all()
    rounds = db.session.scalars(select(ReportRound).where(ReportRound.movement_id == movement.id)
                                .order_by(ReportRound.year.desc(), ReportRound.part.desc())).all()
    if round_form is None:
        round_form = OpenRoundForm(formdata=None)
        round_form.year.data = min(max(local_today().year, movement.start_year), movement.end_year)
        half = next((s for s in schedules if s.frequency is ReportFrequency.HALF_YEARLY and s.active), None)
        if half is not None:
            round_form.deadline_working_days.data = half.deadline_working_days
    return render_template("reports/movement.html", movement=movement, figures=figures, schedules=schedules,
                           rounds=rounds, figure_form=figure_form or _figure_form(movement),
                           round_form=round_form, schedule_form=schedule_form or ScheduleForm(formdata=None),
                           FigureType=FigureType), status


@bp.route("/movement/<id:movement_id>")
def movement(movement_id: int):
    _manager_only()
    return _movement_page(_movement_or_404(movement_id))


@bp.route("/movement/<id:movement_id>/figures", methods=["POST"])
def add_figure(movement_id: int):
    _manager_only()
    movement = _movement_or_404(movement_id)
    form = _figure_form(movement, data=request.form)
    if not form.validate():
        return _movement_page(movement, figure_form=form, status=422)
    try:
        operations.save_figure(current_user, movement, _figure_data(form))
    except operations.ReportRefused as refused:
        db.session.rollback()
        for name, message in refused.errors.items():
            getattr(form, name).errors = [message]
        flash(refused.message, "warning")
        return _movement_page(movement, figure_form=form, status=422)
    db.session.commit()
    flash(_("Figure added."), "success")
    return redirect(url_for(".movement", movement_id=movement.id), 303)


@bp.route("/figure/<id:figure_id>", methods=["GET", "POST"])
def edit_figure(figure_id: int):
    _manager_only()
    figure = db.session.get(ReportFigure, figure_id) or abort(404)
    movement = figure.movement
    form = _figure_form(movement, figure, data=request.form if request.method == "POST" else None)
    if request.method == "POST":
        if form.validate():
            try:
                operations.save_figure(current_user, movement, _figure_data(form), figure)
            except operations.ReportRefused as refused:
                db.session.rollback()
                for name, message in refused.errors.items():
                    getattr(form, name).errors = [message]
                flash(refused.message, "warning")
            else:
                db.session.commit()
                flash(_("Figure saved."), "success")
                return redirect(url_for(".movement", movement_id=movement.id), 303)
        return render_template("reports/figure.html", figure=figure, form=form), 422
    return render_template("reports/figure.html", figure=figure, form=form)


@bp.route("/movement/<id:movement_id>/schedule", methods=["POST"])
def set_schedule(movement_id: int):
    _manager_only()
    movement = _movement_or_404(movement_id)
    form = ScheduleForm(formdata=request.form)
    if not form.validate():
        return _movement_page(movement, schedule_form=form, status=422)
    operations.set_schedule(current_user, movement, ReportFrequency(form.frequency.data),
                            form.deadline_working_days.data, bool(form.active.data))
    db.session.commit()
    flash(_("Schedule saved."), "success")
    return redirect(url_for(".movement", movement_id=movement.id), 303)


@bp.route("/movement/<id:movement_id>/rounds", methods=["POST"])
def open_round(movement_id: int):
    _manager_only()
    movement = _movement_or_404(movement_id)
    form = OpenRoundForm(formdata=request.form)
    if not form.validate():
        return _movement_page(movement, round_form=form, status=422)
    try:
        report_round = operations.open_round(
            current_user, movement, RoundKind(form.kind.data), form.year.data, int(form.part.data),
            form.deadline_working_days.data, groups=[TargetGroup(g) for g in form.groups.data])
    except operations.ReportRefused as refused:
        db.session.rollback()
        for name, message in refused.errors.items():
            getattr(form, name).errors = [message]
        flash(refused.message, "warning")
        return _movement_page(movement, round_form=form, status=refused.status if refused.status != 403 else 422)
    db.session.commit()
    flash(_("Round opened: every unit in scope is asked for its report by %(day)s.",
            day=report_round.due_on.strftime("%d/%m/%Y")), "success")
    return redirect(url_for(".desk", round_id=report_round.id), 303)


# --- Sở Nội vụ's desk ---------------------------------------------------------------------------------

def _round_or_404(round_id: int) -> ReportRound:
    return db.session.get(ReportRound, round_id) or abort(404)


@bp.route("/round/<id:round_id>")
def desk(round_id: int):
    if not access.can_see_report_desk(current_user):
        abort(403)
    report_round = _round_or_404(round_id)
    today = local_today()
    rows = desk_rows(report_round, today, WorkingCalendar.load())
    shown = request.args.get("show", "all")
    if shown == "late":
        listed = [r for r in rows if r.late]
    elif shown == "owed":
        listed = [r for r in rows if r.owed]
    else:
        listed = rows
    return render_template("reports/desk.html", round=report_round, rows=listed, summary=summarise(rows),
                           shown=shown, today=today)


@bp.route("/round/<id:round_id>/remind", methods=["POST"])
def remind(round_id: int):
    _manager_only()
    report_round = _round_or_404(round_id)
    chosen = id_list(request.form.getlist("report_id"))
    result = operations.remind(current_user, report_round, chosen or None)
    db.session.commit()
    if result.sent:
        flash(_("%(sent)s units reminded.", sent=result.sent), "success")
    if result.skipped:
        flash(_("%(skipped)s units were already reminded today: not reminded again.", skipped=result.skipped),
              "info")
    if not result.sent and not result.skipped:
        flash(_("No unit owes its report."), "info")
    return redirect(url_for(".desk", round_id=round_id), 303)


@bp.route("/round/<id:round_id>/close", methods=["POST"])
def close_round(round_id: int):
    _manager_only()
    report_round = _round_or_404(round_id)
    if request.form.get("reopen"):
        operations.reopen_round(current_user, report_round)
        flash(_("The round accepts reports again."), "success")
    else:
        operations.close_round(current_user, report_round)
        flash(_("The round is closed: units submit only if you reopen it for them."), "success")
    db.session.commit()
    return redirect(url_for(".desk", round_id=round_id), 303)


@bp.route("/round/<id:round_id>/aggregate")
def aggregate_page(round_id: int):
    _manager_only()
    report_round = _round_or_404(round_id)
    result = aggregate(report_round)
    return render_template("reports/aggregate.html", round=report_round, result=result, groups=REPORTING_GROUPS,
                           fmt=format_figure, FigureType=FigureType)


def _stem(report_round: ReportRound) -> str:
    return f"bao-cao-tong-hop-{report_round.year}-{report_round.kind.value}-{report_round.part}"


@bp.route("/round/<id:round_id>/aggregate.docx")
def aggregate_docx(round_id: int):
    _manager_only()
    report_round = _round_or_404(round_id)
    return send_document(render_docx(aggregate(report_round)), _stem(report_round))


@bp.route("/round/<id:round_id>/aggregate.xlsx")
def aggregate_xlsx(round_id: int):
    _manager_only()
    report_round = _round_or_404(round_id)
    return send_xlsx(render_xlsx(aggregate(report_round)), _stem(report_round))


# --- one unit's report ------------------------------------------------------------------------------

def _report_or_404(report_id: int) -> UnitReport:
    report = db.session.scalar(select(UnitReport).where(UnitReport.id == report_id).options(
        joinedload(UnitReport.round).joinedload(ReportRound.movement), joinedload(UnitReport.unit)))
    if report is None or not access.can_see_unit_report(current_user, report):
        abort(404)  # another unit's report does not exist for this user
    return report


def _typed(number) -> str:
    """A stored number as the form shows it to be typed back: no grouping, every decimal kept, the
    interface's decimal mark (values.py reads both)."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text.replace(".", ",") if str(get_locale() or "vi") == "vi" else text


def _report_page(report: UnitReport, *, form_values=None, errors=None, reason_form=None, status=200):
    figures = operations.figures_for(report)
    stored = {v.figure_id: v for v in report.values}
    values = {}
    for figure in figures:
        name = field_name(figure)
        if form_values is not None:
            values[name] = form_values.get(name, "")
        elif figure.id in stored:
            value = stored[figure.id]
            values[name] = (value.text or "") if figure.value_type is FigureType.TEXT else _typed(value.number)
        else:
            values[name] = ""
    narrative = form_values.get("narrative", "") if form_values is not None else report.narrative
    return render_template("reports/report.html", report=report, figures=figures, values=values,
                           narrative=narrative, errors=errors or {}, field_name=field_name,
                           refusal=access.why_cannot_fill_report(current_user, report),
                           reason_form=reason_form or ReasonForm(formdata=None), FigureType=FigureType,
                           ReportStatus=ReportStatus, max_files=operations.MAX_ATTACHMENTS), status


@bp.route("/report/<id:report_id>", methods=["GET", "POST"])
def report(report_id: int):
    report = _report_or_404(report_id)
    if request.method == "GET":
        return _report_page(report)
    submit = request.form.get("action") == "submit"
    try:
        operations.save_report(current_user, report, request.form, submit=submit)
        db.session.commit()
    except operations.ReportRefused as refused:
        db.session.rollback()
        if refused.status == 403:
            abort(403)
        flash(refused.message, "danger" if refused.status == 409 else "warning")
        report = _report_or_404(report_id)
        return _report_page(report, form_values=request.form, errors=refused.errors, status=refused.status)
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone else saved this report meanwhile: your changes were not saved. Here is their version."),
              "danger")
        return redirect(url_for(".report", report_id=report_id), 303)
    flash(_("Report submitted to the Department of Home Affairs.") if submit else _("Draft saved."), "success")
    return redirect(url_for(".report", report_id=report_id), 303)


@bp.route("/report/<id:report_id>/attachments", methods=["POST"])
def upload(report_id: int):
    report = _report_or_404(report_id)
    back = url_for(".report", report_id=report_id)
    file = request.files.get("file")
    if file is None or not file.filename:
        flash(_("Choose a file."), "warning")
        return redirect(back, 303)
    try:
        operations.add_attachment(current_user, report, file.stream, file.filename)
    except operations.ReportRefused as refused:
        return _refused(refused, back)
    db.session.commit()
    flash(_("File attached."), "success")
    return redirect(back, 303)


def _attachment_or_404(attachment_id: int) -> ReportAttachment:
    attachment = db.session.get(ReportAttachment, attachment_id)
    if attachment is None or not access.can_see_unit_report(current_user, attachment.report):
        abort(404)
    return attachment


@bp.route("/attachment/<id:attachment_id>")
def download(attachment_id: int):
    attachment = _attachment_or_404(attachment_id)
    # On disk or in the database (FILE_STORAGE); a record that outlived its file is a 404, not a 500.
    return filestore.send(attachment.stored_name, mimetype=attachment.content_type,
                          download_name=attachment.filename)


@bp.route("/attachment/<id:attachment_id>/delete", methods=["POST"])
def delete_attachment(attachment_id: int):
    attachment = _attachment_or_404(attachment_id)
    back = url_for(".report", report_id=attachment.report_id)
    try:
        stored = operations.remove_attachment(current_user, attachment)
    except operations.ReportRefused as refused:
        return _refused(refused, back)
    db.session.commit()
    storage.delete_file(stored)  # after the commit: a rollback would otherwise point at a missing file
    db.session.commit()  # FILE_STORAGE=database: the file's rows go in a transaction of their own
    flash(_("File removed."), "success")
    return redirect(back, 303)


@bp.route("/report/<id:report_id>/return", methods=["POST"])
def return_report(report_id: int):
    _manager_only()
    report = _report_or_404(report_id)
    form = ReasonForm(formdata=request.form)
    if not form.validate():
        flash(_("Say what the unit should correct."), "warning")
        return _report_page(report, reason_form=form, status=422)
    try:
        operations.return_report(current_user, report, form.reason.data)
    except operations.ReportRefused as refused:
        return _refused(refused, url_for(".report", report_id=report_id))
    db.session.commit()
    flash(_("Report returned to %(unit)s for correction.", unit=report.unit.name), "success")
    return redirect(url_for(".desk", round_id=report.round_id), 303)


@bp.route("/report/<id:report_id>/accept", methods=["POST"])
def accept_report(report_id: int):
    _manager_only()
    report = _report_or_404(report_id)
    try:
        operations.accept_report(current_user, report)
    except operations.ReportRefused as refused:
        return _refused(refused, url_for(".report", report_id=report_id))
    db.session.commit()
    flash(_("Report accepted."), "success")
    return redirect(url_for(".desk", round_id=report.round_id), 303)


@bp.route("/report/<id:report_id>/reopen", methods=["POST"])
def reopen_report(report_id: int):
    _manager_only()
    report = _report_or_404(report_id)
    try:
        operations.reopen_report(current_user, report, request.form.get("reason", ""))
    except operations.ReportRefused as refused:
        return _refused(refused, url_for(".report", report_id=report_id))
    db.session.commit()
    flash(_("%(unit)s may submit its report although the round is closed.", unit=report.unit.name), "success")
    return redirect(url_for(".report", report_id=report_id), 303)

