"""App-wide web glue: htmx-aware login redirects, the session loader, security headers, error pages,
template filters and globals."""
from collections.abc import Callable
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, abort, flash, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import login_manager


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def render_region_or_page(target: str, region_template: str, page_template: str,
                          page_context: Callable[[], dict] | None = None, **context) -> str:
    """The region whose element id is ``target`` alone when htmx asks for it (active search, paging),
    else the full page, which includes the same region template.

    ``page_context`` (a function) adds what only the full page shows, so a region request skips it.
    """
    if is_htmx() and request.headers.get("HX-Target") == target:
        return render_template(region_template, **context)
    return render_template(page_template, **(page_context() if page_context else {}), **context)


def reads_only(view: Callable) -> Callable:
    """Mark a GET view that writes nothing (put it under ``login_required``).

    On PostgreSQL its statements then run outside a transaction (autocommit): psycopg sends no BEGIN before
    the first and no ROLLBACK after the last, two of a list page's round trips (issue 14). Each statement
    of a READ COMMITTED transaction sees its own snapshot anyway, so the page reads what it read before.
    """
    setattr(view, "reads_only", True)  # noqa: B010 (an attribute functools.wraps carries to login_required's wrapper)
    return view


def campaign_label(campaign, *, with_movement: bool = False) -> str:
    """A campaign as people tell campaigns apart: its name with its year (unless the name says it), and
    for a picker the movement first ("movement — campaign"), since yearly campaigns share names."""
    label = campaign.name if str(campaign.year) in campaign.name else f"{campaign.name} ({campaign.year})"
    if with_movement and campaign.movement is not None:
        label = f"{campaign.movement.name} — {label}"
    return label


