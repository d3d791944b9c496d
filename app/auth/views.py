"""Login (rate-limited per client address, throttled per username), logout, the account page with
"log out everywhere", and the language switch."""
import logging
from datetime import datetime, timedelta
from math import ceil
from urllib.parse import urlsplit

from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import bp, throttle
from app.auth.forms import LoginForm
from app.extensions import db, limiter
from app.models import User
from app.models.base import utcnow
from app.web import reads_only

logger = logging.getLogger(__name__)

_DUMMY_HASH = generate_password_hash("not-a-password")


def _safe_next(target: str | None) -> str:
    """Only follow relative redirects, never to another site (browsers read "/\\host" as "//host")."""
    if (target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//")
            and "\\" not in target):
        return target
    return url_for("main.home")


def login_moment(at: datetime) -> str:
    """A login's time as the interface shows times ("08:15 27/11/2026", in Vietnam's time zone)."""
    return format_datetime(at, "HH:mm dd/MM/yyyy")


def _refuse_while_locked(form: LoginForm, wait: timedelta):
    """The username waits: the same answer whatever the password, and whether or not the account exists."""
    seconds = max(1, ceil(wait.total_seconds()))
    minutes = ceil(seconds / 60)
    form.password.errors.append(ngettext(
        "Too many failed logins for this username. Wait %(num)s minute and try again.",
        "Too many failed logins for this username. Wait %(num)s minutes and try again.", minutes))
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        address = request.remote_addr
        now = utcnow()
        wait = throttle.remaining_wait(username, now)
        if wait is not None:
            logger.warning("Login as %r from %s refused: the username waits %d more seconds after failures",
                           username, address, ceil(wait.total_seconds()))
            return _refuse_while_locked(form, wait)
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            # Spend the same time hashing as for a real account, so timing does not reveal usernames.
            check_password_hash(_DUMMY_HASH, form.password.data)
        if user is None or not user.check_password(form.password.data):
            failures = throttle.record_failure(username, now, throttle.Policy.from_config(current_app.config))
            locked_until = failures.locked_until
            logger.warning("Failed login as %r from %s (%d in a row)", username, address, failures.failures)
            db.session.commit()
            if locked_until is not None:
                return _refuse_while_locked(form, locked_until - now)
            form.password.errors.append(_("Wrong username or password."))
        elif not user.active:
            form.username.errors.append(_("This account is disabled. Ask your administrator."))
        else:
            throttle.forget_failures(username)
            user.record_login(now, address)
            login_user(user, remember=form.remember.data)
            db.session.commit()
            logger.info("Login as %r from %s", username, address)
            if user.previous_login_at is not None:
                flash(_("Last login: %(moment)s from %(address)s", moment=login_moment(user.previous_login_at),
                        address=user.previous_login_from or "?"), "info")
            return redirect(_safe_next(request.args.get("next")), code=303)
    return render_template("auth/login.html", form=form)


def _log_out_everywhere(message: str):
    current_user.end_sessions()
    logout_user()
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # A copied session or remember-me cookie must not outlive the logout: it ends them all, like the
    # account page's "Log out everywhere", which says so.
    return _log_out_everywhere(_("You have logged out."))


@bp.route("/account")
@login_required
@reads_only
def account():
    return render_template("auth/account.html", user=current_user, login_moment=login_moment)


@bp.route("/account/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    return _log_out_everywhere(_("You are logged out on every device."))


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    back = request.form.get("next") or request.referrer and urlsplit(request.referrer).path
    return redirect(_safe_next(back), code=303)
