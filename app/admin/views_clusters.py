"""Admin screens for emulation clusters and blocs: the list, create/edit, and a per-year page with
members (add/remove inline over htmx, copy from the previous year) and the year's lead and deputy."""
from datetime import date

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.admin.common import committed, flush_or_field_error, is_taken, render_form, see_other
from app.admin.forms import AddMemberForm, ClusterForm, LeadershipForm
from app.extensions import db
from app.models import Cluster, ClusterKind, ClusterLeadership, ClusterMembership, Unit
from app.models.base import local_today
from app.numbers import whole_number
from app.web import is_htmx, render_region_or_page

MIN_YEAR, MAX_YEAR = 1945, 2200


def _year_arg() -> int:
    year = request.args.get("year", type=whole_number) or local_today().year
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)
    return year


@bp.route("/clusters/")
def clusters():
    year = _year_arg()
    items = db.session.scalars(select(Cluster).order_by(Cluster.kind, Cluster.name)).all()
    member_counts = dict(db.session.execute(
        select(ClusterMembership.cluster_id, func.count()).where(ClusterMembership.year == year)
        .group_by(ClusterMembership.cluster_id)).all())
    leaderships = {lead.cluster_id: lead for lead in db.session.scalars(
        select(ClusterLeadership).where(ClusterLeadership.year == year)
        .options(selectinload(ClusterLeadership.lead_unit), selectinload(ClusterLeadership.deputy_unit)))}
    return render_template("admin/clusters/list.html", clusters=items, year=year,
                           member_counts=member_counts, leaderships=leaderships)


def _duplicate_name_message(form: ClusterForm) -> str:
    return _("A cluster or bloc named %(name)s already exists.", name=form.name.data)


def _save_cluster(form: ClusterForm, cluster: Cluster) -> bool:
    if is_taken(Cluster.name, form.name.data, cluster.id):
        form.name.errors.append(_duplicate_name_message(form))
        return False
    cluster.name = form.name.data
    cluster.kind = ClusterKind(form.kind.data)
    cluster.description = form.description.data or ""
    db.session.add(cluster)
    return flush_or_field_error(form.name, _duplicate_name_message(form))


@bp.route("/clusters/new", methods=["GET", "POST"])
def cluster_create():
    form = ClusterForm()
    if form.validate_on_submit():
        cluster = Cluster()
        if _save_cluster(form, cluster):
            return committed(_("%(name)s created. Now add its members.", name=cluster.name), ".cluster_year",
                             cluster_id=cluster.id)
    return render_form("admin/clusters/form.html", form, cluster=None)


