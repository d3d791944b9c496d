"""A request that loses its database connection (PostgreSQL restarted, the backend terminated, a
failover) answers 503 with the usual error page instead of a traceback, and the app recovers by itself:
the broken connection is dropped from the pool, and ``pool_pre_ping`` (app/config.py) tests each pooled
connection before a request uses it, so the next request opens a fresh one. No restart needed.
"""
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import ServiceUnavailable

from app.extensions import db


def _is_disconnect(error: Exception) -> bool:
    # SQLAlchemy marks the errors that mean "this connection is gone" (and invalidates it in the pool);
    # an OperationalError is also what a refused connection or a timeout raises.
    return bool(getattr(error, "connection_invalidated", False)) or isinstance(error, OperationalError)


def init_app(app: Flask) -> None:
    @app.errorhandler(DBAPIError)
    def database_unavailable(error: DBAPIError):
        if not _is_disconnect(error):
            raise error  # a real bug (an integrity error that escaped): the 500 handler and the log
        current_app.logger.warning("database unavailable: %s", str(error.orig).splitlines()[0] if error.orig else error)
        try:
            db.session.rollback()
        except Exception:  # the session's connection is gone too: drop it, the next request starts clean
            db.session.remove()
        unavailable = ServiceUnavailable(_("The database cannot be reached right now. Nothing was saved; "
                                           "wait a moment and try again."))
        response = current_app.make_response(current_app.handle_http_exception(unavailable))
        response.headers["Retry-After"] = "5"
        return response
