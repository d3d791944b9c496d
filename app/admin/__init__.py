"""Administration: units, clusters, users, the award catalogue and campaigns, all as data."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import (  # noqa: E402,F401
    views, views_awards, views_campaigns, views_clusters, views_units, views_users,
)