@bp.route("/clusters/<id:cluster_id>/edit", methods=["GET", "POST"])
def cluster_edit(cluster_id: int):
    cluster = db.get_or_404(Cluster, cluster_id)
    form = ClusterForm(obj=cluster if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = cluster.kind.value
    if form.validate_on_submit():
        if _save_cluster(form, cluster):
            return committed(_("%(name)s saved.", name=cluster.name), ".clusters")
        db.session.rollback()  # nothing half-changed stays in the session
    return render_form("admin/clusters/form.html", form, cluster=db.session.get(Cluster, cluster_id))


# --- one year of a cluster -----------------------------------------------------------------------

def _members(cluster: Cluster, year: int) -> list[ClusterMembership]:
    return list(db.session.scalars(
        select(ClusterMembership).join(ClusterMembership.unit)
        .where(ClusterMembership.cluster_id == cluster.id, ClusterMembership.year == year)
        .options(selectinload(ClusterMembership.unit)).order_by(Unit.name)))


def _leadership(cluster: Cluster, year: int) -> ClusterLeadership | None:
    return db.session.scalar(select(ClusterLeadership).where(
        ClusterLeadership.cluster_id == cluster.id, ClusterLeadership.year == year))


def _valid_in_year(year: int):
    """Units that exist at some point of ``year``."""
    return (Unit.valid_from <= date(year, 12, 31)) & (Unit.valid_to.is_(None) | (Unit.valid_to >= date(year, 1, 1)))


def _year_context(cluster: Cluster, year: int, add_form: AddMemberForm | None = None,
                  lead_form: LeadershipForm | None = None) -> dict:
    members = _members(cluster, year)
    member_ids = {m.unit_id for m in members}
    leadership = _leadership(cluster, year)
    # Units already in another cluster this year stay in the list, labelled, so choosing one explains itself.
    elsewhere = dict(db.session.execute(
        select(ClusterMembership.unit_id, Cluster.name).join(ClusterMembership.cluster)
        .where(ClusterMembership.year == year, ClusterMembership.cluster_id != cluster.id)).all())
    candidates = db.session.scalars(select(Unit).where(_valid_in_year(year)).order_by(Unit.name)).all()
    if add_form is None:
        add_form = AddMemberForm(formdata=None)
    # No _() inside an f-string: on Python 3.11 Babel's extractor cannot see it.
    add_form.unit_id.choices = [("", "— " + _("choose a unit") + " —")] + [
        (u.id, u.name + (" (" + _("in %(cluster)s", cluster=elsewhere[u.id]) + ")" if u.id in elsewhere else ""))
        for u in candidates if u.id not in member_ids]
    if lead_form is None:
        lead_form = LeadershipForm(formdata=None)
        if leadership is not None:
            lead_form.lead_unit_id.data = leadership.lead_unit_id
            lead_form.deputy_unit_id.data = leadership.deputy_unit_id
    member_choices = [(m.unit.id, m.unit.name) for m in members]
    lead_form.lead_unit_id.choices = [("", "— " + _("none") + " —")] + member_choices
    lead_form.deputy_unit_id.choices = [("", "— " + _("none") + " —")] + member_choices
    years_used = set(db.session.scalars(
        select(ClusterMembership.year).where(ClusterMembership.cluster_id == cluster.id).distinct()))
    this_year = local_today().year
    years = sorted(years_used | {this_year - 1, this_year, this_year + 1, year})
    previous_count = db.session.scalar(select(func.count()).select_from(ClusterMembership).where(
        ClusterMembership.cluster_id == cluster.id, ClusterMembership.year == year - 1))
    return {"cluster": cluster, "year": year, "years": years, "members": members, "leadership": leadership,
            "add_form": add_form, "lead_form": lead_form, "previous_count": previous_count}


def _render_year(cluster: Cluster, year: int, status: int = 200, notice: str | None = None, **forms):
    context = _year_context(cluster, year, **forms)
    context["notice"] = notice
    # The members and leadership panels are one swappable region for the inline actions.
    return render_region_or_page("cluster-year-panel", "admin/clusters/_year_panel.html", "admin/clusters/year.html",
                                 **context), status


@bp.route("/clusters/<id:cluster_id>/members")
def cluster_year(cluster_id: int):
    cluster = db.get_or_404(Cluster, cluster_id)
    return _render_year(cluster, _year_arg())


def _after_change(cluster: Cluster, year: int, message: str):
    if is_htmx():
        return _render_year(cluster, year, notice=message)
    flash(message, "success")
    return see_other(".cluster_year", cluster_id=cluster.id, year=year)


@bp.route("/clusters/<id:cluster_id>/members/add", methods=["POST"])
def cluster_member_add(cluster_id: int):
    cluster = db.get_or_404(Cluster, cluster_id)
    year = _year_arg()
    form = AddMemberForm()
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data)
        if unit is None:
            form.unit_id.errors.append(_("Choose a unit from the list."))
        elif unit.valid_from > date(year, 12, 31) or (unit.valid_to is not None and unit.valid_to < date(year, 1, 1)):
            form.unit_id.errors.append(_("%(unit)s does not exist in %(year)s (see its validity dates).",
                                         unit=unit.name, year=year))
        else:
            other = db.session.scalar(select(Cluster).join(ClusterMembership).where(
                ClusterMembership.unit_id == unit.id, ClusterMembership.year == year))
            if other is not None:
                if other.id == cluster.id:
                    form.unit_id.errors.append(
                        _("%(unit)s is already a member in %(year)s.", unit=unit.name, year=year))
                else:
                    form.unit_id.errors.append(_(
                        "%(unit)s is already in %(cluster)s in %(year)s: a unit belongs to one cluster or bloc a year.",
                        unit=unit.name, cluster=other.name, year=year))
            else:
                db.session.add(ClusterMembership(cluster=cluster, unit=unit, year=year))
                if flush_or_field_error(form.unit_id, _("%(unit)s was just added to another cluster for %(year)s.",
                                                        unit=unit.name, year=year)):
                    db.session.commit()
                    return _after_change(cluster, year, _("%(unit)s added.", unit=unit.name))
    return _render_year(cluster, year, 422, add_form=form)


