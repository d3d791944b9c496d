"""Creating and reading notifications: from the dossier history as it is written, from the daily deadline
check, and the reader's marks. Functions flush and never commit: the caller's transaction holds them.
"""
from collections.abc import Callable
from datetime import date

from flask import after_this_request, has_request_context
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from app import access
from app.extensions import db
from app.models import Dossier, DossierEvent, Notification, NotificationPreference, User
from app.models.base import local_today, utcnow
from app.notifications.kinds import DUE_SOON_WORKING_DAYS, KINDS, RULES, UNIT_STAFF, Rule
from app.workflow.calendar import WorkingCalendar
from app.workflow.inbox import inbox_condition

_TO_EMAIL = "notifications_to_email"  # Session.info key: recipients with an e-mail to send after commit


# --- from the dossier history --------------------------------------------------------------------

def _rule_for(history: DossierEvent) -> Rule | None:
    for rule in RULES:
        if rule.action != history.action:
            continue
        if rule.to_states is not None and history.to_state not in rule.to_states:
            continue
        if rule.from_outside and history.actor is not None and history.actor.unit_id == _unit_id(history.dossier):
            continue
        return rule
    return None


def _unit_id(dossier: Dossier) -> int:
    return dossier.unit_id if dossier.unit_id is not None else dossier.unit.id


def email_wanted(user_ids: list[int], kind: str) -> set[int]:
    """Of these users, those who want an e-mail for this kind (their choice, else the kind's default)."""
    if not user_ids:
        return set()
    chosen = dict(db.session.execute(
        select(NotificationPreference.user_id, NotificationPreference.email)
        .where(NotificationPreference.user_id.in_(user_ids), NotificationPreference.kind == kind)
    ).all())
    default = KINDS[kind].email_default
    return {u for u in user_ids if chosen.get(u, default)}


def notify_history(session: Session, history: DossierEvent) -> list[Notification]:
    """The notifications a new history row calls for (``kinds.RULES``), added to its transaction."""
    rule = _rule_for(history)
    if rule is None:
        return []
    dossier = history.dossier
    people = session.scalars(access.unit_people(_unit_id(dossier), heads=rule.recipients == UNIT_STAFF)).all()
    # The actor knows what they did.
    people = [p for p in people if history.actor is None or p.id != history.actor.id]
    params = {"nominee": dossier.nominee_name, "comment": history.comment, "action": history.action}
    if dossier.stage_due_on is not None:
        params["deadline"] = dossier.stage_due_on.isoformat()
    emailed = email_wanted([p.id for p in people], rule.kind)
    created = []
    for person in people:
        wants = person.id in emailed and bool(person.email)
        notification = Notification(recipient=person, kind=rule.kind, dossier=dossier, params=params,
                                    created_at=history.created_at or utcnow(), email_pending=wants, email_error="")
        session.add(notification)
        created.append(notification)
        if wants:
            session.info.setdefault(_TO_EMAIL, set()).add(person.id)
    return created


def _before_flush(session: Session, flush_context, instances) -> None:
    # A history row is new in exactly one flush (the one that inserts it): each is seen once.
    for obj in list(session.new):
        if isinstance(obj, DossierEvent):
            notify_history(session, obj)


def _after_commit(session: Session) -> None:
    """Ring the sender for the e-mails this transaction created, once it is committed (never before: a
    rolled-back action sends nothing). Outside a request (the CLI) ``send-due`` sends them."""
    user_ids = session.info.pop(_TO_EMAIL, None)
    if not user_ids or not has_request_context():
        return
    try:
        @after_this_request
        def _ring(response):
            from app.notifications.mail import enqueue_send

            enqueue_send(sorted(user_ids))
            return response
    except AssertionError:  # the response is already on its way (a commit in a streaming body)
        pass


def email_after_commit(user_ids) -> None:
    """Send these users' pending e-mails once the current transaction commits (notifications created
    outside the dossier history, e.g. the periodic reports' reminders)."""
    db.session.info.setdefault(_TO_EMAIL, set()).update(user_ids)


