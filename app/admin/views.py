"""Administration screens (placeholder index until the admin screens land)."""
from flask import abort, render_template
from flask_login import current_user, login_required

from app.admin import bp
from app.models import Role


@bp.before_request
@login_required
def require_admin():
    if current_user.role is not Role.ADMIN:
        abort(403)


@bp.route("/")
def index():
    return render_template("admin/index.html")
