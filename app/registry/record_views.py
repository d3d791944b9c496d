"""Forms recording facts in a person's or a collective's record: details, positions, yearly ratings,
registry entries, initiatives, discipline, and removing a fact entered by mistake.

The record is looked up within the user's scope first (404 outside it), then the permission is checked
(``can_edit_person`` / ``can_edit_collective``: 403). An invalid form is shown again with its messages
beside the fields (422). The operation writes the change and its history line; the view commits.
"""
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.access import can_edit_collective, can_edit_person, get_visible_collective_or_404, get_visible_person_or_404
from app.extensions import db
from app.models import (
    Award,
    CampaignKind,
    Collective,
    DisciplineStatus,
    Gender,
    OccupationGroup,
    Person,
    PersonPosition,
    Rating,
    RegistryEntry,
    RegistrySource,
    Scope,
)
from app.registry import bp, operations
from app.registry.forms import (
    DisciplineForm,
    EndPositionForm,
    EntryForm,
    InitiativeForm,
    PersonForm,
    PositionForm,
    RatingForm,
    YearReportForm,
)
from app.registry.operations import FACT_KINDS, EntryData, PersonDetails, RegistryRefused, YearReport
from app.registry.search import visible_units
from app.web import redirect_after_post


def _editable_person(person_id: int) -> Person:
    person = get_visible_person_or_404(current_user, person_id)
    if not can_edit_person(current_user, person):
        abort(403)
    return person


def _editable_collective(collective_id: int) -> Collective:
    collective = get_visible_collective_or_404(current_user, collective_id)
    if not can_edit_collective(current_user, collective):
        abort(403)
    return collective


def _unit_choices(form_field, current_unit_id: int | None = None) -> set[int]:
    """The units this user may place a person in (its scope), plus the one the record has now."""
    units = visible_units(current_user)
    allowed = {unit.id for unit in units}
    form_field.choices = [("", "—")] + [(unit.id, unit.name) for unit in units]
    if current_unit_id is not None:
        allowed.add(current_unit_id)
    return allowed


def _check_unit(field, allowed: set[int]) -> bool:
    if request.method != "POST":
        return False
    if field.data is not None and field.data not in allowed:
        field.errors.append(_("Choose one of the listed units."))
        return False
    return True


def _awards_for(form_field, kind: str, required: bool = True) -> dict[int, Award]:
    """Awards of the catalogue given to this kind of nominee (an individual, or a collective/household)."""
    awards = list(db.session.scalars(select(Award).order_by(Award.sort_order, Award.name)))
    if kind == "person":
        awards = [a for a in awards if a.for_individual]
    else:
        awards = [a for a in awards if a.for_collective or a.for_household]
    form_field.choices = [("", "— " + _("choose") + " —")] + [(a.id, a.name) for a in awards]
    return {a.id: a for a in awards}


def _check_award(field, awards: dict[int, Award]) -> bool:
    if request.method != "POST":
        return False
    if field.data is not None and field.data not in awards:
        field.errors.append(_("Choose an award from the catalogue."))
        return False
    return True


def _form_page(form, title: str, record, back: str, status: int = 200, **extra):
    return render_template("registry/fact_form.html", form=form, title=title, record=record, back=back,
                           **extra), status


def _done(message: str, back: str):
    db.session.commit()
    flash(message, "success")
    return redirect_after_post(back)


def _person_page(person: Person) -> str:
    return url_for("registry.person", person_id=person.id)


# --- a person's details ---------------------------------------------------------------------------

