"""Administration: units, clusters, users, the award catalogue, campaigns and dated settings, all as data."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import views, views_awards, views_campaigns, views_clusters, views_settings, views_units, views_users  # noqa: E402,F401
