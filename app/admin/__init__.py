"""Administration: units, clusters, users, the award catalogue, campaigns and dated settings, all as data."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import (  # noqa: E402,F401
    views,
    views_awards,
    views_campaign_kinds,
    views_campaigns,
    views_certificates,
    views_clusters,
    views_document_texts,
    views_eligibility,
    views_registry,
    views_settings,
    views_templates,
    views_units,
    views_users,
)