def _after_rollback(session: Session) -> None:
    session.info.pop(_TO_EMAIL, None)


def listen() -> None:
    """Create notifications with the history rows, whoever writes them (the engine, the nominations'
    operations, the scoring's proposals): the workflow knows nothing of notifications."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


# --- the daily deadline check --------------------------------------------------------------------

def create_due_reminders(today: date | None = None, calendar: WorkingCalendar | None = None) -> int:
    """Tell whoever's turn it is (the inbox's rule) of dossiers due within 3 working days or overdue.

    Once per user, dossier, kind and due date (a unique index): running it again the same day, or the
    next day for the same deadline, creates nothing new. Returns the number created.
    """
    today = today or local_today()
    calendar = calendar or WorkingCalendar.load()
    soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    users = [u for u in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id))
             if access.has_inbox(u)]
    created = 0
    preferences = _all_email_preferences()
    for user in users:
        due = db.session.execute(
            select(Dossier.id, Dossier.nominee_name, Dossier.stage_due_on)
            .where(inbox_condition(user), Dossier.stage_due_on.is_not(None), Dossier.stage_due_on <= soon)
        ).all()
        if not due:
            continue
        known = set(db.session.execute(
            select(Notification.dossier_id, Notification.kind, Notification.due_on)
            .where(Notification.recipient_id == user.id, Notification.kind.in_(("due_soon", "overdue")),
                   Notification.due_on.is_not(None), Notification.due_on <= soon)
        ).all())
        rows = []
        now = utcnow()
        for dossier_id, nominee, due_on in due:
            assert due_on is not None  # the query asks for a deadline
            kind = "overdue" if due_on < today else "due_soon"
            if (dossier_id, kind, due_on) in known:
                continue
            wants = bool(user.email) and preferences.get((user.id, kind), KINDS[kind].email_default)
            rows.append({"recipient_id": user.id, "kind": kind, "dossier_id": dossier_id, "due_on": due_on,
                         "params": {"nominee": nominee, "deadline": due_on.isoformat()}, "created_at": now,
                         "email_pending": wants, "email_error": ""})
        if rows:
            db.session.execute(insert(Notification), rows)
            created += len(rows)
    db.session.flush()
    return created


def _all_email_preferences() -> dict[tuple[int, str], bool]:
    rows = db.session.execute(select(NotificationPreference.user_id, NotificationPreference.kind,
                                     NotificationPreference.email)
                              .where(NotificationPreference.kind.in_(("due_soon", "overdue")))).all()
    return {(u, k): e for u, k, e in rows}


# --- the reader's marks and choices --------------------------------------------------------------

def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def set_email_preferences(user: User, chosen: set[str]) -> None:
    """E-mail for the kinds in ``chosen``, not for the others (a row per kind: a later change of a
    default does not overturn what the user chose)."""
    existing = {p.kind: p for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind in KINDS:
        preference = existing.get(kind)
        if preference is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, email=kind in chosen))
        else:
            preference.email = kind in chosen
    db.session.flush()


def email_choices(user: User) -> dict[str, bool]:
    return {kind: bool(email_wanted([user.id], kind)) for kind in KINDS}


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None))) or 0


# --- the daily run's sources ------------------------------------------------------------------------------

# label → a function creating the reminders due on a day (once each) and returning how many it created.
# Dossiers' deadlines are this package's; features above it (periodic reports, registrations) add their own
# with ``register_due_reminders`` when imported, so this package never imports them.
DUE_REMINDERS: dict[str, Callable[[date | None], int]] = {"reminders": create_due_reminders}


def register_due_reminders(label: str, create: Callable[[date | None], int]) -> None:
    DUE_REMINDERS[label] = create


def create_all_due_reminders(today: date | None = None) -> list[tuple[str, int]]:
    """Every source's reminders, each committed on its own (one source failing keeps the others' work)."""
    counts = []
    for label, create in DUE_REMINDERS.items():
        counts.append((label, create(today)))
        db.session.commit()
    return counts
