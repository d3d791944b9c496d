"""Admin screens for the dated data decisions print and the workflow counts with: base salary,
legal bases, signers, stage deadlines and working-day overrides."""
from datetime import date

import holidays
from flask import flash, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.admin import bp
from app.admin.common import committed, flush_or_field_error, is_taken, render_form, see_other, sync_stage_days
from app.admin.forms_settings import (
    LegalBasisForm,
    SalaryBaseForm,
    SignerForm,
    StageDeadlineForm,
    WorkingDayOverrideForm,
    format_amount,
)
from app.decisions.operations import legal_bases_on
from app.extensions import db
from app.form_input import parse_day
from app.models import (
    BasisIssuers,
    LegalBasis,
    SalaryBase,
    Signer,
    SignerMode,
    StageDeadline,
    Unit,
    UnitKind,
    WorkingDayOverride,
)
from app.models.base import local_today
from app.numbers import whole_number
from app.web import is_htmx, redirect_after_post, render_region_or_page
from app.workflow.calendar import WorkingCalendar


def _refuse(message: str, endpoint: str, **values):
    """A refused action: an alert in place for htmx (409), otherwise a flashed message and a redirect."""
    if is_htmx():
        return render_template("admin/_alert.html", message=message, category="danger"), 409
    flash(message, "error")
    return see_other(endpoint, **values)


def _deleted(message: str, endpoint: str, **values):
    flash(message, "success")
    return redirect_after_post(url_for(endpoint, **values))


# --- base salary ---------------------------------------------------------------------------------

@bp.route("/salary-bases/")
def salary_bases():
    rows = db.session.scalars(select(SalaryBase).order_by(SalaryBase.effective_from.desc())).all()
    today = local_today()
    # The row in force today is the latest one that has started; rows are newest first.
    current = next((row for row in rows if row.effective_from <= today), None)
    return render_template("admin/settings/salary_list.html", rows=rows, current=current, today=today)


def _save_salary(form: SalaryBaseForm, row: SalaryBase) -> bool:
    message = _("A base salary from %(day)s already exists: edit that one instead.",
                day=form.effective_from.data.strftime("%d/%m/%Y"))
    if is_taken(SalaryBase.effective_from, form.effective_from.data, row.id):
        form.effective_from.errors.append(message)
        return False
    row.effective_from = form.effective_from.data
    row.amount = form.amount.data or 0  # required by the form
    db.session.add(row)
    return flush_or_field_error(form.effective_from, message)


@bp.route("/salary-bases/new", methods=["GET", "POST"])
def salary_base_create():
    form = SalaryBaseForm()
    if form.validate_on_submit():
        row = SalaryBase()
        if _save_salary(form, row):
            db.session.commit()
            flash(_("Base salary of %(amount)s VND from %(day)s saved.", amount=format_amount(row.amount),
                    day=row.effective_from.strftime("%d/%m/%Y")), "success")
            return see_other(".salary_bases")
        db.session.rollback()
    return render_form("admin/settings/salary_form.html", form, row=None, today=local_today())


@bp.route("/salary-bases/<id:row_id>/edit", methods=["GET", "POST"])
def salary_base_edit(row_id: int):
    row = db.get_or_404(SalaryBase, row_id)
    form = SalaryBaseForm(obj=row if request.method == "GET" else None)
    if form.validate_on_submit():
        if _save_salary(form, row):
            db.session.commit()
            flash(_("Base salary of %(amount)s VND from %(day)s saved.", amount=format_amount(row.amount),
                    day=row.effective_from.strftime("%d/%m/%Y")), "success")
            return see_other(".salary_bases")
        db.session.rollback()
        row = db.get_or_404(SalaryBase, row_id)
    return render_form("admin/settings/salary_form.html", form, row=row, today=local_today())


@bp.route("/salary-bases/<id:row_id>/delete", methods=["POST"])
def salary_base_delete(row_id: int):
    row = db.get_or_404(SalaryBase, row_id)
    day = row.effective_from.strftime("%d/%m/%Y")
    # A decision signed since the start date may have used this amount: the history must keep it.
    if row.effective_from <= local_today():
        return _refuse(_("The base salary from %(day)s is already in force or was in the past, so decisions may "
                         "have used it: it cannot be deleted. Add a new amount from a later date instead.", day=day),
                       ".salary_base_edit", row_id=row.id)
    db.session.delete(row)
    db.session.commit()
    return _deleted(_("The base salary planned from %(day)s was deleted.", day=day), ".salary_bases")


# --- legal bases ---------------------------------------------------------------------------------

