"""A movement over its life (issue 11, part 1): Sở Nội vụ launches it (plan document, phases, content groups
and criteria per target group, deadlines), every unit uploads its own plan and registers for each year
(đăng ký thi đua: targets per content group, the titles it aims for), and Sở KH&CN's digital-transformation
index is imported per unit and year.

* ``operations.py`` — every change, checked, with its history row (``MovementEvent``);
* ``views.py`` — the launch editor, the launch page, plan upload, registration, lists and XLSX;
* ``lists.py`` — the registration, "not registered" and plan lists (fixed statements per page);
* ``dx_index.py`` / ``dx_views.py`` — the digital-transformation index: layout, checked import job, screens;
* ``due.py`` — registration-due notifications, sent by ``flask notifications send-due``.

Models: ``app/models/movement_plans.py``. The periodic reports on a movement are ``app/reports``. The flag rule
(a unit that did not register cannot be proposed for a flag) is the eligibility rule kind ``registered``.
"""
from flask import Blueprint

bp = Blueprint("movements", __name__, url_prefix="/movements")


@bp.record_once
def _template_globals(state) -> None:
    from app.movements.dx_index import evidence_for, scores_for

    # Read only: the index beside a nominee (dossier page) and beside the units of a scoreboard.
    state.app.jinja_env.globals.update(dx_evidence=evidence_for, dx_scores=scores_for)


from app.movements import dx_index, dx_views, views  # noqa: E402,F401
from app.movements.due import create_registration_reminders  # noqa: E402
from app.notifications.operations import register_due_reminders  # noqa: E402

register_due_reminders("registration reminders", create_registration_reminders)  # the daily run (send-due)
