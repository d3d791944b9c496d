"""Admin screens for emulation movements and their campaigns (rounds of nominations)."""
from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import campaign_kinds
from app.admin import bp
from app.admin.common import committed, flush_or_field_error, is_taken, render_form
from app.admin.forms_catalogue import CampaignForm, MovementForm
from app.extensions import db
from app.models import Campaign, CampaignKind, Movement
from app.models.base import local_today
from app.workflow.calendar import WorkingCalendar


@bp.route("/campaigns/")
def campaigns():
    movements = db.session.scalars(select(Movement).options(selectinload(Movement.campaigns))
                                   .order_by(Movement.start_year.desc(), Movement.name)).all()
    items = db.session.scalars(select(Campaign).options(selectinload(Campaign.movement))
                               .order_by(Campaign.year.desc(), Campaign.name)).all()
    return render_template("admin/campaigns/list.html", movements=movements, campaigns=items)


# --- movements -----------------------------------------------------------------------------------

def _duplicate_movement_message(form: MovementForm) -> str:
    return _("A movement named %(name)s already exists.", name=form.name.data)


def _save_movement(form: MovementForm, movement: Movement) -> bool:
    if is_taken(Movement.name, form.name.data, movement.id):
        form.name.errors.append(_duplicate_movement_message(form))
        return False
    movement.name = form.name.data
    movement.description = form.description.data or ""
    movement.start_year = form.start_year.data
    movement.end_year = form.end_year.data
    db.session.add(movement)
    return flush_or_field_error(form.name, _duplicate_movement_message(form))


@bp.route("/movements/new", methods=["GET", "POST"])
def movement_create():
    form = MovementForm()
    if form.validate_on_submit():
        movement = Movement()
        if _save_movement(form, movement):
            return committed(_("Movement %(name)s created.", name=movement.name), ".campaigns")
        db.session.rollback()
    return render_form("admin/campaigns/movement_form.html", form, movement=None)


@bp.route("/movements/<id:movement_id>/edit", methods=["GET", "POST"])
def movement_edit(movement_id: int):
    movement = db.get_or_404(Movement, movement_id)
    form = MovementForm(obj=movement if request.method == "GET" else None)
    if form.validate_on_submit():
        if _save_movement(form, movement):
            return committed(_("Movement %(name)s saved.", name=movement.name), ".campaigns")
        db.session.rollback()
        movement = db.get_or_404(Movement, movement_id)
    return render_form("admin/campaigns/movement_form.html", form, movement=movement)


# --- campaigns -----------------------------------------------------------------------------------

def _campaign_choices(form: CampaignForm) -> None:
    movements = db.session.scalars(select(Movement).order_by(Movement.start_year.desc(), Movement.name)).all()
    form.movement_id.choices = [("", "— " + _("none") + " —")] + [
        (m.id, f"{m.name} ({m.start_year}–{m.end_year})") for m in movements]


def _duplicate_campaign_message(form: CampaignForm) -> str:
    return _("A campaign named %(name)s already exists.", name=form.name.data)


def _save_campaign(form: CampaignForm, campaign: Campaign) -> bool:
    ok = True
    if is_taken(Campaign.name, form.name.data, campaign.id):
        form.name.errors.append(_duplicate_campaign_message(form))
        ok = False
    movement = db.session.get(Movement, form.movement_id.data) if form.movement_id.data is not None else None
    if form.movement_id.data is not None and movement is None:
        form.movement_id.errors.append(_("Choose a movement from the list."))
        ok = False
    if movement is not None and form.year.data is not None and not (
            movement.start_year <= form.year.data <= movement.end_year):
        form.year.errors.append(_("The movement runs from %(start)s to %(end)s: choose a year in that range.",
                                  start=movement.start_year, end=movement.end_year))
        ok = False
    if not ok:
        return False
    campaign.name = form.name.data
    campaign.year = form.year.data
    campaign.kind = CampaignKind(form.kind.data)
    campaign.movement = movement
    campaign.submission_deadline = form.submission_deadline.data
    if campaign.submission_deadline is None and campaign.id is None:
        # A new campaign left without a deadline takes its kind's default (admin → campaign kinds).
        days = campaign_kinds.submission_working_days(campaign.kind)
        campaign.submission_deadline = WorkingCalendar.load().add_working_days(local_today(), days) if days else None
    campaign.is_open = form.is_open.data
    db.session.add(campaign)
    return flush_or_field_error(form.name, _duplicate_campaign_message(form))


@bp.route("/campaigns/new", methods=["GET", "POST"])
def campaign_create():
    form = CampaignForm()
    _campaign_choices(form)
    if form.validate_on_submit():
        campaign = Campaign()
        if _save_campaign(form, campaign):
            return committed(_("Campaign %(name)s created.", name=campaign.name), ".campaigns")
        db.session.rollback()
    return render_form("admin/campaigns/campaign_form.html", form, campaign=None)


@bp.route("/campaigns/<id:campaign_id>/edit", methods=["GET", "POST"])
def campaign_edit(campaign_id: int):
    campaign = db.get_or_404(Campaign, campaign_id)
    form = CampaignForm(obj=campaign if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = campaign.kind.value
    _campaign_choices(form)
    if form.validate_on_submit():
        if _save_campaign(form, campaign):
            return committed(_("Campaign %(name)s saved.", name=campaign.name), ".campaigns")
        db.session.rollback()
        campaign = db.get_or_404(Campaign, campaign_id)
    return render_form("admin/campaigns/campaign_form.html", form, campaign=campaign)