@bp.route("/legal-bases/")
def legal_bases():
    asked = request.args.get("date", type=parse_day)  # dd/mm/yyyy as typed, or ISO from a link
    day = asked or local_today()
    preview = {"day": day, "lines": legal_bases_on(day), "bad_date": bool(request.args.get("date")) and asked is None}
    return render_region_or_page(
        "legal-preview", "admin/settings/_legal_preview.html", "admin/settings/legal_list.html",
        lambda: {"today": local_today(), "rows": db.session.scalars(
            select(LegalBasis).order_by(LegalBasis.sort_order, LegalBasis.effective_from, LegalBasis.id)).all()},
        preview=preview)


def _basis_choices(form: LegalBasisForm) -> LegalBasisForm:
    """The units a basis can belong to: the deciding ones (departments, communes…), not their divisions."""
    units = db.session.scalars(select(Unit).where(Unit.kind != UnitKind.SUB_UNIT).order_by(Unit.name)).all()
    form.unit_id.choices = [("", "— " + _("every unit") + " —")] + [(u.id, u.name) for u in units]
    return form


def _save_legal_basis(form: LegalBasisForm, row: LegalBasis) -> None:
    row.text = form.text.data
    row.effective_from = form.effective_from.data
    row.effective_to = form.effective_to.data
    row.sort_order = form.sort_order.data
    row.issuers = BasisIssuers(form.issuers.data)
    row.unit_id = form.unit_id.data
    db.session.add(row)
    db.session.flush()


@bp.route("/legal-bases/new", methods=["GET", "POST"])
def legal_basis_create():
    form = _basis_choices(LegalBasisForm())
    if form.validate_on_submit():
        _save_legal_basis(form, LegalBasis())
        return committed(_("Legal basis line saved."), ".legal_bases")
    return render_form("admin/settings/legal_form.html", form, row=None)


@bp.route("/legal-bases/<id:row_id>/edit", methods=["GET", "POST"])
def legal_basis_edit(row_id: int):
    row = db.get_or_404(LegalBasis, row_id)
    form = _basis_choices(LegalBasisForm(obj=row if request.method == "GET" else None))
    if request.method == "GET":
        form.issuers.data = row.issuers.value
    if form.validate_on_submit():
        _save_legal_basis(form, row)
        return committed(_("Legal basis line saved."), ".legal_bases")
    return render_form("admin/settings/legal_form.html", form, row=row)


# --- signers -------------------------------------------------------------------------------------

@bp.route("/signers/")
def signers():
    rows = db.session.scalars(select(Signer).order_by(Signer.active.desc(), Signer.mode, Signer.name)).all()
    return render_template("admin/settings/signer_list.html", rows=rows)


def _save_signer(form: SignerForm, signer: Signer) -> bool:
    mode = SignerMode(form.mode.data)
    if mode is SignerMode.CHAIRMAN and form.active.data:
        # Decisions are signed "CHỦ TỊCH" by one person: a second active chairman would be ambiguous.
        query = select(Signer).where(Signer.mode == SignerMode.CHAIRMAN, Signer.active)
        if signer.id is not None:
            query = query.where(Signer.id != signer.id)
        other = db.session.scalar(query.limit(1))
        if other is not None:
            form.active.errors.append(_("%(name)s is already the active chairman. Mark them inactive first, or save "
                                        "this signer as inactive.", name=other.name))
            return False
    signer.name = form.name.data
    signer.mode = mode
    signer.active = form.active.data
    db.session.add(signer)
    db.session.flush()
    return True


@bp.route("/signers/new", methods=["GET", "POST"])
def signer_create():
    form = SignerForm()
    if form.validate_on_submit():
        signer = Signer()
        if _save_signer(form, signer):
            return committed(_("Signer %(name)s saved.", name=signer.name), ".signers")
        db.session.rollback()
    return render_form("admin/settings/signer_form.html", form, signer=None)


@bp.route("/signers/<id:signer_id>/edit", methods=["GET", "POST"])
def signer_edit(signer_id: int):
    signer = db.get_or_404(Signer, signer_id)
    form = SignerForm(obj=signer if request.method == "GET" else None)
    if request.method == "GET":
        form.mode.data = signer.mode.value
    if form.validate_on_submit():
        if _save_signer(form, signer):
            return committed(_("Signer %(name)s saved.", name=signer.name), ".signers")
        db.session.rollback()
        signer = db.get_or_404(Signer, signer_id)
    return render_form("admin/settings/signer_form.html", form, signer=signer)


# --- stage deadlines -----------------------------------------------------------------------------

