"""``flask notifications send-due``: the daily run (deadline reminders, then the pending e-mails)."""
from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from app.notifications.mail import mail_configured, send_pending
from app.notifications.operations import create_due_reminders

group = AppGroup("notifications", help="Notifications: deadline reminders and e-mails.")


@group.command("send-due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count deadlines from this day (YYYY-MM-DD) instead of today (Asia/Ho_Chi_Minh).")
def send_due(today) -> None:
    """Create the reminders (dossiers and reports due within 3 working days, overdue) once each, then send
    pending e-mails."""
    day: date | None = today.date() if today else None
    created = create_due_reminders(day)
    db.session.commit()
    click.echo(f"reminders created: {created}")
    from app.reports.notify import create_report_reminders  # the movement reports' deadlines (issue 11)

    reports = create_report_reminders(day)
    db.session.commit()
    click.echo(f"report reminders created: {reports}")
    from app.movements.due import create_registration_reminders  # registrations owed (issue 11)

    registrations = create_registration_reminders(day)
    db.session.commit()
    click.echo(f"registration reminders created: {registrations}")
    if not mail_configured():
        click.echo("MAIL_SERVER is not set: e-mails stay pending")
        return
    sent, failed = send_pending()
    click.echo(f"e-mails sent: {sent}, failed (kept pending): {failed}")


def register(app: Flask) -> None:
    app.cli.add_command(group)
