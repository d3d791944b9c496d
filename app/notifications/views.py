"""The notification centre: the bell's count, the list, opening one (marks it read), marking all read,
and the e-mail preferences."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.access import can_see_notification
from app.extensions import db
from app.models import Notification
from app.notifications import bp, operations
from app.notifications.kinds import KINDS
from app.notifications.mail import link_of, text_of
from app.numbers import page_number


@bp.route("/count")
@login_required
def count():
    """The bell (polled by htmx): one indexed count."""
    return render_template("notifications/_bell.html", unread=operations.unread_count(current_user))


@bp.route("")
@login_required
def index():
    query = (select(Notification).where(Notification.recipient_id == current_user.id)
             .order_by(Notification.id.desc()))
    page = db.paginate(query, page=page_number(request.args), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    rows = [(n, text_of(n)) for n in page.items]
    return render_template("notifications/index.html", page=page, rows=rows,
                           unread=operations.unread_count(current_user))


def _own_or_404(notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or not can_see_notification(current_user, notification):
        abort(404)
    return notification


@bp.route("/<id:notification_id>/open", methods=["GET", "POST"])
@login_required
def open_page(notification_id: int):
    """Mark read and go to the page it is about (GET too: the e-mail's link lands here)."""
    notification = _own_or_404(notification_id)
    operations.mark_read(notification)
    db.session.commit()
    return redirect(link_of(notification), 303)


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    operations.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked read."), "success")
    return redirect(url_for("notifications.index"), 303)


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    if request.method == "POST":
        operations.set_email_preferences(current_user, {k for k in request.form.getlist("email") if k in KINDS})
        db.session.commit()
        flash(_("Your e-mail choices are saved."), "success")
        return redirect(url_for("notifications.preferences"), 303)
    return render_template("notifications/preferences.html", kinds=KINDS.values(),
                           choices=operations.email_choices(current_user), has_email=bool(current_user.email))
