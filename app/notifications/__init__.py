"""Notifications (issue 12): the in-app centre (bell, list, marks, e-mail preferences), the rules that
turn dossier history into notifications (``kinds``), their creation (``operations``), the e-mail sender
(``mail``) and ``flask notifications send-due`` (``cli``).

It sits above the workflow: it listens to the history rows the workflow writes (a session event), so
the workflow never imports it.
"""
from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    from app.notifications import cli, mail, operations, views  # noqa: F401  (views: routes on bp)

    operations.listen()
    mail.init_app(app)  # after the jobs package: its Huey instance carries our tasks
    cli.register(app)
    app.register_blueprint(bp)