@bp.route("/people/<id:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    person = _editable_person(person_id)
    form = PersonForm(obj=person if request.method == "GET" else None)
    if request.method == "GET":
        form.gender.data = person.gender.value if person.gender else ""
        form.occupation_group.data = person.occupation_group.value if person.occupation_group else ""
        form.personal_id.data = ""  # never sent to the browser, not even to its editor
    enabled = operations.personal_id_enabled()
    if not enabled:
        del form.personal_id
        del form.remove_personal_id
    allowed = _unit_choices(form.unit_id, person.unit_id)
    back = _person_page(person)
    if form.validate_on_submit() & _check_unit(form.unit_id, allowed):
        details = PersonDetails(
            full_name=form.full_name.data, gender=Gender(form.gender.data) if form.gender.data else None,
            birth_year=form.birth_year.data, birth_date=form.birth_date.data, ethnicity=form.ethnicity.data or "",
            is_ethnic_minority=form.is_ethnic_minority.data,
            occupation_group=OccupationGroup(form.occupation_group.data) if form.occupation_group.data else None,
            unit_id=form.unit_id.data, position=form.position.data or "")
        operations.update_person(
            current_user, person, details,
            personal_id=form.personal_id.data if enabled else None,
            remove_personal_id=bool(enabled and form.remove_personal_id.data))
        return _done(_("The details are saved."), back)
    status = 422 if request.method == "POST" else 200
    return _form_page(form, _("Edit the details"), person, back, status, personal_id_enabled=enabled)


# --- positions ------------------------------------------------------------------------------------

@bp.route("/people/<id:person_id>/positions/new", methods=["GET", "POST"])
@login_required
def add_position(person_id: int):
    person = _editable_person(person_id)
    form = PositionForm()
    allowed = _unit_choices(form.unit_id)
    if request.method == "GET":
        form.unit_id.data = person.unit_id
    back = _person_page(person)
    if form.validate_on_submit() & _check_unit(form.unit_id, allowed):
        operations.add_position(current_user, person, unit_id=form.unit_id.data, position=form.position.data,
                                from_date=form.from_date.data, to_date=form.to_date.data)
        return _done(_("The position is added."), back)
    return _form_page(form, _("Add a position"), person, back, 422 if request.method == "POST" else 200)


@bp.route("/people/<id:person_id>/positions/<id:position_id>/end", methods=["GET", "POST"])
@login_required
def end_position(person_id: int, position_id: int):
    person = _editable_person(person_id)
    row = db.session.get(PersonPosition, position_id)
    if row is None or row.person_id != person.id or row.to_date is not None:
        abort(404)
    form = EndPositionForm()
    back = _person_page(person)
    if form.validate_on_submit():
        if form.to_date.data < row.from_date:
            form.to_date.errors.append(_("The end is before the beginning."))
        else:
            operations.end_position(current_user, person, row, form.to_date.data)
            return _done(_("The position is ended."), back)
    return _form_page(form, _("End the position %(position)s", position=row.position), person, back,
                      422 if request.method == "POST" else 200)


# --- yearly ratings -------------------------------------------------------------------------------

@bp.route("/people/<id:person_id>/ratings/new", methods=["GET", "POST"])
@login_required
def add_rating(person_id: int):
    person = _editable_person(person_id)
    form = RatingForm()
    back = _person_page(person)
    if form.validate_on_submit():
        operations.set_rating(current_user, person, form.year.data, Rating(form.rating.data))
        return _done(_("The rating is recorded."), back)
    return _form_page(form, _("Record a yearly rating"), person, back, 422 if request.method == "POST" else 200,
                      hint=_("One rating per year: recording a year again changes its rating."))


# --- registry entries -----------------------------------------------------------------------------

def _entry_form(kind: str, record, back: str, **owner):
    form = EntryForm()
    awards = _awards_for(form.award_id, kind)
    if form.validate_on_submit() & _check_award(form.award_id, awards):  # both run: every message at once
        data = EntryData(award=awards[form.award_id.data], year=form.year.data,
                         campaign_kind=CampaignKind(form.campaign_kind.data), authority=form.authority.data,
                         decision_number=form.decision_number.data or "", decision_date=form.decision_date.data,
                         source=RegistrySource(form.source.data))
        operations.add_entry(current_user, data, **owner)
        return _done(_("The award or title is entered in the registry."), back)
    return _form_page(form, _("Enter an award or title"), record, back, 422 if request.method == "POST" else 200,
                      hint=_("An award or title decided outside this app: a unit's own decision, or a past "
                             "one from the old books. Awards decided in this app are entered by their decision."))


@bp.route("/people/<id:person_id>/entries/new", methods=["GET", "POST"])
@login_required
def add_person_entry(person_id: int):
    person = _editable_person(person_id)
    return _entry_form("person", person, _person_page(person), person=person)


@bp.route("/collectives/<id:collective_id>/entries/new", methods=["GET", "POST"])
@login_required
def add_collective_entry(collective_id: int):
    collective = _editable_collective(collective_id)
    back = url_for("registry.collective", collective_id=collective.id)
    return _entry_form("collective", collective, back, collective=collective)


# --- initiatives and discipline -------------------------------------------------------------------

@bp.route("/people/<id:person_id>/initiatives/new", methods=["GET", "POST"])
@login_required
def add_initiative(person_id: int):
    person = _editable_person(person_id)
    form = InitiativeForm()
    awards = _awards_for(form.used_for_award_id, "person")
    form.used_for_award_id.choices[0] = ("", "—")
    back = _person_page(person)
    if form.validate_on_submit() & _check_award(form.used_for_award_id, awards):
        operations.add_initiative(
            current_user, person, title=form.title.data, year=form.year.data, scope=Scope(form.scope.data),
            document=form.document.data or "", used_for_award=awards.get(form.used_for_award_id.data),
            used_for_year=form.used_for_year.data)
        return _done(_("The initiative is added."), back)
    return _form_page(form, _("Add an initiative"), person, back, 422 if request.method == "POST" else 200,
                      hint=_("An initiative counts for one title only: say which one it was used for."))


@bp.route("/people/<id:person_id>/discipline/new", methods=["GET", "POST"])
@login_required
def add_discipline(person_id: int):
    person = _editable_person(person_id)
    form = DisciplineForm()
    back = _person_page(person)
    if form.validate_on_submit():
        operations.add_discipline(current_user, person, status=DisciplineStatus(form.status.data),
                                  since=form.since.data, until=form.until.data, text=form.note.data or "")
        return _done(_("The disciplinary status is recorded."), back)
    return _form_page(form, _("Record discipline"), person, back, 422 if request.method == "POST" else 200,
                      hint=_("While it lasts, the person's proposals are put on hold."))


# --- a collective's year: its rating and its members ---------------------------------------------------------------

@bp.route("/collectives/<id:collective_id>/years/new", methods=["GET", "POST"])
@login_required
def record_year_report(collective_id: int):
    collective = _editable_collective(collective_id)
    form = YearReportForm()
    back = url_for("registry.collective", collective_id=collective.id)
    if form.validate_on_submit():
        operations.set_year_report(current_user, collective, YearReport(
            year=form.year.data, rating=Rating(form.rating.data) if form.rating.data else None,
            total=form.total.data, completed=form.completed.data, ldtt=form.ldtt.data,
            cstd_co_so=form.cstd_co_so.data))
        return _done(_("The year's report is recorded."), back)
    return _form_page(form, _("Record a year: the collective's rating and its members"), collective, back,
                      422 if request.method == "POST" else 200,
                      hint=_("One report per year: recording a year again changes it. The collective titles' "
                             "rules read the rating and the members' shares."))


# --- removing a fact entered by mistake -----------------------------------------------------------

@bp.route("/people/<id:person_id>/<any(entries, ratings, initiatives, discipline, positions):kind>"
          "/<id:fact_id>/remove", methods=["POST"])
@login_required
def remove_person_fact(person_id: int, kind: str, fact_id: int):
    person = _editable_person(person_id)
    fact = db.session.get(FACT_KINDS[kind], fact_id)
    if fact is None or getattr(fact, "person_id", None) != person.id:
        abort(404)
    return _remove(fact, _person_page(person), person=person)


@bp.route("/collectives/<id:collective_id>/entries/<id:fact_id>/remove", methods=["POST"])
@login_required
def remove_collective_entry(collective_id: int, fact_id: int):
    collective = _editable_collective(collective_id)
    fact = db.session.get(RegistryEntry, fact_id)
    if fact is None or fact.collective_id != collective.id:
        abort(404)
    return _remove(fact, url_for("registry.collective", collective_id=collective.id), collective=collective)


def _remove(fact, back: str, **owner):
    try:
        operations.remove_fact(current_user, fact, **owner)
    except RegistryRefused:
        db.session.rollback()
        flash(_("This cannot be removed here: an award decided in this app stands until another decision "
                "corrects it, and an initiative a dossier relies on stays with it."), "error")
        return redirect_after_post(back)
    return _done(_("Removed; the record's history keeps what it said."), back)