def redirect_after_post(url: str) -> ResponseReturnValue:
    """After a successful POST: htmx follows ``HX-Redirect`` (a 204 it would not swap), a plain form a 303."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


# The pages load only their own scripts, styles, fonts and images (vendored htmx and Bootstrap): no inline
# script, style attribute or handler anywhere (tests/test_security_headers.py keeps the templates so).
# Bootstrap's CSS draws its checkboxes, selects and close buttons with data: SVG images.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def register(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    # Behind HTTPS the remember-me cookie is as secure as the session cookie, unless configured apart.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE", False))
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Behind nginx the peer is the proxy: the client's address and scheme come from the X-Forwarded-For
        # and X-Forwarded-Proto set by that many trusted proxies (rate limits, login log, last login).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    @login_manager.unauthorized_handler
    def unauthorized():
        if is_htmx():
            # A login form swapped into a table cell helps nobody: send the whole page to the login screen,
            # and back to the page the user was on (htmx names it) once logged in.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            back = current.path + ("?" + current.query if current.query else "") if current.path else None
            response = app.response_class(status=401)
            response.headers["HX-Redirect"] = url_for("auth.login", next=back)
            return response
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back))

    @login_manager.user_loader
    def load_user(alternative_id: str):
        """The user of a session or remember-me cookie, unless its session version was raised since.

        ``User.get_id`` writes "<id>:<session version>": logging out, a new password, deactivation and
        "log out everywhere" raise the version, which ends every cookie issued before, wherever copied.
        """
        from sqlalchemy import select

        from app import cache
        from app.extensions import db
        from app.models import User

        user_id, _sep, version = alternative_id.partition(":")
        if not (user_id.isdecimal() and version.isdecimal()) or len(user_id) > 18:
            return None  # forged, or from before session versions
        # The cache stamps come with the user: every signed-in page needs both, one round trip (issue 14).
        row = db.session.execute(select(User, cache.stamps_column()).where(User.id == int(user_id))).first()
        if row is None:
            return None
        user, stamps = row
        cache.prime(stamps)
        if user is None or str(user.session_version) != version:
            return None
        wear_session_hat(user)
        return user

    def wear_session_hat(user) -> None:
        """The hat the session names (issue 10), laid over the user if it is theirs and in force today (one
        statement), else dropped: the user is back in their own role. No hat named: no statement at all."""
        key = session.get("hat")
        if getattr(user, "_hat", None) is not None:  # the same instance, from an earlier request of this session
            from app.models.hats import unwear

            unwear(user)
        if not key or key == "home":
            return
        from app.models.base import local_today
        from app.models.hats import load_hat, wear

        hat = load_hat(user, str(key), local_today())
        if hat is None:
            session.pop("hat", None)
            session.pop("hat_menu", None)
            flash(_("The role you acted in is no longer yours (it ended or was revoked): you act in your own role."),
                  "warning")
        else:
            wear(user, hat)

    @app.before_request
    def read_without_a_transaction():
        # Before login_required loads the user: the session's connection is taken here, in autocommit.
        if request.method not in ("GET", "HEAD"):
            return
        view = app.view_functions.get(request.endpoint or "")
        if getattr(view, "reads_only", False) and app.config.get("SQL_AUTOCOMMIT_READS"):
            from app.extensions import db

            session = db.session()
            # A session already in a transaction (a test's, bound to its own) keeps it.
            if db.engine.dialect.name == "postgresql" and not session.in_transaction():
                session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})

    @app.before_request
    def refuse_nul_bytes():
        # No keyboard types U+0000 and PostgreSQL cannot store or compare it: refuse it up front
        # instead of failing with a 500 deep in a query (file contents are not concerned, their names are).
        sources = (request.args, request.form)
        values = [value for source in sources for _key, value in source.items(multi=True)]
        values += [upload.filename or "" for _key, upload in request.files.items(multi=True)]
        if any("\x00" in value for value in values):
            abort(400)

    @app.after_request
    def vary_on_htmx(response):
        # The same URL answers with a full page or a fragment depending on HX-Request.
        response.vary.add("HX-Request")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if response.cache_control.public and request.endpoint != "static":
            # send_file marks every file "public, max-age=SEND_FILE_MAX_AGE_DEFAULT", which is meant for the
            # static files. A generated document changes under the same URL (the decision's draft, then the
            # issued one) and holds personal data: the browser asks again each time, no shared cache keeps it.
            response.headers["Cache-Control"] = "private, no-cache"
            response.headers.pop("Expires", None)
        if app.config.get("SESSION_COOKIE_SECURE"):
            # Only when served over HTTPS: the browser would refuse plain HTTP to this host for a year.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        # No version banner from the app; the WSGI server adds its own Server header after this (README).
        response.headers.pop("Server", None)
        return response

    def error_page(status: int, title: str, message: str):
        if is_htmx():
            return render_template("_error_fragment.html", title=title, message=message), status
        return render_template("error.html", status=status, title=title, message=message), status

    @app.errorhandler(400)
    def bad_request(error):
        return error_page(400, _("Bad request"), _("The request could not be understood. Check what you typed."))

    @app.errorhandler(404)
    def not_found(error):
        return error_page(404, _("Not found"), _("The page or record does not exist, or you may not see it."))

    @app.errorhandler(403)
    def forbidden(error):
        return error_page(403, _("Not allowed"), _("Your role does not allow this action."))

    @app.errorhandler(413)
    def too_large(error):
        limit = app.config["MAX_UPLOAD_MB"]
        return error_page(413, _("File too large"), _("Files may be at most %(mb)s MB.", mb=limit))

    @app.errorhandler(503)
    def unavailable(error):  # a document that cannot be converted right now says why (app/downloads.py)
        return error_page(503, _("Not available"), error.description)

    @app.errorhandler(429)
    def too_many(error):
        return error_page(429, _("Too many attempts"), _("Too many attempts. Wait a minute and try again."))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        if not current_user.is_authenticated:
            # The session expired, taking its CSRF token with it: that is a login problem, not a form one.
            flash(_("Your session has expired. Log in again."), "warning")
            return unauthorized()
        return error_page(
            400, _("Form expired"), _("The form expired or was sent from elsewhere. Reload the page and try again.")
        )

    # Dates as Vietnamese write them, in the app's one time zone (Flask-Babel's timezone selector returns
    # the same setting): strftime with fixed patterns, since Babel's format_datetime parses its pattern
    # and looks up the locale on every call (1.5 ms for a list page's 25 dates; issue 14).
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])

    def local(value: datetime) -> datetime:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)

    @app.template_filter("vn_date")
    def vn_date(value: date | datetime | None) -> str:
        if value is None:
            return ""
        return (local(value) if isinstance(value, datetime) else value).strftime("%d/%m/%Y")

    @app.template_filter("vn_datetime")
    def vn_datetime(value: datetime | None) -> str:
        if value is None:
            return ""
        return local(value).strftime("%H:%M %d/%m/%Y")

    @app.template_global()
    def label_of(member) -> str:
        """An enum member's label in the page's language, translated once per process and language: a lazy
        label in a table row is translated again on every escape (issue 14)."""
        cache = app.extensions.setdefault("khenthuong_enum_labels", {})
        key = (str(get_locale()), member)
        if key not in cache:
            cache[key] = str(member.label)
        return cache[key]

    app.add_template_filter(campaign_label, "campaign_label")

    @app.template_filter("money")
    def money(value) -> str:
        if value is None:
            return ""
        return f"{int(value):,}".replace(",", ".")

    @app.context_processor
    def globals_for_templates():
        return {"is_htmx": is_htmx(), "current_user": current_user, "get_locale": get_locale}
