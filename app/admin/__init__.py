"""Administration: units, clusters, users, the award catalogue and campaigns, all as data."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import views  # noqa: E402,F401