@bp.route("/stage-deadlines", methods=["GET", "POST"])
def stage_deadlines():
    rows = {row.state: row for row in db.session.scalars(select(StageDeadline))}
    form = StageDeadlineForm()
    if request.method == "GET":
        for state, field in form.stage_fields():
            field.data = rows[state].working_days if state in rows else None
    if form.validate_on_submit():
        # Every stage in one transaction: a refused value above leaves all of them as they were.
        sync_stage_days(rows, form.stage_fields(),
                        add=lambda state, days: db.session.add(StageDeadline(state=state, working_days=days)),
                        remove=db.session.delete)
        try:
            db.session.flush()
        except IntegrityError:  # another administrator added a stage's row at the same moment
            db.session.rollback()
            form.form_errors.append(_("Someone saved the deadlines at the same time. Check the values and save again."))
        else:
            return committed(_("Stage deadlines saved."), ".stage_deadlines")
    return render_form("admin/settings/stage_deadlines.html", form)


# --- working-day overrides -----------------------------------------------------------------------

NATIONAL = WorkingCalendar()  # no overrides: what the law and the holidays package say on their own


def _year_asked(default: int) -> int:
    year = request.args.get("year", type=whole_number)
    return year if year is not None and 1945 <= year <= 2200 else default


def _holiday_names(year: int):
    """The year's public holidays with names in the user's language, and the weekend days made working."""
    language = "vi" if str(get_locale()).startswith("vi") else "en_US"
    calendar = holidays.country_holidays("VN", years=year, language=language)
    days_off = sorted(calendar.items())
    # The package knows some official swaps (a Saturday worked to bridge a holiday); the app's
    # calendar counts every Saturday as a day off, so those need an override here.
    working_weekends = sorted(day for day in calendar.weekend_workdays if day.year == year)
    return days_off, working_weekends


def _page(form: WorkingDayOverrideForm, year: int, status: int = 200):
    rows = db.session.scalars(
        select(WorkingDayOverride)
        .where(WorkingDayOverride.day >= date(year, 1, 1), WorkingDayOverride.day <= date(year, 12, 31))
        .order_by(WorkingDayOverride.day)
    ).all()
    days_off, working_weekends = _holiday_names(year)
    overridden = {row.day: row.is_working_day for row in rows}
    context = {
        "form": form, "year": year, "rows": rows, "days_off": days_off, "working_weekends": working_weekends,
        "overridden": overridden, "national": NATIONAL.is_working_day, "holiday_name": dict(days_off),
        "weekday": lambda day: format_date(day, "EEEE"),
    }
    return render_template("admin/settings/working_days.html", **context), status


@bp.route("/working-days/")
def working_days():
    form = WorkingDayOverrideForm(formdata=None)
    # A link from the reference list pre-fills the form with the day to add.
    form.day.data = request.args.get("day", type=date.fromisoformat)
    if request.args.get("working") in ("0", "1"):
        form.is_working_day.data = request.args["working"]
    year = form.day.data.year if form.day.data else local_today().year
    return _page(form, _year_asked(year))


def _save_override(form: WorkingDayOverrideForm) -> bool:
    day, shown = form.day.data, form.day.data.strftime("%d/%m/%Y")
    duplicate = _("There is already an override for %(day)s. Delete it first if it is wrong.", day=shown)
    if is_taken(WorkingDayOverride.day, day):
        form.day.errors.append(duplicate)
        return False
    if NATIONAL.is_working_day(day) == form.working:
        if form.working:
            message = _("The national calendar already counts %(day)s as a working day: "
                        "this override would change nothing.", day=shown)
        else:
            message = _("The national calendar already counts %(day)s as a day off (weekend or public holiday): "
                        "this override would change nothing.", day=shown)
        form.is_working_day.errors.append(message)
        return False
    db.session.add(WorkingDayOverride(day=day, is_working_day=form.working, note=form.note.data or ""))
    return flush_or_field_error(form.day, duplicate)


@bp.route("/working-days/new", methods=["POST"])
def working_day_create():
    form = WorkingDayOverrideForm()
    if form.validate_on_submit():
        if _save_override(form):
            return committed(_("Override for %(day)s saved.", day=form.day.data.strftime("%d/%m/%Y")),
                             ".working_days", year=form.day.data.year)
        db.session.rollback()
    year = form.day.data.year if form.day.data else _year_asked(local_today().year)
    return _page(form, year, 422)


@bp.route("/working-days/<id:row_id>/delete", methods=["POST"])
def working_day_delete(row_id: int):
    row = db.get_or_404(WorkingDayOverride, row_id)
    day, year = row.day.strftime("%d/%m/%Y"), row.day.year
    db.session.delete(row)
    db.session.commit()
    return _deleted(_("Override for %(day)s deleted: the national calendar applies again.", day=day),
                    ".working_days", year=year)
