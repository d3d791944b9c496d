"""Registration-due notifications (issues 11 and 12): the officers and head of each unit that has not
registered for a published movement's year are told 3 working days before the deadline
(``registration_due_soon``) and once the deadline has passed (``registration_overdue``), by
``flask notifications send-due`` (and its daily task).

Idempotent: once per person, kind, deadline and movement (the notification's link names the movement),
however often the check runs. A constant number of statements whatever the number of units: the open years,
the units that owe a registration, their people, the notifications already sent.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, has_request_context, url_for
from sqlalchemy import insert, select

from app.extensions import db
from app.models import Movement, Notification, Role, Unit, User
from app.models.base import local_today, utcnow
from app.models.movement_plans import LaunchStatus, MovementLaunch, Registration, RegistrationYear
from app.movements.lists import expected_units
from app.notifications.kinds import DUE_SOON_WORKING_DAYS
from app.notifications.operations import email_wanted
from app.workflow.calendar import WorkingCalendar

DUE_SOON, OVERDUE = "registration_due_soon", "registration_overdue"


def launch_path(launch_id: int) -> str:
    """The movement's page as a path (the notification's link; the e-mail makes it absolute)."""
    if has_request_context():
        return url_for("movements.launch_page", launch_id=launch_id)
    with current_app.test_request_context("/"):
        return url_for("movements.launch_page", launch_id=launch_id)


def create_registration_reminders(today: date | None = None, calendar: WorkingCalendar | None = None) -> int:
    """Notify the units that owe a registration due within 3 working days or overdue (overdue only in the
    registration's own year). Returns the number of notifications created (flushed, not committed)."""
    today = today or local_today()
    calendar = calendar or WorkingCalendar.load()
    soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    open_years = db.session.execute(
        select(MovementLaunch.id, MovementLaunch.movement_id, RegistrationYear.year, RegistrationYear.deadline)
        .join(RegistrationYear, RegistrationYear.launch_id == MovementLaunch.id)
        .where(MovementLaunch.status == LaunchStatus.PUBLISHED, RegistrationYear.deadline <= soon,
               RegistrationYear.year >= today.year)).all()
    created = 0
    for launch_id, movement_id, year, deadline in open_years:
        if deadline < today and year != today.year:
            continue
        created += _remind(launch_id, movement_id, year, deadline, OVERDUE if deadline < today else DUE_SOON)
    db.session.flush()
    return created


def _remind(launch_id: int, movement_id: int, year: int, deadline: date, kind: str) -> int:
    registered = select(Registration.unit_id).where(Registration.movement_id == movement_id,
                                                    Registration.year == year)
    owing = select(Unit.id).where(expected_units(year), Unit.id.not_in(registered))
    people = db.session.execute(
        select(User.id, User.email, Unit.name).join(Unit, Unit.id == User.unit_id)
        .where(User.unit_id.in_(owing), User.role.in_((Role.OFFICER, Role.UNIT_HEAD)), User.active.is_(True))
        .order_by(User.id)).all()
    if not people:
        return 0
    link = launch_path(launch_id)
    told = set(db.session.scalars(select(Notification.recipient_id).where(
        Notification.kind == kind, Notification.due_on == deadline, Notification.link == link)))
    fresh = [(uid, email, unit) for uid, email, unit in people if uid not in told]
    if not fresh:
        return 0
    movement = db.session.scalar(select(Movement.name).where(Movement.id == movement_id))
    emailed = email_wanted([uid for uid, _e, _u in fresh], kind)
    now = utcnow()
    db.session.execute(insert(Notification), [
        {"recipient_id": uid, "kind": kind, "dossier_id": None, "link": link, "due_on": deadline,
         "params": {"movement": movement, "unit": unit, "year": year, "deadline": deadline.isoformat()},
         "created_at": now, "email_pending": uid in emailed and bool(email), "email_error": ""}
        for uid, email, unit in fresh])
    return len(fresh)
