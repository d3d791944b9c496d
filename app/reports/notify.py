"""The reports' notifications (kinds in app/notifications/kinds.py): to the reporting unit's officers and
head, in the centre and by e-mail as each person chose; and the daily check of reports due within 3
working days or overdue, run by ``flask notifications send-due``.

Idempotent through ``ReportReminder`` (unique per report, kind and day): Sở Nội vụ's reminder once a
day per report; the daily check once per report, kind and deadline, however often it runs.
"""
from collections.abc import Iterable
from datetime import date

from flask import current_app, has_request_context, url_for
from sqlalchemy import insert, or_, select

from app.extensions import db
from app.models import Notification, Role, Unit, User
from app.models.base import local_today, utcnow
from app.models.reports import OPEN_STATUSES, ReportReminder, ReportRound, UnitReport
from app.notifications.kinds import DUE_SOON_WORKING_DAYS, KINDS
from app.notifications.operations import email_after_commit, email_wanted
from app.workflow.calendar import WorkingCalendar


def report_path(report_id: int) -> str:
    """The report's page as a path (stored on the notification; the e-mail makes it absolute)."""
    if has_request_context():
        return url_for("reports.report", report_id=report_id)
    with current_app.test_request_context("/"):
        return url_for("reports.report", report_id=report_id)


def _people_of(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active officers and heads of these units, by unit (one query)."""
    ids = sorted(set(unit_ids))
    found: dict[int, list[User]] = {}
    for start in range(0, len(ids), 1000):
        for user in db.session.scalars(select(User).where(
                User.unit_id.in_(ids[start:start + 1000]), User.role.in_((Role.OFFICER, Role.UNIT_HEAD)),
                User.active.is_(True)).order_by(User.id)):
            assert user.unit_id is not None
            found.setdefault(user.unit_id, []).append(user)
    return found


def notify_units(kind: str, items: list[tuple[int, int, dict, date | None]], *, skip_user_id: int | None = None) -> int:
    """Notify the people of each item's unit: items are (report id, unit id, parameters, due day).
    Bulk inserted; the e-mails leave after the commit (or with the next send-due). Returns the number."""
    if not items:
        return 0
    people = _people_of(unit_id for _r, unit_id, _p, _d in items)
    everyone = [p.id for group in people.values() for p in group]
    emailed = email_wanted(everyone, kind) if everyone else set()
    now, rows, to_mail = utcnow(), [], set()
    for report_id, unit_id, params, due in items:
        link = report_path(report_id)
        for person in people.get(unit_id, []):
            if person.id == skip_user_id:
                continue
            wants = person.id in emailed and bool(person.email)
            rows.append({"recipient_id": person.id, "kind": kind, "dossier_id": None, "params": params,
                         "link": link, "due_on": due, "created_at": now, "email_pending": wants,
                         "email_error": ""})
            if wants:
                to_mail.add(person.id)
    if rows:
        db.session.execute(insert(Notification), rows)
    if to_mail:
        email_after_commit(to_mail)
    return len(rows)


def report_params(round_title: str, unit_name: str, due_on: date, **extra) -> dict:
    return {"round": round_title, "unit": unit_name, "deadline": due_on.isoformat(), **extra}


def create_report_reminders(today: date | None = None, calendar: WorkingCalendar | None = None) -> int:
    """Reports still owed in rounds accepting them, due within 3 working days (``report_due_soon``) or past
    their deadline (``report_overdue``): their units are told once per report, kind and deadline.
    A constant number of statements whatever the number of reports. Returns the notifications created."""
    assert "report_due_soon" in KINDS and "report_overdue" in KINDS
    today = today or local_today()
    calendar = calendar or WorkingCalendar.load()
    soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    owed = (select(UnitReport.id, UnitReport.unit_id, ReportRound.title, ReportRound.due_on, Unit.name)
            .join(ReportRound, ReportRound.id == UnitReport.round_id).join(Unit, Unit.id == UnitReport.unit_id)
            .where(UnitReport.status.in_(OPEN_STATUSES), ReportRound.due_on <= soon,
                   or_(ReportRound.closed_at.is_(None), UnitReport.reopened.is_(True))))
    rows = db.session.execute(owed).all()
    if not rows:
        return 0
    known = set(db.session.execute(
        select(ReportReminder.report_id, ReportReminder.kind, ReportReminder.on_day)
        .where(ReportReminder.kind.in_(("due_soon", "overdue")),
               ReportReminder.report_id.in_(owed.with_only_columns(UnitReport.id)))).all())
    by_kind: dict[str, list[tuple[int, int, dict, date | None]]] = {"report_due_soon": [], "report_overdue": []}
    reminders = []
    now = utcnow()
    for report_id, unit_id, title, due_on, unit_name in rows:
        kind = "overdue" if due_on < today else "due_soon"
        if (report_id, kind, due_on) in known:
            continue
        reminders.append({"report_id": report_id, "kind": kind, "on_day": due_on, "actor_id": None, "created_at": now})
        by_kind[f"report_{kind}"].append((report_id, unit_id, report_params(title, unit_name, due_on), due_on))
    if reminders:
        db.session.execute(insert(ReportReminder), reminders)
    created = sum(notify_units(kind, items) for kind, items in by_kind.items())
    db.session.flush()
    return created
