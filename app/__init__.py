"""khenthuong: award nomination dossiers through Vietnam's emulation-and-commendation process."""
import os

from flask import Flask, has_request_context, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import DEFAULT_SECRET_KEY, Config, apply_env
from app.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "khenthuong.sqlite")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        apply_env(app.config)
    else:
        app.config.update(test_config)
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    # Leave room above the file limit for the other form fields; the upload view gives the clear message.
    app.config["MAX_CONTENT_LENGTH"] = (app.config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024
    _refuse_insecure_production(app)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"])
    limiter.init_app(app)
    from app import ops

    ops.init_app(app)  # first: its request id and timer wrap every other hook (app/ops)

    from app import (
        access,
        admin,
        auth,
        certificates,
        cli,
        council,
        dashboard,
        decisions,
        form_input,
        hats,
        i18n,
        jobs,
        main,
        models,
        movements,
        nominations,
        notifications,
        numbers,
        paperwork,
        public,
        registry,
        reports,
        saved_filters,
        scoring,
        web,
        workflow,
    )

    numbers.register(app)  # before the blueprints: their routes take ids through its <id:…> converter
    # Each feature package is a blueprint whose __init__ imports its views.
    for feature in (auth, main, nominations, admin, workflow, council, decisions, scoring, registry,
                    dashboard, saved_filters, public, movements, certificates, reports, paperwork, hats):
        app.register_blueprint(feature.bp)

    jobs.init_app(app)  # its blueprint (the job page) and the task queue
    notifications.init_app(app)  # after jobs: its tasks ride the same queue
    access.register(app)
    hats.register(app)
    cli.register(app)
    i18n.register(app)
    form_input.register(app)
    web.register(app)
    models.register_template_enums(app)
    return app


def _refuse_insecure_production(app: Flask) -> None:
    """In production (not debug, not testing) a missing or default secret key is a hard error."""
    production = not (app.debug or app.testing)
    if production and app.config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise RuntimeError(
            "SECRET_KEY is missing or left at its default: set a long random SECRET_KEY for production."
        )


def _select_locale() -> str:
    languages = ("vi", "en")
    if not has_request_context():
        # CLI commands, tests and worker threads run the engine (and its messages) without a request.
        return "vi"
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return "vi"


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record):
    # SQLite ignores foreign keys unless asked, per connection.
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
