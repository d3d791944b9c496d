"""``flask notifications send-due``: the daily run (deadline reminders, then the pending e-mails)."""
from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from app.notifications.mail import mail_configured, send_pending
from app.notifications.operations import create_all_due_reminders

group = AppGroup("notifications", help="Notifications: deadline reminders and e-mails.")


@group.command("send-due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count deadlines from this day (YYYY-MM-DD) instead of today (Asia/Ho_Chi_Minh).")
def send_due(today) -> None:
    """Create the reminders (dossiers and reports due within 3 working days, overdue) once each, then send
    pending e-mails."""
    day: date | None = today.date() if today else None
    for label, created in create_all_due_reminders(day):
        click.echo(f"{label} created: {created}")
    if not mail_configured():
        click.echo("MAIL_SERVER is not set: e-mails stay pending")
        return
    sent, failed = send_pending()
    click.echo(f"e-mails sent: {sent}, failed (kept pending): {failed}")


def register(app: Flask) -> None:
    app.cli.add_command(group)
