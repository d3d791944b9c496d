"""Login (rate-limited per client address), logout and the language switch."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import bp
from app.auth.forms import LoginForm
from app.extensions import db, limiter
from app.models import User
from app.models.base import utcnow

_DUMMY_HASH = generate_password_hash("not-a-password")


def _safe_next(target: str | None) -> str:
    """Only follow relative redirects, never to another site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip().lower()))
        if user is None:
            # Spend the same time hashing as for a real account, so timing does not reveal usernames.
            check_password_hash(_DUMMY_HASH, form.password.data)
            form.password.errors.append(_("Wrong username or password."))
        elif not user.check_password(form.password.data):
            form.password.errors.append(_("Wrong username or password."))
        elif not user.active:
            form.username.errors.append(_("This account is disabled. Ask your administrator."))
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")), code=303)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    back = request.form.get("next") or request.referrer and urlsplit(request.referrer).path
    return redirect(_safe_next(back), code=303)
