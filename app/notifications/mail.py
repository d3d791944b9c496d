"""E-mail of notifications through the configured SMTP server (``MAIL_*`` settings), outside requests.

Why smtplib: the standard library speaks SMTP, STARTTLS and SSL; Flask-Mail would add a dependency for
a message builder we get from ``email.message.EmailMessage``. One e-mail per user per run lists all
that waits for them (an appraiser may have hundreds of deadlines on one morning), in the user's
language, with absolute links built on ``BASE_URL``.

Each user's e-mail is committed on its own: a failure (the server refuses one address, is down) leaves
that user's notifications pending with the error and the others are still sent; the next run retries.
"""
import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import Flask, current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow
from app.notifications.kinds import KINDS

log = logging.getLogger(__name__)

MAX_LISTED = 50  # lines listed in one e-mail; the rest are counted, the centre shows them all


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _connect() -> smtplib.SMTP:
    config = current_app.config
    server, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    timeout = config.get("MAIL_TIMEOUT", 30)
    smtp: smtplib.SMTP
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(server, port, timeout=timeout)
    else:
        smtp = smtplib.SMTP(server, port, timeout=timeout)
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _locale_of(user: User) -> str:
    return user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")


def link_of(notification: Notification) -> str:
    """The page a notification leads to (a path; made absolute for e-mails by the request context)."""
    if notification.link:
        return notification.link
    if notification.dossier_id is not None:
        return url_for("nominations.detail", dossier_id=notification.dossier_id)
    return url_for("notifications.index")


def text_of(notification: Notification) -> str:
    return KINDS[notification.kind].text(notification.params or {})


def build_message(user: User, notifications: list[Notification], total: int) -> EmailMessage:
    """The e-mail for one user, in their language, links absolute on BASE_URL (needs a request context
    built on it: ``_links_context``)."""
    with force_locale(_locale_of(user)):
        lines = [(text_of(n), url_for("notifications.open_page", notification_id=n.id, _external=True))
                 for n in notifications]
        more = total - len(lines)
        centre = url_for("notifications.index", _external=True)
        subject = text_of(notifications[0]) if total == 1 else _("%(count)s new notifications", count=total)
        context = {"user": user, "lines": lines, "more": more, "centre": centre}
        plain = render_template("notifications/email.txt", **context)
        html = render_template("notifications/email.html", **context)
    message = EmailMessage()
    message["Subject"] = subject[:200]
    message["From"] = current_app.config.get("MAIL_DEFAULT_SENDER") or "khenthuong@localhost"
    message["To"] = user.email
    message["Message-ID"] = make_msgid(domain="khenthuong")
    message.set_content(plain)
    message.add_alternative(html, subtype="html")
    return message


def _links_context():
    base = current_app.config.get("BASE_URL") or "http://localhost:5000"
    return current_app.test_request_context("/", base_url=base)


def send_pending(user_ids: list[int] | None = None) -> tuple[int, int]:
    """Send what waits for an e-mail (for these users, or everyone); returns (sent, failed) e-mails.

    Commits per user (see the module's docstring). Without MAIL_SERVER nothing is sent and all stays
    pending."""
    if not mail_configured():
        log.info("notifications: MAIL_SERVER is not set; e-mails stay pending")
        return 0, 0
    query = select(Notification.recipient_id).where(Notification.email_pending.is_(True)).distinct()
    if user_ids is not None:
        query = query.where(Notification.recipient_id.in_(user_ids))
    recipients = sorted(db.session.scalars(query))
    if not recipients:
        return 0, 0
    sent = failed = 0
    smtp: smtplib.SMTP | None = None
    with _links_context():
        try:
            for user_id in recipients:
                user = db.session.get(User, user_id)
                pending_ids = list(db.session.scalars(
                    select(Notification.id).where(Notification.recipient_id == user_id,
                                                  Notification.email_pending.is_(True)).order_by(Notification.id)))
                if user is None or not pending_ids:
                    continue
                if not user.email or not user.active:
                    _mark(pending_ids, email_pending=False,
                          email_error="no e-mail address" if user.active else "inactive user")
                    db.session.commit()
                    continue
                # The e-mail lists the first ones and counts the rest; all of them count as e-mailed.
                listed = list(db.session.scalars(select(Notification).where(
                    Notification.id.in_(pending_ids[:MAX_LISTED])).order_by(Notification.id)))
                try:
                    message = build_message(user, listed, len(pending_ids))
                    if smtp is None:
                        smtp = _connect()
                    smtp.send_message(message)
                except (smtplib.SMTPException, OSError) as error:
                    log.warning("notifications: e-mail to user %s failed: %s", user_id, error)
                    _mark(pending_ids, email_error=f"{type(error).__name__}: {error}"[:500])
                    failed += 1
                    if not isinstance(error, smtplib.SMTPRecipientsRefused):
                        _close(smtp)  # the connection may be broken: start afresh for the next user
                        smtp = None
                else:
                    _mark(pending_ids, email_pending=False, emailed_at=utcnow(), email_error="")
                    sent += 1
                db.session.commit()
        finally:
            _close(smtp)
    return sent, failed


def _mark(ids: list[int], **values) -> None:
    for start in range(0, len(ids), 1000):  # bounded IN lists
        db.session.execute(update(Notification).where(Notification.id.in_(ids[start:start + 1000])).values(**values))


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass


def enqueue_send(user_ids: list[int]) -> None:
    """Queue the sending of these users' e-mails (after the commit that created them)."""
    task = current_app.extensions.get("notifications.send")
    if task is None:
        return
    try:
        task(user_ids)
    except Exception:  # the queue's storage is down: send-due sends them later
        log.exception("notifications: the task queue could not be reached; send-due will send them")


def init_app(app: Flask) -> None:
    """The queue's tasks: send after a commit, and the daily run (send-due) at 06:30 local time."""
    from huey import crontab

    huey = app.extensions.get("huey")
    if huey is None:
        return

    @huey.task(name="notifications.send")
    def send_task(user_ids: list[int]) -> None:
        with app.app_context():
            send_pending(user_ids)

    @huey.periodic_task(crontab(hour="23", minute="30"), name="notifications.daily")  # 06:30 in Vietnam (UTC+7)
    def daily_task() -> None:
        from app.notifications.operations import create_all_due_reminders

        with app.app_context():
            create_all_due_reminders()
            send_pending()

    app.extensions["notifications.send"] = send_task
