"""A request that loses its database connection (PostgreSQL restarted, the backend terminated, a
failover) answers 503 with the usual error page instead of a traceback, and the app recovers by itself:
the broken connection is dropped from the pool, and ``pool_pre_ping`` (app/config.py) tests each pooled
connection before a request uses it, so the next request opens a fresh one. No restart needed.
"""
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable

from app.extensions import db

_BARE_PAGE = ("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>503</title><body><h1>503</h1>"
              "<p>Hiện không kết nối được cơ sở dữ liệu. Chưa có gì được lưu; vui lòng đợi giây lát rồi thử lại.</p>"
              "<p lang=\"en\">The database cannot be reached right now. Nothing was saved; wait a moment and try "
              "again.</p></body></html>")


def _is_disconnect(error: Exception) -> bool:
    # SQLAlchemy marks the errors that mean "this connection is gone" (and invalidates it in the pool);
    # an OperationalError is also what a refused connection or a timeout raises.
    return bool(getattr(error, "connection_invalidated", False)) or isinstance(error, OperationalError)


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def close_session_even_if_the_connection_died(exc):
        # Runs before Flask-SQLAlchemy's own teardown (registered earlier, run later). A connection ended
        # after the response was made would make that teardown's ROLLBACK raise, and turn a finished 200 into
        # a 500: the dead connection is invalidated instead, the response stands.
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            app.logger.warning("database connection lost while closing the session: %s", str(error).splitlines()[0])
            try:
                db.session().invalidate()  # the scoped session does not proxy invalidate()
            except SQLAlchemyError:
                pass
            db.session.registry.clear()

    @app.errorhandler(DBAPIError)
    def database_unavailable(error: DBAPIError):
        if not _is_disconnect(error):
            raise error  # a real bug (an integrity error that escaped): the 500 handler and the log
        current_app.logger.warning("database unavailable: %s", str(error.orig).splitlines()[0] if error.orig else error)
        try:
            db.session.rollback()
        except Exception:  # the session's connection is gone too: drop it, the next request starts clean
            db.session.remove()
        try:
            message = _("The database cannot be reached right now. Nothing was saved; wait a moment and try again.")
            response = current_app.make_response(current_app.handle_http_exception(ServiceUnavailable(message)))
        except SQLAlchemyError:
            # The page's frame (the user's language, the menu, the user's unit) needed the database too:
            # a bare page, in both languages, that needs nothing.
            db.session.remove()
            response = current_app.make_response((_BARE_PAGE, 503))
        response.headers["Retry-After"] = "5"
        return response