@bp.route("/clusters/<id:cluster_id>/members/<id:membership_id>/remove", methods=["POST"])
def cluster_member_remove(cluster_id: int, membership_id: int):
    cluster = db.get_or_404(Cluster, cluster_id)
    membership = db.session.scalar(select(ClusterMembership).where(
        ClusterMembership.id == membership_id, ClusterMembership.cluster_id == cluster.id))
    if membership is None:
        abort(404)
    year = membership.year
    leadership = _leadership(cluster, year)
    if leadership is not None and membership.unit_id in (leadership.lead_unit_id, leadership.deputy_unit_id):
        role = _("lead") if membership.unit_id == leadership.lead_unit_id else _("deputy")
        lead_form = LeadershipForm(formdata=None)
        lead_form.lead_unit_id.data = leadership.lead_unit_id
        lead_form.deputy_unit_id.data = leadership.deputy_unit_id
        lead_form.form_errors.append(_(
            "%(unit)s is the %(role)s for %(year)s: choose another %(role)s before removing it.",
            unit=membership.unit.name, role=role, year=year))
        return _render_year(cluster, year, 409, lead_form=lead_form)
    name = membership.unit.name
    db.session.delete(membership)
    db.session.commit()
    return _after_change(cluster, year, _("%(unit)s removed.", unit=name))


@bp.route("/clusters/<id:cluster_id>/members/copy", methods=["POST"])
def cluster_copy_previous(cluster_id: int):
    """Copy last year's members into this year, skipping units gone by then or already in a cluster."""
    cluster = db.get_or_404(Cluster, cluster_id)
    year = _year_arg()
    previous = _members(cluster, year - 1)
    taken = set(db.session.scalars(select(ClusterMembership.unit_id).where(ClusterMembership.year == year)))
    start = date(year, 1, 1)
    copied, skipped = 0, []
    for membership in previous:
        unit = membership.unit
        if unit.id in taken or (unit.valid_to is not None and unit.valid_to < start):
            skipped.append(unit.name)
            continue
        db.session.add(ClusterMembership(cluster=cluster, unit=unit, year=year))
        copied += 1
    db.session.commit()
    message = _("%(n)s members copied from %(year)s.", n=copied, year=year - 1)
    if skipped:
        message += " " + _("Skipped (already in a cluster this year, or no longer valid): %(names)s.",
                           names=", ".join(skipped))
    return _after_change(cluster, year, message)


@bp.route("/clusters/<id:cluster_id>/leadership", methods=["POST"])
def cluster_leadership(cluster_id: int):
    cluster = db.get_or_404(Cluster, cluster_id)
    year = _year_arg()
    form = LeadershipForm()
    member_ids = {m.unit_id for m in _members(cluster, year)}
    ok = form.validate_on_submit()
    for field in (form.lead_unit_id, form.deputy_unit_id):
        if field.data is not None and field.data not in member_ids:
            field.errors.append(_("Choose a unit that is a member of this cluster in %(year)s.", year=year))
            ok = False
    if not ok:
        return _render_year(cluster, year, 422, lead_form=form)
    leadership = _leadership(cluster, year)
    if form.lead_unit_id.data is None:
        if leadership is not None:
            db.session.delete(leadership)
    else:
        if leadership is None:
            leadership = ClusterLeadership(cluster=cluster, year=year)
            db.session.add(leadership)
        leadership.lead_unit_id = form.lead_unit_id.data
        leadership.deputy_unit_id = form.deputy_unit_id.data
    db.session.commit()
    return _after_change(cluster, year, _("Lead and deputy for %(year)s saved.", year=year))
